"""The setup wizard on real widgets and a real SQLite database: from an empty start to a main window showing the
kabupaten; bad files, the demo, the manual kabupaten entry, the wizard from the menu, and the first start of
``ui.app.run``. File dialogs are monkeypatched: no real modal dialog ever opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QWizard

import ui.setup_wizard as setup_wizard
from rekap_desktop.demo import build_reference, layout_tps, sampang_spec
from rekap_desktop.reference_files.formats import FORMATS, FileKind, template_path
from rekap_desktop.reference_files.write import write_reference_files
from rekap_desktop.services import RecapService
from rekap_desktop.setup import init_kabupaten, load_reference_files
from ui.main_window import MainWindow
from ui.setup_wizard import PAGE_DATABASE, PAGE_FILES, PAGE_KABUPATEN, PAGE_OFFICE, PAGE_STATUS, SetupWizard

TEMPLATES = [template_path(kind, ".csv") for kind in FORMATS]


class FileDialogs:
    """Stands in for QFileDialog's static methods: answers what the test says, records what was asked."""

    def __init__(self) -> None:
        self.open_files: list[str] = []
        self.folder = ""
        self.save = ""
        self.asked: list[str] = []

    def get_open_file_names(self, *args: object, **kwargs: object) -> tuple[list[str], str]:
        self.asked.append("open")
        return list(self.open_files), ""

    def get_existing_directory(self, *args: object, **kwargs: object) -> str:
        self.asked.append("folder")
        return self.folder

    def get_save_file_name(self, *args: object, **kwargs: object) -> tuple[str, str]:
        self.asked.append("save")
        return self.save, ""


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> FileDialogs:
    fake = FileDialogs()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(fake.get_open_file_names))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(fake.get_existing_directory))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake.get_save_file_name))
    return fake


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """QDesktopServices.openUrl recorded, never run (no spreadsheet program opens during tests)."""
    urls: list[str] = []

    def open_url(url: object) -> bool:
        urls.append(url.toLocalFile())  # type: ignore[attr-defined]
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return urls


@pytest.fixture
def ini(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def make_wizard(qtbot, **kwargs: object) -> SetupWizard:
    wizard = SetupWizard(**kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def choose_sampang(wizard: SetupWizard) -> None:
    page = wizard.kabupaten_page
    page.province.setCurrentIndex(page.province.findData("35"))
    page.kabupaten.setCurrentIndex(page.kabupaten.findData("3527"))


def finish(qtbot, wizard: SetupWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)


# ============================================================================================ the whole way
def test_empty_start_to_main_window_showing_the_kabupaten(qtbot, tmp_path: Path, dialogs: FileDialogs,
                                                          ini: QSettings) -> None:
    db = tmp_path / "kantor" / "rekap-sampang.sqlite"
    wizard = make_wizard(qtbot, target=db, actor="Operator Uji", demo_path=tmp_path / "demo.sqlite")

    # (a) the database: the target given on the command line is preselected; nothing exists yet
    page = wizard.database_page
    assert page is not None and wizard.currentId() == PAGE_DATABASE
    assert page.file_radio.isChecked() and page.file_edit.text() == str(db)
    assert not db.exists()
    wizard.next()
    assert wizard.currentId() == PAGE_KABUPATEN and db.exists()

    # (b) provinsi and kabupaten from the shipped lists
    kab = wizard.kabupaten_page
    assert not kab.isComplete()
    kab.province.setCurrentIndex(kab.province.findData("35"))
    assert kab.kabupaten.findData("3527") > 0 and "KOTA BATU" in [kab.kabupaten.itemText(i)[6:]
                                                                   for i in range(kab.kabupaten.count())]
    assert not kab.isComplete()
    kab.kabupaten.setCurrentIndex(kab.kabupaten.findData("3527"))
    assert kab.isComplete() and not kab.manual.isVisible()
    wizard.next()
    assert wizard.currentId() == PAGE_FILES
    assert wizard.service is not None
    stored = wizard.service.settings()
    assert (stored["kabupaten_kode"], stored["kabupaten_nama"], stored["provinsi_nama"]) == ("3527", "SAMPANG",
                                                                                             "JAWA TIMUR")

    # (c) one file per kind, each through its own button (the shipped templates describe a small Sampang)
    files = wizard.files_page
    assert files.stored_labels[FileKind.WILAYAH].text().endswith("belum ada</span>")
    for kind in FORMATS:
        dialogs.open_files = [str(template_path(kind, ".csv"))]
        qtbot.mouseClick(files.load_buttons[kind], Qt.MouseButton.LeftButton)
    report = files.report.toPlainText()
    assert report.count("DIMUAT") == len(FORMATS), report
    assert "DITOLAK" not in report and "catatan:" not in report
    assert [r.kind for r in files.results] == list(FORMATS)
    assert "2 kecamatan" in files.stored_labels[FileKind.WILAYAH].text()
    assert "3 paslon" in files.stored_labels[FileKind.PASLON].text()

    # (d) nothing critical missing: no confirmation needed
    wizard.next()
    status = wizard.status_page
    assert wizard.currentId() == PAGE_STATUS
    assert status.critical == [] and status.isComplete() and not status.confirm.isVisible()
    assert "Wilayah: 2 kecamatan" in status.view.toPlainText()

    # (e) office data, prefilled from the kantor file, changed here
    wizard.next()
    office = wizard.office_page
    assert wizard.currentId() == PAGE_OFFICE
    assert office.fields["kantor"].text() == "KOMISI PEMILIHAN UMUM KABUPATEN SAMPANG"
    assert office.anggota.toPlainText() == "NAMA ANGGOTA CONTOH SATU\nNAMA ANGGOTA CONTOH DUA"
    office.fields["ketua"].setText("DRS. KETUA UJI, M.Si.")
    office.anggota.setPlainText("ANGGOTA UJI SATU\nANGGOTA UJI DUA\n\n  ANGGOTA   UJI TIGA ")
    office.paper.setCurrentIndex(office.paper.findData("f4"))
    office.date_set.setChecked(True)
    office.date.setDate(QDate(2024, 2, 26))
    finish(qtbot, wizard)
    assert wizard.result() == QDialog.DialogCode.Accepted, office.error.text()
    assert wizard.target == db and not wizard.demo_chosen and wizard.modified
    assert wizard.service is None  # its own service is closed: the app opens the target

    service = RecapService.open(db, actor="operator")
    try:
        s = service.settings()
        assert s["ketua"] == "DRS. KETUA UJI, M.Si."
        assert s["anggota"] == "ANGGOTA UJI SATU|ANGGOTA UJI DUA|ANGGOTA UJI TIGA"
        assert (s["kertas"], s["tanggal_rapat"]) == ("f4", "2024-02-26")
        events = service.audit_events()
        changed = {e["payload"]["key"] for e in events if e["action"] == "setting.set"}
        assert changed == {"ketua", "anggota", "kertas", "tanggal_rapat"}
        assert {e["actor"] for e in events} == {"Operator Uji"}
        assert sum(e["action"] == "reference.apply" for e in events) == 1 + len(FORMATS)  # init + one per file

        window = MainWindow(service, settings=ini)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        assert "KABUPATEN SAMPANG" in window.windowTitle()
        keys = [c.key for c in service.contests()]
        assert keys and list(window.contests) == keys
        assert {"ppwp", "pdpr:3511", "pdpd", "pdprdp:3514", "pdprdk:352701", "pdprdk:352702"} == set(keys)
        for key in keys:
            assert window.navigator.item_for(key) is not None
        assert window.navigator.item_for("ppwp", "352701").text(0) == "SRESEH"
        assert window.navigator.item_for("ppwp", "352702").text(0) == "TORJUN"
        assert window.current_key == "ppwp"
        window.close()
    finally:
        service.close()


def test_demo_reference_files_from_a_folder_at_once(qtbot, tmp_path: Path, dialogs: FileDialogs) -> None:
    spec = sampang_spec()
    folder = tmp_path / "berkas-persiapan"
    write_reference_files(build_reference(spec, layout_tps(spec)), folder)
    wizard = make_wizard(qtbot, target=tmp_path / "rekap.sqlite", actor="Operator Uji")
    wizard.next()
    choose_sampang(wizard)
    wizard.next()
    dialogs.folder = str(folder)
    qtbot.mouseClick(wizard.files_page.folder_button, Qt.MouseButton.LeftButton)
    report = wizard.files_page.report.toPlainText()
    assert report.count("DIMUAT") == len(FORMATS) and "DITOLAK" not in report
    assert "14 kecamatan, 186 desa/kel., 2.726 TPS" in wizard.files_page.stored_labels[FileKind.WILAYAH].text()
    wizard.next()
    assert wizard.status_page.critical == [] and "14 kecamatan" in wizard.status_page.view.toPlainText()


# ============================================================================================ problems
def test_bad_file_shows_file_row_column_and_loads_nothing(qtbot, tmp_path: Path, dialogs: FileDialogs) -> None:
    wizard = make_wizard(qtbot, target=tmp_path / "rekap.sqlite", actor="Operator Uji")
    wizard.next()
    choose_sampang(wizard)
    wizard.next()
    assert wizard.service is not None
    before = len(wizard.service.audit_events())
    bad = tmp_path / "wilayah-salah.csv"
    bad.write_text("kode_wilayah,nama_wilayah,dpt\n352701,SRESEH,\n3527012001,NOREH,\n"
                   "3527012001001,TPS 001,\"12,5\"\n", encoding="utf-8")
    dialogs.open_files = [str(bad)]
    files = wizard.files_page
    qtbot.mouseClick(files.load_buttons[FileKind.WILAYAH], Qt.MouseButton.LeftButton)
    report = files.report.toPlainText()
    assert "DITOLAK" in report and "tidak ada yang diubah" in report
    assert "wilayah-salah.csv, baris 4, kolom C (dpt): DPT harus bilangan bulat tidak negatif, bukan '12,5'" in report
    assert 'color:#b00020' in files.report.toHtml().replace(" ", "").lower()
    assert len(wizard.service.audit_events()) == before  # nothing written
    assert files.stored_labels[FileKind.WILAYAH].text().endswith("belum ada</span>")

    # (d) critical items missing: cannot go on unless the operator confirms
    wizard.next()
    status = wizard.status_page
    assert any("kecamatan" in m for m in status.critical)
    assert not status.isComplete() and status.confirm.isVisible()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    status.confirm.setChecked(True)
    assert status.isComplete() and wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    assert wizard.currentId() == PAGE_OFFICE

    # (e) empty office fields: refused in the page until filled or "lengkapi nanti"
    office = wizard.office_page
    office.fields["ketua"].clear()
    finish(qtbot, wizard)
    assert wizard.isVisible() and "Belum diisi" in office.error.text() and "ketua" in office.error.text()
    office.fields["tempat"].setText("Aula | KPU")
    office.later.setChecked(True)
    finish(qtbot, wizard)
    assert wizard.isVisible() and "tanda '|'" in office.error.text()
    office.fields["tempat"].setText("Aula KPU Kabupaten Sampang")
    finish(qtbot, wizard)
    assert wizard.result() == QDialog.DialogCode.Accepted


def test_unreadable_file_and_wrong_kind_are_reported(qtbot, tmp_path: Path, dialogs: FileDialogs) -> None:
    wizard = make_wizard(qtbot, target=tmp_path / "rekap.sqlite")
    wizard.next()
    choose_sampang(wizard)
    wizard.next()
    files = wizard.files_page
    junk = tmp_path / "catatan.txt"
    junk.write_text("bukan data", encoding="utf-8")
    dialogs.open_files = [str(junk)]
    qtbot.mouseClick(files.many_button, Qt.MouseButton.LeftButton)
    assert "catatan.txt: jenis berkas tidak dikenal (.txt)" in files.report.toPlainText()
    dialogs.open_files = [str(template_path(FileKind.WILAYAH))]  # a wilayah file through the paslon button
    qtbot.mouseClick(files.load_buttons[FileKind.PASLON], Qt.MouseButton.LeftButton)
    text = files.report.toPlainText()
    assert "DIMUAT" in text and "catatan: berkas ini berisi wilayah" in text


def test_database_page_errors_stay_in_the_page(qtbot, tmp_path: Path) -> None:
    wizard = make_wizard(qtbot, target="postgresql+psycopg://tidak-ada@127.0.0.1:1/rekap", actor="Operator Uji")
    page = wizard.database_page
    assert page is not None and page.pg_radio.isChecked()
    wizard.next()
    assert wizard.currentId() == PAGE_DATABASE
    assert "tidak dapat dibuka" in page.error.text()
    page.pg_edit.setText("mysql://server/rekap")
    wizard.next()
    assert wizard.currentId() == PAGE_DATABASE and "URL PostgreSQL harus berbentuk" in page.error.text()
    not_a_db = tmp_path / "bukan.sqlite"
    not_a_db.write_bytes(b"ini bukan basis data SQLite, hanya teks biasa" * 100)
    page.file_radio.setChecked(True)
    page.file_edit.setText(str(not_a_db))
    wizard.next()
    assert wizard.currentId() == PAGE_DATABASE and "tidak dapat dibuka" in page.error.text()
    page.file_edit.setText(str(tmp_path))
    wizard.next()
    assert wizard.currentId() == PAGE_DATABASE and "adalah folder" in page.error.text()
    page.file_edit.setText(str(tmp_path / "rekap"))  # no suffix: .sqlite added
    wizard.next()
    assert wizard.currentId() == PAGE_KABUPATEN and (tmp_path / "rekap.sqlite").exists()


def test_manual_kabupaten_for_a_province_without_a_shipped_list(qtbot, tmp_path: Path) -> None:
    wizard = make_wizard(qtbot, target=tmp_path / "rekap.sqlite")
    wizard.next()
    page = wizard.kabupaten_page
    page.province.setCurrentIndex(page.province.findData("32"))  # Jawa Barat: not shipped
    assert page.kabupaten.count() == 1 and page.manual.isVisible() and "tidak dibawa" in page.manual_note.text()
    page.code.setText("3527")
    page.name.setText("BOGOR")
    wizard.next()
    assert wizard.currentId() == PAGE_KABUPATEN and "harus diawali 32" in page.error.text()
    page.code.setText("3201")
    page.name.clear()
    wizard.next()
    assert wizard.currentId() == PAGE_KABUPATEN and "Tulis nama" in page.error.text()
    page.name.setText("  bogor ")
    wizard.next()
    assert wizard.currentId() == PAGE_FILES
    assert wizard.service is not None and wizard.service.settings()["kabupaten_nama"] == "BOGOR"


def test_database_of_another_kabupaten_is_refused_in_the_page(qtbot, tmp_path: Path) -> None:
    db = tmp_path / "rekap.sqlite"
    other = RecapService.open(db)
    init_kabupaten(other, "3526")  # Bangkalan
    other.close()
    wizard = make_wizard(qtbot, target=db)
    wizard.next()
    page = wizard.kabupaten_page
    assert not page.province.isEnabled() and "3526 BANGKALAN" in page.note.text()
    assert page.kabupaten.currentData() == "3526"
    wizard.next()  # re-init with the same code only refreshes names
    assert wizard.currentId() == PAGE_FILES
    wizard.back()
    page.kabupaten.setCurrentIndex(page.kabupaten.findData("3527"))  # as if forced: the core refuses
    wizard.next()
    assert wizard.currentId() == PAGE_KABUPATEN and "sudah disiapkan untuk kabupaten/kota 3526" in page.error.text()


def test_template_copy_is_saved_and_opened(qtbot, tmp_path: Path, dialogs: FileDialogs, opened: list[str]) -> None:
    wizard = make_wizard(qtbot, target=tmp_path / "rekap.sqlite")
    wizard.next()
    choose_sampang(wizard)
    wizard.next()
    files = wizard.files_page
    dialogs.save = str(tmp_path / "isian" / "dapil-kantor.xlsx")
    (tmp_path / "isian").mkdir()
    qtbot.mouseClick(files.template_buttons[FileKind.DAPIL], Qt.MouseButton.LeftButton)
    copy = tmp_path / "isian" / "dapil-kantor.xlsx"
    assert copy.read_bytes() == template_path(FileKind.DAPIL, ".xlsx").read_bytes()
    assert opened == [str(copy)] and "disalin ke" in files.report.toPlainText()
    dialogs.save = str(tmp_path / "tidak-ada" / "calon.csv")  # folder missing: reported, nothing crashes
    qtbot.mouseClick(files.template_buttons[FileKind.CALON], Qt.MouseButton.LeftButton)
    assert "tidak dapat disimpan" in files.report.toPlainText() and len(opened) == 1


# ============================================================================================ the demo
def test_demo_button_builds_the_demo_in_a_thread_and_finishes(qtbot, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[Path] = []

    def small_demo(path: Path) -> None:  # the real one takes seconds; same contract: a complete file at path
        service = RecapService.open(path, actor="demo")
        init_kabupaten(service, "3527")
        load_reference_files(service, TEMPLATES)
        service.close()
        built.append(path)

    monkeypatch.setattr(setup_wizard, "create_demo", small_demo)
    demo = tmp_path / "demo-sampang.sqlite"
    wizard = make_wizard(qtbot, target=tmp_path / "rekap.sqlite", demo_path=demo)
    with qtbot.waitSignal(wizard.finished, timeout=20_000):
        qtbot.mouseClick(wizard.database_page.demo_button, Qt.MouseButton.LeftButton)  # type: ignore[union-attr]
    assert built == [demo]
    assert wizard.result() == QDialog.DialogCode.Accepted and wizard.demo_chosen and wizard.target == demo
    assert not (tmp_path / "rekap.sqlite").exists()  # the database page was never validated


def test_demo_failure_is_shown_and_the_wizard_stays(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(path: Path) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(setup_wizard, "create_demo", broken)
    wizard = make_wizard(qtbot, target=tmp_path / "rekap.sqlite", demo_path=tmp_path / "demo.sqlite")
    page = wizard.database_page
    assert page is not None
    qtbot.mouseClick(page.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.error.text()), timeout=20_000)
    assert "Data demo tidak dapat dibuat: disk penuh" in page.error.text()
    assert wizard.isVisible() and not wizard.busy and page.demo_button.isEnabled()


# ============================================================================================ from the menu
def test_menu_wizard_on_the_open_database_then_navigator_rebuilt(qtbot, tmp_path: Path, dialogs: FileDialogs,
                                                                 ini: QSettings,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    service = RecapService.open(tmp_path / "kosong.sqlite", actor="Operator Uji")
    window = MainWindow(service, settings=ini)
    qtbot.addWidget(window)
    window.show()
    assert window.contests == {} and window.projector is None and "Siapkan kabupaten/kota" in window.title.text()
    seen: list[int] = []

    def drive(wizard: SetupWizard) -> int:
        assert wizard.database_page is None and wizard.service is service
        wizard.show()
        seen.append(wizard.currentId())
        choose_sampang(wizard)
        wizard.next()
        dialogs.open_files = [str(p) for p in TEMPLATES]
        qtbot.mouseClick(wizard.files_page.many_button, Qt.MouseButton.LeftButton)
        wizard.next()
        wizard.next()
        finish(qtbot, wizard)
        return int(wizard.result())

    monkeypatch.setattr(SetupWizard, "exec", drive)
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if "kabupaten/kota" in a.text())
    action.trigger()
    assert seen == [PAGE_KABUPATEN]
    assert service.url.endswith("kosong.sqlite") and service.contests()  # still open: the wizard did not close it
    assert "KABUPATEN SAMPANG" in window.windowTitle()
    assert set(window.contests) == {c.key for c in service.contests()}
    assert window.navigator.item_for("pdprdk:352702", "352702").text(0) == "TORJUN"
    assert window.current_key == "ppwp" and window.projector is not None and window.keberatan is not None
    window.close()
    service.close()


# ============================================================================================ ui.app
def test_first_start_cancelled_exits_0_without_a_database(qtbot, tmp_path: Path, ini: QSettings, capsys,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import app

    asked: list[tuple[object, str]] = []

    def cancel(wizard: SetupWizard) -> int:
        asked.append((wizard.target, wizard.actor))
        wizard.reject()
        return int(QDialog.DialogCode.Rejected)

    from ui.operator_dialog import OperatorDialog

    offered: list[str] = []

    def confirm(dialog: OperatorDialog) -> int:  # the session starts by naming the operator, remembered name offered
        offered.append(dialog.name())
        dialog._accept()
        return int(dialog.result())

    ini.setValue("operator/name", "Nama Dari Pengaturan")
    monkeypatch.setattr(SetupWizard, "exec", cancel)
    monkeypatch.setattr(OperatorDialog, "exec", confirm)
    db = tmp_path / "belum-ada.sqlite"
    assert app.run(db=str(db), settings=ini) == 0
    assert offered == ["Nama Dari Pengaturan"]
    assert asked == [(str(db), "Nama Dari Pengaturan")]
    assert not db.exists()
    assert "Persiapan dibatalkan" in capsys.readouterr().err


def test_first_start_with_a_database_without_contests_opens_the_wizard(qtbot, tmp_path: Path, ini: QSettings,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import app

    db = tmp_path / "kosong.sqlite"
    RecapService.open(db).close()
    asked: list[object] = []

    def cancel(wizard: SetupWizard) -> int:
        asked.append(wizard.target)
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(SetupWizard, "exec", cancel)
    assert app.run(db=str(db), operator="Operator CLI", settings=ini) == 0
    assert asked == [str(db)]


def test_existing_demo_file_is_opened_without_building(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    demo = tmp_path / "demo.sqlite"
    service = RecapService.open(demo)
    init_kabupaten(service, "3527")
    service.close()
    monkeypatch.setattr(setup_wizard, "create_demo", lambda path: pytest.fail("demo rebuilt"))
    wizard = make_wizard(qtbot, demo_path=demo)
    wizard.start_demo()
    assert wizard.result() == QDialog.DialogCode.Accepted and wizard.target == demo and wizard.demo_chosen


def test_office_data_from_a_kantor_file_and_an_empty_folder(qtbot, tmp_path: Path, dialogs: FileDialogs) -> None:
    wizard = make_wizard(qtbot, target=tmp_path / "rekap.sqlite")
    wizard.next()
    choose_sampang(wizard)
    wizard.next()
    empty = tmp_path / "kosong"
    empty.mkdir()
    dialogs.folder = str(empty)
    qtbot.mouseClick(wizard.files_page.folder_button, Qt.MouseButton.LeftButton)
    assert "Tidak ada berkas persiapan" in wizard.files_page.report.toPlainText()
    wizard.next()
    wizard.status_page.confirm.setChecked(True)
    wizard.next()
    office = wizard.office_page
    assert office.fields["ketua"].text() == "" and office.fields["kantor"].text().endswith("KABUPATEN SAMPANG")
    dialogs.open_files = [str(template_path(FileKind.KANTOR, ".xlsx"))]
    qtbot.mouseClick(office.file_button, Qt.MouseButton.LeftButton)
    assert "DIMUAT" in office.file_report.text()
    assert office.fields["ketua"].text() == "NAMA KETUA CONTOH, S.H."
    assert office.anggota.toPlainText().splitlines() == ["NAMA ANGGOTA CONTOH SATU", "NAMA ANGGOTA CONTOH DUA"]
    assert office.date_set.isChecked() and office.date.date() == QDate(2024, 2, 20)
    finish(qtbot, wizard)
    assert wizard.result() == QDialog.DialogCode.Accepted
