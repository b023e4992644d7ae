"""``gui`` (the default command) and ``demo``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ui.commands.common import DB_HELP, EXIT_INPUT, EXIT_OK, OPERATOR_HELP, Registry, err, operator_of, out

ORDER = 0


def register(registry: Registry) -> None:
    gui = registry.add("gui", "membuka aplikasi (perintah bawaan)", cmd_gui)
    gui.add_argument("--db", help=f"{DB_HELP}; bawaan: basis data di folder data pengguna")
    gui.add_argument("--demo", action="store_true", help="buka basis data demo (dibuat bila belum ada)")
    gui.add_argument("--operator", default=None, help=OPERATOR_HELP)

    demo = registry.add("demo", "membuat basis data demo Kabupaten Sampang (angka rekaan, calon fiktif)", cmd_demo)
    demo.add_argument("--db", required=True, help="berkas SQLite baru (atau URL basis data kosong)")
    demo.add_argument("--force", action="store_true", help="timpa berkas SQLite yang sudah ada")


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from ui.app import run
    except ImportError as exc:  # the window module is missing from this build
        err(f"Jendela aplikasi belum tersedia pada versi ini ({exc}).")
        return EXIT_INPUT
    return int(run(db=args.db, demo=args.demo, operator=operator_of(args)))


def cmd_demo(args: argparse.Namespace) -> int:
    from rekap_desktop.demo import create_demo

    target = args.db
    if "://" not in target:
        path = Path(target)
        if path.exists():
            if not args.force:
                err(f"{path} sudah ada; pakai --force untuk menimpanya, atau pilih nama lain.")
                return EXIT_INPUT
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    try:
        result = create_demo(target)
    except ValueError as exc:
        err(str(exc))
        return EXIT_INPUT
    out(f"Basis data demo Kabupaten Sampang dibuat: {target}")
    out(f"  kontes: {result.contests}; isian manual: {result.entries}; berkas Sirekap: {result.sirekap_files} "
        f"({result.sirekap_records} rekaman TPS, {result.anomalies} anomali); {result.seconds:.1f} detik")
    out("  Angka demo adalah rekaan; nama calon fiktif.")
    return EXIT_OK
