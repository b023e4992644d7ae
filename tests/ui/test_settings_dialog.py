"""The settings dialog on a real SQLite database and a temporary INI QSettings (never the user's settings):
audited database settings carrying the operator named in the same dialog, projector choices, live application
from the main window, and a failed write that keeps nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from rekap_desktop.reference_files.formats import FORMATS, template_path
from rekap_desktop.services import RecapService, StorageError
from rekap_desktop.setup import init_kabupaten, load_reference_files
from ui.main_window import MainWindow
from ui.settings_dialog import KEY_OPERATOR, SettingsDialog, operator_name


@pytest.fixture
def ini(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def service(tmp_path: Path):
    svc = RecapService.open(tmp_path / "rekap.sqlite", actor="Operator Pagi")
    init_kabupaten(svc, "3527")
    yield svc
    svc.close()


def make_dialog(qtbot, service: RecapService, ini: QSettings) -> SettingsDialog:
    dialog = SettingsDialog(service, ini)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def save(dialog: SettingsDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_an_empty_operator_name_is_refused(qtbot, service, ini) -> None:
    dialog = make_dialog(qtbot, service, ini)
    dialog.operator.setText("   ")
    save(dialog)
    assert dialog.isVisible() and "wajib" in dialog.error.text() and service.actor == "Operator Pagi"


def test_paper_f4_is_audited_under_the_operator_named_in_the_same_dialog(qtbot, service, ini) -> None:
    dialog = make_dialog(qtbot, service, ini)
    assert dialog.paper.currentData() == "a4" and dialog.operator.text() == "Operator Pagi"  # the session's name
    dialog.operator.setText("  Siti   Rahma  ")
    dialog.paper.setCurrentIndex(dialog.paper.findData("f4"))
    save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert service.settings()["kertas"] == "f4"
    event = service.audit_events(1)[0]
    assert (event["action"], event["payload"]["key"], event["payload"]["old"], event["payload"]["new"],
            event["actor"]) == ("setting.set", "kertas", None, "f4", "Siti Rahma")
    assert service.actor == "Siti Rahma"
    assert ini.value(KEY_OPERATOR) == "Siti Rahma" and operator_name(ini) == "Siti Rahma"
    assert not dialog.tolerance_changed


def test_projector_theme_and_screen_go_to_qsettings_not_the_database(qtbot, service, ini) -> None:
    before = len(service.audit_events())
    dialog = make_dialog(qtbot, service, ini)
    assert dialog.theme.currentData() == "terang"
    names = [s.name() for s in QGuiApplication.screens()]
    assert [dialog.screen_choice.itemData(i) for i in range(dialog.screen_choice.count())] == ["", *names]
    dialog.theme.setCurrentIndex(dialog.theme.findData("gelap"))
    dialog.screen_choice.setCurrentIndex(1)
    save(dialog)
    assert (ini.value("projector/theme"), ini.value("projector/screen")) == ("gelap", names[0])
    assert len(service.audit_events()) == before  # nothing of the database changed: no event
    again = make_dialog(qtbot, service, ini)
    assert (again.theme_name(), again.screen_name()) == ("gelap", names[0])


def test_remembered_screen_that_is_not_connected_stays_listed(qtbot, service, ini) -> None:
    ini.setValue("projector/screen", "HDMI-2")
    dialog = make_dialog(qtbot, service, ini)
    assert dialog.screen_name() == "HDMI-2" and "tidak tersambung" in dialog.screen_choice.currentText()


def test_tolerance_is_stored_and_flagged(qtbot, service, ini) -> None:
    dialog = make_dialog(qtbot, service, ini)
    dialog.tolerance.setValue(5)
    save(dialog)
    assert service.settings()["toleransi_sirekap"] == "5" and dialog.tolerance_changed
    assert service.audit_events(1)[0]["actor"] == "Operator Pagi"  # the name of the session


def test_failed_write_keeps_the_dialog_open_and_changes_nothing(qtbot, service, ini,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(key: str, value: str) -> None:
        raise StorageError("Perubahan TIDAK tersimpan: disk penuh.")

    monkeypatch.setattr(service, "set_setting", full_disk)
    dialog = make_dialog(qtbot, service, ini)
    dialog.operator.setText("Budi")
    dialog.paper.setCurrentIndex(dialog.paper.findData("f4"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("gelap"))
    save(dialog)
    assert dialog.isVisible() and "disk penuh" in dialog.error.text()
    assert service.actor == "Operator Pagi" and ini.value(KEY_OPERATOR) is None
    assert ini.value("projector/theme") is None


def test_main_window_applies_settings_live(qtbot, service, ini, monkeypatch: pytest.MonkeyPatch) -> None:
    load_reference_files(service, [template_path(kind, ".csv") for kind in FORMATS])
    window = MainWindow(service, settings=ini)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.projector is not None and window.projector.theme().name == "terang"
    position = (window.current_key, window.current_kecamatan)

    def choose(dialog: SettingsDialog) -> int:
        dialog.operator.setText("Operator Malam")
        dialog.theme.setCurrentIndex(dialog.theme.findData("gelap"))
        dialog.tolerance.setValue(3)
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(SettingsDialog, "exec", choose)
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&Pengaturan…")
    action.trigger()
    assert window.projector.theme().name == "gelap"
    assert service.actor == "Operator Malam"
    assert (window.current_key, window.current_kecamatan) == position
    assert window.models[window.current_key].sheet.tolerance == 3  # sheets reloaded with the new tolerance
    assert window.projector.view().model().sourceModel() is window.models[window.current_key]  # not a stale one
    window.close()
