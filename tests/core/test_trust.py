"""Trust, tested as a tampering party would (issue 10): raw SQL on every audited table, a chain rewritten and
re-hashed, a log cut short, events that do not say who; on SQLite files and on PostgreSQL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from rekap_desktop import audit
from rekap_desktop.audit import Anchor, event_hash
from rekap_desktop.services import KecamatanStatus, LockedError, RecapService
from rekap_desktop.sirekap.importer import import_paths
from tests.forgery import disable_append_only, rehash_from

ANCHOR = re.compile(r"^AUDIT \d+:[0-9a-f]{16}$")


def _tps_json(folder: Path, tps: str, sah: int) -> None:
    path = folder / "pemilu" / "hhcw" / "ppwp" / tps[:2] / tps[:4] / tps[:6] / tps[:10] / f"{tps}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    admin = {"suara_sah": sah, "suara_tidak_sah": 1, "suara_total": sah + 1}
    for group, (j, lk, pr) in {"pemilih_dpt": (250, 125, 125), "pengguna_dpt": (100, 50, 50),
                               "pengguna_dptb": (0, 0, 0), "pengguna_non_dpt": (0, 0, 0),
                               "pengguna_total": (100, 50, 50)}.items():
        admin |= {f"{group}_j": j, f"{group}_l": lk, f"{group}_p": pr}
    record = {"chart": {"100025": sah - 2, "100026": 1, "100027": 1}, "images": [None, None, None],
              "administrasi": admin, "psu": None, "ts": "2024-02-15 10:00:00", "status_suara": True,
              "status_adm": True}
    path.write_text(json.dumps(record), encoding="utf-8")


@pytest.fixture
def busy(service: RecapService, src: Path) -> RecapService:
    """A database where every audited kind of thing has happened once."""
    service.set_entry("ppwp", "IV.1", "352701", 7)
    service.set_entry("ppwp", "IV.2", "352701", 8)
    service.set_status("ppwp", "352702", KecamatanStatus.DIBACAKAN)
    service.add_keberatan("ppwp", description="Saksi 02 keberatan angka V.B", kecamatan="352701", cells=["V.B"])
    from rekap_desktop.services import Attendee

    service.set_attendance("ppwp", [Attendee("ketua", "KETUA FIKTIF"), Attendee("saksi", "SAKSI FIKTIF", "01")])
    service.set_setting("toleransi_sirekap", "0")
    _tps_json(src, "3527012001001", 120)
    _tps_json(src, "3527012001002", 130)
    summary = import_paths(service, [src])
    assert summary.records_added == 2
    assert service.verify_audit().ok
    return service


TAMPERS = {
    "entry": ("UPDATE entry SET value = 70 WHERE line = 'IV.1'", "baris IV.1"),
    "kecamatan_status": ("UPDATE kecamatan_status SET status = 'ditetapkan'", "status kecamatan 352702"),
    "keberatan": ("UPDATE keberatan SET description = 'tidak ada keberatan'", "keberatan/kejadian khusus #"),
    "keberatan_deleted": ("DELETE FROM keberatan", "hilang dari tabel"),
    "attendance": ("UPDATE attendance SET name = 'ORANG LAIN' WHERE role = 'saksi'", "daftar hadir #"),
    "tolerance": ("UPDATE setting SET value = '500' WHERE key = 'toleransi_sirekap'", "tabel pengaturan"),
    "region_dpt": ("UPDATE region SET dpt = 99999 WHERE code = '352701'", "tabel wilayah"),
    "region_tps_count": ("UPDATE region SET tps_count = 1 WHERE code = '352703'", "tabel wilayah"),
    "region_added": ("INSERT INTO region (code, name, level, parent_code) VALUES ('352799', 'SISIPAN', 3, '3527')",
                     "tabel wilayah"),
    "party": ("UPDATE party SET short_name = 'XXX' WHERE number = 1", "tabel partai"),
    "paslon": ("UPDATE paslon SET name = 'PASLON LAIN' WHERE number = 2", "tabel pasangan calon"),
    "dapil": ("UPDATE dapil SET name = 'DAPIL LAIN' WHERE code = '352701'", "tabel dapil"),
    "dapil_kecamatan": ("DELETE FROM dapil_kecamatan WHERE kecamatan = '352703' AND dapil_id = "
                        "(SELECT id FROM dapil WHERE code = '352702')", "susunan kecamatan dapil"),
    "candidate": ("UPDATE candidate SET name = 'CALON SISIPAN' WHERE number = 1 AND ballot = 'pdprdk'",
                  "daftar calon"),
    "sirekap_record": ("UPDATE sirekap_record SET chart = '{\"100025\": 999}' WHERE tps = '3527012001001'",
                       "impor Sirekap #"),
    "sirekap_record_deleted": ("DELETE FROM sirekap_record WHERE tps = '3527012001002'", "impor Sirekap #"),
    "sirekap_file": ("UPDATE sirekap_file SET path = 'lain.json'", "impor Sirekap #"),
    "sirekap_snapshot": ("UPDATE sirekap_snapshot SET actor = 'orang lain'", "impor Sirekap #"),
}


@pytest.mark.parametrize("what", sorted(TAMPERS))
def test_raw_sql_on_every_audited_table_is_named(busy: RecapService, what: str) -> None:
    sql, expected = TAMPERS[what]
    with busy.engine.begin() as conn:
        conn.execute(text("PRAGMA foreign_keys=OFF") if conn.dialect.name == "sqlite" else text("SELECT 1"))
        conn.execute(text(sql))
    report = busy.verify_audit()
    assert not report.ok, what
    assert any(expected in p for p in report.problems), report.problems


ROW_NAMES = {  # the row verify-audit names, with what was recorded and what is there now
    "tolerance": ('tabel pengaturan kantor/pemilihan, baris key=toleransi_sirekap: value tercatat "0", '
                  'sekarang "500"'),
    "region_dpt": "tabel wilayah (DPT, TPS), baris code=352701 (SRESEH): dpt tercatat kosong, sekarang 99.999",
    "region_tps_count": "baris code=352703 (SAMPANG): tps_count tercatat 338, sekarang 1 (diubah di luar aplikasi)",
    "region_added": "baris code=352799 (SISIPAN): ada di tabel tetapi tidak tercatat di log audit",
    "party": 'tabel partai, baris number=1: short_name tercatat "PKB", sekarang "XXX"',
    "paslon": 'tabel pasangan calon, baris number=2 (H. PRABOWO SUBIANTO – GIBRAN RAKABUMING RAKA): name tercatat',
    "dapil": 'tabel dapil, baris id=2 (SAMPANG 1): name tercatat "SAMPANG 1", sekarang "DAPIL LAIN"',
    "dapil_kecamatan": "kecamatan=352703: tercatat di log audit tetapi hilang dari tabel",
    "candidate": 'name tercatat "CALON FIKTIF 352701", sekarang "CALON SISIPAN"',
}


@pytest.mark.parametrize("what", sorted(ROW_NAMES))
def test_raw_sql_on_reference_or_settings_names_the_row(busy: RecapService, what: str) -> None:
    """Not only "the region table changed": which desa, which column, what was recorded, what is there now."""
    sql, _table = TAMPERS[what]
    with busy.engine.begin() as conn:
        conn.execute(text("PRAGMA foreign_keys=OFF") if conn.dialect.name == "sqlite" else text("SELECT 1"))
        conn.execute(text(sql))
    problems = busy.verify_audit().problems
    assert any(ROW_NAMES[what] in p for p in problems), problems


def test_a_row_copy_forged_with_its_table_cannot_name_rows_and_says_so(busy: RecapService) -> None:
    """The copy is only believed when it combines to the digest in the chain: a forger who changes the DPT and
    the copy alike makes verify-audit say it cannot point at the row — the table is still named."""
    import hashlib
    import json

    from rekap_desktop.state_digest import row_text

    where = "WHERE table_name = 'region' AND row_key = '[\"352701\"]'"
    with busy.engine.begin() as conn:
        conn.execute(text("UPDATE region SET dpt = 99999 WHERE code = '352701'"))
        values = json.loads(conn.execute(text(f"SELECT row_values FROM state_row_copy {where}")).scalar_one())
        values["dpt"] = 99999  # the copy made to agree with the forged table, row hash and all
        conn.execute(text(f"UPDATE state_row_copy SET row_values = :v, row_hash = :h {where}"), {
            "v": json.dumps(values), "h": hashlib.sha256(row_text(list(values.values())).encode()).hexdigest()})
    problems = busy.verify_audit().problems
    assert any(p.startswith("tabel wilayah (DPT, TPS): isinya tidak sama") for p in problems), problems
    assert any("baris yang diubah tidak dapat ditunjuk" in p for p in problems), problems
    assert not any("baris code=352701" in p for p in problems)


def test_a_row_copy_changed_alone_is_named(busy: RecapService) -> None:
    with busy.engine.begin() as conn:
        conn.execute(text("DELETE FROM state_row_copy WHERE table_name = 'party' AND row_key = '[1]'"))
    problems = busy.verify_audit().problems
    assert any(p.startswith("salinan baris tabel partai: tidak sama") for p in problems), problems
    assert not any(p.startswith("tabel partai") for p in problems)


def test_honest_reference_changes_keep_the_row_copy_level(busy: RecapService) -> None:
    busy.set_setting("toleransi_sirekap", "3")
    busy.set_setting("kertas", "f4")
    with busy.engine.connect() as conn:
        copied = conn.execute(text("SELECT row_values FROM state_row_copy WHERE table_name = 'setting' "
                                   "AND row_key = '[\"toleransi_sirekap\"]'")).scalar_one()
    assert '"value":"3"' in copied
    assert busy.verify_audit().ok


def test_a_sirekap_aggregate_slipped_in_is_named(busy: RecapService) -> None:
    with busy.engine.begin() as conn:
        sid = conn.execute(text("SELECT max(id) FROM sirekap_snapshot")).scalar_one()
        conn.execute(text(
            "INSERT INTO sirekap_aggregate (snapshot_id, ballot, region, ts, chart, children, source) "
            f"VALUES ({sid}, 'ppwp', '3527', NULL, '{{}}', '{{}}', 'sisipan')"
        ))
    report = busy.verify_audit()
    assert any(f"impor Sirekap #{sid}" in p for p in report.problems), report.problems


def test_a_rewritten_and_rehashed_history_passes_alone_but_not_against_an_earlier_anchor(
    busy: RecapService,
) -> None:
    """The attacker changes a figure in the event AND the entry, re-hashes every later event and the head:
    the chain alone is consistent again. Only an anchor from before (a photo, a printout) catches it."""
    photographed = busy.anchor()
    busy.set_entry("ppwp", "IV.3", "352701", 5)  # the plenary goes on after the photo
    later = busy.anchor()
    with busy.engine.begin() as conn:
        disable_append_only(conn)
        target = conn.execute(text(
            "SELECT id FROM audit_event WHERE action = 'entry.set' AND line = 'IV.1' ORDER BY id LIMIT 1"
        )).scalar_one()
        conn.execute(text(f"UPDATE audit_event SET new_value = 70 WHERE id = {target}"))
        conn.execute(text("UPDATE entry SET value = 70 WHERE line = 'IV.1'"))
        rehash_from(conn, target)
    assert busy.verify_audit().ok  # a perfect forgery, seen from inside the database alone
    for anchor in (photographed, later):
        report = busy.verify_audit([anchor])
        assert not report.ok
        assert any(anchor.text in p and "ditulis ulang" in p for p in report.problems), report.problems
    assert busy.verify_audit([Anchor(target - 1, _hash_of(busy, target - 1)[:16])]).ok  # before the change: intact


def test_a_log_cut_short_fails_against_a_later_anchor(busy: RecapService) -> None:
    busy.set_entry("ppwp", "IV.3", "352701", 5)
    anchor = busy.anchor()
    with busy.engine.begin() as conn:
        disable_append_only(conn)
        last = anchor.event_id
        conn.execute(text("DELETE FROM entry WHERE line = 'IV.3'"))
        conn.execute(text(f"DELETE FROM audit_event WHERE id = {last}"))
        prev = conn.execute(text(f"SELECT hash FROM audit_event WHERE id = {last - 1}")).scalar_one()
        conn.execute(text(f"UPDATE chain_head SET last_id = {last - 1}, last_hash = '{prev}'"))
    assert busy.verify_audit().ok
    report = busy.verify_audit([anchor])
    assert not report.ok and any("tidak ada di log" in p for p in report.problems)


def test_anchor_text_and_parse() -> None:
    a = Anchor.parse("  AUDIT 12:0123456789ABCDEF ")
    assert a.event_id == 12 and a.hash_prefix == "0123456789abcdef" and a.text == "AUDIT 12:0123456789abcdef"
    for bad in ("AUDIT 12", "AUDIT x:0123456789abcdef", "12:0123456789abcdef", "AUDIT 1:0123"):
        with pytest.raises(ValueError, match="jangkar"):
            Anchor.parse(bad)


def test_every_event_names_actor_and_station(busy: RecapService) -> None:
    with busy.engine.connect() as conn:
        rows = conn.execute(text("SELECT actor, station FROM audit_event")).all()
    assert rows and all(actor and station for actor, station in rows)
    assert {actor for actor, _ in rows} == {"uji"}
    assert not any(actor == "operator" for actor, _ in rows)


def test_the_station_is_part_of_the_hash(busy: RecapService) -> None:
    with busy.engine.begin() as conn:
        disable_append_only(conn)
        conn.execute(text("UPDATE audit_event SET station = 'stasiun-lain' WHERE id = 3"))
    report = busy.verify_audit()
    assert not report.ok and report.first_bad_event == 3


def test_a_nameless_service_uses_the_login_not_a_generic_operator(db_url: str, monkeypatch) -> None:
    monkeypatch.setenv("REKAP_STATION", "laptop-operator-2")
    svc = RecapService.open(db_url)
    assert svc.actor and svc.actor != "operator" and svc.station == "laptop-operator-2"
    svc.close()


def test_reopening_needs_reason_and_keberatan_and_is_audited_as_a_reopening(service: RecapService) -> None:
    service.set_status("ppwp", "352701", KecamatanStatus.DITETAPKAN)
    for kwargs in ({}, {"reason": "uji"}, {"keberatan_id": 1}, {"reason": "uji", "keberatan_id": 999}):
        with pytest.raises(LockedError):
            service.set_status("ppwp", "352701", KecamatanStatus.BELUM, **kwargs)  # type: ignore[arg-type]
    assert service.statuses("ppwp")["352701"] is KecamatanStatus.DITETAPKAN
    kid = service.add_keberatan("ppwp", description="Saksi 01 minta dibuka", kecamatan="352701")
    service.set_status("ppwp", "352701", KecamatanStatus.DIBACAKAN, reason="pencermatan ulang", keberatan_id=kid)
    last = service.audit_events(1)[0]
    assert last["action"] == "status.set" and last["payload"]["reopening"] is True
    assert last["payload"]["keberatan"] == kid and last["payload"]["reason"] == "pencermatan ulang"
    assert service.verify_audit().ok


def test_upgrading_an_old_database_records_a_baseline(tmp_path: Path) -> None:
    """A database written by the first release (schema 0002, no state digests) still verifies after upgrade."""
    from alembic import command

    from rekap_desktop.db import alembic_config, make_engine, write_transaction

    path = tmp_path / "lama.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    with write_transaction(engine) as conn:
        command.upgrade(alembic_config(conn), "0002")
    with write_transaction(engine) as conn:  # what the first release wrote: a region and its (old-style) event
        conn.execute(text("INSERT INTO region (code, name, level) VALUES ('35', 'JAWA TIMUR', 1)"))
        digest = event_hash(1, "2024-03-01T00:00:00+00:00", "operator", "reference.store", "", "", "", None, None,
                            "{}", audit.GENESIS)
        conn.execute(text(
            "INSERT INTO audit_event (id, ts, actor, action, contest, kecamatan, line, payload, prev_hash, hash) "
            f"VALUES (1, '2024-03-01T00:00:00+00:00', 'operator', 'reference.store', '', '', '', '{{}}', "
            f"'{audit.GENESIS}', '{digest}')"
        ))
        conn.execute(text(f"UPDATE chain_head SET last_id = 1, last_hash = '{digest}'"))
    engine.dispose()
    svc = RecapService.open(path, actor="petugas")
    events = svc.audit_events()
    assert events[0]["action"] == "audit.baseline" and "0002" in events[0]["payload"]["note"]
    assert svc.verify_audit().ok
    with svc.engine.begin() as conn:
        conn.execute(text("UPDATE region SET name = 'JATIM' WHERE code = '35'"))
    problems = svc.verify_audit().problems
    assert any('baris code=35 (JAWA TIMUR): name tercatat "JAWA TIMUR", sekarang "JATIM"' in p for p in problems), \
        problems  # the copy the upgrade made vouches for the rows the baseline recorded
    svc.close()


# ---------------------------------------------------------------------------------------------- helpers
def _hash_of(service: RecapService, event_id: int) -> str:
    with service.engine.connect() as conn:
        return str(conn.execute(text(f"SELECT hash FROM audit_event WHERE id = {event_id}")).scalar_one())


# ---------------------------------------------------------------------------------------------- review findings
def test_an_honest_change_never_launders_an_earlier_raw_sql_change(busy: RecapService) -> None:
    """Tamper with the DPT, then an honest operator changes a setting: refused, naming the table; the tampering
    stays visible to verify-audit (and a Sirekap import is refused the same way)."""
    from rekap_desktop.services import StorageError

    with busy.engine.begin() as conn:
        conn.execute(text("UPDATE region SET dpt = 99999 WHERE code = '352701'"))
    with pytest.raises(StorageError, match=r"tabel wilayah .* diubah di luar aplikasi"):
        busy.set_setting("kertas", "f4")
    assert busy.settings().get("kertas") != "f4"
    report = busy.verify_audit()
    assert not report.ok and any("tabel wilayah" in p for p in report.problems)


def test_a_schema_taken_back_and_upgraded_again_does_not_launder(busy: RecapService, db_url: str) -> None:
    anchor = busy.anchor()
    with busy.engine.begin() as conn:
        conn.execute(text("UPDATE region SET dpt = 99999 WHERE code = '352701'"))
        conn.execute(text("ALTER TABLE document_issue DROP COLUMN signer_sha256"))
        conn.execute(text("DROP TABLE sirekap_coverage"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0008'"))
    busy.close()
    again = RecapService.open(db_url, actor="petugas lain")  # re-runs migrations 0009-0010, records a baseline
    report = again.verify_audit([anchor])
    assert not report.ok
    assert any("pada pembaruan skema" in p and "tabel wilayah" in p for p in report.problems), report.problems
    again.close()


def _append_raw(conn: Connection, **fields: object) -> None:
    """A forger appends one correctly hashed event (triggers only forbid UPDATE and DELETE)."""
    last_id, last_hash = conn.execute(text("SELECT last_id, last_hash FROM chain_head")).one()
    ev = {"id": last_id + 1, "ts": "2099-01-01T00:00:00+00:00", "actor": "KETUA CONTOH", "station": "meja-1",
          "action": "entry.set", "contest": "ppwp", "kecamatan": "352701", "line": "IV.2", "old_value": 8,
          "new_value": 99999, "payload": "{}", **fields}
    digest = event_hash(ev["id"], ev["ts"], ev["actor"], ev["action"], ev["contest"], ev["kecamatan"],  # type: ignore[arg-type]
                        ev["line"], ev["old_value"], ev["new_value"], ev["payload"], last_hash, ev["station"])  # type: ignore[arg-type]
    conn.execute(text(
        "INSERT INTO audit_event (id, ts, actor, station, action, contest, kecamatan, line, old_value, new_value, "
        "payload, prev_hash, hash) VALUES (:id, :ts, :actor, :station, :action, :contest, :kecamatan, :line, "
        ":old_value, :new_value, :payload, :prev, :hash)"), {**ev, "prev": last_hash, "hash": digest})
    conn.execute(text("UPDATE chain_head SET last_id = :i, last_hash = :h"), {"i": ev["id"], "h": digest})
    if ev["action"] == "entry.set":
        conn.execute(text("UPDATE entry SET value = :v, event_id = :e WHERE contest = 'ppwp' AND line = 'IV.2' "
                          "AND kecamatan = '352701'"), {"v": ev["new_value"], "e": ev["id"]})


def test_an_appended_event_the_app_would_never_write_is_named(busy: RecapService) -> None:
    busy.set_status("ppwp", "352701", KecamatanStatus.DITETAPKAN)
    earlier = busy.anchor()
    with busy.engine.begin() as conn:
        _append_raw(conn, ts=audit.now_iso())
    report = busy.verify_audit([earlier])  # the chain still passes through the earlier anchor
    assert not report.ok
    assert any("sudah ditetapkan tanpa alasan dan keberatan" in p for p in report.problems), report.problems


def test_a_backdated_event_is_named(busy: RecapService) -> None:
    with busy.engine.begin() as conn:
        _append_raw(conn, ts="2024-03-01T00:00:00+00:00")
    report = busy.verify_audit()
    assert any("lebih awal dari peristiwa sebelumnya" in p for p in report.problems), report.problems


def test_a_correction_needs_a_keberatan_about_that_kecamatan_and_not_rejected(service: RecapService) -> None:
    service.set_entry("ppwp", "IV.1", "352701", 7)
    service.set_status("ppwp", "352701", KecamatanStatus.DITETAPKAN)
    other = service.add_keberatan("ppwp", description="tentang Torjun", kecamatan="352702")
    with pytest.raises(LockedError, match="menyangkut kecamatan 352702"):
        service.set_entry("ppwp", "IV.1", "352701", 8, reason="koreksi", keberatan_id=other)
    with pytest.raises(LockedError, match="menyangkut kecamatan 352702"):
        service.set_status("ppwp", "352701", KecamatanStatus.SELESAI, reason="buka", keberatan_id=other)
    rejected = service.add_keberatan("ppwp", description="tentang Sreseh", kecamatan="352701")
    service.resolve_keberatan(rejected, outcome="ditolak", tindak_lanjut="tidak terbukti")
    with pytest.raises(LockedError, match="sudah ditolak"):
        service.set_entry("ppwp", "IV.1", "352701", 8, reason="koreksi", keberatan_id=rejected)
    good = service.add_keberatan("ppwp", description="Saksi 02: IV.1 Sreseh salah baca", kecamatan="352701")
    service.set_entry("ppwp", "IV.1", "352701", 8, reason="koreksi", keberatan_id=good)
    contest_wide = service.add_keberatan("ppwp", description="seluruh kontes")  # no kecamatan: the whole contest
    service.set_entry("ppwp", "IV.1", "352701", 9, reason="koreksi", keberatan_id=contest_wide)
    assert service.verify_audit().ok
