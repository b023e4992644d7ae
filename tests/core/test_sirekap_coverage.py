"""The derived TPS coverage per (ballot, kecamatan) (`sirekap_coverage`, issue 16.2): kept equal to a recomputation
by every path that changes what it counts (import, wilayah lists, hand marks, reference data), read by the sheet,
rebuilt by its migration, and checked by verify-audit against raw SQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from rekap_desktop.db import alembic_config, write_transaction
from rekap_desktop.reference import ReferenceData, RegionRecord
from rekap_desktop.services import RecapService
from rekap_desktop.sirekap import coverage
from rekap_desktop.sirekap.importer import import_paths
from rekap_desktop.sirekap.marks import mark_tps

from .test_sirekap_import import DESA, NOREH, tps_doc, write_tps


def row(service: RecapService, ballot: str, kecamatan: str) -> dict[str, int] | None:
    with service.engine.connect() as conn:
        counts = coverage.stored(conn, ballot, [kecamatan]).get(kecamatan)
    return dict(zip(coverage.COUNTS, counts, strict=True)) if counts is not None else None


def clean(service: RecapService) -> None:
    with service.engine.connect() as conn:
        assert coverage.verify(conn) == []


def test_kept_at_import_and_read_by_the_sheet(service: RecapService, src: Path) -> None:
    before = row(service, "ppwp", "352701")
    import_paths(service, [DESA])
    clean(service)
    after = row(service, "ppwp", "352701")
    assert after is not None and after != before
    assert (after["with_record"], after["with_admin"], after["unlisted"]) == (20, 19, 20 - after["listed"])
    fig = service.load_sheet("ppwp").sirekap("IV.2", "352701")
    assert fig is not None and (fig.tps_with_data, fig.tps_known) == (15, 97)
    # a later scrape adds a TPS of another kecamatan: only that row changes, still equal to a recomputation
    write_tps(src, "ppwp", "3527022001001", tps_doc())
    import_paths(service, [src])
    clean(service)
    assert row(service, "ppwp", "352701") == after
    assert row(service, "ppwp", "352702") is not None and row(service, "ppwp", "352702")["with_record"] == 1  # type: ignore[index]


def test_hand_mark_and_reference_tps_refresh_it(service: RecapService, src: Path) -> None:
    import_paths(service, [DESA])
    mark_tps(service, "ppwp", f"{NOREH}001", "psu", "PSU karena surat suara tertukar")
    clean(service)
    assert row(service, "ppwp", "352701")["psu"] == 1  # type: ignore[index]
    fig = service.load_sheet("ppwp").sirekap("IV.2", "352701")
    assert fig is not None and fig.tps_psu == 1
    # the reference data lists three TPS of Noreh with their DPT: every ballot's row of Sreseh is recomputed
    listed = row(service, "pdpr", "352701")
    service.store_reference(ReferenceData(regions=[
        RegionRecord(f"{NOREH}{n:03d}", f"TPS {n:03d}", dpt=dpt) for n, dpt in ((1, 294), (2, 298), (3, 276))]))
    clean(service)
    now = row(service, "pdpr", "352701")
    assert now is not None and now["listed"] == (listed["listed"] if listed else 0) + 3
    assert now["listed_bound_admin"] - (listed["listed_bound_admin"] if listed else 0) == 300 + 304 + 282


def test_wilayah_list_refreshes_it(service: RecapService, src: Path) -> None:
    wilayah = [{"kode": f"{NOREH}{n:03d}", "nama": f"TPS {n:03d}", "id": n, "tingkat": 5} for n in (1, 2)]
    listing = src / "wilayah" / "pemilu" / "ppwp" / "35" / "3527" / "352701" / f"{NOREH}.json"
    listing.parent.mkdir(parents=True)
    listing.write_text(json.dumps(wilayah), encoding="utf-8")
    before = row(service, "pdpd", "352701")
    import_paths(service, [listing])
    clean(service)
    after = row(service, "pdpd", "352701")
    assert after is not None and after["listed"] == (before["listed"] if before else 0) + 2


def test_raw_sql_on_the_table_is_named_by_verify_audit(service: RecapService) -> None:
    import_paths(service, [DESA])
    service.store_reference(ReferenceData(regions=[RegionRecord(f"{NOREH}{n:03d}", f"TPS {n:03d}", dpt=290 + n)
                                                   for n in (50, 51)]))
    assert service.verify_audit().ok
    with service.engine.begin() as conn:
        conn.execute(text("UPDATE sirekap_coverage SET listed_bound_admin = 0, with_admin = 20 "
                          "WHERE ballot = 'ppwp' AND kecamatan = '352701'"))
        conn.execute(text("DELETE FROM sirekap_coverage WHERE ballot = 'pdpr' AND kecamatan = '352701'"))
        conn.execute(text("INSERT INTO sirekap_coverage VALUES ('ppwp', '352799', 1, 0, 0, 1, 1, 1, 0, 0, 0, 0)"))
    problems = service.verify_audit().problems
    assert any(p.startswith("Cakupan Sirekap kecamatan 352701 (ppwp): tabel berisi batas TPS tanpa administrasi 0 ≠ ")
               and "TPS beradministrasi 20 ≠ 19" in p and p.endswith("diubah di luar aplikasi") for p in problems)
    assert ("Cakupan Sirekap kecamatan 352701 (pdpr): baris hilang dari tabel cakupan (dihapus di luar aplikasi)"
            in problems)
    assert any(p.startswith("Cakupan Sirekap kecamatan 352799 (ppwp): ada di tabel cakupan") for p in problems)
    # the sheet reads the table: the forged bound shows (and verify-audit is how a saksi learns it is forged)
    fig = service.load_sheet("ppwp").sirekap("IV.2", "352701")
    assert fig is not None and fig.missing_bound != 82 * 306


def test_the_migration_fills_it_for_an_older_database(service: RecapService) -> None:
    import_paths(service, [DESA])
    with service.engine.connect() as conn:
        before = coverage.compute(conn)
    assert before
    with write_transaction(service.engine) as conn:
        command.downgrade(alembic_config(conn), "0009")
    service.close()
    reopened = RecapService.open(service.engine.url.render_as_string(hide_password=False), actor="uji")
    try:
        with reopened.engine.connect() as conn:
            stored = {(b, k): tuple(rest) for b, k, *rest in conn.execute(text("SELECT * FROM sirekap_coverage"))}
        assert stored == before
        assert reopened.verify_audit().ok
    finally:
        reopened.close()


def test_text_or_a_fraction_put_in_by_raw_sql_is_named_and_never_fatal(service: RecapService) -> None:
    """SQLite takes text and fractions in INTEGER columns when raw SQL writes them: verify-audit names them (a
    truncated 20.9 would have passed as 20) and the sheet still opens, with the coverage recomputed."""
    import_paths(service, [DESA])
    honest = service.load_sheet("ppwp").sirekap("IV.2", "352701")
    if service.engine.dialect.name != "sqlite":  # PostgreSQL refuses text and rounds a fraction to a whole number
        with pytest.raises(DBAPIError), service.engine.begin() as conn:
            conn.execute(text("UPDATE sirekap_coverage SET listed = 'abc' WHERE ballot = 'ppwp'"))
        with service.engine.begin() as conn:
            conn.execute(text("UPDATE sirekap_coverage SET with_record = with_record + 0.9 "
                              "WHERE ballot = 'ppwp' AND kecamatan = '352701'"))
        assert any("TPS berekaman 21 ≠ 20" in p for p in service.verify_audit().problems)
        return
    with service.engine.begin() as conn:
        conn.execute(text("UPDATE sirekap_coverage SET listed = 'abc', with_record = with_record + 0.9 "
                          "WHERE ballot = 'ppwp' AND kecamatan = '352701'"))
        conn.execute(text("UPDATE sirekap_total SET value = 'banyak' WHERE kecamatan = '352701' AND key = '100025'"))
    problems = service.verify_audit().problems
    assert any(p.startswith("Cakupan Sirekap kecamatan 352701 (ppwp): tabel berisi TPS terdaftar 'abc' ≠ ")
               and "TPS berekaman 20.9 ≠ 20" in p for p in problems), problems
    assert any(p.startswith("Jumlah Sirekap kecamatan 352701 (ppwp) angka 100025: tabel berisi 'banyak' dari")
               for p in problems), problems
    sheet = service.load_sheet("ppwp")
    assert sheet.sirekap("IV.2", "352701") == honest  # coverage recomputed, not truncated or fatal
    fig = sheet.sirekap("IV.1", "352701")
    assert fig is None or fig.value is None  # the forged total is not shown as a figure
