from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QApplication

from rekap_desktop.rules import JUMLAH
from ui.cell_state import CellState, Role
from ui.grid_view import GridView
from ui.row_label_header import elide_label
from ui.theme import OPERATOR_THEME

from .conftest import K1, K2, K3
from .test_sheet_model import ChangeSpy


@pytest.fixture
def grid(qtbot, make_model, ppwp_sheet):
    model = make_model(ppwp_sheet)
    view = GridView(model)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    view.setFocus()
    return view


def put(view: GridView, line: str, column: str) -> QModelIndex:
    assert view.go_to_cell(line, column)
    return view.currentIndex()


def type_in(qtbot, text: str) -> None:
    """Type like a person: each key goes to the widget that has the focus (the grid, then its editor)."""
    for ch in text:
        target = QApplication.focusWidget()
        assert target is not None, "no widget has the keyboard focus"
        qtbot.keyClicks(target, ch)


def press(qtbot, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "no widget has the keyboard focus"
    qtbot.keyClick(target, key, modifiers)


def editing(view: GridView) -> bool:
    return view.state() == QAbstractItemView.State.EditingState


def test_typing_digits_and_enter_commits_and_moves_down(qtbot, grid, committer) -> None:
    model = grid.sheet_model()
    put(grid, "IV.1", K3)
    type_in(qtbot, "1234")
    assert editing(grid)
    assert committer.calls == []  # nothing is saved while typing
    press(qtbot, Qt.Key.Key_Return)
    assert committer.calls == [("ppwp", "IV.1", K3, 1234)]
    assert model.index_of("IV.1", K3).data() == "1.234"
    assert grid.current_cell() == ("IV.2", K3)
    assert not editing(grid)


def test_typing_overwrites_an_existing_value(qtbot, grid, committer, ppwp_sheet) -> None:
    put(grid, "V.B", K1)
    type_in(qtbot, "7")
    press(qtbot, Qt.Key.Key_Enter)
    assert committer.calls == [("ppwp", "V.B", K1, 7)]
    assert ppwp_sheet.value("V.B", K1) == 7


def test_enter_skips_header_rows(qtbot, grid, committer) -> None:
    put(grid, "III.JML", K3)  # the next row is the section IV header
    type_in(qtbot, "5")
    press(qtbot, Qt.Key.Key_Return)
    assert grid.current_cell() == ("IV.1", K3)
    put(grid, "IV.3", K2)  # not editing: Enter just moves, also over the section V header
    press(qtbot, Qt.Key.Key_Return)
    assert grid.current_cell() == ("V.A", K2)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert grid.current_cell() == ("IV.3", K2)


def test_tab_right_and_shift_tab_left(qtbot, grid, committer) -> None:
    put(grid, "IV.2", K2)
    type_in(qtbot, "42")
    press(qtbot, Qt.Key.Key_Tab)
    assert committer.calls == [("ppwp", "IV.2", K2, 42)]
    assert grid.current_cell() == ("IV.2", K3)
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert grid.current_cell() == ("IV.2", K2)
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_Down)
    assert grid.current_cell() == ("IV.3", K3)


def test_escape_cancels_the_edit(qtbot, grid, committer, ppwp_sheet) -> None:
    old = ppwp_sheet.value("V.B", K1)
    put(grid, "V.B", K1)
    type_in(qtbot, "99")
    press(qtbot, Qt.Key.Key_Escape)
    assert not editing(grid)
    assert committer.calls == []
    assert ppwp_sheet.value("V.B", K1) == old


def test_delete_clears_through_the_committer(qtbot, grid, committer, ppwp_sheet) -> None:
    put(grid, "V.B", K1)
    press(qtbot, Qt.Key.Key_Delete)
    assert committer.calls == [("ppwp", "V.B", K1, None)]
    assert grid.currentIndex().data() == ""
    put(grid, "V.A", K1)
    press(qtbot, Qt.Key.Key_Backspace)
    assert committer.calls[-1] == ("ppwp", "V.A", K1, None)


@pytest.mark.parametrize("text", ["abc", "-5", "1,5"])
def test_rejected_input_keeps_editor_and_reports(qtbot, grid, committer, ppwp_sheet, text) -> None:
    model = grid.sheet_model()
    old = ppwp_sheet.value("V.B", K1)
    put(grid, "V.B", K1)
    type_in(qtbot, text)
    with qtbot.waitSignal(model.inputRejected) as blocker:
        press(qtbot, Qt.Key.Key_Return)
    assert "Isian ditolak" in blocker.args[0]
    assert editing(grid)  # the operator can correct the typing
    assert committer.calls == []
    press(qtbot, Qt.Key.Key_Escape)
    assert ppwp_sheet.value("V.B", K1) == old and grid.current_cell() == ("V.B", K1)


def test_typing_into_jumlah_explains(qtbot, grid, committer) -> None:
    put(grid, "V.B", JUMLAH)
    with qtbot.waitSignal(grid.statusMessage) as blocker:
        type_in(qtbot, "5")
    assert "JUMLAH dihitung otomatis" in blocker.args[0]
    assert not editing(grid) and committer.calls == []


def test_commit_failure_keeps_old_value(qtbot, grid, committer, ppwp_sheet) -> None:
    model = grid.sheet_model()
    spy = ChangeSpy(model)
    committer.fail = "media penyimpanan penuh"
    old = ppwp_sheet.value("IV.1", K1)
    put(grid, "IV.1", K1)
    type_in(qtbot, "77")
    with qtbot.waitSignal(model.commitFailed) as blocker:
        press(qtbot, Qt.Key.Key_Return)
    assert "media penyimpanan penuh" in blocker.args[0]
    assert ppwp_sheet.value("IV.1", K1) == old
    assert model.index_of("IV.1", K1).data() == f"{old:,}".replace(",", ".")
    assert grid.current_cell() == ("IV.1", K1)  # no move after a failed commit
    assert not editing(grid) and spy.emissions == 0


def test_edit_emits_only_changeset_cells_no_reset(qtbot, grid, ppwp_sheet) -> None:
    model = grid.sheet_model()
    spy = ChangeSpy(model)
    put(grid, "V.B", K2)
    type_in(qtbot, "3")
    press(qtbot, Qt.Key.Key_Return)
    assert spy.resets == 0 and spy.layouts == 0
    assert ("V.B", K2) in spy.cells and ("V.B", JUMLAH) in spy.cells
    assert all(line in ("V.B", "V.C") for line, _ in spy.cells)


def test_copy_selection_as_tab_separated_integers(qtbot, grid, ppwp_sheet) -> None:
    model = grid.sheet_model()
    grid.setCurrentIndex(model.index_of("IV.1", K1))
    sel = grid.selectionModel()
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    sel.select(QItemSelection(model.index_of("IV.1", K1), model.index_of("IV.2", K2)),
               QItemSelectionModel.SelectionFlag.ClearAndSelect)
    press(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    v = ppwp_sheet.value
    assert QApplication.clipboard().text() == (
        f"{v('IV.1', K1)}\t{v('IV.1', K2)}\n{v('IV.2', K1)}\t{v('IV.2', K2)}"
    )


def test_paste_block_commits_six_cells(qtbot, grid, committer, ppwp_sheet) -> None:
    put(grid, "IV.1", K1)
    QApplication.clipboard().setText("1\t2\t3\n4\t5.000\t6\n")  # Excel ends with a newline; 5.000 Indonesian style
    with qtbot.waitSignal(grid.statusMessage) as blocker:
        press(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "Ditempel 6 sel" in blocker.args[0]
    assert committer.calls == [
        ("ppwp", "IV.1", K1, 1), ("ppwp", "IV.1", K2, 2), ("ppwp", "IV.1", K3, 3),
        ("ppwp", "IV.2", K1, 4), ("ppwp", "IV.2", K2, 5000), ("ppwp", "IV.2", K3, 6),
    ]
    assert ppwp_sheet.value("IV.2", K2) == 5000


@pytest.mark.parametrize(
    ("start", "text", "expected"),
    [
        (("IV.1", K2), "1\t2\t3", "JUMLAH"),  # third column lands on JUMLAH
        (("IV.3", K1), "1\n2", "baris judul"),  # second row lands on the section V header
        (("V.B", K1), "1\n2\n3", "tidak muat"),  # past the last row
        (("IV.1", K1), "1\t2\n3", "tidak persegi"),  # ragged block
        (("IV.1", K1), "1\t2\n3\tx", "bukan bilangan"),  # one value does not parse
        (("IV.1", K1), "1\t1,5", "bukan bilangan"),
    ],
)
def test_wrong_paste_applies_nothing(qtbot, grid, committer, ppwp_sheet, start, text, expected) -> None:
    before = dict(ppwp_sheet.manual_items())
    put(grid, *start)
    QApplication.clipboard().setText(text)
    with qtbot.waitSignal(grid.statusMessage) as blocker:
        grid.paste()
    assert expected in blocker.args[0] and "Tidak ada yang ditempel" in blocker.args[0]
    assert committer.calls == []
    assert dict(ppwp_sheet.manual_items()) == before


def test_paste_over_header_row_with_blanks_is_fine(qtbot, grid, committer, ppwp_sheet) -> None:
    put(grid, "IV.3", K3)
    QApplication.clipboard().setText("9\n\n8")  # the blank lands on the section V header
    grid.paste()
    assert committer.calls == [("ppwp", "IV.3", K3, 9), ("ppwp", "V.A", K3, 8)]


def test_paste_failing_midway_reports_and_keeps_committed(qtbot, grid, committer, ppwp_sheet) -> None:
    committer.fail_after = 2
    put(grid, "IV.1", K3)
    QApplication.clipboard().setText("1\n2\n3")
    with qtbot.waitSignal(grid.statusMessage, check_params_cb=lambda m: "Tempel berhenti" in m) as blocker:
        grid.paste()
    message = blocker.args[0]
    assert "baris IV.3, kecamatan SAMPANG" in message and "disk penuh" in message
    assert "2 sel sebelumnya sudah tersimpan dan tercatat di log audit" in message
    assert ppwp_sheet.value("IV.1", K3) == 1 and ppwp_sheet.value("IV.2", K3) == 2
    assert ppwp_sheet.value("IV.3", K3) is None
    assert grid.current_cell() == ("IV.3", K3)
    committer.fail_after = None
    grid.history().undo()  # the committed part is one undo step
    assert ppwp_sheet.value("IV.1", K3) is None and ppwp_sheet.value("IV.2", K3) is None


def test_undo_redo_are_new_audited_edits(qtbot, grid, committer, ppwp_sheet) -> None:
    old = ppwp_sheet.value("V.B", K2)
    put(grid, "V.B", K2)
    type_in(qtbot, "55")
    press(qtbot, Qt.Key.Key_Return)
    put(grid, "V.B", K2)
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ppwp_sheet.value("V.B", K2) == old
    press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert ppwp_sheet.value("V.B", K2) == 55
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ppwp_sheet.value("V.B", K2) == 55
    assert committer.calls == [("ppwp", "V.B", K2, v) for v in (55, old, 55, old, 55)]


def test_undo_of_a_paste_is_one_step(qtbot, grid, committer, ppwp_sheet) -> None:
    before = dict(ppwp_sheet.manual_items())
    put(grid, "IV.1", K1)
    QApplication.clipboard().setText("1\t2\t3\n4\t5\t6")
    grid.paste()
    stack = grid.history().stack
    assert stack.count() == 1 and "tempel" in stack.undoText()
    stack.undo()
    assert dict(ppwp_sheet.manual_items()) == before
    stack.redo()
    assert ppwp_sheet.value("IV.2", K3) == 6


def test_undo_failure_drops_the_step_and_says_so(qtbot, grid, committer, ppwp_sheet) -> None:
    put(grid, "V.B", K3)
    type_in(qtbot, "5")
    press(qtbot, Qt.Key.Key_Return)
    committer.fail = "koneksi basis data terputus"
    with qtbot.waitSignal(grid.statusMessage) as blocker:
        grid.history().undo()
    assert "Urungkan berhenti" in blocker.args[0] and "koneksi basis data terputus" in blocker.args[0]
    assert ppwp_sheet.value("V.B", K3) == 5
    assert grid.history().stack.count() == 0


def test_delete_of_a_selection_is_one_undo_step(qtbot, grid, committer, ppwp_sheet) -> None:
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    model = grid.sheet_model()
    before = dict(ppwp_sheet.manual_items())
    grid.setCurrentIndex(model.index_of("IV.1", K1))
    grid.selectionModel().select(QItemSelection(model.index_of("IV.1", K1), model.index_of("IV.2", JUMLAH)),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)
    press(qtbot, Qt.Key.Key_Delete)
    assert len(committer.calls) == 4  # K1, K2 of two lines; K3 empty, JUMLAH not editable
    grid.history().undo()
    assert dict(ppwp_sheet.manual_items()) == before


def test_mismatch_cell_is_painted_in_the_mismatch_colour(qtbot, grid) -> None:
    model = grid.sheet_model()
    index = model.index_of("V.B", K1)
    assert index.data(Role.STATE) is CellState.MISMATCH
    grid.setCurrentIndex(model.index_of("IV.1", K2))
    grid.scrollTo(index)
    grid.viewport().repaint()
    rect = grid.visualRect(index)
    point = grid.viewport().mapTo(grid, QPoint(rect.center().x(), rect.top() + 3))
    colour = grid.grab().toImage().pixelColor(point)
    assert colour == QColor(OPERATOR_THEME.states[CellState.MISMATCH].background)


def test_header_rows_span_and_labels(grid) -> None:
    model = grid.sheet_model()
    assert grid.columnSpan(0, 0) == model.columnCount()
    assert grid.columnSpan(model.row_of("V.A"), 0) == 1
    assert grid.verticalHeader().sizeHint().width() >= 400


def test_elide_keeps_the_sex_part(grid) -> None:
    fm = grid.fontMetrics()
    label = "B.4 Jumlah pengguna hak pilih (B.1 + B.2 + B.3) — Perempuan"
    short = elide_label(fm, label, fm.horizontalAdvance(label) // 2 + 40)
    assert short.endswith("— Perempuan") and "…" in short


def test_current_cell_signal_for_the_projector(qtbot, grid) -> None:
    with qtbot.waitSignal(grid.currentCellChanged) as blocker:
        put(grid, "V.C", K2)
    assert blocker.args == ["V.C", K2]


def test_paste_with_a_batch_committer_is_all_or_nothing(qtbot, committer, ppwp_sheet) -> None:
    from ui.sheet_model import CommitError, SheetModel

    batches: list[list[tuple]] = []
    fail = []

    def commit_all(key: str, items: list[tuple]) -> None:
        if fail:
            raise CommitError("basis data sedang dikunci oleh proses lain")
        batches.append(items)

    model = SheetModel(ppwp_sheet, committer, batch_committer=commit_all)
    view = GridView(model)
    qtbot.addWidget(view)
    before = dict(ppwp_sheet.manual_items())
    put(view, "IV.1", K1)
    QApplication.clipboard().setText("1\t2\t3\n4\t5\t6")
    fail.append(1)
    with qtbot.waitSignal(view.statusMessage) as blocker:
        view.paste()
    assert "Tempel gagal" in blocker.args[0] and "Tidak ada yang berubah" in blocker.args[0]
    assert dict(ppwp_sheet.manual_items()) == before and batches == [] and committer.calls == []
    fail.clear()
    view.paste()
    assert batches == [[("IV.1", K1, 1), ("IV.1", K2, 2), ("IV.1", K3, 3), ("IV.2", K1, 4), ("IV.2", K2, 5),
                        ("IV.2", K3, 6)]]
    assert committer.calls == [] and ppwp_sheet.value("IV.2", K3) == 6
    view.history().undo()  # undo is one new audited transaction too
    assert dict(ppwp_sheet.manual_items()) == before and len(batches) == 2 and committer.calls == []


def test_views_of_one_sheet_share_one_history(qtbot, make_model, ppwp_sheet) -> None:
    from ui.focus_model import FocusModel

    model = make_model(ppwp_sheet)
    grid, focus = GridView(model), GridView(FocusModel(model, K3))
    for view in (grid, focus):
        qtbot.addWidget(view)
    assert grid.history() is focus.history()
    messages = []
    grid.statusMessage.connect(messages.append)
    grid.set_history(grid.history())  # idempotent: no double connection
    model.commit_cell("V.B", K3, 4)
    focus.history().undo()
    assert ppwp_sheet.value("V.B", K3) is None and len(messages) == 1
