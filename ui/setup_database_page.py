"""The first page of the setup wizard: where the database is (the default file, another SQLite file, a PostgreSQL
server), or the demo instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizardPage,
)

from rekap_desktop.db import default_database_path
from ui.setup_common import error_label, esc, note

if TYPE_CHECKING:
    from ui.setup_wizard import SetupWizard


class DatabasePage(QWizardPage):
    """Where the database is: the default file, another file, a PostgreSQL server; or the demo."""

    def __init__(self, wizard: SetupWizard, target: str | Path | None) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Basis data")
        self.setSubTitle("Di mana data rekapitulasi kabupaten/kota ini disimpan?")
        default = default_database_path()
        self.default_radio = QRadioButton("Lokasi bawaan di komputer ini (disarankan untuk satu komputer)")
        self.default_path = QLabel(f"<code>{esc(str(default))}</code>")
        self.default_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_radio = QRadioButton("Berkas SQLite lain (mis. di flashdisk atau folder kantor):")
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText("mis. D:\\Pemilu2024\\rekap-sampang.sqlite")
        self.browse_button = QPushButton("Pilih…")
        self.browse_button.clicked.connect(self._browse)
        self.pg_radio = QRadioButton("Server PostgreSQL (beberapa komputer memakai basis data yang sama):")
        self.pg_edit = QLineEdit()
        self.pg_edit.setPlaceholderText("postgresql+psycopg://pengguna:sandi@server/rekap")
        self.error = error_label()
        self.group = QButtonGroup(self)
        for radio in (self.default_radio, self.file_radio, self.pg_radio):
            self.group.addButton(radio)
        self.file_edit.textEdited.connect(lambda _t: self.file_radio.setChecked(True))
        self.pg_edit.textEdited.connect(lambda _t: self.pg_radio.setChecked(True))
        self.group.buttonToggled.connect(lambda *_: self._changed())
        self.file_edit.textChanged.connect(lambda _t: self._changed())
        self.pg_edit.textChanged.connect(lambda _t: self._changed())

        text = str(target) if target is not None else ""
        if "://" in text:
            self.pg_radio.setChecked(True)
            self.pg_edit.setText(text)
        elif text and Path(text).expanduser().resolve() != default.resolve():
            self.file_radio.setChecked(True)
            self.file_edit.setText(text)
        else:
            self.default_radio.setChecked(True)

        self.demo_button = QPushButton("Buka data demo (Kabupaten Sampang)")
        self.demo_button.clicked.connect(wizard.start_demo)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.busy = note()

        layout = QVBoxLayout(self)
        layout.addWidget(self.default_radio)
        layout.addWidget(self.default_path)
        layout.addSpacing(6)
        layout.addWidget(self.file_radio)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(self.browse_button)
        layout.addLayout(row)
        layout.addSpacing(6)
        layout.addWidget(self.pg_radio)
        layout.addWidget(self.pg_edit)
        layout.addWidget(note("Berkas yang belum ada akan dibuat. Berkas yang sudah ada dibuka apa adanya: "
                               "langkah berikutnya menampilkan isinya."))
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addSpacing(8)
        layout.addWidget(line)
        layout.addWidget(note("<b>Hanya ingin mencoba?</b> Data demo Kabupaten Sampang berisi wilayah asli, "
                               "calon rekaan, angka buatan dan data Sirekap contoh. Jangan dipakai untuk rapat "
                               "pleno yang sebenarnya."))
        demo_row = QHBoxLayout()
        demo_row.addWidget(self.demo_button)
        demo_row.addStretch(1)
        layout.addLayout(demo_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def _changed(self) -> None:
        self.error.clear()
        self.completeChanged.emit()

    def _browse(self) -> None:
        start = self.file_edit.text() or str(Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)) / "rekap.sqlite")
        path, _ = QFileDialog.getSaveFileName(
            self, "Pilih atau buat berkas basis data", start, "Basis data SQLite (*.sqlite *.db);;Semua berkas (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.file_edit.setText(path)
            self.file_radio.setChecked(True)

    def chosen_target(self) -> tuple[str | Path | None, str]:
        """(target, "") or (None, why not)."""
        if self.pg_radio.isChecked():
            url = self.pg_edit.text().strip()
            if not url:
                return None, "Tulis URL server PostgreSQL."
            if not url.startswith("postgresql") or "://" not in url:
                return None, ("URL PostgreSQL harus berbentuk postgresql+psycopg://pengguna:sandi@server/nama, "
                              f"bukan {url!r}.")
            return url, ""
        if self.file_radio.isChecked():
            text = self.file_edit.text().strip()
            if not text:
                return None, "Tulis atau pilih nama berkas basis data."
            path = Path(text).expanduser()
            if path.is_dir():
                return None, f"{path} adalah folder; tulis nama berkas di dalamnya (mis. rekap.sqlite)."
            if not path.suffix:
                path = path.with_suffix(".sqlite")
            return path, ""
        return default_database_path(), ""

    def isComplete(self) -> bool:
        return not self._wizard.busy and self.chosen_target()[0] is not None

    def validatePage(self) -> bool:
        target, why = self.chosen_target()
        if target is None:
            self.error.setText(why)
            return False
        problem = self._wizard.open_database(target)
        if problem:
            self.error.setText(problem)
            return False
        self.error.clear()
        return True

    def set_busy(self, text: str) -> None:
        self.busy.setText(text)
        self.progress.setVisible(bool(text))
        for widget in (self.default_radio, self.file_radio, self.pg_radio, self.file_edit, self.pg_edit,
                       self.browse_button, self.demo_button):
            widget.setEnabled(not text)
