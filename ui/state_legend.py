"""A one-line legend of the cell states (symbol, colour swatch and Indonesian text) and of the cell marks
(⚑ keberatan, ✎ dikoreksi, ↻ hitung ulang), for the operator window."""

from __future__ import annotations

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
    def __init__(self, resources: ThemeResources | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        res = resources or default_resources()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # never widens the window
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for state in LEGEND_STATES:
            style = res.theme.states[state]
            label = QLabel(self)
            icon = res.icon(state)
            assert icon is not None
            label.setPixmap(icon.pixmap(res.icon_size, res.icon_size))
            text = QLabel(state.label, self)
            text.setStyleSheet(
                f"background: {style.background}; color: {style.foreground}; padding: 1px 6px; border-radius: 3px;"
            )
            text.setAccessibleName(f"{style.symbol} {state.label}")
            layout.addWidget(label)
            layout.addWidget(text)
            layout.addSpacing(6)
        for kind in (MarkKind.KEBERATAN, MarkKind.KOREKSI, MarkKind.HITUNG_ULANG):
            mark = QLabel(f"{MARK_SYMBOLS[kind]} {kind.label}", self)
            mark.setStyleSheet(f"color: {res.mark_colours[kind.value].name()}; font-weight: bold;")
            mark.setToolTip(MARK_TIPS[kind])
            layout.addWidget(mark)
            layout.addSpacing(6)
        layout.addStretch(1)
