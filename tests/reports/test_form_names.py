"""Model codes and body names of the kabupaten forms (Perbawaslu 4/2024 Pasal 40(1)(a); Aceh and Papua)."""

from __future__ import annotations

import pytest

from rekap_desktop.ballot import Ballot
from rekap_desktop.form_names import BODY_NAMES, election_title, form_names, model_code, model_suffix


def test_national_model_codes_are_hyphenated_as_in_the_regulation() -> None:
    assert [model_code(b) for b in Ballot] == [
        "MODEL D.HASIL KABKO-PPWP",
        "MODEL D.HASIL KABKO-DPR",
        "MODEL D.HASIL KABKO-DPD",
        "MODEL D.HASIL KABKO-DPRD-PROV",
        "MODEL D.HASIL KABKO-DPRD-KAB/KOTA",
    ]
    # the core's own suffix agrees (used by the window and the file names)
    assert [b.model_suffix for b in Ballot] == [model_suffix(b, "35") for b in Ballot]


def test_titles() -> None:
    assert election_title("ppwp") == "PRESIDEN DAN WAKIL PRESIDEN"
    assert election_title("pdprdk", "35") == "ANGGOTA DEWAN PERWAKILAN RAKYAT DAERAH KABUPATEN/KOTA"
    assert election_title("pdprdp", "3527") == "ANGGOTA DEWAN PERWAKILAN RAKYAT DAERAH PROVINSI"


def test_aceh_elects_dpra_and_dprk() -> None:
    assert model_code("pdprdp", "11") == "MODEL D.HASIL KABKO-DPRA"
    assert model_code("pdprdk", "1101") == "MODEL D.HASIL KABKO-DPRK"
    assert election_title("pdprdp", "11") == "ANGGOTA DEWAN PERWAKILAN RAKYAT ACEH"
    assert election_title("pdprdk", "11") == "ANGGOTA DEWAN PERWAKILAN RAKYAT KABUPATEN/KOTA"
    assert form_names("pdprdk", "11").body_short == "DPRK"
    assert model_code("pdpr", "11") == "MODEL D.HASIL KABKO-DPR"  # the national ballots keep their names


@pytest.mark.parametrize(("province", "suffix", "name"), [
    ("91", "DPRP", "PAPUA"),
    ("92", "DPRPB", "PAPUA BARAT"),
    ("93", "DPRPS", "PAPUA SELATAN"),
    ("94", "DPRPT", "PAPUA TENGAH"),
    ("95", "DPRPP", "PAPUA PEGUNUNGAN"),
    ("96", "DPRPBD", "PAPUA BARAT DAYA"),
])
def test_papua_provinces(province: str, suffix: str, name: str) -> None:
    assert model_suffix("pdprdp", province) == suffix
    assert election_title("pdprdp", province) == f"ANGGOTA DEWAN PERWAKILAN RAKYAT {name}"
    assert model_suffix("pdprdk", province) == "DPRD-KAB/KOTA"


def test_an_office_setting_overrides_the_default_and_is_checked() -> None:
    settings = {"kode_model_dprd_kabkota": "dprk"}
    assert model_code("pdprdk", "91", settings) == "MODEL D.HASIL KABKO-DPRK"
    assert model_code("pdprdp", "91", settings) == "MODEL D.HASIL KABKO-DPRP"
    with pytest.raises(ValueError, match="kode_model_dprd_provinsi"):
        model_code("pdprdp", "35", {"kode_model_dprd_provinsi": "DPRX"})
    assert set(BODY_NAMES) >= {"DPRD-PROV", "DPRD-KAB/KOTA", "DPRA", "DPRK"}


def test_form_without_model_prefix() -> None:
    assert form_names("pdprdk", "35").form == "D.HASIL KABKO-DPRD-KAB/KOTA"
