"""The recorded state of a contest as of an earlier audit event: what a document printed at that anchor showed.

A document carries the audit anchor ``AUDIT <n>:<16 hex>`` taken before its content was read, and the register
refuses an issue whenever the contest changed after that anchor (:mod:`rekap_desktop.documents`). So the figures
on a genuine document are exactly the figures as of event n, which the chain lets anyone re-derive: the manual
entries by replaying the ``entry.set`` events up to n (as ``verify-audit`` does). ``verify-pdf`` compares the
figures printed on a page with these, and the figures as of n with those of now (what changed since).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from rekap_desktop.audit import Anchor
from rekap_desktop.keberatan import Keberatan
from rekap_desktop.models import AuditEventRow
from rekap_desktop.services import RecapService

__all__ = ["anchor_on_chain", "entries_as_of", "keberatan_as_of"]


def entries_as_of(service: RecapService, contest: str, event_id: int) -> dict[tuple[str, str], int]:
    """``(line, kecamatan) → value`` of the manual entries of ``contest`` right after event ``event_id``."""
    stmt = (
        select(AuditEventRow.line, AuditEventRow.kecamatan, AuditEventRow.new_value)
        .where(AuditEventRow.action == "entry.set", AuditEventRow.contest == contest, AuditEventRow.id <= event_id)
        .order_by(AuditEventRow.id)
    )
    values: dict[tuple[str, str], int] = {}
    with service.engine.connect() as conn:
        for line, kec, new in conn.execute(stmt):
            if new is None:
                values.pop((line, kec), None)
            else:
                values[(line, kec)] = int(new)
    return values


def keberatan_as_of(service: RecapService, contest: str, event_id: int) -> list[Keberatan]:
    """The keberatan and kejadian khusus of ``contest`` as they stood right after event ``event_id``, from the row
    snapshots their ``keberatan.*`` events carry (as ``verify-audit`` re-derives the table)."""
    stmt = (
        select(AuditEventRow.payload)
        .where(AuditEventRow.action.like("keberatan.%"), AuditEventRow.contest == contest,
               AuditEventRow.id <= event_id)
        .order_by(AuditEventRow.id)
    )
    rows: dict[int, dict[str, Any]] = {}
    with service.engine.connect() as conn:
        for (payload,) in conn.execute(stmt):
            data = json.loads(payload or "{}")
            if "row" in data:
                rows[int(data["row"]["id"])] = data["row"]
            for removed in data.get("removed", []):
                rows.pop(int(removed), None)
    return [_keberatan(rows[i]) for i in sorted(rows)]


def _keberatan(r: dict[str, Any]) -> Keberatan:
    return Keberatan(
        int(r["id"]), r["contest"], r["kind"], r.get("kecamatan"), r.get("peserta", ""), r.get("saksi", ""),
        tuple(c for c in (r.get("cells") or "").split(",") if c), r["description"], r.get("status", "terbuka"),
        r.get("tindak_lanjut", ""), r.get("created_at", ""), r.get("resolved_at"), level=r.get("level", "kabupaten"),
        jenis=r.get("jenis", "angka"), tps=r.get("tps", ""), rekomendasi_bawaslu=r.get("rekomendasi_bawaslu", ""),
    )


def anchor_on_chain(service: RecapService, anchor: Anchor) -> str | None:
    """None when the chain passes through ``anchor``; otherwise why not (Indonesian)."""
    with service.engine.connect() as conn:
        found = conn.execute(select(AuditEventRow.hash).where(AuditEventRow.id == anchor.event_id)).scalar()
        last = conn.execute(select(AuditEventRow.id).order_by(AuditEventRow.id.desc()).limit(1)).scalar()
    if anchor.event_id == 0:
        return None if anchor.hash_prefix == "0" * 16 else f"jangkar {anchor.text} tidak sah"
    if found is None:
        return (f"jangkar {anchor.text} tidak ada di log audit basis data ini (log sampai #{last or 0}): dokumen "
                "dibuat dari basis data lain, atau peristiwa setelahnya telah dihapus")
    if not str(found).startswith(anchor.hash_prefix):
        return (f"rantai audit tidak lagi melewati jangkar {anchor.text} (peristiwa #{anchor.event_id} kini berhash "
                f"{str(found)[:16]}): riwayat telah ditulis ulang setelah dokumen dicetak")
    return None
