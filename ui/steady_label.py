"""A label whose text changes often — the status bar's figures, the findings count — without laying out its window
again each time (issue 16.1).

``QLabel.setText`` asks the parent layout to recompute; in the status bar or a dock that reaches the main window's
layout (all docks and the central widget) — milliseconds on the edit path. A :class:`SteadyLabel` keeps a fixed
size, which Qt's ``updateGeometry`` then leaves alone; the size only grows, when a longer text needs more room
(the status bar never jitters as figures change either).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


class SteadyLabel(QLabel):
    """A ``QLabel`` of fixed size that grows to fit longer texts and never shrinks."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pinned = False
        self.setText(text)

    def setText(self, text: str) -> None:  # type: ignore[override]  # same signature as QLabel.setText
        if self._pinned and text == self.text():
            return
        super().setText(text)
        self.fit()

    def fit(self) -> None:
        """Grow to the current text's size hint (after a font or style change, too)."""
        hint = self.sizeHint()
        width = max(hint.width(), self.minimumWidth() if self._pinned else 0)
        if not self._pinned or width != self.maximumWidth() or hint.height() != self.maximumHeight():
            self.setFixedSize(width, hint.height())
            self._pinned = True
