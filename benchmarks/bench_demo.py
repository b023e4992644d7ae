"""Building the demo database (done once, at the first start with --demo): total time and its phases.

Each run builds the whole Sampang demo into a fresh SQLite file in a temporary folder, through the same services and
importer as real use (reference files, 8.9k manual figures in reading order, 12.8k Sirekap records, the plenary's
events). The phases come from the build's own progress callback. Run: python -m benchmarks.bench_demo [runs]
"""

from __future__ import annotations

import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

from benchmarks.common import emit
from rekap_desktop.demo import create_demo


def one_run(folder: Path) -> dict[str, float]:
    marks: list[tuple[str, float]] = []
    started = time.perf_counter()

    def progress(done: int, total: int, what: str) -> None:
        marks.append((what, time.perf_counter() - started))

    result = create_demo(folder / "demo.sqlite", progress=progress)
    phases = {name: round(end - begin, 3) for (name, begin), (_next, end) in pairwise(marks)}
    return {"seconds": round(time.perf_counter() - started, 3), "entries": result.entries,
            "sirekap_records": result.sirekap_records, **{f"phase_{k}": v for k, v in phases.items()}}


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    results = []
    for i in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-demo-") as tmp:
            results.append(one_run(Path(tmp)))
            print(f"run {i + 1}: {results[-1]['seconds']} s", flush=True)
    best = min(results, key=lambda r: r["seconds"])
    emit({"benchmark": "demo_build", "runs": runs, "best_s": best["seconds"],
          "all_s": [r["seconds"] for r in results], "best_run": best})


if __name__ == "__main__":
    main()
