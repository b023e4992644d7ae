"""Reference files of one kabupaten: the CSV/XLSX templates and the Sirekap name lists (docs/panduan-persiapan.md).

A table file (CSV or XLSX, first sheet) has its column titles on row 1; its *kind* is recognised from those titles
(order free, case-insensitive), so a file needs no particular name. The kinds and their columns are
:data:`FORMATS`; the shipped templates are in ``resources/templates/``. Sirekap's public name lists (JSON: region
lists, ``partai.json``, ``ppwp.json``, ``caleg/partai/<dapil>.json``, ``caleg/dpd/<prov>.json``) are read with
:mod:`rekap_desktop.sirekap.json`.

This module has no database: it reads and writes the files, and :class:`FileChecker` applies one file to a
:class:`ReferenceState` (all reference data as plain values), collecting every problem as a :class:`Problem`
naming the file, the row and the column. Reading and writing the state, the check against the figures already
entered, and the transaction are :mod:`rekap_desktop.setup`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import TypeAlias

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Dapil
from rekap_desktop.form_names import BODY_NAMES
from rekap_desktop.national import PARTIES_2024
from rekap_desktop.numbers import format_number, parse_figure
from rekap_desktop.participants import (
    ACEH_PARTY_NUMBERS,
    NATIONAL_PARTY_NUMBERS,
    PASLON_SIREKAP_IDS,
    Candidate,
    Party,
    Paslon,
)
from rekap_desktop.reference import CandidateSpec, DapilSpec, ReferenceData, RegionRecord
from rekap_desktop.region import Level
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
from rekap_desktop.sirekap.sources import SourceError, SourceItem, iter_sources
from rekap_desktop.spreadsheet import column_letter

ACEH = "11"
DKI_JAKARTA = "31"
MAX_NAME = 200
MAX_PASLON_NAME = 300

BlockKey: TypeAlias = tuple[Ballot, str | None, int | None]
"""A candidate list: (ballot, dapil code, party number); DPD: (pdpd, None, None)."""
DPD_BLOCK: BlockKey = (Ballot.PDPD, None, None)
LEGISLATIVE = (Ballot.PDPR, Ballot.PDPRDP, Ballot.PDPRDK)


class FileKind(StrEnum):
    """What a reference file holds. Table kinds are the templates; ``sirekap_*`` are Sirekap JSON lists."""

    WILAYAH = "wilayah"
    PARTAI = "partai"
    DAPIL = "dapil"
    PARTAI_DAPIL = "partai_dapil"
    CALON = "calon"
    CALON_DPD = "calon_dpd"
    PASLON = "paslon"
    KANTOR = "kantor"
    SIREKAP_WILAYAH = "sirekap_wilayah"
    SIREKAP_PARTAI = "sirekap_partai"
    SIREKAP_CALON = "sirekap_calon"
    SIREKAP_CALON_DPD = "sirekap_calon_dpd"
    SIREKAP_PASLON = "sirekap_paslon"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def step(self) -> int:
        """Position in the order of preparation: files of a batch are applied in this order."""
        return _KIND_STEPS[self]

    @property
    def is_table(self) -> bool:
        return self in FORMATS


_KIND_LABELS = {
    FileKind.WILAYAH: "wilayah (kecamatan, desa/kelurahan, TPS dan DPT)",
    FileKind.PARTAI: "partai politik",
    FileKind.DAPIL: "susunan dapil",
    FileKind.PARTAI_DAPIL: "partai peserta per dapil",
    FileKind.CALON: "daftar calon tetap (DCT) DPR/DPRD",
    FileKind.CALON_DPD: "calon DPD",
    FileKind.PASLON: "pasangan calon presiden dan wakil presiden",
    FileKind.KANTOR: "data kantor KPU",
    FileKind.SIREKAP_WILAYAH: "daftar wilayah Sirekap",
    FileKind.SIREKAP_PARTAI: "daftar partai Sirekap (partai.json)",
    FileKind.SIREKAP_CALON: "daftar calon Sirekap (caleg/partai)",
    FileKind.SIREKAP_CALON_DPD: "daftar calon DPD Sirekap (caleg/dpd)",
    FileKind.SIREKAP_PASLON: "daftar paslon Sirekap (ppwp.json)",
}
_KIND_STEPS = {
    FileKind.WILAYAH: 0, FileKind.SIREKAP_WILAYAH: 0,
    FileKind.PARTAI: 1, FileKind.SIREKAP_PARTAI: 1,
    FileKind.DAPIL: 2,
    FileKind.PARTAI_DAPIL: 3,
    FileKind.CALON: 4, FileKind.SIREKAP_CALON: 4,
    FileKind.CALON_DPD: 5, FileKind.SIREKAP_CALON_DPD: 5,
    FileKind.PASLON: 6, FileKind.SIREKAP_PASLON: 6,
    FileKind.KANTOR: 7,
}


@dataclass(frozen=True, slots=True)
class TemplateFormat:
    kind: FileKind
    filename: str  # stem of the shipped template, e.g. "wilayah" → resources/templates/wilayah.csv
    columns: tuple[str, ...]  # in template order
    optional: frozenset[str] = frozenset()

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.optional)


FORMATS: dict[FileKind, TemplateFormat] = {
    f.kind: f
    for f in (
        TemplateFormat(FileKind.WILAYAH, "wilayah", ("kode_wilayah", "nama_wilayah", "dpt"), frozenset({"dpt"})),
        TemplateFormat(FileKind.PARTAI, "partai", ("nomor_partai", "nama_singkat", "nama_lengkap", "warna",
                                                   "id_sirekap"), frozenset({"warna", "id_sirekap"})),
        TemplateFormat(FileKind.DAPIL, "dapil", ("jenis_pemilihan", "kode_dapil", "nama_dapil", "kursi",
                                                 "kode_kecamatan", "keterangan"), frozenset({"kursi", "keterangan"})),
        TemplateFormat(FileKind.PARTAI_DAPIL, "partai-dapil", ("jenis_pemilihan", "kode_dapil", "nomor_partai")),
        TemplateFormat(FileKind.CALON, "calon", ("jenis_pemilihan", "kode_dapil", "nomor_partai", "nomor_urut",
                                                 "nama_calon", "jenis_kelamin", "id_sirekap"),
                       frozenset({"id_sirekap"})),
        TemplateFormat(FileKind.CALON_DPD, "calon-dpd", ("nomor_urut", "nama_calon", "jenis_kelamin", "id_sirekap"),
                       frozenset({"id_sirekap"})),
        TemplateFormat(FileKind.PASLON, "paslon", ("nomor_urut", "nama_paslon", "id_sirekap", "warna"),
                       frozenset({"id_sirekap", "warna"})),
        TemplateFormat(FileKind.KANTOR, "kantor", ("isian", "nilai")),
    )
}
"""The template formats, in the order of preparation."""

OFFICE_KEYS: dict[str, str] = {
    "kantor": "nama kantor (mis. KOMISI PEMILIHAN UMUM KABUPATEN SAMPANG)",
    "tempat": "nama dan alamat tempat rapat pleno (aula)",
    "ketua": "ketua KPU Kabupaten/Kota",
    "anggota": "anggota KPU Kabupaten/Kota (satu baris per orang)",
    "sekretaris": "sekretaris KPU Kabupaten/Kota",
    "kertas": "ukuran kertas berita acara: a4 atau f4",
    "tanggal_rapat": "tanggal rapat pleno, TTTT-BB-HH",
    "toleransi_sirekap": "selisih dengan Sirekap yang masih dianggap sama (bilangan bulat, bawaan 0)",
    "kode_model_dprd_provinsi": "akhiran kode model DPRD provinsi bila berbeda dari bawaan provinsi (mis. DPRA, DPRP)",
    "kode_model_dprd_kabkota": "akhiran kode model DPRD kabupaten/kota bila berbeda dari bawaan provinsi (mis. DPRK)",
}
"""Keys of the ``kantor`` template (column ``isian``), stored as settings under the same name."""

DAPIL_SEATS: dict[Ballot, tuple[int, int, str]] = {
    Ballot.PDPR: (3, 10, "UU 7/2017 Pasal 187 ayat (2)"),
    Ballot.PDPRDP: (3, 12, "UU 7/2017 Pasal 189 ayat (2)"),
    Ballot.PDPRDK: (3, 12, "UU 7/2017 Pasal 192 ayat (2)"),
}
"""Seats (kursi) a dapil may have, per ballot: (fewest, most, the article)."""

DPRD_KABKO_SIZES: tuple[int, ...] = (20, 25, 30, 35, 40, 45, 50, 55)
"""The sizes a DPRD Kabupaten/Kota may have, by population (UU 7/2017 Pasal 191: 20 seats up to 100.000 people …
55 above 3.000.000)."""

TABLE_SUFFIXES = (".csv", ".xlsx")
READABLE_SUFFIXES = (".csv", ".xlsx", ".json", ".zip")


# ----------------------------------------------------------------------------------------------- problems
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


# ----------------------------------------------------------------------------------------------- read files
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
                outcome.sources.append(read_source(item))
            except ReferenceFileError as exc:
                outcome.failed.append((item.display_path, exc.problem))
    outcome.sources.sort(key=lambda s: (s.kind.step, s.lowest_level, s.source))
    return outcome


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
            yield number, [_cell_text(v) for v in row]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# ------------------------------------------------------------------------------------------- the reference as values
@dataclass
class ReferenceState:
    """All reference data of the database, as plain values (read, changed in memory, then written as a diff)."""

    settings: dict[str, str] = field(default_factory=dict)
    regions: dict[str, RegionRecord] = field(default_factory=dict)
    parties: dict[int, Party] = field(default_factory=dict)
    paslon: dict[int, Paslon] = field(default_factory=dict)
    dapils: dict[tuple[Ballot, str], DapilSpec] = field(default_factory=dict)
    candidates: dict[BlockKey, tuple[Candidate, ...]] = field(default_factory=dict)

    def copy(self) -> ReferenceState:
        """A copy whose containers may be changed (the values are immutable)."""
        return ReferenceState(dict(self.settings), dict(self.regions), dict(self.parties), dict(self.paslon),
                              dict(self.dapils), dict(self.candidates))

    @property
    def kabupaten(self) -> str:
        return self.settings.get("kabupaten_kode", "")

    @property
    def province(self) -> str:
        return self.settings.get("provinsi_kode", "") or self.kabupaten[:2]

    def region_label(self, code: str) -> str:
        region = self.regions.get(code)
        return f"{code} {region.name}" if region else code

    def party_label(self, number: int) -> str:
        party = self.parties.get(number) or _DEFAULT_PARTIES.get(number)
        return f"Partai {number} ({party.short_name})" if party else f"Partai {number}"

    def kecamatan_codes(self) -> list[str]:
        kab = self.kabupaten
        return sorted(c for c in self.regions if len(c) == 6 and c.startswith(kab)) if kab else []

    def effective_parties(self, key: tuple[Ballot, str]) -> tuple[int, ...]:
        """The parties of a dapil's contest: its explicit list, or else every party with candidates there."""
        spec = self.dapils.get(key)
        if spec is None:
            return ()
        if spec.parties:
            return spec.parties
        return tuple(sorted({p for (b, d, p) in self.candidates if b is key[0] and d == key[1] and p is not None}))

    def as_reference(self) -> ReferenceData:
        return ReferenceData(
            regions=[self.regions[c] for c in sorted(self.regions)],
            parties=[self.parties[n] for n in sorted(self.parties)],
            paslon=[self.paslon[n] for n in sorted(self.paslon)],
            dapils=[self.dapils[k] for k in sorted(self.dapils)],
            candidates=[CandidateSpec(b, d, c) for (b, d, _), block in sorted(self.candidates.items(), key=_block_order)
                        for c in block],
            settings=dict(self.settings),
        )


def _block_order(item: tuple[BlockKey, tuple[Candidate, ...]]) -> tuple[int, str, int]:
    (ballot, dapil, party), _ = item
    return list(Ballot).index(ballot), dapil or "", party or 0


_DEFAULT_PARTIES: dict[int, Party] = {p.number: p for p in PARTIES_2024}


def describe_changes(old: ReferenceState, new: ReferenceState) -> dict[str, int]:
    """What differs between two states, counted ("wilayah baru": 12, …); empty when nothing changed."""
    counts = {
        "wilayah baru": sum(c not in old.regions for c in new.regions),
        "wilayah diubah": sum(c in old.regions and old.regions[c] != r for c, r in new.regions.items()),
        "partai": sum(old.parties.get(n) != p for n, p in new.parties.items()),
        "paslon": len({n for n in set(old.paslon) | set(new.paslon) if old.paslon.get(n) != new.paslon.get(n)}),
        "dapil baru": sum(k not in old.dapils for k in new.dapils),
        "dapil dihapus": sum(k not in new.dapils for k in old.dapils),
        "dapil diubah": sum(k in old.dapils and old.dapils[k] != d for k, d in new.dapils.items()),
        "daftar calon": len({k for k in set(old.candidates) | set(new.candidates)
                             if old.candidates.get(k) != new.candidates.get(k)}),
        "pengaturan": len({k for k in set(old.settings) | set(new.settings)
                           if old.settings.get(k) != new.settings.get(k)}),
    }
    return {k: v for k, v in counts.items() if v}



# ----------------------------------------------------------------------------------------------- checking one file
_DIGITS = re.compile(r"[0-9]+")
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
_GENDER = {"L": "L", "P": "P", "LAKI-LAKI": "L", "LAKI LAKI": "L", "PEREMPUAN": "P"}


@dataclass
class FileResult:
    """What happened to one file: its kind, what it holds, what changed, and its problems (then nothing changed)."""

    source: str
    kind: FileKind | None  # None: the file could not be read or recognised
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    contents: dict[str, int] = field(default_factory=dict)  # what the file holds: {"kecamatan": 2, "TPS": 5}
    changes: dict[str, int] = field(default_factory=dict)  # what it changed (would change, in a dry run)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def label(self) -> str:
        return self.kind.label if self.kind else "tidak dikenali"

    def line(self) -> str:
        """One Indonesian line for the operator."""
        if not self.ok:
            return (f"DITOLAK {self.source} ({self.label}): {len(self.problems)} masalah; tidak ada yang diubah "
                    "dari berkas ini")
        held = ", ".join(f"{format_number(n)} {what}" for what, n in self.contents.items()) or f"{self.rows} baris"
        if not self.changes:
            return f"SAMA    {self.source} ({self.label}): {held}; tidak ada perubahan"
        changed = ", ".join(f"{what} {format_number(n)}" for what, n in self.changes.items())
        return f"DIMUAT  {self.source} ({self.label}): {held}; perubahan: {changed}"


class FileChecker:
    """Applies one file to a copy of ``state`` (``checker.state``), collecting problems with file/row/column.

    Pure: no database. The caller keeps ``checker.state`` only when ``run()`` returns a result without problems
    (and :func:`rekap_desktop.setup.dependency_problems` finds nothing depending on the change).
    """

    def __init__(self, state: ReferenceState, source: ReferenceSource) -> None:
        self.old = state
        self.state = state.copy()
        self.source = source
        self.result = FileResult(source.source, source.kind, source.rows if isinstance(source, SirekapFile)
                                 else len(source.rows))

    # ------------------------------------------------------------------ reporting
    def bad(self, row: TableRow | None, column: str | None, message: str) -> None:
        if isinstance(self.source, TableFile):
            self.result.problems.append(self.source.problem(row.number if row else None, column, message))
        else:
            self.result.problems.append(Problem(self.source.source, message))

    def warn(self, row: TableRow | None, message: str) -> None:
        number = row.number if row else None
        self.result.warnings.append(Problem(self.source.source, message, number))

    def count(self, what: str, n: int = 1) -> None:
        self.result.contents[what] = self.result.contents.get(what, 0) + n

    # ------------------------------------------------------------------ cell helpers (None after a problem)
    def ballot(self, row: TableRow) -> Ballot | None:
        text = row.get("jenis_pemilihan")
        try:
            ballot = Ballot.parse(text)
        except ValueError:
            self.bad(row, "jenis_pemilihan", f"jenis pemilihan {text!r} tidak dikenal; yang memakai dapil: "
                     "pdpr (DPR), pdprdp (DPRD Provinsi), pdprdk (DPRD Kabupaten/Kota)")
            return None
        if not ballot.has_dapil:
            self.bad(row, "jenis_pemilihan", f"{ballot.label} ({ballot.value}) tidak memakai dapil; yang memakai "
                     "dapil: pdpr, pdprdp, pdprdk")
            return None
        if ballot is Ballot.PDPRDK and self.state.province == DKI_JAKARTA:
            self.bad(row, "jenis_pemilihan", "Provinsi DKI Jakarta tidak memilih DPRD Kabupaten/Kota")
            return None
        return ballot

    def dapil_code(self, row: TableRow) -> str | None:
        code = row.get("kode_dapil")
        if not _DIGITS.fullmatch(code) or len(code) > 20:
            self.bad(row, "kode_dapil", f"kode dapil harus berupa angka (mis. 3511), bukan {code!r}")
            return None
        return code

    def known_dapil(self, row: TableRow, ballot: Ballot, code: str) -> DapilSpec | None:
        spec = self.state.dapils.get((ballot, code))
        if spec is None:
            self.bad(row, "kode_dapil", f"dapil {code} {ballot.label} belum ada; muat berkas susunan dapil dulu")
        return spec

    def positive(self, row: TableRow, column: str, what: str) -> int | None:
        text = row.get(column)
        if not _DIGITS.fullmatch(text) or int(text) < 1:
            self.bad(row, column, f"{what} harus bilangan bulat mulai 1, bukan {text!r}")
            return None
        return int(text)

    def party_number(self, row: TableRow, ballot: Ballot | None) -> int | None:
        number = self.positive(row, "nomor_partai", "nomor partai")
        if number is None:
            return None
        why = party_problem(number, ballot, self.state.province)
        if why:
            self.bad(row, "nomor_partai", why)
            return None
        return number

    def name(self, row: TableRow, column: str, what: str, limit: int = MAX_NAME) -> str | None:
        text = " ".join(row.get(column).split())
        if not text:
            self.bad(row, column, f"{what} wajib diisi")
            return None
        if len(text) > limit:
            self.bad(row, column, f"{what} terlalu panjang ({len(text)} huruf; paling banyak {limit})")
            return None
        return text

    def gender(self, row: TableRow) -> str | None:
        text = row.get("jenis_kelamin")
        gender = _GENDER.get(text.upper())
        if gender is None:
            self.bad(row, "jenis_kelamin", f"jenis kelamin harus L atau P, bukan {text!r}")
        return gender

    def sirekap_id(self, row: TableRow) -> tuple[bool, str | None]:
        text = row.get("id_sirekap")
        if text and (not _DIGITS.fullmatch(text) or len(text) > 20):
            self.bad(row, "id_sirekap", f"id Sirekap harus berupa angka, bukan {text!r}")
            return False, None
        return True, text or None

    def color(self, row: TableRow) -> tuple[bool, str | None]:
        text = row.get("warna")
        if text and not _COLOR.fullmatch(text):
            self.bad(row, "warna", f"warna harus kode heksadesimal #RRGGBB (mis. #00764A), bukan {text!r}")
            return False, None
        return True, text.upper() or None

    def ensure_party(self, number: int) -> None:
        if number not in self.state.parties:
            self.state.parties[number] = _DEFAULT_PARTIES[number]

    def check_sequence(self, numbered: Sequence[tuple[int, TableRow | None]], what: str) -> None:
        """Nomor urut must be exactly 1..n; report the first number beyond n (its row)."""
        numbers = sorted(n for n, _ in numbered)
        if numbers == list(range(1, len(numbers) + 1)):
            return
        missing = [k for k in range(1, len(numbers) + 1) if k not in set(numbers)]
        beyond = min(((n, row) for n, row in numbered if n > len(numbers)), key=lambda item: item[0])
        self.bad(beyond[1], "nomor_urut", f"nomor urut {what} harus berurutan 1 sampai {len(numbers)}: nomor "
                 f"{', '.join(map(str, missing))} tidak ada, padahal ada nomor {beyond[0]}")

    # ------------------------------------------------------------------ kinds
    def run(self) -> FileResult:
        if not self.state.kabupaten:
            self.bad(None, None, "basis data belum disiapkan untuk kabupaten/kota mana pun; jalankan dulu "
                     "'rekap-desktop init --db … --kabupaten KODE'")
            return self.result
        src = self.source
        if isinstance(src, TableFile):
            {
                FileKind.WILAYAH: self.wilayah, FileKind.PARTAI: self.partai, FileKind.DAPIL: self.dapil,
                FileKind.PARTAI_DAPIL: self.partai_dapil, FileKind.CALON: self.calon,
                FileKind.CALON_DPD: self.calon_dpd, FileKind.PASLON: self.paslon, FileKind.KANTOR: self.kantor,
            }[src.kind](src)
        else:
            doc = src.document
            if isinstance(doc, WilayahList):
                self.sirekap_wilayah(doc)
            elif isinstance(doc, PartyList):
                self.sirekap_partai(doc)
            elif isinstance(doc, PaslonList):
                self.sirekap_paslon(doc)
            else:
                self.sirekap_calon(doc)
        return self.result

    # wilayah ----------------------------------------------------------------------------------------------
    def wilayah(self, f: TableFile) -> None:
        kab, prov = self.state.kabupaten, self.state.province
        seen: dict[str, int] = {}
        accepted: list[tuple[TableRow, str, Level, str, int | None]] = []
        for row in f.rows:
            code = row.get("kode_wilayah")
            try:
                level = Level.of_code(code)
            except ValueError as exc:
                self.bad(row, "kode_wilayah", str(exc) if code else "kode wilayah kosong")
                continue
            if (level is Level.PROVINSI and code != prov) or (level is Level.KABUPATEN and code != kab):
                self.bad(row, "kode_wilayah", f"{level.label} {code} bukan {level.label} basis data ini "
                         f"({prov if level is Level.PROVINSI else kab})")
                continue
            if level >= Level.KECAMATAN and not code.startswith(kab):
                self.bad(row, "kode_wilayah", f"{level.label} {code} berada di luar kabupaten/kota "
                         f"{self.state.region_label(kab)}")
                continue
            if code in seen:
                self.bad(row, "kode_wilayah", f"kode {code} ganda: sudah ada di baris {seen[code]}")
                continue
            seen[code] = row.number
            if level is Level.TPS and not row.get("nama_wilayah"):
                name: str | None = f"TPS {code[-3:]}"
            else:
                name = self.name(row, "nama_wilayah", f"nama {level.label}")
            dpt_text = row.get("dpt")
            dpt: int | None = None
            if dpt_text:
                try:
                    dpt = parse_figure(dpt_text)
                except ValueError:
                    self.bad(row, "dpt", f"DPT harus bilangan bulat tidak negatif, bukan {dpt_text!r}")
                    continue
                if level <= Level.KABUPATEN:
                    self.bad(row, "dpt", f"DPT tidak diisi untuk {level.label}; isi per TPS")
                    continue
                if level is Level.TPS and dpt > 300:
                    self.warn(row, f"DPT TPS {code} ({dpt}) lebih dari 300 pemilih per TPS")
            elif level is Level.TPS:
                self.bad(row, "dpt" if "dpt" in f.columns else "kode_wilayah", f"DPT TPS {code} wajib diisi")
                continue
            if name is not None:
                accepted.append((row, code, level, name, dpt))
        codes = set(seen)
        for row, code, level, _, _ in accepted:
            if level >= Level.DESA:
                parent = code[: Level(level - 1).code_length]
                if parent not in self.state.regions and parent not in codes:
                    if level is Level.DESA:
                        self.bad(row, "kode_wilayah", f"desa/kelurahan {code}: kecamatan {parent} tidak dikenal (tidak "
                                 "ada di berkas ini maupun di basis data)")
                    else:
                        self.bad(row, "kode_wilayah", f"TPS {code} berada di luar desa/kelurahan yang dikenal: "
                                 f"desa/kelurahan {parent} tidak ada di berkas ini maupun di basis data")
        if self.result.problems:
            return
        explicit: dict[str, tuple[TableRow, int]] = {}
        for row, code, level, name, dpt in accepted:
            self.count(level.label)
            before = self.state.regions.get(code)
            if level <= Level.KABUPATEN:
                self.state.settings["provinsi_nama" if level is Level.PROVINSI else "kabupaten_nama"] = name
            if level in (Level.KECAMATAN, Level.DESA) and dpt is not None:
                explicit[code] = (row, dpt)
            if before is None:
                self.state.regions[code] = RegionRecord(code, name, 1 if level is Level.TPS else None, dpt)
            else:
                self.state.regions[code] = replace(before, name=name, dpt=dpt if dpt is not None else before.dpt,
                                                   tps_count=1 if level is Level.TPS else before.tps_count)
        self.derive_counts(explicit)

    def derive_counts(self, explicit: dict[str, tuple[TableRow, int]] | None = None) -> None:
        """TPS count and DPT of each desa and kecamatan from its TPS (when it has TPS)."""
        kab = self.state.kabupaten
        counts: dict[str, int] = {}
        sums: dict[str, int] = {}
        unknown: set[str] = set()
        for code, region in self.state.regions.items():
            if len(code) == 13 and code.startswith(kab):
                for parent in (code[:10], code[:6]):
                    counts[parent] = counts.get(parent, 0) + 1
                    if region.dpt is None:
                        unknown.add(parent)
                    else:
                        sums[parent] = sums.get(parent, 0) + region.dpt
        for parent, n in counts.items():
            area = self.state.regions.get(parent)
            if area is None:
                continue
            dpt = None if parent in unknown else sums.get(parent, 0)
            if explicit and parent in explicit and dpt is not None and explicit[parent][1] != dpt:
                row, given = explicit[parent]
                self.bad(row, "dpt", f"DPT {area.level.label} {parent} ({given}) tidak sama dengan jumlah DPT "
                         f"TPS-nya ({dpt}); kosongkan kolom ini agar dihitung dari TPS")
                continue
            if area.tps_count != n or area.dpt != dpt:
                self.state.regions[parent] = replace(area, tps_count=n, dpt=dpt)

    def sirekap_wilayah(self, doc: WilayahList) -> None:
        kab = self.state.kabupaten
        parent = doc.parent_code
        if parent and len(parent) >= 4 and not parent.startswith(kab) and not kab.startswith(parent):
            self.bad(None, None, f"daftar wilayah {parent} berada di luar kabupaten/kota "
                     f"{self.state.region_label(kab)}; tidak dimuat")
            return
        codes = {e.code for e in doc.entries}
        skipped = 0
        for e in doc.entries:
            if e.level <= 2 and not kab.startswith(e.code):
                skipped += 1
            elif e.level >= 3 and not e.code.startswith(kab):
                self.bad(None, None, f"entri {e.code} {e.name} berada di luar kabupaten/kota {kab}")
            elif e.level >= 4 and e.code[: Level(e.level - 1).code_length] not in self.state.regions \
                    and e.code[: Level(e.level - 1).code_length] not in codes:
                self.bad(None, None, f"entri {e.code} {e.name}: wilayah induknya "
                         f"{e.code[: Level(e.level - 1).code_length]} belum dikenal; muat daftar tingkat atasnya dulu")
            elif not e.name.strip() or len(e.name) > MAX_NAME:
                self.bad(None, None, f"entri {e.code}: nama wilayah kosong atau terlalu panjang")
        if self.result.problems:
            return
        for e in doc.entries:
            if e.level <= 2 and not kab.startswith(e.code):
                continue
            level = Level(e.level)
            self.count(level.label)
            before = self.state.regions.get(e.code)
            name = " ".join(e.name.split())
            if before is None:
                self.state.regions[e.code] = RegionRecord(e.code, name, 1 if level is Level.TPS else None, None,
                                                          e.sirekap_id)
            else:
                self.state.regions[e.code] = replace(before, name=name, sirekap_id=e.sirekap_id)
        if skipped:
            self.warn(None, f"{skipped} entri di luar kabupaten/kota {kab} dilewati")
        self.derive_counts()

    # partai -----------------------------------------------------------------------------------------------
    def partai(self, f: TableFile) -> None:
        seen: dict[int, int] = {}
        parsed: list[Party] = []
        for row in f.rows:
            number = self.positive(row, "nomor_partai", "nomor partai")
            if number is None:
                continue
            why = party_problem(number, None, self.state.province)
            if why:
                self.bad(row, "nomor_partai", why)
                continue
            if number in seen:
                self.bad(row, "nomor_partai", f"nomor partai {number} ganda: sudah ada di baris {seen[number]}")
                continue
            seen[number] = row.number
            short = self.name(row, "nama_singkat", "nama singkat partai", 80)
            full = self.name(row, "nama_lengkap", "nama lengkap partai")
            ok_color, color = self.color(row)
            ok_id, sid = self.sirekap_id(row)
            if short is None or full is None or not ok_color or not ok_id:
                continue
            before = self.state.parties.get(number) or _DEFAULT_PARTIES.get(number)
            parsed.append(Party(number, short, full, number in ACEH_PARTY_NUMBERS,
                                color or (before.color if before else "#808080"),
                                sid if sid else (before.sirekap_id if before else None)))
        if not self.result.problems:
            for party in parsed:
                self.state.parties[party.number] = party
            self.count("partai", len(parsed))

    def sirekap_partai(self, doc: PartyList) -> None:
        prov = self.state.province
        skipped = 0
        for e in doc.entries:
            if e.number in ACEH_PARTY_NUMBERS and prov != ACEH:
                skipped += 1
                continue
            why = party_problem(e.number, None, prov)
            if why:
                self.bad(None, None, f"partai {e.short_name!r}: {why}")
                continue
            before = self.state.parties.get(e.number) or _DEFAULT_PARTIES.get(e.number)
            self.state.parties[e.number] = Party(
                e.number, e.short_name[:80], e.full_name[:MAX_NAME], e.is_aceh,
                e.color or (before.color if before else "#808080"), str(e.sirekap_id))
            self.count("partai")
        if skipped:
            self.warn(None, f"{skipped} partai lokal Aceh dilewati (bukan Provinsi Aceh)")

    # dapil ------------------------------------------------------------------------------------------------
    def dapil(self, f: TableFile) -> None:
        kab = self.state.kabupaten
        names: dict[tuple[Ballot, str], tuple[int, str]] = {}
        notes: dict[tuple[Ballot, str], tuple[int, str]] = {}
        seats: dict[tuple[Ballot, str], tuple[int, int]] = {}
        members: dict[tuple[Ballot, str], set[str]] = {}
        owner: dict[tuple[Ballot, str], tuple[str, int]] = {}
        ballots: list[Ballot] = []
        for row in f.rows:
            ballot = self.ballot(row)
            code = self.dapil_code(row)
            name = self.name(row, "nama_dapil", "nama dapil")
            kec = row.get("kode_kecamatan")
            if ballot is not None and ballot not in ballots:
                ballots.append(ballot)
            if len(kec) != 6 or not kec.isdigit():
                self.bad(row, "kode_kecamatan", f"kode kecamatan harus 6 digit, bukan {kec!r}")
                continue
            if not kec.startswith(kab):
                self.bad(row, "kode_kecamatan", f"kecamatan {kec} berada di luar kabupaten/kota "
                         f"{self.state.region_label(kab)}")
                continue
            if kec not in self.state.regions:
                self.bad(row, "kode_kecamatan", f"kecamatan {kec} tidak dikenal; muat data wilayah dulu")
                continue
            if ballot is None or code is None or name is None:
                continue
            key = (ballot, code)
            if key in names and names[key][1] != name:
                self.bad(row, "nama_dapil", f"nama dapil {code} berbeda dengan baris {names[key][0]} "
                         f"({names[key][1]!r})")
                continue
            names.setdefault(key, (row.number, name))
            note = row.get("keterangan")
            if note:
                if key in notes and notes[key][1] != note:
                    self.bad(row, "keterangan", f"keterangan dapil {code} berbeda dengan baris {notes[key][0]}")
                    continue
                notes.setdefault(key, (row.number, note))
            if row.get("kursi"):
                kursi = self.dapil_seats(row, ballot)
                if kursi is None:
                    continue
                if key in seats and seats[key][1] != kursi:
                    self.bad(row, "kursi", f"jumlah kursi dapil {code} ({kursi}) berbeda dengan baris {seats[key][0]} "
                             f"({seats[key][1]})")
                    continue
                seats.setdefault(key, (row.number, kursi))
            if (ballot, kec) in owner:
                other, other_row = owner[(ballot, kec)]
                if other == code:
                    self.bad(row, "kode_kecamatan", f"kecamatan {kec} sudah tercantum untuk dapil {code} di baris "
                             f"{other_row}")
                else:
                    self.bad(row, "kode_kecamatan", f"kecamatan {self.state.region_label(kec)} sudah masuk dapil "
                             f"{other} {ballot.label} di baris {other_row}; satu kecamatan hanya boleh masuk satu "
                             f"dapil {ballot.label}")
                continue
            owner[(ballot, kec)] = (code, row.number)
            members.setdefault(key, set()).add(kec)
        if self.result.problems:
            return
        all_kec = self.state.kecamatan_codes()
        for ballot in ballots:
            for kec in all_kec:
                if (ballot, kec) not in owner:
                    self.bad(None, None, f"kecamatan {self.state.region_label(kec)} tidak masuk dapil {ballot.label} "
                             f"mana pun; setiap kecamatan harus masuk tepat satu dapil {ballot.label}")
        if self.result.problems:
            return
        for ballot in ballots:
            for gone in [k for k in self.state.dapils if k[0] is ballot and k not in members]:
                del self.state.dapils[gone]
                for block in [b for b in self.state.candidates if b[0] is ballot and b[1] == gone[1]]:
                    del self.state.candidates[block]
        for key, codes in members.items():
            before = self.state.dapils.get(key)
            kursi = seats[key][1] if key in seats else None
            dapil = Dapil(key[0], key[1], names[key][1], notes.get(key, (0, ""))[1], kursi)
            self.state.dapils[key] = DapilSpec(dapil, tuple(sorted(codes)), before.parties if before else ())
            self.count(f"dapil {key[0].label}")
            if kursi is not None:
                self.count(f"kursi {key[0].label}", kursi)
        self.check_seat_totals(ballots)

    def dapil_seats(self, row: TableRow, ballot: Ballot) -> int | None:
        """The ``kursi`` cell of a dapil row: a whole number within the range of its ballot (:data:`DAPIL_SEATS`)."""
        text = row.get("kursi")
        if not _DIGITS.fullmatch(text) or int(text) < 1:
            self.bad(row, "kursi", f"jumlah kursi harus bilangan bulat mulai 1, bukan {text!r}")
            return None
        low, high, article = DAPIL_SEATS[ballot]
        kursi = int(text)
        if not low <= kursi <= high:
            self.bad(row, "kursi", f"jumlah kursi dapil {ballot.label} harus {low} sampai {high} ({article}), bukan "
                     f"{kursi}")
            return None
        return kursi

    def check_seat_totals(self, ballots: Sequence[Ballot]) -> None:
        """Tell the operator what a DPRD Kabupaten/Kota composition adds up to, and what is missing or unusual."""
        if Ballot.PDPRDK not in ballots:
            return
        specs = [d for (b, _), d in sorted(self.state.dapils.items()) if b is Ballot.PDPRDK]
        without = [f"{d.dapil.name} ({d.dapil.code})" for d in specs if d.dapil.seats is None]
        if without:
            self.warn(None, f"kursi dapil {', '.join(without)} DPRD Kabupaten/Kota belum diisi (kolom kursi): "
                      "pembagian kursi dapil itu tidak dapat dihitung")
            return
        total = sum(d.dapil.seats or 0 for d in specs)
        if total not in DPRD_KABKO_SIZES:
            self.warn(None, f"jumlah kursi DPRD Kabupaten/Kota seluruh dapil = {total}, padahal UU 7/2017 Pasal 191 "
                      f"menetapkan {', '.join(map(str, DPRD_KABKO_SIZES))} kursi menurut jumlah penduduk; periksa "
                      "kolom kursi")

    def partai_dapil(self, f: TableFile) -> None:
        chosen: dict[tuple[Ballot, str], dict[int, int]] = {}
        for row in f.rows:
            ballot = self.ballot(row)
            code = self.dapil_code(row)
            if ballot is None or code is None or self.known_dapil(row, ballot, code) is None:
                continue
            number = self.party_number(row, ballot)
            if number is None:
                continue
            rows = chosen.setdefault((ballot, code), {})
            if number in rows:
                self.bad(row, "nomor_partai", f"{self.state.party_label(number)} sudah tercantum untuk dapil {code} "
                         f"di baris {rows[number]}")
                continue
            rows[number] = row.number
        if self.result.problems:
            return
        for key, numbers in chosen.items():
            for n in numbers:
                self.ensure_party(n)
            spec = self.state.dapils[key]
            self.state.dapils[key] = replace(spec, parties=tuple(sorted(numbers)))
            for block in [b for b in self.state.candidates if (b[0], b[1]) == key and b[2] not in numbers]:
                del self.state.candidates[block]
                self.warn(None, f"calon {self.state.party_label(block[2] or 0)} di dapil {key[1]} "
                          f"{key[0].label} ikut dihapus: partai itu tidak lagi tercantum")
            self.count("dapil")
            self.count("partai peserta", len(numbers))

    # calon ------------------------------------------------------------------------------------------------
    def calon(self, f: TableFile) -> None:
        blocks: dict[BlockKey, dict[int, tuple[TableRow, Candidate]]] = {}
        for row in f.rows:
            ballot = self.ballot(row)
            code = self.dapil_code(row)
            spec = self.known_dapil(row, ballot, code) if ballot is not None and code is not None else None
            party = self.party_number(row, ballot) if ballot is not None else None
            if spec is not None and party is not None and spec.parties and party not in spec.parties:
                self.bad(row, "nomor_partai", f"{self.state.party_label(party)} tidak tercantum sebagai peserta di "
                         f"dapil {spec.dapil.code} {spec.dapil.ballot.label}; perbaiki berkas partai peserta dapil")
                continue
            candidate = self.candidate(row, party)
            if spec is None or party is None or candidate is None or ballot is None:
                continue
            block = blocks.setdefault((ballot, spec.dapil.code, party), {})
            if candidate.number in block:
                self.bad(row, "nomor_urut", f"nomor urut {candidate.number} {self.state.party_label(party)} dapil "
                         f"{spec.dapil.code} ganda: sudah ada di baris {block[candidate.number][0].number}")
                continue
            block[candidate.number] = (row, candidate)
        for (ballot, code, party), block in blocks.items():
            self.check_sequence([(n, r) for n, (r, _) in block.items()],
                                f"calon {self.state.party_label(party or 0)} dapil {code} {ballot.label}")
        if self.result.problems:
            return
        for key, block in blocks.items():
            self.ensure_party(key[2] or 0)
            self.state.candidates[key] = tuple(c for _, (_, c) in sorted(block.items()))
            self.count(f"calon {key[0].label}", len(block))

    def candidate(self, row: TableRow, party: int | None) -> Candidate | None:
        number = self.positive(row, "nomor_urut", "nomor urut")
        name = self.name(row, "nama_calon", "nama calon")
        gender = self.gender(row)
        ok_id, sid = self.sirekap_id(row)
        if number is None or name is None or gender is None or not ok_id:
            return None
        return Candidate(number, name, party, gender, sid)

    def calon_dpd(self, f: TableFile) -> None:
        block: dict[int, tuple[TableRow, Candidate]] = {}
        for row in f.rows:
            candidate = self.candidate(row, None)
            if candidate is None:
                continue
            if candidate.number in block:
                self.bad(row, "nomor_urut", f"nomor urut calon DPD {candidate.number} ganda: sudah ada di baris "
                         f"{block[candidate.number][0].number}")
                continue
            block[candidate.number] = (row, candidate)
        self.check_sequence([(n, r) for n, (r, _) in block.items()], "calon DPD")
        if not self.result.problems:
            self.state.candidates[DPD_BLOCK] = tuple(c for _, (_, c) in sorted(block.items()))
            self.count("calon DPD", len(block))

    def sirekap_calon(self, doc: CandidateList) -> None:
        if doc.dapil_code is None:
            if doc.province_code and doc.province_code != self.state.province:
                self.bad(None, None, f"daftar calon DPD provinsi {doc.province_code}, padahal kabupaten/kota ini di "
                         f"provinsi {self.state.province}")
                return
            cands = [Candidate(e.number, " ".join(e.name.split())[:MAX_NAME], None,
                               _GENDER.get((e.gender or "").upper()), e.sirekap_id) for e in doc.entries]
            self.check_sequence([(c.number, None) for c in cands], "calon DPD")
            if not self.result.problems:
                self.state.candidates[DPD_BLOCK] = tuple(sorted(cands, key=lambda c: c.number))
                self.count("calon DPD", len(cands))
            return
        code = doc.dapil_code
        ballots = [Ballot(doc.ballot)] if doc.ballot else [b for b in LEGISLATIVE if (b, code) in self.state.dapils]
        if len(ballots) != 1 or (ballots[0], code) not in self.state.dapils:
            which = ballots[0].label if len(ballots) == 1 else "mana pun" if not ballots else "lebih dari satu"
            self.bad(None, None, f"dapil {code} ({which}) belum ada atau jenis pemilihannya tidak jelas; muat "
                     "susunan dapil dulu, dan simpan berkas di folder .../pdpr/, .../pdprdp/ atau .../pdprdk/")
            return
        ballot = ballots[0]
        spec = self.state.dapils[(ballot, code)]
        blocks: dict[int, list[Candidate]] = {}
        for e in doc.entries:
            party = e.party_number or 0
            why = party_problem(party, ballot, self.state.province)
            if why:
                self.bad(None, None, f"calon {e.name!r}: {why}")
                continue
            if spec.parties and party not in spec.parties:
                self.bad(None, None, f"{self.state.party_label(party)} tidak tercantum sebagai peserta di dapil {code} "
                         f"{ballot.label}")
                continue
            blocks.setdefault(party, []).append(Candidate(
                e.number, " ".join(e.name.split())[:MAX_NAME], party, _GENDER.get((e.gender or "").upper()),
                e.sirekap_id))
        for party, cands in blocks.items():
            self.check_sequence([(c.number, None) for c in cands],
                                f"calon {self.state.party_label(party)} dapil {code} {ballot.label}")
        if self.result.problems:
            return
        for party, cands in blocks.items():
            self.ensure_party(party)
            self.state.candidates[(ballot, code, party)] = tuple(sorted(cands, key=lambda c: c.number))
            self.count(f"calon {ballot.label}", len(cands))

    # paslon -----------------------------------------------------------------------------------------------
    def paslon(self, f: TableFile) -> None:
        found: dict[int, tuple[TableRow, Paslon]] = {}
        for row in f.rows:
            number = self.positive(row, "nomor_urut", "nomor urut paslon")
            name = self.name(row, "nama_paslon", "nama paslon", MAX_PASLON_NAME)
            ok_id, sid = self.sirekap_id(row)
            ok_color, color = self.color(row)
            if number is None or name is None or not ok_id or not ok_color:
                continue
            if number in found:
                self.bad(row, "nomor_urut", f"nomor urut paslon {number} ganda: sudah ada di baris "
                         f"{found[number][0].number}")
                continue
            before = self.state.paslon.get(number)
            found[number] = (row, Paslon(number, sid or PASLON_SIREKAP_IDS.get(number, ""), name,
                                         color or (before.color if before else "#808080")))
        self.check_sequence([(n, r) for n, (r, _) in found.items()], "paslon")
        if not self.result.problems:
            self.state.paslon = {n: p for n, (_, p) in sorted(found.items())}
            self.count("paslon", len(found))

    def sirekap_paslon(self, doc: PaslonList) -> None:
        self.check_sequence([(e.number, None) for e in doc.entries], "paslon")
        if self.result.problems:
            return
        self.state.paslon = {
            e.number: Paslon(e.number, e.sirekap_id, " ".join(e.name.split())[:MAX_PASLON_NAME],
                             e.color or "#808080")
            for e in doc.entries
        }
        self.count("paslon", len(doc.entries))

    # kantor -----------------------------------------------------------------------------------------------
    def kantor(self, f: TableFile) -> None:
        values: dict[str, str] = {}
        seen: dict[str, int] = {}
        members: list[str] = []
        for row in f.rows:
            key = row.get("isian").strip().lower()
            value = " ".join(row.get("nilai").split())
            if key not in OFFICE_KEYS:
                self.bad(row, "isian", f"isian {key!r} tidak dikenal; yang sah: {', '.join(OFFICE_KEYS)}")
                continue
            if not value:
                self.bad(row, "nilai", f"nilai {key} kosong")
                continue
            if key != "anggota" and key in seen:
                self.bad(row, "isian", f"{key} sudah diisi di baris {seen[key]}")
                continue
            seen.setdefault(key, row.number)
            if len(value) > 500 or "|" in value:
                self.bad(row, "nilai", "nilai terlalu panjang atau memuat tanda '|'")
                continue
            if key == "kertas" and value.lower() not in ("a4", "f4"):
                self.bad(row, "nilai", f"ukuran kertas harus a4 atau f4, bukan {value!r}")
                continue
            if key == "tanggal_rapat":
                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    self.bad(row, "nilai", f"tanggal rapat harus TTTT-BB-HH (mis. 2024-02-20), bukan {value!r}")
                    continue
            if key in ("kode_model_dprd_provinsi", "kode_model_dprd_kabkota") and value.upper() not in BODY_NAMES:
                self.bad(row, "nilai", f"{key} harus salah satu dari {', '.join(BODY_NAMES)}, bukan {value!r}")
                continue
            if key == "toleransi_sirekap" and not _DIGITS.fullmatch(value):
                self.bad(row, "nilai", f"toleransi Sirekap harus bilangan bulat tidak negatif, bukan {value!r}")
                continue
            if key == "anggota":
                members.append(value)
            else:
                values[key] = value.lower() if key == "kertas" else value
                if key.startswith("kode_model"):
                    values[key] = value.upper()
        if self.result.problems:
            return
        if members:
            values["anggota"] = "|".join(members)
        self.state.settings.update(values)
        self.count("isian", len(values) + max(0, len(members) - 1))


def party_problem(number: int, ballot: Ballot | None, province: str) -> str | None:
    """Why a party number is not on the ballot of this province (None: it is)."""
    if number in NATIONAL_PARTY_NUMBERS:
        return None
    if number in ACEH_PARTY_NUMBERS:
        if province != ACEH:
            return (f"nomor partai {number} adalah partai lokal Aceh (18–23); hanya ada di surat suara Provinsi "
                    "Aceh (11)")
        if ballot is Ballot.PDPR:
            return f"partai lokal Aceh ({number}) tidak ada di surat suara DPR; hanya DPRA dan DPRK"
        return None
    return (f"nomor partai {number} tidak ada di surat suara: partai nasional bernomor 1–17 dan 24 (partai lokal "
            "Aceh 18–23 hanya di Provinsi Aceh)")



# ----------------------------------------------------------------------------------------------- write files
_PLENARY_ORDER = {b: i for i, b in enumerate(Ballot)}


def reference_rows(data: ReferenceData, kind: FileKind) -> list[dict[str, str]]:
    """The rows of one template kind describing ``data`` (the inverse of loading the file)."""
    if kind is FileKind.WILAYAH:
        with_tps = {r.code[:10] for r in data.regions if r.level is Level.TPS}
        with_tps |= {c[:6] for c in with_tps}
        rows = []
        for r in sorted(data.regions, key=lambda r: r.code):
            if r.level < Level.KECAMATAN:
                continue
            dpt = r.dpt if r.level is Level.TPS or r.code not in with_tps else None
            rows.append({"kode_wilayah": r.code, "nama_wilayah": r.name, "dpt": _text(dpt)})
        return rows
    if kind is FileKind.PARTAI:
        return [
            {"nomor_partai": str(p.number), "nama_singkat": p.short_name, "nama_lengkap": p.full_name,
             "warna": p.color, "id_sirekap": p.sirekap_id or ""}
            for p in sorted(data.parties, key=lambda p: p.number)
        ]
    dapils = sorted(data.dapils, key=lambda d: (_PLENARY_ORDER[d.dapil.ballot], d.dapil.code))
    if kind is FileKind.DAPIL:
        return [
            {"jenis_pemilihan": d.dapil.ballot.value, "kode_dapil": d.dapil.code, "nama_dapil": d.dapil.name,
             "kursi": _text(d.dapil.seats), "kode_kecamatan": k, "keterangan": d.dapil.note}
            for d in dapils for k in sorted(d.kecamatan)
        ]
    if kind is FileKind.PARTAI_DAPIL:
        return [
            {"jenis_pemilihan": d.dapil.ballot.value, "kode_dapil": d.dapil.code, "nomor_partai": str(p)}
            for d in dapils for p in sorted(d.parties)
        ]
    if kind is FileKind.CALON:
        legislative = [c for c in data.candidates if c.ballot.has_dapil]
        legislative.sort(key=lambda c: (_PLENARY_ORDER[c.ballot], c.dapil_code or "", c.candidate.party or 0,
                                        c.candidate.number))
        return [
            {"jenis_pemilihan": c.ballot.value, "kode_dapil": c.dapil_code or "",
             "nomor_partai": str(c.candidate.party), "nomor_urut": str(c.candidate.number),
             "nama_calon": c.candidate.name, "jenis_kelamin": c.candidate.gender or "",
             "id_sirekap": c.candidate.sirekap_id or ""}
            for c in legislative
        ]
    if kind is FileKind.CALON_DPD:
        dpd = sorted((c.candidate for c in data.candidates if c.ballot is Ballot.PDPD), key=lambda c: c.number)
        return [
            {"nomor_urut": str(c.number), "nama_calon": c.name, "jenis_kelamin": c.gender or "",
             "id_sirekap": c.sirekap_id or ""}
            for c in dpd
        ]
    if kind is FileKind.PASLON:
        return [
            {"nomor_urut": str(p.number), "nama_paslon": p.name, "id_sirekap": p.sirekap_id, "warna": p.color}
            for p in sorted(data.paslon, key=lambda p: p.number)
        ]
    if kind is FileKind.KANTOR:
        rows = []
        for key in OFFICE_KEYS:
            value = data.settings.get(key, "")
            values = [v for v in value.split("|") if v] if key == "anggota" else ([value] if value else [])
            rows.extend({"isian": key, "nilai": v} for v in values)
        return rows
    raise ValueError(f"bukan jenis templat: {kind}")


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


def write_table(path: Path, kind: FileKind, rows: Sequence[dict[str, str]]) -> Path:
    """Write rows of ``kind`` as CSV (UTF-8, comma) or XLSX (by the suffix of ``path``), header first."""
    columns = FORMATS[kind].columns
    if path.suffix.lower() == ".xlsx":
        import openpyxl  # type: ignore[import-untyped, unused-ignore]

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = FORMATS[kind].filename
        sheet.append(list(columns))
        for row in rows:
            sheet.append([row.get(c, "") for c in columns])
        for index, column in enumerate(columns):
            width = max([len(column), *(len(r.get(column, "")) for r in rows)])
            sheet.column_dimensions[column_letter(index)].width = min(60, width + 2)
        workbook.save(path)
        return path
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([row.get(c, "") for c in columns] for row in rows)
    return path


def write_reference_files(data: ReferenceData, folder: Path, *, suffix: str = ".csv") -> list[Path]:
    """Write ``data`` as template files in ``folder`` (one per kind that has rows); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, fmt in FORMATS.items():
        rows = reference_rows(data, kind)
        if rows:
            written.append(write_table(folder / f"{fmt.filename}{suffix}", kind, rows))
    return written


def template_path(kind: FileKind, suffix: str = ".csv") -> Path:
    """The shipped template of a kind (resources/templates/<name>.csv or .xlsx)."""
    root = resources.files("resources").joinpath("templates", f"{FORMATS[kind].filename}{suffix}")
    return Path(str(root))
