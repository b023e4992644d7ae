"""tps_anomalies: the real Noreh sample, and one passing and one failing record per rule."""

from __future__ import annotations

import pytest

from rekap_desktop.sirekap.anomalies import (
    ABOVE_VOTERS,
    CHART_SUM,
    LEADING_8,
    LP,
    PENGGUNA_TOTAL,
    SAH_TIDAK_SAH,
    TPS_RULES,
    TpsAnomaly,
    tps_anomalies,
)
from rekap_desktop.sirekap.json import TpsRecord, parse_document
from rekap_desktop.sirekap.sources import SourceItem, iter_sources

from ..conftest import SIREKAP_SAMPLE

SAMPLE = SIREKAP_SAMPLE
DESA = SAMPLE / "pemilu" / "hhcw" / "ppwp" / "35" / "3527" / "352701" / "3527012001"

# A consistent TPS: DPT 250 (120 L / 130 P), 200 voters from the DPT, 4 DPTb, 2 DPK; 190 valid + 16 invalid.
CLEAN_ADMIN = {
    "I.A.L": 120, "I.A.P": 130, "I.A.JML": 250,
    "I.B.1.L": 95, "I.B.1.P": 105, "I.B.1.JML": 200,
    "I.B.2.L": 2, "I.B.2.P": 2, "I.B.2.JML": 4,
    "I.B.3.L": 1, "I.B.3.P": 1, "I.B.3.JML": 2,
    "I.B.4.L": 98, "I.B.4.P": 108, "I.B.4.JML": 206,
    "V.A": 190, "V.B": 16, "V.C": 206,
}  # fmt: skip
CLEAN_CHART = {"100025": 23, "100026": 148, "100027": 19}
IMAGES = ("https://example.invalid/1.jpg", None, "https://example.invalid/3.jpg")


def record(
    admin: dict[str, int] | None = None,
    chart: dict[str, int] | None = None,
    ballot: str = "ppwp",
    changes: dict[str, int] | None = None,
    **keyword_changes: int,
) -> TpsRecord:
    """A TPS record; `changes` by line id, or as keywords with `_` for `.` (`V_A=191`)."""
    figures = dict(CLEAN_ADMIN if admin is None else admin)
    figures.update(changes or {})
    for key, value in keyword_changes.items():
        figures[key.replace("_", ".")] = value
    chart = dict(CLEAN_CHART if chart is None else chart)
    return TpsRecord(
        ballot=ballot,
        tps="3527012001099",
        ts="2024-02-15 10:00:00",
        psu=None,
        admin=figures,
        has_admin=bool(figures),
        chart=chart,
        has_chart=bool(chart),
        images=IMAGES,
        source="sintetis.json",
        sha256="0" * 64,
        status_suara=True,
        status_adm=True,
    )


def rules(anomalies: list[TpsAnomaly]) -> list[str]:
    return [a.rule for a in anomalies]


def real_anomalies() -> dict[str, list[TpsAnomaly]]:
    found: dict[str, list[TpsAnomaly]] = {}
    for source in iter_sources([DESA]):
        assert isinstance(source, SourceItem)
        rec = parse_document(source)
        assert isinstance(rec, TpsRecord)
        found[rec.tps[-3:]] = tps_anomalies(rec)
    return found


def test_rule_catalogue_is_the_stable_contract() -> None:
    assert {rule: severity for rule, (severity, _title) in TPS_RULES.items()} == {
        "SIREKAP_TPS_CHART_SUM": "error",
        "SIREKAP_TPS_SAH_TIDAK_SAH": "error",
        "SIREKAP_TPS_PENGGUNA_TOTAL": "error",
        "SIREKAP_TPS_LP": "error",
        "SIREKAP_TPS_ABOVE_VOTERS": "error",
        "SIREKAP_TPS_LEADING_8": "warning",
    }


def test_real_noreh_sample_has_exactly_three_anomalies() -> None:
    found = real_anomalies()
    assert len(found) == 20
    assert {tps: rules(a) for tps, a in found.items() if a} == {
        "004": [CHART_SUM],
        "016": [CHART_SUM],
        "017": [SAH_TIDAK_SAH],
    }
    (a004,) = found["004"]
    assert a004.message == (
        "Jumlah perolehan suara peserta (45 + 126 + 40 = 211) tidak sama dengan suara sah (271); selisih -60"
    )
    assert (a004.severity, a004.tps, a004.ballot) == ("error", "3527012001004", "ppwp")
    assert a004.lines == ("V.A",) and a004.chart_keys == ("100025", "100026", "100027")
    assert len(a004.images) == 3 and a004.images[1].endswith("-064243--0271b15d-17ba-40ea-bef7-19542eeca2f1.jpg")
    (a016,) = found["016"]
    assert "(37 + 75 + 26 = 138)" in a016.message and "suara sah (133); selisih +5" in a016.message
    (a017,) = found["017"]
    assert a017.message == (
        "Suara sah (207) + suara tidak sah (11) = 218, tetapi jumlah seluruh suara tercatat 217; selisih +1"
    )
    assert a017.lines == ("V.A", "V.B", "V.C")


def test_clean_record_and_empty_record_have_no_anomaly() -> None:
    assert tps_anomalies(record()) == []
    assert tps_anomalies(record(admin={}, chart={})) == []
    assert tps_anomalies(record(admin={})) == []  # chart alone: nothing to compare with
    assert tps_anomalies(record(chart={})) == []


def test_chart_sum() -> None:
    failing = tps_anomalies(record(V_A=191, V_C=207, I_B_4_JML=207, I_B_4_P=109, I_B_1_JML=201, I_B_1_P=106))
    assert rules(failing) == [CHART_SUM]
    assert failing[0].message == (
        "Jumlah perolehan suara peserta (23 + 148 + 19 = 190) tidak sama dengan suara sah (191); selisih -1"
    )
    assert failing[0].images == ("https://example.invalid/1.jpg", "https://example.invalid/3.jpg")


def test_chart_sum_only_with_every_expected_key() -> None:
    partial = record(chart={"100025": 23, "100026": 148})
    assert rules(tps_anomalies(partial)) == [CHART_SUM]  # default: sums what is there
    assert tps_anomalies(partial, chart_sum_keys=["100025", "100026", "100027"]) == []
    full = record(chart={"100025": 23, "100026": 148, "100027": 20})
    assert rules(tps_anomalies(full, chart_sum_keys=["100025", "100026", "100027"])) == [CHART_SUM]


def test_chart_sum_legislative_uses_party_totals() -> None:
    chart = {"1.T": 100, "1.0": 30, "2.T": 60, "2.0": 60, "24.T": 30}
    assert tps_anomalies(record(chart=chart, ballot="pdpr")) == []
    failing = tps_anomalies(record(chart={**chart, "24.T": 31}, ballot="pdprdk"))
    assert rules(failing) == [CHART_SUM]
    assert "(100 + 60 + 31 = 191)" in failing[0].message
    assert failing[0].chart_keys == ("1.T", "2.T", "24.T")


def test_sah_tidak_sah() -> None:
    failing = tps_anomalies(record(V_B=17))
    assert rules(failing) == [SAH_TIDAK_SAH]
    assert failing[0].message == (
        "Suara sah (190) + suara tidak sah (17) = 207, tetapi jumlah seluruh suara tercatat 206; selisih +1"
    )


def test_pengguna_total() -> None:
    failing = tps_anomalies(record(I_B_3_JML=3, I_B_3_P=2))
    assert rules(failing) == [PENGGUNA_TOTAL]
    assert failing[0].message == (
        "Jumlah pengguna hak pilih tercatat 206, tetapi DPT (200) + DPTb (4) + DPK (3) = 207; selisih -1"
    )


@pytest.mark.parametrize(
    ("group", "label"),
    [
        ("I.A", "pemilih dalam DPT"),
        ("I.B.1", "pengguna hak pilih dalam DPT"),
        ("I.B.2", "pengguna hak pilih dalam DPTb"),
        ("I.B.3", "pengguna hak pilih dalam DPK"),
        ("I.B.4", "jumlah pengguna hak pilih"),
    ],
)
def test_lp(group: str, label: str) -> None:
    men = CLEAN_ADMIN[group + ".L"]
    failing = tps_anomalies(record(changes={group + ".L": men + 1}))
    assert rules(failing) == [LP]
    jml, women = CLEAN_ADMIN[group + ".JML"], CLEAN_ADMIN[group + ".P"]
    assert failing[0].message == (
        f"Jumlah {label} tercatat {jml}, tetapi laki-laki ({men + 1}) + perempuan ({women}) = {men + 1 + women}; "
        "selisih -1"
    )
    assert failing[0].lines == (group + ".JML", group + ".L", group + ".P")


def test_above_voters() -> None:
    # a small TPS: DPT 150 + DPTb 0 + DPK 0, 140 voters; sah 130 with one paslon at 160 (chart sum wrong too)
    admin = {
        "I.A.JML": 150, "I.B.1.JML": 140, "I.B.2.JML": 0, "I.B.3.JML": 0, "I.B.4.JML": 140,
        "V.A": 130, "V.B": 10, "V.C": 140,
    }  # fmt: skip
    assert tps_anomalies(record(admin=admin, chart={"100025": 20, "100026": 100, "100027": 10})) == []
    failing = tps_anomalies(record(admin=admin, chart={"100025": 20, "100026": 145, "100027": 10}))
    assert rules(failing) == [CHART_SUM, ABOVE_VOTERS]
    assert failing[1].message == 'Chart "100026" = 145 melebihi jumlah pengguna hak pilih 140'
    assert failing[1].chart_keys == ("100026",)
    failing = tps_anomalies(record(admin=admin, chart={"100025": 20, "100026": 160, "100027": 10}))
    assert failing[1].message == (
        'Chart "100026" = 160 melebihi jumlah pemilih TPS 150 (DPT 150 + DPTb 0 + DPK 0) dan '
        "jumlah pengguna hak pilih 140"
    )
    # suara sah and total above the voters, with pengguna total unknown
    no_users = {k: v for k, v in admin.items() if k != "I.B.4.JML"} | {"V.A": 151, "V.C": 161}
    failing = tps_anomalies(record(admin=no_users, chart={}))
    assert [(a.rule, a.lines) for a in failing] == [(ABOVE_VOTERS, ("V.A",)), (ABOVE_VOTERS, ("V.C",))]
    assert failing[0].message == "Suara sah = 151 melebihi jumlah pemilih TPS 150 (DPT 150 + DPTb 0 + DPK 0)"
    # pengguna DPT above DPT
    failing = tps_anomalies(record(admin={"I.A.JML": 150, "I.B.1.JML": 151}, chart={}))
    assert [a.message for a in failing] == [
        "Pengguna hak pilih dalam DPT (151) melebihi jumlah pemilih dalam DPT (150)"
    ]


@pytest.mark.parametrize(("true_value", "read_as"), [(23, 823), (19, 819), (20, 820), (3, 803)])
def test_leading_8_from_the_documented_misreads(true_value: int, read_as: int) -> None:
    chart = dict(CLEAN_CHART)
    key = next(k for k, v in chart.items() if v == true_value) if true_value in chart.values() else "100025"
    if key == "100025" and chart[key] != true_value:  # 20 and 3: adjust the clean record so the sum still holds
        chart["100026"] += chart[key] - true_value
        chart[key] = true_value
    assert tps_anomalies(record(chart=chart)) == []
    chart[key] = read_as
    failing = tps_anomalies(record(chart=chart))
    assert rules(failing) == [CHART_SUM, ABOVE_VOTERS, LEADING_8]
    leading = failing[2]
    assert leading.severity == "warning" and leading.chart_keys == (key,)
    assert leading.message == (
        f'Chart "{key}" = {read_as}: kemungkinan angka 8 di depan salah baca, nilai sebenarnya mungkin {true_value} '
        "(jumlah pemilih TPS 256 (DPT 250 + DPTb 4 + DPK 2)); "
        "dengan " + str(true_value) + ", jumlah perolehan suara sama dengan suara sah (190)"
    )


def test_leading_8_on_administrasi_and_without_known_voters() -> None:
    # 887 → 87 and 883 → 83 (documented misreads of 19 and 3: the rule can only suggest dropping the 8)
    failing = tps_anomalies(record(admin={"V.A": 887}, chart={}))
    assert [(a.rule, a.lines) for a in failing] == [(LEADING_8, ("V.A",))]
    assert failing[0].message == (
        "Suara sah = 887: kemungkinan angka 8 di depan salah baca, nilai sebenarnya mungkin 87 (batas DPT per TPS 300)"
    )
    failing = tps_anomalies(record(admin={"I.B.4.JML": 90, "V.B": 883}, chart={}))
    assert rules(failing) == [LEADING_8]
    assert "mungkin 83 (jumlah pengguna hak pilih 90)" in failing[0].message


def test_leading_8_not_flagged() -> None:
    assert tps_anomalies(record(admin={"V.A": 799}, chart={})) == []  # below 800
    assert tps_anomalies(record(admin={"V.A": 912}, chart={})) == []  # does not start with 8
    assert tps_anomalies(record(admin={"V.A": 8400}, chart={})) == []  # 400: not plausible for a TPS
    # 282 for 2 is a documented misread too, but without a leading 8 it is only caught by the other rules
    anomalies = tps_anomalies(record(chart={"100025": 282, "100026": 148, "100027": 19}))
    assert LEADING_8 not in rules(anomalies) and CHART_SUM in rules(anomalies)
    # the 8 stays if the stripped value would exceed the TPS's voters (256)
    assert LEADING_8 not in rules(tps_anomalies(record(chart={"100025": 8257, "100026": 148, "100027": 19})))
