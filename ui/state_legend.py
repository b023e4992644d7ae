"""A one-line legend of the cell states (symbol, colour swatch and Indonesian text), for the operator window."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui.cell_state import CellState
from ui.theme import ThemeResources, default_resources

LEGEND_STATES = (CellState.ERROR, CellState.MISMATCH, CellState.WARNING, CellState.PARTIAL, CellState.MISSING)


class StateLegend(QWidget):
    def __init__(self, resources: ThemeResources | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        res = resources or default_resources()
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
        layout.addStretch(1)
