"""Writing the manual figures (the hot path of DESIGN §4): one cell, a block (paste), or a whole import.

Every write happens in one durable transaction with its audit event and obeys the same rules wherever it comes
from (window, command line, another station):

- the writers' lock (the chain head) is taken FIRST, then the kecamatan's status and the cell's current value are
  read, so nothing read can change before the commit (DESIGN §14: no edit lands after penetapan without the
  correction path; the audit ``old`` of every event is the previous event's ``new``);
- a ditetapkan kecamatan accepts a figure only with a reason and a keberatan (the correction path,
  :func:`rekap_desktop.status_writes.require_correction_basis`);
- an edit may carry the value it was based on (``expected``): when the cell moved on meanwhile (another station),
  it is refused with :class:`~rekap_desktop.storage_errors.StaleEditError` naming who changed it to what.

:class:`EntryWrites` is a part of :class:`rekap_desktop.services.RecapService`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update

from rekap_desktop import audit
from rekap_desktop.contest import Contest
from rekap_desktop.kecamatan_status import KecamatanStatus
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.models import AuditEventRow, EntryRow, KecamatanStatusRow
from rekap_desktop.numbers import check_plausible
from rekap_desktop.status_writes import require_correction_basis
from rekap_desktop.storage_errors import LockedError, StaleEditError, ValidationError


class _Unchecked(Enum):
    UNCHECKED = "unchecked"


UNCHECKED = _Unchecked.UNCHECKED
"""``expected`` not given: the edit is not checked against what its author saw (imports, scripts)."""

Expected = int | None | _Unchecked


@dataclass(frozen=True, slots=True)
class EntryResult:
    event_id: int
    old: int | None
    new: int | None


@dataclass(frozen=True, slots=True)
class CellAuthor:
    """Who made the last change of a cell, from where and when (its ``entry.set`` event)."""

    actor: str
    station: str
    ts: str
    event_id: int


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
_RAW_STATUS_AND_OLD = (
    "SELECT (SELECT status FROM kecamatan_status WHERE contest = ? AND kecamatan = ?), "
    "(SELECT value FROM entry WHERE contest = ? AND line = ? AND kecamatan = ?)"
)
_RAW_DELETE_ENTRY = "DELETE FROM entry WHERE contest = ? AND line = ? AND kecamatan = ?"
_RAW_INSERT_ENTRY = "INSERT INTO entry (contest, line, kecamatan, value, event_id) VALUES (?, ?, ?, ?, ?)"
_RAW_UPDATE_ENTRY = "UPDATE entry SET value = ?, event_id = ? WHERE contest = ? AND line = ? AND kecamatan = ?"
_INSERT_ENTRY = insert(EntryRow)
_UPDATE_ENTRY = update(EntryRow).where(_CELL).values(value=bindparam("v"), event_id=bindparam("e"))
_LAST_EVENT_OF_CELL = (
    select(AuditEventRow.actor, AuditEventRow.station)
    .where(AuditEventRow.action == "entry.set", AuditEventRow.contest == bindparam("c"),
           AuditEventRow.line == bindparam("l"), AuditEventRow.kecamatan == bindparam("k"))
    .order_by(AuditEventRow.id.desc()).limit(1)
)


class EntryWrites:
    """The manual-figure part of the service (see the module docstring)."""

    engine: Engine
    actor: str
    station: str
    _catalogues: dict[str, LineCatalogue]

    # provided by RecapService
    def contest(self, key: str) -> Contest:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def note_event(self, event_id: int) -> None:
        raise NotImplementedError

    # ----------------------------------------------------------------- one cell
    def set_entry(
        self,
        key: str,
        line: str,
        kecamatan: str,
        value: int | None,
        *,
        reason: str | None = None,
        keberatan_id: int | None = None,
        expected: Expected = UNCHECKED,
    ) -> EntryResult:
        """Store one manual figure (None clears it) with its audit event, durably, in one transaction.

        ``expected``: the value the edit was based on (what the operator saw); a cell that holds anything else
        now raises StaleEditError and nothing is written; a cell that already holds ``value`` is confirmed
        without an event (``event_id`` 0). LockedError on a ditetapkan kecamatan without reason and
        keberatan; ValidationError on a cell or value that cannot be; BusyError when another station holds the
        lock longer than this station waits.
        """
        contest = self.contest(key)
        self._validate_cell(contest, line, kecamatan, value)
        with self.transaction() as conn:
            return self._set_entry(conn, key, line, kecamatan, value, reason, keberatan_id, expected=expected)

    def set_entry_in(
        self, conn: Connection, key: str, line: str, kecamatan: str, value: int | None, *, reason: str,
        keberatan_id: int, extra: dict[str, Any] | None = None,
    ) -> EntryResult:
        """One manual figure inside the caller's transaction (which took ``audit.lock_head`` first), through the
        correction path: a ditetapkan kecamatan accepts it because it carries reason and keberatan. ``extra`` is
        merged into the ``entry.set`` payload (a TPS recount adds ``{"recount": id}``)."""
        self._validate_cell(self.contest(key), line, kecamatan, value)
        return self._set_entry(conn, key, line, kecamatan, value, reason, keberatan_id, extra=extra)

    def _set_entry(
        self, conn: Connection, key: str, line: str, kecamatan: str, value: int | None,
        reason: str | None, keberatan_id: int | None, source: str = "", *, extra: dict[str, Any] | None = None,
        expected: Expected = UNCHECKED,
    ) -> EntryResult:
        cell = {"c": key, "l": line, "k": kecamatan}
        raw = audit.RawSQL(conn)  # the hot path: plain, driver-prepared statements (issue 16)
        head = audit.lock_head(conn)  # first: status and old value are read under the writers' lock
        status, old = raw.execute(_RAW_STATUS_AND_OLD, (key, kecamatan, key, line, kecamatan)).fetchone()
        if expected is not UNCHECKED and old != expected:
            actor, station = conn.execute(_LAST_EVENT_OF_CELL, cell).one_or_none() or ("?", "")
            raise StaleEditError(line, kecamatan, old, actor, station)
        if expected is not UNCHECKED and old == value:
            return EntryResult(0, old, value)  # confirmed as it is stored: nothing to write, no event
        if status == KecamatanStatus.DITETAPKAN:
            require_correction_basis(conn, key, kecamatan, reason, keberatan_id,
                                     what="Perubahan angka pada kecamatan yang sudah ditetapkan")
        payload: dict[str, Any] = {}
        if reason:
            payload["reason"] = reason
        if keberatan_id is not None:
            payload["keberatan"] = keberatan_id
        if source:
            payload["source"] = source
        if extra:
            payload.update(extra)
        event = audit.append(
            conn, actor=self.actor, station=self.station, action="entry.set", contest=key, kecamatan=kecamatan,
            line=line, old_value=old, new_value=value, payload=payload, head=head,
        )
        self.note_event(event.id)
        if value is None:
            raw.execute(_RAW_DELETE_ENTRY, (key, line, kecamatan))
        elif old is None:
            raw.execute(_RAW_INSERT_ENTRY, (key, line, kecamatan, value, event.id))
        else:
            raw.execute(_RAW_UPDATE_ENTRY, (value, event.id, key, line, kecamatan))
        return EntryResult(event.id, old, value)

    # ----------------------------------------------------------------- several cells
    def set_entries(
        self, key: str, items: Sequence[tuple[str, str, int | None]], *, reason: str | None = None,
        source: str = "", expected: Mapping[tuple[str, str], int | None] | None = None,
    ) -> list[EntryResult]:
        """Store several figures in ONE transaction: all or nothing (import, paste).

        ``expected`` maps (line, kecamatan) to the value each edit was based on; any cell that moved on refuses
        the whole block (StaleEditError), nothing is written.
        """
        contest = self.contest(key)
        for line, kecamatan, value in items:
            self._validate_cell(contest, line, kecamatan, value)
        with self.transaction() as conn:
            return self._set_entries_bulk(conn, key, items, reason, source, expected)

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
        source: str, expected: Mapping[tuple[str, str], int | None] | None = None,
    ) -> list[EntryResult]:
        head = audit.lock_head(conn)  # first: statuses and old values are read under the writers' lock
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
        for (line, kec), seen in (expected or {}).items():
            if current.get((line, kec)) != seen:
                actor, station = conn.execute(_LAST_EVENT_OF_CELL, {"c": key, "l": line, "k": kec}).one_or_none() \
                    or ("?", "")
                raise StaleEditError(line, kec, current.get((line, kec)), actor, station)
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
        appended = audit.append_many(conn, actor=self.actor, station=self.station, events=events, head=head)
        for a in appended:
            self.note_event(a.id)
        last_event = {(ev["line"], ev["kecamatan"]): a.id for ev, a in zip(events, appended, strict=True)}
        for line, kec in final:
            if (line, kec) in current:
                conn.execute(_DELETE_ENTRY, {"c": key, "l": line, "k": kec})
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

    # ----------------------------------------------------------------- reading
    def entries(self, key: str | None = None) -> list[tuple[str, str, str, int]]:
        """(contest, line, kecamatan, value) rows, ordered; all contests when key is None."""
        stmt = select(EntryRow.contest, EntryRow.line, EntryRow.kecamatan, EntryRow.value)
        if key is not None:
            stmt = stmt.where(EntryRow.contest == key)
        with self.engine.connect() as conn:
            return [(r.contest, r.line, r.kecamatan, r.value) for r in conn.execute(stmt)]

    def cell_authors(self, key: str) -> dict[tuple[str, str], CellAuthor]:
        """Per (line, kecamatan) of a contest: who made the figure now stored, from which station, when."""
        stmt = (
            select(EntryRow.line, EntryRow.kecamatan, AuditEventRow.actor, AuditEventRow.station, AuditEventRow.ts,
                   AuditEventRow.id)
            .join(AuditEventRow, AuditEventRow.id == EntryRow.event_id)
            .where(EntryRow.contest == key)
        )
        with self.engine.connect() as conn:
            return {(r[0], r[1]): CellAuthor(r[2], r[3] or "", r[4], r[5]) for r in conn.execute(stmt)}

