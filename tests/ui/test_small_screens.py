"""The operator window on a school-hall laptop (issue 12 item 3): 1366×768 and 1024×768 with nothing needed cut off,
JUMLAH pinned at the right, headers not clipped, zoom, the "Buka…" box, docks in the Tampilan menu, the save state
and correction mode always in sight. Real demo database."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QFontMetrics, QWheelEvent
from PySide6.QtWidgets import QApplication, QMainWindow

from rekap_desktop.rules import JUMLAH
from rekap_desktop.services import RecapService
from ui import goto_box
from ui.goto_box import GoToBox, matching, targets
from ui.main_window import MainWindow
from ui.state_legend import StateLegend
from ui.window_layout import KEY_GEOMETRY, fit_to_screen

SIZES = ((1366, 768), (1024, 768))


@pytest.fixture
def service(demo_file: Path, tmp_path: Path):
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    svc = RecapService.open(copy, actor="operator uji")
    yield svc
    svc.close()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, service: RecapService, settings: QSettings) -> MainWindow:
    win = MainWindow(service, settings=settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


def inside(window: QMainWindow, widget) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return (widget.isVisible() and top_left.x() >= 0 and top_left.y() >= 0
            and top_left.x() + widget.width() <= window.width() and top_left.y() + widget.height() <= window.height())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_nothing_needed_is_cut_off(qtbot, window: MainWindow, size) -> None:
    window.resize(*size)
    for _ in range(3):
        QApplication.processEvents()
    assert window.width() <= size[0] and window.height() <= size[1]  # no widget forces a larger window
    assert inside(window, window.focus_button)
    assert inside(window, window.save_indicator) and inside(window, window.who_button)
    window.findings.countsChanged.emit({"error": 1234, "warning": 567, "mismatch": 8901, "tps": 2345})  # wide
    counts = window.counts_label
    with contextlib.suppress(qtbot.TimeoutError):  # laid out on a later turn of the event loop; named below if not
        qtbot.waitUntil(lambda: counts.width() == counts.maximumWidth() and inside(window, counts), timeout=2000)
    for label in (window.stations.label, window.progress_label, window.counts_label):  # the status bar, whole
        assert inside(window, label), (label.text(), label.geometry(), window.width())
        assert label.width() >= label.fontMetrics().horizontalAdvance(label.text()), (label.text(), label.width())
    assert window.counts_label.text().startswith("Temuan: ✕ ") and "Galat" in window.counts_label.toolTip()
    legend = window.findChild(StateLegend)
    assert legend is not None
    for item in legend.items():  # every legend entry shown whole (a second line when needed)
        assert item.isVisible() and item.geometry().right() <= legend.width(), item
    findings = window.findings
    if findings.isVisible():
        assert inside(window, findings)


def test_default_size_fits_the_screen_it_opens_on(qtbot, service, settings) -> None:
    win = MainWindow(service, settings=settings)
    qtbot.addWidget(win)
    fit_to_screen(win, settings)
    avail = (win.screen() or QApplication.primaryScreen()).availableGeometry()
    if avail.width() < 1440 or avail.height() < 900:
        assert win.windowState() & Qt.WindowState.WindowMaximized
    assert win.width() <= avail.width() and win.height() <= avail.height()
    win.setWindowState(Qt.WindowState.WindowNoState)
    win.setGeometry(avail.x() + 10, avail.y() + 10, min(700, avail.width() - 20), min(500, avail.height() - 20))
    settings.setValue(KEY_GEOMETRY, win.saveGeometry())
    again = MainWindow(service, settings=settings)
    qtbot.addWidget(again)
    fit_to_screen(again, settings)  # as the operator left it, since it fits
    assert again.width() == win.width() and again.height() == win.height()


def test_jumlah_is_pinned_at_the_right(qtbot, window: MainWindow) -> None:
    grid = window.grid
    frozen = grid.frozen_column()
    assert frozen is not None and frozen.isVisible()
    model = grid.model()
    last = model.columnCount() - 1
    assert model.headerData(last, Qt.Orientation.Horizontal, 0) == "JUMLAH" or model.columns[last] == JUMLAH
    assert [c for c in range(model.columnCount()) if not frozen.isColumnHidden(c)] == [last]
    viewport = grid.viewport().geometry()
    assert frozen.geometry().right() == viewport.right()
    grid.horizontalScrollBar().setValue(0)  # scrolled to the first kecamatan: JUMLAH still in sight
    assert frozen.isVisible() and frozen.geometry().right() == viewport.right()
    first_kec = model.columns[last - 1]
    grid.go_to_cell("V.A", first_kec)  # the last kecamatan is never left under the pinned column
    rect = grid.visualRect(grid.currentIndex())
    assert rect.right() <= grid.viewport().width() - frozen.width()
    grid.verticalScrollBar().setValue(grid.verticalScrollBar().maximum())
    assert frozen.verticalScrollBar().value() == grid.verticalScrollBar().value()


def test_headers_are_never_clipped_by_the_lock_icon(qtbot, window: MainWindow) -> None:
    grid = window.grid
    model = grid.model()
    header = grid.horizontalHeader()
    fm = QFontMetrics(header.font())
    icon = grid.resources().icon_size
    locked = 0
    for col in range(model.columnCount()):
        title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
        locked += bool(model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole))
        longest = max(fm.horizontalAdvance(word) for word in title.split())
        assert header.sectionSize(col) >= longest + icon + 16, title
    assert locked  # the demo has ditetapkan kecamatan: the lock icon is there


def test_zoom_by_keys_and_wheel_is_remembered(qtbot, window: MainWindow, settings) -> None:
    grid = window.grid
    height = grid.verticalHeader().defaultSectionSize()
    event = QWheelEvent(QPointF(20, 20), QPointF(grid.mapToGlobal(QPoint(20, 20))), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(grid.viewport(), event)
    assert window.zoom.factor == 1.1
    assert grid.verticalHeader().defaultSectionSize() > height
    assert float(settings.value("grid/zoom")) == 1.1
    window.zoom.reset()
    assert window.zoom.factor == 1.0 and grid.verticalHeader().defaultSectionSize() == height
    actions = {a.text(): a for a in window.view_menu.actions()}
    assert "Ctrl+0" in [a.shortcut().toString() for a in actions.values()]
    assert "Ctrl+=" in [s.toString() for s in actions["Per&besar"].shortcuts()]
    actions["Per&kecil"].trigger()
    assert window.zoom.factor == 0.9
    window.zoom.reset()


def test_goto_box_finds_kecamatan_and_lines_by_name_or_code(qtbot, window: MainWindow, monkeypatch) -> None:
    contest = window.contests[window.current_key]
    items = targets(contest, window.models[window.current_key].sheet.catalogue)
    assert [t.code for t in matching(items, "torjun")] == ["352702"]
    assert [t.code for t in matching(items, "352702")] == ["352702"]
    assert matching(items, "dptb p")[0].code == "I.B.2.P"
    assert "V.C" in [t.code for t in matching(items, "V.C")]
    box = GoToBox(contest, window.models[window.current_key].sheet.catalogue, window)
    qtbot.addWidget(box)
    qtbot.keyClicks(box.query, "suara tidak sah")
    assert box.list.count() >= 1 and "Suara tidak sah" in box.list.item(0).text()

    def choose_torjun(self: GoToBox) -> int:
        self.query.setText("torjun")
        self._accept_current()
        return int(self.result())

    monkeypatch.setattr(goto_box.GoToBox, "exec", choose_torjun)
    window.open_goto()
    assert window.current_kecamatan == "352702"

    def choose_line(self: GoToBox) -> int:
        self.query.setText("suara sah + tidak sah")
        self._accept_current()
        return int(self.result())

    monkeypatch.setattr(goto_box.GoToBox, "exec", choose_line)
    window.open_goto()
    view = window.focus_view if window.focus_button.isChecked() else window.grid
    assert view.current_cell() == ("V.C", "352702")


def test_every_dock_is_listed_in_the_view_menu(qtbot, window: MainWindow) -> None:
    window.findings.close()
    assert not window.findings.isVisible()
    window.view_menu.aboutToShow.emit()
    panels = {a.text(): a for a in window.view_menu.actions() if a.text().startswith("Panel ")}
    assert {"Panel Navigasi", "Panel Keberatan / kejadian khusus"} <= set(panels)
    title = f"Panel {window.findings.windowTitle()}"
    assert not panels[title].isChecked()
    panels[title].trigger()
    assert window.findings.isVisible()


def test_save_state_and_correction_mode_stay_in_sight(qtbot, window: MainWindow, service) -> None:
    from .test_main_window import type_into

    assert "Belum" in window.save_indicator.text()
    window.grid.go_to_cell("I.A.L", "352714")
    type_into(qtbot, window.grid, "556")
    assert window.save_indicator.text().startswith("✓ Tersimpan ") and not window.save_indicator.failed
    window.models[window.current_key].commitFailed.emit("Gagal menyimpan: disk penuh")
    assert window.save_indicator.failed and window.save_indicator.text().startswith("✕ GAGAL menyimpan")
    assert "disk penuh" in window.save_indicator.toolTip()
    assert not window.correction_badge.isVisible()
    window.correction_action.setChecked(True)
    assert window.correction_badge.isVisible() and "KOREKSI" in window.correction_badge.text()
    window.correction_action.setChecked(False)
    assert not window.correction_badge.isVisible()
