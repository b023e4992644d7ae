"""The office page of the setup wizard: the office data printed on the berita acara (office, place, ketua,
anggota, sekretaris, paper, plenary date), typed in or loaded from the ``kantor`` file; each change audited.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from rekap_desktop.reference_files.formats import OFFICE_KEYS, FileKind
from ui.setup_common import error_label, note, red, result_html

if TYPE_CHECKING:
    from ui.setup_wizard import SetupWizard

OFFICE_FIELDS = ("kantor", "tempat", "ketua", "sekretaris")  # single-line office settings (anggota: one per line)
OFFICE_REQUIRED = ("kantor", "tempat", "ketua", "anggota", "sekretaris")  # printed on every berita acara

class OfficePage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Data kantor")
        self.setSubTitle("Dicetak pada berita acara dan sertifikat. Setiap perubahan tercatat di log audit.")
        self.fields: dict[str, QLineEdit] = {}
        placeholders = {
            "kantor": "KOMISI PEMILIHAN UMUM KABUPATEN …",
            "tempat": "mis. Aula KPU Kabupaten …, Jalan … No. …",
            "ketua": "nama lengkap dengan gelar",
            "sekretaris": "nama lengkap dengan gelar",
        }
        labels = {"kantor": "Nama kantor", "tempat": "Tempat rapat (aula, alamat)", "ketua": "Ketua",
                  "sekretaris": "Sekretaris"}
        form = QFormLayout()
        for key in OFFICE_FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText(placeholders[key])
            edit.setToolTip(OFFICE_KEYS[key])
            self.fields[key] = edit
        self.anggota = QPlainTextEdit()
        self.anggota.setPlaceholderText("satu nama per baris")
        self.anggota.setTabChangesFocus(True)
        self.anggota.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.paper = QComboBox()
        self.paper.addItem("A4 (210 × 297 mm)", "a4")
        self.paper.addItem("F4 (215 × 330 mm)", "f4")
        self.date_set = QCheckBox("sudah ditetapkan:")
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setLocale(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
        self.date.setDisplayFormat("d MMMM yyyy")
        self.date.setDate(QDate.currentDate())
        self.date.setEnabled(False)
        self.date_set.toggled.connect(self.date.setEnabled)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_set)
        date_row.addWidget(self.date)
        date_row.addStretch(1)
        form.addRow(labels["kantor"], self.fields["kantor"])
        form.addRow(labels["tempat"], self.fields["tempat"])
        form.addRow(labels["ketua"], self.fields["ketua"])
        form.addRow("Anggota", self.anggota)
        form.addRow(labels["sekretaris"], self.fields["sekretaris"])
        form.addRow("Kertas berita acara", self.paper)
        form.addRow("Tanggal rapat pleno", date_row)
        self.file_button = QPushButton("Muat dari berkas kantor…")
        self.file_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_button)
        file_row.addStretch(1)
        self.file_report = note()
        self.file_report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.later = QCheckBox("Simpan walau data kantor belum lengkap (lengkapi nanti sebelum mencetak berita "
                               "acara)")
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(file_row)
        layout.addWidget(self.file_report)
        layout.addStretch(1)
        layout.addWidget(self.later)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        self.fill(self._wizard.stored_settings())

    def fill(self, settings: dict[str, str]) -> None:
        for key, edit in self.fields.items():
            edit.setText(settings.get(key, ""))
        self.anggota.setPlainText("\n".join(n for n in settings.get("anggota", "").split("|") if n))
        self.paper.setCurrentIndex(max(0, self.paper.findData(settings.get("kertas", "a4").lower())))
        date = QDate.fromString(settings.get("tanggal_rapat", ""), "yyyy-MM-dd")
        self.date_set.setChecked(date.isValid())
        if date.isValid():
            self.date.setDate(date)

    def values(self) -> dict[str, str]:
        """The office settings as they will be stored (anggota joined with '|')."""
        out = {key: " ".join(edit.text().split()) for key, edit in self.fields.items()}
        members = [" ".join(ln.split()) for ln in self.anggota.toPlainText().splitlines()]
        out["anggota"] = "|".join(m for m in members if m)
        out["kertas"] = str(self.paper.currentData())
        out["tanggal_rapat"] = self.date.date().toString("yyyy-MM-dd") if self.date_set.isChecked() else ""
        return out

    def problems(self, values: dict[str, str]) -> list[str]:
        why = []
        names = {"kantor": "nama kantor", "tempat": "tempat rapat", "ketua": "ketua", "sekretaris": "sekretaris"}
        for key, label in names.items():
            if "|" in values[key]:
                why.append(f"{label}: tanda '|' tidak boleh dipakai")
            if len(values[key]) > 500:
                why.append(f"{label} terlalu panjang ({len(values[key])} huruf; paling banyak 500)")
        for member in values["anggota"].split("|"):
            if len(member) > 500:
                why.append(f"nama anggota terlalu panjang ({len(member)} huruf)")
        if len(values["anggota"]) > 500:
            why.append("daftar anggota terlalu panjang (paling banyak 500 huruf seluruhnya)")
        return why

    def choose_file(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Pilih berkas kantor", self._wizard.files_page.start_dir(),
            "Templat kantor (*.csv *.xlsx);;Semua berkas (*)")
        if not files:
            return
        results = self._wizard.load_files([Path(f) for f in files], None)
        self.file_report.setText("".join(result_html(r, FileKind.KANTOR) for r in results)
                                 or red(self._wizard.last_error or "Tidak ada berkas yang dapat dibaca."))
        if results and all(r.ok for r in results):
            self.fill(self._wizard.stored_settings())

    def validatePage(self) -> bool:
        values = self.values()
        why = self.problems(values)
        if why:
            self.error.setText("Belum disimpan: " + "; ".join(why) + ".")
            return False
        empty = [OFFICE_KEYS[k].split(" (")[0] for k in OFFICE_REQUIRED if not values[k]]
        if empty and not self.later.isChecked():
            self.error.setText("Belum diisi: " + ", ".join(empty) + ". Semuanya dicetak pada berita acara; isi, "
                               "atau centang 'Simpan walau data kantor belum lengkap'.")
            return False
        problem = self._wizard.store_settings(values)
        if problem:
            self.error.setText(problem)
            return False
        self.error.clear()
        return True
