"""Syllable breaking of long kecamatan names for narrow column headers."""

from __future__ import annotations

import pytest

from reports.syllables_id import break_points, break_word


def _width(text: str) -> float:
    return float(len(text))


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("KARANGPENANG", ["KARANG-", "PENANG"]),
        ("PANGARENGAN", ["PANGA-", "RENGAN"]),
        ("TAMBELANGAN", ["TAMBE-", "LANGAN"]),
        ("KEDUNGDUNG", ["KEDUNG-", "DUNG"]),
        ("BANYUATES", ["BANYU-", "ATES"]),
        ("CAMPLONG", ["CAM-", "PLONG"]),  # three consonants: break after the first
        ("SAMPANG", ["SAMPANG"]),  # fits: not broken
    ],
)
def test_break_word_at_indonesian_syllables(word: str, parts: list[str]) -> None:
    assert break_word(word, _width, 7) == parts


def test_digraphs_and_diphthongs_are_never_split() -> None:
    assert 4 not in break_points("BANYAK")  # BAN-YAK would split NY
    assert 3 not in break_points("PANGAN")  # PAN-GAN would split NG
    assert 5 not in break_points("PANTAI")  # PANTA-I would split the diphthong AI
    assert break_points("BANYAK") == [2]  # BA-NYAK


def test_a_word_without_break_points_is_left_whole() -> None:
    assert break_word("XXXXXXXXXXXX", _width, 4) == ["XXXXXXXXXXXX"]
