"""Who is operating this station: asked at the start of every session, remembered per station, changeable.

Every audit event carries the name given here (the actor) and the station's name (DESIGN §13); the application
never writes a generic "operator". The name is remembered in this computer's QSettings and offered again at the
next start; the status bar shows it and opens this dialog to change it (a shift change in the night).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QWidget

from ui.form_dialog import finish_form_dialog

KEY_OPERATOR = "operator/name"
MAX_OPERATOR = 100


def operator_name(settings: QSettings) -> str:
    """The operator's name remembered on this computer ("" when never set)."""
    value = settings.value(KEY_OPERATOR, "")
    return " ".join(str(value or "").split())


def clean_name(text: str) -> str:
    return " ".join(text.split())[:MAX_OPERATOR]


class OperatorDialog(QDialog):
    """After ``exec()`` returned Accepted: :meth:`name` (non-empty), also remembered in ``settings``."""

    def __init__(self, settings: QSettings, station: str, *, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Operator stasiun ini")
        intro = QLabel(
            "Tulis nama Anda. Setiap perubahan angka, status, keberatan dan dokumen dicatat di log audit atas nama "
            f"ini dan nama stasiun <b>{station}</b>, sehingga saksi dan Bawaslu dapat melihat siapa mengubah apa."
        )
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(current or operator_name(settings))
        self.name_edit.setMaxLength(MAX_OPERATOR)
        self.name_edit.setPlaceholderText("nama lengkap operator")
        self.name_edit.selectAll()
        form = QFormLayout()
        form.addRow("Nama operator", self.name_edit)
        form.addRow("Stasiun", QLabel(station))
        self.error = finish_form_dialog(self, form, self._accept, save_text="Mulai", above=intro)
        self.name_edit.setFocus()

    def name(self) -> str:
        return clean_name(self.name_edit.text())

    def _accept(self) -> None:
        if not self.name():
            self.error.setText("Nama operator wajib diisi: log audit mencatat siapa yang mengubah data.")
            return
        self.settings.setValue(KEY_OPERATOR, self.name())
        self.settings.sync()
        self.accept()


def ask_operator(settings: QSettings, station: str, *, current: str = "", parent: QWidget | None = None) -> str | None:
    """Ask for the operator's name (modal); None when the operator cancelled."""
    dialog = OperatorDialog(settings, station, current=current, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.name()
