"""Application services: every change to the recap goes through here, one transaction with its audit event.

The UI and the command line call these; nothing else writes the database. An edit is durable (committed,
``synchronous=FULL`` on SQLite) before the call returns, so a caller may show it as saved only afterwards.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from rekap_desktop import audit, audit_verify
from rekap_desktop import keberatan as keberatan_rules
from rekap_desktop.contest import Contest
from rekap_desktop.db import (
    EngineOptions,
    check_url,
    current_revision,
    database_url,
    is_initialised,
    is_read_only_url,
    make_engine,
    open_read_only,
    schema_head,
    upgrade,
    write_transaction,
)
from rekap_desktop.entries import UNCHECKED, CellAuthor, EntryResult, EntryWrites
from rekap_desktop.gc_pause import gc_paused
from rekap_desktop.keberatan import Keberatan
from rekap_desktop.kecamatan_status import KecamatanStatus
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.models import AttendanceRow, EntryRow, KeberatanRow, KecamatanStatusRow, RegionRow, SettingRow
from rekap_desktop.reference import ReferenceData, load_contests, load_settings, store_reference
from rekap_desktop.sheet import RecapSheet
from rekap_desktop.state_digest import describe, payload_state, snapshot_digests, state_mismatches
from rekap_desktop.storage_errors import (
    BusyError,
    LockedError,
    StaleEditError,
    StorageError,
    ValidationError,
    classify,
    db_error_reason,
    describe_db_error,
    is_driver_error,
)

__all__ = [
    "UNCHECKED",
    "Attendee",
    "BusyError",
    "CellAuthor",
    "EntryResult",
    "Keberatan",
    "KecamatanStatus",
    "LockedError",
    "RecapService",
    "StaleEditError",
    "StorageError",
    "ValidationError",
    "default_actor",
    "default_station",
    "describe_db_error",
]


@dataclass(frozen=True, slots=True)
class Attendee:
    role: str  # ketua | anggota | saksi | bawaslu | ppk
    name: str
    peserta: str = ""
    present: bool = True
    signs: bool = True
    refusal_reason: str = ""


ROLES = ("ketua", "anggota", "saksi", "bawaslu", "ppk")
KEBERATAN_KINDS = keberatan_rules.KINDS


def default_station() -> str:
    """This machine's station name: ``REKAP_STATION``, else the host name."""
    return (os.environ.get("REKAP_STATION") or socket.gethostname() or "stasiun").strip()[:120]


def default_actor() -> str:
    """Who, when nobody stated a name: the operating-system login (never a generic "operator")."""
    try:
        return getpass.getuser()
    except Exception:  # no login name (some service accounts)
        return "pengguna-tanpa-nama"


class RecapService(EntryWrites):
    """Every change to the recap, as one audited transaction (the entry writes live in :mod:`rekap_desktop.entries`)."""

    def __init__(self, engine: Engine, actor: str = "", station: str | None = None) -> None:
        self.engine = engine
        self.actor = (actor or "").strip()[:120] or default_actor()
        self.station = (station or "").strip()[:120] or default_station()
        self.own_event_ids: set[int] = set()
        """Audit events this service committed (the change feed skips them: they are already on screen)."""
        self._local = threading.local()  # the events of the transaction in progress, per thread
        self._contests: dict[str, Contest] | None = None
        self._catalogues: dict[str, LineCatalogue] = {}

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(
        cls, target: str | Path | None, actor: str = "", *, create: bool = True, station: str | None = None,
        options: EngineOptions | None = None, read_only: bool = False,
    ) -> RecapService:
        """Open (and bring up to date) the database of ``target`` for ``actor`` on ``station``.

        After the schema of an existing database was upgraded, the state digests are recorded afresh
        (``audit.baseline``): a new column changes a table's digest legitimately. ``read_only`` (or a read-only
        SQLite URI) opens without creating, upgrading or writing anything (:func:`rekap_desktop.db.open_read_only`).
        """
        url = database_url(target)
        why = check_url(url)
        if why is not None:
            raise StorageError(f"Basis data tidak dapat dibuka: {why}.")
        if read_only or is_read_only_url(url):
            return cls(open_read_only(target, options), actor, station)
        if not create and url.startswith("sqlite:///") and "mode=ro" not in url:
            path = Path(url[len("sqlite:///"):])
            if not path.exists():
                raise StorageError(f"Basis data tidak ditemukan: {path}")
        station = " ".join((station or "").split())[:120] or default_station()  # no line breaks or tabs
        actor = " ".join((actor or "").split())[:120] or default_actor()
        options = options or EngineOptions()
        if not options.application_name:
            options = replace(options, application_name=f"rekap-desktop {station} ({actor})")
        engine = make_engine(url, options)
        service = cls(engine, actor, station)
        try:
            if not is_initialised(engine):
                if not create:
                    raise StorageError(f"basis data belum disiapkan: {target}")
                upgrade(engine)
            else:
                previous = current_revision(engine)
                tampered: list[str] = []
                if previous != schema_head():  # what the older version recorded, over the columns it had
                    with engine.connect() as conn:
                        bad, recorded_at = state_mismatches(conn, stored_revision=previous)
                    tampered = bad if recorded_at else []  # a version that recorded no digests: nothing to compare
                upgrade(engine)  # brings an older file up to date; a no-op when current
                if previous != schema_head():
                    service.record_baseline(f"skema diperbarui dari {previous} ke {schema_head()}",
                                            tampered_before=tampered)
        except (OperationalError, DBAPIError) as exc:
            engine.dispose()
            why = db_error_reason(exc)
            folder = Path(url[len("sqlite:///"):]).parent if url.startswith("sqlite:///") else None
            if folder is not None and folder.exists() and not os.access(folder, os.W_OK):
                why = (f"folder {folder} hanya dapat dibaca, jadi perintah yang menulis tidak dapat dijalankan "
                       "(perintah baca seperti verify-audit, check, export tetap dapat)")
            raise StorageError(f"Basis data {target} tidak dapat dibuka: {why}.") from exc
        return service

    def invalidate(self) -> None:
        """Forget cached contests (after reference data or lists changed)."""
        self._contests = None
        self._catalogues.clear()

    def close(self) -> None:
        self.engine.dispose()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One durable transaction; database failures become StorageError with an Indonesian message
        (BusyError, naming the lock holder where the database can tell, when another station holds the lock).

        The ids of the audit events it appended join :attr:`own_event_ids` once it committed, so this station
        can tell its own changes from another station's in the change feed (rekap_desktop/live.py)."""
        self._local.events = []
        try:
            with write_transaction(self.engine) as conn:
                yield conn
        except StorageError:
            raise
        except (OperationalError, IntegrityError, DBAPIError) as exc:
            raise classify(exc, self.engine) from exc
        except Exception as exc:
            if is_driver_error(exc):
                raise classify(exc, self.engine) from exc
            raise
        finally:
            appended, self._local.events = self._local.events, []
        self.own_event_ids.update(appended)

    def note_event(self, event_id: int) -> None:
        """An event appended in the current transaction (becomes "own" when the transaction commits)."""
        events = getattr(self._local, "events", None)
        if events is not None:
            events.append(event_id)

    # ----------------------------------------------------------------- audit
    def log_event(self, conn: Connection, action: str, *, state: bool = False, **fields: Any) -> audit.AppendedEvent:
        """Append one audit event in ``conn``'s transaction as this service's actor and station.

        ``fields`` are those of :func:`rekap_desktop.audit.append` (contest, kecamatan, line, old_value,
        new_value, payload, head). ``state=True`` adds the digests of the reference and settings tables as they
        are now (every change to them must: ``verify-audit`` compares the newest with the tables).
        """
        if state:
            fields["payload"] = {**(fields.get("payload") or {}), **payload_state(conn)}
        event = audit.append(conn, actor=self.actor, station=self.station, action=action, **fields)
        self.note_event(event.id)
        return event

    def check_state(self, conn: Connection) -> None:
        """Before a change to reference data or settings (which records their digests afresh): the tables must
        still be what the chain recorded last. Otherwise a change made behind the app's back would be laundered
        into the chain by the next honest change; refused instead, naming the tables (StorageError)."""
        bad, event_id = state_mismatches(conn)
        if bad:
            names = ", ".join(describe(name) for name in bad)
            raise StorageError(
                f"Perubahan TIDAK disimpan: tabel {names} tidak sama dengan yang tercatat di log audit "
                f"(peristiwa #{event_id}) — diubah di luar aplikasi. Jalankan rekap-desktop verify-audit dan "
                "laporkan kepada Bawaslu; data referensi tidak dapat diubah sebelum itu dijelaskan.")

    def record_baseline(self, note: str, *, tampered_before: Sequence[str] = ()) -> None:
        """Record the digests of the state tables and of every Sirekap snapshot as they are now (after a schema
        upgrade). ``tampered_before``: state tables that did not match the chain before the upgrade; recorded, so
        ``verify-audit`` keeps naming them (an upgrade never launders a change made behind the app's back)."""
        with self.transaction() as conn:
            snapshots = {str(k): v for k, v in snapshot_digests(conn).items()}
            payload: dict[str, Any] = {"note": note, "snapshots": snapshots}
            if tampered_before:
                payload["tampered_before"] = sorted(tampered_before)
            self.log_event(conn, "audit.baseline", state=True, payload=payload)

    def anchor(self) -> audit.Anchor:
        """The audit anchor of the chain head: ``AUDIT <n>:<16 hex>`` (DESIGN §13)."""
        with self.engine.connect() as conn:
            return audit.current_anchor(conn)

    # ----------------------------------------------------------------- reference
    def store_reference(self, data: ReferenceData, note: str = "data referensi") -> None:
        with self.transaction() as conn:
            audit.lock_head(conn)
            self.check_state(conn)
            store_reference(conn, data)
            self.log_event(conn, "reference.store", state=True, payload={
                "note": note, "regions": len(data.regions), "parties": len(data.parties),
                "paslon": len(data.paslon), "dapil": len(data.dapils), "candidates": len(data.candidates),
                "settings": sorted(data.settings),
            })
        self._contests = None

    def apply_reference(self, change: Callable[[Connection], dict[str, Any] | None], note: str) -> bool:
        """Run a checked reference change (prepared by :mod:`rekap_desktop.setup`) in ONE transaction.

        ``change`` reads, checks and writes inside the transaction and returns the audit payload, or None when
        nothing changed (then no event is written). Any exception it raises rolls the whole change back.
        Returns whether something was written.
        """
        with self.transaction() as conn:
            audit.lock_head(conn)
            self.check_state(conn)
            payload = change(conn)
            if payload is not None:
                self.log_event(conn, "reference.apply", state=True, payload={"note": note, **payload})
        self.invalidate()
        return payload is not None

    def contests(self) -> list[Contest]:
        if self._contests is None:
            with self.engine.connect() as conn:
                self._contests = {c.key: c for c in load_contests(conn)}
        return list(self._contests.values())

    def contest(self, key: str) -> Contest:
        self.contests()
        assert self._contests is not None
        try:
            return self._contests[key]
        except KeyError:
            known = ", ".join(self._contests) or "(belum ada)"
            raise ValidationError(f"kontes {key!r} tidak ada; yang ada: {known}") from None

    def find_contest(self, ballot: str, dapil: str | None) -> Contest:
        key = f"{ballot}:{dapil}" if dapil else ballot
        return self.contest(key)

    def settings(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return load_settings(conn)

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            audit.lock_head(conn)
            self.check_state(conn)
            old = conn.execute(select(SettingRow.value).where(SettingRow.key == key)).scalar_one_or_none()
            conn.execute(delete(SettingRow).where(SettingRow.key == key))
            conn.execute(insert(SettingRow).values(key=key, value=value))
            self.log_event(conn, "setting.set", state=True, payload={"key": key, "old": old, "new": value})

    def region_names(self, codes: Iterable[str]) -> dict[str, str]:
        wanted = list(codes)
        with self.engine.connect() as conn:
            rows = conn.execute(select(RegionRow.code, RegionRow.name).where(RegionRow.code.in_(wanted)))
            return {r.code: r.name for r in rows}

    # ----------------------------------------------------------------- figures
    def load_sheet(self, key: str, *, tolerance: int | None = None) -> RecapSheet:
        """The contest's sheet with its manual figures and current Sirekap figures (built with the cyclic garbage
        collector paused: :mod:`rekap_desktop.gc_pause`)."""
        with gc_paused():
            from rekap_desktop.sirekap.store import sirekap_figures

            contest = self.contest(key)
            if tolerance is None:
                tolerance = int(self.settings().get("toleransi_sirekap", "0") or 0)
            sheet = RecapSheet(contest, tolerance=tolerance)
            # the first edit validates its cell against this catalogue instead of building its own (~40 ms for a
            # DPRD contest: the slowest edit of a session was its first; issue 16)
            self._catalogues[key] = sheet.catalogue
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(EntryRow.line, EntryRow.kecamatan, EntryRow.value).where(EntryRow.contest == key)
                ).all()
                catalogue = sheet.catalogue
                sheet.load_manual([(line, kec, value) for line, kec, value in rows if line in catalogue])
                sheet.replace_sirekap(sirekap_figures(conn, contest))
        return sheet

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
                self._require_correction_basis(conn, key, kecamatan, reason, keberatan_id,
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

    @staticmethod
    def _require_correction_basis(
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

    def _audit_row(
        self, conn: Connection, action: str, key: str, kecamatan: str, model: Any, row_id: int,
        head: tuple[int, str] | None = None,
    ) -> None:
        row = Session(conn).scalars(select(model).where(model.id == row_id)).one()
        self.log_event(conn, action, contest=key, kecamatan=kecamatan, payload={"row": audit.row_snapshot(row)},
                       head=head)

    # ----------------------------------------------------------------- audit
    def verify_audit(self, anchors: Sequence[audit.Anchor] = ()) -> audit_verify.VerifyReport:
        """Re-walk the chain, re-derive the state, and check that it passes through each anchor."""
        with self.engine.connect() as conn:
            return audit_verify.verify(conn, anchors)

    def audit_events(self, limit: int = 200) -> list[dict[str, Any]]:
        from rekap_desktop.models import AuditEventRow

        with self.engine.connect() as conn:
            rows = Session(conn).scalars(select(AuditEventRow).order_by(AuditEventRow.id.desc()).limit(limit))
            return [
                {"id": r.id, "ts": r.ts, "actor": r.actor, "station": r.station, "action": r.action,
                 "contest": r.contest,
                 "kecamatan": r.kecamatan, "line": r.line, "old": r.old_value, "new": r.new_value,
                 "payload": json.loads(r.payload)}
                for r in rows
            ]

