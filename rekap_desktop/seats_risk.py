"""What is still open in a DPRD Kabupaten/Kota dapil, its size in votes, and whether it could change a seat or an
elected candidate (issue 14.3, "could this change a seat?").

Open items (each with the votes it could move, and whose votes):

- a kecamatan **not read yet** (no party figure entered): votes can only be added; at most 300 voters per TPS
  (PKPU: 300 voters per TPS, R17) × its TPS;
- a kecamatan **read but not ditetapkan**: its figures may still be corrected; size = the party votes entered for it;
- an **error finding** on the vote lines (R11 party total ≠ party + candidates, R12 suara sah ≠ Σ parties) in a
  kecamatan: size = the difference the rule shows;
- a **manual ≠ Sirekap** difference on a party total (``IV.<p>.T``) of a kecamatan with complete Sirekap coverage:
  size = the difference;
- a **vote line left empty** in a kecamatan with party figures: size = what suara sah leaves for it (else 300 per
  TPS); only upward;
- a **keberatan belum diputus** (status terbuka): size = the party votes of its kecamatan (of the whole dapil when
  it names none; at most 300 when it names one TPS); the parties and candidates of the lines it names, else all.

An item *could change a seat* when its size reaches the votes that would bring some party's next quotient to
another party's last winning quotient (:meth:`rekap_desktop.seats.Allocation.could_change`), and *could change an
elected candidate* when it reaches the lead of a party's last elected over its first non-elected candidate (half
of it when the item can move both). The test is deliberately conservative: an item may move each vote figure it
touches by its whole size, in either direction (only upward for a kecamatan not read yet).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from rekap_desktop.numbers import format_delta, format_number
from rekap_desktop.rules import JUMLAH, MAX_VOTERS_PER_TPS, Severity
from rekap_desktop.seats import Allocation
from rekap_desktop.seats_candidates import PartyCandidates
from rekap_desktop.sheet import SIREKAP_MISMATCH, RecapSheet, SirekapState

DITETAPKAN = "ditetapkan"
UNKNOWN_SIZE = 10**9  # a kecamatan without TPS count: its size is not known, so it could change anything
_VOTE_LINE = re.compile(r"IV\.(\d+)\.(\d+|T)$")


class OpenKind(StrEnum):
    NOT_READ = "belum_dibacakan"
    NOT_SET = "belum_ditetapkan"
    ERROR = "galat"
    SIREKAP = "selisih_sirekap"
    KEBERATAN = "keberatan"
    MISSING = "isian_kosong"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    OpenKind.NOT_READ: "kecamatan belum dibacakan",
    OpenKind.NOT_SET: "kecamatan belum ditetapkan",
    OpenKind.ERROR: "temuan galat",
    OpenKind.SIREKAP: "selisih manual ≠ Sirekap",
    OpenKind.KEBERATAN: "keberatan belum diputus",
    OpenKind.MISSING: "isian suara kosong",
}


@dataclass(frozen=True, slots=True)
class Objection:
    """A keberatan still open (belum diputus) on the dapil's contest."""

    id: int
    kecamatan: str | None
    cells: tuple[str, ...] = ()  # line ids it names
    description: str = ""
    tps: str = ""  # 13-digit TPS code when it is about one TPS (then it can move at most that TPS's votes)


@dataclass(frozen=True, slots=True)
class OpenItem:
    """Something still open, its size in votes and whose votes it can move.

    ``parties`` None: any party of the dapil. ``candidates`` None: any candidate of ``parties``; otherwise the
    (party, nomor urut) pairs it can move. ``add_only``: votes can only be added.
    """

    kind: OpenKind
    kecamatan: str  # "" when the item concerns the whole dapil
    size: int
    description: str  # Indonesian, names the item
    parties: frozenset[int] | None = None
    candidates: frozenset[tuple[int, int]] | None = None
    add_only: bool = False
    lines: tuple[str, ...] = ()
    ref: str = ""  # rule id, or "keberatan #N"

    @property
    def size_text(self) -> str:
        if self.size >= UNKNOWN_SIZE:
            return "besarnya belum diketahui"
        return f"{'paling banyak ' if self.add_only else ''}{format_number(self.size)} suara"

    def touches_party(self, party: int) -> bool:
        return self.parties is None or party in self.parties

    def touches_candidate(self, party: int, nomor: int) -> bool:
        if not self.touches_party(party):
            return False
        return self.candidates is None or (party, nomor) in self.candidates


@dataclass(frozen=True, slots=True)
class RiskItem:
    """An open item that could change the seats (``seat``) or the elected candidates of ``parties``."""

    item: OpenItem
    seat: bool
    candidate_parties: tuple[int, ...]
    message: str


# ------------------------------------------------------------------------------------------------- open items
def party_votes_in(sheet: RecapSheet, column: str) -> int | None:
    """The party totals entered for one kecamatan (None when none is)."""
    values = [sheet.value(f"IV.{b.party.number}.T", column) for b in sheet.contest.parties]
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def open_items(sheet: RecapSheet, statuses: Mapping[str, str], objections: Sequence[Objection] = ()) -> list[OpenItem]:
    """Every open item of the dapil's sheet (statuses: kecamatan → status value; objections: open keberatan)."""
    contest = sheet.contest
    items: list[OpenItem] = []
    sizes: dict[str, int | None] = {}
    for region in contest.kecamatan:
        code = region.code
        entered = party_votes_in(sheet, code)
        sizes[code] = entered
        if statuses.get(code) == DITETAPKAN:
            continue
        if entered is None:
            tps = sheet.tps_count(code)
            bound = MAX_VOTERS_PER_TPS * tps if tps else UNKNOWN_SIZE
            detail = f"{format_number(tps)} TPS × {MAX_VOTERS_PER_TPS} pemilih" if tps else "jumlah TPS tidak diketahui"
            items.append(OpenItem(OpenKind.NOT_READ, code, bound, f"Kecamatan {region.name} belum dibacakan ({detail})",
                                  add_only=True))
        else:
            items.append(OpenItem(OpenKind.NOT_SET, code, entered, f"Kecamatan {region.name} belum ditetapkan"))
    items.extend(_missing_vote_items(sheet, sizes))
    items.extend(_finding_items(sheet))
    items.extend(_sirekap_items(sheet))
    dapil_total = sum(v for v in sizes.values() if v is not None)
    for obj in objections:
        items.append(_objection_item(sheet, obj, sizes, dapil_total))
    return items


@functools.lru_cache(maxsize=4096)
def _parties_and_candidates(lines: tuple[str, ...]) -> tuple[frozenset[int], frozenset[tuple[int, int]], bool]:
    """Parties of the vote lines, the candidates named, and whether a party total or party-only line is named."""
    parties: set[int] = set()
    candidates: set[tuple[int, int]] = set()
    party_level = False
    for line in lines:
        m = _VOTE_LINE.match(line)
        if not m:
            continue
        party = int(m.group(1))
        parties.add(party)
        if m.group(2) in ("T", "0"):
            party_level = True
        else:
            candidates.add((party, int(m.group(2))))
    return frozenset(parties), frozenset(candidates), party_level


def _missing_vote_items(sheet: RecapSheet, entered: Mapping[str, int | None]) -> list[OpenItem]:
    """Vote lines left empty in a kecamatan that has party figures: those votes are not counted yet. Size: what
    suara sah (V.A) leaves for them, else at most 300 voters per TPS; they can only be added."""
    columns = [code for code in sheet.columns if entered.get(code) is not None]
    if not columns:
        return []
    gaps: dict[tuple[str, int], list[int | str]] = {}  # (kecamatan, party) → empty candidate numbers, or ["T"]
    for block in sheet.contest.parties:
        n = block.party.number
        suffixes: list[int | str] = ["T", *(c.number for c in block.candidates)]
        for suffix in suffixes:
            line = f"IV.{n}.{suffix}"
            if sheet.total_complete(line):  # filled in every kecamatan: nothing to look for (the usual case)
                continue
            for code in columns:
                if sheet.value(line, code) is None:
                    gaps.setdefault((code, n), []).append(suffix)
    items = []
    blocks = {b.party.number: b for b in sheet.contest.parties}
    for (code, n), empty in sorted(gaps.items(), key=lambda g: (sheet.columns.index(g[0][0]), g[0][1])):
        block = blocks[n]
        name = sheet.contest.kecamatan_name(code)
        if "T" in empty:
            valid = sheet.value("V.A", code)
            tps = sheet.tps_count(code)
            bound = MAX_VOTERS_PER_TPS * tps if tps else UNKNOWN_SIZE
            size = max(0, valid - (entered.get(code) or 0)) if valid is not None else bound
            items.append(OpenItem(
                OpenKind.MISSING, code, size, f"Jumlah suara {block.party.short_name} (IV.{n}.T) di Kecamatan {name} "
                "belum diisi", frozenset({n}), None, add_only=True, lines=(f"IV.{n}.T",), ref="IV"))
            continue
        total = sheet.value(f"IV.{n}.T", code) or 0
        known = (sheet.value(f"IV.{n}.0", code) or 0) + sum(
            sheet.value(f"IV.{n}.{c.number}", code) or 0 for c in block.candidates)
        numbers = [int(k) for k in empty]
        items.append(OpenItem(
            OpenKind.MISSING, code, max(0, total - known), f"Suara calon {block.party.short_name} no. "
            f"{', '.join(map(str, numbers))} di Kecamatan {name} belum diisi", frozenset({n}),
            frozenset((n, k) for k in numbers), add_only=True, lines=tuple(f"IV.{n}.{k}" for k in numbers),
            ref="IV"))
    return items


def _finding_items(sheet: RecapSheet) -> list[OpenItem]:
    items = []
    for f in sheet.all_findings():
        if f.column == JUMLAH or f.rule == SIREKAP_MISMATCH or f.severity is not Severity.ERROR:
            continue
        parties, candidates, _ = _parties_and_candidates(f.lines)
        if not parties or f.lhs_value is None or f.rhs_value is None:
            continue
        size = abs(f.lhs_value - f.rhs_value)
        name = sheet.contest.kecamatan_name(f.column)
        every = {(b.party.number, c.number) for b in sheet.contest.parties if b.party.number in parties
                 for c in b.candidates}
        named: frozenset[tuple[int, int]] | None = None if every and every <= candidates else candidates
        items.append(OpenItem(
            OpenKind.ERROR, f.column, size, f"Galat {f.rule} {f.line} di Kecamatan {name} (selisih "
            f"{format_delta(f.lhs_value - f.rhs_value)})", parties if len(parties) < len(sheet.contest.parties)
            else None, named, lines=(f.line,), ref=f.rule,
        ))
    return items


def _sirekap_items(sheet: RecapSheet) -> list[OpenItem]:
    items = []
    for block in sheet.contest.parties:
        line = f"IV.{block.party.number}.T"
        for code in sheet.columns:
            if sheet.sirekap_state(line, code) is not SirekapState.MISMATCH:
                continue
            delta = sheet.delta(line, code) or 0
            items.append(OpenItem(
                OpenKind.SIREKAP, code, abs(delta), f"Selisih Sirekap {line} ({block.party.short_name}) di Kecamatan "
                f"{sheet.contest.kecamatan_name(code)}: manual − Sirekap = {format_delta(delta)}",
                frozenset({block.party.number}), frozenset(), lines=(line,), ref=SIREKAP_MISMATCH,
            ))
    return items


def _objection_item(sheet: RecapSheet, obj: Objection, sizes: Mapping[str, int | None], dapil_total: int) -> OpenItem:
    parties, candidates, party_level = _parties_and_candidates(obj.cells)
    kec = obj.kecamatan if obj.kecamatan and sheet.contest.has_kecamatan(obj.kecamatan) else ""
    if kec:
        entered = sizes.get(kec)
        tps = sheet.tps_count(kec)
        size = entered if entered is not None else (MAX_VOTERS_PER_TPS * tps if tps else UNKNOWN_SIZE)
        where = f"Kecamatan {sheet.contest.kecamatan_name(kec)}"
        if obj.tps:
            size = min(size, MAX_VOTERS_PER_TPS)
            where += f", TPS {obj.tps}"
    else:
        size, where = dapil_total, "seluruh dapil"
    text = obj.description.strip().splitlines()[0][:80] if obj.description.strip() else ""
    return OpenItem(
        OpenKind.KEBERATAN, kec, size, f"Keberatan #{obj.id} belum diputus ({where}){': ' + text if text else ''}",
        parties or None, None if (party_level or not candidates) else candidates, lines=obj.cells,
        ref=f"keberatan #{obj.id}",
    )


# ------------------------------------------------------------------------------------------------- assessment
def assess(
    items: Sequence[OpenItem], allocation: Allocation | None, candidates: Mapping[int, PartyCandidates],
    party_names: Mapping[int, str],
) -> list[RiskItem]:
    """The open items that could change a seat or an elected candidate, each with an Indonesian message."""
    out = []
    ordered = sorted(candidates.items())
    for item in items:
        seat = allocation is not None and allocation.could_change(item.size, item.parties, add_only=item.add_only)
        scope = ordered if item.parties is None else [(p, pc) for p, pc in ordered if p in item.parties]
        hit = tuple(p for p, pc in scope if _could_change_candidates(item, pc))
        if not seat and not hit:
            continue
        out.append(RiskItem(item, seat, hit, _message(item, seat, hit, allocation, candidates, party_names)))
    return out


def _could_change_candidates(item: OpenItem, pc: PartyCandidates) -> bool:
    """Could ``item`` bring a non-elected candidate of the party level with (or past) an elected one?"""
    if item.size <= 0 or not item.touches_party(pc.party):
        return False
    if pc.tie is not None:
        return any(item.touches_candidate(pc.party, n) for n in pc.tie.nomor)
    elected, rest = pc.elected, pc.substitutes
    if not elected or not rest:
        return False
    low, high = elected[-1].votes, rest[0].votes  # the closest pair: last elected, first not elected
    if item.candidates is None:  # it can move any of them
        margin = low - high
        return item.size >= margin if item.add_only else 2 * item.size >= margin
    low_in = min((e.votes for e in elected if (pc.party, e.candidate.number) in item.candidates), default=None)
    high_in = max((r.votes for r in rest if (pc.party, r.candidate.number) in item.candidates), default=None)
    needs = []
    if high_in is not None:  # a named non-elected candidate gains
        needs.append(low - high_in)
    if not item.add_only and low_in is not None:  # a named elected candidate loses
        needs.append(low_in - high)
        if high_in is not None:
            needs.append((low_in - high_in + 1) // 2)
    return bool(needs) and item.size >= min(needs)


def _message(
    item: OpenItem, seat: bool, hit: tuple[int, ...], allocation: Allocation | None,
    candidates: Mapping[int, PartyCandidates], names: Mapping[int, str],
) -> str:
    parts = []
    if seat and allocation is not None:
        if allocation.tie is not None:
            parts.append("perolehan kursi (kursi terakhir masih seri)")
        elif allocation.last_seat is not None:
            ls = allocation.last_seat
            parts.append(f"perolehan kursi (kursi terakhir: {names.get(ls.holder, ls.holder)} atas "
                         f"{names.get(ls.challenger, ls.challenger)}, seri bila {format_number(ls.votes_moved)} suara "
                         "berpindah)")
        else:
            parts.append("perolehan kursi")
    if hit:
        closest = min(hit, key=lambda p: (candidates[p].margin or 0, p))
        margin = candidates[closest].margin or 0
        lead = "seri" if candidates[closest].tie is not None else f"unggul {format_number(margin)} suara"
        who = names.get(hit[0], str(hit[0])) if len(hit) == 1 else f"{len(hit)} partai"
        parts.append(f"calon terpilih {who} (terdekat: calon terpilih terakhir {names.get(closest, closest)} {lead})")
    return f"{item.description} ({item.size_text}) dapat mengubah {' dan '.join(parts)}"
