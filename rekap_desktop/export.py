"""Export of the manual figures in the long format of DESIGN §10 (CSV or XLSX).

The file is written atomically (issue 15.4): into a temporary file in the target folder, flushed and fsync'ed,
then renamed over the target (and the folder fsync'ed), so the target is either the old file or the complete new
one — never a half-written file, also after a power cut. On any failure (a full disk, no permission) the temporary
file is removed and :class:`ExportError` says why in Indonesian; nothing is left behind.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import tempfile
from pathlib import Path

from rekap_desktop.lines import LineCatalogue
from rekap_desktop.manual_import import COLUMNS
from rekap_desktop.os_errors import default_file_mode, os_reason
from rekap_desktop.services import RecapService

FORMATS = ("csv", "xlsx")


class ExportError(OSError):
    """The export file could not be written; the message (Indonesian) says why and that nothing was left behind.
    An OSError, so that callers catching OSError keep working."""


def export_rows(service: RecapService) -> list[tuple[str, str, str, str, int]]:
    """(ballot, dapil, kecamatan, line, value), in plenary order: contest, kecamatan, form line."""
    rows: list[tuple[str, str, str, str, int]] = []
    entries: dict[str, list[tuple[str, str, int]]] = {}
    for key, line, kec, value in service.entries():
        entries.setdefault(key, []).append((kec, line, value))
    for contest in service.contests():
        catalogue = LineCatalogue(contest)
        order = {line.id: i for i, line in enumerate(catalogue.lines)}
        ordered = sorted(
            ((kec, line, value) for kec, line, value in entries.get(contest.key, []) if line in order),
            key=lambda e: (contest.kecamatan_position(e[0]), order[e[1]]),
        )
        rows.extend((contest.ballot.value, contest.dapil_code, kec, line, value) for kec, line, value in ordered)
    return rows


def render(rows: list[tuple[str, str, str, str, int]], fmt: str) -> bytes:
    """The export file's bytes: CSV (UTF-8, `\\n`) or XLSX (one sheet, header on row 1)."""
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
        return text.getvalue().encode("utf-8")
    if fmt == "xlsx":
        import openpyxl  # type: ignore[import-untyped, unused-ignore]

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("angka")
        sheet.append(list(COLUMNS))
        for row in rows:
            sheet.append(list(row))
        data = io.BytesIO()
        book.save(data)
        return data.getvalue()
    raise ValueError(f"format tidak dikenal: {fmt} (csv/xlsx)")


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "disk penuh"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "tidak diizinkan menulis di sana (folder baca-saja atau izin ditolak)"
    if isinstance(exc, FileNotFoundError):
        return "folder tujuan tidak ada"
    if isinstance(exc, IsADirectoryError):
        return "tujuan adalah sebuah folder"
    return os_reason(exc)


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to `target` atomically (module docstring); ExportError (Indonesian) on failure."""
    target = Path(target)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ExportError(f"{_reason(exc)}; tidak ada berkas yang ditulis.") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            view = memoryview(data)
            while view:
                written = out.write(view)
                view = view[written:]
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(OSError):  # not every file system keeps POSIX permissions
            os.chmod(temp, default_file_mode())
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise ExportError(
            f"{_reason(exc)}; tidak ada berkas yang tertinggal, berkas lama (bila ada) tetap utuh."
        ) from None
    if hasattr(os, "O_DIRECTORY"):  # POSIX: the rename itself is durable once the folder is synced
        with contextlib.suppress(OSError):
            folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)


def export(service: RecapService, out: Path, fmt: str) -> int:
    """Write the export of every manual figure; returns the number of rows. Raises ExportError, ValueError."""
    rows = export_rows(service)
    write_atomically(Path(out), render(rows, fmt))
    return len(rows)
