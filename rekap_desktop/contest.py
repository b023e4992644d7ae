"""A contest: one ballot in one dapil within the kabupaten (PPWP and DPD: the whole kabupaten)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rekap_desktop.ballot import Ballot
from rekap_desktop.participants import Candidate, Party, Paslon
from rekap_desktop.region import Region


@dataclass(frozen=True, slots=True)
class Dapil:
    """An electoral district (daerah pemilihan) of one legislative ballot.

    ``seats`` is the dapil's number of seats (kursi) as set by the KPU (PKPU 6/2023; the dapil template's ``kursi``
    column): DPRD Kabupaten/Kota 3–12 per dapil (UU 7/2017 Pasal 192), DPRD Provinsi 3–12 (Pasal 189), DPR 3–10
    (Pasal 187). None when not given; the app allocates seats only for the DPRD Kabupaten/Kota.
    """

    ballot: Ballot
    code: str  # e.g. "3511" for DPR Jawa Timur XI
    name: str  # e.g. "JAWA TIMUR XI"
    note: str = ""  # e.g. "pengelompokan rekaan untuk data demo"
    seats: int | None = None  # kursi of the dapil


@dataclass(frozen=True, slots=True)
class PartyBlock:
    """A party in a legislative contest with its candidates (DCT of the dapil) by nomor urut."""

    party: Party
    candidates: tuple[Candidate, ...] = ()


@dataclass(frozen=True)
class Contest:
    ballot: Ballot
    kecamatan: tuple[Region, ...]
    dapil: Dapil | None = None
    paslon: tuple[Paslon, ...] = ()
    parties: tuple[PartyBlock, ...] = ()
    dpd_candidates: tuple[Candidate, ...] = ()
    _kecamatan_index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.ballot.has_dapil and self.dapil is None:
            raise ValueError(f"kontes {self.ballot.label} memerlukan dapil")
        if not self.ballot.has_dapil and self.dapil is not None:
            raise ValueError(f"kontes {self.ballot.label} tidak memakai dapil")
        object.__setattr__(self, "_kecamatan_index", {r.code: i for i, r in enumerate(self.kecamatan)})
        if len(self._kecamatan_index) != len(self.kecamatan):
            raise ValueError("kecamatan ganda dalam satu kontes")

    @property
    def key(self) -> str:
        """Stable identifier used in the database: 'ppwp', 'pdpd', 'pdpr:3511', 'pdprdk:352701'."""
        return contest_key(self.ballot, self.dapil.code if self.dapil else None)

    @property
    def dapil_code(self) -> str:
        return self.dapil.code if self.dapil else ""

    @property
    def seats(self) -> int | None:
        """Seats (kursi) of the contest's dapil, None when not known or not a dapil contest."""
        return self.dapil.seats if self.dapil else None

    @property
    def title(self) -> str:
        if self.dapil:
            return f"{self.ballot.label} — Dapil {self.dapil.name}"
        return self.ballot.label

    @property
    def kecamatan_codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.kecamatan)

    def has_kecamatan(self, code: str) -> bool:
        return code in self._kecamatan_index

    def kecamatan_position(self, code: str) -> int:
        return self._kecamatan_index[code]

    def kecamatan_name(self, code: str) -> str:
        return self.kecamatan[self._kecamatan_index[code]].name


def contest_key(ballot: Ballot, dapil_code: str | None) -> str:
    return f"{ballot.value}:{dapil_code}" if dapil_code else ballot.value


def parse_contest_key(key: str) -> tuple[Ballot, str | None]:
    ballot, _, dapil = key.partition(":")
    return Ballot.parse(ballot), (dapil or None)


def kecamatan_in_one_dapil(dapils: Sequence[tuple[Dapil, Sequence[str]]]) -> dict[str, str]:
    """Map kecamatan → dapil code for one ballot; ValueError when a kecamatan sits in two dapil (R16)."""
    owner: dict[str, str] = {}
    for dapil, members in dapils:
        for kec in members:
            if kec in owner and owner[kec] != dapil.code:
                raise ValueError(
                    f"kecamatan {kec} berada di dua dapil {dapil.ballot.label}: {owner[kec]} dan {dapil.code}"
                )
            owner[kec] = dapil.code
    return owner
