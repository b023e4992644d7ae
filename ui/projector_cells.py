"""What one projector cell shows: the projector's columns, roles and symbols, :class:`ProjectorCell`, and
:func:`compute_cell`, which makes a cell from the operator's sheet (issue 12 item 1).

The columns are::

    Uraian | Manual | Sirekap | Selisih | JUMLAH s.d. kini

The Uraian cell carries the line's short name (:mod:`ui.line_names`), its party for candidate lines, and the words
of the worst finding of the cell ("✕ V.C ≠ V.A + V.B: selisih 7", :mod:`ui.finding_words`); the Manual cell its
marks (⚑ keberatan, ✎ koreksi, ↻ hitung ulang); Sirekap its figure ("≈" when partial, "—" without data); Selisih
the difference with ▲/▼ (✓ when they agree). :class:`~ui.projector_model.ProjectorModel` caches the cells and
computes them again only when the source changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import Qt

from rekap_desktop.cell_marks import MarkKind
from rekap_desktop.numbers import format_delta, format_number
from rekap_desktop.rules import JUMLAH, Finding
from rekap_desktop.sheet import SIREKAP_MISMATCH, RecapSheet, SirekapState
from ui.cell_state import Role, RowKind
from ui.finding_words import FindingWords, words_for, worst_first
from ui.line_names import line_names
from ui.projector_theme import Tone
from ui.sheet_model import MARK_SYMBOLS, SheetModel, mark_symbols


class ProjectorColumn(IntEnum):
    URAIAN = 0
    MANUAL = 1
    SIREKAP = 2
    DELTA = 3
    JUMLAH = 4


DATA_COLUMNS = (ProjectorColumn.MANUAL, ProjectorColumn.SIREKAP, ProjectorColumn.DELTA)
COLUMNS = tuple(ProjectorColumn)

COLUMN_TITLES = {
    ProjectorColumn.URAIAN: "Uraian",
    ProjectorColumn.MANUAL: "Manual (D.HASIL)",
    ProjectorColumn.SIREKAP: "Sirekap (pembanding)",
    ProjectorColumn.DELTA: "Selisih",
    ProjectorColumn.JUMLAH: "JUMLAH s.d. kini",
}
JUMLAH_MANUAL_TITLE = "JUMLAH semua kecamatan"

# Texts the room reads; tests and the legend use the same constants.
UP, DOWN, CROSS, BANG, CHECK, PARTIAL_MARK = "▲", "▼", "✕", "!", "✓", "≈"
NO_DATA = "—"
NO_DATA_WORDS = "tidak ada data"

RowEntry = tuple[str | None, str, RowKind, int]
"""One projector row: (line id, label, kind, indent); the line id is None on a section or party header row."""


class ProjectorRole(IntEnum):
    CELL = Qt.ItemDataRole.UserRole + 40  # ProjectorCell: everything the delegate paints
    TONE = Qt.ItemDataRole.UserRole + 41  # Tone of the cell


@dataclass(frozen=True, slots=True)
class ProjectorCell:
    """What one projector cell shows.

    ``badges``: on the Uraian cell, the worst finding of the cell in words, longest form first (the delegate takes
    the longest that fits); ``marks``: on the Manual cell, the marks' symbols ("↻✎⚑"); ``party``: the short party
    name of a candidate or party line."""

    text: str
    tone: Tone = Tone.PLAIN
    badges: tuple[str, ...] = ()
    badge_tone: Tone = Tone.PLAIN
    marks: str = ""
    marks_open: bool = False  # an undecided keberatan among the marks
    party: str = ""
    indent: int = 0

    @property
    def badge(self) -> str:
        """The shortest form of the badge ("✕ selisih 7"), "" without one."""
        return self.badges[-1] if self.badges else ""

    @property
    def display(self) -> str:
        parts = [self.marks, f"{self.party} ·" if self.party else "", self.text,
                 f"[{self.badges[0]}]" if self.badges else ""]
        return " ".join(p for p in parts if p)


_EMPTY = ProjectorCell("")


def delta_text(delta: int) -> str:
    """'▲ +12' when manual > Sirekap, '▼ −3' when manual < Sirekap (a real minus sign)."""
    return f"{UP if delta > 0 else DOWN} {format_delta(delta)}"


def coverage_short(tps_with_data: int, tps_known: int) -> str:
    return f"{format_number(tps_with_data)}/{format_number(tps_known)} TPS"


def _tone_of(words: FindingWords, finding: Finding) -> Tone:
    if finding.rule == SIREKAP_MISMATCH:
        return Tone.MISMATCH
    return Tone.ERROR if words.error else Tone.WARNING


def rows_of(source: SheetModel) -> list[RowEntry]:
    """The projector's rows: the source's rows, a line's label its short name (:mod:`ui.line_names`)."""
    names = line_names(source.sheet.catalogue)
    rows: list[RowEntry] = []
    vertical = Qt.Orientation.Vertical
    for r in range(source.rowCount()):
        line = source.headerData(r, vertical, Role.LINE_ID)
        label = names[line].text if line else str(source.headerData(r, vertical, Role.LABEL) or "")
        rows.append((line, label, RowKind(source.headerData(r, vertical, Role.ROW_KIND)),
                     int(source.headerData(r, vertical, Role.INDENT) or 0)))
    return rows


def compute_cell(source: SheetModel | None, entry: RowEntry, column: str, col: int) -> ProjectorCell:
    """The projector cell of row ``entry`` in projector column ``col`` while ``column`` (a kecamatan code or
    JUMLAH) is projected, from the source's sheet."""
    line, label, kind, indent = entry
    if line is None:
        tone = Tone.SECTION if kind == RowKind.SECTION else Tone.GROUP
        return ProjectorCell(label if col == ProjectorColumn.URAIAN else "", tone)
    assert source is not None
    sheet = source.sheet
    if col == ProjectorColumn.URAIAN:
        name = line_names(sheet.catalogue)[line]
        badges: tuple[str, ...] = ()
        badge_tone = Tone.PLAIN
        rules = [f for f in worst_first(sheet.findings(line, column)) if f.rule != SIREKAP_MISMATCH]
        if rules:
            words = words_for(rules[0], sheet.catalogue)
            badges = words.variants()
            badge_tone = _tone_of(words, rules[0])
            if len(rules) > 1:
                badges = tuple(f"{b} (+{len(rules) - 1})" for b in badges)
        return ProjectorCell(label, Tone.PLAIN, badges, badge_tone, party=name.party, indent=indent)
    if col == ProjectorColumn.MANUAL:
        return _manual_cell(source, sheet, line, column)
    if col == ProjectorColumn.JUMLAH:
        if column == JUMLAH:
            return _EMPTY
        value = sheet.value(line, JUMLAH)
        tone = Tone.PLAIN if sheet.total_complete(line) else Tone.PROVISIONAL
        return ProjectorCell(format_number(value), tone)
    if not sheet.catalogue.get(line).has_sirekap:
        return _EMPTY
    state = sheet.sirekap_state(line, column)
    fig = sheet.sirekap(line, column)
    if col == ProjectorColumn.SIREKAP:
        if state is SirekapState.MISSING or fig is None or fig.value is None:
            return ProjectorCell(NO_DATA, Tone.MISSING)
        if state is SirekapState.PARTIAL:
            return ProjectorCell(f"{PARTIAL_MARK} {format_number(fig.value)}", Tone.PARTIAL)
        return ProjectorCell(format_number(fig.value), Tone.PLAIN)
    delta = sheet.delta(line, column)  # Selisih
    if delta is None or state in (SirekapState.MISSING, SirekapState.AWAITING):
        return _EMPTY
    if state is SirekapState.PARTIAL:
        return ProjectorCell(f"{PARTIAL_MARK} {format_delta(delta)}", Tone.PARTIAL)  # not a final difference
    if state is SirekapState.MISMATCH:
        return ProjectorCell(delta_text(delta), Tone.MISMATCH)
    return ProjectorCell(f"{CHECK} {format_delta(delta)}", Tone.MATCH)


def _manual_cell(source: SheetModel, sheet: RecapSheet, line: str, column: str) -> ProjectorCell:
    value = sheet.value(line, column)
    findings = [f for f in sheet.findings(line, column) if f.rule != SIREKAP_MISMATCH]
    if column == JUMLAH and value is not None and not sheet.total_complete(line):
        tone = Tone.PROVISIONAL
    elif findings:
        tone = Tone.ERROR if any(f.severity.value == "error" for f in findings) else Tone.WARNING
    else:
        tone = Tone.PLAIN
    marks = source.marks(line, column) if column != JUMLAH else ()
    symbols = mark_symbols(marks)
    is_open = any(m.open for m in marks if m.kind is MarkKind.KEBERATAN)
    return ProjectorCell(format_number(value), tone, marks=symbols, marks_open=is_open)


def value_of(sheet: RecapSheet, line: str, column: str, col: int) -> int | None:
    """The figure behind projector column ``col`` (Role.VALUE): manual, Sirekap, difference or JUMLAH."""
    if col == ProjectorColumn.MANUAL:
        return sheet.value(line, column)
    if col == ProjectorColumn.SIREKAP:
        fig = sheet.sirekap(line, column)
        return fig.value if fig is not None else None
    if col == ProjectorColumn.DELTA:
        return sheet.delta(line, column)
    if col == ProjectorColumn.JUMLAH:
        return sheet.value(line, JUMLAH)
    return None


def legend_marks() -> list[tuple[str, str]]:
    """(symbol, meaning) of the marks, for the legend."""
    return [(MARK_SYMBOLS[MarkKind.KEBERATAN], "keberatan"), (MARK_SYMBOLS[MarkKind.KOREKSI], "dikoreksi"),
            (MARK_SYMBOLS[MarkKind.HITUNG_ULANG], "hitung ulang")]
