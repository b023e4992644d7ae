"""The real main window over a real SQLite database (the demo): typing, locking and the correction dialog,
a failed commit, the findings jump, Sirekap import from the GUI, keberatan."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from rekap_desktop.cell_marks import MarkKind
from rekap_desktop.demo_sampang import OPEN_KECAMATAN as OPEN
from rekap_desktop.services import KecamatanStatus, RecapService
from tests.conftest import SIREKAP_SAMPLE
from tests.core.refdata import small_reference
from ui.correction_dialog import CorrectionDialog
from ui.import_dialog import SirekapImportDialog
from ui.keberatan_panel import HEADERS, KeberatanModel
from ui.main_window import MainWindow
from ui.projector_cells import ProjectorColumn, ProjectorRole


@pytest.fixture
def service(demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("REKAP_SQLITE_BUSY_MS", "150")
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    svc = RecapService.open(copy, actor="operator uji")
    yield svc
    svc.close()


@pytest.fixture
def window(qtbot, service: RecapService, tmp_path: Path):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(service, settings=settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


def type_into(qtbot, view, text: str, key=Qt.Key.Key_Return) -> None:
    """Type like a person: each key goes to the widget that has the focus (the grid, then its editor)."""
    view.setFocus()
    for ch in text:
        qtbot.keyClicks(QApplication.focusWidget() or view, ch)
    qtbot.keyClick(QApplication.focusWidget() or view, key)


def test_opens_ready_to_type_and_typing_is_durable(qtbot, window: MainWindow, service: RecapService) -> None:
    assert window.current_key == "ppwp" and window.current_kecamatan == OPEN  # the demo's open kecamatan
    grid = window.grid
    assert QApplication.focusWidget() is grid
    model = window.models["ppwp"]
    assert model.cell_at(grid.currentIndex()) == ("I.A.L", OPEN)
    type_into(qtbot, grid, "1234")
    assert service.load_sheet("ppwp").value("I.A.L", OPEN) == 1234
    assert model.data(model.index_of("I.A.L", OPEN)) == "1.234"
    assert model.cell_at(grid.currentIndex()) == ("I.A.P", OPEN)  # Enter moved down
    event = service.audit_events(1)[0]
    assert (event["action"], event["line"], event["new"], event["actor"]) == ("entry.set", "I.A.L", 1234,
                                                                              "operator uji")


def test_the_window_keeps_its_loaded_objects_out_of_the_collectors_walks_until_it_closes(
    qtbot, window: MainWindow
) -> None:
    """Issue 16: a full collection over the window's objects, started by Python at a random allocation, took one
    edit to ~90 ms; the window freezes what it loaded and collects when nobody types (ui/idle_gc.py)."""
    import gc

    assert gc.get_freeze_count() > 0
    assert not window.idle_gc._timer.isActive()
    type_into(qtbot, window.grid, "7")
    assert window.idle_gc._timer.isActive()  # a commit postpones the next full collection
    window.close()
    assert gc.get_freeze_count() == 0  # closed: everything back to the collector


def test_rejected_input_changes_nothing(qtbot, window: MainWindow, service: RecapService) -> None:
    before = service.entries("ppwp")
    messages: list[str] = []
    window.models["ppwp"].inputRejected.connect(messages.append)
    type_into(qtbot, window.grid, "-5")
    assert messages and "negatif" in messages[-1]
    assert service.entries("ppwp") == before


def test_locked_column_then_correction_with_reason_and_keberatan(qtbot, window: MainWindow, service,
                                                                 monkeypatch) -> None:
    assert service.statuses("ppwp")["352701"] is KecamatanStatus.DITETAPKAN
    old = service.load_sheet("ppwp").value("V.B", "352701")
    window.jump_to("V.B", "352701")
    rejected: list[str] = []
    window.grid.statusMessage.connect(rejected.append)
    type_into(qtbot, window.grid, "7")
    assert rejected and "ditetapkan" in rejected[-1]
    assert service.load_sheet("ppwp").value("V.B", "352701") == old

    def fake_exec(dialog: CorrectionDialog) -> int:
        dialog.reason.setPlainText("salah tulis, dicocokkan dengan salinan saksi")
        dialog.keberatan.setCurrentIndex(1)  # the demo's keberatan is listed? if not, record a new one
        if dialog.keberatan.currentData() is None:
            raise AssertionError("no keberatan to choose")
        dialog._accept()
        return int(dialog.result())

    kid = service.add_keberatan("ppwp", description="Saksi 03: V.B Sreseh", kecamatan="352701", cells=["V.B"])
    monkeypatch.setattr(CorrectionDialog, "exec", fake_exec)
    window.correction_action.setChecked(True)
    window.jump_to("V.B", "352701")
    type_into(qtbot, window.grid, str(old + 1))
    assert service.load_sheet("ppwp").value("V.B", "352701") == old + 1
    event = service.audit_events(1)[0]
    assert event["payload"]["keberatan"] == kid and "salah tulis" in event["payload"]["reason"]
    assert service.verify_audit().ok


def test_cancelled_correction_keeps_the_old_value(qtbot, window: MainWindow, service, monkeypatch) -> None:
    monkeypatch.setattr(CorrectionDialog, "exec", lambda self: int(QDialog.DialogCode.Rejected))
    old = service.load_sheet("ppwp").value("V.A", "352701")
    window.correction_action.setChecked(True)
    window.jump_to("V.A", "352701")
    type_into(qtbot, window.grid, "1")
    assert service.load_sheet("ppwp").value("V.A", "352701") == old
    assert window.models["ppwp"].sheet.value("V.A", "352701") == old


def test_a_locked_database_makes_the_edit_wait_never_the_window(qtbot, window: MainWindow, service) -> None:
    """Another station holds the write lock: the edit is not shown as saved, waits (status bar says why) and is
    committed by the retry once the lock is gone; the window never blocks longer than the short lock wait."""
    model = window.models["ppwp"]
    path = service.url.split("///", 1)[1]
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another station holds the write lock
    deferred: list[str] = []
    failures: list[str] = []
    model.commitDeferred.connect(deferred.append)
    model.commitFailed.connect(failures.append)
    try:
        type_into(qtbot, window.grid, "555")
        assert deferred and "basis data sibuk" in deferred[-1] and "menunggu" in deferred[-1] and not failures
        assert model.sheet.value("I.A.L", OPEN) is None  # not shown as saved
        assert model.data(model.index_of("I.A.L", OPEN)) in ("", None)
        assert len(window.stations.pending) == 1 and "menunggu" in window.stations.label.text()
        window.stations.pending.retry()  # still locked: still waiting, nothing lost
        assert len(window.stations.pending) == 1
    finally:
        other.execute("ROLLBACK")
        other.close()
    qtbot.waitUntil(lambda: len(window.stations.pending) == 0, timeout=5000)  # retried off the edit path
    assert service.load_sheet("ppwp").value("I.A.L", OPEN) == 555
    assert model.sheet.value("I.A.L", OPEN) == 555
    assert "menunggu" not in window.stations.label.text()


def test_a_stale_edit_is_refused_by_name_and_the_current_value_shown(qtbot, window: MainWindow, service,
                                                                      tmp_path: Path) -> None:
    """Another station changed the cell while this operator was typing: the typed figure is not written over it;
    the operator is told who changed it to what, and sees that value."""
    model = window.models["ppwp"]
    other = RecapService.open(service.url.split("///", 1)[1], actor="Operator Dua", station="laptop-2")
    window.grid.go_to_cell("I.A.L", OPEN)
    index = window.grid.currentIndex()
    window.grid.edit(index)  # the editor opens on the empty cell: the edit is based on "kosong"
    other.set_entry("ppwp", "I.A.L", OPEN, 4321)  # meanwhile, on laptop-2
    failures: list[str] = []
    model.commitFailed.connect(failures.append)
    assert not model.setData(index, "1234")
    assert failures and "diubah oleh Operator Dua (stasiun laptop-2) menjadi 4.321" in failures[-1]
    qtbot.waitUntil(lambda: model.sheet.value("I.A.L", OPEN) == 4321, timeout=3000)
    assert service.load_sheet("ppwp").value("I.A.L", OPEN) == 4321  # nothing written over it
    assert "Operator Dua (stasiun laptop-2" in model.tooltip("I.A.L", OPEN)
    other.close()


def test_another_stations_changes_appear_live_without_a_reset(qtbot, window: MainWindow, service) -> None:
    model = window.models["ppwp"]
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    other = RecapService.open(service.url.split("///", 1)[1], actor="Operator Dua", station="laptop-2")
    kid = other.add_keberatan("ppwp", description="Saksi 01: angka Jrengik", kecamatan=OPEN)
    other.set_entry("ppwp", "I.A.P", OPEN, 777)
    other.set_status("ppwp", "352704", KecamatanStatus.DITETAPKAN)
    qtbot.waitUntil(lambda: model.sheet.value("I.A.P", OPEN) == 777, timeout=3000)
    qtbot.waitUntil(lambda: model.is_locked("352704"), timeout=3000)
    assert window.navigator.progress("ppwp")[0] >= 4 and not resets
    assert any(k.id == kid for k in window.service.keberatan("ppwp"))
    assert "Operator Dua (stasiun laptop-2" in model.tooltip("I.A.P", OPEN)
    assert window.room.anchor == other.anchor().text or window.stations.link.poll() == []
    other.close()


def test_mark_ditetapkan_locks_and_updates_the_navigator(qtbot, window: MainWindow, service, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(f"unexpected question: {box.text()}"))
    window.show_kecamatan("ppwp", "352704")  # complete and without error findings: no question
    window.mark(KecamatanStatus.DITETAPKAN)
    assert service.statuses("ppwp")["352704"] is KecamatanStatus.DITETAPKAN
    assert window.models["ppwp"].is_locked("352704")
    assert window.navigator.progress("ppwp")[0] == 13


def test_penetapan_with_open_problems_defaults_to_batal_in_indonesian(qtbot, window: MainWindow, service,
                                                                       monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    code = window.current_kecamatan  # the demo's kecamatan being read: still has empty cells
    seen: list[tuple[str, str, list[str]]] = []

    def answer_with(choice: str | None):
        def answer(box: QMessageBox) -> int:
            labels = [b.text() for b in box.buttons()]
            seen.append((box.text() + box.informativeText(), box.defaultButton().text(), labels))
            button = box.defaultButton() if choice is None else next(b for b in box.buttons() if b.text() == choice)
            button.click()
            return 0
        return answer

    monkeypatch.setattr(QMessageBox, "exec", answer_with(None))  # Enter
    window.mark(KecamatanStatus.DITETAPKAN)
    text, default, labels = seen[0]
    assert default == "Batal" and set(labels) == {"Tetapkan", "Batal"}
    assert "isian kosong" in text and "Jumlah pemilih dalam DPT" in text
    assert service.statuses("ppwp")[code] is not KecamatanStatus.DITETAPKAN
    monkeypatch.setattr(QMessageBox, "exec", answer_with("Tetapkan"))  # knowingly
    window.mark(KecamatanStatus.DITETAPKAN)
    assert service.statuses("ppwp")[code] is KecamatanStatus.DITETAPKAN


def test_reopening_a_ditetapkan_kecamatan_is_a_correction(qtbot, window: MainWindow, service, monkeypatch) -> None:
    window.show_kecamatan("ppwp", "352704")
    window.mark(KecamatanStatus.DITETAPKAN)
    shown: list[str] = []

    def cancel(dialog: CorrectionDialog) -> int:
        shown.append(dialog.windowTitle())
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(CorrectionDialog, "exec", cancel)
    window.mark(KecamatanStatus.BELUM)
    assert shown == ["Buka kembali kecamatan yang sudah ditetapkan"]
    assert service.statuses("ppwp")["352704"] is KecamatanStatus.DITETAPKAN  # cancelled: still locked
    kid = service.add_keberatan("ppwp", description="Saksi 03 minta pencermatan ulang", kecamatan="352704")

    def reopen(dialog: CorrectionDialog) -> int:
        dialog.reason.setPlainText("pencermatan ulang atas keberatan saksi")
        dialog._fill(select=kid)
        dialog._accept()
        return int(dialog.result())

    monkeypatch.setattr(CorrectionDialog, "exec", reopen)
    window.mark(KecamatanStatus.BELUM)
    assert service.statuses("ppwp")["352704"] is KecamatanStatus.BELUM
    assert not window.models["ppwp"].is_locked("352704")
    event = service.audit_events(1)[0]
    assert event["payload"]["reopening"] and event["payload"]["keberatan"] == kid
    assert event["actor"] == "operator uji" and event["station"]


def test_the_status_bar_names_operator_and_station_and_a_new_operator_takes_over(qtbot, window: MainWindow,
                                                                                 service, monkeypatch) -> None:
    from ui.operator_dialog import OperatorDialog

    assert window.who_button.text() == f"Operator: operator uji · stasiun {service.station}"

    def take_over(dialog: OperatorDialog) -> int:
        dialog.name_edit.setText("  ")
        dialog._accept()
        assert "wajib" in dialog.error.text() and not dialog.result()  # a name is required
        dialog.name_edit.setText("Operator  Malam")
        dialog._accept()
        return int(dialog.result())

    monkeypatch.setattr(OperatorDialog, "exec", take_over)
    window.who_button.click()
    assert service.actor == "Operator Malam" and "Operator Malam" in window.who_button.text()
    service.set_entry("ppwp", "IV.1", "352714", 1)
    assert service.audit_events(1)[0]["actor"] == "Operator Malam"


def test_findings_jump_goes_to_the_cell(qtbot, window: MainWindow) -> None:
    window.findings.findingActivated.emit("I.B.4.L", "352702")
    assert window.models["ppwp"].cell_at(window.grid.currentIndex()) == ("I.B.4.L", "352702")
    assert window.current_kecamatan == "352702"


def test_the_import_window_lists_25_skipped_files_and_counts_the_rest(qtbot, tmp_path: Path) -> None:
    svc = RecapService.open(tmp_path / "kecil.sqlite", actor="operator")
    svc.store_reference(small_reference())
    bad = tmp_path / "rusak" / "pemilu" / "hhcw" / "ppwp"
    bad.mkdir(parents=True)
    for n in range(1, 41):
        (bad / f"3527012001{n:03d}.json").write_text(f'{{"chart": {{"1": {n},, }}}}', encoding="utf-8")
    dialog = SirekapImportDialog(svc)
    qtbot.addWidget(dialog)
    dialog.set_paths([tmp_path / "rusak"])
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.import_button.click()
    report = dialog.report.toPlainText()
    assert "DILEWATI 40 berkas" in report and "… dan 15 berkas lain" in report
    assert "3527012001025.json" in report and "3527012001026.json" not in report
    assert "40 berkas dilewati" in dialog.status.text()
    svc.close()


def test_sirekap_import_from_the_gui_updates_the_open_sheet(qtbot, tmp_path: Path) -> None:
    svc = RecapService.open(tmp_path / "kecil.sqlite", actor="operator")
    svc.store_reference(small_reference())
    win = MainWindow(svc)
    qtbot.addWidget(win)
    win.show()
    model = win.model_for("ppwp")
    assert model.sheet.sirekap("IV.2", "352701") is None
    dialog = SirekapImportDialog(svc, win)
    qtbot.addWidget(dialog)
    dialog.set_paths([SIREKAP_SAMPLE / "pemilu"])
    dialog.imported.connect(lambda _s: win.reload_sirekap())
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as blocker:
        dialog.import_button.click()
    summary = blocker.args[0]
    assert summary.records_added == 20 and not summary.skipped
    assert "Anomali TPS" in dialog.report.toPlainText() and "3527012001004" in dialog.report.toPlainText()
    figure = model.sheet.sirekap("IV.2", "352701")
    assert figure is not None and figure.value == 2184 and figure.tps_with_data == 15
    assert model.data(model.index_of("IV.2", "352701"), Qt.ItemDataRole.ToolTipRole)
    svc.close()


def test_keberatan_panel_records_and_lists(qtbot, window: MainWindow, service, qtmodeltester) -> None:
    panel = window.keberatan
    assert panel is not None
    before = panel.model.rowCount()
    new_id = panel.store({"kind": "kejadian_khusus", "kecamatan": "352703", "peserta": "", "saksi": "",
                          "cells": [], "description": "Listrik padam 20 menit; rapat diskors."})
    assert new_id is not None and panel.model.rowCount() == before + 1
    qtmodeltester.check(panel.model)
    assert isinstance(panel.model, KeberatanModel)
    assert any(k.description.startswith("Listrik") for k in service.keberatan("ppwp"))


def test_shortcut_sheet_lists_the_keys(qtbot, window: MainWindow) -> None:
    window.show_shortcuts()
    sheet = window.shortcut_sheet
    assert sheet is not None and sheet.isVisible()
    from PySide6.QtWidgets import QLabel

    text = " ".join(label.text() for label in sheet.findChildren(QLabel))
    for key in ("F5", "F6", "Ctrl+Z", "Ctrl+3", "Ctrl+K", "Esc"):
        assert key in text


def test_projector_follows_the_operator_and_shows_edits(qtbot, window: MainWindow, service) -> None:
    projector = window.projector
    assert projector is not None
    projector.toggleAction().trigger()  # F5
    assert projector.isVisible()
    assert not projector.isActiveWindow()  # the operator keeps the keyboard
    window.jump_to("I.A.P", "352714")
    proxy = projector.projector_model()
    with qtbot.waitSignal(proxy.dataChanged, timeout=2000):
        type_into(qtbot, window.grid, "4321")
    texts = [proxy.index(r, c).data() for r in range(proxy.rowCount()) for c in range(proxy.columnCount())]
    assert "4.321" in texts
    window.mark(KecamatanStatus.DIBACAKAN)
    assert projector.strip().status_of("352714") == "dibacakan"
    projector.toggleAction().trigger()
    assert not projector.isVisible()


def test_keberatan_resolve_through_the_panel(qtbot, window: MainWindow, service, monkeypatch) -> None:
    from ui.keberatan_panel import ResolveDialog

    panel = window.keberatan
    assert panel is not None
    new_id = panel.store({"kind": "keberatan", "kecamatan": "352702", "peserta": "Pasangan Calon 03",
                          "saksi": "SAKSI CONTOH 03", "cells": ["V.B"], "description": "V.B tidak sesuai salinan"})
    row = next(r for r in range(panel.model.rowCount()) if panel.model.row_at(r).id == new_id)
    panel.view.selectRow(row)

    def fake_exec(dialog: ResolveDialog) -> int:
        dialog.outcome.setCurrentIndex(dialog.outcome.findData("ditolak"))
        dialog.tindak_lanjut.setPlainText("angka sesuai D.HASIL; saksi diarahkan ke Bawaslu")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(ResolveDialog, "exec", fake_exec)
    panel.resolve_selected()
    stored = next(k for k in service.keberatan("ppwp") if k.id == new_id)
    assert stored.status == "ditolak" and "Bawaslu" in stored.tindak_lanjut and stored.resolved_at
    assert panel.model.data(panel.model.index(row, HEADERS.index("Keputusan"))) == "Ditolak"
    assert service.verify_audit().ok


def test_dialogs_refuse_incomplete_input(qtbot, service) -> None:
    from ui.keberatan_panel import KeberatanDialog

    contest = service.contest("ppwp")
    record = KeberatanDialog(contest, kecamatan="352702", cells=["V.B"])
    qtbot.addWidget(record)
    record._accept()
    assert record.result() == 0 and "Uraian wajib" in record.error.text()
    assert record.values()["cells"] == ["V.B"] and record.values()["kecamatan"] == "352702"
    correction = CorrectionDialog(service, contest, "V.B", "352701", 5, 6)
    qtbot.addWidget(correction)
    correction._accept()
    assert correction.result() == 0 and "Alasan" in correction.error.text()
    correction.reason.setPlainText("salah baca")
    correction.keberatan.setCurrentIndex(0)
    correction._accept()
    assert correction.result() == 0 and "keberatan" in correction.error.text()


def test_penetapan_with_errors_asks_and_enter_keeps_the_column_open(qtbot, window: MainWindow, service) -> None:
    """The demo's 352705 (selesai) carries PPK errors: the question names them; Enter (the default) does not lock."""
    from tests.ui.test_questions import answer_with, press

    window.show_kecamatan("ppwp", "352705")
    errors = [f for f in window.models["ppwp"].sheet.all_findings()
              if f.column == "352705" and f.severity.value == "error"]
    assert errors
    seen = answer_with(qtbot, press(Qt.Key.Key_Return))
    window.mark(KecamatanStatus.DITETAPKAN)
    (box,) = seen
    assert "temuan galat" in box.text() and errors[0].message in box.informativeText()
    assert {b.text() for b in box.buttons()} == {"Tetapkan", "Batal"}
    assert service.statuses("ppwp")["352705"] is not KecamatanStatus.DITETAPKAN
    assert not window.models["ppwp"].is_locked("352705")


# ------------------------------------------------------------------------------------ the room: anchor and marks
def projector_cell(window: MainWindow, line: str, col: ProjectorColumn):
    assert window.projector is not None
    proxy = window.projector.projector_model()
    return proxy.index(proxy.row_of(line), col).data(ProjectorRole.CELL)


def test_the_projector_anchor_follows_every_commit(qtbot, window: MainWindow, service) -> None:
    assert window.projector is not None
    assert window.projector.anchor() == service.anchor().text  # shown from the start
    before = window.projector.anchor()
    window.grid.go_to_cell("I.A.L", "352714")
    type_into(qtbot, window.grid, "556")
    qtbot.waitUntil(lambda: window.projector.anchor() != before, timeout=2000)
    assert window.projector.anchor() == service.anchor().text
    assert window.projector.footer().anchor == service.anchor().text
    number = int(window.projector.anchor().split()[1].split(":")[0])
    assert number == int(before.split()[1].split(":")[0]) + 1  # exactly the one event of the edit


def test_keberatan_and_correction_marks_reach_grid_and_projector(qtbot, window: MainWindow, service,
                                                                 monkeypatch) -> None:
    window.show_kecamatan("ppwp", "352701")
    window.jump_to("V.B", "352701")
    assert window.keberatan is not None
    kid = window.keberatan.store({"kind": "keberatan", "level": "kabupaten", "jenis": "angka",
                                  "kecamatan": "352701", "tps": "", "peserta": "", "saksi": "SAKSI FIKTIF 03",
                                  "cells": ["V.B"], "description": "V.B Sreseh dibaca 2.142, salinan 2.143",
                                  "rekomendasi_bawaslu": ""})
    assert kid is not None
    model = window.models["ppwp"]
    assert [m.kind for m in model.marks("V.B", "352701")] == [MarkKind.KEBERATAN]
    assert f"Keberatan #{kid}" in model.tooltip("V.B", "352701")
    assert projector_cell(window, "V.B", ProjectorColumn.MANUAL).marks == "⚑"
    assert service.statuses("ppwp")["352701"] is KecamatanStatus.DITETAPKAN

    def fake_exec(dialog: CorrectionDialog) -> int:
        dialog.reason.setPlainText("dibaca ulang bersama saksi")
        index = dialog.keberatan.findData(kid)
        assert index >= 0
        dialog.keberatan.setCurrentIndex(index)
        dialog._accept()
        return int(dialog.result())

    monkeypatch.setattr(CorrectionDialog, "exec", fake_exec)
    window.correction_action.setChecked(True)
    window.jump_to("V.B", "352701")
    old = model.sheet.value("V.B", "352701") or 0
    type_into(qtbot, window.grid, str(old + 1))
    qtbot.waitUntil(lambda: MarkKind.KOREKSI in {m.kind for m in model.marks("V.B", "352701")}, timeout=2000)
    assert projector_cell(window, "V.B", ProjectorColumn.MANUAL).marks == "✎⚑"
