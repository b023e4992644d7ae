"""Preview, save (optionally signed) and print of the documents dialog (:mod:`ui.berita_acara_dialog`), and the
messages each of them ends with.

Every one of them first stores pending attendance, then makes the document with
:func:`reports.issue.issue_document` (the same path as the command line): a saved or printed document is registered
with its version in the document register, the preview is not. Printing paints page images at the printer's
resolution (:mod:`ui.pdf_preview` rasterises them).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSizeF, QUrl
from PySide6.QtGui import QDesktopServices, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget
from sqlalchemy.exc import SQLAlchemyError

from rekap_desktop.contest import Contest
from rekap_desktop.documents import DocumentKind, Purpose, StaleIssue
from rekap_desktop.os_errors import os_reason
from rekap_desktop.services import StorageError
from reports.berita_acara import RenderResult
from reports.issue import IssuedDocument, document_file_name, issue_document
from ui.berita_acara_messages import read_error, write_error
from ui.pdf_preview import RasterError, busy

if TYPE_CHECKING:
    from ui.berita_acara_dialog import BeritaAcaraDialog

PRINT_DPI_MIN, PRINT_DPI_MAX = 150, 300


def default_file_name(contest: Contest, kabupaten: str, settings: dict[str, str] | None = None,
                      kind: DocumentKind = DocumentKind.BERITA_ACARA) -> str:
    """e.g. ``D.HASIL-KABKO-PPWP-SAMPANG.pdf`` (:func:`reports.issue.document_file_name`)."""
    return document_file_name(kind, contest, {**(settings or {}), "kabupaten_nama": kabupaten})


class ActionBar(QWidget):
    """The buttons under the panes («Pratinjau», «Simpan PDF…», «Cetak…», «Tutup») and the suggested copies."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview_button = QPushButton("Pratinjau")
        self.save_button = QPushButton("Simpan PDF…")
        self.print_button = QPushButton("Cetak…")
        self.close_button = QPushButton("Tutup")
        self.copies_hint = QLabel()
        self.copies_hint.setStyleSheet("color: #555;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview_button)
        layout.addWidget(self.save_button)
        layout.addWidget(self.print_button)
        layout.addWidget(self.copies_hint, 1)
        layout.addWidget(self.close_button)

    def show_copies(self, n: int) -> None:
        self.copies_hint.setText(f"Rangkap cetak yang disarankan: {n} (1 untuk KPU, {n - 1} salinan untuk saksi "
                                 "yang hadir dan Bawaslu)")


class DocumentActions:
    """What the dialog's «Pratinjau», «Simpan PDF…» and «Cetak…» do, on the dialog's choices (contest, document,
    paper), its attendance, its preview pane and its message bar."""

    def __init__(self, dialog: BeritaAcaraDialog) -> None:
        self.dialog = dialog
        self.last_issue: IssuedDocument | None = None  # the last document saved or printed (registered)

    def _issue(self, contest: Contest, out: Path, *, register: bool, purpose: Purpose = Purpose.DISIMPAN,
               sign: Path | None = None, password: str | None = None) -> IssuedDocument:
        d = self.dialog
        with busy():
            return issue_document(d.service, d.kind(), contest, purpose=purpose, out=out, paper=d.paper(),
                                  register=register, sign=sign, sign_password=password)

    def _show(self, pdf: Path, issued: IssuedDocument, *, registered: bool) -> None:
        self.dialog.preview_box.show_document(pdf, issued, paper=self.dialog.paper(), registered=registered)
        self.dialog.completeness_label.show_items(issued.open)

    # ------------------------------------------------------------------ preview
    def render_preview(self) -> RenderResult | None:
        """Store pending attendance, render the document to a temporary file (not registered) and show its pages."""
        d = self.dialog
        contest = d.current_contest()
        if contest is None or not d.store_if_dirty():
            return None
        pdf = d.preview_box.temporary_pdf("pratinjau")
        try:
            issued = self._issue(contest, pdf, register=False)
        except OSError as exc:
            d.show_error(f"Pratinjau tidak dapat dibuat: {os_reason(exc)}")
            return None
        except (StorageError, SQLAlchemyError, ValueError) as exc:
            d.show_error(f"Pratinjau tidak dapat dibuat: {read_error(exc)}")
            return None
        self._show(pdf, issued, registered=False)
        d.message.setVisible(False)
        return issued.result

    def open_pdf_externally(self) -> bool:
        """Open the preview PDF in the system's viewer (where pages cannot be shown or printed from here)."""
        d = self.dialog
        if d.preview_pdf is None and d.render_preview() is None:
            return False
        assert d.preview_pdf is not None
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(d.preview_pdf))):
            d.show_error(f"Penampil PDF tidak dapat dibuka. Berkas pratinjau: {d.preview_pdf}")
            return False
        return True

    # ------------------------------------------------------------------ save
    def choose_and_save(self) -> Path | None:
        d = self.dialog
        if d.current_contest() is None:
            return None
        path, _ = QFileDialog.getSaveFileName(d, "Simpan dokumen", str(d.default_save_path()),
                                              "Dokumen PDF (*.pdf)")
        if not path:
            return None
        return d.save_pdf(Path(path))

    def save_pdf(self, path: Path) -> Path | None:
        """Write the document to ``path`` and register it (atomically; signed when the signature box is checked)."""
        d = self.dialog
        contest = d.current_contest()
        if contest is None or not d.store_if_dirty():
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        sign: Path | None = None
        password: str | None = None
        if d.sign_box.wanted():
            if not d.cert_path.text().strip():
                d.show_error("Pilih berkas sertifikat .p12 untuk tanda tangan elektronik, atau matikan pilihan "
                             "tanda tangan. Tidak ada berkas yang ditulis.")
                return None
            sign = Path(d.cert_path.text().strip())
            password = d.cert_password.text() or None
            if not sign.is_file():
                d.show_error(f"Berkas sertifikat {sign} tidak ditemukan. Tidak ada berkas yang ditulis.")
                return None
        try:
            issued = self._issue(contest, path, register=True, sign=sign, password=password)
        except OSError as exc:
            d.show_error(f"PDF tidak dapat ditulis ke {path}: {write_error(exc, path)}. Tidak ada berkas yang "
                         "ditulis; pilih folder lain (mis. Dokumen) lalu simpan lagi.")
            return None
        except ValueError as exc:  # the certificate could not be opened or the PDF not signed
            d.show_error(f"Tanda tangan elektronik gagal: {exc}. Tidak ada berkas yang ditulis.")
            return None
        except (StorageError, SQLAlchemyError) as exc:
            d.show_error(f"Dokumen tidak dapat dibuat: {read_error(exc)}")
            return None
        d.remember_folder(path.parent)
        self.last_issue = issued
        self._show(path, issued, registered=True)
        assert issued.issue is not None
        signed = " bertanda tangan elektronik" if sign else ""
        draft = " sebagai DRAF (masih ada yang terbuka)" if issued.issue.draft else ""
        d.show_info(f"Dokumen{signed} disimpan{draft}: {path} ({issued.result.page_count} halaman, "
                    f"{issued.issue.document_id}, versi {issued.issue.version}; tercatat di register dokumen).")
        d.document_saved.emit(str(path))
        return path

    # ------------------------------------------------------------------ print
    def prepare_printer(self, printer: QPrinter) -> None:
        """Paper and orientation of the document, its name, and the suggested number of copies."""
        d = self.dialog
        contest = d.current_contest()
        if d.paper() == "f4":
            size = QPageSize(QSizeF(215, 330), QPageSize.Unit.Millimeter, "F4", QPageSize.SizeMatchPolicy.ExactMatch)
        else:
            size = QPageSize(QPageSize.PageSizeId.A4)
        printer.setPageSize(size)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        printer.setDocName(f"{d.choice.kind_label()} {contest.title if contest else ''}".strip())
        printer.setCopyCount(d.suggested_copies())

    def print_document(self) -> int:
        """Render fresh, ask for the printer (the dialog's print dialog), print. Returns the sheets sent to the
        printer."""
        d = self.dialog
        result = d.render_preview()
        if result is None:
            return 0
        if d.preview.rasterizer is None:
            d.show_error("Cetak langsung memerlukan QtPdf atau pdftoppm (poppler), dan keduanya tidak ada. "
                         "Buka PDF di penampil PDF lalu cetak dari sana.")
            d.preview.open_button.setVisible(True)
            return 0
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        d.prepare_printer(printer)
        if not d.ask_printer(printer, result.page_count):
            return 0
        return d.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Issue the document for printing (registered as *dicetak*) and print it on ``printer`` as page images at
        the printer's resolution.

        Honours the page range and, when the printer cannot make copies itself (e.g. PDF output), the copy
        count and collation. Returns the number of sheets painted (0 on failure, with a message shown).
        """
        d = self.dialog
        contest = d.current_contest()
        if contest is None or not d.store_if_dirty():
            return 0
        pdf = d.preview_box.temporary_pdf("cetak")
        try:
            issued = self._issue(contest, pdf, register=True, purpose=Purpose.DICETAK)
        except StaleIssue as exc:
            d.show_error(f"Tidak dicetak: {exc}. Coba cetak lagi.")
            return 0
        except (OSError, StorageError, SQLAlchemyError, ValueError) as exc:
            d.show_error(f"Tidak dicetak: {read_error(exc)}")
            return 0
        self.last_issue = issued
        self._show(pdf, issued, registered=True)
        rasterizer = d.preview.rasterizer
        if rasterizer is None:
            d.show_error("Cetak langsung memerlukan QtPdf atau pdftoppm (poppler). Buka PDF di penampil PDF lalu "
                         "cetak dari sana.")
            return 0
        n = d.preview.page_count
        pages = list(range(n))
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            pages = list(range(printer.fromPage() - 1, min(printer.toPage() or n, n)))
        elif printer.printRange() == QPrinter.PrintRange.CurrentPage:
            pages = [d.preview.current_page]
        copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
        if printer.collateCopies():
            order = [p for _ in range(copies) for p in pages]
        else:
            order = [p for p in pages for _ in range(copies)]
        dpi = max(PRINT_DPI_MIN, min(PRINT_DPI_MAX, printer.resolution()))
        painter = QPainter()
        if not painter.begin(printer):
            d.show_error("Printer tidak dapat dimulai. Periksa printer lalu coba lagi.")
            return 0
        sheets = 0
        try:
            with busy():
                for i, page in enumerate(order):
                    if i and not printer.newPage():
                        raise RasterError("printer menolak halaman baru")
                    image = rasterizer.image(page, dpi)
                    area = QRectF(painter.viewport())
                    scale = min(area.width() / image.width(), area.height() / image.height())
                    w, h = image.width() * scale, image.height() * scale
                    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                    painter.drawImage(QRectF(area.x() + (area.width() - w) / 2, area.y(), w, h), image)
                    sheets += 1
        except RasterError as exc:
            painter.end()
            d.show_error(f"Pencetakan berhenti setelah {sheets} halaman: {exc}")
            return sheets
        painter.end()
        copies_text = f", {copies} rangkap" if copies > 1 else ""
        assert issued.issue is not None
        draft = ", DRAF" if issued.issue.draft else ""
        d.show_info(f"{sheets} halaman dikirim ke printer{copies_text} ({issued.issue.document_id}, versi "
                    f"{issued.issue.version}{draft}; tercatat di register dokumen sebagai dicetak).")
        d.printed.emit(sheets)
        return sheets
