"""Recording keberatan and kejadian khusus, and the plenary's decision on them, as the service writes them.

What the fields may be, their sources and the Indonesian messages live in :mod:`rekap_desktop.keberatan` (no
database code there). Here each change is one audited transaction with the row snapshot (``keberatan.add``,
``keberatan.rekomendasi``, ``keberatan.resolve``), so ``verify-audit`` re-derives the table: an item is added
open, may get Bawaslu's recommendation while undecided (PKPU 18/2024 Pasal 39(5)–(6), analogue), and is decided
once — ``diterima`` or ``ditolak``; a further objection is a new item.

:class:`KeberatanWrites` is a part of :class:`rekap_desktop.services.RecapService`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.orm import Session

from rekap_desktop import audit
from rekap_desktop import keberatan as keberatan_rules
from rekap_desktop.keberatan import Keberatan
from rekap_desktop.models import KeberatanRow
from rekap_desktop.service_part import ServicePart
from rekap_desktop.storage_errors import ValidationError


class KeberatanWrites(ServicePart):
    """The keberatan part of the service (see the module docstring)."""

    # provided by RecapService
    def _audit_row(
        self, conn: Connection, action: str, key: str, kecamatan: str, model: Any, row_id: int,
        head: tuple[int, str] | None = None,
    ) -> None:
        raise NotImplementedError

    # ----------------------------------------------------------------- keberatan / kejadian khusus
    def add_keberatan(
        self, key: str, *, description: str, kind: str = "keberatan", kecamatan: str | None = None,
        peserta: str = "", saksi: str = "", cells: Sequence[str] = (), level: str = "kabupaten",
        jenis: str | None = None, tps: str = "", rekomendasi_bawaslu: str = "",
    ) -> int:
        """Record a keberatan or kejadian khusus of contest ``key``; returns its number.

        Fields and their sources: :mod:`rekap_desktop.keberatan` (``level`` "kabupaten" | "ppk", ``jenis``
        "angka" | "prosedur" — None: "angka" when cells or a TPS are named —, ``tps`` a 13-digit code or "").
        Audited as ``keberatan.add`` with the row. ValidationError (Indonesian, naming the field) on bad input.
        """
        contest = self.contest(key)
        try:
            item = keberatan_rules.check_new(
                contest, kind=kind, level=level, jenis=jenis, kecamatan=kecamatan, tps=tps, peserta=peserta,
                saksi=saksi, cells=cells, description=description, rekomendasi_bawaslu=rekomendasi_bawaslu,
            )
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        with self.transaction() as conn:
            head = audit.lock_head(conn)
            new_id = conn.execute(
                insert(KeberatanRow).values(
                    contest=key, kind=item.kind, level=item.level, jenis=item.jenis, kecamatan=item.kecamatan,
                    tps=item.tps, peserta=item.peserta, saksi=item.saksi, cells=",".join(item.cells),
                    description=item.description, rekomendasi_bawaslu=item.rekomendasi_bawaslu, status="terbuka",
                    tindak_lanjut="", created_at=audit.now_iso(), resolved_at=None,
                ).returning(KeberatanRow.id)
            ).scalar_one()
            self._audit_row(conn, "keberatan.add", key, item.kecamatan or "", KeberatanRow, new_id, head=head)
            return int(new_id)

    def record_rekomendasi(self, keberatan_id: int, rekomendasi: str) -> None:
        """Record Bawaslu's recommendation on an undecided item (PKPU 18/2024 Pasal 39(5)–(6), analogue: when a
        saksi still objects, the KPU asks Bawaslu and weighs its recommendation before deciding).

        Audited as ``keberatan.rekomendasi`` with the row. ValidationError when the text is empty, the item does
        not exist or is already decided (the recommendation comes before the decision).
        """
        text = rekomendasi.strip()
        if not text:
            raise ValidationError("rekomendasi Bawaslu wajib diisi")
        with self.transaction() as conn:
            head = audit.lock_head(conn)  # first: the item's status is read under the writers' lock
            row = self._open_keberatan(conn, keberatan_id)
            conn.execute(update(KeberatanRow).where(KeberatanRow.id == keberatan_id).values(rekomendasi_bawaslu=text))
            self._audit_row(conn, "keberatan.rekomendasi", row.contest, row.kecamatan or "", KeberatanRow,
                            keberatan_id, head=head)

    def resolve_keberatan(
        self, keberatan_id: int, *, outcome: str, tindak_lanjut: str, rekomendasi_bawaslu: str | None = None,
    ) -> None:
        """The plenary's decision on an item: ``diterima`` or ``ditolak``, with how it was followed up.

        ``rekomendasi_bawaslu``, when given, is recorded with the decision. A decision is final (a further
        objection is a new item). Audited as ``keberatan.resolve`` with the row.
        """
        try:
            outcome, follow_up = keberatan_rules.check_outcome(outcome, tindak_lanjut)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        with self.transaction() as conn:
            head = audit.lock_head(conn)  # first: the item's status is read under the writers' lock
            row = self._open_keberatan(conn, keberatan_id)
            values: dict[str, Any] = {"status": outcome, "tindak_lanjut": follow_up, "resolved_at": audit.now_iso()}
            if rekomendasi_bawaslu is not None and rekomendasi_bawaslu.strip():
                values["rekomendasi_bawaslu"] = rekomendasi_bawaslu.strip()
            conn.execute(update(KeberatanRow).where(KeberatanRow.id == keberatan_id).values(**values))
            self._audit_row(conn, "keberatan.resolve", row.contest, row.kecamatan or "", KeberatanRow,
                            keberatan_id, head=head)

    @staticmethod
    def _open_keberatan(conn: Connection, keberatan_id: int) -> KeberatanRow:
        row = Session(conn).scalars(select(KeberatanRow).where(KeberatanRow.id == keberatan_id)).one_or_none()
        if row is None:
            raise ValidationError(f"keberatan #{keberatan_id} tidak ada")
        if row.status != "terbuka":
            label = keberatan_rules.STATUS_LABELS.get(row.status, row.status).lower()
            raise ValidationError(f"keberatan #{keberatan_id} sudah diputus ({label}); keberatan lanjutan dicatat "
                                  "sebagai keberatan baru")
        return row

    def keberatan(self, key: str | None = None) -> list[Keberatan]:
        """The items of contest ``key`` (all contests when None), by number."""
        stmt = select(KeberatanRow).order_by(KeberatanRow.id)
        if key is not None:
            stmt = stmt.where(KeberatanRow.contest == key)
        with self.engine.connect() as conn:
            return [
                Keberatan(r.id, r.contest, r.kind, r.kecamatan, r.peserta, r.saksi,
                          tuple(c for c in r.cells.split(",") if c), r.description, r.status, r.tindak_lanjut,
                          r.created_at, r.resolved_at, level=r.level, jenis=r.jenis, tps=r.tps,
                          rekomendasi_bawaslu=r.rekomendasi_bawaslu)
                for r in Session(conn).scalars(stmt)
            ]
