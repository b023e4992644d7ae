"""Zoom of the operator's grid: Ctrl + / Ctrl − / Ctrl 0 and Ctrl + mouse wheel, remembered per station.

The zoom scales the fonts of the shared :class:`~ui.theme.ThemeResources` (the very QFont objects the models hand
out), then every registered view re-measures its rows and columns — a school-hall laptop at 1024×768 can show
more columns, a tired operator bigger figures.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, Signal

from ui.theme import ThemeResources

STEPS = (0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6, 1.8, 2.0)
KEY_ZOOM = "grid/zoom"


def _nearest(value: object) -> float:
    try:
        factor = float(str(value))
    except ValueError:
        factor = 1.0
    return min(STEPS, key=lambda s: abs(s - factor))


class Zoom(QObject):
    """The zoom factor of the grid views. Signals: changed(float)."""

    changed = Signal(float)

    def __init__(self, resources: ThemeResources, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._res = resources
        self._settings = settings
        self._views: list[Callable[[], None]] = []
        self.factor = _nearest(settings.value(KEY_ZOOM, 1.0))
        resources.set_zoom(self.factor)

    def follow(self, apply: Callable[[], None]) -> None:
        """``apply`` (e.g. GridView.apply_zoom) is called after every change, and now."""
        self._views.append(apply)
        apply()

    def set_factor(self, factor: float) -> None:
        factor = _nearest(factor)
        if factor == self.factor and self._res.zoom == factor:
            return
        self.factor = factor
        self._settings.setValue(KEY_ZOOM, factor)
        self._res.set_zoom(factor)
        for apply in self._views:
            apply()
        self.changed.emit(factor)

    def step(self, direction: int) -> None:
        i = STEPS.index(self.factor)
        self.set_factor(STEPS[max(0, min(len(STEPS) - 1, i + (1 if direction > 0 else -1)))])

    def zoom_in(self) -> None:
        self.step(1)

    def zoom_out(self) -> None:
        self.step(-1)

    def reset(self) -> None:
        self.set_factor(1.0)

    def text(self) -> str:
        return f"Zoom {round(self.factor * 100)}%"
