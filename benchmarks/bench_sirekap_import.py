"""Sirekap import against its floor, and `check` of the whole synthetic kabupaten (issues 16.2, 16.3).

The synthetic kabupaten of the benchmarks (40 kecamatan, 15,000 TPS) × 5 ballots = 75,000 TPS records, written as
Sirekap-shaped JSON files (`pemilu/hhcw/<ballot>/…/<tps>.json`, legislative charts as party objects, DPD charts by
candidate id) by `rekap_desktop.demo.write_sirekap`. The reference data is stored first (RecapService
.store_reference), as in real use, so every TPS is known.

Phases, each in a fresh child process so that its peak RSS is its own:

- `floor`: walk + read + SHA-256 + parse (`sirekap.json.parse_document`) of every file, in one process, nothing
  else — what no importer can beat on this machine, measured in the same run;
- `folder`: import the folder into a database holding only the reference data (the goal: ≥ 0,5× the floor with
  ≤ 150 MB; the budget: ≥ 5,000 records/s, 15,000 TPS × 5 ≤ 15 s — DESIGN §11). The importing process and its
  reading worker report their peak RSS separately;
- `unchanged`: the same folder again (every file known by its SHA-256: nothing added);
- `newer`: a later scrape (every file with a newer `ts` and one figure changed) into the same database, so every
  record supersedes a stored one;
- `zip`: the same files as one zip archive into a fresh database (skip with --no-zip);
- `check`: the manual figures of every contest (the sums of the same TPS) are stored into the `folder` database,
  then every contest is opened (`load_sheet`, the slowest one reported) and `check` runs over all 10 contests
  (in-process, the command's own work).

Run: python -m benchmarks.bench_sirekap_import [--tps 15000] [--workdir DIR] [--pg URL] [--no-zip]
The last line of the output is one JSON object (DESIGN §10); its keys include `import_records_per_s`,
`import_floor_files_per_s`, `import_peak_rss_mb` and `check_synthetic_s`.
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
BUDGET_SECONDS = 15.0
GOAL_FLOOR_RATIO = 0.5
GOAL_RSS_MB = 150
GOAL_CHECK_S = 1.0
GOAL_OPEN_MS = 50.0
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


def _children_peak_rss_mb() -> float | None:
    """The largest peak RSS among this process's finished children (the import's reading worker)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(peak / 1024 / (1024 if sys.platform == "darwin" else 1), 1) if peak else None


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


# ---------------------------------------------------------------------------------------------- child phases
def run_floor(source: Path) -> dict[str, object]:
    """(child process) Walk + read + SHA-256 + parse of every file, nothing else."""
    from rekap_desktop.sirekap.json import parse_document
    from rekap_desktop.sirekap.sources import SourceItem, iter_sources

    started = time.perf_counter()
    files = 0
    for item in iter_sources([source]):
        if isinstance(item, SourceItem):
            parse_document(item)
            files += 1
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3), "files": files, "files_per_s": round(files / seconds) if seconds else 0}


def run_phase(db: str, source: Path) -> dict[str, object]:
    """(child process) One import, timed end to end, with this process's and its worker's peak RSS."""
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
        "worker_peak_rss_mb": _children_peak_rss_mb(),
    }


def add_manual_figures(db: str, tps_total: int) -> int:
    """Store every contest's manual figures: the sums of the same synthetic TPS (consistent, as a PPK reads)."""
    from rekap_desktop.demo import kecamatan_sums, layout_tps, synthetic_spec, tps_figures
    from rekap_desktop.services import RecapService

    spec = synthetic_spec(tps_total=tps_total)
    tps = layout_tps(spec)
    service = RecapService.open(db, actor="bench")
    stored = 0
    for contest in service.contests():
        sums = kecamatan_sums(contest, list(tps_figures(contest, tps)))
        service.set_entries(contest.key, [(line, kec, value) for (line, kec), value in sums.items()])
        stored += len(sums)
    service.close()
    return stored


def run_check(db: str) -> dict[str, object]:
    """(child process) Open every contest, then `check` every contest."""
    from rekap_desktop.checks import findings_for
    from rekap_desktop.services import RecapService

    service = RecapService.open(db, actor="bench")
    contests = service.contests()
    opened: dict[str, float] = {}
    for contest in contests:
        started = time.perf_counter()
        service.load_sheet(contest.key)
        opened[contest.key] = round((time.perf_counter() - started) * 1000, 1)
    check_service = RecapService.open(db, actor="bench", read_only=True)
    started = time.perf_counter()
    findings = findings_for(check_service, check_service.contests())
    seconds = time.perf_counter() - started
    errors = sum(f.severity == "error" for f in findings)
    return {"check_seconds": round(seconds, 3), "contests": len(contests), "findings": len(findings),
            "errors": errors, "open_ms": opened, "open_max_ms": max(opened.values()) if opened else 0.0}


def _child(*args: str) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_sirekap_import", *args],
        cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"fase gagal: {' '.join(args)}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def phase(db: str, source: Path) -> dict[str, object]:
    return _child("--phase", db, str(source))


def _line(name: str, figures: dict[str, object]) -> str:
    return (f"{name:10} {figures['files_read']:>6} berkas, {figures['records_added']:>6} rekaman baru dalam "
            f"{figures['seconds']:.2f} s = {figures['files_per_s']:,} berkas/s, "
            f"{figures['records_per_s']:,} rekaman/s; RSS puncak {figures['peak_rss_mb']} MB "
            f"(pembaca {figures['worker_peak_rss_mb']} MB; sebelum impor {figures['rss_before_mb']} MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tps", type=int, default=15_000, help="TPS in the synthetic kabupaten (default 15000)")
    parser.add_argument("--workdir", type=Path, help="keep the generated files here and reuse them on later runs")
    parser.add_argument("--pg", help="also measure on this PostgreSQL URL (an empty database or schema)")
    parser.add_argument("--no-zip", action="store_true", help="skip the zip phase")
    parser.add_argument("--phase", nargs=2, metavar=("DB", "SOURCE"), help=argparse.SUPPRESS)
    parser.add_argument("--floor", metavar="SOURCE", help=argparse.SUPPRESS)
    parser.add_argument("--check", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(run_phase(args.phase[0], Path(args.phase[1]))))
        return 0
    if args.floor:
        print(json.dumps(run_floor(Path(args.floor))))
        return 0
    if args.check:
        print(json.dumps(run_check(args.check)))
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
        results["floor"] = _child("--floor", str(files))
        print(f"floor      {results['floor']['files']:>6} berkas: jalan + baca + SHA-256 + parse dalam "
              f"{results['floor']['seconds']:.2f} s = {results['floor']['files_per_s']:,} berkas/s", flush=True)
        db = str(db_dir / "folder.sqlite")
        prepare_database(db, args.tps)
        results["folder"] = phase(db, files)
        print(_line("folder", results["folder"]), flush=True)
        results["unchanged"] = phase(db, files)
        print(_line("unchanged", results["unchanged"]), flush=True)
        check_db = str(db_dir / "check.sqlite")
        shutil.copy(db, check_db)
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
        entries = add_manual_figures(check_db, args.tps)
        results["check"] = _child("--check", check_db)
        print(f"check      {results['check']['contests']} kontes, {entries:,} isian manual: semua kontes dibuka, "
              f"paling lambat {results['check']['open_max_ms']} ms; check semua kontes "
              f"{results['check']['check_seconds']:.2f} s ({results['check']['findings']} temuan)", flush=True)
        shutil.rmtree(db_dir, ignore_errors=True)
    finally:
        if temp:
            shutil.rmtree(temp, ignore_errors=True)

    main_run = results["folder"]
    rate = int(main_run["records_per_s"])  # type: ignore[call-overload]
    floor = int(results["floor"]["files_per_s"])  # type: ignore[call-overload]
    seconds = float(main_run["seconds"])  # type: ignore[arg-type]
    peaks = [p for p in (main_run["peak_rss_mb"], main_run["worker_peak_rss_mb"],
                         results.get("zip", {}).get("peak_rss_mb"), results.get("zip", {}).get("worker_peak_rss_mb"))
             if isinstance(p, int | float)]
    peak = max(peaks) if peaks else None
    check_s = float(results["check"]["check_seconds"])  # type: ignore[arg-type]
    open_ms = float(results["check"]["open_max_ms"])  # type: ignore[arg-type]
    ratio = round(rate / floor, 2) if floor else None
    ok = main_run["records_added"] == expected and rate >= BUDGET_RECORDS_PER_S and seconds <= BUDGET_SECONDS
    print(f"anggaran: ≥ {BUDGET_RECORDS_PER_S:,} rekaman/s, {args.tps:,} TPS × {BALLOTS} ≤ {BUDGET_SECONDS:.0f} s: "
          f"{'TERPENUHI' if ok else 'TIDAK TERPENUHI'}; sasaran: ≥ {GOAL_FLOOR_RATIO}× floor (kini {ratio}×), "
          f"≤ {GOAL_RSS_MB} MB (kini {peak} MB), check ≤ {GOAL_CHECK_S} s (kini {check_s:.2f} s), buka kontes "
          f"≤ {GOAL_OPEN_MS:.0f} ms (kini {open_ms} ms)")
    emit({"benchmark": "sirekap_import", "tps": args.tps, "records": expected, "phases": results,
          "records_per_s": rate, "seconds": seconds, "peak_rss_mb": main_run["peak_rss_mb"], "budget_ok": ok,
          "import_records_per_s": rate, "import_floor_files_per_s": floor, "import_floor_ratio": ratio,
          "import_peak_rss_mb": peak, "check_synthetic_s": check_s, "open_contest_max_ms": open_ms})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
