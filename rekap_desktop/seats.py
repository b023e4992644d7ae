"""Seat allocation of one DPRD Kabupaten/Kota dapil: the Sainte-Laguë divisor method, exact, ties shown.

The rule (UU 7/2017 Pasal 420; Pasal 415 ayat (3) for the DPRD; PKPU 6/2024 Pasal 19 and 24 as summarised by
Bawaslu Kota Cimahi, https://cimahikota.bawaslu.go.id/berita/catat-cara-penentuan-perolehan-kursi-anggota-dprd-provinsi-dan-dprd-kabupatenkota):

a. each party's valid votes in the dapil (party votes + its candidates' votes, line ``IV.<p>.T``);
b. divided by 1, 3, 5, 7, …;
c. the quotients ranked from the largest;
d. the largest takes the first seat, the next the second seat, … until the dapil's seats are gone.

Every party takes part (UU 7/2017 Pasal 414 ayat (2): the 4 % threshold of ayat (1) is for the DPR only). Quotients
are compared exactly (fractions, never floats). Quotients that are equal and straddle the last seat are a **tie**:
no article found in the text available to us (UU 7/2017, PKPU 6/2024 as quoted publicly) says how a tie between
parties is broken, so :func:`allocate` never breaks it — it reports which parties tie for how many seats, for the
plenary to decide (docs/panduan-kursi.md).

The sensitivity helpers (:meth:`Allocation.threshold`) say how many votes would have to change for some party to
gain a seat from another: for a party X gaining and a party Y losing, X's next quotient ``v_X / (2 s_X + 1)`` must
reach Y's last winning quotient ``v_Y / (2 s_Y − 1)``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from functools import cached_property

from rekap_desktop.numbers import format_number


def divisor(seat: int) -> int:
    """The divisor for a party's ``seat``-th seat: 1, 3, 5, … (seat counted from 1)."""
    if seat < 1:
        raise ValueError("kursi dihitung mulai 1")
    return 2 * seat - 1


def _hundredths(value: Fraction) -> int:
    """``value`` in hundredths, rounded half up (quotients are never negative)."""
    scaled = value * 100
    return (scaled.numerator * 2 // scaled.denominator + 1) // 2


def format_quotient(value: Fraction) -> str:
    """A quotient in Indonesian notation with two decimals: Fraction(20000, 3) → '6.666,67'."""
    whole, cents = divmod(_hundredths(value), 100)
    return f"{format_number(whole)},{cents:02d}"


def decimal_text(value: Fraction) -> str:
    """A quotient for machine-readable output, two decimals with a point: Fraction(20000, 3) → '6666.67'."""
    whole, cents = divmod(_hundredths(value), 100)
    return f"{whole}.{cents:02d}"


def _ceil_div(a: int, b: int) -> int:
    return -((-a) // b)


class QuotientStatus(StrEnum):
    SEAT = "kursi"  # takes a seat
    TIE = "seri"  # equal to other quotients competing for the last seat(s): for the plenary to decide
    NONE = "tidak"  # no seat


@dataclass(frozen=True, slots=True)
class Quotient:
    """One entry of the quotient table: a party's votes divided by one divisor."""

    party: int
    divisor: int
    votes: int
    status: QuotientStatus
    seat: int | None = None  # seat number 1..S in the dapil when it takes a seat (ranked order)

    @property
    def value(self) -> Fraction:
        return Fraction(self.votes, self.divisor)

    @property
    def text(self) -> str:
        return format_quotient(self.value)


@dataclass(frozen=True, slots=True)
class Tie:
    """Equal quotients competing for the last ``seats`` seat(s) of the dapil."""

    seats: int
    parties: tuple[int, ...]
    value: Fraction

    @property
    def text(self) -> str:
        return format_quotient(self.value)


@dataclass(frozen=True, slots=True)
class LastSeat:
    """The last seat's margin: the holder's last winning quotient against the best losing quotient of another party.

    ``holder_loses``: votes the holder would have to lose (others unchanged) to fall to a tie;
    ``challenger_gains``: votes the challenger would have to gain to reach a tie;
    ``votes_moved``: votes moved from the holder to the challenger that bring a tie (both change).
    All zero when the last seat is tied already.
    """

    holder: int
    holder_divisor: int
    holder_votes: int
    challenger: int
    challenger_divisor: int
    challenger_votes: int

    @property
    def holder_quotient(self) -> Fraction:
        return Fraction(self.holder_votes, self.holder_divisor)

    @property
    def challenger_quotient(self) -> Fraction:
        return Fraction(self.challenger_votes, self.challenger_divisor)

    @property
    def quotient_margin(self) -> Fraction:
        return self.holder_quotient - self.challenger_quotient

    @property
    def _d(self) -> int:
        return self.holder_votes * self.challenger_divisor - self.challenger_votes * self.holder_divisor

    @property
    def holder_loses(self) -> int:
        return max(0, _ceil_div(self._d, self.challenger_divisor))

    @property
    def challenger_gains(self) -> int:
        return max(0, _ceil_div(self._d, self.holder_divisor))

    @property
    def votes_moved(self) -> int:
        return max(0, _ceil_div(self._d, self.holder_divisor + self.challenger_divisor))


@dataclass(frozen=True)
class Allocation:
    """The seats of one dapil from the parties' votes.

    ``won`` holds the seats each party takes for certain; a :class:`Tie` holds the seats still undecided (then
    ``sum(won.values()) + tie.seats == seats``). ``quotients`` is the quotient table: per party, its quotients up
    to the first one that takes no seat, ordered by party then divisor.
    """

    seats: int
    votes: Mapping[int, int]
    won: Mapping[int, int]
    quotients: tuple[Quotient, ...]
    tie: Tie | None = None
    last_seat: LastSeat | None = None
    _thresholds: dict[tuple[int, int], tuple[int, int, int]] = field(default_factory=dict, repr=False,
                                                                     compare=False)

    @property
    def total_votes(self) -> int:
        return sum(self.votes.values())

    def seats_of(self, party: int) -> int:
        return self.won.get(party, 0)

    def quotients_of(self, party: int) -> tuple[Quotient, ...]:
        return tuple(q for q in self.quotients if q.party == party)

    @cached_property
    def ranked(self) -> tuple[Quotient, ...]:
        """The quotients that take a seat or tie for one, in seat order."""
        taken = sorted((q for q in self.quotients if q.seat is not None), key=lambda q: q.seat or 0)
        return (*taken, *(q for q in self.quotients if q.status is QuotientStatus.TIE))

    def threshold(self, gainer: int, loser: int) -> tuple[int, int, int]:
        """Votes that make ``gainer`` reach (tie or beat) ``loser``'s last seat: (gainer alone gains, loser alone
        loses, both change by at most this much). A large number when ``loser`` holds no seat."""
        key = (gainer, loser)
        cached = self._thresholds.get(key)
        if cached is not None:
            return cached
        s_loser = self.won.get(loser, 0)
        if gainer == loser or s_loser == 0 or self.tie is not None:
            result = (0, 0, 0) if self.tie is not None and gainer != loser else (_NEVER, _NEVER, _NEVER)
        else:
            d_gain, d_lose = divisor(self.won.get(gainer, 0) + 1), divisor(s_loser)
            gap = self.votes.get(loser, 0) * d_gain - self.votes.get(gainer, 0) * d_lose
            if gap <= 0:
                result = (0, 0, 0)
            else:
                result = (_ceil_div(gap, d_lose), _ceil_div(gap, d_gain), _ceil_div(gap, d_gain + d_lose))
        self._thresholds[key] = result
        return result

    @cached_property
    def _minima(self) -> tuple[dict[int, int], dict[int, int], int, int, int]:
        """Per party: fewest votes it must gain to take a seat / may lose before losing one; and over all pairs:
        the fewest a gainer alone, a loser alone, or both together must change (see :meth:`threshold`)."""
        gain: dict[int, int] = {}
        lose: dict[int, int] = {}
        any_gain = any_lose = any_both = _NEVER
        if self.tie is not None:
            return gain, lose, 0, 0, 0
        holders = [(p, self.votes[p], divisor(s)) for p, s in self.won.items() if s > 0]
        for gainer, v_gain in self.votes.items():
            d_gain = divisor(self.won.get(gainer, 0) + 1)
            best_gain = _NEVER
            for loser, v_lose, d_lose in holders:
                if loser == gainer:
                    continue
                gap = v_lose * d_gain - v_gain * d_lose
                if gap <= 0:
                    g = ls = b = 0
                else:
                    g, ls, b = -(-gap // d_lose), -(-gap // d_gain), -(-gap // (d_gain + d_lose))
                best_gain = min(best_gain, g)
                lose[loser] = min(lose.get(loser, _NEVER), ls)
                any_both = min(any_both, b)
            gain[gainer] = best_gain
            any_gain = min(any_gain, best_gain)
        any_lose = min(lose.values(), default=_NEVER)
        return gain, lose, any_gain, any_lose, any_both

    def could_change(self, size: int, parties: Iterable[int] | None, *, add_only: bool = False) -> bool:
        """Could an open item of ``size`` votes change a seat? ``parties``: whose votes it can change (None: any
        party of the dapil); ``add_only``: votes can only be added (a kecamatan not read yet), never taken away.

        Conservative: the item may move each affected party's votes by up to ``size`` in either direction.
        """
        if size <= 0:
            return False
        if self.tie is not None:
            return True
        gain, lose, any_gain, any_lose, any_both = self._minima
        if parties is None:
            return size >= (any_gain if add_only else min(any_gain, any_lose, any_both))
        affected = [p for p in set(parties) if p in self.votes]
        for p in affected:
            if size >= gain.get(p, _NEVER) or (not add_only and size >= lose.get(p, _NEVER)):
                return True
        if add_only:
            return False
        return any(size >= self.threshold(x, y)[2] for x in affected for y in affected if x != y)


_NEVER = 10**12


def allocate(votes: Mapping[int, int], seats: int) -> Allocation:
    """Allocate ``seats`` seats among parties (party number → valid votes, all parties of the dapil).

    Raises ValueError for fewer than 1 seat or a negative vote count. Parties with 0 votes take part too; they can
    only take a seat when there are too few votes to fill the dapil (then the equal zero quotients are a tie).
    """
    if seats < 1:
        raise ValueError("jumlah kursi dapil harus sedikitnya 1")
    if any(v < 0 for v in votes.values()):
        raise ValueError("suara tidak boleh negatif")
    # Exact and fast: every quotient v/d scaled by L = lcm of the divisors is the integer v·(L/d); equal
    # quotients have equal keys, and the order of the keys is the order of the quotients.
    scale = math.lcm(*(divisor(k) for k in range(1, seats + 1)))
    entries = [(v * (scale // divisor(k)), p, divisor(k)) for p, v in votes.items() for k in range(1, seats + 1)]
    entries.sort(key=lambda e: (-e[0], e[1], e[2]))
    won: dict[int, int] = dict.fromkeys(votes, 0)
    status: dict[tuple[int, int], tuple[QuotientStatus, int | None]] = {}
    tie: Tie | None = None
    seat_no = 0
    i = 0
    while i < len(entries) and seat_no < seats:
        j = i
        while j < len(entries) and entries[j][0] == entries[i][0]:
            j += 1
        group = entries[i:j]
        if len(group) <= seats - seat_no:
            for _, party, div in group:
                seat_no += 1
                won[party] += 1
                status[(party, div)] = (QuotientStatus.SEAT, seat_no)
        else:
            first = group[0]
            tie = Tie(seats - seat_no, tuple(sorted({p for _, p, _ in group})), Fraction(votes[first[1]], first[2]))
            for _, party, div in group:
                status[(party, div)] = (QuotientStatus.TIE, None)
            seat_no = seats
        i = j
    quotients: list[Quotient] = []
    for party in sorted(votes):
        for k in range(1, seats + 1):
            div = divisor(k)
            st, seat = status.get((party, div), (QuotientStatus.NONE, None))
            quotients.append(Quotient(party, div, votes[party], st, seat))
            if st is QuotientStatus.NONE:
                break
    won = {p: s for p, s in won.items() if s}
    last = None if tie is not None else _last_seat(votes, won)
    return Allocation(seats, dict(votes), won, tuple(quotients), tie, last)


def _last_seat(votes: Mapping[int, int], won: Mapping[int, int]) -> LastSeat | None:
    """The holder of the lowest winning quotient against the best next quotient of any other party."""
    if not won:
        return None
    holder = min(won, key=lambda p: (Fraction(votes[p], divisor(won[p])), -p))
    others = [p for p in votes if p != holder]
    if not others:
        return None
    challenger = max(others, key=lambda p: (Fraction(votes[p], divisor(won.get(p, 0) + 1)), -p))
    return LastSeat(holder, divisor(won[holder]), votes[holder], challenger, divisor(won.get(challenger, 0) + 1),
                    votes[challenger])
