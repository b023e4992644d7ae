"""The contest's documents in the GUI: attendance (who signs, who refused and why), what is still open, preview,
save, print — for the berita acara and the other documents of the contest.

Documents come from :func:`reports.issue.issue_document` (the same path as the command line): every file saved,
signed or printed from here is registered with its version in the document register; the preview is not. While
the contest has open items (error findings, empty cells, keberatan not decided, kecamatan not ditetapkan) the
dialog lists them by name and the document carries the DRAF mark. Pages are shown by :mod:`ui.pdf_preview`
(zoomable); without a rasteriser the PDF is offered to the system viewer.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from rekap_desktop.contest import Contest
from rekap_desktop.documents import DocumentKind, Purpose, StaleIssue
from rekap_desktop.open_items import OpenItems, open_items
from rekap_desktop.os_errors import os_reason
from rekap_desktop.services import Attendee, RecapService, StorageError
from reports.berita_acara import RenderResult
from reports.contest_data import peserta_labels
from reports.issue import BUILDERS, IssuedDocument, document_file_name, issue_document
from ui.pdf_preview import PdfPreview, RasterError, make_rasterizer
from ui.questions import Unsaved, ask_unsaved

PAPERS = (("a4", "A4 (210 × 297 mm)"), ("f4", "F4 (215 × 330 mm)"))
DOCUMENT_KINDS = (
    (DocumentKind.BERITA_ACARA, "Berita acara dan sertifikat (D.HASIL KABKO)"),
    (DocumentKind.KEJADIAN_KHUSUS, "D.Kejadian khusus dan/atau keberatan"),
    (DocumentKind.PEMBANDING_SIREKAP, "Pembanding Sirekap (kertas kerja, tidak ditandatangani)"),
)
PRINT_DPI_MIN, PRINT_DPI_MAX = 150, 300
HADIR, TIDAK_HADIR = "hadir", "tidak hadir"
MENANDATANGANI, MENOLAK = "menandatangani", "menolak"

_ERROR_STYLE = "QLabel { background: #fdecea; color: #8a1c1c; border: 1px solid #e0a3a3; padding: 6px; }"
_INFO_STYLE = "QLabel { background: #eef3f8; color: #1d3b57; border: 1px solid #b8cadb; padding: 6px; }"
_WARN_STYLE = ("QLabel { background: #fff4ce; color: #5c3c00; border: 1px solid #e0b400; border-left: 6px solid "
               "#e0a000; padding: 6px; font-weight: bold; }")
_OK_STYLE = ("QLabel { background: #e6f4ea; color: #1e4620; border: 1px solid #9ccaa7; border-left: 6px solid "
             "#2e7d32; padding: 6px; font-weight: bold; }")
_FIELD_ERROR_STYLE = "QLineEdit { border: 2px solid #b00020; }"


@contextlib.contextmanager
def _busy() -> Iterator[None]:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def default_file_name(contest: Contest, kabupaten: str, settings: dict[str, str] | None = None,
                      kind: DocumentKind = DocumentKind.BERITA_ACARA) -> str:
    """e.g. ``D.HASIL-KABKO-PPWP-SAMPANG.pdf`` (:func:`reports.issue.document_file_name`)."""
    return document_file_name(kind, contest, {**(settings or {}), "kabupaten_nama": kabupaten})


# ------------------------------------------------------------------------------------------------ attendance rows
class PersonRow:
    """One line of the attendance grid: name, hadir / tidak hadir, menandatangani / menolak, alasan."""

    def __init__(self, role: str, peserta: str, label: str, person: Attendee | None, *, signs_document: bool = True,
                 default_present: bool = True) -> None:
        self.role = role
        self.peserta = peserta
        self.label = QLabel(label)
        self.label.setWordWrap(True)
        self.name = QLineEdit(person.name if person else "")
        self.name.setPlaceholderText("nama" if role != "saksi" else "nama saksi")
        self.presence = QComboBox()
        self.presence.addItems([HADIR, TIDAK_HADIR])
        present = person.present if person is not None else default_present
        self.presence.setCurrentIndex(0 if present else 1)
        self.signing = QComboBox()
        self.signing.addItems([MENANDATANGANI, MENOLAK])
        refused = person is not None and person.present and not person.signs
        self.signing.setCurrentIndex(1 if refused else 0)
        self.signs_document = signs_document
        self.reason = QLineEdit(person.refusal_reason if person else "")
        self.reason_label = QLabel("alasan menolak")
        self.reason_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.reason_label.setStyleSheet("color: #8a5a00;")
        self.reason.setPlaceholderText("alasan menolak menandatangani (wajib diisi)")
        # a saksi line that was never filled follows its name until someone picks hadir / tidak hadir by hand
        self._presence_touched = person is not None
        self.presence.activated.connect(self._on_presence_chosen)
        self.name.textEdited.connect(self._on_name_edited)
        self.presence.currentIndexChanged.connect(self.sync)
        self.signing.currentIndexChanged.connect(self.sync)
        self.reason.textEdited.connect(lambda _t: self.reason.setStyleSheet(""))
        self.name.textEdited.connect(lambda _t: self.name.setStyleSheet(""))
        self.sync()

    @property
    def present(self) -> bool:
        return self.presence.currentIndex() == 0

    @property
    def refuses(self) -> bool:
        return self.signs_document and self.present and self.signing.currentIndex() == 1

    def _on_presence_chosen(self, _index: int) -> None:
        self._presence_touched = True

    def _on_name_edited(self, text: str) -> None:
        if not self._presence_touched:
            self.presence.setCurrentIndex(0 if text.strip() else 1)

    def sync(self) -> None:
        self.signing.setEnabled(self.signs_document and self.present)
        self.reason.setEnabled(self.refuses)
        if self.reason.parent() is not None:  # never show an unparented field as a window of its own
            self.reason.setVisible(self.refuses)
            self.reason_label.setVisible(self.refuses)
        if not self.refuses:
            self.reason.setStyleSheet("")

    def is_blank_optional(self) -> bool:
        """An anggota line without a name is left out (the office has fewer members than lines)."""
        return self.role == "anggota" and not self.name.text().strip()

    def who(self) -> str:
        text = self.label.text()
        name = self.name.text().strip()
        return f"{text} ({name})" if name else text

    def problems(self) -> list[tuple[str, QLineEdit]]:
        if self.is_blank_optional() or not self.present:
            return []
        if not self.name.text().strip():
            return [(f"{self.label.text()}: nama wajib diisi bila hadir.", self.name)]
        if self.refuses and not self.reason.text().strip():
            return [(f"{self.who()} menolak menandatangani: alasan wajib diisi.", self.reason)]
        return []

    def attendee(self) -> Attendee:
        """Exactly what :meth:`RecapService.set_attendance` stores (and ``attendance`` reads back)."""
        present = self.present
        signs = present and not self.refuses
        reason = self.reason.text().strip() if self.refuses else ""
        return Attendee(self.role, self.name.text().strip(), self.peserta, present, signs, reason)


# ------------------------------------------------------------------------------------------------ the dialog
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
        self._rows: list[PersonRow] = []
        self._kept: list[Attendee] = []  # PPK lines: not edited here, stored back unchanged
        self._dirty = False
        self._loading = False
        self._stale = True
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._counter = itertools.count(1)
        self._preview_pdf: Path | None = None
        self._last_result: RenderResult | None = None
        self._last_issue: IssuedDocument | None = None
        self._open: OpenItems | None = None
        self._contest_index = -1
        self._loaded: Contest | None = None
        self._stretch_row = 0
        self._settings = self._read_settings()

        # contest and paper
        self.contest_combo = QComboBox()
        self.contest_combo.setMinimumWidth(320)
        self.paper_combo = QComboBox()
        for code, label in PAPERS:
            self.paper_combo.addItem(label, code)
        paper = self._settings.get("kertas", "a4").lower()
        self.paper_combo.setCurrentIndex(max(0, self.paper_combo.findData(paper)))
        self.kind_combo = QComboBox()
        for kind, label in DOCUMENT_KINDS:
            if kind in BUILDERS:
                self.kind_combo.addItem(label, kind.value)
        top = QHBoxLayout()
        top.addWidget(QLabel("Kontes"))
        top.addWidget(self.contest_combo, 1)
        top.addSpacing(16)
        top.addWidget(QLabel("Dokumen"))
        top.addWidget(self.kind_combo)
        top.addSpacing(16)
        top.addWidget(QLabel("Kertas"))
        top.addWidget(self.paper_combo)
        self.completeness_label = QLabel()  # what is still open (the name is kept for older callers)
        self.completeness_label.setWordWrap(True)
        self.completeness_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # attendance
        self.attendance_note = QLabel()
        self.attendance_note.setWordWrap(True)
        self.attendance_note.setStyleSheet("color: #555;")
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setHorizontalSpacing(6)
        self._grid.setVerticalSpacing(4)
        self._grid.setColumnStretch(1, 1)
        grid_scroll = self._grid_scroll = QScrollArea()
        grid_scroll.setWidgetResizable(True)
        grid_scroll.setFrameShape(QFrame.Shape.NoFrame)
        grid_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        grid_scroll.setWidget(self._grid_host)
        self.save_attendance_button = QPushButton("Simpan daftar hadir")
        self.save_attendance_button.clicked.connect(self.save_attendance)
        self.attendance_state = QLabel()
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_attendance_button)
        save_row.addWidget(self.attendance_state, 1)
        attendance_box = QGroupBox("Daftar hadir dan tanda tangan")
        attendance_layout = QVBoxLayout(attendance_box)
        attendance_layout.addWidget(self.attendance_note)
        attendance_layout.addWidget(grid_scroll, 1)
        attendance_layout.addLayout(save_row)

        # optional PAdES signature of the saved PDF
        self.sign_box = QGroupBox("Tanda tangan elektronik kantor (PAdES, opsional, untuk «Simpan PDF»)")
        self.sign_box.setCheckable(True)
        self.sign_box.setChecked(False)
        self.cert_path = QLineEdit()
        self.cert_path.setPlaceholderText("berkas sertifikat .p12 / .pfx")
        self.cert_button = QPushButton("Pilih…")
        self.cert_button.clicked.connect(self._choose_certificate)
        self.cert_password = QLineEdit()
        self.cert_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.cert_password.setPlaceholderText("kata sandi sertifikat")
        cert_row = QHBoxLayout()
        cert_row.addWidget(self.cert_path, 1)
        cert_row.addWidget(self.cert_button)
        sign_form = QFormLayout(self.sign_box)
        sign_form.addRow("Sertifikat", cert_row)
        sign_form.addRow("Kata sandi", self.cert_password)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(attendance_box, 1)
        left_layout.addWidget(self.sign_box)

        # preview
        self.preview = PdfPreview()
        self.preview.open_button.clicked.connect(self.open_pdf_externally)
        self.document_info = QLabel("—")
        self.document_info.setWordWrap(True)
        self.document_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        preview_box = QGroupBox("Pratinjau")
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.preview, 1)
        preview_layout.addWidget(self.document_info)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(preview_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([670, 650])

        # messages and actions
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.preview_button = QPushButton("Pratinjau")
        self.save_button = QPushButton("Simpan PDF…")
        self.print_button = QPushButton("Cetak…")
        self.close_button = QPushButton("Tutup")
        self.copies_hint = QLabel()
        self.copies_hint.setStyleSheet("color: #555;")
        self.preview_button.clicked.connect(self.render_preview)
        self.save_button.clicked.connect(self.choose_and_save)
        self.print_button.clicked.connect(self.print_document)
        self.close_button.clicked.connect(self.reject)
        actions = QHBoxLayout()
        actions.addWidget(self.preview_button)
        actions.addWidget(self.save_button)
        actions.addWidget(self.print_button)
        actions.addWidget(self.copies_hint, 1)
        actions.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.completeness_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addLayout(actions)

        self._contests: list[Contest] = []
        try:
            self._contests = self.service.contests()
        except (StorageError, SQLAlchemyError) as exc:
            self.show_error(_read_error(exc))
        for c in self._contests:
            self.contest_combo.addItem(c.title, c.key)
        start = self.contest_combo.findData(contest_key) if contest_key else 0
        self.contest_combo.setCurrentIndex(max(0, start))
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
        return str(self.paper_combo.currentData())

    def kind(self) -> DocumentKind:
        return DocumentKind(str(self.kind_combo.currentData() or DocumentKind.BERITA_ACARA.value))

    def set_kind(self, kind: DocumentKind) -> bool:
        i = self.kind_combo.findData(kind.value)
        if i >= 0:
            self.kind_combo.setCurrentIndex(i)
        return i >= 0

    @property
    def open_items(self) -> OpenItems | None:
        """What was still open when the contest was last checked (None: not checked, or it failed)."""
        return self._open

    @property
    def last_issue(self) -> IssuedDocument | None:
        """The last document saved or printed from the dialog (registered)."""
        return self._last_issue

    def set_contest(self, key: str) -> bool:
        """Select the contest ``key`` (asking about unsaved attendance first); False when not switched."""
        i = self.contest_combo.findData(key)
        if i < 0:
            return False
        self.contest_combo.setCurrentIndex(i)
        return self.contest_combo.currentIndex() == i

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    @property
    def rows(self) -> list[PersonRow]:
        return list(self._rows)

    def saksi_row(self, peserta: str) -> PersonRow:
        return next(r for r in self._rows if r.role == "saksi" and r.peserta == peserta)

    def row(self, role: str, index: int = 0) -> PersonRow:
        return [r for r in self._rows if r.role == role][index]

    @property
    def preview_pdf(self) -> Path | None:
        return self._preview_pdf

    @property
    def last_result(self) -> RenderResult | None:
        return self._last_result

    # ------------------------------------------------------------------ messages
    def show_error(self, text: str) -> None:
        self.message.setStyleSheet(_ERROR_STYLE)
        self.message.setText(text)
        self.message.setVisible(True)

    def show_info(self, text: str) -> None:
        self.message.setStyleSheet(_INFO_STYLE)
        self.message.setText(text)
        self.message.setVisible(True)

    def _read_settings(self) -> dict[str, str]:
        try:
            return self.service.settings()
        except (StorageError, SQLAlchemyError):
            return {}

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
        try:
            people = self.service.attendance(contest.key)
        except (StorageError, SQLAlchemyError) as exc:
            people = []
            self.show_error(_read_error(exc))
        self._populate(contest, people)
        self.refresh_completeness()
        self._invalidate_preview("Pratinjau belum dibuat. Tekan «Pratinjau».")

    def _populate(self, contest: Contest, people: Sequence[Attendee]) -> None:
        self._loading = True
        try:
            while self._grid.count():
                item = self._grid.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.hide()
                    widget.deleteLater()
            self._grid.setRowStretch(self._stretch_row, 0)
            self._rows = []
            stored = bool(people)
            if stored:
                ketua = [p for p in people if p.role == "ketua"] or [Attendee("ketua", "")]
                anggota = [p for p in people if p.role == "anggota"]
                bawaslu = [p for p in people if p.role == "bawaslu"] or [None]
                self._kept = [p for p in people if p.role == "ppk"]
            else:
                settings = self._settings
                ketua = [Attendee("ketua", settings.get("ketua", ""))]
                anggota = [Attendee("anggota", n) for n in settings.get("anggota", "").split("|") if n.strip()]
                bawaslu = [None]
                self._kept = []
            by_peserta = {p.peserta: p for p in people if p.role == "saksi"}
            labels = peserta_labels(contest)
            extra = [p for p in by_peserta if p not in labels]  # stored for a peserta no longer listed: kept

            r = 0
            for col, text in enumerate(("", "Nama", "Kehadiran", "Tanda tangan")):
                header = QLabel(f"<b>{text}</b>")
                self._grid.addWidget(header, r, col)
            r += 1
            r = self._section(r, "KPU Kabupaten/Kota")
            for p in ketua:
                r = self._add_row(r, PersonRow("ketua", "", "Ketua", p))
            for i, p in enumerate(anggota, start=1):
                r = self._add_row(r, PersonRow("anggota", "", f"Anggota {i}", p))
            r = self._section(r, "Saksi peserta pemilu")
            for label in [*labels, *extra]:
                person = by_peserta.get(label)
                r = self._add_row(r, PersonRow("saksi", label, label, person, default_present=False))
            r = self._section(r, "Bawaslu Kabupaten/Kota (menerima salinan, tidak menandatangani)")
            for p in bawaslu:
                r = self._add_row(r, PersonRow("bawaslu", "", "Bawaslu", p, signs_document=False,
                                               default_present=False))
            self._grid.setRowStretch(r, 1)
            self._stretch_row = r
            # the grid is never cut: the splitter gives the preview what is left
            scrollbar = self._grid_scroll.verticalScrollBar().sizeHint().width()
            self._grid_scroll.setMinimumWidth(self._grid.minimumSize().width() + scrollbar + 4)
            if stored:
                self.attendance_note.setText("Daftar hadir tersimpan untuk kontes ini. Ubah lalu tekan «Simpan "
                                             "daftar hadir»; saksi yang menolak wajib disertai alasan.")
            else:
                self.attendance_note.setText("Daftar hadir kontes ini belum pernah disimpan: dokumen memakai nama "
                                             "KPU dari pengaturan kantor dan baris saksi kosong untuk diisi tangan. "
                                             "Isi nama saksi yang hadir lalu tekan «Simpan daftar hadir».")
        finally:
            self._loading = False
        self._set_dirty(False)

    def _section(self, r: int, title: str) -> int:
        label = QLabel(title)
        label.setStyleSheet("font-weight: bold; color: #1d3b57; border-bottom: 1px solid #b8cadb; "
                            "padding-top: 6px;")
        self._grid.addWidget(label, r, 0, 1, 4)
        return r + 1

    def _add_row(self, r: int, row: PersonRow) -> int:
        for col, widget in enumerate((row.label, row.name, row.presence, row.signing)):
            self._grid.addWidget(widget, r, col)
        self._grid.addWidget(row.reason_label, r + 1, 0)  # shown only for a refusal, under the person
        self._grid.addWidget(row.reason, r + 1, 1, 1, 3)
        row.signing.setVisible(row.signs_document)
        row.label.setMinimumWidth(140)
        row.name.setMinimumWidth(140)
        row.name.setCursorPosition(0)
        row.reason.setCursorPosition(0)
        row.sync()
        for signal in (row.name.textEdited, row.reason.textEdited, row.presence.currentIndexChanged,
                       row.signing.currentIndexChanged):
            signal.connect(self._on_edited)
        self._rows.append(row)
        return r + 2

    def _on_edited(self, *_args: object) -> None:
        if not self._loading:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        if dirty:
            self.attendance_state.setText("● Perubahan belum disimpan")
            self.attendance_state.setStyleSheet("color: #8a5a00; font-weight: bold;")
            self._stale = True
        else:
            self.attendance_state.setText("")
            self.attendance_state.setStyleSheet("")
        self._update_copies_hint()

    # ------------------------------------------------------------------ attendance
    def attendance_from_form(self) -> list[Attendee]:
        people = [r.attendee() for r in self._rows if not r.is_blank_optional()]
        return [*people, *self._kept]

    def save_attendance(self) -> bool:
        """Check the form and store it with ``set_attendance`` (one audited transaction). False: nothing stored."""
        contest = self.current_contest()
        if contest is None:
            return False
        problems = [p for r in self._rows for p in r.problems()]
        for row in self._rows:
            row.name.setStyleSheet("")
            row.reason.setStyleSheet("")
        if problems:
            for _text, field in problems:
                field.setStyleSheet(_FIELD_ERROR_STYLE)
            problems[0][1].setFocus()
            self.show_error("Daftar hadir TIDAK disimpan:\n" + "\n".join(f"• {text}" for text, _f in problems))
            return False
        try:
            self.service.set_attendance(contest.key, self.attendance_from_form())
            people = self.service.attendance(contest.key)
        except (StorageError, SQLAlchemyError) as exc:
            text = str(exc) if isinstance(exc, StorageError) else _read_error(exc)
            self.show_error(f"Daftar hadir TIDAK disimpan: {text}")
            return False
        self._populate(contest, people)
        self._stale = True
        self.show_info(f"Daftar hadir {contest.title} disimpan.")
        self.attendance_saved.emit(contest.key)
        return True

    def _store_if_dirty(self) -> bool:
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
        saksi = sum(1 for r in self._rows if r.role == "saksi" and r.present and r.name.text().strip())
        bawaslu = 1 if any(r.role == "bawaslu" and r.present for r in self._rows) else 0
        return 1 + saksi + bawaslu

    def _update_copies_hint(self) -> None:
        n = self.suggested_copies()
        self.copies_hint.setText(f"Rangkap cetak yang disarankan: {n} (1 untuk KPU, {n - 1} salinan untuk saksi "
                                 "yang hadir dan Bawaslu)")

    # ------------------------------------------------------------------ open items
    def refresh_completeness(self) -> OpenItems | None:
        """Check what is still open in the contest and show it (by name); None when it cannot be checked."""
        contest = self.current_contest()
        if contest is None:
            return None
        try:
            found = open_items(self.service, contest)
        except (StorageError, SQLAlchemyError) as exc:
            self._open = None
            self.completeness_label.setStyleSheet(_WARN_STYLE)
            self.completeness_label.setText(f"Kelengkapan tidak dapat diperiksa: {_read_error(exc)}")
            return None
        self._show_open_items(found)
        return found

    def _show_open_items(self, found: OpenItems) -> None:
        self._open = found
        if found.closed:
            self.completeness_label.setStyleSheet(_OK_STYLE)
            self.completeness_label.setText(
                "✓ Rekapitulasi kontes ini selesai: semua isian terisi, tanpa temuan galat, semua keberatan diputus, "
                "semua kecamatan ditetapkan. Dokumen dicetak final (tanpa tanda DRAF).")
            return
        self.completeness_label.setStyleSheet(_WARN_STYLE)
        items = "\n".join(f"• {line}" for line in found.lines())
        self.completeness_label.setText(
            f"⚠ Rekapitulasi kontes ini BELUM selesai — dokumen yang dicetak sekarang bertanda DRAF di setiap halaman "
            f"dan tercatat sebagai draf:\n{items}")

    # ------------------------------------------------------------------ preview
    def _tmpdir(self) -> Path:
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="rekap-berita-acara-")
        return Path(self._tmp.name)

    def _invalidate_preview(self, message: str) -> None:
        self._stale = True
        self.preview.clear(message)
        self.document_info.setText("—")

    def _on_paper_changed(self, _index: int) -> None:
        self._stale = True
        if self._preview_pdf is not None:
            self._invalidate_preview("Kertas diganti: tekan «Pratinjau» untuk memperbarui.")

    def _on_kind_changed(self, _index: int) -> None:
        self._stale = True
        self._invalidate_preview("Dokumen lain dipilih: tekan «Pratinjau» untuk menampilkannya.")
        self.sign_box.setEnabled(self.kind() is not DocumentKind.PEMBANDING_SIREKAP)

    def _issue(self, contest: Contest, out: Path, *, register: bool, purpose: Purpose = Purpose.DISIMPAN,
               sign: Path | None = None, password: str | None = None) -> IssuedDocument:
        with _busy():
            return issue_document(self.service, self.kind(), contest, purpose=purpose, out=out, paper=self.paper(),
                                  register=register, sign=sign, sign_password=password)

    def _show_document(self, pdf: Path, issued: IssuedDocument, *, registered: bool) -> None:
        old = self._preview_pdf
        self.preview.clear("")
        if old is not None and old != pdf and old.parent == self._tmpdir():
            with contextlib.suppress(OSError):
                old.unlink()
        result = issued.result
        self._preview_pdf, self._last_result, self._stale = pdf, result, False
        self._show_open_items(issued.open)
        state = "DRAF" if issued.stamp.draft else "final"
        note = "terdaftar" if registered else "pratinjau, belum terdaftar"
        self.document_info.setText(
            f"{result.page_count} halaman · kertas {self.paper().upper()} · {issued.stamp.document_id} ({state}, "
            f"{note})\n{issued.stamp.anchor} · SHA-256 angka: {result.data_sha256}")
        rasterizer = make_rasterizer(pdf)
        if rasterizer is None:
            self.preview.clear(
                "Halaman tidak dapat ditampilkan di sini: QtPdf tidak tersedia dan pdftoppm (poppler) tidak "
                "ditemukan. Buka PDF di penampil PDF sistem untuk memeriksanya.", offer_open=True)
        else:
            self.preview.set_document(rasterizer, result.page_count)

    def render_preview(self) -> RenderResult | None:
        """Store pending attendance, render the document to a temporary file (not registered) and show its pages."""
        contest = self.current_contest()
        if contest is None or not self._store_if_dirty():
            return None
        pdf = self._tmpdir() / f"pratinjau-{next(self._counter)}.pdf"
        try:
            issued = self._issue(contest, pdf, register=False)
        except OSError as exc:
            self.show_error(f"Pratinjau tidak dapat dibuat: {os_reason(exc)}")
            return None
        except (StorageError, SQLAlchemyError, ValueError) as exc:
            self.show_error(f"Pratinjau tidak dapat dibuat: {_read_error(exc)}")
            return None
        self._show_document(pdf, issued, registered=False)
        self.message.setVisible(False)
        return issued.result

    def open_pdf_externally(self) -> bool:
        """Open the preview PDF in the system's viewer (where pages cannot be shown or printed from here)."""
        if self._preview_pdf is None and self.render_preview() is None:
            return False
        assert self._preview_pdf is not None
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._preview_pdf))):
            self.show_error(f"Penampil PDF tidak dapat dibuka. Berkas pratinjau: {self._preview_pdf}")
            return False
        return True

    # ------------------------------------------------------------------ save
    def _choose_certificate(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Pilih sertifikat kantor", self.cert_path.text(),
                                              "Sertifikat PKCS#12 (*.p12 *.pfx);;Semua berkas (*)")
        if path:
            self.cert_path.setText(path)
            self.sign_box.setChecked(True)

    def default_save_path(self) -> Path:
        """In the folder chosen last in this session, else the user's documents folder."""
        contest = self.current_contest()
        assert contest is not None
        folder = BeritaAcaraDialog._last_dir or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        name = default_file_name(contest, self._settings.get("kabupaten_nama", ""), self._settings, self.kind())
        return Path(folder) / name

    def choose_and_save(self) -> Path | None:
        if self.current_contest() is None:
            return None
        path, _ = QFileDialog.getSaveFileName(self, "Simpan dokumen", str(self.default_save_path()),
                                              "Dokumen PDF (*.pdf)")
        if not path:
            return None
        return self.save_pdf(Path(path))

    def save_pdf(self, path: Path) -> Path | None:
        """Write the document to ``path`` and register it (atomically; signed when the signature box is checked)."""
        contest = self.current_contest()
        if contest is None or not self._store_if_dirty():
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        sign: Path | None = None
        password: str | None = None
        if self.sign_box.isChecked() and self.sign_box.isEnabled():
            if not self.cert_path.text().strip():
                self.show_error("Pilih berkas sertifikat .p12 untuk tanda tangan elektronik, atau matikan pilihan "
                                "tanda tangan. Tidak ada berkas yang ditulis.")
                return None
            sign = Path(self.cert_path.text().strip())
            password = self.cert_password.text() or None
            if not sign.is_file():
                self.show_error(f"Berkas sertifikat {sign} tidak ditemukan. Tidak ada berkas yang ditulis.")
                return None
        try:
            issued = self._issue(contest, path, register=True, sign=sign, password=password)
        except OSError as exc:
            self.show_error(f"PDF tidak dapat ditulis ke {path}: {_os_reason(exc, path)}. Tidak ada berkas yang "
                            "ditulis; pilih folder lain (mis. Dokumen) lalu simpan lagi.")
            return None
        except ValueError as exc:  # the certificate could not be opened or the PDF not signed
            self.show_error(f"Tanda tangan elektronik gagal: {exc}. Tidak ada berkas yang ditulis.")
            return None
        except (StorageError, SQLAlchemyError) as exc:
            self.show_error(f"Dokumen tidak dapat dibuat: {_read_error(exc)}")
            return None
        BeritaAcaraDialog._last_dir = str(path.parent)
        self._last_issue = issued
        self._show_document(path, issued, registered=True)
        assert issued.issue is not None
        signed = " bertanda tangan elektronik" if sign else ""
        draft = " sebagai DRAF (masih ada yang terbuka)" if issued.issue.draft else ""
        self.show_info(f"Dokumen{signed} disimpan{draft}: {path} ({issued.result.page_count} halaman, "
                       f"{issued.issue.document_id}, versi {issued.issue.version}; tercatat di register dokumen).")
        self.document_saved.emit(str(path))
        return path

    # ------------------------------------------------------------------ print
    def prepare_printer(self, printer: QPrinter) -> None:
        """Paper and orientation of the document, its name, and the suggested number of copies."""
        contest = self.current_contest()
        if self.paper() == "f4":
            size = QPageSize(QSizeF(215, 330), QPageSize.Unit.Millimeter, "F4", QPageSize.SizeMatchPolicy.ExactMatch)
        else:
            size = QPageSize(QPageSize.PageSizeId.A4)
        printer.setPageSize(size)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        label = dict(DOCUMENT_KINDS).get(self.kind(), "Dokumen")
        printer.setDocName(f"{label} {contest.title if contest else ''}".strip())
        printer.setCopyCount(self.suggested_copies())

    def print_document(self) -> int:
        """Render fresh, ask for the printer (QPrintDialog), print. Returns the sheets sent to the printer."""
        result = self.render_preview()
        if result is None:
            return 0
        if self.preview.rasterizer is None:
            self.show_error("Cetak langsung memerlukan QtPdf atau pdftoppm (poppler), dan keduanya tidak ada. "
                            "Buka PDF di penampil PDF lalu cetak dari sana.")
            self.preview.open_button.setVisible(True)
            return 0
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.prepare_printer(printer)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Cetak dokumen")
        dialog.setMinMax(1, result.page_count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
        return self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Issue the document for printing (registered as *dicetak*) and print it on ``printer`` as page images at
        the printer's resolution.

        Honours the page range and, when the printer cannot make copies itself (e.g. PDF output), the copy
        count and collation. Returns the number of sheets painted (0 on failure, with a message shown).
        """
        contest = self.current_contest()
        if contest is None or not self._store_if_dirty():
            return 0
        pdf = self._tmpdir() / f"cetak-{next(self._counter)}.pdf"
        try:
            issued = self._issue(contest, pdf, register=True, purpose=Purpose.DICETAK)
        except StaleIssue as exc:
            self.show_error(f"Tidak dicetak: {exc}. Coba cetak lagi.")
            return 0
        except (OSError, StorageError, SQLAlchemyError, ValueError) as exc:
            self.show_error(f"Tidak dicetak: {_read_error(exc)}")
            return 0
        self._last_issue = issued
        self._show_document(pdf, issued, registered=True)
        rasterizer = self.preview.rasterizer
        if rasterizer is None:
            self.show_error("Cetak langsung memerlukan QtPdf atau pdftoppm (poppler). Buka PDF di penampil PDF lalu "
                            "cetak dari sana.")
            return 0
        n = self.preview.page_count
        pages = list(range(n))
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            pages = list(range(printer.fromPage() - 1, min(printer.toPage() or n, n)))
        elif printer.printRange() == QPrinter.PrintRange.CurrentPage:
            pages = [self.preview.current_page]
        copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
        if printer.collateCopies():
            order = [p for _ in range(copies) for p in pages]
        else:
            order = [p for p in pages for _ in range(copies)]
        dpi = max(PRINT_DPI_MIN, min(PRINT_DPI_MAX, printer.resolution()))
        painter = QPainter()
        if not painter.begin(printer):
            self.show_error("Printer tidak dapat dimulai. Periksa printer lalu coba lagi.")
            return 0
        sheets = 0
        try:
            with _busy():
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
            self.show_error(f"Pencetakan berhenti setelah {sheets} halaman: {exc}")
            return sheets
        painter.end()
        copies_text = f", {copies} rangkap" if copies > 1 else ""
        assert issued.issue is not None
        draft = ", DRAF" if issued.issue.draft else ""
        self.show_info(f"{sheets} halaman dikirim ke printer{copies_text} ({issued.issue.document_id}, versi "
                       f"{issued.issue.version}{draft}; tercatat di register dokumen sebagai dicetak).")
        self.printed.emit(sheets)
        return sheets

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
        self.preview.clear("Pratinjau belum dibuat. Tekan «Pratinjau».")
        self._preview_pdf = None
        self._stale = True
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                self._tmp.cleanup()
            self._tmp = None


_ERRNO_REASONS = {
    errno.ENOENT: "folder tujuan tidak ada",
    errno.EACCES: "tidak ada izin menulis di folder itu",
    errno.EPERM: "tidak ada izin menulis di folder itu",
    errno.EROFS: "media hanya dapat dibaca (read-only)",
    errno.ENOSPC: "disk penuh",
    errno.EISDIR: "nama itu adalah sebuah folder",
    errno.ENOTDIR: "bagian dari jalur itu bukan folder",
    errno.ENAMETOOLONG: "nama berkas terlalu panjang",
}


def _os_reason(exc: OSError, path: Path) -> str:
    """An Indonesian reason for a failed write (the OS text is English on most machines)."""
    if exc.errno == errno.EISDIR or path.is_dir():
        return _ERRNO_REASONS[errno.EISDIR]
    if exc.errno in _ERRNO_REASONS:
        return _ERRNO_REASONS[exc.errno]
    return os_reason(exc)


def _read_error(exc: BaseException) -> str:
    if isinstance(exc, (StorageError, ValueError)):
        return str(exc)
    if isinstance(exc, OSError):
        return os_reason(exc)
    text = str(getattr(exc, "orig", exc)).strip().splitlines()
    return f"basis data tidak dapat dibaca ({text[0][:200] if text else type(exc).__name__})"
