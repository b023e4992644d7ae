"""Storage and services on real databases: SQLite files always, PostgreSQL when REKAP_TEST_PG_URL is set."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from rekap_desktop.models import Base
from rekap_desktop.rules import JUMLAH
from rekap_desktop.services import (
    Attendee,
    KecamatanStatus,
    LockedError,
    RecapService,
    StorageError,
    ValidationError,
)

from .refdata import small_reference


def test_migrations_from_empty_equal_the_models(db_url: str) -> None:
    svc = RecapService.open(db_url)
    with svc.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    svc.close()
    assert diff == []


def test_sqlite_is_durable_and_checks_foreign_keys(tmp_path) -> None:
    svc = RecapService.open(tmp_path / "a.sqlite")
    with svc.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    svc.close()


def test_contests_from_reference(service: RecapService) -> None:
    keys = [c.key for c in service.contests()]
    assert keys == ["ppwp", "pdpr:3511", "pdpd", "pdprdk:352701", "pdprdk:352702"]
    dpr = service.contest("pdpr:3511")
    assert [b.party.number for b in dpr.parties] == [1, 2, 3]
    assert service.contest("pdprdk:352702").kecamatan_codes == ("352702", "352703")


def test_set_entry_round_trip_with_audit(service: RecapService) -> None:
    r1 = service.set_entry("ppwp", "IV.1", "352701", 1200)
    r2 = service.set_entry("ppwp", "IV.1", "352701", 1201)
    assert (r1.old, r1.new, r2.old, r2.new) == (None, 1200, 1200, 1201)
    service.set_entry("ppwp", "IV.1", "352702", 5)
    sheet = service.load_sheet("ppwp")
    assert sheet.value("IV.1", "352701") == 1201
    assert sheet.value("IV.1", JUMLAH) == 1206
    service.set_entry("ppwp", "IV.1", "352702", None)
    assert service.load_sheet("ppwp").value("IV.1", "352702") is None
    events = service.audit_events()
    assert [e["action"] for e in events[:4]] == ["entry.set"] * 4
    assert events[0]["actor"] == "uji" and events[0]["old"] == 5 and events[0]["new"] is None
    assert service.verify_audit().ok


def test_an_edit_after_loading_its_sheet_builds_no_second_catalogue(
    service: RecapService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: the slowest edit of a window session was its first — validating the cell built the contest's
    line catalogue again (~40 ms for a DPRD contest) although the open sheet holds one."""
    from rekap_desktop import entries

    service.load_sheet("ppwp")
    built: list[str] = []

    class Counting(entries.LineCatalogue):
        def __init__(self, contest: object) -> None:
            built.append(getattr(contest, "key", "?"))
            super().__init__(contest)  # type: ignore[arg-type]

    monkeypatch.setattr(entries, "LineCatalogue", Counting)
    service.set_entry("ppwp", "IV.1", "352701", 5)
    assert built == []
    assert service.load_sheet("ppwp").value("IV.1", "352701") == 5
    with pytest.raises(ValidationError):
        service.set_entry("ppwp", "XX.9", "352701", 5)  # still validated against the lines of the form


def test_bad_cells_are_refused_before_touching_the_database(service: RecapService) -> None:
    for args in (("ppwp", "IV.9", "352701", 1), ("ppwp", "IV.1", "352799", 1), ("ppwp", "IV.1", "352701", -3)):
        with pytest.raises(ValidationError):
            service.set_entry(*args)
    with pytest.raises(ValidationError):
        service.set_entry("pdprdk:352701", "V.A", "352702", 1)  # R16: not in this dapil
    assert service.entries() == []


def test_set_entries_is_all_or_nothing(service: RecapService) -> None:
    with pytest.raises(ValidationError):
        service.set_entries("ppwp", [("IV.1", "352701", 1), ("IV.2", "352701", -1)])
    assert service.entries() == []
    service.set_entries("ppwp", [("IV.1", "352701", 1), ("IV.2", "352701", 2)], source="uji.csv")
    assert len(service.entries("ppwp")) == 2


def test_ditetapkan_locks_the_column_until_reason_and_keberatan(service: RecapService) -> None:
    service.set_entry("ppwp", "V.B", "352701", 10)
    assert service.statuses("ppwp")["352701"] is KecamatanStatus.BELUM
    service.set_status("ppwp", "352701", KecamatanStatus.DIBACAKAN)
    service.set_status("ppwp", "352701", KecamatanStatus.DITETAPKAN)
    with pytest.raises(LockedError, match="alasan"):
        service.set_entry("ppwp", "V.B", "352701", 11)
    with pytest.raises(LockedError):
        service.set_entry("ppwp", "V.B", "352701", 11, reason="salah baca", keberatan_id=999)
    kid = service.add_keberatan("ppwp", description="Saksi 02: V.B tertulis 10, seharusnya 11", kecamatan="352701",
                                peserta="Paslon 02", saksi="Saksi Fiktif", cells=["V.B"])
    service.set_entry("ppwp", "V.B", "352701", 11, reason="salah baca", keberatan_id=kid)
    assert service.load_sheet("ppwp").value("V.B", "352701") == 11
    service.resolve_keberatan(kid, outcome="diterima", tindak_lanjut="dikoreksi dalam pleno")
    (k,) = service.keberatan("ppwp")
    assert (k.status, k.cells, k.kecamatan) == ("diterima", ("V.B",), "352701")
    with pytest.raises(LockedError):
        service.set_status("ppwp", "352701", KecamatanStatus.SELESAI)
    with pytest.raises(LockedError, match="keberatan"):  # a reason alone does not reopen (issue 10.6)
        service.set_status("ppwp", "352701", KecamatanStatus.SELESAI, reason="uji")
    assert service.statuses("ppwp")["352701"] is KecamatanStatus.DITETAPKAN
    service.set_status("ppwp", "352701", KecamatanStatus.SELESAI, reason="dibuka untuk hitung ulang",
                       keberatan_id=kid)
    assert service.statuses("ppwp")["352701"] is KecamatanStatus.SELESAI
    assert service.verify_audit().ok


def test_attendance_rules(service: RecapService) -> None:
    people = [
        Attendee("ketua", "KETUA FIKTIF"),
        Attendee("anggota", "ANGGOTA FIKTIF SATU"),
        Attendee("saksi", "SAKSI FIKTIF 01", "Paslon 01"),
        Attendee("saksi", "SAKSI FIKTIF 02", "Paslon 02", signs=False, refusal_reason="keberatan angka Torjun"),
        Attendee("saksi", "", "Paslon 03", present=False, signs=False),
        Attendee("bawaslu", "PENGAWAS FIKTIF"),
    ]
    service.set_attendance("ppwp", people)
    assert service.attendance("ppwp") == people
    with pytest.raises(ValidationError, match="alasan"):
        service.set_attendance("ppwp", [Attendee("saksi", "X", "Paslon 01", signs=False)])
    with pytest.raises(ValidationError, match="satu saksi"):
        service.set_attendance("ppwp", [Attendee("saksi", "X", "Paslon 01"), Attendee("saksi", "Y", "Paslon 01")])
    service.set_attendance("ppwp", people[:2])
    assert len(service.attendance("ppwp")) == 2
    assert service.verify_audit().ok


def test_audit_log_rejects_update_and_delete(service: RecapService) -> None:
    service.set_entry("ppwp", "IV.1", "352701", 7)
    for sql in ("UPDATE audit_event SET new_value = 8", "DELETE FROM audit_event"):
        with pytest.raises(Exception, match="append-only"), service.engine.begin() as conn:
            conn.execute(text(sql))
    assert service.verify_audit().ok


def test_verify_audit_names_an_entry_changed_behind_the_apps_back(service: RecapService) -> None:
    service.set_entry("ppwp", "IV.1", "352701", 7)
    service.set_entry("ppwp", "IV.2", "352701", 8)
    with service.engine.begin() as conn:
        conn.execute(text("UPDATE entry SET value = 70 WHERE line = 'IV.1'"))
    report = service.verify_audit()
    assert not report.ok
    assert "baris IV.1" in report.problems[0] and "70" in report.problems[0] and "352701" in report.problems[0]


def test_verify_audit_names_the_first_tampered_event(service: RecapService) -> None:
    for v in range(5):
        service.set_entry("ppwp", "IV.1", "352701", v)
    first_entry_event = service.audit_events()[-1]["id"] + 2  # events: reference.store, then entries
    with service.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER audit_event_no_update"))
        else:
            conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change"))
        conn.execute(text(f"UPDATE audit_event SET new_value = 99 WHERE id = {first_entry_event}"))
    report = service.verify_audit()
    assert not report.ok and report.first_bad_event == first_entry_event
    assert f"#{first_entry_event}" in report.problems[0]


def test_read_only_database_gives_a_clear_message(tmp_path) -> None:
    path = tmp_path / "ro.sqlite"
    svc = RecapService.open(path)
    svc.store_reference(small_reference())
    svc.close()
    ro = RecapService.open(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(StorageError, match="TIDAK tersimpan"):
        ro.set_entry("ppwp", "IV.1", "352701", 1)
    ro.close()


def test_schema_head_agrees_with_alembic_and_open_skips_alembic_when_current(tmp_path) -> None:
    from alembic.script import ScriptDirectory

    from rekap_desktop.db import alembic_config, current_revision, schema_head

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == schema_head()
    svc = RecapService.open(tmp_path / "x.sqlite")
    assert current_revision(svc.engine) == schema_head()
    svc.close()


def test_an_open_read_does_not_lock_out_a_writer(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("REKAP_SQLITE_BUSY_MS", "200")
    svc = RecapService.open(tmp_path / "rw.sqlite")
    svc.store_reference(small_reference())
    with svc.engine.connect() as reader:
        reader.execute(text("SELECT count(*) FROM entry")).scalar_one()  # a read transaction stays open (WAL)
        svc.set_entry("ppwp", "IV.1", "352701", 3)  # another connection writes meanwhile
    assert svc.load_sheet("ppwp").value("IV.1", "352701") == 3
    svc.close()
