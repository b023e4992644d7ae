"""Colours, symbols and sizes of the projector window (DESIGN §8).

Two themes, a high-contrast light one ("terang") and a dark one ("gelap"), as plain data. Every state the room
must notice has a colour *and* a symbol or a word (▲ ▼ ✕ R4, "sebagian", "— tidak ada data"), so that it reads
for colour-blind saksi and in black-and-white phone photos of the screen.

:func:`metrics_for` computes every size from the window size: with a full-screen window that is the screen
height, e.g. 22 "row units" on 1080 px (font ≈ 30 px, never below 24 px on 1080p) and the same proportions on
720p. :class:`ProjectorResources` turns a theme and metrics into cached Qt objects (brushes, fonts, pens), so
that ``data()`` and the painting code never build one per call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from types import MappingProxyType

from PySide6.QtCore import QSize
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase, QFontMetrics, QPen

from ui.theme import STATUSES


class Tone(IntEnum):
    """What a projector cell must convey; a theme maps each tone to colours."""

    PLAIN = 0
    SECTION = 1  # section header band ("IV. DATA PEROLEHAN SUARA")
    GROUP = 2  # party block header band
    ERROR = 3  # an arithmetic rule of severity "galat" is broken (✕ R4)
    WARNING = 4  # a rule of severity "peringatan" is broken (! R8)
    MISMATCH = 5  # manual ≠ complete Sirekap (▲ +12 / ▼ −3)
    PARTIAL = 6  # Sirekap covers only part of the TPS: greyed, no ▲▼
    MISSING = 7  # Sirekap has no figure ("— tidak ada data")
    MATCH = 8  # manual = Sirekap (✓ 0)
    PROVISIONAL = 9  # JUMLAH while not every kecamatan is in
    MUTED = 10  # nothing to compare (lines without a Sirekap source)


@dataclass(frozen=True, slots=True)
class Pair:
    background: str
    foreground: str


@dataclass(frozen=True, slots=True)
class StatusStyle:
    background: str
    foreground: str
    symbol: str  # shown with the name: the status reads without colour


STATUS_LABELS: Mapping[str, str] = MappingProxyType({
    "belum": "belum",
    "dibacakan": "dibacakan",
    "selesai": "selesai",
    "ditetapkan": "ditetapkan",
})


@dataclass(frozen=True, slots=True)
class ProjectorTheme:
    name: str  # "terang" | "gelap" (stored in QSettings)
    label: str
    background: str  # window and plain rows
    stripe: str  # every other row, to follow a row across the screen
    text: str
    muted: str  # line ids, captions, lines without Sirekap
    grid: str
    heading: str  # contest title line
    kecamatan: str  # the large kecamatan name
    column_header: Pair
    section: Pair
    group: Pair
    tones: Mapping[Tone, Pair]
    badge_error: Pair  # the "✕ R4" pill
    badge_warning: Pair  # the "! R8" pill
    current: str  # outline and bar of the row being edited, outline of the current kecamatan
    statuses: Mapping[str, StatusStyle]
    pause_background: str
    pause_accent: str

    def tone(self, tone: Tone) -> Pair | None:
        return self.tones.get(tone)


LIGHT = ProjectorTheme(
    name="terang",
    label="Terang (kontras tinggi)",
    background="#ffffff",
    stripe="#eef1f5",
    text="#000000",
    muted="#4a5562",
    grid="#b9c2cc",
    heading="#14263a",
    kecamatan="#000000",
    column_header=Pair("#14263a", "#ffffff"),
    section=Pair("#2e4a62", "#ffffff"),
    group=Pair("#cfd9e4", "#0b1a2b"),
    tones=MappingProxyType({
        Tone.ERROR: Pair("#ffd0cc", "#4a0000"),
        Tone.WARNING: Pair("#ffe680", "#3a2a00"),
        Tone.MISMATCH: Pair("#6a1fb0", "#ffffff"),
        Tone.PARTIAL: Pair("#e2e2e2", "#4d4d4d"),
        Tone.MISSING: Pair("#d6d6d6", "#2b2b2b"),
        Tone.MATCH: Pair("", "#0e5a2a"),
        Tone.PROVISIONAL: Pair("", "#4a5562"),
        Tone.MUTED: Pair("", "#6b7580"),
    }),
    badge_error=Pair("#b00000", "#ffffff"),
    badge_warning=Pair("#8a5a00", "#ffffff"),
    current="#0047d6",
    statuses=MappingProxyType({
        "belum": StatusStyle("#f2f2f2", "#333333", "○"),
        "dibacakan": StatusStyle("#ffd23f", "#000000", "▶"),
        "selesai": StatusStyle("#bfe8cb", "#0b3d1c", "✓"),
        "ditetapkan": StatusStyle("#145c2e", "#ffffff", "■"),
    }),
    pause_background="#14263a",
    pause_accent="#ffd54f",
)

DARK = ProjectorTheme(
    name="gelap",
    label="Gelap",
    background="#0b0e12",
    stripe="#171c23",
    text="#ffffff",
    muted="#a9b4c0",
    grid="#2f3843",
    heading="#d7e3f0",
    kecamatan="#ffffff",
    column_header=Pair("#26384c", "#ffffff"),
    section=Pair("#34536e", "#ffffff"),
    group=Pair("#1f2a36", "#e6eef7"),
    tones=MappingProxyType({
        Tone.ERROR: Pair("#5c0a0a", "#ffd6d6"),
        Tone.WARNING: Pair("#5a4600", "#fff1b8"),
        Tone.MISMATCH: Pair("#d9b3ff", "#1c0033"),
        Tone.PARTIAL: Pair("#2a2f36", "#b8c0c8"),
        Tone.MISSING: Pair("#3a4048", "#e6e6e6"),
        Tone.MATCH: Pair("", "#8fe3a8"),
        Tone.PROVISIONAL: Pair("", "#b8c0c8"),
        Tone.MUTED: Pair("", "#8a96a3"),
    }),
    badge_error=Pair("#ff5252", "#000000"),
    badge_warning=Pair("#ffc400", "#000000"),
    current="#ffd400",
    statuses=MappingProxyType({
        "belum": StatusStyle("#2a2f36", "#d0d6dc", "○"),
        "dibacakan": StatusStyle("#5aa9ff", "#000000", "▶"),
        "selesai": StatusStyle("#1f6b3a", "#ffffff", "✓"),
        "ditetapkan": StatusStyle("#a8e6b8", "#002b10", "■"),
    }),
    pause_background="#000000",
    pause_accent="#ffd400",
)

THEMES: Mapping[str, ProjectorTheme] = MappingProxyType({LIGHT.name: LIGHT, DARK.name: DARK})
assert set(LIGHT.statuses) == set(DARK.statuses) == set(STATUSES)


def theme_named(name: object) -> ProjectorTheme:
    """The theme stored under ``name`` (QSettings may hand back anything): light when unknown."""
    return THEMES.get(str(name), LIGHT) if name is not None else LIGHT


# ---------------------------------------------------------------------------------------------------------- sizes
ROWS_PER_SCREEN = 22  # row units per window height (15 table rows under the title, strip and legend)
ROWS_PER_SCREEN_RANGE = (14, 32)  # what the operator may choose ("huruf lebih besar / lebih kecil")
MIN_FONT_1080 = 24  # the smallest text anywhere, in px on a 1080 px high screen


@dataclass(frozen=True, slots=True)
class ProjectorMetrics:
    """Every size of the projector window, in logical pixels, derived from the window size."""

    unit: float  # one row unit: the height of a table row
    row_height: int
    figure_px: int  # figures and labels in the table
    small_px: int  # line ids, coverage, legend, kecamatan strip (≥ 24 px on 1080p)
    heading_px: int  # contest line
    kecamatan_px: int  # the kecamatan name
    header_height: int  # column header (two lines)
    strip_height: int
    legend_height: int
    pad: int  # horizontal padding inside a cell
    outline: int  # width of the current-row outline



def metrics_for(size: QSize, rows_per_screen: int = ROWS_PER_SCREEN) -> ProjectorMetrics:
    """Sizes for a window of ``size``: ~22 row units per height (1080 px → 49 px rows, 30 px figures)."""
    height = max(size.height(), 200)
    width = max(size.width(), 320)
    scale = min(height / 1080, width / 1920)  # 1 on full HD; 2/3 on 720p; the width limits 4:3 screens
    floor = MIN_FONT_1080 * scale  # 24 px at 1080p, scaled like everything else
    unit = max(min(height / rows_per_screen, width / (rows_per_screen * 16 / 9)), floor * 1.45)
    figure = round(unit * 0.62)
    small = max(round(unit * 0.5), round(floor))
    return ProjectorMetrics(
        unit=unit,
        row_height=round(unit),
        figure_px=max(figure, round(floor)),
        small_px=small,
        heading_px=max(round(unit * 0.6), round(floor)),
        kecamatan_px=round(unit * 1.1),
        header_height=round(unit * 1.35),
        strip_height=round(unit * 0.95),
        legend_height=round(unit * 1.55),
        pad=max(4, round(unit * 0.28)),
        outline=max(3, round(unit * 0.12)),
    )


def _font(px: int, weight: QFont.Weight = QFont.Weight.Normal, *, tabular: bool = False) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    font.setPixelSize(max(px, 6))
    font.setWeight(weight)
    if tabular:
        font.setFeature(QFont.Tag("tnum"), 1)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def _brush(colour: str) -> QBrush | None:
    return QBrush(QColor(colour)) if colour else None


class ProjectorResources:
    """Cached brushes, colours and fonts for one theme and one set of metrics."""

    def __init__(self, theme: ProjectorTheme = LIGHT, metrics: ProjectorMetrics | None = None) -> None:
        self.theme = theme
        self.set_metrics(metrics or metrics_for(QSize(1920, 1080)))
        self.set_theme(theme)

    # -------------------------------------------------------------------------------------------------- theme
    def set_theme(self, theme: ProjectorTheme) -> None:
        self.theme = theme
        self.background = QColor(theme.background)
        self.stripe = QColor(theme.stripe)
        self.text = QColor(theme.text)
        self.muted = QColor(theme.muted)
        self.grid_pen = QPen(QColor(theme.grid), 1)
        self.heading = QColor(theme.heading)
        self.kecamatan = QColor(theme.kecamatan)
        self.current = QColor(theme.current)
        self.column_header_bg = QColor(theme.column_header.background)
        self.column_header_fg = QColor(theme.column_header.foreground)
        self._bg: dict[Tone, QBrush | None] = {}
        self._fg: dict[Tone, QBrush] = {}
        plain = QBrush(self.text)
        for tone in Tone:
            pair = theme.tone(tone)
            if tone is Tone.SECTION:
                pair = theme.section
            elif tone is Tone.GROUP:
                pair = theme.group
            self._bg[tone] = _brush(pair.background) if pair else None
            self._fg[tone] = QBrush(QColor(pair.foreground)) if pair and pair.foreground else plain
        self.badge = {
            Tone.ERROR: (QColor(theme.badge_error.background), QColor(theme.badge_error.foreground)),
            Tone.WARNING: (QColor(theme.badge_warning.background), QColor(theme.badge_warning.foreground)),
        }
        self.status = {s: (QColor(st.background), QColor(st.foreground), st.symbol) for s, st in theme.statuses.items()}
        self.pause_background = QColor(theme.pause_background)
        self.pause_accent = QColor(theme.pause_accent)

    def tone_background(self, tone: Tone) -> QBrush | None:
        """The brush of a tone, None where the row's own background (plain or striped) shows."""
        return self._bg[tone]

    def tone_foreground(self, tone: Tone) -> QBrush:
        return self._fg[tone]

    # -------------------------------------------------------------------------------------------------- sizes
    generation = 0  # bumped by set_metrics: caches keyed on sizes compare it

    def set_metrics(self, metrics: ProjectorMetrics) -> None:
        self.metrics = m = metrics
        self.generation += 1
        self.figure_font = _font(m.figure_px, QFont.Weight.DemiBold, tabular=True)
        self.figure_bold = _font(m.figure_px, QFont.Weight.Bold, tabular=True)
        self.provisional_font = _font(m.figure_px, QFont.Weight.Normal, tabular=True)
        self.provisional_font.setItalic(True)
        self.label_font = _font(max(m.small_px, round(m.unit * 0.56)), QFont.Weight.Medium)
        self.header_band_font = _font(m.figure_px, QFont.Weight.Bold)
        self.small_font = _font(m.small_px, QFont.Weight.Medium, tabular=True)
        self.small_bold = _font(m.small_px, QFont.Weight.Bold, tabular=True)
        self.small_italic = _font(m.small_px, QFont.Weight.Medium, tabular=True)
        self.small_italic.setItalic(True)
        self.column_header_font = _font(m.small_px, QFont.Weight.Bold)
        self.heading_font = _font(m.heading_px, QFont.Weight.DemiBold)
        self.kecamatan_font = _font(m.kecamatan_px, QFont.Weight.Black)
        self.badge_font = _font(m.small_px, QFont.Weight.Black)
        self.figure_metrics = QFontMetrics(self.figure_font)
        self.small_metrics = QFontMetrics(self.small_font)
        self.line_id_width = self.small_metrics.horizontalAdvance("IV.24.10") + m.pad

    def font_for(self, tone: Tone, *, small: bool = False) -> QFont:
        if small:
            return self.small_italic if tone in (Tone.PARTIAL, Tone.PROVISIONAL) else self.small_font
        if tone in (Tone.PARTIAL, Tone.PROVISIONAL):
            return self.provisional_font
        if tone in (Tone.MISMATCH, Tone.ERROR):
            return self.figure_bold
        return self.figure_font
