"""The reference data of one kabupaten/kota as plain values (:class:`ReferenceState`): read from the database,
changed in memory by one file, then written as a difference (:mod:`rekap_desktop.setup_store`); what differs
between two states (:func:`describe_changes`); the keys of its candidate lists and the provinces with other ballots.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from rekap_desktop.ballot import Ballot
from rekap_desktop.national import PARTIES_2024
from rekap_desktop.participants import Candidate, Party, Paslon
from rekap_desktop.reference import CandidateSpec, DapilSpec, ReferenceData, RegionRecord

ACEH = "11"
DKI_JAKARTA = "31"

BlockKey: TypeAlias = tuple[Ballot, str | None, int | None]
"""A candidate list: (ballot, dapil code, party number); DPD: (pdpd, None, None)."""
DPD_BLOCK: BlockKey = (Ballot.PDPD, None, None)
LEGISLATIVE = (Ballot.PDPR, Ballot.PDPRDP, Ballot.PDPRDK)


@dataclass
class ReferenceState:
    """All reference data of the database, as plain values (read, changed in memory, then written as a diff)."""

    settings: dict[str, str] = field(default_factory=dict)
    regions: dict[str, RegionRecord] = field(default_factory=dict)
    parties: dict[int, Party] = field(default_factory=dict)
    paslon: dict[int, Paslon] = field(default_factory=dict)
    dapils: dict[tuple[Ballot, str], DapilSpec] = field(default_factory=dict)
    candidates: dict[BlockKey, tuple[Candidate, ...]] = field(default_factory=dict)

    def copy(self) -> ReferenceState:
        """A copy whose containers may be changed (the values are immutable)."""
        return ReferenceState(dict(self.settings), dict(self.regions), dict(self.parties), dict(self.paslon),
                              dict(self.dapils), dict(self.candidates))

    @property
    def kabupaten(self) -> str:
        return self.settings.get("kabupaten_kode", "")

    @property
    def province(self) -> str:
        return self.settings.get("provinsi_kode", "") or self.kabupaten[:2]

    def region_label(self, code: str) -> str:
        region = self.regions.get(code)
        return f"{code} {region.name}" if region else code

    def party_label(self, number: int) -> str:
        party = self.parties.get(number) or DEFAULT_PARTIES.get(number)
        return f"Partai {number} ({party.short_name})" if party else f"Partai {number}"

    def kecamatan_codes(self) -> list[str]:
        kab = self.kabupaten
        return sorted(c for c in self.regions if len(c) == 6 and c.startswith(kab)) if kab else []

    def effective_parties(self, key: tuple[Ballot, str]) -> tuple[int, ...]:
        """The parties of a dapil's contest: its explicit list, or else every party with candidates there."""
        spec = self.dapils.get(key)
        if spec is None:
            return ()
        if spec.parties:
            return spec.parties
        return tuple(sorted({p for (b, d, p) in self.candidates if b is key[0] and d == key[1] and p is not None}))

    def as_reference(self) -> ReferenceData:
        return ReferenceData(
            regions=[self.regions[c] for c in sorted(self.regions)],
            parties=[self.parties[n] for n in sorted(self.parties)],
            paslon=[self.paslon[n] for n in sorted(self.paslon)],
            dapils=[self.dapils[k] for k in sorted(self.dapils)],
            candidates=[CandidateSpec(b, d, c) for (b, d, _), block in sorted(self.candidates.items(), key=_block_order)
                        for c in block],
            settings=dict(self.settings),
        )


def _block_order(item: tuple[BlockKey, tuple[Candidate, ...]]) -> tuple[int, str, int]:
    (ballot, dapil, party), _ = item
    return list(Ballot).index(ballot), dapil or "", party or 0


DEFAULT_PARTIES: dict[int, Party] = {p.number: p for p in PARTIES_2024}


def describe_changes(old: ReferenceState, new: ReferenceState) -> dict[str, int]:
    """What differs between two states, counted ("wilayah baru": 12, …); empty when nothing changed."""
    counts = {
        "wilayah baru": sum(c not in old.regions for c in new.regions),
        "wilayah diubah": sum(c in old.regions and old.regions[c] != r for c, r in new.regions.items()),
        "partai": sum(old.parties.get(n) != p for n, p in new.parties.items()),
        "paslon": len({n for n in set(old.paslon) | set(new.paslon) if old.paslon.get(n) != new.paslon.get(n)}),
        "dapil baru": sum(k not in old.dapils for k in new.dapils),
        "dapil dihapus": sum(k not in new.dapils for k in old.dapils),
        "dapil diubah": sum(k in old.dapils and old.dapils[k] != d for k, d in new.dapils.items()),
        "daftar calon": len({k for k in set(old.candidates) | set(new.candidates)
                             if old.candidates.get(k) != new.candidates.get(k)}),
        "pengaturan": len({k for k in set(old.settings) | set(new.settings)
                           if old.settings.get(k) != new.settings.get(k)}),
    }
    return {k: v for k, v in counts.items() if v}

