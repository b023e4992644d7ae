"""The TPS of one kecamatan for one contest, as Sirekap shows them: per TPS its status (PSU …), the record that
counts, its figures mapped to the contest's lines, photo links, anomalies and identical figure sets — the API for
the window's TPS list, the projector and the Sirekap working paper (issue 13.2, 15.1).

Every TPS known for the kecamatan is listed (the reference/wilayah lists, and TPS that only appear in Sirekap
records or hand marks), sorted by code; a TPS without any record has no figures and status normal.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from rekap_desktop.contest import Contest
from rekap_desktop.models import RegionRow, SirekapCurrentRow, SirekapRecordRow, SirekapTpsStatusRow
from rekap_desktop.region import Level
from rekap_desktop.sirekap.anomalies import TpsAnomaly, tps_anomalies
from rekap_desktop.sirekap.json import TpsRecord
from rekap_desktop.sirekap.status import TpsStatus
from rekap_desktop.sirekap.store import chart_line, chart_mapping


@dataclass(frozen=True, slots=True)
class TpsEntry:
    code: str
    """13-digit TPS code."""
    name: str
    dpt: int | None
    """The TPS's DPT from the reference data (None when not known)."""
    status: TpsStatus
    status_source: str
    """"manual" (marked in the plenary), "sirekap" (Sirekap's psu field) or "" (normal)."""
    status_reason: str
    """The reason given with a hand mark."""
    record_id: int | None
    """The record that counts; None when none does (no record, or a re-vote without figures yet)."""
    ts: str | None
    figures: dict[str, int]
    """Line id → value of the counting record, only the contest's lines; a figure it lacks is absent (not 0)."""
    unmapped: dict[str, int]
    """Chart keys the contest cannot map to a line (e.g. a DPD candidate id without its list)."""
    has_admin: bool
    has_chart: bool
    images: tuple[str | None, ...]
    """Photo links of the C.HASIL pages as published (a slot can be None)."""
    anomalies: tuple[TpsAnomaly, ...]
    duplicates: tuple[str, ...]
    """Other TPS of the kecamatan whose counting record has exactly the same figures."""
    source: str
    """Where the counting record came from (file path, `archive.zip!member`)."""

    @property
    def has_data(self) -> bool:
        return self.record_id is not None and (self.has_admin or self.has_chart)


@dataclass(frozen=True, slots=True)
class StoredCounting:
    """A counting record decoded, with the TPS's status (shared by the TPS list and `check`)."""

    tps: str
    record: TpsRecord | None
    record_id: int | None
    status: TpsStatus
    status_source: str
    figures_hash: str


def counting_records(conn: Connection, ballot: str, kecamatan: Sequence[str], *, only_anomalous: bool = False,
                     tps: Sequence[str] | None = None) -> list[StoredCounting]:
    """The counting records of the kecamatan (decoded), with status; `only_anomalous`: only TPS whose record
    breaks a TPS rule (the index `sirekap_current.anomalies`), or that are under a re-vote."""
    stmt = (
        select(SirekapCurrentRow.tps, SirekapCurrentRow.record_id, SirekapCurrentRow.status,
               SirekapCurrentRow.status_source, SirekapCurrentRow.figures_hash, SirekapRecordRow.ts,
               SirekapRecordRow.psu, SirekapRecordRow.admin, SirekapRecordRow.chart, SirekapRecordRow.images,
               SirekapRecordRow.has_admin, SirekapRecordRow.has_chart, SirekapRecordRow.source)
        .select_from(SirekapCurrentRow)
        .outerjoin(SirekapRecordRow, SirekapRecordRow.id == SirekapCurrentRow.record_id)
        .where(SirekapCurrentRow.ballot == ballot, SirekapCurrentRow.kecamatan.in_(list(kecamatan)))
        .order_by(SirekapCurrentRow.tps)
    )
    if only_anomalous:
        stmt = stmt.where((SirekapCurrentRow.anomalies != "") | (SirekapCurrentRow.status != TpsStatus.NORMAL.value))
    if tps is not None:
        stmt = stmt.where(SirekapCurrentRow.tps.in_(list(tps)))
    out: list[StoredCounting] = []
    for (code, record_id, status, source, digest, ts, psu, admin, chart, images, has_admin, has_chart,
         path) in conn.execute(stmt):
        record = None
        if record_id is not None:
            record = TpsRecord(ballot, code, ts, psu, json.loads(admin), bool(has_admin), json.loads(chart),
                               bool(has_chart), tuple(json.loads(images)), path, "", None, None)
        out.append(StoredCounting(code, record, record_id, TpsStatus(status), source, digest))
    return out


def map_figures(record: TpsRecord, mapping: Mapping[str, str],
                catalogue_lines: frozenset[str] | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """(line id → value, unmapped chart key → value) of a record for a contest's chart mapping."""
    figures = dict(record.admin)
    unmapped: dict[str, int] = {}
    for key, value in record.chart.items():
        line = chart_line(key, mapping)
        if line is None or (catalogue_lines is not None and line not in catalogue_lines):
            unmapped[key] = value
        else:
            figures[line] = value
    return figures, unmapped


def tps_list(conn: Connection, contest: Contest, kecamatan: str) -> list[TpsEntry]:
    """Every TPS of one kecamatan of the contest, with its Sirekap status, figures and anomalies (module doc)."""
    if not contest.has_kecamatan(kecamatan):
        raise ValueError(f"kecamatan {kecamatan} tidak termasuk {contest.title}")
    ballot = contest.ballot.value
    mapping = chart_mapping(contest)
    listed = {
        code: (name, dpt)
        for code, name, dpt in conn.execute(
            select(RegionRow.code, RegionRow.name, RegionRow.dpt).where(
                RegionRow.level == int(Level.TPS), RegionRow.code.startswith(kecamatan, autoescape=True))
        )
    }
    marks = {
        tps: reason for tps, reason in conn.execute(
            select(SirekapTpsStatusRow.tps, SirekapTpsStatusRow.reason).where(
                SirekapTpsStatusRow.ballot == ballot, SirekapTpsStatusRow.tps.startswith(kecamatan, autoescape=True))
        )
    }
    counting = {c.tps: c for c in counting_records(conn, ballot, [kecamatan])}
    by_hash: dict[str, list[str]] = {}
    for held in counting.values():
        if held.figures_hash and held.record is not None and held.record.has_admin and held.record.has_chart:
            by_hash.setdefault(held.figures_hash, []).append(held.tps)
    entries: list[TpsEntry] = []
    for code in sorted(set(listed) | set(counting)):
        name, dpt = listed.get(code, (f"TPS {code[-3:]}", None))
        c = counting.get(code)
        record = c.record if c is not None else None
        figures, unmapped = map_figures(record, mapping) if record is not None else ({}, {})
        same = tuple(t for t in by_hash.get(c.figures_hash, []) if t != code) if c is not None else ()
        entries.append(TpsEntry(
            code, name, dpt,
            c.status if c is not None else TpsStatus.NORMAL,
            c.status_source if c is not None else "",
            marks.get(code, ""),
            c.record_id if c is not None else None,
            record.ts if record is not None else None,
            figures, unmapped,
            record.has_admin if record is not None else False,
            record.has_chart if record is not None else False,
            record.images if record is not None else (),
            tuple(tps_anomalies(record)) if record is not None else (),
            same,
            record.source if record is not None else "",
        ))
    return entries
