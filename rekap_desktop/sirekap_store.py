"""Sirekap figures as stored: the current TPS record per (ballot, TPS), aggregated per kecamatan with coverage."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.models import RegionRow, SirekapRecordRow
from rekap_desktop.region import Level
from rekap_desktop.sheet import Cell, SirekapFigure


@dataclass(frozen=True, slots=True)
class CurrentRecord:
    id: int
    ballot: str
    tps: str
    ts: str | None
    admin: dict[str, int]
    chart: dict[str, int]
    images: list[str | None]
    has_admin: bool
    has_chart: bool
    source: str


def chart_mapping(contest: Contest) -> dict[str, str]:
    """Sirekap chart key → line id for a contest ("line:<id>" keys from tabular files pass straight through)."""
    if contest.ballot is Ballot.PPWP:
        return {p.sirekap_id: f"IV.{p.number}" for p in contest.paslon}
    if contest.ballot is Ballot.PDPD:
        return {c.sirekap_id: f"IV.{c.number}" for c in contest.dpd_candidates if c.sirekap_id}
    mapping: dict[str, str] = {}
    for block in contest.parties:
        n = block.party.number
        mapping[f"{n}.T"] = f"IV.{n}.T"
        mapping[f"{n}.0"] = f"IV.{n}.0"
    return mapping


def record_lines(record: CurrentRecord, mapping: dict[str, str], catalogue: LineCatalogue) -> dict[str, int]:
    """All line figures of one TPS record for a contest: administrasi plus chart mapped to section IV."""
    lines = {line: v for line, v in record.admin.items() if line in catalogue}
    for key, value in record.chart.items():
        line = key[5:] if key.startswith("line:") else mapping.get(key, "")
        if line and line in catalogue:
            lines[line] = value
    return lines


def current_records(conn: Connection, ballot: str, prefix: str = "") -> Iterator[CurrentRecord]:
    """The newest record per TPS (by ts, then by import order) of a ballot, TPS codes starting with prefix."""
    stmt = select(SirekapRecordRow).where(SirekapRecordRow.ballot == ballot)
    if prefix:
        stmt = stmt.where(SirekapRecordRow.tps.startswith(prefix))
    stmt = stmt.order_by(SirekapRecordRow.tps, func.coalesce(SirekapRecordRow.ts, ""), SirekapRecordRow.id)
    last: SirekapRecordRow | None = None
    for row in Session(conn).scalars(stmt):
        if last is not None and last.tps != row.tps:
            yield _current(last)
        last = row
    if last is not None:
        yield _current(last)


def _current(row: SirekapRecordRow) -> CurrentRecord:
    return CurrentRecord(
        row.id,
        row.ballot,
        row.tps,
        row.ts,
        json.loads(row.admin),
        json.loads(row.chart),
        json.loads(row.images),
        row.has_admin,
        row.has_chart,
        row.source,
    )


def tps_known(conn: Connection, contest: Contest) -> dict[str, int]:
    """TPS known per kecamatan: from the TPS list when loaded, else the official count of the kecamatan."""
    counts: dict[str, int] = {}
    for kec in contest.kecamatan:
        n = conn.execute(
            select(func.count())
            .select_from(RegionRow)
            .where(RegionRow.level == int(Level.TPS), RegionRow.code.startswith(kec.code))
        ).scalar_one()
        counts[kec.code] = int(n) or (kec.tps_count or 0)
    return counts


def sirekap_figures(conn: Connection, contest: Contest) -> dict[Cell, SirekapFigure]:
    """Per (line, kecamatan): the sum over the TPS that have the figure, with coverage and ts range."""
    catalogue = LineCatalogue(contest)
    mapping = chart_mapping(contest)
    known = tps_known(conn, contest)
    sums: dict[Cell, list[int | str | None]] = {}  # [value, tps_with_data, ts_min, ts_max]
    prefix = contest.kecamatan[0].code[:4] if contest.kecamatan else ""
    for record in current_records(conn, contest.ballot.value, prefix):
        kec = record.tps[:6]
        if not contest.has_kecamatan(kec):
            continue
        for line, value in record_lines(record, mapping, catalogue).items():
            acc = sums.get((line, kec))
            if acc is None:
                sums[(line, kec)] = [value, 1, record.ts, record.ts]
                continue
            acc[0] = int(acc[0] or 0) + value
            acc[1] = int(acc[1] or 0) + 1
            if record.ts and (acc[2] is None or record.ts < str(acc[2])):
                acc[2] = record.ts
            if record.ts and (acc[3] is None or record.ts > str(acc[3])):
                acc[3] = record.ts
    figures: dict[Cell, SirekapFigure] = {}
    for (line, kec), acc in sums.items():
        n = int(acc[1] or 0)
        figures[(line, kec)] = SirekapFigure(
            int(acc[0] or 0),
            n,
            max(known.get(kec, 0), n),
            str(acc[2]) if acc[2] else None,
            str(acc[3]) if acc[3] else None,
        )
    return figures
