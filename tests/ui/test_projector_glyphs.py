"""The spotlight's big figures drawn from cached glyph images (ui.projector_glyphs) look as Qt draws them."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QStaticText

from ui.projector_glyphs import GlyphTiles
from ui.projector_text import StaticTexts
from ui.projector_theme import _font

TEXTS = ("1.234.567", "▼ −3", "≈ +6.869", "▲ +12", "0")


def _canvas() -> QImage:
    image = QImage(900, 160, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    return image


def _grey(image: QImage) -> np.ndarray:
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    pixels = data.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4].reshape(
        image.height(), image.width(), 4)
    return pixels[:, :, :3].astype(np.int32).sum(axis=2)


def _ink_box(grey: np.ndarray) -> tuple[int, int, int, int]:
    rows = np.nonzero((grey < 600).any(axis=1))[0]
    cols = np.nonzero((grey < 600).any(axis=0))[0]
    return int(cols[0]), int(rows[0]), int(cols[-1]), int(rows[-1])


def _by_qt(text: str, font: QFont, at: QPointF) -> np.ndarray:
    image = _canvas()
    p = QPainter(image)
    p.setPen(QColor("#12345a"))
    p.setFont(font)
    static = QStaticText(text)
    static.prepare(font=font)
    p.drawStaticText(at, static)
    p.end()
    return _grey(image)


def _by_tiles(tiles: GlyphTiles, text: str, font: QFont, at: QPointF) -> np.ndarray:
    image = _canvas()
    p = QPainter(image)
    assert tiles.draw(p, at, text, font, QColor("#12345a"))
    p.end()
    return _grey(image)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("weight", [QFont.Weight.Bold, QFont.Weight.Normal])
def test_figures_from_tiles_look_as_qt_draws_them(qapp, text, weight) -> None:
    font = _font(94, weight, tabular=True)
    tiles = GlyphTiles()
    at = QPointF(20.4, 17.6)  # a fractional position, as a right-aligned figure gets
    qt, ours = _by_qt(text, font, at), _by_tiles(tiles, text, font, at)
    box_qt, box_ours = _ink_box(qt), _ink_box(ours)
    assert all(abs(a - b) <= 1 for a, b in zip(box_qt, box_ours, strict=True)), (text, box_qt, box_ours)
    # the same ink: glyph by glyph at most half a pixel apart, so only the edges differ
    ink_qt, ink_ours = (qt < 600).sum(), (ours < 600).sum()
    assert abs(int(ink_qt) - int(ink_ours)) <= 0.04 * ink_qt, (text, ink_qt, ink_ours)
    assert np.abs(qt - ours).mean() < 6.0, (text, float(np.abs(qt - ours).mean()))
    tiles_again = _by_tiles(tiles, text, font, at)  # drawn again from the cache: the same pixels
    assert np.array_equal(tiles_again, ours)


def test_only_figures_above_qts_own_glyph_cache_use_tiles(qapp) -> None:
    tiles = GlyphTiles()
    big, small = _font(94, QFont.Weight.Bold, tabular=True), _font(40, QFont.Weight.Bold, tabular=True)
    assert tiles.advance("1.234", big) is not None
    assert tiles.advance("1.234", small) is None  # Qt caches glyphs of this size itself
    assert tiles.advance("belum diisi", big) is None  # words: kerning and shaping are Qt's
    image = _canvas()
    p = QPainter(image)
    p.scale(0.8, 1.0)  # a squeezed figure is drawn by Qt
    assert not tiles.draw(p, QPointF(0, 0), "1.234", big, QColor("black"))
    p.end()
    assert tiles.drawn == 0


def test_static_texts_draw_big_figures_from_tiles_and_squeeze_the_rest(qapp) -> None:
    texts = StaticTexts()
    font = _font(94, QFont.Weight.Bold, tabular=True)
    image = _canvas()
    p = QPainter(image)
    p.setPen(QColor("black"))
    texts.draw(p, image.rect(), "12.345", font, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert texts.tiles.drawn == 1
    texts.draw(p, image.rect().adjusted(0, 0, -700, 0), "12.345.678", font, Qt.AlignmentFlag.AlignLeft)
    assert texts.tiles.drawn == 1  # too wide for its room: squeezed by Qt, not from tiles
    p.end()
    right = _ink_box(_grey(image))[2]
    assert image.width() - 8 <= right <= image.width() - 1  # right-aligned as Qt would place it
