"""The office's electronic signature (PAdES) for «Simpan PDF» in the documents dialog (:mod:`ui.berita_acara_dialog`):
off until the box is ticked; the certificate is a PKCS#12 file and its password.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QWidget


class SignatureBox(QGroupBox):
    """«Tanda tangan elektronik kantor»: a checkable box with the certificate file and its password."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Tanda tangan elektronik kantor (PAdES, opsional, untuk «Simpan PDF»)", parent)
        self.setCheckable(True)
        self.setChecked(False)
        self.cert_path = QLineEdit()
        self.cert_path.setPlaceholderText("berkas sertifikat .p12 / .pfx")
        self.cert_button = QPushButton("Pilih…")
        self.cert_button.clicked.connect(self.choose_certificate)
        self.cert_password = QLineEdit()
        self.cert_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.cert_password.setPlaceholderText("kata sandi sertifikat")
        cert_row = QHBoxLayout()
        cert_row.addWidget(self.cert_path, 1)
        cert_row.addWidget(self.cert_button)
        form = QFormLayout(self)
        form.addRow("Sertifikat", cert_row)
        form.addRow("Kata sandi", self.cert_password)

    def choose_certificate(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window(), "Pilih sertifikat kantor", self.cert_path.text(),
                                              "Sertifikat PKCS#12 (*.p12 *.pfx);;Semua berkas (*)")
        if path:
            self.cert_path.setText(path)
            self.setChecked(True)

    def wanted(self) -> bool:
        """Sign the saved PDF: the box is ticked and the document is one that is signed."""
        return self.isChecked() and self.isEnabled()
