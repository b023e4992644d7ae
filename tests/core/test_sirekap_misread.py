"""misread: how a written figure could come out of the OCR, and which readings the arithmetic confirms."""

from __future__ import annotations

import pytest

from rekap_desktop.sirekap.misread import (
    EXTRA_DIGIT,
    LEADING_8,
    ONE_DIGIT,
    Equation,
    confirmed_readings,
    leading_8_suspects,
    reading_kind,
)


@pytest.mark.parametrize(("read", "written", "kind"), [
    (881, 1, LEADING_8), (883, 3, LEADING_8), (823, 23, LEADING_8), (81, 1, LEADING_8), (806, 6, LEADING_8),
    (1480, 148, EXTRA_DIGIT), (1448, 148, EXTRA_DIGIT), (2821, 282, EXTRA_DIGIT),
    (186, 126, ONE_DIGIT), (282, 2, None), (44, 1, None), (826, 11, None), (148, 148, None), (7, 1, ONE_DIGIT),
    (100, 7, None), (17, 1, EXTRA_DIGIT),
])
def test_reading_kind(read: int, written: int, kind: str | None) -> None:
    assert reading_kind(read, written) == kind


def test_confirmed_readings_need_every_equation_of_the_value() -> None:
    sum_eq = Equation("SUM", ("a", "b", "c"), ("sah",))
    total_eq = Equation("TOTAL", ("total",), ("sah", "invalid"))
    values = {"a": 81, "b": 124, "c": 881, "sah": 206, "invalid": 4, "total": 210}
    (reading,) = confirmed_readings(values, [sum_eq, total_eq])
    assert (reading.key, reading.value, reading.suggested, reading.kind) == ("c", 881, 1, LEADING_8)
    # with sah misread instead, the one reading repairing both equations is sah's own
    values = {"a": 81, "b": 124, "c": 1, "sah": 286, "invalid": 4, "total": 210}
    (reading,) = confirmed_readings(values, [sum_eq, total_eq])
    assert (reading.key, reading.suggested, reading.kind) == ("sah", 206, ONE_DIGIT)
    # nothing broken, nothing to suggest; an unevaluable equation is ignored
    assert confirmed_readings({"a": 1, "b": 2, "c": 3, "sah": 6}, [sum_eq, total_eq]) == []


def test_values_above_the_cap_are_never_suggested() -> None:
    eq = Equation("SUM", ("a", "b"), ("sah",))
    total = Equation("TOTAL", ("tot",), ("sah", "inv"))  # holds: sah cannot be the misread one
    # the arithmetic wants a = 700 (one digit from 100) but no TPS can count 700
    assert confirmed_readings({"a": 100, "b": 5, "sah": 705, "inv": 0, "tot": 705}, [eq, total]) == []
    assert confirmed_readings({"a": 100, "b": 5, "sah": 305, "inv": 0, "tot": 305}, [eq, total])[0].suggested == 300


def test_leading_8_suspects() -> None:
    assert leading_8_suspects({"a": 881, "b": 799, "c": 912, "d": 80}, bound=300) == ["a"]
    assert leading_8_suspects({"a": 881}, bound=900) == []
