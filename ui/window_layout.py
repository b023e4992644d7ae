"""The operator window on the screen it opens on, and the widgets that keep its state in sight (issue 12 item 3).

- :func:`fit_to_screen` — the window's first size fits the screen it opens on (maximised on a 1366×768 or
  1024×768 laptop), or the size and place remembered when it was last closed, if that still fits a screen.
- :class:`SaveIndicator` — a permanent status-bar item: "✓ Tersimpan 13:05:12" after every commit, "✕ GAGAL
  menyimpan 13:05:40" (red, with the reason as tooltip) after a failure, until the next successful commit.
- :class:`CorrectionBadge` — a red "✎ MODE KOREKSI" badge, visible while correction mode is on.
- :func:`dock_menu` — the Tampilan menu lists every dock of the window (closed ones can be reopened).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QSizePolicy, QWidget

from ui.steady_label import SteadyLabel

KEY_GEOMETRY = "main/geometry"
PREFERRED = QSize(1500, 900)
SMALL_SCREEN = QSize(1440, 900)  # below this (either way) the window opens maximised


def fit_to_screen(window: QMainWindow, settings: QSettings | None = None) -> None:
    """Give ``window`` its remembered geometry when it fits a connected screen, else a size that fits the screen
    it opens on: maximised on small screens, otherwise up to 1500×900 centred."""
    saved = settings.value(KEY_GEOMETRY) if settings is not None else None
    if isinstance(saved, QByteArray | bytes) and window.restoreGeometry(QByteArray(saved)):
        frame = window.frameGeometry()
        if any(s.availableGeometry().contains(frame.topLeft()) and frame.width() <= s.availableGeometry().width()
               and frame.height() <= s.availableGeometry().height() for s in QGuiApplication.screens()):
            return
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(PREFERRED)
        return
    avail = screen.availableGeometry()
    if avail.width() < SMALL_SCREEN.width() or avail.height() < SMALL_SCREEN.height():
        window.setGeometry(avail)
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return
    size = QSize(min(PREFERRED.width(), avail.width() - 40), min(PREFERRED.height(), avail.height() - 40))
    rect = QRect(avail.topLeft(), size)
    rect.moveCenter(avail.center())
    window.setGeometry(rect)


class SaveIndicator(SteadyLabel):
    """The save state, permanently in the status bar."""

    OK_STYLE = "QLabel { color: #0f5123; padding: 0 6px; }"
    FAIL_STYLE = "QLabel { color: white; background: #b00020; font-weight: bold; padding: 0 6px; }"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.failed = False
        self._style = ""
        self.setText("Belum ada perubahan")
        self.setToolTip("Status penyimpanan: setiap angka tersimpan permanen sebelum tampil")
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)

    def saved(self, when: datetime | None = None) -> None:
        stamp = (when or datetime.now()).strftime("%H:%M:%S")
        self.failed = False
        self._restyle(self.OK_STYLE)
        self.setText(f"✓ Tersimpan {stamp}")
        self.setToolTip(f"Perubahan terakhir tersimpan permanen pukul {stamp}")

    def failed_to_save(self, reason: str, when: datetime | None = None) -> None:
        stamp = (when or datetime.now()).strftime("%H:%M:%S")
        self.failed = True
        self._restyle(self.FAIL_STYLE)
        self.setText(f"✕ GAGAL menyimpan {stamp}")
        self.setToolTip(reason)

    def _restyle(self, style: str) -> None:
        # a style sheet set again re-polishes the label and lays out the status bar: only when it changes
        if style != self._style:
            self._style = style
            self.setStyleSheet(style)
            self.fit()


class CorrectionBadge(QLabel):
    """"✎ MODE KOREKSI", red, shown only while correction mode is on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("✎ MODE KOREKSI", parent)
        self.setStyleSheet("QLabel { color: white; background: #b00020; font-weight: bold; padding: 1px 8px; "
                           "border-radius: 3px; }")
        self.setToolTip("Mode koreksi aktif: perubahan pada kecamatan yang sudah ditetapkan meminta alasan dan "
                        "nomor keberatan (Ctrl+K untuk mematikan)")
        self.setVisible(False)

    def set_on(self, on: bool) -> None:
        self.setVisible(on)


def dock_menu(window: QMainWindow, menu: QMenu) -> None:
    """Keep a section of ``menu`` listing every dock of ``window`` (rebuilt each time the menu opens)."""
    menu.addSeparator()
    added: list[object] = []

    def rebuild() -> None:
        for action in added:
            menu.removeAction(action)  # type: ignore[arg-type]
        added.clear()
        for dock in sorted(window.findChildren(QDockWidget), key=lambda d: d.windowTitle()):
            action = dock.toggleViewAction()
            action.setText(f"Panel {dock.windowTitle()}")
            menu.addAction(action)
            added.append(action)

    menu.aboutToShow.connect(rebuild)
    rebuild()
