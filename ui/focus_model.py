"""Focus mode: one kecamatan at a time, Manual | Sirekap | Δ | Cakupan side by side.

A small table model over a :class:`~ui.sheet_model.SheetModel` (same rows, same row headers). It holds no
figures: every value is read from the source sheet, and the source's ``dataChanged`` is re-emitted for the
mapped rows (no reset on edits; a reset only when the focused kecamatan changes). The Manual column edits
through to the source, so commits, undo and findings work exactly as in the full grid.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from rekap_desktop.numbers import format_delta, format_number
from rekap_desktop.rules import JUMLAH
from rekap_desktop.sheet import RecapSheet, SirekapState
from ui.cell_state import CellState, Role, RowKind
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
from ui.sheet_model import SheetModel
from ui.theme import ThemeResources, default_resources

ANY_INDEX = QModelIndex | QPersistentModelIndex


class FocusColumn(IntEnum):
    MANUAL = 0
    SIREKAP = 1
    DELTA = 2
    COVERAGE = 3


_TITLES = {
    FocusColumn.MANUAL: "Manual\n(D.HASIL KEC.)",
    FocusColumn.SIREKAP: "Sirekap",
    FocusColumn.DELTA: "Selisih Δ\n(manual − Sirekap)",
    FocusColumn.COVERAGE: "Cakupan Sirekap",
}
_WIDTH_SAMPLES = {
    FocusColumn.MANUAL: "8.888.888",
    FocusColumn.SIREKAP: "8.888.888",
    FocusColumn.DELTA: "+8.888.888",
    FocusColumn.COVERAGE: "9.999 dari 9.999 TPS (100%)",
}

_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class FocusModel(QAbstractTableModel):
    def __init__(
        self,
        source: SheetModel,
        column: str | None = None,
        *,
        resources: ThemeResources | None = None,
        parent: object | None = None,
    ) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._source = source
        self._res = resources or default_resources()
        self._column = column if column is not None else source.columns[0]
        self._col = source.column_of(self._column)
        source.dataChanged.connect(self._on_source_data_changed)
        source.headerDataChanged.connect(self._on_source_header_changed)
        source.modelAboutToBeReset.connect(self.beginResetModel)
        source.modelReset.connect(self._on_source_reset)

    # ------------------------------------------------------------------ focus
    def sourceModel(self) -> SheetModel:
        return self._source

    def sheet_model(self) -> SheetModel:
        return self._source

    @property
    def column(self) -> str:
        """The focused column: a kecamatan code (or JUMLAH, read-only)."""
        return self._column

    def set_column(self, column: str) -> None:
        if column == self._column:
            return
        col = self._source.column_of(column)  # KeyError for a code outside the contest
        self.beginResetModel()
        self._column, self._col = column, col
        self.endResetModel()

    def title(self) -> str:
        if self._column == JUMLAH:
            return "JUMLAH seluruh kecamatan"
        return f"Kecamatan {self._source.column_title(self._column)} ({self._column})"

    def source_index(self, index: ANY_INDEX) -> QModelIndex:
        """The source cell of the Manual column (other columns derive from the same cell)."""
        if not index.isValid():
            return QModelIndex()
        return self._source.index(index.row(), self._col)

    def index_of(self, line: str, column: str) -> QModelIndex:
        """The Manual cell of (line, column), invalid when ``column`` is not the focused one."""
        if column != self._column:
            return QModelIndex()
        try:
            return self.index(self._source.row_of(line), FocusColumn.MANUAL)
        except KeyError:
            return QModelIndex()

    def _on_source_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles: list[int]) -> None:
        if top_left.column() <= self._col <= bottom_right.column():
            self.dataChanged.emit(
                self.index(top_left.row(), 0), self.index(bottom_right.row(), len(FocusColumn) - 1), roles
            )

    def _on_source_header_changed(self, orientation: Qt.Orientation, first: int, last: int) -> None:
        if orientation == Qt.Orientation.Vertical:
            self.headerDataChanged.emit(orientation, first, last)
        elif first <= self._col <= last:
            self.headerDataChanged.emit(orientation, 0, len(FocusColumn) - 1)

    def _on_source_reset(self) -> None:
        if self._column not in self._source.columns:
            self._column = self._source.columns[0]
        self._col = self._source.column_of(self._column)
        self.endResetModel()

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._source.rowCount()

    def columnCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FocusColumn)

    def flags(self, index: ANY_INDEX) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        source_flags = self._source.flags(self.source_index(index))
        if index.column() == FocusColumn.MANUAL or source_flags == Qt.ItemFlag.NoItemFlags:
            return source_flags
        return _READ_ONLY

    def setData(self, index: ANY_INDEX, value: object, role: int = _EDIT) -> bool:
        if not index.isValid() or index.column() != FocusColumn.MANUAL:
            return False
        return self._source.setData(self.source_index(index), value, role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation == Qt.Orientation.Vertical:
            return self._source.headerData(section, orientation, role)
        if not 0 <= section < len(FocusColumn):
            return None
        col = FocusColumn(section)
        if role == _DISPLAY:
            return _TITLES[col]
        if role == _ALIGN:
            return _CENTER
        if role == Role.WIDTH_SAMPLE:
            return _WIDTH_SAMPLES[col]
        if role == Role.COLUMN_CODE:
            return self._column
        if role == _DECORATION and col is FocusColumn.MANUAL:
            return self._source.headerData(self._col, orientation, role)
        if role == _TOOLTIP:
            return f"{_TITLES[col].replace(chr(10), ' ')} — {self.title()}"
        return None

    def data(self, index: ANY_INDEX, role: int = _DISPLAY) -> object:
        if not index.isValid():
            return None
        src = self.source_index(index)
        col = index.column()
        if col == FocusColumn.MANUAL:
            return self._source.data(src, role)
        line = src.data(Role.LINE_ID)
        if line is None:  # header row: same band as the source
            return self._source.data(src, role)
        if role == Role.LINE_ID:
            return line
        if role == Role.COLUMN_CODE:
            return self._column
        if role == Role.ROW_KIND:
            return RowKind.LINE
        if role in (Role.SIREKAP_VALUE, Role.SIREKAP_STATE, Role.DELTA, Role.COVERAGE, Role.FINDINGS):
            return self._source.data(src, role)
        if role == _TOOLTIP:
            return self._source.data(src, role)
        sheet = self._source.sheet
        column = self._column
        if col == FocusColumn.SIREKAP:
            return self._sirekap_data(sheet, line, column, role)
        if col == FocusColumn.DELTA:
            return self._delta_data(sheet, line, column, role)
        return self._coverage_data(sheet, line, column, role)

    # ------------------------------------------------------------------ derived columns
    def _sirekap_cell_state(self, sheet_state: SirekapState) -> CellState:
        if sheet_state is SirekapState.PARTIAL:
            return CellState.PARTIAL
        if sheet_state is SirekapState.MISSING:
            return CellState.MISSING
        if sheet_state is SirekapState.NO_SOURCE:
            return CellState.EMPTY
        return CellState.OK

    def _styled(self, state: CellState, role: int, *, provisional: bool = False) -> object:
        if role == Role.STATE:
            return state
        if role == _BACKGROUND:
            return self._res.background(state)
        if role == _FOREGROUND:
            return self._res.provisional_foreground if provisional else self._res.foreground(state)
        if role == _DECORATION:
            return self._res.icon(state)
        if role == _FONT:
            return self._res.provisional_font if provisional else self._res.figure_font
        if role == _ALIGN:
            return _RIGHT
        return None

    def _sirekap_data(self, sheet: RecapSheet, line: str, column: str, role: int) -> object:
        sstate = sheet.sirekap_state(line, column)
        fig = sheet.sirekap(line, column)
        value = fig.value if fig is not None else None
        if role == _DISPLAY:
            if sstate is SirekapState.NO_SOURCE:
                return "—"
            return format_number(value, "tidak ada")
        if role == Role.VALUE:
            return value
        return self._styled(self._sirekap_cell_state(sstate), role, provisional=sstate is SirekapState.PARTIAL)

    def _delta_data(self, sheet: RecapSheet, line: str, column: str, role: int) -> object:
        sstate = sheet.sirekap_state(line, column)
        delta = sheet.delta(line, column) if sstate is not SirekapState.NO_SOURCE else None
        if role == _DISPLAY:
            return format_delta(delta)
        if role == Role.VALUE:
            return delta
        if sstate is SirekapState.MISMATCH:
            state = CellState.MISMATCH
        elif sstate is SirekapState.PARTIAL and delta is not None:
            state = CellState.PARTIAL
        elif delta is None:
            state = CellState.EMPTY
        else:
            state = CellState.OK
        return self._styled(state, role, provisional=state is CellState.PARTIAL)

    def _coverage_data(self, sheet: RecapSheet, line: str, column: str, role: int) -> object:
        sstate = sheet.sirekap_state(line, column)
        fig = sheet.sirekap(line, column)
        if role == _DISPLAY:
            if sstate is SirekapState.NO_SOURCE:
                return "tidak tersedia"
            if fig is None:
                tps = sheet.tps_count(column)
                return f"0 dari {format_number(tps)} TPS" if tps else "tidak ada data"
            percent = int(fig.coverage_ratio * 100)  # floor: 99,6% is not "100%" while TPS are missing
            return f"{fig.coverage_text} ({percent}%)"
        if role == Role.VALUE:
            return fig.tps_with_data if fig is not None else None
        state = self._sirekap_cell_state(sstate)
        if role == _ALIGN:
            return _CENTER
        return self._styled(state, role)
