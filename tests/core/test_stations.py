"""Several stations on one database (issue 11), with real processes: contended edits keep the audit chain
truthful, no edit lands after penetapan, stale edits are refused, waits are bounded, changes and cursors travel.
Every test runs on an SQLite file and on the PostgreSQL server."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from rekap_desktop.db import EngineOptions, WalCheckpointer
from rekap_desktop.live import ChangeFeed, Cursor, CursorPublisher, Watcher, read_cursors, write_cursor
from rekap_desktop.services import (
    BusyError,
    KecamatanStatus,
    LockedError,
    RecapService,
    StaleEditError,
)

ROOT = Path(__file__).resolve().parents[2]

WORKER = textwrap.dedent("""
    import json, sys
    from rekap_desktop.services import RecapService, StorageError, LockedError
    db, station, mode, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    svc = RecapService.open(db, actor=f"operator {station}", station=station, create=False)
    errors, refused, done = [], 0, 0
    print("ready", flush=True)
    sys.stdin.readline()  # both workers start together
    for i in range(n):
        try:
            if mode == "contend":
                value = None if i % 7 == 3 else (1000 if station == "A" else 2000) + i
                svc.set_entry("ppwp", "IV.1", "352701", value)
                svc.set_entry("ppwp", "IV.2", "352701", i)
            elif mode == "edit-until-locked":
                import time; time.sleep(0.002)  # an operator's pace, fast; a writer in a tight loop starves SQLite's
                svc.set_entry("ppwp", "IV.3", "352702", i)  # busy handler of the other process, not our rule
            elif mode == "penetapan":
                import time; time.sleep(0.002 * i)
                from rekap_desktop.services import KecamatanStatus
                svc.set_status("ppwp", "352702", KecamatanStatus.DITETAPKAN)
                break
            done += 1
        except LockedError:
            refused += 1
        except StorageError as exc:
            errors.append(str(exc))
        except Exception as exc:  # a raw database error must never surface
            errors.append(f"MENTAH {type(exc).__name__}: {exc}")
    print(json.dumps({"done": done, "refused": refused, "errors": errors[:5], "n_errors": len(errors)}))
""")


def _run_workers(db: str, jobs: list[tuple[str, str, int]]) -> list[dict]:
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, db, station, mode, str(n)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for station, mode, n in jobs]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready", p.stderr.read() if p.stderr else ""
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def _events_of_cell(service: RecapService, line: str, kec: str) -> list[tuple[int, int | None, int | None, str]]:
    with service.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT id, old_value, new_value, station FROM audit_event WHERE action = 'entry.set' "
            "AND contest = 'ppwp' AND line = :l AND kecamatan = :k ORDER BY id"), {"l": line, "k": kec})]


def test_two_processes_contending_on_one_cell_leave_a_truthful_chain(service: RecapService) -> None:
    """≥ 1000 contended edits per cell; set and clear interleaved; every event's old is the previous new."""
    results = _run_workers(service.url if "://" in service.url else str(service.url),
                           [("A", "contend", 520), ("B", "contend", 520)])
    assert [r["n_errors"] for r in results] == [0, 0], results
    for line in ("IV.1", "IV.2"):
        events = _events_of_cell(service, line, "352701")
        assert len(events) == 1040
        previous = None
        for _, old, new, _station in events:
            assert old == previous  # nobody's overwrite is hidden
            previous = new
        assert {s for *_, s in events} == {"A", "B"}
    assert service.verify_audit().ok
    final = service.load_sheet("ppwp").value("IV.1", "352701")
    assert final == _events_of_cell(service, "IV.1", "352701")[-1][2]


def test_no_edit_lands_after_penetapan_without_the_correction_path(service: RecapService) -> None:
    for trial in range(3):
        if trial:
            kid = service.add_keberatan("ppwp", description=f"uji {trial}", kecamatan="352702")
            service.set_status("ppwp", "352702", KecamatanStatus.DIBACAKAN, reason="uji ulang", keberatan_id=kid)
        results = _run_workers(service.url, [("A", "edit-until-locked", 400), ("B", "penetapan", 1 + trial)])
        assert results[0]["n_errors"] == 0 and results[0]["refused"] > 0, results
        with service.engine.connect() as conn:
            locked_at = conn.execute(text(
                "SELECT max(id) FROM audit_event WHERE action = 'status.set' AND kecamatan = '352702'"
            )).scalar_one()
            late = conn.execute(text(
                "SELECT count(*) FROM audit_event WHERE action = 'entry.set' AND kecamatan = '352702' "
                f"AND id > {locked_at} AND payload NOT LIKE '%keberatan%'"
            )).scalar_one()
        assert late == 0
    assert service.verify_audit().ok


def test_a_stale_edit_is_refused_naming_who_changed_it(service: RecapService, db_url: str) -> None:
    other = RecapService.open(db_url, actor="Operator Dua", station="laptop-2")
    service.set_entry("ppwp", "IV.1", "352701", 5)
    seen = service.load_sheet("ppwp").value("IV.1", "352701")
    other.set_entry("ppwp", "IV.1", "352701", 7)
    with pytest.raises(StaleEditError) as exc:
        service.set_entry("ppwp", "IV.1", "352701", 6, expected=seen)
    assert exc.value.current == 7 and exc.value.station == "laptop-2"
    assert "diubah oleh Operator Dua (stasiun laptop-2) menjadi 7" in str(exc.value)
    assert service.load_sheet("ppwp").value("IV.1", "352701") == 7  # nothing written
    service.set_entry("ppwp", "IV.1", "352701", 6, expected=7)  # based on the fresh value: accepted
    with pytest.raises(StaleEditError):
        service.set_entries("ppwp", [("IV.1", "352701", 9), ("IV.2", "352701", 1)],
                            expected={("IV.1", "352701"): 7, ("IV.2", "352701"): None})
    assert service.load_sheet("ppwp").value("IV.2", "352701") is None  # the block is all or nothing
    other.close()


def test_a_held_lock_is_a_bounded_wait_that_names_the_holder(service: RecapService, db_url: str) -> None:
    quick = RecapService.open(db_url, actor="Operator Cepat", station="laptop-cepat",
                              options=EngineOptions(lock_wait_ms=200))
    holder = RecapService.open(db_url, actor="Penahan", station="pc-penahan")
    with holder.engine.connect() as conn:
        conn.execution_options(rekap_write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT last_id FROM chain_head WHERE id = 1 FOR UPDATE"))
            else:
                conn.execute(text("UPDATE setting SET value = value WHERE key = 'x'"))  # BEGIN IMMEDIATE holds it
            started = time.perf_counter()
            with pytest.raises(BusyError) as exc:
                quick.set_entry("ppwp", "IV.1", "352701", 1)
            waited = time.perf_counter() - started
    assert waited < 2.0  # bounded: never a frozen window
    assert "basis data sibuk" in str(exc.value)
    if quick.engine.dialect.name == "postgresql":
        assert "pc-penahan" in str(exc.value) and "Penahan" in str(exc.value)
    quick.set_entry("ppwp", "IV.1", "352701", 1)  # the lock is gone: it goes through
    quick.close()
    holder.close()


def test_changes_and_cursors_travel_between_stations(service: RecapService, db_url: str) -> None:
    other = RecapService.open(db_url, actor="Operator Dua", station="laptop-2")
    feed = ChangeFeed(service.engine)
    woke = threading.Event()
    channels: list[str] = []

    def on_change(channel: str) -> None:
        channels.append(channel)
        if channel == "audit":
            woke.set()

    watcher = Watcher(service.engine, on_change).start()
    try:
        time.sleep(0.3)  # connected
        woke.clear()
        other.set_entry("ppwp", "IV.1", "352701", 42)
        assert woke.wait(5.0)
        (change,) = feed.fetch()
        assert (change.action, change.line, change.kecamatan, change.new_value, change.station, change.actor) == (
            "entry.set", "IV.1", "352701", 42, "laptop-2", "Operator Dua")
        assert feed.fetch() == []
        other.set_status("ppwp", "352701", KecamatanStatus.DIBACAKAN)
        assert [c.kind for c in _fetch_soon(feed)] == ["status"]
        publisher = CursorPublisher(other.engine)
        publisher.publish(Cursor("laptop-2", "Operator Dua", "operator", "ppwp", "352703", "V.A"))
        publisher.flush()
        publisher.stop()
        (cursor,) = read_cursors(service.engine)
        assert (cursor.station, cursor.contest, cursor.kecamatan, cursor.line) == ("laptop-2", "ppwp", "352703",
                                                                                   "V.A")
        write_cursor(service.engine, Cursor(service.station, "uji", "operator", "ppwp", "352701", "I.A.L"))
        assert read_cursors(service.engine)[0].station == service.station  # the most recent first
    finally:
        watcher.stop()
        other.close()


def _fetch_soon(feed: ChangeFeed, timeout: float = 5.0) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = feed.fetch()
        if found:
            return found
        time.sleep(0.05)
    return []


def test_the_wal_checkpoint_runs_off_the_edit_path(tmp_path: Path) -> None:
    from tests.core.refdata import small_reference

    path = tmp_path / "wal.sqlite"
    svc = RecapService.open(path, actor="uji", options=EngineOptions(wal_autocheckpoint=False))
    svc.store_reference(small_reference())
    for i in range(1200):  # beyond SQLite's automatic checkpoint of 1000 pages
        svc.set_entry("ppwp", "IV.1", "352701", i)
    checkpointer = WalCheckpointer(svc.engine)
    _busy, wal_pages, done = checkpointer.checkpoint("PASSIVE") or (0, 0, 0)
    assert wal_pages > 1000 and done == wal_pages  # no commit checkpointed: the checkpointer did it all
    checkpointer.stop()
    svc.close()


def test_a_second_locked_kecamatan_edit_is_refused_not_lost(service: RecapService) -> None:
    service.set_status("ppwp", "352703", KecamatanStatus.DITETAPKAN)
    with pytest.raises(LockedError):
        service.set_entry("ppwp", "IV.1", "352703", 3, expected=None)


def test_the_cursor_publisher_writes_on_a_connection_of_its_own(service: RecapService) -> None:
    """Issue 16: the publisher opens its connection when it starts, not at the operator's first move (opening one
    runs connect hooks in Python that held the interpreter lock for tens of milliseconds in the middle of typing),
    and writes every later cursor on it. On SQLite that connection skips the fsync (a cursor is no figure): the
    setting must never reach a pooled connection, or an edit would commit without it."""
    from sqlalchemy import event

    checkouts: list[int] = []

    def on_checkout(*_args: object) -> None:
        checkouts.append(1)

    publisher = CursorPublisher(service.engine, debounce=0.0)
    try:
        assert publisher.ready.wait(5.0)
        event.listen(service.engine.pool, "checkout", on_checkout)
        for i in range(5):
            publisher.publish(Cursor(service.station, "uji", "operator", "ppwp", "352701", f"IV.{i + 1}"))
            publisher.flush()
        assert (publisher.written, publisher.failures, publisher.connections) == (5, 0, 1)
        event.remove(service.engine.pool, "checkout", on_checkout)
        assert checkouts == []  # no connection taken from the pool for a write
    finally:
        publisher.stop()
    assert read_cursors(service.engine)[0].line == "IV.5"
    if service.engine.dialect.name == "sqlite":
        pooled = [service.engine.connect() for _ in range(service.engine.pool.checkedin() + 1)]
        try:
            assert [c.exec_driver_sql("PRAGMA synchronous").scalar() for c in pooled] == [2] * len(pooled)  # FULL
        finally:
            for c in pooled:
                c.close()
    service.set_entry("ppwp", "IV.1", "352701", 7)  # and edits still commit
