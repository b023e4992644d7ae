"""What parsing Sirekap data yields: the record types, the field tables they follow, and `Invalid` (DESIGN §6).

The parsers are :mod:`rekap_desktop.sirekap.json` (TPS records and dispatch), :mod:`rekap_desktop.sirekap.lists`
(region lists, aggregates, paslon/party/candidate lists), :mod:`rekap_desktop.sirekap.bulk` and
:mod:`rekap_desktop.sirekap.tabular`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

BALLOTS: frozenset[str] = frozenset({"ppwp", "pdpr", "pdpd", "pdprdp", "pdprdk"})
LEGISLATIVE_BALLOTS: frozenset[str] = frozenset({"pdpr", "pdprdp", "pdprdk"})

ADMIN_FIELDS: tuple[tuple[str, str], ...] = (
    ("pemilih_dpt_l", "I.A.L"),
    ("pemilih_dpt_p", "I.A.P"),
    ("pemilih_dpt_j", "I.A.JML"),
    ("pengguna_dpt_l", "I.B.1.L"),
    ("pengguna_dpt_p", "I.B.1.P"),
    ("pengguna_dpt_j", "I.B.1.JML"),
    ("pengguna_dptb_l", "I.B.2.L"),
    ("pengguna_dptb_p", "I.B.2.P"),
    ("pengguna_dptb_j", "I.B.2.JML"),
    ("pengguna_non_dpt_l", "I.B.3.L"),
    ("pengguna_non_dpt_p", "I.B.3.P"),
    ("pengguna_non_dpt_j", "I.B.3.JML"),
    ("pengguna_total_l", "I.B.4.L"),
    ("pengguna_total_p", "I.B.4.P"),
    ("pengguna_total_j", "I.B.4.JML"),
    ("suara_sah", "V.A"),
    ("suara_tidak_sah", "V.B"),
    ("suara_total", "V.C"),
)
"""Sirekap `administrasi` field → line id (DESIGN §3)."""

ADMIN_LINE_BY_FIELD: dict[str, str] = dict(ADMIN_FIELDS)
ADMIN_FIELD_BY_LINE: dict[str, str] = {line: name for name, line in ADMIN_FIELDS}

PPWP_CHART_LINES: dict[str, str] = {"100025": "IV.1", "100026": "IV.2", "100027": "IV.3"}
"""Pemilu 2024 paslon Sirekap ids → section IV lines (prefer `paslon_chart_lines` on a parsed `ppwp.json`)."""

LINE_KEY_PREFIX = "line:"
"""Chart keys that already are line ids (tabular input): `"line:IV.1"`."""

MAX_FIGURE = 2_147_483_647
"""Largest figure accepted (fits a 32-bit database integer); anything above is garbage, not a count."""

_LEVEL_BY_CODE_LENGTH: dict[int, int] = {2: 1, 4: 2, 6: 3, 10: 4, 13: 5}
_CODE_LENGTH_BY_LEVEL: dict[int, int] = {level: length for length, level in _LEVEL_BY_CODE_LENGTH.items()}




@dataclass(frozen=True, slots=True)
class ParseError:
    """A document that could not be used; `message` is Indonesian."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True, slots=True)
class TpsRecord:
    """One TPS result (`pemilu/hhcw/<ballot>/…/<tps>.json`, or rows of the tabular format)."""

    ballot: str
    tps: str
    ts: str | None
    psu: str | None
    admin: dict[str, int]
    """Line id (`I.A.JML`, `V.A`, …) → value, only for figures present as integers."""
    has_admin: bool
    chart: dict[str, int]
    """Chart key (see module docstring) → value; `"null"` and null values dropped."""
    has_chart: bool
    images: tuple[str | None, ...]
    source: str
    sha256: str
    status_suara: bool | None
    status_adm: bool | None


@dataclass(frozen=True, slots=True)
class WilayahEntry:
    code: str
    name: str
    level: int
    """1 provinsi, 2 kab/kota, 3 kecamatan, 4 desa/kelurahan, 5 TPS."""
    sirekap_id: int | None


@dataclass(frozen=True, slots=True)
class WilayahList:
    """A region list (`wilayah/pemilu/ppwp/…/<parent>.json`): the children of `parent_code` (None: provinces)."""

    source: str
    sha256: str
    parent_code: str | None
    entries: tuple[WilayahEntry, ...]


@dataclass(frozen=True, slots=True)
class ChildAggregate:
    chart: dict[str, int]
    persen: float | None
    psu: str | None
    status_progress: bool | None


@dataclass(frozen=True, slots=True)
class AggregateRecord:
    """An aggregate file (`pemilu/hhcw/<ballot>/…/<region>.json`): totals of a region and per child region."""

    source: str
    sha256: str
    ballot: str
    region_code: str | None
    """None for the national file (`pemilu/hhcw/ppwp.json`, `…/0.json`)."""
    ts: str | None
    chart: dict[str, int]
    progres: tuple[int, int] | None
    """(TPS reported, TPS total)."""
    children: dict[str, ChildAggregate]
    persen: float | None = None
    psu: str | None = None


@dataclass(frozen=True, slots=True)
class PaslonEntry:
    sirekap_id: str
    number: int
    name: str
    color: str | None


@dataclass(frozen=True, slots=True)
class PaslonList:
    """`pemilu/ppwp.json`: the presidential tickets, sorted by number."""

    source: str
    sha256: str
    entries: tuple[PaslonEntry, ...]


@dataclass(frozen=True, slots=True)
class PartyEntry:
    number: int
    sirekap_id: int
    """`id_partai` (e.g. 100001); the chart key is the number."""
    short_name: str
    full_name: str
    is_aceh: bool
    color: str | None


@dataclass(frozen=True, slots=True)
class PartyList:
    """`pemilu/partai.json`, sorted by number."""

    source: str
    sha256: str
    entries: tuple[PartyEntry, ...]


@dataclass(frozen=True, slots=True)
class CandidateEntry:
    party_number: int | None
    """None for DPD candidates."""
    sirekap_id: str
    number: int
    name: str
    gender: str | None
    residence: str | None


@dataclass(frozen=True, slots=True)
class CandidateList:
    """`pemilu/caleg/partai/<dapil>.json` (legislative) or `pemilu/caleg/dpd/<prov>.json` (DPD)."""

    source: str
    sha256: str
    ballot: str | None
    dapil_code: str | None
    province_code: str | None
    entries: tuple[CandidateEntry, ...]


@dataclass(frozen=True, slots=True)
class TpsBatch:
    """Several TPS records in one file: the bulk formats of public mirrors (:mod:`rekap_desktop.sirekap.bulk`)."""

    source: str
    sha256: str
    records: tuple[TpsRecord, ...]


ParsedDocument: TypeAlias = (
    TpsRecord | TpsBatch | WilayahList | AggregateRecord | PaslonList | PartyList | CandidateList
)


class Invalid(Exception):
    """A data problem; the message becomes a ParseError."""
