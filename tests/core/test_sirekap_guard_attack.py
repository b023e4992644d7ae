"""Attacks on the derived-table safeguard (rekap_desktop/sirekap/guard.py), by a reviewer of its first version: ways a
forged derived row was erased without a trace, and an honest write refused. Each docstring says what the attack did
to that first version; each test asserts what holds now (refused and kept, or carried along and still named by
verify-audit; honest writes pass). SQLite file and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from rekap_desktop.services import RecapService
from rekap_desktop.sirekap import coverage, derived, guard
from rekap_desktop.sirekap.guard import DerivedTampered
from rekap_desktop.sirekap.importer import import_paths
from rekap_desktop.sirekap.marks import mark_tps
from rekap_desktop.storage_errors import StorageError

from .refdata import small_reference
from .test_sirekap_import import DESA, NOREH, tps_doc, write_tps


def _scalar(service: RecapService, sql: str) -> object:
    with service.engine.connect() as conn:
        return conn.execute(text(sql)).scalar_one()


def _exec(service: RecapService, *sql: str) -> None:
    with service.engine.begin() as conn:
        for s in sql:
            conn.execute(text(s))


# ------------------------------------------------------------------------------------------------ false alarms
def _icu(service: RecapService) -> None:
    """Make the TPS columns compare as in a PostgreSQL database created with a language locale (ICU or glibc
    en_US/id_ID: initdb's default on most servers), where '3527011001001' < '352701:' is false."""
    if service.engine.dialect.name != "postgresql":
        pytest.skip("collation: PostgreSQL only")
    if not _scalar(service, "SELECT count(*) FROM pg_collation WHERE collname = 'und-x-icu'"):
        pytest.skip("PostgreSQL without ICU")
    _exec(service, *(f'ALTER TABLE {t} ALTER COLUMN tps TYPE varchar COLLATE "und-x-icu"'
                     for t in ("sirekap_record", "sirekap_tps_status", "sirekap_current")))


def test_honest_mark_and_import_on_a_postgresql_database_with_a_language_collation(
        service: RecapService, src: Path) -> None:
    """derived.verify_kecamatan selects a kecamatan's records with tps < kecamatan + ':' — under any collation but
    C the ':' sorts before the digits (ICU) or is ignored (glibc), so no record is found and every honest mark or
    import touching a kecamatan with data is refused as 'tampered'."""
    _icu(service)
    import_paths(service, [DESA])
    assert service.verify_audit().ok
    assert mark_tps(service, "ppwp", f"{NOREH}003", "psu", "rekomendasi Panwaslu").changed
    write_tps(src, "ppwp", f"{NOREH}001", tps_doc(ts="2024-02-25 10:00:00"))
    assert import_paths(service, [src]).records_added == 1
    assert service.verify_audit().ok


# ------------------------------------------------------------------------------------------------ erased forgeries
FRESH = f"{NOREH}050"  # a TPS seen for the first time: its figures are added to the stored totals (add_gains)


@pytest.mark.parametrize("forgery", [
    "ts_max = '2024-02-18 00:00:00'",  # hides the late uploads: the next fresh TPS's ts replaces it
    "ts_min = '2024-02-20 00:00:00'",
])
def test_a_fresh_tps_erases_a_forged_ts_of_its_kecamatan_total(
        service: RecapService, src: Path, forgery: str) -> None:
    """A TPS seen for the first time adds to the stored totals without any check ("the forgery is carried along") —
    true for value and tps_with_data, not for ts_min/ts_max: the gain's ts overwrites the forged one, and the row
    is then exactly what the records say. The forgery is gone with no trace and no repair event."""
    import_paths(service, [DESA])
    _exec(service, f"UPDATE sirekap_total SET {forgery} WHERE ballot = 'ppwp' AND kecamatan = '352701' "
                   "AND key = '100026'")
    assert len(service.verify_audit().problems) == 1
    write_tps(src, "ppwp", FRESH, tps_doc(ts="2024-02-25 10:00:00" if "max" in forgery else "2024-02-14 10:00:00"))
    try:
        import_paths(service, [src])
    except DerivedTampered:
        return  # refused: the forgery stays
    assert len(service.verify_audit().problems) == 1, "the forged ts was erased by an honest import"


@pytest.fixture
def sqlite_service(tmp_path: Path) -> Iterator[RecapService]:
    """The small reference on a SQLite file only: PostgreSQL's typed columns refuse these forgeries themselves."""
    svc = RecapService.open(tmp_path / "rekap.sqlite", actor="uji")
    svc.store_reference(small_reference())
    yield svc
    svc.close()


@pytest.mark.parametrize("forged", ["2184.5", "'dua ribu'"])
def test_a_fresh_tps_over_a_non_integer_total(sqlite_service: RecapService, src: Path, forged: str) -> None:
    """SQLite keeps text or a fraction written into sirekap_total.value by raw SQL (verify-audit names it).
    add_gains coerced it with int(): a fraction was truncated — the forgery became the right number, erased — and
    any other text crashed the import with a bare ValueError (no StorageError, no Indonesian message, the CLI
    showed a traceback)."""
    service = sqlite_service
    import_paths(service, [DESA])
    _exec(service, f"UPDATE sirekap_total SET value = {forged} WHERE ballot = 'ppwp' AND kecamatan = '352701' "
                   "AND key = '100026'")
    assert len(service.verify_audit().problems) == 1
    write_tps(src, "ppwp", FRESH, tps_doc())
    try:
        import_paths(service, [src])
    except DerivedTampered:
        return
    assert len(service.verify_audit().problems) == 1, "the forged total was erased by an honest import"


def test_a_forged_counting_row_for_a_tps_without_record_meets_its_first_record(
        service: RecapService, src: Path) -> None:
    """A counting row inserted by raw SQL for a TPS with no record yet (record_id NULL, as a mark's row looks):
    the TPS's first record is 'fresh', its counting row is inserted directly — primary key collision. The write is
    refused (good) but as an unexplained database error, not as DerivedTampered naming the forged row."""
    import_paths(service, [DESA])
    _exec(service, "INSERT INTO sirekap_current (ballot, tps, kecamatan, record_id, status, status_source, ts, "
                   f"has_admin, has_chart, figures_hash, anomalies) VALUES ('ppwp', '{FRESH}', '352701', NULL, "
                   "'psu', 'mark', NULL, false, false, '', '')")
    with service.engine.begin() as conn:  # a careful forger makes the coverage row agree with the counting rows
        coverage.refresh(conn, [("ppwp", "352701")])
    assert len(service.verify_audit().problems) == 1
    write_tps(src, "ppwp", FRESH, tps_doc())
    with pytest.raises(StorageError) as refused:
        import_paths(service, [src])
    assert isinstance(refused.value, DerivedTampered), str(refused.value)
    assert any(FRESH in p for p in refused.value.problems)


# ------------------------------------------------------------------------------------------------ repair-derived
def test_repair_derived_records_every_difference_not_the_first_thousand(service: RecapService) -> None:
    """repair() lists at most KEPT (1,000) differences per table, then rebuilds the tables whole. Counting-row
    differences are listed before totals: 1,000 junk counting rows (one INSERT … SELECT) push a forged total out of
    the list — repair-derived erases it and the audit chain never names it (only 'count 1000, truncated')."""
    import_paths(service, [DESA])
    _exec(service, FORGE_TOTAL)
    with service.engine.begin() as conn:
        conn.execute(text("INSERT INTO sirekap_current (ballot, tps, kecamatan, record_id, status, status_source, ts, "
                          "has_admin, has_chart, figures_hash, anomalies) VALUES ('ppwp', :tps, '352701', NULL, "
                          "'normal', 'mark', NULL, false, false, '', '')"),
                     [{"tps": f"3527011000{i:03d}"} for i in range(1000)])
    repaired = guard.repair_logged(service)
    with service.engine.connect() as conn:
        payload = conn.execute(text("SELECT payload FROM audit_event WHERE id = :i"), {"i": repaired.event_id}
                               ).scalar_one()
        assert derived.verify(conn) == []  # everything was erased …
    assert "angka 100026: tabel berisi 2.984" in payload, "… but the forged total is nowhere in the chain"


FORGE_TOTAL = ("UPDATE sirekap_total SET value = 2984 WHERE ballot = 'ppwp' AND kecamatan = '352701' "
               "AND key = '100026'")


@pytest.mark.parametrize("record_id", ["NULL", "1000000"])
@pytest.mark.parametrize("psu", [False, True])
def test_a_forged_counting_row_is_never_overwritten_by_the_tps_first_record(
        service: RecapService, src: Path, record_id: str, psu: bool) -> None:
    """The same forged row (no record, no mark behind it), met by a first record that is not 'fresh' (a PSU flag):
    derived.refresh would overwrite it. With record_id NULL the guard names it; with a record id above the import's
    first (a row pointing at nothing) the guard skips it as 'this import's own row' and it is erased silently."""
    import_paths(service, [DESA])
    _exec(service, "INSERT INTO sirekap_current (ballot, tps, kecamatan, record_id, status, status_source, ts, "
                   f"has_admin, has_chart, figures_hash, anomalies) VALUES ('ppwp', '{FRESH}', '352701', {record_id}, "
                   "'normal', '', NULL, true, true, 'feedfacefeedface', '')")
    with service.engine.begin() as conn:
        coverage.refresh(conn, [("ppwp", "352701")])
    assert len(service.verify_audit().problems) == 1
    write_tps(src, "ppwp", FRESH, tps_doc(psu="Pemungutan Suara Ulang") if psu else tps_doc())
    with pytest.raises(DerivedTampered) as refused:
        import_paths(service, [src])
    assert any(FRESH in p for p in refused.value.problems)
    assert len(service.verify_audit().problems) == 1


def test_prefix_range_is_the_prefix_in_digit_order() -> None:
    from sqlalchemy import column

    def bounds(prefix: str) -> list[str]:
        return [str(c.right.value) for c in derived.prefix_range(column("tps"), prefix)]

    assert bounds("352701") == ["352701", "352702"]
    assert bounds("352709") == ["352709", "35271"]
    assert bounds("352799") == ["352799", "3528"]
    assert bounds("999999") == ["999999"]
    codes = ["3527089999999", "3527090000001", "3527099999999", "3527100000000", "35271"]
    low, high = bounds("352709")
    assert [c for c in codes if low <= c < high] == [c for c in codes if c.startswith("352709")]
