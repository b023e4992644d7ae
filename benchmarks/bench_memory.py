"""Memory with the largest synthetic kabupaten open (DESIGN §11: ≤ 400 MB RSS).

Builds the synthetic kabupaten (40 kecamatan, ~15,000 TPS, every contest with figures and Sirekap data for
every TPS) through the same path as the demo, then opens the operator window and visits every contest (all
sheets loaded, grid, focus model, findings, projector). Reports the peak RSS of the process.
Run: python -m benchmarks.bench_memory
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import tempfile
import time
from pathlib import Path

from benchmarks.common import emit
from rekap_desktop.demo import build_dataset, synthetic_spec
from rekap_desktop.services import RecapService


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    import resource  # POSIX only; the benchmarks run on the Linux reference machine

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


CHILD = r"""
import json, os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from benchmarks.bench_memory import rss_mb
from rekap_desktop.services import RecapService
from ui.main_window import MainWindow
app = QApplication([])
service = RecapService.open(sys.argv[1])
window = MainWindow(service, settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.resize(1600, 900)
window.show()
for key in list(window.contests):
    window.show_contest(key)
    app.processEvents()
window.projector.showProjector()
app.processEvents()
print(json.dumps({"rss_mb": rss_mb(), "contests": len(window.contests)}))
"""


def main() -> None:
    import json
    import subprocess
    import sys

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sintetis.sqlite"
        started = time.perf_counter()
        service = RecapService.open(db, actor="bench")
        result = build_dataset(service, synthetic_spec(), errors=(), leave_open=None, workdir=Path(tmp))
        service.close()
        built = time.perf_counter() - started
        out = subprocess.run([sys.executable, "-c", CHILD, str(db), str(Path(tmp) / "s.ini")], capture_output=True,
                             text=True, cwd=Path(__file__).resolve().parents[1], timeout=600, check=True)
        child = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"kabupaten sintetis ({result.sirekap_records} rekaman Sirekap, {result.entries} isian, "
          f"{child['contests']} kontes; dibuat dalam {built:.0f} s): RSS proses aplikasi dengan semua kontes dibuka "
          f"dan proyektor tampil = {child['rss_mb']:.0f} MB (anggaran ≤ 400 MB)")
    emit({"benchmark": "memory", "rss_open_mb": round(child["rss_mb"], 1), "contests": child["contests"],
          "sirekap_records": result.sirekap_records, "budget_ok": child["rss_mb"] <= 400})


if __name__ == "__main__":
    main()
