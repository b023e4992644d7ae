"""What the documents dialog (:mod:`ui.berita_acara_dialog`) tells the user: the message bar under the panes (an
error or a piece of information) and the Indonesian reasons it gives when a file cannot be written or the database
cannot be read.
"""

from __future__ import annotations

import errno
from pathlib import Path

from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from rekap_desktop.os_errors import os_reason
from rekap_desktop.services import StorageError

_ERROR_STYLE = "QLabel { background: #fdecea; color: #8a1c1c; border: 1px solid #e0a3a3; padding: 6px; }"
_INFO_STYLE = "QLabel { background: #eef3f8; color: #1d3b57; border: 1px solid #b8cadb; padding: 6px; }"


class MessageBar(QLabel):
    """One message at a time, hidden until there is one: an error (red) or information (blue)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setVisible(False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def show_error(self, text: str) -> None:
        self.setStyleSheet(_ERROR_STYLE)
        self.setText(text)
        self.setVisible(True)

    def show_info(self, text: str) -> None:
        self.setStyleSheet(_INFO_STYLE)
        self.setText(text)
        self.setVisible(True)


_ERRNO_REASONS = {
    errno.ENOENT: "folder tujuan tidak ada",
    errno.EACCES: "tidak ada izin menulis di folder itu",
    errno.EPERM: "tidak ada izin menulis di folder itu",
    errno.EROFS: "media hanya dapat dibaca (read-only)",
    errno.ENOSPC: "disk penuh",
    errno.EISDIR: "nama itu adalah sebuah folder",
    errno.ENOTDIR: "bagian dari jalur itu bukan folder",
    errno.ENAMETOOLONG: "nama berkas terlalu panjang",
}


def write_error(exc: OSError, path: Path) -> str:
    """An Indonesian reason for a failed write (the OS text is English on most machines)."""
    if exc.errno == errno.EISDIR or path.is_dir():
        return _ERRNO_REASONS[errno.EISDIR]
    if exc.errno in _ERRNO_REASONS:
        return _ERRNO_REASONS[exc.errno]
    return os_reason(exc)


def read_error(exc: BaseException) -> str:
    """Why the data could not be read or the document not made: the service's own text, or the database's."""
    if isinstance(exc, (StorageError, ValueError)):
        return str(exc)
    if isinstance(exc, OSError):
        return os_reason(exc)
    text = str(getattr(exc, "orig", exc)).strip().splitlines()
    return f"basis data tidak dapat dibaca ({text[0][:200] if text else type(exc).__name__})"
