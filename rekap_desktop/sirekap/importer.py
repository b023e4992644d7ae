"""Importing Sirekap data into the database as a snapshot (DESIGN §6, §12; issue 16.3).

:func:`import_paths` reads files, folders and zip archives (`sirekap.sources`), parses every document
(`sirekap.json`, `sirekap.bulk`, `sirekap.tabular`) and stores what is good in ONE transaction: TPS records, region
lists, paslon/party/candidate lists and aggregate files, plus the snapshot (source, SHA-256 of each file, `ts`
range, time of import, counts), the derived tables (counting record per TPS, per-kecamatan totals) and one audit
event carrying the snapshot's digest.

Reading and parsing run in a worker process (:mod:`rekap_desktop.sirekap.parsing`) while this process writes the
records chunk by chunk inside the transaction (:mod:`rekap_desktop.sirekap.writer`): memory stays bounded by the
chunk, not the import. List documents and the regions they name are stored by :mod:`rekap_desktop.sirekap.list_store`.
The transaction takes the writers' lock first, so other stations' writes wait for it; before anything moves, the
derived tables it will recompute are checked (:mod:`rekap_desktop.sirekap.guard`).

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
  another kabupaten (named by that kabupaten's code, or listing a kecamatan/desa/TPS of it), an aggregate file of
  a region outside it, a candidate list of a dapil that is not in the reference data, and a DPD list of another
  province.
- The same TPS (ballot, TPS code, `ts`) twice in one batch with different figures: every file involved is
  skipped (which one is right cannot be told). With the same figures, the record is stored once.
- A record equal to one already stored (same ballot, TPS, `ts` and figures, e.g. a re-downloaded file whose
  photo links changed) is not stored again. Otherwise it is stored; which record of a TPS counts is decided by
  :mod:`rekap_desktop.sirekap.status` (the newest by `ts`, among the re-vote's records under a PSU); older records
  stay in the database (`sirekap.store.tps_history`).
- Nothing new at all (every file unchanged or bad): no snapshot, no audit event, the database is untouched.
  `ImportSummary.nothing_usable` tells "every file was bad (or there was none)" from "nothing new"; the command
  line exits 2 on the former, 0 otherwise (also when some files were skipped).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, insert, select, update

from rekap_desktop import audit
from rekap_desktop.ballot import Ballot
from rekap_desktop.models import (
    DapilRow,
    SirekapSnapshotRow,
)
from rekap_desktop.numbers import format_number
from rekap_desktop.region import Level
from rekap_desktop.services import RecapService
from rekap_desktop.sirekap import guard, list_store
from rekap_desktop.sirekap.anomalies import TpsAnomaly
from rekap_desktop.sirekap.json import AggregateRecord, CandidateList, WilayahList
from rekap_desktop.sirekap.parsing import Chunk, Finished, ParsedFile, read_chunks
from rekap_desktop.sirekap.timestamps import ParseContext
from rekap_desktop.sirekap.writer import RecordWriter

ProgressCallback = Callable[[int, str], None]
"""(data files handled so far, the current display path)."""

SKIPPED_LISTED = 25
"""How many skipped files the summary names one by one; the rest are counted."""



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
    names: dict[str, str] = field(default_factory=dict)
    """Names of provinces and kabupaten/kota read from the wilayah lists of this import."""

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
            f"Berkas data dibaca: {format_number(self.files_read)} — disimpan {format_number(self.files_stored)}, "
            f"sudah pernah diimpor (tidak berubah) {format_number(self.files_unchanged)}, "
            f"dilewati {format_number(len(self.skipped))}"
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
        """What was left out, for standard error and the window (empty when nothing was): the total, the first
        :data:`SKIPPED_LISTED` files with their reason, then how many more (a folder of thousands of bad files
        must not bury the summary)."""
        if not self.skipped:
            return []
        lines = [f"DILEWATI {format_number(len(self.skipped))} berkas (tidak diimpor):"]
        lines.extend(f"  - {path}: {reason}" for path, reason in self.skipped[:SKIPPED_LISTED])
        more = len(self.skipped) - SKIPPED_LISTED
        if more > 0:
            lines.append(f"  … dan {format_number(more)} berkas lain")
        return lines

    def lines(self) -> list[str]:
        return self.report_lines() + self.problem_lines()


# ------------------------------------------------------------------------------------------------ entry point
class _NothingNew(Exception):
    """Internal: no file could be stored; the transaction is rolled back (the database stays untouched)."""


def import_paths(
    service: RecapService,
    paths: Sequence[Path],
    *,
    ballot_hint: str | None = None,
    progress: ProgressCallback | None = None,
    source_label: str | None = None,
    worker: bool | None = None,
) -> ImportSummary:
    """Import everything under `paths`; good files are stored together, bad ones reported and left out.

    `ballot_hint` is the ballot of TPS files whose path has no /ppwp/, /pdpr/, … segment; an unknown ballot
    raises ValueError (Indonesian) before anything is read. `worker`: read in a worker process (None: when the
    import is large). `progress` is called inside the import's transaction: it must not write the database.
    Database failures raise `StorageError` and leave the database as it was; a failure of the reading process
    raises `parsing.ReadError`, nothing written.
    """
    started = time.perf_counter()
    hint = Ballot.parse(ballot_hint).value if ballot_hint is not None else None
    summary = ImportSummary()
    settings = service.settings()
    context = ParseContext.from_settings(settings)
    url = service.engine.url.render_as_string(hide_password=False)
    kabupaten = settings.get("kabupaten_kode", "")
    if not kabupaten:
        kabupaten = _survey_kabupaten(paths, hint, context, worker)
        summary.kabupaten_adopted = kabupaten or None
    province = settings.get("provinsi_kode", "") or kabupaten[:2]
    with service.engine.connect() as conn:
        dapils = {(r.ballot, r.code) for r in conn.execute(select(DapilRow.ballot, DapilRow.code))}
    problems: list[tuple[int, str, str]] = []
    try:
        with service.transaction() as conn:
            head = audit.lock_head(conn)  # first: other writers wait for the whole import
            service.check_state(conn)  # an import records the reference digests: never over a change made outside
            guard.refuse_if_tampered(conn, cover=None)  # the coverage rows it will recompute, before they move
            snapshot_id = int(conn.execute(
                insert(SirekapSnapshotRow).values(
                    source=source_label or "; ".join(str(p) for p in paths), imported_at=audit.now_iso(),
                    actor=service.actor,
                ).returning(SirekapSnapshotRow.id)
            ).scalar_one())
            writer = RecordWriter(conn, snapshot_id)
            _stream(conn, writer, paths, hint, context, url, worker, summary, problems, progress,
                    (kabupaten, province, dapils))
            for sha, (path, reason) in writer.left_out.items():  # written, then left out after all (a conflict)
                problems.append((writer.files[sha].position, path, reason))
            stored = sorted(set(writer.files) - set(writer.left_out))
            summary.files_stored = len(stored)
            if not stored:
                raise _NothingNew
            _finish(conn, service, writer, summary, problems, snapshot_id, head, stored)
    except _NothingNew:
        summary.snapshot_id = None
        summary.kabupaten_adopted = None
        summary.skipped = [(path, reason) for _, path, reason in sorted(problems, key=lambda p: p[0])]
        summary.records_added = summary.records_superseding = summary.records_changed = 0
        summary.records_history = summary.lists_loaded = summary.regions_added = summary.aggregates_added = 0
        summary.anomalies = []
        summary.notes = []
    service.invalidate()
    summary.seconds = time.perf_counter() - started
    return summary


def _stream(conn: Connection, writer: RecordWriter, paths: Sequence[Path], hint: str | None,
            context: ParseContext, url: str, worker: bool | None, summary: ImportSummary,
            problems: list[tuple[int, str, str]], progress: ProgressCallback | None,
            scope: tuple[str, str, set[tuple[str, str]]]) -> None:
    """Write every chunk as it comes (the writer keeps which files it stored)."""
    kabupaten, province, dapils = scope
    seen: set[str] = set()
    handled = 0
    for message in read_chunks(paths, hint, context, url, worker=worker):
        if isinstance(message, Finished):
            summary.non_data_files = message.non_data
            summary.non_data_examples = message.examples
            break
        handled = message.handled
        summary.files_read += message.read
        summary.files_unchanged += message.known
        problems.extend(message.problems)
        for entry in message.files:
            if entry.sha256 in seen:  # the same file twice in this import (two paths, or two chunks)
                summary.files_unchanged += 1
                writer.discard(entry)
                continue
            seen.add(entry.sha256)
            reason = _out_of_scope(entry, kabupaten, province, dapils)
            if reason is None:
                reason = _store(conn, writer, entry, summary)
            if reason is not None:
                problems.append((entry.position, entry.path, reason))
                writer.discard(entry)
        writer.add_gains(message.gains)
        writer.flush()
        if progress is not None:
            progress(message.handled, message.last_path)
    if progress is not None:
        progress(handled, "")


def _store(conn: Connection, writer: RecordWriter, entry: ParsedFile, summary: ImportSummary) -> str | None:
    if entry.doc is None:
        return writer.add_file(entry)
    writer.add_file_row(entry.sha256, entry.path, entry.kind, entry.file_hash, entry.position)
    list_store.store_list(conn, entry.doc, writer.snapshot_id, summary)
    return None


def _finish(conn: Connection, service: RecapService, writer: RecordWriter, summary: ImportSummary,
            problems: list[tuple[int, str, str]], snapshot_id: int, head: tuple[int, str],
            stored: list[str]) -> None:
    summary.snapshot_id = snapshot_id
    summary.skipped = [(path, reason) for _, path, reason in sorted(problems, key=lambda p: p[0])]
    totals = writer.totals
    summary.records_added, summary.records_superseding = totals.added, totals.superseding
    summary.records_changed, summary.records_history, summary.records_same = totals.changed, totals.history, totals.same
    summary.anomalies = writer.anomalies
    writer.finish()
    summary.regions_added += list_store.regions_from_codes(conn, writer.desa)
    if summary.kabupaten_adopted:
        list_store.adopt_kabupaten(conn, summary.kabupaten_adopted, summary.names)
    summary.ts_min, summary.ts_max = writer.ts_range()
    digest = hashlib.sha256("\n".join(stored).encode()).hexdigest()
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
        update(SirekapSnapshotRow).where(SirekapSnapshotRow.id == snapshot_id).values(
            files_read=summary.files_read,
            files_skipped=len(summary.skipped),
            records_added=summary.records_added,
            ts_min=summary.ts_min,
            ts_max=summary.ts_max,
            summary=json.dumps({**counts, "files_sha256_digest": digest, "skipped_files": summary.skipped[:200]},
                               ensure_ascii=False),
        )
    )
    service.log_event(
        conn, "sirekap.import", head=head,
        state=True,  # an import may add regions, name paslon/parties/candidates, adopt the kabupaten
        payload={"snapshot": snapshot_id, **counts, "files_sha256_digest": digest,
                 "kabupaten_adopted": summary.kabupaten_adopted or "",
                 "snapshot_digest": writer.snapshot_digest()},
    )


# ------------------------------------------------------------------------------------------------ checks
def _survey_kabupaten(paths: Sequence[Path], hint: str | None, context: ParseContext, worker: bool | None) -> str:
    """The kabupaten of a new database: the one most TPS records are in, else the one the lists describe."""
    from_records: Counter[str] = Counter()
    from_lists: Counter[str] = Counter()
    for message in read_chunks(paths, hint, context, None, survey=True, worker=worker):
        if not isinstance(message, Chunk):
            continue
        for entry in message.files:
            for row in entry.rows:
                from_records[row[1][:4]] += 1
            if isinstance(entry.doc, WilayahList) and entry.doc.parent_code and len(entry.doc.parent_code) >= 4:
                from_lists[entry.doc.parent_code[:4]] += 1
    for counter in (from_records, from_lists):
        if counter:
            # most TPS; ties broken by the lowest code, so the choice is deterministic
            return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return ""


def _outside(code: str, kabupaten: str) -> bool:
    """A region code that is neither inside the kabupaten/kota nor one of its ancestors (its province)."""
    if len(code) >= len(kabupaten):
        return not code.startswith(kabupaten)
    return not kabupaten.startswith(code)


def _out_of_scope(entry: ParsedFile, kabupaten: str, province: str, dapils: set[tuple[str, str]]) -> str | None:
    """Why a well-formed file does not belong in this database, or None."""
    if entry.rows and kabupaten:
        outside = next((row[1] for row in entry.rows if not row[1].startswith(kabupaten)), None)
        if outside is not None:
            return f"TPS {outside} berada di luar kabupaten/kota basis data ini ({kabupaten}); berkas tidak diimpor"
    doc = entry.doc
    if kabupaten and isinstance(doc, WilayahList):
        parent = doc.parent_code
        if parent and _outside(parent, kabupaten):
            return f"daftar wilayah {parent} berada di luar kabupaten/kota basis data ini ({kabupaten}); tidak diimpor"
        # a list not named by its parent's code: kecamatan, desa or TPS of another kabupaten are not ours to add
        foreign = next((e for e in doc.entries if e.level >= Level.KECAMATAN and _outside(e.code, kabupaten)), None)
        if foreign is not None:
            return (f"daftar wilayah memuat {Level(foreign.level).label} {foreign.code} yang berada di luar "
                    f"kabupaten/kota basis data ini ({kabupaten}); tidak diimpor")
    if kabupaten and isinstance(doc, AggregateRecord) and doc.region_code and _outside(doc.region_code, kabupaten):
        return (f"angka agregat wilayah {doc.region_code} berada di luar kabupaten/kota basis data ini "
                f"({kabupaten}); tidak diimpor")
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



# ------------------------------------------------------------------------------------------------ storing
