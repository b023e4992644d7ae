"""``rekap-desktop kursi`` (issue 14.4) and the seat findings of ``check``, in-process, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Dapil
from rekap_desktop.national import NATIONAL_PARTIES_2024
from rekap_desktop.participants import Candidate
from rekap_desktop.reference import CandidateSpec, DapilSpec, ReferenceData, RegionRecord
from rekap_desktop.services import KecamatanStatus, RecapService
from ui.cli import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, main

KEC = ("352701", "352702")
FIGURES = {  # kecamatan → party → (party-only, candidate 1, candidate 2)
    "352701": {1: (100, 5000, 1000), 2: (50, 3000, 2900), 5: (0, 1200, 800)},
    "352702": {1: (100, 4000, 1200), 2: (50, 2500, 2400), 5: (0, 900, 700)},
}


def seat_reference() -> ReferenceData:
    regions = [RegionRecord("35", "JAWA TIMUR"), RegionRecord("3527", "SAMPANG"),
               RegionRecord("352701", "SRESEH", tps_count=97), RegionRecord("352702", "TORJUN", tps_count=116)]
    dprdk = Dapil(Ballot.PDPRDK, "352701", "SAMPANG 1", "", 3)
    dpr = Dapil(Ballot.PDPR, "3511", "JAWA TIMUR XI")
    cands = [CandidateSpec(Ballot.PDPRDK, "352701", Candidate(k, f"CALON CONTOH {p}-{k}", p, "P" if k == 2 else "L"))
             for p in (1, 2, 5) for k in (1, 2)]
    cands.append(CandidateSpec(Ballot.PDPR, "3511", Candidate(1, "CALON CONTOH DPR", 1, "L")))
    return ReferenceData(
        regions=regions, parties=list(NATIONAL_PARTIES_2024),
        dapils=[DapilSpec(dprdk, KEC, (1, 2, 5)), DapilSpec(dpr, KEC, (1,))],
        candidates=cands, settings={"kabupaten_kode": "3527", "provinsi_kode": "35"},
    )


@pytest.fixture
def seat_db(db_url: str) -> str:
    service = RecapService.open(db_url, actor="uji")
    service.store_reference(seat_reference())
    items = []
    for kec, parties in FIGURES.items():
        for party, (only, c1, c2) in parties.items():
            items += [(f"IV.{party}.0", kec, only), (f"IV.{party}.1", kec, c1), (f"IV.{party}.2", kec, c2),
                      (f"IV.{party}.T", kec, only + c1 + c2)]
    service.set_entries("pdprdk:352701", items)
    service.set_status("pdprdk:352701", "352701", KecamatanStatus.DITETAPKAN)
    service.close()
    return db_url


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_kursi_text(seat_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "kursi", "--db", seat_db, "--ballot", "pdprdk")
    assert code == EXIT_OK
    lines = out.splitlines()
    # PKB 11.400, Gerindra 10.900, NasDem 3.600; 3 seats: 11.400, 10.900, then PKB/3 3.800 against Gerindra/3 3.633,33
    assert lines[0] == "Dapil SAMPANG 1 (352701) — 3 kursi — SEMENTARA — 1 dari 2 kecamatan ditetapkan, 2 sudah ada " \
                       "angkanya"
    assert any(line.split()[:4] == ["PKB", "11.400", "2", "11.400,00"] for line in lines)
    assert ("  Kursi terakhir: PKB (hasil bagi 3.800,00) unggul atas Gerindra (3.633,33): seri bila PKB kehilangan 500 "
            "suara, atau Gerindra bertambah 500 suara, atau 250 suara berpindah") in lines
    assert "    PKB (2 kursi): 1. CALON CONTOH 1-1 9.000; 2. CALON CONTOH 1-2 2.200 — unggul 2.200 suara atas " \
           "pengganti pertama" not in lines  # PKB has only two candidates: nobody left to substitute
    pkb = "    PKB (2 kursi): 1. CALON CONTOH 1-1 9.000; 2. CALON CONTOH 1-2 2.200"
    assert pkb in lines
    assert any("Kecamatan TORJUN belum ditetapkan" in line and "perolehan kursi" in line for line in lines)


def test_kursi_csv_and_json(seat_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "kursi", "--db", seat_db, "--ballot", "pdprdk", "--format", "csv")
    assert code == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.startswith("dapil,party,votes,seats,")
    assert [(r["party"], r["votes"], r["seats"], r["quotients"]) for r in rows] == [
        ("1", "11400", "2", "11400.00|3800.00|2280.00"), ("2", "10900", "1", "10900.00|3633.33"),
        ("5", "3600", "0", "3600.00")]
    assert {r["status"] for r in rows} == {"sementara"}
    code, out, _ = run(capsys, "kursi", "--db", seat_db, "--ballot", "pdprdk", "--dapil", "352701",
                       "--format", "json")
    assert code == EXIT_OK
    (dapil,) = json.loads(out)
    assert {"dapil", "seats", "last_seat_margin", "elected", "at_risk"} <= set(dapil)
    assert dapil["dapil"] == "352701" and dapil["kursi"] == 3 and dapil["status"] == "sementara"
    assert [{k: s[k] for k in ("party", "votes", "seats")} for s in dapil["seats"]] == [
        {"party": 1, "votes": 11400, "seats": 2}, {"party": 2, "votes": 10900, "seats": 1},
        {"party": 5, "votes": 3600, "seats": 0}]
    assert dapil["last_seat_margin"]["holder"] == 1 and dapil["last_seat_margin"]["votes_moved"] == 250
    assert [(e["party"], e["nomor"], e["nama"], e["votes"]) for e in dapil["elected"]] == [
        (1, 1, "CALON CONTOH 1-1", 9000), (1, 2, "CALON CONTOH 1-2", 2200), (2, 1, "CALON CONTOH 2-1", 5500)]
    margins = {m["party"]: m["margin"] for m in dapil["candidate_margins"]}
    assert margins == {1: None, 2: 5500 - 5300}
    assert [r["kecamatan"] for r in dapil["at_risk"]] == ["352702"]
    assert dapil["at_risk"][0]["seat"] is True and dapil["at_risk"][0]["candidate_parties"] == [2]


def test_kursi_refuses_other_ballots_and_unknown_dapil(seat_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "kursi", "--db", seat_db, "--ballot", "pdpr")
    assert code == EXIT_INPUT and "Kursi DPR tidak dibagi" in err and "4 %" in err
    code, _, err = run(capsys, "kursi", "--db", seat_db, "--ballot", "pdprdk", "--dapil", "9999")
    assert code == EXIT_INPUT and "9999" in err
    code, _, err = run(capsys, "kursi", "--db", seat_db, "--ballot", "xyz")
    assert code == EXIT_INPUT and err


def test_check_reports_seat_findings(seat_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--db", seat_db, "--ballot", "pdprdk", "--format", "json")
    findings = [f for f in json.loads(out) if f["rule"].startswith("KURSI")]
    assert [(f["rule"], f["severity"], f["dapil"], f["kecamatan"]) for f in findings] == [
        ("KURSI_RAWAN", "warning", "352701", "352702")]
    assert "Kecamatan TORJUN belum ditetapkan" in findings[0]["message"]
    errors = {f["rule"] for f in json.loads(out) if f["severity"] == "error"}
    assert code == (EXIT_FINDINGS if errors else EXIT_OK) and not any(r.startswith("KURSI") for r in errors)


def test_check_reports_ties_for_the_plenary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "seri.sqlite")
    service = RecapService.open(db, actor="uji")
    service.store_reference(seat_reference())
    # PKB 3.000, Gerindra 1.500, then PKB/3 = NasDem = 1.000 for the third seat; Gerindra's two candidates 750 each
    items = [("IV.1.1", "352701", 3000), ("IV.1.T", "352701", 3000), ("IV.5.1", "352701", 1000),
             ("IV.5.T", "352701", 1000), ("IV.2.1", "352701", 750), ("IV.2.2", "352701", 750),
             ("IV.2.T", "352701", 1500)]
    service.set_entries("pdprdk:352701", items)
    service.close()
    code, out, _ = run(capsys, "check", "--db", db, "--ballot", "pdprdk", "--format", "json")
    found = {f["rule"]: f for f in json.loads(out) if f["rule"] in ("KURSI_SERI", "CALON_SERI")}
    assert found["KURSI_SERI"]["line"] == "IV.1.T,IV.5.T"
    assert "1 kursi terakhir dapil SAMPANG 1 seri antara PKB, NasDem (hasil bagi sama 1.000,00)" in \
        found["KURSI_SERI"]["message"]
    assert found["CALON_SERI"]["line"] == "IV.2.1,IV.2.2" and "rapat pleno" in found["CALON_SERI"]["message"]
    code, out, _ = run(capsys, "kursi", "--db", db, "--ballot", "pdprdk", "--format", "json")
    dapil = json.loads(out)[0]
    assert dapil["tie"] == {"seats": 1, "parties": [1, 5], "quotient": "1000.00"}
    assert dapil["last_seat_margin"] is None
    assert [(u["party"], u["nomor"], u["tied_with"]) for u in dapil["undecided"]] == [(2, 2, [1]), (2, 1, [2])]
    code, out, _ = run(capsys, "kursi", "--db", db, "--ballot", "pdprdk")
    assert code == EXIT_OK
    assert "  SERI: 1 kursi terakhir antara PKB, NasDem (hasil bagi 1.000,00) — diputuskan rapat pleno" in out


def test_kursi_without_seats_or_dapil_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "tanpa-kursi.sqlite")
    service = RecapService.open(db, actor="uji")
    reference = seat_reference()
    reference.dapils[0] = DapilSpec(Dapil(Ballot.PDPRDK, "352701", "SAMPANG 1"), KEC, (1, 2, 5))  # no kursi
    service.store_reference(reference)
    service.close()
    code, out, _ = run(capsys, "kursi", "--db", db, "--ballot", "pdprdk")
    assert code == EXIT_OK and "Jumlah kursi dapil 352701 belum diisi" in out
    code, out, _ = run(capsys, "kursi", "--db", db, "--ballot", "pdprdk", "--format", "json")
    assert json.loads(out)[0]["seats"] == [] and "kolom kursi" in json.loads(out)[0]["problem"]
    empty = str(tmp_path / "kosong.sqlite")
    RecapService.open(empty).close()
    code, _, err = run(capsys, "kursi", "--db", empty, "--ballot", "pdprdk")
    assert code == EXIT_INPUT and "Tidak ada dapil DPRD Kabupaten/Kota" in err
    code, _, err = run(capsys, "kursi", "--db", str(tmp_path / "tidak-ada" / "x.sqlite"), "--ballot", "pdprdk")
    assert code == 3 and err
