"""What a forger with the database file does (shared by the trust tests): switch off the append-only triggers and
re-hash the chain after rewriting history. Nothing secret is needed: that is why anchors must leave the database."""

from __future__ import annotations

from sqlalchemy import Connection, text

from rekap_desktop.audit import event_hash


def disable_append_only(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(text("DROP TRIGGER IF EXISTS audit_event_no_update"))
        conn.execute(text("DROP TRIGGER IF EXISTS audit_event_no_delete"))
    else:
        conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER USER"))


def rehash_from(conn: Connection, first: int) -> None:
    """Recompute every hash from event ``first`` on, and the chain head."""
    rows = conn.execute(text(
        "SELECT id, ts, actor, action, contest, kecamatan, line, old_value, new_value, payload, station "
        f"FROM audit_event WHERE id >= {first} ORDER BY id"
    )).all()
    prev = conn.execute(text(f"SELECT hash FROM audit_event WHERE id = {first - 1}")).scalar_one()
    for r in rows:
        digest = event_hash(r.id, r.ts, r.actor, r.action, r.contest, r.kecamatan, r.line, r.old_value, r.new_value,
                            r.payload, prev, r.station or "")
        conn.execute(text("UPDATE audit_event SET prev_hash = :p, hash = :h WHERE id = :i"),
                     {"p": prev, "h": digest, "i": r.id})
        prev = digest
    conn.execute(text("UPDATE chain_head SET last_id = :i, last_hash = :h"), {"i": rows[-1].id, "h": prev})
