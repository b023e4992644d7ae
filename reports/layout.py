"""The page frame every document shares: landscape A4 or F4, a header per page, the page furniture, signatures.

A document kind (berita acara, kejadian khusus, pembanding Sirekap, kursi) subclasses :class:`PagedDocument`,
gives its :class:`HeaderSpec` and its story (reportlab platypus flowables), and gets:

- page 1: the title block, the model box and the region line; later pages: a short title and the region line;
  "Hal x dari y" under the model box;
- the :mod:`reports.page_furniture` on every page (identity footer with the audit anchor, QR code, DRAF mark);
- for a signed document, the signatures (:mod:`reports.signature_grid`): boxes at the foot of every page when they
  fit in the strip, otherwise a paraf strip on every page and signature pages at the end (template ``sign``:
  call :meth:`PagedDocument.signature_pages` at the end of the story).

Fonts are embedded TrueType (:mod:`reports.fonts`); ``invariant=True`` gives identical bytes for identical input.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from reports.berita_acara_data import Signatory
from reports.fonts import Fonts, register_fonts
from reports.numbered_canvas import NumberedCanvas
from reports.page_furniture import DocumentStamp, PageFurniture
from reports.signature_grid import ParafStrip, SignatureBoxes

__all__ = [
    "PAGE_SIZES",
    "HeaderSpec",
    "PagedDocument",
    "PdfMeta",
    "Styles",
    "identity_keywords",
    "make_styles",
    "parse_identity_keywords",
]

PAGE_SIZES: dict[str, tuple[float, float]] = {
    "a4": landscape(A4),
    "f4": landscape((215 * mm, 330 * mm)),
}

MARGIN_X: float = 11 * mm
MARGIN_TOP: float = 8 * mm
MARGIN_BOTTOM: float = 6 * mm
QR_SIZE = 52.0
FOOTER_GAP = 6.0  # footer baseline → strip/QR
FIRST_HEADER_H = 76.0
BODY_HEADER_H = 34.0

HEAD_BG = colors.Color(0.86, 0.86, 0.86)
SUBHEAD_BG = colors.Color(0.93, 0.93, 0.93)
GRID_GREY = colors.Color(0.55, 0.55, 0.55)

_KEYWORD_ID = "rekap-document-id="
_KEYWORD_SHA = "rekap-data-sha256="
_KEYWORD_ANCHOR = "rekap-anchor="


def identity_keywords(document_id: str, data_sha256: str, anchor: str = "") -> str:
    """The PDF /Keywords value carrying the document id, figures hash and anchor (``read_pdf_identity``)."""
    text = f"{_KEYWORD_ID}{document_id}; {_KEYWORD_SHA}{data_sha256}"
    return f"{text}; {_KEYWORD_ANCHOR}{anchor}" if anchor else text


def parse_identity_keywords(keywords: str) -> tuple[str, str] | None:
    """``(document_id, figures sha256)`` from :func:`identity_keywords`; None when either is missing."""
    doc_id = sha = None
    for part in keywords.split(";"):
        part = part.strip()
        if part.startswith(_KEYWORD_ID):
            doc_id = part[len(_KEYWORD_ID) :]
        elif part.startswith(_KEYWORD_SHA):
            sha = part[len(_KEYWORD_SHA) :]
    if doc_id and sha:
        return doc_id, sha
    return None


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    body_small: ParagraphStyle
    section: ParagraphStyle
    label: ParagraphStyle
    label_bold: ParagraphStyle
    head: ParagraphStyle
    words: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    attach_title: ParagraphStyle
    nihil: ParagraphStyle
    draft_note: ParagraphStyle


def make_styles(f: Fonts, *, label_size: float = 7.2, head_size: float = 6.4) -> Styles:
    body = ParagraphStyle("body", fontName=f.regular, fontSize=8.6, leading=11.4, alignment=TA_JUSTIFY, spaceAfter=3)
    return Styles(
        body=body,
        body_small=ParagraphStyle("body_small", parent=body, fontSize=7.6, leading=9.6, spaceAfter=2),
        section=ParagraphStyle("section", fontName=f.bold, fontSize=8.6, leading=10.5, spaceBefore=5, spaceAfter=2.5),
        label=ParagraphStyle("label", fontName=f.regular, fontSize=label_size, leading=label_size + 1.3),
        label_bold=ParagraphStyle("label_bold", fontName=f.bold, fontSize=label_size, leading=label_size + 1.3),
        head=ParagraphStyle("head", fontName=f.bold, fontSize=head_size, leading=head_size + 1.0, alignment=TA_CENTER),
        words=ParagraphStyle(
            "words", fontName=f.italic, fontSize=label_size - 0.4, leading=label_size + 0.8, alignment=TA_LEFT
        ),
        cell=ParagraphStyle("cell", fontName=f.regular, fontSize=7.0, leading=8.4),
        cell_bold=ParagraphStyle("cell_bold", fontName=f.bold, fontSize=7.0, leading=8.4),
        attach_title=ParagraphStyle(
            "attach_title", fontName=f.bold, fontSize=10.5, leading=13, alignment=TA_CENTER, spaceAfter=2
        ),
        nihil=ParagraphStyle("nihil", fontName=f.bold, fontSize=22, leading=28, alignment=TA_CENTER),
        draft_note=ParagraphStyle(
            "draft_note", fontName=f.bold, fontSize=8.0, leading=10.2, textColor=colors.Color(0.6, 0.05, 0.05),
            borderColor=colors.Color(0.7, 0.1, 0.1), borderWidth=0.8, borderPadding=4, spaceBefore=4, spaceAfter=8,
        ),
    )


@dataclass(frozen=True)
class HeaderSpec:
    """What the page headers show."""

    model_box: str  # "MODEL D.HASIL KABKO-PPWP"
    title_lines: Sequence[tuple[str, float]]  # page 1, centred, (text, font size)
    short_title: str  # later pages
    region_items: Sequence[tuple[str, str]]  # ("PROVINSI", "JAWA TIMUR"), …


@dataclass(frozen=True)
class PdfMeta:
    title: str
    subject: str
    author: str
    keywords: str


@dataclass(frozen=True)
class SignatureSpec:
    signatories: Sequence[Signatory]
    office: str
    kabupaten: str


class PagedDocument:
    """Base of every document: geometry, headers, page furniture, signature strip or pages, and the build."""

    def __init__(self, *, paper: str, stamp: DocumentStamp, header: HeaderSpec,
                 signatures: SignatureSpec | None) -> None:
        self.f = register_fonts()
        self.st = make_styles(self.f)
        self.stamp = stamp
        self.header = header
        self.paper = paper
        width, height = PAGE_SIZES[paper]
        self.width = width
        self.height = height
        self.left = MARGIN_X
        self.right = width - MARGIN_X
        self.content_w = width - 2 * MARGIN_X
        self.top = height - MARGIN_TOP
        self.footer_y = MARGIN_BOTTOM + 2
        self.strip_y = self.footer_y + FOOTER_GAP + 2
        self.strip_w = strip_w = self.content_w - QR_SIZE - 6
        self.boxes: SignatureBoxes | None = None
        self.paraf: ParafStrip | None = None
        if signatures is not None:
            self.boxes = SignatureBoxes(signatures.signatories, office=signatures.office,
                                        kabupaten=signatures.kabupaten, width=strip_w, fonts=self.f)
            if not self.boxes.fits_strip:
                self.paraf = ParafStrip(signatures.signatories, width=strip_w, fonts=self.f)
        self.furniture = PageFurniture(stamp, self.f, width=width, height=height, left=self.left, right=self.right,
                                       footer_y=self.footer_y, qr_y=self.strip_y, qr_size=QR_SIZE)
        self.model_box_w = stringWidth(header.model_box, self.f.bold, 8.0) + 16
        self._forms: set[str] = set()
        self._page_templates: dict[int, str] = {}
        self.signature_page_numbers: list[int] = []

    # ------------------------------------------------------------------ geometry
    @property
    def strip_mode(self) -> bool:
        """Full signature boxes at the foot of every page."""
        return self.boxes is not None and self.paraf is None

    def _reserved(self, template: str) -> float:
        """Height kept at the foot of a page (above the footer line) for the strip and the QR code."""
        if template != "sign" and self.strip_mode:
            assert self.boxes is not None
            return max(self.boxes.height, QR_SIZE) + 5
        if template != "sign" and self.paraf is not None:
            return max(self.paraf.height, QR_SIZE) + 5
        return QR_SIZE + 5

    def frame(self, template: str, header_h: float) -> Frame:
        top = self.top - header_h
        if template == "sign":  # signature pages: down to the footer, beside the QR code
            bottom = self.strip_y
            return Frame(self.left, bottom, self.strip_w, top - bottom, id=template, leftPadding=0,
                         rightPadding=0, topPadding=0, bottomPadding=0)
        bottom = self.strip_y + self._reserved(template)
        return Frame(self.left, bottom, self.content_w, top - bottom, id=template, leftPadding=0, rightPadding=0,
                     topPadding=0, bottomPadding=0)

    @property
    def body_frame_height(self) -> float:
        return self.frame("body", BODY_HEADER_H)._height

    # ------------------------------------------------------------------ headers
    def _draw_model_box(self, canv: Canvas) -> None:
        x = self.right - self.model_box_w
        canv.setLineWidth(0.9)
        canv.rect(x, self.top - 16, self.model_box_w, 16, stroke=1, fill=0)
        canv.setFont(self.f.bold, 8.0)
        canv.drawCentredString(x + self.model_box_w / 2, self.top - 11, self.header.model_box)

    def _draw_region(self, canv: Canvas, y: float) -> None:
        x = self.left
        size = 7.6
        for label, value in self.header.region_items:
            canv.setFont(self.f.regular, size)
            canv.drawString(x, y, f"{label} :")
            x += stringWidth(f"{label} : ", self.f.regular, size)
            canv.setFont(self.f.bold, size)
            canv.drawString(x, y, value)
            x += stringWidth(value, self.f.bold, size) + 26

    def _draw_first_header(self, canv: Canvas) -> None:
        canv.saveState()
        self._draw_model_box(canv)
        box_left = self.right - self.model_box_w - 8
        room = box_left - self.left
        lines = []
        for text, size in self.header.title_lines:  # a line too long for the room is set smaller
            while stringWidth(text, self.f.bold, size) > room and size > 6.0:
                size -= 0.2
            lines.append((text, size))
        widest = max((stringWidth(t, self.f.bold, s) for t, s in lines), default=0.0)
        centre = self.width / 2
        if centre + widest / 2 > box_left:
            centre = (self.left + box_left) / 2
        y = self.top - 9
        for text, size in lines:
            canv.setFont(self.f.bold, size)
            canv.drawCentredString(centre, y, text)
            y -= size + 3.4
        self._draw_region(canv, self.top - FIRST_HEADER_H + 10)
        canv.setLineWidth(0.6)
        canv.line(self.left, self.top - FIRST_HEADER_H + 5, self.right, self.top - FIRST_HEADER_H + 5)
        canv.restoreState()

    def _draw_body_header(self, canv: Canvas) -> None:
        canv.saveState()
        self._draw_model_box(canv)
        title = self.header.short_title
        size = 8.0
        room = self.right - self.model_box_w - 10 - self.left
        while stringWidth(title, self.f.bold, size) > room and size > 5.5:
            size -= 0.25
        canv.setFont(self.f.bold, size)
        canv.drawString(self.left, self.top - 9, title)
        self._draw_region(canv, self.top - 21)
        canv.setLineWidth(0.6)
        canv.line(self.left, self.top - BODY_HEADER_H + 6, self.right, self.top - BODY_HEADER_H + 6)
        canv.restoreState()

    # ------------------------------------------------------------------ page hooks
    def _furniture(self, template: str, name: str, draw: Callable[[Canvas], None], canv: Canvas, _doc: Any) -> None:
        """Static furniture of a template, recorded once as a Form XObject and reused."""
        self._page_templates[canv.getPageNumber()] = template
        if name not in self._forms:
            canv.beginForm(name, 0, 0, self.width, self.height)
            draw(canv)
            canv.endForm()
            self._forms.add(name)
        canv.doForm(name)
        self.furniture.draw_qr(canv)

    def _end_page(self, canv: Canvas, _doc: Any) -> None:
        """The signature strip (full boxes, or the paraf strip) at the foot of every page but signature pages."""
        template = self._page_templates.get(canv.getPageNumber(), "body")
        if template == "sign":
            self.signature_page_numbers.append(canv.getPageNumber())
            return
        strip: SignatureBoxes | ParafStrip | None = self.boxes if self.strip_mode else self.paraf
        if strip is None:
            return
        if "rekapStrip" not in self._forms:
            canv.beginForm("rekapStrip", 0, 0, self.width, self.height)
            strip.draw(canv, self.left, self.strip_y)
            canv.endForm()
            self._forms.add("rekapStrip")
        canv.doForm("rekapStrip")

    def _mark_page(self, canv: Canvas, page: int, total: int) -> None:
        """What depends on the page total: "Hal x dari y" under the model box, the footer line, DRAF."""
        text = f"Hal {page} dari {total}"
        canv.saveState()
        canv.setFillColor(colors.black)
        canv.setFont(self.f.bold, 7.6)
        canv.drawCentredString(self.right - self.model_box_w / 2, self.top - 25, text)
        canv.restoreState()
        self.furniture.draw_footer(canv, page, total)
        self.furniture.draw_draft(canv)

    def templates(self) -> list[PageTemplate]:
        out = [
            PageTemplate(
                id="first",
                frames=[self.frame("first", FIRST_HEADER_H)],
                onPage=partial(self._furniture, "first", "rekapFirst", self._draw_first_header),
                onPageEnd=self._end_page,
                autoNextPageTemplate="body",
            ),
            PageTemplate(
                id="body",
                frames=[self.frame("body", BODY_HEADER_H)],
                onPage=partial(self._furniture, "body", "rekapBody", self._draw_body_header),
                onPageEnd=self._end_page,
            ),
        ]
        if self.paraf is not None:
            out.append(PageTemplate(
                id="sign",
                frames=[self.frame("sign", BODY_HEADER_H)],
                onPage=partial(self._furniture, "sign", "rekapBody", self._draw_body_header),
                onPageEnd=self._end_page,
            ))
        return out

    # ------------------------------------------------------------------ story helpers
    def signature_pages(self, closing: Sequence[Flowable]) -> list[Flowable]:
        """``closing`` and the signatures: on signature pages when the boxes do not fit in the strip (the closing
        text then starts the first signature page), otherwise simply ``closing`` (the boxes are on every page)."""
        if self.boxes is None or self.strip_mode:
            return list(closing)
        return [NextPageTemplate("sign"), PageBreak(), *closing, *self.boxes.flowables()]

    def story(self) -> list[Flowable]:
        raise NotImplementedError

    def metadata(self) -> PdfMeta:
        raise NotImplementedError

    # ------------------------------------------------------------------ build
    def build(self, sink: BinaryIO, *, invariant: bool) -> int:
        meta = self.metadata()
        doc = BaseDocTemplate(
            sink,
            pagesize=(self.width, self.height),
            pageTemplates=self.templates(),
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            keywords=meta.keywords,
            creator="Rekap Desktop",
            producer="Rekap Desktop (reportlab)",
            lang="id-ID",
            invariant=1 if invariant else 0,
            initialFontName=self.f.regular,
        )
        maker = partial(NumberedCanvas, page_marker=self._mark_page, created=self.stamp.generated_at)
        # Binary (Flate only) streams: smaller and faster than reportlab's default ASCII85 + Flate. The setting is
        # global in reportlab, so it is restored afterwards.
        previous_a85 = rl_config.useA85
        rl_config.useA85 = 0
        try:
            doc.build(self.story(), canvasmaker=maker)
        finally:
            rl_config.useA85 = previous_a85
        return int(doc.page)


def text_width(text: str, font: str, size: float) -> float:
    return float(stringWidth(text, font, size))


def centred_style(parent: ParagraphStyle, name: str, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(name, parent=parent, alignment=TA_CENTER, **kw)
