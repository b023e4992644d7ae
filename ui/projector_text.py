"""Text on the projector: labels that are never cut mid-word, and cached layouts (issue 12 item 1, issue 16 item 1).

A label that does not fit its room is first set a little smaller, then wrapped at word boundaries onto two lines,
then (only when two lines at the smallest size still do not hold it) shortened after a whole word with "…"; a word
is never cut. Figures too wide for their column are squeezed horizontally (their digit height, what the back row
needs, stays). Every layout is cached by text, font and room: a repaint of a row re-uses its layouts, and
:class:`StaticTexts` keeps the shaped glyph runs of figures (``QStaticText``) so that painting a changed cell does
not shape its text again.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QStaticText

from ui.projector_glyphs import GlyphTiles

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ELLIPSIS = "…"
CACHE_LIMIT = 6000


def elide(fm: QFontMetrics, text: str, width: int) -> str:
    """``text`` shortened to ``width`` after a whole word, with "…" (a single long word is elided as Qt does)."""
    if fm.horizontalAdvance(text) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(" ,–-·") + ELLIPSIS
        if fm.horizontalAdvance(candidate) <= width:
            return candidate
    return fm.elidedText(text, Qt.TextElideMode.ElideRight, width)


def wrap_words(fm: QFontMetrics, text: str, width: int) -> list[str]:
    """Greedy word wrap of ``text`` to ``width`` (a word wider than the room gets a line of its own)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if not current or fm.horizontalAdvance(trial) <= width:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


@dataclass(frozen=True, slots=True)
class LabelLayout:
    """How a label is set in its room: the font (possibly smaller than asked) and one or two lines."""

    font: QFont
    lines: tuple[str, ...]

    @property
    def cut(self) -> bool:
        """True when even two lines could not hold every word (the last line ends in "…")."""
        return bool(self.lines) and self.lines[-1].endswith(ELLIPSIS)


class LabelFitter:
    """Fits labels into (width, height) rooms, cached; see the module docstring for the order of attempts."""

    def __init__(self, min_scale: float = 0.7) -> None:
        self.min_scale = min_scale
        self._cache: dict[tuple[str, int, int, int], LabelLayout] = {}

    def clear(self) -> None:
        self._cache.clear()

    def fit(self, text: str, font: QFont, width: int, height: int) -> LabelLayout:
        """``font`` must live as long as the cache (the resources' fonts do; clear() when they change)."""
        key = (text, id(font), width, height)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
            found = self._cache[key] = self._fit(text, font, max(width, 1), max(height, 1))
        return found

    def _scaled(self, font: QFont, scale: float) -> QFont:
        smaller = QFont(font)
        smaller.setPixelSize(max(6, round(font.pixelSize() * scale)))
        return smaller

    def _fit(self, text: str, font: QFont, width: int, height: int) -> LabelLayout:
        fm = QFontMetrics(font)
        if fm.horizontalAdvance(text) <= width:
            return LabelLayout(font, (text,))
        for scale in (0.92, 0.85):  # a little smaller on one line
            f = self._scaled(font, scale)
            if QFontMetrics(f).horizontalAdvance(text) <= width:
                return LabelLayout(f, (text,))
        scale = 1.0
        while scale >= self.min_scale - 1e-9:  # two lines, as large as the row allows
            f = self._scaled(font, scale)
            ffm = QFontMetrics(f)
            if 2 * ffm.lineSpacing() <= height + ffm.leading() + 2:
                lines = wrap_words(ffm, text, width)
                if len(lines) <= 2 and all(ffm.horizontalAdvance(li) <= width for li in lines):
                    return LabelLayout(f, tuple(lines))
            scale -= 0.05
        f = self._scaled(font, self.min_scale)
        ffm = QFontMetrics(f)
        two_lines = 2 * ffm.lineSpacing() <= height + ffm.leading() + 2
        if not two_lines:
            return LabelLayout(f, (elide(ffm, text, width),))
        lines = wrap_words(ffm, text, width)
        first = lines[0] if ffm.horizontalAdvance(lines[0]) <= width else elide(ffm, lines[0], width)
        rest = " ".join(lines[1:])
        return LabelLayout(f, (first, elide(ffm, rest, width)) if rest else (first,))


def draw_label(painter: QPainter, rect: QRect, layout: LabelLayout, texts: StaticTexts | None = None) -> None:
    """Draw a fitted label left-aligned and vertically centred in ``rect`` (painter pen as set); with ``texts``
    the lines are drawn from shaped-text cache."""
    painter.setFont(layout.font)
    fm = painter.fontMetrics()
    spacing = fm.lineSpacing() if len(layout.lines) > 1 else fm.height()
    top = rect.top() + (rect.height() - spacing * len(layout.lines)) / 2
    for i, line in enumerate(layout.lines):
        if texts is not None:
            painter.drawStaticText(QPointF(rect.left(), top + i * spacing), texts.get(line, layout.font))
        else:
            painter.drawText(QRectF(rect.left(), top + i * spacing, rect.width(), spacing), _LEFT, line)


class StaticTexts:
    """Shaped texts (``QStaticText``) by (text, font): figures are laid out once and re-drawn from the cache."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int, int, bool], QStaticText] = {}
        self.tiles = GlyphTiles()  # figures above Qt's glyph-cache size (the spotlight's)

    def clear(self) -> None:
        self._cache.clear()
        self.tiles.clear()

    def width(self, text: str, font: QFont) -> float:
        """The advance of ``text`` in ``font``, in px (from the glyph tiles' advances when they draw it)."""
        advance = self.tiles.advance(text, font)
        return advance if advance is not None else self.get(text, font).size().width()

    def get(self, text: str, font: QFont) -> QStaticText:
        """The shaped ``text``; ``font`` must live as long as the cache (clear() when the fonts change). Fonts made
        by :class:`LabelFitter` live in its cache, which is cleared together with this one."""
        key = (text, id(font), font.pixelSize(), font.italic())  # size: a font made later may reuse an id
        static = self._cache.get(key)
        if static is None:
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
            static.prepare(font=font)
            self._cache[key] = static
        return static

    def draw(self, painter: QPainter, rect: QRect | QRectF, text: str, font: QFont,
             align: Qt.AlignmentFlag, min_stretch: float = 0.72) -> None:
        """Draw ``text`` in ``rect`` with ``align`` (left, right or centre; vertically centred); squeezed
        horizontally down to ``min_stretch`` when it is wider than the rect, then elided."""
        painter.setFont(font)
        r = QRectF(rect)
        fm = painter.fontMetrics()
        y = r.top() + (r.height() - fm.height()) / 2
        advance = self.tiles.advance(text, font)
        if advance is not None and advance <= r.width() + 1:  # a pill's rect is its text's width, rounded
            if align & Qt.AlignmentFlag.AlignRight:
                x = r.right() - advance
            elif align & Qt.AlignmentFlag.AlignHCenter:
                x = r.left() + (r.width() - advance) / 2
            else:
                x = r.left()
            if self.tiles.draw(painter, QPointF(x, y), text, font, painter.pen().color()):
                return
        static = self.get(text, font)
        size = static.size()
        if size.width() <= r.width():
            if align & Qt.AlignmentFlag.AlignRight:
                x = r.right() - size.width()
            elif align & Qt.AlignmentFlag.AlignHCenter:
                x = r.left() + (r.width() - size.width()) / 2
            else:
                x = r.left()
            painter.drawStaticText(QPointF(x, y), static)
            return
        stretch = max(min_stretch, r.width() / max(size.width(), 1.0))
        shown = text if size.width() * stretch <= r.width() + 0.5 else elide(fm, text, int(r.width() / stretch))
        width = self.get(shown, font).size().width() * stretch
        if align & Qt.AlignmentFlag.AlignRight:
            x = r.right() - width
        elif align & Qt.AlignmentFlag.AlignHCenter:
            x = r.left() + (r.width() - width) / 2
        else:
            x = r.left()
        painter.save()
        painter.translate(x, y)
        painter.scale(stretch, 1.0)
        painter.drawStaticText(QPointF(0, 0), self.get(shown, font))
        painter.restore()


def short_name(fm: QFontMetrics, name: str, position: int, width: int) -> str:
    """A kecamatan name that fits ``width``: whole, elided ('KARANGPE…'), or its position number."""
    if fm.horizontalAdvance(name) <= width:
        return name
    elided = fm.elidedText(name, Qt.TextElideMode.ElideRight, width)
    if len(elided.rstrip("…")) >= 3:
        return elided
    return f"{position:02d}"
