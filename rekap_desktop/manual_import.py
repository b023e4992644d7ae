"""Import of manual figures (D.HASIL KECAMATAN as read out) from CSV/XLSX in the long format of DESIGN §10.

Columns: ``ballot,dapil,kecamatan,line,value`` (header row required; row 1 is the header, data from row 2).
A file is imported whole or not at all: every row is checked first and every problem is reported with file,
row and column; only a clean file is written, in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest, contest_key
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.numbers import parse_figure
from rekap_desktop.os_errors import os_reason
from rekap_desktop.services import RecapService
from rekap_desktop.spreadsheet import cell_text

COLUMNS = ("ballot", "dapil", "kecamatan", "line", "value")
_LETTERS = "ABCDE"
_AMBIGUOUS = re.compile(r"0[0-9]*[.,][0-9.,]*")
"""A figure written with a separator after a leading zero ("0.500", "00.500", "0,5"): thousands are never written
so, and a decimal figure is not a count — which was meant cannot be told, so the row is refused."""


def _as_thousands(text: str) -> str:
    digits = "".join(ch for ch in text if ch.isdigit()).lstrip("0") or "0"
    return digits


class ManualImportError(Exception):
    """The file was not imported; ``problems`` lists each problem in Indonesian with file, row and column."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Table:
    """The rows of a file as text (header first), with what was found wrong while reading them: problems of
    whole rows (too many cells) or of cells (a formula), each named; those rows or cells are not checked again."""

    rows: list[list[str]]
    problems: list[str] = field(default_factory=list)
    skip_rows: set[int] = field(default_factory=set)
    """Spreadsheet row numbers (the header is 1) whose cells cannot be trusted (e.g. split by a decimal comma)."""
    skip_cells: set[tuple[int, int]] = field(default_factory=set)
    """(row number, column index) already reported (a formula)."""


@dataclass
class ManualImportResult:
    rows: int
    contests: dict[str, int] = field(default_factory=dict)  # contest key → cells written


def read_table(path: Path) -> Table:
    """All rows of a CSV or XLSX file as text (header first), with the problems seen reading them;
    ManualImportError for a file that cannot be read at all."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix not in (".xlsx", ".xlsm"):
        raise ManualImportError([f"{path}: jenis berkas tidak dikenal ({suffix or 'tanpa akhiran'}); "
                                 "gunakan .csv atau .xlsx"])
    return _read_xlsx(path)


def _read_xlsx(path: Path) -> Table:
    """The first sheet's values. A formula is refused with its cell named: the value Excel stored with it may be
    stale (a file saved by a program that does not recalculate), and the D.HASIL figures are typed, not computed."""
    import zipfile

    import openpyxl  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped, unused-ignore]

    try:
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise ManualImportError([f"{path}: berkas tidak ditemukan"]) from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, EOFError) as exc:
        raise ManualImportError([f"{path}: berkas tidak dapat dibaca: XLSX rusak atau bukan XLSX "
                                 f"({exc.__class__.__name__})"]) from None
    table = Table([])
    rows, problems = table.rows, table.problems
    try:
        for number, (raw, cached) in enumerate(zip(formulas.worksheets[0].iter_rows(values_only=True),
                                                   values.worksheets[0].iter_rows(values_only=True),
                                                   strict=False), start=1):
            for col, cell in enumerate(raw[: len(COLUMNS)]):
                if isinstance(cell, str) and cell.startswith("="):
                    stored = cached[col] if col < len(cached) else None
                    shown = "" if stored is None else f"; nilai tersimpan {cell_text(stored)!r}, mungkin sudah usang"
                    problems.append(
                        f"{path}, sel {_LETTERS[col]}{number} ({COLUMNS[col]}): berisi rumus {cell}{shown} — isian "
                        "D.HASIL harus angka yang diketik; salin lalu 'Tempel Nilai' (Paste Values) sebelum impor")
                    table.skip_cells.add((number, col))
            rows.append([cell_text(v) for v in cached])
    finally:
        formulas.close()
        values.close()
    if not rows:
        raise ManualImportError([f"{path}: berkas kosong (tidak ada baris judul maupun data)"])
    return table


def _read_csv(path: Path) -> Table:
    """CSV as written by spreadsheet programs: comma or (Indonesian Excel) semicolon separated, UTF-8 with or
    without BOM. A row with more cells than the header is reported, not guessed at."""
    import csv

    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ManualImportError([f"{path}: berkas tidak ditemukan"]) from None
    except UnicodeDecodeError as exc:
        raise ManualImportError([f"{path}: bukan teks UTF-8 (byte ke-{exc.start}); simpan sebagai CSV UTF-8"]) from None
    except OSError as exc:
        raise ManualImportError([f"{path}: berkas tidak dapat dibaca ({os_reason(exc)})"]) from None
    if not text.strip():
        raise ManualImportError([f"{path}: berkas kosong (tidak ada baris judul maupun data)"])
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = [[cell.strip() for cell in row] for row in csv.reader(text.splitlines(), delimiter=delimiter)]
    table = Table(rows)
    if len(rows[0]) > len(COLUMNS):
        return table  # the header is refused (parse_rows), which says what the columns must be
    for i, row in enumerate(rows, start=1):
        if len(row) > len(COLUMNS) and any(row[len(COLUMNS):]):
            table.problems.append(f"{path}, baris {i}: {len(row)} kolom, seharusnya {len(COLUMNS)} "
                                  "(angka dengan koma? tulis 1234 atau 1.234, dan beri tanda kutip bila perlu)")
            table.skip_rows.add(i)
    return table


def parse_rows(path: Path, table: Table | list[list[str]], service: RecapService,
               ) -> dict[str, list[tuple[str, str, int]]]:
    """Check every row; return the figures per contest, or raise ManualImportError listing every problem — of every
    row, and every independent problem of one row (its contest/kecamatan/line, and its figure)."""
    if not isinstance(table, Table):
        table = Table(table)
    rows = table.rows
    problems: list[str] = []
    if not rows:
        raise ManualImportError([f"{path}: berkas kosong"])
    header = [h.strip().lower() for h in rows[0]]
    if tuple(header[: len(COLUMNS)]) != COLUMNS or any(h for h in header[len(COLUMNS):]):
        raise ManualImportError([
            f"{path}, baris 1: kolom harus tepat {','.join(COLUMNS)} (ditemukan: {','.join(rows[0]) or 'kosong'})"
        ])
    if len(rows) == 1:
        raise ManualImportError([f"{path}: tidak ada baris data (hanya baris judul)"])
    contests = {c.key: c for c in service.contests()}
    catalogues: dict[str, LineCatalogue] = {}
    out: dict[str, list[tuple[str, str, int]]] = {}
    seen: dict[tuple[str, str, str], int] = {}
    problems.extend(table.problems)

    for number, raw in _numbered(rows[1:]):
        cells = (raw + [""] * len(COLUMNS))[: len(COLUMNS)]
        if not any(cells) or number in table.skip_rows:
            continue
        found: list[str] = []

        def bad(col: int, text: str, row: int = number, found: list[str] = found) -> None:
            if (row, col) not in table.skip_cells:
                found.append(f"{path}, baris {row}, kolom {_LETTERS[col]} ({COLUMNS[col]}): {text}")

        cell = _row_cell(cells, contests, catalogues, bad)
        value = _row_value(cells[4], bad) if (number, 4) not in table.skip_cells else None
        problems.extend(found)
        if found or cell is None or value is None:
            continue
        if cell in seen:
            bad(3, f"sel yang sama sudah diisi di baris {seen[cell]}")
            problems.extend(found)
            continue
        seen[cell] = number
        key, line, kec = cell
        out.setdefault(key, []).append((line, kec, value))
    problems.extend(_locked_rows(path, service, seen))
    if problems:
        raise ManualImportError(problems)
    return out


def _row_cell(cells: list[str], contests: dict[str, Contest], catalogues: dict[str, LineCatalogue],
              bad: Callable[[int, str], None]) -> tuple[str, str, str] | None:
    """(contest key, line, kecamatan) of one row, or None after reporting what is wrong: the ballot, dapil and
    contest in turn (each needs the one before), then the kecamatan and the line (both, when both are wrong)."""
    ballot_text, dapil, kec, line, _value = cells
    try:
        ballot = Ballot.parse(ballot_text)
    except ValueError as exc:
        bad(0, str(exc))
        return None
    if ballot.has_dapil and not dapil:
        bad(1, f"dapil wajib diisi untuk {ballot.label}")
        return None
    if not ballot.has_dapil and dapil:
        bad(1, f"{ballot.label} tidak memakai dapil; kosongkan kolom ini")
        return None
    key = contest_key(ballot, dapil or None)
    contest = contests.get(key)
    if contest is None:
        bad(1, f"kontes {key} tidak ada dalam data referensi")
        return None
    ok = True
    if not contest.has_kecamatan(kec):
        bad(2, f"kecamatan {kec!r} tidak termasuk {contest.title}")
        ok = False
    catalogue = catalogues.setdefault(key, LineCatalogue(contest))
    if line not in catalogue:
        bad(3, f"baris formulir {line!r} tidak dikenal untuk {contest.title}")
        ok = False
    return (key, line, kec) if ok else None


def _row_value(value_text: str, bad: Callable[[int, str], None]) -> int | None:
    """The figure of one row, or None after reporting why it is not one."""
    if value_text == "":
        bad(4, "nilai kosong")
        return None
    if _AMBIGUOUS.fullmatch(value_text.replace("\u00a0", "").replace(" ", "")):
        bad(4, f"nilai {value_text!r} meragukan: bisa dibaca {_as_thousands(value_text)} (titik pemisah "
            "ribuan) atau pecahan desimal; tulis angkanya tanpa nol di depan, mis. 500 atau 1.500")
        return None
    try:
        return parse_figure(value_text)
    except ValueError as exc:
        bad(4, str(exc))
        return None


def _locked_rows(path: Path, service: RecapService, seen: dict[tuple[str, str, str], int]) -> list[str]:
    """Rows of kecamatan already ditetapkan: a correction there is made one cell at a time with a reason and a
    keberatan (PKPU 5/2024), never by a bulk import."""
    from rekap_desktop.services import KecamatanStatus

    by_kecamatan: dict[tuple[str, str], list[int]] = {}
    for key in sorted({key for key, _line, _kec in seen}):
        locked = {kec for kec, status in service.statuses(key).items() if status is KecamatanStatus.DITETAPKAN}
        for (ckey, _line, kec), number in seen.items():
            if ckey == key and kec in locked:
                by_kecamatan.setdefault((key, kec), []).append(number)
    return [
        f"{path}, baris {min(rows)}"
        + (f"–{max(rows)} ({len(rows)} baris)" if len(rows) > 1 else "")
        + f": kecamatan {kec} ({key}) sudah ditetapkan — koreksinya diisi satu per satu dengan alasan dan nomor "
        "keberatan, tidak lewat impor"
        for (key, kec), rows in sorted(by_kecamatan.items())
    ]


def _numbered(rows: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
    yield from enumerate(rows, start=2)


def import_manual(service: RecapService, path: Path) -> ManualImportResult:
    per_contest = parse_rows(path, read_table(path), service)
    service.import_entries(per_contest, source=f"impor manual: {path.name}")
    return ManualImportResult(sum(len(v) for v in per_contest.values()), {k: len(v) for k, v in per_contest.items()})
