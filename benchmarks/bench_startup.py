"""Start to first painted operator window with the demo database (budget ≤ 1.5 s), in fresh processes.

The demo database is built once beforehand (not timed). Each run is a new Python process: interpreter start,
imports, opening the database, loading the first contest, building the window, up to its first paint event.
Run: python -m benchmarks.bench_startup
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import emit
from rekap_desktop.demo import create_demo

CHILD = r"""
import os, sys, time, json
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from rekap_desktop.services import RecapService
from ui.main_window import MainWindow
app = QApplication([])
service = RecapService.open(sys.argv[1])
window = MainWindow(service)
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(json.dumps({"painted": time.time()}), flush=True)
            app.quit()
        return False
f = FirstPaint()
window.grid.viewport().installEventFilter(f)
window.resize(1400, 900)
window.show()
QTimer.singleShot(10000, app.quit)
app.exec()
"""


def main(runs: int = 5) -> None:
    samples = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite"
        create_demo(db)
        for _ in range(runs):
            start = time.time()
            out = subprocess.run([sys.executable, "-c", CHILD, str(db)], capture_output=True, text=True,
                                 cwd=Path(__file__).resolve().parents[1], timeout=60)
            painted = json.loads(out.stdout.strip().splitlines()[-1])["painted"]
            samples.append(painted - start)
    best, median = min(samples), sorted(samples)[len(samples) // 2]
    print(f"mulai sampai jendela operator tergambar (data demo): median {median:.2f} s, terbaik {best:.2f} s "
          f"(anggaran ≤ 1,5 s)")
    emit({"benchmark": "startup", "median_s": round(median, 3), "best_s": round(best, 3), "runs": runs,
          "budget_ok": median <= 1.5})


if __name__ == "__main__":
    main()
