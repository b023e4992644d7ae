"""Reference data of one kabupaten's election: regions, dapil, parties, paslon, candidates, office settings.

:class:`ReferenceData` is what the setup (reference files, the demo) produces; :func:`store_reference`
writes it, and :func:`load_contests` turns the stored reference back into the contests of the plenary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.orm import Session

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest, Dapil, PartyBlock, contest_key
from rekap_desktop.models import (
    CandidateRow,
    DapilKecamatanRow,
    DapilPartyRow,
    DapilRow,
    PartyRow,
    PaslonRow,
    RegionRow,
    SettingRow,
)
from rekap_desktop.participants import Candidate, Party, Paslon
from rekap_desktop.region import Level, Region
from rekap_desktop.sirekap import coverage, guard


@dataclass(frozen=True, slots=True)
class RegionRecord:
    code: str
    name: str
    tps_count: int | None = None
    dpt: int | None = None
    sirekap_id: int | None = None

    @property
    def level(self) -> Level:
        return Level.of_code(self.code)


@dataclass(frozen=True, slots=True)
class DapilSpec:
    dapil: Dapil
    kecamatan: tuple[str, ...]
    parties: tuple[int, ...] = ()  # parties on the ballot in this dapil; empty = every party with candidates


@dataclass(frozen=True, slots=True)
class CandidateSpec:
    ballot: Ballot
    dapil_code: str | None  # None for DPD (the province is the constituency)
    candidate: Candidate


@dataclass
class ReferenceData:
    regions: list[RegionRecord] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)
    paslon: list[Paslon] = field(default_factory=list)
    dapils: list[DapilSpec] = field(default_factory=list)
    candidates: list[CandidateSpec] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)


def store_reference(conn: Connection, data: ReferenceData) -> None:
    """Insert or replace reference rows (inside the caller's transaction)."""
    if data.regions:
        codes = [r.code for r in data.regions]
        # the coverage rows about to be recomputed must be what the sources say (else refused, kept as evidence)
        tps = (c[:6] for c in codes if len(c) == Level.TPS.code_length)
        guard.refuse_if_tampered(conn, cover=guard.every_ballot(tps))
        for chunk in _chunks(codes, 500):
            conn.execute(delete(RegionRow).where(RegionRow.code.in_(chunk)))
        conn.execute(
            insert(RegionRow),
            [
                {"code": r.code, "name": r.name, "level": int(r.level), "parent_code": _parent(r.code),
                 "tps_count": r.tps_count, "dpt": r.dpt, "sirekap_id": r.sirekap_id}
                for r in data.regions
            ],
        )
        coverage.refresh_regions(conn, codes)
    for party in data.parties:
        conn.execute(delete(PartyRow).where(PartyRow.number == party.number))
        conn.execute(insert(PartyRow).values(
            number=party.number, short_name=party.short_name, full_name=party.full_name, is_aceh=party.is_aceh,
            color=party.color, sirekap_id=party.sirekap_id,
        ))
    for paslon in data.paslon:
        conn.execute(delete(PaslonRow).where(PaslonRow.number == paslon.number))
        conn.execute(insert(PaslonRow).values(
            number=paslon.number, sirekap_id=paslon.sirekap_id, name=paslon.name, color=paslon.color
        ))
    dapil_ids: dict[tuple[str, str], int] = {
        (r.ballot, r.code): r.id for r in conn.execute(select(DapilRow.id, DapilRow.ballot, DapilRow.code))
    }
    for spec in data.dapils:
        d = spec.dapil
        key = (d.ballot.value, d.code)
        if key in dapil_ids:
            conn.execute(delete(DapilKecamatanRow).where(DapilKecamatanRow.dapil_id == dapil_ids[key]))
            conn.execute(delete(DapilPartyRow).where(DapilPartyRow.dapil_id == dapil_ids[key]))
            conn.execute(update(DapilRow).where(DapilRow.id == dapil_ids[key]).values(
                name=d.name, note=d.note, kursi=d.seats))
        else:
            dapil_ids[key] = conn.execute(
                insert(DapilRow).values(ballot=d.ballot.value, code=d.code, name=d.name, note=d.note, kursi=d.seats)
                .returning(DapilRow.id)
            ).scalar_one()
        if spec.kecamatan:
            conn.execute(
                insert(DapilKecamatanRow), [{"dapil_id": dapil_ids[key], "kecamatan": k} for k in spec.kecamatan]
            )
        if spec.parties:
            conn.execute(insert(DapilPartyRow), [{"dapil_id": dapil_ids[key], "party": p} for p in spec.parties])
    if data.candidates:
        rows = []
        for cspec in data.candidates:
            dapil_id = dapil_ids[(cspec.ballot.value, cspec.dapil_code)] if cspec.dapil_code else None
            c = cspec.candidate
            rows.append({"ballot": cspec.ballot.value, "dapil_id": dapil_id, "party": c.party, "number": c.number,
                         "name": c.name, "gender": c.gender, "sirekap_id": c.sirekap_id})
        conn.execute(insert(CandidateRow), rows)
    for name, value in data.settings.items():
        conn.execute(delete(SettingRow).where(SettingRow.key == name))
        conn.execute(insert(SettingRow).values(key=name, value=value))


def _parent(code: str) -> str | None:
    level = Level.of_code(code)
    return None if level is Level.PROVINSI else code[: Level(level - 1).code_length]


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def load_settings(conn: Connection) -> dict[str, str]:
    return {r.key: r.value for r in conn.execute(select(SettingRow.key, SettingRow.value))}


def load_contests(conn: Connection) -> list[Contest]:
    """The contests of the plenary, in plenary order: PPWP, DPR, DPD, DPRD Provinsi, DPRD Kab/Kota."""
    settings = load_settings(conn)
    kab = settings.get("kabupaten_kode", "")
    if not kab:
        return []
    regions = {
        r.code: Region(r.code, r.name, Level(r.level), r.tps_count)
        for r in Session(conn).scalars(select(RegionRow).where(RegionRow.level == int(Level.KECAMATAN)))
        if r.code.startswith(kab)
    }
    kecamatan = tuple(regions[c] for c in sorted(regions))
    parties = {
        p.number: Party(p.number, p.short_name, p.full_name, p.is_aceh, p.color, p.sirekap_id)
        for p in Session(conn).scalars(select(PartyRow))
    }
    paslon = tuple(
        Paslon(p.number, p.sirekap_id, p.name, p.color)
        for p in Session(conn).scalars(select(PaslonRow).order_by(PaslonRow.number))
    )
    candidates: dict[tuple[str, int | None], list[Candidate]] = {}
    for crow in Session(conn).scalars(select(CandidateRow).order_by(CandidateRow.party, CandidateRow.number)):
        candidates.setdefault((crow.ballot, crow.dapil_id), []).append(
            Candidate(crow.number, crow.name, crow.party, crow.gender, crow.sirekap_id)
        )
    members: dict[int, list[str]] = {}
    for dk in Session(conn).scalars(select(DapilKecamatanRow)):
        members.setdefault(dk.dapil_id, []).append(dk.kecamatan)
    dapil_parties: dict[int, list[int]] = {}
    for dp in Session(conn).scalars(select(DapilPartyRow)):
        dapil_parties.setdefault(dp.dapil_id, []).append(dp.party)

    contests: list[Contest] = []
    for ballot in Ballot:
        if ballot is Ballot.PPWP:
            if paslon and kecamatan:
                contests.append(Contest(ballot, kecamatan, paslon=paslon))
        elif ballot is Ballot.PDPD:
            dpd = tuple(candidates.get((ballot.value, None), ()))
            if dpd and kecamatan:
                contests.append(Contest(ballot, kecamatan, dpd_candidates=dpd))
        else:
            rows = Session(conn).scalars(
                select(DapilRow).where(DapilRow.ballot == ballot.value).order_by(DapilRow.code)
            )
            for d in rows:
                kec = tuple(regions[c] for c in sorted(members.get(d.id, ())) if c in regions)
                if not kec:
                    continue
                by_party: dict[int, list[Candidate]] = {}
                for c in candidates.get((ballot.value, d.id), ()):
                    if c.party is not None:
                        by_party.setdefault(c.party, []).append(c)
                numbers = sorted(dapil_parties.get(d.id) or by_party)
                blocks = tuple(
                    PartyBlock(parties[n], tuple(sorted(by_party.get(n, ()), key=lambda c: c.number)))
                    for n in numbers if n in parties
                )
                dapil = Dapil(ballot, d.code, d.name, d.note, d.kursi)
                contests.append(Contest(ballot, kec, dapil, parties=blocks))
    return contests


def contest_keys(contests: Iterable[Contest]) -> list[str]:
    return [contest_key(c.ballot, c.dapil.code if c.dapil else None) for c in contests]
