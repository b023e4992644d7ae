"""Edit → projector repainted, on the largest synthetic contest (DESIGN §4, §11).

A SheetModel with an in-memory committer (no database: the durable commit is measured by bench_core) and the
projector window on the same model, full HD, offscreen. Each sample is one edit from ``SheetModel.setData`` until
the projector's viewport has repainted (``processEvents`` delivers the update; a paint counter checks that it
did). Two scenarios:

- ``edit``: the operator edits a row visible on the projector (the hot path: one row repaints);
- ``edit_follow``: the edit plus the cursor moving to the next row (Enter), which the projector follows by
  scrolling and centring that row (the whole viewport repaints).

Budget: p95 ≤ 16 ms (one frame) for both. Run: python -m benchmarks.bench_projector
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import random
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication

from benchmarks.common import emit, filled_sheet, largest_contest, percentiles
from rekap_desktop.sheet import RecapSheet, SirekapFigure
from ui.projector_window import ProjectorWindow
from ui.sheet_model import SheetModel

BUDGET_MS = 16.0


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0
        self.area = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
            r = event.rect()  # type: ignore[attr-defined]
            self.area += r.width() * r.height()
        return False


def add_sirekap(sheet: RecapSheet, rng: random.Random) -> None:
    """Complete Sirekap figures for every line that has one, a few of them off by a little."""
    figures = {}
    for line in sheet.catalogue.lines:
        if not line.has_sirekap:
            continue
        for code in sheet.columns:
            value = sheet.value(line.id, code)
            if value is None:
                continue
            off = rng.choice((0, 0, 0, 0, 3, -2))
            figures[(line.id, code)] = SirekapFigure(max(value + off, 0), 375, 375)
    sheet.set_sirekap(figures)


def run(edits: int = 600, size: tuple[int, int] = (1920, 1080)) -> dict[str, object]:
    app = QApplication.instance() or QApplication([])
    rng = random.Random(11)
    contest = largest_contest()
    sheet = filled_sheet(contest)
    add_sirekap(sheet, rng)
    model = SheetModel(sheet, lambda *args: None)
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "bench.ini"), QSettings.Format.IniFormat)
        window = ProjectorWindow(model, kabupaten="SINTETIS", settings=settings)
        window.resize(*size)
        window.show()
        kec = contest.kecamatan_codes[len(contest.kecamatan_codes) // 2]
        lines = [li.id for li in sheet.catalogue.lines]
        window.setCurrentKecamatan(kec)
        window.setCurrentLine(lines[len(lines) // 2])
        for _ in range(5):
            app.processEvents()
        view = window.view()
        counter = PaintCounter()
        view.viewport().installEventFilter(counter)
        proxy = window.projector_model()
        resets = []
        proxy.modelReset.connect(lambda: resets.append(1))

        def visible_lines() -> list[str]:
            top, bottom = view.rowAt(0), view.rowAt(view.viewport().height() - 1)
            bottom = bottom if bottom >= 0 else proxy.rowCount() - 1
            return [line for row in range(top, bottom + 1) if (line := proxy.line_at(row))]

        # warm-up
        for line in visible_lines()[:20]:
            model.setData(model.index_of(line, kec), rng.randint(0, 5000))
            app.processEvents()

        samples_edit: list[float] = []
        unpainted = 0
        delegate = view.delegate()
        spot = window.spotlight()
        cells_before, spots_before = delegate.painted, spot.paints
        shown = visible_lines()
        viewport_area = view.viewport().width() * view.viewport().height()
        area_before = counter.area
        for _ in range(edits):
            line = rng.choice(shown)
            index = model.index_of(line, kec)
            value = rng.randint(0, 5000)
            if value == sheet.value(line, kec):
                value += 1
            before = counter.paints
            t0 = time.perf_counter()
            model.setData(index, value)
            app.processEvents()
            samples_edit.append(time.perf_counter() - t0)
            unpainted += counter.paints == before
        area_per_edit = (counter.area - area_before) / edits / viewport_area
        cells_per_edit = (delegate.painted - cells_before) / edits
        spot_paints_per_edit = (spot.paints - spots_before) / edits

        samples_follow: list[float] = []
        position = lines.index(window.currentLine() or lines[0])
        for _ in range(edits):
            line = lines[position]
            value = rng.randint(0, 5000)
            if value == sheet.value(line, kec):
                value += 1
            before = counter.paints
            t0 = time.perf_counter()
            model.setData(model.index_of(line, kec), value)
            position = (position + 1) % len(lines)
            window.setCurrentLine(lines[position])  # Enter: the cursor moves down, the projector follows
            app.processEvents()
            samples_follow.append(time.perf_counter() - t0)
            unpainted += counter.paints == before
        window.hide()
        window.deleteLater()
        app.processEvents()
    return {
        "lines": len(lines),
        "kecamatan": len(contest.kecamatan),
        "window": f"{size[0]}x{size[1]}",
        "edit": percentiles(samples_edit),
        "edit_follow": percentiles(samples_follow),
        "repainted_area_per_edit": round(area_per_edit, 4),
        "cells_painted_per_edit": round(cells_per_edit, 2),
        "spotlight_paints_per_edit": round(spot_paints_per_edit, 3),
        "edits_without_repaint": unpainted,
        "model_resets": len(resets),
    }


def main() -> None:
    result = run()
    edit, follow = result["edit"], result["edit_follow"]
    assert isinstance(edit, dict) and isinstance(follow, dict)
    print(f"Proyektor, {result['lines']} baris × {result['kecamatan']} kecamatan, jendela {result['window']} "
          f"(offscreen): setData → viewport proyektor tergambar ulang")
    print(f"  sunting baris yang tampak: p50 {edit['p50_ms']:.3f} ms, p95 {edit['p95_ms']:.3f} ms "
          f"(bagian viewport digambar ulang per sunting: {result['repainted_area_per_edit']:.1%}; "
          f"sel tergambar per sunting: {result['cells_painted_per_edit']}; "
          f"sorotan digambar per sunting: {result['spotlight_paints_per_edit']})")
    print(f"  sunting + kursor turun (proyektor menggulir): p50 {follow['p50_ms']:.3f} ms, "
          f"p95 {follow['p95_ms']:.3f} ms")
    print(f"  anggaran p95 ≤ {BUDGET_MS:g} ms; reset model: {result['model_resets']}; "
          f"sunting tanpa gambar ulang: {result['edits_without_repaint']}")
    ok = (edit["p95_ms"] <= BUDGET_MS and follow["p95_ms"] <= BUDGET_MS and result["model_resets"] == 0
          and result["edits_without_repaint"] == 0)
    emit({"benchmark": "projector", **result, "budget_p95_ms": BUDGET_MS, "budget_ok": ok})


if __name__ == "__main__":
    main()
