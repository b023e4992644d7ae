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
from rekap_desktop.models import RegionRow, SirekapAggregateRow, SirekapFileRow, SirekapRecordRow, SirekapSnapshotRow
from rekap_desktop.services import RecapService
from rekap_desktop.sirekap.store import current_records, snapshots, tps_history
from ui.cli import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, EXIT_STORAGE, main

from ..conftest import FIELD_CASES, SIREKAP_SAMPLE
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
    assert "Rekaman TPS baru: 20" in out and "Anomali TPS dalam data Sirekap: 5 pada 3 TPS" in out
    assert "Snapshot #1" in out
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
    assert text.splitlines()[0] == "ballot,level,region,line,value,tps_with_data,tps_known,ts_min,ts_max,status"
    rows = {r["line"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["IV.2"] == {"ballot": "ppwp", "level": "kecamatan", "region": "352701", "line": "IV.2",
                            "value": "2184", "tps_with_data": "15", "tps_known": "97",
                            "ts_min": "2024-02-15 22:00:27", "ts_max": "2024-02-22 16:00:00", "status": ""}
    assert main(["sirekap-summary", "--db", small_db, "--ballot", "ppwp", "--level", "tps", "--format",
                 "json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert len({r["region"] for r in data}) == 20 and all(r["tps_known"] == 1 for r in data)
    assert {r["status"] for r in data} == {"normal"}
    assert main(["sirekap-summary", "--db", small_db, "--ballot", "pemilu", "--level", "tps"]) == EXIT_INPUT


def test_check_lists_the_tps_anomalies_with_code_and_photos(small_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-sirekap", "--db", small_db, str(DESA)]) == EXIT_OK
    capsys.readouterr()
    assert main(["check", "--db", small_db, "--ballot", "ppwp", "--format", "json"]) == EXIT_FINDINGS
    findings = [f for f in json.loads(capsys.readouterr().out) if f["rule"].startswith("SIREKAP_TPS_")]
    got = sorted((f["tps"], f["rule"], f["line"]) for f in findings)
    assert got == [
        (f"{NOREH}004", "SIREKAP_TPS_CHART_SUM", "V.A,IV.1,IV.2,IV.3"),
        (f"{NOREH}004", "SIREKAP_TPS_MISREAD", "IV.2"),
        (f"{NOREH}016", "SIREKAP_TPS_CHART_SUM", "V.A,IV.1,IV.2,IV.3"),
        (f"{NOREH}017", "SIREKAP_TPS_MISREAD", "V.B"),
        (f"{NOREH}017", "SIREKAP_TPS_SAH_TIDAK_SAH", "V.A,V.B,V.C"),
    ]
    suggested = {(f["tps"][-3:], f["rule"]): f["suggested"] for f in findings}
    assert suggested == {
        ("004", "SIREKAP_TPS_CHART_SUM"): {"IV.2": 186}, ("004", "SIREKAP_TPS_MISREAD"): {"IV.2": 186},
        ("016", "SIREKAP_TPS_CHART_SUM"): {},
        ("017", "SIREKAP_TPS_MISREAD"): {"V.B": 10}, ("017", "SIREKAP_TPS_SAH_TIDAK_SAH"): {"V.B": 10},
    }
    for f in findings:
        expected = "warning" if f["rule"] == "SIREKAP_TPS_MISREAD" else "error"
        assert f["severity"] == expected and f["kecamatan"] == "352701" and f["ballot"] == "ppwp"
        assert f["status"] == "normal"
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
    assert "kemungkinan kotak kosong di depan terbaca angka 8; dengan" in leading8[0]["message"]
    assert leading8[0]["suggested"] == {"IV.3": int(leading8[0]["message"].split("dengan ")[1].split(",")[0])}
    same_tps = {f["rule"] for f in findings if f.get("tps") == leading8[0]["tps"]}
    assert same_tps == {"SIREKAP_TPS_LEADING_8", "SIREKAP_TPS_CHART_SUM", "SIREKAP_TPS_ABOVE_VOTERS"}
    # the superseded record's inflated count is not what the sheet uses
    assert not [f for f in findings if f.get("tps") == superseded[0]]


# ---------------------------------------------------------------------------------------------- field cases
WILAYAH = SIREKAP_SAMPLE / "wilayah" / "pemilu" / "ppwp"


@pytest.fixture
def sampang_db(db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    """`init --kabupaten 3527`, the real Sirekap wilayah lists of Sampang and the paslon template (field cases)."""
    from rekap_desktop.reference_files.formats import FileKind, template_path

    assert main(["init", "--db", db_url, "--kabupaten", "3527"]) == EXIT_OK
    lists = [WILAYAH / "35" / "3527.json", *sorted((WILAYAH / "35" / "3527").glob("3527??.json")),
             WILAYAH / "35" / "3527" / "352701" / "3527012001.json"]
    paths = [str(p) for p in lists] + [str(template_path(FileKind.PASLON))]
    assert main(["import-reference", "--db", db_url, *paths]) == EXIT_OK
    capsys.readouterr()
    return db_url


def check_json(db: str, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[dict[str, object]]]:
    code = main(["check", "--db", db, "--ballot", "ppwp", "--format", "json", *extra])
    return code, json.loads(capsys.readouterr().out)


def test_missing_row_of_a_manual_import_is_a_finding_with_the_rule_it_blocks(
        sampang_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """08-missing-row: Sreseh lacks IV.2; R3 cannot be checked there (V.A 20.632 against 9.167 present)."""
    assert main(["import-manual", "--db", sampang_db, str(FIELD_CASES / "08-missing-row" / "d-hasil-ppwp.csv")]) == 0
    capsys.readouterr()
    code, findings = check_json(sampang_db, capsys)
    missing = [f for f in findings if f["rule"] == "MISSING_CELL"]
    assert [(f["kecamatan"], f["line"], f["blocks"], f["severity"]) for f in missing] == [
        ("352701", "IV.2", ["R3"], "warning")]  # Sreseh is not yet marked as read out
    message = str(missing[0]["message"])
    assert message.startswith("Baris IV.2 kosong: aturan yang tidak dapat diperiksa — R3 (V.A = IV.1 + IV.2 + IV.3)")
    assert "sisi kiri 20.632" in message and "dari baris yang terisi 9.167" in message
    # no other rule fires for Sreseh: the rule is blocked, not broken
    assert not [f for f in findings if f["kecamatan"] == "352701" and f["rule"] == "R3"]
    assert main(["check", "--db", sampang_db, "--ballot", "ppwp"]) == code
    assert "MISSING_CELL" in capsys.readouterr().out
    # once Sreseh is marked selesai, the form was read whole: the empty line is an error
    assert main(["set-status", "--db", sampang_db, "--ballot", "ppwp", "--kecamatan", "352701", "--status",
                 "selesai"]) == EXIT_OK
    capsys.readouterr()
    code, findings = check_json(sampang_db, capsys)
    assert code == EXIT_FINDINGS
    assert [f["severity"] for f in findings if f["rule"] == "MISSING_CELL"] == ["error"]


def test_aggregate_file_disagreeing_with_the_tps_records(sampang_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """11-aggregate-vs-tps: the kabupaten aggregate says 2.984 for Sreseh paslon 2, the TPS records 2.184."""
    assert main(["import-sirekap", "--db", sampang_db, str(SIREKAP_SAMPLE / "pemilu"),
                 str(FIELD_CASES / "11-aggregate-vs-tps")]) == EXIT_OK
    capsys.readouterr()
    _code, findings = check_json(sampang_db, capsys)
    (agg,) = [f for f in findings if f["rule"] == "SIREKAP_AGGREGATE_MISMATCH"]
    assert (agg["kecamatan"], agg["line"], agg["severity"]) == ("352701", "IV.2", "warning")
    assert "mencatat 2.984" in str(agg["message"]) and "berjumlah 2.184" in str(agg["message"])
    assert "selisih +800" in str(agg["message"]) and "15,46% TPS" in str(agg["message"])
    assert "(15 dari 20 TPS)" in str(agg["message"])  # the TPS list of Noreh only: 20 TPS known
    # shown where the kecamatan's Sirekap figure is shown: the sheet carries the aggregate beside the sum
    svc = RecapService.open(sampang_db)
    sheet = svc.load_sheet("ppwp")
    svc.close()
    aggregate, fig = sheet.sirekap_aggregate("IV.2", "352701"), sheet.sirekap("IV.2", "352701")
    assert aggregate is not None and fig is not None
    assert (aggregate.value, aggregate.persen, aggregate.ts, fig.value) == (2984, 15.46, "2024-02-22 16:00:00", 2184)
    assert sheet.sirekap_aggregate("IV.1", "352701") is not None  # 713: agrees, so no finding
    assert not [f for f in findings if f["rule"] == "SIREKAP_AGGREGATE_MISMATCH" and f["line"] != "IV.2"]


def test_duplicate_upload_is_flagged_twice_over(sampang_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """07-duplicate-upload: TPS 002 carries TPS 001's figures, and its photos name TPS 001."""
    assert main(["import-sirekap", "--db", sampang_db, str(FIELD_CASES / "07-duplicate-upload")]) == EXIT_OK
    capsys.readouterr()
    _code, findings = check_json(sampang_db, capsys)
    got = sorted((f["rule"], f["tps"]) for f in findings if str(f["rule"]).startswith("SIREKAP_"))
    assert got == [
        ("SIREKAP_TPS_DUPLICATE", f"{NOREH}001"), ("SIREKAP_TPS_DUPLICATE", f"{NOREH}002"),
        ("SIREKAP_TPS_PHOTO_OTHER_TPS", f"{NOREH}002"),
    ]
    dup = next(f for f in findings if f["rule"] == "SIREKAP_TPS_DUPLICATE" and f["tps"] == f"{NOREH}002")
    assert f"sama persis dengan TPS {NOREH}001 (desa yang sama)" in str(dup["message"])


def test_leading_88_readings_in_check_json(sampang_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """02-leading-88: 881 (written 1) and 883 (written 3): `suggested` gives 1 and 3, never 81 or 83."""
    assert main(["import-sirekap", "--db", sampang_db, str(FIELD_CASES / "02-leading-88")]) == EXIT_OK
    capsys.readouterr()
    _code, findings = check_json(sampang_db, capsys)
    leading = {str(f["tps"])[-3:]: f for f in findings if f["rule"] == "SIREKAP_TPS_LEADING_8"}
    assert {tps: f["suggested"] for tps, f in leading.items()} == {"001": {"IV.3": 1}, "002": {"IV.1": 3}}
    chart_sum = {str(f["tps"])[-3:]: f["suggested"] for f in findings if f["rule"] == "SIREKAP_TPS_CHART_SUM"}
    assert chart_sum == {"001": {"IV.3": 1}, "002": {"IV.1": 3}}
    assert all("81" not in str(f["suggested"]) and "83" not in str(f["suggested"]) for f in findings if "tps" in f)


def test_bulk_formats_import_the_same_three_tps(sampang_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """05-bulk-formats: an object keyed by TPS path, and JSON lines; both the same 3 real TPS of Noreh."""
    bulk = FIELD_CASES / "05-bulk-formats"
    assert main(["import-sirekap", "--db", sampang_db, str(bulk / "polling_stations.json")]) == EXIT_OK
    assert "Rekaman TPS baru: 3" in capsys.readouterr().out
    assert main(["import-sirekap", "--db", sampang_db, str(bulk / "records.jsonl")]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Rekaman TPS baru: 0" in out and "sama dengan yang sudah ada (tidak disimpan lagi) 3" in out
    svc = RecapService.open(sampang_db)
    with svc.engine.connect() as conn:
        stored = {r.tps: r.chart for r in current_records(conn, "ppwp")}
    svc.close()
    assert stored == {f"{NOREH}001": {"100025": 48, "100026": 139, "100027": 80},
                      f"{NOREH}002": {"100025": 55, "100026": 185, "100027": 42},
                      f"{NOREH}003": {"100025": 50, "100026": 128, "100027": 28}}


# ---------------------------------------------------------------------------------------------- another kabupaten
def _in_another_kabupaten(source: Path, target: Path) -> Path:
    """A copy of `source` moved to Kabupaten 3528 (Pamekasan, the neighbour of Sampang 3527): every 3527 in its
    contents becomes 3528."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes().replace(b"3527", b"3528"))
    return target


def _foreign_folder(src: Path) -> dict[Path, str]:
    """Real Sirekap files of another kabupaten, in every shape the importer reads: TPS records, the kabupaten's
    own region lists (named by code and not), its aggregate, and the two bulk layouts. {file: a foreign code}."""
    root = src / "kabupaten-lain"
    files: dict[Path, str] = {}
    for path in sorted(DESA.iterdir())[:3]:
        rel = path.relative_to(SIREKAP_SAMPLE)
        files[_in_another_kabupaten(path, root / str(rel).replace("3527", "3528"))] = path.stem.replace("3527", "3528")
    wilayah = SIREKAP_SAMPLE / "wilayah" / "pemilu" / "ppwp" / "35"
    files[_in_another_kabupaten(wilayah / "3527.json", root / "wilayah" / "35" / "3528.json")] = "3528"
    kecamatan = root / "wilayah" / "35" / "3528" / "352801.json"
    files[_in_another_kabupaten(wilayah / "3527" / "352701.json", kecamatan)] = "352801"
    unnamed = root / "wilayah" / "kecamatan-lain.json"  # a list not named by its parent's code
    unnamed.write_text(json.dumps([{"nama": "KEC LAIN", "id": 9, "kode": "352801", "tingkat": 3}]), encoding="utf-8")
    files[unnamed] = "352801"
    aggregate = FIELD_CASES / "11-aggregate-vs-tps" / "pemilu" / "hhcw" / "ppwp" / "35" / "3527.json"
    files[_in_another_kabupaten(aggregate, root / "pemilu" / "hhcw" / "ppwp" / "35" / "3528.json")] = "3528"
    bulk = FIELD_CASES / "05-bulk-formats"
    for name in ("polling_stations.json", "records.jsonl"):
        files[_in_another_kabupaten(bulk / name, root / "massal" / name)] = "3528012001001"
    return files


def test_another_kabupatens_data_is_refused_naming_file_and_region(
    small_db: str, src: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _foreign_folder(src)
    svc = RecapService.open(small_db)
    with svc.engine.connect() as conn:
        regions = set(conn.execute(select(RegionRow.code)).scalars())
    svc.close()
    assert main(["import-sirekap", "--db", small_db, str(src / "kabupaten-lain")]) == EXIT_INPUT
    out, err = capsys.readouterr()
    assert "Tidak ada berkas yang dapat diimpor; basis data tidak diubah." in out
    assert f"DILEWATI {len(files)} berkas" in err
    lines = err.splitlines()
    for path, code in files.items():
        line = next((li for li in lines if f"  - {path}:" in li), None)
        assert line is not None, (path, err)
        assert code in line and "di luar kabupaten/kota basis data ini (3527)" in line, line
    assert _counts(small_db) == (0, 0, 0)
    svc = RecapService.open(small_db)
    with svc.engine.connect() as conn:
        assert set(conn.execute(select(RegionRow.code)).scalars()) == regions
        assert conn.execute(select(func.count()).select_from(SirekapAggregateRow)).scalar_one() == 0
    svc.close()


def test_another_kabupatens_files_beside_our_own_leave_ours_imported(
    small_db: str, src: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _foreign_folder(src)
    assert main(["import-sirekap", "--db", small_db, str(src / "kabupaten-lain"), str(DESA)]) == EXIT_OK
    out, err = capsys.readouterr()
    assert "Rekaman TPS baru: 20" in out and f"DILEWATI {len(files)} berkas" in err
    svc = RecapService.open(small_db)
    with svc.engine.connect() as conn:
        codes = set(conn.execute(select(RegionRow.code)).scalars())
        assert {r.tps[:4] for r in current_records(conn, "ppwp")} == {"3527"}
        assert conn.execute(select(func.count()).select_from(SirekapAggregateRow)).scalar_one() == 0
    svc.close()
    assert not {c for c in codes if c.startswith("3528") and len(c) > 4}


def test_a_folder_of_many_bad_files_lists_the_first_25_and_counts_the_rest(
    small_db: str, src: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = src / "rusak"
    bad.mkdir()
    for n in range(1, 31):
        (bad / f"{NOREH}{n:03d}.json").write_text(f'{{"chart": {{"100025": {n},, }}}}', encoding="utf-8")
    assert main(["import-sirekap", "--db", small_db, "--ballot", "ppwp", str(bad), str(DESA)]) == EXIT_OK
    out, err = capsys.readouterr()
    assert "dilewati 30" in out and "Rekaman TPS baru: 20" in out
    lines = err.splitlines()
    assert lines[0] == "DILEWATI 30 berkas (tidak diimpor):"
    assert [li.split(": ")[0] for li in lines[1:26]] == [f"  - {bad / f'{NOREH}{n:03d}.json'}" for n in range(1, 26)]
    assert lines[26:] == ["  … dan 5 berkas lain"]
