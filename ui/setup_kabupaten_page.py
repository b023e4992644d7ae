"""The kabupaten/kota page of the setup wizard: the province and kabupaten/kota from the shipped list (or a code and
name typed in), set up through :func:`rekap_desktop.setup.init_kabupaten`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget, QWizardPage

from rekap_desktop.region_names import kabupaten_of, provinces
from rekap_desktop.services import StorageError
from rekap_desktop.setup import SetupError, init_kabupaten
from ui.setup_common import describe_failure, error_label, esc, note

if TYPE_CHECKING:
    from ui.setup_wizard import SetupWizard


class KabupatenPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Kabupaten/kota")
        self.setSubTitle("Pilih provinsi dan kabupaten/kota yang direkapitulasi dengan basis data ini.")
        self.province = QComboBox()
        self.province.addItem("— pilih provinsi —", "")
        for p in provinces():
            self.province.addItem(f"{p.code}  {p.name}", p.code)
        self.kabupaten = QComboBox()
        self.code = QLineEdit()
        self.code.setValidator(QIntValidator(1000, 9999, self.code))
        self.code.setMaxLength(4)
        self.name = QLineEdit()
        self.name.setPlaceholderText("mis. BOGOR atau KOTA BANDUNG")
        self.manual_note = note()
        self.manual = QWidget()
        manual = QFormLayout(self.manual)
        manual.setContentsMargins(0, 0, 0, 0)
        manual.addRow("Kode Kemendagri (4 digit)", self.code)
        manual.addRow("Nama kabupaten/kota", self.name)
        self.note = note()
        self.error = error_label()
        self.province.currentIndexChanged.connect(self._province_changed)
        self.kabupaten.currentIndexChanged.connect(self._kabupaten_changed)
        self.code.textChanged.connect(lambda _t: self._changed())
        self.name.textChanged.connect(lambda _t: self._changed())
        form = QFormLayout()
        form.addRow("Provinsi", self.province)
        form.addRow("Kabupaten/kota", self.kabupaten)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.manual_note)
        layout.addWidget(self.manual)
        layout.addSpacing(8)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self._province_changed()

    def _changed(self) -> None:
        self.error.clear()
        self.completeChanged.emit()

    def _province_changed(self) -> None:
        code = self.province.currentData() or ""
        self.kabupaten.blockSignals(True)
        self.kabupaten.clear()
        shipped = kabupaten_of(code) if code else []
        for k in shipped:
            self.kabupaten.addItem(f"{k.code}  {k.title}", k.code)
        if code:
            self.kabupaten.addItem("Lainnya: tulis kode dan nama sendiri…", "")
        if shipped:
            self.kabupaten.insertItem(0, "— pilih kabupaten/kota —", None)
            self.kabupaten.setCurrentIndex(0)
        self.kabupaten.blockSignals(False)
        self.kabupaten.setEnabled(bool(code) and not self._locked())
        if code and not shipped:
            self.manual_note.setText("Daftar kabupaten/kota provinsi ini tidak dibawa aplikasi: tulis kode "
                                     f"Kemendagri (4 digit, diawali {code}) dan namanya.")
        else:
            self.manual_note.clear()
        self.code.setPlaceholderText(f"{code}xx" if code else "mis. 3527")
        self._kabupaten_changed()

    def _kabupaten_changed(self) -> None:
        manual = bool(self.province.currentData()) and self.kabupaten.currentData() == ""
        self.manual.setVisible(manual)
        self._changed()

    def _locked(self) -> bool:
        return bool(self._wizard.stored_settings().get("kabupaten_kode"))

    def initializePage(self) -> None:
        settings = self._wizard.stored_settings()
        code = settings.get("kabupaten_kode", "")
        if not code:
            self.province.setEnabled(True)
            self.code.setReadOnly(False)
            self._province_changed()
            self.note.setText("Kode dan nama diambil dari daftar wilayah Kemendagri yang dibawa aplikasi. "
                              "Satu basis data hanya untuk satu kabupaten/kota.")
            return
        self.province.setCurrentIndex(max(0, self.province.findData(code[:2])))
        index = self.kabupaten.findData(code)
        if index < 0:
            self.kabupaten.setCurrentIndex(self.kabupaten.findData(""))
            self.code.setText(code)
            self.name.setText(settings.get("kabupaten_nama", ""))
        else:
            self.kabupaten.setCurrentIndex(index)
        self.province.setEnabled(False)
        self.kabupaten.setEnabled(False)
        self.code.setReadOnly(True)
        name = settings.get("kabupaten_nama", "")
        self.note.setText(f"Basis data ini sudah disiapkan untuk <b>{esc(code)} {esc(name)}</b>, Provinsi "
                          f"{esc(settings.get('provinsi_nama', ''))}. Satu basis data hanya untuk satu "
                          "kabupaten/kota; untuk kabupaten/kota lain pakai basis data lain.")

    def chosen(self) -> tuple[str, str | None]:
        """(kode, nama): nama None when the code comes from the shipped list."""
        data = self.kabupaten.currentData()
        if data:
            return str(data), None
        return self.code.text().strip(), " ".join(self.name.text().split()) or None

    def isComplete(self) -> bool:
        code, _ = self.chosen()
        return len(code) == 4 and code.isdigit()

    def validatePage(self) -> bool:
        code, name = self.chosen()
        province = self.province.currentData() or ""
        if self.manual.isVisible() or self.kabupaten.currentData() == "":
            if not code.startswith(province):
                self.error.setText(f"Kode {code} bukan kabupaten/kota Provinsi {self.province.currentText()}: "
                                   f"kodenya harus diawali {province}.")
                return False
            if not name and not self._locked():
                self.error.setText("Tulis nama kabupaten/kota (mis. BOGOR, KOTA BANDUNG).")
                return False
        service = self._wizard.service
        if service is None:
            self.error.setText("Basis data belum dibuka; kembali ke langkah sebelumnya.")
            return False
        try:
            result = init_kabupaten(service, code, name)
        except (SetupError, StorageError) as exc:
            self.error.setText(f"Tidak disiapkan: {exc}")
            return False
        except Exception as exc:
            self.error.setText(f"Tidak disiapkan: {describe_failure(exc)}")
            return False
        self._wizard.modified = True
        self.error.clear()
        self.note.setText(f"Disiapkan untuk {esc(result.kabupaten.title)} ({result.kabupaten.code}), "
                          f"{esc(result.provinsi.title)}.")
        return True
