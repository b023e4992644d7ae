"""What is still open in a contest, shown above the documents dialog's panes (:mod:`ui.berita_acara_dialog`).

While anything is open (error findings, empty cells, keberatan not decided, kecamatan not ditetapkan) it is listed
by name and the documents carry the DRAF mark; only a closed contest is said to be final.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy.exc import SQLAlchemyError

from rekap_desktop.contest import Contest
from rekap_desktop.open_items import OpenItems, open_items
from rekap_desktop.services import RecapService, StorageError
from ui.berita_acara_messages import read_error

_WARN_STYLE = ("QLabel { background: #fff4ce; color: #5c3c00; border: 1px solid #e0b400; border-left: 6px solid "
               "#e0a000; padding: 6px; font-weight: bold; }")
_OK_STYLE = ("QLabel { background: #e6f4ea; color: #1e4620; border: 1px solid #9ccaa7; border-left: 6px solid "
             "#2e7d32; padding: 6px; font-weight: bold; }")


class OpenItemsLabel(QLabel):
    """The open items of the contest by name (warning), or that its recap is complete (final documents)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.found: OpenItems | None = None  # what was open when last checked (None: not checked, or it failed)

    def check(self, service: RecapService, contest: Contest) -> OpenItems | None:
        """Check what is still open in ``contest`` and show it; None when it cannot be checked."""
        try:
            found = open_items(service, contest)
        except (StorageError, SQLAlchemyError) as exc:
            self.found = None
            self.setStyleSheet(_WARN_STYLE)
            self.setText(f"Kelengkapan tidak dapat diperiksa: {read_error(exc)}")
            return None
        self.show_items(found)
        return found

    def show_items(self, found: OpenItems) -> None:
        self.found = found
        if found.closed:
            self.setStyleSheet(_OK_STYLE)
            self.setText(
                "✓ Rekapitulasi kontes ini selesai: semua isian terisi, tanpa temuan galat, semua keberatan diputus, "
                "semua kecamatan ditetapkan. Dokumen dicetak final (tanpa tanda DRAF).")
            return
        self.setStyleSheet(_WARN_STYLE)
        items = "\n".join(f"• {line}" for line in found.lines())
        self.setText(
            f"⚠ Rekapitulasi kontes ini BELUM selesai — dokumen yang dicetak sekarang bertanda DRAF di setiap halaman "
            f"dan tercatat sebagai draf:\n{items}")
