"""Benchmark: one edit → committer → dataChanged → repaint, on the largest synthetic contest.

DPR contest, 40 kecamatan, 18 parties × 10 candidates (≈ 250 lines), every figure filled and Sirekap complete;
an in-memory committer (the durable SQLite commit is measured by the core benchmark, ~0.4 ms). Two views of the
same model are shown offscreen (the entry grid at 1600×900 and the focus view), as the operator and projector
windows will be, plus the findings dock (its list is updated on every edit that changes findings; the ±1 edits
break R11/R12, so the list grows to hundreds of findings). Times per edit, in ms:

  edit_repaint      setData (commit + sheet + dataChanged) + processEvents (granular repaint of both views)
  edit_only         setData alone
  full_repaint      setData + viewport().repaint() of both views (upper bound: whole viewports)
  reset_repaint     the forbidden path, for comparison: modelReset + repaint

    python -m benchmarks.bench_grid_edit [--edits 400]

The last line of the output is one JSON object (DESIGN §10).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest, Dapil, PartyBlock
from rekap_desktop.national import NATIONAL_PARTIES_2024
from rekap_desktop.participants import Candidate
from rekap_desktop.region import Level, Region
from rekap_desktop.sheet import RecapSheet, SirekapFigure
from rekap_desktop.synthesis import consistent_column
from ui.cell_delegate import CellDelegate
from ui.findings_panel import FindingsPanel
from ui.focus_model import FocusModel
from ui.grid_view import GridView
from ui.sheet_model import SheetModel


def largest_contest() -> Contest:
    kecamatan = tuple(Region(f"3599{i:02d}", f"KECAMATAN {i:02d}", Level.KECAMATAN, 150) for i in range(1, 41))
    parties = tuple(
        PartyBlock(p, tuple(Candidate(k, f"CALON {p.number}-{k}", p.number) for k in range(1, 11)))
        for p in NATIONAL_PARTIES_2024
    )
    return Contest(Ballot.PDPR, kecamatan, Dapil(Ballot.PDPR, "3599", "SINTETIS"), parties=parties)


def filled_sheet(contest: Contest) -> RecapSheet:
    sheet = RecapSheet(contest)
    rng = random.Random(7)
    manual = []
    figures = {}
    for region in contest.kecamatan:
        values = consistent_column(sheet.catalogue, rng, 38_000, region.tps_count or 150)
        for line in sheet.catalogue.lines:
            manual.append((line.id, region.code, values[line.id]))
            if line.has_sirekap:
                figures[(line.id, region.code)] = SirekapFigure(values[line.id], 150, 150)
    sheet.load_manual(manual)
    sheet.set_sirekap(figures)
    return sheet


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": round(statistics.median(ordered), 3),
        "p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 3),
        "max": round(ordered[-1], 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=400)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])

    contest = largest_contest()
    sheet = filled_sheet(contest)
    painted = [0]
    original_paint = CellDelegate.paint

    def counting_paint(self, painter, option, index):  # type: ignore[no-untyped-def]
        painted[0] += 1
        original_paint(self, painter, option, index)

    CellDelegate.paint = counting_paint  # type: ignore[method-assign]  # before any delegate exists

    model = SheetModel(sheet, lambda *a: None)
    grid = GridView(model)
    focus = GridView(FocusModel(model, contest.kecamatan[3].code))
    grid.resize(1600, 900)
    focus.resize(900, 900)
    findings = FindingsPanel(model)
    findings.resize(1200, 300)
    grid.show()
    focus.show()
    findings.show()
    for _ in range(3):
        app.processEvents()

    rng = random.Random(11)
    lines = [line.id for line in sheet.catalogue.lines]
    # the operator edits where the cursor is: a cell in view, here in the first rows/columns on screen
    grid.go_to_cell("IV.5.3", contest.kecamatan[3].code)
    app.processEvents()
    top = grid.rowAt(0)
    bottom = grid.rowAt(grid.viewport().height() - 1)
    left = grid.columnAt(0)
    right = grid.columnAt(grid.viewport().width() - 1)
    visible = [
        (lid, code)
        for lid in lines
        if top <= model.row_of(lid) <= bottom
        for code in contest.kecamatan_codes[left : right + 1]
    ]

    def edit(k: int) -> None:
        line, code = visible[k % len(visible)]
        value = (sheet.value(line, code) or 0) + rng.choice((1, -1)) if (sheet.value(line, code) or 0) > 0 else 1
        model.setData(model.index_of(line, code), str(value))

    results: dict[str, dict[str, float]] = {}
    for name in ("edit_only", "edit_repaint", "full_repaint"):
        samples = []
        painted[0] = 0
        for k in range(args.edits):
            t0 = time.perf_counter()
            edit(k)
            if name == "edit_repaint":
                app.processEvents()
            elif name == "full_repaint":
                grid.viewport().repaint()
                focus.viewport().repaint()
            samples.append((time.perf_counter() - t0) * 1000)
            if name == "edit_only":
                app.processEvents()  # outside the timing: keep the event queue short
        results[name] = percentiles(samples)
        if name != "edit_only":
            results[name]["cells_painted_per_edit"] = round(painted[0] / args.edits, 1)

    samples = []
    for k in range(min(30, args.edits)):
        t0 = time.perf_counter()
        edit(k)
        model.beginResetModel()
        model.endResetModel()
        app.processEvents()
        grid.viewport().repaint()
        samples.append((time.perf_counter() - t0) * 1000)
    results["reset_repaint"] = percentiles(samples)

    summary = {
        "benchmark": "grid_edit_repaint",
        "contest": {"kecamatan": len(contest.kecamatan), "lines": len(sheet.catalogue.lines),
                    "rows": len(sheet.catalogue.rows)},
        "edits": args.edits,
        "views": 2,
        "findings_at_end": len(sheet.all_findings()),
        "ms": results,
    }
    for name, r in results.items():
        print(f"{name:14s} p50 {r['p50']:7.3f} ms   p95 {r['p95']:7.3f} ms   max {r['max']:7.3f} ms")
    print(json.dumps(summary, ensure_ascii=False))
    grid.close()
    focus.close()
    findings.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
