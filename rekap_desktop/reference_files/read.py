"""Reading reference files: a template table (CSV/XLSX, its kind from its column titles) or a Sirekap name list
(JSON), from files, folders and zip archives; a file that cannot be read is a :class:`Problem` naming the file, the
row and the column.

Sirekap's public name lists (region lists, ``partai.json``, ``ppwp.json``, ``caleg/partai/<dapil>.json``,
``caleg/dpd/<prov>.json``) are parsed by :mod:`rekap_desktop.sirekap.json`; files, folders and zip archives are
walked by :mod:`rekap_desktop.sirekap.sources`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rekap_desktop.ballot import Ballot
from rekap_desktop.reference_files.formats import FORMATS, READABLE_SUFFIXES, TABLE_SUFFIXES, FileKind
from rekap_desktop.sirekap.json import (
    AggregateRecord,
    CandidateList,
    ParseError,
    PartyList,
    PaslonList,
    TpsBatch,
    TpsRecord,
    WilayahList,
    parse_document,
)
from rekap_desktop.sirekap.sources import ZIP_SEPARATOR, SourceError, SourceItem, iter_sources
from rekap_desktop.spreadsheet import cell_text, column_letter


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of one file, in Indonesian; ``str()`` names the file, the row and the column."""

    source: str
    message: str
    row: int | None = None
    column: str | None = None  # column title, e.g. "dpt"
    letter: str | None = None  # spreadsheet column letter, e.g. "C"

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.source}: {self.message}"
        if self.column is None:
            return f"{self.source}, baris {self.row}: {self.message}"
        return f"{self.source}, baris {self.row}, kolom {self.letter} ({self.column}): {self.message}"


class ReferenceFileError(Exception):
    """A file that cannot be read at all; ``problem`` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True, slots=True)
class TableRow:
    number: int  # spreadsheet row (the header is row 1)
    cells: dict[str, str]  # column title → text (stripped; "" when empty or absent)

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass(frozen=True)
class TableFile:
    """A template-format file, recognised by its column titles."""

    source: str
    sha256: str
    kind: FileKind
    columns: tuple[str, ...]  # titles in file order
    rows: tuple[TableRow, ...]
    name: str = ""
    """The name the operator chose (:func:`chosen_name`), recorded in the audit log; "" when read alone."""

    def letter(self, column: str) -> str:
        return column_letter(self.columns.index(column)) if column in self.columns else "?"

    def problem(self, row: int | None, column: str | None, message: str) -> Problem:
        if column is not None and column not in self.columns:
            column = None
        return Problem(self.source, message, row, column, self.letter(column) if column else None)

    @property
    def lowest_level(self) -> int:
        """For wilayah files: the highest administrative level present (kecamatan before desa lists)."""
        lengths = [len(r.get("kode_wilayah")) for r in self.rows if r.get("kode_wilayah").isdigit()]
        return min(lengths, default=99)


@dataclass(frozen=True)
class SirekapFile:
    """A Sirekap name list, as parsed by :func:`rekap_desktop.sirekap.json.parse_document`."""

    source: str
    sha256: str
    kind: FileKind
    document: WilayahList | PartyList | PaslonList | CandidateList
    name: str = ""
    """As :attr:`TableFile.name`."""

    @property
    def rows(self) -> int:
        return len(self.document.entries)

    def problem(self, message: str) -> Problem:
        return Problem(self.source, message)

    @property
    def lowest_level(self) -> int:
        if isinstance(self.document, WilayahList):
            return len(self.document.parent_code or "")
        return 0


ReferenceSource = TableFile | SirekapFile


@dataclass
class ReadOutcome:
    sources: list[ReferenceSource] = field(default_factory=list)
    failed: list[tuple[str, Problem]] = field(default_factory=list)  # (source, why it could not be read)


def read_reference_sources(paths: Sequence[Path | str]) -> ReadOutcome:
    """Read every reference file under ``paths`` (files, folders, zip archives), sorted in the order of preparation.

    Files that cannot be read or recognised are listed in ``failed`` with their problem.
    """
    outcome = ReadOutcome()
    for raw in paths:
        path = Path(raw)
        if path.is_file() and path.suffix.lower() not in READABLE_SUFFIXES:
            outcome.failed.append((str(path), Problem(str(path), _unknown_suffix(path.suffix))))
            continue
        for item in iter_sources([path]):
            if isinstance(item, SourceError):
                outcome.failed.append((item.display_path, Problem(item.display_path, item.message)))
                continue
            try:
                outcome.sources.append(replace(read_source(item), name=chosen_name(item.display_path, path)))
            except ReferenceFileError as exc:
                outcome.failed.append((item.display_path, exc.problem))
    outcome.sources.sort(key=lambda s: (s.kind.step, s.lowest_level, s.source))
    return outcome


def chosen_name(display_path: str, given: Path) -> str:
    """The name of a file as the operator chose it, without the folder it was in: a file given → its name; a file
    in a folder given → its path inside that folder; a member of a zip given → ``arsip.zip!anggota``.

    The folder is where the file happened to be (for the demo, a temporary folder), not what it is: the audit
    records this name with the file's SHA-256.
    """
    shown = str(given)
    if display_path.startswith(shown):
        rest = display_path[len(shown):]
        if not rest:
            return given.name
        if rest.startswith(ZIP_SEPARATOR):
            return given.name + rest
        if rest[0] in "/\\":
            return rest[1:].replace("\\", "/")
    return Path(display_path).name


def _unknown_suffix(suffix: str) -> str:
    return f"jenis berkas tidak dikenal ({suffix or 'tanpa akhiran'}); gunakan .csv, .xlsx, .json Sirekap, atau .zip"


def read_source(item: SourceItem) -> ReferenceSource:
    """One file: a template table (kind from its column titles) or a Sirekap name list."""
    suffix = item.suffix
    if suffix in TABLE_SUFFIXES:
        return read_table(item)
    if suffix == ".json":
        return _read_sirekap(item)
    raise ReferenceFileError(Problem(item.display_path, _unknown_suffix(suffix)))


def _read_sirekap(item: SourceItem) -> SirekapFile:
    parsed = parse_document(item)
    source = item.display_path
    if isinstance(parsed, ParseError):
        raise ReferenceFileError(Problem(source, parsed.message))
    if isinstance(parsed, TpsRecord | TpsBatch | AggregateRecord):
        raise ReferenceFileError(Problem(
            source, "ini berkas hasil penghitungan Sirekap, bukan data referensi; impor dengan "
            "'rekap-desktop import-sirekap'"))
    if isinstance(parsed, WilayahList):
        kind = FileKind.SIREKAP_WILAYAH
    elif isinstance(parsed, PartyList):
        kind = FileKind.SIREKAP_PARTAI
    elif isinstance(parsed, PaslonList):
        kind = FileKind.SIREKAP_PASLON
    elif parsed.dapil_code is None and parsed.ballot == Ballot.PDPD.value:
        kind = FileKind.SIREKAP_CALON_DPD
    else:
        kind = FileKind.SIREKAP_CALON
    return SirekapFile(source, item.sha256, kind, parsed)


def read_table(item: SourceItem) -> TableFile:
    """A CSV (UTF-8, `,` or `;`) or XLSX (first sheet) file with column titles on row 1."""
    source = item.display_path
    reader = _csv_rows(source, item.data) if item.suffix == ".csv" else _xlsx_rows(source, item.data)
    numbered = list(reader)
    if not numbered or not any(numbered[0][1]):
        if any(any(cells) for _, cells in numbered):
            raise ReferenceFileError(Problem(source, "baris 1 harus berisi judul kolom (baris 1 kosong)"))
        raise ReferenceFileError(Problem(source, "berkas kosong: tidak ada judul kolom maupun data"))
    raw_header = numbered[0][1]
    while raw_header and not raw_header[-1]:
        raw_header = raw_header[:-1]
    header = tuple(_normal_title(t) for t in raw_header)
    for index, title in enumerate(header):
        if not title:
            raise ReferenceFileError(Problem(source, f"judul kolom {column_letter(index)} kosong", 1))
        if header.index(title) != index:
            raise ReferenceFileError(Problem(
                source, f"kolom {title!r} muncul dua kali ({column_letter(header.index(title))} dan "
                f"{column_letter(index)})", 1))
    kind = recognise(header)
    if kind is None:
        raise ReferenceFileError(Problem(source, _unrecognised(header), 1))
    rows: list[TableRow] = []
    problems: list[Problem] = []
    for number, cells in numbered[1:]:
        if not any(cells):
            continue
        extra = [c for c in cells[len(header):] if c]
        if extra:
            problems.append(Problem(
                source, f"{len(header) + len(extra)} isian, padahal hanya ada {len(header)} kolom (ada koma di "
                "dalam nama? beri tanda kutip, atau pakai XLSX)", number))
            continue
        rows.append(TableRow(number, {t: (cells[i] if i < len(cells) else "") for i, t in enumerate(header)}))
    if problems:
        raise ReferenceFileError(problems[0])
    if not rows:
        raise ReferenceFileError(Problem(source, "tidak ada baris data (hanya judul kolom)"))
    return TableFile(source, item.sha256, kind, header, tuple(rows))


def recognise(header: Iterable[str]) -> FileKind | None:
    """The template kind whose required columns are all present and which knows every column, or None."""
    titles = set(header)
    for fmt in FORMATS.values():
        if set(fmt.required) <= titles <= set(fmt.columns):
            return fmt.kind
    return None


def _unrecognised(header: tuple[str, ...]) -> str:
    titles = set(header)
    best = max(FORMATS.values(), key=lambda f: (len(titles & set(f.columns)), -len(f.columns)))
    text = f"judul kolom ({', '.join(header)}) tidak cocok dengan templat mana pun"
    if titles & set(best.columns):
        missing = [c for c in best.required if c not in titles]
        unknown = [c for c in header if c not in best.columns]
        parts = []
        if missing:
            parts.append(f"kolom {', '.join(missing)} tidak ada")
        if unknown:
            parts.append(f"kolom {', '.join(unknown)} tidak dikenal")
        text += f"; paling mirip templat {best.filename} ({best.kind.label}): {'; '.join(parts)}"
    return text


def _normal_title(text: str) -> str:
    return text.strip().lower().replace(" ", "_").replace("-", "_")


def _csv_rows(source: str, data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReferenceFileError(Problem(
            source, f"bukan teks UTF-8 (byte ke-{exc.start + 1}); simpan ulang sebagai 'CSV UTF-8'")) from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for row in reader:
            yield start, [cell.strip() for cell in row]
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ReferenceFileError(Problem(source, f"CSV rusak: {exc}", reader.line_num)) from None


def _xlsx_rows(source: str, data: bytes) -> Iterator[tuple[int, list[str]]]:
    import openpyxl  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped, unused-ignore]

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, EOFError) as exc:
        raise ReferenceFileError(Problem(
            source, f"berkas XLSX rusak atau bukan XLSX ({exc.__class__.__name__})")) from None
    try:
        for number, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            yield number, [cell_text(v) for v in row]
    finally:
        workbook.close()

