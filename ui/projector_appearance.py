"""The projector window's appearance: its theme — high-contrast light ("terang") or dark ("gelap") — and its text
size as a multiple of what the back row needs, both remembered in QSettings (DESIGN §8, issue 12 item 1).

A part of :class:`ui.projector_window.ProjectorWindow` (a mixin: every method runs on the window). A theme switch
changes brushes, not data: the window's palette and every part are repainted, the proxy emits nothing. A text size
switch gives every part new metrics (:mod:`ui.projector_layout`).
"""

from __future__ import annotations

from PySide6.QtGui import QPalette

from ui.projector_theme import DARK, LIGHT, TEXT_SCALES, theme_named

KEY_THEME = "projector/theme"
KEY_SCALE = "projector/text_scale"


def clamp_scale(value: object) -> float:
    """The text scale nearest to ``value`` (1 when it is no number)."""
    try:
        scale = float(str(value))
    except ValueError:
        scale = 1.0
    return min(TEXT_SCALES, key=lambda s: abs(s - scale))


class ProjectorAppearance:
    """Theme and text size of the projector window."""

    def setThemeName(self, name: str) -> None:
        """"terang" (high-contrast light) or "gelap" (dark); remembered in QSettings."""
        theme = theme_named(name)
        self._settings.setValue(KEY_THEME, theme.name)
        if theme is self._res.theme:
            return
        self._res.set_theme(theme)
        self._apply_theme()
        action = self._actions.get("dark")
        if action is not None and action.isChecked() != (theme is DARK):
            action.setChecked(theme is DARK)

    def setDarkTheme(self, dark: bool) -> None:
        self.setThemeName(DARK.name if dark else LIGHT.name)

    def textScale(self) -> float:
        return self._scale

    def setTextScale(self, scale: float) -> None:
        """Text size as a multiple of the room's minimum (1 = spotlight digits 72 px on 1080p; up to 1.5);
        never below 1, remembered."""
        self._scale = clamp_scale(scale)
        self._settings.setValue(KEY_SCALE, self._scale)
        self._sheet_layout.apply_metrics(self._scale)
        self._sheet_layout.fit_whole_rows()

    def _step_scale(self, step: int) -> None:
        i = TEXT_SCALES.index(self._scale)
        self.setTextScale(TEXT_SCALES[max(0, min(len(TEXT_SCALES) - 1, i + step))])

    def _apply_theme(self) -> None:
        res = self._res
        palette = self.palette()
        for role, colour in (
            (QPalette.ColorRole.Window, res.background),
            (QPalette.ColorRole.Base, res.background),
            (QPalette.ColorRole.AlternateBase, res.stripe),
            (QPalette.ColorRole.Text, res.text),
            (QPalette.ColorRole.WindowText, res.text),
        ):
            palette.setColor(role, colour)
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self._view.setPalette(palette)
        self._view.viewport().setPalette(palette)
        # Brushes changed, not data: repaint every view of the proxy (a theme switch is no edit).
        for widget in (self._title, self._strip, self._legend, self._pause, self._view.viewport(),
                       self._view.horizontalHeader().viewport()):
            widget.update()
        self._spot.refresh()
