"""The findings dock: every finding of the contest (rules broken, manual ≠ Sirekap), filterable, and a jump to
the cell it belongs to.

:class:`FindingsModel` mirrors ``sheet.all_findings()``; on ``findingsChanged`` it applies the difference as row
removals/insertions (selection and scroll position survive), falling back to a reset for very large changes.
Updates are coalesced (``delay_ms``, default 150 ms) so that the list never sits on the edit → repaint path;
the grid itself shows each finding at once.

Signals (FindingsPanel):
    findingActivated(line, column): double-click / Enter on a finding; connect to GridView.go_to_cell.
    tpsActivated(kecamatan, line, tps): double-click / Enter on a Sirekap TPS anomaly; open its TPS evidence.
    countsChanged(dict): {"error": n, "warning": n, "mismatch": n} for the status bar.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rekap_desktop.numbers import format_number
from rekap_desktop.rules import JUMLAH, Finding, Severity
from rekap_desktop.sheet import SIREKAP_MISMATCH
from rekap_desktop.sirekap.findings import RULES as SIREKAP_RULES
from rekap_desktop.sirekap.findings import SirekapFinding
from ui.cell_state import CellState, Role
from ui.finding_words import words_for
from ui.line_names import line_names
from ui.sheet_model import SheetModel
from ui.steady_label import SteadyLabel
from ui.theme import ThemeResources, default_resources

ANY_INDEX = QModelIndex | QPersistentModelIndex
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_RESET_ABOVE = 3000  # diffing bigger lists costs more than a reset of this small model
DEFAULT_DELAY_MS = 150  # coalesce findings updates: at most one list refresh per 150 ms


class FindingKind(IntEnum):
    ERROR = 0
    WARNING = 1
    MISMATCH = 2
    TPS = 3  # Sirekap's own TPS data: anomalies, re-votes, twins (rekap_desktop.sirekap.findings)

    @property
    def label(self) -> str:
        return ("Galat", "Peringatan", "Beda dengan Sirekap", "Anomali TPS Sirekap")[self]

    @property
    def state(self) -> CellState:
        return (CellState.ERROR, CellState.WARNING, CellState.MISMATCH, CellState.MISSING)[self]


def kind_of(f: Finding) -> FindingKind:
    if f.rule == SIREKAP_MISMATCH:
        return FindingKind.MISMATCH
    if f.rule.startswith("SIREKAP_"):
        return FindingKind.TPS
    return FindingKind.ERROR if f.severity is Severity.ERROR else FindingKind.WARNING


def tps_finding(sf: SirekapFinding) -> Finding:
    """A Sirekap TPS finding as a row of the findings list (its TPS named in the message)."""
    line = sf.line.split(",")[0] if sf.line else ""
    where = f"TPS {sf.tps}: " if sf.tps else ""
    return Finding(sf.rule, Severity.WARNING, line, sf.kecamatan, f"{where}{sf.message}",
                   tuple(x for x in sf.line.split(",") if x))


class FindingsColumn(IntEnum):
    KIND = 0
    RULE = 1
    KECAMATAN = 2
    LINE = 3
    MESSAGE = 4


_HEADERS = ("Jenis", "Yang tidak cocok", "Kecamatan", "Baris", "Pesan")


def counts_short(counts: dict[str, int]) -> str:
    """The status bar's form (it must fit a 1024 px window beside the station and save state): "Temuan: ✕ 4 · ! 0 ·
    ≠ 5 · ∅ 4", the symbols of the findings panel's line (:func:`counts_text`, the tooltip)."""
    text = (f"Temuan: ✕ {format_number(counts.get('error', 0))} · ! {format_number(counts.get('warning', 0))}"
            f" · ≠ {format_number(counts.get('mismatch', 0))}")
    if counts.get("tps"):
        text += f" · ∅ {format_number(counts['tps'])}"
    return text


def counts_text(counts: dict[str, int]) -> str:
    text = (
        f"✕ Galat {format_number(counts.get('error', 0))} · ! Peringatan {format_number(counts.get('warning', 0))}"
        f" · ≠ Beda dengan Sirekap {format_number(counts.get('mismatch', 0))}"
    )
    if counts.get("tps"):
        text += f" · ∅ Anomali TPS Sirekap {format_number(counts['tps'])}"
    return text


class FindingsModel(QAbstractTableModel):
    countsChanged = Signal(dict)

    def __init__(
        self,
        source: SheetModel | None = None,
        *,
        delay_ms: int = DEFAULT_DELAY_MS,
        resources: ThemeResources | None = None,
        parent: object | None = None,
    ) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._res = resources or default_resources()
        self._source: SheetModel | None = None
        self._findings: list[Finding] = []
        self._tps: list[Finding] = []
        self._tps_of: dict[Finding, str] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.refresh)
        if source is not None:
            self.set_source(source)

    def set_source(self, source: SheetModel | None) -> None:
        if self._source is not None:
            self._source.findingsChanged.disconnect(self._schedule)
            self._source.modelReset.disconnect(self._reset)
        self._source = source
        if source is not None:
            source.findingsChanged.connect(self._schedule)
            source.modelReset.connect(self._reset)
        self._reset()

    def _schedule(self) -> None:
        """Findings changed: refresh soon, off the edit → repaint path (the grid shows the finding at once)."""
        if self._timer.interval() <= 0:
            self.refresh()
        elif not self._timer.isActive():
            self._timer.start()

    def source(self) -> SheetModel | None:
        return self._source

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def counts(self) -> dict[str, int]:
        if self._source is None:
            return {"error": 0, "warning": 0, "mismatch": 0, "tps": len(self._tps)}
        return {**self._source.sheet.counts(), "tps": len(self._tps)}

    def _current(self) -> list[Finding]:
        return [*(self._source.sheet.all_findings() if self._source is not None else []), *self._tps]

    def set_tps_findings(self, findings: list[SirekapFinding]) -> None:
        """Sirekap's own TPS findings of the contest (listed after the sheet's, as their own kind)."""
        rows = [tps_finding(sf) for sf in findings]
        self._tps = rows
        self._tps_of = {row: sf.tps for row, sf in zip(rows, findings, strict=True)}
        self.refresh()

    def tps_of(self, f: Finding) -> str:
        """The 13-digit TPS code of a Sirekap TPS finding ("" for the others)."""
        return self._tps_of.get(f, "")

    def _reset(self) -> None:
        self._timer.stop()
        self.beginResetModel()
        self._findings = self._current()
        self.endResetModel()
        self.countsChanged.emit(self.counts())

    def refresh(self) -> None:
        """Bring the rows in line with the sheet by removing and inserting only what changed."""
        self._timer.stop()
        new = self._current()
        old = self._findings
        if new == old:
            return
        if len(old) + len(new) > _RESET_ABOVE:
            self._reset()
            return
        ops = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in reversed(ops):  # from the end: earlier row numbers stay valid
            if tag == "equal":
                continue
            if tag in ("delete", "replace"):
                self.beginRemoveRows(QModelIndex(), i1, i2 - 1)
                del self._findings[i1:i2]
                self.endRemoveRows()
            if tag in ("insert", "replace"):
                self.beginInsertRows(QModelIndex(), i1, i1 + (j2 - j1) - 1)
                self._findings[i1:i1] = new[j1:j2]
                self.endInsertRows()
        assert self._findings == new
        self.countsChanged.emit(self.counts())

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._findings)

    def columnCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < len(_HEADERS):
            return _HEADERS[section]
        return None

    def flags(self, index: ANY_INDEX) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _column_name(self, column: str) -> str:
        if column == JUMLAH or self._source is None:
            return column
        return self._source.column_title(column)

    def _line_text(self, line: str) -> str:
        if self._source is None or line not in self._source.sheet.catalogue:
            return line
        return f"{line_names(self._source.sheet.catalogue).text(line)} ({line})"

    def _rule_text(self, f: Finding) -> str:
        """What is wrong, in words: "I.B.4.L ≠ I.B.1.L + I.B.2.L + I.B.3.L: selisih +3" (never a bare "R1")."""
        if f.rule in SIREKAP_RULES:
            return SIREKAP_RULES[f.rule][1]
        if self._source is None:
            return f.rule
        return words_for(f, self._source.sheet.catalogue).medium

    def data(self, index: ANY_INDEX, role: int = _DISPLAY) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._findings):
            return None
        f = self._findings[index.row()]
        col = index.column()
        if role == _DISPLAY:
            if col == FindingsColumn.KIND:
                return kind_of(f).label
            if col == FindingsColumn.RULE:
                return self._rule_text(f)
            if col == FindingsColumn.KECAMATAN:
                return self._column_name(f.column)
            if col == FindingsColumn.LINE:
                return self._line_text(f.line)
            return f.message
        if role == Qt.ItemDataRole.DecorationRole and col == FindingsColumn.KIND:
            return self._res.icon(kind_of(f).state)
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f"{self._column_name(f.column)}, {self._line_text(f.line)}"
            return f"{kind_of(f).label} {f.rule} — {where}\n{f.message}"
        if role == Role.LINE_ID:
            return f.line
        if role == Role.COLUMN_CODE:
            return f.column
        if role == Role.FINDING:
            return f
        if role == Qt.ItemDataRole.UserRole and col == FindingsColumn.RULE:
            return f.rule
        if role == Role.FINDING_KIND:
            return kind_of(f)
        if role == Role.STATE:
            return kind_of(f).state
        return None


class FindingsFilter(QSortFilterProxyModel):
    """Filter by kind (galat / peringatan / beda dengan Sirekap), by kecamatan and by free text."""

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._kind: FindingKind | None = None
        self._column: str | None = None
        self._text = ""

    def set_kind(self, kind: FindingKind | None) -> None:
        self.beginFilterChange()
        self._kind = kind
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_column(self, column: str | None) -> None:
        self.beginFilterChange()
        self._column = column
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ANY_INDEX) -> bool:
        model = self.sourceModel()
        if not isinstance(model, FindingsModel):
            return True
        f = model.finding(source_row)
        if self._kind is not None and kind_of(f) is not self._kind:
            return False
        if self._column is not None and f.column != self._column:
            return False
        if self._text:
            haystack = " ".join(
                [f.rule, *(str(model.index(source_row, c).data()) for c in range(model.columnCount()))]
            ).casefold()
            return self._text in haystack
        return True


class FindingsPanel(QDockWidget):
    findingActivated = Signal(str, str)
    tpsActivated = Signal(str, str, str)
    countsChanged = Signal(dict)

    def __init__(
        self, source: SheetModel | None = None, parent: QWidget | None = None, *, delay_ms: int = DEFAULT_DELAY_MS
    ) -> None:
        super().__init__("Temuan", parent)
        self.setObjectName("findingsPanel")
        self._model = FindingsModel(delay_ms=delay_ms)
        self._proxy = FindingsFilter(self)
        self._proxy.setSourceModel(self._model)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 6)
        filters = QHBoxLayout()
        self.kind_filter = QComboBox(body)
        self.kind_filter.addItem("Semua jenis", None)
        for kind in FindingKind:
            icon = self._model._res.icon(kind.state)
            assert icon is not None
            self.kind_filter.addItem(icon, kind.label, kind)
        self.kecamatan_filter = QComboBox(body)
        self.kecamatan_filter.setMinimumContentsLength(14)
        self.text_filter = QLineEdit(body)
        self.text_filter.setPlaceholderText("Cari aturan, baris, kecamatan, pesan…")
        self.text_filter.setClearButtonEnabled(True)
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.kecamatan_filter)
        filters.addWidget(self.text_filter, 1)
        layout.addLayout(filters)

        self.table = QTableView(body)
        self.table.setModel(self._proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for col, width in ((FindingsColumn.KIND, 150), (FindingsColumn.RULE, 300),
                           (FindingsColumn.KECAMATAN, 120), (FindingsColumn.LINE, 220)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout.addWidget(self.table, 1)
        self.summary = SteadyLabel(parent=body)
        layout.addWidget(self.summary)
        self.setWidget(body)

        self.table.activated.connect(self._activate)
        self.kind_filter.currentIndexChanged.connect(
            lambda _: self._proxy.set_kind(self.kind_filter.currentData())
        )
        self.kecamatan_filter.currentIndexChanged.connect(
            lambda _: self._proxy.set_column(self.kecamatan_filter.currentData())
        )
        self.text_filter.textChanged.connect(self._proxy.set_text)
        self._model.countsChanged.connect(self._on_counts)
        self._proxy.rowsInserted.connect(self._update_summary)
        self._proxy.rowsRemoved.connect(self._update_summary)
        self._proxy.modelReset.connect(self._update_summary)
        self._proxy.layoutChanged.connect(self._update_summary)
        self.set_source(source)

    def model(self) -> FindingsModel:
        return self._model

    def proxy(self) -> FindingsFilter:
        return self._proxy

    def set_source(self, source: SheetModel | None) -> None:
        """Show the findings of another sheet model (another contest)."""
        self.kecamatan_filter.blockSignals(True)
        self.kecamatan_filter.clear()
        self.kecamatan_filter.addItem("Semua kecamatan", None)
        if source is not None:
            for column in source.columns:
                self.kecamatan_filter.addItem(source.column_title(column), column)
        self.kecamatan_filter.blockSignals(False)
        self._proxy.set_column(None)
        self._model.set_source(source)

    def counts(self) -> dict[str, int]:
        return self._model.counts()

    def _activate(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        line, column = index.data(Role.LINE_ID), index.data(Role.COLUMN_CODE)
        finding = index.data(Role.FINDING)
        if finding is not None and kind_of(finding) is FindingKind.TPS:
            self.tpsActivated.emit(column or "", line or "", self._model.tps_of(finding))
            return
        if line and column:
            self.findingActivated.emit(line, column)

    def set_tps_findings(self, findings: list[SirekapFinding]) -> None:
        self._model.set_tps_findings(findings)

    def _on_counts(self, counts: dict[str, int]) -> None:
        self._update_summary()
        self.countsChanged.emit(counts)

    def _update_summary(self) -> None:
        shown, total = self._proxy.rowCount(), self._model.rowCount()
        text = counts_text(self._model.counts())
        if shown != total:
            text += f"  —  menampilkan {format_number(shown)} dari {format_number(total)} temuan"
        self.summary.setText(text)
