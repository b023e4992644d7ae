"""The audit log: append-only, hash-chained, written in the same transaction as the change it records.

Each event's hash is SHA-256 over its canonical JSON (id, time, actor, station, action, cell, old and new value,
payload) together with the previous event's hash, so changing, removing or inserting an event anywhere breaks
every later link. The chain head leaves the database as the **audit anchor** ``AUDIT <n>:<16 hex>`` (the event
number and the first 16 hex digits of its hash), printed on every document page and shown on the projector, so
that a history rewritten and re-hashed is caught by any earlier photo or printout
(:func:`rekap_desktop.audit_verify.verify` with anchors).

Who: every event names its **actor** (the operator's stated name) and **station** (the machine, host name by
default). Events written before stations existed have an empty station and hash as they did then.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, select, text, update

from rekap_desktop.models import AuditEventRow, ChainHeadRow

GENESIS = "0" * 64
ANCHOR_HEX_DIGITS = 16
NOTIFY_CHANNEL = "rekap_audit"
"""PostgreSQL: every appended event is announced on this channel from the writing transaction (payload: the id)."""

audit_table: Table = AuditEventRow.__table__  # type: ignore[assignment]
head_table: Table = ChainHeadRow.__table__  # type: ignore[assignment]


_SELECT_HEAD = select(head_table.c.last_id, head_table.c.last_hash).where(head_table.c.id == 1)
_UPDATE_HEAD = (
    update(head_table).where(head_table.c.id == 1)
    .values(last_id=bindparam("new_id"), last_hash=bindparam("new_hash"))
)
_NOTIFY = text("SELECT pg_notify(:channel, :payload)")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(
    event_id: int,
    ts: str,
    actor: str,
    action: str,
    contest: str,
    kecamatan: str,
    line: str,
    old_value: int | None,
    new_value: int | None,
    payload: str,
    prev_hash: str,
    station: str = "",
) -> str:
    """SHA-256 (hex) of one event. The station is part of the hash; an event without one (written before
    stations existed) hashes as it always did."""
    fields: list[Any] = [event_id, ts, actor, action, contest, kecamatan, line, old_value, new_value, payload,
                         prev_hash]
    if station:
        fields.append(station)
    return hashlib.sha256(canonical(fields).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class AppendedEvent:
    id: int
    hash: str
    ts: str


class RawSQL:
    """The statements of the hot path as plain SQL for the driver itself (sqlite3 or psycopg), inside the caller's
    SQLAlchemy transaction: both drivers prepare and cache them, and an operator's edit skips SQLAlchemy's
    per-statement pipeline (~0,1 ms each; issue 16). ``?`` placeholders, turned into ``%s`` for psycopg."""

    def __init__(self, conn: Connection) -> None:
        self.pg = conn.dialect.name == "postgresql"
        driver = conn.connection.driver_connection
        assert driver is not None
        self.driver: Any = driver

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        return self.driver.execute(_PG_SQL[sql] if self.pg else sql, params)


_RAW_HEAD = "SELECT last_id, last_hash FROM chain_head WHERE id = 1"
_RAW_HEAD_FOR_UPDATE = _RAW_HEAD + " FOR UPDATE"
_RAW_INSERT_EVENT = (
    "INSERT INTO audit_event (id, ts, actor, station, action, contest, kecamatan, line, old_value, new_value, "
    "payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_RAW_UPDATE_HEAD = "UPDATE chain_head SET last_id = ?, last_hash = ? WHERE id = 1"
_RAW_NOTIFY = "SELECT pg_notify(?, ?)"


class _PgStatements(dict[str, str]):
    def __missing__(self, sql: str) -> str:
        converted = sql.replace("?", "%s")
        self[sql] = converted
        return converted


_PG_SQL = _PgStatements()


def lock_head(conn: Connection) -> tuple[int, str]:
    """Take the chain head's lock for this transaction and return (last id, last hash).

    Every writer takes it first (PostgreSQL: ``SELECT … FOR UPDATE``; SQLite: the write lock of
    ``BEGIN IMMEDIATE`` is already held), so whatever a writer reads after this call cannot change before it
    commits: status and old value of a cell are read under the same lock as the write (DESIGN §14).
    """
    raw = RawSQL(conn)
    last_id, last_hash = raw.execute(_RAW_HEAD_FOR_UPDATE if raw.pg else _RAW_HEAD).fetchone()
    return int(last_id), str(last_hash)


def append(
    conn: Connection,
    *,
    actor: str,
    action: str,
    station: str = "",
    contest: str = "",
    kecamatan: str = "",
    line: str = "",
    old_value: int | None = None,
    new_value: int | None = None,
    payload: dict[str, Any] | None = None,
    head: tuple[int, str] | None = None,
) -> AppendedEvent:
    """Append one event inside the caller's transaction; the chain head row serialises writers.

    ``head`` is what :func:`lock_head` returned earlier in the same transaction (saves one query).
    """
    last_id, last_hash = head if head is not None else lock_head(conn)
    event_id = last_id + 1
    ts = now_iso()
    payload_text = canonical(payload or {})
    digest = event_hash(
        event_id, ts, actor, action, contest, kecamatan, line, old_value, new_value, payload_text, last_hash, station
    )
    raw = RawSQL(conn)
    raw.execute(_RAW_INSERT_EVENT, (event_id, ts, actor, station, action, contest, kecamatan, line, old_value,
                                    new_value, payload_text, last_hash, digest))
    raw.execute(_RAW_UPDATE_HEAD, (event_id, digest))
    if raw.pg:  # tell listening stations (delivered at commit)
        raw.execute(_RAW_NOTIFY, (NOTIFY_CHANNEL, str(event_id)))
    return AppendedEvent(event_id, digest, ts)


def append_many(
    conn: Connection, *, actor: str, events: list[dict[str, Any]], station: str = "",
    head: tuple[int, str] | None = None,
) -> list[AppendedEvent]:
    """Append several events in one go (bulk import): same chain, one INSERT round trip.

    Each event dict has the keyword arguments of :func:`append` (action, contest, kecamatan, line, old_value,
    new_value, payload).
    """
    if not events:
        return []
    last_id, last_hash = head if head is not None else lock_head(conn)
    rows: list[dict[str, Any]] = []
    out: list[AppendedEvent] = []
    ts = now_iso()
    for ev in events:
        last_id += 1
        payload_text = canonical(ev.get("payload") or {})
        row = {
            "id": last_id, "ts": ts, "actor": actor, "station": station, "action": ev["action"],
            "contest": ev.get("contest", ""), "kecamatan": ev.get("kecamatan", ""), "line": ev.get("line", ""),
            "old_value": ev.get("old_value"), "new_value": ev.get("new_value"), "payload": payload_text,
            "prev_hash": last_hash,
        }
        row["hash"] = event_hash(
            last_id, ts, actor, row["action"], row["contest"], row["kecamatan"], row["line"], row["old_value"],
            row["new_value"], payload_text, last_hash, station,
        )
        last_hash = row["hash"]
        rows.append(row)
        out.append(AppendedEvent(last_id, last_hash, ts))
    conn.execute(audit_table.insert(), rows)
    conn.execute(_UPDATE_HEAD, {"new_id": last_id, "new_hash": last_hash})
    _announce(conn, last_id)
    return out


def _announce(conn: Connection, event_id: int) -> None:
    """PostgreSQL: tell listening stations that events up to ``event_id`` exist (delivered at commit)."""
    if conn.dialect.name == "postgresql":
        conn.execute(_NOTIFY, {"channel": NOTIFY_CHANNEL, "payload": str(event_id)})


# ------------------------------------------------------------------------------------------------ anchors
_ANCHOR_RE = re.compile(r"^\s*AUDIT\s+(\d+)\s*:\s*([0-9a-fA-F]{16})\s*$")


@dataclass(frozen=True, slots=True)
class Anchor:
    """A point of the chain as it leaves the database: event number and the first 16 hex digits of its hash."""

    event_id: int
    hash_prefix: str

    @property
    def text(self) -> str:
        """``AUDIT <n>:<16 hex>`` — exactly as printed and projected."""
        return f"AUDIT {self.event_id}:{self.hash_prefix}"

    def __str__(self) -> str:
        return self.text

    @classmethod
    def parse(cls, text_: str) -> Anchor:
        """Parse ``AUDIT <n>:<16 hex>``; ValueError (Indonesian) otherwise."""
        match = _ANCHOR_RE.match(text_)
        if match is None:
            raise ValueError(f"jangkar audit tidak dikenali: {text_!r} (bentuknya: AUDIT <nomor>:<16 digit heksa>)")
        number = int(match.group(1))
        if number > MAX_EVENT_ID:
            raise ValueError(f"jangkar audit tidak sah: nomor peristiwa {match.group(1)[:30]} terlalu besar")
        return cls(number, match.group(2).lower())


MAX_EVENT_ID = 2**63 - 1
"""The largest event number a database column holds (SQLite INTEGER, PostgreSQL BIGINT)."""


def anchor_of(event_id: int, event_hash_hex: str) -> Anchor:
    return Anchor(event_id, event_hash_hex[:ANCHOR_HEX_DIGITS])


def current_anchor(conn: Connection) -> Anchor:
    """The anchor of the chain head as committed (event 0 and the genesis hash on an empty log)."""
    last_id, last_hash = conn.execute(_SELECT_HEAD).one()
    return anchor_of(int(last_id), str(last_hash))


def row_snapshot(row: Any) -> dict[str, Any]:
    """A JSON-safe snapshot of an ORM row (all columns) for the audit payload."""
    return {col.key: getattr(row, col.key) for col in row.__table__.columns}
