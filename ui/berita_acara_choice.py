"""Which document the documents dialog (:mod:`ui.berita_acara_dialog`) makes: the contest, the kind of document
and the paper — the row above its panes. Switching the contest (and what happens to unsaved attendance) is the
dialog's.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from rekap_desktop.contest import Contest
from rekap_desktop.documents import DocumentKind
from reports.issue import BUILDERS

PAPERS = (("a4", "A4 (210 × 297 mm)"), ("f4", "F4 (215 × 330 mm)"))
DOCUMENT_KINDS = (
    (DocumentKind.BERITA_ACARA, "Berita acara dan sertifikat (D.HASIL KABKO)"),
    (DocumentKind.KEJADIAN_KHUSUS, "D.Kejadian khusus dan/atau keberatan"),
    (DocumentKind.PEMBANDING_SIREKAP, "Pembanding Sirekap (kertas kerja, tidak ditandatangani)"),
)


class DocumentChoice(QWidget):
    """«Kontes», «Dokumen» (the kinds that can be built) and «Kertas» (``paper``: the office setting «kertas»)."""

    def __init__(self, paper: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contest_combo = QComboBox()
        self.contest_combo.setMinimumWidth(320)
        self.paper_combo = QComboBox()
        for code, label in PAPERS:
            self.paper_combo.addItem(label, code)
        self.paper_combo.setCurrentIndex(max(0, self.paper_combo.findData(paper)))
        self.kind_combo = QComboBox()
        for kind, label in DOCUMENT_KINDS:
            if kind in BUILDERS:
                self.kind_combo.addItem(label, kind.value)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Kontes"))
        layout.addWidget(self.contest_combo, 1)
        layout.addSpacing(16)
        layout.addWidget(QLabel("Dokumen"))
        layout.addWidget(self.kind_combo)
        layout.addSpacing(16)
        layout.addWidget(QLabel("Kertas"))
        layout.addWidget(self.paper_combo)

    def set_contests(self, contests: list[Contest], key: str | None) -> None:
        """List ``contests`` and select ``key`` (else the first)."""
        for c in contests:
            self.contest_combo.addItem(c.title, c.key)
        start = self.contest_combo.findData(key) if key else 0
        self.contest_combo.setCurrentIndex(max(0, start))

    def paper(self) -> str:
        return str(self.paper_combo.currentData())

    def kind(self) -> DocumentKind:
        return DocumentKind(str(self.kind_combo.currentData() or DocumentKind.BERITA_ACARA.value))

    def kind_label(self) -> str:
        """The name of the chosen document, e.g. for the printer's job name."""
        return dict(DOCUMENT_KINDS).get(self.kind(), "Dokumen")

    def set_kind(self, kind: DocumentKind) -> bool:
        i = self.kind_combo.findData(kind.value)
        if i >= 0:
            self.kind_combo.setCurrentIndex(i)
        return i >= 0
