"""The shortcut sheet (F1): what the operator can press, in Bahasa Indonesia."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

SHORTCUTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Mengisi angka", (
        ("0–9", "mulai mengetik: angka menimpa isi sel"),
        ("Enter", "simpan dan turun ke baris berikutnya"),
        ("Tab / Shift+Tab", "simpan dan pindah ke kanan / kiri"),
        ("Panah", "pindah sel"),
        ("Esc", "batalkan ketikan, isi lama tetap"),
        ("Delete / Backspace", "kosongkan sel (tercatat di log audit)"),
        ("Ctrl+C / Ctrl+V", "salin / tempel blok dari Excel atau LibreOffice"),
        ("Ctrl+Z / Ctrl+Y", "urungkan / ulangi (dicatat sebagai perubahan baru)"),
    )),
    ("Alur kecamatan", (
        ("Ctrl+1", "tandai dibacakan"),
        ("Ctrl+2", "tandai selesai"),
        ("Ctrl+3", "tandai ditetapkan (kolom terkunci)"),
        ("Ctrl+K", "mode koreksi: ubah kolom yang ditetapkan dengan alasan dan keberatan"),
        ("Ctrl+Shift+K", "catat keberatan / kejadian khusus"),
    )),
    ("Tampilan", (
        ("F5", "tampilkan / sembunyikan layar proyektor"),
        ("F7", "jeda layar proyektor (saat koreksi dibahas)"),
        ("F6", "mode fokus: Manual | Sirekap | Δ | cakupan untuk kecamatan ini"),
        ("F9", "panel kursi DPRD Kabupaten/Kota"),
        ("F8", "layar proyektor: perolehan kursi DPRD Kabupaten/Kota / kembali ke lembar isian"),
        ("F1", "lembar pintasan ini"),
    )),
    ("Berkas", (
        ("Ctrl+I", "impor data Sirekap"),
        ("Ctrl+E", "ekspor angka manual"),
        ("Ctrl+P", "cetak berita acara"),
    )),
)


def shortcuts_html() -> str:
    parts = []
    for title, rows in SHORTCUTS:
        parts.append(f"<h3>{title}</h3><table cellspacing='0' cellpadding='3'>")
        parts.extend(f"<tr><td><b><code>{keys}</code></b></td><td>{what}</td></tr>" for keys, what in rows)
        parts.append("</table>")
    return "".join(parts)


class ShortcutSheet(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pintasan papan ketik")
        self.setWindowModality(Qt.WindowModality.NonModal)
        label = QLabel(shortcuts_html())
        label.setTextFormat(Qt.TextFormat.RichText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Tutup")
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)
