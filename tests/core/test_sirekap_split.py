"""The import's work shared between the reading worker and the importer (sirekap.parsing): a chunk completed by
the worker (when the importer is behind) and one completed by the importer hold the same rows, digests, rules,
anomalies and gains as parsing in one go."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rekap_desktop.sirekap import parsing
from rekap_desktop.sirekap.parsing import Chunk, Finished, ParseContext, _completed, _worker, parse_item, produce
from rekap_desktop.sirekap.sources import SourceItem, iter_sources

from .test_sirekap_import import ADMIN, PPWP_CHART, tps_doc, write_tps

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
