"""Several stations on one database, live (DESIGN §14, issue 11): what changed, and where each station looks.

**What changed** is the audit log itself: every change to a figure, a status, a keberatan, attendance, a Sirekap
import, reference data or a document is an event with a growing id, written in the same transaction as the
change. :class:`ChangeFeed` returns the events committed after the last one a station has seen, in chain order;
a station applies them to what it shows. Nothing else is needed to stay in step, and nothing can be missed.

**When to look** is cheap and pushed, not polled by queries:

- PostgreSQL: every writing transaction announces its last event id with ``NOTIFY rekap_audit`` (delivered at
  commit, :func:`rekap_desktop.audit.append`); :class:`Watcher` keeps a ``LISTEN`` connection in a thread and
  reconnects after a network drop (telling the station it is offline meanwhile).
- SQLite (one file, several processes on one machine): ``PRAGMA data_version`` on a connection of its own changes
  whenever another connection committed; :class:`Watcher` probes it every ``interval`` seconds (microseconds each).

A station should still fetch now and then (``fallback`` seconds) in case a notification was lost while offline.

**Where each station looks** (the projector PC follows the operator; also whether its projector shows the sheet
or the DPRD seats): :class:`Cursor` rows in ``station_cursor``,
one per station, written by :class:`CursorPublisher` off the operator's thread (latest value wins; never blocks
typing) and announced on ``NOTIFY rekap_cursor``. A cursor changes no figure, finding or document: it is not an
audit event.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, select, text

from rekap_desktop.audit import NOTIFY_CHANNEL, audit_table, head_table, now_iso
from rekap_desktop.db import WRITE, is_sqlite
from rekap_desktop.models import StationCursorRow

CURSOR_CHANNEL = "rekap_cursor"


# ------------------------------------------------------------------------------------------------ changes
@dataclass(frozen=True, slots=True)
class Change:
    """One committed audit event, as a station needs it to update what it shows."""

    id: int
    action: str
    actor: str
    station: str
    contest: str
    kecamatan: str
    line: str
    old_value: int | None
    new_value: int | None
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """The part before the dot: entry, status, keberatan, attendance, sirekap, reference, setting, …"""
        return self.action.split(".", 1)[0]


_FETCH = (
    select(audit_table.c.id, audit_table.c.action, audit_table.c.actor, audit_table.c.station,
           audit_table.c.contest, audit_table.c.kecamatan, audit_table.c.line, audit_table.c.old_value,
           audit_table.c.new_value, audit_table.c.payload)
    .where(audit_table.c.id > bindparam("after"))
    .order_by(audit_table.c.id)
)


def head_id(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(head_table.c.last_id).where(head_table.c.id == 1)).scalar_one())


class ChangeFeed:
    """The events committed after ``last_id`` (by default: after the chain head when the feed was made)."""

    def __init__(self, engine: Engine, last_id: int | None = None) -> None:
        self.engine = engine
        self.last_id = head_id(engine) if last_id is None else last_id

    def fetch(self, limit: int = 20_000) -> list[Change]:
        """Everything new since the previous call, oldest first (at most ``limit``; call again for more)."""
        with self.engine.connect() as conn:
            rows = conn.execute(_FETCH.limit(limit), {"after": self.last_id}).all()
        out = []
        for r in rows:
            try:
                payload = json.loads(r.payload) if r.payload and r.payload != "{}" else {}
            except ValueError:
                payload = {}
            out.append(Change(r.id, r.action, r.actor, r.station or "", r.contest, r.kecamatan, r.line,
                              r.old_value, r.new_value, payload if isinstance(payload, dict) else {}))
        if rows:
            self.last_id = int(rows[-1].id)
        return out


# ------------------------------------------------------------------------------------------------ watching
class DataVersionProbe:
    """SQLite: has any other connection committed since the last call? (``PRAGMA data_version``)."""

    def __init__(self, engine: Engine) -> None:
        self._raw = engine.raw_connection()  # a connection of its own, in autocommit mode: no read snapshot held
        self._last = self._version()

    def _version(self) -> int:
        driver = self._raw.driver_connection
        assert driver is not None
        return int(driver.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        version = self._version()
        if version != self._last:
            self._last = version
            return True
        return False

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._raw.close()


def libpq_conninfo(engine: Engine) -> str:
    """The engine's PostgreSQL URL for a plain psycopg connection (driver name dropped, password kept)."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


class Watcher:
    """Calls ``on_change(channel)`` from a background thread when something was committed (or a cursor moved).

    ``channel`` is ``"audit"`` for audit events, ``"cursor"`` for a station's cursor, ``"sync"`` after
    (re)connecting (fetch everything: notifications may have been lost). ``on_status(online, message)`` tells
    the station when the database cannot be reached and when it is back. Never raises into the caller.
    """

    def __init__(
        self, engine: Engine, on_change: Callable[[str], None], *,
        on_status: Callable[[bool, str], None] | None = None, interval: float = 0.02,
    ) -> None:
        self.engine = engine
        self.on_change = on_change
        self.on_status = on_status or (lambda online, message: None)
        self.interval = interval
        self.online = True
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rekap-watcher", daemon=True)

    def start(self) -> Watcher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=3)

    def _status(self, online: bool, message: str) -> None:
        if online != self.online:
            self.online = online
            self.on_status(online, message)

    def _run(self) -> None:
        if is_sqlite(self.engine):
            self._run_sqlite()
        else:
            self._run_postgresql()

    def _run_sqlite(self) -> None:
        probe: DataVersionProbe | None = None
        while not self._stop.is_set():
            try:
                if probe is None:
                    probe = DataVersionProbe(self.engine)
                    self.on_change("sync")
                if probe.changed():
                    self.on_change("audit")
                    self.on_change("cursor")
                self._status(True, "")
            except Exception as exc:  # the file vanished, a USB stick was pulled …
                if probe is not None:
                    probe.close()
                probe = None
                self._status(False, f"basis data tidak dapat dibaca: {exc}")
                self._stop.wait(1.0)
                continue
            self._stop.wait(self.interval)
        if probe is not None:
            probe.close()

    def _run_postgresql(self) -> None:
        import psycopg

        backoff = 0.5
        while not self._stop.is_set():
            try:
                with psycopg.connect(libpq_conninfo(self.engine), autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    conn.execute(f"LISTEN {CURSOR_CHANNEL}")
                    self._status(True, "")
                    self.on_change("sync")
                    backoff = 0.5
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=0.5):
                            self.on_change("cursor" if note.channel == CURSOR_CHANNEL else "audit")
                        conn.execute("SELECT 1")  # a dead connection shows here, not after TCP's own timeout
            except Exception as exc:
                self._status(False, f"koneksi ke basis data terputus ({type(exc).__name__}); mencoba lagi")
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)


# ------------------------------------------------------------------------------------------------ cursors
@dataclass(frozen=True, slots=True)
class Cursor:
    """Where one station looks: its contest, kecamatan and line, and whether its projector is paused."""

    station: str
    actor: str = ""
    role: str = "operator"  # operator | proyektor
    contest: str = ""
    kecamatan: str = ""
    line: str = ""
    paused: bool = False
    pause_message: str = ""
    view: str = "tabel"  # what the projector shows: the sheet (tabel) or the DPRD seats (kursi)
    updated_at: str = ""

    def same_place(self, other: Cursor | None) -> bool:
        return other is not None and (self.contest, self.kecamatan, self.line, self.paused, self.pause_message,
                                      self.view) == (other.contest, other.kecamatan, other.line, other.paused,
                                                     other.pause_message, other.view)


_CURSOR_COLUMNS = ("station", "actor", "role", "contest", "kecamatan", "line", "paused", "pause_message", "view",
                   "updated_at")


def write_cursor(engine: Engine, cursor: Cursor) -> None:
    """Store one station's cursor (replacing its previous one) and announce it (PostgreSQL)."""
    with engine.connect() as conn:
        store_cursor(conn, cursor)


def store_cursor(conn: Connection, cursor: Cursor) -> None:
    """Store one station's cursor on ``conn`` in a transaction of its own (which commits)."""
    row = {name: getattr(cursor, name) for name in _CURSOR_COLUMNS}
    row["updated_at"] = now_iso()
    conn.execution_options(**WRITE)
    with conn.begin():
        conn.execute(delete(StationCursorRow).where(StationCursorRow.station == cursor.station))
        conn.execute(insert(StationCursorRow).values(**row))
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_notify(:c, :s)"), {"c": CURSOR_CHANNEL, "s": cursor.station})


def read_cursors(engine: Engine, role: str | None = "operator") -> list[Cursor]:
    """Every station's cursor (of one role), the most recently moved first."""
    stmt = select(StationCursorRow).order_by(StationCursorRow.updated_at.desc())
    if role is not None:
        stmt = stmt.where(StationCursorRow.role == role)
    with engine.connect() as conn:
        return [Cursor(**{name: getattr(r, name) for name in _CURSOR_COLUMNS})
                for r in conn.execute(stmt)]


def cursor_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(StationCursorRow)).scalar_one())


class CursorPublisher:
    """Writes this station's cursor from a background thread: the latest value wins, a busy database never
    blocks the operator (the next move simply writes again).

    The thread keeps one connection of its own, opened when the publisher starts: opening a connection runs the
    engine's connect hooks in Python, holding the interpreter lock for tens of milliseconds — taken at the
    station's start it costs nothing, taken at the first move it delayed an edit typed meanwhile (issue 16). On
    SQLite that connection commits with ``synchronous=NORMAL``: a cursor is where the operator looks, not a
    figure, so it need not survive a power cut (WAL stays consistent), and without its fsync it holds the write
    lock for microseconds instead of one disk flush, so an edit seldom meets it. The connection never returns to
    the pool, so no other write ever runs with that setting; the operator's edits keep ``synchronous=FULL``.
    """

    def __init__(self, engine: Engine, *, debounce: float = 0.05) -> None:
        self.engine = engine
        self.debounce = debounce
        self.written = 0
        self.failures = 0
        self.connections = 0  # how many connections the thread opened (one, unless the database went away)
        self.ready = threading.Event()  # set once the thread tried to open its connection
        self._latest: Cursor | None = None
        self._last_written: Cursor | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="rekap-cursor", daemon=True)
        self._thread.start()

    def publish(self, cursor: Cursor) -> None:
        with self._lock:
            self._latest = cursor
        self._wake.set()

    def _connect(self) -> Connection:
        conn = self.engine.connect()
        if is_sqlite(self.engine):  # on the driver's connection: outside any transaction SQLAlchemy would begin
            driver = conn.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA synchronous=NORMAL")
        conn.detach()  # closed, never pooled: its synchronous setting stays its own
        self.connections += 1
        return conn

    def _run(self) -> None:
        conn: Connection | None = None
        with contextlib.suppress(Exception):  # unreachable now: the first write tries again
            conn = self._connect()
        self.ready.set()
        try:
            while not self._stop.is_set():
                self._wake.wait(1.0)
                self._wake.clear()
                if self._stop.is_set():
                    break
                time.sleep(self.debounce)
                with self._lock:
                    cursor = self._latest
                if cursor is None or cursor.same_place(self._last_written):
                    continue
                try:
                    if conn is None:
                        conn = self._connect()
                    store_cursor(conn, cursor)
                    self._last_written = cursor
                    self.written += 1
                except Exception:  # busy or offline: the next move (or the next wake-up) tries again
                    self.failures += 1
                    if conn is not None and not is_sqlite(self.engine):  # a dropped link: reconnect next time
                        with contextlib.suppress(Exception):
                            conn.close()
                        conn = None
                    self._stop.wait(0.5)
                    self._wake.set()
        finally:
            if conn is not None:
                with contextlib.suppress(Exception):
                    conn.close()

    def flush(self, timeout: float = 2.0) -> None:
        """Wait until the latest cursor is written (tests, closing)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                latest = self._latest
            if latest is None or latest.same_place(self._last_written):
                return
            self._wake.set()
            time.sleep(0.02)

    def stop(self) -> None:
        self.flush(1.0)
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=3)
