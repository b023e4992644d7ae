"""The line catalogue of a contest: the rows of the D.HASIL form, by the stable line ids of DESIGN §3."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest


class Section(StrEnum):
    I = "I"
    II = "II"
    III = "III"
    IV = "IV"
    V = "V"

    @property
    def heading(self) -> str:
        return _SECTION_TITLES[self]


_SECTION_TITLES = {
    Section.I: "I. DATA PEMILIH DAN PENGGUNA HAK PILIH",
    Section.II: "II. DATA PENGGUNAAN SURAT SUARA",
    Section.III: "III. DATA PEMILIH DISABILITAS",
    Section.IV: "IV. DATA PEROLEHAN SUARA",
    Section.V: "V. DATA SUARA SAH DAN TIDAK SAH",
}

SEX_PARTS: tuple[tuple[str, str], ...] = (("L", "Laki-laki"), ("P", "Perempuan"), ("JML", "Jumlah (L+P)"))

DEMOGRAPHIC_GROUPS: tuple[tuple[str, str], ...] = (
    ("I.A", "A. Jumlah pemilih dalam DPT"),
    ("I.B.1", "B.1 Pengguna hak pilih dalam DPT"),
    ("I.B.2", "B.2 Pengguna hak pilih dalam DPTb"),
    ("I.B.3", "B.3 Pengguna hak pilih dalam DPK"),
    ("I.B.4", "B.4 Jumlah pengguna hak pilih (B.1 + B.2 + B.3)"),
)

BALLOT_PAPER_LINES: tuple[tuple[str, str], ...] = (
    ("II.1", "1. Surat suara diterima, termasuk cadangan 2% dari DPT"),
    ("II.2", "2. Surat suara digunakan"),
    ("II.3", "3. Surat suara dikembalikan pemilih (rusak/keliru coblos)"),
    ("II.4", "4. Surat suara tidak digunakan, termasuk sisa cadangan"),
)

TOTAL_LINES: tuple[tuple[str, str], ...] = (
    ("V.A", "A. Jumlah seluruh suara sah"),
    ("V.B", "B. Jumlah suara tidak sah"),
    ("V.C", "C. Jumlah seluruh suara sah dan tidak sah (A + B)"),
)


@dataclass(frozen=True, slots=True)
class Line:
    """One enterable row of the form."""

    id: str
    section: Section
    label: str
    indent: int = 0
    has_sirekap: bool = True  # II and III have no Sirekap source; candidate rows have none at TPS level
    party: int | None = None  # legislative party block this line belongs to
    in_words: bool = False  # printed also in words (terbilang) on the berita acara


@dataclass(frozen=True, slots=True)
class Row:
    """A presentation row: either a header (line None) or a line."""

    line: Line | None
    header: str = ""
    level: int = 0  # 0 section header, 1 group header (party block)


class LineCatalogue:
    """Ordered lines of one contest plus the presentation rows with headers."""

    def __init__(self, contest: Contest) -> None:
        self.contest = contest
        rows: list[Row] = []
        _add_section_i(rows)
        rows.append(Row(None, Section.II.heading))
        rows.extend(Row(Line(lid, Section.II, label, 1, has_sirekap=False)) for lid, label in BALLOT_PAPER_LINES)
        rows.append(Row(None, Section.III.heading))
        rows.extend(
            Row(Line(f"III.{p}", Section.III, f"Pemilih disabilitas pengguna hak pilih — {plabel}", 1, False))
            for p, plabel in SEX_PARTS
        )
        _add_section_iv(rows, contest)
        rows.append(Row(None, Section.V.heading))
        rows.extend(Row(Line(lid, Section.V, label, 1, in_words=True)) for lid, label in TOTAL_LINES)
        self.rows: tuple[Row, ...] = tuple(rows)
        self.lines: tuple[Line, ...] = tuple(r.line for r in rows if r.line is not None)
        self._index = {line.id: i for i, line in enumerate(self.lines)}

    def __contains__(self, line_id: object) -> bool:
        return line_id in self._index

    def __len__(self) -> int:
        return len(self.lines)

    def get(self, line_id: str) -> Line:
        try:
            return self.lines[self._index[line_id]]
        except KeyError:
            raise KeyError(f"baris {line_id!r} tidak ada pada formulir {self.contest.title}") from None

    def position(self, line_id: str) -> int:
        return self._index[line_id]

    @cached_property
    def vote_lines(self) -> tuple[Line, ...]:
        """Section IV lines that are summed into V.A: paslon / DPD candidates / party totals."""
        if self.contest.ballot.is_legislative_party:
            return tuple(li for li in self.lines if li.section is Section.IV and li.id.endswith(".T"))
        return tuple(li for li in self.lines if li.section is Section.IV)


def _add_section_i(rows: list[Row]) -> None:
    rows.append(Row(None, Section.I.heading))
    for gid, glabel in DEMOGRAPHIC_GROUPS:
        for part, plabel in SEX_PARTS:
            rows.append(Row(Line(f"{gid}.{part}", Section.I, f"{glabel} — {plabel}", 1)))


def _add_section_iv(rows: list[Row], contest: Contest) -> None:
    ballot = contest.ballot
    if ballot is Ballot.PPWP:
        rows.append(Row(None, "IV. PEROLEHAN SUARA PASANGAN CALON PRESIDEN DAN WAKIL PRESIDEN"))
        for paslon in contest.paslon:
            label = f"{paslon.number}. {paslon.name}"
            rows.append(Row(Line(f"IV.{paslon.number}", Section.IV, label, 1, in_words=True)))
    elif ballot is Ballot.PDPD:
        rows.append(Row(None, "IV. PEROLEHAN SUARA CALON ANGGOTA DPD"))
        for c in contest.dpd_candidates:
            rows.append(Row(Line(f"IV.{c.number}", Section.IV, f"{c.number}. {c.name}", 1)))
    else:
        rows.append(Row(None, "IV. PEROLEHAN SUARA PARTAI POLITIK DAN CALON"))
        for block in contest.parties:
            p = block.party
            rows.append(Row(None, f"{p.number}. {p.full_name}", level=1))
            rows.append(Row(Line(f"IV.{p.number}.0", Section.IV, "Suara partai politik saja", 2, party=p.number)))
            for c in block.candidates:
                rows.append(
                    Row(Line(f"IV.{p.number}.{c.number}", Section.IV, f"{c.number}. {c.name}", 2, False, p.number))
                )
            rows.append(
                Row(Line(f"IV.{p.number}.T", Section.IV, f"Jumlah suara {p.short_name} (partai + calon)", 2,
                         party=p.number))
            )
