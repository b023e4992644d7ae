"""Demo and synthetic datasets, deterministic.

* :func:`sampang_spec` — Kabupaten Sampang (3527, Jawa Timur) as faithfully as public sources allow
  (:mod:`rekap_desktop.demo_sampang`, every fact cited in ``resources/demo/SOURCES.md``). Figures are generated;
  candidate names are obviously fictitious.
* :func:`synthetic_spec` — a large invented kabupaten (40 kecamatan, ~15,000 TPS) for the benchmarks.

Figures are generated per TPS, consistent by construction (every R-rule holds), vectorised over all TPS of a contest
(numpy), and the kecamatan figures (what the PPK reads out) are the sums over its TPS, so the manual sheet is
consistent except for a handful of deliberate, realistic PPK-form errors. A spec may give some TPS their own figures
(the Mlakah recount, the Pandan PSU). Sirekap is derived from the same TPS figures and written as Sirekap-shaped JSON
with realistic defects (missing TPS, records without administrasi or chart, an OCR "spurious leading 8", a stale
record, a superseded record), plus records the spec publishes as they were, then loaded through the real importer.
The plenary's own events (keberatan, recounts) are recorded last, through the services.
"""

from __future__ import annotations

import random
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest, Dapil, PartyBlock
from rekap_desktop.demo_sampang import SAMPANG_ERRORS, demo_attendance, sampang_spec
from rekap_desktop.demo_sirekap import (
    COMPLETE_IN_SIREKAP,
    sirekap_document,
    sirekap_lines,
    sirekap_path,
    write_file,
    write_sirekap,
)
from rekap_desktop.demo_spec import DEMO_SEED, Deliberate, KabupatenSpec, KecamatanSpec, Tps
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.national import NATIONAL_PARTIES_2024, PASLON_2024
from rekap_desktop.participants import Candidate, Party
from rekap_desktop.reference import CandidateSpec, DapilSpec, ReferenceData, RegionRecord
from rekap_desktop.region import Level, Region
from rekap_desktop.services import KecamatanStatus, RecapService

__all__ = [
    "DEMO_SEED", "SAMPANG_ERRORS", "ContestFigures", "Deliberate", "DemoResult", "KabupatenSpec", "KecamatanSpec",
    "Progress", "Tps", "apply_error", "build_dataset", "build_reference", "contest_figures", "contests_of",
    "create_demo", "demo_attendance", "fictitious_name", "kecamatan_sums", "layout_tps", "load_reference",
    "sampang_spec", "sirekap_document", "sirekap_lines", "sirekap_path", "synthetic_spec", "tps_figures",
    "write_sirekap",
]

Progress = Callable[[int, int, str], None]
"""``progress(done, total, what)``: steps of the build, for a progress window (Indonesian ``what``)."""


def synthetic_spec(kecamatan: int = 40, tps_total: int = 15_000, candidates: int = 10) -> KabupatenSpec:
    """An invented kabupaten (code 3599) for benchmarks: 40 kecamatan, ~15,000 TPS, 18 parties × 10 candidates."""
    rng = random.Random(99)
    kecs = []
    per = tps_total // kecamatan
    for i in range(1, kecamatan + 1):
        code = f"3599{i:02d}"
        tps = per + (tps_total - per * kecamatan if i == kecamatan else 0)
        desa = tuple((f"{code}2{j:03d}", f"DESA SINTETIS {i}-{j}") for j in range(1, rng.randint(12, 20) + 1))
        kecs.append(KecamatanSpec(code, f"KECAMATAN SINTETIS {i:02d}", tps, tps * 280, desa))
    codes = [k.code for k in kecs]
    dapils = [
        (Dapil(Ballot.PDPRDK, f"3599{d:02d}", f"SINTETIS {d}", "dapil sintetis", 8 if d <= 3 else 7),
         tuple(codes[d - 1 :: 6]))
        for d in range(1, 7)
    ]
    return KabupatenSpec(
        province_code="35", province_name="JAWA TIMUR", code="3599", name="SINTETIS", kecamatan=kecs,
        dpr_dapil=Dapil(Ballot.PDPR, "3599", "SINTETIS I"), dprdp_dapil=Dapil(Ballot.PDPRDP, "3599", "SINTETIS"),
        dprdk_dapils=dapils, dprdk_parties=tuple(p.number for p in NATIONAL_PARTIES_2024), dpd_candidates=30,
        seats={"pdpr": candidates, "pdprdp": candidates, "pdprdk": candidates},
        settings={"kabupaten_kode": "3599", "kabupaten_nama": "SINTETIS", "provinsi_kode": "35",
                  "provinsi_nama": "JAWA TIMUR", "kantor": "KPU KABUPATEN SINTETIS", "dataset": "sintetis"},
    )


# ----------------------------------------------------------------------------------------------- reference
def layout_tps(spec: KabupatenSpec) -> list[Tps]:
    """Spread each kecamatan's TPS over its desa and its DPT over its TPS (120–300 voters per TPS); TPS with a DPT
    of their own (``spec.tps_dpt``) keep it and the others absorb the difference, so each kecamatan keeps its DPT."""
    rng = random.Random(DEMO_SEED + 1)
    result: list[Tps] = []
    for kec in spec.kecamatan:
        desa = list(kec.desa)
        fixed = {d: spec.tps_overrides[d] for d, _ in desa if d in spec.tps_overrides}
        free = [d for d, _ in desa if d not in fixed]
        remaining = kec.tps - sum(fixed.values())
        weights = [rng.uniform(0.6, 1.4) for _ in free]
        counts = dict(fixed)
        total_w = sum(weights)
        alloc = [max(1, int(remaining * w / total_w)) for w in weights]
        i = 0
        while sum(alloc) < remaining:
            alloc[i % len(alloc)] += 1
            i += 1
        while sum(alloc) > remaining:
            j = max(range(len(alloc)), key=lambda k: alloc[k])
            alloc[j] -= 1
        counts.update(zip(free, alloc, strict=True))
        codes = [f"{d}{n:03d}" for d, _ in desa for n in range(1, counts[d] + 1)]
        base = kec.dpt // len(codes)
        dpts = [spec.tps_dpt.get(c) or min(300, max(120, base + rng.randint(-25, 25))) for c in codes]
        adjustable = [j for j, c in enumerate(codes) if c not in spec.tps_dpt]
        diff = kec.dpt - sum(dpts)
        k = 0
        while diff != 0 and k < 200_000 and adjustable:
            j = adjustable[k % len(adjustable)]
            step = 1 if diff > 0 else -1
            if 120 <= dpts[j] + step <= 300:
                dpts[j] += step
                diff -= step
            k += 1
        result.extend(Tps(c, kec.code, d) for c, d in zip(codes, dpts, strict=True))
    return result


def fictitious_name(rng: random.Random, tag: str) -> str:
    first = ["AHMAD", "SITI", "MOH.", "NUR", "ABDUL", "FATIMAH", "HASAN", "AINI", "RAHMAT", "DEWI", "SLAMET", "LAILA"]
    return f"{rng.choice(first)} CONTOH {tag}"


def _dct_counts(spec: KabupatenSpec, rng: random.Random) -> dict[tuple[str, int], int]:
    """Candidates per (DPRD Kab/Kota dapil, party): at most the dapil's seats (UU 7/2017 Pasal 244), and
    ``spec.dct_total`` in all when given (candidates taken away one by one, deterministically)."""
    counts = {
        (d.code, n): max(1, spec.dapil_seats.get(d.code, spec.seats["pdprdk"]) - (0 if spec.dct_total else
                                                                                    rng.randint(0, 2)))
        for d, _ in spec.dprdk_dapils for n in spec.dprdk_parties
    }
    if spec.dct_total:
        keys = sorted(counts)
        while sum(counts.values()) > spec.dct_total:
            key = keys[rng.randrange(len(keys))]
            if counts[key] > 1:
                counts[key] -= 1
    return counts


def build_reference(spec: KabupatenSpec, tps: Sequence[Tps]) -> ReferenceData:
    rng = random.Random(DEMO_SEED + 2)
    regions = [RegionRecord(spec.province_code, spec.province_name), RegionRecord(spec.code, spec.name)]
    tps_per_desa: dict[str, int] = {}
    dpt_per: dict[str, int] = {}
    for t in tps:
        tps_per_desa[t.code[:10]] = tps_per_desa.get(t.code[:10], 0) + 1
        dpt_per[t.code[:10]] = dpt_per.get(t.code[:10], 0) + t.dpt
        dpt_per[t.kecamatan] = dpt_per.get(t.kecamatan, 0) + t.dpt
    for kec in spec.kecamatan:
        regions.append(RegionRecord(kec.code, kec.name, kec.tps, dpt_per.get(kec.code)))
        regions.extend(RegionRecord(d, n, tps_per_desa.get(d, 0), dpt_per.get(d)) for d, n in kec.desa)
    regions.extend(RegionRecord(t.code, f"TPS {t.code[-3:]}", 1, t.dpt) for t in tps)
    parties = {p.number: p for p in NATIONAL_PARTIES_2024}
    dct = _dct_counts(spec, random.Random(DEMO_SEED + 3))
    candidates: list[CandidateSpec] = []
    for ballot, dapil_code, numbers in (
        (Ballot.PDPR, spec.dpr_dapil.code, tuple(parties)),
        (Ballot.PDPRDP, spec.dprdp_dapil.code, tuple(parties)),
        *((Ballot.PDPRDK, d.code, spec.dprdk_parties) for d, _ in spec.dprdk_dapils),
    ):
        seats = spec.seats[ballot.value]
        for n in numbers:
            count = dct[(dapil_code, n)] if ballot is Ballot.PDPRDK else max(1, seats - rng.randint(0, 2))
            for k in range(1, count + 1):
                gender = "P" if k % 3 == 0 else "L"
                name = fictitious_name(rng, f"{parties[n].short_name.upper()} {k}")
                candidates.append(CandidateSpec(ballot, dapil_code, Candidate(k, name, n, gender)))
    for k in range(1, spec.dpd_candidates + 1):
        candidates.append(CandidateSpec(
            Ballot.PDPD, None, Candidate(k, fictitious_name(rng, f"DPD {k}"), None, "L" if k % 2 else "P",
                                         str(695850 + k))
        ))
    all_kec = tuple(k.code for k in spec.kecamatan)
    dapils = [
        DapilSpec(spec.dpr_dapil, all_kec, tuple(parties)),
        DapilSpec(spec.dprdp_dapil, all_kec, tuple(parties)),
        *(DapilSpec(d, m, spec.dprdk_parties) for d, m in spec.dprdk_dapils),
    ]
    return ReferenceData(
        regions=regions, parties=list(NATIONAL_PARTIES_2024), paslon=list(PASLON_2024), dapils=dapils,
        candidates=candidates, settings=dict(spec.settings),
    )


def contests_of(reference: ReferenceData, spec: KabupatenSpec) -> list[Contest]:
    """The contests as the database will load them (same order and choices), without a database."""
    kec = tuple(Region(k.code, k.name, Level.KECAMATAN, k.tps) for k in spec.kecamatan)
    by_code = {r.code: r for r in kec}
    parties: dict[int, Party] = {p.number: p for p in reference.parties}
    contests = [Contest(Ballot.PPWP, kec, paslon=tuple(reference.paslon))]
    for ds in reference.dapils:
        if ds.dapil.ballot in (Ballot.PDPR, Ballot.PDPRDP, Ballot.PDPRDK):
            blocks = tuple(
                PartyBlock(parties[n], tuple(
                    c.candidate for c in reference.candidates
                    if c.ballot is ds.dapil.ballot and c.dapil_code == ds.dapil.code and c.candidate.party == n
                ))
                for n in ds.parties
            )
            contests.append(Contest(ds.dapil.ballot, tuple(by_code[c] for c in sorted(ds.kecamatan)), ds.dapil,
                                    parties=blocks))
    dpd = tuple(c.candidate for c in reference.candidates if c.ballot is Ballot.PDPD)
    contests.append(Contest(Ballot.PDPD, kec, dpd_candidates=dpd))
    return contests


# ----------------------------------------------------------------------------------------------- figures
_PPWP_WEIGHTS = [0.30, 0.55, 0.15]
_STRONG = {1: 5.0, 2: 3.0, 17: 3.5, 5: 3.0, 3: 1.5, 4: 1.5, 14: 1.2, 12: 1.2, 8: 1.0}


def _vote_weights(contest: Contest, dprdk_weights: dict[int, float] | None = None) -> np.ndarray:
    if contest.ballot is Ballot.PPWP:
        return np.array(_PPWP_WEIGHTS[: len(contest.paslon)], dtype=float)
    rng = random.Random(DEMO_SEED + len(contest.key))
    if contest.ballot is Ballot.PDPD:
        return np.array([rng.uniform(0.2, 3.0) for _ in contest.dpd_candidates])
    strong = dprdk_weights if (contest.ballot is Ballot.PDPRDK and dprdk_weights) else _STRONG
    return np.array([strong.get(b.party.number, 0.3) * rng.uniform(0.7, 1.3) for b in contest.parties])


def _split_many(totals: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Split each ``totals[i]`` over the columns of ``weights[i]`` by largest remainder (integers, exact sums)."""
    n, k = weights.shape
    if k == 0:
        return np.zeros((n, 0), dtype=np.int64)
    share = weights / weights.sum(axis=1, keepdims=True)
    raw = totals[:, None] * share
    base = np.floor(raw).astype(np.int64)
    remainder = totals - base.sum(axis=1)
    order = np.argsort(-(raw - base), axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.broadcast_to(np.arange(k), (n, k)), axis=1)
    result: np.ndarray = base + (ranks < remainder[:, None])
    return result


def _seed(*parts: object) -> list[int]:
    text = ":".join(str(p) for p in (DEMO_SEED, *parts))
    return [ord(c) for c in text]


def _demographics(tps: Sequence[Tps]) -> dict[str, np.ndarray]:
    """Sections I, II and III per TPS (the same on every ballot: one DPT, one turnout), consistent by construction."""
    rng = np.random.default_rng(_seed("demografi", len(tps)))
    n = len(tps)
    dpt = np.array([t.dpt for t in tps], dtype=np.int64)
    dpt_l = dpt * rng.integers(480, 501, n) // 1000
    dpt_p = dpt - dpt_l
    used_l = dpt_l * rng.integers(700, 851, n) // 1000
    used_p = dpt_p * rng.integers(720, 871, n) // 1000
    dptb_l, dptb_p, dpk_l, dpk_p = (rng.integers(0, 2, n) for _ in range(4))
    total_l, total_p = used_l + dptb_l + dpk_l, used_p + dptb_p + dpk_p
    voters = total_l + total_p
    received = np.maximum(dpt + -(-dpt * 2 // 100), voters)
    spoiled = np.minimum(rng.integers(0, 3, n), received - voters)
    dis_l, dis_p = np.minimum(rng.integers(0, 2, n), total_l), np.minimum(rng.integers(0, 2, n), total_p)
    out: dict[str, np.ndarray] = {}
    for gid, (lv, pv) in (("I.A", (dpt_l, dpt_p)), ("I.B.1", (used_l, used_p)), ("I.B.2", (dptb_l, dptb_p)),
                          ("I.B.3", (dpk_l, dpk_p)), ("I.B.4", (total_l, total_p)), ("III", (dis_l, dis_p))):
        out[f"{gid}.L"], out[f"{gid}.P"], out[f"{gid}.JML"] = lv, pv, lv + pv
    out["II.1"], out["II.2"], out["II.3"] = received, voters, spoiled
    out["II.4"] = received - voters - spoiled
    return out


@dataclass
class ContestFigures:
    """The figures of every TPS of one contest: ``values[i, j]`` is line ``lines[j]`` at TPS ``tps[i]``."""

    contest: Contest
    tps: list[Tps]
    lines: tuple[str, ...]
    values: np.ndarray

    def column(self, line: str) -> int:
        return self.lines.index(line)

    def row(self, i: int, lines: Sequence[str] | None = None) -> dict[str, int]:
        wanted = self.lines if lines is None else lines
        index = {line: j for j, line in enumerate(self.lines)}
        return {line: int(self.values[i, index[line]]) for line in wanted}

    def rows(self, lines: Sequence[str] | None = None) -> list[tuple[Tps, dict[str, int]]]:
        wanted = list(self.lines if lines is None else lines)
        cols = [self.lines.index(line) for line in wanted]
        sub = self.values[:, cols].tolist()
        return [(t, dict(zip(wanted, r, strict=True))) for t, r in zip(self.tps, sub, strict=True)]

    def kecamatan_sums(self) -> dict[tuple[str, str], int]:
        """(line, kecamatan) → the sum over the kecamatan's TPS (what its PPK reads out)."""
        sums: dict[tuple[str, str], int] = {}
        if not self.tps:
            return sums
        kecs = [t.kecamatan for t in self.tps]
        starts = [0] + [i for i in range(1, len(kecs)) if kecs[i] != kecs[i - 1]]
        totals = np.add.reduceat(self.values, starts, axis=0).tolist()
        for start, row in zip(starts, totals, strict=True):
            for line, v in zip(self.lines, row, strict=True):
                sums[(line, kecs[start])] = int(v)
        return sums


def contest_figures(contest: Contest, tps: Sequence[Tps], spec: KabupatenSpec | None = None,
                    demographics: dict[str, np.ndarray] | None = None,
                    dprdk_weights: dict[int, float] | None = None) -> ContestFigures:
    """Consistent figures for every TPS of ``contest`` (R1–R12 and R17 hold at each TPS), then the spec's own TPS.

    ``demographics`` (sections I–III for all of ``tps``) is shared between the contests of one build."""
    catalogue = LineCatalogue(contest)
    lines = tuple(li.id for li in catalogue.lines)
    index = {line: j for j, line in enumerate(lines)}
    mask = [contest.has_kecamatan(t.kecamatan) for t in tps]
    mine = [t for t, m in zip(tps, mask, strict=True) if m]
    demo = demographics if demographics is not None else _demographics(tps)
    keep = np.array(mask, dtype=bool)
    n = len(mine)
    values = np.zeros((n, len(lines)), dtype=np.int64)
    for line, arr in demo.items():
        if line in index:
            values[:, index[line]] = arr[keep]
    rng = np.random.default_rng(_seed("suara", contest.key))
    voters = demo["II.2"][keep]
    low, high = (10, 61) if contest.ballot in (Ballot.PPWP, Ballot.PDPD) else (25, 91)
    invalid = voters * rng.integers(low, high, n) // 1000
    valid = voters - invalid
    values[:, index["V.A"]], values[:, index["V.B"]], values[:, index["V.C"]] = valid, invalid, voters
    base = _vote_weights(contest, dprdk_weights)
    if contest.ballot.is_legislative_party:
        jitter = rng.uniform(0.8, 1.2, (n, len(base)))
        party_totals = _split_many(valid, base[None, :] * jitter + 1e-9)
        for j, block in enumerate(contest.parties):
            p = block.party.number
            cand_w = np.array([0.25] + [1.0 / (i + 1) for i in range(len(block.candidates))])
            shares = _split_many(party_totals[:, j], cand_w[None, :] * rng.uniform(0.8, 1.2, (n, len(cand_w))))
            values[:, index[f"IV.{p}.0"]] = shares[:, 0]
            for c_i, cand in enumerate(block.candidates, start=1):
                values[:, index[f"IV.{p}.{cand.number}"]] = shares[:, c_i]
            values[:, index[f"IV.{p}.T"]] = party_totals[:, j]
    else:
        vote_ids = [li.id for li in catalogue.vote_lines]
        split = _split_many(valid, base[None, :] * rng.uniform(0.8, 1.2, (n, len(base))) + 1e-9)
        for j, line in enumerate(vote_ids):
            values[:, index[line]] = split[:, j]
    figures = ContestFigures(contest, mine, lines, values)
    if spec is not None and spec.tps_adjust is not None:
        for i, t in enumerate(mine):
            if t.code not in spec.adjusted_tps:
                continue
            row = figures.row(i)
            adjusted = spec.tps_adjust(contest, t, row)
            if adjusted is not row:
                values[i, :] = [adjusted[line] for line in lines]
    return figures


def tps_figures(contest: Contest, tps: Sequence[Tps]) -> Iterator[tuple[Tps, dict[str, int]]]:
    """Consistent figures per TPS of a contest (every line of its form). Demographic lines are the same on every
    ballot (R15)."""
    yield from contest_figures(contest, tps).rows()


def kecamatan_sums(contest: Contest, per_tps: Sequence[tuple[Tps, dict[str, int]]]) -> dict[tuple[str, str], int]:
    sums: dict[tuple[str, str], int] = {}
    for t, values in per_tps:
        for line, v in values.items():
            key = (line, t.kecamatan)
            sums[key] = sums.get(key, 0) + v
    return sums


def apply_error(value: int, how: str) -> int:
    if how == "swap":
        text = f"{value:d}"
        if len(text) >= 2 and text[-1] != text[-2]:
            return int(text[:-2] + text[-1] + text[-2])
        return value + 9
    return max(0, value + int(how))


# ----------------------------------------------------------------------------------------------- building
@dataclass
class DemoResult:
    contests: int
    entries: int
    sirekap_files: int
    sirekap_records: int
    anomalies: int
    seconds: float


def _reading_days(spec: KabupatenSpec) -> list[tuple[str, list[str]]]:
    """The kecamatan grouped by the day their PPK read out, in reading order (one group when no schedule)."""
    order = list(spec.reading_order) or [k.code for k in spec.kecamatan]
    days: list[tuple[str, list[str]]] = []
    for code in order:
        day = spec.reading_days.get(code, "")
        if not days or days[-1][0] != day:
            days.append((day, []))
        days[-1][1].append(code)
    return days


def build_dataset(
    service: RecapService, spec: KabupatenSpec, *, errors: Sequence[Deliberate] = SAMPANG_ERRORS,
    sirekap: bool = True, leave_open: str | None = "ppwp", workdir: Path | None = None,
    progress: Progress | None = None,
) -> DemoResult:
    """Fill an empty database with the dataset of ``spec``, through the same services and importer as real use.

    The PPK's figures are typed day by day in the plenary's reading order (each day: every contest, PPWP first);
    the last kecamatan read of ``leave_open`` is left being read (no figures), so that the demo can be typed into,
    and the first day's kecamatan of it are ditetapkan. Then Sirekap is imported and the spec's story recorded.
    """
    import tempfile
    import time

    from rekap_desktop.sirekap.importer import import_paths

    started = time.perf_counter()
    if service.entries():
        raise ValueError("basis data sudah berisi angka; data demo hanya dibuat pada basis data kosong")
    steps = 6
    tell = progress or (lambda done, total, what: None)
    tell(0, steps, "data referensi")
    tps = layout_tps(spec)
    reference = build_reference(spec, tps)
    with tempfile.TemporaryDirectory(prefix="rekap-referensi-", dir=workdir) as ref_dir:
        load_reference(service, spec, reference, Path(ref_dir))
    contests = service.contests()
    tell(1, steps, "angka per TPS")
    demographics = _demographics(tps)
    weights = spec.dprdk_weights or None
    figures = {c.key: contest_figures(c, tps, spec, demographics, weights) for c in contests}
    days = _reading_days(spec)
    open_kec = days[-1][1][-1] if days and days[-1][1] else None
    sums: dict[str, dict[tuple[str, str], int]] = {}
    for contest in contests:
        s = figures[contest.key].kecamatan_sums()
        for err in errors:
            if contest.ballot.value == err.ballot and (err.line, err.kecamatan) in s:
                s[(err.line, err.kecamatan)] = apply_error(s[(err.line, err.kecamatan)], err.how)
        sums[contest.key] = s
    tell(2, steps, "angka D.HASIL KECAMATAN")
    entries = 0
    for _day, kecs in days:
        for contest in contests:
            today = [k for k in kecs if contest.has_kecamatan(k) and not (contest.key == leave_open and k == open_kec)]
            position = {kec: i for i, kec in enumerate(today)}
            items = sorted(((line, kec, v) for (line, kec), v in sums[contest.key].items() if kec in position),
                           key=lambda item: position[item[1]])  # stable: form order within a kecamatan
            if items:
                service.set_entries(contest.key, items, source="D.HASIL KECAMATAN (data demo)")
                entries += len(items)
    first_day = set(days[0][1]) if days else set()
    for contest in contests:
        for _day, kecs in days:
            for kec in kecs:
                if not contest.has_kecamatan(kec):
                    continue
                status = KecamatanStatus.SELESAI
                if contest.key == leave_open:
                    status = (KecamatanStatus.DIBACAKAN if kec == open_kec else
                              KecamatanStatus.DITETAPKAN if kec in first_day else KecamatanStatus.SELESAI)
                service.set_status(contest.key, kec, status)
    tell(3, steps, "data Sirekap")
    files = 0
    imported = None
    if sirekap:
        with tempfile.TemporaryDirectory(prefix="rekap-sirekap-", dir=workdir) as tmp:
            archive_path = Path(tmp) / f"sirekap-demo-{spec.code}.zip"
            with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_STORED) as archive:
                for contest in contests:
                    fig = figures[contest.key]
                    files += write_sirekap(archive, contest, fig.rows(sirekap_lines(contest)),
                                           complete=spec.complete_in_sirekap or COMPLETE_IN_SIREKAP,
                                           forced=spec.sirekap_forced, own=spec.sirekap_own)
                for rel, text in spec.extra_sirekap:
                    write_file(archive, rel, text)
                    files += 1
            tell(4, steps, "impor Sirekap")
            imported = import_paths(service, [archive_path], source_label=f"Sirekap (data demo {spec.name})")
    tell(5, steps, "keberatan, hitung ulang, daftar hadir")
    if errors and leave_open and spec.story is not None:
        spec.story(service)
    tell(steps, steps, "selesai")
    return DemoResult(
        len(contests), entries, files, imported.records_added if imported else 0,
        len(imported.anomalies) if imported else 0, time.perf_counter() - started,
    )


def load_reference(service: RecapService, spec: KabupatenSpec, reference: ReferenceData, folder: Path) -> None:
    """Store the dataset's reference the way an office does: ``init``, then the template files (written to
    ``folder`` in the documented CSV formats) through :func:`rekap_desktop.setup.load_reference_files`."""
    from rekap_desktop.reference_files.write import write_reference_files
    from rekap_desktop.setup import init_kabupaten, load_reference_files

    init_kabupaten(service, spec.code, spec.name)
    result = load_reference_files(service, write_reference_files(reference, folder))
    if not result.ok:
        raise ValueError("data referensi " + spec.name + " ditolak:\n" + "\n".join(map(str, result.problems)))
    stored = service.settings()
    for key, value in reference.settings.items():  # what no template holds (e.g. "dataset")
        if stored.get(key) != value:
            service.set_setting(key, value)


def create_demo(target: str | Path, *, actor: str = "demo", progress: Progress | None = None) -> DemoResult:
    """``rekap-desktop demo --db PATH``: the Kabupaten Sampang demo database.

    A SQLite demo is built under a temporary name beside the target and renamed only when complete, so an
    interrupted run never leaves a half-built database behind.
    """
    import os

    text = str(target)
    if "://" in text:
        service = RecapService.open(text, actor=actor)
        try:
            return build_dataset(service, sampang_spec(), progress=progress)
        finally:
            service.close()
    final = Path(text)
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_name(final.name + ".sedang-dibuat")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    service = RecapService.open(partial, actor=actor)
    try:
        result = build_dataset(service, sampang_spec(), workdir=final.parent, progress=progress)
    except BaseException:
        service.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        raise
    service.close()  # the last connection to close checkpoints the WAL into the file
    for suffix in ("-wal", "-shm", ""):
        if Path(f"{partial}{suffix}").exists():
            os.replace(f"{partial}{suffix}", f"{final}{suffix}")
    return result
