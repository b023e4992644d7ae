"""Sirekap import throughput, end to end: files → parse → anomalies → one SQLite (or PostgreSQL) transaction.

The synthetic kabupaten of the benchmarks (40 kecamatan, 15,000 TPS) × 5 ballots = 75,000 TPS records, written as
Sirekap-shaped JSON files (`pemilu/hhcw/<ballot>/…/<tps>.json`, legislative charts as party objects, DPD charts by
candidate id) by `rekap_desktop.demo.write_sirekap`. The reference data is stored first (RecapService
.store_reference), as in real use, so every TPS is known.

Phases, each in a fresh child process so that its peak RSS is its own:

- `folder`: import the folder into a database holding only the reference data (the budget: ≥ 5,000 records/s,
  aim ≥ 15,000/s; 15,000 TPS × 5 ballots ≤ 15 s — DESIGN §11);
- `unchanged`: the same folder again (every file known by its SHA-256: nothing added);
- `newer`: a later scrape (every file with a newer `ts` and one figure changed) into the same database, so every
  record supersedes a stored one;
- `zip`: the same files as one zip archive into a fresh database (skip with --no-zip).

Run: python -m benchmarks.bench_sirekap_import [--tps 15000] [--workdir DIR] [--pg URL] [--no-zip]
The last line of the output is one JSON object (DESIGN §10).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from benchmarks.common import emit

BUDGET_RECORDS_PER_S = 5_000
AIM_RECORDS_PER_S = 15_000
BUDGET_SECONDS = 15.0
BALLOTS = 5


def _peak_rss_mb() -> float | None:
    """This process's peak resident memory. Linux: VmHWM (ru_maxrss would carry the parent's peak over exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / 1024 / (1024 if sys.platform == "darwin" else 1), 1)


# ---------------------------------------------------------------------------------------------- data
def generate(folder: Path, tps_total: int) -> int:
    """Write the synthetic kabupaten's Sirekap files (no defects: exactly one record per TPS and ballot)."""
    from rekap_desktop.demo import build_reference, contests_of, layout_tps, synthetic_spec, tps_figures, write_sirekap

    spec = synthetic_spec(tps_total=tps_total)
    tps = layout_tps(spec)
    reference = build_reference(spec, tps)
    written = 0
    for contest in contests_of(reference, spec):
        written += write_sirekap(folder, contest, list(tps_figures(contest, tps)), defects=False)
    (folder / "JUMLAH.txt").write_text(str(written), encoding="utf-8")
    return written


def newer_scrape(source: Path, target: Path) -> int:
    """A later scrape of every file: `ts` one month later and one figure changed (so no record equals the old)."""
    count = 0
    for path in source.rglob("*.json"):
        doc = json.loads(path.read_bytes())
        doc["ts"] = doc["ts"].replace("2024-02-", "2024-03-")
        admin = doc.get("administrasi")
        if admin:  # one more voter, who spoilt the ballot: still consistent (no new anomaly)
            for name in ("suara_tidak_sah", "suara_total", "pengguna_dptb_j", "pengguna_dptb_l", "pengguna_total_j",
                         "pengguna_total_l"):
                admin[name] += 1
        out = target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(doc, separators=(",", ":")), encoding="utf-8")
        count += 1
    return count


def zip_of(source: Path, archive: Path) -> None:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for path in sorted(source.rglob("*.json")):
            zf.write(path, path.relative_to(source).as_posix())


def prepare_database(db: str, tps_total: int) -> None:
    from rekap_desktop.demo import build_reference, layout_tps, synthetic_spec
    from rekap_desktop.services import RecapService

    spec = synthetic_spec(tps_total=tps_total)
    service = RecapService.open(db, actor="bench")
    service.store_reference(build_reference(spec, layout_tps(spec)))
    service.close()


# ---------------------------------------------------------------------------------------------- one phase
def run_phase(db: str, source: Path) -> dict[str, object]:
    """(child process) One import, timed end to end, with this process's peak RSS."""
    from rekap_desktop.services import RecapService
    from rekap_desktop.sirekap.importer import import_paths

    service = RecapService.open(db, actor="bench")
    rss_before = _peak_rss_mb()
    started = time.perf_counter()
    result = import_paths(service, [source])
    seconds = time.perf_counter() - started
    service.close()
    return {
        "seconds": round(seconds, 3),
        "files_read": result.files_read,
        "records_added": result.records_added,
        "files_per_s": round(result.files_read / seconds) if seconds else 0,
        "records_per_s": round(result.records_added / seconds) if seconds else 0,
        "superseding": result.records_superseding,
        "unchanged": result.files_unchanged,
        "skipped": len(result.skipped),
        "anomalies": len(result.anomalies),
        "rss_before_mb": rss_before,
        "peak_rss_mb": _peak_rss_mb(),
    }


def phase(db: str, source: Path) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_sirekap_import", "--phase", db, str(source)],
        cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"fase gagal: {db} {source}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _line(name: str, figures: dict[str, object]) -> str:
    return (f"{name:10} {figures['files_read']:>6} berkas, {figures['records_added']:>6} rekaman baru dalam "
            f"{figures['seconds']:.2f} s = {figures['files_per_s']:,} berkas/s, "
            f"{figures['records_per_s']:,} rekaman/s; RSS puncak {figures['peak_rss_mb']} MB "
            f"(sebelum impor {figures['rss_before_mb']} MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tps", type=int, default=15_000, help="TPS in the synthetic kabupaten (default 15000)")
    parser.add_argument("--workdir", type=Path, help="keep the generated files here and reuse them on later runs")
    parser.add_argument("--pg", help="also measure on this PostgreSQL URL (an empty database or schema)")
    parser.add_argument("--no-zip", action="store_true", help="skip the zip phase")
    parser.add_argument("--phase", nargs=2, metavar=("DB", "SOURCE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(run_phase(args.phase[0], Path(args.phase[1]))))
        return 0

    temp = None if args.workdir else tempfile.mkdtemp(prefix="bench-sirekap-")
    work = Path(args.workdir or temp)  # type: ignore[arg-type]
    try:
        files = work / f"sirekap-{args.tps}"
        marker = files / "JUMLAH.txt"
        started = time.perf_counter()
        if not marker.exists():
            shutil.rmtree(files, ignore_errors=True)
            files.mkdir(parents=True)
            generate(files, args.tps)
            print(f"data dibuat: {marker.read_text()} berkas dalam {time.perf_counter() - started:.1f} s", flush=True)
        expected = int(marker.read_text())
        newer = work / f"sirekap-{args.tps}-baru"
        if not (newer / "pemilu").exists():
            newer_scrape(files, newer)
        db_dir = Path(tempfile.mkdtemp(prefix="bench-sirekap-db-", dir=work))
        results: dict[str, dict[str, object]] = {}
        db = str(db_dir / "folder.sqlite")
        prepare_database(db, args.tps)
        results["folder"] = phase(db, files)
        print(_line("folder", results["folder"]), flush=True)
        results["unchanged"] = phase(db, files)
        print(_line("unchanged", results["unchanged"]), flush=True)
        results["newer"] = phase(db, newer)
        print(_line("newer", results["newer"]), flush=True)
        if not args.no_zip:
            archive = work / f"sirekap-{args.tps}.zip"
            if not archive.exists():
                zip_of(files, archive)
            zdb = str(db_dir / "zip.sqlite")
            prepare_database(zdb, args.tps)
            results["zip"] = phase(zdb, archive)
            print(_line("zip", results["zip"]), flush=True)
        if args.pg:
            prepare_database(args.pg, args.tps)
            results["postgresql"] = phase(args.pg, files)
            print(_line("postgresql", results["postgresql"]), flush=True)
        shutil.rmtree(db_dir, ignore_errors=True)
    finally:
        if temp:
            shutil.rmtree(temp, ignore_errors=True)

    main_run = results["folder"]
    rate = int(main_run["records_per_s"])  # type: ignore[call-overload]
    seconds = float(main_run["seconds"])  # type: ignore[arg-type]
    ok = main_run["records_added"] == expected and rate >= BUDGET_RECORDS_PER_S and seconds <= BUDGET_SECONDS
    print(f"anggaran: ≥ {BUDGET_RECORDS_PER_S:,} rekaman/s (target {AIM_RECORDS_PER_S:,}/s), "
          f"{args.tps:,} TPS × {BALLOTS} ≤ {BUDGET_SECONDS:.0f} s: {'TERPENUHI' if ok else 'TIDAK TERPENUHI'}")
    emit({"benchmark": "sirekap_import", "tps": args.tps, "records": expected, "phases": results,
          "records_per_s": rate, "seconds": seconds, "peak_rss_mb": main_run["peak_rss_mb"], "budget_ok": ok})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
