"""The import's work shared between the reading worker and the importer (sirekap.parsing): a chunk completed by
the worker (when the importer is behind) and one completed by the importer hold the same rows, digests, rules,
anomalies and gains as parsing in one go."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, select

from rekap_desktop import audit
from rekap_desktop.services import RecapService
from rekap_desktop.sirekap import importer, parsing
from rekap_desktop.sirekap.importer import import_paths
from rekap_desktop.sirekap.parsing import Chunk, Finished, ParseContext, _completed, _worker, parse_item, produce
from rekap_desktop.sirekap.sources import SourceItem, iter_sources

from .refdata import small_reference
from .test_sirekap_import import ADMIN, PPWP_CHART, tps_doc, write_tps, zip_folder

CONTEXT = ParseContext("2024-03-01 12:00:00", 2024)


class _Queue:
    """What the worker writes to: ``full`` says whether the importer is behind."""

    def __init__(self, full: bool) -> None:
        self._full = full
        self.messages: list[Any] = []

    def full(self) -> bool:
        return self._full

    def put(self, message: Any) -> None:
        self.messages.append(message)


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "sirekap"
    bad = dict(ADMIN, suara_sah=ADMIN["suara_sah"] + 5)  # sah + tidak sah ≠ total: an anomaly with its rule
    for i in range(1, 13):
        write_tps(root, "ppwp", f"3527012001{i:03d}", tps_doc(admin=bad if i % 4 == 0 else ADMIN,
                                                              chart=PPWP_CHART))
    return root


def _flat(chunks: list[Any]) -> list[tuple[Any, ...]]:
    files = [f for c in chunks if isinstance(c, Chunk) for f in c.files]
    return [(f.path, f.rows, f.digests, f.rules, [(a.rule, a.tps) for a in f.anomalies], f.parts) for f in files]


def _gains(chunks: list[Any]) -> list[Any]:
    return [c.gains for c in chunks if isinstance(c, Chunk)]


def test_worker_or_importer_complete_a_chunk_alike(tmp_path: Path, monkeypatch) -> None:
    root = _folder(tmp_path)
    monkeypatch.setattr(parsing, "CHUNK_FILES", 5)  # several chunks
    expected_files = []
    gains: dict[Any, Any] = {}
    for position, item in enumerate((i for i in iter_sources([root]) if isinstance(i, SourceItem)), start=1):
        entry = parse_item(position, item, None, CONTEXT, gains)  # in one go, as the inline path always did
        expected_files.append(entry)
    assert any(f.rules != [""] for f in expected_files)  # the bad TPS carry their rule

    behind = _Queue(full=True)  # the importer is behind: the worker completes every chunk itself
    _worker(behind, [str(root)], None, CONTEXT, None, False, None)
    waiting = _Queue(full=False)  # the importer waits: chunks arrive with their records still to complete
    _worker(waiting, [str(root)], None, CONTEXT, None, False, None)
    assert isinstance(behind.messages[-1], Finished) and isinstance(waiting.messages[-1], Finished)
    assert all(f.parts == [] and f.rows for c in behind.messages[:-1] for f in c.files)
    assert all(f.parts and not f.rows for c in waiting.messages[:-1] for f in c.files)

    completed = [_completed(m) for m in waiting.messages]
    assert _flat(completed) == _flat(behind.messages)
    assert _gains(completed) == _gains(behind.messages)
    assert [(f.path, f.rows, f.digests, f.rules) for f in expected_files] == [
        (path, rows, digests, rules) for path, rows, digests, rules, *_ in _flat(completed)]
    merged: dict[Any, Any] = {}
    for chunk_gains in _gains(completed):
        parsing.merge_gains(merged, chunk_gains)
    assert merged == gains


def test_inline_reading_completes_every_chunk(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    raw = list(produce([root], None, CONTEXT, None))
    assert any(f.parts for c in raw if isinstance(c, Chunk) for f in c.files)  # produce leaves them
    read = list(parsing.read_chunks([root], None, CONTEXT, None, worker=False))
    assert all(f.rows and not f.parts for c in read if isinstance(c, Chunk) for f in c.files)


def _mixed_data(root: Path) -> list[Path]:
    for i in range(240):
        code = f"{('352701', '352702', '352703')[i % 3]}{2001 + i // 40:04d}{i % 40 + 1:03d}"
        admin, chart = dict(ADMIN), dict(PPWP_CHART)
        if i % 7 == 0:
            admin["suara_sah"] += 5
        if i % 11 == 0:
            chart["100025"] = 848
        extra = {"psu": "PSU"} if i % 31 == 0 else {}
        write_tps(root / "a", "ppwp", code, tps_doc(admin=None if i % 17 == 0 else admin, chart=chart,
                                                    ts=f"2024-02-1{5 + i % 5} 10:00:00", **extra))
        if i % 9 == 0:  # the same TPS, later, other figures; and a duplicate file
            write_tps(root / "b", "ppwp", code, tps_doc(chart=dict(PPWP_CHART, **{"100026": 7}),
                                                        ts="2024-02-25 10:00:00"))
            write_tps(root / "c", "ppwp", code, tps_doc(admin=admin, chart=chart,
                                                        ts=f"2024-02-1{5 + i % 5} 10:00:00", **extra))
    write_tps(root / "d", "ppwp", "3527039001001", tps_doc())  # a conflict
    write_tps(root / "e", "ppwp", "3527039001001", tps_doc(chart=dict(PPWP_CHART, **{"100025": 49})))
    rows = ["ballot,tps,line,value,ts"] + [
        f"ppwp,3527019{100 + i // 50:03d}{i % 50 + 1:03d},{line},{v},2024-02-16 10:00:00"
        for i in range(300) for line, v in (("IV.1", i), ("V.A", i + i % 3))]
    (root / "t").mkdir()
    (root / "t" / "big.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    zip_folder(root / "b", root / "b.zip")
    return [root / "a", root / "t", root / "b.zip", root / "c", root / "d", root / "e"]


def _import(db: Path, paths: list[Path], monkeypatch, mixed: bool) -> dict:
    monkeypatch.setattr(audit, "now_iso", lambda: "2024-03-01T00:00:00+00:00")
    monkeypatch.setattr(parsing, "CHUNK_FILES", 23)
    if mixed:
        def fake(paths, hint, context, url, *, survey=False, worker=None, snapshot_id=None):
            for n, message in enumerate(parsing.produce(paths, hint, context, url, survey, snapshot_id)):
                if n % 2:  # the importer is behind: the worker completes this one
                    message = parsing._completed(message)
                yield parsing._completed(pickle.loads(pickle.dumps(message)))
        monkeypatch.setattr(importer, "read_chunks", fake)
    svc = RecapService.open(db, actor="uji")
    svc.store_reference(small_reference())
    out = []
    for step in (paths, paths[:1], paths):
        s = import_paths(svc, step)
        out.append((s.records_added, s.records_superseding, s.records_changed, s.records_same, s.skipped,
                    [(a.rule, a.tps, a.message) for a in s.anomalies]))
        assert svc.verify_audit().ok
    md = MetaData()
    md.reflect(svc.engine)
    with svc.engine.connect() as conn:
        for name, table in sorted(md.tables.items()):
            out.append((name, sorted(json.dumps([str(v) for v in r]) for r in conn.execute(select(table)))))
    svc.close()
    monkeypatch.undo()
    return out


def test_mixed_worker_and_importer_completion_stores_the_same(tmp_path: Path, monkeypatch) -> None:
    """Chunks completed partly by the (pickled) worker and partly by the importer store exactly what the inline import
    stores — every table, anomalies in order, snapshot digests — over three imports (superseding, duplicates, a
    conflict, a large CSV, a zip). Found by an attack on the split; reversing one chunk's anomalies fails it."""
    paths = _mixed_data(tmp_path / "src")
    inline = _import(tmp_path / "inline.sqlite", paths, monkeypatch, mixed=False)
    mixed = _import(tmp_path / "mixed.sqlite", paths, monkeypatch, mixed=True)
    assert inline[0][0] > 500 and inline[0][5]
    for a, b in zip(inline, mixed, strict=True):
        assert a == b
