"""Writing a file whole or not at all: a temporary file in the same folder, fsync, then rename.

:func:`staged_write` does it in two steps around a caller's action (e.g. registering the document in the
database): the bytes are on disk beside the target first, and take the target's name only if the action succeeds.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from rekap_desktop.os_errors import default_file_mode, os_reason


def write_atomically(path: Path, payload: bytes, what: str = "berkas PDF") -> None:
    """Write ``payload`` to ``path``; on any failure nothing is left behind and an Indonesian OSError is raised."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OSError(exc.errno, f"tidak dapat menulis {what} di folder {directory}: {os_reason(exc)}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):  # not every file system keeps POSIX permissions
            os.chmod(tmp_name, default_file_mode())
        os.replace(tmp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise OSError(exc.errno, f"tidak dapat menulis {what} {path}: {os_reason(exc)}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


class StagedFile:
    """Bytes written beside their target; :meth:`commit` gives them the target's name."""

    def __init__(self, temporary: Path, target: Path, what: str) -> None:
        self.temporary = temporary
        self.target = target
        self.what = what
        self.committed = False

    def commit(self) -> None:
        try:
            os.replace(self.temporary, self.target)
        except OSError as exc:
            raise OSError(exc.errno, f"tidak dapat menulis {self.what} {self.target}: {os_reason(exc)}") from exc
        self.committed = True


@contextlib.contextmanager
def staged_write(path: Path, payload: bytes, what: str = "berkas PDF") -> Iterator[StagedFile]:
    """Write ``payload`` beside ``path`` (fsynced); the caller's block calls ``commit()`` to rename it to ``path``
    (e.g. inside a database transaction, so that a failed rename rolls the registration back).

    Whatever happens, a staged file that was not committed is removed. OSError (Indonesian) when the folder
    cannot be written.
    """
    directory = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OSError(errno.EISDIR, f"tidak dapat menulis {what} {path}: nama itu adalah sebuah folder")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OSError(exc.errno, f"tidak dapat menulis {what} di folder {directory}: {os_reason(exc)}") from exc
    staged = StagedFile(Path(tmp_name), path, what)
    try:
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(OSError):  # not every file system keeps POSIX permissions
                os.chmod(tmp_name, default_file_mode())
        except OSError as exc:
            raise OSError(exc.errno, f"tidak dapat menulis {what} {path}: {os_reason(exc)}") from exc
        yield staged
    finally:
        if not staged.committed:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
