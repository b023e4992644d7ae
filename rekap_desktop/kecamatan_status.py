"""The workflow of a kecamatan column in the plenary: belum → dibacakan → selesai → ditetapkan.

Ditetapkan locks the column: a figure changes, or the column reopens, only through a correction (reason and
keberatan; PKPU 5/2024 — corrections in the forum, on a saksi's objection).
"""

from __future__ import annotations

from enum import StrEnum


class KecamatanStatus(StrEnum):
    BELUM = "belum"
    DIBACAKAN = "dibacakan"
    SELESAI = "selesai"
    DITETAPKAN = "ditetapkan"

    @property
    def label(self) -> str:
        return self.value.capitalize()
