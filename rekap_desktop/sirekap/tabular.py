"""Sirekap TPS figures in a spreadsheet: the tabular format (docs/format-sirekap-tabular.md).

Long format, one row per figure, header on row 1 with the columns `ballot,tps,line,value` and optionally `ts`
(column order free, names case-insensitive, other columns ignored). CSV (UTF-8, with or without BOM, separated by
`,` or `;`) or XLSX (first sheet).

`read_tabular` turns a file into one `TpsRecord` per (ballot, tps), in order of first appearance: administrasi
lines (`I.*`, `V.*`) go into `admin`; section IV lines go into `chart` keyed `"line:<line id>"`, which
`sirekap.json.chart_lines` passes straight through. The file is taken whole or not at all: the first bad row makes
a `ParseError` naming the file, the spreadsheet row (header = row 1) and the column.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeAlias

from rekap_desktop.sirekap.json import (
    ADMIN_FIELD_BY_LINE,
    BALLOTS,
    LEGISLATIVE_BALLOTS,
    LINE_KEY_PREFIX,
    MAX_FIGURE,
    ParseError,
    TpsRecord,
)
from rekap_desktop.sirekap.sources import SourceItem
from rekap_desktop.sirekap.timestamps import ParseContext, ts_problem
from rekap_desktop.spreadsheet import cell_text, column_letter

REQUIRED_COLUMNS: tuple[str, ...] = ("ballot", "tps", "line", "value")
OPTIONAL_COLUMNS: tuple[str, ...] = ("ts",)
TABULAR_SUFFIXES: frozenset[str] = frozenset({".csv", ".xlsx"})

_CHOICE_LINE = re.compile(r"IV\.[1-9][0-9]{0,2}")
_PARTY_LINE = re.compile(r"IV\.[1-9][0-9]{0,2}\.(?:T|0|[1-9][0-9]{0,2})")
_INTEGER = re.compile(r"[0-9]+(?:\.0)?")
_TS = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")
_MAX_EXTRA_ERRORS_COUNTED = 10_000

_CellGetter: TypeAlias = Callable[[list[str], int], str]
_WhereFormatter: TypeAlias = Callable[[int, str], str]


class _FileInvalid(Exception):
    """The file as a whole cannot be read (not a row problem)."""


@dataclass(slots=True)
class _Tps:
    ballot: str
    tps: str
    ts: str | None = None
    ts_row: int = 0
    admin: dict[str, int] = field(default_factory=dict)
    chart: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    """Line id → row it came from, to name both rows of a conflicting duplicate."""


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _FileInvalid(f"bukan teks UTF-8 (byte ke-{exc.start + 1}); simpan ulang sebagai 'CSV UTF-8'") from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            yield [cell.strip() for cell in row]
    except csv.Error as exc:
        raise _FileInvalid(f"CSV rusak: {exc}") from None


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    # Deferred: only spreadsheets need it, and it costs start-up time. No type stubs are installed.
    import openpyxl  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped, unused-ignore]

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, EOFError) as exc:
        raise _FileInvalid(f"berkas XLSX rusak atau bukan XLSX ({exc.__class__.__name__})") from None
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [cell_text(value) for value in row]
    finally:
        workbook.close()


def _line_kind(line: str, ballot: str) -> str | None:
    """'admin', 'chart', or None when the line id is not valid for the ballot."""
    if line in ADMIN_FIELD_BY_LINE:
        return "admin"
    if ballot in LEGISLATIVE_BALLOTS:
        return "chart" if _PARTY_LINE.fullmatch(line) else None
    return "chart" if _CHOICE_LINE.fullmatch(line) else None


def read_tabular(item: SourceItem, context: ParseContext | None = None) -> list[TpsRecord] | ParseError:
    """Read a CSV/XLSX file of the tabular format; whole file or a ParseError (first bad row, plus a count).

    `context` validates each `ts` as for JSON records (:mod:`rekap_desktop.sirekap.timestamps`)."""
    suffix = item.suffix
    rows: Iterable[list[str]]
    if suffix == ".csv":
        rows = _csv_rows(item.data)
    elif suffix == ".xlsx":
        rows = _xlsx_rows(item.data)
    else:
        return ParseError(item.display_path, f"bukan berkas tabel (.csv/.xlsx): {suffix or 'tanpa akhiran'}")
    try:
        return _read_rows(item, rows, context)
    except _FileInvalid as exc:
        return ParseError(item.display_path, str(exc))


def _read_rows(
    item: SourceItem, rows: Iterable[list[str]], context: ParseContext | None
) -> list[TpsRecord] | ParseError:
    iterator = iter(rows)
    header: list[str] | None = None
    header_row = 0
    for cells in iterator:
        header_row += 1
        if any(cells):
            header = [cell.strip().lower() for cell in cells]
            break
    if header is None:
        return ParseError(item.display_path, "tabel kosong: tidak ada baris judul kolom")
    if header_row != 1:
        return ParseError(item.display_path, f"baris judul kolom harus di baris 1 (ditemukan di baris {header_row})")
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        if name in REQUIRED_COLUMNS or name in OPTIONAL_COLUMNS:
            if name in columns:
                return ParseError(
                    item.display_path,
                    f'baris 1: kolom "{name}" muncul dua kali ({column_letter(columns[name])} dan '
                    f"{column_letter(index)})",
                )
            columns[name] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        return ParseError(
            item.display_path,
            f"baris 1: kolom wajib tidak ada: {', '.join(missing)} (judul kolom yang sah: ballot,tps,line,value,ts)",
        )
    ballot_col, tps_col, line_col, value_col = (columns[name] for name in REQUIRED_COLUMNS)
    ts_col = columns.get("ts")

    records: dict[tuple[str, str], _Tps] = {}
    first_error: str | None = None
    error_count = 0

    def cell(cells: list[str], index: int) -> str:
        return cells[index] if index < len(cells) else ""

    def where(row: int, name: str) -> str:
        return f'baris {row}, kolom "{name}" ({column_letter(columns[name])})'

    for row_number, cells in enumerate(iterator, start=2):
        if not any(cells):
            continue
        error = _check_row(cells, row_number, cell, where, records, ballot_col, tps_col, line_col, value_col, ts_col,
                           context)
        if error is not None:
            error_count += 1
            if first_error is None:
                first_error = error
            if error_count >= _MAX_EXTRA_ERRORS_COUNTED:
                break
    if first_error is not None:
        more = f" (dan {error_count - 1} kesalahan lain)" if error_count > 1 else ""
        return ParseError(item.display_path, first_error + more)
    if not records:
        return ParseError(item.display_path, "tabel tidak berisi data (hanya baris judul kolom)")
    return [
        TpsRecord(
            ballot=entry.ballot,
            tps=entry.tps,
            ts=entry.ts,
            psu=None,
            admin=entry.admin,
            has_admin=bool(entry.admin),
            chart=entry.chart,
            has_chart=bool(entry.chart),
            images=(),
            source=item.display_path,
            sha256=item.sha256,
            status_suara=None,
            status_adm=None,
        )
        for entry in records.values()
    ]


def _check_row(
    cells: list[str],
    row: int,
    cell: _CellGetter,
    where: _WhereFormatter,
    records: dict[tuple[str, str], _Tps],
    ballot_col: int,
    tps_col: int,
    line_col: int,
    value_col: int,
    ts_col: int | None,
    context: ParseContext | None = None,
) -> str | None:
    """Validate one data row and add it to `records`; returns an Indonesian error or None."""
    ballot = cell(cells, ballot_col).lower()
    if not ballot:
        return f"{where(row, 'ballot')}: kosong"
    if ballot not in BALLOTS:
        return (
            f"{where(row, 'ballot')}: jenis pemilihan tidak dikenal {ballot!r} "
            "(yang sah: ppwp, pdpr, pdpd, pdprdp, pdprdk)"
        )
    tps = cell(cells, tps_col)
    if not tps:
        return f"{where(row, 'tps')}: kosong"
    if not (tps.isascii() and tps.isdigit()):
        return f"{where(row, 'tps')}: kode TPS harus 13 digit angka tanpa titik: {tps!r}"
    if len(tps) != 13:
        return f"{where(row, 'tps')}: kode TPS harus 13 digit: {tps!r} ({len(tps)} digit)"
    line = cell(cells, line_col)
    if not line:
        return f"{where(row, 'line')}: kosong"
    kind = _line_kind(line, ballot)
    if kind is None:
        return f"{where(row, 'line')}: kode baris tidak dikenal untuk {ballot}: {line!r}"
    raw_value = cell(cells, value_col)
    if not raw_value:
        return f"{where(row, 'value')}: kosong (baris yang tidak ada angkanya jangan ditulis)"
    if raw_value.startswith("-") and _INTEGER.fullmatch(raw_value[1:]):
        return f"{where(row, 'value')}: nilai negatif: {raw_value}"
    if not _INTEGER.fullmatch(raw_value):
        return f"{where(row, 'value')}: bukan bilangan bulat (tanpa pemisah ribuan): {raw_value!r}"
    value = int(raw_value.split(".", 1)[0])
    if value > MAX_FIGURE:
        return f"{where(row, 'value')}: nilai tidak masuk akal: {raw_value}"
    ts: str | None = None
    if ts_col is not None:
        ts = cell(cells, ts_col) or None
        if ts is not None and not _TS.fullmatch(ts):
            return f"{where(row, 'ts')}: format waktu harus 'YYYY-MM-DD HH:MM:SS': {ts!r}"
        problem = ts_problem(ts, context) if ts is not None else None
        if problem is not None:
            return f"{where(row, 'ts')}: {problem}"

    entry = records.get((ballot, tps))
    if entry is None:
        entry = records[(ballot, tps)] = _Tps(ballot, tps)
    if ts is not None:
        if entry.ts is None:
            entry.ts, entry.ts_row = ts, row
        elif entry.ts != ts:
            return (
                f"{where(row, 'ts')}: waktu {ts!r} berbeda dengan baris {entry.ts_row} ({entry.ts!r}) "
                f"untuk TPS {tps} {ballot}"
            )
    target = entry.admin if kind == "admin" else entry.chart
    key = line if kind == "admin" else LINE_KEY_PREFIX + line
    previous = target.get(key)
    if previous is not None and previous != value:
        return (
            f"{where(row, 'value')}: {ballot} TPS {tps} baris {line} sudah bernilai {previous} di baris "
            f"{entry.rows[line]}, kini {value}"
        )
    if previous is None:
        target[key] = value
        entry.rows[line] = row
    return None
