"""The contest's documents in the GUI: attendance (who signs, who refused and why), what is still open, preview,
save, print — for the berita acara and the other documents of the contest.

Documents come from :func:`reports.issue.issue_document` (the same path as the command line): every file saved,
signed or printed from here is registered with its version in the document register; the preview is not. While
the contest has open items (error findings, empty cells, keberatan not decided, kecamatan not ditetapkan) the
dialog lists them by name and the document carries the DRAF mark. Pages are shown by :mod:`ui.pdf_preview`
(zoomable); without a rasteriser the PDF is offered to the system viewer.

This module assembles the dialog; its parts live in their own modules: the attendance grid
(:mod:`ui.berita_acara_attendance`), what is still open (:mod:`ui.berita_acara_open_items`), the preview pane
(:mod:`ui.berita_acara_preview`), the choice of contest, document and paper (:mod:`ui.berita_acara_choice`), the
electronic signature (:mod:`ui.berita_acara_signature`), preview / save / print and file names
(:mod:`ui.berita_acara_actions`) and the message bar (:mod:`ui.berita_acara_messages`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from rekap_desktop.contest import Contest
from rekap_desktop.documents import DocumentKind
from rekap_desktop.open_items import OpenItems
from rekap_desktop.services import Attendee, RecapService, StorageError
from reports.berita_acara import RenderResult
from reports.issue import IssuedDocument
from ui.berita_acara_actions import PRINT_DPI_MAX, PRINT_DPI_MIN, ActionBar, DocumentActions, default_file_name
from ui.berita_acara_attendance import HADIR, MENANDATANGANI, MENOLAK, TIDAK_HADIR, AttendancePanel, PersonRow
from ui.berita_acara_choice import DOCUMENT_KINDS, PAPERS, DocumentChoice
from ui.berita_acara_messages import MessageBar, read_error
from ui.berita_acara_open_items import OpenItemsLabel
from ui.berita_acara_preview import DocumentPreview
from ui.berita_acara_signature import SignatureBox
from ui.questions import Unsaved, ask_unsaved

__all__ = [
    "DOCUMENT_KINDS",
    "HADIR",
    "MENANDATANGANI",
    "MENOLAK",
    "PAPERS",
    "PRINT_DPI_MAX",
    "PRINT_DPI_MIN",
    "TIDAK_HADIR",
    "BeritaAcaraDialog",
    "DocumentKind",
    "PersonRow",
    "default_file_name",
]


def _office_settings(service: RecapService) -> dict[str, str]:
    try:
        return service.settings()
    except (StorageError, SQLAlchemyError):
        return {}


class BeritaAcaraDialog(QDialog):
    """Attendance, open items, preview, save (optionally signed) and print of one contest's documents.

    Signals: ``attendance_saved(contest_key)`` after the attendance was stored, ``document_saved(path)`` after a
    PDF was written (and registered), ``printed(sheets)`` after pages were sent to a printer.
    """

    attendance_saved = Signal(str)
    document_saved = Signal(str)
    printed = Signal(int)

    _last_dir: str = ""

    def __init__(self, service: RecapService, contest_key: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle("Berita acara dan sertifikat rekapitulasi")
        self.setSizeGripEnabled(True)
        self.resize(1320, 820)
        self._loading = False
        self._contest_index = -1
        self._loaded: Contest | None = None
        self._settings = _office_settings(service)
        self.document_actions = DocumentActions(self)

        # contest, document and paper
        self.choice = DocumentChoice(self._settings.get("kertas", "a4").lower())
        self.contest_combo, self.kind_combo = self.choice.contest_combo, self.choice.kind_combo
        self.paper_combo = self.choice.paper_combo
        self.completeness_label = OpenItemsLabel()  # what is still open (the name is kept for older callers)

        # attendance, and the optional PAdES signature of the saved PDF
        self.message = MessageBar()  # placed under the panes
        self.attendance = AttendancePanel(service, self._settings, self.message)
        self.attendance_note, self.attendance_state = self.attendance.note, self.attendance.state
        self.save_attendance_button = self.attendance.save_button
        self.attendance.saved.connect(self.attendance_saved)
        self.sign_box = SignatureBox()
        self.cert_path, self.cert_button = self.sign_box.cert_path, self.sign_box.cert_button
        self.cert_password = self.sign_box.cert_password
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.attendance, 1)
        left_layout.addWidget(self.sign_box)

        # preview
        self.preview_box = DocumentPreview()
        self.preview, self.document_info = self.preview_box.preview, self.preview_box.document_info
        self.preview.open_button.clicked.connect(self.open_pdf_externally)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.preview_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([670, 650])

        # actions
        self.action_bar = bar = ActionBar()
        self.preview_button, self.save_button, self.print_button = bar.preview_button, bar.save_button, bar.print_button
        self.close_button, self.copies_hint = bar.close_button, bar.copies_hint
        self.preview_button.clicked.connect(self.render_preview)
        self.save_button.clicked.connect(self.choose_and_save)
        self.print_button.clicked.connect(self.print_document)
        self.close_button.clicked.connect(self.reject)
        self.attendance.state_changed.connect(self._on_attendance_state)

        layout = QVBoxLayout(self)
        layout.addWidget(self.choice)
        layout.addWidget(self.completeness_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.action_bar)

        self._contests: list[Contest] = []
        try:
            self._contests = self.service.contests()
        except (StorageError, SQLAlchemyError) as exc:
            self.show_error(read_error(exc))
        self.choice.set_contests(self._contests, contest_key)
        self.contest_combo.currentIndexChanged.connect(self._on_contest_changed)
        self.paper_combo.currentIndexChanged.connect(self._on_paper_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        for widget in (self.preview_button, self.save_button, self.print_button, self.save_attendance_button):
            widget.setEnabled(bool(self._contests))
        if self._contests:
            self._load_contest()

    # ------------------------------------------------------------------ state
    def current_contest(self) -> Contest | None:
        """The contest whose attendance is in the form (while switching, the combo is already on the next one)."""
        return self._loaded

    def paper(self) -> str:
        return self.choice.paper()

    def kind(self) -> DocumentKind:
        return self.choice.kind()

    def set_kind(self, kind: DocumentKind) -> bool:
        return self.choice.set_kind(kind)

    @property
    def open_items(self) -> OpenItems | None:
        """What was still open when the contest was last checked (None: not checked, or it failed)."""
        return self.completeness_label.found

    @property
    def last_issue(self) -> IssuedDocument | None:
        """The last document saved or printed from the dialog (registered)."""
        return self.document_actions.last_issue

    def set_contest(self, key: str) -> bool:
        """Select the contest ``key`` (asking about unsaved attendance first); False when not switched."""
        i = self.contest_combo.findData(key)
        if i < 0:
            return False
        self.contest_combo.setCurrentIndex(i)
        return self.contest_combo.currentIndex() == i

    @property
    def is_dirty(self) -> bool:
        return self.attendance.dirty

    @property
    def _dirty(self) -> bool:
        return self.attendance.dirty

    @_dirty.setter
    def _dirty(self, dirty: bool) -> None:
        self.attendance.dirty = dirty

    @property
    def rows(self) -> list[PersonRow]:
        return list(self.attendance.rows)

    def saksi_row(self, peserta: str) -> PersonRow:
        return next(r for r in self.attendance.rows if r.role == "saksi" and r.peserta == peserta)

    def row(self, role: str, index: int = 0) -> PersonRow:
        return [r for r in self.attendance.rows if r.role == role][index]

    @property
    def preview_pdf(self) -> Path | None:
        return self.preview_box.pdf

    @property
    def last_result(self) -> RenderResult | None:
        return self.preview_box.result

    # ------------------------------------------------------------------ messages
    def show_error(self, text: str) -> None:
        self.message.show_error(text)

    def show_info(self, text: str) -> None:
        self.message.show_info(text)

    # ------------------------------------------------------------------ loading a contest
    def _on_contest_changed(self, index: int) -> None:
        if self._loading or index == self._contest_index:
            return
        if self._dirty and not self._resolve_unsaved():
            self._loading = True
            self.contest_combo.setCurrentIndex(self._contest_index)
            self._loading = False
            return
        self._load_contest()

    def _load_contest(self) -> None:
        i = self.contest_combo.currentIndex()
        if not 0 <= i < len(self._contests):
            return
        contest = self._loaded = self._contests[i]
        self._contest_index = i
        self.setWindowTitle(f"Berita acara dan sertifikat — {contest.title}")
        self.message.setVisible(False)
        self.attendance.load(contest)
        self.refresh_completeness()
        self.preview_box.invalidate("Pratinjau belum dibuat. Tekan «Pratinjau».")

    def _on_attendance_state(self) -> None:
        self.preview_box.stale = True  # an edit, or a (re)load that the preview never shows yet
        self.action_bar.show_copies(self.suggested_copies())

    # ------------------------------------------------------------------ attendance
    def attendance_from_form(self) -> list[Attendee]:
        return self.attendance.attendance()

    def save_attendance(self) -> bool:
        """Check the form and store it with ``set_attendance`` (one audited transaction). False: nothing stored."""
        return self.attendance.save()

    def store_if_dirty(self) -> bool:
        """Store pending attendance before a document is made from it; False: it could not be stored."""
        return self.save_attendance() if self._dirty else True

    def _resolve_unsaved(self) -> bool:
        """Unsaved attendance: save, discard or stay. True when it is fine to go on."""
        answer = self._ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.save_attendance()
        return answer == QMessageBox.StandardButton.Discard

    def _ask_unsaved(self) -> QMessageBox.StandardButton:
        answer = ask_unsaved(self, "Daftar hadir belum disimpan",
                             "Daftar hadir kontes ini diubah tetapi belum disimpan. Simpan sekarang?")
        return {Unsaved.SAVE: QMessageBox.StandardButton.Save, Unsaved.DISCARD: QMessageBox.StandardButton.Discard,
                Unsaved.STAY: QMessageBox.StandardButton.Cancel}[answer]

    def suggested_copies(self) -> int:
        """One for the KPU plus a salinan for every saksi present and for Bawaslu (domain §4.7)."""
        return self.attendance.suggested_copies()

    # ------------------------------------------------------------------ open items
    def refresh_completeness(self) -> OpenItems | None:
        """Check what is still open in the contest and show it (by name); None when it cannot be checked."""
        contest = self.current_contest()
        if contest is None:
            return None
        return self.completeness_label.check(self.service, contest)

    # ------------------------------------------------------------------ preview
    def _on_paper_changed(self, _index: int) -> None:
        self.preview_box.stale = True
        if self.preview_box.pdf is not None:
            self.preview_box.invalidate("Kertas diganti: tekan «Pratinjau» untuk memperbarui.")

    def _on_kind_changed(self, _index: int) -> None:
        self.preview_box.invalidate("Dokumen lain dipilih: tekan «Pratinjau» untuk menampilkannya.")
        self.sign_box.setEnabled(self.kind() is not DocumentKind.PEMBANDING_SIREKAP)

    def render_preview(self) -> RenderResult | None:
        """Store pending attendance, render the document to a temporary file (not registered) and show its pages."""
        return self.document_actions.render_preview()

    def open_pdf_externally(self) -> bool:
        """Open the preview PDF in the system's viewer (where pages cannot be shown or printed from here)."""
        return self.document_actions.open_pdf_externally()

    # ------------------------------------------------------------------ save
    def default_save_path(self) -> Path:
        """In the folder chosen last in this session, else the user's documents folder."""
        contest = self.current_contest()
        assert contest is not None
        folder = BeritaAcaraDialog._last_dir or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        name = default_file_name(contest, self._settings.get("kabupaten_nama", ""), self._settings, self.kind())
        return Path(folder) / name

    def remember_folder(self, folder: Path) -> None:
        """The next save in this session starts in ``folder``."""
        BeritaAcaraDialog._last_dir = str(folder)

    def choose_and_save(self) -> Path | None:
        """«Simpan PDF…»: ask where (:meth:`default_save_path` first), then :meth:`save_pdf`."""
        return self.document_actions.choose_and_save()

    def save_pdf(self, path: Path) -> Path | None:
        """Write the document to ``path`` and register it (atomically; signed when the signature box is checked)."""
        return self.document_actions.save_pdf(path)

    # ------------------------------------------------------------------ print
    def prepare_printer(self, printer: QPrinter) -> None:
        """Paper and orientation of the document, its name, and the suggested number of copies."""
        self.document_actions.prepare_printer(printer)

    def print_document(self) -> int:
        """Render fresh, ask for the printer (QPrintDialog), print. Returns the sheets sent to the printer."""
        return self.document_actions.print_document()

    def ask_printer(self, printer: QPrinter, page_count: int) -> bool:
        """The print dialog (printer, pages, copies) for a document of ``page_count`` pages; False: cancelled."""
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Cetak dokumen")
        dialog.setMinMax(1, page_count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def print_to(self, printer: QPrinter) -> int:
        """Issue the document as *dicetak* and print it on ``printer``: :meth:`DocumentActions.print_to`."""
        return self.document_actions.print_to(printer)

    # ------------------------------------------------------------------ closing
    def reject(self) -> None:
        if self._dirty and self.isVisible() and not self._resolve_unsaved():
            return
        super().reject()

    def done(self, result: int) -> None:
        self.cleanup()
        super().done(result)

    def cleanup(self) -> None:
        """Forget the preview and delete its temporary files."""
        self.preview_box.cleanup()
