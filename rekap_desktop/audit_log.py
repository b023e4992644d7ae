"""The audit log as Bawaslu asks to see it: who changed what, when, from which station (``rekap-desktop audit-log``).

One :class:`AuditLogRow` per event, in chain order, with the columns ``seq, time, actor, station, action, contest,
kecamatan, line, old, new, reason, keberatan, detail``; ``detail`` says in Indonesian what an event other than a
figure did (a status change, a keberatan, an import, a document …).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from rekap_desktop.audit import audit_table
from rekap_desktop.audit_verify import ROW_LABELS
from rekap_desktop.numbers import format_number


@dataclass(frozen=True, slots=True)
class AuditLogRow:
    seq: int
    time: str
    actor: str
    station: str
    action: str
    contest: str
    kecamatan: str
    line: str
    old: int | None
    new: int | None
    reason: str
    keberatan: int | None
    detail: str

    def as_tuple(self) -> tuple[object, ...]:
        return (self.seq, self.time, self.actor, self.station, self.action, self.contest, self.kecamatan, self.line,
                self.old, self.new, self.reason, self.keberatan, self.detail)

    def text_line(self) -> str:
        where = " ".join(x for x in (self.contest, self.kecamatan, self.line) if x)
        if self.action == "entry.set":
            what = f"{format_number(self.old, 'kosong')} → {format_number(self.new, 'kosong')}"
            what += f" ({self.detail})" if self.detail else ""
        else:
            what = self.detail
        extra = ""
        if self.reason:
            extra += f" — alasan: {self.reason}"
        if self.keberatan is not None:
            extra += f" (keberatan #{self.keberatan})"
        return f"#{self.seq} {self.time} {self.actor}@{self.station or '-'} {self.action} {where}: {what}{extra}"


def _status(p: dict[str, Any]) -> str:
    text = f"status {p.get('old', '?')} → {p.get('status', '?')}"
    return text + (" (dibuka kembali: koreksi)" if p.get("reopening") else "")


def _row(kind: str) -> Callable[[dict[str, Any]], str]:
    def describe(p: dict[str, Any]) -> str:
        row = p.get("row") or {}
        if "removed" in p and not row:
            return f"{kind}: {len(p['removed'])} baris dihapus"
        rid = row.get("id", "?")
        status = f", status {row['status']}" if "status" in row else ""
        return f"{kind} #{rid}{status}"

    return describe


def _import(p: dict[str, Any]) -> str:
    return (f"impor Sirekap #{p.get('snapshot', '?')}: {p.get('files_stored', 0)} berkas, {p.get('records', 0)} "
            f"rekaman TPS baru")


_DESCRIBE: dict[str, Callable[[dict[str, Any]], str]] = {
    "status.set": _status,
    "setting.set": lambda p: f"pengaturan {p.get('key')}: {p.get('old')!r} → {p.get('new')!r}",
    "reference.store": lambda p: f"data referensi dimuat ({p.get('note', '')})",
    "reference.apply": lambda p: f"data referensi diubah ({p.get('note', '')})",
    "sirekap.import": _import,
    "audit.baseline": lambda p: f"keadaan data dicatat ulang ({p.get('note', '')})",
    "sirekap.derived_repaired": lambda p: (
        f"data turunan Sirekap dihitung ulang: {p.get('count', '?')} perbedaan karena diubah di luar aplikasi"
        + (f" (pertama: {p['problems'][0]})" if p.get("problems") else "")),
}


def describe_entry(payload: dict[str, Any]) -> str:
    """How a figure came to change: typed, imported, corrected on a keberatan, or recounted."""
    parts = []
    if "recount" in payload:
        parts.append(f"hitung ulang #{payload['recount']}")
    elif "keberatan" in payload:
        parts.append("koreksi")
    if payload.get("source"):
        parts.append(f"sumber: {payload['source']}")
    return "; ".join(parts)


def describe_event(action: str, payload: dict[str, Any]) -> str:
    """One Indonesian phrase for an event other than a figure."""
    describe = _DESCRIBE.get(action)
    if describe is None:
        kind = action.split(".", 1)[0]
        describe = _row(ROW_LABELS.get(kind, kind))
    try:
        return describe(payload)
    except (KeyError, TypeError, ValueError, AttributeError):
        return action


def audit_log_rows(
    engine: Engine, *, contest: str | None = None, kecamatan: str | None = None, since: int = 0
) -> list[AuditLogRow]:
    """Every event after ``since`` (optionally of one contest / kecamatan), in chain order."""
    t = audit_table
    stmt = select(t).where(t.c.id > since).order_by(t.c.id)
    if contest:
        stmt = stmt.where(t.c.contest == contest)
    if kecamatan:
        stmt = stmt.where(t.c.kecamatan == kecamatan)
    out: list[AuditLogRow] = []
    with engine.connect() as conn:
        for ev in conn.execute(stmt):
            try:
                payload = json.loads(ev.payload or "{}")
            except ValueError:
                payload = {}
            if not isinstance(payload, dict):
                payload = {}
            reason = str(payload.get("reason", "") or "")
            keberatan = payload.get("keberatan")
            out.append(AuditLogRow(
                ev.id, ev.ts, ev.actor, ev.station or "", ev.action, ev.contest, ev.kecamatan, ev.line,
                ev.old_value, ev.new_value, reason, int(keberatan) if isinstance(keberatan, int) else None,
                describe_entry(payload) if ev.action == "entry.set" else describe_event(ev.action, payload),
            ))
    return out
