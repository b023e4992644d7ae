"""``verify-audit``: re-walk the chain, re-derive the stored state from it, check it against anchors.

What is checked (each problem is named in Indonesian, so Bawaslu can see what was changed where):

1. The chain: ids without gaps, each ``prev_hash`` the previous event's hash, each hash recomputed; the chain
   head row equal to the last event.
2. Re-derivation: the manual entries and kecamatan statuses from their events (``entry.set``, ``status.set``),
   and every table in :data:`ROW_TABLES` from the row snapshots its events carry (``payload["row"]``, and
   ``payload["removed"]`` for rows taken away). A row changed by raw SQL differs from its last snapshot.
3. State digests (:mod:`rekap_desktop.state_digest`): reference data and settings against the newest digest the
   chain recorded; every Sirekap snapshot against the digest its import recorded; the Sirekap tables derived from
   the snapshots (counting record per TPS, per-kecamatan totals) recomputed from them.
4. Anchors: each ``AUDIT <n>:<16 hex>`` given (a photo of the projector, a printed page) must still be on the
   chain: event n exists and its hash starts with those digits. A history rewritten and re-hashed fails here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, select

from rekap_desktop import state_rows
from rekap_desktop.audit import GENESIS, Anchor, audit_table, event_hash, head_table
from rekap_desktop.models import (
    AttendanceRow,
    Base,
    DocumentIssueRow,
    EntryRow,
    KeberatanRow,
    KecamatanStatusRow,
    RecountRow,
    SirekapTpsStatusRow,
    later_column_defaults,
)
from rekap_desktop.state_digest import EMPTY_DIGEST, describe, snapshot_digests, state_digests

ROW_TABLES: dict[str, type[Base]] = {
    "keberatan": KeberatanRow,
    "attendance": AttendanceRow,
    "document": DocumentIssueRow,
    "recount": RecountRow,
    "tps_status": SirekapTpsStatusRow,
}
"""Tables re-derived from row snapshots: events whose action starts with ``<kind>.`` carry ``{"row": {...}}``
(the row as written, all columns) and/or ``{"removed": [ids]}``. A new audited table adds one entry here."""

ROW_LABELS = {
    "keberatan": "keberatan/kejadian khusus",
    "attendance": "daftar hadir",
    "document": "register dokumen",
    "recount": "hitung ulang TPS",
    "tps_status": "tanda status TPS Sirekap (PSU/PSL)",
}


CLOCK_SKEW_MINUTES = 10
"""Stations' clocks differ a little; an event dated more than this before the previous one is named."""


def _minutes_between(earlier: str, later: str) -> float:
    from datetime import datetime

    try:
        return (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds() / 60
    except ValueError:
        return float("inf")


@dataclass
class VerifyReport:
    events: int = 0
    entries: int = 0
    problems: list[str] = field(default_factory=list)
    first_bad_event: int | None = None
    anchors_checked: int = 0
    head: Anchor | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(conn: Connection, anchors: Iterable[Anchor] = (), limit_problems: int = 50) -> VerifyReport:
    """Re-walk the chain and re-derive the current state from it (see the module docstring)."""
    report = VerifyReport()
    wanted = {a.event_id: a for a in anchors}

    def problem(text: str, event_id: int | None = None) -> None:
        if event_id is not None and report.first_bad_event is None:
            report.first_bad_event = event_id
        if len(report.problems) < limit_problems:
            report.problems.append(text)

    entries: dict[tuple[str, str, str], tuple[int, int]] = {}
    statuses: dict[tuple[str, str], tuple[str, int]] = {}
    records: dict[tuple[str, int], dict[str, Any]] = {}
    state: dict[str, tuple[str, int]] = {}
    snapshots: dict[int, tuple[str, int]] = {}
    seen_anchor: set[int] = set()
    prev = GENESIS
    last_ts = ""
    expected_id = 1
    last_id = 0
    for ev in conn.execute(select(audit_table).order_by(audit_table.c.id)):
        report.events += 1
        if ev.id != expected_id:
            problem(f"peristiwa audit #{expected_id} hilang (berikutnya #{ev.id})", expected_id)
        expected_id = ev.id + 1
        last_id = ev.id
        if ev.prev_hash != prev:
            problem(f"peristiwa audit #{ev.id}: rantai hash putus (prev_hash tidak sama dengan hash sebelumnya)", ev.id)
        digest = event_hash(
            ev.id, ev.ts, ev.actor, ev.action, ev.contest, ev.kecamatan, ev.line, ev.old_value, ev.new_value,
            ev.payload, ev.prev_hash, ev.station or "",
        )
        if digest != ev.hash:
            problem(f"peristiwa audit #{ev.id} telah diubah (hash tidak cocok)", ev.id)
        prev = ev.hash
        if last_ts and ev.ts < last_ts and _minutes_between(ev.ts, last_ts) > CLOCK_SKEW_MINUTES:
            problem(f"peristiwa audit #{ev.id} bertanggal {ev.ts}, lebih awal dari peristiwa sebelumnya ({last_ts}) — "
                    "urutan waktu tidak wajar (disisipkan atau jam stasiun salah)", ev.id)
        last_ts = max(last_ts, ev.ts)
        anchor = wanted.get(ev.id)
        if anchor is not None:
            seen_anchor.add(ev.id)
            if not ev.hash.startswith(anchor.hash_prefix):
                problem(f"rantai tidak lagi melewati jangkar {anchor.text}: peristiwa #{ev.id} kini berhash "
                        f"{ev.hash[:16]} — riwayat telah ditulis ulang setelah jangkar itu dicatat", ev.id)
        _derive(ev, entries, statuses, records, state, snapshots, problem)
    for event_id, anchor in sorted(wanted.items()):
        if event_id == 0:
            if anchor.hash_prefix != GENESIS[:16]:
                problem(f"jangkar {anchor.text} tidak sah (peristiwa 0 adalah awal rantai)")
        elif event_id not in seen_anchor:
            problem(f"jangkar {anchor.text} tidak ada di log: log hanya sampai #{last_id} — peristiwa setelahnya "
                    "telah dihapus atau basis data dikembalikan ke salinan lama")
    report.anchors_checked = len(wanted)
    head = conn.execute(select(head_table)).one()
    if head.last_id != expected_id - 1:
        problem(f"kepala rantai audit menunjuk peristiwa #{head.last_id}, padahal peristiwa terakhir di log "
                f"#{expected_id - 1}")
    elif head.last_hash != prev:
        problem(f"hash kepala rantai audit tidak sama dengan hash peristiwa terakhir #{head.last_id} "
                f"({str(head.last_hash)[:16]}… ≠ {str(prev)[:16]}…): kepala rantai diubah di luar aplikasi")
    report.head = Anchor(int(head.last_id), str(head.last_hash)[:16])

    _check_entries(conn, entries, report, problem)
    _check_statuses(conn, statuses, problem)
    _check_rows(conn, records, problem)
    _check_state(conn, state, problem)
    _check_snapshots(conn, snapshots, problem)
    _check_sirekap_derived(conn, problem)
    return report


def _derive(
    ev: Any,
    entries: dict[tuple[str, str, str], tuple[int, int]],
    statuses: dict[tuple[str, str], tuple[str, int]],
    records: dict[tuple[str, int], dict[str, Any]],
    state: dict[str, tuple[str, int]],
    snapshots: dict[int, tuple[str, int]],
    problem: Any,
) -> None:
    action: str = ev.action
    try:
        data = json.loads(ev.payload) if ev.payload and ev.payload != "{}" else {}
    except ValueError:
        problem(f"peristiwa audit #{ev.id}: isi (payload) bukan JSON", ev.id)
        return
    if action == "entry.set":
        key = (ev.contest, ev.line, ev.kecamatan)
        locked = statuses.get((ev.contest, ev.kecamatan), ("", 0))[0] == "ditetapkan"
        if locked and not (data.get("reason") and data.get("keberatan") is not None):
            problem(f"peristiwa audit #{ev.id} mengubah {ev.contest} / kecamatan {ev.kecamatan} / baris {ev.line} "
                    "yang sudah ditetapkan tanpa alasan dan keberatan — aplikasi tidak pernah menulis peristiwa "
                    "seperti ini (disisipkan di luar aplikasi)", ev.id)
        if ev.new_value is None:
            entries.pop(key, None)
        else:
            entries[key] = (ev.new_value, ev.id)
        return
    if action == "status.set":
        before = statuses.get((ev.contest, ev.kecamatan), ("", 0))[0]
        if before == "ditetapkan" and data.get("status") != "ditetapkan" and not (
                data.get("reason") and data.get("keberatan") is not None):
            problem(f"peristiwa audit #{ev.id} membuka kembali kecamatan {ev.kecamatan} ({ev.contest}) yang sudah "
                    "ditetapkan tanpa alasan dan keberatan — aplikasi tidak pernah menulis peristiwa seperti ini",
                    ev.id)
        statuses[(ev.contest, ev.kecamatan)] = (data["status"], ev.id)
    if action == "audit.baseline" and data.get("tampered_before"):
        names = ", ".join(describe(name) for name in data["tampered_before"])
        problem(f"pada pembaruan skema (peristiwa #{ev.id}) tabel {names} sudah tidak sama dengan log audit — "
                "diubah di luar aplikasi sebelum pembaruan", ev.id)
    kind = action.split(".", 1)[0]
    if kind in ROW_TABLES:
        if "row" in data:
            records[(kind, int(data["row"]["id"]))] = data["row"]
        for removed in data.get("removed", []):
            records.pop((kind, int(removed)), None)
    for table, digest in (data.get("state") or {}).items():
        state[table] = (digest, ev.id)
    if "snapshot_digest" in data:
        snapshots[int(data["snapshot"])] = (data["snapshot_digest"], ev.id)
    for sid, digest in (data.get("snapshots") or {}).items():
        snapshots[int(sid)] = (digest, ev.id)


def _check_entries(conn: Connection, entries: dict[tuple[str, str, str], tuple[int, int]], report: VerifyReport,
                   problem: Any) -> None:
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


def _check_statuses(conn: Connection, statuses: dict[tuple[str, str], tuple[str, int]], problem: Any) -> None:
    stored_status = {
        (r.contest, r.kecamatan): (r.status, r.event_id) for r in conn.execute(select(KecamatanStatusRow.__table__))
    }
    for skey in sorted(set(statuses) | set(stored_status)):
        if statuses.get(skey) != stored_status.get(skey):
            problem(
                f"status kecamatan {skey[1]} ({skey[0]}): tabel berisi {_status_text(stored_status.get(skey))}, "
                f"log audit menurunkan {_status_text(statuses.get(skey))} — diubah di luar aplikasi"
            )


def _status_text(value: tuple[str, int] | None) -> str:
    return "(tidak ada)" if value is None else f"'{value[0]}' (peristiwa #{value[1]})"


def _check_rows(conn: Connection, records: dict[tuple[str, int], dict[str, Any]], problem: Any) -> None:
    for kind, model in ROW_TABLES.items():
        table: Table = model.__table__  # type: ignore[assignment]
        stored_rows = {int(r["id"]): dict(r) for r in conn.execute(select(table)).mappings()}
        derived_rows = {rid: row for (k, rid), row in records.items() if k == kind}
        label = ROW_LABELS.get(kind, kind)
        later = later_column_defaults(table)
        for rid in sorted(set(stored_rows) | set(derived_rows)):
            a, b = stored_rows.get(rid), derived_rows.get(rid)
            if a is None:
                problem(f"{label} #{rid}: tercatat di log audit tetapi hilang dari tabel (dihapus di luar aplikasi)")
            elif b is None:
                problem(f"{label} #{rid}: ada di tabel tetapi tidak tercatat di log audit (ditambah di luar aplikasi)")
            else:
                changed = sorted(
                    {col for col, val in b.items() if a.get(col) != val}
                    | {col for col, default in later.items() if col not in b and a.get(col) != default}
                )
                if changed:
                    problem(f"{label} #{rid}: kolom {', '.join(changed)} tidak sama dengan log audit "
                            "(diubah di luar aplikasi)")


def _check_state(conn: Connection, state: dict[str, tuple[str, int]], problem: Any) -> None:
    current = state_digests(conn)
    for table, digest in current.items():
        recorded = state.get(table)
        if recorded is None:
            if digest != EMPTY_DIGEST:
                problem(f"tabel {describe(table)}: berisi data yang tidak pernah tercatat di log audit "
                        "(diisi di luar aplikasi)")
        elif recorded[0] != digest:
            problem(f"tabel {describe(table)}: isinya tidak sama dengan yang tercatat di log audit (peristiwa "
                    f"#{recorded[1]}) — diubah di luar aplikasi")
            for sentence in state_rows.changed_rows(conn, table, recorded[0]):
                problem(sentence)
        elif state_rows.has_copy(conn) and state_rows.copy_digest(state_rows.copied_rows(conn, table)) != digest:
            problem(f"salinan baris tabel {describe(table)}: tidak sama dengan yang tercatat di log audit "
                    f"(peristiwa #{recorded[1]}) — diubah di luar aplikasi; isi tabelnya sendiri cocok")


def _check_snapshots(conn: Connection, snapshots: dict[int, tuple[str, int]], problem: Any) -> None:
    current = snapshot_digests(conn)
    for sid in sorted(set(current) | set(snapshots)):
        recorded, digest = snapshots.get(sid), current.get(sid)
        if recorded is None:
            problem(f"impor Sirekap #{sid}: data tidak tercatat di log audit (ditambah di luar aplikasi)")
        elif digest is None:
            problem(f"impor Sirekap #{sid} (peristiwa #{recorded[1]}): datanya hilang dari basis data")
        elif digest != recorded[0]:
            problem(f"impor Sirekap #{sid}: rekaman TPS, berkas atau agregatnya tidak sama dengan yang tercatat di "
                    f"log audit (peristiwa #{recorded[1]}) — diubah di luar aplikasi")


def _check_sirekap_derived(conn: Connection, problem: Any) -> None:
    """The Sirekap tables derived at import time (counting record per TPS, per-kecamatan totals and TPS coverage),
    recomputed from the records, marks and region table (:mod:`rekap_desktop.sirekap.derived`)."""
    from rekap_desktop.sirekap import coverage, derived

    for text in derived.verify(conn):
        problem(text)
    for text in coverage.verify(conn):
        problem(text)
