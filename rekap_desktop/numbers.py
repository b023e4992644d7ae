"""Indonesian number presentation: 1.234.567, signed differences, and parsing of typed figures."""

from __future__ import annotations

MAX_KECAMATAN_FIGURE = 9_999_999  # no kecamatan has ten million of anything: such a figure is a typing slip
MINUS = "\u2212"  # a real minus sign: reads better than a hyphen on the projector and in print


def format_number(value: int | None, empty: str = "") -> str:
    """1234567 → '1.234.567' (Indonesian thousands separator); None → ``empty``."""
    if value is None:
        return empty
    text = f"{abs(value):,}".replace(",", ".")
    return f"{MINUS}{text}" if value < 0 else text


def format_delta(value: int | None, empty: str = "") -> str:
    """Signed difference: +12, −3, 0."""
    if value is None:
        return empty
    if value > 0:
        return f"+{format_number(value)}"
    return format_number(value)


def parse_figure(text: str) -> int:
    """Parse a figure typed or pasted by an operator: '1.234', '1234', ' 12 ' → int.

    Raises ValueError with an Indonesian message for anything that is not a non-negative integer.
    Dots are accepted as thousands separators only when they group digits by three (1.234.567);
    a comma or a decimal part is refused, never rounded.
    """
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if raw == "":
        raise ValueError("isian kosong")
    if raw.startswith(("-", MINUS)):
        raise ValueError(f"angka tidak boleh negatif: {text.strip()!r}")
    digits = raw
    if "." in raw:
        groups = raw.split(".")
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise ValueError(f"bukan bilangan bulat (pemisah ribuan memakai titik, mis. 1.234): {text.strip()!r}")
        digits = "".join(groups)
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"bukan bilangan bulat tidak negatif: {text.strip()!r}")
    value = int(digits)
    check_plausible(value)
    return value


def check_plausible(value: int) -> None:
    """ValueError (Indonesian) for a figure no kecamatan can have (≥ 10 million): a typing slip, never stored."""
    if value > MAX_KECAMATAN_FIGURE:
        raise ValueError(
            f"angka {format_number(value)} terlalu besar untuk satu kecamatan (paling besar "
            f"{format_number(MAX_KECAMATAN_FIGURE)}); periksa kembali ketikan"
        )
