"""Calon terpilih and substitutes (issue 14.2): most votes first; ties by spread over kecamatan, then — only when
the desa/TPS tiers are known to be equal — the woman, then the nomor urut; ties the app cannot break are shown."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from rekap_desktop.participants import Candidate
from rekap_desktop.seats_candidates import CandidateTally, rank_candidates


def tallies(*rows: tuple[int, int, str]) -> list[CandidateTally]:
    """(nomor, votes, gender) → tallies of party 5."""
    return [CandidateTally(Candidate(n, f"CALON CONTOH {n}", 5, g), v) for n, v, g in rows]


class spread:  # used like a function
    """A spread function over fixed kecamatan counts that records whom it was asked about."""

    def __init__(self, values: Mapping[int, int]) -> None:
        self.values = values
        self.calls: list[int] = []

    def __call__(self, c: Candidate) -> int:
        self.calls.append(c.number)
        return self.values[c.number]


def test_most_votes_take_the_seats_and_the_rest_are_substitutes_in_order() -> None:
    of = spread({})
    pc = rank_candidates(5, tallies((1, 900, "L"), (2, 2500, "P"), (3, 1200, "L"), (4, 50, "P")), 2, of)
    assert [r.candidate.number for r in pc.elected] == [2, 3]
    assert [r.candidate.number for r in pc.substitutes] == [1, 4]  # calon pengganti antarwaktu: next by votes
    assert [r.rank for r in pc.ranked] == [1, 2, 3, 4]
    assert pc.margin == 300 and pc.last_elected and pc.last_elected.candidate.number == 3
    assert of.calls == []  # no tie, no spread needed


def test_equal_votes_decided_by_spread_over_kecamatan() -> None:
    of = spread({1: 2, 3: 3})
    pc = rank_candidates(5, tallies((1, 1000, "P"), (2, 3000, "L"), (3, 1000, "L")), 2, of)
    assert [r.candidate.number for r in pc.elected] == [2, 3]  # no. 3's votes come from 3 kecamatan, no. 1's from 2
    assert pc.tie is None and pc.margin == 0
    third = pc.ranked[2]
    assert third.candidate.number == 1 and third.spread == 2 and "2 kecamatan" in third.decided_by
    assert sorted(of.calls) == [1, 3]


def test_a_tie_the_app_cannot_break_is_shown_not_broken() -> None:
    """Equal votes and equal kecamatan spread: the desa and TPS tiers decide (figures the app does not have)."""
    pc = rank_candidates(5, tallies((1, 800, "L"), (2, 3000, "L"), (3, 800, "P"), (4, 10, "L")), 2,
                         spread({1: 3, 3: 3}))
    assert [r.candidate.number for r in pc.elected] == [2]
    assert [(r.candidate.number, r.tied_with) for r in pc.undecided] == [(3, (1,)), (1, (3,))]  # woman first
    assert pc.tie is not None and (pc.tie.nomor, pc.tie.seats, pc.tie.votes, pc.tie.spread) == ((1, 3), 1, 800, 3)
    assert "desa/kelurahan lalu TPS" in pc.tie.text("PKB") and "rapat pleno" in pc.tie.text("PKB")
    assert pc.margin == 0 and pc.last_elected is None and pc.first_not_elected is None
    assert [r.candidate.number for r in pc.substitutes] == [4]


def test_a_tie_among_substitutes_keeps_its_mark() -> None:
    pc = rank_candidates(5, tallies((1, 5000, "L"), (2, 700, "L"), (3, 700, "L")), 1, spread({2: 1, 3: 1}))
    assert pc.tie is None and [r.candidate.number for r in pc.elected] == [1]
    assert [(r.candidate.number, r.tied_with) for r in pc.substitutes] == [(2, (3,)), (3, (2,))]


def test_candidates_without_votes_woman_then_nomor_urut() -> None:
    """No votes anywhere: equal at every spread tier, so the woman, then the higher place on the DCT."""
    of = spread({})
    pc = rank_candidates(5, tallies((1, 0, "L"), (2, 400, "L"), (3, 0, "P"), (4, 0, "L")), 2, of)
    assert [r.candidate.number for r in pc.ranked] == [2, 3, 1, 4]
    assert [r.candidate.number for r in pc.elected] == [2, 3] and pc.tie is None
    assert of.calls == []


def test_no_candidate_with_votes_nomor_urut_decides() -> None:
    """PKPU 6/2024: a party with a seat but no candidate with a vote — by nomor urut on the DCT."""
    pc = rank_candidates(5, tallies((1, 0, "L"), (2, 0, "P"), (3, 0, "L")), 1, spread({}))
    assert [r.candidate.number for r in pc.elected] == [1]
    assert "nomor urut" in pc.ranked[0].decided_by


def test_more_seats_than_candidates() -> None:
    pc = rank_candidates(5, tallies((1, 10, "L")), 3, spread({}))
    assert pc.unfilled == 2 and len(pc.elected) == 1 and pc.margin is None


def test_no_seat_all_substitutes() -> None:
    pc = rank_candidates(5, tallies((1, 10, "L"), (2, 20, "L")), 0, spread({}))
    assert pc.elected == () and [r.candidate.number for r in pc.substitutes] == [2, 1] and pc.margin is None
    with pytest.raises(ValueError):
        rank_candidates(5, [], -1, spread({}))
