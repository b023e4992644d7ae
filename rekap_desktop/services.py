"""Application services: every change to the recap goes through here, one transaction with its audit event.

The UI and the command line call these; nothing else writes the database. An edit is durable (committed,
``synchronous=FULL`` on SQLite) before the call returns, so a caller may show it as saved only afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from rekap_desktop import audit
from rekap_desktop.contest import Contest
from rekap_desktop.db import database_url, is_initialised, make_engine, upgrade, write_transaction
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.models import AttendanceRow, EntryRow, KeberatanRow, KecamatanStatusRow, RegionRow, SettingRow
from rekap_desktop.numbers import check_plausible
from rekap_desktop.reference import ReferenceData, load_contests, load_settings, store_reference
from rekap_desktop.sheet import RecapSheet


class KecamatanStatus(StrEnum):
    BELUM = "belum"
    DIBACAKAN = "dibacakan"
    SELESAI = "selesai"
    DITETAPKAN = "ditetapkan"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class StorageError(Exception):
    """A change could not be stored; the message is Indonesian and says nothing was saved."""


class LockedError(StorageError):
    """The kecamatan is ditetapkan: a correction needs a reason and a keberatan."""


class ValidationError(StorageError):
    """The change itself is not acceptable (unknown cell, negative value …)."""


@dataclass(frozen=True, slots=True)
class EntryResult:
    event_id: int
    old: int | None
    new: int | None


@dataclass(frozen=True, slots=True)
class Keberatan:
    id: int
    contest: str
    kind: str  # "keberatan" | "kejadian_khusus"
    kecamatan: str | None
    peserta: str
    saksi: str
    cells: tuple[str, ...]
    description: str
    status: str  # terbuka | diterima | ditolak
    tindak_lanjut: str
    created_at: str
    resolved_at: str | None


@dataclass(frozen=True, slots=True)
class Attendee:
    role: str  # ketua | anggota | saksi | bawaslu | ppk
    name: str
    peserta: str = ""
    present: bool = True
    signs: bool = True
    refusal_reason: str = ""


ROLES = ("ketua", "anggota", "saksi", "bawaslu", "ppk")
KEBERATAN_KINDS = ("keberatan", "kejadian_khusus")


def describe_db_error(exc: BaseException) -> str:
    """An Indonesian sentence for a database failure, saying that the change was not saved."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        why = "basis data sedang dikunci oleh proses lain"
    elif "readonly" in text or "read-only" in text or "read only" in text:
        why = "basis data hanya dapat dibaca (read-only)"
    elif "disk" in text and ("full" in text or "space" in text):
        why = "disk penuh"
    elif "append-only" in text:
        why = "log audit hanya boleh ditambah"
    elif "unable to open" in text or "could not connect" in text or "connection" in text:
        why = "basis data tidak dapat dibuka atau koneksi terputus"
    else:
        why = f"kesalahan basis data ({str(getattr(exc, 'orig', exc)).strip().splitlines()[0][:200]})"
    return f"Perubahan TIDAK tersimpan: {why}."


# The statements of an operator edit, built once: the hot path (DESIGN §4) then only binds values.
_CELL = (
    (EntryRow.contest == bindparam("c")) & (EntryRow.line == bindparam("l")) & (EntryRow.kecamatan == bindparam("k"))
)
_STATUS_AND_OLD = select(
    select(KecamatanStatusRow.status).where(
        KecamatanStatusRow.contest == bindparam("c"), KecamatanStatusRow.kecamatan == bindparam("k")
    ).scalar_subquery(),
    select(EntryRow.value).where(_CELL).scalar_subquery(),
)
_DELETE_ENTRY = delete(EntryRow).where(_CELL)
_INSERT_ENTRY = insert(EntryRow)
_UPDATE_ENTRY = update(EntryRow).where(_CELL).values(value=bindparam("v"), event_id=bindparam("e"))


class RecapService:
    def __init__(self, engine: Engine, actor: str = "operator") -> None:
        self.engine = engine
        self.actor = actor
        self._contests: dict[str, Contest] | None = None
        self._catalogues: dict[str, LineCatalogue] = {}

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(cls, target: str | Path | None, actor: str = "operator", *, create: bool = True) -> RecapService:
        url = database_url(target)
        if not create and url.startswith("sqlite:///") and "mode=ro" not in url:
            path = Path(url[len("sqlite:///"):])
            if not path.exists():
                raise StorageError(f"Basis data tidak ditemukan: {path}")
        engine = make_engine(url)
        try:
            if not is_initialised(engine):
                if not create:
                    raise StorageError(f"basis data belum disiapkan: {target}")
                upgrade(engine)
            else:
                upgrade(engine)  # brings an older file up to date; a no-op when current
        except (OperationalError, DBAPIError) as exc:
            engine.dispose()
            raise StorageError(f"Basis data {target} tidak dapat dibuka: {describe_db_error(exc)}") from exc
        return cls(engine, actor)

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
        """One durable transaction; database failures become StorageError with an Indonesian message."""
        try:
            with write_transaction(self.engine) as conn:
                yield conn
        except StorageError:
            raise
        except (OperationalError, IntegrityError, DBAPIError) as exc:
            raise StorageError(describe_db_error(exc)) from exc

    # ----------------------------------------------------------------- reference
    def store_reference(self, data: ReferenceData, note: str = "data referensi") -> None:
        with self.transaction() as conn:
            store_reference(conn, data)
            audit.append(conn, actor=self.actor, action="reference.store", payload={
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
            payload = change(conn)
            if payload is not None:
                audit.append(conn, actor=self.actor, action="reference.apply", payload={"note": note, **payload})
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
            old = conn.execute(select(SettingRow.value).where(SettingRow.key == key)).scalar_one_or_none()
            conn.execute(delete(SettingRow).where(SettingRow.key == key))
            conn.execute(insert(SettingRow).values(key=key, value=value))
            audit.append(conn, actor=self.actor, action="setting.set", payload={"key": key, "old": old, "new": value})

    def region_names(self, codes: Iterable[str]) -> dict[str, str]:
        wanted = list(codes)
        with self.engine.connect() as conn:
            rows = conn.execute(select(RegionRow.code, RegionRow.name).where(RegionRow.code.in_(wanted)))
            return {r.code: r.name for r in rows}

    # ----------------------------------------------------------------- figures
    def load_sheet(self, key: str, *, tolerance: int | None = None) -> RecapSheet:
        """The contest's sheet with its manual figures and current Sirekap figures."""
        from rekap_desktop.sirekap_store import sirekap_figures

        contest = self.contest(key)
        if tolerance is None:
            tolerance = int(self.settings().get("toleransi_sirekap", "0") or 0)
        sheet = RecapSheet(contest, tolerance=tolerance)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(EntryRow.line, EntryRow.kecamatan, EntryRow.value).where(EntryRow.contest == key)
            ).all()
            sheet.load_manual((r.line, r.kecamatan, r.value) for r in rows if r.line in sheet.catalogue)
            sheet.replace_sirekap(sirekap_figures(conn, contest))
        return sheet

    def set_entry(
        self,
        key: str,
        line: str,
        kecamatan: str,
        value: int | None,
        *,
        reason: str | None = None,
        keberatan_id: int | None = None,
    ) -> EntryResult:
        """Store one manual figure (None clears it) with its audit event, durably, in one transaction."""
        contest = self.contest(key)
        self._validate_cell(contest, line, kecamatan, value)
        with self.transaction() as conn:
            return self._set_entry(conn, key, line, kecamatan, value, reason, keberatan_id)

    def set_entries(
        self, key: str, items: Sequence[tuple[str, str, int | None]], *, reason: str | None = None,
        source: str = "",
    ) -> list[EntryResult]:
        """Store several figures in ONE transaction: all or nothing (import, paste)."""
        contest = self.contest(key)
        for line, kecamatan, value in items:
            self._validate_cell(contest, line, kecamatan, value)
        with self.transaction() as conn:
            return self._set_entries_bulk(conn, key, items, reason, source)

    def import_entries(self, per_contest: dict[str, list[tuple[str, str, int]]], *, source: str) -> None:
        """Figures of several contests in ONE transaction (a whole import file, or nothing)."""
        for key, items in per_contest.items():
            contest = self.contest(key)
            for line, kecamatan, value in items:
                self._validate_cell(contest, line, kecamatan, value)
        with self.transaction() as conn:
            for key, items in per_contest.items():
                self._set_entries_bulk(conn, key, list(items), None, source)

    def _set_entries_bulk(
        self, conn: Connection, key: str, items: Sequence[tuple[str, str, int | None]], reason: str | None,
        source: str,
    ) -> list[EntryResult]:
        locked = {
            r.kecamatan for r in conn.execute(
                select(KecamatanStatusRow.kecamatan).where(
                    KecamatanStatusRow.contest == key, KecamatanStatusRow.status == KecamatanStatus.DITETAPKAN.value
                )
            )
        }
        hit = sorted({kec for _, kec, _ in items if kec in locked})
        if hit:
            raise LockedError(f"Kecamatan {', '.join(hit)} sudah ditetapkan: koreksi diisi satu per satu dengan "
                              "alasan dan nomor keberatan.")
        current = {
            (r.line, r.kecamatan): r.value
            for r in conn.execute(
                select(EntryRow.line, EntryRow.kecamatan, EntryRow.value).where(EntryRow.contest == key)
            )
        }
        payload: dict[str, Any] = {}
        if reason:
            payload["reason"] = reason
        if source:
            payload["source"] = source
        final: dict[tuple[str, str], int | None] = {}
        events = []
        results_raw = []
        for line, kec, value in items:
            old = final[(line, kec)] if (line, kec) in final else current.get((line, kec))
            final[(line, kec)] = value
            events.append({"action": "entry.set", "contest": key, "kecamatan": kec, "line": line,
                           "old_value": old, "new_value": value, "payload": payload})
            results_raw.append((old, value))
        appended = audit.append_many(conn, actor=self.actor, events=events)
        last_event = {(ev["line"], ev["kecamatan"]): a.id for ev, a in zip(events, appended, strict=True)}
        changed = list(final)
        for i in range(0, len(changed), 400):
            chunk = changed[i : i + 400]
            for line, kec in chunk:
                if (line, kec) in current:
                    conn.execute(delete(EntryRow).where(
                        EntryRow.contest == key, EntryRow.line == line, EntryRow.kecamatan == kec
                    ))
        rows = [
            {"contest": key, "line": line, "kecamatan": kec, "value": v, "event_id": last_event[(line, kec)]}
            for (line, kec), v in final.items() if v is not None
        ]
        if rows:
            conn.execute(insert(EntryRow), rows)
        return [EntryResult(a.id, old, new) for a, (old, new) in zip(appended, results_raw, strict=True)]

    def _validate_cell(self, contest: Contest, line: str, kecamatan: str, value: int | None) -> None:
        catalogue = self._catalogues.get(contest.key)
        if catalogue is None or catalogue.contest is not contest:
            catalogue = self._catalogues[contest.key] = LineCatalogue(contest)
        if line not in catalogue:
            raise ValidationError(f"baris {line!r} tidak ada pada formulir {contest.title}")
        if not contest.has_kecamatan(kecamatan):
            raise ValidationError(f"kecamatan {kecamatan} tidak termasuk {contest.title}")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise ValidationError(f"angka harus bilangan bulat tidak negatif, bukan {value!r}")
        if value is not None:
            try:
                check_plausible(value)
            except ValueError as exc:
                raise ValidationError(str(exc)) from None

    def _set_entry(
        self, conn: Connection, key: str, line: str, kecamatan: str, value: int | None,
        reason: str | None, keberatan_id: int | None, source: str = "",
    ) -> EntryResult:
        cell = {"c": key, "l": line, "k": kecamatan}
        status, old = conn.execute(_STATUS_AND_OLD, cell).one()
        if status == KecamatanStatus.DITETAPKAN:
            if not (reason and reason.strip()) or keberatan_id is None:
                raise LockedError(
                    f"Kecamatan {kecamatan} sudah ditetapkan: koreksi memerlukan alasan dan nomor keberatan."
                )
            exists = conn.execute(
                select(KeberatanRow.id).where(KeberatanRow.id == keberatan_id, KeberatanRow.contest == key)
            ).scalar_one_or_none()
            if exists is None:
                raise LockedError(f"Keberatan #{keberatan_id} tidak ada pada kontes ini.")
        payload: dict[str, Any] = {}
        if reason:
            payload["reason"] = reason
        if keberatan_id is not None:
            payload["keberatan"] = keberatan_id
        if source:
            payload["source"] = source
        event = audit.append(
            conn, actor=self.actor, action="entry.set", contest=key, kecamatan=kecamatan, line=line,
            old_value=old, new_value=value, payload=payload,
        )
        if value is None:
            conn.execute(_DELETE_ENTRY, cell)
        elif old is None:
            conn.execute(_INSERT_ENTRY, {"contest": key, "line": line, "kecamatan": kecamatan, "value": value,
                                         "event_id": event.id})
        else:
            conn.execute(_UPDATE_ENTRY, {**cell, "v": value, "e": event.id})
        return EntryResult(event.id, old, value)

    def entries(self, key: str | None = None) -> list[tuple[str, str, str, int]]:
        """(contest, line, kecamatan, value) rows, ordered; all contests when key is None."""
        stmt = select(EntryRow.contest, EntryRow.line, EntryRow.kecamatan, EntryRow.value)
        if key is not None:
            stmt = stmt.where(EntryRow.contest == key)
        with self.engine.connect() as conn:
            return [(r.contest, r.line, r.kecamatan, r.value) for r in conn.execute(stmt)]

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

    def set_status(self, key: str, kecamatan: str, status: KecamatanStatus, *, reason: str = "") -> None:
        contest = self.contest(key)
        if not contest.has_kecamatan(kecamatan):
            raise ValidationError(f"kecamatan {kecamatan} tidak termasuk {contest.title}")
        with self.transaction() as conn:
            where = (KecamatanStatusRow.contest == key, KecamatanStatusRow.kecamatan == kecamatan)
            old = conn.execute(select(KecamatanStatusRow.status).where(*where)).scalar_one_or_none()
            if old == KecamatanStatus.DITETAPKAN and status != KecamatanStatus.DITETAPKAN and not reason.strip():
                raise LockedError("Membuka kembali kecamatan yang sudah ditetapkan memerlukan alasan.")
            payload = {"status": status.value, "old": old or KecamatanStatus.BELUM.value}
            if reason:
                payload["reason"] = reason
            event = audit.append(conn, actor=self.actor, action="status.set", contest=key, kecamatan=kecamatan,
                                 payload=payload)
            if old is None:
                conn.execute(insert(KecamatanStatusRow).values(contest=key, kecamatan=kecamatan, status=status.value,
                                                               event_id=event.id))
            else:
                conn.execute(update(KecamatanStatusRow).where(*where).values(status=status.value, event_id=event.id))

    # ----------------------------------------------------------------- keberatan / kejadian khusus
    def add_keberatan(
        self, key: str, *, description: str, kind: str = "keberatan", kecamatan: str | None = None,
        peserta: str = "", saksi: str = "", cells: Sequence[str] = (),
    ) -> int:
        self.contest(key)
        if kind not in KEBERATAN_KINDS:
            raise ValidationError(f"jenis catatan tidak dikenal: {kind!r} (keberatan / kejadian_khusus)")
        if not description.strip():
            raise ValidationError("uraian keberatan/kejadian khusus wajib diisi")
        with self.transaction() as conn:
            new_id = conn.execute(
                insert(KeberatanRow).values(
                    contest=key, kind=kind, kecamatan=kecamatan, peserta=peserta, saksi=saksi,
                    cells=",".join(cells), description=description.strip(), status="terbuka",
                    tindak_lanjut="", created_at=audit.now_iso(), resolved_at=None,
                ).returning(KeberatanRow.id)
            ).scalar_one()
            self._audit_row(conn, "keberatan.add", key, kecamatan or "", KeberatanRow, new_id)
            return int(new_id)

    def resolve_keberatan(self, keberatan_id: int, *, outcome: str, tindak_lanjut: str) -> None:
        if outcome not in ("diterima", "ditolak"):
            raise ValidationError("keputusan keberatan harus 'diterima' atau 'ditolak'")
        with self.transaction() as conn:
            row = Session(conn).scalars(select(KeberatanRow).where(KeberatanRow.id == keberatan_id)).one_or_none()
            if row is None:
                raise ValidationError(f"keberatan #{keberatan_id} tidak ada")
            conn.execute(update(KeberatanRow).where(KeberatanRow.id == keberatan_id).values(
                status=outcome, tindak_lanjut=tindak_lanjut.strip(), resolved_at=audit.now_iso()))
            self._audit_row(conn, "keberatan.resolve", row.contest, row.kecamatan or "", KeberatanRow, keberatan_id)

    def keberatan(self, key: str | None = None) -> list[Keberatan]:
        stmt = select(KeberatanRow).order_by(KeberatanRow.id)
        if key is not None:
            stmt = stmt.where(KeberatanRow.contest == key)
        with self.engine.connect() as conn:
            return [
                Keberatan(r.id, r.contest, r.kind, r.kecamatan, r.peserta, r.saksi,
                          tuple(c for c in r.cells.split(",") if c), r.description, r.status, r.tindak_lanjut,
                          r.created_at, r.resolved_at)
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
            audit.append(conn, actor=self.actor, action="attendance.clear", contest=key,
                         payload={"removed": old_ids})
            for pos, p in enumerate(people):
                new_id = conn.execute(insert(AttendanceRow).values(
                    contest=key, role=p.role, peserta=p.peserta, name=p.name.strip(), present=p.present,
                    signs=p.signs and p.present, refusal_reason=p.refusal_reason.strip(), position=pos,
                ).returning(AttendanceRow.id)).scalar_one()
                self._audit_row(conn, "attendance.set", key, "", AttendanceRow, new_id)

    def _audit_row(self, conn: Connection, action: str, key: str, kecamatan: str, model: Any, row_id: int) -> None:
        row = Session(conn).scalars(select(model).where(model.id == row_id)).one()
        audit.append(conn, actor=self.actor, action=action, contest=key, kecamatan=kecamatan,
                     payload={"row": audit.row_snapshot(row)})

    # ----------------------------------------------------------------- audit
    def verify_audit(self) -> audit.VerifyReport:
        with self.engine.connect() as conn:
            return audit.verify(conn)

    def audit_events(self, limit: int = 200) -> list[dict[str, Any]]:
        from rekap_desktop.models import AuditEventRow

        with self.engine.connect() as conn:
            rows = Session(conn).scalars(select(AuditEventRow).order_by(AuditEventRow.id.desc()).limit(limit))
            return [
                {"id": r.id, "ts": r.ts, "actor": r.actor, "action": r.action, "contest": r.contest,
                 "kecamatan": r.kecamatan, "line": r.line, "old": r.old_value, "new": r.new_value,
                 "payload": json.loads(r.payload)}
                for r in rows
            ]

