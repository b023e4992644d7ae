"""What every subcommand shares: exit codes, output, the registry, opening the database as a named operator."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rekap_desktop.contest import Contest
    from rekap_desktop.services import RecapService

EXIT_OK = 0
EXIT_FINDINGS = 1  # check: error findings; verify-*: mismatch or tampering found
EXIT_INPUT = 2  # bad arguments or bad input file: nothing was written
EXIT_STORAGE = 3  # the database could not be opened or written: nothing was written

EXIT_CODES = """Kode keluar:
  0  berhasil
  1  check: ada temuan galat; verify-audit/verify-pdf: ada yang tidak cocok atau telah diubah
  2  argumen atau berkas masukan salah (tidak ada yang ditulis)
  3  basis data tidak dapat dibuka atau ditulis (tidak ada yang ditulis)"""

DB_HELP = "basis data: path berkas SQLite atau URL PostgreSQL (postgresql+psycopg://pengguna@host/nama)"
OPERATOR_HELP = "nama operator yang dicatat di log audit (bawaan: variabel lingkungan REKAP_OPERATOR)"

Handler = Callable[[argparse.Namespace], int]


_ARGPARSE_ID = {
    "usage: ": "pemakaian: ",
    "positional arguments": "argumen posisi",
    "options": "opsi",
    "optional arguments": "opsi",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "pilihan tidak sah: %(value)r (pilih salah satu: "
                                                          "%(choices)s)",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "expected one argument": "memerlukan satu nilai",
    "expected at most one argument": "paling banyak satu nilai",
    "expected at least one argument": "memerlukan paling sedikit satu nilai",
    "ignored explicit argument %r": "nilai %r diabaikan",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "ambiguous option: %(option)s could match %(matches)s": "opsi %(option)s tidak jelas: bisa %(matches)s",
    "can't open '%(filename)s': %(error)s": "tidak dapat membuka '%(filename)s': %(error)s",
    "unexpected option string: %s": "opsi tidak terduga: %s",
}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula (``=HYPERLINK(…)`` in an operator's name) gets a
    leading apostrophe in CSV output; numbers and other text stay as they are (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def record_number(text: str) -> int:
    """argparse type of a record number (keberatan, event): a whole number a database column can hold."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bukan bilangan bulat: {text[:40]!r}") from None
    if not 0 <= value <= 2**63 - 1:
        raise argparse.ArgumentTypeError(f"nomor di luar jangkauan: {text[:40]}")
    return value


def install_argparse_indonesian() -> None:
    """argparse's own words (usage, errors, the help option) in Indonesian: it looks them up through gettext at
    call time, so the lookup is replaced with our table (unknown texts stay as they are)."""
    import argparse as _argparse

    def translate(text: str) -> str:
        return _ARGPARSE_ID.get(text, text)

    def ntranslate(singular: str, plural: str, n: int) -> str:
        if singular == "expected %s argument":
            return "memerlukan %s nilai"
        return singular if n == 1 else plural

    _argparse._ = translate  # type: ignore[attr-defined]
    _argparse.ngettext = ntranslate  # type: ignore[attr-defined]


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


@dataclass
class Registry:
    """Collects the subcommands: their parsers (for ``--help``) and handlers."""

    sub: argparse._SubParsersAction  # type: ignore[type-arg]
    handlers: dict[str, Handler] = field(default_factory=dict)

    def add(self, name: str, help_text: str, handler: Handler, *, writes: bool = False) -> argparse.ArgumentParser:
        """A subcommand; ``writes=True`` adds ``--operator`` (every writing command names who does it)."""
        parser = self.sub.add_parser(
            name, help=help_text, description=help_text, epilog=EXIT_CODES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if writes:
            parser.add_argument("--operator", default=None, help=OPERATOR_HELP)
        self.handlers[name] = handler
        return parser


def operator_of(args: argparse.Namespace) -> str:
    """The operator named by ``--operator`` or ``REKAP_OPERATOR``; empty when neither names anyone (then the
    service records the operating-system login, never an anonymous "cli")."""
    name = getattr(args, "operator", None) or os.environ.get("REKAP_OPERATOR", "")
    return name.strip()


def open_service(args: argparse.Namespace, *, create: bool = False, read_only: bool = False) -> RecapService:
    """The database of ``--db`` as the operator of ``--operator`` / ``REKAP_OPERATOR`` on this station.

    ``read_only``: for commands that only read (check, export, summaries, verification): nothing is created,
    upgraded or written, so an evidence copy in a read-only folder is checked as it is (issue 15.4)."""
    from rekap_desktop.services import RecapService

    return RecapService.open(args.db, actor=operator_of(args), create=create, read_only=read_only)


def contests_for(service: RecapService, ballot_text: str, dapil: str | None) -> list[Contest]:
    """The contests of a ballot (one dapil, or all); ValidationError/ValueError (Indonesian) when none."""
    from rekap_desktop.ballot import Ballot
    from rekap_desktop.services import ValidationError

    ballot = Ballot.parse(ballot_text)
    if dapil:
        return [service.find_contest(ballot.value, dapil)]
    found = [c for c in service.contests() if c.ballot is ballot]
    if not found:
        raise ValidationError(f"tidak ada kontes {ballot.label} di basis data ini")
    return found
