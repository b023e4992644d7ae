"""Every benchmark, sequentially, in repeated rounds; one JSON object on the last line (issue 16.5).

``python -m benchmarks.run_all [--rounds 3] [--only NAME ...] [--workdir DIR]``

Each ``benchmarks/bench_*.py`` runs in its own process, one after another (the reference machine has 2 cores:
nothing else of ours runs meanwhile), ``--rounds`` times. Every benchmark prints one JSON object on its last line;
the top-level numeric keys of all of them are merged, and each key's **median over the rounds** is reported. The
paths measured beside their floor in the same run give their ratios:

- ``edit_to_views_p95_ms`` / ``edit_floor_p95_ms`` (durable commit + granular repaint), goal ≤ 2×;
  ``edit_to_views_max_ms`` ≤ 16 ms;
- ``import_records_per_s`` / ``import_floor_files_per_s`` (walk + read + SHA-256 + parse), goal ≥ 0,5×, with
  ``import_peak_rss_mb`` ≤ 150 MB;
- ``berita_acara_all_s`` / ``berita_acara_floor_s`` (reportlab pages of the same density), goal ≤ 2,5×;
- ``check_synthetic_s`` ≤ 1 s; ``station_to_station_*_p95_ms`` ≤ 300 ms.

``--workdir`` keeps the synthetic kabupaten (its Sirekap files and database) between rounds and runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TAKES_WORKDIR = {"bench_edit_to_views", "bench_sirekap_import"}
RATIOS = {
    "edit_ratio_p95": ("edit_to_views_p95_ms", "edit_floor_p95_ms"),
    "import_ratio_to_floor": ("import_records_per_s", "import_floor_files_per_s"),
    "berita_acara_ratio_to_floor": ("berita_acara_all_s", "berita_acara_floor_s"),
}


def run_one(stem: str, workdir: Path | None) -> dict[str, object]:
    command = [sys.executable, "-m", f"benchmarks.{stem}"]
    if workdir is not None and stem in TAKES_WORKDIR:
        folder = workdir / stem
        folder.mkdir(parents=True, exist_ok=True)
        command += ["--workdir", str(folder)]
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=HERE.parent, capture_output=True, text=True)
    sys.stdout.write(proc.stdout)
    sys.stderr.write(proc.stderr[-4000:])
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        return {"error": proc.returncode}
    try:
        result = json.loads(lines[-1])
    except json.JSONDecodeError:
        return {"error": "no JSON last line"}
    if isinstance(result, dict):
        result["wall_s"] = round(time.perf_counter() - started, 1)
        return result
    return {"error": "not a JSON object"}


def numeric(result: dict[str, object]) -> dict[str, float]:
    return {k: float(v) for k, v in result.items() if isinstance(v, int | float) and not isinstance(v, bool)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None, help="benchmark names (e.g. bench_edit_to_views)")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    stems = [p.stem for p in sorted(HERE.glob("bench_*.py"))]
    if args.only:
        stems = [s for s in stems if s in args.only or s.removeprefix("bench_") in args.only]
    samples: dict[str, list[float]] = {}
    last: dict[str, object] = {}
    failed = 0
    for round_no in range(1, args.rounds + 1):
        for stem in stems:
            print(f"== ronde {round_no}/{args.rounds}: {stem}", flush=True)
            result = run_one(stem, args.workdir)
            last[stem] = result
            if "error" in result:
                failed += 1
                continue
            for key, value in numeric(result).items():
                if key != "wall_s":
                    samples.setdefault(key, []).append(value)
    medians = {key: round(statistics.median(values), 4) for key, values in sorted(samples.items())}
    ratios = {name: round(medians[a] / medians[b], 2) for name, (a, b) in RATIOS.items()
              if medians.get(a) and medians.get(b)}
    summary = {"benchmark": "run_all", "rounds": args.rounds, **medians, **ratios, "failed_runs": failed,
               "per_benchmark_last_round": last, "when": time.strftime("%Y-%m-%d %H:%M")}
    print(json.dumps(summary, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
