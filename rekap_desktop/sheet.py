"""RecapSheet: the figures of one contest in memory, with derived JUMLAH and live findings.

Manual figures (as read out by the PPK) are held per (line, kecamatan); the JUMLAH column is derived.
Sirekap figures are held per (line, kecamatan) with their coverage (the Sirekap side and its comparison with the
manual figure: :mod:`rekap_desktop.sheet_sirekap`). Every edit re-evaluates only the checks that read the edited
line, in the edited column and in JUMLAH, and returns a :class:`ChangeSet` naming exactly the cells whose value,
total, Sirekap comparison or findings changed (DESIGN §4).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from rekap_desktop.contest import Contest
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.numbers import format_number
from rekap_desktop.rules import (
    JUMLAH,
    RULES,
    Check,
    Finding,
    RuleSpec,
    Severity,
    evaluate,
    expand_checks,
    make_finding,
)
from rekap_desktop.sheet_sirekap import (
    MAX_BALLOTS_PER_TPS,
    SIREKAP_MISMATCH,
    SirekapAggregate,
    SirekapFigure,
    SirekapSide,
    SirekapState,
    tps_bound,
)

__all__ = [
    "MAX_BALLOTS_PER_TPS",
    "SIREKAP_MISMATCH",
    "BlockedCheck",
    "Cell",
    "ChangeSet",
    "MissingCell",
    "RecapSheet",
    "SirekapAggregate",
    "SirekapFigure",
    "SirekapState",
    "tps_bound",
]

Cell = tuple[str, str]  # (line id, column: kecamatan code or JUMLAH)


@dataclass(frozen=True, slots=True)
class BlockedCheck:
    """A rule that cannot be checked because a cell it reads is empty, with what the filled cells say."""

    rule: str
    text: str
    """The relation, e.g. `V.A = IV.1 + IV.2 + IV.3`."""
    lhs_value: int | None
    """Σ of the filled cells of the left side (None when none is filled)."""
    rhs_value: int | None


@dataclass(frozen=True, slots=True)
class MissingCell:
    """An empty cell in a kecamatan column that has other figures: the form was not read (or typed) whole."""

    line: str
    column: str
    blocked: tuple[BlockedCheck, ...]

    @property
    def message(self) -> str:
        """Indonesian: the empty line and every rule it keeps from being checked (recap-domain.md §3)."""
        if not self.blocked:
            return f"Baris {self.line} kosong, padahal kolom kecamatan ini sudah berisi angka lain"
        parts = []
        for b in self.blocked:
            known = []
            if b.lhs_value is not None:
                known.append(f"sisi kiri {format_number(b.lhs_value)}")
            if b.rhs_value is not None:
                known.append(f"dari baris yang terisi {format_number(b.rhs_value)}")
            parts.append(f"{b.rule} ({b.text})" + (f": {', '.join(known)}" if known else ""))
        return f"Baris {self.line} kosong: aturan yang tidak dapat diperiksa — " + "; ".join(parts)


@dataclass(slots=True)
class ChangeSet:
    """Cells whose displayed state changed, plus whether the findings list as a whole changed."""

    cells: set[Cell] = field(default_factory=set)
    findings_changed: bool = False

    def __bool__(self) -> bool:
        return bool(self.cells)

    def merge(self, other: ChangeSet) -> None:
        self.cells |= other.cells
        self.findings_changed = self.findings_changed or other.findings_changed


class RecapSheet(SirekapSide):
    def __init__(
        self,
        contest: Contest,
        *,
        rules: Iterable[RuleSpec] = RULES,
        tolerance: int = 0,
        tps_counts: Mapping[str, int] | None = None,
    ) -> None:
        if tolerance < 0:
            raise ValueError("toleransi tidak boleh negatif")
        self.contest = contest
        self.catalogue = LineCatalogue(contest)
        self.columns: tuple[str, ...] = contest.kecamatan_codes
        self.tolerance = tolerance
        self._tps_counts: dict[str, int] = dict(tps_counts or {})
        for r in contest.kecamatan:
            if r.code not in self._tps_counts and r.tps_count is not None:
                self._tps_counts[r.code] = r.tps_count
        self.checks: tuple[Check, ...] = expand_checks(self.catalogue, rules)
        self._checks_by_line: dict[str, list[int]] = {}
        for i, check in enumerate(self.checks):
            for line in set(check.lines):
                self._checks_by_line.setdefault(line, []).append(i)
        self._manual: dict[Cell, int] = {}
        self._total: dict[str, int] = {}
        self._filled: dict[str, int] = {}
        self._sirekap: dict[Cell, SirekapFigure] = {}
        self._sirekap_total: dict[str, SirekapFigure] = {}
        self._rule_results: dict[tuple[int, str], Finding] = {}
        self._cell_findings: dict[Cell, dict[object, Finding]] = {}

    # ----------------------------------------------------------------- reading
    @property
    def tps_counts(self) -> Mapping[str, int]:
        return self._tps_counts

    def tps_count(self, column: str) -> int | None:
        if column == JUMLAH:
            return sum(self._tps_counts.values()) if len(self._tps_counts) == len(self.columns) else None
        return self._tps_counts.get(column)

    def value(self, line: str, column: str) -> int | None:
        """Manual figure, or for JUMLAH the sum over the kecamatan filled so far (None when none is)."""
        if column == JUMLAH:
            return self._total.get(line) if self._filled.get(line) else None
        return self._manual.get((line, column))

    def total_complete(self, line: str) -> bool:
        """True when every kecamatan of the contest has a figure for ``line``."""
        return self._filled.get(line, 0) == len(self.columns)

    def filled_count(self, line: str) -> int:
        return self._filled.get(line, 0)

    def column_filled(self, column: str) -> int:
        """How many lines of a kecamatan column have a figure."""
        return sum(1 for line in self.catalogue.lines if (line.id, column) in self._manual)

    def manual_items(self) -> Iterator[tuple[Cell, int]]:
        return iter(self._manual.items())

    def findings(self, line: str, column: str) -> tuple[Finding, ...]:
        found = self._cell_findings.get((line, column))
        return tuple(found.values()) if found else ()

    def worst_severity(self, line: str, column: str) -> Severity | None:
        found = self._cell_findings.get((line, column))
        if not found:
            return None
        rule_findings = [f for f in found.values() if f.rule != SIREKAP_MISMATCH]
        if any(f.severity is Severity.ERROR for f in rule_findings):
            return Severity.ERROR
        return Severity.WARNING

    def all_findings(self) -> list[Finding]:
        """All findings, in form order: by line, then kecamatan order, JUMLAH last."""
        order = {c: i for i, c in enumerate((*self.columns, JUMLAH))}
        result = [f for found in self._cell_findings.values() for f in found.values()]
        result.sort(key=lambda f: (self.catalogue.position(f.line), order[f.column], f.rule))
        return result

    def counts(self) -> dict[str, int]:
        """Numbers for a status bar: errors, warnings, mismatches."""
        out = {"error": 0, "warning": 0, "mismatch": 0}
        for found in self._cell_findings.values():
            for f in found.values():
                if f.rule == SIREKAP_MISMATCH:
                    out["mismatch"] += 1
                else:
                    out[f.severity.value] += 1
        return out

    def missing_cells(self) -> list[MissingCell]:
        """Empty cells of the kecamatan columns that already hold figures, in form order, each with the rules it
        blocks: a rule with an empty cell is not judged (an empty cell is not zero), so without this list a missing
        line would pass silently (issue 15.1)."""
        out: list[MissingCell] = []
        for column in self.columns:
            if not any((line.id, column) in self._manual for line in self.catalogue.lines):
                continue
            for line in self.catalogue.lines:
                if (line.id, column) in self._manual:
                    continue
                blocked = tuple(self._blocked(self.checks[i], column) for i in self._checks_by_line.get(line.id, ()))
                out.append(MissingCell(line.id, column, blocked))
        return out

    def _blocked(self, check: Check, column: str) -> BlockedCheck:
        def filled(lines: tuple[str, ...]) -> int | None:
            values = [self._manual[(line, column)] for line in lines if (line, column) in self._manual]
            return sum(values) if values else None

        text = f"{' + '.join(check.lhs)} {check.relation.value}"
        if check.rhs:
            text += " " + " + ".join(check.rhs)
        return BlockedCheck(check.rule, text, filled(check.lhs), filled(check.rhs))

    # ----------------------------------------------------------------- writing
    def check_cell(self, line: str, column: str) -> None:
        """Raise KeyError/ValueError (Indonesian) when (line, column) is not an enterable cell."""
        self.catalogue.get(line)
        if column == JUMLAH:
            raise ValueError("kolom JUMLAH dihitung otomatis dan tidak dapat diisi")
        if not self.contest.has_kecamatan(column):
            raise KeyError(f"kecamatan {column} tidak termasuk {self.contest.title}")

    def set_manual(self, line: str, column: str, value: int | None) -> ChangeSet:
        """Set (or clear, with None) one manual figure; returns the cells whose display changed."""
        self.check_cell(line, column)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise ValueError(f"angka harus bilangan bulat tidak negatif: {value!r}")
        cell = (line, column)
        old = self._manual.get(cell)
        changes = ChangeSet()
        if old == value:
            return changes
        if value is None:
            del self._manual[cell]
        else:
            self._manual[cell] = value
        self._total[line] = self._total.get(line, 0) - (old or 0) + (value or 0)
        self._filled[line] = self._filled.get(line, 0) + (value is not None) - (old is not None)
        changes.cells.add(cell)
        changes.cells.add((line, JUMLAH))
        self._reevaluate(line, column, changes)
        return changes

    def load_manual(self, values: Iterable[tuple[str, str, int]]) -> None:
        """Bulk load (opening a database): set figures without per-cell bookkeeping, then evaluate all.
        Raises KeyError/ValueError (Indonesian) on a cell that cannot be entered or a cell given twice."""
        manual, total, filled = self._manual, self._total, self._filled
        catalogue, has_kecamatan = self.catalogue, self.contest.has_kecamatan
        for line, column, value in values:
            if line not in catalogue or not has_kecamatan(column):
                self.check_cell(line, column)  # raises with the reason
            cell = (line, column)
            if cell in manual:
                raise ValueError(f"isian ganda untuk {line} / {column}")
            manual[cell] = value
            total[line] = total.get(line, 0) + value
            filled[line] = filled.get(line, 0) + 1
        self._evaluate_all()

    def set_sirekap(self, figures: Mapping[Cell, SirekapFigure]) -> ChangeSet:
        """Replace the Sirekap figures of the given cells; JUMLAH Sirekap totals are re-derived."""
        changes = ChangeSet()
        touched_lines: set[str] = set()
        checked: set[str] = set()
        for (line, column), fig in figures.items():
            if line not in checked or column == JUMLAH or not self.contest.has_kecamatan(column):
                self.check_cell(line, column)  # once per line (and every column is a kecamatan of the contest)
                checked.add(line)
            if self._sirekap.get((line, column)) != fig:
                self._sirekap[(line, column)] = fig
                touched_lines.add(line)
                changes.cells.add((line, column))
        for line in touched_lines:
            self._sirekap_total[line] = self._sum_sirekap(line)
            changes.cells.add((line, JUMLAH))
            for column in (*self.columns, JUMLAH):
                self._update_mismatch(line, column, changes)
        return changes

    def replace_sirekap(self, figures: Mapping[Cell, SirekapFigure]) -> ChangeSet:
        """Set the complete Sirekap picture: cells absent from ``figures`` become missing."""
        changes = ChangeSet()
        stale = [cell for cell in self._sirekap if cell not in figures]
        for cell in stale:
            del self._sirekap[cell]
            changes.cells.add(cell)
        lines_stale = {line for line, _ in stale}
        changes.merge(self.set_sirekap(figures))
        for line in lines_stale:
            self._sirekap_total[line] = self._sum_sirekap(line)
            changes.cells.add((line, JUMLAH))
            for column in (*self.columns, JUMLAH):
                self._update_mismatch(line, column, changes)
        return changes

    # ----------------------------------------------------------------- internals
    def _column_values(self, column: str, lines: Iterable[str]) -> dict[str, int | None]:
        if column == JUMLAH:
            return {line: (self._total.get(line) if self.total_complete(line) else None) for line in lines}
        return {line: self._manual.get((line, column)) for line in lines}

    def _run_check(self, index: int, column: str, changes: ChangeSet | None) -> None:
        check = self.checks[index]
        values = self._column_values(column, check.lines)
        broken = evaluate(check, values, self.tps_count(column))
        key = (index, column)
        new = make_finding(check, column, *broken) if broken else None
        old = self._rule_results.get(key)
        if new == old:
            return
        cell = (check.target, column)
        if new is None:
            del self._rule_results[key]
            found = self._cell_findings[cell]
            del found[index]
            if not found:
                del self._cell_findings[cell]
        else:
            self._rule_results[key] = new
            self._cell_findings.setdefault(cell, {})[index] = new
        if changes is not None:
            changes.cells.add(cell)
            changes.findings_changed = True

    def _reevaluate(self, line: str, column: str, changes: ChangeSet) -> None:
        for index in self._checks_by_line.get(line, ()):
            self._run_check(index, column, changes)
            self._run_check(index, JUMLAH, changes)
        self._update_mismatch(line, column, changes)
        self._update_mismatch(line, JUMLAH, changes)

    def _evaluate_all(self) -> None:
        self._rule_results.clear()
        self._cell_findings.clear()
        for index in range(len(self.checks)):
            for column in (*self.columns, JUMLAH):
                self._run_check(index, column, None)
        # a mismatch needs a Sirekap figure: only the lines that have one (none yet when a sheet is being opened)
        for line_id in {line for line, _column in self._sirekap}:
            for column in (*self.columns, JUMLAH):
                self._update_mismatch(line_id, column, None)


