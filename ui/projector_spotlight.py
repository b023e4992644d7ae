"""The spotlight: the line being read, in figures a saksi reads from the back of the hall (issue 12 item 1).

On a 1080 px screen its three figures — Manual (D.HASIL KECAMATAN), Sirekap (pembanding) and the difference with
its ▲/▼ — have digits at least 72 px tall (:mod:`ui.projector_theme`); above them the line's short name (with its
party) and its marks (⚑ keberatan, ✎ koreksi, ↻ hitung ulang, with their numbers), under them the Sirekap coverage
and, in words, every rule the figures break ("✕ V.C ≠ V.A + V.B: selisih 7"), then the JUMLAH so far.

It repaints only when the line being read, its figures, the kecamatan, the theme or the size change — after an edit
only the figures and findings that changed — and its texts are drawn from the same caches as the table
(:mod:`ui.projector_text`).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QRegion
from PySide6.QtWidgets import QWidget

from rekap_desktop.cell_marks import Mark, MarkKind
from ui.finding_words import FindingWords
from ui.projector_model import ProjectorModel
from ui.projector_spot import Spot, SpotFigure
from ui.projector_table import paint_chip
from ui.projector_text import LabelFitter, StaticTexts, draw_label, elide
from ui.projector_theme import ProjectorResources, Tone
from ui.sheet_model import MARK_SYMBOLS

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter

CAPTIONS = ("MANUAL (D.HASIL KECAMATAN)", "SIREKAP (pembanding)", "SELISIH manual − Sirekap")
IDLE_TEXT = "Baris yang sedang dibacakan tampil di sini"


def mark_text(mark: Mark) -> str:
    """'⚑ keberatan #3 belum diputus', '✎ dikoreksi (keberatan #3)', '↻ hitung ulang #2'."""
    symbol = MARK_SYMBOLS[mark.kind]
    if mark.kind is MarkKind.KEBERATAN:
        return f"{symbol} keberatan #{mark.keberatan}" + (" belum diputus" if mark.open else " sudah diputus")
    if mark.kind is MarkKind.HITUNG_ULANG:
        return f"{symbol} hitung ulang #{mark.recount}"
    return f"{symbol} dikoreksi (keberatan #{mark.keberatan})"


class Spotlight(QWidget):
    """The line being read, large. Give it the projector model; call :meth:`set_row` as the operator moves."""

    def __init__(self, model: ProjectorModel, resources: ProjectorResources, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._res = resources
        self._row = -1
        self._spot: Spot | None = None
        self._labels = LabelFitter(min_scale=0.6)
        self._texts = StaticTexts()
        self._generation = -1
        self.paints = 0  # for tests and benchmarks: how often it repainted, and what the last repaint covered
        self.last_painted = QRect()
        self._rows_cache: tuple[tuple[int, int, int], tuple[QRect, QRect, QRect, QRect, QRect]] | None = None
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # it fills every dirty pixel: no parent under it
        model.rowsChanged.connect(self._on_rows_changed)
        model.modelReset.connect(self.refresh)
        model.kecamatanChanged.connect(self.refresh)

    # ------------------------------------------------------------------ state
    def row(self) -> int:
        return self._row

    def figures_from_tiles(self) -> int:
        """How many figures were drawn from cached glyph images so far (:mod:`ui.projector_glyphs`)."""
        return self._texts.tiles.drawn

    def spot(self) -> Spot | None:
        return self._spot

    def set_row(self, row: int) -> None:
        if row == self._row:
            return
        self._row = row
        self.refresh()

    def refresh(self) -> None:
        spot = self._model.spot(self._row) if self._row >= 0 else None
        old = self._spot
        if spot == old and self._generation == self._res.generation:
            return
        self._spot = spot
        if old is None or spot is None or self._generation != self._res.generation or \
                (old.line, old.label, old.party, old.marks) != (spot.line, spot.label, spot.party, spot.marks):
            self.update()
            return
        # the same line with other figures (an edit): repaint only the figures and findings that changed
        _label, _caption, _figures, sub_row, findings_row = self._rows()
        region = QRegion()
        for rect, before, after in zip(self.figure_rects(), (old.manual, old.sirekap, old.delta),
                                       (spot.manual, spot.sirekap, spot.delta), strict=True):
            if before != after:
                region += QRect(rect.left(), rect.top(), rect.width(), sub_row.bottom() - rect.top() + 1)
        if (old.findings, old.jumlah) != (spot.findings, spot.jumlah):
            region += findings_row
        if not region.isEmpty():
            # one logical pixel more on every side: at a fractional scale (125 %, 150 %) a rect's edge falls inside
            # a device pixel, and an anti-aliased edge of what was there (a pill) would stay on screen
            grown = QRegion()
            for part in region:  # type: ignore[attr-defined]
                grown += part.adjusted(-1, -1, 1, 1)
            self.update(grown & QRegion(self.rect()))

    def _on_rows_changed(self, first: int, last: int) -> None:
        if first <= self._row <= last:
            self.refresh()

    def apply_metrics(self) -> None:
        self.setFixedHeight(self._res.metrics.spot_height)
        self.update()

    # ------------------------------------------------------------------ geometry (tests measure these)
    def _rows(self) -> tuple[QRect, QRect, QRect, QRect, QRect]:
        """The label row, caption row, figure row, sub-caption row and findings row."""
        key = (self.width(), self.height(), self._res.generation)
        if self._rows_cache is None or self._rows_cache[0] != key:
            self._rows_cache = (key, self._layout_rows())
        return self._rows_cache[1]

    def _layout_rows(self) -> tuple[QRect, QRect, QRect, QRect, QRect]:
        m = self._res.metrics
        inner = self.rect().adjusted(self._left_inset(), round(12 * m.unit), -m.pad, -round(10 * m.unit))
        label_h = QFontMetrics(self._res.spot_label_font).height()
        line = QFontMetrics(self._res.small_font).height()
        figure_h = round(m.spot_figure_px * 1.12)
        y = inner.top()
        rows = []
        for h in (label_h, line, figure_h, line):
            rows.append(QRect(inner.left(), y, inner.width(), h))
            y += h
        rows.append(QRect(inner.left(), y, inner.width(), max(inner.bottom() - y, line)))
        return rows[0], rows[1], rows[2], rows[3], rows[4]

    def _left_inset(self) -> int:
        m = self._res.metrics
        return max(m.outline, round(10 * m.unit)) + m.pad

    def figure_rects(self) -> tuple[QRect, QRect, QRect]:
        """Where the Manual, Sirekap and Selisih figures are drawn."""
        _label, _caption, figures, _sub, _findings = self._rows()
        third = figures.width() // 3
        gap = self._res.metrics.pad
        return (QRect(figures.left(), figures.top(), third - gap, figures.height()),
                QRect(figures.left() + third, figures.top(), third - gap, figures.height()),
                QRect(figures.left() + 2 * third, figures.top(), figures.width() - 2 * third, figures.height()))

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        self.paints += 1
        self.last_painted = event.rect()
        res = self._res
        if self._generation != res.generation:
            self._labels.clear()
            self._texts.clear()
            self._generation = res.generation
        p = QPainter(self)
        # Rect by rect: under a clip of several rects Qt's raster engine blends every glyph and image through its
        # slow span path (~25× slower); clipped to one rect of the region it takes the fast one.
        rects: list[QRect] = list(event.region()) if event.region().rectCount() > 1 else [event.rect()]  # type: ignore[call-overload]
        for dirty in rects:
            p.setClipRect(dirty)
            self._paint_part(p, dirty)
        p.end()

    def _paint_part(self, p: QPainter, dirty: QRect) -> None:
        res = self._res
        m = res.metrics
        p.fillRect(dirty, res.spot_background)
        bar = max(m.outline, round(10 * m.unit))
        w, h, o = self.width(), self.height(), m.outline
        # the outline as four bands (what a pen of width o along the rect inset by o/2 covers), and the bar
        for band in (QRect(0, 0, w, o), QRect(0, h - o, w, o), QRect(w - o, 0, o, h), QRect(0, 0, bar, h)):
            if band.intersects(dirty):
                p.fillRect(band, res.current)
        spot = self._spot
        if spot is None:
            p.setFont(res.spot_label_font)
            p.setPen(res.muted)
            p.drawText(self.rect().adjusted(self._left_inset(), 0, -m.pad, 0), _LEFT,
                       elide(p.fontMetrics(), IDLE_TEXT, self.width() - self._left_inset() - m.pad))
            return
        label_row, caption_row, _figures, sub_row, findings_row = self._rows()
        if dirty.intersects(label_row):
            self._paint_label(p, label_row, spot)
        figures = self.figure_rects()
        if dirty.intersects(caption_row):
            for rect, caption in zip(figures, CAPTIONS, strict=True):
                p.setPen(res.muted)
                self._texts.draw(p, QRect(rect.left(), caption_row.top(), rect.width(), caption_row.height()),
                                 caption, res.small_bold, _LEFT, min_stretch=1.0)
        for rect, figure in zip(figures, (spot.manual, spot.sirekap, spot.delta), strict=True):
            if not dirty.intersects(QRect(rect.left(), rect.top(), rect.width(), sub_row.bottom() - rect.top() + 1)):
                continue
            self._paint_figure(p, rect, figure)
            p.setPen(res.text if figure.tone is not Tone.PARTIAL else res.muted)
            if figure.caption:
                self._texts.draw(p, QRect(rect.left(), sub_row.top(), rect.width(), sub_row.height()),
                                 figure.caption, res.small_italic if figure.tone is Tone.PARTIAL else res.small_font,
                                 _LEFT, min_stretch=1.0)
        if dirty.intersects(findings_row):
            self._paint_findings(p, findings_row, spot.findings, spot.jumlah)

    def _paint_label(self, p: QPainter, row: QRect, spot: Spot) -> None:
        res = self._res
        m = res.metrics
        room = QRect(row)
        marks = [mark_text(mark) for mark in spot.marks]
        p.setFont(res.spot_badge_font)
        fm = p.fontMetrics()
        x = room.right()
        chip_h = round(row.height() * 0.7)
        for text, mark in zip(reversed(marks), reversed(spot.marks), strict=True):
            w = fm.horizontalAdvance(text) + m.pad
            if x - w < room.left() + room.width() * 0.4:
                break
            key = mark.kind.value if mark.kind is not MarkKind.KEBERATAN or mark.open else "keberatan_diputus"
            chip = QRectF(x - w, row.top() + (row.height() - chip_h) / 2, w, chip_h)
            paint_chip(p, chip, text, res.spot_background, res.marks[key], border=res.marks[key])
            x -= w + round(m.pad * 0.5)
        room.setRight(x - m.pad)
        if spot.party:
            p.setFont(res.spot_badge_font)
            w = p.fontMetrics().horizontalAdvance(spot.party) + m.pad
            chip = QRectF(room.left(), row.top() + (row.height() - chip_h) / 2, w, chip_h)
            group = res.tone_background(Tone.GROUP)
            paint_chip(p, chip, spot.party, group.color() if group is not None else res.stripe,
                       res.tone_foreground(Tone.GROUP).color(), border=res.muted)
            room.setLeft(round(chip.right()) + m.pad)
        p.setPen(res.spot_foreground)
        draw_label(p, room, self._labels.fit(spot.label, res.spot_label_font, room.width(), room.height()))

    def _paint_figure(self, p: QPainter, rect: QRect, figure: SpotFigure) -> None:
        res = self._res
        m = res.metrics
        if not figure.text:
            return
        font = res.spot_provisional_font if figure.tone in (Tone.PARTIAL, Tone.PROVISIONAL) else \
            res.spot_figure_font
        if figure.tone is Tone.MUTED:
            font = res.spot_label_font
        background = res.tone_background(figure.tone)
        colour = res.tone_foreground(figure.tone).color() if figure.tone is not Tone.PLAIN else res.spot_foreground
        target = QRect(rect)
        if background is not None and figure.tone in (Tone.ERROR, Tone.MISMATCH, Tone.WARNING):
            p.setFont(font)
            width = min(self._texts.width(figure.text, font) + 2 * m.pad, rect.width())
            pill = QRectF(rect.left(), rect.top(), width, rect.height())
            p.save()
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(background)
            p.drawRoundedRect(pill, m.pad, m.pad)
            p.restore()
            target = pill.adjusted(m.pad, 0, -m.pad, 0).toRect()
        p.setPen(colour)
        self._texts.draw(p, target, figure.text, font, _LEFT, min_stretch=0.7)

    def _paint_findings(self, p: QPainter, row: QRect, findings: tuple[FindingWords, ...], jumlah: str) -> None:
        res = self._res
        m = res.metrics
        room = QRect(row)
        if jumlah:
            p.setFont(res.small_bold)
            p.setPen(res.muted)
            w = min(p.fontMetrics().horizontalAdvance(jumlah), room.width() // 2)
            p.drawText(QRect(room.right() - w, room.top(), w, room.height()), _RIGHT,
                       elide(p.fontMetrics(), jumlah, w))
            room.setRight(room.right() - w - m.pad)
        if not findings:
            return
        p.setFont(res.spot_badge_font)
        fm = p.fontMetrics()
        h = round(row.height() * 0.86)
        x = room.left()
        for i, words in enumerate(findings):
            more = len(findings) - i - 1
            reserve = fm.horizontalAdvance(f"+{more} lainnya") + m.pad if more else 0
            rest = room.right() - x - reserve
            variants = words.variants() if i == 0 else words.variants()[:2]  # a second finding needs its lines
            fitting = [v for v in variants if fm.horizontalAdvance(v) + m.pad <= rest]
            if not fitting and i > 0:
                more += 1
                break
            text = fitting[0] if fitting else words.variants()[-1]
            w = min(fm.horizontalAdvance(text) + m.pad, max(rest, m.pad * 4))
            tone = Tone.ERROR if words.error else Tone.WARNING
            bg, fg = res.badge[tone]
            paint_chip(p, QRectF(x, row.top() + (row.height() - h) / 2, w, h),
                       elide(fm, text, w - m.pad // 2), bg, fg)
            x += w + m.pad
            if not more:
                return
            if not [v for v in findings[i + 1].variants()[:2] if fm.horizontalAdvance(v) + m.pad <= room.right() - x]:
                break
        else:
            return
        p.setPen(res.text)
        p.drawText(QRect(x, row.top(), room.right() - x, row.height()), _LEFT, f"+{more} lainnya")
