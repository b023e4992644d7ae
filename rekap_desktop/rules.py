"""The rule catalogue R1–R17 (recap-domain.md §3), declarative.

Each :class:`RuleSpec` names its id, severity, Indonesian title and message, and how it expands into
concrete :class:`Check` objects for a contest's line catalogue. A check is pure data: which lines it sums on
each side, which relation must hold, and which line carries the finding. The sheet evaluates checks per
kecamatan column and on JUMLAH. A new rule is one new entry in :data:`RULES`; nothing in the UI changes.

Rules that hold by construction in this application (R13, R14, R16) are catalogued too, with the reason,
so that the catalogue is the complete list the plenary can be shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from rekap_desktop.lines import DEMOGRAPHIC_GROUPS, SEX_PARTS, LineCatalogue
from rekap_desktop.numbers import format_delta, format_number

JUMLAH = "JUMLAH"
MAX_VOTERS_PER_TPS = 300  # PKPU: at most 300 voters per TPS (recap-domain.md R17)
CADANGAN = 0.02  # 2% spare ballots (R8)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "galat" if self is Severity.ERROR else "peringatan"


class Relation(StrEnum):
    EQ = "="  # Σ lhs = Σ rhs
    LE = "≤"  # Σ lhs ≤ Σ rhs
    CADANGAN = "≈"  # lhs within [rhs, rhs + ⌈2% rhs⌉ + one per TPS] (R8); a finding's rhs is the edge crossed
    PER_TPS_CAP = "≤ 300×TPS"  # Σ lhs ≤ 300 × TPS count of the column (R17)


@dataclass(frozen=True, slots=True)
class Check:
    """One concrete instance of a rule on a contest."""

    rule: str
    severity: Severity
    relation: Relation
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    target: str  # the line the finding is attached to
    message: str  # format template: {lhs_value} {rhs_value} {diff}; for R8 also {edge} {outside}

    @property
    def lines(self) -> tuple[str, ...]:
        return self.lhs + self.rhs


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule broken, or a manual ≠ Sirekap mismatch, at one cell."""

    rule: str
    severity: Severity
    line: str
    column: str  # 6-digit kecamatan code or JUMLAH
    message: str
    lines: tuple[str, ...] = ()
    lhs_value: int | None = None
    rhs_value: int | None = None


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One rule of the catalogue: id, severity, Indonesian title, how it expands into checks, and its source.

    ``source`` (Indonesian) says where the rule comes from — the label of the form, Sirekap's own validation, a
    regulation or a practitioner — and why it has its severity; it is shown wherever the rule is explained
    (``rekap-desktop aturan``, Bantuan › Daftar aturan, docs/panduan-pleno.md).
    """

    id: str
    severity: Severity
    title: str  # Indonesian
    expand: Callable[[LineCatalogue], Iterable[Check]]
    enforced_by: str = ""  # for rules that hold by construction: how
    source: str = ""


def _sum(lines: Iterable[str]) -> str:
    return " + ".join(lines)


def _eq(rule: str, sev: Severity, target: str, terms: Iterable[str], what: str) -> Check:
    terms = tuple(terms)
    return Check(
        rule, sev, Relation.EQ, (target,), terms, target,
        f"{what}: {target} = {{lhs_value}}, sedangkan {_sum(terms)} = {{rhs_value}} (selisih {{diff}})",
    )


def _le(rule: str, sev: Severity, lhs: Iterable[str], rhs: Iterable[str], what: str) -> Check:
    lhs, rhs = tuple(lhs), tuple(rhs)
    return Check(
        rule, sev, Relation.LE, lhs, rhs, lhs[0],
        f"{what}: {_sum(lhs)} = {{lhs_value}} melebihi {_sum(rhs)} = {{rhs_value}} (lebih {{diff}})",
    )


def _r1(cat: LineCatalogue) -> Iterable[Check]:
    for p, plabel in SEX_PARTS:
        yield _eq("R1", Severity.ERROR, f"I.B.4.{p}", (f"I.B.1.{p}", f"I.B.2.{p}", f"I.B.3.{p}"),
                  f"Jumlah pengguna hak pilih ({plabel}) tidak sama dengan B.1 + B.2 + B.3")


def _r2(cat: LineCatalogue) -> Iterable[Check]:
    for gid, glabel in (*DEMOGRAPHIC_GROUPS, ("III", "Pemilih disabilitas")):
        yield _eq("R2", Severity.ERROR, f"{gid}.JML", (f"{gid}.L", f"{gid}.P"),
                  f"{glabel}: jumlah (L+P) tidak sama dengan laki-laki + perempuan")


def _r3(cat: LineCatalogue) -> Iterable[Check]:
    if cat.contest.ballot.is_legislative_party:
        return
    yield _eq("R3", Severity.ERROR, "V.A", (li.id for li in cat.vote_lines),
              "Jumlah suara sah tidak sama dengan jumlah perolehan suara pada bagian IV")


def _r4(cat: LineCatalogue) -> Iterable[Check]:
    yield _eq("R4", Severity.ERROR, "V.C", ("V.A", "V.B"), "Suara sah + tidak sah tidak sama dengan V.C")


def _r5(cat: LineCatalogue) -> Iterable[Check]:
    yield _eq("R5", Severity.ERROR, "V.C", ("I.B.4.JML",),
              "Jumlah suara sah dan tidak sah tidak sama dengan jumlah pengguna hak pilih")


def _r6(cat: LineCatalogue) -> Iterable[Check]:
    yield _eq("R6", Severity.ERROR, "II.2", ("I.B.4.JML",),
              "Surat suara digunakan tidak sama dengan jumlah pengguna hak pilih")


def _r7(cat: LineCatalogue) -> Iterable[Check]:
    yield _eq("R7", Severity.ERROR, "II.1", ("II.2", "II.3", "II.4"),
              "Surat suara diterima tidak sama dengan digunakan + dikembalikan + tidak digunakan")


def _r8(cat: LineCatalogue) -> Iterable[Check]:
    yield Check(
        "R8", Severity.WARNING, Relation.CADANGAN, ("II.1",), ("I.A.JML",), "II.1",
        "Surat suara diterima = {lhs_value} {edge} = {rhs_value} ({outside})",
    )


def _r9(cat: LineCatalogue) -> Iterable[Check]:
    for p, plabel in SEX_PARTS:
        yield _le("R9", Severity.ERROR, (f"I.B.1.{p}",), (f"I.A.{p}",),
                  f"Pengguna hak pilih dalam DPT ({plabel}) melebihi jumlah pemilih DPT")


def _r10(cat: LineCatalogue) -> Iterable[Check]:
    for p, plabel in SEX_PARTS:
        yield _le("R10", Severity.ERROR, (f"III.{p}",), (f"I.B.4.{p}",),
                  f"Pemilih disabilitas ({plabel}) melebihi jumlah pengguna hak pilih")


def _r11(cat: LineCatalogue) -> Iterable[Check]:
    if not cat.contest.ballot.is_legislative_party:
        return
    for block in cat.contest.parties:
        n = block.party.number
        terms = [f"IV.{n}.0", *(f"IV.{n}.{c.number}" for c in block.candidates)]
        yield _eq("R11", Severity.ERROR, f"IV.{n}.T", terms,
                  f"Jumlah suara {block.party.short_name} tidak sama dengan suara partai + suara seluruh calon")


def _r12(cat: LineCatalogue) -> Iterable[Check]:
    if not cat.contest.ballot.is_legislative_party:
        return
    yield _eq("R12", Severity.ERROR, "V.A", (li.id for li in cat.vote_lines),
              "Jumlah suara sah tidak sama dengan jumlah suara seluruh partai")


def _r17(cat: LineCatalogue) -> Iterable[Check]:
    yield _le("R17", Severity.ERROR, ("V.C",), ("I.A.JML", "I.B.2.JML", "I.B.3.JML"),
              "Jumlah suara melebihi jumlah pemilih (DPT + DPTb + DPK)")
    yield Check(
        "R17", Severity.WARNING, Relation.PER_TPS_CAP, ("V.C",), (), "V.C",
        "Jumlah suara {lhs_value} melebihi batas 300 pemilih per TPS ({rhs_value} untuk kolom ini)",
    )


def _none(cat: LineCatalogue) -> Iterable[Check]:
    return ()


_SIREKAP = "validasi aplikasi Sirekap sendiri (isian administrasi formulir C1)"
_SIREKAP_CAP = "V" + _SIREKAP[1:]

RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        "R1", Severity.ERROR, "B.4 = B.1 + B.2 + B.3 (L, P, L+P)", _r1,
        source="Label formulir C.HASIL (PKPU 25/2023) baris I.B.4 “Jumlah Pengguna Hak Pilih (B.1 + B.2 + B.3)”; "
        f"{_SIREKAP}: total pengguna = B1 + B2 + B3.",
    ),
    RuleSpec(
        "R2", Severity.ERROR, "Jumlah (L+P) = L + P pada data pemilih, pengguna dan disabilitas", _r2,
        source="Kolom “JUMLAH (L+P)” formulir C.HASIL bagian I dan III.",
    ),
    RuleSpec(
        "R3", Severity.ERROR, "Suara sah = Σ perolehan paslon / calon DPD", _r3,
        source="Label V.A C.HASIL-PPWP “Jumlah seluruh suara sah (IV.1 + IV.2 + IV.3)”; DPD: jumlah suara sah "
        "seluruh calon (sejajar, formulir DPD belum terbaca).",
    ),
    RuleSpec(
        "R4", Severity.ERROR, "V.C = V.A + V.B", _r4,
        source="Label V.C formulir C.HASIL “Jumlah seluruh suara sah dan suara tidak sah (V.A + V.B)”.",
    ),
    RuleSpec(
        "R5", Severity.ERROR, "Suara sah + tidak sah = jumlah pengguna hak pilih", _r5,
        source="Setiap pengguna hak pilih menerima satu surat suara jenis ini: suara sah + tidak sah = pengguna "
        f"(praktisi rekapitulasi 2024, Kompasiana); {_SIREKAP}: surat suara digunakan = total pengguna.",
    ),
    RuleSpec(
        "R6", Severity.ERROR, "Surat suara digunakan = jumlah pengguna hak pilih", _r6,
        source=f"{_SIREKAP_CAP}: surat suara digunakan = total pengguna hak pilih.",
    ),
    RuleSpec(
        "R7", Severity.ERROR, "Diterima = digunakan + dikembalikan + tidak digunakan", _r7,
        source=f"{_SIREKAP_CAP}: diterima = digunakan + dikembalikan + tidak digunakan; label II.1–II.4 "
        "formulir C.HASIL.",
    ),
    RuleSpec(
        "R8", Severity.WARNING, "Surat suara diterima ≈ DPT + cadangan 2%", _r8,
        source="Label II.1 C.HASIL “termasuk surat suara cadangan 2% dari DPT”; cadangan dihitung per TPS dan "
        "dibulatkan ke atas (Ketua KPU, RRI 20-09-2023). Peringatan saja: surat suara dapat dialihkan antar-TPS "
        "dan pembulatan per TPS tidak terlihat di tingkat kecamatan.",
    ),
    RuleSpec(
        "R9", Severity.ERROR, "Pengguna hak pilih DPT ≤ DPT (L, P, L+P)", _r9,
        source=f"{_SIREKAP_CAP}: pengguna DPT melebihi DPT tidak sah, untuk L, P dan jumlah. Galat: "
        "pengguna hak pilih dalam DPT adalah bagian dari DPT, angka yang lebih besar mustahil (issue 13.5).",
    ),
    RuleSpec(
        "R10", Severity.ERROR, "Pemilih disabilitas ≤ pengguna hak pilih (L, P, L+P)", _r10,
        source="Bagian III C.HASIL “Jumlah seluruh pemilih disabilitas yang menggunakan hak pilih” adalah "
        "bagian dari I.B.4 (pengguna hak pilih). Galat: angka yang lebih besar mustahil (issue 13.5).",
    ),
    RuleSpec(
        "R11", Severity.ERROR, "Jumlah partai = suara partai + Σ suara calon", _r11,
        source="Salinan C.HASIL legislatif: “A.1 Suara partai”, “A.2 Suara calon”, “B. Jumlah suara sah "
        "partai politik dan calon (A.1 + A.2)”; Sirekap jml_suara_total = suara partai + seluruh calonnya.",
    ),
    RuleSpec(
        "R12", Severity.ERROR, "Suara sah = Σ jumlah suara partai", _r12,
        source="Label V.A formulir legislatif: jumlah suara sah seluruh partai politik dan calon (sejajar R3).",
    ),
    RuleSpec(
        "R13", Severity.ERROR, "Kolom JUMLAH = Σ kolom kecamatan", _none,
        enforced_by="Kolom JUMLAH selalu dihitung aplikasi dari kolom kecamatan dan tidak dapat diisi.",
        source="Rekapitulasi berjenjang: kabupaten/kota menjumlahkan hasil rekapitulasi kecamatan (Ketua KPU, "
        "Republika 2024).",
    ),
    RuleSpec(
        "R14", Severity.ERROR, "Kolom kecamatan = JUMLAH D.HASIL KECAMATAN yang dibacakan PPK", _none,
        enforced_by="Angka yang diketik operator adalah angka yang dibacakan PPK dari D.HASIL KECAMATAN; "
        "setiap perbedaan dengan Sirekap ditandai SIREKAP_MISMATCH.",
        source="“Rekapitulasi di tingkat kabupaten/kota, yang digunakan adalah hasil rekapitulasi di tingkat "
        "kecamatan” (Ketua KPU, Republika); Bawaslu menyandingkan D.HASIL, salinannya dan Sirekap (TVRI Jakarta).",
    ),
    RuleSpec(
        "R15", Severity.WARNING, "DPT (I.A) sama untuk kelima jenis pemilihan", _none,
        enforced_by="Dinilai lintas kontes oleh cross_contest_findings().",
        source="DPT adalah satu daftar untuk kelima surat suara (disimpulkan; belum ada sumber resmi). Peringatan: "
        "I.B.2, I.B.4 dan II boleh berbeda antarjenis (pemilih DPTb pindah dapil mendapat lebih sedikit surat suara).",
    ),
    RuleSpec(
        "R16", Severity.ERROR, "DPRD: hanya kecamatan dalam dapil; partai tanpa calon tanpa baris calon", _none,
        enforced_by="Kontes dibentuk dari susunan dapil dan DCT; isian di luar dapil ditolak saat impor/entri.",
        source="Susunan dapil DPRD (PKPU 6/2023) dan Daftar Calon Tetap per dapil.",
    ),
    RuleSpec(
        "R17", Severity.ERROR, "Suara ≤ pemilih (DPT + DPTb + DPK); ≤ 300 per TPS", _r17,
        source="Suara tidak dapat melebihi pemilih (DPT + DPTb + DPK): galat. Paling banyak 300 pemilih DPT per "
        "TPS pada Pemilu 2024, 306 surat suara dengan cadangan (Ketua KPU, Bloomberg Technoz 12-02-2024): "
        "peringatan saja, karena pemilih DPTb/DPK dapat menambah pemilih sebuah TPS.",
    ),
)

RULES_BY_ID: dict[str, RuleSpec] = {r.id: r for r in RULES}


def explain(rule_id: str) -> str:
    """One Indonesian paragraph for a rule: id, title, severity, source (and how the app enforces it).

    ``SIREKAP_MISMATCH`` and unknown ids get a short text; the Sirekap TPS anomalies explain themselves.
    """
    spec = RULES_BY_ID.get(rule_id)
    if spec is None:
        if rule_id == "SIREKAP_MISMATCH":
            return ("SIREKAP_MISMATCH — angka manual berbeda dengan jumlah data Sirekap yang lengkap (peringatan). "
                    "Sumber: Bawaslu menyandingkan D.HASIL dengan Sirekap; Sirekap hanya alat bantu, angka manual "
                    "yang sah.")
        return rule_id
    text = f"{spec.id} — {spec.title} ({spec.severity.label}). Sumber: {spec.source}"
    if spec.enforced_by:
        text += f" Dijaga aplikasi: {spec.enforced_by}"
    return text


def expand_checks(catalogue: LineCatalogue, rules: Iterable[RuleSpec] = RULES) -> tuple[Check, ...]:
    """All concrete checks of the rules on one contest; checks reading unknown lines are dropped."""
    checks: list[Check] = []
    for spec in rules:
        for check in spec.expand(catalogue):
            if all(line in catalogue for line in check.lines):
                checks.append(check)
    return tuple(checks)


def evaluate(check: Check, values: Mapping[str, int | None], tps_count: int | None) -> tuple[int, int] | None:
    """Return (lhs, rhs) when the check is broken, None when it holds or cannot be judged yet.

    A check with any of its cells still empty is not judged: an empty cell is "belum diisi", not zero.
    """
    lhs = 0
    for line in check.lhs:
        v = values.get(line)
        if v is None:
            return None
        lhs += v
    rhs = 0
    for line in check.rhs:
        v = values.get(line)
        if v is None:
            return None
        rhs += v
    rel = check.relation
    if rel is Relation.EQ:
        return None if lhs == rhs else (lhs, rhs)
    if rel is Relation.LE:
        return None if lhs <= rhs else (lhs, rhs)
    if rel is Relation.CADANGAN:  # (lhs, the edge of the band it is outside): DPT, or DPT + cadangan
        if lhs < rhs:
            return lhs, rhs
        upper = cadangan_upper(rhs, tps_count)
        return None if lhs <= upper else (lhs, upper)
    if rel is Relation.PER_TPS_CAP:
        if not tps_count:
            return None
        cap = MAX_VOTERS_PER_TPS * tps_count
        return None if lhs <= cap else (lhs, cap)
    raise AssertionError(rel)  # pragma: no cover


def cadangan_upper(dpt: int, tps_count: int | None) -> int:
    """The most ballots R8 accepts: DPT + 2% cadangan rounded up, plus one per TPS (each TPS rounds its own 2%
    up, which the kecamatan total cannot show)."""
    return dpt + -(-dpt * 2 // 100) + (tps_count or 0)


CADANGAN_LOW = "kurang dari DPT"
CADANGAN_HIGH = "melebihi DPT + cadangan 2% (dibulatkan ke atas per TPS)"


def make_finding(check: Check, column: str, lhs: int, rhs: int) -> Finding:
    """The finding of a broken check; `lhs`, `rhs` as :func:`evaluate` returns them (for R8, `rhs` is the edge of
    the band crossed, so the difference is how far outside the band the figure is)."""
    diff = lhs - rhs
    edge = CADANGAN_LOW if diff < 0 else CADANGAN_HIGH
    outside = f"kurang {format_number(-diff)}" if diff < 0 else f"lebih {format_number(diff)}"
    message = check.message.format(
        lhs_value=format_number(lhs), rhs_value=format_number(rhs), diff=format_delta(diff), edge=edge,
        outside=outside,
    )
    return Finding(check.rule, check.severity, check.target, column, message, check.lines, lhs, rhs)


def cross_contest_findings(
    dpt_by_contest: Mapping[str, Mapping[str, int | None]],
) -> list[tuple[str, Finding]]:
    """R15: the DPT (I.A.JML) of a kecamatan must be the same on every ballot.

    ``dpt_by_contest`` maps contest key → {kecamatan code → I.A.JML}. A finding is attached to every
    contest's cell that differs from the PPWP figure (or, without PPWP, from the most common figure).
    """
    by_kec: dict[str, dict[str, int]] = {}
    for key, per_kec in dpt_by_contest.items():
        for kec, value in per_kec.items():
            if value is not None:
                by_kec.setdefault(kec, {})[key] = value
    findings: list[tuple[str, Finding]] = []
    for kec, values in sorted(by_kec.items()):
        if len(set(values.values())) <= 1:
            continue
        counts = list(values.values())
        reference_key = "ppwp" if "ppwp" in values else max(values, key=lambda k: counts.count(values[k]))
        ref = values[reference_key]
        for key, value in sorted(values.items()):
            if value != ref:
                findings.append((key, Finding(
                    "R15", Severity.WARNING, "I.A.JML", kec,
                    f"DPT kecamatan {kec} = {format_number(value)} berbeda dengan {reference_key} "
                    f"= {format_number(ref)} (selisih {format_delta(value - ref)})",
                    ("I.A.JML",), value, ref,
                )))
    return findings
