"""ProjectorModel: the presentation-only, read-only proxy that feeds the projector window.

It sits on the operator's :class:`~ui.sheet_model.SheetModel` (the same model the entry grid edits) and maps the
cell of the current kecamatan of each row into the projector's columns::

    Uraian | Manual | Sirekap (pembanding) | Selisih Δ | Cakupan Sirekap | JUMLAH s.d. kini

Every value is read from the source's sheet on demand (no copy, no database). The source's ``dataChanged`` is
re-emitted for exactly the projector rows (and columns) it touches, so an edit repaints one row of the projector
and nothing else: no ``modelReset``, no ``layoutChanged`` (DESIGN §4). Switching the kecamatan emits
``dataChanged`` over the table (the rows are the same form rows); only a source reset (another contest) resets.

Read-only by construction: ``flags()`` never carries ItemIsEditable nor ItemIsSelectable, ``setData`` /
``setItemData`` / ``dropMimeData`` return False, and nothing here calls a writing method of the source.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractProxyModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from rekap_desktop.numbers import format_delta, format_number
from rekap_desktop.rules import JUMLAH, Finding, Severity
from rekap_desktop.sheet import SIREKAP_MISMATCH, RecapSheet, SirekapState
from ui.cell_state import CellState, Role, RowKind
from ui.projector_theme import ProjectorResources, Tone
from ui.qt_roles import ALIGN as _ALIGN
from ui.qt_roles import BACKGROUND as _BACKGROUND
from ui.qt_roles import CENTER as _CENTER
from ui.qt_roles import DISPLAY as _DISPLAY
from ui.qt_roles import EDIT as _EDIT
from ui.qt_roles import FONT as _FONT
from ui.qt_roles import FOREGROUND as _FOREGROUND
from ui.qt_roles import LEFT as _LEFT
from ui.qt_roles import RIGHT as _RIGHT
from ui.sheet_model import SheetModel, state_of

ANY_INDEX = QModelIndex | QPersistentModelIndex


class ProjectorColumn(IntEnum):
    URAIAN = 0
    MANUAL = 1
    SIREKAP = 2
    DELTA = 3
    CAKUPAN = 4
    JUMLAH = 5


DATA_COLUMNS = (ProjectorColumn.MANUAL, ProjectorColumn.SIREKAP, ProjectorColumn.DELTA, ProjectorColumn.CAKUPAN)

COLUMN_TITLES = {
    ProjectorColumn.URAIAN: "Uraian",
    ProjectorColumn.MANUAL: "Manual\n(D.HASIL KEC.)",
    ProjectorColumn.SIREKAP: "Sirekap\n(pembanding)",
    ProjectorColumn.DELTA: "Selisih Δ\nmanual − Sirekap",
    ProjectorColumn.CAKUPAN: "Cakupan\nSirekap",
    ProjectorColumn.JUMLAH: "JUMLAH\ns.d. kini",
}
JUMLAH_MANUAL_TITLE = "JUMLAH\n(semua kecamatan)"

# Texts the room reads; tests and the legend use the same constants.
UP, DOWN, CROSS, BANG, CHECK = "▲", "▼", "✕", "!", "✓"
NO_DATA = "—  tidak ada data"
PARTIAL_PREFIX = "sebagian: "


class ProjectorRole(IntEnum):
    CELL = Qt.ItemDataRole.UserRole + 40  # ProjectorCell: everything the delegate paints
    TONE = Qt.ItemDataRole.UserRole + 41  # Tone of the cell


@dataclass(frozen=True, slots=True)
class ProjectorCell:
    """What one projector cell shows: its text, its tone, and for the Manual cell a rule badge ("✕ R4")."""

    text: str
    tone: Tone = Tone.PLAIN
    badge: str = ""
    badge_tone: Tone = Tone.PLAIN
    line_id: str = ""  # Uraian cells of lines: the line id, painted small beside the label
    indent: int = 0

    @property
    def display(self) -> str:
        return f"{self.badge}  {self.text}" if self.badge else self.text


_SHOWN = Qt.ItemFlag.ItemIsEnabled  # never Editable, never Selectable
_EMPTY = ProjectorCell("")


def badge_text(findings: tuple[Finding, ...]) -> tuple[str, Tone]:
    """'✕ R4' (errors first), '! R8' for warnings, '+n' when more rules are broken; ('', PLAIN) for none."""
    rules = [f for f in findings if f.rule != SIREKAP_MISMATCH]
    if not rules:
        return "", Tone.PLAIN
    rules.sort(key=lambda f: (f.severity is not Severity.ERROR, f.rule))
    first = rules[0]
    error = first.severity is Severity.ERROR
    text = f"{CROSS if error else BANG} {first.rule}"
    if len(rules) > 1:
        text += f" +{len(rules) - 1}"
    return text, (Tone.ERROR if error else Tone.WARNING)


def delta_text(delta: int) -> str:
    """'▲ +12' when manual > Sirekap, '▼ −3' when manual < Sirekap (a real minus sign)."""
    return f"{UP if delta > 0 else DOWN} {format_delta(delta)}"


def coverage_short(tps_with_data: int, tps_known: int) -> str:
    return f"{format_number(tps_with_data)}/{format_number(tps_known)} TPS"


class ProjectorModel(QAbstractProxyModel):
    """Read-only projection of one kecamatan column of a SheetModel.

    Signals:
        kecamatanChanged(str): the projected column changed (a kecamatan code or JUMLAH).
    """

    kecamatanChanged = Signal(str)

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
        self._rows: list[tuple[str | None, str, RowKind, int]] = []  # (line id, label, kind, indent)
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
        rows: list[tuple[str | None, str, RowKind, int]] = []
        vertical = Qt.Orientation.Vertical
        for r in range(src.rowCount()):
            rows.append((
                src.headerData(r, vertical, Role.LINE_ID),
                str(src.headerData(r, vertical, Role.LABEL) or ""),
                RowKind(src.headerData(r, vertical, Role.ROW_KIND)),
                int(src.headerData(r, vertical, Role.INDENT) or 0),
            ))
        self._rows = rows
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
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(ProjectorColumn) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(ProjectorColumn) - 1)
        self.kecamatanChanged.emit(column)

    def kecamatan_title(self) -> str:
        if self._column == JUMLAH:
            return "JUMLAH SELURUH KECAMATAN"
        return f"KECAMATAN {self.sheet_model().column_title(self._column)}"

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
        left = ProjectorColumn.MANUAL if hit_current else ProjectorColumn.JUMLAH
        right = ProjectorColumn.JUMLAH if hit_total else ProjectorColumn.CAKUPAN
        if self._column == JUMLAH:  # the JUMLAH column is projected in Manual … Cakupan
            left, right = ProjectorColumn.MANUAL, ProjectorColumn.JUMLAH
        self.dataChanged.emit(self.index(top, left), self.index(bottom, right))

    def _on_header_changed(self, orientation: Qt.Orientation, first: int, last: int) -> None:
        if orientation == Qt.Orientation.Horizontal and first <= self._col <= last:
            self.headerDataChanged.emit(orientation, 0, len(ProjectorColumn) - 1)

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
        if parent.isValid() or not (0 <= row < len(self._rows) and 0 <= column < len(ProjectorColumn)):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: ANY_INDEX = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def sibling(self, row: int, column: int, index: ANY_INDEX) -> QModelIndex:
        return self.index(row, column)

    def rowCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ProjectorColumn)

    def hasChildren(self, parent: ANY_INDEX = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._rows)

    # ------------------------------------------------------------------ read-only by construction
    def flags(self, index: ANY_INDEX) -> Qt.ItemFlag:
        return _SHOWN if index.isValid() else Qt.ItemFlag.NoItemFlags

    def setData(self, index: ANY_INDEX, value: object, role: int = _EDIT) -> bool:
        return False

    def setItemData(self, index: ANY_INDEX, roles: dict[int, object]) -> bool:  # type: ignore[override]
        return False

    def setHeaderData(self, section: int, orientation: Qt.Orientation, value: object, role: int = _EDIT) -> bool:
        return False

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: ANY_INDEX) -> bool:
        return False

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: ANY_INDEX) -> bool:
        return False

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.IgnoreAction

    def mimeTypes(self) -> list[str]:
        return []

    # ------------------------------------------------------------------ header
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(self._rows):
                return None
            line, label, kind, _indent = self._rows[section]
            if role == _DISPLAY:
                return f"{line}  {label}" if line else label
            if role == Role.LINE_ID:
                return line
            if role == Role.ROW_KIND:
                return kind
            return None
        if not 0 <= section < len(ProjectorColumn):
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
        cell = self.cell(row, col)
        if role == ProjectorRole.CELL:
            return cell
        if role == _DISPLAY:
            return cell.display
        if role == ProjectorRole.TONE:
            return cell.tone
        if role == _BACKGROUND:
            return self._res.tone_background(cell.tone)
        if role == _FOREGROUND:
            return self._res.tone_foreground(cell.tone)
        if role == _FONT:
            if col == ProjectorColumn.URAIAN:
                return self._res.header_band_font if line is None else self._res.label_font
            return self._res.font_for(cell.tone, small=col == ProjectorColumn.CAKUPAN)
        if role == _ALIGN:
            if col == ProjectorColumn.URAIAN or line is None:
                return _LEFT
            return _CENTER if col == ProjectorColumn.CAKUPAN else _RIGHT
        if line is None:
            return None
        sheet = self._source.sheet
        column = self._column
        if role == Role.STATE:
            target = JUMLAH if col == ProjectorColumn.JUMLAH else column
            return state_of(sheet, line, target) if col != ProjectorColumn.URAIAN else CellState.OK
        if role == Role.VALUE:
            return self._value_of(sheet, line, column, col)
        if role == Role.SIREKAP_STATE:
            return sheet.sirekap_state(line, column)
        if role == Role.DELTA:
            return sheet.delta(line, column)
        if role == Role.FINDINGS:
            return sheet.findings(line, column)
        return None

    @staticmethod
    def _value_of(sheet: RecapSheet, line: str, column: str, col: int) -> int | None:
        if col == ProjectorColumn.MANUAL:
            return sheet.value(line, column)
        if col == ProjectorColumn.SIREKAP:
            fig = sheet.sirekap(line, column)
            return fig.value if fig is not None else None
        if col == ProjectorColumn.DELTA:
            return sheet.delta(line, column)
        if col == ProjectorColumn.CAKUPAN:
            fig = sheet.sirekap(line, column)
            return fig.tps_with_data if fig is not None else None
        if col == ProjectorColumn.JUMLAH:
            return sheet.value(line, JUMLAH)
        return None

    def cell(self, row: int, col: int) -> ProjectorCell:
        """The projector cell at (row, col), computed from the sheet (cheap: dictionary look-ups)."""
        line, label, kind, indent = self._rows[row]
        if line is None:
            tone = Tone.SECTION if kind == RowKind.SECTION else Tone.GROUP
            return ProjectorCell(label if col == ProjectorColumn.URAIAN else "", tone)
        if col == ProjectorColumn.URAIAN:
            return ProjectorCell(label, Tone.PLAIN, line_id=line, indent=indent)
        assert self._source is not None
        sheet = self._source.sheet
        column = self._column
        if col == ProjectorColumn.MANUAL:
            return self._manual_cell(sheet, line, column)
        if col == ProjectorColumn.JUMLAH:
            if column == JUMLAH:
                return _EMPTY
            value = sheet.value(line, JUMLAH)
            tone = Tone.PLAIN if sheet.total_complete(line) else Tone.PROVISIONAL
            return ProjectorCell(format_number(value), tone)
        if not sheet.catalogue.get(line).has_sirekap:
            return _EMPTY if col != ProjectorColumn.SIREKAP else ProjectorCell("·", Tone.MUTED)
        state = sheet.sirekap_state(line, column)
        fig = sheet.sirekap(line, column)
        if col == ProjectorColumn.SIREKAP:
            if state is SirekapState.MISSING or fig is None:
                return ProjectorCell(NO_DATA, Tone.MISSING)
            tone = Tone.PARTIAL if state is SirekapState.PARTIAL else Tone.PLAIN
            return ProjectorCell(format_number(fig.value), tone)
        if col == ProjectorColumn.DELTA:
            delta = sheet.delta(line, column)
            if delta is None or state in (SirekapState.MISSING, SirekapState.AWAITING):
                return _EMPTY
            if state is SirekapState.PARTIAL:
                return ProjectorCell(format_delta(delta), Tone.PARTIAL)  # greyed, no ▲▼: not a final difference
            if state is SirekapState.MISMATCH:
                return ProjectorCell(delta_text(delta), Tone.MISMATCH)
            return ProjectorCell(f"{CHECK} {format_delta(delta)}", Tone.MATCH)
        # Cakupan
        if fig is None:
            tps = sheet.tps_count(column)
            return ProjectorCell(f"0/{format_number(tps)} TPS" if tps else "", Tone.MISSING)
        text = coverage_short(fig.tps_with_data, fig.tps_known)
        if state is SirekapState.MISSING:
            return ProjectorCell(text, Tone.MISSING)
        if state is SirekapState.PARTIAL:
            return ProjectorCell(PARTIAL_PREFIX + text, Tone.PARTIAL)
        return ProjectorCell(text, Tone.PLAIN)

    @staticmethod
    def _manual_cell(sheet: RecapSheet, line: str, column: str) -> ProjectorCell:
        value = sheet.value(line, column)
        badge, badge_tone = badge_text(sheet.findings(line, column))
        if column == JUMLAH and value is not None and not sheet.total_complete(line):
            tone = Tone.PROVISIONAL
        else:
            tone = badge_tone if badge else Tone.PLAIN
        return ProjectorCell(format_number(value), tone, badge, badge_tone)
