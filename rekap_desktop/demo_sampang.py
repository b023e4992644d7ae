"""Kabupaten Sampang (3527, Jawa Timur) for the demo: the public facts of its Pemilu 2024 plenary and its events.

Every fact has its source in ``resources/demo/SOURCES.md``; what could not be found is invented and labelled so here,
in the data (dapil notes) and there. Real: the 14 kecamatan and 186 desa (Sirekap wilayah lists), TPS counts and DPT
per kecamatan, DPRD Sampang's 45 seats and the 14 parties with DPRD candidates (410 in all), Dapil I–III of DPRD
Sampang, DPR Jawa Timur XI and DPRD Jatim Dapil 14, the plenary at GOR Indoor Sampang from 1 March 2024 and the
order in which the PPK read out, the recount of TPS 003 Desa Mlakah (Jrengik, DPRD Kabupaten ballot only, NasDem
100 → 52, 188 invalid ballots of 275 on the DPT, a NasDem saksi's protest recorded as kejadian khusus) and the PSU
at TPS 018 Desa Pandan (Omben, presidential ballot only, 81 / 124 / 1 of a DPT of 284) with its Sirekap records.
Invented: every other figure, every name of a person, seats per DPRD dapil (derived from the DPT), the composition
and numbering of Dapil IV–VI (from a public-hearing proposal that matches Dapil I–III), TPS counts per desa.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import TYPE_CHECKING

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest, Dapil
from rekap_desktop.demo_spec import Deliberate, KabupatenSpec, KecamatanSpec, Tps
from rekap_desktop.national import NATIONAL_PARTIES_2024

if TYPE_CHECKING:
    from rekap_desktop.services import Attendee, RecapService

DEMO_VERSION = 2
"""The shipped demo's version (setting ``demo_versi``): raise it whenever the demo data change, and the app rebuilds
an older demo database at start (``ui.app.ensure_demo``)."""
VERSION_SETTING = "demo_versi"

# Kecamatan: code, TPS count (kp24 tps.json, sums to 2,726), DPT (Jun 2023 where reported, else the DPS of Apr 2023
# scaled by the kabupaten's DPT/DPS ratio). recap-domain.md §6.2.
KECAMATAN = (
    ("352701", 97, 26_848), ("352702", 116, 33_041), ("352703", 338, 94_853), ("352704", 251, 70_151),
    ("352705", 239, 64_237), ("352706", 266, 73_938), ("352707", 113, 30_086), ("352708", 157, 43_567),
    ("352709", 242, 68_353), ("352710", 154, 43_729), ("352711", 213, 60_143), ("352712", 255, 69_958),
    ("352713", 69, 18_993), ("352714", 216, 59_201),
)

READING_SCHEDULE = (  # taberita.com, 1 March 2024: the order the PPK read out their D.HASIL at GOR Indoor
    ("2024-03-01", ("352713", "352701", "352711", "352704")),  # Pangarengan, Sreseh, Sokobanah, Camplong
    ("2024-03-02", ("352706", "352712", "352703", "352709", "352705")),  # Kedungdung, Ketapang, Sampang, Banyuates,
    #                                                                      Omben
    ("2024-03-03", ("352714", "352702", "352710", "352708", "352707")),  # Karang Penang, Torjun, Robatal,
    #                                                                      Tambelangan, Jrengik
)

OPEN_KECAMATAN = READING_SCHEDULE[-1][1][-1]
"""The kecamatan the demo leaves being read on the PPWP (the last one read out: Jrengik), to be typed into."""

_SEATS_NOTE = "kursi per dapil rekaan (dibagi menurut DPT, jumlah 45 nyata)"
DPRDK_DAPILS = (  # code, name, kecamatan, seats, note
    ("352701", "SAMPANG 1", ("352703", "352702", "352713"), 9, f"susunan nyata (sigap88news); {_SEATS_NOTE}"),
    ("352702", "SAMPANG 2", ("352707", "352701", "352708"), 6, f"susunan nyata (bangsaonline); {_SEATS_NOTE}"),
    ("352703", "SAMPANG 3", ("352709", "352712"), 8, f"susunan nyata (Kompas); {_SEATS_NOTE}"),
    ("352704", "SAMPANG 4", ("352711", "352714"), 7,
     f"susunan dan nomor belum terkonfirmasi (usulan uji publik KPU Sampang); {_SEATS_NOTE}"),
    ("352705", "SAMPANG 5", ("352704", "352705"), 8,
     f"susunan dan nomor belum terkonfirmasi (usulan uji publik KPU Sampang); {_SEATS_NOTE}"),
    ("352706", "SAMPANG 6", ("352706", "352710"), 7,
     f"susunan dan nomor belum terkonfirmasi (usulan uji publik KPU Sampang); {_SEATS_NOTE}"),
)
DPR_SEATS = 8  # DPR Jawa Timur XI
DPRDP_SEATS = 12  # DPRD Jawa Timur Dapil 14 (PKPU 6/2023, tribunnews 12-02-2023)
DCT_TOTAL = 410  # DPRD Sampang candidates, 14 parties (salsabilafm)
NO_DPRDK_CANDIDATES = (6, 9, 16, 24)  # Partai Buruh, PKN (filed none); Perindo, Ummat (disqualified)

# DPRD Sampang 2024–2029 seats by party (final): the demo's vote weights follow them, so that the invented figures
# give a familiar picture; parties without a seat get a small weight.
DPRDK_SEATS_BY_PARTY = {5: 15, 17: 6, 1: 5, 3: 4, 8: 4, 2: 3, 12: 3, 14: 2, 4: 1, 13: 1, 10: 1}

MLAKAH_TPS = "3527072012003"  # Jrengik › Mlakah › TPS 003
MLAKAH_DPT = 275
MLAKAH_VOTERS = 268  # invented: 188 invalid ballots and under 30 % valid votes imply nearly every voter came
NASDEM = 5
MLAKAH_BEFORE = {"IV.5.0": 20, "IV.5.1": 80, "IV.5.T": 100, "V.A": 128, "V.B": 140}  # the corrected C plano
MLAKAH_AFTER = {"IV.5.0": 12, "IV.5.1": 40, "IV.5.T": 52, "V.A": 80, "V.B": 188}  # after the recount
PANDAN_TPS = "3527052020018"  # Omben › Pandan › TPS 018
PANDAN_DPT = (147, 137)
PANDAN_PSU = {  # the re-vote of 18 February 2024 (presidential ballot): reported figures, the rest constructed
    "IV.1": 81, "IV.2": 124, "IV.3": 1, "V.A": 206, "V.B": 4, "V.C": 210,
    "I.B.1.L": 105, "I.B.1.P": 105, "I.B.2.L": 0, "I.B.2.P": 0, "I.B.3.L": 0, "I.B.3.P": 0,
    "II.3": 0, "III.L": 0, "III.P": 0,
}

SAMPANG_ERRORS: tuple[Deliberate, ...] = (
    Deliberate("ppwp", "352702", "I.B.4.L", "+10", "B.4 laki-laki salah jumlah di D.HASIL Kec. Torjun"),
    Deliberate("ppwp", "352705", "V.C", "swap", "dua digit terakhir V.C tertukar di D.HASIL Kec. Omben"),
    Deliberate("pdpr", "352704", "IV.1.T", "+100", "jumlah suara PKB Kec. Camplong tidak sama dengan rinciannya"),
    Deliberate("pdpd", "352712", "II.4", "-25", "surat suara tidak digunakan Kec. Ketapang salah tulis"),
    Deliberate("pdprdk", "352709", "III.JML", "+3", "jumlah pemilih disabilitas Kec. Banyuates salah jumlah"),
)


def _wilayah(path: str) -> list[dict[str, object]]:
    data = resources.files("resources").joinpath("demo", "wilayah", "pemilu", "ppwp", *path.split("/")).read_text(
        encoding="utf-8"
    )
    return list(json.loads(data))


def _sirekap_file(name: str) -> str:
    return resources.files("resources").joinpath("demo", "sirekap", name).read_text(encoding="utf-8")


def sampang_spec() -> KabupatenSpec:
    """The Sampang demo (see the module docstring for what is real and what is invented)."""
    names = {str(e["kode"]): str(e["nama"]) for e in _wilayah("35/3527.json")}
    kecamatan = []
    for code, tps, dpt in KECAMATAN:
        desa = sorted((str(e["kode"]), str(e["nama"])) for e in _wilayah(f"35/3527/{code}.json"))
        kecamatan.append(KecamatanSpec(code, names[code], tps, dpt, tuple(desa)))
    order = tuple(code for _, codes in READING_SCHEDULE for code in codes)
    days = {code: day for day, codes in READING_SCHEDULE for code in codes}
    weights = {p.number: float(DPRDK_SEATS_BY_PARTY.get(p.number, 0.4)) for p in NATIONAL_PARTIES_2024}
    settings = {
        "kabupaten_kode": "3527", "kabupaten_nama": "SAMPANG", "provinsi_kode": "35",
        "provinsi_nama": "JAWA TIMUR", "kantor": "KOMISI PEMILIHAN UMUM KABUPATEN SAMPANG",
        "tempat": "GOR Indoor Sampang, Jalan Wijaya Kusuma, Sampang", "ketua": "KETUA CONTOH, S.H.",
        "anggota": "ANGGOTA CONTOH SATU|ANGGOTA CONTOH DUA|ANGGOTA CONTOH TIGA|ANGGOTA CONTOH EMPAT",
        "sekretaris": "SEKRETARIS CONTOH", "kertas": "a4", "dataset": "demo",
        "tanggal_rapat": READING_SCHEDULE[0][0], "tanggal_rapat_selesai": "2024-03-06",
        "jadwal_pembacaan": json.dumps({day: list(codes) for day, codes in READING_SCHEDULE}, separators=(",", ":")),
        VERSION_SETTING: str(DEMO_VERSION),
    }
    extra = tuple(
        (f"{prefix}/pemilu/hhcw/ppwp/35/3527/352705/3527052020/{PANDAN_TPS}.json", _sirekap_file(f"{name}.json"))
        for prefix, name in (("psu-awal", f"awal-{PANDAN_TPS}"), ("psu", f"psu-{PANDAN_TPS}"),
                             ("psu-sesudah", f"psu-sesudah-{PANDAN_TPS}"))
    )
    return KabupatenSpec(
        province_code="35", province_name="JAWA TIMUR", code="3527", name="SAMPANG", kecamatan=kecamatan,
        dpr_dapil=Dapil(Ballot.PDPR, "3511", "JAWA TIMUR XI", "kursi belum terkonfirmasi", DPR_SEATS),
        dprdp_dapil=Dapil(Ballot.PDPRDP, "3514", "JAWA TIMUR 14", "kode dapil rekaan; susunan nyata (4 kabupaten "
                          "Madura)", DPRDP_SEATS),
        dprdk_dapils=[(Dapil(Ballot.PDPRDK, c, n, note, seats), m) for c, n, m, seats, note in DPRDK_DAPILS],
        dprdk_parties=tuple(p.number for p in NATIONAL_PARTIES_2024 if p.number not in NO_DPRDK_CANDIDATES),
        dpd_candidates=20,
        seats={"pdpr": DPR_SEATS, "pdprdp": DPRDP_SEATS, "pdprdk": 12},
        settings=settings,
        # Desa Noreh: 20 TPS as in the real Sirekap sample; Mlakah has a TPS 003 and Pandan a TPS 018 (counts invented)
        tps_overrides={"3527012001": 20, MLAKAH_TPS[:10]: 5, PANDAN_TPS[:10]: 18},
        tps_dpt={MLAKAH_TPS: MLAKAH_DPT, PANDAN_TPS: sum(PANDAN_DPT)},
        dapil_seats={c: seats for c, _n, _m, seats, _note in DPRDK_DAPILS},
        dct_total=DCT_TOTAL,
        dprdk_weights=weights,
        reading_order=order,
        reading_days=days,
        sirekap_forced=frozenset({MLAKAH_TPS, PANDAN_TPS}),
        sirekap_own=frozenset({("ppwp", PANDAN_TPS)}),
        tps_adjust=adjust_tps,
        adjusted_tps=frozenset({MLAKAH_TPS, PANDAN_TPS}),
        extra_sirekap=extra,
        story=record_story,
    )


# ----------------------------------------------------------------------------------------------- the two TPS
def _largest_remainder(values: dict[str, int], total: int) -> dict[str, int]:
    """``values`` scaled to sum to ``total`` (integers, largest remainder; all zero → the first gets it all)."""
    keys = list(values)
    if not keys:
        return {}
    s = sum(values.values())
    if s == 0:
        return {k: (total if i == 0 else 0) for i, k in enumerate(keys)}
    raw = {k: values[k] * total / s for k in keys}
    out = {k: int(raw[k]) for k in keys}
    rest = total - sum(out.values())
    for k in sorted(keys, key=lambda k: (-(raw[k] - out[k]), keys.index(k)))[:rest]:
        out[k] += 1
    return out


def _set_votes(contest: Contest, row: dict[str, int], valid: int, fixed: dict[str, int] | None = None) -> None:
    """Re-spread ``valid`` votes over section IV keeping the row's proportions; ``fixed`` lines are taken as given
    (with their party's total) and the rest of the valid votes go to the other choices."""
    fixed = fixed or {}
    if contest.ballot.is_legislative_party:
        parts = {line: v for line, v in row.items() if line.startswith("IV.") and not line.endswith(".T")}
        fixed_parties = {line.split(".")[1] for line in fixed}
        free = {line: v for line, v in parts.items() if line.split(".")[1] not in fixed_parties}
        taken = sum(v for line, v in fixed.items() if not line.endswith(".T"))
        new = {**{line: 0 for line in parts}, **_largest_remainder(free, valid - taken),
               **{line: v for line, v in fixed.items() if not line.endswith(".T")}}
        row.update(new)
        for block in contest.parties:
            n = block.party.number
            row[f"IV.{n}.T"] = row[f"IV.{n}.0"] + sum(row[f"IV.{n}.{c.number}"] for c in block.candidates)
    else:
        row.update(_largest_remainder({line: v for line, v in row.items() if line.startswith("IV.")}, valid))


def adjust_tps(contest: Contest, tps: Tps, row: dict[str, int]) -> dict[str, int]:
    """The figures of TPS 003 Mlakah (every ballot: 268 voters; DPRD Kabupaten: the corrected C plano) and of
    TPS 018 Pandan (DPT 147 / 137; presidential ballot: the PSU result)."""
    if tps.code == MLAKAH_TPS:
        row = dict(row)
        a_l, a_p = row["I.A.L"], row["I.A.P"]
        used_l = a_l - (a_l + a_p - MLAKAH_VOTERS) // 2
        used_p = MLAKAH_VOTERS - used_l
        for gid, (lv, pv) in (("I.B.1", (used_l, used_p)), ("I.B.2", (0, 0)), ("I.B.3", (0, 0)),
                              ("I.B.4", (used_l, used_p)), ("III", (1, 0))):
            row[f"{gid}.L"], row[f"{gid}.P"], row[f"{gid}.JML"] = lv, pv, lv + pv
        row["II.2"], row["II.3"] = MLAKAH_VOTERS, 0
        row["II.4"] = row["II.1"] - MLAKAH_VOTERS
        if contest.ballot is Ballot.PDPRDK:
            invalid = MLAKAH_BEFORE["V.B"]
            fixed = {line: v for line, v in MLAKAH_BEFORE.items() if line.startswith("IV.")}
            fixed.update({f"IV.{NASDEM}.{c.number}": 0 for b in contest.parties if b.party.number == NASDEM
                          for c in b.candidates if c.number != 1})
        else:
            invalid, fixed = MLAKAH_VOTERS * 4 // 100, {}
        row["V.B"], row["V.C"] = invalid, MLAKAH_VOTERS
        row["V.A"] = MLAKAH_VOTERS - invalid
        _set_votes(contest, row, row["V.A"], fixed)
        return row
    if tps.code == PANDAN_TPS:
        row = dict(row)
        row["I.A.L"], row["I.A.P"] = PANDAN_DPT
        row["I.A.JML"] = sum(PANDAN_DPT)
        if contest.ballot is Ballot.PPWP:
            row.update(PANDAN_PSU)
            for gid in ("I.B.1", "I.B.2", "I.B.3", "III"):
                row[f"{gid}.JML"] = row[f"{gid}.L"] + row[f"{gid}.P"]
            for part in ("L", "P", "JML"):
                row[f"I.B.4.{part}"] = row[f"I.B.1.{part}"] + row[f"I.B.2.{part}"] + row[f"I.B.3.{part}"]
            row["II.2"] = row["V.C"]
            row["II.4"] = row["II.1"] - row["II.2"] - row["II.3"]
        return row
    return row


# ----------------------------------------------------------------------------------------------- the plenary's story
def demo_attendance(contest: Contest, settings: dict[str, str]) -> list[Attendee]:
    """KPU members from the office settings, one saksi per paslon (saksi 01 refuses to sign), Bawaslu."""
    from rekap_desktop.services import Attendee

    people = [Attendee("ketua", settings.get("ketua", "KETUA CONTOH"))]
    people += [Attendee("anggota", n) for n in settings.get("anggota", "").split("|") if n]
    for p in contest.paslon:
        refuses = p.number == 1
        people.append(Attendee(
            "saksi", f"SAKSI CONTOH 0{p.number}", f"Pasangan Calon 0{p.number}", True, not refuses,
            "keberatan atas angka Kec. Torjun yang belum dikoreksi (contoh)" if refuses else "",
        ))
    people.append(Attendee("bawaslu", "PENGAWAS CONTOH"))
    return people


def record_story(service: RecapService) -> None:
    """The plenary's own events, through the services: keberatan and kejadian khusus on the PPWP, the PSU of
    Pandan carried from the PPK of Omben, and the Mlakah recount on the DPRD Kabupaten ballot of Dapil II."""
    from rekap_desktop.recount import FigureInput, record_recount
    from rekap_desktop.services import KecamatanStatus

    service.add_keberatan(
        "ppwp", kind="keberatan", level="kabupaten", jenis="angka", kecamatan="352702", peserta="Pasangan Calon 01",
        saksi="SAKSI CONTOH 01", cells=["I.B.4.L"], description="Jumlah pengguna hak pilih laki-laki Kec. Torjun "
        "tidak sama dengan salinan D.HASIL yang dipegang saksi (contoh data demo).",
    )
    service.add_keberatan("ppwp", kind="kejadian_khusus", level="kabupaten", jenis="prosedur", kecamatan="352710",
                          description="Kotak rekapitulasi Kec. Robatal tiba terlambat 2 jam karena hujan "
                          "(contoh data demo).")
    psu = service.add_keberatan(
        "ppwp", kind="kejadian_khusus", level="ppk", jenis="prosedur", tps=PANDAN_TPS,
        description="Dari formulir kejadian khusus PPK Omben: di TPS 018 Desa Pandan pemilih di bawah umur ikut "
        "mencoblos surat suara Presiden dan Wakil Presiden; pemungutan suara ulang (PSU) untuk surat suara itu "
        "dilaksanakan 18 Februari 2024 dan hasilnya masuk D.HASIL Kecamatan Omben.",
    )
    service.resolve_keberatan(psu, outcome="diterima", tindak_lanjut="PSU dilaksanakan 18-02-2024; hasil PSU "
                              "(81 / 124 / 1) yang dipakai, rekaman Sirekap sebelum PSU tidak dihitung.")
    service.set_attendance("ppwp", demo_attendance(service.contest("ppwp"), service.settings()))

    key = "pdprdk:352702"  # DPRD Kabupaten, Dapil SAMPANG 2 (Jrengik, Sreseh, Tambelangan)
    for kec in service.contest(key).kecamatan_codes:
        service.set_status(key, kec, KecamatanStatus.DITETAPKAN)
    ppk = service.add_keberatan(
        key, kind="kejadian_khusus", level="ppk", jenis="angka", tps=MLAKAH_TPS, peserta=f"{NASDEM}. NasDem",
        saksi="SAKSI CONTOH NASDEM (dua saksi caleg)", cells=["IV.5.T", "V.B"],
        description="Dari formulir kejadian khusus PPK Jrengik: C plano DPRD Kabupaten TPS 003 Desa Mlakah memakai "
        "penghapus cair dan tidak sama dengan salinan C hasil yang dipegang saksi; rapat PPK tidak kondusif, PPK "
        "memutuskan hitung ulang TPS itu dalam rapat pleno KPU Kabupaten (29-02-2024).",
    )
    service.resolve_keberatan(ppk, outcome="diterima", tindak_lanjut="Hitung ulang TPS 003 Desa Mlakah, khusus "
                              "surat suara DPRD Kabupaten, dalam rapat pleno KPU Kabupaten 5–6 Maret 2024.")
    protest = service.add_keberatan(
        key, kind="kejadian_khusus", level="kabupaten", jenis="prosedur", tps=MLAKAH_TPS,
        peserta=f"{NASDEM}. NasDem", saksi="SAKSI CONTOH NASDEM",
        description="Saksi NasDem menolak hitung ulang: keputusan PPK Jrengik sudah terlewati dan ditandatangani, "
        "hitung ulang di tingkat kabupaten dinilai cacat prosedur.",
    )
    service.resolve_keberatan(protest, outcome="ditolak", tindak_lanjut="Hitung ulang tetap dilaksanakan sesuai "
                              "keputusan pleno atas kejadian khusus PPK Jrengik; keberatan dicatat sebagai kejadian "
                              "khusus.")
    record_recount(
        service, key, MLAKAH_TPS,
        [FigureInput(line, MLAKAH_BEFORE[line], MLAKAH_AFTER[line]) for line in MLAKAH_BEFORE],
        reason="C plano memakai penghapus cair dan tidak sama dengan salinan saksi; kotak suara dibuka dan surat "
        "suara DPRD Kabupaten dihitung ulang", keberatan_id=ppk, held_on="2024-03-05",
    )
