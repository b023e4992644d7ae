"""The writing half of an import (issue 16.3): the TPS records of each parsed chunk go into the database as they
come, inside the import's one transaction, so memory stays bounded whatever the number of files.

Per record it decides, against what is stored and what this import already wrote:

- the same (ballot, TPS, `ts`) with the same figures, stored or earlier in this import: not stored again;
- the same (ballot, TPS, `ts`) with different figures in two files of this import: which is right cannot be told,
  so every file involved is left out — a file already written is taken out again (rows and file row);
- otherwise stored; counted as superseding the TPS's counting record (newer `ts`, and whether its figures differ)
  or as history (older).

The derived tables (:mod:`rekap_desktop.sirekap.derived`) are brought up to date at the end. A TPS seen for the first
time, with one record, no `psu` flag and no hand mark, is *fresh*: its counting row is written directly and its
figures are added to its kecamatan's totals as they stream by (nothing decoded). Every other TPS goes through
:func:`derived.refresh`, and its kecamatan's totals are recomputed from its counting records.

The snapshot digest of the import event is computed from the rows as they are written (`state_digest.row_hash`
over `digest_columns`), equal to what ``verify-audit`` recomputes from the tables, without reading them back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, func, insert, select

from rekap_desktop.models import (
    SirekapAggregateRow,
    SirekapCurrentRow,
    SirekapFileRow,
    SirekapRecordRow,
    SirekapSnapshotRow,
    SirekapTpsStatusRow,
)
from rekap_desktop.sirekap import coverage, derived, guard
from rekap_desktop.sirekap.anomalies import TpsAnomaly
from rekap_desktop.sirekap.parsing import (
    RECORD_COLUMNS,
    Gains,
    ParsedFile,
    Row,
    fast_row_hash,
    file_digest_values,
    gains_per_key,
    merge_gains,
    record_digest_values,
)
from rekap_desktop.sirekap.status import TpsStatus, status_of_psu
from rekap_desktop.state_digest import combine, digest_columns, row_hash

CHUNK_ROWS = 2_000
"""Rows per INSERT round trip."""

RECORD_TABLE: Table = SirekapRecordRow.__table__  # type: ignore[assignment]
FILE_TABLE: Table = SirekapFileRow.__table__  # type: ignore[assignment]

_INSERT_COLUMNS = ("snapshot_id", "file_sha256", "source", *RECORD_COLUMNS)
_FILE_COLUMNS = ("sha256", "snapshot_id", "path", "kind")


def insert_chunked(conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """executemany INSERT in chunks (PostgreSQL: COPY); returns the number of rows.

    The statement is compiled once and run with the driver's own executemany (tuples for positional
    paramstyles such as SQLite's): per-row parameter processing in SQLAlchemy would cost about as much as the
    insert itself. Only plain columns (text, integers, booleans) are written this way.
    """
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        return _copy_rows(conn, table, columns, rows)
    sql, order = _compiled_insert(conn, table, tuple(columns))
    total = 0
    batch: list[Any] = []
    for row in rows:
        batch.append(tuple([row[i] for i in order]) if order is not None else dict(zip(columns, row, strict=True)))
        if len(batch) >= CHUNK_ROWS:
            conn.exec_driver_sql(sql, batch)
            total += len(batch)
            batch = []
    if batch:
        conn.exec_driver_sql(sql, batch)
        total += len(batch)
    return total


_COMPILED: dict[tuple[str, str, tuple[str, ...]], tuple[str, list[int] | None]] = {}


def _compiled_insert(conn: Connection, table: Table, columns: tuple[str, ...]) -> tuple[str, list[int] | None]:
    """The INSERT statement's SQL and the column order of its positional parameters, compiled once per dialect."""
    key = (conn.dialect.name, table.name, columns)
    found = _COMPILED.get(key)
    if found is None:
        compiled = insert(table).compile(dialect=conn.dialect, column_keys=list(columns))
        order = [columns.index(name) for name in compiled.positiontup or ()] if compiled.positional else None
        found = _COMPILED[key] = (str(compiled), order)
    return found


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


@dataclass
class Counts:
    """What the records of one import did."""

    added: int = 0
    superseding: int = 0
    changed: int = 0
    history: int = 0
    same: int = 0


class _File:
    """What is kept of one stored file (memory per file is what bounds a large import)."""

    __slots__ = ("counts", "file_at", "position", "rows_at", "rows_n")

    def __init__(self, position: int, file_at: int, rows_at: int) -> None:
        self.position = position
        self.file_at = file_at
        """Index of its row hash in the file hashes."""
        self.rows_at = rows_at
        """Index of its first record row hash in the record hashes."""
        self.rows_n = 0
        self.counts: tuple[int, int, int, int, int] | None = None
        """(added, superseding, changed, history, same) when anything but "one record added"."""


@dataclass(slots=True)
class _Stored:
    """What is stored for one ballot: per TPS its records' (ts, id) and the counting record's (ts, figures)."""

    stamps: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    counting: dict[str, tuple[str, str]] = field(default_factory=dict)
    unbacked: set[str] = field(default_factory=set)
    """TPS with a counting row but neither a record behind it nor a mark: only raw SQL makes one."""


_HASH = 32  # bytes of a row hash
_CURRENT_COLUMNS = ("ballot", "tps", "kecamatan", "record_id", "status", "status_source", "ts", "has_admin",
                    "has_chart", "figures_hash", "anomalies")


def _digest(held: str) -> str:
    """The figures digest of a :attr:`RecordWriter.batch` value."""
    return held.lstrip("!").split("/", 1)[0]


class RecordWriter:
    """Writes the TPS records of one import (module docstring); `finish` completes the derived tables.

    Memory per record kept until the end: its (ballot, TPS, ts) with its figures' digest, and its row hash for the
    snapshot digest; per file: its walk position and where its hashes lie.
    """

    def __init__(self, conn: Connection, snapshot_id: int) -> None:
        self.conn = conn
        self.snapshot_id = snapshot_id
        self.totals = Counts()
        self.anomalies: list[TpsAnomaly] = []
        self.files: dict[str, _File] = {}
        """Stored files (SHA-256 → where its walk position and row hashes are)."""
        self._file_hashes = bytearray()
        self._record_hashes = bytearray()
        self._gone: list[tuple[int, int]] = []
        """(start, count) ranges of record hashes of files taken out again; their file hash index too."""
        self._gone_files: set[int] = set()
        self.batch: dict[str, str] = {}
        """"ballot|TPS|ts" → what this import wrote: "<figures digest>/<flags><anomaly rules>" (:func:`_digest`,
        :meth:`_known`)."""
        self.left_out: dict[str, tuple[str, str]] = {}
        """File → (path, why) of files left out after they were written (a later conflict)."""
        self._left_paths: dict[str, str] = {}
        """"ballot|TPS|ts" of a record left out after it was written (its batch digest starts with "!") → its file."""
        self._seen_tps: set[str] = set()
        """"ballot|TPS" of every record written."""
        self.others: set[tuple[str, str]] = set()
        self.dirty: set[tuple[str, str]] = set()
        self.gains: Gains = {}
        """What the stored records add to the totals, where each is a fresh TPS's (else the kecamatan is dirty)."""
        self.desa: set[str] = set()
        self.covered: set[tuple[str, str]] = set()
        """(ballot, kecamatan) given a fresh counting row: their coverage row is recomputed at the end."""
        self._stored: dict[str, _Stored] = {}
        self._files: list[tuple[Any, ...]] = []
        self._records: list[tuple[Any, ...]] = []
        self._fresh: dict[tuple[str, str, str], tuple[Any, ...]] = {}
        """This chunk's fresh TPS: (ballot, TPS, ts) → their counting row without the record id."""
        self._last_id = int(conn.execute(select(func.coalesce(func.max(SirekapRecordRow.id), 0))).scalar_one())
        self.before_id = self._last_id
        """The highest record id before this import (its own records come after)."""
        self.unbacked: set[tuple[str, str]] = set()
        """(ballot, TPS) given a record by this import whose counting row was there already with no record or mark
        behind it (added by raw SQL): the import is refused, naming them (it would overwrite or collide with it)."""
        self._marked: set[tuple[str, str]] = {
            (b, t) for b, t in conn.execute(select(SirekapTpsStatusRow.ballot, SirekapTpsStatusRow.tps))
        }

    # ----------------------------------------------------------------- files
    def add_file(self, entry: ParsedFile) -> str | None:
        """Store one parsed file of TPS records; returns why it is left out (conflict), or None."""
        conflict = self._conflict(entry)
        if conflict is not None:
            return conflict
        state = self._file(entry.sha256, entry.path, entry.kind, entry.file_hash, entry.position)
        counts = Counts()
        by_tps: dict[tuple[str, str], list[TpsAnomaly]] = {}
        for a in entry.anomalies:
            by_tps.setdefault((a.ballot, a.tps), []).append(a)
        given = entry.hashes or [b""] * len(entry.rows)
        for row, digest, rules, row_digest in zip(entry.rows, entry.digests, entry.rules, given, strict=True):
            if not self._take(row, digest, rules, counts):
                continue
            self.anomalies.extend(by_tps.pop((row[0], row[1]), ()))
            self._record_hashes += row_digest or fast_row_hash(
                record_digest_values(self.snapshot_id, entry.sha256, entry.path, row))
            state.rows_n += 1
            self._records.append((self.snapshot_id, entry.sha256, entry.path, *row))
        if (counts.added, counts.superseding, counts.changed, counts.history, counts.same) != (1, 0, 0, 0, 0):
            state.counts = (counts.added, counts.superseding, counts.changed, counts.history, counts.same)
        self._add(counts)
        if len(self._records) >= CHUNK_ROWS:
            self.flush()
        return None

    def discard(self, entry: ParsedFile) -> None:
        """A parsed file that is not stored (left out, or already stored under the same SHA-256): its records'
        figures are in its chunk's gains, so their kecamatan are recomputed rather than added to."""
        for row in entry.rows:
            self.dirty.add((row[0], row[1][:6]))

    def add_gains(self, gains: Gains) -> None:
        """What a chunk's records add to the totals (used where every record stayed a fresh TPS's)."""
        merge_gains(self.gains, gains)

    def add_file_row(self, sha256: str, path: str, kind: str, file_hash: bytes = b"", position: int = 0) -> None:
        """A file without TPS records (a list or aggregate file)."""
        self._file(sha256, path, kind, file_hash, position)

    def _file(self, sha256: str, path: str, kind: str, file_hash: bytes, position: int) -> _File:
        self._files.append((sha256, self.snapshot_id, path, kind))
        state = _File(position, len(self._file_hashes) // _HASH, len(self._record_hashes) // _HASH)
        self._file_hashes += file_hash or fast_row_hash(file_digest_values(sha256, self.snapshot_id, path, kind))
        self.files[sha256] = state
        return state

    def flush(self) -> None:
        """Write what is buffered (the importer calls it after each chunk), with the counting rows of the TPS
        seen for the first time."""
        if self._files:
            insert_chunked(self.conn, FILE_TABLE, _FILE_COLUMNS, self._files)
            self._files = []
        if not self._records:
            return
        insert_chunked(self.conn, RECORD_TABLE, _INSERT_COLUMNS, self._records)
        self._records = []
        if not self._fresh:
            return
        rows = []
        last = self._last_id
        for record_id, ballot, tps, ts in self.conn.execute(
            select(SirekapRecordRow.id, SirekapRecordRow.ballot, SirekapRecordRow.tps, SirekapRecordRow.ts).where(
                SirekapRecordRow.snapshot_id == self.snapshot_id, SirekapRecordRow.id > self._last_id)
        ):
            last = max(last, int(record_id))
            fresh = self._fresh.get((ballot, tps, ts or ""))
            if fresh is not None:
                rows.append((ballot, tps, tps[:6], int(record_id), *fresh))
                self.covered.add((ballot, tps[:6]))
        self._last_id = last
        self._fresh = {}
        insert_chunked(self.conn, derived.CURRENT, _CURRENT_COLUMNS, rows)

    def _add(self, counts: Counts, sign: int = 1) -> None:
        self.totals.added += sign * counts.added
        self.totals.superseding += sign * counts.superseding
        self.totals.changed += sign * counts.changed
        self.totals.history += sign * counts.history
        self.totals.same += sign * counts.same

    def _conflict(self, entry: ParsedFile) -> str | None:
        """The same (ballot, TPS, ts) with other figures in this import: this file and the other are left out."""
        for row, digest in zip(entry.rows, entry.digests, strict=True):
            key = f"{row[0]}|{row[1]}|{row[2] or ''}"
            held = self.batch.get(key)
            if held is None or _digest(held) == digest:
                continue
            when = f"ts {row[2]}" if row[2] else "tanpa ts"
            text = (f"TPS {row[1]} ({row[0]}, {when}) muncul lebih dari sekali dalam impor ini dengan angka berbeda; "
                    "berkas yang memuatnya tidak diimpor (juga {other})")
            if held.startswith("!"):  # the other file was left out already
                return text.format(other=self._left_paths.get(key, "berkas lain"))
            self.flush()
            other_sha, other_path = self.conn.execute(
                select(SirekapRecordRow.file_sha256, SirekapRecordRow.source).where(
                    SirekapRecordRow.snapshot_id == self.snapshot_id, SirekapRecordRow.ballot == row[0],
                    SirekapRecordRow.tps == row[1],
                    SirekapRecordRow.ts.is_(None) if row[2] is None else SirekapRecordRow.ts == row[2])
            ).one()
            if other_sha == entry.sha256:
                continue
            self._take_out(other_sha, other_path)
            self.left_out[other_sha] = (other_path, text.format(other=entry.path))
            return text.format(other=other_path)
        return None

    def _take_out(self, sha256: str, path: str) -> None:
        """A file written earlier in this import is left out after all: its rows go, its TPS are recomputed."""
        self.flush()
        rows = self.conn.execute(
            select(SirekapRecordRow.ballot, SirekapRecordRow.tps, SirekapRecordRow.ts).where(
                SirekapRecordRow.snapshot_id == self.snapshot_id, SirekapRecordRow.file_sha256 == sha256)
        ).all()
        self.conn.execute(delete(SirekapRecordRow).where(
            SirekapRecordRow.snapshot_id == self.snapshot_id, SirekapRecordRow.file_sha256 == sha256))
        self.conn.execute(delete(SirekapFileRow).where(SirekapFileRow.sha256 == sha256))
        # SQLite gives the next row the highest id + 1 again: new rows are found from here on
        self._last_id = int(self.conn.execute(
            select(func.coalesce(func.max(SirekapRecordRow.id), 0))).scalar_one())
        for ballot, code, ts in rows:
            key = f"{ballot}|{code}|{ts or ''}"
            held = self.batch.get(key)
            if held is not None and not held.startswith("!"):
                # a later file with these figures may still be stored; one with other figures conflicts too
                self.batch[key] = "!" + held
                self._left_paths[key] = path
            self._demote((ballot, code))
        state = self.files.get(sha256)
        if state is not None:
            self._gone.append((state.rows_at, state.rows_n))
            self._gone_files.add(state.file_at)
            counts = state.counts or (1, 0, 0, 0, 0)
            self._add(Counts(*counts), -1)
        gone = {(ballot, code) for ballot, code, _ts in rows}
        self.anomalies = [a for a in self.anomalies if (a.ballot, a.tps) not in gone]

    def _demote(self, tps_key: tuple[str, str]) -> None:
        self.others.add(tps_key)
        self.dirty.add((tps_key[0], tps_key[1][:6]))

    # ----------------------------------------------------------------- records
    def _stored_of(self, ballot: str) -> _Stored:
        """What was stored before this import for ``ballot``. Only one ballot's is held: sources are walked in
        path order, so a ballot's records come together (pemilu/hhcw/<ballot>/…); when the walk moves on to another
        ballot the previous one's is dropped, and read again should that ballot come back (another source)."""
        stored = self._stored.get(ballot)
        if stored is None:
            self._stored.clear()
            stored = self._stored[ballot] = _Stored()
            for tps, ts, record_id in self.conn.execute(
                select(SirekapRecordRow.tps, SirekapRecordRow.ts, SirekapRecordRow.id).where(
                    SirekapRecordRow.ballot == ballot, SirekapRecordRow.snapshot_id != self.snapshot_id)
            ):
                stored.stamps.setdefault(tps, []).append((ts or "", int(record_id)))
            for tps, ts, digest in self.conn.execute(
                select(SirekapCurrentRow.tps, SirekapCurrentRow.ts, SirekapCurrentRow.figures_hash)
                .join(SirekapRecordRow, SirekapRecordRow.id == SirekapCurrentRow.record_id)
                .where(SirekapCurrentRow.ballot == ballot, SirekapRecordRow.snapshot_id != self.snapshot_id)
            ):  # the counting records stored before this import (its own fresh TPS rows are not among them)
                stored.counting[tps] = (ts or "", digest)
            for (tps,) in self.conn.execute(
                select(SirekapCurrentRow.tps)
                .outerjoin(SirekapRecordRow, and_(
                    SirekapRecordRow.id == SirekapCurrentRow.record_id, SirekapRecordRow.tps == SirekapCurrentRow.tps,
                    SirekapRecordRow.snapshot_id != self.snapshot_id))
                .where(SirekapCurrentRow.ballot == ballot, SirekapRecordRow.id.is_(None))
            ):  # marks have such rows; so do this import's own TPS whose file was taken out again
                if (ballot, tps) not in self._marked and f"{ballot}|{tps}" not in self._seen_tps:
                    stored.unbacked.add(tps)
        return stored

    def _same_as_stored(self, ballot: str, tps: str, stamp: str, digest: str, stored: _Stored) -> bool:
        ids = [record_id for ts, record_id in stored.stamps.get(tps, ()) if ts == stamp]
        if not ids:
            return False
        return any(f.figures_hash == digest for f in derived.load_facts(self.conn, ids).values())

    def _take(self, row: Row, digest: str, rules: str, counts: Counts) -> bool:
        """Whether to store the row; bookkeeping of counts and of the derived tables."""
        ballot, tps, ts = row[0], row[1], row[2]
        stamp = ts or ""
        key = f"{ballot}|{tps}|{stamp}"
        held = self.batch.get(key)
        if held is not None and not held.startswith("!"):
            counts.same += 1  # identical figures in this import (conflicts were left out before)
            self.dirty.add((ballot, tps[:6]))  # its figures are in the chunk's gains: recompute instead
            return False
        stored = self._stored_of(ballot)
        if stored.stamps.get(tps) and self._same_as_stored(ballot, tps, stamp, digest, stored):
            counts.same += 1
            self.dirty.add((ballot, tps[:6]))
            return False
        self.batch[key] = f"{digest}/{int(row[4]) * 2 + int(row[5])}{rules}"
        counts.added += 1
        self.desa.add(tps[:10])
        tps_key = (ballot, tps)
        seen = f"{ballot}|{tps}"
        counting = stored.counting.get(tps)
        if tps in stored.unbacked and not stored.stamps.get(tps):
            self.unbacked.add(tps_key)
            self._demote(tps_key)
        elif counting is not None:
            if stamp >= counting[0]:
                counts.superseding += 1
                if counting[1] != digest:
                    counts.changed += 1
            else:
                counts.history += 1
            self._demote(tps_key)
        elif seen in self._seen_tps or stored.stamps.get(tps) or tps_key in self._marked \
                or (status_of_psu(row[3]) or TpsStatus.PSU) is not TpsStatus.NORMAL:
            self._demote(tps_key)
        else:
            self._fresh[(ballot, tps, stamp)] = (TpsStatus.NORMAL.value, "", ts, row[4], row[5], digest, rules)
        self._seen_tps.add(seen)
        return True

    # ----------------------------------------------------------------- end
    def finish(self) -> None:
        """Complete the derived tables for everything this import wrote."""
        self.flush()
        if not self.batch:
            return
        # what only the streaming needed goes before the derived tables are made (the import's peak memory)
        self._stored.clear()
        self._seen_tps.clear()
        if self.unbacked:  # the guard below would not see them (compared only up to before_id) or they collide
            raise guard.DerivedTampered([
                f"Sirekap turunan: TPS {tps} ({ballot}): ada di tabel rekaman yang dihitung tanpa rekaman atau tanda "
                "status (ditambah di luar aplikasi)" for ballot, tps in sorted(self.unbacked)])
        others: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for key in self.others:
            others.setdefault((key[0], key[1][:6]), []).append(key)
        for ballot, kecamatan in sorted(self.dirty):  # one kecamatan at a time: memory stays bounded
            touched = others.get((ballot, kecamatan))
            # what is about to be recomputed must be what the records said before this import: otherwise refused
            # (the whole import rolls back) and kept as evidence (rekap_desktop.sirekap.guard)
            decoded: dict[int, derived.RecordFacts] = {}
            guard.refuse_if_tampered(self.conn, totals=[(ballot, kecamatan)], tps=touched or (),
                                     before_id=self.before_id, decoded=decoded)
            if touched:
                derived.refresh(self.conn, sorted(touched), totals=False, known=self._known(ballot, kecamatan))
            derived.recompute_kecamatan(self.conn, ballot, kecamatan, decoded)  # decoding only what is new
        gains = {
            (ballot, kecamatan, figure_key): derived.Acc(acc[0], acc[1], acc[2], acc[3])
            for (ballot, kecamatan), shapes in self.gains.items()
            if (ballot, kecamatan) not in self.dirty
            for figure_key, acc in gains_per_key(shapes).items()
        }
        # a ts bound that moves (or a stored figure that is no whole number) would erase what is stored: checked
        derived.add_gains(self.conn, gains, check=lambda pairs: guard.refuse_if_tampered(
            self.conn, totals=pairs, tps=(), before_id=self.before_id))
        coverage.refresh(self.conn, self.covered | self.dirty | set(others))

    def _known(self, ballot: str, kecamatan: str) -> dict[int, derived.RecordFacts]:
        """What the counting rows need of this import's records in one kecamatan (digest, anomaly rules, flags), as
        the worker found them: not decoded again. The figures are left empty (the totals are recomputed)."""
        known: dict[int, derived.RecordFacts] = {}
        for record_id, tps, ts in self.conn.execute(
            select(SirekapRecordRow.id, SirekapRecordRow.tps, SirekapRecordRow.ts).where(
                SirekapRecordRow.snapshot_id == self.snapshot_id, SirekapRecordRow.ballot == ballot,
                *derived.prefix_range(SirekapRecordRow.tps, kecamatan))
        ):
            held = self.batch.get(f"{ballot}|{tps}|{ts or ''}")
            if held is None or held.startswith("!"):
                continue
            digest, rest = held.split("/", 1)
            flags = int(rest[0])
            known[int(record_id)] = derived.RecordFacts(ts, {}, {}, bool(flags & 2), bool(flags & 1), digest, rest[1:])
        return known

    def ts_range(self) -> tuple[str | None, str | None]:
        low, high = self.conn.execute(
            select(func.min(SirekapRecordRow.ts), func.max(SirekapRecordRow.ts)).where(
                SirekapRecordRow.snapshot_id == self.snapshot_id)
        ).one()
        return low, high

    def snapshot_digest(self) -> str:
        """:func:`rekap_desktop.state_digest.snapshot_digest` of this import, from the rows as written (the
        snapshot row and the few aggregate rows are read back). Call after the snapshot row got its counts."""
        snapshot = SirekapSnapshotRow.__table__
        row = self.conn.execute(select(snapshot).where(snapshot.c.id == self.snapshot_id)).one()
        aggregate: Table = SirekapAggregateRow.__table__  # type: ignore[assignment]
        columns = [aggregate.c[name] for name in digest_columns(SirekapAggregateRow)]
        aggregates = combine(row_hash(tuple(r)) for r in self.conn.execute(
            select(*columns).where(aggregate.c.snapshot_id == self.snapshot_id)))
        gone = {i for start, count in self._gone for i in range(start, start + count)}
        records = (bytes(self._record_hashes[i * _HASH:(i + 1) * _HASH])
                   for i in range(len(self._record_hashes) // _HASH) if i not in gone)
        files = (bytes(self._file_hashes[i * _HASH:(i + 1) * _HASH])
                 for i in range(len(self._file_hashes) // _HASH) if i not in self._gone_files)
        parts = [
            f"sirekap_snapshot:{row_hash(tuple(row)).hex()}",
            f"sirekap_file:{combine(files)}",
            f"sirekap_record:{combine(records)}",
            f"sirekap_aggregate:{aggregates}",
        ]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()
