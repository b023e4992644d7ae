"""Demo and synthetic datasets, deterministic.

* :func:`sampang_spec` — Kabupaten Sampang (3527, Jawa Timur) with its 14 real kecamatan and 186 real desa (region
  lists shipped in ``resources/demo``), the real TPS counts per kecamatan (recap-domain.md §6.2) and DPT near the
  real 761,421. Figures are generated; candidate names are obviously fictitious.
* :func:`synthetic_spec` — a large invented kabupaten (40 kecamatan, ~15,000 TPS) for the benchmarks.

Figures are generated per TPS, consistent by construction, and the kecamatan figures (what the PPK reads out) are
the sums over its TPS, so the manual sheet is consistent except for a handful of deliberate, realistic PPK-form
errors. Sirekap is derived from the same TPS figures and written as Sirekap-shaped JSON with realistic defects
(missing TPS, records without administrasi or chart, an OCR "spurious leading 8", a stale record, a superseded
record), then loaded through the real importer.
"""

from __future__ import annotations

import json
import random
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest, Dapil, PartyBlock
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.national import NATIONAL_PARTIES_2024, PASLON_2024
from rekap_desktop.participants import Candidate, Party
from rekap_desktop.reference import CandidateSpec, DapilSpec, ReferenceData, RegionRecord
from rekap_desktop.region import Level, Region
from rekap_desktop.services import Attendee, KecamatanStatus, RecapService
from rekap_desktop.synthesis import consistent_column

DEMO_SEED = 20240214


# ----------------------------------------------------------------------------------------------- specification
@dataclass(frozen=True)
class KecamatanSpec:
    code: str
    name: str
    tps: int
    dpt: int
    desa: tuple[tuple[str, str], ...]  # (code, name)


@dataclass
class KabupatenSpec:
    province_code: str
    province_name: str
    code: str
    name: str
    kecamatan: list[KecamatanSpec]
    dpr_dapil: Dapil
    dprdp_dapil: Dapil
    dprdk_dapils: list[tuple[Dapil, tuple[str, ...]]]
    dprdk_parties: tuple[int, ...]
    dpd_candidates: int
    seats: dict[str, int]  # candidates per party by ballot
    settings: dict[str, str] = field(default_factory=dict)
    tps_overrides: dict[str, int] = field(default_factory=dict)  # desa code → TPS count


# Kecamatan of Sampang: code, TPS count (kp24 tps.json, sums to 2,726), DPT (Jun 2023 where reported, else the DPS
# of Apr 2023 scaled by the kabupaten's DPT/DPS ratio). recap-domain.md §6.2.
_SAMPANG = [
    ("352701", 97, 26_848), ("352702", 116, 33_041), ("352703", 338, 94_853), ("352704", 251, 70_151),
    ("352705", 239, 64_237), ("352706", 266, 73_938), ("352707", 113, 30_086), ("352708", 157, 43_567),
    ("352709", 242, 68_353), ("352710", 154, 43_729), ("352711", 213, 60_143), ("352712", 255, 69_958),
    ("352713", 69, 18_993), ("352714", 216, 59_201),
]


def _wilayah(path: str) -> list[dict[str, object]]:
    data = resources.files("resources").joinpath("demo", "wilayah", "pemilu", "ppwp", *path.split("/")).read_text(
        encoding="utf-8"
    )
    return list(json.loads(data))


def sampang_spec() -> KabupatenSpec:
    names = {str(e["kode"]): str(e["nama"]) for e in _wilayah("35/3527.json")}
    kecamatan = []
    for code, tps, dpt in _SAMPANG:
        desa = sorted((str(e["kode"]), str(e["nama"])) for e in _wilayah(f"35/3527/{code}.json"))
        kecamatan.append(KecamatanSpec(code, names[code], tps, dpt, tuple(desa)))
    note = "pengelompokan rekaan untuk data demo (susunan dapil DPRD Sampang yang sebenarnya tidak dipakai)"
    groups = [  # seats: 45 as the real DPRD Sampang, spread over these invented groups (3–12 per dapil)
        ("352701", "SAMPANG 1", ("352703", "352702", "352713"), 10),
        ("352702", "SAMPANG 2", ("352701", "352707", "352708", "352706"), 11),
        ("352703", "SAMPANG 3", ("352704", "352705", "352712"), 12),
        ("352704", "SAMPANG 4", ("352709", "352710", "352711", "352714"), 12),
    ]
    return KabupatenSpec(
        province_code="35", province_name="JAWA TIMUR", code="3527", name="SAMPANG", kecamatan=kecamatan,
        dpr_dapil=Dapil(Ballot.PDPR, "3511", "JAWA TIMUR XI"),
        dprdp_dapil=Dapil(Ballot.PDPRDP, "3514", "JAWA TIMUR 14", "dapil demo: susunan belum dikonfirmasi"),
        dprdk_dapils=[(Dapil(Ballot.PDPRDK, c, n, note, seats), m) for c, n, m, seats in groups],
        # 14 parties filed a DCT for DPRD Sampang: not PKN (9), Partai Buruh (6), Perindo (16), Ummat (24)
        dprdk_parties=tuple(p.number for p in NATIONAL_PARTIES_2024 if p.number not in (6, 9, 16, 24)),
        dpd_candidates=20,
        seats={"pdpr": 8, "pdprdp": 6, "pdprdk": 9},
        settings={
            "kabupaten_kode": "3527", "kabupaten_nama": "SAMPANG", "provinsi_kode": "35",
            "provinsi_nama": "JAWA TIMUR", "kantor": "KOMISI PEMILIHAN UMUM KABUPATEN SAMPANG",
            "tempat": "Aula KPU Kabupaten Sampang (alamat contoh)", "ketua": "KETUA CONTOH, S.H.",
            "anggota": "ANGGOTA CONTOH SATU|ANGGOTA CONTOH DUA|ANGGOTA CONTOH TIGA|ANGGOTA CONTOH EMPAT",
            "sekretaris": "SEKRETARIS CONTOH", "kertas": "a4", "dataset": "demo",
        },
        tps_overrides={"3527012001": 20},  # Desa Noreh: 20 TPS, as in the real Sirekap sample
    )


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
@dataclass(frozen=True)
class Tps:
    code: str
    kecamatan: str
    dpt: int


def layout_tps(spec: KabupatenSpec) -> list[Tps]:
    """Spread each kecamatan's TPS over its desa and its DPT over its TPS (≤ 300 voters per TPS)."""
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
        dpts = [min(300, max(120, base + rng.randint(-25, 25))) for _ in codes]
        diff = kec.dpt - sum(dpts)
        k = 0
        while diff != 0 and k < 100_000:
            j = k % len(dpts)
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
    candidates: list[CandidateSpec] = []
    for ballot, dapil_code, numbers in (
        (Ballot.PDPR, spec.dpr_dapil.code, tuple(parties)),
        (Ballot.PDPRDP, spec.dprdp_dapil.code, tuple(parties)),
        *((Ballot.PDPRDK, d.code, spec.dprdk_parties) for d, _ in spec.dprdk_dapils),
    ):
        seats = spec.seats[ballot.value]
        for n in numbers:
            count = max(1, seats - rng.randint(0, 2))
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
        if ds.dapil.ballot is Ballot.PDPRDP or ds.dapil.ballot is Ballot.PDPRDK or ds.dapil.ballot is Ballot.PDPR:
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
_WEIGHTS = {
    Ballot.PPWP: [0.30, 0.55, 0.15],
}


def _vote_weights(contest: Contest) -> list[float]:
    if contest.ballot in _WEIGHTS:
        return _WEIGHTS[contest.ballot]
    rng = random.Random(DEMO_SEED + len(contest.key))
    if contest.ballot is Ballot.PDPD:
        return [rng.uniform(0.2, 3.0) for _ in contest.dpd_candidates]
    strong = {1: 5.0, 2: 3.0, 17: 3.5, 5: 3.0, 3: 1.5, 4: 1.5, 14: 1.2, 12: 1.2, 8: 1.0}
    return [strong.get(b.party.number, 0.3) * rng.uniform(0.7, 1.3) for b in contest.parties]


def tps_figures(contest: Contest, tps: Sequence[Tps]) -> Iterator[tuple[Tps, dict[str, int]]]:
    """Consistent figures per TPS of a contest. Demographic lines are identical across ballots (R15)."""
    catalogue = LineCatalogue(contest)
    weights = _vote_weights(contest)
    for t in tps:
        if not contest.has_kecamatan(t.kecamatan):
            continue
        rng = random.Random(f"{DEMO_SEED}:{t.code}")
        yield t, consistent_column(catalogue, rng, t.dpt, 1, weights)


def kecamatan_sums(contest: Contest, per_tps: Sequence[tuple[Tps, dict[str, int]]]) -> dict[tuple[str, str], int]:
    sums: dict[tuple[str, str], int] = {}
    for t, values in per_tps:
        for line, v in values.items():
            key = (line, t.kecamatan)
            sums[key] = sums.get(key, 0) + v
    return sums


@dataclass(frozen=True)
class Deliberate:
    """A deliberate, realistic error on a PPK's D.HASIL KECAMATAN (the demo shows how the app catches it)."""

    ballot: str
    kecamatan: str
    line: str
    how: str  # "+N" / "-N" / "swap" (two last digits transposed)
    story: str


SAMPANG_ERRORS: tuple[Deliberate, ...] = (
    Deliberate("ppwp", "352702", "I.B.4.L", "+10", "B.4 laki-laki salah jumlah di D.HASIL Kec. Torjun"),
    Deliberate("ppwp", "352705", "V.C", "swap", "dua digit terakhir V.C tertukar di D.HASIL Kec. Omben"),
    Deliberate("pdpr", "352704", "IV.1.T", "+100", "jumlah suara PKB Kec. Camplong tidak sama dengan rinciannya"),
    Deliberate("pdpd", "352712", "II.4", "-25", "surat suara tidak digunakan Kec. Ketapang salah tulis"),
    Deliberate("pdprdk", "352709", "III.JML", "+3", "jumlah pemilih disabilitas Kec. Banyuates salah jumlah"),
)


def apply_error(value: int, how: str) -> int:
    if how == "swap":
        text = f"{value:d}"
        if len(text) >= 2 and text[-1] != text[-2]:
            return int(text[:-2] + text[-1] + text[-2])
        return value + 9
    return max(0, value + int(how))


# ----------------------------------------------------------------------------------------------- Sirekap JSON
ADMIN_FIELDS = {
    "pemilih_dpt": "I.A", "pengguna_dpt": "I.B.1", "pengguna_dptb": "I.B.2", "pengguna_non_dpt": "I.B.3",
    "pengguna_total": "I.B.4",
}
_SUFFIX = {"j": "JML", "l": "L", "p": "P"}


def sirekap_document(contest: Contest, tps: Tps, values: dict[str, int], ts: str, *, admin: bool = True,
                     chart: bool = True) -> dict[str, object]:
    """A TPS record shaped exactly like the public Sirekap hhcw JSON."""
    adm: dict[str, int] | None = None
    if admin:
        adm = {"suara_sah": values["V.A"], "suara_tidak_sah": values["V.B"], "suara_total": values["V.C"]}
        for fname, gid in ADMIN_FIELDS.items():
            for s, part in _SUFFIX.items():
                adm[f"{fname}_{s}"] = values[f"{gid}.{part}"]
    ch: dict[str, object] | None = None
    if chart:
        ch = {}
        if contest.ballot is Ballot.PPWP:
            for p in contest.paslon:
                ch[p.sirekap_id] = values[f"IV.{p.number}"]
        elif contest.ballot is Ballot.PDPD:
            for c in contest.dpd_candidates:
                ch[str(c.sirekap_id)] = values[f"IV.{c.number}"]
        else:
            for b in contest.parties:
                n = b.party.number
                ch[str(n)] = {"jml_suara_total": values[f"IV.{n}.T"], "jml_suara_partai": values[f"IV.{n}.0"]}
        ch["null"] = None
    k = tps.code
    date = ts[:10].replace("-", "")
    images = [
        f"https://sirekap-obj-formc.kpu.go.id/demo/pemilu/{contest.ballot.value}/{k[:2]}/{k[2:4]}/{k[4:6]}/"
        f"{k[6:8]}/{k[8:10]}/{k}-{date}-1{i}0000--demo-{i}.jpg"
        for i in range(3)
    ]
    return {
        "mode": "hhcw", "chart": ch, "images": images, "administrasi": adm, "psu": None, "ts": ts,
        "status_suara": ch is not None, "status_adm": adm is not None,
    }


def write_sirekap(folder: Path | zipfile.ZipFile, contest: Contest, per_tps: Sequence[tuple[Tps, dict[str, int]]],
                  *, defects: bool = True) -> int:
    """Write the contest's TPS records as Sirekap files; returns the number of files written."""
    rng = random.Random(f"{DEMO_SEED}:sirekap:{contest.key}")
    legislative = contest.ballot.is_legislative_party
    ocr_tps = _nth_tps(per_tps, "352703", 5)
    stale_tps = _nth_tps(per_tps, "352706", 9)
    superseded_tps = _nth_tps(per_tps, "352701", 3)
    written = 0
    for t, values in per_tps:
        kec = t.kecamatan
        ts = f"2024-02-{rng.randint(15, 22):02d} {rng.randint(0, 23):02d}:{rng.choice((0, 15, 30, 45)):02d}:00"
        admin = chart = True
        vals = dict(values)
        if defects:
            # missing TPS: more for the legislative ballots and in two far kecamatan (as in 2024)
            missing = 0.01 + (0.12 if legislative else 0.0) + (0.25 if kec in ("352710", "352711") else 0.0)
            if kec in _COMPLETE_IN_SIREKAP:
                missing = 0.0  # these stay complete so that mismatches show as mismatches
            if rng.random() < missing:
                continue
            if kec not in _COMPLETE_IN_SIREKAP:
                admin = rng.random() > 0.02
                chart = rng.random() > 0.02
            if contest.ballot is Ballot.PPWP and t.code == ocr_tps:
                vals["IV.3"] = int(f"8{vals['IV.3']}")  # OCR: a spurious leading 8 (e.g. 23 → 823)
            if contest.ballot is Ballot.PPWP and t.code == stale_tps:
                stale = dict(vals)
                stale["IV.2"] += 15
                stale["IV.1"] = max(0, stale["IV.1"] - 15)  # a stale record: before the PPK's corrected count
                vals = stale
            if contest.ballot is Ballot.PPWP and t.code == superseded_tps:
                old = dict(vals)
                old["IV.1"] += 40
                _dump(folder, contest, t, sirekap_document(contest, t, old, "2024-02-14 21:00:00"), "lama")
                written += 1  # an older, superseded record; the newer one below is current
        _dump(folder, contest, t, sirekap_document(contest, t, vals, ts, admin=admin, chart=chart))
        written += 1
    return written


_COMPLETE_IN_SIREKAP = frozenset({"352701", "352702", "352703", "352704", "352705", "352706", "352709", "352712"})


def _nth_tps(per_tps: Sequence[tuple[Tps, dict[str, int]]], kec: str, nth: int) -> str:
    codes = [t.code for t, _ in per_tps if t.kecamatan == kec]
    return codes[min(nth, len(codes) - 1)] if codes else ""


def _dump(target: Path | zipfile.ZipFile, contest: Contest, t: Tps, doc: dict[str, object], prefix: str = "") -> None:
    k = t.code
    rel = f"pemilu/hhcw/{contest.ballot.value}/{k[:2]}/{k[:4]}/{k[:6]}/{k[:10]}/{k}.json"
    if prefix:
        rel = f"{prefix}/{rel}"
    text = json.dumps(doc, separators=(",", ":"))
    if isinstance(target, zipfile.ZipFile):
        target.writestr(rel, text)
        return
    path = target / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# ----------------------------------------------------------------------------------------------- building
@dataclass
class DemoResult:
    contests: int
    entries: int
    sirekap_files: int
    sirekap_records: int
    anomalies: int
    seconds: float


def build_dataset(
    service: RecapService, spec: KabupatenSpec, *, errors: Sequence[Deliberate] = SAMPANG_ERRORS,
    sirekap: bool = True, leave_open: str | None = "ppwp", workdir: Path | None = None,
) -> DemoResult:
    """Fill an empty database with the dataset of ``spec``, through the same services and importer as real use."""
    import tempfile
    import time

    from rekap_desktop.sirekap.importer import import_paths

    started = time.perf_counter()
    if service.entries():
        raise ValueError("basis data sudah berisi angka; data demo hanya dibuat pada basis data kosong")
    tps = layout_tps(spec)
    reference = build_reference(spec, tps)
    with tempfile.TemporaryDirectory(prefix="rekap-referensi-", dir=workdir) as ref_dir:
        load_reference(service, spec, reference, Path(ref_dir))
    contests = service.contests()
    entries = 0
    files = 0
    last_kec = spec.kecamatan[-1].code
    with tempfile.TemporaryDirectory(prefix="rekap-sirekap-", dir=workdir) as tmp:
        archive_path = Path(tmp) / f"sirekap-demo-{spec.code}.zip"
        archive = zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        for contest in contests:
            per_tps = list(tps_figures(contest, tps))
            sums = kecamatan_sums(contest, per_tps)
            for err in errors:
                if contest.ballot.value == err.ballot and (err.line, err.kecamatan) in sums:
                    sums[(err.line, err.kecamatan)] = apply_error(sums[(err.line, err.kecamatan)], err.how)
            open_kec = last_kec if contest.key == leave_open else None
            items = [(line, kec, v) for (line, kec), v in sums.items() if kec != open_kec]
            service.set_entries(contest.key, items, source="D.HASIL KECAMATAN (data demo)")
            entries += len(items)
            for kec in contest.kecamatan_codes:
                status = KecamatanStatus.SELESAI
                if contest.key == leave_open:
                    position = contest.kecamatan_position(kec)
                    status = (KecamatanStatus.DITETAPKAN if position < 3 else
                              KecamatanStatus.DIBACAKAN if kec == open_kec else KecamatanStatus.SELESAI)
                service.set_status(contest.key, kec, status)
            if sirekap:
                files += write_sirekap(archive, contest, per_tps)
        archive.close()
        label = f"Sirekap (data demo {spec.name})"
        imported = import_paths(service, [archive_path], source_label=label) if sirekap else None
    if errors and leave_open:
        kid = service.add_keberatan(
            "ppwp", kind="keberatan", kecamatan="352702", peserta="Pasangan Calon 01", saksi="SAKSI CONTOH 01",
            cells=["I.B.4.L"], description="Jumlah pengguna hak pilih laki-laki Kec. Torjun tidak sama dengan "
            "salinan D.HASIL yang dipegang saksi (contoh data demo).",
        )
        del kid
        service.add_keberatan("ppwp", kind="kejadian_khusus", kecamatan="352710",
                              description="Kotak rekapitulasi Kec. Robatal tiba terlambat 2 jam karena hujan "
                              "(contoh data demo).")
        service.set_attendance("ppwp", demo_attendance(service.contest("ppwp"), spec))
    return DemoResult(
        len(contests), entries, files, imported.records_added if imported else 0,
        len(imported.anomalies) if imported else 0, time.perf_counter() - started,
    )


def load_reference(service: RecapService, spec: KabupatenSpec, reference: ReferenceData, folder: Path) -> None:
    """Store the dataset's reference the way an office does: ``init``, then the template files (written to
    ``folder`` in the documented CSV formats) through :func:`rekap_desktop.setup.load_reference_files`."""
    from rekap_desktop.reference_files import write_reference_files
    from rekap_desktop.setup import init_kabupaten, load_reference_files

    init_kabupaten(service, spec.code, spec.name)
    result = load_reference_files(service, write_reference_files(reference, folder))
    if not result.ok:
        raise ValueError("data referensi " + spec.name + " ditolak:\n" + "\n".join(map(str, result.problems)))
    stored = service.settings()
    for key, value in reference.settings.items():  # what no template holds (e.g. "dataset")
        if stored.get(key) != value:
            service.set_setting(key, value)


def demo_attendance(contest: Contest, spec: KabupatenSpec) -> list[Attendee]:
    people = [Attendee("ketua", spec.settings.get("ketua", "KETUA CONTOH"))]
    people += [Attendee("anggota", n) for n in spec.settings.get("anggota", "").split("|") if n]
    for p in contest.paslon:
        refuses = p.number == 1
        people.append(Attendee(
            "saksi", f"SAKSI CONTOH 0{p.number}", f"Pasangan Calon 0{p.number}", True, not refuses,
            "keberatan atas angka Kec. Torjun yang belum dikoreksi (contoh)" if refuses else "",
        ))
    people.append(Attendee("bawaslu", "PENGAWAS CONTOH"))
    return people


def create_demo(target: str | Path, *, actor: str = "demo") -> DemoResult:
    """``rekap-desktop demo --db PATH``: the Kabupaten Sampang demo database.

    A SQLite demo is built under a temporary name beside the target and renamed only when complete, so an
    interrupted run never leaves a half-built database behind.
    """
    import os

    text = str(target)
    if "://" in text:
        service = RecapService.open(text, actor=actor)
        try:
            return build_dataset(service, sampang_spec())
        finally:
            service.close()
    final = Path(text)
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_name(final.name + ".sedang-dibuat")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    service = RecapService.open(partial, actor=actor)
    try:
        result = build_dataset(service, sampang_spec(), workdir=final.parent)
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
