"""The stored reference data as a :class:`~rekap_desktop.reference_files.state.ReferenceState`: read from the
database (:func:`read_state`), and a changed state written back as the difference (:func:`write_changes`), inside
the caller's transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Dapil
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
from rekap_desktop.reference import DapilSpec, RegionRecord, load_settings
from rekap_desktop.reference_files.state import BlockKey, ReferenceState, describe_changes
from rekap_desktop.region import Level
from rekap_desktop.sirekap import coverage, guard


def read_state(conn: Connection) -> ReferenceState:
    state = ReferenceState(settings=load_settings(conn))
    for r in conn.execute(select(RegionRow.code, RegionRow.name, RegionRow.tps_count, RegionRow.dpt,
                                 RegionRow.sirekap_id)):
        state.regions[r.code] = RegionRecord(r.code, r.name, r.tps_count, r.dpt, r.sirekap_id)
    for p in conn.execute(select(PartyRow)):
        state.parties[p.number] = Party(p.number, p.short_name, p.full_name, p.is_aceh, p.color, p.sirekap_id)
    for s in conn.execute(select(PaslonRow)):
        state.paslon[s.number] = Paslon(s.number, s.sirekap_id, s.name, s.color)
    members: dict[int, list[str]] = {}
    for m in conn.execute(select(DapilKecamatanRow.dapil_id, DapilKecamatanRow.kecamatan)):
        members.setdefault(m.dapil_id, []).append(m.kecamatan)
    parties: dict[int, list[int]] = {}
    for dp in conn.execute(select(DapilPartyRow.dapil_id, DapilPartyRow.party)):
        parties.setdefault(dp.dapil_id, []).append(dp.party)
    dapil_code: dict[int, str] = {}
    for d in conn.execute(select(DapilRow)):
        ballot = Ballot(d.ballot)
        dapil_code[d.id] = d.code
        state.dapils[(ballot, d.code)] = DapilSpec(
            Dapil(ballot, d.code, d.name, d.note, d.kursi), tuple(sorted(members.get(d.id, ()))),
            tuple(sorted(parties.get(d.id, ()))),
        )
    blocks: dict[BlockKey, list[Candidate]] = {}
    for c in conn.execute(select(CandidateRow)):
        key = (Ballot(c.ballot), dapil_code.get(c.dapil_id) if c.dapil_id is not None else None, c.party)
        blocks.setdefault(key, []).append(Candidate(c.number, c.name, c.party, c.gender, c.sirekap_id))
    state.candidates = {k: tuple(sorted(v, key=lambda c: c.number)) for k, v in blocks.items()}
    return state


def write_changes(
    conn: Connection, old: ReferenceState, new: ReferenceState, changes: dict[str, int] | None = None,
) -> dict[str, int]:
    """Write the difference ``old`` → ``new`` inside the caller's transaction; returns :func:`describe_changes`
    (pass it as ``changes`` when already known)."""
    changes = describe_changes(old, new) if changes is None else changes
    if not changes:
        return changes
    for key in sorted(set(old.settings) | set(new.settings)):
        if old.settings.get(key) != new.settings.get(key):
            conn.execute(delete(SettingRow).where(SettingRow.key == key))
            if key in new.settings:
                conn.execute(insert(SettingRow).values(key=key, value=new.settings[key]))
    _write_regions(conn, old, new)
    for number, party in sorted(new.parties.items()):
        if old.parties.get(number) == party:
            continue
        values = {"short_name": party.short_name, "full_name": party.full_name, "is_aceh": party.is_aceh,
                  "color": party.color, "sirekap_id": party.sirekap_id}
        if number in old.parties:
            conn.execute(update(PartyRow).where(PartyRow.number == number).values(**values))
        else:
            conn.execute(insert(PartyRow).values(number=number, **values))
    for number in sorted(set(old.paslon) | set(new.paslon)):
        before, after = old.paslon.get(number), new.paslon.get(number)
        if before == after:
            continue
        if after is None:
            conn.execute(delete(PaslonRow).where(PaslonRow.number == number))
            continue
        pvalues = {"sirekap_id": after.sirekap_id, "name": after.name, "color": after.color}
        if before is None:
            conn.execute(insert(PaslonRow).values(number=number, **pvalues))
        else:
            conn.execute(update(PaslonRow).where(PaslonRow.number == number).values(**pvalues))
    _write_dapils_and_candidates(conn, old, new)
    return changes


def _write_regions(conn: Connection, old: ReferenceState, new: ReferenceState) -> None:
    def row(r: RegionRecord) -> dict[str, Any]:
        level = r.level
        parent = None if level is Level.PROVINSI else r.code[: Level(level - 1).code_length]
        return {"code": r.code, "name": r.name, "level": int(level), "parent_code": parent, "tps_count": r.tps_count,
                "dpt": r.dpt, "sirekap_id": r.sirekap_id}

    added = [row(r) for c, r in new.regions.items() if c not in old.regions]
    changed = [row(r) for c, r in new.regions.items() if c in old.regions and old.regions[c] != r]
    # the coverage rows about to be recomputed must be what the sources say (else refused, kept as evidence)
    guard.refuse_if_tampered(conn, cover=guard.every_ballot(
        r["code"][:6] for r in (*added, *changed) if len(r["code"]) == Level.TPS.code_length))
    if added:
        conn.execute(insert(RegionRow), added)
    if changed:
        conn.execute(
            update(RegionRow).where(RegionRow.code == bindparam("b_code")).values(
                name=bindparam("b_name"), tps_count=bindparam("b_tps_count"), dpt=bindparam("b_dpt"),
                sirekap_id=bindparam("b_sirekap_id"),
            ),
            [{f"b_{k}": v for k, v in r.items() if k in ("code", "name", "tps_count", "dpt", "sirekap_id")}
             for r in changed],
        )
    coverage.refresh_regions(conn, [r["code"] for r in (*added, *changed)])


def _write_dapils_and_candidates(conn: Connection, old: ReferenceState, new: ReferenceState) -> None:
    ids = {(Ballot(r.ballot), r.code): r.id for r in conn.execute(select(DapilRow.id, DapilRow.ballot, DapilRow.code))}
    blocks = [k for k in set(old.candidates) | set(new.candidates) if old.candidates.get(k) != new.candidates.get(k)]

    def block_where(key: BlockKey) -> list[Any]:
        ballot, dapil, party = key
        return [
            CandidateRow.ballot == ballot.value,
            CandidateRow.dapil_id.is_(None) if dapil is None else CandidateRow.dapil_id == ids[(ballot, dapil)],
            CandidateRow.party.is_(None) if party is None else CandidateRow.party == party,
        ]

    for block in blocks:
        if block in old.candidates:
            conn.execute(delete(CandidateRow).where(*block_where(block)))
    for gone in [k for k in old.dapils if k not in new.dapils]:
        gone_id = ids.pop(gone)
        for table in (CandidateRow, DapilKecamatanRow, DapilPartyRow):
            conn.execute(delete(table).where(table.dapil_id == gone_id))
        conn.execute(delete(DapilRow).where(DapilRow.id == gone_id))
    for key, spec in new.dapils.items():
        before = old.dapils.get(key)
        if before == spec:
            continue
        d = spec.dapil
        if before is None:
            ids[key] = conn.execute(
                insert(DapilRow).values(ballot=d.ballot.value, code=d.code, name=d.name, note=d.note, kursi=d.seats)
                .returning(DapilRow.id)
            ).scalar_one()
            old_kec: set[str] = set()
            old_parties: set[int] = set()
        else:
            if before.dapil != d:
                conn.execute(update(DapilRow).where(DapilRow.id == ids[key]).values(name=d.name, note=d.note,
                                                                                    kursi=d.seats))
            old_kec, old_parties = set(before.kecamatan), set(before.parties)
        dapil_id = ids[key]
        gone_kec = old_kec - set(spec.kecamatan)
        if gone_kec:
            conn.execute(delete(DapilKecamatanRow).where(DapilKecamatanRow.dapil_id == dapil_id,
                                                         DapilKecamatanRow.kecamatan.in_(sorted(gone_kec))))
        new_kec = sorted(set(spec.kecamatan) - old_kec)
        if new_kec:
            conn.execute(insert(DapilKecamatanRow), [{"dapil_id": dapil_id, "kecamatan": k} for k in new_kec])
        gone_parties = old_parties - set(spec.parties)
        if gone_parties:
            conn.execute(delete(DapilPartyRow).where(DapilPartyRow.dapil_id == dapil_id,
                                                     DapilPartyRow.party.in_(sorted(gone_parties))))
        new_parties = sorted(set(spec.parties) - old_parties)
        if new_parties:
            conn.execute(insert(DapilPartyRow), [{"dapil_id": dapil_id, "party": p} for p in new_parties])
    rows = []
    for block in sorted(blocks, key=lambda k: (k[0].value, k[1] or "", k[2] or 0)):
        ballot, dapil, _party = block
        for c in new.candidates.get(block, ()):
            rows.append({"ballot": ballot.value, "dapil_id": ids[(ballot, dapil)] if dapil else None,
                         "party": c.party, "number": c.number, "name": c.name, "gender": c.gender,
                         "sirekap_id": c.sirekap_id})
    if rows:
        conn.execute(insert(CandidateRow), rows)
