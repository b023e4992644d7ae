"""Opening the database: SQLite (embedded default, durable settings) or PostgreSQL by URL (DESIGN §5)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
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
    """Turn ``--db`` into a SQLAlchemy URL: a URL stays as it is, a path becomes a SQLite URL."""
    if target is None:
        target = default_database_path()
    text = str(target)
    if "://" in text:
        return text
    path = Path(text).expanduser().resolve()
    return f"sqlite:///{path.as_posix()}" if path.drive == "" else f"sqlite:///{path}"


def _busy_timeout_ms() -> int:
    """How long a writer waits for another station's lock before reporting it (env REKAP_SQLITE_BUSY_MS)."""
    try:
        return max(0, int(os.environ.get("REKAP_SQLITE_BUSY_MS", "5000")))
    except ValueError:
        return 5000


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # SQLAlchemy's "begin" event issues BEGIN itself instead of pysqlite (documented SQLAlchemy recipe).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={_busy_timeout_ms()}")
    if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        with contextlib.suppress(sqlite3.OperationalError):  # read-only medium: stays as it is
            cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


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


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


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


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates it on an empty database)."""
    if current_revision(engine) == schema_head():
        return
    from alembic import command

    with write_transaction(engine) as conn:
        command.upgrade(alembic_config(conn), "head")


def is_initialised(engine: Engine) -> bool:
    return inspect(engine).has_table("audit_event")


@contextmanager
def connect(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        yield conn
