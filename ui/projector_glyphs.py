"""The spotlight's big figures drawn from cached glyph images (issue 16 item 1).

Qt's raster engine caches rasterised glyphs only up to 64 px (``QT_MAX_CACHED_GLYPH_SIZE``); above that it fills
every glyph as a path on every paint: ~0,3 ms per 94 px figure of the 1080p spotlight, the largest part of an edit's
repaint. Raising that limit made the digits blank in some renders, so the projector keeps its own images instead:
:class:`GlyphTiles` renders each character of a figure once per (font, colour, device pixel ratio) — with Qt's own
text engine, into a transparent image — and a figure is then drawn by blending those images side by side at the
advances Qt reports (the same advances ``drawText`` uses, to within a rounding of each glyph's position to the
device pixel).

Only texts made of figure characters (digits, separators, signs, ≈ ▲ ▼) are drawn this way, and only when the sum of
their characters' advances equals the advance of the whole text (no kerning or shaping between them); anything else
— words, a squeezed figure, a painter that scales — goes through ``QStaticText`` as before.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

FIGURE_CHARS = frozenset("0123456789.,+-−±≈▲▼% ")
"""Characters of the spotlight's figures ('1.234.567', '▲ +12', '▼ −3', '≈ 44.360' for a partial Sirekap sum)."""
QT_GLYPH_CACHE_PX = 64
"""Qt's raster engine keeps glyph images up to this pixel size itself (QT_MAX_CACHED_GLYPH_SIZE's default)."""
CACHE_LIMIT = 512


class GlyphTiles:
    """Images of single characters by (font, colour, device pixel ratio), and figures drawn from them."""

    def __init__(self) -> None:
        self._tiles: dict[tuple[int, int, float, str], tuple[QImage, float, float]] = {}
        self._advances: dict[tuple[int, int, str], float | None] = {}
        self.drawn = 0  # figures drawn from tiles (tests and benchmarks)

    def clear(self) -> None:
        self._tiles.clear()
        self._advances.clear()

    def advance(self, text: str, font: QFont) -> float | None:
        """The advance of ``text`` in ``font`` when it can be drawn from tiles (figure characters, no kerning
        between them, a font too large for Qt's own glyph cache), else None. ``font`` must outlive the cache."""
        key = (id(font), font.pixelSize(), text)
        if key in self._advances:
            return self._advances[key]
        result: float | None = None
        if font.pixelSize() > QT_GLYPH_CACHE_PX and text and FIGURE_CHARS.issuperset(text):
            fm = QFontMetricsF(font)
            whole = fm.horizontalAdvance(text)
            if abs(sum(fm.horizontalAdvance(ch) for ch in text) - whole) < 0.5:
                result = whole
        if len(self._advances) > CACHE_LIMIT * 8:
            self._advances.clear()
        self._advances[key] = result
        return result

    def draw(self, painter: QPainter, top_left: QPointF, text: str, font: QFont, colour: QColor) -> bool:
        """Draw ``text`` with its top-left at ``top_left`` (as ``drawStaticText`` places it) from tiles; False,
        drawing nothing, when it cannot be (see :meth:`advance`, or a painter that scales or rotates)."""
        if self.advance(text, font) is None or painter.transform().isScaling() or painter.transform().isRotating():
            return False
        device = painter.device()
        dpr = device.devicePixelRatioF() if device is not None else 1.0
        fm = QFontMetricsF(font)
        origin = painter.transform().map(top_left)  # device coordinates, where the glyphs are snapped
        shift = painter.transform().map(QPointF(0, 0))
        x = origin.x()
        rgba = colour.rgba()
        for ch in text:
            image, dx, dy = self._tile(ch, font, rgba, dpr, fm)
            if image is not None:
                left = round((x + dx) * dpr) / dpr
                top = round((origin.y() + dy) * dpr) / dpr
                painter.drawImage(QPointF(left - shift.x(), top - shift.y()), image)
            x += fm.horizontalAdvance(ch)
        self.drawn += 1
        return True

    def _tile(self, ch: str, font: QFont, rgba: int, dpr: float,
              fm: QFontMetricsF) -> tuple[QImage | None, float, float]:
        key = (id(font), font.pixelSize(), dpr, ch + f"#{rgba:08x}")
        tile = self._tiles.get(key)
        if tile is not None:
            return tile
        if ch == " ":
            self._tiles[key] = (None, 0.0, 0.0)  # type: ignore[assignment]
            return None, 0.0, 0.0
        ink = fm.boundingRect(ch)  # relative to the baseline origin; may overhang the advance
        margin = 2.0
        left = math.floor(min(0.0, ink.left()) - margin)
        right = math.ceil(max(fm.horizontalAdvance(ch), ink.right()) + margin)
        top = math.floor(min(-fm.ascent(), ink.top()) - margin)
        bottom = math.ceil(max(fm.descent(), ink.bottom()) + margin)
        image = QImage(math.ceil((right - left) * dpr), math.ceil((bottom - top) * dpr),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(dpr)
        image.fill(Qt.GlobalColor.transparent)
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.setFont(font)
        p.setPen(QColor.fromRgba(rgba))
        p.drawText(QPointF(-left, -top), ch)  # the baseline origin at (-left, -top) inside the tile
        p.end()
        if len(self._tiles) > CACHE_LIMIT:
            self._tiles.clear()
        # the tile's top-left relative to the text's top-left (whose baseline is ``ascent`` below it)
        result = (image, float(left), float(top) + fm.ascent())
        self._tiles[key] = result
        return result
