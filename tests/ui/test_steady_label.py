"""SteadyLabel: the status bar's often-changing texts (save time, counts, progress) do not lay out the main window
again on every edit (issue 16.1), and a longer text still shows whole."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QStatusBar, QTableView

from ui.steady_label import SteadyLabel
from ui.window_layout import SaveIndicator


class LayoutRequests(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and isinstance(obj, QMainWindow | QStatusBar):
            self.seen.append(type(obj).__name__)
        return False


def test_a_text_that_fits_lays_nothing_out_and_a_longer_one_grows(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QTableView())
    counts, saved = SteadyLabel("✕ 3 galat · ⚠ 12 peringatan · ≠ 40 selisih"), SaveIndicator()
    window.statusBar().addPermanentWidget(saved)
    window.statusBar().addPermanentWidget(counts)
    window.resize(1200, 700)
    window.show()
    qtbot.waitExposed(window)
    saved.saved()
    requests = LayoutRequests()
    QApplication.instance().installEventFilter(requests)
    try:
        for _ in range(40):  # the window's own first layouts settle (slowly on a busy machine)
            requests.seen.clear()
            qtbot.wait(50)
            if not requests.seen:
                break
        assert requests.seen == []
        width = counts.width()
        for n in range(5):
            counts.setText(f"✕ {n} galat · ⚠ 11 peringatan · ≠ 4{n} selisih")
            saved.saved()
            QApplication.processEvents()
        assert requests.seen == [] and counts.width() == width
        assert counts.text() == "✕ 4 galat · ⚠ 11 peringatan · ≠ 44 selisih"
        longer = "✕ 1.204 galat · ⚠ 11.873 peringatan · ≠ 4.400 selisih · 17 TPS anomali"
        counts.setText(longer)
        QApplication.processEvents()
        assert counts.width() > width and counts.width() >= counts.sizeHint().width()  # shown whole
        saved.failed_to_save("disk penuh")  # bold on red: wider, still whole
        QApplication.processEvents()
        assert saved.width() >= saved.sizeHint().width()
    finally:
        QApplication.instance().removeEventFilter(requests)
