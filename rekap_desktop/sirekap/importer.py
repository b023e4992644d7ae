"""Importing Sirekap data into the database as a snapshot (DESIGN §6, §12).

:func:`import_paths` reads files, folders and zip archives (`sirekap.sources`), parses every document
(`sirekap.json`, `sirekap.tabular`) and stores what is good in ONE transaction: TPS records, region lists,
paslon/party/candidate lists and aggregate files, plus the snapshot (source, SHA-256 of each file, `ts` range,
time of import, counts) and one audit event.

Semantics, in the order they are applied:

- A file that cannot be read or parsed is reported (path and Indonesian reason) and left out whole; the other
  files are still imported. No file is ever half-stored: a file goes in with all its records, or not at all.
- A file already imported (same SHA-256) adds nothing; given twice in one batch it is read once.
- On a new, empty database the kabupaten/kota is taken from the data itself (the kabupaten most TPS records
  belong to, else the one the region lists describe); region names come from the wilayah lists, and the desa,
  kecamatan, kabupaten and provinsi of every TPS code are added when no list named them. TPS themselves are
  only added from wilayah lists or reference data: they are the "TPS known" of the coverage, so a TPS record
  never makes itself known.
- A TPS record outside the kabupaten/kota makes its file skipped; so does a wilayah list of regions inside
  another kabupaten, a candidate list of a dapil that is not in the reference data, and a DPD list of another
  province.
- The same TPS (ballot, TPS code, `ts`) twice in one batch with different figures: every file involved is
  skipped (which one is right cannot be told). With the same figures, the record is stored once.
- A record equal to one already stored (same ballot, TPS, `ts` and figures, e.g. a re-downloaded file whose
  photo links changed) is not stored again. Otherwise it is stored and, when its `ts` is the newest for its TPS
  (ties: the later import), supersedes the older one in the sheet; older records stay in the database
  (`sirekap.store.tps_history`).
- Nothing new at all (every file unchanged or bad): no snapshot, no audit event, the database is untouched.
  `ImportSummary.nothing_usable` tells "every file was bad (or there was none)" from "nothing new"; the command
  line exits 2 on the former, 0 otherwise (also when some files were skipped).

Memory: the parsed records of a batch are held as compact rows (figures already as JSON text, about 2 KB per
record) until the one transaction writes them, so that the write lock is held only while writing: about 180 MB
for the 75,000 records of a 15,000-TPS kabupaten × 5 ballots.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update

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
from rekap_desktop.sirekap import derived
from rekap_desktop.sirekap.anomalies import TpsAnomaly, tps_anomalies
from rekap_desktop.sirekap.json import (
    AggregateRecord,
    CandidateList,
    ParseError,
    PartyList,
    PaslonList,
    TpsBatch,
    TpsRecord,
    WilayahEntry,
    WilayahList,
    parse_document,
)
from rekap_desktop.sirekap.sources import SourceError, SourceItem, SourceStats, iter_sources
from rekap_desktop.sirekap.tabular import TABULAR_SUFFIXES, read_tabular
from rekap_desktop.sirekap.timestamps import ParseContext
from rekap_desktop.state_digest import snapshot_digest

ListDocument: TypeAlias = WilayahList | PaslonList | PartyList | CandidateList | AggregateRecord
ProgressCallback = Callable[[int, str], None]
"""(data files handled so far, the current display path)."""

_CHUNK = 2_000
"""Rows per INSERT round trip: bounds the transient memory of the database driver."""
_LOOKUP_CHUNK = 500
"""Files whose SHA-256 is looked up in one query (well under every driver's parameter limit)."""
_PENDING_BYTES = 8 << 20
"""Files read but not yet parsed are held up to this many bytes (whatever their number)."""

_RECORD_TABLE: Table = SirekapRecordRow.__table__  # type: ignore[assignment]
_FILE_TABLE: Table = SirekapFileRow.__table__  # type: ignore[assignment]
_REGION_TABLE: Table = RegionRow.__table__  # type: ignore[assignment]

_RECORD_COLUMNS = ("ballot", "tps", "ts", "psu", "has_admin", "has_chart", "admin", "chart", "images")
_Row: TypeAlias = tuple[str, str, str | None, str | None, bool, bool, str, str, str]
"""One TPS record ready for the database, in `_RECORD_COLUMNS` order (figures already as JSON text); its
`source` is the path of its file."""

_KIND: dict[type, str] = {
    WilayahList: "wilayah",
    PaslonList: "paslon",
    PartyList: "partai",
    CandidateList: "calon",
    AggregateRecord: "agregat",
}


# ------------------------------------------------------------------------------------------------ result
@dataclass
class ImportSummary:
    """What one import did; `lines()` / `problem_lines()` say it in Indonesian for the operator."""

    snapshot_id: int | None = None
    """None when nothing was stored (everything unchanged or bad)."""
    files_read: int = 0
    """Data files read (stored, unchanged and those skipped for their content)."""
    files_stored: int = 0
    files_unchanged: int = 0
    """Already imported earlier, or given twice in this batch (same SHA-256): nothing added."""
    records_added: int = 0
    records_superseding: int = 0
    """New records that replaced an earlier stored record of their TPS as the current one."""
    records_changed: int = 0
    """Of the superseding records, those whose figures differ from the record they replace."""
    records_history: int = 0
    """New records older (by ts) than the TPS's stored current record: kept as history, not current."""
    records_same: int = 0
    """Records equal to one already stored or to another in this batch (same TPS, ts, figures): not stored."""
    regions_added: int = 0
    lists_loaded: int = 0
    aggregates_added: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(display path, Indonesian reason) of every file or place left out."""
    notes: list[str] = field(default_factory=list)
    """Informational remarks (nothing was left out for them)."""
    anomalies: list[TpsAnomaly] = field(default_factory=list)
    """TPS-level anomalies in the records stored by this import."""
    ts_min: str | None = None
    ts_max: str | None = None
    seconds: float = 0.0
    non_data_files: int = 0
    non_data_examples: list[str] = field(default_factory=list)
    kabupaten_adopted: str | None = None

    @property
    def ok(self) -> bool:
        """Nothing was skipped."""
        return not self.skipped

    @property
    def nothing_usable(self) -> bool:
        """No file could be used: nothing stored and nothing already known (every file bad, or none found)."""
        return self.files_stored == 0 and self.files_unchanged == 0

    @property
    def records_per_second(self) -> float:
        return self.records_added / self.seconds if self.seconds > 0 else 0.0

    def report_lines(self) -> list[str]:
        """The summary for standard output, one line each."""
        out = [
            f"Berkas data dibaca: {self.files_read} — disimpan {self.files_stored}, sudah pernah diimpor "
            f"(tidak berubah) {self.files_unchanged}, dilewati {len(self.skipped)}"
        ]
        if self.records_added or self.records_same:
            detail = [f"menggantikan rekaman lama {self.records_superseding}, di antaranya dengan angka berubah "
                      f"{self.records_changed}"]
            if self.records_history:
                detail.append(f"lebih lama dari yang tersimpan (disimpan sebagai riwayat) {self.records_history}")
            if self.records_same:
                detail.append(f"sama dengan yang sudah ada (tidak disimpan lagi) {self.records_same}")
            out.append(f"Rekaman TPS baru: {self.records_added} ({'; '.join(detail)})")
        if self.lists_loaded or self.regions_added or self.aggregates_added:
            out.append(
                f"Daftar wilayah/peserta: {self.lists_loaded} berkas; wilayah baru: {self.regions_added}; "
                f"berkas agregat: {self.aggregates_added}"
            )
        if self.kabupaten_adopted:
            out.append(f"Kabupaten/kota basis data ini ditetapkan dari data: {self.kabupaten_adopted}")
        if self.ts_min:
            out.append(f"Rentang waktu data (ts): {self.ts_min} s.d. {self.ts_max}")
        if self.records_added:
            tps = len({(a.ballot, a.tps) for a in self.anomalies})
            out.append(f"Anomali TPS dalam data Sirekap: {len(self.anomalies)} pada {tps} TPS (rincian: "
                       "rekap-desktop check)")
        out.extend(self.notes)
        if self.non_data_files:
            examples = ", ".join(self.non_data_examples[:3])
            more = f", mis. {examples}" if examples else ""
            out.append(f"Berkas bukan data (diabaikan): {self.non_data_files}{more}")
        if self.snapshot_id is not None:
            out.append(f"Snapshot #{self.snapshot_id}; {self.seconds:.2f} detik")
        elif self.nothing_usable:
            out.append("Tidak ada berkas yang dapat diimpor; basis data tidak diubah.")
        else:
            out.append("Tidak ada data baru; basis data tidak diubah.")
        return out

    def problem_lines(self) -> list[str]:
        """What was left out, for standard error (empty when nothing was)."""
        if not self.skipped:
            return []
        return [f"DILEWATI {len(self.skipped)} berkas (tidak diimpor):"] + [
            f"  - {path}: {reason}" for path, reason in self.skipped
        ]

    def lines(self) -> list[str]:
        return self.report_lines() + self.problem_lines()


# ------------------------------------------------------------------------------------------------ batch state
@dataclass(slots=True)
class _File:
    index: int
    """Position in the walk: problems are reported in the order the files were read."""
    sha256: str
    path: str
    kind: str
    rows: list[_Row] = field(default_factory=list)
    doc: ListDocument | None = None
    anomalies: dict[int, list[TpsAnomaly]] | None = None
    """Row index → the anomalies of that record (records without any are absent); None when there are none."""
    reason: str | None = None
    """Set when the file is left out."""


def _figures_json(values: dict[str, int]) -> str:
    """JSON text of a {key: int} mapping.

    `repr` is about three times faster than `json.dumps` and already is JSON for these dicts (the values are
    ints, checked by the parsers) unless a key needs quoting or escaping: then the text holds `"` or `\\` and
    the slow path is taken.
    """
    text = repr(values)
    if '"' in text or "\\" in text:
        return json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return text.replace("'", '"')


_dump_list = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


_BALLOT_TEXT: dict[str, str] = {ballot.value: ballot.value for ballot in Ballot}


def _row(record: TpsRecord) -> _Row:
    return (
        _BALLOT_TEXT.get(record.ballot, record.ballot),  # one shared string per ballot, not one per record
        record.tps,
        record.ts,
        record.psu,
        record.has_admin,
        record.has_chart,
        _figures_json(record.admin),
        _figures_json(record.chart),
        _dump_list(list(record.images)),
    )


def _parse(item: SourceItem, hint: str | None,
           context: ParseContext) -> TpsRecord | list[TpsRecord] | ListDocument | ParseError:
    if item.suffix in TABULAR_SUFFIXES:
        return read_tabular(item, context)
    parsed = parse_document(item, hint, context)
    return list(parsed.records) if isinstance(parsed, TpsBatch) else parsed


# ------------------------------------------------------------------------------------------------ entry point
def import_paths(
    service: RecapService,
    paths: Sequence[Path],
    *,
    ballot_hint: str | None = None,
    progress: ProgressCallback | None = None,
    source_label: str | None = None,
) -> ImportSummary:
    """Import everything under `paths`; good files are stored together, bad ones reported and left out.

    `ballot_hint` is the ballot of TPS files whose path has no /ppwp/, /pdpr/, … segment; an unknown ballot
    raises ValueError (Indonesian) before anything is read. Database failures raise `StorageError` and leave
    the database as it was.
    """
    started = time.perf_counter()
    hint = Ballot.parse(ballot_hint).value if ballot_hint is not None else None
    summary = ImportSummary()
    settings = service.settings()
    context = ParseContext.from_settings(settings)
    with service.engine.connect() as conn:
        last_snapshot = conn.execute(select(func.max(SirekapSnapshotRow.id))).scalar_one() or 0
        dapils = {(r.ballot, r.code) for r in conn.execute(select(DapilRow.ballot, DapilRow.code))}

    files: dict[str, _File] = {}
    problems: list[tuple[int, str, str]] = []  # (position in the walk, path, reason)

    def take(position: int, item: SourceItem) -> None:
        parsed = _parse(item, hint, context)
        if isinstance(parsed, ParseError):
            problems.append((position, parsed.source, parsed.message))
            return
        entry = _File(position, item.sha256, item.display_path, "tps")
        if isinstance(parsed, TpsRecord | list):
            records = [parsed] if isinstance(parsed, TpsRecord) else parsed
            entry.kind = "tps" if isinstance(parsed, TpsRecord) else "tabel"
            entry.rows = [_row(record) for record in records]
            for index, record in enumerate(records):
                found = tps_anomalies(record)
                if found:
                    if entry.anomalies is None:
                        entry.anomalies = {}
                    entry.anomalies[index] = found
        else:
            entry.kind = _KIND[type(parsed)]
            entry.doc = parsed
        files[item.sha256] = entry

    pending: list[tuple[int, SourceItem]] = []
    pending_bytes = 0

    def flush() -> None:
        """Files already imported are looked up a chunk at a time (memory does not grow with the history)."""
        if not pending:
            return
        with service.engine.connect() as conn:
            known = set(
                conn.execute(
                    select(SirekapFileRow.sha256).where(SirekapFileRow.sha256.in_({i.sha256 for _, i in pending}))
                ).scalars()
            )
        for position, item in pending:
            if item.sha256 in known or item.sha256 in files:
                summary.files_unchanged += 1
            else:
                take(position, item)
        pending.clear()

    stats = SourceStats()
    handled = 0
    for item in iter_sources(list(paths), stats):
        handled += 1
        if progress is not None and handled % 500 == 0:
            progress(handled, item.display_path)
        if isinstance(item, SourceError):
            problems.append((handled, item.display_path, item.message))
            continue
        summary.files_read += 1
        pending.append((handled, item))
        pending_bytes += len(item.data)
        if len(pending) >= _LOOKUP_CHUNK or pending_bytes >= _PENDING_BYTES:
            flush()
            pending_bytes = 0
    flush()
    if progress is not None:
        progress(handled, "")
    summary.non_data_files = stats.skipped
    summary.non_data_examples = list(stats.skipped_examples)

    kabupaten = settings.get("kabupaten_kode", "")
    if not kabupaten:
        kabupaten = _choose_kabupaten(files.values())
        summary.kabupaten_adopted = kabupaten or None
    province = settings.get("provinsi_kode", "") or kabupaten[:2]
    for entry in files.values():
        entry.reason = _out_of_scope(entry, kabupaten, province, dapils)
    _resolve_conflicts(files.values())
    good = [entry for entry in files.values() if entry.reason is None]
    problems.extend((entry.index, entry.path, entry.reason) for entry in files.values() if entry.reason is not None)
    summary.skipped = [(path, reason) for _, path, reason in sorted(problems, key=lambda p: p[0])]
    if not good:
        summary.kabupaten_adopted = None
        summary.seconds = time.perf_counter() - started
        return summary

    with service.transaction() as conn:
        # files another station imported while these were being read: now known, nothing to add
        arrived = set(
            conn.execute(select(SirekapFileRow.sha256).where(SirekapFileRow.snapshot_id > last_snapshot)).scalars()
        )
        if arrived:
            summary.files_unchanged += sum(entry.sha256 in arrived for entry in good)
            good = [entry for entry in good if entry.sha256 not in arrived]
            if not good:
                summary.kabupaten_adopted = None
                summary.seconds = time.perf_counter() - started
                return summary
        snapshot_id = int(
            conn.execute(
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
        )
        summary.snapshot_id = snapshot_id
        summary.files_stored = len(good)
        _insert_chunked(
            conn,
            _FILE_TABLE,
            ("sha256", "snapshot_id", "path", "kind"),
            ((entry.sha256, snapshot_id, entry.path, entry.kind) for entry in good),
        )
        _store_lists(conn, [entry.doc for entry in good if entry.doc is not None], snapshot_id, summary)
        _store_records(conn, good, snapshot_id, summary)
        if summary.kabupaten_adopted:
            _adopt_kabupaten(conn, summary.kabupaten_adopted, [e.doc for e in good if e.doc is not None])
        digest = hashlib.sha256("\n".join(sorted(entry.sha256 for entry in good)).encode()).hexdigest()
        counts = {
            "files_read": summary.files_read,
            "files_stored": summary.files_stored,
            "unchanged": summary.files_unchanged,
            "skipped": len(summary.skipped),
            "records": summary.records_added,
            "superseding": summary.records_superseding,
            "changed": summary.records_changed,
            "history": summary.records_history,
            "same": summary.records_same,
            "lists": summary.lists_loaded,
            "regions_added": summary.regions_added,
            "aggregates": summary.aggregates_added,
        }
        conn.execute(
            update(SirekapSnapshotRow)
            .where(SirekapSnapshotRow.id == snapshot_id)
            .values(
                records_added=summary.records_added,
                ts_min=summary.ts_min,
                ts_max=summary.ts_max,
                summary=json.dumps(
                    {**counts, "files_sha256_digest": digest, "skipped_files": summary.skipped[:200]},
                    ensure_ascii=False,
                ),
            )
        )
        service.log_event(
            conn,
            "sirekap.import",
            state=True,  # an import may add regions, name paslon/parties/candidates, adopt the kabupaten
            payload={"snapshot": snapshot_id, **counts, "files_sha256_digest": digest,
                     "kabupaten_adopted": summary.kabupaten_adopted or "",
                     "snapshot_digest": snapshot_digest(conn, snapshot_id)},
        )
    service.invalidate()
    summary.seconds = time.perf_counter() - started
    return summary


# ------------------------------------------------------------------------------------------------ checks
def _choose_kabupaten(files: Iterable[_File]) -> str:
    """The kabupaten of a new database: the one most TPS records are in, else the one the lists describe."""
    from_records: Counter[str] = Counter()
    from_lists: Counter[str] = Counter()
    for entry in files:
        for row in entry.rows:
            from_records[row[1][:4]] += 1
        if isinstance(entry.doc, WilayahList) and entry.doc.parent_code and len(entry.doc.parent_code) >= 4:
            from_lists[entry.doc.parent_code[:4]] += 1
    for counter in (from_records, from_lists):
        if counter:
            # most TPS; ties broken by the lowest code, so the choice is deterministic
            return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return ""


def _out_of_scope(entry: _File, kabupaten: str, province: str, dapils: set[tuple[str, str]]) -> str | None:
    """Why a well-formed file does not belong in this database, or None."""
    if entry.rows and kabupaten:
        outside = next((row[1] for row in entry.rows if not row[1].startswith(kabupaten)), None)
        if outside is not None:
            return f"TPS {outside} berada di luar kabupaten/kota basis data ini ({kabupaten}); berkas tidak diimpor"
    doc = entry.doc
    parent = doc.parent_code if isinstance(doc, WilayahList) else None
    if kabupaten and parent and len(parent) >= 4 and not parent.startswith(kabupaten):
        return f"daftar wilayah {parent} berada di luar kabupaten/kota basis data ini ({kabupaten}); tidak diimpor"
    if isinstance(doc, CandidateList):
        if doc.dapil_code is not None:
            ballot = doc.ballot or Ballot.PDPR.value
            if (ballot, doc.dapil_code) not in dapils:
                return (
                    f"daftar calon dapil {doc.dapil_code} ({ballot}): dapil itu belum ada di data referensi "
                    "basis data ini; impor data referensi dahulu"
                )
        elif doc.province_code and province and doc.province_code != province:
            return f"daftar calon DPD provinsi {doc.province_code}, bukan provinsi basis data ini ({province})"
    return None


def _resolve_conflicts(files: Iterable[_File]) -> None:
    """The same (ballot, TPS, ts) with different figures in two files: both files are left out."""
    seen: dict[tuple[str, str, str | None], tuple[_File, _Row]] = {}
    conflicts: dict[int, tuple[_File, str]] = {}
    for entry in files:
        if entry.reason is not None:
            continue
        for row in entry.rows:
            key = (row[0], row[1], row[2])
            first = seen.get(key)
            if first is None:
                seen[key] = (entry, row)
                continue
            other, other_row = first
            if other is entry or _same_figures(row, other_row):
                continue
            when = f"ts {row[2]}" if row[2] else "tanpa ts"
            text = (
                f"TPS {row[1]} ({row[0]}, {when}) muncul lebih dari sekali dalam impor ini dengan angka berbeda; "
                "berkas yang memuatnya tidak diimpor (juga {other})"
            )
            conflicts.setdefault(id(entry), (entry, text.format(other=other.path)))
            conflicts.setdefault(id(other), (other, text.format(other=entry.path)))
    for entry, reason in conflicts.values():
        entry.reason = reason


def _same_figures(a: _Row, b: _Row) -> bool:
    if a[6] == b[6] and a[7] == b[7]:
        return True
    return bool(json.loads(a[6]) == json.loads(b[6]) and json.loads(a[7]) == json.loads(b[7]))


# ------------------------------------------------------------------------------------------------ storing
def _insert_chunked(conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """executemany INSERT in chunks of `_CHUNK` rows; returns the number of rows.

    The statement is compiled once and run with the driver's own executemany (tuples for positional
    paramstyles such as SQLite's): per-row parameter processing in SQLAlchemy would cost about as much as the
    insert itself. Only plain columns (text, integers, booleans) are written this way.
    """
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        return _copy_rows(conn, table, columns, rows)
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=list(columns))
    sql = str(compiled)
    order: list[int] | None = None
    if compiled.positional:
        order = [list(columns).index(name) for name in compiled.positiontup or ()]
    total = 0
    batch: list[Any] = []
    for row in rows:
        batch.append(tuple([row[i] for i in order]) if order is not None else dict(zip(columns, row, strict=True)))
        if len(batch) >= _CHUNK:
            conn.exec_driver_sql(sql, batch)
            total += len(batch)
            batch = []
    if batch:
        conn.exec_driver_sql(sql, batch)
        total += len(batch)
    return total


def _copy_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """PostgreSQL: COPY … FROM STDIN on the transaction's own connection (several times faster than INSERT)."""
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(name) for name in columns)
    )
    total = 0
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            total += 1
    return total


def _store_records(conn: Connection, good: list[_File], snapshot_id: int, summary: ImportSummary) -> None:
    """TPS records of the good files, minus those equal to a stored one or to another in this batch.

    Counts what each new record does to its TPS: supersedes the current record (and whether its figures differ
    from it), or is older than it (history only).
    """
    ballots = sorted({row[0] for entry in good for row in entry.rows})
    if not ballots:
        return
    current: dict[tuple[str, str], tuple[str, int]] = {}  # (ballot, tps) → (ts, id) of the current record
    by_stamp: dict[tuple[str, str, str], list[int]] = {}  # (ballot, tps, ts) → ids
    for ballot, tps, ts, record_id in conn.execute(
        select(SirekapRecordRow.ballot, SirekapRecordRow.tps, SirekapRecordRow.ts, SirekapRecordRow.id).where(
            SirekapRecordRow.ballot.in_(ballots)
        )
    ):
        stamp = ts or ""
        known = current.get((ballot, tps))
        if known is None or (stamp, record_id) > known:
            current[(ballot, tps)] = (stamp, record_id)
        by_stamp.setdefault((ballot, tps, stamp), []).append(record_id)
    same_stamp: set[int] = set()  # stored records with the (ballot, tps, ts) of a new one: full figures needed
    replaced: set[int] = set()  # current records a new one supersedes: a digest of the figures is enough
    if current:
        for entry in good:
            for row in entry.rows:
                stamp = row[2] or ""
                same_stamp.update(by_stamp.get((row[0], row[1], stamp), ()))
                known = current.get((row[0], row[1]))
                if known is not None and stamp >= known[0]:
                    replaced.add(known[1])
    stored: dict[int, tuple[str, str]] = {}
    digests: dict[int, int] = {}
    ids = sorted(same_stamp | replaced)
    for i in range(0, len(ids), 500):
        for record_id, admin, chart in conn.execute(
            select(SirekapRecordRow.id, SirekapRecordRow.admin, SirekapRecordRow.chart).where(
                SirekapRecordRow.id.in_(ids[i : i + 500])
            )
        ):
            digests[record_id] = hash((admin, chart))
            if record_id in same_stamp:
                stored[record_id] = (admin, chart)

    def equal_to_stored(row: _Row, record_id: int) -> bool:
        figures = stored.get(record_id)
        if figures is None:
            return False
        if figures == (row[6], row[7]):
            return True
        return bool(json.loads(figures[0]) == json.loads(row[6]) and json.loads(figures[1]) == json.loads(row[7]))

    added: set[tuple[str, str, str]] = set()
    tps_codes: set[str] = set()
    touched: set[tuple[str, str]] = set()
    stamps: list[str] = []

    def fresh() -> Iterable[tuple[Any, ...]]:
        for entry in good:
            for index, row in enumerate(entry.rows):
                ballot, tps, stamp = row[0], row[1], row[2] or ""
                key = (ballot, tps, stamp)
                if key in added:
                    summary.records_same += 1  # identical figures in this batch (conflicts were left out)
                    continue
                if any(equal_to_stored(row, record_id) for record_id in by_stamp.get(key, ())):
                    summary.records_same += 1
                    continue
                added.add(key)
                tps_codes.add(tps)
                touched.add((ballot, tps))
                if stamp:
                    stamps.append(stamp)
                if entry.anomalies and index in entry.anomalies:
                    summary.anomalies.extend(entry.anomalies[index])
                known = current.get((ballot, tps))
                if known is not None:
                    if stamp >= known[0]:
                        summary.records_superseding += 1
                        # the stored text is compared (same figures in another key order would count as changed)
                        if digests.get(known[1]) != hash((row[6], row[7])):
                            summary.records_changed += 1
                    else:
                        summary.records_history += 1
                yield (snapshot_id, entry.sha256, entry.path, *row)

    summary.records_added = _insert_chunked(
        conn, _RECORD_TABLE, ("snapshot_id", "file_sha256", "source", *_RECORD_COLUMNS), fresh()
    )
    if stamps:
        summary.ts_min, summary.ts_max = min(stamps), max(stamps)
    summary.regions_added += _regions_from_codes(conn, tps_codes)
    derived.refresh(conn, touched)


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


def _regions_from_codes(conn: Connection, tps_codes: set[str]) -> int:
    """The desa, kecamatan, kabupaten and provinsi of the TPS codes, where no list or reference named them."""
    wanted: set[str] = set()
    for code in tps_codes:
        wanted.update((code[:10], code[:6], code[:4], code[:2]))
    codes = sorted(wanted)
    existing = _existing_regions(conn, codes)
    missing = [code for code in codes if code not in existing]
    return _insert_chunked(
        conn,
        _REGION_TABLE,
        ("code", "name", "level", "parent_code"),
        ((code, _placeholder_name(code), int(Level.of_code(code)), _parent(code)) for code in missing),
    )


def _store_lists(conn: Connection, docs: list[ListDocument], snapshot_id: int, summary: ImportSummary) -> None:
    wilayah: dict[str, WilayahEntry] = {}
    for doc in docs:
        if isinstance(doc, WilayahList):
            summary.lists_loaded += 1
            for entry in doc.entries:
                wilayah[entry.code] = entry
        elif isinstance(doc, PaslonList):
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
    if wilayah:
        summary.regions_added += _store_wilayah(conn, wilayah)


def _store_wilayah(conn: Connection, entries: dict[str, WilayahEntry]) -> int:
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
    return _insert_chunked(
        conn,
        _REGION_TABLE,
        ("code", "name", "level", "parent_code", "sirekap_id"),
        ((e.code, e.name, e.level, _parent(e.code), e.sirekap_id) for e in new),
    )


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
        _insert_chunked(
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


def _adopt_kabupaten(conn: Connection, kabupaten: str, docs: list[ListDocument]) -> None:
    """A new database learns its kabupaten/kota (and province) from the data; names from the wilayah lists."""
    names: dict[str, str] = {}
    for doc in docs:
        if isinstance(doc, WilayahList):
            for entry in doc.entries:
                if entry.code in (kabupaten, kabupaten[:2]):
                    names[entry.code] = entry.name
    wanted = {"kabupaten_kode": kabupaten, "provinsi_kode": kabupaten[:2]}
    if kabupaten in names:
        wanted["kabupaten_nama"] = names[kabupaten]
    if kabupaten[:2] in names:
        wanted["provinsi_nama"] = names[kabupaten[:2]]
    present = set(conn.execute(select(SettingRow.key).where(SettingRow.key.in_(list(wanted)))).scalars())
    rows = [{"key": key, "value": value} for key, value in wanted.items() if key not in present]
    if rows:
        conn.execute(insert(SettingRow), rows)
