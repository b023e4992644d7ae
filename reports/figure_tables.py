"""The figure tables of the berita acara (sections I–V): one row per form line, one column per kecamatan.

- A narrow **KODE** column gives each row its line id (``I.B.1.L``, ``IV.3``, ``V.A`` …) as used everywhere in
  the app (``check``, CSV); it also lets ``verify-pdf`` read every printed figure back reliably
  (:mod:`reports.pdf_reading`): a row is its code and, on the same baseline, one figure per column.
- With many kecamatan the columns are split into balanced chunks that fit the page width; URAIAN (and KODE) are
  repeated and JUMLAH goes in the last chunk. Long tables split across pages with their header rows repeated and
  "(lanjutan)" after the section heading.
- A missing figure prints as a dash, never as 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from reports.berita_acara_data import BeritaAcaraData, LineRow, section_title_for
from reports.fonts import Fonts
from reports.identity import CODE_HEADER, DASH, figure_text
from reports.layout import GRID_GREY, HEAD_BG, SUBHEAD_BG, Styles
from reports.numbers_id import terbilang
from reports.syllables_id import break_word

__all__ = ["CODE_HEADER", "CaptionedTable", "Chunk", "SectionTables", "column_chunks", "figure_text"]

NUM_FS = 7.2
LABEL_FS = 7.2
HEAD_FS = 6.4
CODE_FS = 5.4
ROW_CODE_FS = 6.0
PAD = 3.0
INDENT = 9.0
MIN_NUM_COL = 30.0
MIN_HEAD_COL = 38.0  # names wider than this are broken at a syllable
MIN_LABEL_W = 150.0
KEEP_GROUP_ROWS = 6
MAX_LABEL_SHARE = 0.28
MAX_NUM_COL = 80.0

_TOTAL_BG = colors.Color(0.95, 0.95, 0.95)
_WORDS_BG = colors.Color(0.97, 0.97, 0.97)


@dataclass(frozen=True)
class Chunk:
    codes: tuple[str, ...]
    first_index: int  # index of the first kecamatan in data.columns
    with_total: bool
    col_widths: tuple[float, ...]  # KODE, URAIAN, kecamatan…, (JUMLAH)


def column_chunks(data: BeritaAcaraData, content_w: float, f: Fonts) -> tuple[list[Chunk], dict[str, str]]:
    """Split the kecamatan columns into balanced groups that fit the page width; JUMLAH goes in the last.

    Returns the chunks and, per kecamatan code, the header markup (long names broken at a syllable).
    """
    lines = [ln for ln in data.lines if not ln.is_header]
    code_col = max([stringWidth(CODE_HEADER, f.bold, HEAD_FS)]
                   + [stringWidth(ln.line_id, f.regular, ROW_CODE_FS) for ln in lines]) + 2 * PAD + 1
    content_w -= code_col

    def number_width(values: Iterable[int | None]) -> float:
        widest = max((float(stringWidth(figure_text(v), f.bold, NUM_FS)) for v in values), default=0.0)
        return widest + 2 * PAD

    def head_width(text: str) -> float:
        return float(stringWidth(text, f.bold, HEAD_FS))

    def header_markup(name: str, width: float) -> tuple[str, float]:
        """Header text for a column of ``width``: long words broken at a syllable; and its widest line."""
        words = [break_word(word, head_width, width - 2 * PAD - 1) for word in name.split()] or [[name]]
        widest = max(head_width(part) for parts in words for part in parts)
        return " ".join("<br/>".join(escape(p) for p in parts) for parts in words), widest + 2 * PAD + 1

    widths: list[float] = []  # narrowest acceptable: names broken at syllables
    unbroken: list[float] = []  # enough for every word of the name on one line
    for code, name in data.columns:
        num_w = number_width(ln.values.get(code) for ln in lines)
        code_w = stringWidth(code, f.regular, CODE_FS) + 2 * PAD + 1
        _, broken_w = header_markup(name, max(num_w, MIN_HEAD_COL))
        widths.append(max(MIN_NUM_COL, num_w, code_w, broken_w))
        whole_w = max((head_width(w) for w in name.split()), default=0.0) + 2 * PAD + 1
        unbroken.append(max(widths[-1], whole_w))
    total_w = max(MIN_NUM_COL + 6, number_width(ln.total for ln in lines), head_width("JUMLAH") + 2 * PAD + 1)

    natural_label = (
        max(
            (
                stringWidth(ln.label, f.bold if ln.is_total else f.regular, LABEL_FS) + ln.indent * INDENT
                for ln in lines
            ),
            default=120.0,
        )
        + 2 * PAD
        + 2
    )
    label_w = min(max(natural_label, MIN_LABEL_W), MAX_LABEL_SHARE * content_w)
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

    chunks: list[Chunk] = []
    headers: dict[str, str] = {}
    for gi, g in enumerate(groups):
        last = gi == len(groups) - 1
        tot = total_w if last else 0.0
        slots = len(g) + (1 if last else 0)
        widest = max([widths[i] for i in g] + ([total_w] if last else []))
        if widest * slots <= content_w - MIN_LABEL_W:
            # Uniform figure columns (JUMLAH included), like a printed form: as wide as the preferred label
            # width allows; names are broken at a syllable only where they do not fit that width.
            u = min(max(widest, avail / slots), MAX_NUM_COL)
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
            nums = [min(w + share, max(w, MAX_NUM_COL)) for w in nums]
        label = min(content_w - sum(nums), max(label_w, natural_label))
        codes = tuple(data.column_codes[i] for i in g)
        for i, w in zip(g, nums, strict=False):
            headers[data.column_codes[i]] = header_markup(data.columns[i][1], w)[0]
        chunks.append(Chunk(codes, g[0], last, (code_col, label, *nums)))
    return chunks, headers


# --------------------------------------------------------------------------------------------------- tables


class CaptionedTable(Flowable):
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
        out: list[Flowable] = [CaptionedTable(parts[0], self.caption, self.continued)]
        out += [CaptionedTable(p, self.continued, self.continued) for p in parts[1:]]
        return out

    def draw(self) -> None:
        canv = self.canv
        self.caption.drawOn(canv, 0, self.height - self._caption_h + self.caption.getSpaceAfter())
        self.table.drawOn(canv, 0, 0)


class SectionTables:
    """Builds the tables of sections I–V, chunked by columns, rows splitting across pages."""

    def __init__(
        self, data: BeritaAcaraData, styles: Styles, fonts: Fonts, chunks: list[Chunk], headers: dict[str, str]
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
                out.append(CaptionedTable(table, heading, continued))
        return out

    def _min_start_height(self, rows: Sequence[LineRow], chunk: Chunk) -> float:
        """Room needed on a page to start a section table: heading, header rows and the first rows."""
        height = 16.0 + 34.0
        inner = chunk.col_widths[1] - 2 * PAD
        for line in rows[:6]:
            lines = math.ceil(stringWidth(line.label, self.f.regular, LABEL_FS) / max(inner, 1.0)) or 1
            height += 3.5 + lines * (LABEL_FS + 1.3)
            if line.in_words and chunk.with_total:
                height += 11.0
        return height

    def _header_cells(self, chunk: Chunk) -> tuple[list[Any], list[str]]:
        head: list[Any] = [Paragraph(CODE_HEADER, self.st.head), Paragraph("URAIAN", self.st.head)]
        numbers = ["", "(1)"]
        for offset, code in enumerate(chunk.codes):
            head.append(
                Paragraph(
                    f'<font name="{self.f.regular}" size="{CODE_FS}">{code}</font><br/>{self.headers[code]}',
                    self.st.head,
                )
            )
            numbers.append(f"({chunk.first_index + offset + 2})")
        if chunk.with_total:
            head.append(Paragraph("JUMLAH", self.st.head))
            numbers.append(f"({self.ncols + 2})")
        return head, numbers

    def _table(self, rows: Sequence[LineRow], chunk: Chunk) -> Table:
        f = self.f
        label_w = chunk.col_widths[1]
        head, numbers = self._header_cells(chunk)
        body: list[list[Any]] = [head, numbers]
        ncells = len(head)
        last_col = ncells - 1
        cmds: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), f.regular, NUM_FS),
            ("ALIGN", (2, 2), (-1, -1), "RIGHT"),
            ("FONT", (0, 2), (0, -1), f.regular, ROW_CODE_FS),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("LEADING", (0, 0), (-1, -1), NUM_FS + 1.0),
            ("TOPPADDING", (0, 0), (-1, -1), 1.3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.7),
            ("BACKGROUND", (0, 0), (-1, 1), HEAD_BG),
            ("FONT", (0, 1), (-1, 1), f.regular, 5.6),
            ("ALIGN", (0, 1), (-1, 1), "CENTER"),
            ("TOPPADDING", (0, 1), (-1, 1), 0.6),
            ("BOTTOMPADDING", (0, 1), (-1, 1), 1.0),
            ("GRID", (0, 0), (-1, -1), 0.35, GRID_GREY),
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
                    ("FONT", (0, r), (0, r), f.bold, LABEL_FS),
                    ("BACKGROUND", (0, r), (-1, r), SUBHEAD_BG),
                    ("NOSPLIT", (0, r), (-1, r + 1)),
                ]
                if not isinstance(body[r][0], Paragraph) and line.indent:
                    cmds.append(("LEFTPADDING", (0, r), (0, r), PAD + line.indent * INDENT))
                continue
            cells: list[Any] = [line.line_id, self._label(line, label_w, bold=line.is_total)]
            cells += [figure_text(line.values.get(code)) for code in chunk.codes]
            if chunk.with_total:
                cells.append(figure_text(line.total))
            body.append(cells)
            if not isinstance(cells[1], Paragraph) and line.indent:
                cmds.append(("LEFTPADDING", (1, r), (1, r), PAD + line.indent * INDENT))
            if line.is_total:
                cmds.append(("FONT", (1, r), (-1, r), f.bold, NUM_FS))
            if chunk.with_total:
                cmds.append(("FONT", (last_col, r), (last_col, r), f.bold, NUM_FS))
            if line.in_words and chunk.with_total:
                words = DASH if line.total is None else terbilang(line.total)
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
                    ("LEFTPADDING", (0, r + 1), (0, r + 1), PAD + (line.indent + 1) * INDENT),
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
            if end - r + 1 <= KEEP_GROUP_ROWS:
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
        inner = width - 2 * PAD - line.indent * INDENT
        if stringWidth(line.label, font, LABEL_FS) <= inner:
            return line.label  # plain string: much faster than a Paragraph
        style = self.st.label_bold if bold else self.st.label
        if line.indent:
            style = ParagraphStyle(f"{style.name}-{line.indent}", parent=style, leftIndent=line.indent * INDENT)
        return Paragraph(escape(line.label), style)


