"""Seats and calon terpilih of one DPRD Kabupaten/Kota dapil, live from its :class:`RecapSheet` (issue 14).

:func:`analyse` reads the manual figures (the legal result) of the sheet — party totals ``IV.<p>.T`` and candidate
votes ``IV.<p>.<k>`` in the JUMLAH column, i.e. summed over the kecamatan entered so far — allocates the dapil's
seats (:mod:`rekap_desktop.seats`), ranks each party's candidates (:mod:`rekap_desktop.seats_candidates`) and
weighs what is still open (:mod:`rekap_desktop.seats_risk`). The result is **sementara** until every kecamatan of
the dapil is ditetapkan. It is pure and fast (no database): the window recomputes it after every edit.

The DPR and the DPRD Provinsi are not allocated: their seats depend on votes outside this kabupaten (and for the
DPR on the national 4 % threshold, UU 7/2017 Pasal 414 ayat (1)); :func:`analyse` says so instead of pretending.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest, PartyBlock
from rekap_desktop.numbers import format_number
from rekap_desktop.participants import Candidate, Party
from rekap_desktop.rules import JUMLAH
from rekap_desktop.seats import Allocation, Quotient, allocate
from rekap_desktop.seats_candidates import CandidateTally, PartyCandidates, rank_candidates
from rekap_desktop.seats_risk import DITETAPKAN, Objection, OpenItem, RiskItem, assess, open_items, party_votes_in
from rekap_desktop.sheet import RecapSheet

NOT_ALLOCATED = (
    "Kursi {ballot} tidak dibagi di aplikasi ini: perolehan kursinya bergantung pada suara di luar kabupaten/kota "
    "ini{extra}. Pembagian kursi hanya untuk DPRD Kabupaten/Kota."
)


@dataclass(frozen=True)
class PartySeats:
    """One party in the dapil: its votes, certain seats, quotient table and (ranked on first use) candidates."""

    party: Party
    votes: int
    seats: int
    quotients: tuple[Quotient, ...]
    in_tie: bool
    sheet: RecapSheet = field(repr=False, compare=False)
    block: PartyBlock = field(repr=False, compare=False)

    @property
    def number(self) -> int:
        return self.party.number

    @cached_property
    def candidates(self) -> PartyCandidates:
        """Calon terpilih for the party's certain seats, undecided ties and substitutes (the sheet as analysed)."""
        n = self.party.number
        tallies = [CandidateTally(c, self.sheet.value(f"IV.{n}.{c.number}", JUMLAH) or 0)
                   for c in self.block.candidates]
        return rank_candidates(n, tallies, self.seats, ColumnSpread(self.sheet, n))


@dataclass(frozen=True)
class DapilSeats:
    """The seat picture of one dapil now. ``problem`` (Indonesian) says why there is no allocation, if none."""

    contest: Contest
    kecamatan_with_figures: tuple[str, ...]
    kecamatan_ditetapkan: tuple[str, ...]
    allocation: Allocation | None = None
    parties: tuple[PartySeats, ...] = ()
    open_items: tuple[OpenItem, ...] = ()
    at_risk: tuple[RiskItem, ...] = ()
    problem: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def seats(self) -> int | None:
        return self.contest.seats

    @property
    def dapil_code(self) -> str:
        return self.contest.dapil_code

    @property
    def dapil_name(self) -> str:
        return self.contest.dapil.name if self.contest.dapil else ""

    @property
    def provisional(self) -> bool:
        """Sementara: not every kecamatan of the dapil is ditetapkan."""
        return len(self.kecamatan_ditetapkan) < len(self.contest.kecamatan)

    @property
    def state_label(self) -> str:
        if self.provisional:
            return (f"SEMENTARA — {len(self.kecamatan_ditetapkan)} dari {len(self.contest.kecamatan)} kecamatan "
                    f"ditetapkan, {len(self.kecamatan_with_figures)} sudah ada angkanya")
        return f"LENGKAP — semua {len(self.contest.kecamatan)} kecamatan ditetapkan"

    def party(self, number: int) -> PartySeats:
        return next(p for p in self.parties if p.number == number)

    @property
    def seat_parties(self) -> tuple[PartySeats, ...]:
        """Parties with a seat or in a tie for one, by seats then votes."""
        return tuple(sorted((p for p in self.parties if p.seats or p.in_tie),
                            key=lambda p: (-p.seats, -p.votes, p.number)))

    def name_of(self, number: int) -> str:
        return next((p.party.short_name for p in self.parties if p.number == number), f"Partai {number}")


def supports(contest: Contest) -> str:
    """'' when the app allocates the seats of ``contest``; otherwise the Indonesian reason it does not."""
    if contest.ballot is Ballot.PDPRDK:
        return ""
    if contest.ballot is Ballot.PDPR:
        return NOT_ALLOCATED.format(ballot="DPR", extra=" dan pada ambang batas 4 % suara sah nasional (UU 7/2017 "
                                    "Pasal 414 ayat (1))")
    if contest.ballot is Ballot.PDPRDP:
        return NOT_ALLOCATED.format(ballot="DPRD Provinsi", extra=" (dapil DPRD Provinsi meliputi kabupaten/kota lain)")
    return f"{contest.ballot.label} tidak memakai kursi dapil."


def analyse(
    sheet: RecapSheet, statuses: Mapping[str, str] | None = None, objections: Sequence[Objection] = (),
) -> DapilSeats:
    """Seats, calon terpilih and what could still change them, for the dapil of ``sheet`` (DPRD Kab/Kota).

    ``statuses``: kecamatan code → status value (``ditetapkan`` closes a kecamatan); ``objections``: keberatan
    still open on this contest. Never raises for incomplete data: an empty or seatless dapil gets a ``problem``.
    """
    contest = sheet.contest
    statuses = statuses or {}
    with_figures = tuple(c for c in contest.kecamatan_codes if party_votes_in(sheet, c) is not None)
    ditetapkan = tuple(c for c in contest.kecamatan_codes if statuses.get(c) == DITETAPKAN)
    base = DapilSeats(contest, with_figures, ditetapkan)
    why = supports(contest)
    if why:
        return replace(base, problem=why)
    if contest.seats is None:
        return replace(base, problem=f"Jumlah kursi dapil {contest.dapil_code} belum diisi di data referensi "
                        "(kolom kursi berkas susunan dapil): pembagian kursi tidak dapat dihitung.")
    if not contest.parties:
        return replace(base, problem="Belum ada partai peserta di dapil ini.")
    votes = {b.party.number: sheet.value(f"IV.{b.party.number}.T", JUMLAH) or 0 for b in contest.parties}
    items = tuple(open_items(sheet, statuses, objections))
    if not with_figures or not any(votes.values()):
        return replace(base, open_items=items, problem="Belum ada suara partai yang diisi di dapil ini.")
    allocation = allocate(votes, contest.seats)
    tie_parties = set(allocation.tie.parties) if allocation.tie else set()
    parties: list[PartySeats] = []
    candidates: dict[int, PartyCandidates] = {}
    quotients: dict[int, list[Quotient]] = {}
    for q in allocation.quotients:
        quotients.setdefault(q.party, []).append(q)
    for block in contest.parties:
        n = block.party.number
        won = allocation.seats_of(n)
        party = PartySeats(block.party, votes[n], won, tuple(quotients.get(n, ())), n in tie_parties, sheet, block)
        if won or n in tie_parties:
            candidates[n] = party.candidates
        parties.append(party)
    names = {b.party.number: b.party.short_name for b in contest.parties}
    risks = tuple(assess(items, allocation, candidates, names))
    notes = []
    for p in parties:
        if p.number in candidates and p.candidates.unfilled:
            notes.append(f"{p.party.short_name} memperoleh {p.seats} kursi tetapi DCT-nya hanya "
                         f"{len(p.candidates.ranked)} calon: {p.candidates.unfilled} kursi tidak terisi calon.")
    return DapilSeats(contest, with_figures, ditetapkan, allocation, tuple(parties), items, risks,
                      notes=tuple(notes))


class ColumnSpread:
    """Kecamatan of the dapil in which a candidate of ``party`` has votes (the first tier of the spread rule)."""

    def __init__(self, sheet: RecapSheet, party: int) -> None:
        self.sheet = sheet
        self.party = party

    def __call__(self, candidate: Candidate) -> int:
        line = f"IV.{self.party}.{candidate.number}"
        return sum(1 for code in self.sheet.columns if (self.sheet.value(line, code) or 0) > 0)


def summary_line(result: DapilSeats) -> str:
    """One Indonesian line: 'Dapil SAMPANG 1 (10 kursi, SEMENTARA …): NasDem 3, PKB 2, … — 2 hal rawan'."""
    head = f"Dapil {result.dapil_name} ({result.dapil_code})"
    if result.allocation is None:
        return f"{head}: {result.problem}"
    seats = ", ".join(f"{p.party.short_name} {p.seats}" for p in result.seat_parties if p.seats)
    tie = result.allocation.tie
    if tie is not None:
        seats += (f"; {tie.seats} kursi seri antara {', '.join(result.name_of(n) for n in tie.parties)}")
    risk = f" — {len(result.at_risk)} hal terbuka dapat mengubah hasil" if result.at_risk else ""
    return (f"{head}, {format_number(result.seats)} kursi, {result.state_label}: {seats}{risk}")
