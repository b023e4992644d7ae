"""The derived Sirekap tables under attack: a row changed by raw SQL is never silently overwritten by the next honest
write (import, TPS mark, reference data); the write is refused, the forgery stays as evidence, and only
``repair-derived`` recomputes the tables — recording every difference in the audit chain. SQLite file and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from rekap_desktop.audit_log import audit_log_rows
from rekap_desktop.reference import ReferenceData, RegionRecord
from rekap_desktop.services import RecapService
from rekap_desktop.setup import init_kabupaten, load_reference_files
from rekap_desktop.sirekap import derived, guard
from rekap_desktop.sirekap.guard import DerivedTampered
from rekap_desktop.sirekap.importer import import_paths
from rekap_desktop.sirekap.marks import mark_tps, marks

from .test_sirekap_import import DESA, NOREH, tps_doc, write_tps

FORGED_TOTAL = ("Jumlah Sirekap kecamatan 352701 (ppwp) angka 100026: tabel berisi 2.984 dari 15 TPS, rekaman TPS "
                "menjumlah 2.184 dari 15 TPS — diubah di luar aplikasi")


def _scalar(service: RecapService, sql: str) -> object:
    with service.engine.connect() as conn:
        return conn.execute(text(sql)).scalar_one()


def _state(service: RecapService) -> tuple[object, ...]:
    """What a refused write must leave exactly as it was."""
    return (
        _scalar(service, "SELECT count(*) FROM audit_event"),
        _scalar(service, "SELECT count(*) FROM sirekap_snapshot"),
        _scalar(service, "SELECT count(*) FROM sirekap_record"),
        _scalar(service, "SELECT count(*) FROM sirekap_tps_status"),
        _scalar(service, "SELECT coalesce(sum(value), 0) FROM sirekap_total"),
        _scalar(service, "SELECT coalesce(sum(with_record), 0) FROM sirekap_coverage"),
    )


def _forge_total(service: RecapService) -> None:
    with service.engine.begin() as conn:
        conn.execute(text("UPDATE sirekap_total SET value = 2984 WHERE ballot = 'ppwp' AND kecamatan = '352701' "
                          "AND key = '100026'"))


def test_an_import_that_would_overwrite_a_forged_total_is_refused_and_repair_records_it(
        service: RecapService, src: Path) -> None:
    import_paths(service, [DESA])
    _forge_total(service)
    assert service.load_sheet("ppwp").sirekap("IV.2", "352701").value == 2984  # type: ignore[union-attr]
    before = _state(service)
    # an honest later scrape of one TPS of that kecamatan: its totals would be recomputed (the forgery erased)
    write_tps(src, "ppwp", f"{NOREH}001", tps_doc(ts="2024-02-25 10:00:00"))
    with pytest.raises(DerivedTampered) as refused:
        import_paths(service, [src])
    assert FORGED_TOTAL in str(refused.value) and "TIDAK disimpan" in str(refused.value)
    assert "repair-derived" in str(refused.value)
    assert refused.value.problems == [FORGED_TOTAL]
    assert _state(service) == before  # nothing written: the forgery is still there to be seen
    assert service.verify_audit().problems == [FORGED_TOTAL]

    repaired = guard.repair_logged(service)
    assert repaired.problems == [FORGED_TOTAL] and repaired.event_id is not None
    (row,) = [r for r in audit_log_rows(service.engine) if r.seq == repaired.event_id]
    assert row.action == guard.ACTION and row.actor == "uji"
    assert row.detail.startswith("data turunan Sirekap dihitung ulang: 1 perbedaan") and FORGED_TOTAL in row.detail
    report = service.verify_audit()
    assert report.ok, report.problems  # the chain holds the repair; the tables are what the records say
    assert service.load_sheet("ppwp").sirekap("IV.2", "352701").value == 2184  # type: ignore[union-attr]
    assert guard.repair_logged(service).problems == []  # nothing more to repair, nothing logged
    assert _scalar(service, f"SELECT count(*) FROM audit_event WHERE action = '{guard.ACTION}'") == 1

    assert import_paths(service, [src]).records_added == 1  # now the import goes through
    with service.engine.connect() as conn:
        assert derived.verify(conn) == []


def test_an_import_that_only_adds_to_a_forged_total_keeps_it_named(service: RecapService, src: Path) -> None:
    """A TPS seen for the first time adds to its kecamatan's stored totals without recomputing them: the forgery
    is carried along, and verify-audit still names it (no trace is lost, so nothing needs refusing)."""
    import_paths(service, [DESA])
    _forge_total(service)
    write_tps(src, "ppwp", f"{NOREH}050", tps_doc())
    assert import_paths(service, [src]).records_added == 1
    problems = service.verify_audit().problems
    assert len(problems) == 1 and problems[0].startswith(
        "Jumlah Sirekap kecamatan 352701 (ppwp) angka 100026: tabel berisi 3.")
    assert "— diubah di luar aplikasi" in problems[0]


def test_a_forged_counting_row_is_not_overwritten_by_a_newer_record(service: RecapService, src: Path) -> None:
    import_paths(service, [DESA])
    with service.engine.begin() as conn:  # flag TPS 001 and TPS 002 with an anomaly their records do not have
        conn.execute(text(f"UPDATE sirekap_current SET anomalies = 'TPS_DIBUAT_BUAT' WHERE tps = '{NOREH}001'"))
        conn.execute(text(f"UPDATE sirekap_current SET anomalies = 'TPS_DIBUAT_BUAT' WHERE tps = '{NOREH}002'"))
    before = _state(service)
    write_tps(src, "ppwp", f"{NOREH}001", tps_doc(ts="2024-02-25 10:00:00"))
    with pytest.raises(DerivedTampered) as refused:
        import_paths(service, [src])
    assert refused.value.problems == [
        f"Sirekap turunan: TPS {NOREH}001 (ppwp): anomali 'TPS_DIBUAT_BUAT' ≠ '' — diubah di luar aplikasi"]
    assert _state(service) == before
    # TPS 002's forged row is not touched by that import: it would stay, so it does not block it — and stays named
    with service.engine.begin() as conn:
        conn.execute(text(f"UPDATE sirekap_current SET anomalies = '' WHERE tps = '{NOREH}001'"))
    assert import_paths(service, [src]).records_added == 1
    problems = service.verify_audit().problems
    assert problems == [
        f"Sirekap turunan: TPS {NOREH}002 (ppwp): anomali 'TPS_DIBUAT_BUAT' ≠ '' — diubah di luar aplikasi"]


def test_a_mark_over_a_forged_total_or_coverage_row_is_refused(service: RecapService) -> None:
    import_paths(service, [DESA])
    _forge_total(service)
    before = _state(service)
    with pytest.raises(DerivedTampered) as refused:
        mark_tps(service, "ppwp", f"{NOREH}003", "psu", "rekomendasi Panwaslu")
    assert refused.value.problems == [FORGED_TOTAL]
    assert _state(service) == before and marks(service) == []
    guard.repair_logged(service)
    with service.engine.begin() as conn:
        conn.execute(text("UPDATE sirekap_coverage SET with_record = 3 WHERE ballot = 'ppwp' AND kecamatan = '352701'"))
    with pytest.raises(DerivedTampered) as refused:
        mark_tps(service, "ppwp", f"{NOREH}003", "psu", "rekomendasi Panwaslu")
    (problem,) = refused.value.problems
    assert problem.startswith("Cakupan Sirekap kecamatan 352701 (ppwp): tabel berisi TPS berekaman 3 ≠ 20")
    assert marks(service) == []
    # another kecamatan's coverage is not what this mark recomputes: a forgery there does not block it (and stays
    # named)
    guard.repair_logged(service)
    with service.engine.begin() as conn:
        conn.execute(text("INSERT INTO sirekap_coverage VALUES ('ppwp', '352702', 5, 0, 0, 5, 5, 5, 0, 0, 0, 0)"))
    assert mark_tps(service, "ppwp", f"{NOREH}003", "psu", "rekomendasi Panwaslu").changed
    assert service.verify_audit().problems == [
        "Cakupan Sirekap kecamatan 352702 (ppwp): ada di tabel cakupan tanpa TPS terdaftar atau rekaman (ditambah di "
        "luar aplikasi)"]


def test_reference_data_over_a_forged_coverage_row_is_refused(service: RecapService) -> None:
    import_paths(service, [DESA])
    with service.engine.begin() as conn:
        conn.execute(text("UPDATE sirekap_coverage SET listed = 1 WHERE ballot = 'ppwp' AND kecamatan = '352701'"))
    before = _state(service)
    with pytest.raises(DerivedTampered) as refused:  # a new DPT for one TPS: its kecamatan's coverage moves
        service.store_reference(ReferenceData(regions=[RegionRecord(f"{NOREH}001", "TPS 001", dpt=250)]))
    assert any(p.startswith("Cakupan Sirekap kecamatan 352701 (ppwp)") for p in refused.value.problems)
    assert _state(service) == before
    assert _scalar(service, f"SELECT count(*) FROM region WHERE code = '{NOREH}001'") == 0  # not added


def test_an_import_over_a_forged_coverage_row_is_refused(service: RecapService, src: Path) -> None:
    import_paths(service, [DESA])
    with service.engine.begin() as conn:
        conn.execute(text("DELETE FROM sirekap_coverage WHERE ballot = 'ppwp' AND kecamatan = '352701'"))
    write_tps(src, "ppwp", f"{NOREH}050", tps_doc())
    before = _state(service)
    with pytest.raises(DerivedTampered) as refused:
        import_paths(service, [src])
    assert refused.value.problems == [
        "Cakupan Sirekap kecamatan 352701 (ppwp): baris hilang dari tabel cakupan (dihapus di luar aplikasi)"]
    assert _state(service) == before


def test_a_wilayah_file_over_a_forged_coverage_row_is_refused(db_url: str, tmp_path: Path) -> None:
    service = RecapService.open(db_url, actor="uji")
    try:
        init_kabupaten(service, "3527")
        wilayah = tmp_path / "wilayah.csv"
        wilayah.write_text("kode_wilayah,nama_wilayah,dpt\n352701,SRESEH,\n3527012001,NOREH,\n3527012001001,,200\n",
                           encoding="utf-8")
        assert load_reference_files(service, [wilayah]).ok
        import_paths(service, [DESA])
        with service.engine.begin() as conn:
            conn.execute(text("UPDATE sirekap_coverage SET listed_bound_admin = 0 WHERE ballot = 'pdpd' "
                              "AND kecamatan = '352701'"))
        before = _state(service)
        wilayah.write_text(wilayah.read_text(encoding="utf-8").replace(",200", ",250"), encoding="utf-8")
        with pytest.raises(DerivedTampered) as refused:  # the TPS's new DPT moves its kecamatan's bounds
            load_reference_files(service, [wilayah])
        (problem,) = refused.value.problems
        assert problem.startswith(
            "Cakupan Sirekap kecamatan 352701 (pdpd): tabel berisi batas TPS tanpa administrasi 0 ≠")
        assert _state(service) == before
        assert _scalar(service, f"SELECT dpt FROM region WHERE code = '{NOREH}001'") == 200
    finally:
        service.close()
