"""What the spreadsheet file readers share: column letters as a person sees them (A, B, …, Z, AA), and a cell's
value (as openpyxl gives it) as text."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """0 → 'A', 25 → 'Z', 26 → 'AA': the column heading a spreadsheet program shows for a 0-based index."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_text(value: object) -> str:
    """An XLSX cell value as text: "" for an empty cell, a whole float without ".0" (3.0 → "3"), else ``str``
    stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
