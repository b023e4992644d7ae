"""Where the projector window goes (DESIGN §8): the chosen screen, full-screen, following screens being plugged in
and unplugged.

:func:`choose_screen` picks the screen — the remembered one when connected (QSettings, by screen name), else the
first that is not the operator's, else the only one. :class:`ScreenPlacement` puts a window there: full-screen
without taking the operator's keyboard when there are several screens, an ordinary window of ¾ of the screen when
there is one; when the projector's screen is unplugged it moves to a remaining one (the remembered choice stays)
and goes back when that screen is plugged in again.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QPoint, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

KEY_SCREEN = "projector/screen"


def choose_screen(names: Sequence[str], remembered: str | None, operator: str | None) -> str | None:
    """The screen the projector goes to: the remembered one when connected, else the first screen that is not
    the operator's, else the only one (None without screens)."""
    if not names:
        return None
    if remembered and remembered in names:
        return remembered
    others = [n for n in names if n != operator]
    return (others or list(names))[0]


def screen_label(screen: QScreen) -> str:
    g = screen.geometry()
    return f"{screen.name()} — {g.width()}×{g.height()} di ({g.x()}, {g.y()})"


class ScreenPlacement(QObject):
    """Places ``window`` on its screen and keeps it there while screens come and go (a child of the window)."""

    def __init__(self, window: QWidget, settings: QSettings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._placed_once = False
        self._gone: set[str] = set()  # names of screens signalled as removed (until added again)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self.screen_added)
            app.screenRemoved.connect(self.screen_removed)

    def chosen_screen_name(self) -> str | None:
        value = self._settings.value(KEY_SCREEN)
        return str(value) if value else None

    def remember(self, name: str) -> None:
        self._settings.setValue(KEY_SCREEN, name)
        self._settings.sync()

    def connected_screens(self, exclude: QScreen | None = None) -> list[QScreen]:
        """The screens the projector may use: connected, not being removed."""
        return [s for s in QGuiApplication.screens() if s is not exclude and s.name() not in self._gone]

    def target_screen(self, exclude: QScreen | None = None) -> QScreen | None:
        """Where the projector goes: the remembered screen if connected, else one that is not the operator's."""
        screens = self.connected_screens(exclude)
        operator = self._operator_screen(exclude)
        name = choose_screen([s.name() for s in screens], self.chosen_screen_name(),
                             operator.name() if operator else None)
        return next((s for s in screens if s.name() == name), None)

    def _operator_screen(self, exclude: QScreen | None) -> QScreen | None:
        parent = self._window.parentWidget()
        screen = parent.window().screen() if parent is not None else QGuiApplication.primaryScreen()
        return None if screen is None or screen is exclude or screen.name() in self._gone else screen

    def place(self, exclude: QScreen | None = None) -> None:
        """Show the window on its screen: full-screen when there are several screens, else an ordinary window."""
        window = self._window
        screen = self.target_screen(exclude)
        if screen is None:
            return
        if len(self.connected_screens(exclude)) > 1:
            if window.isVisible() and window.isFullScreen() and window.screen() is screen \
                    and window.geometry() == screen.geometry():
                return
            if window.isFullScreen():
                self._set_full_screen(False)  # leave full screen before moving (X11, Windows)
            window.setScreen(screen)
            window.setGeometry(screen.geometry())
            self._set_full_screen(True)
            window.show()  # not showFullScreen(): that would activate the window and take the operator's keyboard
            window.setCursor(Qt.CursorShape.BlankCursor)
        else:
            if window.isFullScreen():
                self._set_full_screen(False)
            window.unsetCursor()
            avail = screen.availableGeometry()
            if not self._placed_once or window.screen() is not screen or not avail.intersects(window.geometry()):
                size = QSize(min(1280, avail.width() * 3 // 4), min(720, avail.height() * 3 // 4))
                rect = QRect(QPoint(0, 0), size)
                rect.moveCenter(avail.center())
                window.setScreen(screen)
                window.setGeometry(rect)
            window.show()
        self._placed_once = True

    def _set_full_screen(self, on: bool) -> None:
        window = self._window
        state = window.windowState() & ~(Qt.WindowState.WindowMinimized | Qt.WindowState.WindowMaximized)
        window.setWindowState(state | Qt.WindowState.WindowFullScreen if on
                              else state & ~Qt.WindowState.WindowFullScreen)

    def screen_removed(self, screen: QScreen) -> None:
        """A screen is being unplugged: if it is ours, move to a remaining one (remembered choice unchanged)."""
        self._gone.add(screen.name())
        if self._window.isVisible():
            self.place()  # before Qt moves the window to the primary screen by itself
            QTimer.singleShot(0, self._window, self._replace)

    def screen_added(self, screen: QScreen) -> None:
        """A screen was plugged in: when it is the remembered one, go back there."""
        self._gone.discard(screen.name())
        if self._window.isVisible():
            self.place()

    def _replace(self) -> None:
        if self._window.isVisible():
            self.place()
