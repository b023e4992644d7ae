"""The correction dialog: changing a figure of a kecamatan that is already ditetapkan needs a reason and a
keberatan (an existing one, or a new one recorded on the spot)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from rekap_desktop.contest import Contest
from rekap_desktop.numbers import format_number
from rekap_desktop.services import RecapService, StorageError
from ui.form_dialog import finish_form_dialog
from ui.keberatan_panel import KIND_LABELS, KeberatanDialog, store_keberatan


class CorrectionDialog(QDialog):
    """A correction of a ditetapkan kecamatan: a figure (the constructor) or reopening it (:meth:`reopening`)."""

    def __init__(
        self, service: RecapService, contest: Contest, line: str, kecamatan: str, old: int | None, new: int | None,
        parent: QWidget | None = None, *, intro_html: str | None = None, save_text: str = "Simpan koreksi",
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.contest = contest
        self.line = line
        self.kecamatan = kecamatan
        self.setWindowTitle("Koreksi setelah penetapan")
        name = contest.kecamatan_name(kecamatan)
        intro = QLabel(intro_html or (
            f"Kecamatan <b>{name}</b> sudah <b>ditetapkan</b>. Koreksi baris <b>{line}</b> dari "
            f"<b>{format_number(old, '—')}</b> menjadi <b>{format_number(new, '(kosong)')}</b> "
            "hanya dapat dilakukan dengan alasan dan keberatan yang tercatat."
        ))
        intro.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("alasan koreksi, mis. hasil pencermatan bersama saksi dan Bawaslu")
        self.keberatan = QComboBox()
        self.new_button = QPushButton("Catat keberatan baru…")
        self.new_button.clicked.connect(self._new_keberatan)
        row = QHBoxLayout()
        row.addWidget(self.keberatan, 1)
        row.addWidget(self.new_button)
        form = QFormLayout()
        form.addRow("Alasan", self.reason)
        form.addRow("Keberatan", row)
        self.error = finish_form_dialog(self, form, self._accept, save_text=save_text, above=intro)
        self._fill()

    @classmethod
    def reopening(
        cls, service: RecapService, contest: Contest, kecamatan: str, new_status: str, parent: QWidget | None = None
    ) -> CorrectionDialog:
        """Reopening a ditetapkan kecamatan (to ``new_status``) is a correction too: reason and keberatan."""
        name = contest.kecamatan_name(kecamatan)
        intro = (f"Kecamatan <b>{name}</b> sudah <b>ditetapkan</b>. Membukanya kembali (menjadi <b>{new_status}</b>) "
                 "adalah koreksi: wajib alasan dan keberatan yang tercatat, dan tercatat di log audit serta tampil "
                 "di layar proyektor.")
        dialog = cls(service, contest, "", kecamatan, None, None, parent, intro_html=intro,
                     save_text="Buka kembali")
        dialog.setWindowTitle("Buka kembali kecamatan yang sudah ditetapkan")
        return dialog

    def _fill(self, select: int | None = None) -> None:
        self.keberatan.clear()
        self.keberatan.addItem("— pilih keberatan —", None)
        for k in self.service.keberatan(self.contest.key):
            if k.kecamatan not in (None, self.kecamatan):
                continue
            label = f"#{k.id} {KIND_LABELS.get(k.kind, k.kind)}: {k.description[:60]}"
            self.keberatan.addItem(label, k.id)
        if select is not None:
            self.keberatan.setCurrentIndex(max(0, self.keberatan.findData(select)))

    def _new_keberatan(self) -> None:
        dialog = KeberatanDialog(self.contest, kecamatan=self.kecamatan, cells=[self.line] if self.line else [],
                                 parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            new_id = store_keberatan(self.service, self.contest.key, {**dialog.values(), "kecamatan": self.kecamatan})
        except StorageError as exc:
            self.error.setText(str(exc))
            return
        self._fill(select=new_id)

    def _accept(self) -> None:
        if not self.reason.toPlainText().strip():
            self.error.setText("Alasan koreksi wajib diisi.")
            return
        if self.keberatan.currentData() is None:
            self.error.setText("Pilih keberatan yang menjadi dasar koreksi, atau catat yang baru.")
            return
        self.accept()

    @property
    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    @property
    def keberatan_id(self) -> int | None:
        data = self.keberatan.currentData()
        return int(data) if data is not None else None
