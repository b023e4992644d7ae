"""Walk the places Sirekap data comes from: files, folders and zip archives (DESIGN §6).

`iter_sources` turns what the operator picked into a stream of `SourceItem` (the bytes of one data file with its
SHA-256) and `SourceError` (something that could not be read, with an Indonesian message). A bad file or a
truncated archive never stops the walk: the error is yielded and the walk goes on with the rest.

Order is deterministic and the same for a folder and for a zip of that folder: entries are sorted by their
relative path, compared segment by segment. Inside a folder or archive only `.json`, `.jsonl`/`.ndjson` (JSON
lines), `.csv` and `.xlsx` files are yielded (nested `.zip` members are walked too); every other file is skipped
and counted in `SourceStats`.

Display paths: a file in a folder is shown as its path (`str(Path)`); a zip member as `archive.zip!member/path.json`
(member names always with `/`), a member of a nested archive as `outer.zip!inner.zip!member.json`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from hashlib import sha256 as _sha256
from pathlib import Path
from typing import IO

from rekap_desktop.os_errors import os_reason

DATA_SUFFIXES: frozenset[str] = frozenset({".json", ".jsonl", ".ndjson", ".csv", ".xlsx"})
"""File suffixes (lower case) yielded as data."""

ARCHIVE_SUFFIX = ".zip"
ZIP_SEPARATOR = "!"

MAX_JSON_BYTES = 32 << 20
"""Largest single JSON document read (a TPS record is about 1 KB; a whole kabupaten's aggregate, region list or
object keyed by TPS stays well below): decoding one costs about 6× its size in memory."""
MAX_LINES_BYTES = 64 << 20
"""Largest JSON lines file read (decoded one line at a time)."""
MAX_TABLE_BYTES = 64 << 20
"""Largest CSV/XLSX file read."""
MAX_NESTED_ARCHIVE_BYTES = 1 << 30
"""Largest zip archive inside a zip archive (spooled to a temporary file, never held in memory)."""
MAX_ARCHIVE_TOTAL = 8 << 30
"""Largest total of the data members one archive may unpack to (what its directory declares; zipfile never
returns more than a member declares). A zip bomb is refused whole before anything is read."""

MAX_MEMBER_SIZE = MAX_TABLE_BYTES
"""Kept for callers of the earlier name: the largest data file read from an archive."""

_MAX_NESTED_ZIP_DEPTH = 3
_SPOOL_BYTES = 16 << 20


def size_cap(suffix: str) -> int:
    """The largest data file of this kind read at all (bytes)."""
    if suffix == ".json":
        return MAX_JSON_BYTES
    if suffix in (".jsonl", ".ndjson"):
        return MAX_LINES_BYTES
    return MAX_TABLE_BYTES


def _mib(size: int) -> str:
    return f"{size / (1 << 20):.1f}".replace(".", ",") + " MiB"


def too_large(size: int, suffix: str) -> str:
    """The Indonesian reason a file of `size` bytes is not read."""
    cap = size_cap(suffix)
    hint = ("berkas TPS Sirekap hanya beberapa KB; pecah data besar menjadi berkas per TPS, JSON lines (.jsonl) atau "
            "arsip zip" if suffix != ".csv" and suffix != ".xlsx" else "pecah tabel menjadi beberapa berkas")
    return f"berkas terlalu besar: {_mib(size)} (batas {_mib(cap)} untuk berkas {suffix}); tidak dibaca — {hint}"


@dataclass(frozen=True, slots=True)
class SourceItem:
    """The bytes of one data file, as read; `display_path` names it for the user and for provenance."""

    display_path: str
    data: bytes
    sha256: str

    @property
    def suffix(self) -> str:
        """Lower-case suffix of the file name (`.json`, `.csv`, `.xlsx`)."""
        return _suffix(self.display_path.replace("\\", "/"))


@dataclass(frozen=True, slots=True)
class SourceError:
    """Something that could not be read; `message` is Indonesian and meant for the operator."""

    display_path: str
    message: str

    def __str__(self) -> str:
        return f"{self.display_path}: {self.message}"


@dataclass(slots=True)
class SourceStats:
    """Counters filled in while walking (pass one to `iter_sources`)."""

    items: int = 0
    errors: int = 0
    skipped: int = 0
    """Files that are not data (.json/.csv/.xlsx/.zip) found inside folders and archives, silently skipped."""
    skipped_examples: list[str] = field(default_factory=list)
    """The first few skipped display paths, to show the operator what was left out."""

    def add_skipped(self, display_path: str) -> None:
        self.skipped += 1
        if len(self.skipped_examples) < 5:
            self.skipped_examples.append(display_path)


def _item(display_path: str, data: bytes) -> SourceItem:
    return SourceItem(display_path, data, _sha256(data).hexdigest())


def _sort_key(relative: str) -> tuple[str, ...]:
    return tuple(relative.split("/"))


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > name.rfind("/") else ""


def iter_sources(paths: Sequence[Path], stats: SourceStats | None = None) -> Iterator[SourceItem | SourceError]:
    """Yield every data file found under `paths` (files, folders walked recursively, .zip archives).

    A path given explicitly that does not exist, or is a file of another kind, is reported as a `SourceError`;
    non-data files found while walking a folder or archive are only counted in `stats.skipped`.
    """
    counters = stats if stats is not None else SourceStats()
    for path in paths:
        for result in _walk_path(Path(path), counters):
            if isinstance(result, SourceItem):
                counters.items += 1
            else:
                counters.errors += 1
            yield result


def _walk_path(path: Path, stats: SourceStats) -> Iterator[SourceItem | SourceError]:
    shown = str(path)
    try:
        is_dir = path.is_dir()
        is_file = not is_dir and path.is_file()
    except OSError as exc:
        yield SourceError(shown, _os_message(exc))
        return
    if is_dir:
        yield from _walk_folder(path, stats)
    elif is_file:
        suffix = path.suffix.lower()
        if suffix == ARCHIVE_SUFFIX:
            yield from _walk_zip_file(path, stats)
        elif suffix in DATA_SUFFIXES:
            yield _read_file(shown, suffix)
        else:
            yield SourceError(shown, "bukan berkas data Sirekap (yang dapat dibaca: .json, .jsonl, .csv, .xlsx, .zip)")
    else:
        yield SourceError(shown, "berkas atau folder tidak ditemukan")


def _os_message(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "tidak dapat dibaca: izin akses ditolak"
    if isinstance(exc, FileNotFoundError):
        return "tidak dapat dibaca: berkas tidak ditemukan (mungkin dipindah atau dihapus)"
    if isinstance(exc, IsADirectoryError):
        return "tidak dapat dibaca: ini sebuah folder"
    detail = os_reason(exc)
    return f"tidak dapat dibaca: {detail}"


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # O_BINARY: no newline translation on Windows


def _read_file(shown: str, suffix: str) -> SourceItem | SourceError:
    # os.open/os.read: about twice as fast as open().read() for the small files of a TPS import.
    cap = size_cap(suffix)
    try:
        fd = os.open(shown, _OPEN_FLAGS)
        try:
            size = os.fstat(fd).st_size
            if size > cap:
                return SourceError(shown, too_large(size, suffix))
            data = os.read(fd, 1 << 20)
            if data:
                chunks = [data]
                total = len(data)
                while chunk := os.read(fd, 1 << 20):
                    chunks.append(chunk)
                    total += len(chunk)
                    if total > cap:  # grew while being read
                        return SourceError(shown, too_large(total, suffix))
                if len(chunks) > 1:
                    data = b"".join(chunks)
        finally:
            os.close(fd)
    except OSError as exc:
        return SourceError(shown, _os_message(exc))
    return SourceItem(shown, data, _sha256(data).hexdigest())


def _walk_folder(root: Path, stats: SourceStats) -> Iterator[SourceItem | SourceError]:
    """Files under `root` sorted by relative path (segment by segment), the same order as `_walk_zip`."""
    found: list[tuple[tuple[str, ...], str]] = []
    errors: list[SourceError] = []

    def on_error(exc: OSError) -> None:
        errors.append(SourceError(exc.filename or str(root), _os_message(exc)))

    root_text = str(root)
    for dirpath, _dirnames, filenames in os.walk(root_text, onerror=on_error):
        rel_dir = os.path.relpath(dirpath, root_text)
        prefix: tuple[str, ...] = () if rel_dir == "." else tuple(Path(rel_dir).parts)
        base = dirpath if dirpath.endswith(os.sep) else dirpath + os.sep
        for name in filenames:
            found.append(((*prefix, name), base + name))
    yield from errors
    found.sort()
    for key, full in found:
        suffix = _suffix(key[-1])
        if suffix in DATA_SUFFIXES:
            yield _read_file(full, suffix)
        elif suffix == ARCHIVE_SUFFIX:
            yield from _walk_zip_file(Path(full), stats)
        else:
            stats.add_skipped(full)


_ZIP_BROKEN = "arsip zip rusak atau terpotong"


def _walk_zip_file(path: Path, stats: SourceStats) -> Iterator[SourceItem | SourceError]:
    yield from _walk_zip(str(path), path, stats, depth=0)


def _member_name(info: zipfile.ZipInfo) -> str:
    return info.filename.replace("\\", "/").lstrip("/")


def _walk_zip(shown: str, source: Path | IO[bytes], stats: SourceStats,
              depth: int) -> Iterator[SourceItem | SourceError]:
    """Members of an archive (a file on disk, or a spooled nested archive), sorted like `_walk_folder`.

    Memory stays bounded whatever the archive: one member is held at a time (at most its size cap), a nested
    archive is spooled to a temporary file, and an archive whose members declare more than `MAX_ARCHIVE_TOTAL` is
    refused before anything is read.
    """
    try:
        archive = zipfile.ZipFile(source)
    except OSError as exc:
        yield SourceError(shown, _os_message(exc))
        return
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        yield SourceError(shown, f"{_ZIP_BROKEN} ({_zip_detail(exc)}); isinya tidak dibaca")
        return
    with archive:
        declared = 0
        in_order = True  # archives written by a program usually are: then no sorted copy of the directory is held
        previous: tuple[str, ...] | None = None
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = _member_name(info)
            key = _sort_key(name)
            if previous is not None and key < previous:
                in_order = False
            previous = key
            if _suffix(name) in DATA_SUFFIXES or _suffix(name) == ARCHIVE_SUFFIX:
                declared += info.file_size
        if declared > MAX_ARCHIVE_TOTAL:
            yield SourceError(shown, f"arsip zip terlalu besar setelah dibuka: {_mib(declared)} data (batas "
                              f"{_mib(MAX_ARCHIVE_TOTAL)}); kemungkinan bom zip, isinya tidak dibaca")
            return
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if not in_order:
            infos.sort(key=lambda i: _sort_key(_member_name(i)))
        for info in infos:
            name = _member_name(info)
            member_shown = f"{shown}{ZIP_SEPARATOR}{name}"
            suffix = _suffix(name)
            if suffix not in DATA_SUFFIXES and suffix != ARCHIVE_SUFFIX:
                stats.add_skipped(member_shown)
                continue
            if suffix == ARCHIVE_SUFFIX:
                if depth >= _MAX_NESTED_ZIP_DEPTH:
                    yield SourceError(member_shown, "arsip zip bersarang terlalu dalam; tidak dibaca")
                elif info.file_size > MAX_NESTED_ARCHIVE_BYTES:
                    yield SourceError(member_shown, f"arsip zip di dalam arsip terlalu besar: {_mib(info.file_size)} "
                                      f"(batas {_mib(MAX_NESTED_ARCHIVE_BYTES)}); tidak dibaca")
                else:
                    yield from _walk_nested(archive, info, member_shown, stats, depth)
                continue
            if info.file_size > size_cap(suffix):
                yield SourceError(member_shown, too_large(info.file_size, suffix))
                continue
            content = _read_member(archive, info, member_shown)
            if isinstance(content, SourceError):
                yield content
            else:
                yield _item(member_shown, content)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str) -> bytes | SourceError:
    try:
        with archive.open(info) as stream:
            return stream.read(info.file_size + 1)
    except RuntimeError:  # encrypted member
        return SourceError(shown, "anggota arsip zip terenkripsi (berkata sandi); tidak dibaca")
    except NotImplementedError:
        return SourceError(shown, "metode kompresi zip tidak didukung; tidak dibaca")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        return SourceError(shown, f"{_ZIP_BROKEN} ({_zip_detail(exc)}); anggota ini tidak dibaca")


def _walk_nested(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str, stats: SourceStats,
                 depth: int) -> Iterator[SourceItem | SourceError]:
    """A zip inside a zip: copied to a spooled temporary file (memory up to 16 MiB, then disk), then walked."""
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spool:
        try:
            with archive.open(info) as stream:
                shutil.copyfileobj(stream, spool, 1 << 20)
        except RuntimeError:
            yield SourceError(shown, "anggota arsip zip terenkripsi (berkata sandi); tidak dibaca")
            return
        except NotImplementedError:
            yield SourceError(shown, "metode kompresi zip tidak didukung; tidak dibaca")
            return
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            yield SourceError(shown, f"{_ZIP_BROKEN} ({_zip_detail(exc)}); anggota ini tidak dibaca")
            return
        spool.seek(0)
        yield from _walk_zip(shown, spool, stats, depth + 1)


def _zip_detail(exc: BaseException) -> str:
    text = str(exc)
    if "CRC" in text:
        return "CRC tidak cocok"
    if isinstance(exc, EOFError) or "truncated" in text.lower() or "Truncated" in text:
        return "data terpotong"
    if "not a zip file" in text.lower():
        return "bukan arsip zip atau direktori pusat hilang"
    return text or exc.__class__.__name__
