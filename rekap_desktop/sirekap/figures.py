"""The Sirekap figures of a contest as the sheet shows them: per (line, kecamatan) the sum over the TPS whose
counting record has the figure, with coverage, what the missing TPS could still add, the TPS under a re-vote, and
Sirekap's own aggregate figure where one was imported (DESIGN §6; issues 15.1–15.2, 16.2).

Everything is read from the derived tables kept at import time (`sirekap_total`, `sirekap_coverage`;
:mod:`rekap_desktop.sirekap.derived`) and from the reference data — no TPS record is decoded, so opening a contest
costs a few small queries whatever the size of the kabupaten.

**Coverage.** `tps_known` of a kecamatan is the largest of: the TPS listed for it (reference data or Sirekap wilayah
lists) plus TPS that have records without being listed, and its official TPS count. `tps_with_data` of a figure
is the number of TPS whose counting record has it.

**What the missing TPS could add** (`missing_bound`, issue 15.2): every TPS without the figure could add at most
its ballot papers — its DPT plus the 2% spare (:func:`rekap_desktop.sheet.tps_bound`), 306 for a TPS whose DPT is
not known. The true total therefore lies in [Sirekap sum, Sirekap sum + that bound]; the sheet reports a mismatch
when the manual figure lies outside, so partial coverage explains small gaps and never impossible ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from rekap_desktop.contest import Contest
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.models import SirekapAggregateRow, SirekapTotalRow
from rekap_desktop.sheet import MAX_BALLOTS_PER_TPS, Cell, SirekapAggregate, SirekapFigure
from rekap_desktop.sirekap import coverage as derived_coverage
from rekap_desktop.sirekap.json import ADMIN_FIELD_BY_LINE
from rekap_desktop.sirekap.store import chart_line, chart_mapping


@dataclass(frozen=True, slots=True)
class Coverage:
    """What is known about the TPS of one kecamatan for one ballot."""

    known: int
    with_record: int
    """TPS with a counting record."""
    with_admin: int
    with_chart: int
    bound_admin: int
    """What the TPS whose counting record has no administrasi figures (or that have none) can add at most."""
    bound_chart: int
    psu: int
    """TPS under a re-vote or recount (PSU, PSL, …)."""

    def missing_bound(self, admin_line: bool, with_data: int) -> int:
        """What the TPS without one figure can add at most: those without the figure group, plus those whose
        record has the group but not this figure (306 each)."""
        if admin_line:
            return self.bound_admin + max(self.with_admin - with_data, 0) * MAX_BALLOTS_PER_TPS
        return self.bound_chart + max(self.with_chart - with_data, 0) * MAX_BALLOTS_PER_TPS


_NONE = (0,) * len(derived_coverage.COUNTS)


def coverage(conn: Connection, ballot: str, kecamatan: Sequence[tuple[str, int | None]]) -> dict[str, Coverage]:
    """Coverage per kecamatan; `kecamatan`: (code, official TPS count or None). Read from the derived
    `sirekap_coverage` rows (:mod:`rekap_desktop.sirekap.coverage`); the official count is applied here."""
    codes = [code for code, _ in kecamatan]
    if not codes:
        return {}
    rows = derived_coverage.stored(conn, ballot, codes)
    out: dict[str, Coverage] = {}
    for code, official in kecamatan:
        (n_listed, bound_admin, bound_chart, with_record, with_admin, with_chart, psu, unlisted, unlisted_no_admin,
         unlisted_no_chart) = rows.get(code, _NONE)
        seen = n_listed + unlisted
        known = max(seen, official or 0)
        unseen = (known - seen) * MAX_BALLOTS_PER_TPS
        out[code] = Coverage(
            known, with_record, with_admin, with_chart,
            bound_admin + unlisted_no_admin * MAX_BALLOTS_PER_TPS + unseen,
            bound_chart + unlisted_no_chart * MAX_BALLOTS_PER_TPS + unseen,
            psu,
        )
    return out


def _has_rows(c: Coverage) -> bool:
    return c.with_record > 0 or c.with_admin > 0 or c.with_chart > 0


def contest_figures(conn: Connection, contest: Contest) -> dict[Cell, SirekapFigure]:
    """Per (line, kecamatan) of the contest: the Sirekap figure with coverage, bound, PSU count and aggregate.

    In every kecamatan where Sirekap has at least one TPS (a record or a status), every line Sirekap publishes a
    figure for gets an entry (value None when no TPS has it), so that the missing TPS are bounded; a kecamatan
    without any is left out (the sheet bounds it by its TPS count). Sections II and III never get one.
    """
    catalogue = LineCatalogue(contest)
    mapping = chart_mapping(contest)
    ballot = contest.ballot.value
    kecamatan = [(r.code, r.tps_count) for r in contest.kecamatan]
    codes = [code for code, _ in kecamatan]
    cover = coverage(conn, ballot, kecamatan)
    present = {code for code, c in cover.items() if c.with_record or c.psu or _has_rows(c)}
    sums: dict[Cell, tuple[int | None, int, str | None, str | None]] = {}
    line_of: dict[str, str | None] = {}  # figure key → line id of this contest (None: not on its form)
    for kec, key, value, with_data, ts_min, ts_max in conn.execute(
        select(SirekapTotalRow.kecamatan, SirekapTotalRow.key, SirekapTotalRow.value, SirekapTotalRow.tps_with_data,
               SirekapTotalRow.ts_min, SirekapTotalRow.ts_max)
        .where(SirekapTotalRow.ballot == ballot, SirekapTotalRow.kecamatan.in_(codes))
    ):
        if key in line_of:
            line_id = line_of[key]
        else:
            line_id = key if key in ADMIN_FIELD_BY_LINE else chart_line(key, mapping)
            line_id = line_of[key] = line_id if line_id is not None and line_id in catalogue else None
        total, counted = derived_coverage.whole(value), derived_coverage.whole(with_data)
        if line_id is not None and total is not None and counted is not None:  # else raw SQL: verify-audit names it
            sums[(line_id, kec)] = (total, counted, ts_min, ts_max)
    aggregates = aggregate_figures(conn, contest)
    lines = [line for line in catalogue.lines if line.has_sirekap]
    figures: dict[Cell, SirekapFigure] = {}
    for code in codes:
        c = cover.get(code)
        if c is None or code not in present:
            continue
        for line in lines:
            cell = (line.id, code)
            total, with_data, ts_min, ts_max = sums.get(cell, (None, 0, None, None))
            known = max(c.known, with_data)
            bound = c.missing_bound(line.id in ADMIN_FIELD_BY_LINE, with_data)
            figures[cell] = SirekapFigure(total, with_data, known, ts_min, ts_max, bound, c.psu,
                                          aggregates.get(cell))
    return figures


# ------------------------------------------------------------------------------------------------ aggregates
@dataclass(frozen=True, slots=True)
class StoredAggregate:
    """The newest imported aggregate figure of one region and chart key."""

    region: str
    """The kecamatan (or desa) the figure is about."""
    key: str
    value: int
    ts: str | None
    tps: int | None
    source: str
    persen: float | None = None


def newest_aggregates(conn: Connection, ballot: str, regions: Iterable[str]) -> dict[tuple[str, str], StoredAggregate]:
    """Per (region, chart key): the newest aggregate figure imported for it (by `ts`, then import order).

    A region's figure comes from its own file (`…/<region>.json`: its `chart`, and in `progres` the TPS it
    covers) or from its parent's file (`table[<region>]`, which says only `persen`, the share of TPS covered).
    """
    wanted = set(regions)
    parents = {code[:4] if len(code) == 6 else code[:6] for code in wanted}
    rows = conn.execute(
        select(SirekapAggregateRow.id, SirekapAggregateRow.region, SirekapAggregateRow.ts, SirekapAggregateRow.chart,
               SirekapAggregateRow.progres_done, SirekapAggregateRow.children, SirekapAggregateRow.source)
        .where(SirekapAggregateRow.ballot == ballot, SirekapAggregateRow.region.in_(sorted(wanted | parents)))
    ).all()
    best: dict[tuple[str, str], tuple[tuple[str, int], StoredAggregate]] = {}

    def offer(order: tuple[str, int], figure: StoredAggregate) -> None:
        key = (figure.region, figure.key)
        held = best.get(key)
        if held is None or order > held[0]:
            best[key] = (order, figure)

    for row_id, region, ts, chart_text, done, children_text, source in rows:
        order = (ts or "", int(row_id))
        if region in wanted:
            for key, value in json.loads(chart_text).items():
                offer(order, StoredAggregate(region, key, int(value), ts, done, source))
        for child, data in json.loads(children_text).items():
            if child not in wanted or not isinstance(data, dict):
                continue
            raw_persen = data.get("persen")
            persen = float(raw_persen) if isinstance(raw_persen, int | float) else None
            for key, value in (data.get("chart") or {}).items():
                offer(order, StoredAggregate(child, key, int(value), ts, None, source, persen))
    return {key: figure for key, (_order, figure) in best.items()}


def aggregate_figures(conn: Connection, contest: Contest) -> dict[Cell, SirekapAggregate]:
    """Sirekap's aggregate figure per (line, kecamatan) of the contest, where one was imported."""
    mapping = chart_mapping(contest)
    catalogue = LineCatalogue(contest)
    out: dict[Cell, SirekapAggregate] = {}
    for (region, key), figure in newest_aggregates(conn, contest.ballot.value, contest.kecamatan_codes).items():
        line_id = chart_line(key, mapping)
        if line_id is None or line_id not in catalogue:
            continue
        out[(line_id, region)] = SirekapAggregate(figure.value, figure.ts, figure.tps, figure.source, figure.persen)
    return out
