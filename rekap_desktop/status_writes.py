"""The workflow of a kecamatan column in the plenary, as the service writes it: belum → dibacakan → selesai →
ditetapkan (:mod:`rekap_desktop.kecamatan_status`), each move one audited transaction (``status.set``).

Ditetapkan locks the column. Reopening it, or changing a figure in it (:mod:`rekap_desktop.entries`), is a
correction: it needs a reason and a keberatan that is its basis (:func:`require_correction_basis`; PKPU 5/2024 —
corrections are made in the forum, on a saksi's objection, with the reason recorded). The same rule holds for the
window, the command line and every station: it lives here.

:class:`StatusWrites` is a part of :class:`rekap_desktop.services.RecapService`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from rekap_desktop import audit
from rekap_desktop.kecamatan_status import KecamatanStatus
from rekap_desktop.models import KeberatanRow, KecamatanStatusRow
from rekap_desktop.service_part import ServicePart
from rekap_desktop.storage_errors import LockedError, ValidationError


class StatusWrites(ServicePart):
    """The kecamatan-status part of the service (see the module docstring)."""

    # ----------------------------------------------------------------- kecamatan workflow
    def statuses(self, key: str) -> dict[str, KecamatanStatus]:
        contest = self.contest(key)
        with self.engine.connect() as conn:
            stored = {
                r.kecamatan: KecamatanStatus(r.status)
                for r in conn.execute(
                    select(KecamatanStatusRow.kecamatan, KecamatanStatusRow.status).where(
                        KecamatanStatusRow.contest == key
                    )
                )
            }
        return {code: stored.get(code, KecamatanStatus.BELUM) for code in contest.kecamatan_codes}

    def set_status(
        self, key: str, kecamatan: str, status: KecamatanStatus, *, reason: str = "",
        keberatan_id: int | None = None,
    ) -> None:
        """Move a kecamatan of a contest to ``status``, with its audit event.

        Reopening a ditetapkan kecamatan (any status other than ditetapkan) is a correction: it needs a reason and
        a keberatan of this contest (PKPU 5/2024: corrections are made in the forum, on a saksi's objection, with
        the reason recorded), and is audited as a reopening. The same rule holds for the window, the command line
        and every station: it lives here. Raises LockedError (Indonesian) when the rule is not met; nothing is
        changed then.
        """
        contest = self.contest(key)
        if not contest.has_kecamatan(kecamatan):
            raise ValidationError(f"kecamatan {kecamatan} tidak termasuk {contest.title}")
        status = KecamatanStatus(status)
        with self.transaction() as conn:
            head = audit.lock_head(conn)  # first: the old status is read under the writers' lock
            where = (KecamatanStatusRow.contest == key, KecamatanStatusRow.kecamatan == kecamatan)
            old = conn.execute(select(KecamatanStatusRow.status).where(*where)).scalar_one_or_none()
            if (old or KecamatanStatus.BELUM.value) == status.value:
                return  # already so: nothing to record
            reopening = old == KecamatanStatus.DITETAPKAN and status is not KecamatanStatus.DITETAPKAN
            if reopening:
                require_correction_basis(conn, key, kecamatan, reason, keberatan_id,
                                         what="Membuka kembali kecamatan yang sudah ditetapkan")
            payload: dict[str, Any] = {"status": status.value, "old": old or KecamatanStatus.BELUM.value}
            if reason.strip():
                payload["reason"] = reason.strip()
            if keberatan_id is not None:
                payload["keberatan"] = keberatan_id
            if reopening:
                payload["reopening"] = True
            event = self.log_event(conn, "status.set", contest=key, kecamatan=kecamatan, payload=payload, head=head)
            if old is None:
                conn.execute(insert(KecamatanStatusRow).values(contest=key, kecamatan=kecamatan, status=status.value,
                                                               event_id=event.id))
            else:
                conn.execute(update(KecamatanStatusRow).where(*where).values(status=status.value, event_id=event.id))


def require_correction_basis(
    conn: Connection, key: str, kecamatan: str, reason: str | None, keberatan_id: int | None, *, what: str
) -> None:
    """A correction of a ditetapkan kecamatan needs a reason and a keberatan that is its basis: one of this
    contest, about this kecamatan (or the whole contest, or a TPS inside the kecamatan), not rejected
    (PKPU 5/2024: a correction follows an accepted or pending objection about those figures)."""
    if not (reason and reason.strip()) or keberatan_id is None:
        raise LockedError(f"{what} ({kecamatan}) adalah koreksi: wajib alasan dan nomor keberatan.")
    row = conn.execute(
        select(KeberatanRow.kecamatan, KeberatanRow.tps, KeberatanRow.status)
        .where(KeberatanRow.id == keberatan_id, KeberatanRow.contest == key)
    ).one_or_none()
    if row is None:
        raise LockedError(f"Keberatan #{keberatan_id} tidak ada pada kontes ini.")
    about, tps, status = row
    if (about and about != kecamatan) or (tps and not str(tps).startswith(kecamatan)):
        raise LockedError(f"Keberatan #{keberatan_id} menyangkut kecamatan {about or str(tps)[:6]}, bukan "
                          f"{kecamatan}: koreksi hanya berdasarkan keberatan atas kecamatan itu.")
    if status == "ditolak":
        raise LockedError(f"Keberatan #{keberatan_id} sudah ditolak: tidak dapat menjadi dasar koreksi.")

