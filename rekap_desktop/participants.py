"""Choices on the ballots: paslon, parties, legislative and DPD candidates (DESIGN §3)."""

from __future__ import annotations

from dataclasses import dataclass

NATIONAL_PARTY_NUMBERS: tuple[int, ...] = (*range(1, 18), 24)
ACEH_PARTY_NUMBERS: tuple[int, ...] = tuple(range(18, 24))
PASLON_SIREKAP_IDS: dict[int, str] = {1: "100025", 2: "100026", 3: "100027"}


@dataclass(frozen=True, slots=True)
class Paslon:
    number: int
    sirekap_id: str
    name: str  # "CAPRES – CAWAPRES"
    color: str = "#808080"


@dataclass(frozen=True, slots=True)
class Party:
    number: int  # nomor urut on the ballot (1–17, 24; Aceh 18–23)
    short_name: str
    full_name: str
    is_aceh: bool = False
    color: str = "#808080"
    sirekap_id: str | None = None  # id_partai, e.g. "100001"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A legislative candidate (party set) or a DPD candidate (party None), by nomor urut."""

    number: int
    name: str
    party: int | None = None
    gender: str | None = None  # "L" / "P"
    sirekap_id: str | None = None
