"""Opening the database: SQLite (embedded default, durable settings) or PostgreSQL by URL (DESIGN §5)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

APP_NAME = "RekapDesktop"
MIGRATIONS = Path(__file__).with_name("migrations")


def default_database_path() -> Path:
    """The embedded database in the user's data directory (per-OS, via platformdirs)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "rekap.sqlite"


def demo_database_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo-sampang.sqlite"


def database_url(target: str | Path | None) -> str:
    """Turn ``--db`` into a SQLAlchemy URL: a path becomes a SQLite URL, ``postgres://``/``postgresql://`` the
    psycopg driver's URL; any other URL stays as it is (and is refused by :func:`check_url`)."""
    if target is None:
        target = default_database_path()
    text = str(target)
    if "://" in text:
        scheme, rest = text.split("://", 1)
        if scheme in ("postgres", "postgresql", "postgresql+psycopg2"):  # the usual spellings mean our driver
            return f"postgresql+psycopg://{rest}"
        return text
    path = Path(text).expanduser().resolve()
    return f"sqlite:///{path.as_posix()}" if path.drive == "" else f"sqlite:///{path}"


SUPPORTED_SCHEMES = ("sqlite", "postgresql+psycopg")


def check_url(url: str) -> str | None:
    """An Indonesian reason when ``url`` is no database Rekap Desktop can use; None when it is."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme in SUPPORTED_SCHEMES:
        return None
    return (f"alamat basis data {url.split('://', 1)[0]}://… tidak dikenali; pakai path berkas SQLite (mis. "
            "rekap.sqlite) atau URL PostgreSQL postgresql+psycopg://pengguna@host/nama")


def _busy_timeout_ms() -> int:
    """How long a writer waits for another station's lock before reporting it (env REKAP_SQLITE_BUSY_MS)."""
    try:
        return max(0, int(os.environ.get("REKAP_SQLITE_BUSY_MS", "5000")))
    except ValueError:
        return 5000


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """How a process uses the database (DESIGN §14).

    ``lock_wait_ms``: how long a statement waits for another station's lock before it fails with a "busy" error
    (SQLite ``busy_timeout``, PostgreSQL ``lock_timeout``); None: ``REKAP_SQLITE_BUSY_MS`` or 5 s. The window
    uses a short wait and retries without blocking its event loop. ``wal_autocheckpoint``: False moves SQLite's
    WAL checkpoint off the commit of an edit (the window runs :class:`WalCheckpointer` instead).
    ``application_name``: how this station appears to PostgreSQL (and so in "dikunci oleh …" messages).
    """

    lock_wait_ms: int | None = None
    wal_autocheckpoint: bool = True
    application_name: str = ""
    read_only: bool = False
    """Open for reading only (:func:`readonly_target`): nothing is ever written, not even SQLite's WAL mode."""

    @property
    def wait_ms(self) -> int:
        return self.lock_wait_ms if self.lock_wait_ms is not None else _busy_timeout_ms()


IDLE_IN_TRANSACTION_MS = 60_000
"""PostgreSQL: a session left idle inside a transaction (a crashed or hung station) is ended by the server after
this long, so it cannot hold the chain head's lock for ever."""


def _sqlite_connect_hook(options: EngineOptions) -> Any:
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # SQLAlchemy's "begin" event issues BEGIN itself instead of pysqlite (documented SQLAlchemy recipe).
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={options.wait_ms}")
        if options.read_only:
            cur.execute("PRAGMA query_only=ON")
            cur.close()
            return
        if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            with contextlib.suppress(sqlite3.OperationalError):  # read-only medium: stays as it is
                cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        if not options.wal_autocheckpoint:
            cur.execute("PRAGMA wal_autocheckpoint=0")
        cur.close()

    return on_connect


def _pg_connect_hook(options: EngineOptions) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        try:
            with dbapi_connection.cursor() as cur:
                cur.execute(f"SET lock_timeout = {int(options.wait_ms)}")
                if options.read_only:
                    cur.execute("SET default_transaction_read_only = on")
                cur.execute(f"SET idle_in_transaction_session_timeout = {IDLE_IN_TRANSACTION_MS}")
                if options.application_name:
                    cur.execute("SELECT set_config('application_name', %s, false)", (options.application_name[:63],))
        finally:
            dbapi_connection.autocommit = autocommit

    return on_connect


WRITE = {"rekap_write": True}  # execution option of connections that write (see write_connection)


def _sqlite_on_begin(conn: Connection) -> None:
    # A writing transaction takes the write lock at once (BEGIN IMMEDIATE): two writers never deadlock on a
    # read→write upgrade. Reads use a deferred BEGIN, so they never lock another station's writer out (WAL).
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("rekap_write") else "BEGIN")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write: committed on success, rolled back on any exception."""
    with engine.connect() as conn:
        conn.execution_options(**WRITE)
        with conn.begin():
            yield conn


def make_engine(url: str, options: EngineOptions | None = None) -> Engine:
    options = options or EngineOptions()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        uri = parsed.query.get("uri") in ("true", "1")
        if parsed.database and parsed.database != ":memory:" and not uri and not options.read_only:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_connect_hook(options))
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    engine = create_engine(url, pool_pre_ping=True, connect_args=PG_CONNECT_ARGS)
    event.listen(engine, "connect", _pg_connect_hook(options))
    return engine


PG_CONNECT_ARGS = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
    "tcp_user_timeout": 10_000,
}
"""PostgreSQL over the aula's network: a dropped cable is noticed in seconds (not TCP's minutes), so a station
reports "koneksi terputus" instead of freezing."""


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


class WalCheckpointer:
    """SQLite: checkpoint the WAL in a background thread, off the operator's commits (DESIGN §14, issue 11).

    With ``wal_autocheckpoint`` off, SQLite never checkpoints inside a commit; this thread does a PASSIVE
    checkpoint (it never waits for readers or writers) every ``interval`` seconds, and a TRUNCATE checkpoint when
    stopped. Safe to use on PostgreSQL (does nothing).
    """

    def __init__(self, engine: Engine, *, interval: float = 2.0) -> None:
        import threading

        self.engine = engine
        self.interval = interval
        self.checkpoints = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if is_sqlite(engine):
            self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)

    def start(self) -> WalCheckpointer:
        if self._thread is not None and not self._thread.is_alive():
            self._thread.start()
        return self

    def _run(self) -> None:
        """One connection for the thread's life, opened at once: opening a pooled connection runs Python (the
        engine's connect hooks) that holds the interpreter lock for tens of milliseconds — at start-up that costs
        nothing, in the middle of typing it delayed one edit by ~45 ms (measured)."""
        raw = None
        with contextlib.suppress(Exception):
            raw = self.engine.raw_connection()
        try:
            while not self._stop.wait(self.interval):
                with contextlib.suppress(Exception):  # busy or gone: try again next time
                    if raw is None:
                        raw = self.engine.raw_connection()
                    self._checkpoint_on(raw, "PASSIVE")
        finally:
            if raw is not None:
                with contextlib.suppress(Exception):
                    raw.close()

    def checkpoint(self, mode: str = "PASSIVE") -> tuple[int, int, int] | None:
        """Run one checkpoint now on a connection of its own; SQLite's (busy, WAL pages, pages checkpointed)."""
        raw = self.engine.raw_connection()
        try:
            return self._checkpoint_on(raw, mode)
        finally:
            raw.close()

    def _checkpoint_on(self, raw: Any, mode: str) -> tuple[int, int, int] | None:
        driver = raw.driver_connection
        assert driver is not None
        row = driver.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
        self.checkpoints += 1
        return (int(row[0]), int(row[1]), int(row[2])) if row else None

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=5)
        if is_sqlite(self.engine):
            with contextlib.suppress(Exception):
                self.checkpoint("TRUNCATE")


def alembic_config(connection: Connection | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("path_separator", "os")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def schema_head() -> str:
    """The newest migration's revision id. Migrations are named NNNN_*.py with revision 'NNNN' (a test checks
    that this agrees with Alembic's own view), so opening an up-to-date database needs no Alembic at all."""
    revisions = sorted(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    return revisions[-1]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()


REBUILD_AFTER_UPGRADE = "rebuild_after_upgrade"
"""Key of the Alembic config attribute where a migration that adds a derived table asks for it to be filled."""

DERIVED_TABLES = ("sirekap", "sirekap_coverage", "state_row_copy")
"""What a migration may ask to fill after the upgrade, in the order they are filled (coverage counts the TPS of
``sirekap_current``, so it comes after it)."""


def request_rebuild(config: Any, name: str) -> None:
    """Called by a migration that creates a derived table: fill it once the schema is at its newest.

    A migration only changes the schema. Filling a derived table takes today's code, and today's code writes
    today's columns: run inside an old migration it would meet the schema as it was then and fail as soon as a
    later migration changes that table. So :func:`upgrade` fills what was asked for after the last migration, in
    the same transaction (all or nothing)."""
    if name not in DERIVED_TABLES:
        raise ValueError(f"tabel turunan tidak dikenal: {name}")
    config.attributes.setdefault(REBUILD_AFTER_UPGRADE, set()).add(name)


def rebuild_derived(conn: Connection, names: Iterable[str]) -> None:
    """Fill the derived tables ``names`` (from :data:`DERIVED_TABLES`) from their sources, in dependency order."""
    wanted = set(names)
    if "sirekap" in wanted:
        from rekap_desktop.sirekap.derived import rebuild

        rebuild(conn)
    if wanted & {"sirekap", "sirekap_coverage"}:  # coverage counts the counting records just rebuilt
        from rekap_desktop.sirekap.coverage import rebuild as rebuild_coverage

        rebuild_coverage(conn)
    if "state_row_copy" in wanted:
        from rekap_desktop import state_rows

        state_rows.sync(conn)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates it on an empty database), then fill the derived tables a
    migration created (:func:`request_rebuild`); one transaction."""
    if current_revision(engine) == schema_head():
        return
    from alembic import command

    with write_transaction(engine) as conn:
        config = alembic_config(conn)
        command.upgrade(config, "head")
        rebuild_derived(conn, config.attributes.get(REBUILD_AFTER_UPGRADE, ()))


def is_initialised(engine: Engine) -> bool:
    return inspect(engine).has_table("audit_event")


@contextmanager
def connect(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        yield conn


# ------------------------------------------------------------------------------------------------ read-only
READ_ONLY_FLAGS = ("mode=ro", "immutable=1", "immutable=true")


def is_read_only_url(url: str) -> bool:
    """A SQLite URI that opens the file for reading only (`…?mode=ro&uri=true`, `immutable=1`)."""
    return url.startswith("sqlite") and "uri=true" in url and any(flag in url for flag in READ_ONLY_FLAGS)


def read_only_reason(target: str | Path | None) -> str | None:
    """Why ``--db`` can only be read (Indonesian), or None: a read-only SQLite URI, or a SQLite file or folder
    this user may not write (evidence copies). PostgreSQL is not judged here (a read-only role fails on writing)."""
    import os

    url = database_url(target)
    if is_read_only_url(url):
        return "dibuka dengan URI baca-saja"
    if not url.startswith("sqlite"):
        return None
    path = _sqlite_file_of(url)
    if path is None or not path.exists():
        return None
    if not os.access(path, os.W_OK):
        return f"berkas {path} hanya dapat dibaca"
    if not os.access(path.parent, os.W_OK):
        return f"folder {path.parent} hanya dapat dibaca"
    return None


def _sqlite_file_of(url: str) -> Path | None:
    parsed = make_url(url)
    database = parsed.database or ""
    if database in ("", ":memory:"):
        return None
    if database.startswith("file:"):
        from urllib.parse import unquote

        database = unquote(database[len("file:"):].split("?", 1)[0])
    return Path(database)


def _uri(path: Path, *flags: str) -> str:
    from urllib.parse import quote

    return f"sqlite:///file:{quote(path.as_posix())}?{'&'.join(flags)}&uri=true"


def readonly_target(target: str | Path | None) -> tuple[str, Path | None]:
    """The URL that opens ``--db`` for reading only, writing nothing at all (issue 15.4), and a temporary folder
    the caller removes after closing (or None).

    PostgreSQL: the URL as it is (the session is set read-only when it connects). SQLite — whether given as a
    path or as a read-only URI (`sqlite:///file:…?mode=ro&uri=true`):

    - a file with no `-wal` and no `-shm` beside it (closed cleanly; an evidence copy) is opened `immutable`:
      no lock, no journal, no file created, also in a read-only folder;
    - a file in use (its `-wal`/`-shm` present) is opened `mode=ro`: SQLite reads the WAL and coordinates with the
      writers, through files that already exist;
    - a `-wal` without `-shm` in a folder this process cannot write (an evidence copy taken mid-session) is read
      from a private copy of the file and its WAL in a temporary folder: the evidence folder is never touched.

    Raises FileNotFoundError for a SQLite file that does not exist.
    """
    url = database_url(target)
    if not url.startswith("sqlite"):
        return url, None
    path = _sqlite_file_of(url)
    if path is None:
        return url, None
    if not path.exists():
        raise FileNotFoundError(str(path))
    wal = path.with_name(path.name + "-wal")
    shm = path.with_name(path.name + "-shm")
    if not wal.exists() and not shm.exists():
        return _uri(path, "immutable=1"), None
    if wal.exists() and not shm.exists() and not os.access(path.parent, os.W_OK):
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="rekap-bukti-"))
        copy = folder / path.name
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        return _uri(copy, "mode=ro"), folder
    return _uri(path, "mode=ro"), None


def open_read_only(target: str | Path | None, options: EngineOptions | None = None) -> Engine:
    """An engine on ``--db`` that only reads (:func:`readonly_target`): nothing is created, upgraded or written.

    Raises StorageError (Indonesian) when the database is missing, not set up, or needs an upgrade — a read-only
    open never upgrades: an evidence copy must be checked as it is.
    """
    import shutil
    import weakref
    from dataclasses import replace

    from sqlalchemy.exc import DBAPIError

    from rekap_desktop.storage_errors import StorageError, describe_db_error

    try:
        url, folder = readonly_target(target)
    except FileNotFoundError as exc:
        raise StorageError(f"Basis data tidak ditemukan: {exc}") from None
    engine = make_engine(url, replace(options or EngineOptions(), read_only=True))
    if folder is not None:
        weakref.finalize(engine, shutil.rmtree, folder, True)
    try:
        if not is_initialised(engine):
            raise StorageError(f"Basis data {target} belum disiapkan (tidak ada tabel Rekap Desktop).")
        revision = current_revision(engine)
        if revision != schema_head():
            raise StorageError(
                f"Basis data {target} memakai skema revisi {revision}, sedangkan aplikasi ini revisi {schema_head()}: "
                "perlu diperbarui, dan pembukaan baca-saja tidak memperbarui apa pun. Buka sekali tanpa mode "
                "baca-saja (untuk salinan bukti: perbarui salinan lain, bukan berkas bukti itu)."
            )
    except StorageError:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        raise StorageError(f"Basis data {target} tidak dapat dibuka (baca saja): {describe_db_error(exc)}") from exc
    return engine
