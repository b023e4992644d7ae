"""The manual figures: ``import-manual``, ``check``, ``export``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ui.commands.common import (
    DB_HELP,
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    Registry,
    contests_for,
    err,
    open_service,
    out,
)

ORDER = 20


def register(registry: Registry) -> None:
    im = registry.add("import-manual", "impor angka D.HASIL KECAMATAN dari CSV/XLSX (kolom "
                      "ballot,dapil,kecamatan,line,value)", cmd_import_manual, writes=True)
    im.add_argument("--db", required=True, help=DB_HELP)
    im.add_argument("file", type=Path, help="berkas .csv atau .xlsx")

    check = registry.add("check", "temuan: aturan R1–R17, beda dengan Sirekap, anomali TPS Sirekap", cmd_check)
    check.add_argument("--db", required=True, help=DB_HELP)
    check.add_argument("--ballot", required=True, help="ppwp, pdpr, pdpd, pdprdp, pdprdk")
    check.add_argument("--dapil", help="kode dapil (tanpa: semua dapil jenis pemilihan itu)")
    check.add_argument("--format", default="text", choices=("text", "json"))

    ex = registry.add("export", "ekspor angka manual (ballot,dapil,kecamatan,line,value)", cmd_export)
    ex.add_argument("--db", required=True, help=DB_HELP)
    ex.add_argument("--format", required=True, choices=("csv", "xlsx"))
    ex.add_argument("--out", required=True, type=Path, help="berkas keluaran")


def cmd_import_manual(args: argparse.Namespace) -> int:
    from rekap_desktop.manual_import import ManualImportError, import_manual
    from rekap_desktop.services import LockedError, ValidationError

    service = open_service(args)
    try:
        result = import_manual(service, args.file)
    except ManualImportError as exc:
        err(f"Berkas TIDAK diimpor ({len(exc.problems)} masalah); tidak ada angka yang ditulis:")
        for problem in exc.problems:
            err(f"  {problem}")
        return EXIT_INPUT
    except (LockedError, ValidationError) as exc:  # e.g. a kecamatan ditetapkan by another station meanwhile
        err(f"Berkas TIDAK diimpor; tidak ada angka yang ditulis: {exc}")
        return EXIT_INPUT
    out(f"Diimpor {result.rows} angka dari {args.file}: " + ", ".join(f"{k} {n}" for k, n in result.contests.items()))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from rekap_desktop.checks import findings_for
    from rekap_desktop.services import ValidationError

    service = open_service(args, read_only=True)
    try:
        contests = contests_for(service, args.ballot, args.dapil)
    except (ValueError, ValidationError) as exc:
        err(str(exc))
        return EXIT_INPUT
    findings = findings_for(service, contests)
    if args.format == "json":
        out(json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=1))
    else:
        names = service.region_names({f.kecamatan for f in findings})
        if not findings:
            out("Tidak ada temuan.")
        for f in findings:
            where = "JUMLAH" if f.kecamatan == "JUMLAH" else f"{f.kecamatan} {names.get(f.kecamatan, '')}".strip()
            tps = f" TPS {f.tps}" if f.tps else ""
            dapil = f" dapil {f.dapil}" if f.dapil else ""
            out(f"[{f.severity.upper():7}] {f.rule:26} {f.ballot}{dapil} | {where}{tps} | {f.line} | {f.message}")
            if f.images:
                out(f"          foto: {' '.join(f.images)}")
        errors = sum(f.severity == "error" for f in findings)
        out(f"Jumlah temuan: {len(findings)} ({errors} galat, {len(findings) - errors} peringatan)")
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from rekap_desktop.export import ExportError, export

    service = open_service(args, read_only=True)
    try:
        n = export(service, args.out, args.format)
    except ExportError as exc:
        err(f"Berkas {args.out} tidak dapat ditulis: {exc}")
        return EXIT_INPUT
    out(f"Diekspor {n} baris ke {args.out}")
    return EXIT_OK
