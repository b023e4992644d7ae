"""The audit commands, in-process: anchor, verify-audit --anchor, audit-log, set-status; --operator everywhere."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from sqlalchemy import text

from rekap_desktop.services import KecamatanStatus, RecapService
from ui.cli import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, EXIT_STORAGE, build_parser, main

from ..core.refdata import small_reference


@pytest.fixture
def db(db_url: str) -> str:
    svc = RecapService.open(db_url, actor="penyiap")
    svc.store_reference(small_reference())
    svc.set_entry("ppwp", "IV.1", "352701", 7)
    svc.close()
    return db_url


def test_every_command_has_indonesian_help_with_exit_codes(capsys) -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"anchor", "audit-log", "set-status", "verify-audit"} <= set(commands)
    for name in commands:
        with pytest.raises(SystemExit) as exc:
            main([name, "--help"])
        assert exc.value.code == 0
        assert "Kode keluar" in capsys.readouterr().out, name


def test_anchor_is_one_line_and_verify_audit_checks_it(db: str, capsys) -> None:
    assert main(["anchor", "--db", db]) == EXIT_OK
    line = capsys.readouterr().out
    assert re.fullmatch(r"AUDIT \d+:[0-9a-f]{16}\n", line)
    anchor = line.strip()
    assert main(["verify-audit", "--db", db, "--anchor", anchor, "--anchor", "AUDIT 0:0000000000000000"]) == EXIT_OK
    assert "melewati 2 jangkar" in capsys.readouterr().out
    n = int(anchor.split()[1].split(":")[0])
    assert main(["verify-audit", "--db", db, "--anchor", f"AUDIT {n}:ffffffffffffffff"]) == EXIT_FINDINGS
    assert "ditulis ulang" in capsys.readouterr().err
    assert main(["verify-audit", "--db", db, "--anchor", f"AUDIT {n + 5}:ffffffffffffffff"]) == EXIT_FINDINGS
    assert "tidak ada di log" in capsys.readouterr().err
    assert main(["verify-audit", "--db", db, "--anchor", "bukan jangkar"]) == EXIT_INPUT
    assert "jangkar audit tidak dikenali" in capsys.readouterr().err


def test_set_status_obeys_the_same_rules_as_the_window(db: str, capsys, monkeypatch) -> None:
    monkeypatch.setenv("REKAP_OPERATOR", "Operator Lingkungan")
    base = ["set-status", "--db", db, "--ballot", "ppwp", "--kecamatan", "352701"]
    assert main([*base, "--status", "ditetapkan", "--operator", "Ketua KPU Fiktif"]) == EXIT_INPUT
    err = capsys.readouterr().err  # the safe default: open problems are named, nothing is changed
    assert "belum siap ditetapkan" in err and "isian kosong: I.A.L" in err and "--paksa" in err
    assert main([*base, "--status", "ditetapkan", "--operator", "Ketua KPU Fiktif", "--paksa"]) == EXIT_OK
    assert "→ ditetapkan" in capsys.readouterr().out
    for extra in ([], ["--reason", "uji"], ["--reason", "uji", "--keberatan", "99"]):
        assert main([*base, "--status", "belum", *extra]) == EXIT_INPUT
        assert "Status TIDAK diubah" in capsys.readouterr().err
    svc = RecapService.open(db)
    assert svc.statuses("ppwp")["352701"] is KecamatanStatus.DITETAPKAN
    kid = svc.add_keberatan("ppwp", description="Saksi 01: minta dibuka", kecamatan="352701")
    svc.close()
    assert main([*base, "--status", "dibacakan", "--reason", "pencermatan", "--keberatan", str(kid)]) == EXIT_OK
    svc = RecapService.open(db)
    events = svc.audit_events(3)
    assert svc.statuses("ppwp")["352701"] is KecamatanStatus.DIBACAKAN
    svc.close()
    assert events[0]["actor"] == "Operator Lingkungan" and events[0]["payload"]["reopening"] is True
    assert events[2]["actor"] == "Ketua KPU Fiktif"  # --operator wins over REKAP_OPERATOR
    assert main(["set-status", "--db", db, "--ballot", "pdprdk", "--kecamatan", "352701",
                 "--status", "selesai"]) == EXIT_INPUT
    assert "--dapil" in capsys.readouterr().err


def test_audit_log_lists_who_changed_what(db: str, capsys, monkeypatch) -> None:
    monkeypatch.setenv("REKAP_STATION", "laptop-2")
    svc = RecapService.open(db, actor="Budi")
    kid = svc.add_keberatan("ppwp", description="Saksi 02: V.B", kecamatan="352701", cells=["V.B"])
    svc.set_status("ppwp", "352701", KecamatanStatus.DITETAPKAN)
    svc.set_entry("ppwp", "IV.1", "352701", 8, reason="salah baca", keberatan_id=kid)
    svc.close()
    assert main(["audit-log", "--db", db, "--format", "csv"]) == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0])[:11] == ["seq", "time", "actor", "station", "action", "contest", "kecamatan", "line", "old",
                                  "new", "reason"]
    last = rows[-1]
    assert (last["actor"], last["station"], last["action"], last["line"], last["old"], last["new"],
            last["reason"], last["keberatan"], last["detail"]) == (
        "Budi", "laptop-2", "entry.set", "IV.1", "7", "8", "salah baca", str(kid), "koreksi")
    assert [int(r["seq"]) for r in rows] == list(range(1, len(rows) + 1))
    assert main(["audit-log", "--db", db, "--format", "json", "--kecamatan", "352701"]) == EXIT_OK
    events = json.loads(capsys.readouterr().out)
    assert events and all(e["kecamatan"] == "352701" for e in events)
    assert any(e["action"] == "status.set" and "ditetapkan" in e["detail"] for e in events)
    assert main(["audit-log", "--db", db]) == EXIT_OK
    assert "Budi@laptop-2" in capsys.readouterr().out


def test_verify_audit_exits_1_and_names_a_tampered_setting(db: str, capsys) -> None:
    svc = RecapService.open(db)
    svc.set_setting("toleransi_sirekap", "0")
    with svc.engine.begin() as conn:
        conn.execute(text("UPDATE setting SET value = '1000' WHERE key = 'toleransi_sirekap'"))
    svc.close()
    assert main(["verify-audit", "--db", db]) == EXIT_FINDINGS
    assert "pengaturan" in capsys.readouterr().err


def test_a_name_that_is_a_formula_or_has_line_breaks_stays_plain_text(db: str, capsys) -> None:
    """An operator name a spreadsheet would run (``=HYPERLINK(…)``) is written with a leading apostrophe in the CSV
    that Bawaslu opens; line breaks in a name never split a record."""
    svc = RecapService.open(db, actor='=HYPERLINK("http://x","a")\nkedua', station="meja\t1")
    svc.set_entry("ppwp", "IV.2", "352701", 9)
    svc.close()
    assert main(["audit-log", "--db", db, "--format", "csv"]) == EXIT_OK
    last = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))[-1]
    assert last["actor"] == '\'=HYPERLINK("http://x","a") kedua' and last["station"] == "meja 1"


def test_anchor_refuses_a_chain_head_changed_behind_the_apps_back(db: str, capsys) -> None:
    assert main(["anchor", "--db", db]) == EXIT_OK
    honest = capsys.readouterr().out.strip()
    svc = RecapService.open(db, actor="penyerang")
    with svc.engine.begin() as conn:
        conn.execute(text("UPDATE chain_head SET last_hash = :h"), {"h": "f" * 64})
    svc.close()
    assert main(["anchor", "--db", db]) == EXIT_FINDINGS
    assert "tidak sama dengan peristiwa terakhir di log" in capsys.readouterr().err
    assert main(["verify-audit", "--db", db]) == EXIT_FINDINGS
    err = capsys.readouterr().err
    assert "hash kepala rantai audit tidak sama dengan hash peristiwa terakhir" in err and honest


def test_a_forged_sirekap_total_blocks_the_import_until_repair_derived_records_it(
        db: str, src, capsys) -> None:
    from rekap_desktop.sirekap.guard import ACTION

    from ..core.test_sirekap_import import DESA, NOREH, tps_doc, write_tps

    assert main(["import-sirekap", "--db", db, str(DESA), "--operator", "Operator Satu"]) == EXIT_OK
    svc = RecapService.open(db, actor="penyerang")
    with svc.engine.begin() as conn:
        conn.execute(text("UPDATE sirekap_total SET value = 2984 WHERE ballot = 'ppwp' AND kecamatan = '352701' "
                          "AND key = '100026'"))
    svc.close()
    capsys.readouterr()
    write_tps(src, "ppwp", f"{NOREH}001", tps_doc(ts="2024-02-25 10:00:00"))
    assert main(["import-sirekap", "--db", db, str(src), "--operator", "Operator Satu"]) == EXIT_STORAGE
    err = capsys.readouterr().err
    assert "TIDAK disimpan" in err and "angka 100026: tabel berisi 2.984 dari 15 TPS" in err
    assert "rekap-desktop repair-derived" in err
    assert main(["verify-audit", "--db", db]) == EXIT_FINDINGS
    capsys.readouterr()

    assert main(["repair-derived", "--db", db, "--operator", "Ketua KPU Fiktif"]) == EXIT_FINDINGS
    result = capsys.readouterr()
    assert "1 perbedaan" in result.err and "tabel berisi 2.984 dari 15 TPS" in result.err
    assert re.search(r"tercatat di log audit \(peristiwa #\d+\)", result.out)
    assert main(["verify-audit", "--db", db]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Log audit utuh" in out
    assert re.search(r"Catatan: data turunan Sirekap pernah diubah di luar aplikasi dan dihitung ulang oleh Ketua KPU "
                     r"Fiktif pada .* \(peristiwa #\d+, 1 perbedaan", out)
    assert main(["audit-log", "--db", db, "--format", "json"]) == EXIT_OK
    (event,) = [e for e in json.loads(capsys.readouterr().out) if e["action"] == ACTION]
    assert event["actor"] == "Ketua KPU Fiktif" and "tabel berisi 2.984" in event["detail"]
    assert main(["repair-derived", "--db", db, "--operator", "Ketua KPU Fiktif"]) == EXIT_OK
    assert "tidak ada yang dihitung ulang" in capsys.readouterr().out
    assert main(["import-sirekap", "--db", db, str(src), "--operator", "Operator Satu"]) == EXIT_OK
