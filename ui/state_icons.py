"""Small state symbols drawn with QPainter (no font glyph needed): ✕ error, ! warning, ≠ mismatch,
◔ Sirekap partial, ∅ Sirekap missing, and a lock for a column that is ditetapkan.

Icons carry a 1× and a 2× pixmap so they stay crisp on high-DPI screens. Build them once (see
:class:`ui.theme.ThemeResources`), never per paint.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from ui.cell_state import CellState

Painter = Callable[[QPainter, QRectF, QColor], None]


def _pen(colour: QColor, width: float) -> QPen:
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _error(p: QPainter, r: QRectF, c: QColor) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(c)
    p.drawEllipse(r)
    s = r.width()
    p.setPen(_pen(QColor("white"), max(1.5, s * 0.15)))
    m = s * 0.3
    p.drawLine(QPointF(r.left() + m, r.top() + m), QPointF(r.right() - m, r.bottom() - m))
    p.drawLine(QPointF(r.right() - m, r.top() + m), QPointF(r.left() + m, r.bottom() - m))


def _warning(p: QPainter, r: QRectF, c: QColor) -> None:
    p.setPen(_pen(c, 1.0))
    p.setBrush(c)
    p.drawPolygon(QPolygonF([
        QPointF(r.center().x(), r.top() + 0.5),
        QPointF(r.right() - 0.5, r.bottom() - 0.5),
        QPointF(r.left() + 0.5, r.bottom() - 0.5),
    ]))
    s = r.width()
    x = r.center().x()
    p.setPen(_pen(QColor("white"), max(1.5, s * 0.14)))
    p.drawLine(QPointF(x, r.top() + s * 0.38), QPointF(x, r.top() + s * 0.65))
    p.drawPoint(QPointF(x, r.top() + s * 0.82))


def _mismatch(p: QPainter, r: QRectF, c: QColor) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(c)
    s = r.width()
    p.drawRoundedRect(r, s * 0.2, s * 0.2)
    p.setPen(_pen(QColor("white"), max(1.3, s * 0.11)))
    m = s * 0.24
    y1, y2 = r.top() + s * 0.4, r.top() + s * 0.62
    p.drawLine(QPointF(r.left() + m, y1), QPointF(r.right() - m, y1))
    p.drawLine(QPointF(r.left() + m, y2), QPointF(r.right() - m, y2))
    p.drawLine(QPointF(r.left() + s * 0.62, r.top() + s * 0.2), QPointF(r.left() + s * 0.38, r.bottom() - s * 0.2))


def _partial(p: QPainter, r: QRectF, c: QColor) -> None:
    s = r.width()
    inner = r.adjusted(1, 1, -1, -1)
    p.setPen(_pen(c, max(1.3, s * 0.1)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(inner)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(c)
    p.drawPie(inner, 0, 90 * 16)  # upper-right quarter filled: ◔


def _missing(p: QPainter, r: QRectF, c: QColor) -> None:
    s = r.width()
    inner = r.adjusted(1.5, 1.5, -1.5, -1.5)
    p.setPen(_pen(c, max(1.3, s * 0.11)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(inner)
    p.drawLine(QPointF(r.right() - 0.5, r.top() + 0.5), QPointF(r.left() + 0.5, r.bottom() - 0.5))


def _lock(p: QPainter, r: QRectF, c: QColor) -> None:
    s = r.width()
    body = QRectF(r.left() + s * 0.15, r.top() + s * 0.45, s * 0.7, s * 0.5)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(c)
    p.drawRoundedRect(body, s * 0.08, s * 0.08)
    path = QPainterPath()
    shackle = QRectF(r.left() + s * 0.28, r.top() + s * 0.08, s * 0.44, s * 0.6)
    path.arcMoveTo(shackle, 180)
    path.arcTo(shackle, 180, -180)
    p.setPen(_pen(c, max(1.3, s * 0.12)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)


_PAINTERS: dict[CellState, Painter] = {
    CellState.ERROR: _error,
    CellState.WARNING: _warning,
    CellState.MISMATCH: _mismatch,
    CellState.PARTIAL: _partial,
    CellState.MISSING: _missing,
}


def draw_state_symbol(painter: QPainter, rect: QRectF, state: CellState, colour: QColor) -> bool:
    """Draw the symbol of ``state`` into ``rect`` (any size: the projector draws them large)."""
    fn = _PAINTERS.get(state)
    if fn is None:
        return False
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    fn(painter, rect, colour)
    painter.restore()
    return True


def _icon(fn: Painter, colour: QColor, size: int) -> QIcon:
    icon = QIcon()
    for scale in (1, 2):
        pm = QPixmap(size * scale, size * scale)
        pm.setDevicePixelRatio(scale)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        fn(p, QRectF(0.5, 0.5, size - 1.0, size - 1.0), colour)
        p.end()
        icon.addPixmap(pm)
    return icon


def state_icon(state: CellState, colour: QColor, size: int = 14) -> QIcon:
    fn = _PAINTERS.get(state)
    if fn is None:
        raise ValueError(f"keadaan {state.name} tidak memiliki simbol")
    return _icon(fn, colour, size)


def lock_icon(colour: QColor, size: int = 14) -> QIcon:
    return _icon(_lock, colour, size)
