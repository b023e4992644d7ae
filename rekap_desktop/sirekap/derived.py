"""Derived Sirekap tables: the counting record per TPS (`sirekap_current`) and per-kecamatan totals
(`sirekap_total`), kept at import time and on status marks so that opening a contest, `check` and the documents
never decode every TPS record (issue 16.2).

Both are pure functions of the stored records (`sirekap_record`) and hand marks (`sirekap_tps_status`):

- `sirekap_current`, per (ballot, TPS) that has a record or a mark: the record that counts
  (:func:`rekap_desktop.sirekap.status.choose`), the TPS's status, and what that record shows — whether it has
  administrasi/chart figures, a digest of its figures (to find identical figure sets across TPS), and the TPS
  anomaly rules it breaks (:func:`rekap_desktop.sirekap.anomalies.tps_anomalies`);
- `sirekap_total`, per (ballot, kecamatan, figure key): the sum over the TPS whose counting record has the figure,
  how many TPS that is, and the oldest and newest `ts` among them. Keys are administrasi line ids (`V.A`) and raw
  chart keys (`100025`, `1.T`, `line:IV.1`), so the totals do not depend on reference data.

:func:`refresh` updates them for the TPS an import or a mark touched (in the writer's transaction);
:func:`rebuild` recomputes them whole (the migration that introduced them, ``repair-derived``); :func:`verify`
recomputes them in memory and names every stored row that differs — ``verify-audit`` calls it, so a total changed by
raw SQL is named; :func:`verify_kecamatan` does the same for the kecamatan a write is about to overwrite, so such a
change is refused rather than silently overwritten (:mod:`rekap_desktop.sirekap.guard`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, tuple_

from rekap_desktop.models import SirekapCurrentRow, SirekapRecordRow, SirekapTotalRow, SirekapTpsStatusRow
from rekap_desktop.numbers import format_number
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
_MANY = 2_000  # more TPS than this: read the whole ballot rather than lists of codes
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
def _chunks(items: list[Any]) -> Iterator[list[Any]]:
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


def _by_ballot(keys: Iterable[TpsKey]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for ballot, tps in keys:
        grouped.setdefault(ballot, []).append(tps)
    return grouped


def _flag(psu: str | None) -> TpsStatus:
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
            refs.setdefault((ballot, tps), []).append(RecordRef(int(record_id), ts, _flag(psu)))

    if keys is None:
        take(conn.execute(select(*columns)))
        return refs
    for ballot, codes in _by_ballot(keys).items():
        if len(codes) > _MANY:
            take(conn.execute(select(*columns).where(RECORDS.c.ballot == ballot)), set(codes))
            continue
        for chunk in _chunks(sorted(set(codes))):
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
    for chunk in _chunks(ids):
        for row in conn.execute(select(*columns).where(RECORDS.c.id.in_(chunk))):
            facts[int(row[0])] = _facts_from_row(row)
    return facts


def _figures(conn: Connection, record_ids: Iterable[int]) -> dict[int, RecordFacts]:
    """The figures and `ts` of the given records (what the totals need: no digest, no anomaly rules)."""
    out: dict[int, RecordFacts] = {}
    for chunk in _chunks(sorted(set(record_ids))):
        for record_id, ts, admin, chart in conn.execute(
            select(RECORDS.c.id, RECORDS.c.ts, RECORDS.c.admin, RECORDS.c.chart).where(RECORDS.c.id.in_(chunk))
        ):
            out[int(record_id)] = RecordFacts(ts, _LOADS(admin), _LOADS(chart), True, True, "", "")
    return out


# ------------------------------------------------------------------------------------------------ computing
def _current_row(key: TpsKey, choice: Choice, facts: RecordFacts | None) -> dict[str, Any]:
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


def _accumulate(totals: dict[TotalKey, Acc], ballot: str, tps: str, facts: RecordFacts) -> None:
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
    """The totals of one kecamatan's counting records: what :func:`_accumulate` gives record by record, added
    column-wise instead. Records whose figures have the same keys in the same order (nearly all of a kecamatan: one
    form) are stacked and summed by ``zip``/``sum`` in C; only each group's keys are visited in Python, not each
    record's (~5× faster on the synthetic kabupaten). :func:`verify` keeps the record-by-record version, so every
    ``verify-audit`` compares the two."""
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


def _total_row(key: TotalKey, acc: Acc) -> dict[str, Any]:
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
        expected.current[key] = _current_row(key, choice, record_facts)
        if record_facts is not None:
            _accumulate(totals, key[0], key[1], record_facts)
    expected.totals = {key: _total_row(key, acc) for key, acc in totals.items()}
    return expected


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    for i in range(0, len(rows), 2_000):
        conn.execute(insert(table), rows[i : i + 2_000])


def rebuild(conn: Connection) -> None:
    """Recompute both tables whole and store them (in the caller's transaction)."""
    expected = compute(conn)
    conn.execute(delete(TOTALS))
    conn.execute(delete(CURRENT))
    _insert(conn, CURRENT, list(expected.current.values()))
    _insert(conn, TOTALS, list(expected.totals.values()))


# ------------------------------------------------------------------------------------------------ refreshing
@dataclass
class Refreshed:
    """What :func:`refresh` changed."""

    changed: list[TpsKey] = field(default_factory=list)
    """TPS whose counting record or status changed."""
    kecamatan: set[tuple[str, str]] = field(default_factory=set)
    """(ballot, kecamatan) whose totals were updated."""


def refresh(
    conn: Connection,
    touched: Iterable[TpsKey],
    *,
    known: Mapping[int, RecordFacts] | None = None,
    refs: Mapping[TpsKey, list[RecordRef]] | None = None,
    totals: bool = True,
) -> Refreshed:
    """Bring both tables up to date for the TPS in `touched` (their records or marks changed).

    `known`: facts of records the caller already decoded (an import's new records), by record id; `refs`: the
    stored records of the touched TPS, when the caller already read them. Totals of a kecamatan only gain
    (new TPS with figures) are updated in place; a kecamatan where a counting record was replaced or withdrawn
    has its totals recomputed from its counting records. `totals=False`: only the counting rows (the caller
    recomputes the totals of the kecamatan concerned itself).
    """
    keys = sorted(set(touched))
    result = Refreshed()
    if not keys:
        return result
    all_refs = dict(refs) if refs is not None else load_refs(conn, keys)
    marks = load_marks(conn, keys)
    old: dict[TpsKey, tuple[Any, ...]] = {}
    for ballot, codes in _by_ballot(keys).items():
        wanted = set(codes)
        stmt = select(CURRENT.c.tps, CURRENT.c.record_id, CURRENT.c.status, CURRENT.c.status_source).where(
            CURRENT.c.ballot == ballot)
        if len(codes) <= _MANY:
            for chunk in _chunks(sorted(wanted)):
                for row in conn.execute(stmt.where(CURRENT.c.tps.in_(chunk))):
                    old[(ballot, row[0])] = tuple(row[1:])
        else:
            for row in conn.execute(stmt):
                if row[0] in wanted:
                    old[(ballot, row[0])] = tuple(row[1:])
    new: dict[TpsKey, Choice] = {}
    gone: list[TpsKey] = []
    for key in keys:
        choice = choose(all_refs.get(key, []), marks.get(key))
        before = old.get(key)
        if not all_refs.get(key) and key not in marks:  # nothing to say about this TPS (any more)
            if before is not None:
                gone.append(key)
            continue
        if before is not None and (before[0], before[1], before[2]) == (
                choice.record_id, choice.status.value, choice.source):
            continue
        new[key] = choice
    for ballot, codes in _by_ballot(gone).items():
        for chunk in _chunks(codes):
            conn.execute(delete(CURRENT).where(CURRENT.c.ballot == ballot, CURRENT.c.tps.in_(chunk)))
    result.kecamatan.update((key[0], key[1][:6]) for key in gone)
    result.changed = sorted({*new, *gone})
    if not new:
        if gone and totals:
            for ballot, kecamatan in sorted({(key[0], key[1][:6]) for key in gone}):
                recompute_kecamatan(conn, ballot, kecamatan)
        return result
    needed = {c.record_id for c in new.values() if c.record_id is not None}
    result.kecamatan.update((key[0], key[1][:6]) for key in new)
    facts = {rid: known[rid] for rid in needed if known is not None and rid in known}
    facts.update(load_facts(conn, needed - set(facts)))

    dirty: set[tuple[str, str]] = {(key[0], key[1][:6]) for key in gone}  # a record left: recompute the totals
    gains: dict[TotalKey, Acc] = {}
    for key, choice in new.items():
        before = old.get(key)
        if before is not None and before[0] is not None:
            dirty.add((key[0], key[1][:6]))
        elif choice.record_id is not None:
            _accumulate(gains, key[0], key[1], facts[choice.record_id])
    replaced = [key for key in new if key in old]
    for ballot, codes in _by_ballot(replaced).items():
        for chunk in _chunks(codes):
            conn.execute(delete(CURRENT).where(CURRENT.c.ballot == ballot, CURRENT.c.tps.in_(chunk)))
    _insert(conn, CURRENT, [
        _current_row(key, choice, facts.get(choice.record_id) if choice.record_id is not None else None)
        for key, choice in sorted(new.items())
    ])
    if not totals:
        return result
    for ballot, kecamatan in sorted(dirty):
        recompute_kecamatan(conn, ballot, kecamatan)
    add_gains(conn, {k: v for k, v in gains.items() if (k[0], k[1]) not in dirty})
    return result


def recompute_kecamatan(
    conn: Connection, ballot: str, kecamatan: str, decoded: Mapping[int, RecordFacts] | None = None
) -> None:
    """The totals of one kecamatan from its counting records (only their figures are decoded). `decoded`: records
    the caller has decoded already (the guard's check of the same kecamatan, just before): not decoded again."""
    if decoded:
        ids = [int(i) for (i,) in conn.execute(select(CURRENT.c.record_id).where(
            CURRENT.c.ballot == ballot, CURRENT.c.kecamatan == kecamatan, CURRENT.c.record_id.is_not(None)))]
        missing = [i for i in ids if i not in decoded]
        if len(missing) * 2 < len(ids):  # few new records: read and decode only those
            more = _figures(conn, missing)
            records = [decoded[i] if i in decoded else more[i] for i in ids if i in decoded or i in more]
            _write_totals(conn, ballot, kecamatan, sum_facts(ballot, kecamatan, records))
            return
    records = []
    for record_id, ts, admin, chart in conn.execute(
        select(RECORDS.c.id, RECORDS.c.ts, RECORDS.c.admin, RECORDS.c.chart)
        .join(CURRENT, RECORDS.c.id == CURRENT.c.record_id)
        .where(CURRENT.c.ballot == ballot, CURRENT.c.kecamatan == kecamatan)
    ):
        record_facts = decoded.get(record_id) if decoded else None
        records.append(record_facts if record_facts is not None else
                       RecordFacts(ts, _LOADS(admin), _LOADS(chart), True, True, "", ""))
    _write_totals(conn, ballot, kecamatan, sum_facts(ballot, kecamatan, records))


def _write_totals(conn: Connection, ballot: str, kecamatan: str, totals: dict[TotalKey, Acc]) -> None:
    conn.execute(delete(TOTALS).where(TOTALS.c.ballot == ballot, TOTALS.c.kecamatan == kecamatan))
    _insert(conn, TOTALS, [_total_row(key, acc) for key, acc in sorted(totals.items())])


def add_gains(
    conn: Connection,
    gains: dict[TotalKey, Acc],
    check: Callable[[list[tuple[str, str]]], None] | None = None,
) -> None:
    """Add what new TPS bring to the stored totals. Value and TPS count are added, so a stored row changed behind
    the app's back stays as wrong as it was; a ts bound that moves, or a stored value that is not a whole number
    (SQLite keeps what raw SQL put there), would lose what was stored: `check` is called first with the
    (ballot, kecamatan) where that happens (the writer's guard, which refuses the write when those rows differ from
    the records)."""
    if not gains:
        return
    pairs = sorted({(k[0], k[1]) for k in gains})
    existing: dict[TotalKey, tuple[Any, ...]] = {}
    cols = (TOTALS.c.ballot, TOTALS.c.kecamatan, TOTALS.c.key, TOTALS.c.value, TOTALS.c.tps_with_data,
            TOTALS.c.ts_min, TOTALS.c.ts_max)
    for chunk in _chunks(pairs):
        for row in conn.execute(select(*cols).where(tuple_(TOTALS.c.ballot, TOTALS.c.kecamatan).in_(chunk))):
            existing[(row[0], row[1], row[2])] = tuple(row[3:])
    at_risk: set[tuple[str, str]] = set()
    for key, gain in gains.items():
        have = existing.get(key)
        if have is None:
            continue
        value, tps, ts_min, ts_max = have
        odd = not (_whole(value) and _whole(tps) and all(t is None or isinstance(t, str) for t in (ts_min, ts_max)))
        moves = bool(gain.ts_min and (ts_min is None or gain.ts_min < ts_min)) or bool(
            gain.ts_max and (ts_max is None or gain.ts_max > ts_max))
        if odd or moves:
            at_risk.add((key[0], key[1]))
    if at_risk and check is not None:
        check(sorted(at_risk))
    merged: dict[TotalKey, Acc] = {}
    for key, gain in gains.items():
        have = existing.get(key)
        if have is None:
            merged[key] = gain
            continue
        acc = Acc(int(have[0]), int(have[1]), have[2], have[3])
        acc.value += gain.value
        acc.tps += gain.tps
        for ts in (gain.ts_min, gain.ts_max):
            if ts:
                acc.ts_min = ts if acc.ts_min is None or ts < acc.ts_min else acc.ts_min
                acc.ts_max = ts if acc.ts_max is None or ts > acc.ts_max else acc.ts_max
        merged[key] = acc
    stale = [key for key in merged if key in existing]
    for chunk in _chunks(stale):
        conn.execute(delete(TOTALS).where(tuple_(TOTALS.c.ballot, TOTALS.c.kecamatan, TOTALS.c.key).in_(chunk)))
    _insert(conn, TOTALS, [_total_row(key, acc) for key, acc in sorted(merged.items())])


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# ------------------------------------------------------------------------------------------------ verifying
_CURRENT_LABELS = {
    "record_id": "rekaman yang dihitung", "status": "status", "status_source": "sumber status", "ts": "ts",
    "has_admin": "ada administrasi", "has_chart": "ada chart", "figures_hash": "sidik angka",
    "anomalies": "anomali", "kecamatan": "kecamatan",
}


def verify(conn: Connection, limit: int = 50) -> list[str]:
    """Recompute both tables and name (in Indonesian) every stored row that differs; empty when they agree."""
    stored_current = {(r["ballot"], r["tps"]): dict(r) for r in conn.execute(select(CURRENT)).mappings()}
    stored_totals = {(r["ballot"], r["kecamatan"], r["key"]): dict(r) for r in conn.execute(select(TOTALS)).mappings()}
    return _differences(compute(conn), stored_current, stored_totals, limit)


def verify_kecamatan(
    conn: Connection,
    pairs: Iterable[tuple[str, str]],
    *,
    before_id: int | None = None,
    tps: Iterable[TpsKey] | None = None,
    limit: int = 50,
    decoded: dict[int, RecordFacts] | None = None,
) -> list[str]:
    """:func:`verify` for the totals of the given (ballot, kecamatan) and their counting rows — what a write is
    about to overwrite (the guard of :mod:`rekap_desktop.sirekap.guard`). `tps`: compare only these TPS's counting
    rows (those the write replaces; None: every TPS of the kecamatan). `before_id`: only records with an id up to
    it count, and counting rows of later records are not compared (an import's own rows, written before it
    completes the derived tables): the tables are checked as they were before the import. `decoded`: filled with
    the records decoded on the way (by id), for :func:`recompute_kecamatan` right after."""
    wanted = None if tps is None else set(tps)
    expected = Expected()
    stored_current: dict[TpsKey, dict[str, Any]] = {}
    stored_totals: dict[TotalKey, dict[str, Any]] = {}
    for ballot, kecamatan in sorted(set(pairs)):
        rows: dict[TpsKey, int | None] = {}  # the stored counting rows: TPS → its record (as stored)
        for code, record_id in conn.execute(select(CURRENT.c.tps, CURRENT.c.record_id).where(
                CURRENT.c.ballot == ballot, CURRENT.c.kecamatan == kecamatan)):
            if before_id is None or record_id is None or record_id <= before_id:
                rows[(ballot, code)] = record_id
        # the counting rows compared: every one of the kecamatan, or those the write replaces; the others are not
        # overwritten (a forged one stays, and stays named by verify-audit), so the totals are checked as made of
        # them as they are stored
        listed = None if wanted is None else sorted(code for b, code in wanted if b == ballot and
                                                    code.startswith(kecamatan))
        refs: dict[TpsKey, list[RecordRef]] = {}
        marks: dict[TpsKey, Mark] = {}
        for chunk in [None] if listed is None else _chunks(listed):
            record_where = [RECORDS.c.ballot == ballot, *(prefix_range(RECORDS.c.tps, kecamatan) if chunk is None
                                                          else [RECORDS.c.tps.in_(chunk)])]
            if before_id is not None:
                record_where.append(RECORDS.c.id <= before_id)
            for code, record_id, ts, psu in conn.execute(
                    select(RECORDS.c.tps, RECORDS.c.id, RECORDS.c.ts, RECORDS.c.psu).where(*record_where)):
                refs.setdefault((ballot, code), []).append(RecordRef(int(record_id), ts, _flag(psu)))
            for code, status, since, reason in conn.execute(
                select(MARKS.c.tps, MARKS.c.status, MARKS.c.since, MARKS.c.reason).where(
                    MARKS.c.ballot == ballot,
                    *(prefix_range(MARKS.c.tps, kecamatan) if chunk is None else [MARKS.c.tps.in_(chunk)]))
            ):
                marks[(ballot, code)] = Mark(TpsStatus(status), since, reason or "")
        compared = {*refs, *marks, *rows} if listed is None else {(ballot, code) for code in listed}
        choices = {key: choose(refs.get(key, []), marks.get(key)) for key in compared}
        counting = {key: record_id for key, record_id in rows.items() if key not in compared}
        counting.update((key, choice.record_id) for key, choice in choices.items())
        # the compared TPS's records in full (digest, anomaly rules); the others' figures only, for the totals
        facts = load_facts(conn, {c.record_id for c in choices.values() if c.record_id is not None})
        facts.update(_figures(conn, {i for k, i in counting.items() if k not in compared and i is not None}))
        if decoded is not None:
            decoded.update(facts)
        for key in sorted(compared):
            choice = choices[key]
            if choice.record_id is None and key not in marks:
                continue  # nothing to say about this TPS: it must have no counting row
            expected.current[key] = _current_row(
                key, choice, facts.get(choice.record_id) if choice.record_id is not None else None)
        totals = sum_facts(ballot, kecamatan, (facts[i] for i in counting.values() if i is not None and i in facts))
        expected.totals.update((key, _total_row(key, acc)) for key, acc in totals.items())
        shown = sorted(code for b, code in compared if (b, code) in rows)
        for chunk in [None] if listed is None else _chunks(shown):
            stmt = select(CURRENT).where(CURRENT.c.ballot == ballot, CURRENT.c.kecamatan == kecamatan)
            for r in conn.execute(stmt if chunk is None else stmt.where(CURRENT.c.tps.in_(chunk))).mappings():
                if (ballot, r["tps"]) in rows:
                    stored_current[(ballot, r["tps"])] = dict(r)
        for r in conn.execute(select(TOTALS).where(TOTALS.c.ballot == ballot, TOTALS.c.kecamatan == kecamatan)
                              ).mappings():
            stored_totals[(r["ballot"], r["kecamatan"], r["key"])] = dict(r)
    return _differences(expected, stored_current, stored_totals, limit)


def _differences(
    expected: Expected,
    stored_current: Mapping[TpsKey, Mapping[str, Any]],
    stored_totals: Mapping[TotalKey, Mapping[str, Any]],
    limit: int,
) -> list[str]:
    problems: list[str] = []
    for key in sorted(set(expected.current) | set(stored_current)):
        want, have = expected.current.get(key), stored_current.get(key)
        where = f"Sirekap turunan: TPS {key[1]} ({key[0]})"
        if have is None:
            problems.append(f"{where}: baris rekaman yang dihitung hilang dari tabel (dihapus di luar aplikasi)")
        elif want is None:
            problems.append(f"{where}: ada di tabel rekaman yang dihitung tanpa rekaman atau tanda status "
                            "(ditambah di luar aplikasi)")
        else:
            changed = [c for c in want if _norm(have.get(c)) != _norm(want[c])]
            if changed:
                detail = ", ".join(f"{_CURRENT_LABELS.get(c, c)} {have.get(c)!r} ≠ {want[c]!r}" for c in changed)
                problems.append(f"{where}: {detail} — diubah di luar aplikasi")
        if len(problems) >= limit:
            return problems
    for tkey in sorted(set(expected.totals) | set(stored_totals)):
        want, have = expected.totals.get(tkey), stored_totals.get(tkey)
        where = f"Jumlah Sirekap kecamatan {tkey[1]} ({tkey[0]}) angka {tkey[2]}"
        if have is None:
            problems.append(f"{where}: hilang dari tabel jumlah (dihapus di luar aplikasi)")
        elif want is None:
            problems.append(f"{where}: ada di tabel jumlah ({_shown(have['value'])}) tanpa rekaman TPS "
                            "(ditambah di luar aplikasi)")
        elif any(_norm(have[c]) != _norm(want[c]) for c in ("value", "tps_with_data", "ts_min", "ts_max")):
            problems.append(
                f"{where}: tabel berisi {_shown(have['value'])} dari {have['tps_with_data']!s} TPS, "
                f"rekaman TPS menjumlah {format_number(int(want['value']))} dari {want['tps_with_data']} TPS "
                "— diubah di luar aplikasi")
        if len(problems) >= limit:
            break
    return problems


def _norm(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    return value


def _shown(value: object) -> str:
    """A stored figure as the message shows it: 2.984, or the raw text/fraction raw SQL put there."""
    return format_number(value) if isinstance(value, int) and not isinstance(value, bool) else repr(value)
