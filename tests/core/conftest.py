"""Fixtures of the core tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rekap_desktop.services import RecapService

from .refdata import small_reference


@pytest.fixture
def service(db_url: str) -> Iterator[RecapService]:
    """A fresh database (SQLite file, or a PostgreSQL schema) holding the small three-kecamatan reference."""
    svc = RecapService.open(db_url, actor="uji")
    svc.store_reference(small_reference())
    yield svc
    svc.close()
