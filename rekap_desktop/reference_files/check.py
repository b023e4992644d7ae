"""Checking one reference file: its outcome (:class:`FileResult`) and :class:`FileCheckBase`, what every family of
checks builds on — the state being changed, reporting a problem with file/row/column, and reading one cell
(ballot, dapil code, party number, name, gender, colour, Sirekap id, nomor urut 1..n); :func:`party_problem`, which
party numbers are on which ballot (UU 7/2017, UU 11/2006 for the local parties of Aceh).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rekap_desktop.ballot import Ballot
from rekap_desktop.numbers import format_number
from rekap_desktop.participants import ACEH_PARTY_NUMBERS, NATIONAL_PARTY_NUMBERS
from rekap_desktop.reference import DapilSpec
from rekap_desktop.reference_files.formats import FileKind
from rekap_desktop.reference_files.read import Problem, ReferenceSource, SirekapFile, TableFile, TableRow
from rekap_desktop.reference_files.state import ACEH, DEFAULT_PARTIES, DKI_JAKARTA, ReferenceState

MAX_NAME = 200
MAX_PASLON_NAME = 300

DIGITS = re.compile(r"[0-9]+")
COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
GENDER = {"L": "L", "P": "P", "LAKI-LAKI": "L", "LAKI LAKI": "L", "PEREMPUAN": "P"}


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


class FileCheckBase:
    """The state one file is applied to, its result, and the cell readers shared by the checks of every family.

    A cell reader reports the problem of a bad cell and returns None (or ``(False, None)``).
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
        if not DIGITS.fullmatch(code) or len(code) > 20:
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
        if not DIGITS.fullmatch(text) or int(text) < 1:
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
        gender = GENDER.get(text.upper())
        if gender is None:
            self.bad(row, "jenis_kelamin", f"jenis kelamin harus L atau P, bukan {text!r}")
        return gender

    def sirekap_id(self, row: TableRow) -> tuple[bool, str | None]:
        text = row.get("id_sirekap")
        if text and (not DIGITS.fullmatch(text) or len(text) > 20):
            self.bad(row, "id_sirekap", f"id Sirekap harus berupa angka, bukan {text!r}")
            return False, None
        return True, text or None

    def color(self, row: TableRow) -> tuple[bool, str | None]:
        text = row.get("warna")
        if text and not COLOR.fullmatch(text):
            self.bad(row, "warna", f"warna harus kode heksadesimal #RRGGBB (mis. #00764A), bukan {text!r}")
            return False, None
        return True, text.upper() or None

    def ensure_party(self, number: int) -> None:
        if number not in self.state.parties:
            self.state.parties[number] = DEFAULT_PARTIES[number]

    def check_sequence(self, numbered: Sequence[tuple[int, TableRow | None]], what: str) -> None:
        """Nomor urut must be exactly 1..n; report the first number beyond n (its row)."""
        numbers = sorted(n for n, _ in numbered)
        if numbers == list(range(1, len(numbers) + 1)):
            return
        missing = [k for k in range(1, len(numbers) + 1) if k not in set(numbers)]
        beyond = min(((n, row) for n, row in numbered if n > len(numbers)), key=lambda item: item[0])
        self.bad(beyond[1], "nomor_urut", f"nomor urut {what} harus berurutan 1 sampai {len(numbers)}: nomor "
                 f"{', '.join(map(str, missing))} tidak ada, padahal ada nomor {beyond[0]}")


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

