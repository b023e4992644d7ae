"""Signature boxes fit for wet ink, and the paraf strip.

Every signer (ketua and anggota of the KPU Kabupaten/Kota, the saksi of each peserta) gets a box at least
15 mm tall and 40 mm wide (:data:`MIN_BOX_HEIGHT`, :data:`MIN_BOX_WIDTH`; the official C.HASIL gives each saksi
about 15 mm), with the role above it and the name under it. Two blocks, like the form: KPU members, then saksi.
Bawaslu does not sign the sertifikat: the saksi bar states that Bawaslu receives a copy.

Where the boxes fit in two rows (e.g. PPWP: 5 members and 3 saksi) they stand at the foot of every page, as on the
C.HASIL (a signature on every page authenticates the page). Otherwise the document ends with signature pages and
every other page carries a :class:`ParafStrip`: one small cell per signer for a paraf (initials).

A member or saksi present who refused shows "menolak menandatangani: <alasan>" in the box; someone absent shows
"tidak hadir". The layout (wrapping, cell sizes) is computed once; drawing only issues canvas operations.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from reports.berita_acara_data import Signatory
from reports.fonts import Fonts

__all__ = [
    "MIN_BOX_HEIGHT",
    "MIN_BOX_WIDTH",
    "STRIP_ROWS",
    "ParafStrip",
    "SignatureBoxes",
    "short_peserta",
    "signing_status_text",
]

MIN_BOX_HEIGHT = 15 * mm
MIN_BOX_WIDTH = 40 * mm
STRIP_ROWS = 2
"""The boxes stand at the foot of every page when they take at most this many rows."""

_ELLIPSIS = "…"
_GREY_BAR = colors.Color(0.88, 0.88, 0.88)
_LINE = colors.Color(0.15, 0.15, 0.15)
_SOFT = colors.Color(0.45, 0.45, 0.45)
_GAP = 4.0  # between boxes
_BOX_H = MIN_BOX_HEIGHT + 1.5  # a little above the minimum: rounding never brings it under 15 mm
_ROLE_FS = 6.6
_NAME_FS = 7.2
_STATUS_FS = 6.4
_BAR_H = 11.0
_BAR_FS = 7.0


def signing_status_text(person: Signatory) -> str | None:
    """``None`` when the person signs; otherwise the text shown in place of a signature."""
    if not person.present:
        return "tidak hadir"
    if not person.signs:
        reason = (person.refusal_reason or "").strip()
        return f"menolak menandatangani: {reason}" if reason else "menolak menandatangani (alasan tidak dicatat)"
    return None


def short_peserta(peserta: str) -> str:
    """A short label for a paraf cell: "1. PKB" → "PKB", "Pasangan Calon 01" → "Paslon 01",
    "Calon DPD 12. NAMA" → "DPD 12"."""
    if m := re.match(r"^Calon DPD (\d+)\b", peserta):
        return f"DPD {m[1]}"
    if m := re.match(r"^Pasangan Calon (\d+)", peserta):
        return f"Paslon {m[1]}"
    if m := re.match(r"^\d+\s*[.·]\s*(.+)$", peserta):
        return m[1]
    return peserta


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
class _Cell:
    role: list[str]
    status: list[str]
    name: list[str]
    signs: bool


@dataclass(frozen=True, slots=True)
class _Row:
    cells: list[_Cell]


@dataclass(frozen=True, slots=True)
class _Block:
    title: str
    note: str  # right-aligned in the bar (Bawaslu)
    rows: list[_Row]


def _kpu(signatories: Sequence[Signatory]) -> list[Signatory]:
    kpu = [s for s in signatories if s.role in ("ketua", "anggota")]
    kpu.sort(key=lambda s: 0 if s.role == "ketua" else 1)  # stable: anggota keep their order
    return kpu


def _kpu_role(index: int, person: Signatory) -> str:
    return f"{index}. {'KETUA' if person.role == 'ketua' else 'ANGGOTA'}"


def _bawaslu_note(kabupaten: str, signatories: Sequence[Signatory]) -> str:
    names = ", ".join(s.name for s in signatories if s.role == "bawaslu" and s.present and s.name)
    who = f"Bawaslu {kabupaten.title()}" + (f" ({names})" if names else "")
    return f"{who}: menerima salinan, tidak menandatangani"


class SignatureBoxes:
    """Full signature boxes (each ≥ 15 × 40 mm) for the KPU members and the saksi, laid out in ``width``."""

    def __init__(self, signatories: Sequence[Signatory], *, office: str, kabupaten: str, width: float,
                 fonts: Fonts) -> None:
        self.width = width
        self.f = fonts
        self.per_row = max(1, int((width + _GAP) // (MIN_BOX_WIDTH + _GAP)))
        self.cell_w = (width - (self.per_row - 1) * _GAP) / self.per_row
        inner = self.cell_w - 4
        kpu = _kpu(signatories)
        saksi = [s for s in signatories if s.role == "saksi"]
        self.blocks = [
            self._block(f"NAMA DAN TANDA TANGAN KETUA DAN ANGGOTA {office}", "",
                        [(_kpu_role(i, s), s) for i, s in enumerate(kpu, start=1)], inner),
            self._block("NAMA DAN TANDA TANGAN SAKSI PESERTA PEMILU", _bawaslu_note(kabupaten, signatories),
                        [(f"{i}. SAKSI {s.peserta}", s) for i, s in enumerate(saksi, start=1)], inner),
        ]
        cells = [c for b in self.blocks for r in b.rows for c in r.cells]
        self.role_lines = max((len(c.role) for c in cells), default=1)
        self.name_lines = max((len(c.name) for c in cells), default=1) or 1
        self.row_h = 3 + self.role_lines * (_ROLE_FS + 0.8) + 2 + _BOX_H + 3 + self.name_lines * (_NAME_FS + 0.8) + 3
        self.signers = len(kpu) + len(saksi)

    def _block(self, title: str, note: str, people: list[tuple[str, Signatory]], inner: float) -> _Block:
        f = self.f
        cells = []
        for role, person in people:
            status = signing_status_text(person)
            cells.append(_Cell(
                _wrap(role, f.bold, _ROLE_FS, inner, 2),
                _wrap(status, f.italic, _STATUS_FS, self.cell_w - 10, 4) if status else [],
                _wrap(person.name, f.regular, _NAME_FS, inner, 2) if person.name else [],
                status is None,
            ))
        rows = [_Row(cells[i : i + self.per_row]) for i in range(0, len(cells), self.per_row)]
        return _Block(title, note, rows or [_Row([])])

    @property
    def rows(self) -> int:
        return sum(len(b.rows) for b in self.blocks)

    @property
    def height(self) -> float:
        return sum(_BAR_H + len(b.rows) * self.row_h for b in self.blocks)

    @property
    def fits_strip(self) -> bool:
        """Whether the boxes can stand at the foot of every page."""
        return self.rows <= STRIP_ROWS

    # ------------------------------------------------------------------ drawing
    def _draw_bar(self, canv: Canvas, x: float, y: float, title: str, note: str, continued: bool = False) -> None:
        canv.setFillColor(_GREY_BAR)
        canv.setStrokeColor(_LINE)
        canv.setLineWidth(0.5)
        canv.rect(x, y, self.width, _BAR_H, stroke=1, fill=1)
        canv.setFillColor(colors.black)
        base = y + (_BAR_H - _BAR_FS) / 2 + 1.4
        canv.setFont(self.f.bold, _BAR_FS)
        canv.drawString(x + 4, base, title + (" (lanjutan)" if continued else ""))
        if note:
            canv.setFont(self.f.italic, _BAR_FS - 0.6)
            canv.drawRightString(x + self.width - 4, base, note)

    def _draw_row(self, canv: Canvas, x: float, y: float, row: _Row) -> None:
        """One row of cells with its bottom at ``y``."""
        f = self.f
        for i, cell in enumerate(row.cells):
            cx = x + i * (self.cell_w + _GAP)
            top = y + self.row_h - 3
            canv.setFillColor(colors.black)
            canv.setFont(f.bold, _ROLE_FS)
            for line in cell.role:
                top -= _ROLE_FS + 0.8
                canv.drawCentredString(cx + self.cell_w / 2, top, line)
            box_top = y + self.row_h - 3 - self.role_lines * (_ROLE_FS + 0.8) - 2
            box_y = box_top - _BOX_H
            canv.setStrokeColor(_LINE)
            canv.setLineWidth(0.7)
            canv.rect(cx, box_y, self.cell_w, _BOX_H, stroke=1, fill=0)
            if cell.status:
                canv.setFillColor(_SOFT if cell.status == ["tidak hadir"] else colors.black)
                canv.setFont(f.italic, _STATUS_FS)
                ty = box_top - 3
                for line in cell.status:
                    ty -= _STATUS_FS + 0.8
                    canv.drawCentredString(cx + self.cell_w / 2, ty, line)
                canv.setFillColor(colors.black)
            step = _NAME_FS + 0.8
            ny = box_y - 3
            canv.setFont(f.regular, _NAME_FS)
            if cell.name:
                for line in cell.name:
                    ny -= step
                    canv.drawCentredString(cx + self.cell_w / 2, ny, line)
            else:  # no name known: room to write it by hand
                canv.setDash(0.6, 1.4)
                canv.line(cx + 8, ny - step - 1, cx + self.cell_w - 8, ny - step - 1)
                canv.setDash()

    def draw(self, canv: Canvas, x: float, y: float) -> None:
        """Both blocks with the bottom-left corner at (x, y)."""
        canv.saveState()
        top = y + self.height
        for block in self.blocks:
            top -= _BAR_H
            self._draw_bar(canv, x, top, block.title, block.note)
            for row in block.rows:
                top -= self.row_h
                self._draw_row(canv, x, top, row)
        canv.restoreState()

    def flowables(self) -> list[Flowable]:
        """The blocks as flowables for signature pages: each splits between rows of boxes, never inside one, and
        repeats its bar with "(lanjutan)" on the next page."""
        return [_BlockFlowable(self, block, block.rows) for block in self.blocks]


class _BlockFlowable(Flowable):
    """A block's bar and rows of boxes."""

    def __init__(self, boxes: SignatureBoxes, block: _Block, rows: list[_Row], *, continued: bool = False) -> None:
        super().__init__()
        self.boxes = boxes
        self.block = block
        self.rows = rows
        self.continued = continued

    def _height(self, n: int) -> float:
        return _BAR_H + n * self.boxes.row_h

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = self.boxes.width
        self.height = self._height(len(self.rows))
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        fit = int((ah - _BAR_H) // self.boxes.row_h)
        if fit < 1 or fit >= len(self.rows):
            return []
        return [
            _BlockFlowable(self.boxes, self.block, self.rows[:fit], continued=self.continued),
            _BlockFlowable(self.boxes, self.block, self.rows[fit:], continued=True),
        ]

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        top = self.height - _BAR_H
        self.boxes._draw_bar(c, 0, top, self.block.title, self.block.note, self.continued)
        for row in self.rows:
            top -= self.boxes.row_h
            self.boxes._draw_row(c, 0, top, row)
        c.restoreState()


class ParafStrip:
    """One small cell per signer for a paraf on every page, when the full boxes are on the signature pages."""

    def __init__(self, signatories: Sequence[Signatory], *, width: float, fonts: Fonts) -> None:
        self.width = width
        self.f = fonts
        people: list[tuple[str, Signatory]] = [
            ("Ketua" if s.role == "ketua" else f"Anggota {i}", s) for i, s in enumerate(_kpu(signatories))
        ]
        people += [(f"Saksi {short_peserta(s.peserta or '')}", s) for s in signatories if s.role == "saksi"]
        min_w = 34.0
        fit = max(1, int(width // min_w))
        n_rows = max(1, math.ceil(len(people) / fit))
        self.per_row = max(1, math.ceil(len(people) / n_rows))
        self.cell_w = width / self.per_row
        self.cell_h = 31.0
        self.rows: list[list[tuple[list[str], str]]] = []
        for start in range(0, len(people), self.per_row):
            row = []
            for label, person in people[start : start + self.per_row]:
                status = "" if signing_status_text(person) is None else (
                    "tidak hadir" if not person.present else "menolak")
                row.append((_wrap(label, fonts.bold, 5.4, self.cell_w - 3, 2), status))
            self.rows.append(row)
        self.height = 9.0 + len(self.rows) * self.cell_h

    def draw(self, canv: Canvas, x: float, y: float) -> None:
        f = self.f
        canv.saveState()
        canv.setLineWidth(0.5)
        canv.setStrokeColor(_LINE)
        top = y + self.height - 9.0
        canv.setFillColor(_GREY_BAR)
        canv.rect(x, top, self.width, 9.0, stroke=1, fill=1)
        canv.setFillColor(colors.black)
        canv.setFont(f.bold, 6.0)
        canv.drawString(x + 4, top + 2.6, "PARAF KETUA, ANGGOTA KPU DAN SAKSI")
        canv.setFont(f.italic, 5.6)
        canv.drawRightString(x + self.width - 4, top + 2.6,
                             "tanda tangan lengkap pada halaman tanda tangan di akhir dokumen")
        for row in self.rows:
            top -= self.cell_h
            for i, (label, status) in enumerate(row):
                cx = x + i * self.cell_w
                canv.rect(cx, top, self.cell_w, self.cell_h, stroke=1, fill=0)
                ty = top + self.cell_h - 1.5
                canv.setFont(f.bold, 5.4)
                for line in label:
                    ty -= 6.0
                    canv.drawCentredString(cx + self.cell_w / 2, ty, line)
                if status:
                    canv.setFont(f.italic, 5.2)
                    canv.setFillColor(_SOFT)
                    canv.drawCentredString(cx + self.cell_w / 2, top + 4, status)
                    canv.setFillColor(colors.black)
        canv.restoreState()
