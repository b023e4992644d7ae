"""Small contests for core tests, built from the real national lists and fictitious candidates."""

from __future__ import annotations

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest, Dapil, PartyBlock
from rekap_desktop.national import NATIONAL_PARTIES_2024, PASLON_2024
from rekap_desktop.participants import Candidate
from rekap_desktop.region import Level, Region

KEC = tuple(
    Region(f"3527{i:02d}", name, Level.KECAMATAN, tps)
    for i, (name, tps) in enumerate([("SRESEH", 97), ("TORJUN", 116), ("SAMPANG", 338)], start=1)
)


def ppwp_contest(kecamatan: tuple[Region, ...] = KEC) -> Contest:
    return Contest(Ballot.PPWP, kecamatan, paslon=PASLON_2024)


def dpd_contest(n: int = 5) -> Contest:
    cands = tuple(Candidate(i, f"CALON DPD FIKTIF {i}") for i in range(1, n + 1))
    return Contest(Ballot.PDPD, KEC, dpd_candidates=cands)


def dpr_contest(parties: int = 4, candidates: int = 3, kecamatan: tuple[Region, ...] = KEC) -> Contest:
    blocks = tuple(
        PartyBlock(p, tuple(Candidate(k, f"CALON FIKTIF {p.number}-{k}", p.number) for k in range(1, candidates + 1)))
        for p in NATIONAL_PARTIES_2024[:parties]
    )
    return Contest(Ballot.PDPR, kecamatan, Dapil(Ballot.PDPR, "3511", "JAWA TIMUR XI"), parties=blocks)
