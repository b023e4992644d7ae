"""Colours, symbols and sizes of the projector window (DESIGN §8, issue 12 item 1).

Two themes, a high-contrast light one ("terang") and a dark one ("gelap"), as plain data. Every state the room
must notice has a colour *and* a symbol or words (▲ ▼, "✕ V.C ≠ V.A + V.B: selisih 7", "≈" for a partial Sirekap
figure, "—" for none, ⚑ ✎ ↻ for keberatan, koreksi and hitung ulang), so that it reads for colour-blind saksi and
in black-and-white phone photos of the screen.

Sizes are set by what a saksi at 15 m must read, as a share of the screen height (:func:`metrics_for`): on a
1080 px screen the digits of the line being read (the spotlight) are at least 72 px tall (≈ 11 cm on a 3 m
screen), the digits of the table rows around it at least 36 px, no text below 24 px; 720 px and 768 px screens
keep the same proportions of their height. Digit heights are *measured* on the font in use (the ink of
"0123456789"), not assumed, so a platform font with smaller digits gets a larger pixel size.
:class:`ProjectorResources` turns a theme and metrics into cached Qt objects (brushes, fonts, pens), so that the
painting code never builds one per call.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from types import MappingProxyType

from PySide6.QtCore import QSize
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase, QFontMetrics, QFontMetricsF, QPen

from ui.theme import STATUSES


class Tone(IntEnum):
    """What a projector cell must convey; a theme maps each tone to colours."""

    PLAIN = 0
    SECTION = 1  # section header band ("IV. DATA PEROLEHAN SUARA")
    GROUP = 2  # party block header band
    ERROR = 3  # an arithmetic rule of severity "galat" is broken (✕ and its words)
    WARNING = 4  # a rule of severity "peringatan" is broken (! and its words)
    MISMATCH = 5  # manual ≠ complete Sirekap (▲ +12 / ▼ −3)
    PARTIAL = 6  # Sirekap covers only part of the TPS: greyed, "≈", no ▲▼
    MISSING = 7  # Sirekap has no figure ("—")
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
    badge_error: Pair  # the "✕ V.C ≠ V.A + V.B: selisih 7" pill
    badge_warning: Pair  # the "! …" pill
    current: str  # outline and bar of the row being edited, outline of the current kecamatan
    spot: Pair  # the spotlight panel (the line being read)
    statuses: Mapping[str, StatusStyle]
    pause_background: str
    pause_accent: str
    marks: Mapping[str, str]  # keberatan (open), keberatan_diputus, koreksi, hitung_ulang: symbol colours

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
    spot=Pair("#fff8dc", "#000000"),
    statuses=MappingProxyType({
        "belum": StatusStyle("#f2f2f2", "#333333", "○"),
        "dibacakan": StatusStyle("#ffd23f", "#000000", "▶"),
        "selesai": StatusStyle("#bfe8cb", "#0b3d1c", "✓"),
        "ditetapkan": StatusStyle("#145c2e", "#ffffff", "■"),
    }),
    pause_background="#14263a",
    pause_accent="#ffd54f",
    marks=MappingProxyType({"keberatan": "#b00020", "keberatan_diputus": "#4a5562", "koreksi": "#0033a0",
                            "hitung_ulang": "#006b45"}),
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
    spot=Pair("#1d2633", "#ffffff"),
    statuses=MappingProxyType({
        "belum": StatusStyle("#2a2f36", "#d0d6dc", "○"),
        "dibacakan": StatusStyle("#5aa9ff", "#000000", "▶"),
        "selesai": StatusStyle("#1f6b3a", "#ffffff", "✓"),
        "ditetapkan": StatusStyle("#a8e6b8", "#002b10", "■"),
    }),
    pause_background="#000000",
    pause_accent="#ffd400",
    marks=MappingProxyType({"keberatan": "#ff7a7a", "keberatan_diputus": "#a9b4c0", "koreksi": "#8cc4ff",
                            "hitung_ulang": "#7ee0b0"}),
)

THEMES: Mapping[str, ProjectorTheme] = MappingProxyType({LIGHT.name: LIGHT, DARK.name: DARK})
assert set(LIGHT.statuses) == set(DARK.statuses) == set(STATUSES)


def theme_named(name: object) -> ProjectorTheme:
    """The theme stored under ``name`` (QSettings may hand back anything): light when unknown."""
    return THEMES.get(str(name), LIGHT) if name is not None else LIGHT


# ---------------------------------------------------------------------------------------------------------- sizes
SPOT_DIGIT_1080 = 72  # digit height (px) of the spotlight figures on a 1080 px high screen
ROW_DIGIT_1080 = 36  # digit height of the figures of the table rows
MIN_FONT_1080 = 24  # the smallest text anywhere (font px)
TEXT_SCALES = (1.0, 1.15, 1.3, 1.5)  # "huruf lebih besar": never below the sizes above
DIGITS = "0123456789"


@dataclass(frozen=True, slots=True)
class ProjectorMetrics:
    """Every size of the projector window, in logical pixels, derived from the window height (and width)."""

    unit: float  # px per "1080 px": height / 1080 × text scale (1 on full HD)
    spot_digit: int  # required digit height of the spotlight figures
    row_digit: int  # required digit height of the table figures
    spot_figure_px: int
    spot_label_px: int
    figure_px: int  # table figures
    label_px: int  # table labels
    small_px: int  # captions, legend, strip, column titles (≥ 24 px on 1080p)
    kecamatan_px: int  # the kecamatan name in the title
    row_height: int
    header_height: int
    title_height: int
    strip_height: int
    spot_height: int
    footer_height: int
    pad: int  # horizontal padding inside a cell
    outline: int  # width of the current-row outline

    @property
    def fixed_height(self) -> int:
        """Everything but the table rows."""
        return self.title_height + self.strip_height + self.spot_height + self.header_height + self.footer_height


def _font(px: int, weight: QFont.Weight = QFont.Weight.Normal, *, tabular: bool = False) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    font.setPixelSize(max(px, 6))
    font.setWeight(weight)
    if tabular:
        font.setFeature(QFont.Tag("tnum"), 1)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def digit_height(font: QFont) -> float:
    """The height of the ink of the digits "0123456789" in ``font``, in px."""
    return QFontMetricsF(font).tightBoundingRect(DIGITS).height()


@lru_cache(maxsize=256)
def px_for_digits(target: int, weight: int = int(QFont.Weight.Bold)) -> int:
    """The smallest pixel size whose digits are at least ``target`` px tall in the application font."""
    probe = _font(100, QFont.Weight(weight), tabular=True)
    px = max(6, math.ceil(target * 100 / max(digit_height(probe), 1.0)))
    while digit_height(_font(px, QFont.Weight(weight), tabular=True)) < target:
        px += 1
    return px


def metrics_for(size: QSize, scale: float = 1.0) -> ProjectorMetrics:
    """Sizes for a window of ``size`` (full screen: the screen); ``scale`` ≥ 1 makes everything larger.

    At 1920×1080 and scale 1: spotlight digits 72 px, table digits 36 px, captions 24 px, rows 66 px; the same
    shares of the height on any screen (1280×720: 48, 24 and 16 px)."""
    height = max(size.height(), 200)
    u = height / 1080 * max(scale, 1.0)
    spot_digit = math.ceil(SPOT_DIGIT_1080 * u)
    row_digit = math.ceil(ROW_DIGIT_1080 * u)
    figure_px = px_for_digits(row_digit)
    small = max(round(MIN_FONT_1080 * u), 8)
    spot_label = round(figure_px * 1.0)
    spot_figure = px_for_digits(spot_digit)
    line = QFontMetrics(_font(small)).height()
    spot_height = (round(12 * u) + QFontMetrics(_font(spot_label, QFont.Weight.Bold)).height() + line
                   + round(spot_figure * 1.12) + line + round(line * 1.35) + round(10 * u))
    return ProjectorMetrics(
        unit=u,
        spot_digit=spot_digit,
        row_digit=row_digit,
        spot_figure_px=spot_figure,
        spot_label_px=spot_label,
        figure_px=figure_px,
        label_px=max(round(figure_px * 0.84), small),
        small_px=small,
        kecamatan_px=px_for_digits(math.ceil(44 * u)),
        row_height=round(figure_px * 1.32),
        header_height=round(line * 2.1),
        title_height=round(QFontMetrics(_font(px_for_digits(math.ceil(44 * u)))).height() * 1.12),
        strip_height=round(line * 1.3),
        spot_height=spot_height,
        footer_height=round(line * 2.5),
        pad=max(4, round(14 * u)),
        outline=max(3, round(6 * u)),
    )


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
        self.spot_background = QColor(theme.spot.background)
        self.spot_foreground = QColor(theme.spot.foreground)
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
            Tone.MISMATCH: (QColor(theme.tones[Tone.MISMATCH].background),
                            QColor(theme.tones[Tone.MISMATCH].foreground)),
        }
        self.status = {s: (QColor(st.background), QColor(st.foreground), st.symbol) for s, st in theme.statuses.items()}
        self.pause_background = QColor(theme.pause_background)
        self.pause_accent = QColor(theme.pause_accent)
        self.marks = {k: QColor(v) for k, v in theme.marks.items()}
        self.generation += 1

    def tone_background(self, tone: Tone) -> QBrush | None:
        """The brush of a tone, None where the row's own background (plain or striped) shows."""
        return self._bg[tone]

    def tone_foreground(self, tone: Tone) -> QBrush:
        return self._fg[tone]

    # -------------------------------------------------------------------------------------------------- sizes
    generation = 0  # bumped by set_metrics / set_theme: caches keyed on sizes or colours compare it

    def set_metrics(self, metrics: ProjectorMetrics) -> None:
        self.metrics = m = metrics
        self.generation += 1
        self.figure_font = _font(m.figure_px, QFont.Weight.DemiBold, tabular=True)
        self.figure_bold = _font(m.figure_px, QFont.Weight.Bold, tabular=True)
        self.provisional_font = _font(m.figure_px, QFont.Weight.Normal, tabular=True)
        self.provisional_font.setItalic(True)
        self.label_font = _font(m.label_px, QFont.Weight.Medium)
        self.header_band_font = _font(m.label_px, QFont.Weight.Bold)
        self.small_font = _font(m.small_px, QFont.Weight.Medium, tabular=True)
        self.small_bold = _font(m.small_px, QFont.Weight.Bold, tabular=True)
        self.small_italic = _font(m.small_px, QFont.Weight.Medium, tabular=True)
        self.small_italic.setItalic(True)
        self.column_header_font = _font(m.small_px, QFont.Weight.Bold)
        self.heading_font = _font(m.small_px, QFont.Weight.DemiBold)
        self.kecamatan_font = _font(m.kecamatan_px, QFont.Weight.Black)
        self.badge_font = _font(m.small_px, QFont.Weight.Black)
        self.mark_font = _font(round(m.figure_px * 0.62), QFont.Weight.Black)
        self.spot_figure_font = _font(m.spot_figure_px, QFont.Weight.Bold, tabular=True)
        self.spot_provisional_font = _font(m.spot_figure_px, QFont.Weight.Normal, tabular=True)
        self.spot_provisional_font.setItalic(True)
        self.spot_label_font = _font(m.spot_label_px, QFont.Weight.Bold)
        self.spot_badge_font = _font(round(m.small_px * 1.2), QFont.Weight.Black)
        self.figure_metrics = QFontMetrics(self.figure_font)
        self.small_metrics = QFontMetrics(self.small_font)

    def font_for(self, tone: Tone, *, small: bool = False) -> QFont:
        if small:
            return self.small_italic if tone in (Tone.PARTIAL, Tone.PROVISIONAL) else self.small_font
        if tone in (Tone.PARTIAL, Tone.PROVISIONAL):
            return self.provisional_font
        if tone in (Tone.MISMATCH, Tone.ERROR):
            return self.figure_bold
        return self.figure_font
