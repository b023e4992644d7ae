"""Seat allocation by the Sainte-Laguë divisor method (issue 14.1): textbook cases from public explanations,
properties of divisor methods (hypothesis), ties, and the margins used by the sensitivity analysis."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rekap_desktop.seats import Allocation, QuotientStatus, allocate, divisor, format_quotient


def seats_of(a: Allocation) -> dict[int, int]:
    return {p: s for p, s in a.won.items() if s}


# ------------------------------------------------------------------------------------------ textbook cases
def test_five_parties_six_seats_tribunnews() -> None:
    """Tribunnews, 17 Feb 2024 (recap-domain.md S57), "Sebagai contoh, satu daerah pemilihan (Dapil) memiliki alokasi
    enam kursi": A 30.000, B 20.000, C 15.000, D 7.000, E 5.000 → A and B two seats each, C and D one, E none
    (https://m.tribunnews.com/mata-lokal-memilih/2024/02/17/data-real-count-sementara-kpu-puan-tak-punya-pesaing-di-jateng-v-begini-perolehan-suara-caleg-pdip?page=2;
    the same example with the result in bolasport.com and radarkaur.bacakoran.co)."""
    a = allocate({1: 30_000, 2: 20_000, 3: 15_000, 4: 7_000, 5: 5_000}, 6)
    assert seats_of(a) == {1: 2, 2: 2, 3: 1, 4: 1}
    assert a.tie is None
    # seat order as the article computes it: A, B, C, A (10.000), D (7.000), B (6.666)
    assert [(q.party, q.divisor) for q in a.ranked] == [(1, 1), (2, 1), (3, 1), (1, 3), (4, 1), (2, 3)]
    # quotients used: each party up to its first quotient without a seat
    table = {(q.party, q.divisor): (q.text, q.status) for q in a.quotients}
    assert table[(2, 3)] == ("6.666,67", QuotientStatus.SEAT)
    assert table[(1, 5)] == ("6.000,00", QuotientStatus.NONE)
    assert table[(5, 1)] == ("5.000,00", QuotientStatus.NONE)
    assert (3, 5) not in table  # C's quotient by 3 already took no seat
    # the last seat: B's 6.666,67 against A's 6.000 (the best losing quotient of another party)
    last = a.last_seat
    assert last is not None and (last.holder, last.challenger) == (2, 1)
    assert last.quotient_margin == Fraction(2000, 3)
    assert (last.holder_loses, last.challenger_gains, last.votes_moved) == (2000, 3334, 1250)


def test_six_seats_fajar() -> None:
    """fajar.co.id, 14 Feb 2024, "Cara Menghitung Perolehan Kursi DPR dan DPRD dengan Metode Sainte Lague": six seats,
    A 40.000, B 26.000, C 20.000, D 9.000, E 7.000 → A 2, B 2, C 1, D 1; B takes the sixth seat with 8.666
    (https://fajar.co.id/2024/02/14/cara-menghitung-perolehan-kursi-dpr-dan-dprd-dengan-metode-sainte-lague/3)."""
    a = allocate({1: 40_000, 2: 26_000, 3: 20_000, 4: 9_000, 5: 7_000}, 6)
    assert seats_of(a) == {1: 2, 2: 2, 3: 1, 4: 1}
    assert a.ranked[-1].party == 2 and a.ranked[-1].text == "8.666,67"


def test_five_seats_potensinetwork() -> None:
    """potensinetwork.com, 21 Jan 2024, "Cara menghitung raihan Kursi DPRD di Pemilu 2024": A 36.000, B 18.000,
    C 15.000, D 9.000, E 6.000; the fourth seat to A (12.000), the fifth to D (9.000)
    (https://potensinetwork.com/2024/01/21/cara-menghitung-raihan-kursi-dprd-di-pemilu-2024/3)."""
    a = allocate({1: 36_000, 2: 18_000, 3: 15_000, 4: 9_000, 5: 6_000}, 5)
    assert seats_of(a) == {1: 2, 2: 1, 3: 1, 4: 1}
    assert [(q.party, q.text) for q in a.ranked][3:] == [(1, "12.000,00"), (4, "9.000,00")]


def test_every_party_takes_part_no_threshold() -> None:
    """DPRD: no 4 % threshold (UU 7/2017 Pasal 414 ayat (2)): a party with 3 % of the votes still wins a seat."""
    votes = {n: 9_500 - 100 * (n - 1) for n in range(1, 11)} | {24: 3_500}
    assert votes[24] / sum(votes.values()) < 0.04
    a = allocate(votes, 12)
    assert seats_of(a)[24] == 1 and a.tie is None


def test_divisors_and_quotient_text() -> None:
    assert [divisor(k) for k in range(1, 6)] == [1, 3, 5, 7, 9]
    assert format_quotient(Fraction(1, 200)) == "0,01"
    assert format_quotient(Fraction(1, 201)) == "0,00"
    assert format_quotient(Fraction(1_234_567, 1)) == "1.234.567,00"
    with pytest.raises(ValueError):
        divisor(0)
    with pytest.raises(ValueError):
        allocate({1: 5}, 0)
    with pytest.raises(ValueError):
        allocate({1: -5}, 3)


# ------------------------------------------------------------------------------------------ ties
def test_equal_quotients_for_the_last_seat_are_a_tie_never_broken() -> None:
    a = allocate({1: 30_000, 2: 10_000, 3: 4_000}, 2)  # A 30.000 first; A/3 = 10.000 = B/1 for the second
    assert seats_of(a) == {1: 1}
    assert a.tie is not None and (a.tie.seats, a.tie.parties, a.tie.text) == (1, (1, 2), "10.000,00")
    statuses = {(q.party, q.divisor): q.status for q in a.quotients}
    assert statuses[(1, 3)] is statuses[(2, 1)] is QuotientStatus.TIE
    assert a.last_seat is None
    assert a.could_change(1, {3})  # a tie: anything open could decide it


def test_equal_quotients_inside_the_seats_are_no_tie() -> None:
    a = allocate({1: 10_000, 2: 10_000, 3: 1_000}, 2)
    assert seats_of(a) == {1: 1, 2: 1} and a.tie is None


def test_three_way_tie_for_two_seats() -> None:
    a = allocate({1: 9_000, 2: 3_000, 3: 3_000, 4: 3_000}, 3)  # 9.000; then 3.000 ×4 (A/3, B, C, D) for 2 seats
    assert seats_of(a) == {1: 1}
    assert a.tie is not None and a.tie.seats == 2 and a.tie.parties == (1, 2, 3, 4)


def test_no_votes_at_all_is_a_tie_of_every_party() -> None:
    a = allocate({1: 0, 2: 0}, 3)
    assert a.won == {} and a.tie is not None and a.tie.seats == 3 and a.tie.parties == (1, 2)


# ------------------------------------------------------------------------------------------ margins
def test_margins_agree_with_reallocation() -> None:
    votes = {1: 30_000, 2: 20_000, 3: 15_000, 4: 7_000, 5: 5_000}
    base = allocate(votes, 6)
    last = base.last_seat
    assert last is not None

    def changed(**delta: int) -> bool:
        v = dict(votes)
        for k, d in delta.items():
            v[int(k[1:])] += d
        a = allocate(v, 6)
        return a.tie is not None or seats_of(a) != seats_of(base)

    assert changed(p1=last.challenger_gains) and not changed(p1=last.challenger_gains - 1)
    assert changed(p2=-last.holder_loses) and not changed(p2=-(last.holder_loses - 1))
    t = last.votes_moved
    assert changed(p1=t, p2=-t) and not changed(p1=t - 1, p2=-(t - 1))


votes_strategy = st.dictionaries(st.integers(1, 24), st.integers(0, 200_000), min_size=2, max_size=12)


@settings(max_examples=300, deadline=None)
@given(votes_strategy, st.integers(1, 12))
def test_seats_sum_to_the_dapil(votes: dict[int, int], seats: int) -> None:
    a = allocate(votes, seats)
    assert sum(a.won.values()) + (a.tie.seats if a.tie else 0) == seats
    winning = [q.value for q in a.quotients if q.status is QuotientStatus.SEAT]
    losing = [q.value for q in a.quotients if q.status is QuotientStatus.NONE]
    if winning and losing:  # the divisor method: every seat's quotient beats (or, tied, equals) every loser
        assert min(winning) >= max(losing)
        if a.tie is None:
            assert min(winning) > max(losing) or min(winning) == 0


@settings(max_examples=300, deadline=None)
@given(votes_strategy, st.integers(1, 11))
def test_house_monotonicity(votes: dict[int, int], seats: int) -> None:
    """One more seat in the dapil never takes a seat away from a party (divisor methods are house monotone)."""
    small, large = allocate(votes, seats), allocate(votes, seats + 1)
    assume(small.tie is None and large.tie is None)
    for party in votes:
        assert large.seats_of(party) >= small.seats_of(party)
    assert sum(large.won.values()) == sum(small.won.values()) + 1


@settings(max_examples=300, deadline=None)
@given(votes_strategy, st.integers(1, 12), st.data())
def test_more_votes_never_fewer_seats(votes: dict[int, int], seats: int, data: st.DataObject) -> None:
    party = data.draw(st.sampled_from(sorted(votes)))
    extra = data.draw(st.integers(1, 50_000))
    before = allocate(votes, seats)
    after = allocate({**votes, party: votes[party] + extra}, seats)
    assume(before.tie is None and after.tie is None)
    assert after.seats_of(party) >= before.seats_of(party)
    for other in votes:  # and nobody else gains from it
        if other != party:
            assert after.seats_of(other) <= before.seats_of(other)


@settings(max_examples=200, deadline=None)
@given(votes_strategy, st.integers(1, 12), st.data())
def test_could_change_is_sound_for_one_party(votes: dict[int, int], seats: int, data: st.DataObject) -> None:
    """When the sensitivity test says an item on one party cannot change a seat, no change within its size does;
    when it says it can, the extreme change does (or makes a tie)."""
    base = allocate(votes, seats)
    assume(base.tie is None and sum(votes.values()) > 0)
    party = data.draw(st.sampled_from(sorted(votes)))
    size = data.draw(st.integers(1, 60_000))
    outcomes = []
    for delta in (size, -min(size, votes[party])):
        after = allocate({**votes, party: votes[party] + delta}, seats)
        outcomes.append(after.tie is not None or seats_of(after) != seats_of(base))
    if base.could_change(size, {party}):
        assert any(outcomes) or size > votes[party]  # a loss can be capped by the votes the party has
    else:
        assert not any(outcomes)
    if not base.could_change(size, {party}, add_only=True):
        assert not outcomes[0]
