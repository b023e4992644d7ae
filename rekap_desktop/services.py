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
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from rekap_desktop import audit, audit_verify
from rekap_desktop import keberatan as keberatan_rules
from rekap_desktop.attendance import ROLES as ROLES
from rekap_desktop.attendance import AttendanceWrites, Attendee
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
from rekap_desktop.keberatan_writes import KeberatanWrites
from rekap_desktop.kecamatan_status import KecamatanStatus
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.models import EntryRow, RegionRow, SettingRow
from rekap_desktop.reference import ReferenceData, load_contests, load_settings, store_reference
from rekap_desktop.sheet import RecapSheet
from rekap_desktop.state_digest import describe, payload_state, snapshot_digests, state_mismatches
from rekap_desktop.status_writes import StatusWrites
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


class RecapService(EntryWrites, StatusWrites, KeberatanWrites, AttendanceWrites):
    """Every change to the recap, as one audited transaction (the entry writes live in :mod:`rekap_desktop.entries`,
    the kecamatan workflow in :mod:`rekap_desktop.status_writes`, keberatan in :mod:`rekap_desktop.keberatan_writes`,
    attendance in :mod:`rekap_desktop.attendance`)."""

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

    def _audit_row(
        self, conn: Connection, action: str, key: str, kecamatan: str, model: Any, row_id: int,
        head: tuple[int, str] | None = None,
    ) -> None:
        row = Session(conn).scalars(select(model).where(model.id == row_id)).one()
        self.log_event(conn, action, contest=key, kecamatan=kecamatan, payload={"row": audit.row_snapshot(row)},
                       head=head)


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

