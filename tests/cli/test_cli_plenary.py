"""The plenary's commands, in-process: ``aturan``, the keberatan commands, ``hitung-ulang`` (good and every bad-row
class: exit 2, nothing changed), ``daftar-hitung-ulang``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ui.cli import EXIT_INPUT, EXIT_OK, main


def test_aturan_lists_every_rule_with_severity_and_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["aturan"]) == EXIT_OK
    text = capsys.readouterr().out
    assert "R9   [galat]" in text and "R8   [peringatan]" in text and text.count("Sumber:") == 17
    assert main(["aturan", "--format", "json"]) == EXIT_OK
    rules = json.loads(capsys.readouterr().out)
    assert [r["rule"] for r in rules] == [f"R{i}" for i in range(1, 18)]
    by_id = {r["rule"]: r for r in rules}
    assert by_id["R9"]["severity"] == by_id["R10"]["severity"] == "error"
    assert all(r["source"] for r in rules)


# ---------------------------------------------------------------------------------------------- hitung ulang
TPS = "3527012001003"
FIGURES = {"IV.1": 4800, "IV.2": 13900, "IV.3": 8000, "V.A": 26700, "V.B": 1400, "V.C": 28100}


@pytest.fixture
def plenary_db(db_url: str, tmp_path: Path) -> str:
    from rekap_desktop.services import KecamatanStatus, RecapService

    from ..core.refdata import small_reference
    from ..core.test_recount import write_sirekap

    svc = RecapService.open(db_url, actor="uji")
    svc.store_reference(small_reference())
    svc.set_entries("ppwp", [(line, "352701", v) for line, v in FIGURES.items()])
    svc.set_status("ppwp", "352701", KecamatanStatus.DITETAPKAN)
    svc.close()
    assert main(["import-sirekap", "--db", db_url, str(write_sirekap(tmp_path / "sirekap"))]) == EXIT_OK
    return db_url


def _manual(db: str) -> dict[str, int]:
    from rekap_desktop.services import RecapService

    svc = RecapService.open(db)
    try:
        return {line: v for _, line, kec, v in svc.entries("ppwp") if kec == "352701"}
    finally:
        svc.close()


def test_keberatan_then_hitung_ulang_end_to_end(plenary_db: str, tmp_path: Path, capsys) -> None:
    db = plenary_db
    assert main(["catat-keberatan", "--db", db, "--ballot", "ppwp", "--jenis-catatan", "kejadian_khusus",
                 "--asal", "ppk", "--tps", TPS, "--saksi", "SAKSI FIKTIF 02", "--sel", "IV.2,V.B",
                 "--uraian", "PPK Sreseh: C plano TPS 003 diperbaiki, tidak sama dengan salinan",
                 "--operator", "Operator Uji"]) == EXIT_OK
    assert "Dicatat sebagai #1" in capsys.readouterr().out
    assert main(["rekomendasi-bawaslu", "--db", db, "--keberatan", "1", "--rekomendasi",
                 "Bawaslu merekomendasikan hitung ulang TPS 003"]) == EXIT_OK
    figures = tmp_path / "tps003.csv"
    figures.write_text("line,before,after\nIV.2,139,100\nV.A,267,228\nV.B,14,53\n", encoding="utf-8")
    before = _manual(db)
    assert main(["hitung-ulang", "--db", db, "--ballot", "ppwp", "--tps", TPS, "--file", str(figures),
                 "--reason", "C plano tidak sama dengan salinan saksi", "--keberatan", "1",
                 "--tanggal", "2024-03-05", "--operator", "Operator Uji"]) == EXIT_OK
    text = capsys.readouterr().out
    assert "Hitung ulang #1 dicatat" in text and "139 →  100  (selisih -39)" in text
    after = _manual(db)
    assert (after["IV.2"], after["V.A"], after["V.B"]) == (before["IV.2"] - 39, before["V.A"] - 39,
                                                           before["V.B"] + 39)
    assert main(["putuskan-keberatan", "--db", db, "--keberatan", "1", "--keputusan", "diterima",
                 "--tindak-lanjut", "dihitung ulang dalam pleno 5 Maret 2024"]) == EXIT_OK
    capsys.readouterr()
    assert main(["daftar-keberatan", "--db", db, "--format", "json"]) == EXIT_OK
    (item,) = json.loads(capsys.readouterr().out)
    assert (item["level"], item["kind"], item["tps"], item["status"]) == ("ppk", "kejadian_khusus", TPS,
                                                                          "diterima")
    assert item["rekomendasi_bawaslu"].startswith("Bawaslu merekomendasikan")
    assert main(["daftar-hitung-ulang", "--db", db, "--ballot", "ppwp", "--format", "csv"]) == EXIT_OK
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "recount,contest,tps,held_on,keberatan,line,before,after,basis,known,reason"
    assert rows[1].startswith(f"1,ppwp,{TPS},2024-03-05,1,IV.2,139,100,sirekap,139,")
    assert main(["verify-audit", "--db", db]) == EXIT_OK


@pytest.mark.parametrize(("content", "named"), [
    ("line,before,after\nIV.2,139,100\nV.B,14,x\n", "tps.csv baris 3"),
    ("line,before,after\nIV.2,140,100\n", "tps.csv baris 2 (IV.2)"),  # Sirekap says 139
    ("line,before,after\nIV.2,139,100\nIV.9,1,2\n", "tps.csv baris 3 (IV.9)"),
    ("baris,sebelum,sesudah\nIV.2,139,100\n", "tps.csv baris 1"),
])
def test_hitung_ulang_refuses_a_bad_row_and_changes_nothing(plenary_db: str, tmp_path: Path, capsys,
                                                            content: str, named: str) -> None:
    db = plenary_db
    assert main(["catat-keberatan", "--db", db, "--ballot", "ppwp", "--tps", TPS, "--uraian", "uji"]) == EXIT_OK
    figures = tmp_path / "tps.csv"
    figures.write_text(content, encoding="utf-8")
    before = _manual(db)
    capsys.readouterr()
    code = main(["hitung-ulang", "--db", db, "--ballot", "ppwp", "--tps", TPS, "--file", str(figures),
                 "--reason", "uji", "--keberatan", "1"])
    assert code == EXIT_INPUT
    errors = capsys.readouterr().err
    assert "TIDAK dicatat" in errors and named in errors
    assert _manual(db) == before
    assert main(["daftar-hitung-ulang", "--db", db]) == EXIT_OK
    assert "Belum ada hitung ulang" in capsys.readouterr().out


def test_hitung_ulang_bad_arguments(plenary_db: str, tmp_path: Path, capsys) -> None:
    figures = tmp_path / "tps.csv"
    figures.write_text("line,before,after\nIV.2,139,100\n", encoding="utf-8")
    base = ["hitung-ulang", "--db", plenary_db, "--file", str(figures), "--reason", "uji"]
    assert main([*base, "--ballot", "pilkada", "--tps", TPS, "--keberatan", "1"]) == EXIT_INPUT
    assert "jenis pemilihan" in capsys.readouterr().err
    assert main([*base, "--ballot", "ppwp", "--tps", TPS, "--keberatan", "5"]) == EXIT_INPUT
    assert "#5 tidak ada" in capsys.readouterr().err
    assert main([*base, "--ballot", "pdprdk", "--tps", "3527142001001", "--keberatan", "1"]) == EXIT_INPUT
    assert "352714" in capsys.readouterr().err
    assert main(["catat-keberatan", "--db", plenary_db, "--ballot", "ppwp", "--asal", "ppk",
                 "--uraian", "tanpa kecamatan"]) == EXIT_INPUT
    assert "kecamatannya" in capsys.readouterr().err
    assert main(["putuskan-keberatan", "--db", plenary_db, "--keberatan", "3", "--keputusan", "ditolak",
                 "--tindak-lanjut", "x"]) == EXIT_INPUT


def test_two_processes_recounting_the_same_tps_only_one_applies(tmp_path: Path) -> None:
    """Two real processes (two stations) run the same ``hitung-ulang`` at once: exactly one is applied; the other
    exits 2, names the first recount, and changes nothing (the chain lock serialises them; SQLite file)."""
    import os
    import subprocess
    import sys

    from rekap_desktop.services import KecamatanStatus, RecapService

    from ..core.refdata import small_reference
    from ..core.test_recount import write_sirekap

    db = str(tmp_path / "rekap.sqlite")
    svc = RecapService.open(db, actor="uji")
    svc.store_reference(small_reference())
    svc.set_entries("ppwp", [(line, "352701", v) for line, v in FIGURES.items()])
    svc.set_status("ppwp", "352701", KecamatanStatus.DITETAPKAN)
    kid = svc.add_keberatan("ppwp", description="uji dua stasiun", tps=TPS)
    svc.close()
    assert main(["import-sirekap", "--db", db, str(write_sirekap(tmp_path / "sirekap"))]) == EXIT_OK
    figures = tmp_path / "tps.csv"
    figures.write_text("line,before,after\nIV.2,139,100\n", encoding="utf-8")
    env = {**os.environ, "REKAP_SQLITE_BUSY_MS": "30000"}
    cmd = [sys.executable, "-m", "ui.cli", "hitung-ulang", "--db", db, "--ballot", "ppwp", "--tps", TPS,
           "--file", str(figures), "--reason", "uji", "--keberatan", str(kid)]
    procs = [subprocess.Popen([*cmd, "--operator", f"stasiun {i}"], env={**env, "REKAP_STATION": f"meja-{i}"},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in (1, 2)]
    results = [(p.wait(120), *p.communicate()) for p in procs]
    codes = sorted(code for code, _, _ in results)
    assert codes == [EXIT_OK, EXIT_INPUT], results
    loser = next(err for code, _, err in results if code == EXIT_INPUT)
    assert "hitung ulang #1 mencatat 100" in loser and "TIDAK dicatat" in loser
    assert _manual(db)["IV.2"] == FIGURES["IV.2"] - 39
    svc = RecapService.open(db)
    try:
        assert svc.verify_audit().ok
        stations = {e["station"] for e in svc.audit_events(5) if e["action"] == "recount.add"}
        assert len(stations) == 1 and stations <= {"meja-1", "meja-2"}
    finally:
        svc.close()


def test_hitung_ulang_reports_every_problem_at_once(plenary_db: str, tmp_path: Path, capsys) -> None:
    """A file with three distinct problems — a figure that is not one, a line not on the form, a `before` that
    disagrees with Sirekap — and a keberatan that does not exist: all four named in one refusal, nothing written."""
    db = plenary_db
    assert main(["catat-keberatan", "--db", db, "--ballot", "ppwp", "--tps", TPS, "--uraian", "uji"]) == EXIT_OK
    figures = tmp_path / "tps.csv"
    figures.write_text("line,before,after\n"
                       "IV.2,140,100\n"     # 2: Sirekap says 139
                       "IV.9,1,2\n"         # 3: no such line
                       "V.B,14,x\n"         # 4: not a figure
                       "V.A,267,228\n", encoding="utf-8")
    before = _manual(db)
    capsys.readouterr()
    code = main(["hitung-ulang", "--db", db, "--ballot", "ppwp", "--tps", TPS, "--file", str(figures),
                 "--reason", "uji", "--keberatan", "7"])
    assert code == EXIT_INPUT
    errors = capsys.readouterr().err
    assert "Hitung ulang TIDAK dicatat (4 masalah)" in errors
    assert "tps.csv baris 2 (IV.2): angka sebelum 140, padahal data Sirekap" in errors
    assert "tps.csv baris 3 (IV.9): baris 'IV.9' tidak ada" in errors
    assert "tps.csv baris 4: kolom after = 'x' bukan bilangan bulat" in errors
    assert "keberatan #7 tidak ada pada kontes ini" in errors
    assert _manual(db) == before
    assert main(["daftar-hitung-ulang", "--db", db]) == EXIT_OK
    assert "Belum ada hitung ulang" in capsys.readouterr().out
