"""The operator's seat panel (a dock): seats per party with the quotients, the last seat's margin, calon terpilih
and substitutes, and the open items that could change them — for one DPRD Kabupaten/Kota dapil, live.

The panel shows :class:`ui.seat_source.SeatSource` results; it never reads the database. Three small table models,
each checked by ``qtmodeltester``: :class:`PartySeatsModel`, :class:`CandidatesModel`, :class:`RiskModel`. A new
result with the same number of rows repaints the rows (``dataChanged``); only a different shape resets a model.

Signals (SeatPanel):
    dapilChanged(str): the dapil shown changed (contest key).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rekap_desktop.numbers import format_number
from rekap_desktop.seats_dapil import DapilSeats, PartySeats
from rekap_desktop.seats_risk import RiskItem
from ui.seat_source import SeatSource

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
TIE_BRUSH = QBrush(QColor("#ffe680"))
RISK_BRUSH = QBrush(QColor("#ffd0cc"))
SEAT_BRUSH = QBrush(QColor("#d8ecdc"))


class _RowsModel(QAbstractTableModel):
    """A read-only table over a list of row records; :meth:`set_rows` repaints or resets as little as it can."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[object] = []

    def set_rows(self, rows: Sequence[object]) -> None:
        rows = list(rows)
        if len(rows) == len(self._rows):
            changed = rows != self._rows
            self._rows = rows
            if changed and rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.HEADERS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation is Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def row(self, index: int) -> object:
        return self._rows[index]

    def data(self, index: _Index, role: int = _DISPLAY) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def cell(self, row: object, column: int, role: int) -> object:  # pragma: no cover - overridden
        raise NotImplementedError


class PartySeatsModel(_RowsModel):
    """Parties of the dapil: votes, seats and the quotient table (seat number in brackets)."""

    HEADERS = ("Partai", "Suara", "Kursi", "Hasil bagi (1, 3, 5, …)")

    def set_result(self, result: DapilSeats | None) -> None:
        parties = result.parties if result is not None and result.allocation is not None else ()
        self.set_rows(sorted(parties, key=lambda p: (-p.seats, -p.votes, p.number)))

    def cell(self, row: object, column: int, role: int) -> object:
        assert isinstance(row, PartySeats)
        if role == _DISPLAY:
            if column == 0:
                return f"{row.number}. {row.party.short_name}"
            if column == 1:
                return format_number(row.votes)
            if column == 2:
                return f"{row.seats}{' + seri' if row.in_tie else ''}"
            return "  ".join(f"{q.text}{f' [{q.seat}]' if q.seat else ' (seri)' if q.status.value == 'seri' else ''}"
                             for q in row.quotients)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return _RIGHT
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.in_tie:
                return TIE_BRUSH
            if row.seats and column == 2:
                return SEAT_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{row.party.full_name}: {format_number(row.votes)} suara sah (partai + calon), {row.seats} kursi"
                    + ("; ikut seri memperebutkan kursi terakhir" if row.in_tie else ""))
        return None


@dataclass(frozen=True, slots=True)
class CandidateRow:
    party: str
    nomor: int
    nama: str
    votes: int
    status: str  # "terpilih" | "seri" | "pengganti 1" …
    note: str = ""


class CandidatesModel(_RowsModel):
    """Calon terpilih per seat-winning party, candidates in an undecided tie, and the first substitutes."""

    HEADERS = ("Partai", "No.", "Nama calon", "Suara", "Keterangan")
    SUBSTITUTES_SHOWN = 2

    def set_result(self, result: DapilSeats | None) -> None:
        rows: list[CandidateRow] = []
        if result is not None and result.allocation is not None:
            for p in result.seat_parties:
                pc = p.candidates
                name = p.party.short_name
                for r in pc.elected:
                    rows.append(CandidateRow(name, r.candidate.number, r.candidate.name, r.votes, "terpilih",
                                             r.decided_by))
                for r in pc.undecided:
                    rows.append(CandidateRow(name, r.candidate.number, r.candidate.name, r.votes, "seri",
                                             pc.tie.text(name) if pc.tie else ""))
                for i, r in enumerate(pc.substitutes[: self.SUBSTITUTES_SHOWN], start=1):
                    rows.append(CandidateRow(name, r.candidate.number, r.candidate.name, r.votes, f"pengganti {i}",
                                             "seri dengan no. " + ", ".join(map(str, r.tied_with))
                                             if r.tied_with else r.decided_by))
        self.set_rows(rows)

    def cell(self, row: object, column: int, role: int) -> object:
        assert isinstance(row, CandidateRow)
        if role == _DISPLAY:
            return (row.party, str(row.nomor), row.nama, format_number(row.votes), row.status)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 3):
            return _RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and row.status == "seri":
            return TIE_BRUSH
        if role == Qt.ItemDataRole.FontRole and row.status == "terpilih":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and row.note:
            return row.note
        return None


class RiskModel(_RowsModel):
    """Open items that could change a seat or an elected candidate."""

    HEADERS = ("Hal terbuka", "Kecamatan", "Besar", "Dapat mengubah")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}

    def set_result(self, result: DapilSeats | None) -> None:
        self._names = {}
        if result is not None:
            self._names = {r.code: r.name for r in result.contest.kecamatan}
        self.set_rows(list(result.at_risk) if result is not None else [])

    def cell(self, row: object, column: int, role: int) -> object:
        assert isinstance(row, RiskItem)
        if role == _DISPLAY:
            if column == 0:
                return row.item.kind.label
            if column == 1:
                return self._names.get(row.item.kecamatan, "seluruh dapil")
            if column == 2:
                return row.item.size_text
            what = ["kursi"] if row.seat else []
            if row.candidate_parties:
                what.append(f"calon terpilih ({len(row.candidate_parties)} partai)")
            return ", ".join(what)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.message
        if role == Qt.ItemDataRole.BackgroundRole and row.seat:
            return RISK_BRUSH
        return None


def _table(model: QAbstractTableModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    model.modelReset.connect(view.resizeColumnsToContents)
    return view


def last_seat_text(result: DapilSeats) -> str:
    allocation = result.allocation
    if allocation is None:
        return result.problem
    if allocation.tie is not None:
        tie = allocation.tie
        return (f"SERI: {tie.seats} kursi terakhir antara {', '.join(result.name_of(n) for n in tie.parties)} "
                f"(hasil bagi {tie.text}) — diputuskan rapat pleno.")
    ls = allocation.last_seat
    if ls is None:
        return ""
    holder, challenger = result.name_of(ls.holder), result.name_of(ls.challenger)
    return (f"Kursi terakhir: {holder} atas {challenger}. Seri bila {holder} −{format_number(ls.holder_loses)}, "
            f"atau {challenger} +{format_number(ls.challenger_gains)}, atau {format_number(ls.votes_moved)} suara "
            "berpindah.")


class SeatPanel(QDockWidget):
    dapilChanged = Signal(str)

    def __init__(self, source: SeatSource, *, projector_action: QAction | None = None,
                 document_action: QAction | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Kursi DPRD Kabupaten/Kota", parent)
        self.setObjectName("seatDock")
        self._source = source
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        bar = QHBoxLayout()
        self.dapil_box = QComboBox(body)
        self.dapil_box.currentIndexChanged.connect(self._on_dapil_chosen)
        bar.addWidget(QLabel("Dapil:", body))
        bar.addWidget(self.dapil_box, 1)
        for action in (projector_action, document_action):
            if action is not None:
                button = QToolButton(body)
                button.setDefaultAction(action)
                bar.addWidget(button)
        layout.addLayout(bar)
        self.state_label = QLabel(body)
        font = self.state_label.font()
        font.setBold(True)
        self.state_label.setFont(font)
        self.state_label.setWordWrap(True)
        self.margin_label = QLabel(body)
        self.margin_label.setWordWrap(True)
        layout.addWidget(self.state_label)
        layout.addWidget(self.margin_label)
        self.parties = PartySeatsModel(self)
        self.candidates = CandidatesModel(self)
        self.risks = RiskModel(self)
        self.tabs = QTabWidget(body)
        self.tabs.addTab(_table(self.parties, self.tabs), "Perolehan kursi")
        self.tabs.addTab(_table(self.candidates, self.tabs), "Calon terpilih")
        self.tabs.addTab(_table(self.risks, self.tabs), "Rawan")
        layout.addWidget(self.tabs, 1)
        self.setWidget(body)
        self._key = ""
        source.resultChanged.connect(self._on_result)
        self.reload_dapil()

    def source(self) -> SeatSource:
        return self._source

    def current_key(self) -> str:
        return self._key

    def reload_dapil(self) -> None:
        """The dapil list afresh (after the contests were reloaded)."""
        keep = self._key
        self.dapil_box.blockSignals(True)
        self.dapil_box.clear()
        for key in self._source.dapil_keys():
            contest = self._source.contest(key)
            name = contest.dapil.name if contest.dapil else key
            self.dapil_box.addItem(f"{name} ({contest.dapil_code}) — {contest.seats or '?'} kursi", key)
        self.dapil_box.blockSignals(False)
        keys = self._source.dapil_keys()
        self.show_dapil(keep if keep in keys else (keys[0] if keys else ""))

    def show_dapil(self, key: str) -> None:
        """Show one dapil (a DPRD Kabupaten/Kota contest key); other keys are ignored."""
        if key and key not in self._source.dapil_keys():
            return
        changed = key != self._key
        self._key = key
        index = self.dapil_box.findData(key)
        if index >= 0 and index != self.dapil_box.currentIndex():
            self.dapil_box.blockSignals(True)
            self.dapil_box.setCurrentIndex(index)
            self.dapil_box.blockSignals(False)
        self._render()
        if changed:
            self.dapilChanged.emit(key)

    def _on_dapil_chosen(self, index: int) -> None:
        self.show_dapil(str(self.dapil_box.itemData(index) or ""))

    def _on_result(self, key: str) -> None:
        if key == self._key:
            self._render()

    def _render(self) -> None:
        result = self._source.result(self._key) if self._key else None
        if not self._key:
            self.state_label.setText("Tidak ada dapil DPRD Kabupaten/Kota.")
        elif result is None:
            self.state_label.setText("Menghitung…" if self._source.started else "")
        else:
            self.state_label.setText(result.state_label)
        self.margin_label.setText(last_seat_text(result) if result is not None else "")
        self.parties.set_result(result)
        self.candidates.set_result(result)
        self.risks.set_result(result)
        risks = len(result.at_risk) if result is not None else 0
        self.tabs.setTabText(2, f"Rawan ({risks})" if risks else "Rawan")

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        self._source.start()
        super().showEvent(event)  # type: ignore[arg-type]
