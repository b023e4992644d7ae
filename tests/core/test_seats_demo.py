"""The demo's real DPRD Sampang structure (issue 14.7): six dapil, 45 seats (the 45 members inaugurated in 2024,
recap-domain.md §10), every kecamatan in exactly one dapil; seats and calon terpilih computed for every dapil of the
demo database, SEMENTARA where a kecamatan is still open."""

from __future__ import annotations

from pathlib import Path

import pytest

from rekap_desktop.ballot import Ballot
from rekap_desktop.demo import build_reference, create_demo, layout_tps, sampang_spec
from rekap_desktop.reference_files.dapil import DAPIL_SEATS, DPRD_KABKO_SIZES
from rekap_desktop.seats_report import KURSI_RAWAN, dapil_seats, seat_contests, seat_findings
from rekap_desktop.services import KecamatanStatus, RecapService
from rekap_desktop.setup_status import setup_status

DPRD_SAMPANG_SEATS = 45


def test_the_demo_reference_has_the_dprd_sampang_dapil_structure() -> None:
    spec = sampang_spec()
    reference = build_reference(spec, layout_tps(spec))
    dapils = [d for d in reference.dapils if d.dapil.ballot is Ballot.PDPRDK]
    assert len(dapils) == 6
    seats = [d.dapil.seats for d in dapils]
    assert sum(s or 0 for s in seats) == DPRD_SAMPANG_SEATS and DPRD_SAMPANG_SEATS in DPRD_KABKO_SIZES
    low, high, _ = DAPIL_SEATS[Ballot.PDPRDK]
    assert all(s is not None and low <= s <= high for s in seats)
    members = [k for d in dapils for k in d.kecamatan]
    assert sorted(members) == sorted(k.code for k in spec.kecamatan) and len(members) == 14  # each exactly once
    jrengik_dapil = next(d for d in dapils if "352707" in d.kecamatan)  # Dapil II: Jrengik, Sreseh, Tambelangan
    assert set(jrengik_dapil.kecamatan) == {"352707", "352701", "352708"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-seats-core") / "demo.sqlite"
    create_demo(path)
    return path


def test_every_demo_dapil_is_allocated_through_the_reference_files(demo: Path) -> None:
    service = RecapService.open(demo, actor="uji")
    try:
        assert not any("kursi" in m for m in setup_status(service).missing)
        contests = seat_contests(service)
        assert len(contests) == 6
        total = 0
        for contest in contests:
            result = dapil_seats(service, contest)
            assert result.allocation is not None, result.problem
            seats = contest.seats or 0
            allocated = sum(result.allocation.won.values())
            tied = result.allocation.tie.seats if result.allocation.tie else 0
            assert allocated + tied == seats
            for party in result.seat_parties:
                pc = party.candidates
                assert len(pc.elected) + (pc.tie.seats if pc.tie else 0) == party.seats - pc.unfilled
                if pc.unfilled:  # more seats than candidates on the party's DCT: said, never hidden
                    assert any(f"{pc.unfilled} kursi tidak terisi calon" in n for n in result.notes)
            statuses = service.statuses(contest.key)
            open_kecamatan = [k for k, s in statuses.items() if s is not KecamatanStatus.DITETAPKAN]
            assert result.provisional == bool(open_kecamatan)
            if open_kecamatan:
                rules = {f.rule for f in seat_findings(service, contest)}
                assert KURSI_RAWAN in rules  # an open kecamatan holds thousands of votes: the last seat is at risk
            total += allocated + tied
        assert total == DPRD_SAMPANG_SEATS
    finally:
        service.close()
