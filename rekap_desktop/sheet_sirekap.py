"""The Sirekap side of the sheet: Sirekap's figure of each cell — the sum of the current TPS records of the
kecamatan, with its coverage —, the JUMLAH column's figure summed from them, and how the manual figure compares
(:class:`SirekapState`, within the contest's tolerance).

With partial coverage the true total lies in a range: the TPS without a figure can add at most their ballot papers,
DPT + 2% cadangan, 306 for a TPS whose DPT is unknown (:func:`tps_bound`; PKPU: at most 300 voters per TPS;
recap-domain.md R17). A manual figure outside it, or different from a complete figure, is a mismatch: a warning
finding of the cell (``SIREKAP_MISMATCH``) kept beside the rule findings.

:class:`SirekapSide` is a part of :class:`rekap_desktop.sheet.RecapSheet`, which holds the figures and their writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from rekap_desktop.lines import LineCatalogue
from rekap_desktop.numbers import format_delta, format_number
from rekap_desktop.rules import JUMLAH, Finding, Severity

if TYPE_CHECKING:
    from rekap_desktop.sheet import Cell, ChangeSet

SIREKAP_MISMATCH = "SIREKAP_MISMATCH"


class SirekapState(StrEnum):
    NO_SOURCE = "no_source"  # Sirekap publishes nothing for this line (II, III, legislative candidates)
    MISSING = "missing"  # no TPS of the column has a figure
    PARTIAL = "partial"  # some TPS have figures: the manual figure lies where the missing TPS can bring the sum
    AWAITING = "awaiting"  # complete Sirekap figure, manual not entered yet
    MATCH = "match"
    MISMATCH = "mismatch"  # differs from a complete figure, or lies outside what partial coverage can explain


MAX_BALLOTS_PER_TPS = 306
"""The most one TPS can add to any figure: 300 voters on its DPT + 2% spare ballots (C.HASIL II.1)."""


def tps_bound(dpt: int | None) -> int:
    """What one TPS can add to a figure at most: its ballot papers, DPT + 2% cadangan (rounded up); 306 when its
    DPT is unknown (PKPU: at most 300 voters per TPS; recap-domain.md R17)."""
    if dpt is None:
        return MAX_BALLOTS_PER_TPS
    return dpt + -(-dpt * 2 // 100)


@dataclass(frozen=True, slots=True)
class SirekapAggregate:
    """Sirekap's own aggregate figure for a column (an aggregate file of the kabupaten or kecamatan), to be shown
    beside the sum of the TPS records: the two disagree when Sirekap is inconsistent."""

    value: int
    ts: str | None
    tps: int | None
    """TPS the aggregate covers (a region's own file says so in `progres`), None when it does not say."""
    source: str
    persen: float | None = None
    """The share of TPS the aggregate says it covers (%), when it says so."""


@dataclass(frozen=True, slots=True)
class SirekapFigure:
    """Sum of the current Sirekap TPS records of one column for one line, with coverage.

    `missing_bound`: what the TPS without this figure could add at most (their DPT + 2% spare ballots, 306 for
    a TPS whose DPT is unknown); None when not computed. `tps_psu`: TPS of the column under a re-vote or recount
    (PSU, PSL, …; counted in `tps_known`; their superseded figures are not in `value`).
    """

    value: int | None
    tps_with_data: int
    tps_known: int
    ts_min: str | None = None
    ts_max: str | None = None
    missing_bound: int | None = None
    tps_psu: int = 0
    aggregate: SirekapAggregate | None = None

    @property
    def complete(self) -> bool:
        return self.value is not None and self.tps_known > 0 and self.tps_with_data >= self.tps_known

    @property
    def coverage_text(self) -> str:
        """`239 dari 240 TPS` (and `, 1 PSU` when TPS of the column are under a re-vote or recount)."""
        text = f"{format_number(self.tps_with_data)} dari {format_number(self.tps_known)} TPS"
        return f"{text}, {format_number(self.tps_psu)} PSU" if self.tps_psu else text

    @property
    def coverage_ratio(self) -> float:
        return self.tps_with_data / self.tps_known if self.tps_known else 0.0

    @property
    def range(self) -> tuple[int, int] | None:
        """[sum, sum + what the missing TPS can add]: where the true total lies; None when not bounded."""
        if self.value is None or self.missing_bound is None:
            return None
        return (self.value, self.value + (0 if self.complete else self.missing_bound))


class SirekapSide:
    """The Sirekap part of the sheet (see the module docstring)."""

    catalogue: LineCatalogue
    columns: tuple[str, ...]
    tolerance: int
    _tps_counts: dict[str, int]
    _sirekap: dict[Cell, SirekapFigure]
    _sirekap_total: dict[str, SirekapFigure]
    _cell_findings: dict[Cell, dict[object, Finding]]

    # provided by RecapSheet
    def value(self, line: str, column: str) -> int | None:
        raise NotImplementedError

    def total_complete(self, line: str) -> bool:
        raise NotImplementedError

    # ----------------------------------------------------------------- reading
    def sirekap(self, line: str, column: str) -> SirekapFigure | None:
        if column == JUMLAH:
            return self._sirekap_total.get(line)
        return self._sirekap.get((line, column))

    def sirekap_state(self, line: str, column: str) -> SirekapState:
        if not self.catalogue.get(line).has_sirekap:
            return SirekapState.NO_SOURCE
        fig = self.sirekap(line, column)
        if fig is None or fig.value is None or fig.tps_with_data == 0:
            return SirekapState.MISSING
        manual = self.value(line, column)
        if manual is not None and column == JUMLAH and not self.total_complete(line):
            manual = None
        if not fig.complete:
            bounds = fig.range
            if manual is None or bounds is None:
                return SirekapState.PARTIAL
            low, high = bounds
            inside = low - self.tolerance <= manual <= high + self.tolerance
            return SirekapState.PARTIAL if inside else SirekapState.MISMATCH
        if manual is None:
            return SirekapState.AWAITING
        return SirekapState.MATCH if abs(manual - fig.value) <= self.tolerance else SirekapState.MISMATCH

    def sirekap_aggregate(self, line: str, column: str) -> SirekapAggregate | None:
        """Sirekap's own aggregate figure for the cell (to show beside the TPS sum), when one was imported."""
        fig = self.sirekap(line, column)
        return fig.aggregate if fig is not None else None

    def delta(self, line: str, column: str) -> int | None:
        """Manual − Sirekap, when both exist (also for partial coverage: the UI greys it)."""
        manual = self.value(line, column)
        fig = self.sirekap(line, column)
        if manual is None or fig is None or fig.value is None:
            return None
        return manual - fig.value

    # ----------------------------------------------------------------- internals
    def _sum_sirekap(self, line: str) -> SirekapFigure:
        value: int | None = None
        with_data = known = psu = 0
        bound: int | None = 0
        ts_min: str | None = None
        ts_max: str | None = None
        aggregates: list[SirekapAggregate] = []
        for column in self.columns:
            fig = self._sirekap.get((line, column))
            if fig is None:
                count = self._tps_counts.get(column)
                known += count or 0
                bound = None if bound is None or count is None else bound + count * MAX_BALLOTS_PER_TPS
                continue
            known += fig.tps_known
            with_data += fig.tps_with_data
            psu += fig.tps_psu
            if fig.aggregate is not None:
                aggregates.append(fig.aggregate)
            if fig.value is not None:
                value = (value or 0) + fig.value
            if bound is not None:
                if fig.missing_bound is not None:
                    bound += fig.missing_bound
                elif not fig.complete:
                    bound = None
            if fig.ts_min and (ts_min is None or fig.ts_min < ts_min):
                ts_min = fig.ts_min
            if fig.ts_max and (ts_max is None or fig.ts_max > ts_max):
                ts_max = fig.ts_max
        aggregate: SirekapAggregate | None = None
        if aggregates and len(aggregates) == len(self.columns):
            counts = [a.tps for a in aggregates]
            aggregate = SirekapAggregate(
                sum(a.value for a in aggregates), max((a.ts for a in aggregates if a.ts), default=None),
                None if None in counts else sum(c for c in counts if c is not None), "jumlah agregat kecamatan",
            )
        return SirekapFigure(value, with_data, known, ts_min, ts_max, bound, psu, aggregate)

    def _update_mismatch(self, line: str, column: str, changes: ChangeSet | None) -> None:
        cell = (line, column)
        state = self.sirekap_state(line, column)
        found = self._cell_findings.get(cell)
        old = found.get(SIREKAP_MISMATCH) if found else None
        new: Finding | None = None
        if state is SirekapState.MISMATCH:
            manual = self.value(line, column)
            fig = self.sirekap(line, column)
            assert manual is not None and fig is not None and fig.value is not None
            new = Finding(
                SIREKAP_MISMATCH, Severity.WARNING, line, column, _mismatch_text(manual, fig), (line,), manual,
                fig.value,
            )
        if new == old:
            return
        if new is None:
            assert found is not None
            del found[SIREKAP_MISMATCH]
            if not found:
                del self._cell_findings[cell]
        else:
            self._cell_findings.setdefault(cell, {})[SIREKAP_MISMATCH] = new
        if changes is not None:
            changes.cells.add(cell)
            changes.findings_changed = True


def _mismatch_text(manual: int, fig: SirekapFigure) -> str:
    """Why a manual figure and Sirekap disagree; with partial coverage, the range the missing TPS allow."""
    if fig.complete or fig.range is None:
        return (f"Manual {format_number(manual)} ≠ Sirekap {format_number(fig.value)} "
                f"(selisih {format_delta(manual - (fig.value or 0))}; Sirekap {fig.coverage_text})")
    low, high = fig.range
    missing = max(fig.tps_known - fig.tps_with_data, 0)
    if manual < low:
        why = (f"lebih kecil daripada jumlah {format_number(fig.tps_with_data)} TPS Sirekap saja "
               f"({format_number(low)}; selisih {format_delta(manual - low)})")
    else:
        why = (f"melebihi yang mungkin: Sirekap {format_number(low)} ditambah paling banyak "
               f"{format_number(high - low)} dari {format_number(missing)} TPS yang belum masuk = "
               f"{format_number(high)} (lebih {format_number(manual - high)})")
    return f"Manual {format_number(manual)} {why}; Sirekap {fig.coverage_text}"
