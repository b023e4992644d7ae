"""What can go wrong when storing a change, as exceptions with Indonesian messages that say nothing was saved.

``StorageError`` is the base; the window shows ``str(exc)`` as it is, the command line exits 3 (2 for the
validation kinds, see ui/commands). :func:`classify` turns a database driver's failure into the right kind, naming
who holds a lock when the database can tell (PostgreSQL: the ``application_name`` of the holding session, which
Rekap Desktop sets to "rekap-desktop <station> (<operator>)").
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import Engine, text

from rekap_desktop.numbers import format_number


def is_driver_error(exc: BaseException) -> bool:
    """An exception of the database driver itself (sqlite3 or psycopg), raised on the hot path that talks to the
    driver directly (rekap_desktop.audit.RawSQL); psycopg is not imported for the check."""
    return isinstance(exc, sqlite3.Error) or type(exc).__module__.split(".")[0] == "psycopg"




class StorageError(Exception):
    """A change could not be stored; the message is Indonesian and says nothing was saved."""


class LockedError(StorageError):
    """The kecamatan is ditetapkan: a correction needs a reason and a keberatan."""


class ValidationError(StorageError):
    """The change itself is not acceptable (unknown cell, negative value …)."""


class BusyError(StorageError):
    """Another station holds the lock longer than this station waits; nothing was written. Try again."""

    def __init__(self, message: str, holder: str = "") -> None:
        super().__init__(message)
        self.holder = holder


class StaleEditError(StorageError):
    """The cell changed (on another station) since the value the edit was based on; nothing was written.

    ``current`` is the value now stored; ``actor``/``station`` made that change (DESIGN §14: an edit carries the
    value it was based on and is refused, never silently dropped or blindly applied, when the cell moved on).
    """

    def __init__(self, line: str, kecamatan: str, current: int | None, actor: str, station: str) -> None:
        who = f"{actor} (stasiun {station})" if station else actor
        super().__init__(
            f"Isian {line} kecamatan {kecamatan} telah diubah oleh {who} menjadi "
            f"{format_number(current, 'kosong')}; perubahan Anda TIDAK disimpan. Nilai terbaru kini tampil — "
            "ketik lagi bila tetap perlu diubah."
        )
        self.line = line
        self.kecamatan = kecamatan
        self.current = current
        self.actor = actor
        self.station = station


def _message(exc: BaseException) -> str:
    return str(getattr(exc, "orig", exc))


def is_busy(exc: BaseException) -> bool:
    """A lock wait that timed out: SQLite "database is locked"/busy, PostgreSQL lock_timeout (55P03)."""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) in ("55P03", "40P01"):  # lock not available, deadlock detected
        return True
    text_ = _message(exc).lower()
    return "database is locked" in text_ or "database table is locked" in text_ or "busy" in text_


def db_error_reason(exc: BaseException) -> str:
    """Why a database operation failed, as an Indonesian phrase (no sentence around it)."""
    text_ = _message(exc).lower()
    if is_busy(exc):
        return "basis data sedang dikunci oleh proses lain"
    if "readonly" in text_ or "read-only" in text_ or "read only" in text_:
        return "basis data hanya dapat dibaca (read-only)"
    if "disk" in text_ and ("full" in text_ or "space" in text_):
        return "disk penuh"
    if "append-only" in text_:
        return "log audit hanya boleh ditambah"
    if "not a database" in text_ or "malformed" in text_:
        return "berkas ini bukan basis data Rekap Desktop atau rusak"
    if "unable to open" in text_ or "could not connect" in text_ or "connection" in text_:
        return "basis data tidak dapat dibuka atau koneksi terputus"
    return f"kesalahan basis data ({_message(exc).strip().splitlines()[0][:200]})"


def describe_db_error(exc: BaseException) -> str:
    """An Indonesian sentence for a database failure, saying that the change was not saved."""
    return f"Perubahan TIDAK tersimpan: {db_error_reason(exc)}."


def lock_holder(engine: Engine) -> str:
    """Who holds the chain head's lock (PostgreSQL), as "<application_name> sejak <time>"; "" when unknown."""
    if engine.dialect.name != "postgresql":
        return ""
    try:
        with engine.connect() as conn:
            row = conn.execute(text(
                "SELECT a.application_name, a.client_addr, to_char(a.xact_start, 'HH24:MI:SS') "
                "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.granted AND l.relation = to_regclass('chain_head') AND l.pid <> pg_backend_pid() "
                "ORDER BY a.xact_start LIMIT 1"
            )).first()
            conn.rollback()
    except Exception:  # the lookup is a courtesy: never hide the real error behind it
        return ""
    if row is None:
        return ""
    name = row[0] or (f"klien {row[1]}" if row[1] else "sesi lain")
    return f"{name} sejak {row[2]}" if row[2] else str(name)


def classify(exc: BaseException, engine: Engine | None = None) -> StorageError:
    """The StorageError for a driver failure: BusyError (with the lock holder when known) or StorageError."""
    if is_busy(exc):
        holder = lock_holder(engine) if engine is not None else ""
        who = f"dikunci oleh {holder}" if holder else "dikunci oleh stasiun atau proses lain"
        return BusyError(f"Perubahan TIDAK tersimpan: basis data sibuk ({who}).", holder)
    return StorageError(describe_db_error(exc))
