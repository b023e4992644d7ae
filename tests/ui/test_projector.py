"""The projector window: live through the presentation proxy, legible, read-only, placed on the chosen screen."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QSettings, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QMainWindow

from rekap_desktop.numbers import MINUS
from rekap_desktop.rules import JUMLAH
from rekap_desktop.sheet import SirekapState
from ui.cell_state import Role
from ui.projector_appearance import KEY_SCALE, KEY_THEME
from ui.projector_cells import NO_DATA, PARTIAL_MARK, ProjectorCell, ProjectorColumn, ProjectorRole
from ui.projector_chrome import PAUSE_TITLE
from ui.projector_model import ProjectorModel
from ui.projector_screens import KEY_SCREEN
from ui.projector_text import short_name
from ui.projector_theme import DARK, LIGHT, Tone, metrics_for
from ui.projector_window import ProjectorWindow, choose_screen
from ui.theme import contrast_ratio

from .conftest import K1, K2, K3

REPO = Path(__file__).resolve().parents[2]
PROJECTOR_MODULES = tuple(f"ui/projector_{name}.py" for name in
                          ("window", "layout", "screens", "menus", "appearance", "titles", "model", "cells", "spot",
                           "readonly", "theme", "table", "spotlight", "chrome", "text"))


class Spy:
    """Everything a proxy emits: dataChanged ranges, resets, layout changes."""

    def __init__(self, model: ProjectorModel) -> None:
        self.ranges: list[tuple[int, int, int, int]] = []
        self.resets = 0
        self.layouts = 0
        model.dataChanged.connect(lambda tl, br, roles=(): self.ranges.append((tl.row(), br.row(),
                                                                               tl.column(), br.column())))
        model.modelReset.connect(self._reset)
        model.layoutChanged.connect(self._layout)

    def _reset(self) -> None:
        self.resets += 1

    def _layout(self) -> None:
        self.layouts += 1


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "projector.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_projector(qtbot, make_model, settings):
    def make(sheet, column: str = K1, *, size: tuple[int, int] = (1280, 720), show: bool = True, **kwargs):
        model = make_model(sheet)
        window = ProjectorWindow(model, kabupaten="Sampang", settings=settings,
                                 statuses={K1: "selesai", K2: "dibacakan"}, **kwargs)
        qtbot.addWidget(window)
        window.setCurrentKecamatan(column)
        window.resize(*size)
        if show:
            window.show()
            qtbot.waitExposed(window)
        return model, window

    return make


def shown(window: ProjectorWindow) -> None:
    """Ask for every projector cell, as views showing all rows would (the proxy tells only about cells shown)."""
    proxy = window.projector_model()
    for row in range(proxy.rowCount()):
        for col in ProjectorColumn:
            proxy.index(row, col).data(ProjectorRole.CELL)


def cell(window: ProjectorWindow, line: str, col: ProjectorColumn) -> ProjectorCell:
    proxy = window.projector_model()
    return proxy.index(proxy.row_of(line), col).data(ProjectorRole.CELL)


def text(window: ProjectorWindow, line: str, col: ProjectorColumn) -> str:
    proxy = window.projector_model()
    return proxy.index(proxy.row_of(line), col).data()


def pixel(window: ProjectorWindow, line: str, col: ProjectorColumn, dx: int = 3) -> QColor:
    """Colour of the projector cell near its left edge, mid-height, as painted (a grab of the view)."""
    view = window.view()
    proxy = window.projector_model()
    rect = view.visualRect(proxy.index(proxy.row_of(line), col))
    assert view.viewport().rect().contains(rect), f"{line} not visible"
    image = view.viewport().grab().toImage()
    return image.pixelColor(rect.left() + dx, rect.center().y())


# ------------------------------------------------------------------------------------------------ the proxy model
def test_qtmodeltester_projector_model(qtmodeltester, make_model, ppwp_sheet, dpr_sheet) -> None:
    for sheet in (ppwp_sheet, dpr_sheet):
        proxy = ProjectorModel(make_model(sheet), K1)
        qtmodeltester.check(proxy, force_py=True)
        proxy.set_column(JUMLAH)
        qtmodeltester.check(proxy, force_py=True)


def test_columns_and_official_caption(make_model, ppwp_sheet) -> None:
    proxy = ProjectorModel(make_model(ppwp_sheet), K1)
    titles = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in ProjectorColumn]
    assert titles == ["Uraian", "Manual (D.HASIL)", "Sirekap (pembanding)", "Selisih", "JUMLAH s.d. kini"]
    assert proxy.columnCount() == 5 and proxy.rowCount() == len(ppwp_sheet.catalogue.rows)
    # labels are the form's short names, never line ids
    assert proxy.headerData(proxy.row_of("I.B.2.P"), Qt.Orientation.Vertical) == "Pengguna DPTb P"
    assert proxy.headerData(proxy.row_of("V.A"), Qt.Orientation.Vertical) == "Suara sah"


def test_edit_in_operator_model_updates_projector_without_reset(make_projector, ppwp_sheet, qtbot) -> None:
    model, window = make_projector(ppwp_sheet, K1)
    proxy = window.projector_model()
    window.setCurrentLine("IV.1")
    shown(window)
    spy = Spy(proxy)
    source_resets: list[int] = []
    model.modelReset.connect(lambda: source_resets.append(1))
    row = proxy.row_of("IV.1")
    before = text(window, "IV.1", ProjectorColumn.MANUAL)
    new = (ppwp_sheet.value("IV.1", K1) or 0) + 1234
    with qtbot.waitSignal(proxy.dataChanged, timeout=1000) as blocker:
        assert model.setData(model.index_of("IV.1", K1), new)
    top_left, bottom_right = blocker.args[0], blocker.args[1]
    assert top_left.row() == row == bottom_right.row()
    assert top_left.column() == ProjectorColumn.MANUAL
    after = text(window, "IV.1", ProjectorColumn.MANUAL)
    assert after != before and after.endswith(f"{new:,}".replace(",", "."))
    assert spy.resets == 0 and spy.layouts == 0 and source_resets == []
    # exactly the rows the edit touched: IV.1 itself and the lines whose findings changed (V.A, V.C …)
    changed_rows = {r for top, bottom, *_ in spy.ranges for r in range(top, bottom + 1)}
    assert row in changed_rows
    assert len(changed_rows) < 6 < proxy.rowCount()
    # the JUMLAH column is part of the update of the edited row; the unchanged Sirekap cell is not
    assert any(top <= row <= bottom and right == ProjectorColumn.JUMLAH for top, bottom, _, right in spy.ranges)
    assert not any(top <= row <= bottom and left <= ProjectorColumn.SIREKAP <= right
                   for top, bottom, left, right in spy.ranges)


def test_edit_repaints_only_the_touched_rows(make_projector, ppwp_sheet, qtbot) -> None:
    model, window = make_projector(ppwp_sheet, K1)
    window.setCurrentLine("III.P")
    view = window.view()
    for _ in range(3):
        QGuiApplication.processEvents()
    painted: list[int] = []

    from PySide6.QtCore import QEvent, QObject

    class Filter(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(sum(r.width() * r.height() for r in event.region()))
            return False

    f = Filter()
    view.viewport().installEventFilter(f)
    assert model.setData(model.index_of("III.L", K1), (ppwp_sheet.value("III.L", K1) or 0) + 5)
    qtbot.waitUntil(lambda: bool(painted), timeout=1000)
    area = view.viewport().width() * view.viewport().height()
    assert sum(painted) < area * 0.3  # a few rows, never the whole table (no flicker)
    view.viewport().removeEventFilter(f)


def test_edit_in_another_kecamatan_only_touches_the_jumlah_column(make_projector, ppwp_sheet, qtbot) -> None:
    model, window = make_projector(ppwp_sheet, K1)
    shown(window)
    spy = Spy(window.projector_model())
    assert model.setData(model.index_of("IV.2", K2), (ppwp_sheet.value("IV.2", K2) or 0) + 7)
    assert spy.ranges, "JUMLAH s.d. kini changed"
    assert all(left == right == ProjectorColumn.JUMLAH for *_, left, right in spy.ranges)
    assert spy.resets == 0


def test_kecamatan_switch_and_jumlah(make_projector, ppwp_sheet, qtbot) -> None:
    _model, window = make_projector(ppwp_sheet, K1)
    proxy = window.projector_model()
    spy = Spy(proxy)
    with qtbot.waitSignal(proxy.kecamatanChanged, timeout=1000):
        window.setCurrentKecamatan(K2)
    assert window.currentKecamatan() == K2
    assert proxy.kecamatan_title() == "KECAMATAN TORJUN"
    assert spy.resets == 0  # same rows: a dataChanged over the table
    assert text(window, "IV.1", ProjectorColumn.MANUAL).replace(".", "") == str(ppwp_sheet.value("IV.1", K2))
    window.setCurrentKecamatan(JUMLAH)
    assert window.view().isColumnHidden(ProjectorColumn.JUMLAH)
    assert proxy.headerData(ProjectorColumn.MANUAL, Qt.Orientation.Horizontal).startswith("JUMLAH")
    assert text(window, "IV.1", ProjectorColumn.MANUAL).replace(".", "") == str(ppwp_sheet.value("IV.1", JUMLAH))
    window.setCurrentKecamatan("999999")  # unknown: ignored
    assert window.currentKecamatan() == JUMLAH


def test_current_row_is_centred_and_outlined(make_projector, dpr_sheet, qtbot) -> None:
    _model, window = make_projector(dpr_sheet, K1)
    view = window.view()
    proxy = window.projector_model()
    middle = proxy.line_at(proxy.rowCount() // 2)
    assert middle is not None
    window.setCurrentLine(middle)
    QGuiApplication.processEvents()
    rect = view.row_rect(proxy.row_of(middle))
    assert view.viewport().rect().contains(rect)
    assert abs(rect.center().y() - view.viewport().height() / 2) <= window.metrics().row_height
    assert window.currentLine() == middle
    # outline: the current-row colour at the row's left bar
    image = view.viewport().grab().toImage()
    assert image.pixelColor(2, rect.center().y()) == QColor(window.theme().current)
    window.setCurrentCell("V.A", K2)  # GridView.currentCellChanged(line, column)
    assert window.currentKecamatan() == K2 and window.currentLine() == "V.A"
    assert view.viewport().rect().contains(view.row_rect(proxy.row_of("V.A")))
    window.setCurrentLine("")
    assert view.current_row() == -1


# ------------------------------------------------------------------------------------------------ what the room reads
@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda t: t.name)
def test_mismatch_shown_by_colour_and_signed_symbol(make_projector, ppwp_sheet, theme, qtbot) -> None:
    model, window = make_projector(ppwp_sheet, K1)
    window.setThemeName(theme.name)
    window.setCurrentLine("V.A")  # V.B (Sirekap 800 above manual) is visible, not outlined
    QGuiApplication.processEvents()
    shown = text(window, "V.B", ProjectorColumn.DELTA)
    assert shown == f"▼ {MINUS}800"
    assert cell(window, "V.B", ProjectorColumn.DELTA).tone is Tone.MISMATCH
    assert pixel(window, "V.B", ProjectorColumn.DELTA) == QColor(theme.tones[Tone.MISMATCH].background)
    assert pixel(window, "V.B", ProjectorColumn.SIREKAP) != QColor(theme.tones[Tone.MISMATCH].background)
    # manual above Sirekap: ▲ with a plus sign
    fig = ppwp_sheet.sirekap("IV.2", K1)
    assert fig is not None and fig.value is not None
    with qtbot.waitSignal(window.projector_model().dataChanged, timeout=1000):
        model.setData(model.index_of("IV.2", K1), fig.value + 12)
    assert text(window, "IV.2", ProjectorColumn.DELTA) == "▲ +12"
    QGuiApplication.processEvents()
    assert pixel(window, "IV.2", ProjectorColumn.DELTA) == QColor(theme.tones[Tone.MISMATCH].background)


def test_partial_and_missing_sirekap_are_distinct_and_never_a_mismatch(make_projector, ppwp_sheet) -> None:
    _model, window = make_projector(ppwp_sheet, K2)
    assert ppwp_sheet.sirekap_state("IV.1", K2) is SirekapState.PARTIAL
    sirekap = cell(window, "IV.1", ProjectorColumn.SIREKAP)
    assert sirekap.tone is Tone.PARTIAL and sirekap.text.startswith(PARTIAL_MARK)
    delta = cell(window, "IV.1", ProjectorColumn.DELTA)
    assert delta.tone is Tone.PARTIAL and "▲" not in delta.text and "▼" not in delta.text
    window.setCurrentLine("IV.1")
    spot = window.spotlight().spot()
    tps = ppwp_sheet.tps_count(K2)
    assert spot is not None and spot.sirekap.caption == f"sebagian: {tps - 2}/{tps} TPS"
    assert "bukan selisih akhir" in spot.delta.caption
    window.setCurrentKecamatan(K3)
    assert text(window, "IV.1", ProjectorColumn.SIREKAP) == NO_DATA
    assert cell(window, "IV.1", ProjectorColumn.SIREKAP).tone is Tone.MISSING
    assert text(window, "IV.1", ProjectorColumn.DELTA) == ""
    spot = window.spotlight().spot()
    assert spot is not None and spot.sirekap.caption.startswith("tidak ada data")
    window.setCurrentKecamatan(K1)
    assert cell(window, "IV.1", ProjectorColumn.DELTA).text.startswith("✓")  # complete and equal
    assert cell(window, "II.1", ProjectorColumn.DELTA).text == ""  # no Sirekap for section II
    assert cell(window, "II.1", ProjectorColumn.SIREKAP).text == ""


def test_broken_rule_said_in_words(make_projector, ppwp_sheet, qtbot) -> None:
    model, window = make_projector(ppwp_sheet, K1, size=(1920, 1080))
    window.setCurrentLine("V.B")
    shown(window)
    with qtbot.waitSignal(window.projector_model().dataChanged, timeout=1000):
        model.setData(model.index_of("V.A", K1), (ppwp_sheet.value("V.A", K1) or 0) + 10)
    label = cell(window, "V.A", ProjectorColumn.URAIAN)
    assert label.badges == ("✕ Suara sah ≠ jumlah suara paslon: selisih +10",
                            "✕ V.A ≠ IV.1 + IV.2 + IV.3: selisih +10", "✕ selisih +10")
    assert cell(window, "V.A", ProjectorColumn.MANUAL).tone is Tone.ERROR
    assert "R3" not in text(window, "V.A", ProjectorColumn.URAIAN)  # no bare rule ids
    assert cell(window, "V.C", ProjectorColumn.URAIAN).badges[1] == "✕ V.C ≠ V.A + V.B: selisih −10"
    window.setCurrentLine("V.C")
    spot = window.spotlight().spot()
    assert spot is not None and spot.findings[0].medium == "V.C ≠ V.A + V.B: selisih −10"
    QGuiApplication.processEvents()
    view = window.view()
    proxy = window.projector_model()
    delegate = view.delegate()
    rect = view.visualRect(proxy.index(proxy.row_of("V.A"), ProjectorColumn.URAIAN))
    _room, chosen, badge = delegate.label_room(rect, label)
    assert chosen == label.badges[1]  # on a 1920 px screen: "✕ V.A ≠ IV.1 + IV.2 + IV.3: selisih +10"
    assert badge is not None
    image = view.viewport().grab().toImage()
    assert image.pixelColor(round(badge.left()) + 3, round(badge.center().y())) == QColor(LIGHT.badge_error.background)
    manual = view.visualRect(proxy.index(proxy.row_of("V.A"), ProjectorColumn.MANUAL))
    assert image.pixelColor(manual.left() + 3, manual.top() + 3) == QColor(LIGHT.tones[Tone.ERROR].background)


def test_narrow_screen_takes_the_shorter_words(make_projector, ppwp_sheet, qtbot) -> None:
    model, window = make_projector(ppwp_sheet, K1, size=(1024, 768))
    model.setData(model.index_of("V.A", K1), (ppwp_sheet.value("V.A", K1) or 0) + 10)
    QGuiApplication.processEvents()
    view = window.view()
    proxy = window.projector_model()
    label = cell(window, "V.A", ProjectorColumn.URAIAN)
    rect = view.visualRect(proxy.index(proxy.row_of("V.A"), ProjectorColumn.URAIAN))
    _room, chosen, _badge = view.delegate().label_room(rect, label)
    assert chosen in label.badges and chosen != label.badges[0]
    assert chosen.endswith("selisih +10")  # the size is never cut off


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda t: t.name)
def test_theme_contrast(theme) -> None:
    assert contrast_ratio(theme.text, theme.background) >= 15
    assert contrast_ratio(theme.text, theme.stripe) >= 12
    for tone, pair in theme.tones.items():
        background = pair.background or theme.background
        assert contrast_ratio(pair.foreground, background) >= 4.5, tone
    for pair in (theme.badge_error, theme.badge_warning, theme.section, theme.group, theme.column_header):
        assert contrast_ratio(pair.foreground, pair.background) >= 4.5
    for status in theme.statuses.values():
        assert contrast_ratio(status.foreground, status.background) >= 4.5
        assert status.symbol  # statuses read without colour
    # the mismatch cell and the error badge stand out from the rows in greyscale too
    assert contrast_ratio(theme.tones[Tone.MISMATCH].background, theme.background) >= 3
    assert contrast_ratio(theme.badge_error.background, theme.background) >= 3


def test_sizes_follow_the_screen_height() -> None:
    full_hd = metrics_for(QSize(1920, 1080))
    assert full_hd.spot_digit == 72 and full_hd.row_digit == 36 and full_hd.small_px >= 24
    hd = metrics_for(QSize(1280, 720))
    assert hd.spot_digit == 48 and hd.row_digit == 24 and hd.small_px >= 16
    assert hd.row_height == pytest.approx(full_hd.row_height * 720 / 1080, abs=2)
    narrow = metrics_for(QSize(1024, 768))  # 4:3: the same share of the height
    assert narrow.spot_digit == 52 and narrow.row_digit == 26
    larger = metrics_for(QSize(1920, 1080), 1.3)
    assert larger.spot_digit > full_hd.spot_digit and larger.row_height > full_hd.row_height
    assert metrics_for(QSize(1920, 1080), 0.5) == full_hd  # never below what the back row needs


def test_window_layout_shows_whole_rows(make_projector, ppwp_sheet) -> None:
    for size in ((1920, 1080), (1280, 720), (1024, 768)):
        _model, window = make_projector(ppwp_sheet, K1, size=size)
        QGuiApplication.processEvents()
        view = window.view()
        m = window.metrics()
        assert view.verticalHeader().defaultSectionSize() == m.row_height
        assert view.viewport().height() % m.row_height == 0
        assert view.viewport().height() // m.row_height >= 5, size
        widths = sum(view.columnWidth(c) for c in range(5) if not view.isColumnHidden(c))
        assert widths == pytest.approx(size[0], abs=2)
        assert view.columnWidth(ProjectorColumn.URAIAN) >= size[0] * 0.3
        assert window.jumlahColumnShown() is (size[0] / size[1] > 1.5)  # 4:3 gives JUMLAH to the spotlight


def test_theme_switch_is_remembered_and_no_reset(make_projector, ppwp_sheet, settings, qtbot) -> None:
    model, window = make_projector(ppwp_sheet, K1)
    spy = Spy(window.projector_model())
    window.darkThemeAction().trigger()
    assert window.theme() is DARK and settings.value(KEY_THEME) == "gelap"
    assert spy.resets == 0
    again = ProjectorWindow(model, settings=settings)
    qtbot.addWidget(again)
    assert again.theme() is DARK and again.darkThemeAction().isChecked()
    window.setDarkTheme(False)
    assert settings.value(KEY_THEME) == "terang" and not window.darkThemeAction().isChecked()


def test_strip_and_title(make_projector, ppwp_sheet) -> None:
    _model, window = make_projector(ppwp_sheet, K2)
    strip = window.strip()
    assert strip.status_of(K1) == "selesai" and strip.status_of(K2) == "dibacakan" and strip.status_of(K3) == "belum"
    window.setKecamatanStatus(K3, "ditetapkan")
    assert strip.status_of(K3) == "ditetapkan"
    fm = strip.fontMetrics()
    assert short_name(fm, "SRESEH", 1, 1000) == "SRESEH"
    assert short_name(fm, "KARANGPENANG", 14, 5) == "14"


# ------------------------------------------------------------------------------------------------ read-only
def test_read_only_by_construction(make_projector, ppwp_sheet, committer, qtbot) -> None:
    model, window = make_projector(ppwp_sheet, K1)
    proxy = window.projector_model()
    view = window.view()
    for row in range(proxy.rowCount()):
        for col in range(proxy.columnCount()):
            flags = proxy.flags(proxy.index(row, col))
            assert not flags & Qt.ItemFlag.ItemIsEditable
            assert not flags & Qt.ItemFlag.ItemIsSelectable
    index = proxy.index(proxy.row_of("IV.1"), ProjectorColumn.MANUAL)
    old = ppwp_sheet.value("IV.1", K1)
    assert proxy.setData(index, 4321) is False
    assert proxy.setData(index, "4321", Qt.ItemDataRole.EditRole) is False
    assert proxy.setItemData(index, {int(Qt.ItemDataRole.EditRole): 4321}) is False
    mime = model.mimeData([model.index_of("IV.1", K2)]) or QMimeData()
    assert proxy.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, index) is False
    assert proxy.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, index) is False
    assert view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert view.selectionMode() == QAbstractItemView.SelectionMode.NoSelection
    assert view.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert view.horizontalHeader().focusPolicy() == Qt.FocusPolicy.NoFocus
    assert window.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert window.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert window.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert view.edit(index, QAbstractItemView.EditTrigger.AllEditTriggers, None) is False
    assert view.itemDelegate().createEditor(view.viewport(), None, index) is None
    # mouse and keys do nothing either
    rect = view.visualRect(index)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClicks(view, "999")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    QGuiApplication.processEvents()
    assert ppwp_sheet.value("IV.1", K1) == old
    assert committer.calls == []
    assert view.selectionModel() is None or not view.selectionModel().hasSelection()


def test_projector_holds_no_committer(make_projector, ppwp_sheet, committer) -> None:
    _model, window = make_projector(ppwp_sheet, K1)
    seen: set[int] = set()

    def walk(obj, depth: int = 0) -> None:
        if id(obj) in seen or depth > 3:
            return
        seen.add(id(obj))
        assert obj is not committer
        attrs = getattr(obj, "__dict__", {})
        for name, value in attrs.items():
            if type(value).__name__ == "SignalInstance":
                continue  # Qt's own signals (QAbstractItemDelegate.commitData is an editor's, never connected)
            assert "commit" not in name.lower(), name
            if type(value).__module__.startswith(("ui.projector", "builtins")) and not isinstance(value, str):
                walk(value, depth + 1)

    for obj in (window, window.projector_model(), window.view(), window.view().itemDelegate(), window.strip()):
        walk(obj)


def test_no_code_path_to_an_edit() -> None:
    """The projector modules never call a writing method, nor import the editing modules."""
    writing = {"setData", "setItemData", "commit_cell", "set_manual", "load_manual", "apply_external", "set_locked",
               "set_correction_mode", "set_entry", "set_sirekap", "replace_sirekap", "dropMimeData", "set_sheet"}
    editing_modules = {"ui.grid_view", "ui.undo", "ui.correction_dialog", "ui.clipboard_block", "ui.import_dialog",
                       "ui.keberatan_panel", "ui.sheet_editing", "ui.grid_clipboard", "ui.cell_delegate",
                       "rekap_desktop.services", "rekap_desktop.db"}
    for rel in PROJECTOR_MODULES:
        tree = ast.parse((REPO / rel).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr not in writing, f"{rel}:{node.lineno} calls {node.func.attr}"
            if isinstance(node, ast.ImportFrom):
                assert node.module not in editing_modules, f"{rel} imports {node.module}"
            if isinstance(node, ast.Import):
                assert not {a.name for a in node.names} & editing_modules
            if isinstance(node, ast.Name | ast.arg):
                name = node.id if isinstance(node, ast.Name) else node.arg
                assert "commit" not in name.lower(), f"{rel}:{node.lineno} {name}"


# ------------------------------------------------------------------------------------------------ actions, pause
def test_f5_toggles_the_projector(make_projector, ppwp_sheet, qtbot) -> None:
    _model, window = make_projector(ppwp_sheet, K1, show=False)
    action = window.toggleAction()
    assert action.shortcut().toString() == "F5" and action.isCheckable()
    main = QMainWindow()
    qtbot.addWidget(main)
    main.menuBar().addMenu(window.projectorMenu(main))
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None, timeout=2000)
    qtbot.keyClick(main, Qt.Key.Key_F5)
    qtbot.waitUntil(window.isVisible, timeout=2000)
    assert action.isChecked()
    action.trigger()
    assert not window.isVisible() and not action.isChecked()
    window.toggleProjector()
    assert window.isVisible() and action.isChecked()
    window.close()  # the window's close button only hides it
    assert not window.isVisible() and not action.isChecked()
    menu = window.projectorMenu()
    menu_titles = [a.text() for a in menu.actions()]
    assert any("proyektor" in t.lower() for t in menu_titles) and any("Jeda" in t for t in menu_titles)


def test_pause_screen_toggles(make_projector, ppwp_sheet, qtbot) -> None:
    _model, window = make_projector(ppwp_sheet, K2)
    pause = window.pause_screen()
    assert not pause.isVisible()
    with qtbot.waitSignal(window.pausedChanged, timeout=1000) as blocker:
        window.setPaused(True, "Koreksi sedang dibahas")
    assert blocker.args == [True]
    assert window.isPaused() and pause.isVisible() and not window.view().isVisible()
    assert window.pauseAction().isChecked() and window.pauseAction().shortcut().toString() == "F7"
    lines = pause.lines()
    assert lines[0] == PAUSE_TITLE == "RAPAT PLENO REKAPITULASI — JEDA"
    assert "KABUPATEN SAMPANG" in lines
    assert any("TORJUN" in line for line in lines)
    assert lines[-1] == "Koreksi sedang dibahas"
    window.setAnchor("AUDIT 42:0123456789abcdef")
    assert pause.lines()[-1] == "Jangkar audit: AUDIT 42:0123456789abcdef"  # photographed during a pause too
    window.setAnchor("")
    image = window.grab().toImage()
    assert image.pixelColor(5, 5) == QColor(LIGHT.pause_background)
    window.pauseAction().trigger()  # the QAction switches back
    assert not window.isPaused() and window.view().isVisible() and not pause.isVisible()
    window.setPaused(True, "")
    assert pause.lines()[-1] != "Koreksi sedang dibahas"
    window.setKabupaten("KABUPATEN SAMPANG")  # as the main window names it
    assert window.kabupatenTitle() == "KABUPATEN SAMPANG" and pause.lines()[1] == "KABUPATEN SAMPANG"


def test_text_size_is_adjustable_and_remembered(make_projector, ppwp_sheet, settings, qtbot) -> None:
    model, window = make_projector(ppwp_sheet, K1, size=(1920, 1080))
    row = window.metrics().row_height
    window.largerTextAction().trigger()
    assert window.textScale() == 1.15 and window.metrics().row_height > row
    window.smallerTextAction().trigger()
    window.smallerTextAction().trigger()  # never below the room's minimum
    assert window.textScale() == 1.0 and window.metrics().spot_digit == 72
    window.setTextScale(9)
    assert window.textScale() == 1.5 and settings.value(KEY_SCALE) is not None
    QGuiApplication.processEvents()
    assert window.view().viewport().height() // window.metrics().row_height >= 2
    again = ProjectorWindow(model, settings=settings)
    qtbot.addWidget(again)
    assert again.textScale() == 1.5


# ------------------------------------------------------------------------------------------------ screens
def test_choose_screen() -> None:
    assert choose_screen([], None, None) is None
    assert choose_screen(["LAPTOP"], None, "LAPTOP") == "LAPTOP"
    assert choose_screen(["LAPTOP", "HDMI-1"], None, "LAPTOP") == "HDMI-1"
    assert choose_screen(["LAPTOP", "HDMI-1"], "LAPTOP", "LAPTOP") == "LAPTOP"  # the operator's choice wins
    assert choose_screen(["LAPTOP"], "HDMI-1", "LAPTOP") == "LAPTOP"  # remembered one unplugged
    assert choose_screen(["LAPTOP", "HDMI-2"], "HDMI-1", "LAPTOP") == "HDMI-2"


def test_screen_menu_lists_screens_and_remembers_the_choice(make_projector, ppwp_sheet, settings) -> None:
    _model, window = make_projector(ppwp_sheet, K1, show=False)
    menu = window.screenMenu()
    screens = QGuiApplication.screens()
    assert len(menu.actions()) == len(screens)
    for action, screen in zip(menu.actions(), screens, strict=True):
        g = screen.geometry()
        assert screen.name() in action.text() and f"{g.width()}×{g.height()}" in action.text()
    menu.actions()[-1].trigger()
    assert settings.value(KEY_SCREEN) == screens[-1].name() == (window.chosenScreenName() or "")


def test_single_screen_opens_an_ordinary_window(make_projector, ppwp_sheet, qtbot) -> None:
    if len(QGuiApplication.screens()) != 1:
        pytest.skip("this session has several screens")
    _model, window = make_projector(ppwp_sheet, K1, show=False)
    window.showProjector()
    qtbot.waitExposed(window)
    assert window.isVisible() and not window.isFullScreen()
    assert QGuiApplication.primaryScreen().availableGeometry().contains(window.geometry())


_PLACEMENT_SCRIPT = r"""
import json, sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
from rekap_desktop.sheet import RecapSheet
from tests.core.factories import ppwp_contest
from ui.projector_window import ProjectorWindow
from ui.sheet_model import SheetModel

def state(window, what):
    for _ in range(3):
        app.processEvents()
    g = window.geometry()
    print(json.dumps({"what": what, "screen": window.screen().name(), "full": window.isFullScreen(),
                      "visible": window.isVisible(), "geometry": [g.x(), g.y(), g.width(), g.height()],
                      "rows": window.view().viewport().height() // window.metrics().row_height,
                      "row_height": window.metrics().row_height}), flush=True)

settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
model = SheetModel(RecapSheet(ppwp_contest()), lambda *a: None)
main = QMainWindow()
main.show()
window = ProjectorWindow(model, kabupaten="Sampang", settings=settings, parent=main)
window.toggleAction().trigger()
state(window, "default")
screens = {s.name(): s for s in app.screens()}
if len(screens) > 1:
    menu = window.screenMenu()
    next(a for a in menu.actions() if a.property("screenName") == "LAPTOP").trigger()
    state(window, "menu-laptop")
    window.setScreenName("PROYEKTOR")
    state(window, "chosen")
    window._placement.screen_removed(screens["PROYEKTOR"])
    state(window, "removed")
    window._placement.screen_added(screens["PROYEKTOR"])
    state(window, "added")
    window.hide()
    again = ProjectorWindow(model, settings=settings, parent=main)
    again.showProjector()
    state(again, "remembered")
"""


def _run_placement(tmp_path: Path, screens: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": screens}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", _PLACEMENT_SCRIPT, str(tmp_path / "s.ini")], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    noise = [line for line in proc.stderr.splitlines()
             if line.strip() and "does not support propagateSizeHints" not in line
             and "does not support raise" not in line]
    assert noise == [], noise  # no Qt warnings
    return {d["what"]: d for d in map(json.loads, proc.stdout.splitlines())}


def _screen(name: str, x: int, width: int, height: int) -> dict[str, object]:
    return {"name": name, "x": x, "y": 0, "width": width, "height": height, "logicalDpiX": 96, "logicalDpiY": 96,
            "dpr": 1}


def test_placement_on_the_chosen_screen_with_two_screens(tmp_path: Path) -> None:
    out = _run_placement(tmp_path, [_screen("LAPTOP", 0, 1366, 768), _screen("PROYEKTOR", 1366, 1920, 1080)])
    projector = [1366, 0, 1920, 1080]
    assert out["default"] == {**out["default"], "screen": "PROYEKTOR", "full": True, "geometry": projector}
    assert out["default"]["rows"] >= 7 and out["default"]["row_height"] >= 60
    assert out["menu-laptop"]["screen"] == "LAPTOP" and out["menu-laptop"]["full"]
    assert out["menu-laptop"]["geometry"] == [0, 0, 1366, 768]
    assert out["chosen"] == {**out["chosen"], "screen": "PROYEKTOR", "full": True, "geometry": projector}
    # its screen unplugged: onto the remaining one, as an ordinary window
    assert out["removed"]["screen"] == "LAPTOP" and not out["removed"]["full"] and out["removed"]["visible"]
    x, _y, w, h = out["removed"]["geometry"]
    assert x >= 0 and x + w <= 1366 and h <= 768
    # plugged back: returns there, full screen; and the choice outlives the window
    assert out["added"] == {**out["added"], "screen": "PROYEKTOR", "full": True, "geometry": projector}
    assert out["remembered"] == {**out["remembered"], "screen": "PROYEKTOR", "full": True, "geometry": projector}


def test_placement_with_a_single_screen_is_an_ordinary_window(tmp_path: Path) -> None:
    out = _run_placement(tmp_path, [_screen("LAPTOP", 0, 1366, 768)])
    default = out["default"]
    assert default["screen"] == "LAPTOP" and not default["full"] and default["visible"]
    x, y, w, h = default["geometry"]
    assert x >= 0 and x + w <= 1366 and y >= 0 and y + h <= 768 and w < 1366


def test_mapping_helpers(make_model, ppwp_sheet) -> None:
    model = make_model(ppwp_sheet)
    proxy = ProjectorModel(model, K2)
    src = model.index_of("V.B", K2)
    mapped = proxy.mapFromSource(src)
    assert mapped.row() == proxy.row_of("V.B") and mapped.column() == ProjectorColumn.MANUAL
    assert proxy.mapToSource(mapped) == src
    total = proxy.mapFromSource(model.index_of("V.B", JUMLAH))
    assert total.column() == ProjectorColumn.JUMLAH
    assert not proxy.mapFromSource(model.index_of("V.B", K1)).isValid()
    assert proxy.index(0, 0).data(Role.LINE_ID) is None  # section header row
    assert not proxy.index(0, 0, proxy.index(1, 1)).isValid() and proxy.parent(QModelIndex()) == QModelIndex()
    assert QPoint(0, 0) == QPoint()
