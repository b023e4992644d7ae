"""Importing Sirekap data into the database as a snapshot (DESIGN §6).

One call reads files, folders and zip archives, parses every document, and stores what is good in ONE
transaction: TPS records, region lists, paslon/party/candidate lists and aggregate files. A bad file is reported
with its path and reason and left out; no file is ever half-stored. Files already imported (same SHA-256) add
nothing. A newer record for a TPS supersedes the older one in the sheet; the older stays in the database.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, insert, select, update

from rekap_desktop import audit
from rekap_desktop.ballot import Ballot
from rekap_desktop.models import (
    CandidateRow,
    DapilRow,
    PartyRow,
    PaslonRow,
    RegionRow,
    SettingRow,
    SirekapAggregateRow,
    SirekapFileRow,
    SirekapRecordRow,
    SirekapSnapshotRow,
)
from rekap_desktop.region import Level
from rekap_desktop.services import RecapService
from rekap_desktop.sirekap_anomalies import TpsAnomaly, tps_anomalies
from rekap_desktop.sirekap_json import (
    AggregateRecord,
    CandidateList,
    ParseError,
    PartyList,
    PaslonList,
    TpsRecord,
    WilayahList,
    parse_document,
)
from rekap_desktop.sirekap_sources import SourceError, SourceItem, SourceStats, iter_sources
from rekap_desktop.sirekap_tabular import read_tabular


@dataclass
class ImportSummary:
    snapshot_id: int | None = None
    files_read: int = 0
    files_unchanged: int = 0  # already imported earlier (same SHA-256): nothing added
    records_added: int = 0
    regions_added: int = 0
    lists_loaded: int = 0
    aggregates_added: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, Indonesian reason)
    anomalies: list[TpsAnomaly] = field(default_factory=list)
    ts_min: str | None = None
    ts_max: str | None = None
    seconds: float = 0.0
    non_data_files: int = 0

    @property
    def ok(self) -> bool:
        return not self.skipped

    def lines(self) -> list[str]:
        """A short Indonesian summary, one line each."""
        out = [
            f"Berkas dibaca: {self.files_read}; rekaman TPS baru: {self.records_added}; "
            f"sudah pernah diimpor (tidak berubah): {self.files_unchanged}",
        ]
        if self.lists_loaded or self.regions_added or self.aggregates_added:
            out.append(
                f"Daftar wilayah/peserta: {self.lists_loaded} berkas ({self.regions_added} wilayah baru); "
                f"berkas agregat: {self.aggregates_added}"
            )
        if self.ts_min:
            out.append(f"Rentang waktu data (ts): {self.ts_min} s.d. {self.ts_max}")
        out.append(f"Anomali TPS dalam data Sirekap: {len(self.anomalies)}")
        if self.skipped:
            out.append(f"DILEWATI {len(self.skipped)} berkas:")
            out.extend(f"  - {path}: {reason}" for path, reason in self.skipped)
        if self.non_data_files:
            out.append(f"Berkas bukan data (diabaikan): {self.non_data_files}")
        return out


ProgressCallback = Callable[[int, str], None]  # (files handled so far, current path)


def import_paths(
    service: RecapService,
    paths: Sequence[Path],
    *,
    ballot_hint: str | None = None,
    progress: ProgressCallback | None = None,
    source_label: str | None = None,
) -> ImportSummary:
    """Import everything under ``paths``; good files are stored together, bad ones reported and left out."""
    started = time.perf_counter()
    summary = ImportSummary()
    if ballot_hint is not None:
        ballot_hint = Ballot.parse(ballot_hint).value
    settings = service.settings()
    kabupaten = settings.get("kabupaten_kode", "")
    with service.engine.connect() as conn:
        known_files = set(conn.execute(select(SirekapFileRow.sha256)).scalars())
    stats = SourceStats()
    tps_records: dict[tuple[str, str, str | None], TpsRecord] = {}
    conflicts: set[tuple[str, str, str | None]] = set()
    other_docs: list[WilayahList | PaslonList | PartyList | CandidateList | AggregateRecord] = []
    files: list[tuple[str, str, str]] = []  # (sha256, path, kind)
    seen_in_batch: set[str] = set()

    def skip(path: str, reason: str) -> None:
        summary.skipped.append((path, reason))

    handled = 0
    for item in iter_sources(list(paths), stats):
        handled += 1
        if progress is not None and handled % 200 == 0:
            progress(handled, getattr(item, "display_path", ""))
        if isinstance(item, SourceError):
            skip(item.display_path, item.message)
            continue
        summary.files_read += 1
        if item.sha256 in known_files or item.sha256 in seen_in_batch:
            summary.files_unchanged += 1
            continue
        seen_in_batch.add(item.sha256)
        parsed = _parse(item, ballot_hint)
        if isinstance(parsed, ParseError):
            skip(parsed.source, parsed.message)
            continue
        if isinstance(parsed, list):
            kind = "tabel"
            records = parsed
        elif isinstance(parsed, TpsRecord):
            kind = "tps"
            records = [parsed]
        else:
            problem = _precheck(service, parsed)
            if problem:
                skip(item.display_path, problem)
                continue
            files.append((item.sha256, item.display_path, type(parsed).__name__.lower()))
            other_docs.append(parsed)  # type: ignore[arg-type]
            continue
        bad = next((r for r in records if kabupaten and not r.tps.startswith(kabupaten)), None)
        if bad is not None:
            skip(item.display_path, f"TPS {bad.tps} berada di luar kabupaten/kota {kabupaten}")
            continue
        files.append((item.sha256, item.display_path, kind))
        for record in records:
            key = (record.ballot, record.tps, record.ts)
            previous = tps_records.get(key)
            if previous is not None and (previous.admin != record.admin or previous.chart != record.chart):
                conflicts.add(key)
                skip(
                    record.source,
                    f"TPS {record.tps} ({record.ballot}, ts {record.ts}) muncul dua kali dalam satu "
                    f"impor dengan angka berbeda (juga di {previous.source}); keduanya dilewati",
                )
            tps_records[key] = record
    summary.non_data_files = stats.skipped
    good = [r for key, r in tps_records.items() if key not in conflicts]
    conflict_sources = {tps_records[k].source for k in conflicts}
    files = [f for f in files if f[1] not in conflict_sources]

    with service.transaction() as conn:
        snapshot_id = conn.execute(
            insert(SirekapSnapshotRow)
            .values(
                source=source_label or "; ".join(str(p) for p in paths),
                imported_at=audit.now_iso(),
                actor=service.actor,
                files_read=summary.files_read,
                files_skipped=len(summary.skipped),
            )
            .returning(SirekapSnapshotRow.id)
        ).scalar_one()
        summary.snapshot_id = int(snapshot_id)
        if files:
            conn.execute(
                insert(SirekapFileRow),
                [{"sha256": sha, "snapshot_id": snapshot_id, "path": path, "kind": kind} for sha, path, kind in files],
            )
        for doc in other_docs:
            _store_other(conn, doc, snapshot_id, summary)
        if good:
            conn.execute(insert(SirekapRecordRow), [_record_row(r, snapshot_id) for r in good])
            summary.records_added = len(good)
            summary.regions_added += _regions_from_codes(conn, {r.tps for r in good})
            stamps = [r.ts for r in good if r.ts]
            if stamps:
                summary.ts_min, summary.ts_max = min(stamps), max(stamps)
        if not kabupaten:
            _adopt_kabupaten(conn, {r.tps[:4] for r in good})
        conn.execute(
            update(SirekapSnapshotRow)
            .where(SirekapSnapshotRow.id == snapshot_id)
            .values(
                records_added=summary.records_added,
                ts_min=summary.ts_min,
                ts_max=summary.ts_max,
                summary=json.dumps(
                    {
                        "lists": summary.lists_loaded,
                        "regions_added": summary.regions_added,
                        "aggregates": summary.aggregates_added,
                        "unchanged": summary.files_unchanged,
                        "skipped": summary.skipped[:200],
                    },
                    ensure_ascii=False,
                ),
            )
        )
        audit.append(
            conn,
            actor=service.actor,
            action="sirekap.import",
            payload={
                "snapshot": summary.snapshot_id,
                "files_read": summary.files_read,
                "records": summary.records_added,
                "unchanged": summary.files_unchanged,
                "skipped": len(summary.skipped),
                "files_sha256": audit.canonical(sorted(sha for sha, _, _ in files)),
            },
        )
    for record in good:
        summary.anomalies.extend(tps_anomalies(record))
    service.invalidate()
    summary.seconds = time.perf_counter() - started
    return summary


def _parse(item: SourceItem, hint: str | None) -> object:
    suffix = item.suffix
    if suffix in (".csv", ".xlsx"):
        return read_tabular(item)
    return parse_document(item, hint)


def _record_row(r: TpsRecord, snapshot_id: int) -> dict[str, object]:
    return {
        "snapshot_id": snapshot_id,
        "file_sha256": r.sha256,
        "ballot": r.ballot,
        "tps": r.tps,
        "ts": r.ts,
        "psu": r.psu,
        "has_admin": r.has_admin,
        "has_chart": r.has_chart,
        "admin": json.dumps(r.admin, separators=(",", ":")),
        "chart": json.dumps(r.chart, separators=(",", ":")),
        "images": json.dumps(list(r.images), separators=(",", ":")),
        "source": r.source,
    }


def _regions_from_codes(conn: Connection, tps_codes: set[str]) -> int:
    """TPS known from the records themselves: add missing TPS (and their desa/kecamatan/kab/prov) regions."""
    wanted: set[str] = set()
    for code in tps_codes:
        wanted.update((code, code[:10], code[:6], code[:4], code[:2]))
    existing: set[str] = set()
    items = sorted(wanted)
    for i in range(0, len(items), 500):
        chunk = items[i : i + 500]
        existing.update(conn.execute(select(RegionRow.code).where(RegionRow.code.in_(chunk))).scalars())
    missing = [c for c in items if c not in existing]
    if missing:
        conn.execute(insert(RegionRow), [_placeholder_region(c) for c in missing])
    return len(missing)


def _placeholder_region(code: str) -> dict[str, object]:
    level = Level.of_code(code)
    name = f"TPS {code[-3:]}" if level is Level.TPS else f"{level.label.upper()} {code}"
    parent = None if level is Level.PROVINSI else code[: Level(level - 1).code_length]
    return {"code": code, "name": name, "level": int(level), "parent_code": parent}


def _adopt_kabupaten(conn: Connection, kab_codes: set[str]) -> None:
    """On a new, empty database a single kabupaten's data tells which kabupaten this is."""
    if (
        len(kab_codes) == 1
        and conn.execute(select(SettingRow.value).where(SettingRow.key == "kabupaten_kode")).scalar_one_or_none()
        is None
    ):
        kab = next(iter(kab_codes))
        conn.execute(
            insert(SettingRow), [{"key": "kabupaten_kode", "value": kab}, {"key": "provinsi_kode", "value": kab[:2]}]
        )


def _store_other(
    conn: Connection,
    doc: WilayahList | PaslonList | PartyList | CandidateList | AggregateRecord,
    snapshot_id: int,
    summary: ImportSummary,
) -> None:
    if isinstance(doc, WilayahList):
        summary.lists_loaded += 1
        for e in doc.entries:
            row = conn.execute(select(RegionRow.code).where(RegionRow.code == e.code)).scalar_one_or_none()
            if row is None:
                parent = None if e.level == 1 else e.code[: Level(e.level - 1).code_length]
                conn.execute(
                    insert(RegionRow).values(
                        code=e.code, name=e.name, level=e.level, parent_code=parent, sirekap_id=e.sirekap_id
                    )
                )
                summary.regions_added += 1
            else:
                conn.execute(
                    update(RegionRow).where(RegionRow.code == e.code).values(name=e.name, sirekap_id=e.sirekap_id)
                )
    elif isinstance(doc, PaslonList):
        summary.lists_loaded += 1
        for p in doc.entries:
            values = {"sirekap_id": p.sirekap_id, "name": p.name, "color": p.color or "#808080"}
            if conn.execute(select(PaslonRow.number).where(PaslonRow.number == p.number)).scalar_one_or_none():
                conn.execute(update(PaslonRow).where(PaslonRow.number == p.number).values(**values))
            else:
                conn.execute(insert(PaslonRow).values(number=p.number, **values))
    elif isinstance(doc, PartyList):
        summary.lists_loaded += 1
        for party in doc.entries:
            pvalues: dict[str, object] = {
                "short_name": party.short_name,
                "full_name": party.full_name,
                "is_aceh": party.is_aceh,
                "color": party.color or "#808080",
                "sirekap_id": str(party.sirekap_id),
            }
            if conn.execute(select(PartyRow.number).where(PartyRow.number == party.number)).scalar_one_or_none():
                conn.execute(update(PartyRow).where(PartyRow.number == party.number).values(**pvalues))
            else:
                conn.execute(insert(PartyRow).values(number=party.number, **values))
    elif isinstance(doc, CandidateList):
        summary.lists_loaded += 1
        _store_candidates(conn, doc)
    elif isinstance(doc, AggregateRecord):
        summary.aggregates_added += 1
        conn.execute(
            insert(SirekapAggregateRow).values(
                snapshot_id=snapshot_id,
                ballot=doc.ballot,
                region=doc.region_code or "",
                ts=doc.ts,
                chart=json.dumps(doc.chart),
                progres_done=doc.progres[0] if doc.progres else None,
                progres_total=doc.progres[1] if doc.progres else None,
                children=json.dumps({k: {"chart": c.chart, "persen": c.persen} for k, c in doc.children.items()}),
                source=doc.source,
            )
        )


def _store_candidates(conn: Connection, doc: CandidateList) -> None:
    """Candidate lists: set Sirekap ids on known candidates; fill an empty dapil's list."""
    if doc.dapil_code is None:  # DPD: the province's list
        ballot, dapil_id = Ballot.PDPD.value, None
    else:
        ballot = doc.ballot or Ballot.PDPR.value
        dapil_id = conn.execute(
            select(DapilRow.id).where(DapilRow.ballot == ballot, DapilRow.code == doc.dapil_code)
        ).scalar_one_or_none()
        assert dapil_id is not None, "checked by _precheck"
    existing = {
        (r.party, r.number): r.id
        for r in conn.execute(
            select(CandidateRow.id, CandidateRow.party, CandidateRow.number).where(
                CandidateRow.ballot == ballot,
                CandidateRow.dapil_id.is_(None) if dapil_id is None else CandidateRow.dapil_id == dapil_id,
            )
        )
    }
    for e in doc.entries:
        key = (e.party_number, e.number)
        if key in existing:
            conn.execute(update(CandidateRow).where(CandidateRow.id == existing[key]).values(sirekap_id=e.sirekap_id))
        else:
            conn.execute(
                insert(CandidateRow).values(
                    ballot=ballot,
                    dapil_id=dapil_id,
                    party=e.party_number,
                    number=e.number,
                    name=e.name,
                    gender=e.gender,
                    sirekap_id=e.sirekap_id,
                )
            )


def _precheck(service: RecapService, doc: object) -> str | None:
    """Reasons to leave a list out before anything is written (so the batch transaction never aborts)."""
    if isinstance(doc, CandidateList) and doc.dapil_code is not None:
        ballot = doc.ballot or Ballot.PDPR.value
        with service.engine.connect() as conn:
            found = conn.execute(
                select(DapilRow.id).where(DapilRow.ballot == ballot, DapilRow.code == doc.dapil_code)
            ).scalar_one_or_none()
        if found is None:
            return f"daftar calon dapil {doc.dapil_code} ({ballot}): dapil itu belum ada di data referensi"
    if isinstance(doc, WilayahList):
        for e in doc.entries:
            if e.level not in (1, 2, 3, 4, 5):
                return f"tingkat wilayah tidak dikenal untuk {e.code}"
    return None
