"""What is still open in a contest before its documents can be final (issue 10.7: no "all is well" while it is not).

A contest is **closed** when every cell of every kecamatan is filled, no arithmetic rule (R1–R17) is broken with
severity *error*, every keberatan of the contest is decided (diterima/ditolak), and every kecamatan is
*ditetapkan*. Differences with Sirekap are not open items: Sirekap is a comparison aid, not the legal result
(recap-domain.md §4.8). A document printed while anything is open carries the DRAF mark and is registered as a
draft (:mod:`rekap_desktop.documents`); the berita acara dialog and the ``berita-acara`` command list these
items by name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rekap_desktop.contest import Contest
from rekap_desktop.numbers import format_number
from rekap_desktop.rules import JUMLAH, Severity
from rekap_desktop.services import KecamatanStatus, RecapService
from rekap_desktop.sheet import SIREKAP_MISMATCH, RecapSheet

__all__ = ["OpenItems", "open_items"]

_LIST_LIMIT = 40


@dataclass(frozen=True, slots=True)
class OpenItems:
    """Everything still open in one contest; each item names its kecamatan (and line, rule or number)."""

    contest_title: str
    errors: tuple[tuple[str, str, str, str], ...]  # (kecamatan name or "JUMLAH", line, rule, message)
    empty_cells: tuple[tuple[str, int], ...]  # (kecamatan name, how many cells are empty)
    open_keberatan: tuple[tuple[int, str, str], ...]  # (number, kecamatan name or "", description)
    not_ditetapkan: tuple[tuple[str, str], ...]  # (kecamatan name, its status label)

    @property
    def closed(self) -> bool:
        return not (self.errors or self.empty_cells or self.open_keberatan or self.not_ditetapkan)

    @property
    def empty_cell_count(self) -> int:
        return sum(n for _, n in self.empty_cells)

    def lines(self) -> list[str]:
        """One Indonesian sentence per kind of open item, naming each (long lists shortened with "dan N lagi")."""
        out: list[str] = []
        if self.errors:
            rules = Counter(rule for _, _, rule, _ in self.errors)
            where = [f"{rule} di {kec} baris {line}" for kec, line, rule, _ in self.errors]
            out.append(f"{len(self.errors)} temuan galat ({', '.join(f'{r} ×{n}' for r, n in sorted(rules.items()))})"
                       f": {_some(where)}")
        if self.empty_cells:
            total = self.empty_cell_count
            out.append(f"{format_number(total)} isian kosong: "
                       + _some([f"{kec} ({format_number(n)})" for kec, n in self.empty_cells]))
        if self.open_keberatan:
            items = [f"#{n}" + (f" {kec}" if kec else "") + f": {_short(desc)}" for n, kec, desc in self.open_keberatan]
            out.append(f"{len(self.open_keberatan)} keberatan/kejadian khusus belum diputus: {_some(items, '; ')}")
        if self.not_ditetapkan:
            out.append(f"{len(self.not_ditetapkan)} kecamatan belum ditetapkan: "
                       + _some([f"{kec} ({status})" for kec, status in self.not_ditetapkan]))
        return out

    def summary(self) -> str:
        return "semua selesai" if self.closed else "; ".join(self.lines())


def _some(items: list[str], sep: str = ", ") -> str:
    if len(items) <= _LIST_LIMIT:
        return sep.join(items)
    return sep.join(items[:_LIST_LIMIT]) + f"{sep}dan {len(items) - _LIST_LIMIT} lagi"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def open_items(service: RecapService, contest: Contest, sheet: RecapSheet | None = None) -> OpenItems:
    """The open items of ``contest`` as stored now (``sheet``: its figures, when already loaded)."""
    if sheet is None:
        sheet = service.load_sheet(contest.key)
    return open_items_of(contest, sheet, service.statuses(contest.key),
                         [(k.id, k.kecamatan or "", k.description) for k in service.keberatan(contest.key)
                          if k.status == "terbuka"])


def open_items_of(contest: Contest, sheet: RecapSheet, statuses: dict[str, KecamatanStatus],
                  undecided: list[tuple[int, str, str]]) -> OpenItems:
    """:func:`open_items` from values already read (``undecided``: (id, kecamatan code, description))."""

    def name(code: str) -> str:
        if code == JUMLAH:
            return "JUMLAH"
        return contest.kecamatan_name(code) if contest.has_kecamatan(code) else code

    errors = tuple(
        (name(f.column), f.line, f.rule, f.message)
        for f in sheet.all_findings()
        if f.severity is Severity.ERROR and f.rule != SIREKAP_MISMATCH
    )
    empty = []
    lines = sheet.catalogue.lines
    for code in contest.kecamatan_codes:
        missing = sum(1 for line in lines if sheet.value(line.id, code) is None)
        if missing:
            empty.append((name(code), missing))
    pending = tuple(
        (name(code), statuses.get(code, KecamatanStatus.BELUM).value)
        for code in contest.kecamatan_codes
        if statuses.get(code, KecamatanStatus.BELUM) is not KecamatanStatus.DITETAPKAN
    )
    keberatan = tuple((kid, name(kec) if kec else "", desc) for kid, kec, desc in undecided)
    return OpenItems(contest.title, errors, tuple(empty), keberatan, pending)
