"""The reading half of an import (issue 16.3): walk the sources, read and hash each file, leave out the files the
database already holds, parse what is new and check its anomalies — in a worker process, while the importing
process writes (:mod:`rekap_desktop.sirekap.writer`).

The worker sends :class:`Chunk` objects in walk order. A TPS record travels as a :data:`Row` (the columns the
database stores, figures already as JSON text) with its figure digest and anomaly rules, and each chunk carries
what its records add to the per-kecamatan totals, so the writing process never decodes JSON.

Small imports (few paths, no archive, no folder of many files) are read in the importing process itself: starting
a worker costs more than it saves. The worker is a "spawn" process (the same on Windows), started per import.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import queue
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

from sqlalchemy import Connection, select

from rekap_desktop.ballot import Ballot
from rekap_desktop.models import SirekapFileRow, SirekapRecordRow
from rekap_desktop.sirekap.anomalies import TpsAnomaly, tps_anomalies
from rekap_desktop.sirekap.derived import figures_digest, figures_json
from rekap_desktop.sirekap.json import (
    AggregateRecord,
    CandidateList,
    ParseError,
    PartyList,
    PaslonList,
    TpsBatch,
    TpsRecord,
    WilayahList,
    parse_document,
)
from rekap_desktop.sirekap.sources import SourceError, SourceItem, SourceStats, iter_sources
from rekap_desktop.sirekap.tabular import TABULAR_SUFFIXES, read_tabular
from rekap_desktop.sirekap.timestamps import ParseContext
from rekap_desktop.state_digest import digest_columns

ListDocument: TypeAlias = WilayahList | PaslonList | PartyList | CandidateList | AggregateRecord

RECORD_COLUMNS = ("ballot", "tps", "ts", "psu", "has_admin", "has_chart", "admin", "chart", "images")
Row: TypeAlias = tuple[str, str, str | None, str | None, bool, bool, str, str, str]
"""One TPS record ready for the database, in `RECORD_COLUMNS` order (figures already as JSON text)."""
RecordParts: TypeAlias = tuple[Any, ...]
"""A parsed TPS record as sent between processes: the fields of :class:`TpsRecord` in order (a plain tuple
pickles several times faster than the dataclass)."""

KIND: dict[type, str] = {
    WilayahList: "wilayah",
    PaslonList: "paslon",
    PartyList: "partai",
    CandidateList: "calon",
    AggregateRecord: "agregat",
}

CHUNK_FILES = 500
"""Files per chunk sent by the worker (and looked up in the database at once)."""
CHUNK_BYTES = 8 << 20
"""A chunk is sent early once the files read for it reach this size, whatever their number."""
INLINE_FILES = 300
"""Up to this many plain files (no folder, no archive): read in the importing process."""


@dataclass(slots=True)
class ParsedFile:
    """One data file, new to the database, parsed (sent between processes as a plain tuple: `__reduce__`)."""

    position: int
    """Where it came in the walk: problems are reported in walk order."""
    sha256: str
    path: str
    kind: str
    rows: list[Row] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)
    """Per row: the digest of its figures (`derived.figures_digest`)."""
    rules: list[str] = field(default_factory=list)
    """Per row: its anomaly rule ids, sorted, comma-separated ("" when none)."""
    anomalies: list[TpsAnomaly] = field(default_factory=list)
    doc: ListDocument | None = None
    hashes: list[bytes] = field(default_factory=list)
    """Per row: `state_digest.row_hash` of the record row as it will be stored (for the snapshot digest)."""
    file_hash: bytes = b""
    """`state_digest.row_hash` of the file's own row."""
    parts: list[RecordParts] = field(default_factory=list)
    """Per record, as parsed: what :meth:`complete` turns into its row, digest and gains (in the importing
    process, which would otherwise wait for the reading worker: the work is shared between the two)."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (ParsedFile, (self.position, self.sha256, self.path, self.kind, self.rows, self.digests, self.rules,
                             self.anomalies, self.doc, self.hashes, self.file_hash, self.parts))

    def complete(self, gains: Gains | None) -> None:
        """Anomalies, rows and figure digests of the parsed records, their figures added to ``gains``."""
        for parts in self.parts:
            record = TpsRecord(*parts)
            found = tps_anomalies(record)
            row = record_row(record)
            self.rows.append(row)
            self.digests.append(figures_digest(row[6], row[7]))
            self.rules.append(",".join(sorted({a.rule for a in found})) if found else "")
            self.anomalies.extend(found)
            if gains is not None and (record.admin or record.chart):
                add_to_gains(gains, row[0], record.tps, record.ts, (*record.admin, *record.chart),
                             (*record.admin.values(), *record.chart.values()))
        self.parts = []


Gains: TypeAlias = dict[tuple[str, str], dict[tuple[str, ...], list[Any]]]
"""What records add to the per-kecamatan totals: (ballot, kecamatan) → the record's figure keys (its *shape*) →
[sums per key, TPS, ts_min, ts_max]. Records of one shape are summed element by element (one comparison of `ts`
per record, not per figure); :func:`gains_per_key` turns it into per-figure totals."""


def add_to_gains(gains: Gains, ballot: str, tps: str, ts: str | None, keys: tuple[str, ...],
                 values: tuple[int, ...]) -> None:
    per = gains.get((ballot, tps[:6]))
    if per is None:
        per = gains[(ballot, tps[:6])] = {}
    acc = per.get(keys)
    if acc is None:
        per[keys] = [list(values), 1, ts, ts]
        return
    acc[0] = [a + b for a, b in zip(acc[0], values, strict=True)]
    acc[1] += 1
    if ts is not None:
        if acc[2] is None or ts < acc[2]:
            acc[2] = ts
        if acc[3] is None or ts > acc[3]:
            acc[3] = ts


def merge_gains(into: Gains, more: Gains) -> None:
    for place, shapes in more.items():
        per = into.get(place)
        if per is None:
            into[place] = shapes
            continue
        for keys, acc in shapes.items():
            held = per.get(keys)
            if held is None:
                per[keys] = acc
                continue
            held[0] = [a + b for a, b in zip(held[0], acc[0], strict=True)]
            held[1] += acc[1]
            for ts in (acc[2], acc[3]):
                if ts is not None:
                    if held[2] is None or ts < held[2]:
                        held[2] = ts
                    if held[3] is None or ts > held[3]:
                        held[3] = ts


def gains_per_key(shapes: dict[tuple[str, ...], list[Any]]) -> dict[str, list[Any]]:
    """figure key → [sum, TPS, ts_min, ts_max] over the shapes of one kecamatan."""
    out: dict[str, list[Any]] = {}
    for keys, (sums, tps, ts_min, ts_max) in shapes.items():
        for key, value in zip(keys, sums, strict=True):
            acc = out.get(key)
            if acc is None:
                out[key] = [value, tps, ts_min, ts_max]
                continue
            acc[0] += value
            acc[1] += tps
            if ts_min is not None and (acc[2] is None or ts_min < acc[2]):
                acc[2] = ts_min
            if ts_max is not None and (acc[3] is None or ts_max > acc[3]):
                acc[3] = ts_max
    return out


@dataclass(slots=True)
class Chunk:
    files: list[ParsedFile] = field(default_factory=list)
    gains: Gains = field(default_factory=dict)
    """What every record of the chunk adds to the totals (the writer keeps it for kecamatan where each record was
    stored as a TPS's first; any other kecamatan is recomputed from the database)."""
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    """(position, display path, Indonesian reason) of what could not be read or parsed."""
    read: int = 0
    """Data files read in this chunk (new, known or bad)."""
    known: int = 0
    """Files the database already holds (same SHA-256): nothing to do."""
    handled: int = 0
    """Files and errors met in the walk so far (for progress)."""
    last_path: str = ""


@dataclass(slots=True)
class Finished:
    """The worker's last message: what the walk skipped as non-data files."""

    non_data: int
    examples: list[str]


# ------------------------------------------------------------------------------------------------ one file
_figures_json = figures_json


_dump_list = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_BALLOT_TEXT: dict[str, str] = {ballot.value: ballot.value for ballot in Ballot}


def record_row(record: TpsRecord) -> Row:
    """The stored row of a parsed record: figures as JSON texts (`figures_json`)."""
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


def record_parts(record: TpsRecord) -> RecordParts:
    return (record.ballot, record.tps, record.ts, record.psu, record.admin, record.has_admin, record.chart,
            record.has_chart, record.images, record.source, record.sha256, record.status_suara, record.status_adm)


def _parse(item: SourceItem, hint: str | None,
           context: ParseContext) -> TpsRecord | list[TpsRecord] | ListDocument | ParseError:
    if item.suffix in TABULAR_SUFFIXES:
        return read_tabular(item, context)
    parsed = parse_document(item, hint, context)
    return list(parsed.records) if isinstance(parsed, TpsBatch) else parsed


def parse_item(position: int, item: SourceItem, hint: str | None, context: ParseContext,
               gains: Gains | None = None, snapshot_id: int | None = None, *,
               complete: bool = True) -> ParsedFile | tuple[int, str, str]:
    """One new data file → a ParsedFile, or (position, path, reason) when it cannot be used; its records'
    figures are added to `gains`; with `snapshot_id`, the row hashes of the snapshot digest are computed too."""
    entry = _parse_item(position, item, hint, context)
    if isinstance(entry, ParsedFile) and (complete or snapshot_id is not None):
        entry.complete(gains)
    if snapshot_id is not None and isinstance(entry, ParsedFile):
        entry.file_hash = fast_row_hash(file_digest_values(entry.sha256, snapshot_id, entry.path, entry.kind))
        entry.hashes = [fast_row_hash(record_digest_values(snapshot_id, entry.sha256, entry.path, row))
                        for row in entry.rows]
    return entry


def _parse_item(position: int, item: SourceItem, hint: str | None,
                context: ParseContext) -> ParsedFile | tuple[int, str, str]:
    """Parse and check one file; its records' rows are left for :meth:`ParsedFile.complete`."""
    parsed = _parse(item, hint, context)
    if isinstance(parsed, ParseError):
        return (position, parsed.source, parsed.message)
    if isinstance(parsed, TpsRecord | list):
        records = [parsed] if isinstance(parsed, TpsRecord) else parsed
        kind = "tps" if isinstance(parsed, TpsRecord) else "tabel"
        entry = ParsedFile(position, item.sha256, item.display_path, kind)
        entry.parts = [record_parts(record) for record in records]
        return entry
    return ParsedFile(position, item.sha256, item.display_path, KIND[type(parsed)], doc=parsed)


# ------------------------------------------------------------------------------------------------ digests
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_RECORD_DIGEST = [("snapshot_id", "file_sha256", "source", *RECORD_COLUMNS).index(name)
                  for name in digest_columns(SirekapRecordRow)]
_FILE_DIGEST = [("sha256", "snapshot_id", "path", "kind").index(name) for name in digest_columns(SirekapFileRow)]


def fast_row_hash(values: Sequence[object]) -> bytes:
    """:func:`rekap_desktop.state_digest.row_hash`, byte for byte, with the encoder built once (a test keeps them
    equal)."""
    return hashlib.sha256(_ENCODE([int(v) if isinstance(v, bool) else v for v in values]).encode("utf-8")).digest()


def record_digest_values(snapshot_id: int, sha256: str, path: str, row: Row) -> list[object]:
    """A stored record row's values in `digest_columns` order."""
    full = (snapshot_id, sha256, path, *row)
    return [full[i] for i in _RECORD_DIGEST]


def file_digest_values(sha256: str, snapshot_id: int, path: str, kind: str) -> list[object]:
    full = (sha256, snapshot_id, path, kind)
    return [full[i] for i in _FILE_DIGEST]


# ------------------------------------------------------------------------------------------------ the walk
class KnownFiles:
    """Which SHA-256 the database already holds, asked a chunk at a time on a read connection of its own.

    SQLite: one `IN` query per chunk (an index lookup each, no round trip). PostgreSQL: the chunk's hashes are
    copied into a temporary table and joined once (hundreds of `IN` queries made re-imports 2,5× slower there).
    """

    def __init__(self, url: str | None) -> None:
        self._conn: Connection | None = None
        self._engine: Any = None
        if url:
            from rekap_desktop.db import EngineOptions, make_engine

            # SQLite: a reading connection; PostgreSQL: a session that may create its temporary table
            self._engine = make_engine(url, EngineOptions(read_only=url.startswith("sqlite")))
            self._conn = self._engine.connect()
            self._pg = self._conn.dialect.name == "postgresql"
            if self._pg:
                self._conn.exec_driver_sql("CREATE TEMPORARY TABLE rekap_incoming (sha256 varchar(64) PRIMARY KEY)")

    def of(self, hashes: Sequence[str]) -> set[str]:
        if self._conn is None or not hashes:
            return set()
        if not self._pg:
            found: set[str] = set()
            unique = sorted(set(hashes))
            for i in range(0, len(unique), 500):
                found.update(self._conn.execute(
                    select(SirekapFileRow.sha256).where(SirekapFileRow.sha256.in_(unique[i : i + 500]))).scalars())
            self._conn.rollback()  # a read transaction must not outlive the chunk: the writer checkpoints
            return found
        driver = self._conn.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor:
            cursor.execute("TRUNCATE rekap_incoming")
            with cursor.copy("COPY rekap_incoming (sha256) FROM STDIN") as copy:
                for sha in set(hashes):
                    copy.write_row((sha,))
            cursor.execute("SELECT i.sha256 FROM rekap_incoming i JOIN sirekap_file f ON f.sha256 = i.sha256")
            rows = cursor.fetchall()
        driver.commit()
        return {row[0] for row in rows}

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._engine.dispose()


def produce(paths: Sequence[Path], hint: str | None, context: ParseContext, url: str | None,
            survey: bool = False, snapshot_id: int | None = None) -> Iterator[Chunk | Finished]:
    """Walk, read, leave out known files, parse: chunks in walk order, then Finished.

    `url`: the database to ask which files it already holds (None: every file is new). `survey`: parse every
    file, known or not (to choose the kabupaten of a new database). `snapshot_id`: the import's snapshot, for the
    row hashes of its digest.
    """
    known_files = KnownFiles(None if survey else url)
    stats = SourceStats()
    pending: list[tuple[int, SourceItem]] = []
    pending_bytes = 0
    chunk = Chunk()
    handled = 0

    def flush() -> Chunk:
        nonlocal chunk, pending_bytes
        known = known_files.of([item.sha256 for _, item in pending])
        seen: set[str] = set()
        for position, item in pending:
            chunk.read += 1
            if item.sha256 in known or item.sha256 in seen:
                chunk.known += 1
                continue
            seen.add(item.sha256)
            result = parse_item(position, item, hint, context, chunk.gains, snapshot_id, complete=False)
            if isinstance(result, ParsedFile):
                chunk.files.append(result)
            else:
                chunk.problems.append(result)
        pending.clear()
        pending_bytes = 0
        done, chunk = chunk, Chunk()
        done.handled = handled
        return done

    try:
        for item in iter_sources(list(paths), stats):
            handled += 1
            if isinstance(item, SourceError):
                chunk.problems.append((handled, item.display_path, item.message))
                continue
            pending.append((handled, item))
            pending_bytes += len(item.data)
            chunk.last_path = item.display_path
            if len(pending) >= CHUNK_FILES or pending_bytes >= CHUNK_BYTES:
                yield flush()
        yield flush()
        yield Finished(stats.skipped, list(stats.skipped_examples))
    finally:
        known_files.close()


# ------------------------------------------------------------------------------------------------ the worker
def _worker(out: Any, paths: list[str], hint: str | None, context: ParseContext, url: str | None,
            survey: bool, snapshot_id: int | None) -> None:  # pragma: no cover - runs in the worker process
    try:
        for message in produce([Path(p) for p in paths], hint, context, url, survey, snapshot_id):
            if out.full():  # the importer is behind (a later scrape superseding records): make the rows here
                message = _completed(message)
            out.put(message)
    except BaseException as exc:  # everything reaches the importing process, which raises ReadError
        out.put(_Failed(f"{type(exc).__name__}: {exc}"))


@dataclass(frozen=True, slots=True)
class _Failed:
    message: str


class ReadError(Exception):
    """The reading process failed (a bug or the machine's resources); nothing was written."""


def _worth_a_worker(paths: Sequence[Path]) -> bool:
    """More than `INLINE_FILES` files (counted until that many, folders walked, archives' directories read)."""
    import os
    import zipfile

    count = 0
    for path in map(Path, paths):
        try:
            if path.is_dir():
                for _dir, _subdirs, names in os.walk(path):
                    count += len(names)
                    if count > INLINE_FILES:
                        return True
            elif path.suffix.lower() == ".zip":
                with zipfile.ZipFile(path) as archive:
                    count += len(archive.infolist())
            else:
                count += 1
        except (OSError, zipfile.BadZipFile):
            count += 1  # the walk reports it
        if count > INLINE_FILES:
            return True
    return False


def _completed(message: Chunk | Finished) -> Chunk | Finished:
    """The chunk's anomalies, rows, digests and gains, made by whichever process would otherwise wait: the worker
    reads, hashes and parses, and completes a chunk itself only when the importer is behind (its queue full); else
    the importer completes it on arrival. Measured on the synthetic kabupaten: a fresh import, where the importer
    used to wait half the time for the worker, 10,1 → 8,1 s; a later scrape, where the importer is the slower one,
    keeps its time."""
    if isinstance(message, Chunk):
        try:
            for entry in message.files:
                if entry.parts:
                    entry.complete(message.gains)
        except Exception as exc:  # as when the worker fails: ReadError, nothing written
            raise ReadError(f"pembacaan gagal: {type(exc).__name__}: {exc}") from exc
    return message


def read_chunks(paths: Sequence[Path], hint: str | None, context: ParseContext, url: str | None, *,
                survey: bool = False, worker: bool | None = None,
                snapshot_id: int | None = None) -> Iterator[Chunk | Finished]:
    """The chunks of :func:`produce`, read in a worker process when the import is large (`worker` forces it)."""
    use_worker = _worth_a_worker(paths) if worker is None else worker
    if not use_worker:
        for message in produce(paths, hint, context, url, survey, snapshot_id):
            yield _completed(message)
        return
    ctx = multiprocessing.get_context("spawn")
    channel: Any = ctx.Queue(maxsize=4)  # bounded: the reader never runs more than a few chunks ahead
    process = ctx.Process(target=_worker, args=(channel, [str(p) for p in paths], hint, context, url, survey,
                                                snapshot_id),
                          name="rekap-sirekap-baca", daemon=True)
    process.start()
    try:
        while True:
            try:
                message = channel.get(timeout=1.0)
            except queue.Empty:
                if not process.is_alive():
                    raise ReadError(f"proses pembaca berhenti tanpa hasil (kode {process.exitcode})") from None
                continue
            if isinstance(message, _Failed):
                raise ReadError(f"proses pembaca gagal: {message.message}")
            yield _completed(message)
            if isinstance(message, Finished):
                return
    finally:
        if process.is_alive():
            process.terminate()
        process.join(timeout=5)
        channel.close()
