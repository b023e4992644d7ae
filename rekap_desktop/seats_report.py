"""Seats of the DPRD Kabupaten/Kota from the database: for ``rekap-desktop kursi``, ``check`` and the seat document.

:func:`dapil_seats` loads a dapil's sheet, its kecamatan statuses and its open keberatan and runs
:func:`rekap_desktop.seats_dapil.analyse`; :func:`as_json` is the machine-readable form (DESIGN §10: per dapil at
least ``dapil``, ``seats``, ``last_seat_margin``, ``elected``, ``at_risk``); :func:`csv_rows` the CSV rows
(header starting ``dapil,party,votes,seats``); :func:`seat_findings` the ``check`` findings KURSI_RAWAN (an open
item could change a seat or an elected candidate), KURSI_SERI and CALON_SERI (a tie for the plenary to decide).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rekap_desktop.ballot import Ballot
from rekap_desktop.checks import FindingRecord
from rekap_desktop.contest import Contest
from rekap_desktop.seats import decimal_text
from rekap_desktop.seats_candidates import RankedCandidate
from rekap_desktop.seats_dapil import DapilSeats, analyse
from rekap_desktop.seats_risk import Objection
from rekap_desktop.services import RecapService

KURSI_RAWAN = "KURSI_RAWAN"
KURSI_SERI = "KURSI_SERI"
CALON_SERI = "CALON_SERI"

CSV_HEADER = ("dapil", "party", "votes", "seats", "party_name", "tie", "quotients", "kursi_dapil", "status")


def open_objections(service: RecapService, key: str) -> list[Objection]:
    """Keberatan of the contest that are still open (belum diputus); kejadian khusus are not objections."""
    return [
        Objection(k.id, k.kecamatan, tuple(k.cells), k.description, k.tps or "")
        for k in service.keberatan(key)
        if k.kind == "keberatan" and k.status == "terbuka"
    ]


def dapil_seats(service: RecapService, contest: Contest) -> DapilSeats:
    """The seat picture of one dapil as stored now."""
    sheet = service.load_sheet(contest.key)
    statuses = {code: status.value for code, status in service.statuses(contest.key).items()}
    return analyse(sheet, statuses, open_objections(service, contest.key))


def seat_contests(service: RecapService, dapil: str | None = None) -> list[Contest]:
    """The DPRD Kabupaten/Kota contests (one dapil, or all)."""
    if dapil:
        return [service.find_contest(Ballot.PDPRDK.value, dapil)]
    return [c for c in service.contests() if c.ballot is Ballot.PDPRDK]


def _candidate(r: RankedCandidate) -> dict[str, Any]:
    c = r.candidate
    data: dict[str, Any] = {"party": c.party, "nomor": c.number, "nama": c.name, "votes": r.votes,
                            "jenis_kelamin": c.gender or ""}
    if r.spread is not None:
        data["kecamatan_with_votes"] = r.spread
    if r.decided_by:
        data["decided_by"] = r.decided_by
    if r.tied_with:
        data["tied_with"] = list(r.tied_with)
    return data


def as_json(result: DapilSeats) -> dict[str, Any]:
    """One dapil as a JSON-ready object (see the module docstring)."""
    allocation = result.allocation
    data: dict[str, Any] = {
        "dapil": result.dapil_code,
        "dapil_name": result.dapil_name,
        "kursi": result.seats,
        "status": "sementara" if result.provisional else "lengkap",
        "kecamatan": len(result.contest.kecamatan),
        "kecamatan_with_figures": list(result.kecamatan_with_figures),
        "kecamatan_ditetapkan": list(result.kecamatan_ditetapkan),
        "problem": result.problem,
        "seats": [],
        "tie": None,
        "last_seat_margin": None,
        "elected": [],
        "undecided": [],
        "candidate_margins": [],
        "substitutes": [],
        "at_risk": [],
        "notes": list(result.notes),
    }
    if allocation is None:
        return data
    data["seats"] = [
        {"party": p.number, "party_name": p.party.short_name, "votes": p.votes, "seats": p.seats, "in_tie": p.in_tie,
         "quotients": [{"divisor": q.divisor, "value": decimal_text(q.value), "status": q.status.value, "seat": q.seat}
                       for q in p.quotients]}
        for p in result.parties
    ]
    if allocation.tie is not None:
        tie = allocation.tie
        data["tie"] = {"seats": tie.seats, "parties": list(tie.parties), "quotient": decimal_text(tie.value)}
    ls = allocation.last_seat
    if ls is not None:
        data["last_seat_margin"] = {
            "holder": ls.holder, "holder_name": result.name_of(ls.holder),
            "holder_quotient": decimal_text(ls.holder_quotient),
            "challenger": ls.challenger, "challenger_name": result.name_of(ls.challenger),
            "challenger_quotient": decimal_text(ls.challenger_quotient),
            "quotient_margin": decimal_text(ls.quotient_margin),
            "holder_loses": ls.holder_loses, "challenger_gains": ls.challenger_gains, "votes_moved": ls.votes_moved,
        }
    for p in result.seat_parties:
        pc = p.candidates
        data["elected"].extend(_candidate(r) for r in pc.elected)
        data["undecided"].extend(_candidate(r) for r in pc.undecided)
        data["substitutes"].extend({**_candidate(r), "order": i} for i, r in enumerate(pc.substitutes, start=1))
        margin: dict[str, Any] = {"party": p.number, "party_name": p.party.short_name, "margin": pc.margin}
        if pc.last_elected is not None and pc.first_not_elected is not None:
            margin["last_elected"] = pc.last_elected.candidate.number
            margin["first_not_elected"] = pc.first_not_elected.candidate.number
        if pc.tie is not None:
            margin["tie"] = {"nomor": list(pc.tie.nomor), "seats": pc.tie.seats, "votes": pc.tie.votes,
                             "kecamatan_with_votes": pc.tie.spread}
        data["candidate_margins"].append(margin)
    data["at_risk"] = [
        {"kind": r.item.kind.value, "kecamatan": r.item.kecamatan, "size": r.item.size, "lines": list(r.item.lines),
         "ref": r.item.ref, "seat": r.seat, "candidate_parties": list(r.candidate_parties), "message": r.message}
        for r in result.at_risk
    ]
    return data


def csv_rows(result: DapilSeats) -> list[dict[str, str]]:
    """One row per party (``CSV_HEADER``); quotients as decimals up to the first that takes no seat, '|'-joined."""
    status = "sementara" if result.provisional else "lengkap"
    rows = []
    for p in result.parties:
        rows.append({
            "dapil": result.dapil_code, "party": str(p.number), "votes": str(p.votes), "seats": str(p.seats),
            "party_name": p.party.short_name, "tie": "1" if p.in_tie else "0",
            "quotients": "|".join(decimal_text(q.value) for q in p.quotients),
            "kursi_dapil": str(result.seats or ""), "status": status,
        })
    return rows


def findings_of(result: DapilSeats) -> list[FindingRecord]:
    """The ``check`` findings of one dapil's seat picture (all warnings: they are for the plenary to weigh)."""
    ballot, dapil = Ballot.PDPRDK.value, result.dapil_code
    out: list[FindingRecord] = []
    allocation = result.allocation
    if allocation is not None and allocation.tie is not None:
        tie = allocation.tie
        names = ", ".join(result.name_of(n) for n in tie.parties)
        out.append(FindingRecord(
            KURSI_SERI, "warning", ballot, dapil, "JUMLAH", ",".join(f"IV.{n}.T" for n in tie.parties),
            f"{tie.seats} kursi terakhir dapil {result.dapil_name} seri antara {names} (hasil bagi sama "
            f"{tie.text}); aturan pemecahannya tidak ada di aplikasi: diputuskan rapat pleno"))
    for p in result.seat_parties:
        if p.candidates.tie is not None:
            t = p.candidates.tie
            out.append(FindingRecord(
                CALON_SERI, "warning", ballot, dapil, "JUMLAH", ",".join(f"IV.{p.number}.{n}" for n in t.nomor),
                t.text(p.party.short_name)))
    for r in result.at_risk:
        out.append(FindingRecord(KURSI_RAWAN, "warning", ballot, dapil, r.item.kecamatan or "JUMLAH",
                                 ",".join(r.item.lines), r.message))
    return out


def seat_findings(service: RecapService, contest: Contest) -> list[FindingRecord]:
    """Findings of ``check`` for a DPRD Kabupaten/Kota contest (none for other ballots)."""
    if contest.ballot is not Ballot.PDPRDK or contest.seats is None:
        return []
    return findings_of(dapil_seats(service, contest))


def all_dapil_seats(service: RecapService, contests: Sequence[Contest]) -> list[DapilSeats]:
    return [dapil_seats(service, c) for c in contests]
