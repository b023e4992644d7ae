"""Indonesian number and date wording for official documents (pure Python, no locale).

- :func:`format_int`: ``1234567`` → ``"1.234.567"`` (dot as thousands separator).
- :func:`format_delta`: signed difference, ``+12`` / ``−3`` (U+2212 minus) / ``0``.
- :func:`terbilang`: the amount in words, capitals, as written "dengan huruf kapital" on the forms
  (``761421`` → ``"TUJUH RATUS ENAM PULUH SATU RIBU EMPAT RATUS DUA PULUH SATU"``).
- :func:`day_name`, :func:`month_name`, :func:`format_date_long`: Indonesian calendar words, independent of the
  process locale.

Terbilang comes from ``num2words(lang="id")``, which follows the Indonesian conventions (nol, sebelas, seratus,
seribu, satu juta) except in one case: a thousands group equal to one after a higher scale word
(``1_001_000`` → "satu juta *satu ribu*"); it is rewritten to "seribu" here. This module is expected to move to the
core package later; it imports nothing from the project.
"""

from __future__ import annotations

import datetime as dt
import re

from num2words import num2words

from rekap_desktop import numbers as core_numbers

__all__ = [
    "MINUS_SIGN",
    "day_name",
    "format_date_long",
    "format_delta",
    "format_int",
    "month_name",
    "number_words",
    "terbilang",
]

MINUS_SIGN = "\u2212"

_DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # date.weekday() order
_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# "satu ribu" must become "seribu" only when it is a whole thousands group: at the start, or right after a
# higher scale word. "dua puluh satu ribu" (21.000) and "seratus satu ribu" (101.000) stay as they are.
_SATU_RIBU = re.compile(r"(^|\b(?:juta|miliar|milyar|triliun|kuadriliun) )satu ribu\b")


def format_int(value: int) -> str:
    """Format an integer Indonesian style: ``1.234.567``; negatives with a true minus sign (the core's format)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"bukan bilangan bulat: {value!r}")
    return core_numbers.format_number(value)


def format_delta(value: int) -> str:
    """Format a signed difference: ``+12``, ``−3`` (U+2212), ``0``; thousands separated by dots."""
    return core_numbers.format_delta(value)


def number_words(value: int) -> str:
    """The amount in Indonesian words, lower case (``1000`` → ``"seribu"``). Non-negative integers only."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"bukan bilangan bulat: {value!r}")
    if value < 0:
        raise ValueError(f"terbilang hanya untuk bilangan tidak negatif: {value}")
    words = str(num2words(value, lang="id"))
    words = " ".join(words.replace("-", " ").split()).lower()
    return _SATU_RIBU.sub(lambda m: f"{m.group(1)}seribu", words)


def terbilang(value: int) -> str:
    """The amount in words in capitals, as the forms require ("ditulis dengan huruf kapital")."""
    return number_words(value).upper()


def day_name(date: dt.date) -> str:
    """Indonesian day name: ``Senin`` … ``Minggu``."""
    return _DAYS[date.weekday()]


def month_name(month: int) -> str:
    """Indonesian month name for 1–12: ``Januari`` … ``Desember``."""
    if not 1 <= month <= 12:
        raise ValueError(f"bulan tidak sah: {month}")
    return _MONTHS[month - 1]


def format_date_long(date: dt.date) -> str:
    """``3 Maret 2024``."""
    return f"{date.day} {month_name(date.month)} {date.year}"
