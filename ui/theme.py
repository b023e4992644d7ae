"""Colours of the operator window, in one place.

A :class:`Theme` is plain data (hex colours and symbols), so the projector can define its own (bigger contrast,
dark background) and reuse the same :class:`~ui.cell_state.CellState` role. :class:`ThemeResources` turns a theme
into cached Qt objects (brushes, fonts, icons) so that ``data()`` never builds one per call.

Every state has a colour *and* a symbol (✕ ! ≠ ◔ ∅): never colour alone (colour-blind saksi, black-and-white
photos of the screen).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase, QIcon, QPen

from ui.cell_state import CellState
from ui.state_icons import lock_icon, state_icon


@dataclass(frozen=True, slots=True)
class StateStyle:
    background: str
    foreground: str
    accent: str  # colour of the state symbol
    symbol: str  # the symbol as text, for legends, tooltips and the projector ("" for none)


@dataclass(frozen=True, slots=True)
class ChipStyle:
    background: str
    foreground: str


# The four kecamatan statuses of the plenary; values and transitions are owned by the core.
STATUSES: tuple[str, ...] = ("belum", "dibacakan", "selesai", "ditetapkan")
DONE_STATUSES: frozenset[str] = frozenset({"selesai", "ditetapkan"})


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    states: Mapping[CellState, StateStyle]
    section_background: str
    section_foreground: str
    group_background: str
    group_foreground: str
    total_background: str  # JUMLAH column, when nothing is to remark
    provisional_foreground: str  # JUMLAH while not every kecamatan is in; Sirekap partial figures
    line_id_foreground: str
    grid_line: str
    selection_overlay: str  # translucent overlay on selected cells: keeps the state colour visible
    current_border: str
    current_row: str  # row label of the line the cursor is on
    status_chips: Mapping[str, ChipStyle] = field(default_factory=dict)

    def state(self, state: CellState) -> StateStyle:
        return self.states[state]


_WHITE = StateStyle("#ffffff", "#1a1a1a", "#1a1a1a", "")

OPERATOR_THEME = Theme(
    name="operator",
    states=MappingProxyType({
        CellState.HEADER: StateStyle("#2e4a62", "#ffffff", "#ffffff", ""),
        CellState.ERROR: StateStyle("#f9cccc", "#5c0000", "#c62828", "✕"),
        CellState.MISMATCH: StateStyle("#e6d3fb", "#34065e", "#7b2cbf", "≠"),
        CellState.WARNING: StateStyle("#ffeea6", "#3f2e00", "#a86b00", "!"),
        CellState.PARTIAL: StateStyle("#d3eeea", "#0d3b37", "#1b7f79", "◔"),
        CellState.MISSING: StateStyle("#ececec", "#2b2b2b", "#6b6b6b", "∅"),
        CellState.EMPTY: _WHITE,
        CellState.OK: _WHITE,
    }),
    section_background="#2e4a62",
    section_foreground="#ffffff",
    group_background="#dce4ec",
    group_foreground="#14263a",
    total_background="#eef2f7",
    provisional_foreground="#5f6b78",
    line_id_foreground="#5a6470",
    grid_line="#c9d1da",
    selection_overlay="#3d7be0",
    current_border="#0b3d91",
    current_row="#dfe9f8",
    status_chips=MappingProxyType({
        "belum": ChipStyle("#e3e3e3", "#303030"),
        "dibacakan": ChipStyle("#cfe2ff", "#0b3d91"),
        "selesai": ChipStyle("#cdeed5", "#0f5123"),
        "ditetapkan": ChipStyle("#1e6b3a", "#ffffff"),
    }),
)


# Marks on cells (rekap_desktop.cell_marks): symbol colour on a white backing, on the grid and in legends.
MARK_COLOURS: Mapping[str, str] = MappingProxyType({
    "keberatan": "#b00020",  # ⚑ open keberatan
    "keberatan_diputus": "#5f6b78",  # ⚑ keberatan already decided
    "koreksi": "#0b3d91",  # ✎
    "hitung_ulang": "#0b6e4f",  # ↻
})


def relative_luminance(hex_colour: str) -> float:
    c = QColor(hex_colour)
    channels = []
    for v in (c.redF(), c.greenF(), c.blueF()):
        channels.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1–21); body text wants ≥ 4.5."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def figure_font(point_size: float | None = None, *, bold: bool = False) -> QFont:
    """The font for figures: the application font with tabular (fixed-width) digits."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    if point_size is not None:
        font.setPointSizeF(point_size)
    font.setFeature(QFont.Tag("tnum"), 1)
    font.setBold(bold)
    return font


class ThemeResources:
    """Cached Qt objects of a theme. Create after the QGuiApplication (icons are pixmaps)."""

    def __init__(self, theme: Theme = OPERATOR_THEME, *, icon_size: int = 14) -> None:
        self.theme = theme
        self.icon_size = icon_size
        self._bg = {s: QBrush(QColor(st.background)) for s, st in theme.states.items()}
        self._fg = {s: QBrush(QColor(st.foreground)) for s, st in theme.states.items()}
        self.total_background = QBrush(QColor(theme.total_background))
        self.section_background = QBrush(QColor(theme.section_background))
        self.section_foreground = QBrush(QColor(theme.section_foreground))
        self.group_background = QBrush(QColor(theme.group_background))
        self.group_foreground = QBrush(QColor(theme.group_foreground))
        self.provisional_foreground = QBrush(QColor(theme.provisional_foreground))
        self.line_id_colour = QColor(theme.line_id_foreground)
        self.selection_overlay = QColor(theme.selection_overlay)
        self.selection_overlay.setAlpha(70)
        self.current_border = QColor(theme.current_border)
        self.current_row_background = QColor(theme.current_row)
        self.grid_pen = QPen(QColor(theme.grid_line), 0)
        self.figure_font = figure_font()
        self.total_font = figure_font(bold=True)
        self.provisional_font = figure_font()
        self.provisional_font.setItalic(True)
        self.header_font = QFont(self.figure_font)
        self.header_font.setBold(True)
        self._icons: dict[CellState, QIcon] = {}
        self._lock_icon: QIcon | None = None
        self.mark_font = QFont(self.figure_font)
        self.mark_font.setBold(True)
        self.mark_font.setPointSizeF(max(7.0, self.figure_font.pointSizeF() * 0.8))
        self.mark_colours = {k: QColor(v) for k, v in MARK_COLOURS.items()}
        self.zoom = 1.0
        self._base_points = {name: getattr(self, name).pointSizeF() for name in self._ZOOMED}

    _ZOOMED = ("figure_font", "total_font", "provisional_font", "header_font", "mark_font")

    def set_zoom(self, factor: float) -> None:
        """Scale the grid's fonts (the same QFont objects the models hand out) by ``factor`` of their base size;
        the views then re-measure (GridView.apply_zoom)."""
        self.zoom = factor
        for name, points in self._base_points.items():
            getattr(self, name).setPointSizeF(max(6.0, points * factor))

    def background(self, state: CellState) -> QBrush:
        return self._bg[state]

    def foreground(self, state: CellState) -> QBrush:
        return self._fg[state]

    def icon(self, state: CellState) -> QIcon | None:
        """The state symbol as an icon, or None for states without one."""
        if not self.theme.states[state].symbol:
            return None
        icon = self._icons.get(state)
        if icon is None:
            icon = state_icon(state, QColor(self.theme.states[state].accent), self.icon_size)
            self._icons[state] = icon
        return icon

    def lock_icon(self) -> QIcon:
        if self._lock_icon is None:
            self._lock_icon = lock_icon(QColor(self.theme.status_chips["ditetapkan"].background), self.icon_size)
        return self._lock_icon


_DEFAULT: ThemeResources | None = None


def default_resources() -> ThemeResources:
    """Shared resources of the operator theme (one set of brushes and icons per process)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = ThemeResources(OPERATOR_THEME)
    return _DEFAULT
