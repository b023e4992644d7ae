"""The derived Sirekap tables (counting record per TPS, per-kecamatan totals): kept at import time equal to a
recomputation, rebuilt by the migration for an older database, and checked by verify-audit against raw SQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, text

from rekap_desktop.db import REBUILD_AFTER_UPGRADE, alembic_config, request_rebuild, schema_head, write_transaction
from rekap_desktop.services import RecapService
from rekap_desktop.sheet import SirekapState
from rekap_desktop.sirekap import coverage, derived, derived_compute
from rekap_desktop.sirekap.importer import import_paths

from .test_sirekap_import import DESA, NOREH, tps_doc, write_tps


def stored(service: RecapService) -> tuple[dict[tuple[str, str], object], dict[tuple[str, str, str], object]]:
    with service.engine.connect() as conn:
        current = {(r.ballot, r.tps): r.record_id for r in conn.execute(text("SELECT * FROM sirekap_current"))}
        totals = {(r.ballot, r.kecamatan, r.key): (r.value, r.tps_with_data, r.ts_min, r.ts_max)
                  for r in conn.execute(text("SELECT * FROM sirekap_total"))}
    return current, totals


def test_totals_kept_at_import_equal_a_recomputation(service: RecapService, src: Path, tmp_path: Path) -> None:
    assert import_paths(service, [DESA]).records_added == 20
    with service.engine.connect() as conn:
        assert derived.verify(conn) == []
    _current, totals = stored(service)
    assert totals[("ppwp", "352701", "100026")] == (2184, 15, "2024-02-15 22:00:27", "2024-02-22 16:00:00")
    assert totals[("ppwp", "352701", "V.A")][1] == 19  # administrasi null at 006: not counted
    # a later scrape of two TPS (one changed), a new TPS of another kecamatan, an older record (history only)
    write_tps(src, "ppwp", f"{NOREH}001", tps_doc(ts="2024-02-25 10:00:00", chart={"100025": 50, "100026": 137,
                                                                                   "100027": 80}))
    write_tps(src, "ppwp", f"{NOREH}002", tps_doc(ts="2024-02-25 10:00:00"))
    write_tps(src, "ppwp", "3527022001001", tps_doc())
    write_tps(tmp_path / "old", "ppwp", f"{NOREH}003", tps_doc(ts="2024-02-01 10:00:00"))
    result = import_paths(service, [src, tmp_path / "old"])
    assert result.records_added == 4 and result.records_history == 1
    with service.engine.connect() as conn:
        assert derived.verify(conn) == []
    _current, totals = stored(service)
    assert totals[("ppwp", "352701", "100026")][:2] == (2184 - 139 + 137 - 185 + 139, 15)
    assert totals[("ppwp", "352702", "100026")][:2] == (139, 1)


def test_a_total_changed_by_raw_sql_is_named_by_verify_audit(service: RecapService) -> None:
    import_paths(service, [DESA])
    assert service.verify_audit().ok
    with service.engine.begin() as conn:
        conn.execute(text("UPDATE sirekap_total SET value = 2984 WHERE kecamatan = '352701' AND key = '100026'"))
    problems = service.verify_audit().problems
    assert problems == [
        "Jumlah Sirekap kecamatan 352701 (ppwp) angka 100026: tabel berisi 2.984 dari 15 TPS, rekaman TPS menjumlah "
        "2.184 dari 15 TPS — diubah di luar aplikasi"
    ]
    # and the sheet would show it: the derived table is what it reads
    assert service.load_sheet("ppwp").sirekap("IV.2", "352701").value == 2984  # type: ignore[union-attr]


def test_counting_record_swapped_or_removed_by_raw_sql_is_named(service: RecapService, src: Path) -> None:
    import_paths(service, [DESA])
    write_tps(src, "ppwp", f"{NOREH}001", tps_doc(ts="2024-02-25 10:00:00"))
    import_paths(service, [src])
    with service.engine.begin() as conn:
        old_id = conn.execute(text(f"SELECT min(id) FROM sirekap_record WHERE tps = '{NOREH}001'")).scalar_one()
        conn.execute(text(f"UPDATE sirekap_current SET record_id = {old_id} WHERE tps = '{NOREH}001'"))
        conn.execute(text(f"DELETE FROM sirekap_current WHERE tps = '{NOREH}005'"))
        conn.execute(text("INSERT INTO sirekap_total (ballot, kecamatan, key, value, tps_with_data) "
                          "VALUES ('ppwp', '352703', '100025', 500, 2)"))
    problems = service.verify_audit().problems
    assert any(f"TPS {NOREH}001 (ppwp): rekaman yang dihitung {old_id} ≠" in p for p in problems)
    assert any(f"TPS {NOREH}005 (ppwp): baris rekaman yang dihitung hilang" in p for p in problems)
    assert any("Jumlah Sirekap kecamatan 352703 (ppwp) angka 100025: ada di tabel jumlah (500)" in p
               for p in problems)


def test_the_migration_derives_the_tables_of_an_older_database(service: RecapService) -> None:
    import_paths(service, [DESA])
    before = stored(service)
    with write_transaction(service.engine) as conn:
        command.downgrade(alembic_config(conn), "0004")
    with service.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0004"
    service.close()
    reopened = RecapService.open(service.engine.url.render_as_string(hide_password=False), actor="uji")
    try:
        assert stored(reopened) == before
        assert reopened.verify_audit().ok
    finally:
        reopened.close()


def test_the_derived_tables_of_an_older_database_are_filled_by_todays_code_on_todays_schema(
    service: RecapService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Migrations 0005 and 0010 create derived tables; filling them takes today's code, which writes today's
    columns — run inside migration 0005 it would meet the schema of revision 0004 and break the upgrade of an old
    database the day a later migration changes one of those tables. So they are filled after the last migration,
    in the upgrade's transaction."""
    import_paths(service, [DESA])
    with service.engine.connect() as conn:
        before_coverage = coverage.compute(conn)
    with write_transaction(service.engine) as conn:
        command.downgrade(alembic_config(conn), "0004")
    service.close()
    seen: list[tuple[str, str]] = []
    rebuild, rebuild_coverage = derived.rebuild, coverage.rebuild

    def spy(name: str, original: Callable[[Connection], None]) -> Callable[[Connection], None]:
        def call(conn: Connection) -> None:
            seen.append((name, conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()))
            original(conn)
        return call

    monkeypatch.setattr(derived, "rebuild", spy("sirekap", rebuild))
    monkeypatch.setattr(coverage, "rebuild", spy("coverage", rebuild_coverage))
    reopened = RecapService.open(service.engine.url.render_as_string(hide_password=False), actor="uji")
    try:
        assert seen == [("sirekap", schema_head()), ("coverage", schema_head())]  # once each, at head, in order
        with reopened.engine.connect() as conn:
            assert coverage.compute(conn) == before_coverage
        assert reopened.verify_audit().ok
    finally:
        reopened.close()


def test_a_migration_asks_only_for_a_derived_table_upgrade_knows() -> None:
    from types import SimpleNamespace

    config = SimpleNamespace(attributes={})
    request_rebuild(config, "sirekap_coverage")
    assert config.attributes == {REBUILD_AFTER_UPGRADE: {"sirekap_coverage"}}
    with pytest.raises(ValueError, match="tidak dikenal"):
        request_rebuild(config, "sirekap_totals")


def test_coverage_bounds_turn_impossible_gaps_into_mismatches(service: RecapService) -> None:
    """Issue 15.2: with 15 of 97 TPS of Sreseh reporting, the 82 missing TPS (DPT unknown: 306 ballots each) can
    add at most 25.092 — a manual figure below the Sirekap sum or beyond that is a mismatch, not 'partial'."""
    import_paths(service, [DESA])
    fig = service.load_sheet("ppwp").sirekap("IV.2", "352701")
    assert fig is not None and (fig.value, fig.tps_with_data, fig.tps_known) == (2184, 15, 97)
    assert fig.missing_bound == 82 * 306 and fig.range == (2184, 2184 + 82 * 306)
    for manual, state in ((2184, SirekapState.PARTIAL), (2184 + 82 * 306, SirekapState.PARTIAL),
                          (2183, SirekapState.MISMATCH), (2184 + 82 * 306 + 1, SirekapState.MISMATCH),
                          (98_765, SirekapState.MISMATCH)):
        service.set_entry("ppwp", "IV.2", "352701", manual)
        sheet = service.load_sheet("ppwp")
        assert sheet.sirekap_state("IV.2", "352701") is state, manual
    (finding,) = [f for f in sheet.all_findings() if f.rule == "SIREKAP_MISMATCH" and f.column == "352701"]
    assert finding.message == (
        "Manual 98.765 melebihi yang mungkin: Sirekap 2.184 ditambah paling banyak 25.092 dari 82 TPS yang belum "
        "masuk = 27.276 (lebih 71.489); Sirekap 15 dari 97 TPS"
    )
    service.set_entry("ppwp", "IV.2", "352701", 2000)
    (finding,) = [f for f in service.load_sheet("ppwp").all_findings()
                  if f.rule == "SIREKAP_MISMATCH" and f.column == "352701"]
    assert finding.message.startswith(
        "Manual 2.000 lebih kecil daripada jumlah 15 TPS Sirekap saja (2.184; selisih −184)")


def test_bounds_use_the_dpt_of_each_missing_tps(service: RecapService, src: Path) -> None:
    # the TPS list of Noreh with the DPT of three TPS: 294, 298, 276 → their ballots 300, 304, 282
    dpts = {f"{NOREH}{n:03d}": dpt for n, dpt in ((1, 294), (2, 298), (3, 276))}
    wilayah = [{"kode": code, "nama": f"TPS {code[-3:]}", "id": 1, "tingkat": 5} for code in sorted(dpts)]
    listing = src / "wilayah" / "pemilu" / "ppwp" / "35" / "3527" / "352701" / f"{NOREH}.json"
    listing.parent.mkdir(parents=True)
    listing.write_text(json.dumps(wilayah), encoding="utf-8")
    import_paths(service, [listing])
    with service.engine.begin() as conn:
        for code, dpt in dpts.items():
            conn.execute(text(f"UPDATE region SET dpt = {dpt} WHERE code = '{code}'"))
        coverage.refresh_regions(conn, dpts)  # as the app does with a DPT it stores (else the next write refuses)
    service.record_baseline("uji: DPT per TPS")  # set by SQL for brevity; the app refuses unrecorded changes
    write_tps(src / "tps", "ppwp", f"{NOREH}001", tps_doc())
    import_paths(service, [src / "tps"])
    fig = service.load_sheet("ppwp").sirekap("IV.2", "352701")
    # 97 TPS known (official count), 3 listed: 002 and 003 by their DPT, 94 unlisted at 306
    assert fig is not None and fig.missing_bound == 304 + 282 + 94 * 306


_KEYS = st.sampled_from(["V.A", "V.B", "V.C", "100025", "100026", "1.T", "line:IV.1"])
_FIGURES = st.dictionaries(_KEYS, st.integers(min_value=0, max_value=10_000), max_size=5)
_STAMPS = st.one_of(st.none(), st.just(""), st.sampled_from(["2024-02-15 10:00:00", "2024-02-18 09:30:00",
                                                              "2024-02-25 22:00:00"]))
_RECORDS = st.lists(st.builds(lambda ts, admin, chart: derived.RecordFacts(ts, admin, chart, True, True, "", ""),
                              _STAMPS, _FIGURES, _FIGURES), max_size=12)


@settings(max_examples=300, deadline=None)
@given(_RECORDS)
def test_column_wise_totals_equal_adding_record_by_record(records: list[derived.RecordFacts]) -> None:
    """derived.sum_facts (used when an import recomputes a kecamatan) against accumulate (used by verify-audit):
    the same totals for any records — keys in any order, a key in both administrasi and chart, empty figures,
    records without ts or with an empty one."""
    one_by_one: dict[tuple[str, str, str], derived.Acc] = {}
    for record in records:
        derived_compute.accumulate(one_by_one, "ppwp", "352701", record)
    assert derived.sum_facts("ppwp", "352701", records) == one_by_one
