"""What every page of every document carries, whatever its kind (berita acara, kejadian khusus, pembanding
Sirekap, kursi): the identity footer, the QR code and, while something is still open, the DRAF mark.

- The **footer line** ``ID dokumen <id> · AUDIT <n>:<16 hex> · Hal x dari y`` names the document and its version,
  the audit anchor taken right before the document's content was read (``verify-audit --anchor`` checks it
  against the chain), and the page. It is drawn as one string so that text extraction reads it back whole
  (:func:`parse_footer`, used by ``verify-pdf`` to find a page removed, swapped or taken from another document).
- The **QR code** encodes ``REKAP|<id>|<figures SHA-256>|<anchor>``.
- **DRAF**: a large diagonal mark over every page of a document printed while the contest still has open items
  (error findings, empty cells, keberatan not decided, kecamatan not ditetapkan); the register records the issue
  as a draft.
- **SALINAN TIDAK TERDAFTAR**: across the other diagonal of every page of a copy printed without registration
  (a read-only evidence database, or ``--salinan``): whoever holds it can see it is not an issued document.

:class:`DocumentStamp` is the plain input; :class:`PageFurniture` draws it. No database here.
"""

from __future__ import annotations

import math

from PIL import Image
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from reports.fonts import Fonts
from reports.identity import COPY_MARK, DRAFT_MARK, DocumentStamp, FooterLine, footer_text, parse_footer

__all__ = [
    "DRAFT_MARK", "DocumentStamp", "FooterLine", "PageFurniture", "footer_text", "parse_footer", "qr_image",
]

_DRAFT_FILL = colors.Color(0.78, 0.1, 0.1, alpha=0.11)
_DRAFT_STROKE = colors.Color(0.7, 0.05, 0.05, alpha=0.4)


def qr_image(payload: str, border: int = 1) -> Image.Image:
    """The QR code of ``payload`` as a 1-bit image, one pixel per module (error correction M).

    An image, not vector paths: a QR code drawn as ~1.000 rectangles makes every page slow to read back (each
    reader parses them on every page), while an image XObject is stored once and skipped by text extraction.
    """
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(payload)
    qr.make()
    count = qr.getModuleCount()
    side = count + 2 * border
    image = Image.new("1", (side, side), 1)
    pixels = image.load()
    assert pixels is not None
    for r, row in enumerate(qr.modules):
        for c, dark in enumerate(row):
            if dark:
                pixels[c + border, r + border] = 0
    return image


class PageFurniture:
    """Draws the stamp's furniture on pages of ``width`` × ``height`` points.

    ``qr_size`` is the side of the QR code, drawn with its bottom-right corner at ``(right, qr_y)``; the footer
    line sits at ``footer_y`` from ``left``.
    """

    def __init__(self, stamp: DocumentStamp, fonts: Fonts, *, width: float, height: float, left: float,
                 right: float, footer_y: float, qr_y: float, qr_size: float, footer_note: str = "") -> None:
        self.stamp = stamp
        self.f = fonts
        self.width = width
        self.height = height
        self.left = left
        self.right = right
        self.footer_y = footer_y
        self.qr_y = qr_y
        self.qr_size = qr_size
        self.footer_note = footer_note  # e.g. the model code, printed at the right of the footer
        self._qr: ImageReader | None = None

    def draw_qr(self, canv: Canvas) -> None:
        if self._qr is None:
            self._qr = ImageReader(qr_image(self.stamp.qr_payload))
        canv.drawImage(self._qr, self.right - self.qr_size, self.qr_y, self.qr_size, self.qr_size)

    def draw_footer(self, canv: Canvas, page: int, total: int) -> None:
        """The identity line (left) and the figures hash (right); drawn once the page total is known."""
        canv.saveState()
        canv.setFillColor(colors.black)
        canv.setFont(self.f.bold, 6.6)
        canv.drawString(self.left, self.footer_y, footer_text(self.stamp, page, total))
        sha = self.stamp.figures_sha256
        right = f"SHA-256 angka {sha[:16]}…{sha[-8:]}"
        if self.footer_note:
            right = f"{self.footer_note}   ·   {right}"
        canv.setFont(self.f.regular, 6.0)
        canv.drawRightString(self.right, self.footer_y, right)
        canv.restoreState()

    def draw_draft(self, canv: Canvas) -> None:
        """The diagonal DRAF mark across the page (translucent: the figures under it stay legible), and the
        SALINAN TIDAK TERDAFTAR mark across the other diagonal of an unregistered copy.

        Drawn directly on each page, not as a reused form: reportlab does not carry the transparency state
        (ExtGState) into a form's resources."""
        if self.stamp.draft:
            self._diagonal(canv, DRAFT_MARK, min(self.width, self.height) * 0.38, 1)
        if self.stamp.unregistered:
            diagonal = math.hypot(self.width, self.height)
            size = min(diagonal * 0.8 / stringWidth(COPY_MARK, self.f.bold, 1), self.height * 0.12)
            self._diagonal(canv, COPY_MARK, size, -1)

    def _diagonal(self, canv: Canvas, mark: str, size: float, direction: int) -> None:
        """``mark`` centred on the page along its rising (1) or falling (-1) diagonal, as an outline."""
        canv.saveState()
        canv.translate(self.width / 2, self.height / 2)
        canv.rotate(direction * math.degrees(math.atan2(self.height, self.width)))
        canv.setFont(self.f.bold, size)
        canv.setFillColor(_DRAFT_FILL)
        canv.setStrokeColor(_DRAFT_STROKE)
        canv.setLineWidth(1.6)
        text = canv.beginText()
        text.setTextRenderMode(2)  # fill and stroke: an outline that shows even over grey table rows
        width = stringWidth(mark, self.f.bold, size)
        text.setTextOrigin(-width / 2, -size * 0.35)
        text.textOut(mark)
        canv.drawText(text)
        canv.restoreState()
