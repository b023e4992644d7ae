"""The names printed on the kabupaten recap forms: model codes and the elected bodies, per ballot and province.

Source: Perbawaslu 4/2024 Pasal 40(1)(a) lists the kabupaten/kota forms ``D.HASIL KABKO-PPWP``, ``-DPR``,
``-DPD``, ``-DPRD-PROV`` and ``-DPRD-KAB/KOTA`` (hyphenated) and notes that Aceh and the Papua provinces name their
DPRD differently (recap-domain.md §1 and §10): Aceh elects the DPRA (provinsi) and the DPRK (kabupaten/kota,
UU 11/2006); the Papua provinces elect the DPRP, DPRPB, DPRPS, DPRPT, DPRPP and DPRPBD (UU 2/2021 and the laws
creating the new provinces).

The defaults follow the province code (Kemendagri: 11 Aceh, 91 Papua, 92 Papua Barat, 93 Papua Selatan,
94 Papua Tengah, 95 Papua Pegunungan, 96 Papua Barat Daya). An office can override the suffix of either DPRD
ballot with the settings :data:`SETTING_KEYS` (office file ``kantor``), e.g. ``kode_model_dprd_kabkota = DPRK``
should a Papua kabupaten print its DPRK form under that name; only the suffixes in :data:`BODY_NAMES` are accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rekap_desktop.ballot import Ballot

__all__ = [
    "BODY_NAMES",
    "SETTING_KEYS",
    "FormNames",
    "election_title",
    "form_names",
    "model_code",
    "model_suffix",
]

_NATIONAL: dict[Ballot, str] = {
    Ballot.PPWP: "PPWP",
    Ballot.PDPR: "DPR",
    Ballot.PDPD: "DPD",
    Ballot.PDPRDP: "DPRD-PROV",
    Ballot.PDPRDK: "DPRD-KAB/KOTA",
}

_REGIONAL: dict[str, dict[Ballot, str]] = {
    "11": {Ballot.PDPRDP: "DPRA", Ballot.PDPRDK: "DPRK"},  # Aceh
    "91": {Ballot.PDPRDP: "DPRP"},  # Papua
    "92": {Ballot.PDPRDP: "DPRPB"},  # Papua Barat
    "93": {Ballot.PDPRDP: "DPRPS"},  # Papua Selatan
    "94": {Ballot.PDPRDP: "DPRPT"},  # Papua Tengah
    "95": {Ballot.PDPRDP: "DPRPP"},  # Papua Pegunungan
    "96": {Ballot.PDPRDP: "DPRPBD"},  # Papua Barat Daya
}

BODY_NAMES: dict[str, tuple[str, str]] = {
    "DPRD-PROV": ("DEWAN PERWAKILAN RAKYAT DAERAH PROVINSI", "DPRD PROVINSI"),
    "DPRD-KAB/KOTA": ("DEWAN PERWAKILAN RAKYAT DAERAH KABUPATEN/KOTA", "DPRD KABUPATEN/KOTA"),
    "DPRA": ("DEWAN PERWAKILAN RAKYAT ACEH", "DPRA"),
    "DPRK": ("DEWAN PERWAKILAN RAKYAT KABUPATEN/KOTA", "DPRK"),
    "DPRP": ("DEWAN PERWAKILAN RAKYAT PAPUA", "DPRP"),
    "DPRPB": ("DEWAN PERWAKILAN RAKYAT PAPUA BARAT", "DPRPB"),
    "DPRPS": ("DEWAN PERWAKILAN RAKYAT PAPUA SELATAN", "DPRPS"),
    "DPRPT": ("DEWAN PERWAKILAN RAKYAT PAPUA TENGAH", "DPRPT"),
    "DPRPP": ("DEWAN PERWAKILAN RAKYAT PAPUA PEGUNUNGAN", "DPRPP"),
    "DPRPBD": ("DEWAN PERWAKILAN RAKYAT PAPUA BARAT DAYA", "DPRPBD"),
}
"""Suffix of the DPRD forms → (full name of the body, short name used in section IV headings)."""

SETTING_KEYS: dict[Ballot, str] = {
    Ballot.PDPRDP: "kode_model_dprd_provinsi",
    Ballot.PDPRDK: "kode_model_dprd_kabkota",
}
"""Office settings overriding the default suffix of the DPRD forms (a value of :data:`BODY_NAMES`)."""

_TITLES: dict[Ballot, str] = {
    Ballot.PPWP: "PRESIDEN DAN WAKIL PRESIDEN",
    Ballot.PDPR: "ANGGOTA DEWAN PERWAKILAN RAKYAT",
    Ballot.PDPD: "ANGGOTA DEWAN PERWAKILAN DAERAH",
}
_SHORT: dict[Ballot, str] = {Ballot.PPWP: "", Ballot.PDPR: "DPR", Ballot.PDPD: "DPD"}


def _ballot(ballot: Ballot | str) -> Ballot:
    return ballot if isinstance(ballot, Ballot) else Ballot.parse(ballot)


def model_suffix(ballot: Ballot | str, provinsi_code: str = "", settings: Mapping[str, str] | None = None) -> str:
    """Suffix after ``D.HASIL KABKO-``: e.g. ``"DPRD-KAB/KOTA"``, ``"DPRK"`` in Aceh.

    Raises ValueError (Indonesian) for an unknown ballot or an override that names no known body.
    """
    b = _ballot(ballot)
    key = SETTING_KEYS.get(b)
    override = (settings or {}).get(key, "").strip().upper() if key else ""
    if override:
        if override not in BODY_NAMES:
            raise ValueError(f"pengaturan {key} = {override!r} tidak dikenal; yang sah: {', '.join(BODY_NAMES)}")
        return override
    return _REGIONAL.get(provinsi_code[:2], {}).get(b, _NATIONAL[b])


def model_code(ballot: Ballot | str, provinsi_code: str = "", settings: Mapping[str, str] | None = None) -> str:
    """The form code printed in the model box, e.g. ``"MODEL D.HASIL KABKO-DPRD-PROV"``."""
    return f"MODEL D.HASIL KABKO-{model_suffix(ballot, provinsi_code, settings)}"


def election_title(ballot: Ballot | str, provinsi_code: str = "", settings: Mapping[str, str] | None = None) -> str:
    """The 'PEMILIHAN UMUM …' part of the title, e.g. ``"ANGGOTA DEWAN PERWAKILAN RAKYAT ACEH"``."""
    b = _ballot(ballot)
    if b in _TITLES:
        return _TITLES[b]
    return f"ANGGOTA {BODY_NAMES[model_suffix(b, provinsi_code, settings)][0]}"


@dataclass(frozen=True, slots=True)
class FormNames:
    """Everything printed that names the form and the body elected, for one ballot in one province."""

    model_code: str  # "MODEL D.HASIL KABKO-DPRD-PROV"
    election_title: str  # "ANGGOTA DEWAN PERWAKILAN RAKYAT DAERAH PROVINSI"
    body_short: str  # "DPRD PROVINSI", "DPRA", "DPR", "" for PPWP

    @property
    def form(self) -> str:
        """The model code without "MODEL ": ``"D.HASIL KABKO-DPR"``."""
        return self.model_code.removeprefix("MODEL ")


def form_names(ballot: Ballot | str, provinsi_code: str = "", settings: Mapping[str, str] | None = None) -> FormNames:
    b = _ballot(ballot)
    suffix = model_suffix(b, provinsi_code, settings)
    short = BODY_NAMES[suffix][1] if suffix in BODY_NAMES else _SHORT[b]
    return FormNames(model_code(b, provinsi_code, settings), election_title(b, provinsi_code, settings), short)
