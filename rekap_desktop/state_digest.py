"""Digests of the stored state the audit chain vouches for besides its own events (DESIGN §13).

Two kinds:

- **State tables** (reference data and settings: regions with their DPT and TPS, dapil, parties, paslon,
  candidates, office settings incl. the Sirekap tolerance). Every event that may change one of them carries
  ``payload["state"]``: the digest of each such table right after the change (:func:`state_digests`). The
  newest digest in the chain must equal the table as it is now; a change by raw SQL is named by table, and by row
  when the copy of the rows kept beside the digests vouches for them (:mod:`rekap_desktop.state_rows`).
- **Snapshot tables** (Sirekap imports): the rows each import added, by snapshot id. The import event carries
  ``payload["snapshot_digest"]`` (:func:`snapshot_digest`); verify recomputes it for every snapshot.

A digest is SHA-256 over the sorted SHA-256 of each row's canonical JSON: independent of row order and of how the
database returns rows, streaming-friendly (the importer hashes rows as it writes them, :func:`row_hash`), and as
collision-resistant as SHA-256.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, inspect, select

from rekap_desktop.audit import audit_table
from rekap_desktop.models import (
    Base,
    CandidateRow,
    DapilKecamatanRow,
    DapilPartyRow,
    DapilRow,
    PartyRow,
    PaslonRow,
    RegionRow,
    SettingRow,
    SirekapAggregateRow,
    SirekapFileRow,
    SirekapRecordRow,
    SirekapSnapshotRow,
)

STATE_TABLES: tuple[type[Base], ...] = (
    SettingRow,
    RegionRow,
    PartyRow,
    PaslonRow,
    DapilRow,
    DapilKecamatanRow,
    DapilPartyRow,
    CandidateRow,
)
"""Reference data and settings: each digest is recorded whenever the app changes the table."""

SNAPSHOT_TABLES: tuple[type[Base], ...] = (SirekapFileRow, SirekapRecordRow, SirekapAggregateRow)
"""Sirekap rows, each with a ``snapshot_id``: digested per snapshot (``id`` columns excluded: the importer does
not know them before the database assigns them)."""

TABLE_LABELS = {
    "setting": "pengaturan kantor/pemilihan",
    "region": "wilayah (DPT, TPS)",
    "party": "partai",
    "paslon": "pasangan calon",
    "dapil": "dapil",
    "dapil_kecamatan": "susunan kecamatan dapil",
    "dapil_party": "partai peserta dapil",
    "candidate": "daftar calon",
    "sirekap_snapshot": "impor Sirekap",
    "sirekap_file": "berkas Sirekap",
    "sirekap_record": "rekaman TPS Sirekap",
    "sirekap_aggregate": "berkas agregat Sirekap",
}


def _table(model: type[Base]) -> Table:
    return model.__table__  # type: ignore[return-value]


def _norm(value: object) -> object:
    return int(value) if isinstance(value, bool) else value


def _odd(value: object) -> object:
    """What no column of ours holds, but SQLite keeps in any column when raw SQL writes it (a BLOB): digested as
    ``{"blob": hex}`` — never equal to a text or a number — instead of json.dumps raising and verify-audit (and
    every check before a reference change) failing with a TypeError."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"blob": bytes(value).hex()}
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def row_text(values: Sequence[object]) -> str:
    """The canonical text of one row's values in column order (booleans as 0/1, so every driver agrees)."""
    return json.dumps([_norm(v) for v in values], ensure_ascii=False, separators=(",", ":"), default=_odd)


def row_hash(values: Sequence[object]) -> bytes:
    """SHA-256 of one row's :func:`row_text`."""
    return hashlib.sha256(row_text(values).encode("utf-8")).digest()


def combine(row_hashes: Iterable[bytes]) -> str:
    """The digest of a set of rows from their :func:`row_hash` values (order does not matter)."""
    digest = hashlib.sha256()
    for h in sorted(row_hashes):
        digest.update(h)
    return digest.hexdigest()


EMPTY_DIGEST = combine(())
"""The digest of an empty table."""


def digest_columns(model: type[Base]) -> list[str]:
    """The columns a digest covers: all, except the surrogate ``id`` of snapshot tables."""
    table = _table(model)
    skip = {"id"} if model in SNAPSHOT_TABLES else set()
    return [c.name for c in table.columns if c.name not in skip]


def table_digest(conn: Connection, model: type[Base], *, present: set[str] | None = None) -> str:
    """``present``: only these columns (the ones an older schema has: digests it recorded cover just those)."""
    table = _table(model)
    names = [n for n in digest_columns(model) if present is None or n in present]
    columns = [table.c[name] for name in names]
    return combine(row_hash(tuple(r)) for r in conn.execute(select(*columns)))


def state_digests(conn: Connection) -> dict[str, str]:
    """Digest of every state table as it is inside the caller's transaction."""
    return {_table(model).name: table_digest(conn, model) for model in STATE_TABLES}


_STATE_EVENTS = (
    select(audit_table.c.id, audit_table.c.payload)
    .where(audit_table.c.payload.like('%"state":{%'))
    .order_by(audit_table.c.id.desc())
)


def recorded_state(conn: Connection) -> tuple[dict[str, str], int, str | None]:
    """The state digests the chain recorded last, the event that recorded them and the schema revision they were
    computed under (None for events of versions that did not say); ({}, 0, None): none yet."""
    for row in conn.execute(_STATE_EVENTS):  # newest first; a text that merely contains the words is skipped
        try:
            data = json.loads(row.payload)
        except ValueError:
            continue
        state = data.get("state") if isinstance(data, dict) else None
        if isinstance(state, dict):
            schema = data.get("schema")
            return {str(k): str(v) for k, v in state.items()}, int(row.id), str(schema) if schema else None
    return {}, 0, None


def state_mismatches(conn: Connection, *, stored_revision: str | None = None) -> tuple[list[str], int]:
    """The state tables that differ from what the chain recorded last (changed behind the app's back), and the
    event of that record. Empty tables never recorded count as matching (a new database).

    ``stored_revision``: the database is at this (older) schema revision, about to be upgraded. The digests are
    then compared over the columns the recording version had: the columns present now when it recorded under this
    revision (or did not say), every column when it recorded under the newest schema and they all exist; when
    neither holds (a database taken back to an older schema) the tables cannot be compared and nothing is named.
    """
    from rekap_desktop.db import schema_head

    recorded, event_id, schema = recorded_state(conn)
    present_by_table = {_table(m).name: {c["name"] for c in inspect(conn).get_columns(_table(m).name)}
                        for m in STATE_TABLES} if stored_revision is not None else {}
    bad = []
    for model in STATE_TABLES:
        name = _table(model).name
        if stored_revision is None:
            digest = table_digest(conn, model)
        else:
            present = present_by_table[name]
            if schema is None or schema == stored_revision:
                digest = table_digest(conn, model, present=present)
            elif schema == schema_head() and set(digest_columns(model)) <= present:
                digest = table_digest(conn, model)
            else:
                return [], event_id  # recorded under another schema than this database has: not comparable
        if recorded.get(name, EMPTY_DIGEST) != digest:
            bad.append(name)
    return bad, event_id


def _snapshot_row_part(conn: Connection, snapshot_id: int) -> str:
    table = _table(SirekapSnapshotRow)
    row = conn.execute(select(table).where(table.c.id == snapshot_id)).first()
    return f"sirekap_snapshot:{row_hash(tuple(row)).hex() if row is not None else '-'}"


def snapshot_digest(conn: Connection, snapshot_id: int) -> str:
    """Digest of everything one Sirekap import stored (its snapshot row, files, TPS records, aggregates).

    Call it after the snapshot row got its final counts, in the import's own transaction."""
    parts = [_snapshot_row_part(conn, snapshot_id)]
    for model in SNAPSHOT_TABLES:
        table = _table(model)
        columns = [table.c[name] for name in digest_columns(model)]
        rows = conn.execute(select(*columns).where(table.c.snapshot_id == snapshot_id))
        parts.append(f"{table.name}:{combine(row_hash(tuple(r)) for r in rows)}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def snapshot_digests(conn: Connection) -> dict[int, str]:
    """:func:`snapshot_digest` of every snapshot present in any snapshot table, in one pass per table."""
    per_table: dict[str, dict[int, list[bytes]]] = {}
    snapshot_ids: set[int] = set()
    for model in SNAPSHOT_TABLES:
        table = _table(model)
        names = digest_columns(model)
        index = names.index("snapshot_id")
        hashes: dict[int, list[bytes]] = {}
        for row in conn.execute(select(*(table.c[n] for n in names))):
            hashes.setdefault(int(row[index]), []).append(row_hash(tuple(row)))
        per_table[table.name] = hashes
        snapshot_ids.update(hashes)
    snapshot_rows = {int(r[0]): r for r in conn.execute(select(_table(SirekapSnapshotRow)))}
    snapshot_ids.update(snapshot_rows)
    out: dict[int, str] = {}
    for sid in sorted(snapshot_ids):
        snapshot_row = snapshot_rows.get(sid)
        own = row_hash(tuple(snapshot_row)).hex() if snapshot_row is not None else "-"
        parts = [f"sirekap_snapshot:{own}"]
        parts += [f"{name}:{combine(hashes.get(sid, ()))}" for name, hashes in per_table.items()]
        out[sid] = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return out


def describe(table_name: str) -> str:
    return TABLE_LABELS.get(table_name, table_name)


def payload_state(conn: Connection) -> dict[str, Any]:
    """``{"state": {table: digest}}`` for an audit payload; keeps the copy of the rows digested level with them
    (:mod:`rekap_desktop.state_rows`: what lets verify-audit name a row changed by raw SQL)."""
    from rekap_desktop import state_rows
    from rekap_desktop.db import schema_head

    return {"state": state_rows.sync(conn), "schema": schema_head()}
