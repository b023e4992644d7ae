"""The berita acara dialog on the real widgets and the demo database: attendance, completeness, preview, save, print.

No real modal dialog is opened: QFileDialog / QPrintDialog / QMessageBox are replaced where the code would ask.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPageLayout, QWheelEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

import ui.berita_acara_dialog as module
import ui.pdf_preview as preview_module
from rekap_desktop.demo import create_demo
from rekap_desktop.documents import issues
from rekap_desktop.open_items import open_items
from rekap_desktop.services import Attendee, KecamatanStatus, RecapService, StorageError, ValidationError
from reports.contest_data import peserta_labels
from reports.signing import verify_pdf_signature
from tests.reports.conftest import SigningCertificate, signing_certificate  # noqa: F401 - fixture
from ui.berita_acara_dialog import BeritaAcaraDialog, default_file_name

REASON = "tidak sepakat dengan angka Kec. Omben yang belum dikoreksi"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("berita-acara-demo") / "demo.sqlite"
    create_demo(path)
    return path


@pytest.fixture
def service(demo_db: Path, tmp_path: Path) -> Iterator[RecapService]:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_db, copy)
    svc = RecapService.open(copy)
    yield svc
    svc.close()


@pytest.fixture
def dialog(qtbot, service: RecapService) -> Iterator[BeritaAcaraDialog]:
    d = BeritaAcaraDialog(service, "ppwp")
    qtbot.addWidget(d)
    yield d
    d.cleanup()


def pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", re.sub(r"-\s*\n\s*", "", text))


def shown(label) -> bool:
    return not label.isHidden() and bool(label.text())


def audit_count(service: RecapService) -> int:
    return len(service.audit_events(limit=100_000))


def refuse(qtbot, row, reason: str | None) -> None:
    row.signing.setCurrentIndex(row.signing.findText(module.MENOLAK))
    row.reason.clear()
    if reason:
        qtbot.keyClicks(row.reason, reason)


# ------------------------------------------------------------------------------------------------ attendance
def test_prefilled_from_the_stored_attendance(dialog: BeritaAcaraDialog, service: RecapService) -> None:
    assert dialog.current_contest().key == "ppwp"
    assert dialog.paper() == "a4"  # office setting "kertas"
    assert dialog.row("ketua").name.text() == "KETUA CONTOH, S.H."
    first = dialog.saksi_row("Pasangan Calon 01")
    assert first.name.text() == "SAKSI CONTOH 01" and first.refuses
    assert "Torjun" in first.reason.text() and first.reason.isEnabled()
    assert not dialog.saksi_row("Pasangan Calon 02").reason.isEnabled()
    assert dialog.row("bawaslu").name.text() == "PENGAWAS CONTOH"
    assert dialog.attendance_from_form() == service.attendance("ppwp")  # nothing lost on a round trip
    assert not dialog.is_dirty


def test_prefilled_from_the_office_settings_when_nothing_is_stored(
    qtbot, service: RecapService
) -> None:
    service.set_setting("kertas", "f4")
    d = BeritaAcaraDialog(service, "pdpr:3511")
    qtbot.addWidget(d)
    contest = d.current_contest()
    assert contest.key == "pdpr:3511" and d.paper() == "f4"
    assert d.row("ketua").name.text() == "KETUA CONTOH, S.H."
    assert [r.name.text() for r in d.rows if r.role == "anggota"] == [
        "ANGGOTA CONTOH SATU", "ANGGOTA CONTOH DUA", "ANGGOTA CONTOH TIGA", "ANGGOTA CONTOH EMPAT"]
    saksi = [r for r in d.rows if r.role == "saksi"]
    assert [r.peserta for r in saksi] == peserta_labels(contest)
    assert all(not r.present and not r.name.text() for r in saksi)
    qtbot.keyClicks(saksi[0].name, "AHMAD")  # typing a name marks the saksi present
    assert saksi[0].present and d.is_dirty
    saksi[0].name.clear()
    qtbot.keyClicks(saksi[0].name, " ")  # and clearing it again marks them absent
    assert not saksi[0].present
    d.cleanup()


def test_refusal_without_reason_is_refused_and_nothing_is_stored(
    qtbot, dialog: BeritaAcaraDialog, service: RecapService
) -> None:
    before, events = service.attendance("ppwp"), audit_count(service)
    row = dialog.saksi_row("Pasangan Calon 02")
    refuse(qtbot, row, None)
    assert row.reason.isEnabled() and dialog.is_dirty
    with qtbot.assertNotEmitted(dialog.attendance_saved):
        qtbot.mouseClick(dialog.save_attendance_button, Qt.MouseButton.LeftButton)
    assert shown(dialog.message)
    assert "TIDAK disimpan" in dialog.message.text()
    assert "Pasangan Calon 02 (SAKSI CONTOH 02) menolak menandatangani: alasan wajib diisi" in dialog.message.text()
    assert "b00020" in row.reason.styleSheet()  # the field is marked
    assert service.attendance("ppwp") == before and audit_count(service) == events
    assert dialog.is_dirty  # what was typed is still there

    row.presence.setCurrentIndex(0)
    row.name.clear()  # present without a name
    refuse(qtbot, row, "x")
    qtbot.mouseClick(dialog.save_attendance_button, Qt.MouseButton.LeftButton)
    assert "nama wajib diisi" in dialog.message.text()
    assert service.attendance("ppwp") == before


def test_refusal_with_reason_is_stored_as_typed(qtbot, service: RecapService) -> None:
    d = BeritaAcaraDialog(service, "pdpr:3511")
    qtbot.addWidget(d)
    contest = d.current_contest()
    labels = peserta_labels(contest)
    typed = {labels[0]: "SAKSI SATU", labels[1]: "SAKSI DUA", labels[4]: "SAKSI LIMA"}
    for label, name in typed.items():
        qtbot.keyClicks(d.saksi_row(label).name, name)
    refuse(qtbot, d.saksi_row(labels[1]), REASON)
    qtbot.keyClicks(d.row("bawaslu").name, "PENGAWAS SATU")
    events = audit_count(service)
    with qtbot.waitSignal(d.attendance_saved, timeout=5000) as saved:
        qtbot.mouseClick(d.save_attendance_button, Qt.MouseButton.LeftButton)
    assert saved.args == ["pdpr:3511"]
    settings = service.settings()
    expected = [Attendee("ketua", settings["ketua"])]
    expected += [Attendee("anggota", n) for n in settings["anggota"].split("|")]
    for label in labels:
        name = typed.get(label, "")
        refused = label == labels[1]
        expected.append(Attendee("saksi", name, label, bool(name), bool(name) and not refused,
                                 REASON if refused else ""))
    expected.append(Attendee("bawaslu", "PENGAWAS SATU"))
    assert service.attendance("pdpr:3511") == expected
    assert audit_count(service) == events + 1 + len(expected)  # one clear + one event per line, one transaction
    assert not d.is_dirty and "disimpan" in d.message.text()
    assert d.saksi_row(labels[1]).reason.text() == REASON  # reloaded from the database
    assert d.suggested_copies() == 1 + 3 + 1
    d.cleanup()


@pytest.mark.parametrize("error", [
    StorageError("Perubahan TIDAK tersimpan: basis data sedang dikunci oleh proses lain."),
    ValidationError("satu peserta hanya satu saksi: Pasangan Calon 01"),
])
def test_service_errors_are_shown_in_the_dialog(
    qtbot, dialog: BeritaAcaraDialog, monkeypatch: pytest.MonkeyPatch, error: StorageError
) -> None:
    def fail(key: str, people: object) -> None:
        raise error

    monkeypatch.setattr(dialog.service, "set_attendance", fail)
    qtbot.keyClicks(dialog.saksi_row("Pasangan Calon 03").name, " JR")
    assert dialog.save_attendance() is False
    assert str(error) in dialog.message.text() and "TIDAK disimpan" in dialog.message.text()
    assert dialog.is_dirty
    assert dialog.render_preview() is None  # the document is not made from a list that could not be stored
    dialog._dirty = False


def test_unsaved_attendance_when_switching_contest(
    qtbot, dialog: BeritaAcaraDialog, service: RecapService, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = service.attendance("ppwp")
    qtbot.keyClicks(dialog.saksi_row("Pasangan Calon 03").name, " JR")
    monkeypatch.setattr(dialog, "_ask_unsaved", lambda: QMessageBox.StandardButton.Cancel)
    assert dialog.set_contest("pdpd") is False
    assert dialog.current_contest().key == "ppwp" and dialog.is_dirty
    monkeypatch.setattr(dialog, "_ask_unsaved", lambda: QMessageBox.StandardButton.Discard)
    assert dialog.set_contest("pdpd") is True
    assert service.attendance("ppwp") == before
    assert len([r for r in dialog.rows if r.role == "saksi"]) == 20  # one per DPD candidate
    qtbot.keyClicks(dialog.row("bawaslu").name, "PENGAWAS DPD")
    monkeypatch.setattr(dialog, "_ask_unsaved", lambda: QMessageBox.StandardButton.Save)
    assert dialog.set_contest("ppwp") is True
    assert service.attendance("pdpd")[-1] == Attendee("bawaslu", "PENGAWAS DPD")


# ------------------------------------------------------------------------------------------------ open items
def test_what_is_open_is_listed_by_name_and_never_all_is_well(
    dialog: BeritaAcaraDialog, service: RecapService
) -> None:
    found = open_items(service, service.contest("ppwp"))
    assert not found.closed  # the demo leaves the last kecamatan open, with errors and open keberatan
    text = dialog.completeness_label.text()
    assert "BELUM selesai" in text and "bertanda DRAF" in text
    for line in found.lines():
        assert line in text
    assert "28 isian kosong: JRENGIK (28)" in text
    assert "R1 di TORJUN baris I.B.4.L" in text and "#1 TORJUN" in text
    assert "fff4ce" in dialog.completeness_label.styleSheet()  # warning style
    dialog.set_contest("pdpr:3511")  # every cell filled, but error findings and nothing ditetapkan
    text = dialog.completeness_label.text()
    assert "BELUM selesai" in text and "isian kosong" not in text and "R11 di CAMPLONG" in text
    assert "✓" not in text and "Semua isian lengkap" not in text
    assert dialog.open_items is not None and not dialog.open_items.closed


def test_a_closed_contest_is_said_to_be_final(qtbot, service: RecapService) -> None:
    for kec in service.contest("pdprdk:352701").kecamatan_codes:
        service.set_status("pdprdk:352701", kec, KecamatanStatus.DITETAPKAN)
    d = BeritaAcaraDialog(service, "pdprdk:352701")
    qtbot.addWidget(d)
    assert d.open_items is not None and d.open_items.closed
    assert "selesai" in d.completeness_label.text() and "tanpa tanda DRAF" in d.completeness_label.text()
    assert "e6f4ea" in d.completeness_label.styleSheet()
    result = d.render_preview()
    assert result is not None and "final" in d.document_info.text()
    assert "DRAF" not in pdf_text(d.preview_pdf)
    d.cleanup()


# ------------------------------------------------------------------------------------------------ preview
def test_preview_renders_every_page(qtbot, dialog: BeritaAcaraDialog) -> None:
    result = dialog.render_preview()
    assert result is not None and dialog.preview_pdf is not None
    n = len(PdfReader(dialog.preview_pdf).pages)
    assert n == result.page_count == dialog.preview.page_count and n > 1
    assert dialog.preview.page_label.text() == f"Halaman 1 dari {n}"
    assert not dialog.preview.image_label.pixmap().isNull()
    first = dialog.preview.page_image(0)
    assert first.width() > first.height()  # landscape
    qtbot.mouseClick(dialog.preview.next_button, Qt.MouseButton.LeftButton)
    assert dialog.preview.page_label.text() == f"Halaman 2 dari {n}"
    dialog.preview.show_page(n + 5)
    assert dialog.preview.current_page == n - 1 and not dialog.preview.next_button.isEnabled()
    info = dialog.document_info.text()
    assert result.document_id in info and result.data_sha256 in info and f"{n} halaman" in info
    assert "DRAF" in info and "pratinjau, belum terdaftar" in info
    assert issues(dialog.service) == []  # a preview is not an issued document
    old = dialog.preview_pdf
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData("f4"))
    assert dialog.preview.page_count == 0  # stale preview is dropped
    f4 = dialog.render_preview()
    assert f4 is not None and round(f4.page_size[1]) == 609 and not old.exists()
    folder = dialog.preview_pdf.parent
    dialog.done(QDialog.DialogCode.Rejected)
    assert not folder.exists()  # temporary files removed when the dialog closes


def test_without_a_rasterizer_the_pdf_is_offered_to_the_system_viewer(
    qtbot, dialog: BeritaAcaraDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(preview_module, "find_pdftoppm", lambda: None)
    monkeypatch.setattr(preview_module, "qtpdf_available", lambda: False)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    result = dialog.render_preview()
    assert result is not None and dialog.preview.page_count == 0
    assert "pdftoppm" in dialog.preview.image_label.text()
    assert not dialog.preview.open_button.isHidden()
    qtbot.mouseClick(dialog.preview.open_button, Qt.MouseButton.LeftButton)
    assert [u.toLocalFile() for u in opened] == [str(dialog.preview_pdf)]
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "x.pdf"))
    assert dialog.print_to(printer) == 0
    assert "penampil PDF" in dialog.message.text()
    assert dialog.print_document() == 0


def test_the_preview_can_be_zoomed(qtbot, dialog: BeritaAcaraDialog) -> None:
    dialog.resize(1200, 800)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.render_preview() is not None
    preview = dialog.preview
    assert preview.fit_width.isChecked() and preview.zoom_label.text() == "lebar"
    fitted = preview.image_label.pixmap().width()
    preview.set_zoom(2.0)
    assert not preview.fit_width.isChecked() and preview.zoom_label.text() == "200%"
    big = preview.image_label.pixmap().width()
    qtbot.mouseClick(preview.zoom_out_button, Qt.MouseButton.LeftButton)
    assert preview.zoom == 1.5 and preview.image_label.pixmap().width() < big
    preview.set_zoom(10)
    assert preview.zoom == 3.0  # clamped
    viewport = preview.scroll.viewport()
    wheel = QWheelEvent(QPointF(20, 20), viewport.mapToGlobal(QPointF(20, 20)), QPoint(), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(viewport, wheel)  # Ctrl+wheel down: one step smaller
    assert preview.zoom == 2.0
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    preview.scroll.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert preview.fit_width.isChecked() and abs(preview.image_label.pixmap().width() - fitted) < 30  # scrollbar


# ------------------------------------------------------------------------------------------------ save
def test_save_writes_the_refusal_and_its_reason(
    qtbot, dialog: BeritaAcaraDialog, service: RecapService, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    asked: list[str] = []
    target = tmp_path / "berita-acara"

    def choose(parent, caption, directory, filters):
        asked.append(directory)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    refuse(qtbot, dialog.saksi_row("Pasangan Calon 02"), REASON)  # not saved yet: saving the PDF stores it first
    with qtbot.waitSignal(dialog.document_saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    out = target.with_name("berita-acara.pdf")
    assert saved.args == [str(out)] and out.exists()
    assert asked[0].endswith("D.HASIL-KABKO-PPWP-SAMPANG.pdf")
    [issue] = issues(service)
    assert issue.file_sha256 == hashlib.sha256(out.read_bytes()).hexdigest() and issue.purpose.value == "disimpan"
    assert issue.draft and issue.document_id in dialog.message.text() and "register dokumen" in dialog.message.text()
    text = pdf_text(out)
    assert "SAKSI CONTOH 02" in text and "menolak menandatangani" in text
    assert REASON in text  # the closing page lists every reason in full
    stored = {p.peserta: p for p in service.attendance("ppwp") if p.role == "saksi"}
    assert stored["Pasangan Calon 02"].refusal_reason == REASON and not stored["Pasangan Calon 02"].signs
    assert "disimpan" in dialog.message.text()


@pytest.mark.parametrize("case", ["missing folder", "path is a folder"])
def test_unwritable_save_path_gives_a_message_and_no_file(
    qtbot, dialog: BeritaAcaraDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, case: str
) -> None:
    if case == "missing folder":
        target = tmp_path / "tidak-ada" / "ba.pdf"
    else:
        target = tmp_path / "ba.pdf"
        target.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(target), "")))
    with qtbot.assertNotEmitted(dialog.document_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    message = dialog.message.text()
    assert "PDF tidak dapat ditulis" in message and "Tidak ada berkas yang ditulis" in message
    assert "e0a3a3" in dialog.message.styleSheet()  # error style
    assert not target.is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary leftovers
    assert issues(dialog.service) == []  # nothing registered


def test_save_signed_with_the_office_certificate(
    qtbot, dialog: BeritaAcaraDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    signing_certificate: SigningCertificate,  # noqa: F811
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a: (str(signing_certificate.p12_path), "")))
    assert not dialog.cert_button.isEnabled()  # the signature is off until the box is ticked
    dialog.sign_box.setChecked(True)
    qtbot.mouseClick(dialog.cert_button, Qt.MouseButton.LeftButton)
    assert dialog.cert_path.text() == str(signing_certificate.p12_path)
    dialog.cert_password.setText("salah")
    bad = tmp_path / "salah.pdf"
    assert dialog.save_pdf(bad) is None
    assert "Tanda tangan elektronik gagal" in dialog.message.text() and "kata sandi" in dialog.message.text()
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*")) == []
    dialog.cert_password.setText(signing_certificate.passphrase.decode())
    good = tmp_path / "bertanda-tangan.pdf"
    assert dialog.save_pdf(good) == good
    status = verify_pdf_signature(good)
    assert status.signed and status.intact
    assert "bertanda tangan elektronik" in dialog.message.text()
    assert list(tmp_path.glob(".*")) == []


def test_the_kejadian_khusus_form_from_the_dialog(dialog: BeritaAcaraDialog, tmp_path: Path) -> None:
    assert dialog.set_kind(module.DocumentKind.KEJADIAN_KHUSUS)
    assert dialog.default_save_path().name == "D.KEJADIAN-KHUSUS-PPWP-SAMPANG.pdf"
    result = dialog.render_preview()
    assert result is not None and "DKK-3527-PPWP-V1" in dialog.document_info.text()
    out = tmp_path / "kk.pdf"
    assert dialog.save_pdf(out) == out
    [issue] = issues(dialog.service)
    assert issue.document_id == "DKK-3527-PPWP-V1" and issue.kind is module.DocumentKind.KEJADIAN_KHUSUS
    assert "#1" in pdf_text(out) and "Belum diputus" in pdf_text(out)


def test_the_sirekap_working_paper_from_the_dialog(dialog: BeritaAcaraDialog, tmp_path: Path) -> None:
    assert dialog.set_kind(module.DocumentKind.PEMBANDING_SIREKAP)
    assert not dialog.sign_box.isEnabled()  # a working paper is not signed
    assert dialog.default_save_path().name == "PEMBANDING-SIREKAP-PPWP-SAMPANG.pdf"
    out = tmp_path / "pembanding.pdf"
    assert dialog.save_pdf(out) == out
    text = pdf_text(out)
    assert "KERTAS KERJA · BUKAN BAGIAN DARI BERITA ACARA" in text and "NAMA DAN TANDA TANGAN" not in text
    assert [i.document_id for i in issues(dialog.service)] == ["PBS-3527-PPWP-V1"]
    dialog.set_kind(module.DocumentKind.BERITA_ACARA)
    assert dialog.sign_box.isEnabled()


def test_the_first_save_goes_to_the_documents_folder(dialog: BeritaAcaraDialog, monkeypatch) -> None:
    monkeypatch.setattr(BeritaAcaraDialog, "_last_dir", "")
    documents = module.QStandardPaths.writableLocation(module.QStandardPaths.StandardLocation.DocumentsLocation)
    assert documents and dialog.default_save_path().parent == Path(documents)
    dialog.set_kind(module.DocumentKind.BERITA_ACARA)
    assert dialog.default_save_path().name == "D.HASIL-KABKO-PPWP-SAMPANG.pdf"


def test_default_file_names(service: RecapService) -> None:
    names = {c.key: default_file_name(c, "SAMPANG") for c in service.contests()}
    assert names["ppwp"] == "D.HASIL-KABKO-PPWP-SAMPANG.pdf"
    assert names["pdpr:3511"] == "D.HASIL-KABKO-DPR-DAPIL-3511-SAMPANG.pdf"
    assert names["pdprdk:352701"] == "D.HASIL-KABKO-DPRD-KAB-KOTA-DAPIL-352701-SAMPANG.pdf"
    assert len(set(names.values())) == len(names)


# ------------------------------------------------------------------------------------------------ print
@pytest.mark.parametrize(("copies", "page_range", "factor"), [(1, None, 1), (2, None, 2), (1, (2, 3), None)])
def test_print_to_a_pdf_printer(
    dialog: BeritaAcaraDialog, tmp_path: Path, copies: int, page_range: tuple[int, int] | None, factor: int | None
) -> None:
    result = dialog.render_preview()
    assert result is not None
    n = dialog.preview.page_count
    out = tmp_path / "cetak.pdf"
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    dialog.prepare_printer(printer)
    assert printer.copyCount() == dialog.suggested_copies() == 5  # 1 + 3 saksi present + Bawaslu
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape
    printer.setCopyCount(copies)
    if page_range:
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(*page_range)
    with_pages = dialog.print_to(printer)
    expected = n * factor if factor else page_range[1] - page_range[0] + 1
    assert with_pages == expected
    reader = PdfReader(out)
    assert len(reader.pages) == expected
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    [issue] = issues(dialog.service)  # what went to the printer is registered as printed
    assert issue.purpose.value == "dicetak" and issue.page_count == n and "dicetak" in dialog.message.text()


def test_print_document_goes_through_the_print_dialog(
    dialog: BeritaAcaraDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "cetak.pdf"
    seen: dict[str, object] = {}

    class FakePrintDialog:
        def __init__(self, printer: QPrinter, parent: object) -> None:
            self.printer = printer

        def setWindowTitle(self, title: str) -> None: ...

        def setMinMax(self, low: int, high: int) -> None:
            seen["max"] = high

        def setOption(self, *args: object) -> None: ...

        def exec(self) -> QDialog.DialogCode:
            seen["copies"] = self.printer.copyCount()
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(out))
            self.printer.setResolution(150)
            self.printer.setCopyCount(1)
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(module, "QPrintDialog", FakePrintDialog)
    sheets = dialog.print_document()
    assert seen == {"max": dialog.preview.page_count, "copies": 5}
    assert sheets == dialog.preview.page_count == len(PdfReader(out).pages)
