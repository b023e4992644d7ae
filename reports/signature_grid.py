"""The signature grid printed on every page of the berita acara.

Like the official C.HASIL form, every page carries the names of the KPU Kabupaten/Kota members (ketua, anggota)
and of the saksi of each peserta, with room to sign: a signature on every page authenticates the page. Two sizes:

- compact (table pages): one grid, KPU members first then the saksi, as many cells per row as fit;
- full (the closing page): one block for the KPU members and one for the saksi, with more room to sign.

A saksi or member present who refused shows "menolak menandatangani" and the reason (shortened when it does not
fit; the closing page lists every reason in full). Someone absent shows "tidak hadir". Bawaslu does not sign: the
grid states that Bawaslu receives a copy.

The layout (wrapping, cell sizes) is computed once; :meth:`SignatureGrid.draw` only issues canvas operations.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from reports.berita_acara_data import Signatory
from reports.fonts import Fonts

__all__ = ["SignatureGrid", "signing_status_text"]

_ELLIPSIS = "…"
_GREY_BAR = colors.Color(0.88, 0.88, 0.88)
_LINE = colors.Color(0.15, 0.15, 0.15)
_SOFT = colors.Color(0.45, 0.45, 0.45)


def signing_status_text(person: Signatory) -> str | None:
    """``None`` when the person signs; otherwise the text shown in place of a signature."""
    if not person.present:
        return "tidak hadir"
    if not person.signs:
        reason = (person.refusal_reason or "").strip()
        return f"menolak menandatangani: {reason}" if reason else "menolak menandatangani (alasan tidak dicatat)"
    return None


def _wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    lines: list[str] = list(simpleSplit(text, font, size, width))
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and stringWidth(last + _ELLIPSIS, font, size) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + _ELLIPSIS
    return kept


@dataclass(frozen=True, slots=True)
class _Style:
    cell_height: float  # minimum; grown to fit the tallest cell
    sign_space: float  # free height to sign in
    min_cell_width: float
    max_per_row: int
    role_font_size: float
    name_font_size: float
    status_font_size: float
    bar_height: float
    bar_font_size: float
    role_lines: int
    status_lines: int
    name_lines: int


_COMPACT = _Style(
    cell_height=30.0,
    sign_space=10.0,
    min_cell_width=58.0,
    max_per_row=14,
    role_font_size=5.3,
    name_font_size=5.9,
    status_font_size=5.2,
    bar_height=9.0,
    bar_font_size=5.9,
    role_lines=2,
    status_lines=2,
    name_lines=2,
)
_FULL = _Style(
    cell_height=44.0,
    sign_space=20.0,
    min_cell_width=78.0,
    max_per_row=10,
    role_font_size=6.4,
    name_font_size=7.2,
    status_font_size=6.2,
    bar_height=12.0,
    bar_font_size=7.4,
    role_lines=2,
    status_lines=3,
    name_lines=2,
)


@dataclass(frozen=True, slots=True)
class _Cell:
    x: float  # relative to the grid's left edge
    y: float  # relative to the grid's bottom edge (cell bottom)
    width: float
    height: float
    role: list[str]
    status: list[str]
    name: list[str]
    signs: bool


@dataclass(frozen=True, slots=True)
class _Bar:
    y: float
    height: float
    left: str
    right: str


class SignatureGrid:
    """Pre-computed signature grid of a given width; draw it with :meth:`draw` at any position."""

    def __init__(
        self,
        signatories: Sequence[Signatory],
        *,
        office: str,
        kabupaten: str,
        width: float,
        compact: bool,
        fonts: Fonts,
    ) -> None:
        self.width = width
        self.compact = compact
        self._fonts = fonts
        self._style = _COMPACT if compact else _FULL
        kpu = [s for s in signatories if s.role in ("ketua", "anggota")]
        kpu.sort(key=lambda s: 0 if s.role == "ketua" else 1)  # stable: anggota keep their order
        saksi = [s for s in signatories if s.role == "saksi"]
        bawaslu = [s for s in signatories if s.role == "bawaslu"]
        bawaslu_text = self._bawaslu_text(kabupaten, bawaslu)
        self._bars: list[_Bar] = []
        self._cells: list[_Cell] = []
        if compact:
            people: list[tuple[str, Signatory | None]] = [(self._kpu_role(i, s), s) for i, s in enumerate(kpu, start=1)]
            people += [(f"SAKSI {s.peserta}", s) for s in saksi]
            people.append((f"BAWASLU {kabupaten}", None))
            blocks = [(f"NAMA DAN TANDA TANGAN KETUA DAN ANGGOTA {office} SERTA SAKSI PESERTA PEMILU", people)]
            self._bawaslu_bar = False
            self._bawaslu_names = ", ".join(s.name for s in bawaslu if s.present)
        else:
            blocks = [
                (
                    f"NAMA DAN TANDA TANGAN KETUA DAN ANGGOTA {office}",
                    [(self._kpu_role(i, s), s) for i, s in enumerate(kpu, start=1)],
                ),
                (
                    "NAMA DAN TANDA TANGAN SAKSI PESERTA PEMILU",
                    [(f"{i}. SAKSI {s.peserta}", s) for i, s in enumerate(saksi, start=1)],
                ),
            ]
            self._bawaslu_bar = True
            self._bawaslu_names = ""
        self.height = self._layout(blocks, bawaslu_text)

    @staticmethod
    def _kpu_role(index: int, person: Signatory) -> str:
        return f"{index}. {'KETUA' if person.role == 'ketua' else 'ANGGOTA'}"

    @staticmethod
    def _bawaslu_text(kabupaten: str, bawaslu: Sequence[Signatory]) -> str:
        names = ", ".join(s.name for s in bawaslu if s.present)
        who = f"BAWASLU {kabupaten}"
        if names:
            who = f"{who} ({names})"
        return f"{who}: menerima salinan, tidak menandatangani sertifikat"

    def _cell_text(self, role: str, person: Signatory | None, inner: float) -> tuple[list[str], list[str], list[str]]:
        st = self._style
        f = self._fonts
        if person is None:  # Bawaslu in the compact grid: named, does not sign
            status = "menerima salinan; tidak menandatangani"
            name = self._bawaslu_names
        else:
            status = signing_status_text(person) or ""
            name = person.name
        return (
            _wrap(role, f.bold, st.role_font_size, inner, st.role_lines),
            _wrap(status, f.italic, st.status_font_size, inner, st.status_lines) if status else [],
            _wrap(name, f.regular, st.name_font_size, inner, st.name_lines) if name else [],
        )

    def _needed_height(self, role: list[str], status: list[str], name: list[str], signs: bool) -> float:
        st = self._style
        return (
            4.2
            + len(role) * (st.role_font_size + 0.6)
            + (len(status) * (st.status_font_size + 0.6) + 1.0 if status else 0.0)
            + (st.sign_space if signs else 2.0)
            + len(name) * (st.name_font_size + 0.7)
        )

    def _layout(self, blocks: list[tuple[str, list[tuple[str, Signatory | None]]]], bawaslu_text: str) -> float:
        st = self._style
        # Rows of people per block, cells pre-wrapped, then the common cell height.
        planned: list[tuple[str, list[list[tuple[float, list[str], list[str], list[str], bool]]]]] = []
        cell_h = st.cell_height
        for title, people in blocks:
            fit = max(1, min(st.max_per_row, int(self.width // st.min_cell_width)))
            if not self.compact and 0 < len(people) <= 3:
                fit = 3  # like the form: three wide columns for the paslon saksi
            n_rows = max(1, math.ceil(len(people) / fit))
            per_row = max(1, math.ceil(len(people) / n_rows))
            rows: list[list[tuple[float, list[str], list[str], list[str], bool]]] = []
            for start in range(0, max(len(people), 1), per_row):
                chunk = people[start : start + per_row]
                cell_w = self.width / (len(chunk) if not self.compact and chunk else per_row)
                if not chunk:
                    rows.append([(self.width, [], ["tidak ada"], [], False)])
                    continue
                row = []
                for role, person in chunk:
                    r, stt, nm = self._cell_text(role, person, cell_w - 4)
                    signs = person is not None and signing_status_text(person) is None
                    cell_h = max(cell_h, self._needed_height(r, stt, nm, signs))
                    row.append((cell_w, r, stt, nm, signs))
                rows.append(row)
            planned.append((title, rows))
        total = sum(st.bar_height + len(rows) * cell_h for _, rows in planned)
        if self._bawaslu_bar:
            total += st.bar_height
        top = total
        for title, rows in planned:
            top -= st.bar_height
            self._bars.append(_Bar(y=top, height=st.bar_height, left=title, right=""))
            for row in rows:
                top -= cell_h
                x = 0.0
                for cell_w, role_lines, status_lines, name_lines, signs in row:
                    self._cells.append(_Cell(x, top, cell_w, cell_h, role_lines, status_lines, name_lines, signs))
                    x += cell_w
        if self._bawaslu_bar:
            top -= st.bar_height
            self._bars.append(_Bar(y=top, height=st.bar_height, left=bawaslu_text, right=""))
        return total

    def draw(self, canv: Canvas, x: float, y: float) -> None:
        """Draw with the bottom-left corner at (x, y)."""
        st = self._style
        f = self._fonts
        canv.saveState()
        canv.setLineWidth(0.5)
        canv.setStrokeColor(_LINE)
        for bar in self._bars:
            canv.setFillColor(_GREY_BAR)
            canv.rect(x, y + bar.y, self.width, bar.height, stroke=1, fill=1)
            canv.setFillColor(colors.black)
            base = y + bar.y + (bar.height - st.bar_font_size) / 2 + 1.2
            if bar.right:
                canv.setFont(f.bold, st.bar_font_size)
                canv.drawString(x + 3, base, bar.left)
                canv.setFont(f.italic, st.bar_font_size - 0.4)
                canv.drawRightString(x + self.width - 3, base, bar.right)
            else:
                canv.setFont(f.bold, st.bar_font_size)
                canv.drawCentredString(x + self.width / 2, base, bar.left)
        for cell in self._cells:
            cx = x + cell.x
            cy = y + cell.y
            canv.setFillColor(colors.black)
            canv.rect(cx, cy, cell.width, cell.height, stroke=1, fill=0)
            mid = cx + cell.width / 2
            top = cy + cell.height - 2
            canv.setFont(f.bold, st.role_font_size)
            for line in cell.role:
                top -= st.role_font_size + 0.6
                canv.drawCentredString(mid, top, line)
            if cell.status:
                canv.setFillColor(_SOFT if cell.status == ["tidak hadir"] else colors.black)
                canv.setFont(f.italic, st.status_font_size)
                top -= 1.0
                for line in cell.status:
                    top -= st.status_font_size + 0.6
                    canv.drawCentredString(mid, top, line)
                canv.setFillColor(colors.black)
            step = st.name_font_size + 0.7
            bottom = cy + 2.2 + step * len(cell.name)  # just above the name block
            canv.setFont(f.regular, st.name_font_size)
            for index, line in enumerate(cell.name, start=1):  # top-down, so the text reads in order
                canv.drawCentredString(mid, bottom - step * index, line)
            if cell.signs:
                # the line to sign on, just above the name (or, with no name known, room to write it under)
                y_line = bottom + 0.6 if cell.name else cy + 2.2 + step
                canv.setDash(0.6, 1.4)
                canv.line(cx + 5, y_line, cx + cell.width - 5, y_line)
                canv.setDash()
        canv.restoreState()
