"""Synthetic berita acara data for the report tests and the benchmark.

Kabupaten Sampang's 14 kecamatan (real codes and names, DPT scaled to the published total 761.421); figures
are generated deterministically and obey the form's arithmetic (I.B.4 = B.1 + B.2 + B.3, V.C = V.A + V.B, V.A =
sum of section IV). Candidate names are obviously fictitious ("CALON FIKTIF A-1"); the paslon are the real 2024
pairs as Sirekap publishes them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Sequence

from rekap_desktop.form_names import election_title, model_code
from reports.berita_acara_data import (
    BeritaAcaraData,
    KeberatanRow,
    LineRow,
    Signatory,
)
from reports.page_furniture import DocumentStamp

TZ_WIB = dt.timezone(dt.timedelta(hours=7))
GENERATED_AT = dt.datetime(2024, 3, 3, 16, 30, 0, tzinfo=TZ_WIB)
MEETING_DATE = dt.date(2024, 3, 3)  # a Sunday

# code, name, DPS (Apr 2023) — the DPT per kecamatan is scaled from it to the published total
SAMPANG_KECAMATAN: tuple[tuple[str, str, int], ...] = (
    ("352701", "SRESEH", 26_482),
    ("352702", "TORJUN", 32_571),
    ("352703", "SAMPANG", 94_518),
    ("352704", "CAMPLONG", 70_336),
    ("352705", "OMBEN", 63_325),
    ("352706", "KEDUNGDUNG", 73_405),
    ("352707", "JRENGIK", 30_168),
    ("352708", "TAMBELANGAN", 42_949),
    ("352709", "BANYUATES", 66_654),
    ("352710", "ROBATAL", 43_108),
    ("352711", "SOKOBANAH", 59_289),
    ("352712", "KETAPANG", 70_398),
    ("352713", "PANGARENGAN", 19_143),
    ("352714", "KARANGPENANG", 58_361),
)
SAMPANG_DPT_L = 372_726
SAMPANG_DPT_P = 388_695
SAMPANG_DPT = SAMPANG_DPT_L + SAMPANG_DPT_P  # 761.421

PASLON = (
    "H. ANIES RASYID BASWEDAN, Ph.D. – Dr. (H.C.) H. A. MUHAIMIN ISKANDAR",
    "H. PRABOWO SUBIANTO – GIBRAN RAKABUMING RAKA",
    "H. GANJAR PRANOWO, S.H., M.I.P. – Prof. Dr. H. M. MAHFUD MD",
)
PASLON_SHORT = ("01 · ANIES – MUHAIMIN", "02 · PRABOWO – GIBRAN", "03 · GANJAR – MAHFUD")

PARTIES: tuple[tuple[int, str, str], ...] = (
    (1, "PKB", "PARTAI KEBANGKITAN BANGSA"),
    (2, "GERINDRA", "PARTAI GERAKAN INDONESIA RAYA"),
    (3, "PDI PERJUANGAN", "PARTAI DEMOKRASI INDONESIA PERJUANGAN"),
    (4, "GOLKAR", "PARTAI GOLONGAN KARYA"),
    (5, "NASDEM", "PARTAI NASDEM"),
    (6, "BURUH", "PARTAI BURUH"),
    (7, "GELORA", "PARTAI GELOMBANG RAKYAT INDONESIA"),
    (8, "PKS", "PARTAI KEADILAN SEJAHTERA"),
    (9, "PKN", "PARTAI KEBANGKITAN NUSANTARA"),
    (10, "HANURA", "PARTAI HATI NURANI RAKYAT"),
    (11, "GARUDA", "PARTAI GARDA REPUBLIK INDONESIA"),
    (12, "PAN", "PARTAI AMANAT NASIONAL"),
    (13, "PBB", "PARTAI BULAN BINTANG"),
    (14, "DEMOKRAT", "PARTAI DEMOKRAT"),
    (15, "PSI", "PARTAI SOLIDARITAS INDONESIA"),
    (16, "PERINDO", "PARTAI PERINDO"),
    (17, "PPP", "PARTAI PERSATUAN PEMBANGUNAN"),
    (24, "UMMAT", "PARTAI UMMAT"),
)

KPU_MEMBERS = (
    ("ketua", "ANGGOTA FIKTIF KETUA"),
    ("anggota", "ANGGOTA FIKTIF DUA"),
    ("anggota", "ANGGOTA FIKTIF TIGA"),
    ("anggota", "ANGGOTA FIKTIF EMPAT"),
    ("anggota", "ANGGOTA FIKTIF LIMA"),
)
REFUSAL_REASON = "Selisih suara di Kecamatan Omben belum dijelaskan oleh PPK"

Figures = dict[str, int]


def _split_total(total: int, weights: Sequence[float]) -> list[int]:
    """Integers proportional to ``weights`` that add up exactly to ``total``."""
    raw = [total * w / sum(weights) for w in weights]
    out = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[: total - sum(out)]:
        out[i] += 1
    return out


def sampang_columns() -> list[tuple[str, str]]:
    return [(code, name) for code, name, _ in SAMPANG_KECAMATAN]


def sampang_dpt() -> tuple[Figures, Figures]:
    weights = [dps for _, _, dps in SAMPANG_KECAMATAN]
    codes = [code for code, _, _ in SAMPANG_KECAMATAN]
    males = _split_total(SAMPANG_DPT_L, weights)
    females = _split_total(SAMPANG_DPT_P, weights)
    return dict(zip(codes, males, strict=True)), dict(zip(codes, females, strict=True))


def synthetic_columns(n: int) -> list[tuple[str, str]]:
    return [(f"9901{i:02d}", f"SINTETIS {i:02d}") for i in range(1, n + 1)]


def synthetic_dpt(columns: Sequence[tuple[str, str]], rng: random.Random) -> tuple[Figures, Figures]:
    males = {code: rng.randint(14_000, 36_000) for code, _ in columns}
    females = {code: males[code] + rng.randint(-800, 1_500) for code, _ in columns}
    return males, females


def _sum(figures: Figures) -> int:
    return sum(figures.values())


def _line(line_id: str, section: str, label: str, figures: Figures, *, indent: int = 0, **kw: bool) -> LineRow:
    return LineRow(
        line_id=line_id,
        section=section,  # type: ignore[arg-type]
        label=label,
        indent=indent,
        values=dict(figures),
        total=_sum(figures),
        **kw,
    )


def _header(line_id: str, section: str, label: str, *, indent: int = 0) -> LineRow:
    return LineRow(line_id=line_id, section=section, label=label, indent=indent, is_header=True)  # type: ignore[arg-type]


@dataclasses.dataclass
class _Admin:
    lines: list[LineRow]
    voters: Figures  # pengguna hak pilih (I.B.4 JML), = V.C
    invalid: Figures  # V.B


def _admin_lines(columns: Sequence[tuple[str, str]], dpt: tuple[Figures, Figures], rng: random.Random) -> _Admin:
    codes = [c for c, _ in columns]
    dpt_l, dpt_p = dpt
    lines: list[LineRow] = [
        _header("I.A", "I", "A. DATA PEMILIH"),
        _header("I.A.H", "I", "Jumlah Pemilih dalam Daftar Pemilih Tetap (DPT)", indent=1),
        _line("I.A.L", "I", "Laki-laki (L)", dpt_l, indent=2),
        _line("I.A.P", "I", "Perempuan (P)", dpt_p, indent=2),
        _line("I.A.JML", "I", "Jumlah (L+P)", {c: dpt_l[c] + dpt_p[c] for c in codes}, indent=2, is_total=True),
        _header("I.B", "I", "B. PENGGUNA HAK PILIH"),
    ]
    users_l: dict[str, Figures] = {}
    users_p: dict[str, Figures] = {}
    users_l["1"] = {c: int(dpt_l[c] * rng.uniform(0.74, 0.86)) for c in codes}
    users_p["1"] = {c: int(dpt_p[c] * rng.uniform(0.76, 0.88)) for c in codes}
    users_l["2"] = {c: rng.randint(20, 260) for c in codes}
    users_p["2"] = {c: rng.randint(20, 260) for c in codes}
    users_l["3"] = {c: rng.randint(5, 120) for c in codes}
    users_p["3"] = {c: rng.randint(5, 120) for c in codes}
    users_l["4"] = {c: sum(users_l[k][c] for k in "123") for c in codes}
    users_p["4"] = {c: sum(users_p[k][c] for k in "123") for c in codes}
    labels = {
        "1": "1. Jumlah pengguna hak pilih dalam Daftar Pemilih Tetap (DPT)",
        "2": "2. Jumlah pengguna hak pilih dalam Daftar Pemilih Tambahan (DPTb)",
        "3": "3. Jumlah pengguna hak pilih dalam Daftar Pemilih Khusus (DPK)",
        "4": "4. Jumlah Pengguna Hak Pilih (B.1 + B.2 + B.3)",
    }
    for k in "1234":
        bold = k == "4"
        lines.append(_header(f"I.B.{k}.H", "I", labels[k], indent=1))
        lines.append(_line(f"I.B.{k}.L", "I", "Laki-laki (L)", users_l[k], indent=2))
        lines.append(_line(f"I.B.{k}.P", "I", "Perempuan (P)", users_p[k], indent=2))
        lines.append(
            _line(
                f"I.B.{k}.JML",
                "I",
                "Jumlah (L+P)",
                {c: users_l[k][c] + users_p[k][c] for c in codes},
                indent=2,
                is_total=bold,
            )
        )
    voters = {c: users_l["4"][c] + users_p["4"][c] for c in codes}
    received = {c: int((dpt_l[c] + dpt_p[c]) * 1.02) + 1 for c in codes}
    spoiled = {c: rng.randint(0, 40) for c in codes}
    unused = {c: received[c] - voters[c] - spoiled[c] for c in codes}
    lines += [
        _line("II.1", "II", "1. Jumlah surat suara yang diterima, termasuk surat suara cadangan 2% dari DPT", received),
        _line("II.2", "II", "2. Jumlah surat suara yang digunakan", voters),
        _line(
            "II.3",
            "II",
            "3. Jumlah surat suara yang dikembalikan oleh pemilih (karena rusak atau keliru coblos)",
            spoiled,
        ),
        _line(
            "II.4",
            "II",
            "4. Jumlah surat suara yang tidak digunakan/tidak terpakai, termasuk sisa surat suara cadangan",
            unused,
        ),
    ]
    dis_l = {c: rng.randint(3, 90) for c in codes}
    dis_p = {c: rng.randint(3, 90) for c in codes}
    lines += [
        _header("III.H", "III", "Jumlah seluruh Pemilih disabilitas yang menggunakan hak pilih"),
        _line("III.L", "III", "Laki-laki (L)", dis_l, indent=1),
        _line("III.P", "III", "Perempuan (P)", dis_p, indent=1),
        _line("III.JML", "III", "Jumlah (L+P)", {c: dis_l[c] + dis_p[c] for c in codes}, indent=1, is_total=True),
    ]
    invalid = {c: int(voters[c] * rng.uniform(0.015, 0.04)) for c in codes}
    return _Admin(lines, voters, invalid)


def _section_v(admin: _Admin, valid: Figures, section_iv_ref: str) -> list[LineRow]:
    codes = list(valid)
    return [
        _line("V.A", "V", f"A. JUMLAH SELURUH SUARA SAH ({section_iv_ref})", valid, in_words=True, is_total=True),
        _line("V.B", "V", "B. JUMLAH SUARA TIDAK SAH", admin.invalid, in_words=True),
        _line(
            "V.C",
            "V",
            "C. JUMLAH SELURUH SUARA SAH DAN SUARA TIDAK SAH (A + B)",
            {c: valid[c] + admin.invalid[c] for c in codes},
            in_words=True,
            is_total=True,
        ),
    ]


def _kpu_signatories() -> list[Signatory]:
    return [Signatory(role=role, name=name) for role, name in KPU_MEMBERS]  # type: ignore[arg-type]


def _bawaslu() -> list[Signatory]:
    return [Signatory(role="bawaslu", name="PENGAWAS FIKTIF BAWASLU", signs=False)]


def _finish(
    *,
    ballot: str,
    columns: Sequence[tuple[str, str]],
    lines: list[LineRow],
    signatories: list[Signatory],
    dapil: str | None,
    kabupaten: str = "KABUPATEN SAMPANG",
    keberatan: Sequence[KeberatanRow] = (),
    paper: str = "a4",
) -> BeritaAcaraData:
    return BeritaAcaraData(
        ballot=ballot,  # type: ignore[arg-type]
        election_title=election_title(ballot),
        model_code=model_code(ballot),
        year=2024,
        provinsi="JAWA TIMUR",
        kabupaten=kabupaten,
        dapil=dapil,
        office=f"KOMISI PEMILIHAN UMUM {kabupaten}",
        place="Aula KPU Kabupaten Sampang, Jl. Rajawali No. 1 (alamat fiktif), Sampang",
        meeting_date=MEETING_DATE,
        start_time="09.00",
        end_time="16.15",
        columns=list(columns),
        lines=lines,
        signatories=signatories,
        keberatan=list(keberatan),
        paper=paper,  # type: ignore[arg-type]
    )


def ppwp_data(
    *,
    columns: Sequence[tuple[str, str]] | None = None,
    seed: int = 2024,
    keberatan: bool = False,
    paper: str = "a4",
) -> BeritaAcaraData:
    """PPWP for Sampang (or synthetic ``columns``); saksi 02 refuses to sign, saksi 03 is absent."""
    rng = random.Random(seed)
    cols = list(columns) if columns is not None else sampang_columns()
    dpt = sampang_dpt() if columns is None else synthetic_dpt(cols, rng)
    admin = _admin_lines(cols, dpt, rng)
    codes = [c for c, _ in cols]
    valid = {c: admin.voters[c] - admin.invalid[c] for c in codes}
    shares = [(0.42, 0.49, 0.09)] * len(codes)
    votes: list[Figures] = [{}, {}, {}]
    for c, share in zip(codes, shares, strict=True):
        noisy = [s * rng.uniform(0.8, 1.2) for s in share]
        for i, v in enumerate(_split_total(valid[c], noisy)):
            votes[i][c] = v
    lines = admin.lines
    for i, name in enumerate(PASLON):
        lines.append(_line(f"IV.{i + 1}", "IV", f"{i + 1}. {name}", votes[i], in_words=True))
    lines += _section_v(admin, valid, "IV.1 + IV.2 + IV.3")
    signatories = _kpu_signatories()
    signatories += [
        Signatory(role="saksi", name="SAKSI FIKTIF SATU", peserta=PASLON_SHORT[0]),
        Signatory(
            role="saksi", name="SAKSI FIKTIF DUA", peserta=PASLON_SHORT[1], signs=False, refusal_reason=REFUSAL_REASON
        ),
        Signatory(role="saksi", name="SAKSI FIKTIF TIGA", peserta=PASLON_SHORT[2], present=False, signs=False),
    ]
    signatories += _bawaslu()
    kb: list[KeberatanRow] = []
    if keberatan:
        kb.append(
            KeberatanRow(
                number=1,
                kind="keberatan",
                kecamatan="OMBEN",
                peserta=PASLON_SHORT[1],
                saksi="SAKSI FIKTIF DUA",
                cells="IV.2, V.A",
                description="Saksi menyatakan perolehan suara paslon 02 di Kecamatan Omben kurang 12 suara.",
                outcome="Dicocokkan dengan D.HASIL KECAMATAN; angka tetap.",
                tindak_lanjut="Dicatat; saksi diarahkan ke Bawaslu Kabupaten.",
            )
        )
    return _finish(
        ballot="ppwp",
        columns=cols,
        lines=lines,
        signatories=signatories,
        dapil=None,
        keberatan=kb,
        paper=paper,
    )


def _party_lines(
    codes: Sequence[str],
    valid: Figures,
    parties: Sequence[tuple[int, str, str]],
    candidates: int,
    rng: random.Random,
) -> list[LineRow]:
    weights = [rng.uniform(0.2, 3.0) for _ in parties]
    per_party: list[Figures] = [{} for _ in parties]
    for c in codes:
        for i, v in enumerate(_split_total(valid[c], [w * rng.uniform(0.7, 1.3) for w in weights])):
            per_party[i][c] = v
    lines: list[LineRow] = []
    for pi, (number, short, full) in enumerate(parties):
        letter = chr(ord("A") + pi)
        lines.append(_header(f"IV.{number}", "IV", f"{number}. {full} ({short})"))
        shares = [rng.uniform(0.1, 1.0) for _ in range(candidates + 1)]
        shares[0] *= 2.5  # party-only votes
        split = {c: _split_total(per_party[pi][c], shares) for c in codes}
        lines.append(_line(f"IV.{number}.0", "IV", "Suara partai politik", {c: split[c][0] for c in codes}, indent=1))
        for k in range(1, candidates + 1):
            lines.append(
                _line(
                    f"IV.{number}.{k}",
                    "IV",
                    f"{k}. CALON FIKTIF {letter}-{k}",
                    {c: split[c][k] for c in codes},
                    indent=1,
                )
            )
        lines.append(
            _line(
                f"IV.{number}.T",
                "IV",
                "Jumlah suara sah partai politik dan calon",
                per_party[pi],
                indent=1,
                is_total=True,
            )
        )
    return lines


def legislative_data(
    ballot: str = "pdpr",
    *,
    columns: Sequence[tuple[str, str]] | None = None,
    dapil: str = "JAWA TIMUR XI",
    candidates: int = 8,
    seed: int = 11,
    keberatan: bool = True,
    paper: str = "a4",
    serial: int = 2,
) -> BeritaAcaraData:
    """DPR / DPRD with 18 parties × ``candidates`` fictitious candidates; one keberatan, one refusal, one absence."""
    rng = random.Random(seed)
    cols = list(columns) if columns is not None else sampang_columns()
    if columns is None:
        dpt = sampang_dpt()
    else:
        all_l, all_p = sampang_dpt()
        known = set(all_l)
        dpt = (
            ({c: all_l[c] for c, _ in cols}, {c: all_p[c] for c, _ in cols})
            if all(c in known for c, _ in cols)
            else synthetic_dpt(cols, rng)
        )
    admin = _admin_lines(cols, dpt, rng)
    codes = [c for c, _ in cols]
    valid = {c: admin.voters[c] - admin.invalid[c] for c in codes}
    lines = admin.lines + _party_lines(codes, valid, PARTIES, candidates, rng)
    lines += _section_v(admin, valid, "jumlah suara sah seluruh partai politik dan calon")
    signatories = _kpu_signatories()
    for i, (number, short, _) in enumerate(PARTIES):
        name = f"SAKSI FIKTIF PARTAI {number}"
        if i == 2:
            signatories.append(
                Signatory(
                    role="saksi",
                    name=name,
                    peserta=f"{number} · {short}",
                    signs=False,
                    refusal_reason="Keberatan atas rekapitulasi Kecamatan Robatal",
                )
            )
        elif i == 9:
            signatories.append(
                Signatory(role="saksi", name=name, peserta=f"{number} · {short}", present=False, signs=False)
            )
        else:
            signatories.append(Signatory(role="saksi", name=name, peserta=f"{number} · {short}"))
    signatories += _bawaslu()
    kb = (
        [
            KeberatanRow(
                number=1,
                kind="keberatan",
                kecamatan=cols[min(9, len(cols) - 1)][1],
                peserta="3 · PDI PERJUANGAN",
                saksi="SAKSI FIKTIF PARTAI 3",
                cells="IV.3.2, IV.3.T",
                description="Saksi meminta pencocokan ulang suara calon nomor urut 2 dengan Model C.HASIL di 3 TPS.",
                outcome="Dicocokkan dengan Model C.HASIL; terdapat koreksi 4 suara, disetujui forum.",
                tindak_lanjut="Angka dikoreksi dalam D.HASIL KABKO; saksi tetap menolak menandatangani.",
            ),
            KeberatanRow(
                number=2,
                kind="kejadian khusus",
                kecamatan=None,
                peserta=None,
                saksi=None,
                cells="",
                description="Rapat diskors pukul 12.00–13.00 karena pemadaman listrik.",
                outcome="Rapat dilanjutkan setelah listrik menyala.",
                tindak_lanjut="",
            ),
        ]
        if keberatan
        else []
    )
    return _finish(
        ballot=ballot,
        columns=cols,
        lines=lines,
        signatories=signatories,
        dapil=dapil,
        keberatan=kb,
        paper=paper,
    )


def dpd_data(*, candidates: int = 20, seed: int = 35) -> BeritaAcaraData:
    rng = random.Random(seed)
    cols = sampang_columns()
    admin = _admin_lines(cols, sampang_dpt(), rng)
    codes = [c for c, _ in cols]
    valid = {c: admin.voters[c] - admin.invalid[c] for c in codes}
    weights = [rng.uniform(0.2, 3.0) for _ in range(candidates)]
    per: list[Figures] = [{} for _ in range(candidates)]
    for c in codes:
        for i, v in enumerate(_split_total(valid[c], weights)):
            per[i][c] = v
    lines = admin.lines
    for i in range(candidates):
        lines.append(_line(f"IV.{i + 1}", "IV", f"{i + 1}. CALON DPD FIKTIF {i + 1}", per[i]))
    lines += _section_v(admin, valid, f"IV.1 s.d. IV.{candidates}")
    signatories = _kpu_signatories() + [
        Signatory(role="saksi", name=f"SAKSI FIKTIF DPD {i + 1}", peserta=f"{i + 1} · CALON DPD FIKTIF {i + 1}")
        for i in range(candidates)
    ]
    return _finish(ballot="pdpd", columns=cols, lines=lines, signatories=signatories + _bawaslu(), dapil=None)


# A fictitious grouping of Sampang's kecamatan into 4 DPRD Kabupaten dapil (the real one is not known here).
DPRD_KAB_DAPIL: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("SAMPANG 1", ("352703", "352702", "352713")),
    ("SAMPANG 2", ("352701", "352707", "352704", "352705")),
    ("SAMPANG 3", ("352706", "352708", "352710")),
    ("SAMPANG 4", ("352709", "352711", "352712", "352714")),
)


def all_sampang_contests() -> list[BeritaAcaraData]:
    """Every contest of the kabupaten: PPWP, DPR, DPD, DPRD Provinsi, DPRD Kabupaten × 4 dapil."""
    names = dict(sampang_columns())
    out = [
        ppwp_data(keberatan=True),
        legislative_data("pdpr", candidates=8),
        dpd_data(),
        legislative_data("pdprdp", dapil="JAWA TIMUR XIV (FIKTIF)", candidates=10, seed=14),
    ]
    for i, (dapil, codes) in enumerate(DPRD_KAB_DAPIL):
        out.append(
            legislative_data(
                "pdprdk",
                columns=[(c, names[c]) for c in codes],
                dapil=dapil,
                candidates=10,
                seed=100 + i,
                keberatan=i == 0,
            )
        )
    return out


def stamp_for(data: BeritaAcaraData, *, version: int = 1, draft: bool = False,
              reasons: Sequence[str] = (), anchor: str = "AUDIT 8067:df6aa6fb02d159e8") -> DocumentStamp:
    """The identity printed on a test document (a fixed, plausible anchor; the fixture's creation time)."""
    dapil = "-" + ("".join(ch for ch in data.dapil if ch.isdigit()) or "3511") if data.dapil else ""
    return DocumentStamp(f"DHK-3527-{data.ballot.upper()}{dapil}-V{version}", anchor, data.data_sha256, GENERATED_AT,
                         draft=draft, draft_reasons=tuple(reasons))
