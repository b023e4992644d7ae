"""Seat allocation + sensitivity for every DPRD Kabupaten/Kota dapil of the synthetic kabupaten after one edit
(issue 14.3): it runs after every edit in the window, so it must stay well inside one frame (16 ms).

The synthetic kabupaten (``rekap_desktop.demo.synthetic_spec``): 40 kecamatan in 6 DPRD dapil (45 seats), 18
parties × 10 candidates per dapil. Every kecamatan filled with consistent figures; half of the kecamatan ditetapkan,
Sirekap figures on every party total with a few differences, one open keberatan per dapil — so every kind of open
item is weighed. One sample = one random edit of a vote line (``RecapSheet.set_manual``, undone after the sample) then
:func:`rekap_desktop.seats_dapil.analyse` of every dapil (``seats_after_edit_ms``), and of the edited dapil only
(``seats_edited_dapil_ms``, what the window recomputes); ``seats_after_edit_cpu_ms`` is the same as process CPU time,
which a machine busy with other work inflates less than the wall clock. Run: python -m benchmarks.bench_seats
"""

from __future__ import annotations

import random
import time

from benchmarks.common import emit, percentiles
from rekap_desktop.ballot import Ballot
from rekap_desktop.demo import build_reference, contests_of, layout_tps, synthetic_spec
from rekap_desktop.rules import MAX_VOTERS_PER_TPS
from rekap_desktop.seats_dapil import DapilSeats, analyse
from rekap_desktop.seats_risk import Objection
from rekap_desktop.sheet import RecapSheet, SirekapFigure
from rekap_desktop.synthesis import consistent_column

BUDGET_MS = 16.0


def synthetic_dapil() -> list[tuple[RecapSheet, dict[str, str], list[Objection]]]:
    spec = synthetic_spec()
    reference = build_reference(spec, layout_tps(spec))
    contests = [c for c in contests_of(reference, spec) if c.ballot is Ballot.PDPRDK]
    rng = random.Random(14)
    out = []
    for contest in contests:
        sheet = RecapSheet(contest)
        weights = [rng.uniform(0.2, 3.0) for _ in contest.parties]
        rows = []
        for region in contest.kecamatan:
            tps = region.tps_count or 300
            column = consistent_column(sheet.catalogue, rng, tps * 280, tps, weights)
            rows += [(line, region.code, v) for line, v in column.items()]
        sheet.load_manual(rows)
        figures = {}
        for block in contest.parties:
            line = f"IV.{block.party.number}.T"
            for region in contest.kecamatan:
                value = sheet.value(line, region.code) or 0
                off = rng.choice((0, 0, 0, 0, 0, 0, 0, 0, rng.randint(-40, 40)))
                figures[(line, region.code)] = SirekapFigure(max(0, value + off), region.tps_count or 1,
                                                             region.tps_count or 1)
        sheet.replace_sirekap(figures)
        statuses = {r.code: ("ditetapkan" if i % 2 else "selesai") for i, r in enumerate(contest.kecamatan)}
        objection = Objection(1, contest.kecamatan[0].code, (f"IV.{contest.parties[0].party.number}.1",), "contoh")
        out.append((sheet, statuses, [objection]))
    return out


def main(edits: int = 400) -> None:
    dapil = synthetic_dapil()
    seats = sum(s.contest.seats or 0 for s, _, _ in dapil)
    rng = random.Random(15)
    every, one, cpu = [], [], []
    results: list[DapilSeats] = []
    for _ in range(edits):
        index = rng.randrange(len(dapil))
        sheet, statuses, objections = dapil[index]
        block = rng.choice(sheet.contest.parties)
        line = rng.choice([f"IV.{block.party.number}.T", *(f"IV.{block.party.number}.{c.number}"
                                                          for c in block.candidates)])
        code = rng.choice(sheet.columns)
        current = sheet.value(line, code)
        sheet.set_manual(line, code, max(0, min((current or 0) + rng.randint(-50, 50), MAX_VOTERS_PER_TPS * 1000)))
        t0, c0 = time.perf_counter(), time.process_time()
        results = [analyse(s, st, obj) for s, st, obj in dapil]
        every.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        t0 = time.perf_counter()
        analyse(sheet, statuses, objections)
        one.append(time.perf_counter() - t0)
        sheet.set_manual(line, code, current)  # back: every sample is one edit on the same plenary state
    all_ms, one_ms, cpu_ms = percentiles(every), percentiles(one), percentiles(cpu)
    open_items = sum(len(r.open_items) for r in results)
    at_risk = sum(len(r.at_risk) for r in results)
    print(f"{len(dapil)} dapil, {seats} kursi, {open_items} hal terbuka ({at_risk} rawan) pada edit terakhir")
    print(f"semua dapil setelah satu edit: p50 {all_ms['p50_ms']:.2f} ms, p95 {all_ms['p95_ms']:.2f} ms "
          f"(anggaran {BUDGET_MS:.0f} ms)")
    print(f"  waktu CPU proses (tanpa antrean mesin yang sibuk): p50 {cpu_ms['p50_ms']:.2f} ms, "
          f"p95 {cpu_ms['p95_ms']:.2f} ms")
    print(f"dapil yang diedit saja: p50 {one_ms['p50_ms']:.2f} ms, p95 {one_ms['p95_ms']:.2f} ms")
    emit({"benchmark": "seats", "dapil": len(dapil), "seats": seats, "open_items": open_items,
          "seats_after_edit_ms": all_ms, "seats_after_edit_cpu_ms": cpu_ms,
          "seats_edited_dapil_ms": one_ms, "budget_ms": BUDGET_MS})


if __name__ == "__main__":
    main()
