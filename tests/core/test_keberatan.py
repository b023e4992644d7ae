"""Keberatan and kejadian khusus as the kejadian khusus form needs them: level, jenis, TPS, Bawaslu's
recommendation and the decision — stored, audited, re-derived by verify-audit, refused when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from rekap_desktop import audit
from rekap_desktop.db import alembic_config, make_engine, write_transaction
from rekap_desktop.services import RecapService, ValidationError

from .refdata import small_reference

TPS = "3527012001003"  # Desa Noreh (Sreseh), TPS 003


def _events(service: RecapService) -> int:
    return service.anchor().event_id


def test_the_form_fields_round_trip(service: RecapService) -> None:
    kid = service.add_keberatan(
        "pdprdk:352701", kind="kejadian_khusus", level="ppk", jenis="angka", tps=TPS, peserta="1. PKB",
        saksi="SAKSI FIKTIF PKB", cells=["IV.1.T", "V.B"],
        description="C plano TPS 003 yang dikoreksi tidak sama dengan salinan saksi; PPK tidak dapat menyelesaikan.",
        rekomendasi_bawaslu="Panwaslu Kecamatan menyarankan hitung ulang di pleno kabupaten",
    )
    (k,) = service.keberatan("pdprdk:352701")
    assert (k.id, k.kind, k.level, k.jenis, k.tps, k.kecamatan) == (kid, "kejadian_khusus", "ppk", "angka", TPS,
                                                                     "352701")  # kecamatan from the TPS
    assert k.cells == ("IV.1.T", "V.B") and "Panwaslu" in k.rekomendasi_bawaslu and not k.decided
    service.record_rekomendasi(kid, "Bawaslu Kabupaten merekomendasikan hitung ulang TPS 003")
    service.resolve_keberatan(kid, outcome="diterima", tindak_lanjut="hitung ulang TPS 003 dalam pleno")
    (k,) = service.keberatan("pdprdk:352701")
    assert k.status == "diterima" and k.rekomendasi_bawaslu.startswith("Bawaslu Kabupaten") and k.resolved_at
    actions = [e["action"] for e in service.audit_events(3)]
    assert actions == ["keberatan.resolve", "keberatan.rekomendasi", "keberatan.add"]
    for event in service.audit_events(3):
        row = event["payload"]["row"]
        assert row["id"] == kid and {"level", "jenis", "tps", "rekomendasi_bawaslu"} <= set(row)
    assert service.verify_audit().ok


def test_defaults_and_inferred_jenis(service: RecapService) -> None:
    a = service.add_keberatan("ppwp", description="Kotak Kec. Torjun tiba terlambat", kind="kejadian_khusus")
    b = service.add_keberatan("ppwp", description="V.B Sreseh tidak sesuai salinan", cells=["V.B"])
    c = service.add_keberatan("ppwp", description="Saksi tidak diberi salinan", jenis="prosedur", cells=["V.B"])
    by_id = {k.id: k for k in service.keberatan("ppwp")}
    assert (by_id[a].level, by_id[a].jenis, by_id[a].tps) == ("kabupaten", "prosedur", "")
    assert by_id[b].jenis == "angka" and by_id[c].jenis == "prosedur"


@pytest.mark.parametrize(("fields", "message"), [
    ({"level": "provinsi"}, "asal catatan"),
    ({"jenis": "lain"}, "pokok keberatan"),
    ({"kind": "protes"}, "jenis catatan"),
    ({"level": "ppk"}, "kecamatannya"),
    ({"tps": "352701200100"}, "13 angka"),
    ({"tps": "3527012001000"}, "000"),
    ({"tps": "3527142001001"}, "tidak berada di kecamatan"),  # Karangpenang is not in this contest
    ({"tps": "3527022001001", "kecamatan": "352701"}, "352701 yang dipilih"),
    ({"kecamatan": "352799"}, "352799"),
    ({"cells": ["V.Z"]}, "V.Z"),
    ({"saksi": "X" * 201}, "terlalu panjang"),
    ({"description": "  "}, "uraian"),
])
def test_bad_fields_are_refused_and_nothing_is_written(service: RecapService, fields: dict, message: str) -> None:
    before = _events(service)
    values = {"description": "uraian uji", **fields}
    with pytest.raises(ValidationError, match=message):
        service.add_keberatan("ppwp", **values)
    assert service.keberatan() == [] and _events(service) == before


def test_a_decision_is_final_and_needs_a_follow_up(service: RecapService) -> None:
    kid = service.add_keberatan("ppwp", description="uji", cells=["V.A"])
    with pytest.raises(ValidationError, match="tindak lanjut"):
        service.resolve_keberatan(kid, outcome="ditolak", tindak_lanjut="  ")
    with pytest.raises(ValidationError, match="diterima"):
        service.resolve_keberatan(kid, outcome="ditunda", tindak_lanjut="x")
    with pytest.raises(ValidationError, match="wajib"):
        service.record_rekomendasi(kid, " ")
    service.resolve_keberatan(kid, outcome="ditolak", tindak_lanjut="angka sesuai D.HASIL",
                              rekomendasi_bawaslu="Bawaslu: angka sesuai salinan")
    before = _events(service)
    with pytest.raises(ValidationError, match="sudah diputus"):
        service.resolve_keberatan(kid, outcome="diterima", tindak_lanjut="berubah pikiran")
    with pytest.raises(ValidationError, match="sudah diputus"):
        service.record_rekomendasi(kid, "terlambat")
    with pytest.raises(ValidationError, match="#999"):
        service.record_rekomendasi(999, "tidak ada")
    (k,) = service.keberatan("ppwp")
    assert (k.status, k.rekomendasi_bawaslu) == ("ditolak", "Bawaslu: angka sesuai salinan")
    assert _events(service) == before


@pytest.mark.parametrize(("column", "value"), [
    ("level", "'ppk'"), ("jenis", "'prosedur'"), ("tps", "'3527012001009'"), ("rekomendasi_bawaslu", "'palsu'"),
    ("status", "'diterima'"),
])
def test_verify_audit_names_each_field_changed_by_raw_sql(service: RecapService, column: str, value: str) -> None:
    kid = service.add_keberatan("pdprdk:352701", description="uji", tps=TPS, cells=["V.B"],
                                rekomendasi_bawaslu="asli")
    assert service.verify_audit().ok
    with service.engine.begin() as conn:
        conn.execute(text(f"UPDATE keberatan SET {column} = {value} WHERE id = {kid}"))
    report = service.verify_audit()
    assert not report.ok
    assert any(f"#{kid}" in p and column in p and "di luar aplikasi" in p for p in report.problems)


def test_a_row_recorded_before_migration_0007_is_still_checked(tmp_path: Path) -> None:
    """An older row snapshot lacks the new columns: the row must hold their server defaults."""
    from alembic import command

    path = tmp_path / "lama.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    with write_transaction(engine) as conn:
        command.upgrade(alembic_config(conn), "0006")
    with write_transaction(engine) as conn:
        conn.execute(text(
            "INSERT INTO keberatan (id, contest, kind, kecamatan, peserta, saksi, cells, description, status, "
            "tindak_lanjut, created_at) VALUES (1, 'ppwp', 'keberatan', '352701', '', '', 'V.B', 'lama', "
            "'terbuka', '', '2024-03-01T00:00:00+00:00')"))
        row = dict(conn.execute(text("SELECT * FROM keberatan")).mappings().one())
        audit.append(conn, actor="uji", action="keberatan.add", contest="ppwp", payload={"row": row})
    engine.dispose()
    service = RecapService.open(path, actor="uji")  # upgrades to the head
    try:
        (k,) = service.keberatan()
        assert (k.level, k.jenis, k.tps, k.rekomendasi_bawaslu) == ("kabupaten", "angka", "", "")
        assert service.verify_audit().ok
        with service.engine.begin() as conn:
            conn.execute(text("UPDATE keberatan SET jenis = 'prosedur' WHERE id = 1"))
        problems = service.verify_audit().problems
        assert any("#1" in p and "jenis" in p for p in problems)
    finally:
        service.close()


def test_two_stations_deciding_the_same_item_one_wins(db_url: str) -> None:
    a = RecapService.open(db_url, actor="operator A", station="meja-a")
    a.store_reference(small_reference())
    b = RecapService.open(db_url, actor="operator B", station="meja-b")
    try:
        kid = a.add_keberatan("ppwp", description="uji", cells=["V.B"])
        a.resolve_keberatan(kid, outcome="diterima", tindak_lanjut="dikoreksi")
        with pytest.raises(ValidationError, match="sudah diputus"):
            b.resolve_keberatan(kid, outcome="ditolak", tindak_lanjut="ditolak")
        event = a.audit_events(1)[0]
        assert event["action"] == "keberatan.resolve" and event["actor"] == "operator A"
        assert a.verify_audit().ok
    finally:
        a.close()
        b.close()
