"""The attendance list of a contest's plenary, as the berita acara needs it: KPU members (ketua, anggota), saksi
of the peserta, Bawaslu and PPK — who was present, who signs, and why one who was present refused to sign.

:meth:`AttendanceWrites.set_attendance` replaces the whole list in one transaction, audited as ``attendance.clear``
followed by one ``attendance.set`` per person with the row snapshot.

:class:`AttendanceWrites` is a part of :class:`rekap_desktop.services.RecapService`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.orm import Session

from rekap_desktop.models import AttendanceRow
from rekap_desktop.service_part import ServicePart
from rekap_desktop.storage_errors import ValidationError


@dataclass(frozen=True, slots=True)
class Attendee:
    role: str  # ketua | anggota | saksi | bawaslu | ppk
    name: str
    peserta: str = ""
    present: bool = True
    signs: bool = True
    refusal_reason: str = ""


ROLES = ("ketua", "anggota", "saksi", "bawaslu", "ppk")


class AttendanceWrites(ServicePart):
    """The attendance part of the service (see the module docstring)."""

    def _audit_row(
        self, conn: Connection, action: str, key: str, kecamatan: str, model: Any, row_id: int,
        head: tuple[int, str] | None = None,
    ) -> None:
        raise NotImplementedError

    # ----------------------------------------------------------------- attendance
    def attendance(self, key: str) -> list[Attendee]:
        with self.engine.connect() as conn:
            rows = Session(conn).scalars(
                select(AttendanceRow).where(AttendanceRow.contest == key).order_by(AttendanceRow.position)
            )
            return [Attendee(r.role, r.name, r.peserta, r.present, r.signs, r.refusal_reason) for r in rows]

    def set_attendance(self, key: str, people: Sequence[Attendee]) -> None:
        """Replace the attendance list of a contest (KPU members, saksi, Bawaslu, PPK)."""
        self.contest(key)
        for p in people:
            if p.role not in ROLES:
                raise ValidationError(f"peran tidak dikenal: {p.role!r}")
            if not p.name.strip() and p.present:
                raise ValidationError(f"nama {p.role} {p.peserta} wajib diisi")
            if p.present and not p.signs and not p.refusal_reason.strip():
                raise ValidationError(f"{p.role} {p.name} menolak menandatangani: alasan wajib diisi")
        saksi_peserta = [p.peserta for p in people if p.role == "saksi"]
        dup = {x for x in saksi_peserta if saksi_peserta.count(x) > 1}
        if dup:
            raise ValidationError(f"satu peserta hanya satu saksi: {', '.join(sorted(dup))}")
        with self.transaction() as conn:
            old_ids = list(conn.execute(select(AttendanceRow.id).where(AttendanceRow.contest == key)).scalars())
            conn.execute(delete(AttendanceRow).where(AttendanceRow.contest == key))
            self.log_event(conn, "attendance.clear", contest=key, payload={"removed": old_ids})
            for pos, p in enumerate(people):
                new_id = conn.execute(insert(AttendanceRow).values(
                    contest=key, role=p.role, peserta=p.peserta, name=p.name.strip(), present=p.present,
                    signs=p.signs and p.present, refusal_reason=p.refusal_reason.strip(), position=pos,
                ).returning(AttendanceRow.id)).scalar_one()
                self._audit_row(conn, "attendance.set", key, "", AttendanceRow, new_id)
