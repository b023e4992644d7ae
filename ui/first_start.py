"""First start with ``--demo``: a window says what is happening while the demo database is built (issue 12 item 5).

Building the Kabupaten Sampang demo takes several seconds once; without a sign of life the operator would start
the application again. :func:`build_demo_with_progress` shows a small window — what is being built, that it
happens only once, the seconds elapsed and a busy bar — and builds the database in a worker thread, so the window
stays responsive. :func:`rekap_desktop.demo.create_demo` writes under a temporary name and renames at the end, so
closing the window (or a crash) never leaves a half-built database.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar, QVBoxLayout, QWidget

TITLE = "Rekap Desktop"
MESSAGE = "Menyiapkan basis data demo Kabupaten Sampang (sekali saja)…"


class _Builder(QObject):
    finished = Signal()
    failed = Signal(str)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    @Slot()
    def run(self) -> None:
        from rekap_desktop.demo import create_demo

        try:
            create_demo(self.path)
        except Exception as exc:  # reported in the window and on stderr; nothing half-built stays (see demo)
            self.failed.emit(f"Basis data demo tidak dapat dibuat di {self.path}: {exc}")
            return
        self.finished.emit()


class FirstStartWindow(QWidget):
    """The progress window: title, what is built, elapsed seconds, a busy bar."""

    def __init__(self, path: Path) -> None:
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle(TITLE)
        self.setObjectName("firstStart")
        self.setStyleSheet("QWidget#firstStart { background: #14263a; } QLabel { color: white; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        title = QLabel(TITLE, self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(QLabel("Rekapitulasi hasil penghitungan suara tingkat KPU Kabupaten/Kota", self))
        self.message = QLabel(MESSAGE, self)
        layout.addWidget(self.message)
        self.where = QLabel(str(path), self)
        self.where.setStyleSheet("color: #a9b4c0;")
        layout.addWidget(self.where)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        layout.addWidget(self.bar)
        self.elapsed = QLabel("", self)
        layout.addWidget(self.elapsed)
        self.setFixedWidth(560)
        self._start = time.monotonic()
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._update)
        self._tick.start(250)
        self._update()

    def _update(self) -> None:
        seconds = time.monotonic() - self._start
        self.elapsed.setText(f"{seconds:.0f} detik berlalu")

    def fail(self, message: str) -> None:
        self._tick.stop()
        self.bar.setRange(0, 1)
        self.message.setText(message)
        self.message.setWordWrap(True)


def build_demo_with_progress(path: Path, *, app: QApplication | None = None) -> tuple[bool, str, float]:
    """Build the demo database at ``path`` behind a progress window. Returns (ok, error message, seconds)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    window = FirstStartWindow(path)
    window.show()
    thread = QThread()
    builder = _Builder(path)
    builder.moveToThread(thread)
    loop = QEventLoop()
    outcome: dict[str, str] = {}
    builder.finished.connect(loop.quit)
    builder.failed.connect(lambda message: (outcome.__setitem__("error", message), loop.quit()))
    thread.started.connect(builder.run)
    start = time.monotonic()
    thread.start()
    loop.exec()
    thread.quit()
    thread.wait()
    seconds = time.monotonic() - start
    error = outcome.get("error", "")
    if error:
        window.fail(error)
    window.close()
    window.deleteLater()
    return not error, error, seconds
