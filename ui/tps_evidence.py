"""Sirekap TPS evidence in the window (issue 12 item 2): a kecamatan's Sirekap figure opened into its TPS.

A kecamatan cell whose Sirekap figure is off by −800 must say which TPS and why. :class:`TpsEvidenceDialog` lists
every TPS of the kecamatan for the contest (:func:`rekap_desktop.sirekap.tps_list.tps_list`): its figure of the
chosen line, whether Sirekap has data, its status (PSU, PSL … — the figures before a re-vote never count), the
record time, its anomalies in words and the TPS with exactly the same figures; the selected TPS shows all its
figures by line, every anomaly with the suggested reading, where the record came from, and buttons that open the
photos of the C.HASIL form in the browser (:class:`QDesktopServices`). "Hanya TPS beranomali" narrows the list to
what needs a look. The list is read-only: Sirekap is a comparison aid and nothing here changes a figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rekap_desktop.contest import Contest
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.numbers import format_number
from rekap_desktop.services import RecapService
from rekap_desktop.sirekap.status import TpsStatus
from rekap_desktop.sirekap.store import chart_line, chart_mapping
from rekap_desktop.sirekap.tps_list import TpsEntry, tps_list
from ui.line_names import line_names

ANY_INDEX = QModelIndex | QPersistentModelIndex


class TpsColumn(IntEnum):
    TPS = 0
    VALUE = 1
    DATA = 2
    STATUS = 3
    ANOMALIES = 4
    TIME = 5
    PHOTOS = 6


HEADERS = ("TPS", "Angka baris", "Data Sirekap", "Status", "Anomali", "Waktu rekam", "Foto")
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 60
_RED = QColor("#b00020")


def status_text(entry: TpsEntry) -> str:
    if entry.status is TpsStatus.NORMAL:
        return "normal"
    by = "ditandai di pleno" if entry.status_source == "manual" else "menurut Sirekap"
    return f"{entry.status.short} ({by})"


def data_text(entry: TpsEntry) -> str:
    if not entry.has_data:
        return "tidak ada" if entry.record_id is None else "tanpa angka"
    parts = [p for p, ok in (("administrasi", entry.has_admin), ("perolehan", entry.has_chart)) if ok]
    return " + ".join(parts)


class TpsListModel(QAbstractTableModel):
    """The TPS of one kecamatan (read-only), with the figure of one line."""

    def __init__(self, entries: Sequence[TpsEntry], line: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries = list(entries)
        self._line = line

    def entry(self, row: int) -> TpsEntry:
        return self._entries[row]

    def rowCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def flags(self, index: ANY_INDEX) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: ANY_INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        e = self._entries[index.row()]
        col = index.column()
        if role == ENTRY_ROLE:
            return e
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            return int(right) if col in (TpsColumn.VALUE, TpsColumn.PHOTOS) else None
        if role == Qt.ItemDataRole.ToolTipRole and col == TpsColumn.ANOMALIES and e.anomalies:
            return "\n".join(a.message for a in e.anomalies)
        if role == Qt.ItemDataRole.ForegroundRole and col == TpsColumn.ANOMALIES and e.anomalies:
            return _RED
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == TpsColumn.TPS:
            return e.name if e.code[-3:] in e.name else f"{e.code[-3:]} · {e.name}"
        if col == TpsColumn.VALUE:
            value = e.figures.get(self._line) if self._line else None
            return format_number(value, "—")
        if col == TpsColumn.DATA:
            return data_text(e)
        if col == TpsColumn.STATUS:
            return status_text(e)
        if col == TpsColumn.ANOMALIES:
            if not e.anomalies and not e.duplicates:
                return ""
            parts = [f"⚠ {len(e.anomalies)}: {e.anomalies[0].message}"] if e.anomalies else []
            if e.duplicates:
                parts.append(f"sama dengan TPS {', '.join(d[-3:] for d in e.duplicates)}")
            return " · ".join(parts)
        if col == TpsColumn.TIME:
            return e.ts or ""
        return str(sum(1 for i in e.images if i)) if e.images else "0"


class AnomalousOnly(QSortFilterProxyModel):
    """Only TPS with an anomaly, a twin or a status other than normal, when switched on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on = False

    def set_on(self, on: bool) -> None:
        self.beginFilterChange()
        self._on = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ANY_INDEX) -> bool:
        if not self._on:
            return True
        model = self.sourceModel()
        if not isinstance(model, TpsListModel):
            return True
        e = model.entry(source_row)
        return bool(e.anomalies or e.duplicates or e.status is not TpsStatus.NORMAL or not e.has_data)


def details_text(entry: TpsEntry, catalogue: LineCatalogue) -> str:
    """Everything about one TPS, as plain text (figures by line, anomalies with suggestions, source)."""
    names = line_names(catalogue)
    mapping = chart_mapping(catalogue.contest)

    def named(key: str) -> str:
        line = key if key in catalogue else chart_line(key, mapping)
        return f"{names.text(line)} ({line})" if line and line in catalogue else key

    out = [f"TPS {entry.code} — {entry.name}", f"Status: {status_text(entry)}"
           + (f" — {entry.status_reason}" if entry.status_reason else ""),
           f"DPT TPS (data referensi): {format_number(entry.dpt, 'tidak diketahui')}",
           f"Rekaman Sirekap: {entry.ts or 'tidak ada'}" + (f" · {entry.source}" if entry.source else "")]
    if entry.status is not TpsStatus.NORMAL:
        out.append("Angka sebelum pemungutan/penghitungan ulang tidak dihitung.")
    if entry.anomalies:
        out.append("")
        out.append("Anomali data Sirekap:")
        for a in entry.anomalies:
            out.append(f"  ⚠ {a.message}")
            for key, value in a.suggested:
                out.append(f"     bacaan yang dikonfirmasi: {named(key)} = {format_number(value)}")
    if entry.duplicates:
        out.append(f"Angka sama persis dengan TPS {', '.join(entry.duplicates)} (formulir diunggah dua kali?)")
    if entry.figures:
        out.append("")
        out.append("Angka per baris:")
        for line in catalogue.lines:
            if line.id in entry.figures:
                out.append(f"  {names.text(line.id)} ({line.id}): {format_number(entry.figures[line.id])}")
    if entry.unmapped:
        out.append("Kunci Sirekap tanpa baris formulir: "
                   + ", ".join(f"{k} = {format_number(v)}" for k, v in sorted(entry.unmapped.items())))
    return "\n".join(out)


class TpsEvidenceDialog(QDialog):
    """The TPS list of one kecamatan for one contest, with the figure of ``line`` (read-only)."""

    def __init__(self, service: RecapService, contest: Contest, kecamatan: str, line: str | None = None, *,
                 catalogue: LineCatalogue | None = None, tps: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contest = contest
        self.kecamatan = kecamatan
        self.line = line
        self.catalogue = catalogue or LineCatalogue(contest)
        with service.engine.connect() as conn:
            self.entries = tps_list(conn, contest, kecamatan)
        name = contest.kecamatan_name(kecamatan)
        self.setWindowTitle(f"Bukti TPS Sirekap — Kec. {name}")
        layout = QVBoxLayout(self)
        self.summary = QLabel(self._summary(), self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.only = QCheckBox("Hanya TPS beranomali, berstatus ulang atau tanpa data", self)
        layout.addWidget(self.only)
        self.model = TpsListModel(self.entries, line, self)
        self.proxy = AnomalousOnly(self)
        self.proxy.setSourceModel(self.model)
        self.only.toggled.connect(self.proxy.set_on)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.table = QTableView(split)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for col, width in ((TpsColumn.TPS, 180), (TpsColumn.VALUE, 100), (TpsColumn.DATA, 150),
                           (TpsColumn.STATUS, 150), (TpsColumn.ANOMALIES, 300), (TpsColumn.TIME, 150)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        below = QWidget(split)
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        self.details = QPlainTextEdit(below)
        self.details.setReadOnly(True)
        below_layout.addWidget(self.details, 1)
        self.photos = QHBoxLayout()
        below_layout.addLayout(self.photos)
        split.addWidget(self.table)
        split.addWidget(below)
        layout.addWidget(split, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _old: self._show(current))
        self.photo_buttons: list[QPushButton] = []
        self.resize(1000, 640)
        start = next((i for i, e in enumerate(self.entries) if e.code == tps), None) if tps else None
        if start is None:
            start = next((i for i, e in enumerate(self.entries) if e.anomalies), 0 if self.entries else None)
        if start is not None:
            self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(start, 0)))

    def _summary(self) -> str:
        name = self.contest.kecamatan_name(self.kecamatan)
        with_data = sum(1 for e in self.entries if e.has_data)
        anomalous = sum(1 for e in self.entries if e.anomalies)
        revote = sum(1 for e in self.entries if e.status is not TpsStatus.NORMAL)
        text = (f"{self.contest.title} · Kec. {name}: {format_number(len(self.entries))} TPS, "
                f"{format_number(with_data)} dengan data Sirekap, {format_number(anomalous)} beranomali, "
                f"{format_number(revote)} pemungutan/penghitungan ulang.")
        if self.line:
            total = sum(e.figures.get(self.line, 0) for e in self.entries)  # the counting records only
            label = line_names(self.catalogue).text(self.line)
            text += f" Baris {label} ({self.line}): jumlah TPS = {format_number(total)}."
        text += " Sirekap hanya pembanding; angka resmi adalah D.HASIL KECAMATAN."
        return text

    def selected(self) -> TpsEntry | None:
        index = self.table.currentIndex()
        return index.data(ENTRY_ROLE) if index.isValid() else None

    def _show(self, index: QModelIndex) -> None:
        entry: TpsEntry | None = index.data(ENTRY_ROLE) if index.isValid() else None
        for button in self.photo_buttons:
            self.photos.removeWidget(button)
            button.deleteLater()
        self.photo_buttons = []
        if entry is None:
            self.details.clear()
            return
        self.details.setPlainText(details_text(entry, self.catalogue))
        for i, url in enumerate(entry.images, start=1):
            if not url:
                continue
            button = QPushButton(f"Foto C.HASIL {i}", self)
            button.setToolTip(f"Buka di peramban: {url}")
            button.clicked.connect(lambda _=False, u=url: self.open_photo(u))
            self.photos.addWidget(button)
            self.photo_buttons.append(button)

    def open_photo(self, url: str) -> bool:
        """Open a form photo in the browser (Sirekap's own link, as published)."""
        return QDesktopServices.openUrl(QUrl(url))
