"""The navigator: ballot → dapil → kecamatan, with a status chip per kecamatan and progress per contest.

Statuses are the four strings of the plenary ("belum", "dibacakan", "selesai", "ditetapkan"); their values and
transitions belong to the core, this widget only shows them (colour *and* text). A contest's progress counts the
kecamatan that are "selesai" or "ditetapkan".

Signals:
    contestSelected(key): a contest was chosen (also when a kecamatan of another contest was chosen).
    kecamatanSelected(key, code): a kecamatan of a contest was chosen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import IntEnum

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest
from rekap_desktop.numbers import format_number
from ui.theme import DONE_STATUSES, OPERATOR_THEME, STATUSES, Theme

ANY_INDEX = QModelIndex | QPersistentModelIndex


class NodeKind(IntEnum):
    BALLOT = 0
    CONTEST = 1
    KECAMATAN = 2


KIND_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
CODE_ROLE = Qt.ItemDataRole.UserRole + 3
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 4  # (done, total) on contest nodes

_STATUS_TEXT = {
    "belum": "belum",
    "dibacakan": "dibacakan",
    "selesai": "selesai",
    "ditetapkan": "ditetapkan",
}


def progress_text(done: int, total: int) -> str:
    return f"kecamatan selesai {format_number(done)} dari {format_number(total)}"


class NavigatorDelegate(QStyledItemDelegate):
    """Contest rows: title and a progress line with a bar; kecamatan rows: a status chip in column 1."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._chips = {
            s: (QColor(c.background), QColor(c.foreground)) for s, c in theme.status_chips.items()
        }
        self._bar_bg = QColor("#d9dee4")
        self._bar_fg = QColor(theme.status_chips["selesai"].foreground)

    def sizeHint(self, option: QStyleOptionViewItem, index: ANY_INDEX) -> QSize:
        size = super().sizeHint(option, index)
        fm = QFontMetrics(option.font)
        if index.data(KIND_ROLE) == NodeKind.CONTEST:
            return QSize(size.width(), fm.lineSpacing() * 2 + 16)
        return QSize(size.width(), max(size.height(), fm.height() + 10))

    def _background(self, painter: QPainter, option: QStyleOptionViewItem, index: ANY_INDEX) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ANY_INDEX) -> None:
        kind = index.data(KIND_ROLE)
        if kind == NodeKind.CONTEST and index.column() == 0:
            self._paint_contest(painter, option, index)
        elif kind == NodeKind.KECAMATAN and index.column() == 1:
            self._background(painter, option, index)
            self._paint_chip(painter, option.rect, str(index.data() or ""), option.font)
        else:
            super().paint(painter, option, index)

    def _paint_contest(self, painter: QPainter, option: QStyleOptionViewItem, index: ANY_INDEX) -> None:
        self._background(painter, option, index)
        done, total = index.data(PROGRESS_ROLE) or (0, 0)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_colour = palette.highlightedText().color() if selected else palette.text().color()
        rect = option.rect.adjusted(4, 4, -6, -4)
        fm = QFontMetrics(option.font)
        bold = QFont(option.font)
        bold.setBold(True)
        painter.save()
        painter.setFont(bold)
        painter.setPen(text_colour)
        title_rect = QRect(rect.left(), rect.top(), rect.width(), fm.lineSpacing())
        title = QFontMetrics(bold).elidedText(str(index.data() or ""), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(title_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), title)
        painter.setFont(option.font)
        line2 = QRect(rect.left(), rect.top() + fm.lineSpacing() + 4, rect.width(), fm.lineSpacing())
        text = progress_text(done, total)
        text_w = fm.horizontalAdvance(text)
        painter.drawText(line2, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
        bar_left = line2.left() + text_w + 10
        bar_w = line2.right() - bar_left
        if bar_w > 20 and total:
            bar = QRectF(bar_left, line2.center().y() - 3, bar_w, 6)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._bar_bg)
            painter.drawRoundedRect(bar, 3, 3)
            painter.setBrush(self._bar_fg)
            painter.drawRoundedRect(QRectF(bar.left(), bar.top(), bar.width() * done / total, bar.height()), 3, 3)
        painter.restore()

    def _paint_chip(self, painter: QPainter, rect: QRect, status: str, font: QFont) -> None:
        bg, fg = self._chips.get(status, (QColor("#e3e3e3"), QColor("#303030")))
        fm = QFontMetrics(font)
        text = _STATUS_TEXT.get(status, status)
        width = fm.horizontalAdvance(text) + 16
        height = fm.height() + 4
        chip = QRectF(rect.left() + 4, rect.center().y() - height / 2 + 0.5, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(chip, height / 2, height / 2)
        painter.setPen(fg)
        painter.setFont(font)
        painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()


class Navigator(QTreeWidget):
    contestSelected = Signal(str)
    kecamatanSelected = Signal(str, str)

    def __init__(
        self,
        contests: Sequence[Contest] = (),
        statuses: Mapping[tuple[str, str], str] | None = None,
        *,
        theme: Theme = OPERATOR_THEME,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels(["Pemilihan / dapil / kecamatan", "Status"])
        self.setItemDelegate(NavigatorDelegate(theme, self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformRowHeights(False)
        self.setAnimated(False)
        self.setIndentation(14)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, QFontMetrics(self.font()).horizontalAdvance("ditetapkan") + 30)
        self._contests: dict[str, Contest] = {}
        self._contest_items: dict[str, QTreeWidgetItem] = {}
        self._kec_items: dict[tuple[str, str], QTreeWidgetItem] = {}
        self._statuses: dict[tuple[str, str], str] = {}
        self._last_contest: str | None = None
        self.currentItemChanged.connect(self._on_current)
        self.set_contests(contests, statuses or {})

    # ------------------------------------------------------------------ content
    def set_contests(self, contests: Iterable[Contest], statuses: Mapping[tuple[str, str], str]) -> None:
        self.blockSignals(True)
        try:
            self.clear()
            self._contests = {c.key: c for c in contests}
            self._contest_items.clear()
            self._kec_items.clear()
            self._statuses = {}
            self._last_contest = None
            for (key, code), status in statuses.items():
                self._check(status)
                self._statuses[(key, code)] = status
            for ballot in Ballot:
                members = [c for c in self._contests.values() if c.ballot is ballot]
                if not members:
                    continue
                if ballot.has_dapil:
                    group = QTreeWidgetItem(self, [ballot.label, ""])
                    group.setData(0, KIND_ROLE, NodeKind.BALLOT)
                    group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    bold = QFont(self.font())
                    bold.setBold(True)
                    group.setFont(0, bold)
                    group.setFirstColumnSpanned(True)
                    for contest in sorted(members, key=lambda c: c.dapil_code):
                        assert contest.dapil is not None
                        self._add_contest(group, contest, f"Dapil {contest.dapil.name}")
                    group.setExpanded(True)
                else:
                    for contest in members:
                        self._add_contest(None, contest, contest.ballot.label)
        finally:
            self.blockSignals(False)

    def _add_contest(self, parent: QTreeWidgetItem | None, contest: Contest, title: str) -> None:
        item = QTreeWidgetItem([title, ""])
        if parent is None:
            self.addTopLevelItem(item)
        else:
            parent.addChild(item)
        item.setData(0, KIND_ROLE, NodeKind.CONTEST)
        item.setData(0, KEY_ROLE, contest.key)
        item.setFirstColumnSpanned(True)
        self._contest_items[contest.key] = item
        for region in contest.kecamatan:
            status = self._statuses.setdefault((contest.key, region.code), "belum")
            kec = QTreeWidgetItem(item, [region.name, status])
            for col in (0, 1):
                kec.setData(col, KIND_ROLE, NodeKind.KECAMATAN)
                kec.setData(col, KEY_ROLE, contest.key)
                kec.setData(col, CODE_ROLE, region.code)
            self._kec_items[(contest.key, region.code)] = kec
            self._update_kecamatan_tooltip(contest.key, region.code)
        self._update_progress(contest.key)
        item.setExpanded(True)

    @staticmethod
    def _check(status: str) -> None:
        if status not in STATUSES:
            raise ValueError(f"status kecamatan tidak dikenal: {status!r} (yang sah: {', '.join(STATUSES)})")

    def set_status(self, key: str, code: str, status: str) -> None:
        self._check(status)
        item = self._kec_items.get((key, code))
        if item is None:
            raise KeyError(f"kecamatan {code} tidak ada pada kontes {key}")
        self._statuses[(key, code)] = status
        item.setText(1, status)
        self._update_kecamatan_tooltip(key, code)
        self._update_progress(key)

    def status(self, key: str, code: str) -> str:
        return self._statuses[(key, code)]

    def progress(self, key: str) -> tuple[int, int]:
        contest = self._contests[key]
        done = sum(1 for r in contest.kecamatan if self._statuses.get((key, r.code)) in DONE_STATUSES)
        return done, len(contest.kecamatan)

    def _update_progress(self, key: str) -> None:
        item = self._contest_items[key]
        done, total = self.progress(key)
        item.setData(0, PROGRESS_ROLE, (done, total))
        contest = self._contests[key]
        item.setToolTip(0, f"{contest.title}\n{progress_text(done, total)}")

    def _update_kecamatan_tooltip(self, key: str, code: str) -> None:
        item = self._kec_items[(key, code)]
        region = self._contests[key].kecamatan[self._contests[key].kecamatan_position(code)]
        tps = f", {format_number(region.tps_count)} TPS" if region.tps_count else ""
        tip = f"Kecamatan {region.name} ({code}{tps})\nStatus: {self._statuses[(key, code)]}"
        item.setToolTip(0, tip)
        item.setToolTip(1, tip)

    # ------------------------------------------------------------------ selection
    def select_contest(self, key: str) -> None:
        self.setCurrentItem(self._contest_items[key])

    def select_kecamatan(self, key: str, code: str) -> None:
        self.setCurrentItem(self._kec_items[(key, code)])

    def item_for(self, key: str, code: str | None = None) -> QTreeWidgetItem:
        return self._contest_items[key] if code is None else self._kec_items[(key, code)]

    def _on_current(self, current: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        if current is None:
            return
        kind = current.data(0, KIND_ROLE)
        key = current.data(0, KEY_ROLE)
        if kind == NodeKind.CONTEST:
            self._last_contest = key
            self.contestSelected.emit(key)
        elif kind == NodeKind.KECAMATAN:
            if key != self._last_contest:
                self._last_contest = key
                self.contestSelected.emit(key)
            self.kecamatanSelected.emit(key, current.data(0, CODE_ROLE))
