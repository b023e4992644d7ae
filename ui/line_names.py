"""The short names of the form's lines, as the room says them: "DPT L", "Pengguna DPTb P", "Suara sah".

The catalogue's labels (:mod:`rekap_desktop.lines`) are the form's full wording ("A. Jumlah pemilih dalam DPT —
Laki-laki"); on a projector read from 15 m, or in a finding's words, the short names the PPK reads out are used
instead, and candidate lines carry their party (a party header row may have scrolled away). Form codes (``V.C``,
``I.B.4.L``) stay for formulas only ("V.C ≠ V.A + V.B").
"""

from __future__ import annotations

from dataclasses import dataclass

from rekap_desktop.ballot import Ballot
from rekap_desktop.lines import Line, LineCatalogue, Section

_SEX = {"L": "L", "P": "P", "JML": "L+P"}
_GROUPS = {
    "I.A": "DPT",
    "I.B.1": "Pengguna DPT",
    "I.B.2": "Pengguna DPTb",
    "I.B.3": "Pengguna DPK",
    "I.B.4": "Pengguna hak pilih",
    "III": "Disabilitas",
}
_FIXED = {
    "II.1": "Surat suara diterima",
    "II.2": "Surat suara digunakan",
    "II.3": "Surat suara rusak/keliru",
    "II.4": "Surat suara tidak digunakan",
    "V.A": "Suara sah",
    "V.B": "Suara tidak sah",
    "V.C": "Suara sah + tidak sah",
}


@dataclass(frozen=True, slots=True)
class LineName:
    """How a line is named in the room: ``text`` (short), ``party`` (short party name for section IV lines of
    a legislative contest, "" otherwise) and ``party_number``."""

    text: str
    party: str = ""
    party_number: int | None = None

    @property
    def with_party(self) -> str:
        """"PKB · 3. NUR CONTOH": the party first, for a list where the party header is not in sight."""
        return f"{self.party} · {self.text}" if self.party else self.text


def short_text(line: Line, catalogue: LineCatalogue) -> str:
    """The short name of ``line`` without its party ("DPT L", "3. NUR CONTOH", "Suara partai")."""
    lid = line.id
    if lid in _FIXED:
        return _FIXED[lid]
    head, _, part = lid.rpartition(".")
    if head in _GROUPS and part in _SEX:
        return f"{_GROUPS[head]} {_SEX[part]}"
    if line.section is Section.IV:
        ballot = catalogue.contest.ballot
        if ballot.is_legislative_party and line.party is not None:
            if part == "0":
                return "Suara partai saja"
            if part == "T":
                return "Jumlah partai + calon"
            return line.label  # "3. NUR CONTOH" as on the form
        if ballot is Ballot.PPWP:
            return line.label  # "1. NAMA – NAMA" (the projector wraps it)
        return line.label
    return line.label


class LineNames:
    """The short names of every line of one catalogue, computed once."""

    def __init__(self, catalogue: LineCatalogue) -> None:
        self.catalogue = catalogue
        parties = {b.party.number: b.party for b in catalogue.contest.parties}
        names: dict[str, LineName] = {}
        for line in catalogue.lines:
            party = parties.get(line.party) if line.party is not None else None
            names[line.id] = LineName(short_text(line, catalogue), party.short_name if party else "",
                                      party.number if party else None)
        self._names = names

    def __getitem__(self, line_id: str) -> LineName:
        return self._names[line_id]

    def get(self, line_id: str) -> LineName | None:
        return self._names.get(line_id)

    def text(self, line_id: str) -> str:
        """The short name, with the party for candidate and party lines ("PKB · 3. NUR CONTOH")."""
        name = self._names.get(line_id)
        return name.with_party if name is not None else line_id


_CACHE: dict[int, LineNames] = {}


def line_names(catalogue: LineCatalogue) -> LineNames:
    """The (cached) short names of ``catalogue``."""
    names = _CACHE.get(id(catalogue))
    if names is None or names.catalogue is not catalogue:
        if len(_CACHE) > 64:
            _CACHE.clear()
        names = _CACHE[id(catalogue)] = LineNames(catalogue)
    return names
