"""tps_anomalies: the real Noreh sample, and one passing and one failing record per rule."""

from __future__ import annotations

import dataclasses

import pytest

from rekap_desktop.sirekap.anomalies import (
    ABOVE_CAP,
    ABOVE_VOTERS,
    CHART_SUM,
    LEADING_8,
    LP,
    MISREAD,
    PENGGUNA_TOTAL,
    PHOTO_OTHER_TPS,
    SAH_TIDAK_SAH,
    TPS_RULES,
    TpsAnomaly,
    tps_anomalies,
)
from rekap_desktop.sirekap.json import TpsRecord, parse_document
from rekap_desktop.sirekap.sources import SourceItem, iter_sources

from ..conftest import FIELD_CASES, SIREKAP_SAMPLE

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
        "SIREKAP_TPS_ABOVE_CAP": "error",
        "SIREKAP_TPS_PHOTO_OTHER_TPS": "error",
        "SIREKAP_TPS_LEADING_8": "warning",
        "SIREKAP_TPS_MISREAD": "warning",
    }


def test_real_noreh_sample_has_exactly_three_anomalies() -> None:
    found = real_anomalies()
    assert len(found) == 20
    assert {tps: rules(a) for tps, a in found.items() if a} == {
        "004": [CHART_SUM, MISREAD],
        "016": [CHART_SUM],
        "017": [SAH_TIDAK_SAH, MISREAD],
    }
    # 004: 45 + 126 + 40 = 211 against 271: only 126 read for 186 (one digit) repairs the sum without breaking
    # sah + tidak sah = total; 016: 37/75/26 against 133 has three equally good readings, so none is offered;
    # 017: tidak sah 11 for 10 is the one reading that repairs 207 + 11 ≠ 217.
    a004, m004 = found["004"]
    assert a004.suggested == (("100026", 186),) and m004.suggested == (("100026", 186),)
    assert m004.severity == "warning" and "satu angka salah baca; dengan 186" in m004.message
    assert found["016"][0].suggested == ()
    assert found["017"][1].suggested == (("V.B", 10),) and found["017"][1].lines == ("V.B",)
    assert a004.message == (
        "Jumlah perolehan suara peserta (45 + 126 + 40 = 211) tidak sama dengan suara sah (271); selisih -60"
    )
    assert (a004.severity, a004.tps, a004.ballot) == ("error", "3527012001004", "ppwp")
    assert a004.lines == ("V.A",) and a004.chart_keys == ("100025", "100026", "100027")
    assert len(a004.images) == 3 and a004.images[1].endswith("-064243--0271b15d-17ba-40ea-bef7-19542eeca2f1.jpg")
    (a016,) = found["016"]
    assert "(37 + 75 + 26 = 138)" in a016.message and "suara sah (133); selisih +5" in a016.message
    a017 = found["017"][0]
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
    assert rules(failing) == [CHART_SUM, MISREAD]
    assert failing[0].suggested == (("24.T", 30),)
    assert "(100 + 60 + 31 = 191)" in failing[0].message
    assert failing[0].chart_keys == ("1.T", "2.T", "24.T")


def test_sah_tidak_sah() -> None:
    failing = tps_anomalies(record(V_B=17))
    assert rules(failing) == [SAH_TIDAK_SAH, MISREAD]
    assert failing[1].suggested == (("V.B", 16),)
    assert failing[0].message == (
        "Suara sah (190) + suara tidak sah (17) = 207, tetapi jumlah seluruh suara tercatat 206; selisih +1"
    )


def test_pengguna_total() -> None:
    failing = tps_anomalies(record(I_B_3_JML=3, I_B_3_P=2))
    assert rules(failing) == [PENGGUNA_TOTAL, PENGGUNA_TOTAL]  # JML and P; two values changed: no reading
    assert failing[0].message == (
        "Jumlah pengguna hak pilih tercatat 206, tetapi DPT (200) + DPTb (4) + DPK (3) = 207; selisih -1"
    )
    assert failing[1].message == (
        "Jumlah pengguna hak pilih (perempuan) tercatat 108, tetapi DPT (105) + DPTb (2) + DPK (2) = 109; selisih -1"
    )
    assert failing[1].lines == ("I.B.4.P", "I.B.1.P", "I.B.2.P", "I.B.3.P")


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
    # a pengguna group's L also enters B.4 L = B.1 L + B.2 L + B.3 L
    expected = [LP] if group == "I.A" else [PENGGUNA_TOTAL, LP]
    assert [r for r in rules(failing) if r != MISREAD] == expected
    failing = [a for a in failing if a.rule == LP]
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


@pytest.mark.parametrize(("true_value", "read_as"), [(23, 823), (19, 819), (20, 820), (3, 803), (3, 883), (1, 881)])
def test_leading_8_from_the_documented_misreads(true_value: int, read_as: int) -> None:
    chart = dict(CLEAN_CHART)
    key = next(k for k, v in chart.items() if v == true_value) if true_value in chart.values() else "100025"
    if key == "100025" and chart[key] != true_value:  # adjust the clean record so that the sum still holds
        chart["100026"] += chart[key] - true_value
        chart[key] = true_value
    assert tps_anomalies(record(chart=chart)) == []
    chart[key] = read_as
    failing = tps_anomalies(record(chart=chart))
    assert rules(failing) == [CHART_SUM, ABOVE_VOTERS, LEADING_8]
    leading = failing[2]
    assert leading.severity == "warning" and leading.chart_keys == (key,)
    assert leading.suggested == ((key, true_value),) and failing[0].suggested == ((key, true_value),)
    assert leading.message == (
        f'Chart "{key}" = {read_as}: kemungkinan kotak kosong di depan terbaca angka 8; dengan {true_value}, '
        "jumlah perolehan suara sama dengan suara sah (190) — periksa foto formulir"
    )


def test_leading_8_is_suggested_only_when_the_sum_confirms_it() -> None:
    # 881 with suara sah 206 and the other two 81 + 124: only 1 (both empty boxes read as 8) adds up, not 81
    chart = {"100025": 81, "100026": 124, "100027": 881}
    admin = {"V.A": 206, "V.B": 4, "V.C": 210, "I.B.4.JML": 210}
    (suggested,) = {a.suggested for a in tps_anomalies(record(admin=admin, chart=chart)) if a.rule == LEADING_8}
    assert suggested == (("100027", 1),)
    # the same value where the sum says 81 was written: 81 is suggested (one empty box read as 8)
    admin81 = {"V.A": 286, "V.B": 4, "V.C": 290, "I.B.4.JML": 290}
    (suggested,) = {a.suggested for a in tps_anomalies(record(admin=admin81, chart=chart)) if a.rule == LEADING_8}
    assert suggested == (("100027", 81),)
    # the sum wants 50: no misreading of 881 gives 50, so no value is offered, only the pattern
    admin50 = {"V.A": 255, "V.B": 4, "V.C": 259, "I.B.4.JML": 259}
    leading = [a for a in tps_anomalies(record(admin=admin50, chart=chart)) if a.rule == LEADING_8]
    assert len(leading) == 1 and leading[0].suggested == ()
    assert "tidak cukup untuk memastikan nilai yang benar" in leading[0].message
    assert "dengan" not in leading[0].message


def test_leading_8_without_arithmetic_offers_no_value() -> None:
    failing = tps_anomalies(record(admin={"V.A": 887}, chart={}))
    assert [(a.rule, a.lines, a.suggested) for a in failing] == [(ABOVE_CAP, ("V.A",), ()), (LEADING_8, ("V.A",), ())]
    assert failing[1].message == (
        "Suara sah = 887: kemungkinan kotak kosong di depan terbaca angka 8 (melebihi batas 306 surat suara per "
        "TPS); angka TPS ini tidak cukup untuk memastikan nilai yang benar — periksa foto formulir"
    )
    failing = tps_anomalies(record(admin={"I.B.4.JML": 90, "V.B": 883}, chart={}))
    assert rules(failing) == [ABOVE_CAP, LEADING_8]
    assert "(melebihi jumlah pengguna hak pilih 90)" in failing[1].message


def test_leading_8_not_flagged() -> None:
    assert tps_anomalies(record(admin={"V.A": 299}, chart={})) == []
    assert rules(tps_anomalies(record(admin={"V.A": 799}, chart={}))) == [ABOVE_CAP]  # below 800: not the pattern
    assert rules(tps_anomalies(record(admin={"V.A": 912}, chart={}))) == [ABOVE_CAP]  # does not start with 8
    # 282 for 2 is a documented misread too: without a leading 8 it is a one-digit misread, confirmed by the sum
    anomalies = tps_anomalies(record(chart={"100025": 282, "100026": 148, "100027": 19}))
    assert LEADING_8 not in rules(anomalies) and CHART_SUM in rules(anomalies)


@pytest.mark.parametrize(("true_value", "read_as", "rule"), [
    (148, 1480, MISREAD),  # an extra trailing digit: ten times too large
    (148, 1448, MISREAD),  # an extra digit inside
    (148, 178, MISREAD),  # one digit misread (4 → 7)
    (23, 73, MISREAD),
])
def test_other_misreads_are_suggested_when_the_sum_confirms_them(true_value: int, read_as: int, rule: str) -> None:
    chart = dict(CLEAN_CHART)
    key = next(k for k, v in chart.items() if v == true_value)
    chart[key] = read_as
    found = tps_anomalies(record(chart=chart))
    misread = [a for a in found if a.rule == rule]
    assert len(misread) == 1 and misread[0].suggested == ((key, true_value),)
    assert next(a for a in found if a.rule == CHART_SUM).suggested == ((key, true_value),)


def test_no_suggestion_when_two_readings_repair_the_sum() -> None:
    # 28 + 148 + 19 = 195 against 190: 28 → 23, 148 → 143 and 19 → 14 each repair it, so none is offered
    found = tps_anomalies(record(chart={"100025": 28, "100026": 148, "100027": 19}))
    assert rules(found) == [CHART_SUM] and found[0].suggested == ()


def test_a_reading_that_breaks_another_equation_is_not_confirmed() -> None:
    # suara sah 199 (read for 190): changing it repairs Σ chart = sah but would break sah + tidak sah = total
    # (199 + 16 ≠ 206)? No: 190 + 16 = 206 holds only with 190, so the reading 190 repairs both: confirmed
    found = tps_anomalies(record(V_A=199))
    assert {a.suggested for a in found} == {(("V.A", 190),)}
    # a chart value could repair Σ chart = sah on its own, but sah itself is then consistent with V.B and V.C
    found = tps_anomalies(record(V_A=191, V_C=207, I_B_4_JML=207, I_B_4_P=109, I_B_1_JML=201, I_B_1_P=106))
    assert rules(found) == [CHART_SUM] and found[0].suggested == ()


def test_above_cap_without_administrasi() -> None:
    # the field case of issue 15: a chart of 64 / 713 / 26, no administrasi, no photos
    found = tps_anomalies(record(admin={}, chart={"100025": 64, "100026": 713, "100027": 26}))
    assert [(a.rule, a.chart_keys) for a in found] == [(ABOVE_CAP, ("100026",))]
    assert found[0].message == (
        'Chart "100026" = 713 melebihi yang dapat dihitung satu TPS (300 pemilih DPT + cadangan 2% = 306 surat '
        "suara)"
    )
    assert tps_anomalies(record(admin={}, chart={"100025": 306, "100026": 0, "100027": 0})) == []
    # DPT itself is capped at 300 per TPS
    assert rules(tps_anomalies(record(admin={"I.A.JML": 301}, chart={}))) == [ABOVE_CAP]


def test_photo_naming_another_tps() -> None:
    own = tuple(f"https://sirekap-obj-formc.kpu.go.id/61c0/pemilu/ppwp/35/27/01/20/01/3527012001099-20240218-1109"
                f"{i}4--45c857d7.jpg" for i in range(3))
    other = own[0].replace("3527012001099-", "3527012001001-")
    clean = dataclasses.replace(record(), images=own)
    assert tps_anomalies(clean) == []
    found = tps_anomalies(dataclasses.replace(record(), images=(other, None, own[2])))
    assert [(a.rule, a.severity) for a in found] == [(PHOTO_OTHER_TPS, "error")]
    assert found[0].message.startswith("Foto formulir ke-1 bernama TPS 3527012001001, bukan TPS ini (3527012001099)")
    # a URL without a Sirekap photo name says nothing
    assert tps_anomalies(dataclasses.replace(record(), images=("https://example.invalid/x.jpg",))) == []


def test_duplicate_upload_field_case() -> None:
    """07-duplicate-upload: TPS 002 carries TPS 001's figures and photos."""
    found = {}
    for item in iter_sources([FIELD_CASES / "07-duplicate-upload"]):
        assert isinstance(item, SourceItem)
        rec = parse_document(item)
        assert isinstance(rec, TpsRecord)
        found[rec.tps[-3:]] = rules(tps_anomalies(rec))
    assert found == {"001": [], "002": [PHOTO_OTHER_TPS]}


def test_leading_88_field_case() -> None:
    """02-leading-88: 881 written 1 and 883 written 3; the readings offered are 1 and 3, never 81 or 83."""
    suggested = {}
    for item in iter_sources([FIELD_CASES / "02-leading-88"]):
        assert isinstance(item, SourceItem)
        rec = parse_document(item)
        assert isinstance(rec, TpsRecord)
        suggested[rec.tps[-3:]] = {a.suggested for a in tps_anomalies(rec) if a.rule == LEADING_8}
    assert suggested == {"001": {(("100027", 1),)}, "002": {(("100025", 3),)}}


def test_the_fast_path_never_hides_an_anomaly() -> None:
    """`tps_anomalies` first asks a cheap test whether a record is clean; on 3.000 perturbed records, whenever
    that test says clean, the full rules find nothing either."""
    import random

    from rekap_desktop.sirekap import anomalies as module

    rng = random.Random(15)
    keys = [*CLEAN_ADMIN, *CLEAN_CHART]
    clean_seen = dirty_seen = 0
    for _ in range(3000):
        admin, chart = dict(CLEAN_ADMIN), dict(CLEAN_CHART)
        for _change in range(rng.choice((0, 1, 1, 2))):
            key = rng.choice(keys)
            target = admin if key in admin else chart
            target[key] = max(0, target[key] + rng.choice((-1, 1, 5, 600, 800)))
        for _drop in range(rng.choice((0, 0, 1))):
            key = rng.choice(keys)
            (admin if key in admin else chart).pop(key, None)
        rec = record(admin=admin, chart=chart)
        full = tps_anomalies(rec, chart_sum_keys=list(chart))  # the full rules (a key list skips the fast path)
        if module._clean(rec):
            clean_seen += 1
            assert full == [], (admin, chart)
        else:
            dirty_seen += 1
    assert clean_seen > 300 and dirty_seen > 300
