"""What an import stores besides TPS records (issue 6): Sirekap's list documents and what they name.

- wilayah lists: regions nobody named yet are added; placeholder names are replaced and missing Sirekap ids filled,
  reference names stay (:func:`store_wilayah`); the desa, kecamatan, kabupaten and provinsi of TPS codes that no list
  or reference named get placeholder rows (:func:`regions_from_codes`);
- paslon, party and candidate lists: their Sirekap ids on the reference rows (nothing is renamed; a candidate the
  reference lacks is reported, not added);
- aggregate documents (a region's chart and progress): one row per document, in the import's snapshot;
- a new database adopts its kabupaten/kota (and province) and their names from the data (:func:`adopt_kabupaten`).

All run inside the import's transaction (:mod:`rekap_desktop.sirekap.importer`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, bindparam, insert, select, update

from rekap_desktop.ballot import Ballot
from rekap_desktop.models import (
    CandidateRow,
    DapilRow,
    PartyRow,
    PaslonRow,
    RegionRow,
    SettingRow,
    SirekapAggregateRow,
)
from rekap_desktop.region import Level
from rekap_desktop.sirekap import coverage
from rekap_desktop.sirekap.json import CandidateList, PartyList, PaslonList, WilayahEntry, WilayahList
from rekap_desktop.sirekap.parsing import ListDocument
from rekap_desktop.sirekap.writer import insert_chunked

if TYPE_CHECKING:
    from rekap_desktop.sirekap.importer import ImportSummary

_REGION_TABLE: Table = RegionRow.__table__  # type: ignore[assignment]


def _placeholder_name(code: str) -> str:
    level = Level.of_code(code)
    return f"TPS {code[-3:]}" if level is Level.TPS else f"{level.label.upper()} {code}"


def _parent(code: str) -> str | None:
    level = Level.of_code(code)
    return None if level is Level.PROVINSI else code[: Level(level - 1).code_length]


def _existing_regions(conn: Connection, codes: Sequence[str]) -> dict[str, tuple[str, int | None]]:
    found: dict[str, tuple[str, int | None]] = {}
    for i in range(0, len(codes), 500):
        for code, name, sirekap_id in conn.execute(
            select(RegionRow.code, RegionRow.name, RegionRow.sirekap_id).where(RegionRow.code.in_(codes[i : i + 500]))
        ):
            found[code] = (name, sirekap_id)
    return found


def regions_from_codes(conn: Connection, tps_codes: set[str]) -> int:
    """The desa, kecamatan, kabupaten and provinsi of the TPS codes (or of desa codes), where no list or
    reference named them."""
    wanted: set[str] = set()
    for code in tps_codes:
        wanted.update((code[:10], code[:6], code[:4], code[:2]))
    codes = sorted(wanted)
    existing = _existing_regions(conn, codes)
    missing = [code for code in codes if code not in existing]
    return insert_chunked(
        conn,
        _REGION_TABLE,
        ("code", "name", "level", "parent_code"),
        ((code, _placeholder_name(code), int(Level.of_code(code)), _parent(code)) for code in missing),
    )


def store_list(conn: Connection, doc: ListDocument, snapshot_id: int, summary: ImportSummary) -> None:
    if isinstance(doc, WilayahList):
        summary.lists_loaded += 1
        for entry in doc.entries:
            if entry.level <= 2:
                summary.names[entry.code] = entry.name
        summary.regions_added += store_wilayah(conn, {entry.code: entry for entry in doc.entries})
        return
    if isinstance(doc, PaslonList):
        summary.lists_loaded += 1
        _store_paslon(conn, doc)
    elif isinstance(doc, PartyList):
        summary.lists_loaded += 1
        _store_parties(conn, doc)
    elif isinstance(doc, CandidateList):
        summary.lists_loaded += 1
        note = _store_candidates(conn, doc)
        if note:
            summary.notes.append(note)
    else:
        summary.aggregates_added += 1
        conn.execute(
            insert(SirekapAggregateRow).values(
                snapshot_id=snapshot_id,
                ballot=doc.ballot,
                region=doc.region_code or "",
                ts=doc.ts,
                chart=json.dumps(doc.chart, separators=(",", ":")),
                progres_done=doc.progres[0] if doc.progres else None,
                progres_total=doc.progres[1] if doc.progres else None,
                children=json.dumps(
                    {
                        code: {"chart": child.chart, "persen": child.persen, "psu": child.psu,
                               "status_progress": child.status_progress}
                        for code, child in doc.children.items()
                    },
                    ensure_ascii=False,
                    separators=(",", ":"),
                ),
                source=doc.source,
            )
        )


def store_wilayah(conn: Connection, entries: dict[str, WilayahEntry]) -> int:
    """Add the regions no one named yet; name placeholders and fill missing Sirekap ids. Reference names stay."""
    codes = sorted(entries)
    existing = _existing_regions(conn, codes)
    new = [entries[code] for code in codes if code not in existing]
    changes: list[dict[str, Any]] = []
    for code, (name, sirekap_id) in existing.items():
        entry = entries[code]
        new_name = entry.name if name == _placeholder_name(code) and entry.name else name
        new_id = sirekap_id if sirekap_id is not None else entry.sirekap_id
        if new_name != name or new_id != sirekap_id:
            changes.append({"key": code, "new_name": new_name, "new_id": new_id})
    if changes:
        conn.execute(
            update(RegionRow)
            .where(RegionRow.code == bindparam("key"))
            .values(name=bindparam("new_name"), sirekap_id=bindparam("new_id")),
            changes,
        )
    added = insert_chunked(
        conn,
        _REGION_TABLE,
        ("code", "name", "level", "parent_code", "sirekap_id"),
        ((e.code, e.name, e.level, _parent(e.code), e.sirekap_id) for e in new),
    )
    coverage.refresh_regions(conn, (e.code for e in new))
    return added


def _store_paslon(conn: Connection, doc: PaslonList) -> None:
    """Sirekap ids on the paslon by number; paslon missing from the reference are added."""
    existing = {number: sid for number, sid in conn.execute(select(PaslonRow.number, PaslonRow.sirekap_id))}
    for entry in doc.entries:
        if entry.number not in existing:
            conn.execute(
                insert(PaslonRow).values(
                    number=entry.number, sirekap_id=entry.sirekap_id, name=entry.name, color=entry.color or "#808080"
                )
            )
        elif existing[entry.number] != entry.sirekap_id:
            conn.execute(update(PaslonRow).where(PaslonRow.number == entry.number).values(sirekap_id=entry.sirekap_id))


def _store_parties(conn: Connection, doc: PartyList) -> None:
    """Parties missing from the reference are added; known ones get their Sirekap id when they had none."""
    existing = {number: sid for number, sid in conn.execute(select(PartyRow.number, PartyRow.sirekap_id))}
    for entry in doc.entries:
        sid = str(entry.sirekap_id)
        if entry.number not in existing:
            conn.execute(
                insert(PartyRow).values(
                    number=entry.number, short_name=entry.short_name, full_name=entry.full_name,
                    is_aceh=entry.is_aceh, color=entry.color or "#808080", sirekap_id=sid,
                )
            )
        elif existing[entry.number] is None:
            conn.execute(update(PartyRow).where(PartyRow.number == entry.number).values(sirekap_id=sid))


def _store_candidates(conn: Connection, doc: CandidateList) -> str | None:
    """Sirekap ids on the known candidates (by party and nomor urut); an empty list is filled from Sirekap.

    A list that already has candidates (the DCT of the reference data) is never extended or renamed: that would
    change the lines of a contest behind the operator's back. Returns an Indonesian note on what did not match.
    """
    if doc.dapil_code is None:
        ballot, dapil_id, where = Ballot.PDPD.value, None, "DPD"
    else:
        ballot = doc.ballot or Ballot.PDPR.value
        where = f"{ballot} dapil {doc.dapil_code}"
        dapil_id = conn.execute(
            select(DapilRow.id).where(DapilRow.ballot == ballot, DapilRow.code == doc.dapil_code)
        ).scalar_one_or_none()
        if dapil_id is None:  # checked before the transaction; removed since
            return f"Daftar calon {where}: dapil itu tidak ada lagi di data referensi; daftar tidak dipakai"
    existing = {
        (party, number): (row_id, sid)
        for row_id, party, number, sid in conn.execute(
            select(CandidateRow.id, CandidateRow.party, CandidateRow.number, CandidateRow.sirekap_id).where(
                CandidateRow.ballot == ballot,
                CandidateRow.dapil_id.is_(None) if dapil_id is None else CandidateRow.dapil_id == dapil_id,
            )
        )
    }
    if not existing:
        parties = set(conn.execute(select(PartyRow.number)).scalars())
        rows = [
            (ballot, dapil_id, e.party_number, e.number, e.name, (e.gender or "")[:1] or None, e.sirekap_id)
            for e in doc.entries
            if e.party_number is None or e.party_number in parties
        ]
        insert_chunked(
            conn, CandidateRow.__table__,  # type: ignore[arg-type]
            ("ballot", "dapil_id", "party", "number", "name", "gender", "sirekap_id"), rows,
        )
        dropped = len(doc.entries) - len(rows)
        return f"Daftar calon {where}: {len(rows)} calon ditambahkan dari Sirekap" + (
            f"; {dropped} calon dari partai yang tidak dikenal dilewati" if dropped else ""
        )
    changes = []
    unmatched = 0
    for e in doc.entries:
        found = existing.get((e.party_number, e.number))
        if found is None:
            unmatched += 1
        elif found[1] != e.sirekap_id:
            changes.append({"key": found[0], "sid": e.sirekap_id})
    if changes:
        conn.execute(
            update(CandidateRow).where(CandidateRow.id == bindparam("key")).values(sirekap_id=bindparam("sid")),
            changes,
        )
    if unmatched:
        return (
            f"Daftar calon {where}: {unmatched} calon Sirekap tidak ada di data referensi (tidak ditambahkan; "
            "data referensi tidak diubah)"
        )
    return None


def adopt_kabupaten(conn: Connection, kabupaten: str, names: dict[str, str]) -> None:
    """A new database learns its kabupaten/kota (and province) from the data; names from the wilayah lists."""
    wanted = {"kabupaten_kode": kabupaten, "provinsi_kode": kabupaten[:2]}
    if kabupaten in names:
        wanted["kabupaten_nama"] = names[kabupaten]
    if kabupaten[:2] in names:
        wanted["provinsi_nama"] = names[kabupaten[:2]]
    present = set(conn.execute(select(SettingRow.key).where(SettingRow.key.in_(list(wanted)))).scalars())
    rows = [{"key": key, "value": value} for key, value in wanted.items() if key not in present]
    if rows:
        conn.execute(insert(SettingRow), rows)
