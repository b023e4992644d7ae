"""The shipped list of provinces and kabupaten/kota (``resources/reference``): Kemendagri codes, the names as
Sirekap writes them, and Sirekap's ids of the kabupaten/kota; used by ``init`` and the setup wizard.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class RegionName:
    """A province (2 digits) or kabupaten/kota (4 digits) of the shipped list."""

    code: str
    name: str  # as Sirekap writes it: "JAWA TIMUR", "SAMPANG", "KOTA BATU"
    sirekap_id: int | None = None

    @property
    def is_kota(self) -> bool:
        return self.name.startswith("KOTA ")

    @property
    def title(self) -> str:
        """"PROVINSI JAWA TIMUR", "KABUPATEN SAMPANG", "KOTA BATU"."""
        if len(self.code) == 2:
            return f"PROVINSI {self.name}"
        return self.name if self.is_kota or self.name.startswith("KABUPATEN ") else f"KABUPATEN {self.name}"


@functools.cache
def _shipped(name: str) -> Any:
    text = resources.files("resources").joinpath("reference", name).read_text(encoding="utf-8")
    return json.loads(text)


def provinces() -> list[RegionName]:
    """The 38 provinces with their Kemendagri codes, by code."""
    return [RegionName(p["kode"], p["nama"]) for p in _shipped("provinsi.json")]


def kabupaten_of(province: str) -> list[RegionName]:
    """The kabupaten/kota of a province, by code; empty when the shipped list does not cover that province."""
    entries = _shipped("kabupaten.json").get(province, [])
    return [RegionName(k["kode"], k["nama"], k.get("id")) for k in entries]


def province_by_code(code: str) -> RegionName | None:
    """The province of a 2-digit code, or None when the code is not one of the 38."""
    return next((p for p in provinces() if p.code == code), None)
