"""Seats of a dapil live from its sheet (issue 14.1–14.3): sementara until every kecamatan is ditetapkan, what is
still open (unread and open kecamatan, error findings, Sirekap differences, keberatan) and whether it could change a
seat or an elected candidate."""

from __future__ import annotations

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest, Dapil, PartyBlock
from rekap_desktop.national import NATIONAL_PARTIES_2024
from rekap_desktop.participants import Candidate
from rekap_desktop.rules import JUMLAH
from rekap_desktop.seats_dapil import analyse, summary_line, supports
from rekap_desktop.seats_risk import Objection, OpenKind
from rekap_desktop.sheet import RecapSheet, SirekapFigure

from .factories import KEC, dpr_contest

PARTIES = {p.number: p for p in NATIONAL_PARTIES_2024}


def dprd_contest(seats: int | None = 4) -> Contest:
    blocks = tuple(
        PartyBlock(PARTIES[n], tuple(Candidate(k, f"CALON CONTOH {n}-{k}", n, "P" if k == 2 else "L")
                                     for k in (1, 2, 3)))
        for n in (1, 2, 5)
    )
    return Contest(Ballot.PDPRDK, KEC, Dapil(Ballot.PDPRDK, "352701", "SAMPANG 1", "", seats), parties=blocks)


def enter(sheet: RecapSheet, kec: str, figures: dict[int, tuple[int, int, int, int]]) -> None:
    """Party → (party-only, candidate 1, 2, 3): writes the party lines and a consistent total."""
    for party, (only, c1, c2, c3) in figures.items():
        sheet.set_manual(f"IV.{party}.0", kec, only)
        for k, v in zip((1, 2, 3), (c1, c2, c3), strict=True):
            sheet.set_manual(f"IV.{party}.{k}", kec, v)
        sheet.set_manual(f"IV.{party}.T", kec, only + c1 + c2 + c3)


SRESEH, TORJUN, SAMPANG = (k.code for k in KEC)
FIRST = {1: (500, 4000, 1500, 200), 2: (300, 2500, 1800, 100), 5: (100, 900, 700, 50)}


def test_no_figures_yet() -> None:
    result = analyse(RecapSheet(dprd_contest()))
    assert result.allocation is None and "Belum ada suara" in result.problem
    assert result.provisional and [i.kind for i in result.open_items] == [OpenKind.NOT_READ] * 3


def test_other_ballots_and_missing_seats_say_why() -> None:
    dpr = analyse(RecapSheet(dpr_contest()))
    assert dpr.allocation is None and "DPR tidak dibagi" in dpr.problem and "4 %" in dpr.problem
    assert "DPRD Provinsi" in supports(Contest(Ballot.PDPRDP, KEC, Dapil(Ballot.PDPRDP, "3514", "JATIM 14")))
    no_seats = analyse(RecapSheet(dprd_contest(None)))
    assert no_seats.allocation is None and "kolom kursi" in no_seats.problem


def test_first_kecamatan_gives_a_provisional_result() -> None:
    sheet = RecapSheet(dprd_contest())
    enter(sheet, SRESEH, FIRST)
    result = analyse(sheet, {SRESEH: "selesai"})
    assert result.allocation is not None and result.provisional
    assert "SEMENTARA — 0 dari 3 kecamatan ditetapkan, 1 sudah ada angkanya" in result.state_label
    # PKB 6.200, Gerindra 4.700, NasDem 1.750: quotients 6.200, 4.700, 2.066,67 (PKB/3), 1.750 (NasDem) for 4 seats
    assert {p.party.short_name: p.seats for p in result.seat_parties} == {"PKB": 2, "Gerindra": 1, "NasDem": 1}
    pkb = result.party(1)
    assert [c.candidate.number for c in pkb.candidates.elected] == [1, 2] and pkb.candidates.margin == 1300
    kinds = [(i.kind, i.kecamatan, i.size, i.add_only) for i in result.open_items]
    assert kinds == [(OpenKind.NOT_SET, SRESEH, 12_650, False), (OpenKind.NOT_READ, TORJUN, 116 * 300, True),
                     (OpenKind.NOT_READ, SAMPANG, 338 * 300, True)]
    assert all(r.seat for r in result.at_risk)  # two unread kecamatan can change everything
    assert "dapat mengubah perolehan kursi" in result.at_risk[1].message
    assert summary_line(result).startswith("Dapil SAMPANG 1 (352701), 4 kursi, SEMENTARA")


def test_all_ditetapkan_is_final_and_small_differences_are_not_at_risk() -> None:
    sheet = RecapSheet(dprd_contest())
    for kec in (SRESEH, TORJUN, SAMPANG):
        enter(sheet, kec, FIRST)
    closed = dict.fromkeys((SRESEH, TORJUN, SAMPANG), "ditetapkan")
    result = analyse(sheet, closed)
    assert not result.provisional and result.open_items == () and result.at_risk == ()
    assert result.state_label == "LENGKAP — semua 3 kecamatan ditetapkan"
    # a Sirekap difference of 3 votes on NasDem's total cannot move a seat (margins are in the thousands)
    line = "IV.5.T"
    manual = sheet.value(line, TORJUN)
    assert manual is not None
    sheet.set_sirekap({(line, TORJUN): SirekapFigure(manual - 3, 116, 116)})
    result = analyse(sheet, closed)
    assert [(i.kind, i.size, i.parties) for i in result.open_items] == [(OpenKind.SIREKAP, 3, frozenset({5}))]
    assert result.at_risk == ()
    # 3.000 votes are another matter: NasDem (5.250) against PKB's third seat (18.600 / 5 = 3.720)
    sheet.set_sirekap({(line, TORJUN): SirekapFigure(manual - 3000, 116, 116)})
    result = analyse(sheet, closed)
    assert len(result.at_risk) == 1 and result.at_risk[0].seat
    assert "Selisih Sirekap IV.5.T (NasDem) di Kecamatan TORJUN" in result.at_risk[0].message


def test_error_findings_on_vote_lines_are_open_items() -> None:
    sheet = RecapSheet(dprd_contest())
    for kec in (SRESEH, TORJUN, SAMPANG):
        enter(sheet, kec, FIRST)
    sheet.set_manual("IV.2.1", SAMPANG, 2500 + 1700)  # R11: Gerindra's total no longer adds up (off by 1.700)
    closed = dict.fromkeys((SRESEH, TORJUN, SAMPANG), "ditetapkan")
    result = analyse(sheet, closed)
    errors = [i for i in result.open_items if i.kind is OpenKind.ERROR]
    assert [(i.ref, i.kecamatan, i.size, i.parties) for i in errors] == [("R11", SAMPANG, 1700, frozenset({2}))]
    assert errors[0].candidates is None  # R11 names every candidate of the party: any of them may be wrong
    # Gerindra's candidates: no. 1 now 9.200 against no. 2 with 5.400: 1.700 cannot overturn that lead
    gerindra = result.party(2).candidates
    assert gerindra.margin == 9200 - 5400
    risky = {r.item.ref: r for r in result.at_risk}
    assert "R11" not in risky or not risky["R11"].candidate_parties


def test_an_open_keberatan_is_weighed_and_a_close_race_is_flagged() -> None:
    sheet = RecapSheet(dprd_contest())
    close = {1: (500, 4000, 3990, 200), 2: (300, 2500, 1800, 100), 5: (100, 900, 700, 50)}
    for kec in (SRESEH, TORJUN, SAMPANG):
        enter(sheet, kec, close)
    closed = dict.fromkeys((SRESEH, TORJUN, SAMPANG), "ditetapkan")
    objection = Objection(7, TORJUN, ("IV.1.2",), "Saksi PKB: suara calon no. 2 tertukar")
    result = analyse(sheet, closed, [objection])
    item = next(i for i in result.open_items if i.kind is OpenKind.KEBERATAN)
    assert (item.kecamatan, item.parties, item.candidates) == (TORJUN, frozenset({1}), frozenset({(1, 2)}))
    assert item.size == sum(v for p in close.values() for v in p)
    risk = next(r for r in result.at_risk if r.item is item)
    # PKB's two seats: no. 2 (11.970) leads no. 3 (600) by 11.370, within what all of Torjun's 15.140 votes can move
    assert risk.candidate_parties == (1,) and result.party(1).candidates.margin == 11_370
    assert "Keberatan #7 belum diputus (Kecamatan TORJUN)" in risk.message
    one_tps = Objection(8, TORJUN, ("IV.1.2",), "Saksi PKB: satu TPS", tps=f"{TORJUN}2001001")
    item = next(i for i in analyse(sheet, closed, [one_tps]).open_items if i.kind is OpenKind.KEBERATAN)
    assert item.size == 300 and f"TPS {TORJUN}2001001" in item.description  # one TPS: at most 300 voters


def test_a_tie_for_the_last_seat_is_reported_and_everything_open_counts() -> None:
    contest = dprd_contest(seats=2)
    sheet = RecapSheet(contest)
    enter(sheet, SRESEH, {1: (0, 30_000, 0, 0), 2: (0, 10_000, 0, 0), 5: (0, 4_000, 0, 0)})
    result = analyse(sheet, {SRESEH: "ditetapkan"})
    assert result.allocation is not None and result.allocation.tie is not None
    assert result.allocation.tie.parties == (1, 2)
    assert {p.party.short_name for p in result.seat_parties} == {"PKB", "Gerindra"}
    assert "1 kursi seri antara PKB, Gerindra" in summary_line(result)
    assert sheet.value("IV.1.T", JUMLAH) == 30_000


def test_vote_lines_left_empty_are_open_items_even_when_ditetapkan() -> None:
    sheet = RecapSheet(dprd_contest())
    for kec in (SRESEH, TORJUN, SAMPANG):
        enter(sheet, kec, FIRST)
    sheet.set_manual("V.A", TORJUN, 12_650)
    sheet.set_manual("IV.5.T", TORJUN, None)  # NasDem's total not typed in Torjun: its 1.750 votes are not counted
    sheet.set_manual("IV.1.2", SAMPANG, None)  # PKB's candidate no. 2 not typed in Sampang
    closed = dict.fromkeys((SRESEH, TORJUN, SAMPANG), "ditetapkan")
    result = analyse(sheet, closed)
    missing = [(i.kecamatan, i.size, i.parties, i.candidates, i.add_only) for i in result.open_items
               if i.kind is OpenKind.MISSING]
    assert missing == [(TORJUN, 1750, frozenset({5}), None, True),  # V.A 12.650 − the other parties' 10.900
                       (SAMPANG, 1500, frozenset({1}), frozenset({(1, 2)}), True)]
    assert any(r.item.kind is OpenKind.MISSING and r.seat for r in result.at_risk)  # 1.750 can move a seat here
