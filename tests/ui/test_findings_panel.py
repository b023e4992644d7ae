from __future__ import annotations

from PySide6.QtCore import Qt

from rekap_desktop.rules import JUMLAH, Finding, Severity
from ui.cell_state import Role
from ui.finding_words import words_for
from ui.findings_panel import FindingKind, FindingsModel, FindingsPanel
from ui.grid_view import GridView

from .conftest import K1, K2


def test_qtmodeltester_findings_model_and_filter(qtmodeltester, make_model, dpr_sheet) -> None:
    source = make_model(dpr_sheet)
    source.commit_cell("IV.1.1", K1, dpr_sheet.value("IV.1.1", K1) + 3)  # R11 and R12 break
    model = FindingsModel(source)
    assert model.rowCount() >= 2
    qtmodeltester.check(model, force_py=True)
    panel = FindingsPanel(source)
    panel.proxy().set_kind(FindingKind.ERROR)
    qtmodeltester.check(panel.proxy(), force_py=True)
    panel.deleteLater()


def test_lists_findings_with_kind_kecamatan_line(make_model, ppwp_sheet) -> None:
    model = FindingsModel(make_model(ppwp_sheet))
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[:3] == ["Beda dengan Sirekap", "beda dengan Sirekap: selisih −800", "SRESEH"]
    assert row[3] == "Suara tidak sah (V.B)"
    assert row[4].startswith("Manual ") and "≠ Sirekap" in row[4]
    assert model.index(0, 0).data(Role.FINDING_KIND) is FindingKind.MISMATCH
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is not None


def test_refresh_inserts_and_removes_rows_without_reset(qtbot, make_model, ppwp_sheet) -> None:
    source = make_model(ppwp_sheet)
    model = FindingsModel(source, delay_ms=0)
    events: list[str] = []
    model.modelReset.connect(lambda: events.append("reset"))
    model.rowsInserted.connect(lambda *a: events.append("insert"))
    model.rowsRemoved.connect(lambda *a: events.append("remove"))
    counts = []
    model.countsChanged.connect(counts.append)
    old = ppwp_sheet.value("IV.1", K2)
    source.commit_cell("IV.1", K2, old + 5)  # R3 on V.A of K2
    assert "reset" not in events and "insert" in events
    assert [model.finding(r).rule for r in range(model.rowCount())].count("R3") == 1
    assert counts[-1] == {"error": 1, "warning": 0, "mismatch": 1, "tps": 0}
    events.clear()
    source.commit_cell("IV.1", K2, old)
    assert events == ["remove"] and model.rowCount() == 1


def test_filters_by_kind_kecamatan_and_text(qtbot, make_model, ppwp_sheet) -> None:
    source = make_model(ppwp_sheet)
    source.commit_cell("IV.1", K2, ppwp_sheet.value("IV.1", K2) + 5)
    panel = FindingsPanel(source)
    qtbot.addWidget(panel)
    proxy = panel.proxy()
    assert proxy.rowCount() == 2
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData(FindingKind.ERROR))
    assert proxy.rowCount() == 1 and proxy.index(0, 1).data().startswith("V.A ≠ IV.1 + IV.2 + IV.3: selisih")
    assert proxy.index(0, 1).data(Qt.ItemDataRole.UserRole) == "R3"  # the id stays for scripts and the filter
    panel.kind_filter.setCurrentIndex(0)
    panel.kecamatan_filter.setCurrentIndex(panel.kecamatan_filter.findData(K1))
    assert proxy.rowCount() == 1 and proxy.index(0, 2).data() == "SRESEH"
    panel.kecamatan_filter.setCurrentIndex(0)
    panel.text_filter.setText("torjun")
    assert proxy.rowCount() == 1
    assert "menampilkan 1 dari 2 temuan" in panel.summary.text()
    panel.text_filter.setText("tidak ada yang seperti ini")
    assert proxy.rowCount() == 0
    assert panel.kecamatan_filter.findData(JUMLAH) > 0


def test_double_click_jumps_to_the_cell(qtbot, make_model, ppwp_sheet) -> None:
    source = make_model(ppwp_sheet)
    grid = GridView(source)
    panel = FindingsPanel(source)
    for w in (grid, panel):
        qtbot.addWidget(w)
    panel.resize(900, 300)
    with qtbot.waitExposed(panel):
        panel.show()
    panel.findingActivated.connect(grid.go_to_cell)
    index = panel.proxy().index(0, 3)
    rect = panel.table.visualRect(index)
    assert rect.isValid() and panel.table.viewport().rect().contains(rect.center())
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # Qt 6 QTest needs it
    with qtbot.waitSignal(panel.findingActivated) as blocker:
        qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["V.B", K1]
    assert grid.currentIndex() == source.index_of("V.B", K1)
    panel.table.setCurrentIndex(index)
    panel.table.setFocus()
    with qtbot.waitSignal(panel.findingActivated):  # Enter works as well
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)


def test_set_source_switches_contest(qtbot, make_model, ppwp_sheet, dpr_sheet) -> None:
    panel = FindingsPanel(make_model(ppwp_sheet))
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.countsChanged) as blocker:
        panel.set_source(make_model(dpr_sheet))
    assert blocker.args[0] == {**dpr_sheet.counts(), "tps": 0}
    assert panel.kecamatan_filter.count() == 1 + len(dpr_sheet.columns) + 1


def test_updates_are_coalesced(qtbot, make_model, ppwp_sheet) -> None:
    source = make_model(ppwp_sheet)
    model = FindingsModel(source, delay_ms=50)
    counts = []
    model.countsChanged.connect(counts.append)
    old = ppwp_sheet.value("IV.1", K2)
    source.commit_cell("IV.1", K2, old + 5)
    source.commit_cell("IV.2", K2, ppwp_sheet.value("IV.2", K2) + 1)
    assert model.rowCount() == 1  # not yet: the edit path does not wait for the list
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert len(counts) == 1


def test_r8_words_name_the_edge_of_the_band_crossed(ppwp_sheet) -> None:
    """R8's finding carries the edge of the band (DPT, or DPT + cadangan) as its right-hand figure."""
    above = Finding("R8", Severity.WARNING, "II.1", K1, "", ("II.1", "I.A.JML"), 1_030, 1_023)
    below = Finding("R8", Severity.WARNING, "II.1", K1, "", ("II.1", "I.A.JML"), 990, 1_000)
    words = words_for(above, ppwp_sheet.catalogue)
    assert words.medium == "II.1 > DPT + cadangan 2%: lebih 7" and words.short == "lebih 7"
    words = words_for(below, ppwp_sheet.catalogue)
    assert words.medium == "II.1 < DPT: kurang 10" and words.short == "kurang 10"
