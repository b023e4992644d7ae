"""The command line for Sirekap, in-process: import-sirekap (good input, every bad-input class, exit codes),
sirekap-summary, check with TPS anomalies, and the demo's Sirekap data going through the importer."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rekap_desktop.demo import create_demo
from rekap_desktop.models import SirekapFileRow, SirekapRecordRow, SirekapSnapshotRow
from rekap_desktop.services import RecapService
from rekap_desktop.sirekap.store import current_records, snapshots, tps_history
from ui.cli import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, EXIT_STORAGE, main

from ..conftest import SIREKAP_SAMPLE
from ..core.refdata import small_reference
from ..core.test_sirekap_import import BAD_TPS_FILES, DESA, NOREH, tps_doc, write_bad, write_tps, zip_folder


@pytest.fixture
def small_db(db_url: str) -> str:
    svc = RecapService.open(db_url)
    svc.store_reference(small_reference())
    svc.close()
    return db_url




def _counts(db: str) -> tuple[int, int, int]:
    svc = RecapService.open(db)
    with svc.engine.connect() as conn:
        result = tuple(
            int(conn.execute(select(func.count()).select_from(model)).scalar_one())
            for model in (SirekapSnapshotRow, SirekapFileRow, SirekapRecordRow)
        )
    svc.close()
    return result  # type: ignore[return-value]


def test_import_the_real_sample_then_again(small_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-sirekap", "--db", small_db, str(SIREKAP_SAMPLE)]) == EXIT_OK
    out, err = capsys.readouterr()
    assert "Rekaman TPS baru: 20" in out and "Anomali TPS dalam data Sirekap: 3" in out and "Snapshot #1" in out
    assert "2024-02-15 22:00:27 s.d. 2024-02-22 16:00:00" in out and err == ""
    assert main(["import-sirekap", "--db", small_db, str(SIREKAP_SAMPLE)]) == EXIT_OK
    out, err = capsys.readouterr()
    assert "sudah pernah diimpor (tidak berubah) 37" in out and "Tidak ada data baru" in out and err == ""
    assert _counts(small_db) == (1, 37, 20)


def test_import_on_a_new_empty_database(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    RecapService.open(db_url).close()
    assert main(["import-sirekap", "--db", db_url, str(SIREKAP_SAMPLE)]) == EXIT_OK
    assert "ditetapkan dari data: 3527" in capsys.readouterr().out
    assert main(["sirekap-summary", "--db", db_url, "--ballot", "ppwp", "--level", "desa"]) == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    iv = {r["line"]: (r["value"], r["tps_with_data"], r["tps_known"]) for r in rows if r["line"].startswith("IV")}
    assert iv == {"IV.1": ("713", "15", "20"), "IV.2": ("2184", "15", "20"), "IV.3": ("534", "15", "20")}


BAD_CASES = [*sorted(BAD_TPS_FILES), "truncated_zip", "duplicate_tps", "missing_path"]


def _make_bad(case: str, src: Path) -> Path:
    if case in BAD_TPS_FILES:
        return write_bad(src / "bad", case)
    if case == "truncated_zip":
        archive = zip_folder(DESA, src / "full.zip")
        cut = src / "bad" / "cut.zip"
        cut.parent.mkdir()
        cut.write_bytes(archive.read_bytes()[:700])
        archive.unlink()
        return cut
    if case == "duplicate_tps":
        write_tps(src / "bad" / "a", "ppwp", f"{NOREH}009", tps_doc())
        return write_tps(src / "bad" / "b", "ppwp", f"{NOREH}009", tps_doc(chart={"100025": 1}))
    return src / "bad" / "tidak-ada.json"


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_is_reported_and_good_files_still_imported(
    case: str, small_db: str, src: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tps(src / "good", "ppwp", f"{NOREH}001", tps_doc())
    bad = _make_bad(case, src)
    target = src / "bad" if case != "missing_path" else bad
    assert main(["import-sirekap", "--db", small_db, str(src / "good"), str(target)]) == EXIT_OK
    out, err = capsys.readouterr()
    assert "Rekaman TPS baru: 1" in out and "dilewati" in out
    assert err.startswith("DILEWATI") and str(bad) in err
    assert _counts(small_db)[2] == 1


@pytest.mark.parametrize("case", BAD_CASES)
def test_when_every_file_is_bad_nothing_is_written_and_the_exit_code_is_2(
    case: str, small_db: str, src: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _make_bad(case, src)
    target = src / "bad" if case != "missing_path" else bad
    assert main(["import-sirekap", "--db", small_db, str(target)]) == EXIT_INPUT
    out, err = capsys.readouterr()
    assert "Tidak ada berkas yang dapat diimpor; basis data tidak diubah." in out
    assert str(bad) in err
    assert _counts(small_db) == (0, 0, 0)


def test_no_data_files_and_bad_options(small_db: str, src: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (src / "catatan.txt").write_text("bukan data", encoding="utf-8")
    assert main(["import-sirekap", "--db", small_db, str(src)]) == EXIT_INPUT
    assert "Berkas bukan data (diabaikan): 1" in capsys.readouterr().out
    assert main(["import-sirekap", "--db", small_db, "--ballot", "pilkada", str(DESA)]) == EXIT_INPUT
    assert "jenis pemilihan tidak dikenal" in capsys.readouterr().err
    assert _counts(small_db) == (0, 0, 0)


def test_ballot_option_for_files_without_a_ballot_in_their_path(
    small_db: str, src: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with zipfile.ZipFile(src / "unduhan.zip", "w") as zf:
        for path in sorted(DESA.iterdir()):
            zf.write(path, path.name)
    assert main(["import-sirekap", "--db", small_db, str(src / "unduhan.zip")]) == EXIT_INPUT
    assert "jenis pemilihan tidak diketahui" in capsys.readouterr().err
    assert main(["import-sirekap", "--db", small_db, "--ballot", "ppwp", str(src / "unduhan.zip")]) == EXIT_OK
    assert "Rekaman TPS baru: 20" in capsys.readouterr().out


def test_missing_database_is_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-sirekap", "--db", str(tmp_path / "none.sqlite"), str(DESA)]) == EXIT_STORAGE
    assert "tidak ditemukan" in capsys.readouterr().err


def test_summary_csv_and_json(small_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-sirekap", "--db", small_db, str(DESA)]) == EXIT_OK
    capsys.readouterr()
    assert main(["sirekap-summary", "--db", small_db, "--ballot", "ppwp", "--level", "kecamatan"]) == EXIT_OK
    text = capsys.readouterr().out
    assert text.splitlines()[0] == "ballot,level,region,line,value,tps_with_data,tps_known,ts_min,ts_max"
    rows = {r["line"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["IV.2"] == {"ballot": "ppwp", "level": "kecamatan", "region": "352701", "line": "IV.2",
                            "value": "2184", "tps_with_data": "15", "tps_known": "97",
                            "ts_min": "2024-02-15 22:00:27", "ts_max": "2024-02-22 16:00:00"}
    assert main(["sirekap-summary", "--db", small_db, "--ballot", "ppwp", "--level", "tps", "--format",
                 "json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert len({r["region"] for r in data}) == 20 and all(r["tps_known"] == 1 for r in data)
    assert main(["sirekap-summary", "--db", small_db, "--ballot", "pemilu", "--level", "tps"]) == EXIT_INPUT


def test_check_lists_the_tps_anomalies_with_code_and_photos(small_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-sirekap", "--db", small_db, str(DESA)]) == EXIT_OK
    capsys.readouterr()
    assert main(["check", "--db", small_db, "--ballot", "ppwp", "--format", "json"]) == EXIT_FINDINGS
    findings = [f for f in json.loads(capsys.readouterr().out) if f["rule"].startswith("SIREKAP_TPS_")]
    got = sorted((f["tps"], f["rule"], f["line"]) for f in findings)
    assert got == [
        (f"{NOREH}004", "SIREKAP_TPS_CHART_SUM", "V.A,IV.1,IV.2,IV.3"),
        (f"{NOREH}016", "SIREKAP_TPS_CHART_SUM", "V.A,IV.1,IV.2,IV.3"),
        (f"{NOREH}017", "SIREKAP_TPS_SAH_TIDAK_SAH", "V.A,V.B,V.C"),
    ]
    for f in findings:
        assert f["severity"] == "error" and f["kecamatan"] == "352701" and f["ballot"] == "ppwp"
        assert len(f["images"]) == 3 and all(i.startswith("https://sirekap-obj-formc.kpu.go.id/") for i in f["images"])
        assert f["tps"] in f["images"][0]
    assert main(["check", "--db", small_db, "--ballot", "ppwp"]) == EXIT_FINDINGS
    text = capsys.readouterr().out
    assert f"TPS {NOREH}004" in text and "foto: https://sirekap-obj-formc.kpu.go.id/" in text


# ---------------------------------------------------------------------------------------------- the demo
@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-sirekap") / "demo.sqlite"
    create_demo(path)
    return path


def test_demo_sirekap_data_went_through_the_importer(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    svc = RecapService.open(demo)
    with svc.engine.connect() as conn:
        snaps = snapshots(conn)
        kinds = set(conn.execute(select(SirekapFileRow.kind)).scalars())
        paths = list(conn.execute(select(SirekapFileRow.path).limit(3)).scalars())
        per_ballot = dict(
            conn.execute(select(SirekapRecordRow.ballot, func.count()).group_by(SirekapRecordRow.ballot)).all()
        )
        superseded = conn.execute(
            select(SirekapRecordRow.tps).where(SirekapRecordRow.ballot == "ppwp").group_by(SirekapRecordRow.tps)
            .having(func.count() > 1)
        ).scalars().all()
        assert "3527052020018" in superseded  # the Pandan PSU: first vote, PSU notice, re-vote (plenary stream)
        superseded = [tps for tps in superseded if tps != "3527052020018"]
        assert len(superseded) == 1
        history = tps_history(conn, "ppwp", superseded[0])
        current = {r.tps: r for r in current_records(conn, "ppwp", "3527")}
    assert len(snaps) == 1 and snaps[0].source == "Sirekap (data demo SAMPANG)" and snaps[0].records_added > 12_000
    assert kinds == {"tps"} and all(".zip!" in p and "pemilu/hhcw/" in p for p in paths)
    assert set(per_ballot) == {"ppwp", "pdpr", "pdpd", "pdprdp", "pdprdk"}
    # the superseded record: an older scrape with 40 more votes for paslon 1, still queryable
    old, new = history
    assert (old.current, new.current) == (False, True) and old.ts == "2024-02-14 21:00:00"
    assert old.chart["100025"] == new.chart["100025"] + 40 and old.source.split("!")[1].startswith("lama/")
    assert current[superseded[0]].id == new.id
    svc.close()

    assert main(["check", "--db", str(demo), "--ballot", "ppwp", "--format", "json"]) == EXIT_FINDINGS
    findings = json.loads(capsys.readouterr().out)
    leading8 = [f for f in findings if f["rule"] == "SIREKAP_TPS_LEADING_8"]
    assert len(leading8) == 1 and leading8[0]["kecamatan"] == "352703" and leading8[0]["line"] == "IV.3"
    assert leading8[0]["severity"] == "warning" and len(leading8[0]["tps"]) == 13 and leading8[0]["images"]
    assert "kemungkinan angka 8 di depan salah baca" in leading8[0]["message"]
    same_tps = {f["rule"] for f in findings if f.get("tps") == leading8[0]["tps"]}
    assert same_tps == {"SIREKAP_TPS_LEADING_8", "SIREKAP_TPS_CHART_SUM", "SIREKAP_TPS_ABOVE_VOTERS"}
    # the superseded record's inflated count is not what the sheet uses
    assert not [f for f in findings if f.get("tps") == superseded[0]]
