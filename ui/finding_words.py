"""A finding said in words the room understands: "V.C ≠ V.A + V.B: selisih 7", never a bare "R4".

Each finding gets three forms, longest first, so that a view takes the longest that fits:

- ``long``  — with the lines' short names: "Suara sah + tidak sah ≠ Suara sah + Suara tidak sah: selisih 7";
- ``medium`` — with the form codes: "V.C ≠ V.A + V.B: selisih 7";
- ``short`` — the size only: "selisih 7" / "lebih 12".

The relation comes from the rule's check (:mod:`rekap_desktop.rules`): ≠ for an equality that does not hold, > for
a bound exceeded; sums of many lines are named by what they are ("jumlah suara partai"). ``symbol`` is ✕ for an
error, ! for a warning, ≠ for manual ≠ Sirekap (colour-blind safe, and readable in a black-and-white photo).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rekap_desktop.ballot import Ballot
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.numbers import format_delta, format_number
from rekap_desktop.rules import RULES_BY_ID, Check, Finding, Relation, Severity, expand_checks
from rekap_desktop.sheet import SIREKAP_MISMATCH
from ui.line_names import line_names

ERROR_SYMBOL, WARNING_SYMBOL, MISMATCH_SYMBOL = "✕", "!", "≠"
MANY_TERMS = 3  # sums of more lines than this are named by what they are, not listed


@dataclass(frozen=True, slots=True)
class FindingWords:
    symbol: str
    long: str
    medium: str
    short: str
    error: bool  # severity galat (the others are warnings and Sirekap differences)

    def variants(self) -> tuple[str, str, str]:
        """The three forms with the symbol, longest first ("✕ V.C ≠ V.A + V.B: selisih 7", …)."""
        return (f"{self.symbol} {self.long}", f"{self.symbol} {self.medium}", f"{self.symbol} {self.short}")


_CHECKS: dict[int, tuple[LineCatalogue, dict[tuple[str, str, tuple[str, ...]], Check]]] = {}


def _check_of(finding: Finding, catalogue: LineCatalogue) -> Check | None:
    cached = _CHECKS.get(id(catalogue))
    if cached is None or cached[0] is not catalogue:
        if len(_CHECKS) > 64:
            _CHECKS.clear()
        table = {(c.rule, c.target, c.lines): c for c in expand_checks(catalogue)}
        cached = _CHECKS[id(catalogue)] = (catalogue, table)
    return cached[1].get((finding.rule, finding.line, finding.lines))


def _group_words(rule: str, catalogue: LineCatalogue) -> str:
    ballot = catalogue.contest.ballot
    if rule == "R12":
        return "jumlah suara partai"
    if rule == "R11":
        return "suara partai + calon"
    if rule == "R3":
        return "jumlah suara paslon" if ballot is Ballot.PPWP else "jumlah suara calon"
    return "jumlahnya"


def _terms(lines: Sequence[str], catalogue: LineCatalogue, rule: str, *, codes: bool) -> str:
    if len(lines) > MANY_TERMS:
        return _group_words(rule, catalogue)
    if not codes and len(lines) > 1 and all(line.startswith("IV.") for line in lines):
        return _group_words(rule, catalogue)  # paslon and candidate names are too long to add up in words
    if codes:
        return " + ".join(lines)
    names = line_names(catalogue)
    return " + ".join(names.text(line) if line in catalogue else line for line in lines)


def words_for(finding: Finding, catalogue: LineCatalogue) -> FindingWords:
    """The words of ``finding`` on a sheet of ``catalogue`` (any rule, also one added later to the catalogue)."""
    error = finding.severity is Severity.ERROR
    symbol = ERROR_SYMBOL if error else WARNING_SYMBOL
    lhs_value, rhs_value = finding.lhs_value, finding.rhs_value
    diff = lhs_value - rhs_value if lhs_value is not None and rhs_value is not None else None
    size = f"selisih {format_delta(diff)}" if diff is not None else ""
    if finding.rule == SIREKAP_MISMATCH:
        text = f"beda dengan Sirekap: {size}" if size else "beda dengan Sirekap"
        return FindingWords(MISMATCH_SYMBOL, text, text, size or "beda Sirekap", False)
    check = _check_of(finding, catalogue)
    if check is None:  # a cross-contest finding (R15) or a rule the catalogue does not expand here
        spec = RULES_BY_ID.get(finding.rule)
        title = spec.title if spec is not None else finding.message
        long = f"{title}: {size}" if size else title
        return FindingWords(symbol, long, long, size or title, error)
    over = f"lebih {format_number(abs(diff))}" if diff is not None else ""
    if check.relation is Relation.EQ:
        sign, amount = "≠", size
    elif check.relation is Relation.LE:
        sign, amount = ">", over
    elif check.relation is Relation.CADANGAN:  # rhs_value is the edge of the band crossed (rules.evaluate)
        below = diff is not None and diff < 0
        edge = "< DPT" if below else "> DPT + cadangan 2%"
        amount = (f"kurang {format_number(-diff)}" if below else over) if diff is not None else ""
        medium = f"{check.lhs[0]} {edge}"
        long = f"{_terms(check.lhs, catalogue, check.rule, codes=False)} {edge}"
        if amount:
            long, medium = f"{long}: {amount}", f"{medium}: {amount}"
        return FindingWords(symbol, long, medium, amount or edge, error)
    else:  # Relation.PER_TPS_CAP
        medium = f"{check.lhs[0]} > 300 × TPS"
        long = f"{_terms(check.lhs, catalogue, check.rule, codes=False)} > 300 pemilih × TPS"
        return FindingWords(symbol, f"{long}: {over}", f"{medium}: {over}", over, error)
    long = (f"{_terms(check.lhs, catalogue, check.rule, codes=False)} {sign} "
            f"{_terms(check.rhs, catalogue, check.rule, codes=False)}")
    medium = (f"{_terms(check.lhs, catalogue, check.rule, codes=True)} {sign} "
              f"{_terms(check.rhs, catalogue, check.rule, codes=True)}")
    if amount:
        long, medium = f"{long}: {amount}", f"{medium}: {amount}"
    return FindingWords(symbol, long, medium, amount or sign, error)


def worst_first(findings: Sequence[Finding]) -> list[Finding]:
    """Errors, then warnings, then Sirekap differences; by rule id within each (stable for tests)."""
    def key(f: Finding) -> tuple[int, str]:
        if f.rule == SIREKAP_MISMATCH:
            return 2, f.rule
        return (0 if f.severity is Severity.ERROR else 1), f.rule

    return sorted(findings, key=key)
