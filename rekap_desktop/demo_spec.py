"""What a demo or synthetic kabupaten is made of (:mod:`rekap_desktop.demo` builds it, :mod:`rekap_desktop.demo_sampang`
holds the Sampang facts): its kecamatan, dapil with seats, parties, the plenary's reading schedule, deliberate PPK-form
errors, TPS whose figures are given rather than generated, extra Sirekap records, and the plenary's own events."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rekap_desktop.contest import Contest, Dapil

if TYPE_CHECKING:
    from rekap_desktop.services import RecapService

DEMO_SEED = 20240214
"""The seed of every random draw of the demo and synthetic datasets (deterministic builds)."""


@dataclass(frozen=True)
class KecamatanSpec:
    code: str
    name: str
    tps: int
    dpt: int
    desa: tuple[tuple[str, str], ...]  # (code, name)


@dataclass(frozen=True)
class Tps:
    code: str
    kecamatan: str
    dpt: int


@dataclass(frozen=True)
class Deliberate:
    """A deliberate, realistic error on a PPK's D.HASIL KECAMATAN (the demo shows how the app catches it)."""

    ballot: str
    kecamatan: str
    line: str
    how: str  # "+N" / "-N" / "swap" (two last digits transposed)
    story: str


TpsAdjust = Callable[[Contest, Tps, dict[str, int]], dict[str, int]]
"""Given the generated figures of one TPS of a contest, return the figures to use (the same dict when unchanged)."""

Story = Callable[["RecapService"], None]
"""The plenary's own events, recorded through the services after the figures and Sirekap are in."""


@dataclass
class KabupatenSpec:
    province_code: str
    province_name: str
    code: str
    name: str
    kecamatan: list[KecamatanSpec]
    dpr_dapil: Dapil
    dprdp_dapil: Dapil
    dprdk_dapils: list[tuple[Dapil, tuple[str, ...]]]
    dprdk_parties: tuple[int, ...]
    dpd_candidates: int
    seats: dict[str, int]  # candidates per party by ballot when a dapil has no seats of its own
    settings: dict[str, str] = field(default_factory=dict)
    tps_overrides: dict[str, int] = field(default_factory=dict)  # desa code → TPS count
    tps_dpt: dict[str, int] = field(default_factory=dict)  # TPS code → its DPT (the kecamatan total is kept)
    dapil_seats: dict[str, int] = field(default_factory=dict)  # dapil code → seats (DPRD Kab/Kota)
    dct_total: int | None = None  # DPRD Kab/Kota candidates in all (e.g. Sampang's 410), spread over the dapil
    reading_order: tuple[str, ...] = ()  # kecamatan codes in the order the PPK read them out
    reading_days: Mapping[str, str] = field(default_factory=dict)  # kecamatan code → date read (YYYY-MM-DD)
    dprdk_weights: dict[int, float] = field(default_factory=dict)  # party → vote weight on the DPRD Kab ballot
    complete_in_sirekap: frozenset[str] = frozenset()  # kecamatan without missing Sirekap records
    sirekap_forced: frozenset[str] = frozenset()  # TPS whose Sirekap record is always published, without defects
    sirekap_own: frozenset[tuple[str, str]] = frozenset()  # (ballot, TPS) published only through extra_sirekap
    tps_adjust: TpsAdjust | None = None
    adjusted_tps: frozenset[str] = frozenset()  # the TPS codes tps_adjust changes (only these are passed to it)
    extra_sirekap: tuple[tuple[str, str], ...] = ()  # (archive path, JSON text): records published as they were
    story: Story | None = None
