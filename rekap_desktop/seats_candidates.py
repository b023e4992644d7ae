"""Calon terpilih of one party in one dapil, and the order of its substitutes, with the regulation's tie rules.

The rules (UU 7/2017 Pasal 422; PKPU 6/2024 on the penetapan calon terpilih, Pasal 27–29 for the DPR and the same
provisions for the DPRD Kabupaten/Kota, as quoted by KPU officials, e.g.
https://news.radarsulbarnews.com/dua-caleg-gerindra-raih-suara-sama-penyebaran-suara-jadi-penentu/ and
https://beritakotakendari.fajar.co.id/2024/02/26/caleg-terpilih-diumumkan-paling-lambat-8-juni-2024/):

1. the party's seats go to its candidates with the most valid votes (lines ``IV.<p>.<k>``), first, second, …;
2. when no candidate of the party received a vote, by nomor urut on the DCT;
3. equal votes: the candidate whose votes are spread over a wider area, tier by tier ("persebaran wilayah perolehan
   suara yang lebih luas secara berjenjang"): for a dapil of a kabupaten the kecamatan, then the desa/kelurahan,
   then the TPS;
4. still equal: the woman (``CandidateRow.gender`` = "P");
5. still equal (same sex): the higher place (smaller nomor urut) on the DCT.

The app has the kecamatan figures only. It applies tier 3 at the kecamatan level (the number of kecamatan of the
dapil in which the candidate received votes). When two candidates are also equal there, the desa and TPS tiers
need figures the app does not have (D.HASIL DESA / C.HASIL): the tie is **not broken** — it is reported, with the
order rules 4 and 5 would give if the lower tiers are equal too, for the plenary to decide. Candidates without any
vote are equal at every tier by construction, so rules 4 and 5 settle them.

Substitutes (calon pengganti antarwaktu) are the party's next candidates in the same order (UU 7/2017 Pasal 426
ayat (3): "perolehan suara calon terbanyak berikutnya"; PKPU 3/2025 keeps the same tie tiers).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from rekap_desktop.numbers import format_number
from rekap_desktop.participants import Candidate


@dataclass(frozen=True, slots=True)
class CandidateTally:
    """A candidate's valid votes in the dapil (JUMLAH of ``IV.<p>.<k>``)."""

    candidate: Candidate
    votes: int

    @property
    def nomor(self) -> int:
        return self.candidate.number

    @property
    def is_woman(self) -> bool:
        return (self.candidate.gender or "").upper() == "P"


@dataclass(frozen=True, slots=True)
class RankedCandidate:
    """A candidate's place. ``elected``: True/False, or None while a tie the app cannot break decides it.

    ``spread``: kecamatan of the dapil with votes for the candidate, computed only where a tie needs it.
    ``decided_by``: how its place against an equal-vote neighbour was settled ("" when the votes differ).
    ``tied_with``: nomor urut of the candidates it is tied with, unresolved (the plenary decides).
    """

    tally: CandidateTally
    rank: int
    elected: bool | None
    spread: int | None = None
    decided_by: str = ""
    tied_with: tuple[int, ...] = ()

    @property
    def candidate(self) -> Candidate:
        return self.tally.candidate

    @property
    def votes(self) -> int:
        return self.tally.votes


@dataclass(frozen=True, slots=True)
class CandidateTie:
    """Candidates tied at the boundary of the party's seats: ``seats`` of them are elected, who is undecided."""

    nomor: tuple[int, ...]
    seats: int
    votes: int
    spread: int  # kecamatan with votes, equal for all of them

    def text(self, party_name: str) -> str:
        who = ", ".join(f"no. {n}" for n in self.nomor)
        return (f"calon {party_name} {who} seri: sama-sama {format_number(self.votes)} suara di "
                f"{self.spread} kecamatan; {self.seats} kursi di antara mereka ditentukan persebaran suara tingkat "
                "desa/kelurahan lalu TPS (data tidak ada di aplikasi), lalu perempuan, lalu nomor urut: diputuskan "
                "rapat pleno")


@dataclass(frozen=True)
class PartyCandidates:
    """The ranking of one party's candidates for its ``seats`` seats in one dapil."""

    party: int
    seats: int
    ranked: tuple[RankedCandidate, ...]
    tie: CandidateTie | None = None

    @property
    def unfilled(self) -> int:
        """Seats beyond the party's candidate list (nobody left to take them)."""
        return max(0, self.seats - len(self.ranked))

    @cached_property
    def elected(self) -> tuple[RankedCandidate, ...]:
        return tuple(r for r in self.ranked if r.elected)

    @cached_property
    def undecided(self) -> tuple[RankedCandidate, ...]:
        return tuple(r for r in self.ranked if r.elected is None)

    @cached_property
    def substitutes(self) -> tuple[RankedCandidate, ...]:
        """Not elected, in the order they would replace an elected member (calon pengganti antarwaktu)."""
        return tuple(r for r in self.ranked if r.elected is False)

    @property
    def last_elected(self) -> RankedCandidate | None:
        if self.seats == 0 or self.tie is not None:
            return None
        elected = self.elected
        return elected[-1] if elected else None

    @property
    def first_not_elected(self) -> RankedCandidate | None:
        if self.tie is not None:
            return None
        rest = self.substitutes
        return rest[0] if rest else None

    @property
    def margin(self) -> int | None:
        """Votes by which the last elected leads the first not elected (0 when tied); None without a contest."""
        if self.tie is not None:
            return 0
        last, first = self.last_elected, self.first_not_elected
        if last is None or first is None:
            return None
        return last.votes - first.votes


SpreadOf = Callable[[Candidate], int]


def rank_candidates(party: int, tallies: Sequence[CandidateTally], seats: int, spread_of: SpreadOf) -> PartyCandidates:
    """Rank a party's candidates (:data:`__doc__` rules 1–5) and mark who takes its ``seats`` seats.

    ``spread_of(candidate)`` gives the number of kecamatan of the dapil with votes for the candidate; it is called
    only for candidates whose votes are equal to another's.
    """
    if seats < 0:
        raise ValueError("jumlah kursi partai tidak boleh negatif")
    if all(t.votes == 0 for t in tallies):
        ordered = sorted(tallies, key=lambda t: t.nomor)
        reason = "nomor urut DCT (tidak ada calon yang memperoleh suara)" if len(ordered) > 1 else ""
        return PartyCandidates(party, seats, tuple(
            RankedCandidate(t, i + 1, i < seats, decided_by=reason) for i, t in enumerate(ordered)))
    groups: list[list[CandidateTally]] = []
    for t in sorted(tallies, key=lambda t: (-t.votes, t.nomor)):
        if groups and groups[-1][0].votes == t.votes:
            groups[-1].append(t)
        else:
            groups.append([t])
    places: list[tuple[CandidateTally, int | None, str, tuple[int, ...]]] = []  # tally, spread, reason, tied
    for group in groups:
        places.extend(_order_equal_votes(group, spread_of))
    ranked: list[RankedCandidate] = []
    tie: CandidateTie | None = None
    i = 0
    while i < len(places):
        tally, spread, reason, tied = places[i]
        if not tied:
            ranked.append(RankedCandidate(tally, i + 1, i < seats, spread, reason))
            i += 1
            continue
        size = len(tied)
        block = places[i : i + size]
        straddles = i < seats < i + size
        if straddles:
            tie = CandidateTie(tuple(sorted(tied)), seats - i, tally.votes, spread or 0)
        for k, (t, sp, why, group_nomor) in enumerate(block):
            elected = None if straddles else (i + k < seats)
            others = tuple(n for n in group_nomor if n != t.nomor)
            ranked.append(RankedCandidate(t, i + k + 1, elected, sp, why, others))
        i += size
    return PartyCandidates(party, seats, tuple(ranked), tie)


def _order_equal_votes(
    group: list[CandidateTally], spread_of: SpreadOf,
) -> list[tuple[CandidateTally, int | None, str, tuple[int, ...]]]:
    """Order candidates with equal votes: spread over kecamatan, and — where that is equal too — the provisional
    order of rules 4–5, marked as tied (the desa and TPS tiers are unknown)."""
    if len(group) == 1:
        return [(group[0], None, "", ())]
    if group[0].votes == 0:  # no votes anywhere: equal at every tier, rules 4 and 5 decide
        ordered = sorted(group, key=_woman_then_nomor)
        return [(t, 0, "tanpa suara: perempuan, lalu nomor urut", ()) for t in ordered]
    spreads = {t.nomor: spread_of(t.candidate) for t in group}
    by_spread: dict[int, list[CandidateTally]] = {}
    for t in group:
        by_spread.setdefault(spreads[t.nomor], []).append(t)
    out: list[tuple[CandidateTally, int | None, str, tuple[int, ...]]] = []
    for spread in sorted(by_spread, reverse=True):
        same = sorted(by_spread[spread], key=_woman_then_nomor)
        if len(same) == 1:
            out.append((same[0], spread, f"persebaran: suara di {spread} kecamatan", ()))
            continue
        nomor = tuple(t.nomor for t in same)
        for t in same:
            out.append((t, spread, f"seri di {spread} kecamatan; urutan sementara: perempuan, lalu nomor urut",
                        nomor))
    return out


def _woman_then_nomor(t: CandidateTally) -> tuple[int, int]:
    return (0 if t.is_woman else 1, t.nomor)
