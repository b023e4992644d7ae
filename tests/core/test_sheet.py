from __future__ import annotations

import random

import pytest

from rekap_desktop.numbers import format_delta, format_number, parse_figure
from rekap_desktop.rules import JUMLAH
from rekap_desktop.sheet import SIREKAP_MISMATCH, RecapSheet, SirekapFigure, SirekapState
from rekap_desktop.synthesis import consistent_column

from .factories import KEC, dpr_contest, ppwp_contest

K1, K2, K3 = (k.code for k in KEC)


def test_changeset_names_exactly_the_touched_cells() -> None:
    sheet = RecapSheet(ppwp_contest())
    changes = sheet.set_manual("IV.1", K1, 10)
    assert changes.cells == {("IV.1", K1), ("IV.1", JUMLAH)}
    assert not changes.findings_changed
    for line, v in (("IV.2", 20), ("IV.3", 30), ("V.A", 60)):
        sheet.set_manual(line, K1, v)
    assert sheet.all_findings() == []
    changes = sheet.set_manual("IV.2", K1, 21)
    # R3 now broken on V.A in that column; JUMLAH is not judged before every kecamatan is in
    assert changes.cells == {("IV.2", K1), ("IV.2", JUMLAH), ("V.A", K1)}
    assert changes.findings_changed
    assert sheet.findings("V.A", K1)[0].rule == "R3"
    assert sheet.set_manual("IV.2", K1, 21).cells == set()  # no change, nothing to repaint


def test_jumlah_is_incremental_and_counts_filled() -> None:
    sheet = RecapSheet(ppwp_contest())
    sheet.set_manual("V.B", K1, 5)
    sheet.set_manual("V.B", K2, 7)
    assert sheet.value("V.B", JUMLAH) == 12
    assert not sheet.total_complete("V.B")
    sheet.set_manual("V.B", K1, None)
    assert sheet.value("V.B", JUMLAH) == 7 and sheet.filled_count("V.B") == 1
    sheet.set_manual("V.B", K2, None)
    assert sheet.value("V.B", JUMLAH) is None


def test_rejects_bad_values_and_cells() -> None:
    sheet = RecapSheet(ppwp_contest())
    for bad in (-1, 1.5, True, "12"):
        with pytest.raises(ValueError):
            sheet.set_manual("V.B", K1, bad)  # type: ignore[arg-type]
    with pytest.raises(KeyError, match="baris"):
        sheet.set_manual("IV.9", K1, 1)
    with pytest.raises(KeyError, match="kecamatan"):
        sheet.set_manual("IV.1", "352799", 1)


def test_sirekap_states_mismatch_partial_missing_and_no_source() -> None:
    sheet = RecapSheet(ppwp_contest(), tolerance=0)
    sheet.set_manual("IV.1", K1, 100)
    assert sheet.sirekap_state("IV.1", K1) is SirekapState.MISSING
    assert sheet.sirekap_state("II.1", K1) is SirekapState.NO_SOURCE
    changes = sheet.set_sirekap({("IV.1", K1): SirekapFigure(90, 50, 97)})
    assert ("IV.1", K1) in changes.cells
    assert sheet.sirekap_state("IV.1", K1) is SirekapState.PARTIAL
    assert sheet.delta("IV.1", K1) == 10
    assert not [f for f in sheet.all_findings() if f.rule == SIREKAP_MISMATCH]  # partial is not a mismatch
    changes = sheet.set_sirekap({("IV.1", K1): SirekapFigure(96, 97, 97)})
    assert sheet.sirekap_state("IV.1", K1) is SirekapState.MISMATCH
    (finding,) = sheet.findings("IV.1", K1)
    assert finding.rule == SIREKAP_MISMATCH and "+4" in finding.message and "97 dari 97 TPS" in finding.message
    assert changes.findings_changed
    sheet.set_manual("IV.1", K1, 96)
    assert sheet.sirekap_state("IV.1", K1) is SirekapState.MATCH
    assert sheet.findings("IV.1", K1) == ()


def test_tolerance_and_jumlah_coverage() -> None:
    sheet = RecapSheet(ppwp_contest(), tolerance=2)
    sheet.set_manual("IV.1", K1, 100)
    sheet.set_sirekap({("IV.1", K1): SirekapFigure(98, 97, 97)})
    assert sheet.sirekap_state("IV.1", K1) is SirekapState.MATCH
    total = sheet.sirekap("IV.1", JUMLAH)
    assert total is not None and total.value == 98 and total.tps_known == 97 + 116 + 338
    assert sheet.sirekap_state("IV.1", JUMLAH) is SirekapState.PARTIAL


def test_replace_sirekap_drops_stale_cells() -> None:
    sheet = RecapSheet(ppwp_contest())
    sheet.set_sirekap({("IV.1", K1): SirekapFigure(5, 97, 97), ("IV.2", K2): SirekapFigure(6, 116, 116)})
    changes = sheet.replace_sirekap({("IV.2", K2): SirekapFigure(7, 116, 116)})
    assert ("IV.1", K1) in changes.cells
    assert sheet.sirekap("IV.1", K1) is None and sheet.sirekap("IV.2", K2).value == 7


def test_load_manual_equals_incremental_edits() -> None:
    contest = dpr_contest()
    a, b = RecapSheet(contest), RecapSheet(contest)
    rng = random.Random(3)
    rows = []
    for region in contest.kecamatan:
        col = consistent_column(a.catalogue, rng, 20_000, region.tps_count)
        col["V.B"] += 1  # one broken column per kecamatan
        rows += [(line, region.code, v) for line, v in col.items()]
    for line, kec, v in rows:
        a.set_manual(line, kec, v)
    b.load_manual(rows)
    assert a.all_findings() == b.all_findings()
    assert {f.rule for f in a.all_findings()} == {"R4"}
    assert a.counts()["error"] == len(a.all_findings())


def test_indonesian_numbers() -> None:
    assert format_number(1234567) == "1.234.567"
    assert format_number(0) == "0"
    assert format_delta(12) == "+12" and format_delta(-3) == "\u22123"
    assert parse_figure(" 1.234 ") == 1234 and parse_figure("761421") == 761421
    for bad in ("-5", "1,5", "12a", "", "1.23", "٣"):
        with pytest.raises(ValueError):
            parse_figure(bad)
