"""Every rule R1–R17 that applies at kabupaten level: one column that passes, one that breaks it."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekap_desktop.numbers import format_number
from rekap_desktop.rules import JUMLAH, RULES, RULES_BY_ID, Severity, cross_contest_findings, explain
from rekap_desktop.sheet import RecapSheet
from rekap_desktop.synthesis import consistent_column

from .factories import KEC, dpd_contest, dpr_contest, ppwp_contest

KEC1 = KEC[0].code


def filled(contest, seed: int = 7) -> RecapSheet:
    sheet = RecapSheet(contest)
    rng = random.Random(seed)
    for region in contest.kecamatan:
        for line, value in consistent_column(sheet.catalogue, rng, 25_000, region.tps_count).items():
            sheet.set_manual(line, region.code, value)
    assert sheet.all_findings() == [], [f.message for f in sheet.all_findings()]
    return sheet


def rules_at(sheet: RecapSheet, column: str = KEC1) -> set[str]:
    return {f.rule for f in sheet.all_findings() if f.column == column}


# (rule, contest factory, line to change, delta) — the change must break exactly that rule among others
BREAKS = [
    ("R1", ppwp_contest, "I.B.4.L", +3),
    ("R2", ppwp_contest, "I.A.JML", +1),
    ("R2", ppwp_contest, "III.P", +1),
    ("R3", ppwp_contest, "IV.2", +10),
    ("R3", dpd_contest, "IV.4", -1),
    ("R4", ppwp_contest, "V.B", +2),
    ("R5", ppwp_contest, "V.C", +1),
    ("R6", ppwp_contest, "II.2", -4),
    ("R7", ppwp_contest, "II.4", +5),
    ("R11", dpr_contest, "IV.2.3", +7),
    ("R11", dpr_contest, "IV.3.0", -1),
    ("R12", dpr_contest, "IV.1.T", +9),
]


@pytest.mark.parametrize(("rule", "factory", "line", "delta"), BREAKS)
def test_rule_holds_then_breaks(rule, factory, line, delta) -> None:
    sheet = filled(factory())
    assert rule not in rules_at(sheet)
    before = sheet.value(line, KEC1)
    sheet.set_manual(line, KEC1, before + delta)
    found = [f for f in sheet.all_findings() if f.rule == rule and f.column == KEC1]
    assert found, f"{rule} not raised by changing {line}"
    assert found[0].severity is RULES_BY_ID[rule].severity
    assert "selisih" in found[0].message or "melebihi" in found[0].message
    # restoring the figure clears it again
    sheet.set_manual(line, KEC1, before)
    assert rule not in rules_at(sheet)


def test_r8_spare_ballots_band_is_a_warning() -> None:
    sheet = filled(ppwp_contest())
    dpt = sheet.value("I.A.JML", KEC1)
    # keep R7 true while moving II.1 out of the DPT + 2% band
    for line in ("II.1", "II.4"):
        sheet.set_manual(line, KEC1, sheet.value(line, KEC1) + dpt)
    found = [f for f in sheet.all_findings() if f.rule == "R8" and f.column == KEC1]
    assert found and found[0].severity is Severity.WARNING
    assert "R7" not in rules_at(sheet)


def _set_received(sheet: RecapSheet, value: int) -> None:
    """II.1 to `value`, II.4 moved with it so that R7 keeps holding."""
    delta = value - sheet.value("II.1", KEC1)
    sheet.set_manual("II.4", KEC1, sheet.value("II.4", KEC1) + delta)
    sheet.set_manual("II.1", KEC1, value)


def r8_at(sheet: RecapSheet):
    return [f for f in sheet.all_findings() if f.rule == "R8" and f.column == KEC1]


def test_r8_message_says_which_edge_of_the_band_and_how_far_outside() -> None:
    """The band is DPT … DPT + ⌈2% DPT⌉ + one per TPS; the message names the edge crossed and the distance to it,
    never a 'selisih' from the DPT alone."""
    sheet = filled(ppwp_contest())
    dpt = sheet.value("I.A.JML", KEC1)
    tps = sheet.tps_count(KEC1)
    assert dpt > 1000 and tps
    upper = dpt + -(-dpt * 2 // 100) + tps
    _set_received(sheet, upper)
    assert r8_at(sheet) == []
    _set_received(sheet, upper + 7)
    (above,) = r8_at(sheet)
    assert above.message == (f"Surat suara diterima = {format_number(upper + 7)} melebihi DPT + cadangan 2% "
                             f"(dibulatkan ke atas per TPS) = {format_number(upper)} (lebih 7)")
    assert (above.lhs_value, above.rhs_value) == (upper + 7, upper)
    _set_received(sheet, dpt)
    assert r8_at(sheet) == []
    _set_received(sheet, dpt - 1234)
    (below,) = r8_at(sheet)
    assert below.message == (f"Surat suara diterima = {format_number(dpt - 1234)} kurang dari DPT = "
                             f"{format_number(dpt)} (kurang 1.234)")
    assert (below.lhs_value, below.rhs_value) == (dpt - 1234, dpt)
    assert "R7" not in rules_at(sheet)


def test_r9_pengguna_dpt_above_dpt_is_an_error() -> None:
    """Issue 13.5: an impossible figure; Sirekap's own app refuses it (per L, P and total)."""
    sheet = filled(ppwp_contest())
    sheet.set_manual("I.A.L", KEC1, 0)
    sheet.set_manual("I.A.JML", KEC1, sheet.value("I.A.P", KEC1))
    found = [f for f in sheet.all_findings() if f.column == KEC1]
    r9 = [f for f in found if f.rule == "R9"]
    assert {f.line for f in r9} == {"I.B.1.L", "I.B.1.JML"}
    assert all(f.severity is Severity.ERROR for f in r9)
    assert "R2" not in {f.rule for f in found}


def test_r10_disabilitas_above_voters_is_an_error() -> None:
    sheet = filled(ppwp_contest())
    big = sheet.value("I.B.4.P", KEC1) + 1
    sheet.set_manual("III.P", KEC1, big)
    sheet.set_manual("III.JML", KEC1, big + sheet.value("III.L", KEC1))
    r10 = [f for f in sheet.all_findings() if f.column == KEC1 and f.rule == "R10"]
    assert {f.line for f in r10} == {"III.P"}
    assert all(f.severity is Severity.ERROR for f in r10)
    assert "R2" not in rules_at(sheet)


def test_severities_follow_the_form_and_sirekap() -> None:
    """Only the soft rules are warnings: the 2% spare band (R8), the DPT across ballots (R15); everything the form
    or Sirekap's own validation states as an equation or a bound is an error (issue 13.5)."""
    warnings = {r.id for r in RULES if r.severity is Severity.WARNING}
    assert warnings == {"R8", "R15"}
    assert "Sirekap" in RULES_BY_ID["R9"].source and "Sirekap" in RULES_BY_ID["R7"].source


def test_r17_votes_above_voters_and_per_tps_cap() -> None:
    sheet = filled(ppwp_contest())
    # a column whose votes exceed DPT + DPTb + DPK while R4/R5 still hold
    huge = sheet.value("I.A.JML", KEC1) + sheet.value("I.B.2.JML", KEC1) + sheet.value("I.B.3.JML", KEC1) + 1
    sheet.set_manual("V.C", KEC1, huge)
    found = [f for f in sheet.all_findings() if f.rule == "R17" and f.column == KEC1]
    assert [f.severity for f in found] == [Severity.ERROR]
    cap_value = 300 * KEC[0].tps_count
    sheet.set_manual("V.C", KEC1, cap_value + 1)
    cap = [f for f in sheet.all_findings() if f.rule == "R17" and f.severity is Severity.WARNING]
    assert cap and cap[0].rhs_value == cap_value and cap[0].column == KEC1


def test_r15_dpt_differs_between_ballots() -> None:
    per = {"ppwp": {KEC1: 1000, "352702": 5}, "pdpd": {KEC1: 1000, "352702": 6}, "pdpr:3511": {KEC1: 999}}
    found = cross_contest_findings(per)
    assert {(key, f.column) for key, f in found} == {("pdpd", "352702"), ("pdpr:3511", KEC1)}
    assert cross_contest_findings({"ppwp": {KEC1: 1}, "pdpd": {KEC1: 1}}) == []


def test_r13_jumlah_is_derived_and_not_enterable() -> None:
    sheet = filled(ppwp_contest())
    assert sheet.value("V.A", JUMLAH) == sum(sheet.value("V.A", k.code) for k in KEC)
    with pytest.raises(ValueError, match="JUMLAH"):
        sheet.set_manual("V.A", JUMLAH, 1)


def test_r16_kecamatan_outside_the_dapil_and_party_without_candidates() -> None:
    contest = dpr_contest(parties=3, candidates=0, kecamatan=KEC[:2])
    sheet = RecapSheet(contest)
    with pytest.raises(KeyError, match="352703"):
        sheet.set_manual("V.A", "352703", 1)
    ids = [li.id for li in sheet.catalogue.lines if li.party == 1]
    assert ids == ["IV.1.0", "IV.1.T"]


def test_every_rule_is_catalogued_with_indonesian_title() -> None:
    assert [r.id for r in RULES] == [f"R{i}" for i in range(1, 18)]
    for rule in RULES:
        assert rule.title
        assert len(rule.source) > 40 and rule.source.endswith("."), rule.id
        assert rule.source in explain(rule.id) and rule.severity.label in explain(rule.id)
        if not list(rule.expand(RecapSheet(ppwp_contest()).catalogue)) and rule.id not in ("R11", "R12"):
            assert rule.enforced_by, rule.id


def test_empty_cells_are_not_judged() -> None:
    sheet = RecapSheet(ppwp_contest())
    sheet.set_manual("V.A", KEC1, 100)
    sheet.set_manual("V.C", KEC1, 90)
    assert sheet.all_findings() == []  # V.B not entered yet: R4 waits
    sheet.set_manual("V.B", KEC1, 0)
    assert rules_at(sheet) == {"R4"}


CONTESTS = {"ppwp": ppwp_contest, "pdpd": dpd_contest, "dpr": dpr_contest}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(CONTESTS)),
    seed=st.integers(0, 10_000),
    dpt=st.integers(0, 120_000),
    data=st.data(),
)
def test_consistent_sheet_has_no_errors_and_any_perturbation_is_caught(kind, seed, dpt, data) -> None:
    contest = CONTESTS[kind]()
    sheet = RecapSheet(contest)
    rng = random.Random(seed)
    for region in contest.kecamatan:
        for line, value in consistent_column(sheet.catalogue, rng, dpt, region.tps_count).items():
            sheet.set_manual(line, region.code, value)
    assert [f for f in sheet.all_findings() if f.severity is Severity.ERROR] == []
    # every line takes part in at least one summing rule: perturbing any one cell is caught
    line = data.draw(st.sampled_from([li.id for li in sheet.catalogue.lines]))
    column = data.draw(st.sampled_from(contest.kecamatan_codes))
    delta = data.draw(st.integers(1, 50))
    old = sheet.value(line, column)
    sheet.set_manual(line, column, old + delta)
    errors = [f for f in sheet.all_findings() if f.severity is Severity.ERROR]
    assert errors, f"perturbing {line}@{column} by +{delta} went unnoticed"
    assert any(f.column == column for f in errors)


def test_the_pleno_guide_states_each_rules_severity() -> None:
    """docs/panduan-pleno.md lists every rule with its severity; it must not drift from the catalogue."""
    from pathlib import Path

    guide = Path(__file__).resolve().parents[2] / "docs" / "panduan-pleno.md"
    rows = {}
    for line in guide.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] in RULES_BY_ID:
            rows[cells[0]] = cells[1]
    assert rows == {r.id: r.severity.label for r in RULES}
