"""``init`` and ``import-reference``: setting up a real kabupaten/kota."""

from __future__ import annotations

import argparse
from pathlib import Path

from ui.commands.common import DB_HELP, Registry, err, open_service, operator_of, out

ORDER = 10


def register(registry: Registry) -> None:
    init = registry.add("init", "siapkan basis data baru untuk satu kabupaten/kota", cmd_init, writes=True)
    init.add_argument("--db", required=True, help=DB_HELP)
    init.add_argument("--kabupaten", required=True, help="kode kabupaten/kota 4 digit, mis. 3527")
    init.add_argument("--nama", default="", help="nama kabupaten/kota, mis. SAMPANG")

    ir = registry.add("import-reference", "impor data referensi (wilayah, dapil, partai, DCT, paslon, kantor) dari "
                      "CSV/XLSX", cmd_import_reference, writes=True)
    ir.add_argument("--db", required=True, help=DB_HELP)
    ir.add_argument("paths", nargs="+", type=Path, help="berkas templat atau daftar Sirekap")


def cmd_init(args: argparse.Namespace) -> int:
    from rekap_desktop.setup import init_database

    return int(init_database(args, out, err, actor=operator_of(args) or "cli"))


def cmd_import_reference(args: argparse.Namespace) -> int:
    from rekap_desktop.setup import import_reference_cli

    return int(import_reference_cli(args, open_service(args), out, err))
