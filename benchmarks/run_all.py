"""Run every benchmark script (python -m benchmarks.run_all) and print one JSON summary line at the end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    results = {}
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.stem}", flush=True)
        proc = subprocess.run([sys.executable, "-m", f"benchmarks.{script.stem}"], cwd=HERE.parent,
                              capture_output=True, text=True)
        sys.stdout.write(proc.stdout)
        sys.stderr.write(proc.stderr[-4000:])
        lines = proc.stdout.strip().splitlines()
        try:
            ok = proc.returncode == 0 and lines
            results[script.stem] = json.loads(lines[-1]) if ok else {"error": proc.returncode}
        except json.JSONDecodeError:
            results[script.stem] = {"error": "no JSON last line"}
        failed += proc.returncode != 0
    print(json.dumps(results, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
