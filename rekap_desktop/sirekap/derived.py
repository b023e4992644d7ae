"""Derived Sirekap tables: the counting record per TPS (`sirekap_current`) and per-kecamatan totals
(`sirekap_total`), kept at import time and on status marks so that opening a contest, `check` and the documents
never decode every TPS record (issue 16.2).

Both are pure functions of the stored records (`sirekap_record`) and hand marks (`sirekap_tps_status`): what they
must hold is defined in :mod:`rekap_desktop.sirekap.derived_compute`; this module keeps them stored.
:func:`refresh` updates them for the TPS an import or a mark touched (in the writer's transaction);
:func:`recompute_kecamatan` and :func:`add_gains` bring one kecamatan's totals up to date; :func:`rebuild`
recomputes them whole (the migration that introduced them, ``repair-derived``). :func:`verify` and
:func:`verify_kecamatan` (:mod:`rekap_desktop.sirekap.derived_verify`) name every stored row that differs from what
the records say: ``verify-audit`` and the guard of a write (:mod:`rekap_desktop.sirekap.guard`) call them.

Callers import all of it from here: the public names of the other two modules are re-exported.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, tuple_

from rekap_desktop.sirekap.derived_compute import (
    CURRENT,
    MANY,
    MARKS,
    RECORDS,
    TOTALS,
    Acc,
    Expected,
    RecordFacts,
    TotalKey,
    TpsKey,
    accumulate,
    anomaly_rules,
    by_ballot,
    chunks,
    compute,
    current_row,
    facts_of,
    figures_digest,
    figures_hash,
    figures_json,
    load_facts,
    load_figures,
    load_marks,
    load_refs,
    prefix_range,
    sum_facts,
    total_row,
)
from rekap_desktop.sirekap.derived_verify import verify, verify_kecamatan
from rekap_desktop.sirekap.status import Choice, RecordRef, choose

__all__ = [
    "CURRENT",
    "MARKS",
    "RECORDS",
    "TOTALS",
    "Acc",
    "Expected",
    "RecordFacts",
    "Refreshed",
    "TotalKey",
    "TpsKey",
    "add_gains",
    "anomaly_rules",
    "compute",
    "facts_of",
    "figures_digest",
    "figures_hash",
    "figures_json",
    "load_facts",
    "load_marks",
    "load_refs",
    "prefix_range",
    "rebuild",
    "recompute_kecamatan",
    "refresh",
    "sum_facts",
    "verify",
    "verify_kecamatan",
]

_LOADS = json.loads


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
    for ballot, codes in by_ballot(keys).items():
        wanted = set(codes)
        stmt = select(CURRENT.c.tps, CURRENT.c.record_id, CURRENT.c.status, CURRENT.c.status_source).where(
            CURRENT.c.ballot == ballot)
        if len(codes) <= MANY:
            for chunk in chunks(sorted(wanted)):
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
    for ballot, codes in by_ballot(gone).items():
        for chunk in chunks(codes):
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
            accumulate(gains, key[0], key[1], facts[choice.record_id])
    replaced = [key for key in new if key in old]
    for ballot, codes in by_ballot(replaced).items():
        for chunk in chunks(codes):
            conn.execute(delete(CURRENT).where(CURRENT.c.ballot == ballot, CURRENT.c.tps.in_(chunk)))
    _insert(conn, CURRENT, [
        current_row(key, choice, facts.get(choice.record_id) if choice.record_id is not None else None)
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
            more = load_figures(conn, missing)
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
    _insert(conn, TOTALS, [total_row(key, acc) for key, acc in sorted(totals.items())])


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
    for chunk in chunks(pairs):
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
    for chunk in chunks(stale):
        conn.execute(delete(TOTALS).where(tuple_(TOTALS.c.ballot, TOTALS.c.kecamatan, TOTALS.c.key).in_(chunk)))
    _insert(conn, TOTALS, [total_row(key, acc) for key, acc in sorted(merged.items())])


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
