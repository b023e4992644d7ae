"""SheetModel: the Qt table model of one contest's :class:`~rekap_desktop.sheet.RecapSheet`.

Rows are the presentation rows of the form (section headers, party headers, lines); columns are the contest's
kecamatan plus JUMLAH. ``data()`` reads the in-memory sheet only (no database), with cached brushes, fonts and
icons. An edit goes through the injected *committer*, which commits durably; only after it returned is the sheet
changed and ``dataChanged`` emitted for exactly the cells of the resulting ChangeSet (DESIGN §4). A failed commit
leaves everything as it was. Committing is :mod:`ui.sheet_editing`, locked columns and marks are
:mod:`ui.sheet_annotations` (both parts of the model); the words of tooltips and the mark symbols are
:mod:`ui.cell_words`. Their names that other modules import (CellEditError, CommitError, parse_input_text,
MARK_SYMBOLS, …) are re-exported here.

Signals:
    inputRejected(str): typed or pasted text refused (not a figure, a locked column, …); Indonesian message.
    commitFailed(str): the committer raised; the cell keeps its old value. Indonesian message.
    findingsChanged(): the list of findings changed (refresh the findings panel and status bar counts).
    cellCommitted(line, column, old, new): one figure was committed (old/new: int or None); for undo stacks.
    commitDeferred(str): the committer could not commit now and will retry (an exception with ``deferred``
        true, e.g. the database is busy); the cell keeps its old value until the retry commits. Indonesian.
    lockChanged(): the set of locked columns or the correction mode changed.
    marksChanged(): the keberatan / koreksi / hitung ulang marks changed (:meth:`SheetModel.set_marks`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from rekap_desktop.cell_marks import Mark
from rekap_desktop.lines import Row
from rekap_desktop.numbers import format_number
from rekap_desktop.rules import JUMLAH, Severity
from rekap_desktop.sheet import SIREKAP_MISMATCH, Cell, RecapSheet, SirekapState
from ui.cell_state import CellState, Role, RowKind
from ui.cell_words import MARK_SYMBOLS as MARK_SYMBOLS
from ui.cell_words import cell_tooltip, column_tooltip, mark_symbols
from ui.qt_roles import ALIGN as _ALIGN
from ui.qt_roles import BACKGROUND as _BACKGROUND
from ui.qt_roles import CENTER as _CENTER
from ui.qt_roles import DECORATION as _DECORATION
from ui.qt_roles import DISPLAY as _DISPLAY
from ui.qt_roles import EDIT as _EDIT
from ui.qt_roles import FONT as _FONT
from ui.qt_roles import FOREGROUND as _FOREGROUND
from ui.qt_roles import RIGHT as _RIGHT
from ui.qt_roles import TOOLTIP as _TOOLTIP
from ui.sheet_annotations import SheetAnnotations
from ui.sheet_editing import MAX_FIGURE as MAX_FIGURE
from ui.sheet_editing import BatchCommitter as BatchCommitter
from ui.sheet_editing import CellEditError as CellEditError
from ui.sheet_editing import CommitError as CommitError
from ui.sheet_editing import Committer as Committer
from ui.sheet_editing import SheetEditing
from ui.sheet_editing import parse_input_text as parse_input_text
from ui.theme import ThemeResources, default_resources

ANY_INDEX = QModelIndex | QPersistentModelIndex


_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _READ_ONLY | Qt.ItemFlag.ItemIsEditable


def state_of(sheet: RecapSheet, line: str, column: str) -> CellState:
    """The display state of an enterable cell (header rows are CellState.HEADER)."""
    findings = sheet.findings(line, column)
    if findings:
        mismatch = warning = False
        for f in findings:
            if f.rule == SIREKAP_MISMATCH:
                mismatch = True
            elif f.severity is Severity.ERROR:
                return CellState.ERROR
            else:
                warning = True
        return CellState.MISMATCH if mismatch else CellState.WARNING if warning else CellState.OK
    if sheet.value(line, column) is None:
        return CellState.EMPTY
    if column == JUMLAH and not sheet.total_complete(line):
        return CellState.OK  # a provisional total is not compared with Sirekap (shown in italics instead)
    sirekap = sheet.sirekap_state(line, column)
    if sirekap is SirekapState.PARTIAL:
        return CellState.PARTIAL
    if sirekap is SirekapState.MISSING:
        return CellState.MISSING
    return CellState.OK


class SheetModel(QAbstractTableModel, SheetAnnotations, SheetEditing):
    inputRejected = Signal(str)
    commitFailed = Signal(str)
    findingsChanged = Signal()
    cellCommitted = Signal(str, str, object, object)
    commitDeferred = Signal(str)
    lockChanged = Signal()
    marksChanged = Signal()

    def __init__(
        self,
        sheet: RecapSheet,
        committer: Committer,
        *,
        corrector: Committer | None = None,
        batch_committer: BatchCommitter | None = None,
        resources: ThemeResources | None = None,
        parent: object | None = None,
    ) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._committer = committer
        self._corrector = corrector
        self._batch_committer = batch_committer
        self._res = resources or default_resources()
        self._locked: set[str] = set()
        self._edit_base: dict[Cell, int | None] = {}
        self._verifier: Committer | None = None
        self._author_lookup: Callable[[str, str], str] | None = None
        self._correction_mode = False
        self._marks: dict[Cell, tuple[Mark, ...]] = {}
        self._column_marks: dict[str, tuple[Mark, ...]] = {}
        self._install(sheet)

    # ------------------------------------------------------------------ sheet and geometry
    def _install(self, sheet: RecapSheet) -> None:
        self._sheet = sheet
        self._rows: tuple[Row, ...] = sheet.catalogue.rows
        self._columns: tuple[str, ...] = (*sheet.columns, JUMLAH)
        self._row_of: dict[str, int] = {r.line.id: i for i, r in enumerate(self._rows) if r.line is not None}
        self._col_of: dict[str, int] = {c: i for i, c in enumerate(self._columns)}
        self._locked &= set(sheet.columns)

    @property
    def sheet(self) -> RecapSheet:
        return self._sheet

    @property
    def contest_key(self) -> str:
        return self._sheet.contest.key

    @property
    def columns(self) -> tuple[str, ...]:
        """Column codes: the kecamatan codes, then JUMLAH."""
        return self._columns

    def sheet_model(self) -> SheetModel:
        """The model edits go to (views accept this model or a proxy of it)."""
        return self

    def set_sheet(self, sheet: RecapSheet) -> None:
        """Show another sheet (another contest, or a reload): a model reset, never used for edits."""
        self.beginResetModel()
        self._install(sheet)
        self.endResetModel()

    def row_of(self, line: str) -> int:
        return self._row_of[line]

    def column_of(self, column: str) -> int:
        return self._col_of[column]

    def index_of(self, line: str, column: str) -> QModelIndex:
        row, col = self._row_of.get(line), self._col_of.get(column)
        if row is None or col is None:
            return QModelIndex()
        return self.index(row, col)

    def cell_at(self, index: ANY_INDEX) -> Cell | None:
        """(line, column) of an index, None for header rows and invalid indexes."""
        if not index.isValid() or index.model() is not self:
            return None
        line = self._rows[index.row()].line
        if line is None:
            return None
        return line.id, self._columns[index.column()]

    def is_header_row(self, row: int) -> bool:
        return self._rows[row].line is None

    def column_title(self, column: str) -> str:
        return "JUMLAH" if column == JUMLAH else self._sheet.contest.kecamatan_name(column)

    def describe_cell(self, line: str, column: str) -> str:
        return f"baris {line}, {'kolom JUMLAH' if column == JUMLAH else 'kecamatan ' + self.column_title(column)}"

    def cell_state(self, line: str, column: str) -> CellState:
        return state_of(self._sheet, line, column)

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: ANY_INDEX) -> Qt.ItemFlag:
        if not index.isValid():
            return _NO_FLAGS
        if self._rows[index.row()].line is None:
            return _NO_FLAGS
        column = self._columns[index.column()]
        if column == JUMLAH or (column in self._locked and not self._correction_mode):
            return _READ_ONLY
        return _EDITABLE

    def data(self, index: ANY_INDEX, role: int = _DISPLAY) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        line = row.line
        column = self._columns[index.column()]
        if line is None:
            return self._header_cell_data(row, column, role)
        lid = line.id
        sheet = self._sheet
        if role == _DISPLAY:
            return format_number(sheet.value(lid, column))
        if role == _DECORATION:
            return self._res.icon(state_of(sheet, lid, column))
        if role == _ALIGN:
            return _RIGHT
        if role == _BACKGROUND:
            state = state_of(sheet, lid, column)
            if column == JUMLAH and state in (CellState.OK, CellState.EMPTY):
                return self._res.total_background
            return self._res.background(state)
        if role == _FOREGROUND:
            if column == JUMLAH and not sheet.total_complete(lid):
                return self._res.provisional_foreground
            return self._res.foreground(state_of(sheet, lid, column))
        if role == _FONT:
            if column == JUMLAH:
                return self._res.total_font if sheet.total_complete(lid) else self._res.provisional_font
            return self._res.figure_font
        if role == _EDIT:
            value = sheet.value(lid, column)
            return "" if value is None else str(value)
        if role == _TOOLTIP:
            return self.tooltip(lid, column)
        if role == Role.STATE:
            return state_of(sheet, lid, column)
        if role == Role.LINE_ID:
            return lid
        if role == Role.COLUMN_CODE:
            return column
        if role == Role.VALUE:
            return sheet.value(lid, column)
        if role == Role.SIREKAP_VALUE:
            fig = sheet.sirekap(lid, column)
            return fig.value if fig is not None else None
        if role == Role.SIREKAP_STATE:
            return sheet.sirekap_state(lid, column)
        if role == Role.DELTA:
            return sheet.delta(lid, column)
        if role == Role.COVERAGE:
            fig = sheet.sirekap(lid, column)
            return fig.coverage_text if fig is not None and line.has_sirekap else ""
        if role == Role.FINDINGS:
            return sheet.findings(lid, column)
        if role == Role.ROW_KIND:
            return RowKind.LINE
        if role == Role.LOCKED:
            return column in self._locked
        if role == Role.MARKS:
            return self._marks.get((lid, column), ())
        return None

    def _header_cell_data(self, row: Row, column: str, role: int) -> object:
        if role == _BACKGROUND:
            return self._res.section_background if row.level == 0 else self._res.group_background
        if role == Role.STATE:
            return CellState.HEADER
        if role == Role.ROW_KIND:
            return RowKind.SECTION if row.level == 0 else RowKind.GROUP
        if role == Role.COLUMN_CODE:
            return column
        if role == Role.FINDINGS:
            return ()
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._columns):
                return None
            return self._column_header(self._columns[section], role)
        if not 0 <= section < len(self._rows):
            return None
        return self._row_header(self._rows[section], role)

    def _column_header(self, column: str, role: int) -> object:
        if role == _DISPLAY:
            marks = self._column_marks.get(column)
            return f"{self.column_title(column)} {mark_symbols(marks)}" if marks else self.column_title(column)
        if role == _TOOLTIP:
            return column_tooltip(self._sheet, column, title=self.column_title(column),
                                  marks=self._column_marks.get(column, ()), locked=column in self._locked)
        if role == _DECORATION:
            return self._res.lock_icon() if column in self._locked else None
        if role == _FONT:
            return self._res.header_font if column == JUMLAH else None
        if role == _ALIGN:
            return _CENTER
        if role == Role.COLUMN_CODE:
            return column
        if role == Role.LOCKED:
            return column in self._locked
        if role == Role.MARKS:
            return self._column_marks.get(column, ())
        if role == Role.WIDTH_SAMPLE:
            return "88.888.888" if column == JUMLAH else "8.888.888"
        return None

    def _row_header(self, row: Row, role: int) -> object:
        line = row.line
        if role == _DISPLAY:
            return f"{line.id}  {line.label}" if line is not None else row.header
        if role == Role.LABEL:
            return line.label if line is not None else row.header
        if role == Role.LINE_ID:
            return line.id if line is not None else None
        if role == Role.ROW_KIND:
            return RowKind.LINE if line is not None else (RowKind.SECTION if row.level == 0 else RowKind.GROUP)
        if role == Role.INDENT:
            return line.indent if line is not None else row.level
        if role == _TOOLTIP:
            if line is None:
                return row.header
            sirekap = "" if line.has_sirekap else "\nTidak ada angka Sirekap untuk baris ini."
            return f"{line.id} — {line.label}{sirekap}"
        return None

    # ------------------------------------------------------------------ tooltip
    def tooltip(self, line: str, column: str) -> str:
        return cell_tooltip(self._sheet, line, column, title=self.column_title(column),
                            marks=self._marks.get((line, column), ()), locked=column in self._locked,
                            author_lookup=self._author_lookup)

    def set_author_lookup(self, lookup: Callable[[str, str], str] | None) -> None:
        """``lookup(line, column)`` says who made the figure of a cell, from which station (tooltips)."""
        self._author_lookup = lookup

    # ------------------------------------------------------------------ editing (committing: ui.sheet_editing)
    def setData(self, index: ANY_INDEX, value: object, role: int = _EDIT) -> bool:
        if role != _EDIT or not index.isValid():
            return False
        cell = self.cell_at(index)
        if cell is None:
            return False
        line, column = cell
        try:
            if isinstance(value, int) and not isinstance(value, bool):
                parsed: int | None = value
                self._check_range(parsed, line, column)
            else:
                parsed = self.parse_input("" if value is None else str(value), line, column)
            self.commit_cell(line, column, parsed)
        except CellEditError:
            return False
        return True

    def _ranges(self, cells: Iterable[Cell]) -> list[tuple[int, int, int]]:
        """Horizontal runs (row, first col, last col) covering exactly ``cells``."""
        by_row: dict[int, list[int]] = {}
        for line, column in cells:
            row, col = self._row_of.get(line), self._col_of.get(column)
            if row is not None and col is not None:
                by_row.setdefault(row, []).append(col)
        runs: list[tuple[int, int, int]] = []
        for row in sorted(by_row):
            cols = sorted(set(by_row[row]))
            start = prev = cols[0]
            for c in cols[1:]:
                if c != prev + 1:
                    runs.append((row, start, prev))
                    start = c
                prev = c
            runs.append((row, start, prev))
        return runs
