"""Edit → both views repainted, durable SQLite commit included (DESIGN §4 hot path, §11 first budget).

The largest contest (DPR, 40 kecamatan × 241 lines) stored in a real SQLite file; the operator's grid and the
projector window (1920×1080) on the same SheetModel, whose committer is RecapService.set_entry (one transaction:
entry + hash-chained audit event, WAL, synchronous=FULL). Each sample: SheetModel.setData → commit → ChangeSet →
dataChanged → processEvents (both viewports repaint the changed cells). Budget p95 ≤ 16 ms; aim ≤ 4 ms offscreen.
Run: python -m benchmarks.bench_edit_to_views
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import random
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from benchmarks.common import emit, largest_contest, percentiles
from rekap_desktop.national import NATIONAL_PARTIES_2024
from rekap_desktop.reference import CandidateSpec, DapilSpec, ReferenceData, RegionRecord
from rekap_desktop.services import RecapService
from rekap_desktop.synthesis import consistent_column
from ui.grid_view import GridView
from ui.projector_window import ProjectorWindow
from ui.sheet_model import SheetModel


def build(db: Path) -> RecapService:
    contest = largest_contest()
    assert contest.dapil is not None
    service = RecapService.open(db, actor="bench")
    regions = [RegionRecord("35", "JAWA TIMUR"), RegionRecord("3599", "SINTETIS")]
    regions += [RegionRecord(r.code, r.name, r.tps_count) for r in contest.kecamatan]
    service.store_reference(ReferenceData(
        regions=regions, parties=list(NATIONAL_PARTIES_2024),
        dapils=[DapilSpec(contest.dapil, contest.kecamatan_codes, tuple(b.party.number for b in contest.parties))],
        candidates=[CandidateSpec(contest.ballot, contest.dapil.code, c)
                    for b in contest.parties for c in b.candidates],
        settings={"kabupaten_kode": "3599", "kabupaten_nama": "SINTETIS"},
    ))
    key = service.contests()[0].key
    sheet = service.load_sheet(key)
    rng = random.Random(3)
    for kec in sheet.columns:
        col = consistent_column(sheet.catalogue, rng, 100_000, 375)
        service.set_entries(key, [(line, kec, v) for line, v in col.items()])
    return service


def main() -> None:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        service = build(Path(tmp) / "bench.sqlite")
        key = service.contests()[0].key
        sheet = service.load_sheet(key)
        model = SheetModel(sheet, lambda k, line, kec, v: service.set_entry(k, line, kec, v) and None)
        grid = GridView(model)
        grid.resize(1600, 900)
        grid.show()
        projector = ProjectorWindow(model, kabupaten="SINTETIS",
                                    settings=QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        projector.resize(1920, 1080)
        projector.showProjector()
        kec = sheet.columns[5]
        projector.setCurrentKecamatan(kec)
        app.processEvents()
        lines = [li.id for li in sheet.catalogue.lines][:20]  # rows visible on both screens
        rng = random.Random(8)
        samples = []
        for i in range(400):
            line = lines[i % len(lines)]
            projector.setCurrentLine(line)
            grid.go_to_cell(line, kec)
            app.processEvents()
            index = model.index_of(line, kec)
            t0 = time.perf_counter()
            model.setData(index, str(rng.randint(0, 9000)), Qt.ItemDataRole.EditRole)
            app.processEvents()
            samples.append(time.perf_counter() - t0)
        result = percentiles(samples)
        assert service.verify_audit().ok
        service.close()
    print(f"edit → commit SQLite → kedua tampilan digambar ulang: p50 {result['p50_ms']:.2f} ms, "
          f"p95 {result['p95_ms']:.2f} ms (anggaran ≤ 16 ms)")
    emit({"benchmark": "edit_to_views", **result, "budget_ok": result["p95_ms"] <= 16.0})


if __name__ == "__main__":
    main()
