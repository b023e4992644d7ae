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

import io
import os
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from hashlib import sha256 as _sha256
from pathlib import Path

DATA_SUFFIXES: frozenset[str] = frozenset({".json", ".jsonl", ".ndjson", ".csv", ".xlsx"})
"""File suffixes (lower case) yielded as data."""

ARCHIVE_SUFFIX = ".zip"
ZIP_SEPARATOR = "!"

MAX_MEMBER_SIZE = 256 << 20
"""Largest archive member read (uncompressed bytes): a guard against zip bombs."""

_MAX_NESTED_ZIP_DEPTH = 3


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
            yield _read_file(shown)
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
    detail = exc.strerror or exc.__class__.__name__
    return f"tidak dapat dibaca: {detail}"


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # O_BINARY: no newline translation on Windows


def _read_file(shown: str) -> SourceItem | SourceError:
    # os.open/os.read: about twice as fast as open().read() for the small files of a TPS import.
    try:
        fd = os.open(shown, _OPEN_FLAGS)
        try:
            data = os.read(fd, 1 << 20)
            if data:
                chunks = [data]
                while chunk := os.read(fd, 1 << 20):
                    chunks.append(chunk)
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
            yield _read_file(full)
        elif suffix == ARCHIVE_SUFFIX:
            yield from _walk_zip_file(Path(full), stats)
        else:
            stats.add_skipped(full)


_ZIP_BROKEN = "arsip zip rusak atau terpotong"


def _walk_zip_file(path: Path, stats: SourceStats) -> Iterator[SourceItem | SourceError]:
    yield from _walk_zip(str(path), path, stats, depth=0)


def _walk_zip(shown: str, source: Path | bytes, stats: SourceStats, depth: int) -> Iterator[SourceItem | SourceError]:
    """Members of an archive (a file on disk, or the bytes of a nested archive), sorted like `_walk_folder`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except OSError as exc:
        yield SourceError(shown, _os_message(exc))
        return
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        yield SourceError(shown, f"{_ZIP_BROKEN} ({_zip_detail(exc)}); isinya tidak dibaca")
        return
    with archive:
        members: list[tuple[tuple[str, ...], str, zipfile.ZipInfo]] = []
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = info.filename.replace("\\", "/").lstrip("/")
            members.append((_sort_key(name), name, info))
        members.sort(key=lambda entry: entry[0])
        for _key, name, info in members:
            member_shown = f"{shown}{ZIP_SEPARATOR}{name}"
            suffix = _suffix(name)
            if suffix not in DATA_SUFFIXES and suffix != ARCHIVE_SUFFIX:
                stats.add_skipped(member_shown)
                continue
            if info.file_size > MAX_MEMBER_SIZE:
                yield SourceError(
                    member_shown, f"anggota arsip terlalu besar ({info.file_size // (1 << 20)} MiB); tidak dibaca"
                )
                continue
            try:
                content = archive.read(info)
            except RuntimeError:  # encrypted member
                yield SourceError(member_shown, "anggota arsip zip terenkripsi (berkata sandi); tidak dibaca")
                continue
            except NotImplementedError:
                yield SourceError(member_shown, "metode kompresi zip tidak didukung; tidak dibaca")
                continue
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
                yield SourceError(member_shown, f"{_ZIP_BROKEN} ({_zip_detail(exc)}); anggota ini tidak dibaca")
                continue
            if suffix == ARCHIVE_SUFFIX:
                if depth >= _MAX_NESTED_ZIP_DEPTH:
                    yield SourceError(member_shown, "arsip zip bersarang terlalu dalam; tidak dibaca")
                else:
                    yield from _walk_zip(member_shown, content, stats, depth + 1)
                continue
            yield _item(member_shown, content)


def _zip_detail(exc: BaseException) -> str:
    text = str(exc)
    if "CRC" in text:
        return "CRC tidak cocok"
    if isinstance(exc, EOFError) or "truncated" in text.lower() or "Truncated" in text:
        return "data terpotong"
    if "not a zip file" in text.lower():
        return "bukan arsip zip atau direktori pusat hilang"
    return text or exc.__class__.__name__
