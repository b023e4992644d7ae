"""What the derived Sirekap tables must hold, from the stored records (`sirekap_record`) and hand marks
(`sirekap_tps_status`) alone: the definition that :mod:`rekap_desktop.sirekap.derived` keeps stored and
:mod:`rekap_desktop.sirekap.derived_verify` checks the stored tables against (issue 16.2).

- `sirekap_current`, per (ballot, TPS) that has a record or a mark: the record that counts
  (:func:`rekap_desktop.sirekap.status.choose`), the TPS's status, and what that record shows — whether it has
  administrasi/chart figures, a digest of its figures (to find identical figure sets across TPS), and the TPS
  anomaly rules it breaks (:func:`rekap_desktop.sirekap.anomalies.tps_anomalies`);
- `sirekap_total`, per (ballot, kecamatan, figure key): the sum over the TPS whose counting record has the figure,
  how many TPS that is, and the oldest and newest `ts` among them. Keys are administrasi line ids (`V.A`) and raw
  chart keys (`100025`, `1.T`, `line:IV.1`), so the totals do not depend on reference data.

Here: what a counting record contributes (:class:`RecordFacts`), reading the stored records and marks, a TPS's
counting row (:func:`current_row`), the sums (:func:`accumulate` record by record, :func:`sum_facts` column-wise),
and :func:`compute`, both tables recomputed whole in memory.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, select

from rekap_desktop.models import SirekapCurrentRow, SirekapRecordRow, SirekapTotalRow, SirekapTpsStatusRow
from rekap_desktop.sirekap.anomalies import tps_anomalies
from rekap_desktop.sirekap.json import TpsRecord
from rekap_desktop.sirekap.status import Choice, Mark, RecordRef, TpsStatus, choose, status_of_psu

RECORDS: Table = SirekapRecordRow.__table__  # type: ignore[assignment]
CURRENT: Table = SirekapCurrentRow.__table__  # type: ignore[assignment]
TOTALS: Table = SirekapTotalRow.__table__  # type: ignore[assignment]
MARKS: Table = SirekapTpsStatusRow.__table__  # type: ignore[assignment]

TpsKey = tuple[str, str]  # (ballot, TPS code)
TotalKey = tuple[str, str, str]  # (ballot, kecamatan, figure key)

_CHUNK = 400
MANY = 2_000  # more TPS than this: read the whole ballot rather than lists of codes
_LOADS = json.loads


@dataclass(frozen=True, slots=True)
class RecordFacts:
    """What a counting record contributes: its figures, their digest, its anomaly rules."""

    ts: str | None
    admin: Mapping[str, int]
    chart: Mapping[str, int]
    has_admin: bool
    has_chart: bool
    figures_hash: str
    anomalies: str


def figures_json(values: Mapping[str, int]) -> str:
    """The stored JSON text of a record's figures ({key: int}, in the parser's order: administrasi always in the
    order of `ADMIN_FIELDS`, chart keys as published). `repr` is about three times faster than `json.dumps` and
    already is JSON for these dicts unless a key needs quoting or escaping; then the slow path is taken."""
    text = repr(values)
    if '"' in text or "\\" in text:
        return json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return text.replace("'", '"')


def figures_digest(admin_text: str, chart_text: str) -> str:
    """16 hex digits identifying a record's figures, from their stored JSON texts; "" when it has none. Two
    records with the same figures in the same order (one form uploaded twice) have the same digest."""
    if admin_text == "{}" and chart_text == "{}":
        return ""
    return hashlib.sha256(f"{admin_text}|{chart_text}".encode()).hexdigest()[:16]


def figures_hash(admin: Mapping[str, int], chart: Mapping[str, int]) -> str:
    """:func:`figures_digest` of figures not yet encoded."""
    return figures_digest(figures_json(admin), figures_json(chart))


def anomaly_rules(record: TpsRecord) -> str:
    """The TPS anomaly rule ids of a record, sorted, comma-separated ("" when none)."""
    return ",".join(sorted({a.rule for a in tps_anomalies(record)}))


def facts_of(record: TpsRecord) -> RecordFacts:
    return RecordFacts(record.ts, record.admin, record.chart, record.has_admin, record.has_chart,
                       figures_hash(record.admin, record.chart), anomaly_rules(record))


def _facts_from_row(row: Any) -> RecordFacts:
    """Facts of a stored record: `row` = (id, ballot, tps, ts, psu, admin, chart, images, has_admin, has_chart)."""
    _id, ballot, tps, ts, psu, admin_text, chart_text, images_text, has_admin, has_chart = row
    admin = _LOADS(admin_text)
    chart = _LOADS(chart_text)
    images = tuple(_LOADS(images_text))
    record = TpsRecord(ballot, tps, ts, psu, admin, bool(has_admin), chart, bool(has_chart), images, "", "", None,
                       None)
    return RecordFacts(ts, admin, chart, bool(has_admin), bool(has_chart), figures_digest(admin_text, chart_text),
                       anomaly_rules(record))


# ------------------------------------------------------------------------------------------------ reading
def chunks(items: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def prefix_range(column: Any, prefix: str) -> tuple[Any, ...]:
    """`column` starts with the digit code `prefix`, as a range the (ballot, tps) index serves: from the prefix up
    to its successor ("352701" → "352702", "352709" → "35271"). Not ``< prefix + ":"``: only the C collation puts
    ':' after the digits — PostgreSQL databases created with a language locale (ICU, glibc en_US/id_ID) sort it
    before them or ignore it, and nothing would be found."""
    stripped = prefix.rstrip("9")
    if not stripped:
        return (column >= prefix,)
    return (column >= prefix, column < stripped[:-1] + chr(ord(stripped[-1]) + 1))


def by_ballot(keys: Iterable[TpsKey]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for ballot, tps in keys:
        grouped.setdefault(ballot, []).append(tps)
    return grouped


def psu_flag(psu: str | None) -> TpsStatus:
    # the parser refuses psu texts it does not know; one stored before that rule counts as a re-vote flag
    return status_of_psu(psu) or TpsStatus.PSU


def load_refs(conn: Connection, keys: Iterable[TpsKey] | None = None) -> dict[TpsKey, list[RecordRef]]:
    """The stored records (id, ts, psu flag) of the given TPS, or of every TPS."""
    columns = (RECORDS.c.ballot, RECORDS.c.tps, RECORDS.c.id, RECORDS.c.ts, RECORDS.c.psu)
    refs: dict[TpsKey, list[RecordRef]] = {}

    def take(rows: Iterable[Any], wanted: set[str] | None = None) -> None:
        for ballot, tps, record_id, ts, psu in rows:
            if wanted is not None and tps not in wanted:
                continue
            refs.setdefault((ballot, tps), []).append(RecordRef(int(record_id), ts, psu_flag(psu)))

    if keys is None:
        take(conn.execute(select(*columns)))
        return refs
    for ballot, codes in by_ballot(keys).items():
        if len(codes) > MANY:
            take(conn.execute(select(*columns).where(RECORDS.c.ballot == ballot)), set(codes))
            continue
        for chunk in chunks(sorted(set(codes))):
            take(conn.execute(select(*columns).where(RECORDS.c.ballot == ballot, RECORDS.c.tps.in_(chunk))))
    return refs


def load_marks(conn: Connection, keys: Iterable[TpsKey] | None = None) -> dict[TpsKey, Mark]:
    """Hand marks of the given TPS (or all)."""
    stmt = select(MARKS.c.ballot, MARKS.c.tps, MARKS.c.status, MARKS.c.since, MARKS.c.reason)
    marks: dict[TpsKey, Mark] = {}
    if keys is None:
        rows: Iterable[Any] = conn.execute(stmt)
    else:
        wanted = set(keys)
        if not wanted:
            return marks
        rows = [r for r in conn.execute(stmt) if (r[0], r[1]) in wanted]  # few marks: one small read
    for ballot, tps, status, since, reason in rows:
        marks[(ballot, tps)] = Mark(TpsStatus(status), since, reason or "")
    return marks


def load_facts(conn: Connection, record_ids: Iterable[int]) -> dict[int, RecordFacts]:
    """Decode the given records (figures, digest, anomaly rules)."""
    ids = sorted(set(record_ids))
    facts: dict[int, RecordFacts] = {}
    columns = (RECORDS.c.id, RECORDS.c.ballot, RECORDS.c.tps, RECORDS.c.ts, RECORDS.c.psu, RECORDS.c.admin,
               RECORDS.c.chart, RECORDS.c.images, RECORDS.c.has_admin, RECORDS.c.has_chart)
    for chunk in chunks(ids):
        for row in conn.execute(select(*columns).where(RECORDS.c.id.in_(chunk))):
            facts[int(row[0])] = _facts_from_row(row)
    return facts


def load_figures(conn: Connection, record_ids: Iterable[int]) -> dict[int, RecordFacts]:
    """The figures and `ts` of the given records (what the totals need: no digest, no anomaly rules)."""
    out: dict[int, RecordFacts] = {}
    for chunk in chunks(sorted(set(record_ids))):
        for record_id, ts, admin, chart in conn.execute(
            select(RECORDS.c.id, RECORDS.c.ts, RECORDS.c.admin, RECORDS.c.chart).where(RECORDS.c.id.in_(chunk))
        ):
            out[int(record_id)] = RecordFacts(ts, _LOADS(admin), _LOADS(chart), True, True, "", "")
    return out


# ------------------------------------------------------------------------------------------------ computing
def current_row(key: TpsKey, choice: Choice, facts: RecordFacts | None) -> dict[str, Any]:
    ballot, tps = key
    return {
        "ballot": ballot, "tps": tps, "kecamatan": tps[:6], "record_id": choice.record_id,
        "status": choice.status.value, "status_source": choice.source,
        "ts": facts.ts if facts is not None else None,
        "has_admin": bool(facts.has_admin) if facts is not None else False,
        "has_chart": bool(facts.has_chart) if facts is not None else False,
        "figures_hash": facts.figures_hash if facts is not None else "",
        "anomalies": facts.anomalies if facts is not None else "",
    }


@dataclass(slots=True)
class Acc:
    value: int = 0
    tps: int = 0
    ts_min: str | None = None
    ts_max: str | None = None

    def add(self, value: int, ts: str | None) -> None:
        self.value += value
        self.tps += 1
        if ts:
            if self.ts_min is None or ts < self.ts_min:
                self.ts_min = ts
            if self.ts_max is None or ts > self.ts_max:
                self.ts_max = ts


def accumulate(totals: dict[TotalKey, Acc], ballot: str, tps: str, facts: RecordFacts) -> None:
    """Add one counting record's figures to the totals of its kecamatan (:meth:`Acc.add` inlined: this runs for
    every figure of every record a kecamatan's totals are made of)."""
    kecamatan = tps[:6]
    ts = facts.ts or None
    get = totals.get
    for figures in (facts.admin, facts.chart):
        for figure_key, value in figures.items():
            key = (ballot, kecamatan, figure_key)
            acc = get(key)
            if acc is None:
                totals[key] = Acc(value, 1, ts, ts)
                continue
            acc.value += value
            acc.tps += 1
            if ts is not None:
                if acc.ts_min is None or ts < acc.ts_min:
                    acc.ts_min = ts
                if acc.ts_max is None or ts > acc.ts_max:
                    acc.ts_max = ts


def sum_facts(ballot: str, kecamatan: str, records: Iterable[RecordFacts]) -> dict[TotalKey, Acc]:
    """The totals of one kecamatan's counting records: what :func:`accumulate` gives record by record, added
    column-wise instead. Records whose figures have the same keys in the same order (nearly all of a kecamatan: one
    form) are stacked and summed by ``zip``/``sum`` in C; only each group's keys are visited in Python, not each
    record's (~5× faster on the synthetic kabupaten). :func:`compute`, which ``verify-audit`` checks the stored
    tables against, keeps the record-by-record version, so every ``verify-audit`` compares the two."""
    groups: dict[tuple[str, ...], tuple[list[Iterable[int]], list[str]]] = {}
    for facts in records:
        ts = facts.ts or None
        for figures in (facts.admin, facts.chart):
            if not figures:
                continue
            signature = tuple(figures)
            group = groups.get(signature)
            if group is None:
                group = groups[signature] = ([], [])
            group[0].append(figures.values())
            if ts is not None:
                group[1].append(ts)
    totals: dict[TotalKey, Acc] = {}
    for signature, (rows, stamps) in groups.items():
        count = len(rows)
        low = min(stamps) if stamps else None
        high = max(stamps) if stamps else None
        for figure_key, value in zip(signature, map(sum, zip(*rows, strict=True)), strict=True):
            key = (ballot, kecamatan, figure_key)
            acc = totals.get(key)
            if acc is None:
                totals[key] = Acc(value, count, low, high)
                continue
            acc.value += value
            acc.tps += count
            if low is not None and (acc.ts_min is None or low < acc.ts_min):
                acc.ts_min = low
            if high is not None and (acc.ts_max is None or high > acc.ts_max):
                acc.ts_max = high
    return totals


def total_row(key: TotalKey, acc: Acc) -> dict[str, Any]:
    return {"ballot": key[0], "kecamatan": key[1], "key": key[2], "value": acc.value, "tps_with_data": acc.tps,
            "ts_min": acc.ts_min, "ts_max": acc.ts_max}


@dataclass
class Expected:
    """The derived tables as the records and marks say they must be."""

    current: dict[TpsKey, dict[str, Any]] = field(default_factory=dict)
    totals: dict[TotalKey, dict[str, Any]] = field(default_factory=dict)


def compute(conn: Connection) -> Expected:
    """Recompute both tables from scratch, in memory (only the counting records are decoded)."""
    refs = load_refs(conn)
    marks = load_marks(conn)
    choices = {key: choose(refs.get(key, []), marks.get(key)) for key in set(refs) | set(marks)}
    chosen = {c.record_id for c in choices.values() if c.record_id is not None}
    facts: dict[int, RecordFacts] = {}
    columns = (RECORDS.c.id, RECORDS.c.ballot, RECORDS.c.tps, RECORDS.c.ts, RECORDS.c.psu, RECORDS.c.admin,
               RECORDS.c.chart, RECORDS.c.images, RECORDS.c.has_admin, RECORDS.c.has_chart)
    for row in conn.execute(select(*columns)):
        if int(row[0]) in chosen:
            facts[int(row[0])] = _facts_from_row(row)
    expected = Expected()
    totals: dict[TotalKey, Acc] = {}
    for key in sorted(choices):
        choice = choices[key]
        record_facts = facts.get(choice.record_id) if choice.record_id is not None else None
        expected.current[key] = current_row(key, choice, record_facts)
        if record_facts is not None:
            accumulate(totals, key[0], key[1], record_facts)
    expected.totals = {key: total_row(key, acc) for key, acc in totals.items()}
    return expected

