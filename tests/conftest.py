"""Shared fixtures: a database URL for every storage test, on SQLite always and on PostgreSQL when configured."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt: tests run headless

PG_URL = os.environ.get("REKAP_TEST_PG_URL", "")
TEST_DATA = Path(__file__).resolve().parent / "data"
SIREKAP_SAMPLE = TEST_DATA / "sirekap"
"""Real Sirekap files (20 TPS of Desa Noreh, the Sampang region lists): see tests/data/SOURCES.md."""
FIELD_CASES = TEST_DATA / "sirekap-field"
"""Field cases of Sirekap failures (PSU, misread digits, bulk formats, …): see tests/data/SOURCES.md."""


def _pg_schema_url(base: str) -> Iterator[str]:
    schema = f"rk_{uuid.uuid4().hex[:12]}"
    engine = create_engine(base)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a real SQLite file, or a fresh schema on the PostgreSQL server."""
    if request.param == "sqlite":
        yield str(tmp_path / "rekap.sqlite")
        return
    if not PG_URL:
        pytest.skip("REKAP_TEST_PG_URL tidak diset: uji PostgreSQL dilewati")
    yield from _pg_schema_url(PG_URL)


# ---------------------------------------------------------------------------------------------- PostgreSQL guard
_PG_OUTCOMES: dict[str, int] = {"passed": 0, "skipped": 0}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "pg" in report.keywords and (report.when == "call" or report.skipped):
        if report.passed:
            _PG_OUTCOMES["passed"] += 1
        elif report.skipped:
            _PG_OUTCOMES["skipped"] += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With REKAP_REQUIRE_PG=1 (CI) the run fails when the PostgreSQL tests did not all run."""
    if os.environ.get("REKAP_REQUIRE_PG") != "1":
        return
    if _PG_OUTCOMES["passed"] == 0 or _PG_OUTCOMES["skipped"]:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = (f"REKAP_REQUIRE_PG=1 tetapi uji PostgreSQL tidak berjalan semua: {_PG_OUTCOMES['passed']} lulus, "
                   f"{_PG_OUTCOMES['skipped']} dilewati (REKAP_TEST_PG_URL={PG_URL or 'tidak diset'})")
        if reporter is not None:
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def src(tmp_path: Path) -> Path:
    """Where a test writes its input files (tmp_path itself also holds the SQLite database)."""
    folder = tmp_path / "src"
    folder.mkdir()
    return folder
