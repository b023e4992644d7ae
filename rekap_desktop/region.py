"""Region codes: Kemendagri codes without dots, as Sirekap uses them (DESIGN §3)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Level(IntEnum):
    """Administrative level; the value is Sirekap's ``tingkat``."""

    PROVINSI = 1
    KABUPATEN = 2
    KECAMATAN = 3
    DESA = 4
    TPS = 5

    @property
    def code_length(self) -> int:
        return _LENGTHS[self]

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]

    @classmethod
    def of_code(cls, code: str) -> Level:
        """The level of a code by its length; ValueError (Indonesian) for a malformed code."""
        if not code.isdigit():
            raise ValueError(f"kode wilayah harus berupa angka: {code!r}")
        for level, length in _LENGTHS.items():
            if len(code) == length:
                return level
        raise ValueError(f"panjang kode wilayah tidak sah ({len(code)} digit): {code!r}; yang sah 2/4/6/10/13 digit")


_LENGTHS = {
    Level.PROVINSI: 2,
    Level.KABUPATEN: 4,
    Level.KECAMATAN: 6,
    Level.DESA: 10,
    Level.TPS: 13,
}
_LEVEL_LABELS = {
    Level.PROVINSI: "provinsi",
    Level.KABUPATEN: "kabupaten/kota",
    Level.KECAMATAN: "kecamatan",
    Level.DESA: "desa/kelurahan",
    Level.TPS: "TPS",
}


def parent_code(code: str) -> str | None:
    """The code of the enclosing region, or None for a province."""
    level = Level.of_code(code)
    if level is Level.PROVINSI:
        return None
    return code[: Level(level - 1).code_length]


def is_within(code: str, ancestor: str) -> bool:
    """True when ``code`` lies inside (or is) ``ancestor``."""
    return code.startswith(ancestor) and len(code) >= len(ancestor)


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    level: Level
    tps_count: int | None = None  # official TPS count (kecamatan/desa); None when unknown

    @property
    def parent(self) -> str | None:
        return parent_code(self.code)
