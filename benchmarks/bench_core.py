"""RecapSheet edit cost (findings included) and set_entry with its durable SQLite commit, on the largest contest.

Budgets (DESIGN §11 / issue 2): sheet edit ≤ 1 ms p95; set_entry with commit ≤ 5 ms p95.
Run: python -m benchmarks.bench_core
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from benchmarks.common import emit, filled_sheet, largest_contest, percentiles
from rekap_desktop.national import NATIONAL_PARTIES_2024
from rekap_desktop.reference import CandidateSpec, DapilSpec, ReferenceData, RegionRecord
from rekap_desktop.services import RecapService


def bench_sheet(edits: int = 5000) -> dict[str, float]:
    contest = largest_contest()
    sheet = filled_sheet(contest)
    lines = [li.id for li in sheet.catalogue.lines]
    rng = random.Random(5)
    samples = []
    for _ in range(edits):
        line, kec = rng.choice(lines), rng.choice(contest.kecamatan_codes)
        value = rng.randint(0, 5000)
        t0 = time.perf_counter()
        sheet.set_manual(line, kec, value)
        samples.append(time.perf_counter() - t0)
    return {"lines": len(lines), "kecamatan": len(contest.kecamatan), **percentiles(samples)}


def bench_set_entry(edits: int = 600) -> dict[str, float]:
    contest = largest_contest()
    with tempfile.TemporaryDirectory() as tmp:
        service = RecapService.open(Path(tmp) / "bench.sqlite", actor="bench")
        regions = [RegionRecord("35", "JAWA TIMUR"), RegionRecord("3599", "SINTETIS")]
        regions += [RegionRecord(r.code, r.name, r.tps_count) for r in contest.kecamatan]
        cands = [CandidateSpec(contest.ballot, "3599", c) for b in contest.parties for c in b.candidates]
        assert contest.dapil is not None
        parties = tuple(b.party.number for b in contest.parties)
        service.store_reference(ReferenceData(
            regions=regions, parties=list(NATIONAL_PARTIES_2024),
            dapils=[DapilSpec(contest.dapil, contest.kecamatan_codes, parties)],
            candidates=cands, settings={"kabupaten_kode": "3599"},
        ))
        key = service.contests()[0].key
        sheet = service.load_sheet(key)
        lines = [li.id for li in sheet.catalogue.lines]
        rng = random.Random(6)
        samples = []
        for _ in range(edits):
            line, kec = rng.choice(lines), rng.choice(contest.kecamatan_codes)
            t0 = time.perf_counter()
            service.set_entry(key, line, kec, rng.randint(0, 5000))
            samples.append(time.perf_counter() - t0)
        service.close()
    return percentiles(samples)


def main() -> None:
    sheet = bench_sheet()
    print(f"RecapSheet.set_manual (incl. findings), {sheet['lines']} baris × {sheet['kecamatan']} kecamatan: "
          f"p50 {sheet['p50_ms']:.4f} ms, p95 {sheet['p95_ms']:.4f} ms (anggaran ≤ 1 ms)")
    entry = bench_set_entry()
    print(f"set_entry + commit SQLite (WAL, synchronous=FULL): p50 {entry['p50_ms']:.3f} ms, "
          f"p95 {entry['p95_ms']:.3f} ms (anggaran ≤ 5 ms)")
    emit({"benchmark": "core", "sheet_edit": sheet, "set_entry_sqlite": entry,
          "budget_ok": sheet["p95_ms"] <= 1.0 and entry["p95_ms"] <= 5.0})


if __name__ == "__main__":
    main()
