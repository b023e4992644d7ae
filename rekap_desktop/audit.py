"""The audit log: append-only, hash-chained, written in the same transaction as the change it records.

Each event's hash is SHA-256 over its canonical JSON together with the previous event's hash, so changing,
removing or inserting an event anywhere breaks every later link. :func:`verify` re-walks the chain and
re-derives the current entries, kecamatan statuses, keberatan and attendance from it, so a change made
behind the application's back (raw SQL on the tables) is found and named.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, select, update

from rekap_desktop.models import (
    AttendanceRow,
    AuditEventRow,
    ChainHeadRow,
    EntryRow,
    KeberatanRow,
    KecamatanStatusRow,
)

GENESIS = "0" * 64



audit_table: Table = AuditEventRow.__table__  # type: ignore[assignment]
head_table: Table = ChainHeadRow.__table__  # type: ignore[assignment]


# Statements of the hot path, built once (an operator edit appends one event).
_SELECT_HEAD = select(head_table.c.last_id, head_table.c.last_hash).where(head_table.c.id == 1)
_SELECT_HEAD_FOR_UPDATE = _SELECT_HEAD.with_for_update()
_INSERT_EVENT = audit_table.insert()
_UPDATE_HEAD = (
    update(head_table).where(head_table.c.id == 1)
    .values(last_id=bindparam("new_id"), last_hash=bindparam("new_hash"))
)


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
) -> str:
    body = canonical([event_id, ts, actor, action, contest, kecamatan, line, old_value, new_value, payload, prev_hash])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class AppendedEvent:
    id: int
    hash: str
    ts: str


def append(
    conn: Connection,
    *,
    actor: str,
    action: str,
    contest: str = "",
    kecamatan: str = "",
    line: str = "",
    old_value: int | None = None,
    new_value: int | None = None,
    payload: dict[str, Any] | None = None,
) -> AppendedEvent:
    """Append one event inside the caller's transaction; the chain head row serialises writers."""
    pg = conn.dialect.name == "postgresql"
    row = conn.execute(_SELECT_HEAD_FOR_UPDATE if pg else _SELECT_HEAD).one()
    event_id = row.last_id + 1
    ts = now_iso()
    payload_text = canonical(payload or {})
    digest = event_hash(
        event_id, ts, actor, action, contest, kecamatan, line, old_value, new_value, payload_text, row.last_hash
    )
    conn.execute(_INSERT_EVENT, {
        "id": event_id, "ts": ts, "actor": actor, "action": action, "contest": contest, "kecamatan": kecamatan,
        "line": line, "old_value": old_value, "new_value": new_value, "payload": payload_text,
        "prev_hash": row.last_hash, "hash": digest,
    })
    conn.execute(_UPDATE_HEAD, {"new_id": event_id, "new_hash": digest})
    return AppendedEvent(event_id, digest, ts)


def append_many(conn: Connection, *, actor: str, events: list[dict[str, Any]]) -> list[AppendedEvent]:
    """Append several events in one go (bulk import): same chain, one INSERT round trip.

    Each event dict has the keyword arguments of :func:`append` (action, contest, kecamatan, line, old_value,
    new_value, payload).
    """
    if not events:
        return []
    select_head = select(head_table.c.last_id, head_table.c.last_hash).where(head_table.c.id == 1)
    if conn.dialect.name == "postgresql":
        select_head = select_head.with_for_update()
    head = conn.execute(select_head).one()
    last_id, last_hash = head.last_id, head.last_hash
    rows: list[dict[str, Any]] = []
    out: list[AppendedEvent] = []
    ts = now_iso()
    for ev in events:
        last_id += 1
        payload_text = canonical(ev.get("payload") or {})
        row = {
            "id": last_id, "ts": ts, "actor": actor, "action": ev["action"], "contest": ev.get("contest", ""),
            "kecamatan": ev.get("kecamatan", ""), "line": ev.get("line", ""), "old_value": ev.get("old_value"),
            "new_value": ev.get("new_value"), "payload": payload_text, "prev_hash": last_hash,
        }
        row["hash"] = event_hash(
            last_id, ts, actor, row["action"], row["contest"], row["kecamatan"], row["line"], row["old_value"],
            row["new_value"], payload_text, last_hash,
        )
        last_hash = row["hash"]
        rows.append(row)
        out.append(AppendedEvent(last_id, last_hash, ts))
    conn.execute(audit_table.insert(), rows)
    conn.execute(update(head_table).where(head_table.c.id == 1).values(last_id=last_id, last_hash=last_hash))
    return out


@dataclass
class VerifyReport:
    events: int = 0
    entries: int = 0
    problems: list[str] = field(default_factory=list)
    first_bad_event: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(conn: Connection, limit_problems: int = 20) -> VerifyReport:
    """Re-walk the chain and re-derive the current state from it."""
    report = VerifyReport()

    def problem(text: str, event_id: int | None = None) -> None:
        if event_id is not None and report.first_bad_event is None:
            report.first_bad_event = event_id
        if len(report.problems) < limit_problems:
            report.problems.append(text)

    entries: dict[tuple[str, str, str], tuple[int, int]] = {}
    statuses: dict[tuple[str, str], tuple[str, int]] = {}
    records: dict[tuple[str, int], dict[str, Any]] = {}
    prev = GENESIS
    expected_id = 1
    for ev in conn.execute(select(audit_table).order_by(audit_table.c.id)):
        report.events += 1
        if ev.id != expected_id:
            problem(f"peristiwa audit #{expected_id} hilang (berikutnya #{ev.id})", expected_id)
        expected_id = ev.id + 1
        if ev.prev_hash != prev:
            problem(f"peristiwa audit #{ev.id}: rantai hash putus (prev_hash tidak sama dengan hash sebelumnya)", ev.id)
        digest = event_hash(
            ev.id, ev.ts, ev.actor, ev.action, ev.contest, ev.kecamatan, ev.line, ev.old_value, ev.new_value,
            ev.payload, ev.prev_hash,
        )
        if digest != ev.hash:
            problem(f"peristiwa audit #{ev.id} telah diubah (hash tidak cocok)", ev.id)
        prev = ev.hash
        if ev.action == "entry.set":
            key = (ev.contest, ev.line, ev.kecamatan)
            if ev.new_value is None:
                entries.pop(key, None)
            else:
                entries[key] = (ev.new_value, ev.id)
        elif ev.action == "status.set":
            statuses[(ev.contest, ev.kecamatan)] = (json.loads(ev.payload)["status"], ev.id)
        elif ev.action.startswith(("keberatan.", "attendance.")):
            data = json.loads(ev.payload)
            kind = ev.action.split(".")[0]
            if "row" in data:
                records[(kind, int(data["row"]["id"]))] = data["row"]
            for removed in data.get("removed", []):
                records.pop((kind, int(removed)), None)
    head = conn.execute(select(head_table)).one()
    if head.last_hash != prev or head.last_id != expected_id - 1:
        problem(f"kepala rantai audit (#{head.last_id}) tidak sama dengan peristiwa terakhir (#{expected_id - 1})")

    current = {
        (r.contest, r.line, r.kecamatan): (r.value, r.event_id) for r in conn.execute(select(EntryRow.__table__))
    }
    report.entries = len(current)
    for key in sorted(set(entries) | set(current)):
        derived, stored = entries.get(key), current.get(key)
        if derived == stored:
            continue
        contest, line, kec = key
        where = f"isian {contest} / kecamatan {kec} / baris {line}"
        if stored is None:
            problem(f"{where}: ada di log audit ({derived[0] if derived else '-'}) tetapi hilang dari tabel isian")
        elif derived is None:
            problem(f"{where}: nilai {stored[0]} tidak tercatat di log audit (diubah di luar aplikasi)")
        else:
            problem(f"{where}: tabel berisi {stored[0]} (peristiwa #{stored[1]}), log audit menurunkan "
                    f"{derived[0]} (peristiwa #{derived[1]}) — diubah di luar aplikasi")
    stored_status = {
        (r.contest, r.kecamatan): (r.status, r.event_id) for r in conn.execute(select(KecamatanStatusRow.__table__))
    }
    for skey in sorted(set(statuses) | set(stored_status)):
        if statuses.get(skey) != stored_status.get(skey):
            problem(
                f"status kecamatan {skey[1]} ({skey[0]}): tabel {stored_status.get(skey)} "
                f"≠ log audit {statuses.get(skey)}"
            )
    for kind, table in (("keberatan", KeberatanRow.__table__), ("attendance", AttendanceRow.__table__)):
        stored_rows = {int(r["id"]): dict(r) for r in conn.execute(select(table)).mappings()}
        derived_rows = {rid: row for (k, rid), row in records.items() if k == kind}
        for rid in sorted(set(stored_rows) | set(derived_rows)):
            a, b = stored_rows.get(rid), derived_rows.get(rid)
            if a is None or b is None or any(a.get(col) != val for col, val in b.items()):
                problem(f"{kind} #{rid}: isi tabel tidak sama dengan log audit (diubah di luar aplikasi)")
    return report


def row_snapshot(row: Any) -> dict[str, Any]:
    """A JSON-safe snapshot of an ORM row (all columns) for the audit payload."""
    return {col.key: getattr(row, col.key) for col in row.__table__.columns}
