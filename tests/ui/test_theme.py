from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from ui.cell_state import CellState
from ui.state_icons import draw_state_symbol, state_icon
from ui.theme import OPERATOR_THEME, STATUSES, ThemeResources, contrast_ratio


@pytest.mark.parametrize("state", list(CellState))
def test_text_contrast_of_every_state(state: CellState) -> None:
    style = OPERATOR_THEME.states[state]
    assert contrast_ratio(style.foreground, style.background) >= 7.0  # WCAG AAA for the figures


@pytest.mark.parametrize("status", STATUSES)
def test_status_chip_contrast(status: str) -> None:
    chip = OPERATOR_THEME.status_chips[status]
    assert contrast_ratio(chip.foreground, chip.background) >= 4.5


def test_states_that_need_attention_have_distinct_colours_and_symbols() -> None:
    flagged = [CellState.ERROR, CellState.MISMATCH, CellState.WARNING, CellState.PARTIAL, CellState.MISSING]
    styles = [OPERATOR_THEME.states[s] for s in flagged]
    assert len({s.background for s in styles}) == len(flagged)
    assert [s.symbol for s in styles] == ["✕", "≠", "!", "◔", "∅"]
    for s in styles:  # the symbol itself is visible on the cell background
        assert contrast_ratio(s.accent, s.background) >= 2.2


def test_icons_are_drawn_and_cached(qtbot) -> None:
    res = ThemeResources()
    icon = res.icon(CellState.MISMATCH)
    assert icon is res.icon(CellState.MISMATCH) and not icon.isNull()
    assert res.icon(CellState.OK) is None and res.icon(CellState.EMPTY) is None
    assert not res.lock_icon().isNull()
    with pytest.raises(ValueError):
        state_icon(CellState.OK, QColor("black"))


def test_symbols_scale_for_the_projector(qtbot) -> None:
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    assert draw_state_symbol(painter, QRectF(4, 4, 56, 56), CellState.ERROR, QColor("#c62828"))
    assert not draw_state_symbol(painter, QRectF(4, 4, 56, 56), CellState.OK, QColor("black"))
    painter.end()
    assert image.pixelColor(10, 32) != QColor("white")  # the red disc
    assert image.pixelColor(32, 32) == QColor("white")  # the cross through the middle
