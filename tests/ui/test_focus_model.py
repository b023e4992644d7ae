from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from rekap_desktop.rules import JUMLAH
from ui.cell_state import CellState, Role
from ui.focus_model import FocusColumn, FocusModel
from ui.grid_view import GridView
from ui.undo import SheetUndo

from .conftest import K1, K2, K3
from .test_grid_view import press, type_in


def test_qtmodeltester_focus_model(qtmodeltester, make_model, dpr_sheet) -> None:
    source = make_model(dpr_sheet)
    focus = FocusModel(source, K2)
    qtmodeltester.check(focus, force_py=True)
    focus.set_column(JUMLAH)
    qtmodeltester.check(focus, force_py=True)


def test_columns_show_manual_sirekap_delta_coverage(make_model, ppwp_sheet) -> None:
    source = make_model(ppwp_sheet)
    focus = FocusModel(source, K1)
    row = source.row_of("V.B")
    manual, sirekap, delta, coverage = (focus.index(row, c) for c in FocusColumn)
    value = ppwp_sheet.value("V.B", K1)
    assert manual.data() == source.index_of("V.B", K1).data()
    assert sirekap.data(Role.VALUE) == value + 800
    assert delta.data() == "−800" and delta.data(Role.STATE) is CellState.MISMATCH
    assert coverage.data() == "97 dari 97 TPS (100%)"
    assert focus.headerData(0, Qt.Orientation.Vertical) == source.headerData(0, Qt.Orientation.Vertical)
    no_source = source.row_of("II.1")
    assert focus.index(no_source, FocusColumn.SIREKAP).data() == "—"
    assert focus.index(no_source, FocusColumn.COVERAGE).data() == "tidak tersedia"
    assert not focus.flags(sirekap) & Qt.ItemFlag.ItemIsEditable
    assert focus.flags(manual) & Qt.ItemFlag.ItemIsEditable
    assert focus.flags(focus.index(0, 2)) == Qt.ItemFlag.NoItemFlags


def test_partial_and_missing(make_model, ppwp_sheet) -> None:
    source = make_model(ppwp_sheet)
    focus = FocusModel(source, K2)
    row = source.row_of("V.A")
    assert focus.index(row, FocusColumn.SIREKAP).data(Role.STATE) is CellState.PARTIAL
    assert focus.index(row, FocusColumn.DELTA).data(Role.STATE) is CellState.PARTIAL
    assert focus.index(row, FocusColumn.COVERAGE).data() == "114 dari 116 TPS (98%)"
    focus.set_column(K3)
    assert focus.index(row, FocusColumn.SIREKAP).data() == "tidak ada"
    assert focus.index(row, FocusColumn.COVERAGE).data() == "0 dari 338 TPS"


def test_edit_through_focus_reemits_mapped_rows_without_reset(qtbot, make_model, committer, ppwp_sheet) -> None:
    source = make_model(ppwp_sheet)
    focus = FocusModel(source, K3)
    ranges: list[tuple[int, int, int, int]] = []
    resets = []
    focus.dataChanged.connect(lambda tl, br, roles: ranges.append((tl.row(), tl.column(), br.row(), br.column())))
    focus.modelReset.connect(lambda: resets.append(1))
    row = source.row_of("V.B")
    assert focus.setData(focus.index(row, FocusColumn.MANUAL), "12")
    assert committer.calls == [("ppwp", "V.B", K3, 12)]
    assert ranges == [(row, 0, row, 3)]  # only this kecamatan's cell; the JUMLAH change is not ours
    assert resets == []
    assert not focus.setData(focus.index(row, FocusColumn.SIREKAP), "1")


def test_changes_in_other_columns_are_ignored_and_focus_change_resets(qtbot, make_model, ppwp_sheet) -> None:
    source = make_model(ppwp_sheet)
    focus = FocusModel(source, K3)
    emitted = []
    focus.dataChanged.connect(lambda *a: emitted.append(a))
    source.commit_cell("V.B", K1, 1)
    assert emitted == []
    with qtbot.waitSignal(focus.modelReset):
        focus.set_column(K1)
    assert focus.title() == "Kecamatan SRESEH (352701)"


def test_focus_view_enter_moves_down_and_shares_undo(qtbot, make_model, committer, ppwp_sheet) -> None:
    source = make_model(ppwp_sheet)
    history = SheetUndo(source)
    grid = GridView(source, history)
    focus_view = GridView(FocusModel(source, K3), history)
    for view in (grid, focus_view):
        qtbot.addWidget(view)
    with qtbot.waitActive(focus_view):
        focus_view.show()
        focus_view.activateWindow()
    focus_view.setFocus()
    assert focus_view.go_to_cell("IV.3", K3)
    type_in(qtbot, "321")
    press(qtbot, Qt.Key.Key_Return)
    assert committer.calls == [("ppwp", "IV.3", K3, 321)]
    assert focus_view.current_cell() == ("V.A", K3)  # header row V skipped
    assert grid.model().index_of("IV.3", K3).data() == "321"
    grid.history().undo()
    assert ppwp_sheet.value("IV.3", K3) is None
    assert not focus_view.go_to_cell("IV.3", K1)  # not the focused kecamatan
    assert focus_view.model().index_of("XX", K3) == QModelIndex()
