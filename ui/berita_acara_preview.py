"""The «Pratinjau» pane of the documents dialog (:mod:`ui.berita_acara_dialog`): the pages of the document made
last (zoomable, :class:`ui.pdf_preview.PdfPreview`), a line saying what it is, and the temporary folder previews
and print files are written to (deleted by :meth:`DocumentPreview.cleanup`).

Without a rasteriser the pages cannot be shown here and the PDF is offered to the system viewer.
"""

from __future__ import annotations

import contextlib
import itertools
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from reports.berita_acara import RenderResult
from reports.issue import IssuedDocument
from ui.pdf_preview import PdfPreview, make_rasterizer


class DocumentPreview(QGroupBox):
    """The pages (:attr:`preview`), what the document is (:attr:`document_info`), and the PDF they come from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Pratinjau", parent)
        self.stale = True  # the pages shown are not (or no longer) what the form and the choices would make
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._counter = itertools.count(1)
        self.pdf: Path | None = None
        self.result: RenderResult | None = None
        self.preview = PdfPreview()
        self.document_info = QLabel("—")
        self.document_info.setWordWrap(True)
        self.document_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.document_info)

    def _tmpdir(self) -> Path:
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="rekap-berita-acara-")
        return Path(self._tmp.name)

    def temporary_pdf(self, stem: str) -> Path:
        """A new file name in the temporary folder, e.g. ``pratinjau-3.pdf``."""
        return self._tmpdir() / f"{stem}-{next(self._counter)}.pdf"

    def invalidate(self, message: str) -> None:
        self.stale = True
        self.preview.clear(message)
        self.document_info.setText("—")

    def show_document(self, pdf: Path, issued: IssuedDocument, *, paper: str, registered: bool) -> None:
        """Show the pages of ``pdf`` (a previous temporary preview is deleted) and say what the document is."""
        old = self.pdf
        self.preview.clear("")
        if old is not None and old != pdf and old.parent == self._tmpdir():
            with contextlib.suppress(OSError):
                old.unlink()
        result = issued.result
        self.pdf, self.result, self.stale = pdf, result, False
        state = "DRAF" if issued.stamp.draft else "final"
        note = "terdaftar" if registered else "pratinjau, belum terdaftar"
        self.document_info.setText(
            f"{result.page_count} halaman · kertas {paper.upper()} · {issued.stamp.document_id} ({state}, "
            f"{note})\n{issued.stamp.anchor} · SHA-256 angka: {result.data_sha256}")
        rasterizer = make_rasterizer(pdf)
        if rasterizer is None:
            self.preview.clear(
                "Halaman tidak dapat ditampilkan di sini: QtPdf tidak tersedia dan pdftoppm (poppler) tidak "
                "ditemukan. Buka PDF di penampil PDF sistem untuk memeriksanya.", offer_open=True)
        else:
            self.preview.set_document(rasterizer, result.page_count)

    def cleanup(self) -> None:
        """Forget the preview and delete its temporary files."""
        self.preview.clear("Pratinjau belum dibuat. Tekan «Pratinjau».")
        self.pdf = None
        self.stale = True
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                self._tmp.cleanup()
            self._tmp = None
