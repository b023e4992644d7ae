"""Around the projector's table: the title, the kecamatan strip, the footer with legend and audit anchor, the pause.

- :class:`TitleBar` — the kecamatan in large type with its status (and ⚑ when a keberatan concerns it as a whole);
  on the right the plenary, the kabupaten, the contest and the TPS count.
- :class:`KecamatanStrip` — one cell per kecamatan of the contest, coloured by status *and* marked by a symbol.
- :class:`Footer` — what every colour and symbol means (▲ ▼ ✕ ≈ — ⚑ ✎ ↻ and the statuses), who is official, and
  the audit anchor ``AUDIT <n>:<16 hex>`` that saksi photograph (issue 10 item 4): a later ``verify-audit --anchor``
  proves that history was not rewritten since.
- :class:`PauseScreen` — "RAPAT PLENO REKAPITULASI — JEDA" while a correction is discussed, with the anchor too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from ui.projector_cells import CROSS, DOWN, NO_DATA, PARTIAL_MARK, UP, legend_marks
from ui.projector_table import paint_chip
from ui.projector_text import elide, short_name
from ui.projector_theme import STATUS_LABELS, ProjectorResources, Tone

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter

PAUSE_TITLE = "RAPAT PLENO REKAPITULASI — JEDA"
OFFICIAL_NOTE = "Hasil resmi: angka Manual (D.HASIL KECAMATAN). Sirekap hanya pembanding."
OFFICIAL_NOTE_SHORT = "Hasil resmi: Manual. Sirekap hanya pembanding."
ANCHOR_CAPTION = "Jangkar audit:"


def draw_fitted(painter: QPainter, rect: QRectF | QRect, align: Qt.AlignmentFlag, text: str,
                min_stretch: float = 0.72) -> None:
    """Draw ``text`` in ``rect``, squeezed horizontally (down to ``min_stretch``) before it is elided."""
    fm = painter.fontMetrics()
    width = fm.horizontalAdvance(text)
    room = rect.width()
    if width <= room or room <= 0:
        painter.drawText(rect, align, text)
        return
    stretch = max(min_stretch, room / width)
    r = QRectF(rect)
    painter.save()
    painter.translate(r.left(), 0)
    painter.scale(stretch, 1.0)
    wide = QRectF(0, r.top(), r.width() / stretch, r.height())
    painter.drawText(wide, align, elide(fm, text, int(wide.width())))
    painter.restore()


class TitleBar(QWidget):
    """The kecamatan in large type with its status chip; plenary, kabupaten, contest and TPS on the right."""

    def __init__(self, resources: ProjectorResources, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._res = resources
        self.kabupaten = ""
        self.contest = ""
        self.kecamatan = ""
        self.status = ""
        self.detail = ""
        self.flag = ""  # "⚑ keberatan #4" when a keberatan concerns the kecamatan as a whole
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_texts(self, *, kabupaten: str, contest: str, kecamatan: str, status: str, detail: str,
                  flag: str = "") -> None:
        new = (kabupaten, contest, kecamatan, status, detail, flag)
        if new != (self.kabupaten, self.contest, self.kecamatan, self.status, self.detail, self.flag):
            self.kabupaten, self.contest, self.kecamatan, self.status, self.detail, self.flag = new
            self.update()

    def apply_metrics(self) -> None:
        self.setFixedHeight(self._res.metrics.title_height)

    def paintEvent(self, event: QPaintEvent) -> None:
        res = self._res
        m = res.metrics
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        area = self.rect().adjusted(m.pad, 0, -m.pad, 0)
        chips: list[tuple[str, QColor, QColor, bool]] = []
        if self.status:
            bg, fg, symbol = res.status.get(self.status, res.status["belum"])
            chips.append((f"{symbol} {STATUS_LABELS.get(self.status, self.status)}", bg, fg,
                          bg == res.background or self.status == "belum"))
        if self.flag:
            chips.append((self.flag, res.spot_background, res.marks["keberatan"], True))
        p.setFont(res.small_bold)
        cfm = p.fontMetrics()
        chips_w = sum(cfm.horizontalAdvance(text) + 3 * m.pad for text, *_ in chips)
        p.setFont(res.kecamatan_font)
        name_w = p.fontMetrics().horizontalAdvance(self.kecamatan)
        p.setFont(res.heading_font)
        fm = p.fontMetrics()
        top_line = "RAPAT PLENO TERBUKA REKAPITULASI" + (f" · {self.kabupaten}" if self.kabupaten else "")
        bottom_line = " · ".join(t for t in (self.contest, self.detail) if t)
        natural = max(fm.horizontalAdvance(top_line), fm.horizontalAdvance(bottom_line))
        # the kecamatan name first (squeezed at most to 80 %), the plenary and contest take what is left
        right_w = max(min(natural, area.width() - round(name_w * 0.8) - chips_w - m.pad), area.width() // 4)
        half = area.height() / 2
        p.setPen(res.muted)
        p.drawText(QRectF(area.right() - right_w, 0, right_w, half), _RIGHT, elide(fm, top_line, right_w))
        p.setPen(res.heading)
        p.drawText(QRectF(area.right() - right_w, half, right_w, half), _RIGHT, elide(fm, bottom_line, right_w))
        left = QRect(area.left(), 0, area.width() - right_w - m.pad, area.height())
        p.setFont(res.kecamatan_font)
        room = left.width() - chips_w
        name_rect = QRect(left.left(), 0, min(room, name_w), self.height())
        p.setPen(res.kecamatan)
        draw_fitted(p, name_rect, _LEFT, self.kecamatan, min_stretch=0.8)
        p.setFont(res.small_bold)
        chip_h = round(cfm.height() * 1.25)
        x = name_rect.right() + 2 * m.pad
        for text, bg, fg, border in chips:
            w = cfm.horizontalAdvance(text) + 2 * m.pad
            chip = QRectF(x, (self.height() - chip_h) / 2, w, chip_h)
            paint_chip(p, chip, text, bg, fg, radius=0.25, border=fg if border else None)
            x += w + m.pad
        p.end()


class KecamatanStrip(QWidget):
    """One small cell per kecamatan of the contest, coloured by status, with its symbol and a short name."""

    def __init__(self, resources: ProjectorResources, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._res = resources
        self._items: list[tuple[str, str]] = []
        self._statuses: dict[str, str] = {}
        self._current = ""
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_kecamatan(self, items: Sequence[tuple[str, str]]) -> None:
        self._items = list(items)
        self.update()

    def set_statuses(self, statuses: Mapping[str, str]) -> None:
        if dict(statuses) != self._statuses:
            self._statuses = dict(statuses)
            self.update()

    def set_current(self, code: str) -> None:
        if code != self._current:
            self._current = code
            self.update()

    def status_of(self, code: str) -> str:
        return self._statuses.get(code, "belum")

    def apply_metrics(self) -> None:
        self.setFixedHeight(self._res.metrics.strip_height)

    def cell_rect(self, i: int) -> QRect:
        m = self._res.metrics
        n = max(len(self._items), 1)
        gap = max(2, round(4 * m.unit))
        width = self.width() - 2 * m.pad
        w = (width - gap * (n - 1)) / n
        x = m.pad + i * (w + gap)
        return QRect(round(x), gap, round(w), self.height() - 2 * gap)

    def paintEvent(self, event: QPaintEvent) -> None:
        res = self._res
        m = res.metrics
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setFont(res.small_font)
        fm = p.fontMetrics()
        for i, (code, name) in enumerate(self._items):
            rect = self.cell_rect(i)
            bg, fg, symbol = res.status.get(self.status_of(code), res.status["belum"])
            p.setPen(QPen(res.muted, 1))
            p.setBrush(bg)
            p.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
            p.setPen(fg)
            inner = rect.adjusted(m.pad // 3, 0, -(m.pad // 3), 0)
            room = round((inner.width() - fm.horizontalAdvance(symbol + " ")) / 0.72)
            label = short_name(fm, name, i + 1, room)
            draw_fitted(p, inner, _CENTER, f"{symbol} {label}")
            if code == self._current:
                w = max(3, m.outline)
                pen = QPen(res.current, w)
                pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
                p.setPen(pen)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(QRectF(rect).adjusted(w / 2, w / 2, -w / 2, -w / 2))
        p.end()


class Footer(QWidget):
    """The legend of colours, symbols and statuses, who is official, and the audit anchor."""

    def __init__(self, resources: ProjectorResources, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._res = resources
        self.anchor = ""
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_anchor(self, text: str) -> None:
        if text != self.anchor:
            self.anchor = text
            self.update()

    def apply_metrics(self) -> None:
        self.setFixedHeight(self._res.metrics.footer_height)

    def items(self) -> list[tuple[str, Tone | str, str]]:
        """(sample, tone or mark key, meaning) of the legend's first line."""
        marks = legend_marks()
        return [
            (f"{UP} {DOWN}", Tone.MISMATCH, "manual ≠ Sirekap"),
            (CROSS, Tone.ERROR, "aturan hitung dilanggar"),
            (PARTIAL_MARK, Tone.PARTIAL, "Sirekap belum lengkap"),
            (NO_DATA, Tone.MISSING, "tidak ada data Sirekap"),
            (marks[0][0], "keberatan", marks[0][1]),
            (marks[1][0], "koreksi", marks[1][1]),
            (marks[2][0], "hitung_ulang", marks[2][1]),
        ]

    def anchor_rect(self) -> QRect:
        """Where the anchor is drawn (bottom right)."""
        res = self._res
        m = res.metrics
        line_h = self.height() / 2
        if not self.anchor:
            return QRect(self.width() - m.pad, round(line_h), 0, round(line_h))
        fm_w = _width(res.small_bold, f"{ANCHOR_CAPTION} {self.anchor}")
        return QRect(self.width() - m.pad - fm_w - m.pad, round(line_h), fm_w + m.pad, round(line_h))

    def paintEvent(self, event: QPaintEvent) -> None:
        res = self._res
        m = res.metrics
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        line_h = self.height() / 2
        chip_h = round(line_h * 0.82)
        self._paint_legend(p, line_h, chip_h)
        x = float(m.pad)
        p.setFont(res.small_bold)
        fm = p.fontMetrics()
        anchor = self.anchor_rect()
        for status, (bg, fg, symbol) in res.status.items():
            text = f"{symbol} {STATUS_LABELS[status]}"
            w = fm.horizontalAdvance(text) + m.pad
            if x + w > anchor.left() - m.pad:
                break
            paint_chip(p, QRectF(x, line_h + (line_h - chip_h) / 2, w, chip_h), text, bg, fg, radius=0.2,
                       border=res.muted)
            x += w + m.pad * 0.5
        if self.anchor:
            p.setPen(QPen(res.text, max(1, round(2 * m.unit))))
            p.setBrush(res.background)
            p.drawRoundedRect(QRectF(anchor).adjusted(0, 2, 0, -2), 4, 4)
            p.setPen(res.text)
            p.drawText(anchor, _CENTER, f"{ANCHOR_CAPTION} {self.anchor}")
        note = QRectF(x + m.pad, line_h, anchor.left() - x - 2 * m.pad, line_h)
        p.setFont(res.small_font)
        p.setPen(res.text)
        for text in (OFFICIAL_NOTE, OFFICIAL_NOTE_SHORT):
            if note.width() >= p.fontMetrics().horizontalAdvance(text) * 0.8:
                draw_fitted(p, note, _LEFT, text, min_stretch=0.8)
                break
        p.end()

    def _paint_legend(self, p: QPainter, line_h: float, chip_h: int) -> None:
        """The first line: every colour and symbol with its meaning, squeezed (not cut) on a narrow screen."""
        res = self._res
        m = res.metrics
        parts: list[tuple[str, QColor, QColor, str, int, int]] = []
        bold, plain = QFontMetrics(res.small_bold), QFontMetrics(res.small_font)
        for sample, tone, meaning in self.items():
            if isinstance(tone, str):
                bg, fg = res.background, res.marks[tone]
            elif tone is Tone.ERROR:
                bg, fg = res.badge[Tone.ERROR]
            else:
                brush = res.tone_background(tone)
                bg = brush.color() if brush is not None else res.background
                fg = res.tone_foreground(tone).color()
            parts.append((sample, bg, fg, meaning, bold.horizontalAdvance(sample) + m.pad,
                          plain.horizontalAdvance(meaning)))
        natural = sum(w + m.pad * 0.4 + mw + m.pad * 1.2 for *_, w, mw in parts)
        room = self.width() - 2 * m.pad
        stretch = min(1.0, room / natural) if natural else 1.0
        p.save()
        p.translate(m.pad, 0)
        p.scale(stretch, 1.0)
        x = 0.0
        for sample, bg, fg, meaning, w, mw in parts:
            p.setFont(res.small_bold)
            paint_chip(p, QRectF(x, (line_h - chip_h) / 2, w, chip_h), sample, bg, fg, radius=0.2,
                       border=res.muted)
            x += w + m.pad * 0.4
            p.setFont(res.small_font)
            p.setPen(res.text)
            p.drawText(QRectF(x, 0, mw + 2, line_h), _LEFT, meaning)
            x += mw + m.pad * 1.2
        p.restore()


def _width(font: QFont, text: str) -> int:
    return QFontMetrics(font).horizontalAdvance(text)


class PauseScreen(QWidget):
    """'RAPAT PLENO REKAPITULASI — JEDA', the kabupaten, the kecamatan being recapped, a message, the anchor."""

    def __init__(self, resources: ProjectorResources, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._res = resources
        self.kabupaten = ""
        self.contest = ""
        self.kecamatan = ""
        self.message = ""
        self.anchor = ""
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def lines(self) -> list[str]:
        out = [PAUSE_TITLE]
        if self.kabupaten:
            out.append(self.kabupaten)
        if self.contest:
            out.append(self.contest)
        if self.kecamatan:
            out.append(f"Sedang direkapitulasi: {self.kecamatan}")
        if self.message:
            out.append(self.message)
        if self.anchor:
            out.append(f"{ANCHOR_CAPTION} {self.anchor}")
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        res = self._res
        m = res.metrics
        p = QPainter(self)
        p.fillRect(self.rect(), res.pause_background)
        u = m.figure_px  # one "line unit" on this screen
        blocks: list[tuple[str, QFont, QColor, float]] = []
        light = QColor("#ffffff")
        title = QFont(res.kecamatan_font)
        blocks.append((PAUSE_TITLE, title, res.pause_accent, u * 2.4))
        if self.kabupaten:
            f = QFont(res.kecamatan_font)
            f.setPixelSize(round(res.kecamatan_font.pixelSize() * 0.8))
            blocks.append((self.kabupaten, f, light, u * 1.7))
        for text in (self.contest, f"Sedang direkapitulasi: {self.kecamatan}" if self.kecamatan else ""):
            if text:
                blocks.append((text, QFont(res.label_font), light, u * 1.4))
        if self.message:
            f = QFont(res.label_font)
            f.setItalic(True)
            blocks.append((self.message, f, res.pause_accent, u * 1.4))
        if self.anchor:
            blocks.append((f"{ANCHOR_CAPTION} {self.anchor}", QFont(res.small_bold), light, u * 1.4))
        total = sum(h for *_, h in blocks)
        y = (self.height() - total) / 2
        for text, font, colour, h in blocks:
            p.setFont(font)
            p.setPen(colour)
            rect = QRectF(m.pad * 2, y, self.width() - 4 * m.pad, h)
            p.drawText(rect, _CENTER, elide(p.fontMetrics(), text, round(rect.width())))
            y += h
        bar_w = self.width() * 0.4
        p.fillRect(QRectF((self.width() - bar_w) / 2, (self.height() - total) / 2 + u * 2.3, bar_w,
                          max(3.0, u * 0.1)), res.pause_accent)
        p.end()
