"""Stations: ``proyektor``, the projector-only station on the PC that drives the aula's projector."""

from __future__ import annotations

import argparse

from ui.commands.common import DB_HELP, EXIT_INPUT, Registry, err

ORDER = 5


def register(registry: Registry) -> None:
    pr = registry.add("proyektor", "stasiun proyektor: hanya layar proyektor (hanya-baca), mengikuti kecamatan dan "
                      "baris yang dipilih stasiun operator, diperbarui langsung dari basis data bersama",
                      cmd_proyektor)
    pr.add_argument("--db", required=True, help=DB_HELP)
    pr.add_argument("--ikuti", default="", metavar="STASIUN",
                    help="nama stasiun operator yang diikuti (bawaan: operator yang terakhir bergerak)")


def cmd_proyektor(args: argparse.Namespace) -> int:
    try:
        from ui.projector_station import run_projector_station
    except ImportError as exc:
        err(f"Stasiun proyektor belum tersedia pada versi ini ({exc}).")
        return EXIT_INPUT
    return int(run_projector_station(args.db, follow=args.ikuti))
