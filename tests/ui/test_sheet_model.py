from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QIcon

from rekap_desktop.rules import JUMLAH
from rekap_desktop.sheet import ChangeSet, RecapSheet, SirekapFigure, SirekapState
from tests.core.factories import ppwp_contest
from ui.cell_state import CellState, Role, RowKind
from ui.sheet_model import MAX_FIGURE, SheetModel
from ui.theme import OPERATOR_THEME

from .conftest import K1, K2, K3


class ChangeSpy:
    """Cells covered by dataChanged, and whether anything reset or re-laid out the model."""

    def __init__(self, model: SheetModel) -> None:
        self.model = model
        self.cells: set[tuple[str, str]] = set()
        self.emissions = 0
        self.resets = 0
        self.layouts = 0
        model.dataChanged.connect(self._changed)
        model.modelReset.connect(self._reset)
        model.layoutChanged.connect(self._layout)

    def _changed(self, tl: QModelIndex, br: QModelIndex, roles: list[int]) -> None:
        self.emissions += 1
        for row in range(tl.row(), br.row() + 1):
            for col in range(tl.column(), br.column() + 1):
                line = self.model.index(row, col).data(Role.LINE_ID)
                self.cells.add((line, self.model.columns[col]))

    def _reset(self) -> None:
        self.resets += 1

    def _layout(self) -> None:
        self.layouts += 1


def capture_changes(sheet: RecapSheet) -> list[ChangeSet]:
    captured: list[ChangeSet] = []
    original = sheet.set_manual

    def spy(line: str, column: str, value: int | None) -> ChangeSet:
        changes = original(line, column, value)
        captured.append(changes)
        return changes

    sheet.set_manual = spy  # type: ignore[method-assign]
    return captured


def test_qtmodeltester_ppwp(qtmodeltester, make_model, ppwp_sheet) -> None:
    qtmodeltester.check(make_model(ppwp_sheet), force_py=True)


def test_qtmodeltester_dpr_with_parties_and_candidates(qtmodeltester, make_model, dpr_sheet) -> None:
    model = make_model(dpr_sheet)
    model.set_locked(K1, True)
    qtmodeltester.check(model, force_py=True)
    kinds = [model.headerData(r, Qt.Orientation.Vertical, Role.ROW_KIND) for r in range(model.rowCount())]
    assert kinds.count(RowKind.GROUP) == 4  # one header per party
    assert model.headerData(model.row_of("IV.1.2"), Qt.Orientation.Vertical).startswith("IV.1.2  2. CALON FIKTIF")


def test_shape_headers_and_flags(make_model, ppwp_sheet) -> None:
    model = make_model(ppwp_sheet)
    assert model.columnCount() == 4 and model.columns[-1] == JUMLAH
    assert model.rowCount() == len(ppwp_sheet.catalogue.rows)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "SRESEH"
    assert model.headerData(3, Qt.Orientation.Horizontal) == "JUMLAH"
    assert model.flags(model.index(0, 0)) == Qt.ItemFlag.NoItemFlags  # section header
    line = model.index_of("IV.1", K1)
    assert model.flags(line) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index_of("IV.1", JUMLAH)) & Qt.ItemFlag.ItemIsEditable


def test_roles_of_a_mismatch_cell(make_model, ppwp_sheet) -> None:
    model = make_model(ppwp_sheet)
    index = model.index_of("V.B", K1)
    value = ppwp_sheet.value("V.B", K1)
    assert index.data() == f"{value:,}".replace(",", ".")
    assert index.data(Qt.ItemDataRole.EditRole) == str(value)
    assert index.data(Role.STATE) is CellState.MISMATCH
    assert SirekapState(index.data(Role.SIREKAP_STATE)) is SirekapState.MISMATCH
    assert index.data(Role.DELTA) == -800
    assert index.data(Role.SIREKAP_VALUE) == value + 800
    assert index.data(Role.COVERAGE) == "97 dari 97 TPS"
    assert [f.rule for f in index.data(Role.FINDINGS)] == ["SIREKAP_MISMATCH"]
    assert isinstance(index.data(Qt.ItemDataRole.DecorationRole), QIcon)
    brush = index.data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == OPERATOR_THEME.states[CellState.MISMATCH].background
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Sirekap:" in tip and "97 dari 97 TPS" in tip and "Selisih (manual − Sirekap): −800" in tip
    assert "≠ Beda dengan Sirekap" in tip


def test_states_partial_missing_empty_error(make_model, ppwp_sheet) -> None:
    model = make_model(ppwp_sheet)
    assert model.index_of("V.A", K2).data(Role.STATE) is CellState.PARTIAL
    assert "95 dari 97 TPS" not in model.index_of("V.A", K2).data(Qt.ItemDataRole.ToolTipRole)  # K2 has 116 TPS
    assert "114 dari 116 TPS — belum lengkap" in model.index_of("V.A", K2).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index_of("II.1", K1).data(Role.STATE) is CellState.OK  # no Sirekap source for II
    assert model.index_of("V.A", K3).data(Role.STATE) is CellState.EMPTY
    assert model.index_of("V.A", K3).data() == ""
    model.commit_cell("V.A", K3, 5)
    assert model.index_of("V.A", K3).data(Role.STATE) is CellState.MISSING
    model.commit_cell("IV.1", K1, ppwp_sheet.value("IV.1", K1) + 1)  # breaks R3 on V.A
    assert model.index_of("V.A", K1).data(Role.STATE) is CellState.ERROR
    assert model.index_of(model.sheet.catalogue.lines[0].id, JUMLAH).data(Role.STATE) is CellState.OK
    header = model.index(0, 1)
    assert header.data(Role.STATE) is CellState.HEADER and header.data() is None


def test_set_data_commits_then_emits_exactly_the_changeset(make_model, committer, ppwp_sheet) -> None:
    model = make_model(ppwp_sheet)
    spy = ChangeSpy(model)
    captured = capture_changes(ppwp_sheet)
    committed: list[tuple] = []
    model.cellCommitted.connect(lambda *a: committed.append(a))
    findings = []
    model.findingsChanged.connect(lambda: findings.append(1))
    old = ppwp_sheet.value("IV.1", K1)
    assert model.setData(model.index_of("IV.1", K1), f"{old + 1:,}".replace(",", "."))
    assert committer.calls == [("ppwp", "IV.1", K1, old + 1)]
    assert ppwp_sheet.value("IV.1", K1) == old + 1
    assert len(captured) == 1 and captured[0].findings_changed
    assert spy.cells == captured[0].cells
    assert spy.resets == 0 and spy.layouts == 0
    assert committed == [("IV.1", K1, old, old + 1)]
    assert findings == [1]


def test_committer_called_before_the_sheet_changes(make_model, ppwp_sheet) -> None:
    seen = []

    def committer(key: str, line: str, kec: str, value: int | None) -> None:
        seen.append(ppwp_sheet.value(line, kec))  # still the old value while committing

    model = SheetModel(ppwp_sheet, committer)
    old = ppwp_sheet.value("V.B", K1)
    model.setData(model.index_of("V.B", K1), "7")
    assert seen == [old] and ppwp_sheet.value("V.B", K1) == 7


@pytest.mark.parametrize("text", ["abc", "-5", "1,5", "1.23", "12.3456", "99999999"])
def test_rejected_input_never_reaches_the_committer(qtbot, make_model, committer, ppwp_sheet, text) -> None:
    model = make_model(ppwp_sheet)
    old = ppwp_sheet.value("V.B", K1)
    with qtbot.waitSignal(model.inputRejected) as blocker:
        assert not model.setData(model.index_of("V.B", K1), text)
    message = blocker.args[0]
    assert message.startswith("Isian ditolak pada baris V.B, kecamatan SRESEH") and "Nilai lama tetap" in message
    assert committer.calls == []
    assert ppwp_sheet.value("V.B", K1) == old


def test_absurd_value_message(qtbot, make_model, ppwp_sheet) -> None:
    model = make_model(ppwp_sheet)
    with qtbot.waitSignal(model.inputRejected) as blocker:
        model.setData(model.index_of("V.B", K1), MAX_FIGURE + 1)
    assert "tidak masuk akal" in blocker.args[0]


def test_empty_text_clears_through_the_committer(make_model, committer, ppwp_sheet) -> None:
    model = make_model(ppwp_sheet)
    assert model.setData(model.index_of("V.B", K1), "  ")
    assert committer.calls == [("ppwp", "V.B", K1, None)]
    assert ppwp_sheet.value("V.B", K1) is None


def test_commit_failure_keeps_old_value_and_changes_nothing(qtbot, make_model, committer, ppwp_sheet) -> None:
    model = make_model(ppwp_sheet)
    spy = ChangeSpy(model)
    committed = []
    model.cellCommitted.connect(lambda *a: committed.append(a))
    committer.fail = "basis data terkunci oleh proses lain"
    old = ppwp_sheet.value("IV.2", K1)
    with qtbot.waitSignal(model.commitFailed) as blocker:
        assert not model.setData(model.index_of("IV.2", K1), "12")
    assert "basis data terkunci oleh proses lain" in blocker.args[0]
    assert "Nilai lama" in blocker.args[0] and "tidak ada yang berubah" in blocker.args[0]
    assert ppwp_sheet.value("IV.2", K1) == old
    assert spy.emissions == 0 and committed == []


def test_same_value_commits_nothing(make_model, committer, ppwp_sheet) -> None:
    model = make_model(ppwp_sheet)
    assert model.setData(model.index_of("V.B", K1), str(ppwp_sheet.value("V.B", K1)))
    assert committer.calls == []


def test_non_edit_roles_and_header_cells_refused(make_model, committer, ppwp_sheet) -> None:
    model = make_model(ppwp_sheet)
    assert not model.setData(model.index_of("V.B", K1), "5", Qt.ItemDataRole.DisplayRole)
    assert not model.setData(model.index(0, 0), "5")
    assert not model.setData(model.index_of("V.B", JUMLAH), "5")
    assert committer.calls == []


def test_locked_column_needs_correction_mode(qtbot, committer, ppwp_sheet) -> None:
    corrections = []
    model = SheetModel(ppwp_sheet, committer, corrector=lambda *a: corrections.append(a))
    locks = []
    model.lockChanged.connect(lambda: locks.append(1))
    model.set_locked(K1, True)
    index = model.index_of("V.B", K1)
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert isinstance(model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole), QIcon)
    assert "Ditetapkan" in model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    with qtbot.waitSignal(model.inputRejected) as blocker:
        assert not model.setData(index, "5")
    assert "sudah ditetapkan" in blocker.args[0] and "koreksi" in blocker.args[0]
    model.set_correction_mode(True)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(index, "5")
    assert corrections == [("ppwp", "V.B", K1, 5)] and committer.calls == []
    assert model.setData(model.index_of("V.B", K2), "6")  # unlocked column: the ordinary committer
    assert committer.calls == [("ppwp", "V.B", K2, 6)]
    assert len(locks) == 2
    with pytest.raises(ValueError):
        model.set_locked(JUMLAH, True)


def test_committer_may_return_the_changeset_it_applied(make_model, ppwp_sheet) -> None:
    def service(key: str, line: str, kec: str, value: int | None) -> ChangeSet:
        return ppwp_sheet.set_manual(line, kec, value)  # a service that owns the sheet

    model = SheetModel(ppwp_sheet, service)
    spy = ChangeSpy(model)
    assert model.setData(model.index_of("IV.3", K3), "10")
    assert ppwp_sheet.value("IV.3", K3) == 10
    assert spy.cells == {("IV.3", K3), ("IV.3", JUMLAH)}


def test_apply_external_repaints_only_those_cells(make_model, ppwp_sheet) -> None:
    model = make_model(ppwp_sheet)
    spy = ChangeSpy(model)
    findings = []
    model.findingsChanged.connect(lambda: findings.append(1))
    changes = ppwp_sheet.set_sirekap({("V.B", K1): SirekapFigure(ppwp_sheet.value("V.B", K1), 97, 97)})
    model.apply_external(changes)
    assert spy.cells == changes.cells and spy.resets == 0
    assert findings == [1]
    assert model.index_of("V.B", K1).data(Role.STATE) is CellState.OK


def test_ranges_group_contiguous_columns(make_model) -> None:
    sheet = RecapSheet(ppwp_contest())
    model = make_model(sheet)
    runs = model._ranges({("V.B", K1), ("V.B", K2), ("V.B", JUMLAH), ("V.A", K2)})
    r_va, r_vb = model.row_of("V.A"), model.row_of("V.B")
    assert runs == [(r_va, 1, 1), (r_vb, 0, 1), (r_vb, 3, 3)]


def test_set_sheet_resets(qtbot, make_model, ppwp_sheet, dpr_sheet) -> None:
    model = make_model(ppwp_sheet)
    with qtbot.waitSignal(model.modelReset):
        model.set_sheet(dpr_sheet)
    assert model.contest_key == "pdpr:3511" and model.rowCount() == len(dpr_sheet.catalogue.rows)
