"""A cell and a kecamatan column of the sheet said in words: the tooltips of the entry grid, the symbols of the cell
marks (⚑ ✎ ↻, also on the projector and in the legends) and the symbol and title of a finding in a tooltip.

Pure functions of the sheet; :class:`~ui.sheet_model.SheetModel` passes what it holds besides (the marks, whether
the column is ditetapkan, who made a figure). Only a tooltip asks for them, never the painting of a cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rekap_desktop.cell_marks import Mark, MarkKind
from rekap_desktop.numbers import format_delta, format_number
from rekap_desktop.rules import JUMLAH, Finding, Severity
from rekap_desktop.sheet import SIREKAP_MISMATCH, RecapSheet, SirekapState
from ui.finding_words import ERROR_SYMBOL, MISMATCH_SYMBOL, WARNING_SYMBOL

MARK_SYMBOLS: dict[MarkKind, str] = {MarkKind.KEBERATAN: "⚑", MarkKind.KOREKSI: "✎", MarkKind.HITUNG_ULANG: "↻"}
"""The symbol of each mark, on the grid, the projector and in the legends (readable without colour)."""


def mark_symbols(marks: Iterable[Mark]) -> str:
    """"↻✎⚑": one symbol per kind present, most important first."""
    kinds = {m.kind for m in marks}
    return "".join(MARK_SYMBOLS[k] for k in MarkKind if k in kinds)


def finding_kind_symbol(f: Finding) -> str:
    """The finding's symbol, as :mod:`ui.finding_words` writes it: ≠ Sirekap, ✕ error, ! warning."""
    if f.rule == SIREKAP_MISMATCH:
        return MISMATCH_SYMBOL
    return ERROR_SYMBOL if f.severity is Severity.ERROR else WARNING_SYMBOL


def finding_title(f: Finding) -> str:
    if f.rule == SIREKAP_MISMATCH:
        return "Beda dengan Sirekap"
    return f"{f.rule} ({f.severity.label})"


def cell_tooltip(sheet: RecapSheet, line: str, column: str, *, title: str, marks: Iterable[Mark],
                 locked: bool, author_lookup: Callable[[str, str], str] | None) -> str:
    """The tooltip of an enterable cell: the figure, Sirekap's and the difference, findings, marks, the
    lock and who made the figure (``title``: the column's; ``author_lookup(line, column)``: who, or None)."""
    spec = sheet.catalogue.get(line)
    where = "JUMLAH" if column == JUMLAH else f"Kec. {title} ({column})"
    parts = [f"{line} — {spec.label}", where]
    value = sheet.value(line, column)
    manual = format_number(value, "belum diisi")
    if column == JUMLAH and value is not None and not sheet.total_complete(line):
        manual += (f" (sementara: {sheet.filled_count(line)} dari {len(sheet.columns)} kecamatan terisi)")
    parts.append(f"Manual (D.HASIL KECAMATAN): {manual}")
    if spec.has_sirekap:
        fig = sheet.sirekap(line, column)
        state = sheet.sirekap_state(line, column)
        if fig is None or state is SirekapState.MISSING:
            parts.append("Sirekap: tidak ada data")
        else:
            note = " — belum lengkap" if state is SirekapState.PARTIAL else ""
            parts.append(f"Sirekap: {format_number(fig.value, '—')} ({fig.coverage_text}{note})")
            delta = sheet.delta(line, column)
            if delta is not None:
                caveat = " (Sirekap belum lengkap: bukan selisih akhir)" if state is SirekapState.PARTIAL else ""
                parts.append(f"Selisih (manual − Sirekap): {format_delta(delta)}{caveat}")
    else:
        parts.append("Sirekap: tidak tersedia untuk baris ini")
    for f in sheet.findings(line, column):
        parts.append(f"{finding_kind_symbol(f)} {finding_title(f)}: {f.message}")
    for mark in marks:
        parts.append(f"{MARK_SYMBOLS[mark.kind]} {mark.note}")
    if locked:
        parts.append("Kolom ditetapkan — perubahan hanya melalui koreksi.")
    if author_lookup is not None and column != JUMLAH:
        author = author_lookup(line, column)
        if author:
            parts.append(author)
    return "\n".join(parts)


def column_tooltip(sheet: RecapSheet, column: str, *, title: str, marks: Iterable[Mark], locked: bool) -> str:
    """The tooltip of a column header: the kecamatan (or JUMLAH), its TPS, the lock, keberatan about it."""
    if column == JUMLAH:
        text = f"JUMLAH {len(sheet.columns)} kecamatan — dihitung otomatis, tidak dapat diisi"
    else:
        text = f"Kecamatan {title} ({column})"
    tps = sheet.tps_count(column)
    if tps is not None:
        text += f"\n{format_number(tps)} TPS"
    if locked:
        text += "\nDitetapkan — perubahan hanya melalui koreksi"
    for mark in marks:
        text += f"\n{MARK_SYMBOLS[mark.kind]} {mark.note}"
    return text
