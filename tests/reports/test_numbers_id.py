"""Indonesian number formatting and terbilang (reports.numbers_id)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from reports.numbers_id import (
    day_name,
    format_date_long,
    format_delta,
    format_int,
    month_name,
    number_words,
    terbilang,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1.000"),
        (761_421, "761.421"),
        (1_234_567, "1.234.567"),
        (-3, "\u22123"),
        (-1_500, "\u22121.500"),
    ],
)
def test_format_int(value: int, text: str) -> None:
    assert format_int(value) == text


@pytest.mark.parametrize(("value", "text"), [(12, "+12"), (-3, "\u22123"), (0, "0"), (1_234, "+1.234")])
def test_format_delta_is_signed_with_a_true_minus(value: int, text: str) -> None:
    assert format_delta(value) == text


def test_format_int_rejects_non_integers() -> None:
    with pytest.raises(TypeError):
        format_int(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_int(True)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "NOL"),
        (1, "SATU"),
        (10, "SEPULUH"),
        (11, "SEBELAS"),
        (19, "SEMBILAN BELAS"),
        (100, "SERATUS"),
        (111, "SERATUS SEBELAS"),
        (1000, "SERIBU"),
        (1100, "SERIBU SERATUS"),
        (11_000, "SEBELAS RIBU"),
        (21_000, "DUA PULUH SATU RIBU"),
        (101_000, "SERATUS SATU RIBU"),
        (1_000_000, "SATU JUTA"),
        (1_001_000, "SATU JUTA SERIBU"),  # num2words says "satu juta satu ribu"
        (1_001_001_001, "SATU MILIAR SATU JUTA SERIBU SATU"),
        (761_421, "TUJUH RATUS ENAM PULUH SATU RIBU EMPAT RATUS DUA PULUH SATU"),
        (2024, "DUA RIBU DUA PULUH EMPAT"),
    ],
)
def test_terbilang(value: int, words: str) -> None:
    assert terbilang(value) == words


_UNITS = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def _reference_words(n: int) -> str:
    """An independent textbook implementation, to cross-check num2words + our fix on many numbers."""

    def below_thousand(k: int) -> list[str]:
        out: list[str] = []
        hundreds, rest = divmod(k, 100)
        if hundreds == 1:
            out.append("seratus")
        elif hundreds:
            out += [_UNITS[hundreds], "ratus"]
        if rest == 10:
            out.append("sepuluh")
        elif rest == 11:
            out.append("sebelas")
        elif 12 <= rest <= 19:
            out += [_UNITS[rest - 10], "belas"]
        elif rest >= 20:
            out += [_UNITS[rest // 10], "puluh"]
            if rest % 10:
                out.append(_UNITS[rest % 10])
        elif rest:
            out.append(_UNITS[rest])
        return out

    if n == 0:
        return "nol"
    words: list[str] = []
    for scale, name in ((10**9, "miliar"), (10**6, "juta"), (1000, "ribu")):
        group, n = divmod(n, scale)
        if group == 1 and name == "ribu":
            words.append("seribu")
        elif group:
            words += [*below_thousand(group), name]
    words += below_thousand(n)
    return " ".join(words)


def test_terbilang_matches_a_reference_implementation_on_many_numbers() -> None:
    rng = random.Random(5)
    samples = list(range(0, 2100)) + [rng.randrange(0, 10**10) for _ in range(3000)]
    samples += [10**k + d for k in range(3, 10) for d in (0, 1, 1000, 1001)]
    for value in samples:
        assert number_words(value) == _reference_words(value), value


def test_terbilang_rejects_negative_numbers() -> None:
    with pytest.raises(ValueError):
        terbilang(-1)


def test_calendar_words_do_not_depend_on_the_locale() -> None:
    sunday = dt.date(2024, 3, 3)
    assert day_name(sunday) == "Minggu"
    assert day_name(dt.date(2024, 2, 14)) == "Rabu"
    assert [month_name(m) for m in (1, 2, 8, 12)] == ["Januari", "Februari", "Agustus", "Desember"]
    assert format_date_long(sunday) == "3 Maret 2024"
    with pytest.raises(ValueError):
        month_name(13)
