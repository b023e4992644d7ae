"""What the spotlight says about the line being read: :class:`Spot`, built by :func:`build_spot` (issue 12 item 1).

A :class:`Spot` holds the line's short name and party, its three figures — Manual (D.HASIL KECAMATAN), Sirekap
(pembanding) and the difference — each with its tone and a caption in words ("hasil resmi", "sebagian: 7/9 TPS",
"manual lebih besar"), the JUMLAH so far, every finding of the cell in words and the marks with their notes. The
figures are the projector's own cells (:meth:`~ui.projector_model.ProjectorModel.cell`, cached), so the spotlight
and the table never disagree; :class:`~ui.projector_spotlight.Spotlight` paints it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rekap_desktop.cell_marks import Mark
from rekap_desktop.numbers import format_number
from rekap_desktop.rules import JUMLAH
from rekap_desktop.sheet import SIREKAP_MISMATCH, SirekapState
from ui.finding_words import FindingWords, words_for, worst_first
from ui.line_names import line_names
from ui.projector_cells import NO_DATA, NO_DATA_WORDS, UP, ProjectorColumn, coverage_short
from ui.projector_theme import Tone

if TYPE_CHECKING:
    from ui.projector_model import ProjectorModel
    from ui.sheet_model import SheetModel


@dataclass(frozen=True, slots=True)
class SpotFigure:
    """One figure of the spotlight: its text, tone, and a caption under it."""

    text: str
    tone: Tone = Tone.PLAIN
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Spot:
    """Everything the spotlight shows about the line being read."""

    line: str
    label: str
    party: str
    manual: SpotFigure
    sirekap: SpotFigure
    delta: SpotFigure
    jumlah: str  # "JUMLAH s.d. kini: 93.866" ("" when JUMLAH itself is projected)
    findings: tuple[FindingWords, ...]
    marks: tuple[Mark, ...]


def build_spot(model: ProjectorModel, source: SheetModel, row: int, line: str) -> Spot:
    """The spotlight of ``line`` at projector ``row`` of ``model`` (fed by ``source``), in the projected column."""
    sheet = source.sheet
    column = model.column
    name = line_names(sheet.catalogue)[line]
    manual = model.cell(row, ProjectorColumn.MANUAL)
    has_sirekap = sheet.catalogue.get(line).has_sirekap
    fig = sheet.sirekap(line, column)
    state = sheet.sirekap_state(line, column)
    if not has_sirekap:
        sirekap = SpotFigure("", Tone.MUTED, "baris ini tidak ada di Sirekap")
        delta = SpotFigure("", Tone.MUTED)
    else:
        cell = model.cell(row, ProjectorColumn.SIREKAP)
        if fig is None or fig.value is None or state is SirekapState.MISSING:
            tps = sheet.tps_count(column) if column != JUMLAH else None
            caption = f"{NO_DATA_WORDS} (0/{format_number(tps)} TPS)" if tps else NO_DATA_WORDS
            sirekap = SpotFigure(NO_DATA, Tone.MISSING, caption)
        else:
            coverage = coverage_short(fig.tps_with_data, fig.tps_known)
            caption = f"sebagian: {coverage}" if state is SirekapState.PARTIAL else coverage
            sirekap = SpotFigure(cell.text, cell.tone, caption)
        dcell = model.cell(row, ProjectorColumn.DELTA)
        caption = ""
        if dcell.tone is Tone.MISMATCH:
            caption = "manual lebih besar" if dcell.text.startswith(UP) else "manual lebih kecil"
        elif dcell.tone is Tone.PARTIAL:
            caption = "Sirekap belum lengkap: bukan selisih akhir"
        elif dcell.tone is Tone.MATCH:
            caption = "sama"
        delta = SpotFigure(dcell.text, dcell.tone, caption)
    manual_caption = "hasil resmi" if column != JUMLAH else "jumlah semua kecamatan"
    if column == JUMLAH and not sheet.total_complete(line):
        manual_caption = f"sementara: {sheet.filled_count(line)} dari {len(sheet.columns)} kecamatan"
    jumlah = ""
    if column != JUMLAH:
        total = sheet.value(line, JUMLAH)
        if total is not None:
            so_far = "" if sheet.total_complete(line) else \
                f" ({sheet.filled_count(line)} dari {len(sheet.columns)} kecamatan)"
            jumlah = f"JUMLAH s.d. kini: {format_number(total)}{so_far}"
    findings = tuple(words_for(f, sheet.catalogue) for f in worst_first(sheet.findings(line, column))
                     if f.rule != SIREKAP_MISMATCH)
    marks = source.marks(line, column) if column != JUMLAH else ()
    return Spot(line, name.text, name.party,
                SpotFigure(manual.text if manual.text else "belum diisi",
                           manual.tone if manual.text else Tone.MUTED, manual_caption),
                sirekap, delta, jumlah, findings, marks)
