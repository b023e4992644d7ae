"""import-manual against hostile files (issue 15.3): ambiguous figures, formulas whose stored result may be stale,
and figures for a kecamatan already ditetapkan — each refused whole with file, row or cell named, exit 2."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from rekap_desktop.services import KecamatanStatus, RecapService
from ui.cli import EXIT_INPUT, EXIT_OK, main

from ..core.refdata import small_reference

HEADER = "ballot,dapil,kecamatan,line,value\n"


@pytest.fixture
def small_db(db_url: str) -> str:
    svc = RecapService.open(db_url)
    svc.store_reference(small_reference())
    svc.close()
    return db_url


def entries(db: str) -> list[tuple[str, str, str, int]]:
    svc = RecapService.open(db)
    try:
        return svc.entries()
    finally:
        svc.close()


@pytest.mark.parametrize("value", ["0.500", "00.500", "0.5", "0,500", "01.500"])
def test_ambiguous_figures_are_refused(value: str, small_db: str, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "meragukan.csv"
    path.write_text(HEADER + f'ppwp,,352701,IV.1,5\nppwp,,352701,IV.2,"{value}"\n', encoding="utf-8")
    assert main(["import-manual", "--db", small_db, str(path)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert f"{path}, baris 3, kolom E (value): nilai {value!r} meragukan" in err
    assert entries(small_db) == []


def test_unambiguous_thousands_still_import(small_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ribuan.csv"
    path.write_text(HEADER + 'ppwp,,352701,IV.1,"1.500"\nppwp,,352701,IV.2,500\nppwp,,352701,IV.3,0\n',
                    encoding="utf-8")
    assert main(["import-manual", "--db", small_db, str(path)]) == EXIT_OK
    assert sorted(v for *_k, v in entries(small_db)) == [0, 500, 1500]


def test_a_formula_is_refused_with_the_cell_and_its_stored_value(small_db: str, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rumus.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ballot", "dapil", "kecamatan", "line", "value"])
    sheet.append(["ppwp", None, "352701", "IV.1", 100])
    sheet.append(["ppwp", None, "352701", "IV.2", 200])
    sheet.append(["ppwp", None, "352701", "V.A", "=E2+E3"])
    book.save(path)  # openpyxl stores no result: what Excel would keep may be stale
    assert main(["import-manual", "--db", small_db, str(path)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert f"{path}, sel E4 (value): berisi rumus =E2+E3" in err and "Tempel Nilai" in err
    assert entries(small_db) == []
    # a stale stored result (written as a program that does not recalculate would): named too
    stale = tmp_path / "usang.xlsx"
    _with_cached_value(path, stale, "E4", 250)
    assert main(["import-manual", "--db", small_db, str(stale)]) == EXIT_INPUT
    assert "nilai tersimpan '250', mungkin sudah usang" in capsys.readouterr().err


def _with_cached_value(source: Path, target: Path, cell: str, value: int) -> None:
    """Copy an XLSX, giving the formula in `cell` a stored (cached) result, as Excel writes one."""
    import re
    import zipfile

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = re.sub(rf'(<c r="{cell}"[^>]*>)<f>([^<]*)</f>(<v>[^<]*</v>|<v\s*/>)?',
                              rf"\1<f>\2</f><v>{value}</v>", text)
                data = text.encode()
            zout.writestr(info, data)


def test_a_ditetapkan_kecamatan_in_an_import_exits_2(small_db: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    svc = RecapService.open(small_db)
    svc.set_status("ppwp", "352701", KecamatanStatus.DITETAPKAN)
    svc.close()
    path = tmp_path / "tetap.csv"
    path.write_text(HEADER + "ppwp,,352702,IV.1,5\nppwp,,352701,IV.1,5\nppwp,,352701,IV.2,6\n", encoding="utf-8")
    assert main(["import-manual", "--db", small_db, str(path)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert f"{path}, baris 3–4 (2 baris): kecamatan 352701 (ppwp) sudah ditetapkan" in err
    assert entries(small_db) == []


def test_every_problem_of_a_csv_is_reported_and_nothing_written(small_db: str, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Not only the first: a row split by a decimal comma, an unknown ballot, a line not on the form, a bad figure,
    and a row with two problems of its own — each named by file, row and column, in one refusal."""
    path = tmp_path / "banyak-masalah.csv"
    path.write_text(HEADER + "ppwp,,352701,IV.1,5\n"
                    "ppwp,,352701,IV.2,1,5\n"        # 3: six cells
                    "pilkada,,352701,IV.3,7\n"       # 4: unknown ballot
                    "ppwp,,352701,IV.99,7\n"         # 5: unknown line
                    "ppwp,,352701,V.A,tujuh\n"       # 6: not a figure
                    "pilkada,,352701,V.B,-3\n",      # 7: unknown ballot AND a negative figure
                    encoding="utf-8")
    assert main(["import-manual", "--db", small_db, str(path)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "Berkas TIDAK diimpor (6 masalah); tidak ada angka yang ditulis:" in err
    for named in (f"{path}, baris 3: 6 kolom", f"{path}, baris 4, kolom A (ballot)",
                  f"{path}, baris 5, kolom D (line)", f"{path}, baris 6, kolom E (value)",
                  f"{path}, baris 7, kolom A (ballot)", f"{path}, baris 7, kolom E (value)"):
        assert named in err, named
    assert entries(small_db) == []


def test_a_formula_and_other_problems_of_an_xlsx_are_reported_together(small_db: str, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "campur.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ballot", "dapil", "kecamatan", "line", "value"])
    sheet.append(["ppwp", None, "352701", "IV.1", 100])
    sheet.append(["ppwp", None, "352701", "V.A", "=E2*2"])      # 3: a formula
    sheet.append(["ppwp", None, "999999", "IV.2", 200])         # 4: kecamatan not in the contest
    sheet.append(["ppwp", None, "352701", "IV.3", "0.500"])     # 5: ambiguous figure
    book.save(path)
    assert main(["import-manual", "--db", small_db, str(path)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "(3 masalah)" in err
    assert f"{path}, sel E3 (value): berisi rumus =E2*2" in err
    assert f"{path}, baris 4, kolom C (kecamatan)" in err and f"{path}, baris 5, kolom E (value)" in err
    assert entries(small_db) == []
