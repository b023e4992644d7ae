"""Marking a TPS as PSU/PSL/… (or back to normal) for one ballot by hand, in the plenary (issue 13.2).

A mark is a change of what counts as Sirekap's figure for that TPS (:mod:`rekap_desktop.sirekap.status`): it is
made through :func:`mark_tps` only, in one transaction with its audit event (`tps_status.set`, carrying the row as
written, so ``verify-audit`` re-derives the marks table) and with the derived tables brought up to date. It never
touches a manual figure: Sirekap is a comparison aid, and a kecamatan already ditetapkan stays as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from rekap_desktop import audit
from rekap_desktop.ballot import Ballot
from rekap_desktop.models import RegionRow, SirekapRecordRow, SirekapTpsStatusRow
from rekap_desktop.region import Level
from rekap_desktop.services import RecapService, ValidationError
from rekap_desktop.sirekap import coverage, derived, guard
from rekap_desktop.sirekap.status import TpsStatus

ACTION = "tps_status.set"
_SINCE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[ T]([0-9]{2}:[0-9]{2}(?::[0-9]{2})?))?")


@dataclass(frozen=True, slots=True)
class TpsMark:
    ballot: str
    tps: str
    status: TpsStatus
    reason: str
    since: str | None
    marked_at: str
    changed: bool
    """False when the TPS already had exactly this mark (nothing written)."""


def normalise_since(text: str | None) -> str | None:
    """`2024-02-18` or `2024-02-18 07:00[:00]` → `YYYY-MM-DD HH:MM:SS` (the form of Sirekap's `ts`)."""
    if text is None or not text.strip():
        return None
    match = _SINCE.fullmatch(text.strip())
    if match is None:
        raise ValidationError(f"waktu mulai tidak dikenali: {text!r} (bentuknya: 2024-02-18 atau 2024-02-18 07:00)")
    clock = match.group(2) or "00:00:00"
    if len(clock) == 5:
        clock += ":00"
    return f"{match.group(1)} {clock}"


def mark_tps(service: RecapService, ballot: str, tps: str, status: str | TpsStatus, reason: str,
             since: str | None = None) -> TpsMark:
    """Mark `tps` as `status` for `ballot`; `reason` is required; `since`: records stamped at or after it are the
    re-vote's (besides those Sirekap flags). Raises ValidationError (Indonesian) on bad input, nothing written."""
    try:
        ballot_value = Ballot.parse(ballot).value
        new_status = status if isinstance(status, TpsStatus) else TpsStatus.parse(status)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    code = tps.strip()
    if not (code.isascii() and code.isdigit() and len(code) == 13):
        raise ValidationError(f"kode TPS harus 13 digit angka: {tps!r}")
    why = reason.strip()
    if not why:
        raise ValidationError("alasan wajib diisi (mis. rekomendasi Panwaslu, tanggal PSU)")
    since_text = normalise_since(since)
    kabupaten = service.settings().get("kabupaten_kode", "")
    if kabupaten and not code.startswith(kabupaten):
        raise ValidationError(f"TPS {code} berada di luar kabupaten/kota basis data ini ({kabupaten})")
    with service.transaction() as conn:
        head = audit.lock_head(conn)  # first: the old mark is read under the writers' lock
        known = conn.execute(
            select(RegionRow.code).where(RegionRow.code == code, RegionRow.level == int(Level.TPS))
        ).scalar_one_or_none() or conn.execute(
            select(SirekapRecordRow.id).where(SirekapRecordRow.tps == code).limit(1)
        ).scalar_one_or_none()
        if known is None:
            raise ValidationError(f"TPS {code} tidak dikenal: tidak ada di daftar TPS maupun di data Sirekap")
        where = (SirekapTpsStatusRow.ballot == ballot_value, SirekapTpsStatusRow.tps == code)
        session = Session(conn)
        row = session.scalars(select(SirekapTpsStatusRow).where(*where)).one_or_none()
        if row is not None and (row.status, row.reason, row.since) == (new_status.value, why, since_text):
            return TpsMark(ballot_value, code, new_status, why, since_text, row.marked_at, False)
        # the rows this mark recomputes must be what the records say (else: refused, kept as evidence)
        guard.refuse_if_tampered(conn, totals=[(ballot_value, code[:6])], tps=[(ballot_value, code)],
                                 cover=[(ballot_value, code[:6])])
        old = _old(row)
        marked_at = audit.now_iso()
        values = {"status": new_status.value, "reason": why, "since": since_text, "marked_at": marked_at}
        if row is None:
            conn.execute(insert(SirekapTpsStatusRow).values(ballot=ballot_value, tps=code, **values))
        else:
            conn.execute(update(SirekapTpsStatusRow).where(*where).values(**values))
        session.expire_all()
        stored = session.scalars(select(SirekapTpsStatusRow).where(*where)).one()
        service.log_event(conn, ACTION, kecamatan=code[:6], head=head,
                          payload={"row": audit.row_snapshot(stored), "old": old})
        derived.refresh(conn, [(ballot_value, code)])
        coverage.refresh(conn, [(ballot_value, code[:6])])
    return TpsMark(ballot_value, code, new_status, why, since_text, marked_at, True)


def _old(row: SirekapTpsStatusRow | None) -> dict[str, object] | None:
    if row is None:
        return None
    return {"status": row.status, "reason": row.reason, "since": row.since}


def marks(service: RecapService, ballot: str | None = None) -> list[TpsMark]:
    """The hand marks (all ballots, or one), by ballot and TPS code."""
    stmt = select(SirekapTpsStatusRow).order_by(SirekapTpsStatusRow.ballot, SirekapTpsStatusRow.tps)
    if ballot is not None:
        stmt = stmt.where(SirekapTpsStatusRow.ballot == Ballot.parse(ballot).value)
    with service.engine.connect() as conn:
        return [TpsMark(r.ballot, r.tps, TpsStatus(r.status), r.reason, r.since, r.marked_at, True)
                for r in Session(conn).scalars(stmt)]
