"""Spreadsheet addressing shared by the file readers: column letters as a person sees them (A, B, …, Z, AA)."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """0 → 'A', 25 → 'Z', 26 → 'AA': the column heading a spreadsheet program shows for a 0-based index."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
