"""PDF of the berita acara and sertifikat of the kabupaten recap (Model D.HASIL KABKO-xxx), with reportlab.

Layout, modelled on the official C.HASIL-SALINAN-PPWP form and adapted to one column per kecamatan:

- landscape pages (A4 or F4 = 215 × 330 mm): with 14 kecamatan, a row of sections I–V fits on one page width;
  more kecamatan are split into balanced column chunks, URAIAN repeated, JUMLAH on the last chunk;
- page 1: title block, model box, region line, opening text, then the tables; later pages: a short title and the
  region line; "Hal x dari y" under the model box and in the footer of every page;
- the compact signature grid and the QR code (``REKAP|document_id|sha256``) at the foot of every page; the
  closing page (keberatan statement, "Demikian …", DITETAPKAN DI/TANGGAL) carries the full signature grid;
- attachments: Lampiran I kejadian khusus dan/atau keberatan (NIHIL when empty), Lampiran II the Sirekap
  comparison, titled as an aid and not the result.

Fonts are embedded TrueType (Vera, see :mod:`reports.fonts`). ``invariant=True`` gives identical bytes for
identical data (the creation date is always ``data.generated_at``).
"""

from __future__ import annotations

import io
import itertools
import math
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from reports.atomic_file import write_atomically
from reports.berita_acara_data import BeritaAcaraData, ComparisonRow, LineRow, section_title_for
from reports.fonts import Fonts, register_fonts
from reports.numbered_canvas import NumberedCanvas
from reports.numbers_id import (
    day_name,
    format_date_long,
    format_delta,
    format_int,
    month_name,
    number_words,
    terbilang,
)
from reports.signature_grid import SignatureGrid, signing_status_text
from reports.syllables_id import break_word

__all__ = ["PAGE_SIZES", "RenderResult", "identity_keywords", "render_berita_acara"]

PAGE_SIZES: dict[str, tuple[float, float]] = {
    "a4": landscape(A4),
    "f4": landscape((215 * mm, 330 * mm)),
}

_MARGIN_X: float = 11 * mm
_MARGIN_TOP: float = 8 * mm
_MARGIN_BOTTOM: float = 6 * mm
_QR_SIZE = 52.0
_FOOTER_GAP = 6.0  # footer baseline → grid/QR
_FIRST_HEADER_H = 76.0
_BODY_HEADER_H = 34.0

_NUM_FS = 7.2
_LABEL_FS = 7.2
_HEAD_FS = 6.4
_CODE_FS = 5.4
_PAD = 3.0
_INDENT = 9.0
_MIN_NUM_COL = 30.0
_MIN_HEAD_COL = 38.0  # names wider than this are broken at a syllable
_MIN_LABEL_W = 160.0
_KEEP_GROUP_ROWS = 6
_MAX_LABEL_SHARE = 0.28
_MAX_NUM_COL = 80.0
_DASH = "–"

_GRID_GREY = colors.Color(0.55, 0.55, 0.55)
_HEAD_BG = colors.Color(0.86, 0.86, 0.86)
_SUBHEAD_BG = colors.Color(0.93, 0.93, 0.93)
_TOTAL_BG = colors.Color(0.95, 0.95, 0.95)
_WORDS_BG = colors.Color(0.97, 0.97, 0.97)

_KEYWORD_ID = "rekap-document-id="
_KEYWORD_SHA = "rekap-data-sha256="


@dataclass(frozen=True, slots=True)
class RenderResult:
    page_count: int
    page_size: tuple[float, float]  # points, landscape
    column_chunks: int  # how many column groups the kecamatan were split into
    document_id: str
    data_sha256: str
    byte_size: int


def identity_keywords(document_id: str, data_sha256: str) -> str:
    """The PDF /Keywords value carrying the document id and figures hash (read back by ``read_pdf_identity``)."""
    return f"{_KEYWORD_ID}{document_id}; {_KEYWORD_SHA}{data_sha256}"


def parse_identity_keywords(keywords: str) -> tuple[str, str] | None:
    """Inverse of :func:`identity_keywords`; None when the keywords do not carry both values."""
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


# --------------------------------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class _Styles:
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


def _make_styles(f: Fonts) -> _Styles:
    body = ParagraphStyle("body", fontName=f.regular, fontSize=8.6, leading=11.4, alignment=TA_JUSTIFY, spaceAfter=3)
    return _Styles(
        body=body,
        body_small=ParagraphStyle("body_small", parent=body, fontSize=7.6, leading=9.6, spaceAfter=2),
        section=ParagraphStyle("section", fontName=f.bold, fontSize=8.6, leading=10.5, spaceBefore=5, spaceAfter=2.5),
        label=ParagraphStyle("label", fontName=f.regular, fontSize=_LABEL_FS, leading=_LABEL_FS + 1.3),
        label_bold=ParagraphStyle("label_bold", fontName=f.bold, fontSize=_LABEL_FS, leading=_LABEL_FS + 1.3),
        head=ParagraphStyle("head", fontName=f.bold, fontSize=_HEAD_FS, leading=_HEAD_FS + 1.0, alignment=TA_CENTER),
        words=ParagraphStyle(
            "words", fontName=f.italic, fontSize=_LABEL_FS - 0.4, leading=_LABEL_FS + 0.8, alignment=TA_LEFT
        ),
        cell=ParagraphStyle("cell", fontName=f.regular, fontSize=7.0, leading=8.4),
        cell_bold=ParagraphStyle("cell_bold", fontName=f.bold, fontSize=7.0, leading=8.4),
        attach_title=ParagraphStyle(
            "attach_title", fontName=f.bold, fontSize=10.5, leading=13, alignment=TA_CENTER, spaceAfter=2
        ),
        nihil=ParagraphStyle("nihil", fontName=f.bold, fontSize=22, leading=28, alignment=TA_CENTER),
    )


def _title_case(text: str) -> str:
    """'ANGGOTA DEWAN PERWAKILAN RAKYAT DAERAH KABUPATEN/KOTA' → 'Anggota Dewan … Kabupaten/Kota'."""
    words = text.title().split(" ")
    return " ".join(w.lower() if w in ("Dan", "Di") and i else w for i, w in enumerate(words))


def _num(value: int | None) -> str:
    return _DASH if value is None else format_int(value)


# --------------------------------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class _Geometry:
    width: float
    height: float
    content_w: float
    footer_y: float
    grid_y: float
    top: float

    @property
    def left(self) -> float:
        return _MARGIN_X

    @property
    def right(self) -> float:
        return self.width - _MARGIN_X


@dataclass(frozen=True)
class _Chunk:
    codes: tuple[str, ...]
    first_index: int  # index of the first kecamatan in data.columns
    with_total: bool
    col_widths: tuple[float, ...]  # label, kecamatan…, (JUMLAH)


def _column_chunks(data: BeritaAcaraData, content_w: float, f: Fonts) -> tuple[list[_Chunk], dict[str, str]]:
    """Split the kecamatan columns into balanced groups that fit the page width; JUMLAH goes in the last.

    Returns the chunks and, per kecamatan code, the header markup (long names broken at a syllable).
    """
    lines = [ln for ln in data.lines if not ln.is_header]

    def number_width(values: Iterable[int | None]) -> float:
        widest = max((float(stringWidth(_num(v), f.bold, _NUM_FS)) for v in values), default=0.0)
        return widest + 2 * _PAD

    def head_width(text: str) -> float:
        return float(stringWidth(text, f.bold, _HEAD_FS))

    def header_markup(name: str, width: float) -> tuple[str, float]:
        """Header text for a column of ``width``: long words broken at a syllable; and its widest line."""
        words = [break_word(word, head_width, width - 2 * _PAD - 1) for word in name.split()] or [[name]]
        widest = max(head_width(part) for parts in words for part in parts)
        return " ".join("<br/>".join(escape(p) for p in parts) for parts in words), widest + 2 * _PAD + 1

    widths: list[float] = []  # narrowest acceptable: names broken at syllables
    unbroken: list[float] = []  # enough for every word of the name on one line
    for code, name in data.columns:
        num_w = number_width(ln.values.get(code) for ln in lines)
        code_w = stringWidth(code, f.regular, _CODE_FS) + 2 * _PAD + 1
        _, broken_w = header_markup(name, max(num_w, _MIN_HEAD_COL))
        widths.append(max(_MIN_NUM_COL, num_w, code_w, broken_w))
        whole_w = max((head_width(w) for w in name.split()), default=0.0) + 2 * _PAD + 1
        unbroken.append(max(widths[-1], whole_w))
    total_w = max(_MIN_NUM_COL + 6, number_width(ln.total for ln in lines), head_width("JUMLAH") + 2 * _PAD + 1)

    natural_label = (
        max(
            (
                stringWidth(ln.label, f.bold if ln.is_total else f.regular, _LABEL_FS) + ln.indent * _INDENT
                for ln in lines
            ),
            default=120.0,
        )
        + 2 * _PAD
        + 2
    )
    label_w = min(max(natural_label, _MIN_LABEL_W), _MAX_LABEL_SHARE * content_w)
    avail = content_w - label_w

    n = len(widths)
    groups: list[list[int]] = [[i] for i in range(n)]
    for k in range(1, n + 1):
        sizes = [n // k + (1 if i < n % k else 0) for i in range(k)]
        candidate: list[list[int]] = []
        start = 0
        for size in sizes:
            candidate.append(list(range(start, start + size)))
            start += size
        if all(
            sum(widths[i] for i in g) + (total_w if gi == k - 1 else 0.0) <= avail for gi, g in enumerate(candidate)
        ):
            groups = candidate
            break

    chunks: list[_Chunk] = []
    headers: dict[str, str] = {}
    for gi, g in enumerate(groups):
        last = gi == len(groups) - 1
        tot = total_w if last else 0.0
        slots = len(g) + (1 if last else 0)
        widest = max([widths[i] for i in g] + ([total_w] if last else []))
        if widest * slots <= content_w - _MIN_LABEL_W:
            # Uniform figure columns (JUMLAH included), like a printed form: as wide as the preferred label
            # width allows; names are broken at a syllable only where they do not fit that width.
            u = min(max(widest, avail / slots), _MAX_NUM_COL)
            nums = [u] * slots
        else:
            cols = {i: widths[i] for i in g}
            spare = avail - sum(cols.values()) - tot
            # Let as many names as possible stand unbroken (cheapest first), then spread what is left.
            for i in sorted(g, key=lambda i: unbroken[i] - widths[i]):
                extra = unbroken[i] - cols[i]
                if 0 < extra <= spare:
                    cols[i] += extra
                    spare -= extra
            nums = [cols[i] for i in g] + ([total_w] if last else [])
            share = spare / len(nums) if spare > 0 else 0.0
            nums = [min(w + share, max(w, _MAX_NUM_COL)) for w in nums]
        label = min(content_w - sum(nums), max(label_w, natural_label))
        codes = tuple(data.column_codes[i] for i in g)
        for i, w in zip(g, nums, strict=False):
            headers[data.column_codes[i]] = header_markup(data.columns[i][1], w)[0]
        chunks.append(_Chunk(codes, g[0], last, (label, *nums)))
    return chunks, headers


# --------------------------------------------------------------------------------------------------- tables


class _CaptionedTable(Flowable):
    """A table with its section heading; every part of it split onto a later page gets "(lanjutan)" heading."""

    def __init__(self, table: Table, caption: Paragraph, continued: Paragraph) -> None:
        super().__init__()
        self.table = table
        self.caption = caption
        self.continued = continued
        self._caption_h = 0.0

    def _space(self) -> float:
        return float(self.caption.getSpaceBefore() + self.caption.getSpaceAfter())

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        _, ch = self.caption.wrap(aw, ah)
        self._caption_h = ch + self._space()
        _, th = self.table.wrap(aw, ah - self._caption_h)
        self.width = aw
        self.height = self._caption_h + th
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        _, ch = self.caption.wrap(aw, ah)
        caption_h = ch + self._space()
        parts = self.table.split(aw, ah - caption_h)
        if not parts:
            return []
        out: list[Flowable] = [_CaptionedTable(parts[0], self.caption, self.continued)]
        out += [_CaptionedTable(p, self.continued, self.continued) for p in parts[1:]]
        return out

    def draw(self) -> None:
        canv = self.canv
        self.caption.drawOn(canv, 0, self.height - self._caption_h + self.caption.getSpaceAfter())
        self.table.drawOn(canv, 0, 0)


class _SectionTables:
    """Builds the tables of sections I–V, chunked by columns, rows splitting across pages."""

    def __init__(
        self, data: BeritaAcaraData, styles: _Styles, fonts: Fonts, chunks: list[_Chunk], headers: dict[str, str]
    ) -> None:
        self.data = data
        self.headers = headers
        self.st = styles
        self.f = fonts
        self.chunks = chunks
        self.names = dict(data.columns)
        self.ncols = len(data.columns)

    def flowables(self, sections: Sequence[str]) -> list[Flowable]:
        out: list[Flowable] = []
        for section in sections:
            rows = [ln for ln in self.data.lines if ln.section == section]
            if not rows:
                continue
            for ci, chunk in enumerate(self.chunks):
                title = escape(section_title_for(self.data.ballot, section, self.data.body_short))
                if len(self.chunks) > 1:
                    first = chunk.first_index + 1
                    last = chunk.first_index + len(chunk.codes)
                    title += (
                        f' <font name="{self.f.regular}" size="7">(kecamatan {first}–{last} dari {self.ncols}'
                        f"; bagian {ci + 1} dari {len(self.chunks)}"
                        f"{'; dengan JUMLAH' if chunk.with_total else ''})</font>"
                    )
                heading = Paragraph(title, self.st.section)
                continued = Paragraph(f'{title} <font name="{self.f.italic}">(lanjutan)</font>', self.st.section)
                table = self._table(rows, chunk)
                # keep the heading with the header rows and the first data rows (or the whole small table)
                out.append(CondPageBreak(self._min_start_height(rows, chunk)))
                out.append(_CaptionedTable(table, heading, continued))
        return out

    def _min_start_height(self, rows: Sequence[LineRow], chunk: _Chunk) -> float:
        """Room needed on a page to start a section table: heading, header rows and the first rows."""
        height = 16.0 + 34.0
        inner = chunk.col_widths[0] - 2 * _PAD
        for line in rows[:6]:
            lines = math.ceil(stringWidth(line.label, self.f.regular, _LABEL_FS) / max(inner, 1.0)) or 1
            height += 3.5 + lines * (_LABEL_FS + 1.3)
            if line.in_words and chunk.with_total:
                height += 11.0
        return height

    def _header_cells(self, chunk: _Chunk) -> tuple[list[Any], list[str]]:
        head: list[Any] = [Paragraph("URAIAN", self.st.head)]
        numbers = ["(1)"]
        for offset, code in enumerate(chunk.codes):
            head.append(
                Paragraph(
                    f'<font name="{self.f.regular}" size="{_CODE_FS}">{code}</font><br/>{self.headers[code]}',
                    self.st.head,
                )
            )
            numbers.append(f"({chunk.first_index + offset + 2})")
        if chunk.with_total:
            head.append(Paragraph("JUMLAH", self.st.head))
            numbers.append(f"({self.ncols + 2})")
        return head, numbers

    def _table(self, rows: Sequence[LineRow], chunk: _Chunk) -> Table:
        f = self.f
        label_w = chunk.col_widths[0]
        head, numbers = self._header_cells(chunk)
        body: list[list[Any]] = [head, numbers]
        ncells = len(head)
        last_col = ncells - 1
        cmds: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), f.regular, _NUM_FS),
            ("ALIGN", (1, 2), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), _PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
            ("LEADING", (0, 0), (-1, -1), _NUM_FS + 1.0),
            ("TOPPADDING", (0, 0), (-1, -1), 1.3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.7),
            ("BACKGROUND", (0, 0), (-1, 1), _HEAD_BG),
            ("FONT", (0, 1), (-1, 1), f.regular, 5.6),
            ("ALIGN", (0, 1), (-1, 1), "CENTER"),
            ("TOPPADDING", (0, 1), (-1, 1), 0.6),
            ("BOTTOMPADDING", (0, 1), (-1, 1), 1.0),
            ("GRID", (0, 0), (-1, -1), 0.35, _GRID_GREY),
            ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
            ("LINEBELOW", (0, 1), (-1, 1), 0.9, colors.black),
        ]
        if chunk.with_total:
            cmds.append(("BACKGROUND", (last_col, 2), (last_col, -1), _TOTAL_BG))
            cmds.append(("LINEBEFORE", (last_col, 0), (last_col, -1), 0.9, colors.black))
        starts: list[tuple[int, LineRow]] = []
        for line in rows:
            r = len(body)
            starts.append((r, line))
            if line.is_header:
                body.append([self._label(line, sum(chunk.col_widths), bold=True)] + [""] * (ncells - 1))
                cmds += [
                    ("SPAN", (0, r), (-1, r)),
                    ("FONT", (0, r), (0, r), f.bold, _LABEL_FS),
                    ("BACKGROUND", (0, r), (-1, r), _SUBHEAD_BG),
                    ("NOSPLIT", (0, r), (-1, r + 1)),
                ]
                if not isinstance(body[r][0], Paragraph) and line.indent:
                    cmds.append(("LEFTPADDING", (0, r), (0, r), _PAD + line.indent * _INDENT))
                continue
            cells: list[Any] = [self._label(line, label_w, bold=line.is_total)]
            cells += [_num(line.values.get(code)) for code in chunk.codes]
            if chunk.with_total:
                cells.append(_num(line.total))
            body.append(cells)
            if not isinstance(cells[0], Paragraph) and line.indent:
                cmds.append(("LEFTPADDING", (0, r), (0, r), _PAD + line.indent * _INDENT))
            if line.is_total:
                cmds.append(("FONT", (0, r), (-1, r), f.bold, _NUM_FS))
            if chunk.with_total:
                cmds.append(("FONT", (last_col, r), (last_col, r), f.bold, _NUM_FS))
            if line.in_words and chunk.with_total:
                words = _DASH if line.total is None else terbilang(line.total)
                body.append(
                    [
                        Paragraph(
                            f'JUMLAH dengan huruf: <font name="{f.bold}">{words}</font>',
                            self.st.words,
                        )
                    ]
                    + [""] * (ncells - 1)
                )
                cmds += [
                    ("SPAN", (0, r + 1), (-1, r + 1)),
                    ("BACKGROUND", (0, r + 1), (-1, r + 1), _WORDS_BG),
                    ("NOSPLIT", (0, r), (-1, r + 1)),
                    ("LEFTPADDING", (0, r + 1), (0, r + 1), _PAD + (line.indent + 1) * _INDENT),
                ]
        # Keep a small group ("1. Jumlah pengguna …" with L/P/L+P) on one page; split a long one (a party block)
        # only with its heading and some rows before the break and enough rows after it.
        for i, (r, line) in enumerate(starts):
            if not line.is_header:
                continue
            end = len(body) - 1
            for r2, other in starts[i + 1 :]:
                if other.is_header and other.indent <= line.indent:
                    end = r2 - 1
                    break
            if end - r + 1 <= _KEEP_GROUP_ROWS:
                cmds.append(("NOSPLIT", (0, r), (-1, end)))
            else:  # no orphan heading, no widow rows: at least 3 rows on each side of a page break
                cmds.append(("NOSPLIT", (0, r), (-1, r + 3)))
                cmds.append(("NOSPLIT", (0, end - 2), (-1, end)))
        last_row = len(body) - 1
        if last_row >= 2:  # no lone first or last rows of a table across a page break
            cmds.append(("NOSPLIT", (0, 2), (-1, min(4, last_row))))
            cmds.append(("NOSPLIT", (0, max(2, last_row - 2)), (-1, last_row)))
        table = Table(body, colWidths=list(chunk.col_widths), repeatRows=2, hAlign="LEFT")
        table.setStyle(TableStyle(cmds))
        return table

    def _label(self, line: LineRow, width: float, *, bold: bool) -> str | Paragraph:
        font = self.f.bold if bold else self.f.regular
        inner = width - 2 * _PAD - line.indent * _INDENT
        if stringWidth(line.label, font, _LABEL_FS) <= inner:
            return line.label  # plain string: much faster than a Paragraph
        style = self.st.label_bold if bold else self.st.label
        if line.indent:
            style = ParagraphStyle(f"{style.name}-{line.indent}", parent=style, leftIndent=line.indent * _INDENT)
        return Paragraph(escape(line.label), style)


# --------------------------------------------------------------------------------------------------- document


class _BeritaAcaraDoc:
    def __init__(self, data: BeritaAcaraData) -> None:
        self.data = data
        self.f = register_fonts()
        self.st = _make_styles(self.f)
        width, height = PAGE_SIZES[data.paper]
        content_w = width - 2 * _MARGIN_X
        grid_w = content_w - _QR_SIZE - 6
        self.grid_compact, self.grid_full = (
            SignatureGrid(
                data.signatories,
                office=data.office,
                kabupaten=data.kabupaten,
                width=grid_w,
                compact=compact,
                fonts=self.f,
            )
            for compact in (True, False)
        )
        footer_y = _MARGIN_BOTTOM + 2
        self.geo = _Geometry(
            width=width,
            height=height,
            content_w=content_w,
            footer_y=footer_y,
            grid_y=footer_y + _FOOTER_GAP + 2,
            top=height - _MARGIN_TOP,
        )
        self.model_box_w = stringWidth(data.model_code, self.f.bold, 8.0) + 16
        self.chunks, self.headers = _column_chunks(data, content_w, self.f)
        self._qr_defined = False
        self._forms: set[str] = set()
        self._full_grid_pages: set[int] = set()

    # ------------------------------------------------------------------ page furniture

    @property
    def _reserved_h(self) -> float:
        """Height at the foot of every page kept for the compact grid and the QR code (above the footer line)."""
        return max(self.grid_compact.height, _QR_SIZE) + 5

    def _frame(self, ident: str, header_h: float) -> Frame:
        g = self.geo
        bottom = g.grid_y + self._reserved_h
        top = g.top - header_h
        return Frame(
            g.left,
            bottom,
            g.content_w,
            top - bottom,
            id=ident,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    def _draw_model_box(self, canv: Canvas) -> None:
        g = self.geo
        x = g.right - self.model_box_w
        canv.setLineWidth(0.9)
        canv.rect(x, g.top - 16, self.model_box_w, 16, stroke=1, fill=0)
        canv.setFont(self.f.bold, 8.0)
        canv.drawCentredString(x + self.model_box_w / 2, g.top - 11, self.data.model_code)

    def _region_items(self) -> list[tuple[str, str]]:
        items = [("PROVINSI", self.data.provinsi), ("KABUPATEN/KOTA", self.data.kabupaten)]
        if self.data.dapil:
            items.append(("DAERAH PEMILIHAN", self.data.dapil))
        return items

    def _draw_region(self, canv: Canvas, y: float) -> None:
        x = self.geo.left
        size = 7.6
        for label, value in self._region_items():
            canv.setFont(self.f.regular, size)
            canv.drawString(x, y, f"{label} :")
            x += stringWidth(f"{label} : ", self.f.regular, size)
            canv.setFont(self.f.bold, size)
            canv.drawString(x, y, value)
            x += stringWidth(value, self.f.bold, size) + 26

    def _draw_first_header(self, canv: Canvas) -> None:
        d = self.data
        g = self.geo
        canv.saveState()
        self._draw_model_box(canv)
        lines = [
            ("BERITA ACARA DAN SERTIFIKAT REKAPITULASI HASIL PENGHITUNGAN PEROLEHAN SUARA", 10.2),
            ("DI TINGKAT KABUPATEN/KOTA DALAM PEMILIHAN UMUM", 10.2),
            (d.election_title, 11.6),
            (f"TAHUN {d.year}", 10.2),
        ]
        box_left = g.right - self.model_box_w - 8
        widest = max(stringWidth(t, self.f.bold, s) for t, s in lines)
        centre = g.width / 2
        if centre + widest / 2 > box_left:
            centre = (g.left + box_left) / 2
        y = g.top - 9
        for text, size in lines:
            canv.setFont(self.f.bold, size)
            canv.drawCentredString(centre, y, text)
            y -= size + 3.4
        self._draw_region(canv, g.top - _FIRST_HEADER_H + 10)
        canv.setLineWidth(0.6)
        canv.line(g.left, g.top - _FIRST_HEADER_H + 5, g.right, g.top - _FIRST_HEADER_H + 5)
        self._draw_foot(canv)
        canv.restoreState()

    def _draw_body_header(self, canv: Canvas) -> None:
        d = self.data
        g = self.geo
        canv.saveState()
        self._draw_model_box(canv)
        canv.setFont(self.f.bold, 8.0)
        title = (
            f"BERITA ACARA DAN SERTIFIKAT REKAPITULASI TINGKAT KABUPATEN/KOTA · PEMILU {d.election_title} "
            f"TAHUN {d.year}"
        )
        size = 8.0
        room = g.right - self.model_box_w - 10 - g.left
        while stringWidth(title, self.f.bold, size) > room and size > 5.5:
            size -= 0.25
        canv.setFont(self.f.bold, size)
        canv.drawString(g.left, g.top - 9, title)
        self._draw_region(canv, g.top - 21)
        canv.setLineWidth(0.6)
        canv.line(g.left, g.top - _BODY_HEADER_H + 6, g.right, g.top - _BODY_HEADER_H + 6)
        self._draw_foot(canv)
        canv.restoreState()

    def _draw_foot(self, canv: Canvas) -> None:
        d = self.data
        g = self.geo
        self._draw_qr(canv, g.right - _QR_SIZE, g.grid_y)
        canv.setFont(self.f.regular, 6.4)
        canv.drawString(g.left, g.footer_y, f"{d.model_code}   ·   ID dokumen: {d.document_id}")
        canv.drawRightString(
            g.right, g.footer_y, f"SHA-256 data: {d.data_sha256[:16]}…{d.data_sha256[-8:]} (lengkap dalam kode QR)"
        )

    def _draw_qr(self, canv: Canvas, x: float, y: float) -> None:
        if not self._qr_defined:
            canv.beginForm("rekapQR", 0, 0, _QR_SIZE, _QR_SIZE)
            _draw_qr_modules(canv, self.data.qr_payload, _QR_SIZE)
            canv.endForm()
            self._qr_defined = True
        canv.saveState()
        canv.translate(x, y)
        canv.doForm("rekapQR")
        canv.restoreState()

    def _mark_page(self, canv: Canvas, page: int, total: int) -> None:
        """Page-total furniture, drawn once the number of pages is known."""
        g = self.geo
        text = f"Hal {page} dari {total}"
        canv.saveState()
        canv.setFillColor(colors.black)
        canv.setFont(self.f.bold, 7.6)
        canv.drawCentredString(g.right - self.model_box_w / 2, g.top - 25, text)
        canv.setFont(self.f.bold, 7.0)
        canv.drawCentredString(g.width / 2, g.footer_y, text)
        canv.restoreState()

    def _furniture(self, name: str, draw: Callable[[Canvas], None], canv: Canvas, _doc: Any) -> None:
        """Draw the static page furniture of a template, recorded once as a Form XObject and reused."""
        if name not in self._forms:
            canv.beginForm(name, 0, 0, self.geo.width, self.geo.height)
            draw(canv)
            canv.endForm()
            self._forms.add(name)
        canv.doForm(name)

    def _end_page(self, canv: Canvas, _doc: Any) -> None:
        """The compact signature grid, on every page except the one carrying the full grid."""
        if canv.getPageNumber() in self._full_grid_pages:
            return
        if "rekapGrid" not in self._forms:
            canv.beginForm("rekapGrid", 0, 0, self.geo.width, self.geo.height)
            self.grid_compact.draw(canv, self.geo.left, self.geo.grid_y)
            canv.endForm()
            self._forms.add("rekapGrid")
        canv.doForm("rekapGrid")

    def templates(self) -> list[PageTemplate]:
        return [
            PageTemplate(
                id="first",
                frames=[self._frame("first", _FIRST_HEADER_H)],
                onPage=partial(self._furniture, "rekapFirst", self._draw_first_header),
                onPageEnd=self._end_page,
                autoNextPageTemplate="body",
            ),
            PageTemplate(
                id="body",
                frames=[self._frame("body", _BODY_HEADER_H)],
                onPage=partial(self._furniture, "rekapBody", self._draw_body_header),
                onPageEnd=self._end_page,
            ),
        ]

    # ------------------------------------------------------------------ story

    def story(self) -> list[Flowable]:
        d = self.data
        st = self.st
        date = d.meeting_date
        office = escape(d.office.title().replace(" Dan ", " dan "))
        opening = (
            f"Pada hari ini <b>{day_name(date)}</b> tanggal <b>{number_words(date.day).title()}</b> bulan "
            f"<b>{month_name(date.month)}</b> tahun <b>{number_words(date.year).title()}</b>, {office} mengadakan "
            "Rapat Pleno Terbuka Rekapitulasi Hasil Penghitungan Perolehan Suara di Tingkat Kabupaten/Kota dalam "
            f"Pemilihan Umum {escape(_title_case(d.election_title))} Tahun {d.year}"
            f"{' Daerah Pemilihan ' + escape(d.dapil) if d.dapil else ''}, yang dihadiri oleh Saksi Peserta "
            f"Pemilu, Bawaslu Kabupaten/Kota dan PPK, bertempat di <b>{escape(d.place)}</b>."
        )
        story: list[Flowable] = [Paragraph(opening, st.body)]
        if d.start_time or d.end_time:
            story.append(
                Paragraph(
                    f"Rapat dimulai pada pukul <b>{escape(d.start_time or '.....')}</b> s.d. "
                    f"<b>{escape(d.end_time or '.....')}</b> waktu setempat.",
                    st.body,
                )
            )
        story.append(
            Paragraph(
                "Adapun data pemilih dan pengguna hak pilih, penggunaan surat suara, pemilih disabilitas, dan "
                f"hasil rekapitulasi perolehan suara dari {len(d.columns)} kecamatan, sebagaimana tercantum dalam "
                "Model D.HASIL KECAMATAN yang dibacakan oleh PPK, terinci sebagai berikut:",
                st.body,
            )
        )
        tables = _SectionTables(d, st, self.f, self.chunks, self.headers)
        story += tables.flowables(("I", "II", "III", "IV"))
        # Section V and the closing text follow section IV; DITETAPKAN and the full signature grid are kept
        # together at the foot of a page (like page 2 of the official form).
        story += tables.flowables(("V",))
        story += self._closing()
        story.append(PageBreak())
        story += self._lampiran_keberatan()
        story += self._lampiran_sirekap()
        return story

    def _closing(self) -> list[Flowable]:
        d = self.data
        st = self.st
        out: list[Flowable] = [Spacer(1, 6)]
        ada = "ada" if d.keberatan else "tidak ada"
        detail = f" ({len(d.keberatan)} catatan)" if d.keberatan else " (NIHIL)"
        out.append(
            Paragraph(
                f"Dalam Rapat Pleno Terbuka tersebut <b>{ada}</b> keberatan dan/atau kejadian khusus{detail}, "
                "sebagaimana tercantum dalam Lampiran I Berita Acara ini.",
                st.body,
            )
        )
        refused = [s for s in d.signatories if s.role != "bawaslu" and s.refused]
        absent = [s for s in d.signatories if s.role != "bawaslu" and not s.present]
        if refused:
            items = "".join(
                f"<br/>{i}. {escape(self._who(s))}: {escape(signing_status_text(s) or '')}"
                for i, s in enumerate(refused, start=1)
            )
            out.append(
                Paragraph(
                    "Yang hadir tetapi tidak bersedia menandatangani Berita Acara dan Sertifikat ini beserta "
                    f"alasannya:{items}",
                    st.body,
                )
            )
        if absent:
            names = "; ".join(escape(self._who(s)) for s in absent)
            out.append(Paragraph(f"Tidak hadir pada saat penandatanganan: {names}.", st.body))
        office = escape(d.office.title().replace(" Dan ", " dan "))
        ending: list[Flowable] = []
        ending.append(
            Paragraph(
                "Demikian Berita Acara ini dibuat dengan sebenarnya, ditandatangani oleh Ketua dan Anggota "
                f"{office} serta Saksi Peserta Pemilu yang hadir dan bersedia menandatangani. Salinan Berita "
                "Acara dan Sertifikat ini diberikan kepada Saksi Peserta Pemilu yang hadir dan Bawaslu "
                "Kabupaten/Kota; Bawaslu menerima salinan dan tidak menandatangani sertifikat.",
                st.body,
            )
        )
        ending.append(
            Paragraph(
                "Berita Acara ini dilampiri: Lampiran I Kejadian Khusus dan/atau Keberatan; Lampiran II Pembanding "
                "Sirekap (alat bantu, bukan hasil resmi).",
                st.body,
            )
        )
        place = escape(d.kabupaten)
        when = escape(format_date_long(d.established_date).upper())
        ending.append(Spacer(1, 4))
        established = Table(
            [[f"DITETAPKAN DI :  {place}", f"TANGGAL :  {when}"]],
            colWidths=[self.geo.content_w * 0.5, self.geo.content_w * 0.5],
            hAlign="LEFT",
        )
        established.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), self.f.bold, 9.5),
                    ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
                    ("LINEBEFORE", (1, 0), (1, 0), 0.5, colors.black),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ]
            )
        )
        ending.append(established)
        grid = _FullGridFlowable(self.grid_full, self._reserved_h, self._full_grid_pages)
        out.append(CondPageBreak(_height_of(ending, self.geo.content_w) + grid.needed))
        out += ending
        out.append(grid)
        return out

    @staticmethod
    def _who(person: Any) -> str:
        if person.role == "saksi":
            return f"{person.name} (saksi {person.peserta})"
        return f"{person.name} ({'Ketua' if person.role == 'ketua' else 'Anggota'} KPU)"

    def _attachment_title(self, title: str) -> list[Flowable]:
        d = self.data
        sub = (
            f"Lampiran Berita Acara {escape(d.model_code)} · {escape(d.kabupaten)}"
            f"{' · Dapil ' + escape(d.dapil) if d.dapil else ''} · ID dokumen {escape(d.document_id)}"
        )
        return [
            Paragraph(escape(title), self.st.attach_title),
            Paragraph(sub, ParagraphStyle("sub", parent=self.st.body_small, alignment=TA_CENTER, spaceAfter=6)),
        ]

    def _lampiran_keberatan(self) -> list[Flowable]:
        d = self.data
        st = self.st
        out = self._attachment_title("LAMPIRAN I: KEJADIAN KHUSUS DAN/ATAU KEBERATAN")
        if not d.keberatan:
            box = Table([[Paragraph("NIHIL", st.nihil)]], colWidths=[self.geo.content_w * 0.5], hAlign="CENTER")
            box.setStyle(
                TableStyle(
                    [
                        ("FONT", (0, 0), (-1, -1), self.f.bold, 22),
                        ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
                        ("TOPPADDING", (0, 0), (-1, -1), 10),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
                    ]
                )
            )
            out += [
                box,
                Spacer(1, 4),
                Paragraph(
                    "Tidak terdapat kejadian khusus dan/atau keberatan selama Rapat Pleno Terbuka Rekapitulasi.",
                    ParagraphStyle("c", parent=st.body_small, alignment=TA_CENTER),
                ),
            ]
            return out
        cw = self.geo.content_w
        widths = [0.035, 0.08, 0.09, 0.12, 0.10, 0.25, 0.16, 0.165]
        head = ["NO", "JENIS", "KECAMATAN", "PESERTA / SAKSI", "ISIAN (BARIS)", "URAIAN", "HASIL", "TINDAK LANJUT"]
        rows: list[list[Any]] = [[Paragraph(h, st.head) for h in head]]
        for k in d.keberatan:
            who = " / ".join(x for x in (k.peserta, k.saksi) if x) or _DASH
            rows.append(
                [
                    str(k.number),
                    Paragraph(escape(k.kind.upper()), st.cell_bold),
                    Paragraph(escape(k.kecamatan or "SELURUH KABUPATEN"), st.cell),
                    Paragraph(escape(who), st.cell),
                    Paragraph(escape(k.cells or _DASH), st.cell),
                    Paragraph(escape(k.description), st.cell),
                    Paragraph(escape(k.outcome or _DASH), st.cell),
                    Paragraph(escape(k.tindak_lanjut or _DASH), st.cell),
                ]
            )
        table = Table(rows, colWidths=[w * cw for w in widths], repeatRows=1, hAlign="LEFT")
        table.setStyle(self._plain_table_style())
        out.append(table)
        return out

    def _plain_table_style(self) -> TableStyle:
        return TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), self.f.regular, 7.0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), _HEAD_BG),
                ("GRID", (0, 0), (-1, -1), 0.35, _GRID_GREY),
                ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
                ("LINEBELOW", (0, 0), (-1, 0), 0.9, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )

    def _lampiran_sirekap(self) -> list[Flowable]:
        d = self.data
        st = self.st
        out: list[Flowable] = [CondPageBreak(140), Spacer(1, 10)]
        out += self._attachment_title("LAMPIRAN II: PEMBANDING SIREKAP (ALAT BANTU, BUKAN HASIL RESMI)")
        out.append(
            Paragraph(
                "Sirekap adalah <b>alat bantu</b>. Hasil resmi adalah rekapitulasi manual berjenjang yang tercantum "
                "pada Berita Acara dan Sertifikat ini. Daftar ini hanya memuat baris yang angka Sirekap-nya berbeda "
                "dengan hasil rekapitulasi manual, per kecamatan; SELISIH = manual − Sirekap; cakupan = TPS yang "
                "datanya ada di Sirekap dibanding seluruh TPS kecamatan.",
                st.body_small,
            )
        )
        rows_in = [r for r in d.sirekap_comparison if not _same(r)]
        if not rows_in:
            out.append(
                Paragraph(
                    "<b>Tidak ada perbedaan</b> antara hasil rekapitulasi manual dan data Sirekap yang tersedia.",
                    ParagraphStyle("c2", parent=st.body, alignment=TA_CENTER, spaceBefore=8),
                )
            )
            return out
        cw = self.geo.content_w
        widths = [0.14, 0.07, 0.36, 0.10, 0.10, 0.10, 0.13]
        head = [
            "KECAMATAN",
            "BARIS",
            "URAIAN",
            "HASIL MANUAL (RESMI)",
            "SIREKAP (ALAT BANTU)",
            "SELISIH (MANUAL − SIREKAP)",
            "CAKUPAN SIREKAP",
        ]
        rows: list[list[Any]] = [[Paragraph(h, st.head) for h in head]]
        cmds: list[tuple[Any, ...]] = [("ALIGN", (3, 1), (5, -1), "RIGHT"), ("ALIGN", (6, 1), (6, -1), "CENTER")]
        previous: str | None = None
        for r in rows_in:
            delta = r.delta
            if delta is None and r.manual is not None and r.sirekap is not None:
                delta = r.manual - r.sirekap
            first = r.kecamatan != previous
            previous = r.kecamatan
            idx = len(rows)
            rows.append(
                [
                    Paragraph(escape(r.kecamatan), st.cell_bold) if first else "",
                    r.line_id,
                    Paragraph(escape(r.label), st.cell),
                    _num(r.manual),
                    "tidak ada data" if r.sirekap is None else format_int(r.sirekap),
                    _DASH if delta is None else format_delta(delta),
                    r.coverage,
                ]
            )
            cmds.append(("FONT", (5, idx), (5, idx), self.f.bold, 7.0))
            if first and idx > 1:
                cmds.append(("LINEABOVE", (0, idx), (-1, idx), 0.8, colors.black))
        table = Table(rows, colWidths=[w * cw for w in widths], repeatRows=1, hAlign="LEFT")
        table.setStyle(self._plain_table_style())
        table.setStyle(TableStyle(cmds))
        out.append(table)
        return out

    # ------------------------------------------------------------------ build

    def build(self, sink: BinaryIO, *, invariant: bool) -> int:
        d = self.data
        doc = BaseDocTemplate(
            sink,
            pagesize=(self.geo.width, self.geo.height),
            pageTemplates=self.templates(),
            leftMargin=_MARGIN_X,
            rightMargin=_MARGIN_X,
            topMargin=_MARGIN_TOP,
            bottomMargin=_MARGIN_BOTTOM,
            title=f"Berita Acara {d.model_code} {d.kabupaten}" + (f" Dapil {d.dapil}" if d.dapil else ""),
            author=d.office,
            subject=(
                f"{d.model_code}: Berita Acara dan Sertifikat Rekapitulasi Hasil Penghitungan Perolehan Suara "
                f"di Tingkat Kabupaten/Kota, Pemilihan Umum {d.election_title} Tahun {d.year}"
            ),
            keywords=identity_keywords(d.document_id, d.data_sha256),
            creator="Rekap Desktop",
            producer="Rekap Desktop (reportlab)",
            lang="id-ID",
            invariant=1 if invariant else 0,
            initialFontName=self.f.regular,
        )
        maker = partial(NumberedCanvas, page_marker=self._mark_page, created=d.generated_at)
        # Binary (Flate only) streams: smaller and faster than reportlab's default ASCII85 + Flate. The setting is
        # global in reportlab, so it is restored afterwards.
        previous_a85 = rl_config.useA85
        rl_config.useA85 = 0
        try:
            doc.build(self.story(), canvasmaker=maker)
        finally:
            rl_config.useA85 = previous_a85
        return int(doc.page)


def _height_of(flowables: Sequence[Flowable], width: float) -> float:
    """Height the flowables take at ``width`` (CondPageBreak and the like count as nothing)."""
    total = 0.0
    for f in flowables:
        if isinstance(f, CondPageBreak):
            continue
        _, h = f.wrap(width, 100_000)
        total += float(h) + float(f.getSpaceBefore()) + float(f.getSpaceAfter())
    return total


class _FullGridFlowable(Flowable):
    """The full signature grid of the closing page, anchored at the foot of the page.

    It takes the rest of the frame and draws the grid down into the area kept for the compact grid, which is then
    left out on that page (the page-end hook reads ``pages``). If less than ``needed`` is left, it moves to the
    next page like any flowable.
    """

    def __init__(self, grid: SignatureGrid, reserved: float, pages: set[int]) -> None:
        super().__init__()
        self.grid = grid
        self.reserved = reserved
        self.pages = pages
        self.needed = max(0.0, grid.height - reserved) + 8.0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.height = ah if self.needed <= ah < 10_000 else self.needed
        return aw, self.height

    def draw(self) -> None:
        self.pages.add(self.canv.getPageNumber())
        self.grid.draw(self.canv, 0, -self.reserved)


def _draw_qr_modules(canv: Canvas, payload: str, size: float, border: int = 1) -> None:
    """Draw the QR code of ``payload`` as filled runs in a ``size`` square at the origin.

    Drawn with the encoder directly rather than through a graphics Drawing: renderPDF would select the
    (non-embedded) Helvetica as its default font state, even though a QR code has no text.
    """
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(payload)
    qr.make()
    count = qr.getModuleCount()
    side = count + 2 * border
    path = canv.beginPath()
    for r, row in enumerate(qr.modules):
        c = 0
        for dark, run in itertools.groupby(bool(v) for v in row):
            n = len(list(run))
            if dark:
                path.rect(c + border, side - (r + border + 1), n, 1)  # module units: short integer operands
            c += n
    canv.saveState()
    canv.setFillColor(colors.white)
    canv.rect(0, 0, size, size, stroke=0, fill=1)
    canv.scale(size / side, size / side)
    canv.setFillColor(colors.black)
    canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()


def _same(row: ComparisonRow) -> bool:
    return row.manual is not None and row.sirekap is not None and row.manual == row.sirekap


def render_berita_acara(data: BeritaAcaraData, out: Path | str | BinaryIO, *, invariant: bool = False) -> RenderResult:
    """Render the berita acara of ``data`` to a file path (written atomically) or a binary stream."""
    builder = _BeritaAcaraDoc(data)
    buffer = io.BytesIO()
    pages = builder.build(buffer, invariant=invariant)
    payload = buffer.getvalue()
    if isinstance(out, (str, os.PathLike)):
        write_atomically(Path(out), payload)
    else:
        out.write(payload)
    return RenderResult(
        page_count=pages,
        page_size=(builder.geo.width, builder.geo.height),
        column_chunks=len(builder.chunks),
        document_id=data.document_id,
        data_sha256=data.data_sha256,
        byte_size=len(payload),
    )
