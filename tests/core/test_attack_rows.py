"""Adversarial review of the row copy beside the state digests (state_row_copy) and its neighbours."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from rekap_desktop.services import RecapService
from tests.core.test_trust import busy  # noqa: F401  (fixture)

REGION_A = "WHERE table_name = 'region' AND row_key = '[\"352701\"]'"


def _copy_values(conn, where: str) -> dict:
    return json.loads(conn.execute(text(f"SELECT row_values FROM state_row_copy {where}")).scalar_one())


def _set_copy_values(conn, where: str, values: dict) -> None:
    conn.execute(text(f"UPDATE state_row_copy SET row_values = :v {where}"), {"v": json.dumps(values)})


# ------------------------------------------------------------------------------------------------ lies
def test_copy_values_forged_without_touching_hashes_name_a_wrong_row(busy: RecapService) -> None:  # noqa: F811
    """The copy is believed when its row *hashes* combine to the recorded digest, but the values and the key
    shown are never checked against the hash: the forger changes the DPT of SRESEH (352701) and rewrites the copy's
    values of that row so verify-audit blames another kecamatan and a different column."""
    with busy.engine.begin() as conn:
        conn.execute(text("UPDATE region SET dpt = 99999 WHERE code = '352701'"))
        values = _copy_values(conn, REGION_A)
        values.update(code="352703", name="SAMPANG", dpt=99999, tps_count=1)  # hash left as it was
        _set_copy_values(conn, REGION_A, values)
    problems = busy.verify_audit().problems
    assert not any("baris code=352703" in p for p in problems), problems  # named a row nobody touched
    assert not any("tps_count tercatat 1" in p for p in problems), problems  # and a value never recorded


def test_copy_values_forged_alone_are_not_reported(busy: RecapService) -> None:  # noqa: F811
    """"A copy changed while its table matches is reported" — not when only its values change."""
    with busy.engine.begin() as conn:
        values = _copy_values(conn, REGION_A)
        values["dpt"] = 12345
        _set_copy_values(conn, REGION_A, values)
    report = busy.verify_audit()
    assert not report.ok, "copy values forged, verify-audit silent"


def test_copy_hashes_swapped_between_rows_name_untouched_rows(busy: RecapService) -> None:  # noqa: F811
    """Swapping two rows' hashes keeps the multiset (so the combined digest): with one real change in the table,
    rows nobody changed are named as changed outside the app."""
    with busy.engine.begin() as conn:
        rows = dict(conn.execute(text("SELECT row_key, row_hash FROM state_row_copy WHERE table_name = 'party' "
                                      "AND row_key IN ('[2]', '[3]')")).all())
        for key, other in (("[2]", "[3]"), ("[3]", "[2]")):
            conn.execute(text("UPDATE state_row_copy SET row_hash = :h WHERE table_name = 'party' AND row_key = :k"),
                         {"h": rows[other], "k": key})
        conn.execute(text("UPDATE party SET short_name = 'XXX' WHERE number = 1"))  # the real change
    problems = busy.verify_audit().problems
    assert any(p.startswith("tabel partai: isinya tidak sama") for p in problems), problems
    assert not any("baris number=2" in p or "baris number=3" in p for p in problems), problems


def test_copy_values_forged_point_at_a_wrong_column(busy: RecapService) -> None:  # noqa: F811
    """Same lie, more credible: the key and name kept, the DPT change hidden, another column blamed."""
    with busy.engine.begin() as conn:
        conn.execute(text("UPDATE region SET dpt = 99999 WHERE code = '352701'"))
        values = _copy_values(conn, REGION_A)
        current_tps = conn.execute(text("SELECT tps_count FROM region WHERE code = '352701'")).scalar_one()
        values.update(dpt=99999, tps_count=current_tps + 50)
        _set_copy_values(conn, REGION_A, values)
    problems = busy.verify_audit().problems
    assert not any(f"tps_count tercatat {current_tps + 50}" in p for p in problems), problems


# ------------------------------------------------------------------------------------------------ crashes
@pytest.mark.parametrize("column, value", [("row_values", "{not json"), ("row_values", "[1, 2]"),
                                           ("row_values", "null"), ("row_hash", "zz"), ("row_hash", "abc")])
def test_garbage_in_the_copy_does_not_crash_verify_audit(busy: RecapService, column: str, value: str) -> None:  # noqa: F811
    with busy.engine.begin() as conn:
        conn.execute(text(f"UPDATE state_row_copy SET {column} = :v {REGION_A}"), {"v": value})
    report = busy.verify_audit()  # must report, not raise
    assert not report.ok


@pytest.mark.parametrize("column, value", [("row_values", "{not json"), ("row_values", "[1, 2]"),
                                           ("row_hash", "zz")])
def test_garbage_in_the_copy_with_the_table_changed_does_not_crash(busy: RecapService, column: str,  # noqa: F811
                                                                   value: str) -> None:
    with busy.engine.begin() as conn:
        conn.execute(text(f"UPDATE state_row_copy SET {column} = :v {REGION_A}"), {"v": value})
        conn.execute(text("UPDATE region SET dpt = 99999 WHERE code = '352701'"))
    report = busy.verify_audit()
    assert any(p.startswith("tabel wilayah (DPT, TPS): isinya tidak sama") for p in report.problems)


@pytest.mark.parametrize("sql", [
    "UPDATE region SET name = X'53524553454820' WHERE code = '352701'",  # a BLOB where text was
    "UPDATE setting SET value = X'00' WHERE key = 'toleransi_sirekap'",
])
def test_a_blob_written_by_raw_sql_is_named_not_a_crash(busy: RecapService, sql: str) -> None:  # noqa: F811
    """SQLite keeps any type in any column: a BLOB makes every digest raise TypeError (json.dumps of bytes)."""
    with busy.engine.begin() as conn:
        conn.execute(text(sql))
    report = busy.verify_audit()
    kept_as = '"blob"' if busy.engine.dialect.name == "sqlite" else ""  # PostgreSQL stores the bits as text
    assert any(kept_as in p and "diubah di luar aplikasi" in p for p in report.problems), report.problems
    from rekap_desktop.services import StorageError

    with pytest.raises(StorageError):  # refused, naming the table — not a TypeError
        busy.set_setting("kertas", "f4")


# ------------------------------------------------------------------------------------------------ honest flows
def test_import_into_an_empty_database_then_tamper_names_the_row(db_url: str) -> None:
    from rekap_desktop.sirekap.importer import import_paths
    from tests.conftest import SIREKAP_SAMPLE

    svc = RecapService.open(db_url, actor="uji")
    try:
        import_paths(svc, [SIREKAP_SAMPLE])
        svc.set_setting("catatan ünïcödé \"kutip\" \\ garis", "nilai – ✓ 😀")
        svc.set_setting("kosong", "")
        assert svc.verify_audit().ok, svc.verify_audit().problems
        with svc.engine.connect() as conn:
            code, name = conn.execute(text("SELECT code, name FROM region WHERE level = 4 ORDER BY code")).first()
        with svc.engine.begin() as conn:
            conn.execute(text("UPDATE region SET dpt = 4242 WHERE code = :c"), {"c": code})
            conn.execute(text("UPDATE setting SET value = 'x' WHERE key = 'kosong'"))
        problems = svc.verify_audit().problems
        assert any(f"baris code={code} ({name}): dpt tercatat" in p and "sekarang 4.242" in p
                   for p in problems), problems
        assert any('baris key=kosong: value tercatat "", sekarang "x"' in p for p in problems), problems
    finally:
        svc.close()


@pytest.mark.parametrize("back_to", ["0004", "0010"])
def test_an_older_schema_upgraded_verifies_and_names_rows(busy: RecapService, back_to: str) -> None:  # noqa: F811
    from alembic import command

    from rekap_desktop.db import alembic_config, write_transaction

    url = busy.engine.url.render_as_string(hide_password=False)
    with write_transaction(busy.engine) as conn:
        command.downgrade(alembic_config(conn), back_to)
    busy.close()
    again = RecapService.open(url, actor="uji")
    try:
        report = again.verify_audit()
        assert report.ok, report.problems
        with again.engine.begin() as conn:
            conn.execute(text("UPDATE party SET short_name = 'XXX' WHERE number = 1"))
        problems = again.verify_audit().problems
        assert any('tabel partai, baris number=1: short_name tercatat "PKB", sekarang "XXX"' in p for p in problems), \
            problems
    finally:
        again.close()


def test_a_version_number_set_back_keeps_a_forged_copy_and_it_is_reported(busy: RecapService) -> None:  # noqa: F811
    """0011 re-run over an existing copy (alembic_version set back by raw SQL): sync only rewrites rows whose
    hash differs, so values forged beside a correct hash survive the 'refill' — verify-audit must say so."""
    url = busy.engine.url.render_as_string(hide_password=False)
    with busy.engine.begin() as conn:
        values = _copy_values(conn, REGION_A)
        values["name"] = "DESA PALSU"
        _set_copy_values(conn, REGION_A, values)
        conn.execute(text("UPDATE alembic_version SET version_num = '0010'"))
    busy.close()
    again = RecapService.open(url, actor="uji")
    try:
        problems = again.verify_audit().problems
        assert any(p.startswith("salinan baris tabel wilayah") for p in problems), problems
    finally:
        again.close()


# ------------------------------------------------------------------------------------------------ cursor publisher
def test_the_cursor_publisher_comes_back_after_its_backend_is_killed(service: RecapService) -> None:
    import time

    from rekap_desktop.live import Cursor, CursorPublisher, read_cursors

    if service.engine.dialect.name != "postgresql":  # SQLite: no server session to lose (tests/core/test_stations.py)
        return
    publisher = CursorPublisher(service.engine, debounce=0.0)
    try:
        assert publisher.ready.wait(5.0)
        publisher.publish(Cursor(service.station, "uji", "operator", "ppwp", "352701", "IV.1"))
        publisher.flush()
        assert publisher.written == 1
        admin = RecapService.open(service.url.replace("***", ""), actor="admin")  # no password in tests
        with admin.engine.connect() as conn:
            killed = conn.execute(text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = :a AND pid <> pg_backend_pid()"),
                {"a": f"rekap-desktop {service.station} ({service.actor})"}).scalar_one()
            conn.commit()
        admin.close()
        assert killed >= 1
        for i in range(3):
            publisher.publish(Cursor(service.station, "uji", "operator", "ppwp", "352701", f"IV.{i + 2}"))
            publisher.flush(5.0)
        deadline = time.monotonic() + 5
        while publisher.written < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert read_cursors(service.engine)[0].line == "IV.4"
        assert publisher.connections == 2, (publisher.connections, publisher.failures)
    finally:
        publisher.stop()
    service.set_entry("ppwp", "IV.1", "352701", 7)  # the pool still works for edits


# ------------------------------------------------------------------------------------------------ costs
def test_syncing_a_copy_where_every_row_changed_is_not_one_statement_per_row(service: RecapService) -> None:
    """A DPT reload (or a migration adding a column to region) changes every row's hash: the copy was rewritten
    with one UPDATE per row (60.000 TPS: 6,7 s SQLite, 10,9 s PostgreSQL, holding the chain head's lock)."""
    from sqlalchemy import event

    from rekap_desktop import state_rows
    from rekap_desktop.db import write_transaction

    with service.engine.begin() as conn:
        conn.execute(text("INSERT INTO region (code, name, level, parent_code, dpt) "
                          "VALUES (:c, :n, 5, '3527012001', 250)"),
                     [{"c": f"3527012001{i:03d}", "n": f"TPS {i:03d}"} for i in range(900)])
    with write_transaction(service.engine) as conn:
        state_rows.sync(conn)
    statements: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    with write_transaction(service.engine) as conn:
        conn.execute(text("UPDATE region SET dpt = 251"))
        event.listen(service.engine, "before_cursor_execute", count)
        try:
            state_rows.sync(conn)
        finally:
            event.remove(service.engine, "before_cursor_execute", count)
    assert len(statements) < 50, len(statements)


# ------------------------------------------------------------------------------------------------ held
@pytest.mark.parametrize("sql, expected", [
    ("UPDATE party SET is_aceh = true WHERE number = 1", "baris number=1: is_aceh tercatat 0, sekarang 1"),
    ("UPDATE party SET sirekap_id = NULL WHERE number = 2", "baris number=2: sirekap_id tercatat"),
    ("UPDATE region SET name = 'SRÉSÉH ✓' WHERE code = '352701'", 'name tercatat "SRESEH", sekarang "SRÉSÉH ✓"'),
    ("DELETE FROM candidate WHERE id = (SELECT min(id) FROM candidate)",
     "tercatat di log audit tetapi hilang dari tabel"),
])
def test_odd_values_are_named_alike_on_both_drivers(busy: RecapService, sql: str, expected: str) -> None:  # noqa: F811
    with busy.engine.begin() as conn:
        conn.execute(text(sql))
    problems = busy.verify_audit().problems
    assert any(expected in p for p in problems), problems
    assert not any("tidak dapat ditunjuk" in p or p.startswith("salinan") for p in problems), problems
