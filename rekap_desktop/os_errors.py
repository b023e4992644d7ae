"""Operating-system errors said in Indonesian (file/folder problems the operator can act on), and the mode a
newly created file gets."""

from __future__ import annotations

import errno
import os

_REASONS = {
    errno.ENOENT: "berkas atau folder tidak ada",
    errno.EACCES: "tidak ada izin",
    errno.EPERM: "tidak diizinkan",
    errno.EROFS: "sistem berkas hanya dapat dibaca",
    errno.ENOSPC: "disk penuh",
    errno.EISDIR: "itu sebuah folder, bukan berkas",
    errno.ENOTDIR: "bagian path bukan folder",
    errno.EEXIST: "sudah ada",
    errno.ENAMETOOLONG: "nama berkas terlalu panjang",
    errno.EBUSY: "sedang dipakai proses lain",
    errno.EIO: "kesalahan baca/tulis perangkat",
    errno.EDQUOT: "kuota disk habis",
    errno.EMFILE: "terlalu banyak berkas terbuka",
}


def os_reason(exc: BaseException) -> str:
    """Why a file operation failed, in Indonesian; the system's own words only when the error is unusual."""
    code = getattr(exc, "errno", None)
    if code in _REASONS:
        return _REASONS[code]
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return f"kesalahan sistem berkas ({text})"


def default_file_mode() -> int:
    """The permissions a normally created file gets (0666 minus the umask), not mkstemp's owner-only 0600.

    For a file written through a temporary file (mkstemp) and renamed over its target: chmod the temporary file
    to this before the rename, so the result is readable as any other file the operator saves."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
