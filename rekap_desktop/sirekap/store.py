"""Sirekap figures as stored: the counting (current) TPS record per (ballot, TPS), its history, chart keys → lines,
coverage counts and snapshots (DESIGN §6). The sums per kecamatan the sheet compares with the manual figures are
in :mod:`rekap_desktop.sirekap.figures`.

Which record counts: the newest by `ts`, ties (and records without `ts`, which rank oldest) broken by import
order — among the records of the re-vote when the TPS is under a PSU/PSL (:mod:`rekap_desktop.sirekap.status`).
The choice is kept in the derived table `sirekap_current` (:mod:`rekap_desktop.sirekap.derived`). Older records
stay in the database and are listed by :func:`tps_history`.

Coverage: a figure's `tps_with_data` is the number of TPS whose current record has it; `tps_known` is the number
of TPS the region has, the largest of: the TPS listed for it (reference data or Sirekap wilayah lists), its
official TPS count in the reference data, and the TPS that have a current record at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.models import (
    CandidateRow,
    PaslonRow,
    RegionRow,
    SirekapCurrentRow,
    SirekapRecordRow,
    SirekapSnapshotRow,
)
from rekap_desktop.region import Level
from rekap_desktop.sheet import Cell, SirekapFigure
from rekap_desktop.sirekap.json import LINE_KEY_PREFIX, PPWP_CHART_LINES

_LOADS = json.loads


@dataclass(frozen=True, slots=True)
class CurrentRecord:
    """The current Sirekap record of one TPS for one ballot (figures decoded; photo links on demand)."""

    id: int
    ballot: str
    tps: str
    ts: str | None
    admin: dict[str, int]
    """Line id (I.*, V.*) → value, only the figures present."""
    chart: dict[str, int]
    """Chart key → value (see `sirekap.json`); map with `chart_mapping` / `record_lines`."""
    images_json: str
    has_admin: bool
    has_chart: bool
    source: str

    @property
    def images(self) -> list[str | None]:
        """The record's photo slots as published (a slot can be None)."""
        return list(_LOADS(self.images_json))


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """One stored record of a TPS, with the snapshot it came in; `current` marks the one the sheet uses."""

    id: int
    snapshot_id: int
    imported_at: str
    ts: str | None
    admin: dict[str, int]
    chart: dict[str, int]
    source: str
    file_sha256: str
    current: bool
    psu: str | None = None
    """Sirekap's `psu` field of the record (e.g. "Pemungutan Suara Ulang")."""


# ------------------------------------------------------------------------------------------------ chart keys
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


def ballot_chart_mapping(conn: Connection, ballot: Ballot) -> dict[str, str]:
    """Chart key → line id for a whole ballot from the stored lists, also when no contest exists yet.

    PPWP: the stored paslon, else the Pemilu 2024 ids; DPD: candidates with a Sirekap id; legislative: every
    party number (`"<p>.T"` → `IV.<p>.T`, `"<p>.0"` → `IV.<p>.0`).
    """
    if ballot is Ballot.PPWP:
        stored = {sid: f"IV.{number}" for number, sid in conn.execute(select(PaslonRow.number, PaslonRow.sirekap_id))}
        return stored or dict(PPWP_CHART_LINES)
    if ballot is Ballot.PDPD:
        rows = conn.execute(
            select(CandidateRow.number, CandidateRow.sirekap_id).where(CandidateRow.ballot == Ballot.PDPD.value)
        )
        return {sid: f"IV.{number}" for number, sid in rows if sid}
    mapping: dict[str, str] = {}
    for number in range(1, 25):
        mapping[f"{number}.T"] = f"IV.{number}.T"
        mapping[f"{number}.0"] = f"IV.{number}.0"
    return mapping


def chart_line(key: str, mapping: Mapping[str, str]) -> str | None:
    """The line id of one chart key, or None when the key is not known to the mapping."""
    line = mapping.get(key)
    if line is None and key.startswith(LINE_KEY_PREFIX):
        return key[len(LINE_KEY_PREFIX) :]
    return line


def record_lines(record: CurrentRecord, mapping: Mapping[str, str], catalogue: LineCatalogue) -> dict[str, int]:
    """All line figures of one TPS record for a contest: administrasi plus chart mapped to section IV.

    Only lines of the contest's form are returned; a figure the record does not have is absent (never 0).
    """
    lines = {line: v for line, v in record.admin.items() if line in catalogue}
    for key, value in record.chart.items():
        line = chart_line(key, mapping)
        if line is not None and line in catalogue:
            lines[line] = value
    return lines


# ------------------------------------------------------------------------------------------------ records
_CURRENT_COLUMNS = (
    SirekapRecordRow.id,
    SirekapRecordRow.tps,
    SirekapRecordRow.ts,
    SirekapRecordRow.admin,
    SirekapRecordRow.chart,
    SirekapRecordRow.images,
    SirekapRecordRow.has_admin,
    SirekapRecordRow.has_chart,
    SirekapRecordRow.source,
)


def current_records(conn: Connection, ballot: str, prefix: str = "") -> Iterator[CurrentRecord]:
    """The counting record per TPS of a ballot (TPS codes starting with `prefix`), in TPS code order.

    TPS whose re-vote has no figures yet (no record counts) are not listed; :mod:`rekap_desktop.sirekap.tps_list`
    lists every TPS with its status.
    """
    stmt = (
        select(*_CURRENT_COLUMNS)
        .join(SirekapCurrentRow, SirekapCurrentRow.record_id == SirekapRecordRow.id)
        .where(SirekapCurrentRow.ballot == ballot)
    )
    if prefix:
        stmt = stmt.where(SirekapCurrentRow.tps.startswith(prefix, autoescape=True))
    for row in conn.execute(stmt.order_by(SirekapCurrentRow.tps)):
        yield _current(ballot, tuple(row))


def _current(ballot: str, row: tuple) -> CurrentRecord:  # type: ignore[type-arg]
    record_id, tps, ts, admin, chart, images, has_admin, has_chart, source = row
    return CurrentRecord(
        record_id, ballot, tps, ts, _LOADS(admin), _LOADS(chart), images, bool(has_admin), bool(has_chart), source
    )


def tps_history(conn: Connection, ballot: str, tps: str) -> list[StoredRecord]:
    """Every stored record of one TPS, oldest first; `current` marks the one that counts (none may, for a TPS
    whose re-vote has no figures yet)."""
    counting = conn.execute(
        select(SirekapCurrentRow.record_id).where(SirekapCurrentRow.ballot == ballot, SirekapCurrentRow.tps == tps)
    ).scalar_one_or_none()
    rows = conn.execute(
        select(
            SirekapRecordRow.id,
            SirekapRecordRow.snapshot_id,
            SirekapSnapshotRow.imported_at,
            SirekapRecordRow.ts,
            SirekapRecordRow.admin,
            SirekapRecordRow.chart,
            SirekapRecordRow.source,
            SirekapRecordRow.file_sha256,
            SirekapRecordRow.psu,
        )
        .join(SirekapSnapshotRow, SirekapSnapshotRow.id == SirekapRecordRow.snapshot_id)
        .where(SirekapRecordRow.ballot == ballot, SirekapRecordRow.tps == tps)
        .order_by(func.coalesce(SirekapRecordRow.ts, ""), SirekapRecordRow.id)
    ).all()
    return [
        StoredRecord(r[0], r[1], r[2], r[3], _LOADS(r[4]), _LOADS(r[5]), r[6], r[7], r[0] == counting, r[8])
        for r in rows
    ]


# ------------------------------------------------------------------------------------------------ coverage
_LEVEL_BY_LENGTH = {level.code_length: level for level in Level}


@dataclass
class TpsCounts:
    """What is known about the number of TPS per region (codes of one length), read in two queries."""

    listed: dict[str, int]
    """TPS rows (reference data or wilayah lists) per region."""
    official: dict[str, int]
    """The regions' own TPS count from the reference data (`region.tps_count`)."""

    def known(self, region: str, with_records: int = 0) -> int:
        return max(self.listed.get(region, 0), self.official.get(region, 0), with_records)


def tps_counts(conn: Connection, length: int, prefix: str = "") -> TpsCounts:
    """TPS counts for the regions whose code has `length` digits (6 kecamatan, 10 desa) under `prefix`."""
    region = func.substr(RegionRow.code, 1, length)
    listed_stmt = (
        select(region, func.count()).where(RegionRow.level == int(Level.TPS)).group_by(region)
    )
    official_stmt = select(RegionRow.code, RegionRow.tps_count).where(
        RegionRow.level == int(_LEVEL_BY_LENGTH[length]), RegionRow.tps_count.is_not(None)
    )
    if prefix:
        listed_stmt = listed_stmt.where(RegionRow.code.startswith(prefix, autoescape=True))
        official_stmt = official_stmt.where(RegionRow.code.startswith(prefix, autoescape=True))
    listed = {str(code): int(n) for code, n in conn.execute(listed_stmt)}
    official = {str(code): int(n) for code, n in conn.execute(official_stmt) if n}
    return TpsCounts(listed, official)


def tps_known(conn: Connection, contest: Contest) -> dict[str, int]:
    """TPS known per kecamatan of a contest (listed TPS or the official count; not counting records)."""
    prefix = contest.kecamatan[0].code[:4] if contest.kecamatan else ""
    counts = tps_counts(conn, Level.KECAMATAN.code_length, prefix)
    return {kec.code: max(counts.known(kec.code), kec.tps_count or 0) for kec in contest.kecamatan}


def sirekap_figures(conn: Connection, contest: Contest) -> dict[Cell, SirekapFigure]:
    """The contest's Sirekap figures for the sheet (:func:`rekap_desktop.sirekap.figures.contest_figures`)."""
    from rekap_desktop.sirekap.figures import contest_figures

    return contest_figures(conn, contest)


# ------------------------------------------------------------------------------------------------ snapshots
@dataclass(frozen=True, slots=True)
class Snapshot:
    id: int
    source: str
    imported_at: str
    actor: str
    ts_min: str | None
    ts_max: str | None
    files_read: int
    records_added: int
    files_skipped: int
    summary_json: str

    @property
    def counts(self) -> dict[str, object]:
        """The counts stored with the snapshot (files, records, superseding, skipped files …)."""
        data = json.loads(self.summary_json or "{}")
        return data if isinstance(data, dict) else {}


def snapshots(conn: Connection) -> list[Snapshot]:
    """Every Sirekap import stored, oldest first."""
    return [
        Snapshot(r.id, r.source, r.imported_at, r.actor, r.ts_min, r.ts_max, r.files_read, r.records_added,
                 r.files_skipped, r.summary)
        for r in conn.execute(select(SirekapSnapshotRow).order_by(SirekapSnapshotRow.id))
    ]
