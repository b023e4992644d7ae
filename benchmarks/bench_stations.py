"""Station to station: from a commit on station B to the repaint of that cell on station A (DESIGN §14, §11).

Two processes on one database. B (an operator) commits N edits of one contest at a human pace; A (another
operator's window, offscreen) listens (PostgreSQL LISTEN/NOTIFY; SQLite ``PRAGMA data_version``), fetches the
new audit events, applies them to its sheet model and repaints the grid. Each process stamps its side with
``time.perf_counter()`` (CLOCK_MONOTONIC on Linux: one clock for every process of the machine); the latency of
an edit is A's repaint stamp minus B's commit stamp. Budget: within 1 s (issue 11); goal p95 ≤ 300 ms.

Run: python -m benchmarks.bench_stations [--pg URL] [--n 200]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from benchmarks.common import emit, percentiles

ROOT = Path(__file__).resolve().parents[1]

LISTENER = textwrap.dedent("""
    import json, os, sys, time
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from rekap_desktop.services import RecapService
    from ui.grid_view import GridView
    from ui.live import LiveLink
    from ui.sheet_model import SheetModel
    db, n = sys.argv[1], int(sys.argv[2])
    app = QApplication([])
    service = RecapService.open(db, actor="A", station="stasiun-A", create=False)
    model = SheetModel(service.load_sheet("ppwp"), lambda *a: None)
    view = GridView(model)
    view.resize(1600, 900)
    view.show()
    view.go_to_cell("IV.1", "352701")
    app.processEvents()
    seen = []
    def apply(changes):
        for ch in changes:
            if ch.action == "entry.set":
                model.apply_value(ch.line, ch.kecamatan, ch.new_value)
        view.viewport().repaint()
        now = time.perf_counter()
        for ch in changes:
            if ch.action == "entry.set":
                seen.append((ch.new_value, now))
        if len(seen) >= n:
            app.quit()
    link = LiveLink(service)
    link.changesArrived.connect(apply)
    link.start()
    print("ready", flush=True)
    QTimer.singleShot(120_000, app.quit)
    app.exec()
    link.stop()
    print(json.dumps(seen))
""")

WRITER = textwrap.dedent("""
    import json, random, sys, time
    from rekap_desktop.services import RecapService
    db, n = sys.argv[1], int(sys.argv[2])
    service = RecapService.open(db, actor="B", station="stasiun-B", create=False)
    rng = random.Random(5)
    stamps = []
    for i in range(n):
        value = 10_000 + i
        service.set_entry("ppwp", "IV.1", "352701", value)
        stamps.append((value, time.perf_counter()))
        time.sleep(rng.uniform(0.03, 0.08))  # an operator types a figure every few tens of milliseconds at most
    print(json.dumps(stamps))
""")


def measure(db: str, n: int) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    listener = subprocess.Popen([sys.executable, "-c", LISTENER, db, str(n)], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert listener.stdout is not None
    assert listener.stdout.readline().strip() == "ready"
    time.sleep(0.5)
    writer = subprocess.run([sys.executable, "-c", WRITER, db, str(n)], cwd=ROOT, env=env, capture_output=True,
                            text=True, check=True)
    out, err = listener.communicate(timeout=180)
    if listener.returncode != 0:
        raise RuntimeError(err)
    committed = {v: t for v, t in json.loads(writer.stdout.strip().splitlines()[-1])}
    painted = {v: t for v, t in json.loads(out.strip().splitlines()[-1])}
    latencies = [painted[v] - t for v, t in committed.items() if v in painted]
    result = percentiles(latencies)
    return {**result, "received": len(latencies), "sent": n}


def prepare(db: str) -> None:
    from rekap_desktop.services import RecapService
    from tests.core.refdata import small_reference

    service = RecapService.open(db, actor="bench")
    service.store_reference(small_reference())
    service.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default=os.environ.get("REKAP_TEST_PG_URL", ""))
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "stations.sqlite")
        prepare(db)
        results["sqlite"] = measure(db, args.n)
    if args.pg:
        import uuid

        from sqlalchemy import create_engine, text

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        engine = create_engine(args.pg)
        with engine.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        url = f"{args.pg}{'&' if '?' in args.pg else '?'}options=-csearch_path%3D{schema}"
        try:
            prepare(url)
            results["postgresql"] = measure(url, args.n)
        finally:
            with engine.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    for name, r in results.items():
        assert isinstance(r, dict)
        print(f"{name}: commit di stasiun B → sel digambar ulang di stasiun A: p50 {r['p50_ms']:.1f} ms, "
              f"p95 {r['p95_ms']:.1f} ms, maks {r['max_ms']:.1f} ms ({r['received']}/{r['sent']} edit)")
    sqlite = results["sqlite"]
    assert isinstance(sqlite, dict)
    flat = {"station_to_station_sqlite_p95_ms": sqlite["p95_ms"], "station_to_station_sqlite_p50_ms": sqlite["p50_ms"]}
    pg = results.get("postgresql")
    if isinstance(pg, dict):
        flat |= {"station_to_station_pg_p95_ms": pg["p95_ms"], "station_to_station_pg_p50_ms": pg["p50_ms"]}
    emit({"benchmark": "stations", **flat, "detail": results})


if __name__ == "__main__":
    main()
