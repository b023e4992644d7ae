"""Attendance for the contest's documents: who is present, who signs, who refused to sign and why.

:class:`PersonRow` is one line of the grid; :class:`AttendancePanel` is the «Daftar hadir dan tanda tangan» box of
the documents dialog (:mod:`ui.berita_acara_dialog`): filled from the stored attendance or, when none was stored,
from the office settings, checked (a refusal needs its reason) and stored with :meth:`RecapService.set_attendance`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from rekap_desktop.contest import Contest
from rekap_desktop.services import Attendee, RecapService, StorageError
from reports.contest_data import peserta_labels
from ui.berita_acara_messages import MessageBar, read_error

HADIR, TIDAK_HADIR = "hadir", "tidak hadir"
MENANDATANGANI, MENOLAK = "menandatangani", "menolak"

_FIELD_ERROR_STYLE = "QLineEdit { border: 2px solid #b00020; }"


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


class AttendancePanel(QGroupBox):
    """«Daftar hadir dan tanda tangan»: the KPU, one line per saksi peserta and Bawaslu, «Simpan daftar hadir»
    (connected by the dialog) and whether there are unsaved changes. Errors and confirmations go to ``messages``.

    Signals: ``state_changed()`` after every edit and after every (re)load, with :attr:`dirty` already set;
    ``saved(contest_key)`` after the attendance was stored.
    """

    state_changed = Signal()
    saved = Signal(str)

    def __init__(self, service: RecapService, settings: dict[str, str], messages: MessageBar,
                 parent: QWidget | None = None) -> None:
        super().__init__("Daftar hadir dan tanda tangan", parent)
        self.service = service
        self._settings = settings
        self._messages = messages
        self.contest: Contest | None = None
        self.rows: list[PersonRow] = []
        self.kept: list[Attendee] = []  # PPK lines: not edited here, stored back unchanged
        self.dirty = False
        self._loading = False
        self._stretch_row = 0
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
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
        self.save_button = QPushButton("Simpan daftar hadir")
        self.save_button.clicked.connect(self.save)
        self.state = QLabel()
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.state, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(grid_scroll, 1)
        layout.addLayout(save_row)

    def load(self, contest: Contest) -> None:
        """Show the attendance stored for ``contest`` (none stored, or it cannot be read: from the settings)."""
        self.contest = contest
        try:
            people = self.service.attendance(contest.key)
        except (StorageError, SQLAlchemyError) as exc:
            people = []
            self._messages.show_error(read_error(exc))
        self.populate(contest, people)

    def populate(self, contest: Contest, people: Sequence[Attendee]) -> None:
        """Fill the grid from the stored attendance ``people``, or (none stored) from the office settings."""
        self._loading = True
        try:
            while self._grid.count():
                item = self._grid.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.hide()
                    widget.deleteLater()
            self._grid.setRowStretch(self._stretch_row, 0)
            self.rows = []
            stored = bool(people)
            if stored:
                ketua = [p for p in people if p.role == "ketua"] or [Attendee("ketua", "")]
                anggota = [p for p in people if p.role == "anggota"]
                bawaslu = [p for p in people if p.role == "bawaslu"] or [None]
                self.kept = [p for p in people if p.role == "ppk"]
            else:
                settings = self._settings
                ketua = [Attendee("ketua", settings.get("ketua", ""))]
                anggota = [Attendee("anggota", n) for n in settings.get("anggota", "").split("|") if n.strip()]
                bawaslu = [None]
                self.kept = []
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
                self.note.setText("Daftar hadir tersimpan untuk kontes ini. Ubah lalu tekan «Simpan "
                                  "daftar hadir»; saksi yang menolak wajib disertai alasan.")
            else:
                self.note.setText("Daftar hadir kontes ini belum pernah disimpan: dokumen memakai nama "
                                  "KPU dari pengaturan kantor dan baris saksi kosong untuk diisi tangan. "
                                  "Isi nama saksi yang hadir lalu tekan «Simpan daftar hadir».")
        finally:
            self._loading = False
        self.set_dirty(False)

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
        self.rows.append(row)
        return r + 2

    def _on_edited(self, *_args: object) -> None:
        if not self._loading:
            self.set_dirty(True)

    def set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        if dirty:
            self.state.setText("● Perubahan belum disimpan")
            self.state.setStyleSheet("color: #8a5a00; font-weight: bold;")
        else:
            self.state.setText("")
            self.state.setStyleSheet("")
        self.state_changed.emit()

    def attendance(self) -> list[Attendee]:
        """What the form says, in the form's order, with the PPK lines kept unchanged at the end."""
        people = [r.attendee() for r in self.rows if not r.is_blank_optional()]
        return [*people, *self.kept]

    def save(self) -> bool:
        """Check the form and store it with ``set_attendance`` (one audited transaction). False: nothing stored."""
        contest = self.contest
        if contest is None:
            return False
        problems = [p for r in self.rows for p in r.problems()]
        for row in self.rows:
            row.name.setStyleSheet("")
            row.reason.setStyleSheet("")
        if problems:
            for _text, field in problems:
                field.setStyleSheet(_FIELD_ERROR_STYLE)
            problems[0][1].setFocus()
            self._messages.show_error(
                "Daftar hadir TIDAK disimpan:\n" + "\n".join(f"• {text}" for text, _f in problems))
            return False
        try:
            self.service.set_attendance(contest.key, self.attendance())
            people = self.service.attendance(contest.key)
        except (StorageError, SQLAlchemyError) as exc:
            text = str(exc) if isinstance(exc, StorageError) else read_error(exc)
            self._messages.show_error(f"Daftar hadir TIDAK disimpan: {text}")
            return False
        self.populate(contest, people)
        self._messages.show_info(f"Daftar hadir {contest.title} disimpan.")
        self.saved.emit(contest.key)
        return True

    def suggested_copies(self) -> int:
        """One for the KPU plus a salinan for every saksi present and for Bawaslu (domain §4.7)."""
        saksi = sum(1 for r in self.rows if r.role == "saksi" and r.present and r.name.text().strip())
        bawaslu = 1 if any(r.role == "bawaslu" and r.present for r in self.rows) else 0
        return 1 + saksi + bawaslu
