"""The status page of the setup wizard: what is loaded, and what is still missing before the plenary (critical)
or on the office page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QTextBrowser, QVBoxLayout, QWizardPage

from rekap_desktop.setup_status import SetupStatus
from ui.setup_common import AMBER, GREEN, RED, esc, red

if TYPE_CHECKING:
    from ui.setup_wizard import SetupWizard


def split_missing(status: SetupStatus) -> tuple[list[str], list[str]]:
    """(critical, office): what must be loaded before the plenary, and the office data (filled on the last page)."""
    office = [m for m in status.missing if m.endswith("(berkas kantor)")]
    return [m for m in status.missing if m not in office], office


class StatusPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Yang sudah dimuat dan yang masih kurang")
        self.setSubTitle("Periksa ringkasan data referensi. Data Sirekap tidak wajib: impor nanti dari menu "
                         "Berkas › Impor data Sirekap.")
        self.status: SetupStatus | None = None
        self.critical: list[str] = []
        self.view = QTextBrowser()
        self.confirm = QCheckBox("Lanjutkan walau belum lengkap (data yang kurang dapat dimuat nanti dari "
                                 "Berkas › Siapkan kabupaten/kota…)")
        self.confirm.toggled.connect(lambda _on: self.completeChanged.emit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.confirm)

    def initializePage(self) -> None:
        self.status = self._wizard.current_status()
        self.confirm.setChecked(False)
        if self.status is None:
            self.critical = ["basis data tidak dapat dibaca"]
            self.view.setHtml(f"<p>{red(self._wizard.last_error or 'Basis data tidak dapat dibaca.')}</p>")
        else:
            self.critical, office = split_missing(self.status)
            self.view.setHtml(self.status_html(self.status, self.critical, office))
        self.confirm.setVisible(bool(self.critical))
        self.completeChanged.emit()

    @staticmethod
    def status_html(status: SetupStatus, critical: list[str], office: list[str]) -> str:
        lines = status.lines()
        loaded = [ln for ln in lines if not ln.startswith("  - ")
                  and ln not in ("Masih belum ada:", "Data referensi lengkap.")]
        parts = ["<p><b>Sudah dimuat</b></p>", "<ul>"]
        parts += [f"<li>{esc(ln)}</li>" for ln in loaded]
        parts.append("</ul>")
        if critical:
            parts.append(f'<p style="color:{RED}"><b>Masih belum ada (wajib sebelum rapat pleno)</b></p><ul>')
            parts += [f'<li style="color:{RED}">{esc(m)}</li>' for m in critical]
            parts.append("</ul>")
        else:
            parts.append(f'<p style="color:{GREEN}"><b>Wilayah, dapil, partai, calon dan paslon lengkap.</b></p>')
        if office:
            parts.append(f'<p style="color:{AMBER}"><b>Data kantor yang belum diisi</b> (diisi di langkah '
                         "berikutnya)</p><ul>")
            parts += [f'<li style="color:{AMBER}">{esc(m)}</li>' for m in office]
            parts.append("</ul>")
        return "".join(parts)

    def isComplete(self) -> bool:
        return not self.critical or self.confirm.isChecked()
