"""ProjectorModel: the presentation-only, read-only proxy that feeds the projector window.

It sits on the operator's :class:`~ui.sheet_model.SheetModel` (the same model the entry grid edits) and maps the
cell of the current kecamatan of each row into the projector's columns::

    Uraian | Manual | Sirekap | Selisih | JUMLAH s.d. kini

What each cell shows is made by :func:`ui.projector_cells.compute_cell` (the columns, roles and symbols live there
too); :meth:`ProjectorModel.spot` gives the spotlight everything about one line (:mod:`ui.projector_spot`).

Every value is read from the source's sheet (no copy, no database) and the cells are kept in a cache: when the
source changes some cells, the projector cells of those rows are computed again and ``dataChanged`` is emitted
only for the cells whose content changed (issue 16 item 1) — an edit repaints the few cells it changed, never a
row that stayed the same, and there is no ``modelReset`` / ``layoutChanged`` (DESIGN §4). Switching the kecamatan
emits one ``dataChanged`` over the table (same rows); only a source reset (another contest) resets.

Read-only by construction (:class:`~ui.projector_readonly.ReadOnlyProxy`): ``flags()`` never carries
ItemIsEditable nor ItemIsSelectable, ``setData`` / ``setItemData`` / ``dropMimeData`` return False, and nothing
here calls a writing method of the source.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from rekap_desktop.cell_marks import Mark
from rekap_desktop.rules import JUMLAH
from rekap_desktop.sheet import RecapSheet
from ui.cell_state import CellState, Role
from ui.projector_cells import (
    COLUMN_TITLES,
    COLUMNS,
    JUMLAH_MANUAL_TITLE,
    ProjectorCell,
    ProjectorColumn,
    ProjectorRole,
    RowEntry,
    compute_cell,
    rows_of,
    value_of,
)
from ui.projector_readonly import ReadOnlyProxy
from ui.projector_spot import Spot, build_spot
from ui.projector_theme import ProjectorResources
from ui.qt_roles import ALIGN as _ALIGN
from ui.qt_roles import BACKGROUND as _BACKGROUND
from ui.qt_roles import CENTER as _CENTER
from ui.qt_roles import DISPLAY as _DISPLAY
from ui.qt_roles import FONT as _FONT
from ui.qt_roles import FOREGROUND as _FOREGROUND
from ui.qt_roles import LEFT as _LEFT
from ui.qt_roles import RIGHT as _RIGHT
from ui.sheet_model import SheetModel, state_of

ANY_INDEX = QModelIndex | QPersistentModelIndex


class ProjectorModel(ReadOnlyProxy):
    """Read-only projection of one kecamatan column of a SheetModel.

    Signals:
        kecamatanChanged(str): the projected column changed (a kecamatan code or JUMLAH).
        rowsChanged(int, int): projector cells of rows first..last changed (the spotlight listens).
    """

    kecamatanChanged = Signal(str)
    rowsChanged = Signal(int, int)

    def __init__(
        self,
        source: SheetModel | None = None,
        column: str | None = None,
        *,
        resources: ProjectorResources | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._res = resources or ProjectorResources()
        self._source: SheetModel | None = None
        self._column = ""
        self._col = -1  # source column of the projected kecamatan
        self._jumlah_col = -1  # source column of JUMLAH
        self._rows: list[RowEntry] = []  # (line id, label, kind, indent)
        self._cells: dict[tuple[int, int], ProjectorCell] = {}
        self._requested = column
        if source is not None:
            self.setSourceModel(source)

    # ------------------------------------------------------------------ source
    def setSourceModel(self, source: SheetModel) -> None:  # type: ignore[override]
        if not isinstance(source, SheetModel):
            raise TypeError("ProjectorModel memerlukan SheetModel sebagai sumber")
        self.beginResetModel()
        old = self._source
        if old is not None:
            old.dataChanged.disconnect(self._on_data_changed)
            old.modelAboutToBeReset.disconnect(self._on_about_to_reset)
            old.modelReset.disconnect(self._on_reset)
            old.layoutAboutToBeChanged.disconnect(self._on_about_to_reset)
            old.layoutChanged.disconnect(self._on_reset)
            old.headerDataChanged.disconnect(self._on_header_changed)
        super().setSourceModel(source)
        self._source = source
        source.dataChanged.connect(self._on_data_changed)
        source.modelAboutToBeReset.connect(self._on_about_to_reset)
        source.modelReset.connect(self._on_reset)
        source.layoutAboutToBeChanged.connect(self._on_about_to_reset)
        source.layoutChanged.connect(self._on_reset)
        source.headerDataChanged.connect(self._on_header_changed)
        self._install()
        self.endResetModel()

    def sheet_model(self) -> SheetModel:
        if self._source is None:
            raise RuntimeError("ProjectorModel tanpa sumber")
        return self._source

    @property
    def sheet(self) -> RecapSheet:
        return self.sheet_model().sheet

    @property
    def resources(self) -> ProjectorResources:
        return self._res

    def _install(self) -> None:
        src = self._source
        assert src is not None
        self._rows = rows_of(src)
        self._cells.clear()
        columns = src.columns
        wanted = self._requested if self._requested in columns else (self._column or None)
        if wanted not in columns:
            wanted = columns[0]
        self._column = str(wanted)
        self._col = src.column_of(self._column)
        self._jumlah_col = src.column_of(JUMLAH)

    def _on_about_to_reset(self) -> None:
        self.beginResetModel()

    def _on_reset(self) -> None:
        self._install()
        self.endResetModel()

    # ------------------------------------------------------------------ the projected kecamatan
    @property
    def column(self) -> str:
        """The projected column: a kecamatan code, or JUMLAH."""
        return self._column

    def set_column(self, column: str) -> None:
        """Project another kecamatan (or JUMLAH). Same rows: one dataChanged over the table, no reset."""
        src = self.sheet_model()
        col = src.column_of(column)  # KeyError for a code outside the contest
        self._requested = column
        if column == self._column:
            return
        self._column, self._col = column, col
        self._cells.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))
            self.rowsChanged.emit(0, len(self._rows) - 1)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.kecamatanChanged.emit(column)

    def kecamatan_title(self) -> str:
        if self._column == JUMLAH:
            return "JUMLAH SELURUH KECAMATAN"
        return f"KECAMATAN {self.sheet_model().column_title(self._column)}"

    def kecamatan_marks(self) -> tuple[Mark, ...]:
        """Keberatan about the projected kecamatan as a whole."""
        return self.sheet_model().column_marks(self._column) if self._column != JUMLAH else ()

    def row_of(self, line: str) -> int:
        """Projector row of a line id (KeyError when the contest has no such line)."""
        return self.sheet_model().row_of(line)

    def line_at(self, row: int) -> str | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    # ------------------------------------------------------------------ change mapping
    def _on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles: list[int]) -> None:
        first_col, last_col = top_left.column(), bottom_right.column()
        hit_current = first_col <= self._col <= last_col
        hit_total = first_col <= self._jumlah_col <= last_col
        if not (hit_current or hit_total):
            return  # another kecamatan: nothing on the projector changed
        top, bottom = top_left.row(), bottom_right.row()
        columns = COLUMNS if hit_current or self._column == JUMLAH else (ProjectorColumn.JUMLAH,)
        touched = False
        for row in range(top, bottom + 1):
            run_start = -1
            for col in columns:
                old = self._cells.get((row, col))
                if old is None:  # never asked for since the last change: nobody shows it, compute when asked
                    changed = False
                else:
                    new = compute_cell(self._source, self._rows[row], self._column, col)
                    self._cells[(row, col)] = new
                    changed = old != new
                if changed and run_start < 0:
                    run_start = col
                if not changed and run_start >= 0:
                    self.dataChanged.emit(self.index(row, run_start), self.index(row, col - 1))
                    run_start = -1
                touched = touched or changed
            if run_start >= 0:
                self.dataChanged.emit(self.index(row, run_start), self.index(row, columns[-1]))
        if touched or hit_current:
            self.rowsChanged.emit(top, bottom)

    def _on_header_changed(self, orientation: Qt.Orientation, first: int, last: int) -> None:
        if orientation == Qt.Orientation.Horizontal and first <= self._col <= last:
            self.headerDataChanged.emit(orientation, 0, len(COLUMNS) - 1)

    # ------------------------------------------------------------------ proxy mapping
    def mapToSource(self, proxy_index: ANY_INDEX) -> QModelIndex:
        if not proxy_index.isValid() or self._source is None:
            return QModelIndex()
        col = self._jumlah_col if proxy_index.column() == ProjectorColumn.JUMLAH else self._col
        return self._source.index(proxy_index.row(), col)

    def mapFromSource(self, source_index: ANY_INDEX) -> QModelIndex:
        if not source_index.isValid() or source_index.model() is not self._source:
            return QModelIndex()
        if source_index.column() == self._col:
            return self.index(source_index.row(), ProjectorColumn.MANUAL)
        if source_index.column() == self._jumlah_col:
            return self.index(source_index.row(), ProjectorColumn.JUMLAH)
        return QModelIndex()

    def index(self, row: int, column: int, parent: ANY_INDEX = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._rows) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: ANY_INDEX = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def sibling(self, row: int, column: int, index: ANY_INDEX) -> QModelIndex:
        return self.index(row, column)

    def rowCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def hasChildren(self, parent: ANY_INDEX = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._rows)

    # ------------------------------------------------------------------ header
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(self._rows):
                return None
            line, label, kind, _indent = self._rows[section]
            if role == _DISPLAY:
                return label
            if role == Role.LINE_ID:
                return line
            if role == Role.ROW_KIND:
                return kind
            return None
        if not 0 <= section < len(COLUMNS):
            return None
        col = ProjectorColumn(section)
        if role == _DISPLAY:
            if col is ProjectorColumn.MANUAL and self._column == JUMLAH:
                return JUMLAH_MANUAL_TITLE
            return COLUMN_TITLES[col]
        if role == _ALIGN:
            return _LEFT if col is ProjectorColumn.URAIAN else _CENTER
        if role == Role.COLUMN_CODE:
            return JUMLAH if col is ProjectorColumn.JUMLAH else self._column
        return None

    # ------------------------------------------------------------------ data
    def data(self, index: ANY_INDEX, role: int = _DISPLAY) -> object:
        if not index.isValid() or self._source is None:
            return None
        row = index.row()
        line, _label, kind, _indent = self._rows[row]
        col = index.column()
        if role == Role.LINE_ID:
            return line
        if role == Role.ROW_KIND:
            return kind
        if role == Role.COLUMN_CODE:
            return JUMLAH if col == ProjectorColumn.JUMLAH else self._column
        if role in (ProjectorRole.CELL, _DISPLAY, ProjectorRole.TONE, _BACKGROUND, _FOREGROUND):
            cell = self.cell(row, col)
            if role == ProjectorRole.CELL:
                return cell
            if role == _DISPLAY:
                return cell.display
            if role == ProjectorRole.TONE:
                return cell.tone
            if role == _BACKGROUND:
                return self._res.tone_background(cell.tone)
            return self._res.tone_foreground(cell.tone)
        if role == _FONT:
            if col == ProjectorColumn.URAIAN:
                return self._res.header_band_font if line is None else self._res.label_font
            return self._res.font_for(self.cell(row, col).tone)
        if role == _ALIGN:
            return _LEFT if col == ProjectorColumn.URAIAN or line is None else _RIGHT
        if line is None:
            return None
        sheet = self._source.sheet
        column = self._column
        target = JUMLAH if col == ProjectorColumn.JUMLAH else column
        if role == Role.STATE:
            return state_of(sheet, line, target) if col != ProjectorColumn.URAIAN else CellState.OK
        if role == Role.VALUE:
            return value_of(sheet, line, column, col)
        if role == Role.SIREKAP_STATE:
            return sheet.sirekap_state(line, column)
        if role == Role.DELTA:
            return sheet.delta(line, column)
        if role == Role.FINDINGS:
            return sheet.findings(line, column)
        if role == Role.MARKS:
            return self._source.marks(line, column)
        return None

    def cell(self, row: int, col: int) -> ProjectorCell:
        """The projector cell at (row, col): cached, computed from the sheet on first use after a change."""
        found = self._cells.get((row, col))
        if found is None:
            found = self._cells[(row, col)] = compute_cell(self._source, self._rows[row], self._column, col)
        return found

    # ------------------------------------------------------------------ the spotlight
    def spot(self, row: int) -> Spot | None:
        """What the spotlight shows for ``row`` (None for a header row or no row)."""
        line = self.line_at(row)
        if line is None or self._source is None:
            return None
        return build_spot(self, self._source, row, line)
