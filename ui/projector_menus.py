"""The projector window's actions and menus: 'Layar proyektor' (F5), 'Jeda tayangan' (F7), the target screen, the
dark theme and the text size, gathered in a ready 'Proyektor' menu for the operator's menu bar.

A part of :class:`ui.projector_window.ProjectorWindow` (a mixin: every method runs on the window). Each action is
created once, parented to the window and kept in its ``_actions`` by key, so that the window keeps the checkable
ones in step with what it shows; F5 and F7 are application-wide, they work from the operator's window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from ui.projector_screens import screen_label
from ui.projector_theme import DARK

TOGGLE_SHORTCUT = "F5"
PAUSE_SHORTCUT = "F7"  # as on the shortcut sheet (ui/shortcuts.py)


class ProjectorMenus:
    """The projector's actions (created once each) and its menus."""

    def _checkable(self, key: str, text: str, shortcut: str, tip: str) -> tuple[QAction, bool]:
        """A checkable, application-wide action created once; the bool says whether it was just created."""
        action = self._actions.get(key)
        if action is not None:
            return action, False
        action = QAction(text, self)
        action.setCheckable(True)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.setStatusTip(tip)
        self._actions[key] = action
        return action, True

    def toggleAction(self) -> QAction:
        """Checkable 'Layar proyektor' (F5, application-wide): put it in the main window's menu."""
        action, new = self._checkable("toggle", "Layar &proyektor", TOGGLE_SHORTCUT,
                                      "Tampilkan atau sembunyikan layar proyektor untuk peserta rapat (F5)")
        if new:
            action.triggered.connect(self.setProjectorVisible)
        return action

    def pauseAction(self) -> QAction:
        """Checkable 'Jeda tayangan' (F7): the pause screen while a correction is discussed."""
        action, new = self._checkable("pause", "&Jeda tayangan proyektor", PAUSE_SHORTCUT,
                                      "Ganti tabel di proyektor dengan layar jeda (mis. selama koreksi dibahas)")
        if new:
            action.toggled.connect(self.setPaused)
        return action

    def darkThemeAction(self) -> QAction:
        """Checkable 'Tema gelap proyektor' (remembered)."""
        action = self._actions.get("dark")
        if action is None:
            action = QAction("Tema &gelap proyektor", self)
            action.setCheckable(True)
            action.setChecked(self._res.theme is DARK)
            action.toggled.connect(self.setDarkTheme)
            self._actions["dark"] = action
        return action

    def largerTextAction(self) -> QAction:
        """'Huruf proyektor lebih besar': the next text scale."""
        action = self._actions.get("larger")
        if action is None:
            action = QAction("Huruf proyektor lebih &besar", self)
            action.triggered.connect(lambda: self._step_scale(1))
            self._actions["larger"] = action
        return action

    def smallerTextAction(self) -> QAction:
        """'Huruf proyektor lebih kecil': the previous text scale (never below what the back row needs)."""
        action = self._actions.get("smaller")
        if action is None:
            action = QAction("Huruf proyektor lebih &kecil", self)
            action.triggered.connect(lambda: self._step_scale(-1))
            self._actions["smaller"] = action
        return action

    def screenMenu(self, parent: QWidget | None = None) -> QMenu:
        """'Layar tujuan proyektor': the connected screens (name and geometry), rebuilt each time it opens."""
        menu = QMenu("Layar &tujuan proyektor", parent)
        group = QActionGroup(menu)
        group.setExclusive(True)

        def rebuild() -> None:
            menu.clear()
            target = self.targetScreen()
            for screen in QGuiApplication.screens():
                action = menu.addAction(screen_label(screen))
                action.setCheckable(True)
                action.setChecked(target is not None and screen.name() == target.name())
                action.setProperty("screenName", screen.name())
                group.addAction(action)
                name = screen.name()
                action.triggered.connect(lambda _=False, n=name: self.setScreenName(n))

        menu.aboutToShow.connect(rebuild)
        rebuild()
        return menu

    def projectorMenu(self, parent: QWidget | None = None) -> QMenu:
        """A ready 'Proyektor' menu: toggle (F5), pause (F7), screens, dark theme, text size."""
        menu = QMenu("&Proyektor", parent)
        menu.addAction(self.toggleAction())
        menu.addAction(self.pauseAction())
        menu.addSeparator()
        menu.addMenu(self.screenMenu(menu))
        menu.addAction(self.darkThemeAction())
        menu.addAction(self.largerTextAction())
        menu.addAction(self.smallerTextAction())
        return menu
