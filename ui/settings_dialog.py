"""Berkas › Pengaturan…: paper size and Sirekap tolerance (database settings, audited), the projector's theme
and screen, and the operator's name (this computer's QSettings).

The operator's name becomes the service's actor at once, so the audit events of this very dialog (and every change
after it) record who made them.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rekap_desktop.services import RecapService, StorageError
from ui.operator_dialog import KEY_OPERATOR, MAX_OPERATOR, clean_name, operator_name
from ui.projector_appearance import KEY_THEME
from ui.projector_screens import KEY_SCREEN
from ui.projector_theme import THEMES, theme_named

MAX_TOLERANCE = 1_000_000


class SettingsDialog(QDialog):
    """After ``exec()`` returned Accepted: :meth:`theme_name`, :meth:`screen_name`, :attr:`tolerance_changed`."""

    def __init__(self, service: RecapService, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.settings = settings
        self.tolerance_changed = False
        self.setWindowTitle("Pengaturan")
        self._read_error = ""
        stored = self._stored()

        self.paper = QComboBox()
        self.paper.addItem("A4 (210 × 297 mm)", "a4")
        self.paper.addItem("F4 (215 × 330 mm)", "f4")
        self.paper.setCurrentIndex(max(0, self.paper.findData(stored.get("kertas", "a4").lower())))
        self.tolerance = QSpinBox()
        self.tolerance.setRange(0, MAX_TOLERANCE)
        self.tolerance.setSuffix(" suara")
        self.tolerance.setValue(_int(stored.get("toleransi_sirekap", "0")))
        recap = QGroupBox("Berita acara dan pembanding Sirekap (berlaku di semua komputer; tercatat di log audit)")
        recap_form = QFormLayout(recap)
        recap_form.addRow("Ukuran kertas", self.paper)
        recap_form.addRow("Toleransi selisih Sirekap", self.tolerance)
        hint = QLabel("Selisih angka manual dengan Sirekap sampai batas ini tidak ditandai. 0 = harus sama persis.")
        hint.setWordWrap(True)
        recap_form.addRow("", hint)

        self.theme = QComboBox()
        for theme in THEMES.values():
            self.theme.addItem(theme.label, theme.name)
        self.theme.setCurrentIndex(max(0, self.theme.findData(theme_named(settings.value(KEY_THEME)).name)))
        self.screen_choice = QComboBox()
        self.screen_choice.addItem("Otomatis: layar selain layar operator", "")
        primary = QGuiApplication.primaryScreen()
        for screen in QGuiApplication.screens():
            size = screen.size()
            mark = " — layar utama" if screen is primary else ""
            self.screen_choice.addItem(f"{screen.name()} ({size.width()} × {size.height()}){mark}", screen.name())
        chosen = str(settings.value(KEY_SCREEN, "") or "")
        if chosen and self.screen_choice.findData(chosen) < 0:
            self.screen_choice.addItem(f"{chosen} (tidak tersambung)", chosen)
        self.screen_choice.setCurrentIndex(max(0, self.screen_choice.findData(chosen)))
        projector = QGroupBox("Proyektor (komputer ini)")
        projector_form = QFormLayout(projector)
        projector_form.addRow("Tema", self.theme)
        projector_form.addRow("Layar", self.screen_choice)

        self.operator = QLineEdit(service.actor or operator_name(settings))
        self.operator.setMaxLength(MAX_OPERATOR)
        self.operator.setPlaceholderText("nama lengkap operator")
        who = QGroupBox(f"Operator (stasiun {service.station})")
        who_form = QFormLayout(who)
        who_form.addRow("Nama operator", self.operator)
        note = QLabel("Dicatat di log audit pada setiap perubahan yang dibuat dari komputer ini.")
        note.setWordWrap(True)
        who_form.addRow("", note)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.setText(self._read_error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Simpan")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Batal")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(recap)
        layout.addWidget(projector)
        layout.addWidget(who)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(620, self.sizeHint().height())

    def _stored(self) -> dict[str, str]:
        try:
            return self.service.settings()
        except Exception as exc:  # shown; saving will report the database's own message
            self._read_error = f"Pengaturan basis data tidak dapat dibaca: {exc}"
            return {}

    def theme_name(self) -> str:
        return str(self.theme.currentData())

    def screen_name(self) -> str:
        return str(self.screen_choice.currentData() or "")

    def operator_text(self) -> str:
        return clean_name(self.operator.text())

    def save(self) -> None:
        """Store everything; on a database failure nothing of this dialog is kept and it stays open."""
        name = self.operator_text()
        if not name:
            self.error.setText("Nama operator wajib diisi: log audit mencatat siapa yang mengubah data.")
            return
        previous = self.service.actor
        self.service.actor = name  # the events below already carry the new name
        stored = self._stored()
        changes = []
        paper = str(self.paper.currentData())
        if stored.get("kertas", "a4").lower() != paper:
            changes.append(("kertas", paper))
        tolerance = str(self.tolerance.value())
        if _int(stored.get("toleransi_sirekap", "0")) != self.tolerance.value():
            changes.append(("toleransi_sirekap", tolerance))
        try:
            for key, value in changes:
                self.service.set_setting(key, value)
        except StorageError as exc:
            self.service.actor = previous
            self.error.setText(str(exc))
            return
        except Exception as exc:
            self.service.actor = previous
            self.error.setText(f"Pengaturan TIDAK tersimpan: {type(exc).__name__}: {exc}")
            return
        self.tolerance_changed = any(key == "toleransi_sirekap" for key, _ in changes)
        self.settings.setValue(KEY_OPERATOR, name)
        self.settings.setValue(KEY_THEME, self.theme_name())
        self.settings.setValue(KEY_SCREEN, self.screen_name())
        self.settings.sync()
        self.accept()


def _int(text: str) -> int:
    try:
        return max(0, min(MAX_TOLERANCE, int(str(text).strip() or 0)))
    except ValueError:
        return 0
