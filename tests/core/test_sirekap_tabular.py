"""read_tabular: the documented CSV/XLSX long format, and every class of bad row."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest

from rekap_desktop.sirekap.anomalies import CHART_SUM, MISREAD, tps_anomalies
from rekap_desktop.sirekap.json import PPWP_CHART_LINES, ParseError, TpsRecord, chart_lines
from rekap_desktop.sirekap.sources import SourceItem, iter_sources
from rekap_desktop.sirekap.tabular import read_tabular

DOC = Path(__file__).resolve().parents[2] / "docs" / "format-sirekap-tabular.md"
TPS = "3527012001004"


def item(name: str, data: bytes | str) -> SourceItem:
    raw = data.encode() if isinstance(data, str) else data
    return SourceItem(name, raw, hashlib.sha256(raw).hexdigest())


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_ok(name: str, data: bytes | str) -> list[TpsRecord]:
    result = read_tabular(item(name, data))
    assert isinstance(result, list), result
    return result


def read_error(text: str, name: str = "rekap.csv") -> str:
    result = read_tabular(item(name, text))
    assert isinstance(result, ParseError), result
    assert str(result).startswith(f"{name}: ")
    return result.message


def doc_example() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("```csv\n") + len("```csv\n")
    return text[start : text.index("```", start)]


def test_documented_example_reads_as_described() -> None:
    ppwp, pdpr = read_ok("contoh.csv", doc_example())
    assert (ppwp.ballot, ppwp.tps, ppwp.ts) == ("ppwp", TPS, "2024-02-17 07:00:02")
    assert ppwp.admin == {"I.A.JML": 282, "I.B.4.JML": 283, "V.A": 271, "V.B": 12, "V.C": 283}
    assert ppwp.chart == {"line:IV.1": 45, "line:IV.2": 126, "line:IV.3": 40}
    assert ppwp.has_admin and ppwp.has_chart and ppwp.images == () and ppwp.source == "contoh.csv"
    assert (ppwp.status_suara, ppwp.status_adm, ppwp.psu) == (None, None, None)
    assert chart_lines(ppwp, PPWP_CHART_LINES) == ({"IV.1": 45, "IV.2": 126, "IV.3": 40}, ())
    assert [a.rule for a in tps_anomalies(ppwp)] == [CHART_SUM, MISREAD]  # 126 read for 186 repairs the sum
    assert (pdpr.ballot, pdpr.ts) == ("pdpr", None)
    assert pdpr.chart == {"line:IV.1.T": 61, "line:IV.1.0": 12, "line:IV.1.1": 49}
    assert tps_anomalies(pdpr) == []


def test_xlsx_with_numbers_stored_as_numbers_and_extra_columns() -> None:
    data = xlsx(
        [
            ["TPS", "Ballot", "Line", "Value", "keterangan"],
            [int(TPS), "PPWP", "IV.1", 45, "dari C.HASIL"],
            [],
            [TPS, "ppwp", "V.A", 271.0, None],
        ]
    )
    (rec,) = read_ok("rekap.xlsx", data)
    assert (rec.tps, rec.ballot, rec.ts) == (TPS, "ppwp", None)
    assert rec.admin == {"V.A": 271} and rec.chart == {"line:IV.1": 45}


def test_xlsx_error_names_row_and_column_letter() -> None:
    data = xlsx([["ballot", "tps", "line", "value"], ["ppwp", TPS, "IV.1", 45], [], ["ppwp", TPS, "V.A", -3]])
    result = read_tabular(item("rekap.xlsx", data))
    assert isinstance(result, ParseError)
    assert str(result) == 'rekap.xlsx: baris 4, kolom "value" (D): nilai negatif: -3'


def test_semicolon_csv_with_bom_and_duplicate_rows_with_the_same_value() -> None:
    text = "\ufeffballot;tps;line;value\nppwp;" + TPS + ";IV.1;45\nppwp;" + TPS + ";IV.1;45\n"
    (rec,) = read_ok("excel.csv", text.encode("utf-8"))
    assert rec.chart == {"line:IV.1": 45}


def test_dpd_and_legislative_candidate_lines() -> None:
    text = f"ballot,tps,line,value\npdpd,{TPS},IV.12,7\npdprdk,{TPS},IV.24.3,5\npdprdp,{TPS},I.A.L,140\n"
    dpd, dprdk, dprdp = read_ok("rekap.csv", text)
    assert dpd.chart == {"line:IV.12": 7}
    assert dprdk.chart == {"line:IV.24.3": 5}
    assert dprdp.admin == {"I.A.L": 140} and dprdp.chart == {} and not dprdp.has_chart


def test_read_through_iter_sources_from_a_folder(tmp_path: Path) -> None:
    (tmp_path / "rekap.csv").write_text(doc_example(), encoding="utf-8")
    (source,) = list(iter_sources([tmp_path]))
    assert isinstance(source, SourceItem) and source.suffix == ".csv"
    records = read_tabular(source)
    assert isinstance(records, list) and len(records) == 2


HEADER = "ballot,tps,line,value,ts\n"
NOT_INTEGER = 'baris 2, kolom "value" (D): bukan bilangan bulat (tanpa pemisah ribuan): '


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (f"ppwp,{TPS},IV.1,abc,\n", f"{NOT_INTEGER}'abc'"),
        (f"ppwp,{TPS},IV.1,1.234,\n", f"{NOT_INTEGER}'1.234'"),
        (f"ppwp,{TPS},IV.1,12.5,\n", f"{NOT_INTEGER}'12.5'"),
        (f"ppwp,{TPS},IV.1,-3,\n", 'baris 2, kolom "value" (D): nilai negatif: -3'),
        (f"ppwp,{TPS},IV.1,,\n", 'baris 2, kolom "value" (D): kosong (baris yang tidak ada angkanya jangan ditulis)'),
        (f"ppwp,{TPS},II.1,5,\n", "baris 2, kolom \"line\" (C): kode baris tidak dikenal untuk ppwp: 'II.1'"),
        (f"ppwp,{TPS},IV.1.T,5,\n", "baris 2, kolom \"line\" (C): kode baris tidak dikenal untuk ppwp: 'IV.1.T'"),
        (f"pdpr,{TPS},IV.1,5,\n", "baris 2, kolom \"line\" (C): kode baris tidak dikenal untuk pdpr: 'IV.1'"),
        (f"ppwp,{TPS},I.A.X,5,\n", "baris 2, kolom \"line\" (C): kode baris tidak dikenal untuk ppwp: 'I.A.X'"),
        ("ppwp,352701200104,IV.1,5,\n",
         "baris 2, kolom \"tps\" (B): kode TPS harus 13 digit: '352701200104' (12 digit)"),
        ("ppwp,35.27.01.2001.004,IV.1,5,\n",
         "baris 2, kolom \"tps\" (B): kode TPS harus 13 digit angka tanpa titik: '35.27.01.2001.004'"),
        (f"pilkada,{TPS},IV.1,5,\n",
         "baris 2, kolom \"ballot\" (A): jenis pemilihan tidak dikenal 'pilkada' (yang sah: ppwp, pdpr, pdpd, pdprdp, "
         "pdprdk)"),
        (f",{TPS},IV.1,5,\n", 'baris 2, kolom "ballot" (A): kosong'),
        (f"ppwp,{TPS},IV.1,5,17-02-2024\n",
         "baris 2, kolom \"ts\" (E): format waktu harus 'YYYY-MM-DD HH:MM:SS': '17-02-2024'"),
        (f"ppwp,{TPS},V.A,271,\n\nppwp,{TPS},V.A,217,\n",
         'baris 4, kolom "value" (D): ppwp TPS 3527012001004 baris V.A sudah bernilai 271 di baris 2, kini 217'),
        (f"ppwp,{TPS},V.A,271,2024-02-17 07:00:02\nppwp,{TPS},V.B,12,2024-02-18 07:00:02\n",
         "baris 3, kolom \"ts\" (E): waktu '2024-02-18 07:00:02' berbeda dengan baris 2 ('2024-02-17 07:00:02') "
         "untuk TPS 3527012001004 ppwp"),
        (f"ppwp,{TPS},IV.1,x,\nppwp,{TPS},IV.2,-1,\nppwp,1,IV.3,1,\n",
         "baris 2, kolom \"value\" (D): bukan bilangan bulat (tanpa pemisah ribuan): 'x' (dan 2 kesalahan lain)"),
    ],
)  # fmt: skip
def test_bad_rows_reject_the_whole_file(rows: str, message: str) -> None:
    assert read_error(HEADER + rows) == message


def test_a_bad_row_after_good_ones_rejects_everything() -> None:
    text = HEADER + f"ppwp,{TPS},IV.1,45,\nppwp,{TPS},IV.2,126,\nppwp,{TPS},IV.3,empat puluh,\n"
    assert read_error(text).startswith('baris 4, kolom "value" (D)')


def test_bad_files() -> None:
    assert read_error("tps,line,value\n1,2,3\n") == (
        "baris 1: kolom wajib tidak ada: ballot (judul kolom yang sah: ballot,tps,line,value,ts)"
    )
    assert read_error("ballot,tps,line,value,value\n") == 'baris 1: kolom "value" muncul dua kali (D dan E)'
    assert read_error("") == "tabel kosong: tidak ada baris judul kolom"
    assert read_error(HEADER) == "tabel tidak berisi data (hanya baris judul kolom)"
    assert read_error("\n" + HEADER) == "baris judul kolom harus di baris 1 (ditemukan di baris 2)"
    latin1 = (HEADER + f"ppwp,{TPS},IV.1,5,catatan é\n").encode("latin-1")
    result = read_tabular(item("rekap.csv", latin1))
    assert isinstance(result, ParseError) and result.message.startswith("bukan teks UTF-8 (byte ke-")
    broken = read_tabular(item("rekap.xlsx", b"PK\x03\x04 bukan xlsx"))
    assert isinstance(broken, ParseError) and broken.message.startswith("berkas XLSX rusak atau bukan XLSX")
    other = read_tabular(item("rekap.json", b"{}"))
    assert isinstance(other, ParseError) and other.message == "bukan berkas tabel (.csv/.xlsx): .json"
