"""Checking the derived Sirekap tables against the records they are derived from
(:mod:`rekap_desktop.sirekap.derived_compute`).

:func:`verify` recomputes them in memory and names every stored row that differs — ``verify-audit`` calls it, so a
total changed by raw SQL is named; :func:`verify_kecamatan` does the same for the kecamatan a write is about to
overwrite, so such a change is refused rather than silently overwritten (:mod:`rekap_desktop.sirekap.guard`). The
messages are Indonesian.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, select

from rekap_desktop.numbers import format_number
from rekap_desktop.sirekap.derived_compute import (
    CURRENT,
    MARKS,
    RECORDS,
    TOTALS,
    Expected,
    RecordFacts,
    TotalKey,
    TpsKey,
    chunks,
    compute,
    current_row,
    load_facts,
    load_figures,
    prefix_range,
    psu_flag,
    sum_facts,
    total_row,
)
from rekap_desktop.sirekap.status import Mark, RecordRef, TpsStatus, choose

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
    the records decoded on the way (by id), for :func:`~rekap_desktop.sirekap.derived.recompute_kecamatan` right
    after."""
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
        for chunk in [None] if listed is None else chunks(listed):
            record_where = [RECORDS.c.ballot == ballot, *(prefix_range(RECORDS.c.tps, kecamatan) if chunk is None
                                                          else [RECORDS.c.tps.in_(chunk)])]
            if before_id is not None:
                record_where.append(RECORDS.c.id <= before_id)
            for code, record_id, ts, psu in conn.execute(
                    select(RECORDS.c.tps, RECORDS.c.id, RECORDS.c.ts, RECORDS.c.psu).where(*record_where)):
                refs.setdefault((ballot, code), []).append(RecordRef(int(record_id), ts, psu_flag(psu)))
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
        facts.update(load_figures(conn, {i for k, i in counting.items() if k not in compared and i is not None}))
        if decoded is not None:
            decoded.update(facts)
        for key in sorted(compared):
            choice = choices[key]
            if choice.record_id is None and key not in marks:
                continue  # nothing to say about this TPS: it must have no counting row
            expected.current[key] = current_row(
                key, choice, facts.get(choice.record_id) if choice.record_id is not None else None)
        totals = sum_facts(ballot, kecamatan, (facts[i] for i in counting.values() if i is not None and i in facts))
        expected.totals.update((key, total_row(key, acc)) for key, acc in totals.items())
        shown = sorted(code for b, code in compared if (b, code) in rows)
        for chunk in [None] if listed is None else chunks(shown):
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
