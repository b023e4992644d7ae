"""The common frame of our small form dialogs: the form, an Indonesian error line, Simpan/Batal buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget


def finish_form_dialog(
    dialog: QDialog, form: QFormLayout, on_accept: Callable[[], None], *, save_text: str = "Simpan",
    above: QWidget | None = None,
) -> QLabel:
    """Lay out ``form`` (with ``above`` on top), an error line and the buttons; returns the error line."""
    error = QLabel()
    error.setStyleSheet("color: #b00020")
    error.setWordWrap(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Save).setText(save_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Batal")
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    if above is not None:
        layout.addWidget(above)
    layout.addLayout(form)
    layout.addWidget(error)
    layout.addWidget(buttons)
    return error
