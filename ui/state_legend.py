"""A one-line legend of the cell states (symbol, colour swatch and Indonesian text) and of the cell marks
(⚑ keberatan, ✎ dikoreksi, ↻ hitung ulang), for the operator window."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from rekap_desktop.cell_marks import MarkKind
from ui.cell_state import CellState
from ui.sheet_model import MARK_SYMBOLS
from ui.theme import ThemeResources, default_resources

MARK_TIPS = {
    MarkKind.KEBERATAN: "Ada keberatan saksi atas angka ini (merah: belum diputus; abu-abu: sudah diputus)",
    MarkKind.KOREKSI: "Angka ini dikoreksi setelah ditetapkan, dengan alasan dan nomor keberatan",
    MarkKind.HITUNG_ULANG: "Angka ini berubah karena hitung ulang TPS",
}

LEGEND_STATES = (CellState.ERROR, CellState.MISMATCH, CellState.WARNING, CellState.PARTIAL, CellState.MISSING)


class StateLegend(QWidget):
    """The legend's items flow onto a second line when the window is narrow (nothing is cut off)."""

    def __init__(self, resources: ThemeResources | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        res = resources or default_resources()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # never widens the window
        self._items: list[QWidget] = []
        for state in LEGEND_STATES:
            style = res.theme.states[state]
            item = QWidget(self)
            row = QHBoxLayout(item)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(4)
            label = QLabel(item)
            icon = res.icon(state)
            assert icon is not None
            label.setPixmap(icon.pixmap(res.icon_size, res.icon_size))
            text = QLabel(state.label, item)
            text.setStyleSheet(
                f"background: {style.background}; color: {style.foreground}; padding: 1px 6px; border-radius: 3px;"
            )
            text.setAccessibleName(f"{style.symbol} {state.label}")
            row.addWidget(label)
            row.addWidget(text)
            self._items.append(item)
        for kind in (MarkKind.KEBERATAN, MarkKind.KOREKSI, MarkKind.HITUNG_ULANG):
            mark = QLabel(f"{MARK_SYMBOLS[kind]} {kind.label}", self)
            mark.setStyleSheet(f"color: {res.mark_colours[kind.value].name()}; font-weight: bold;")
            mark.setToolTip(MARK_TIPS[kind])
            self._items.append(mark)
        self._place(self.width() or 2000)

    def _place(self, width: int) -> int:
        """Put the items in rows of ``width``; returns the height used."""
        x = y = 0
        row_h = 0
        gap = 12
        for item in self._items:
            hint = item.sizeHint()
            if x and x + hint.width() > width:
                x, y = 0, y + row_h + 4
                row_h = 0
            item.setGeometry(x, y, hint.width(), hint.height())
            x += hint.width() + gap
            row_h = max(row_h, hint.height())
        return y + row_h

    def items(self) -> list[QWidget]:
        return list(self._items)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        height = self._place(event.size().width())
        if self.minimumHeight() != height:
            self.setFixedHeight(height)

    def sizeHint(self) -> QSize:
        return QSize(sum(i.sizeHint().width() + 12 for i in self._items), self._place(self.width() or 2000))
