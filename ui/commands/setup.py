"""``init`` and ``import-reference``: setting up a real kabupaten/kota.

The command-line side only: arguments, output and exit codes. The operations are the core's
(:mod:`rekap_desktop.setup`, :mod:`rekap_desktop.setup_status`), imported when a command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ui.commands.common import DB_HELP, EXIT_INPUT, EXIT_OK, Registry, err, open_service, out

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
    """``rekap-desktop init --db DB --kabupaten KODE [--nama NAMA]``; the operator is recorded in the audit log.

    A bad code or name, or a database of another kabupaten/kota: exit 2, nothing written."""
    from rekap_desktop.setup import SetupError, check_kabupaten, init_kabupaten
    from rekap_desktop.setup_status import setup_status

    try:
        check_kabupaten(args.kabupaten, args.nama or None)
    except SetupError as exc:
        err(f"Tidak disiapkan: {exc}")
        return EXIT_INPUT
    service = open_service(args, create=True)
    try:
        result = init_kabupaten(service, args.kabupaten, args.nama or None)
        status = setup_status(service)
    except SetupError as exc:
        err(f"Tidak disiapkan: {exc}")
        return EXIT_INPUT
    finally:
        service.close()
    verb = "disiapkan" if result.created else "sudah disiapkan (nama diperbarui)"
    out(f"Basis data {args.db} {verb} untuk {result.kabupaten.title} ({result.kabupaten.code}), "
        f"{result.provinsi.title} ({result.provinsi.code}).")
    out("Langkah berikutnya: import-reference wilayah → dapil → partai/DCT → paslon/DPD → kantor, lalu "
        "import-sirekap (lihat docs/panduan-persiapan.md).")
    if status.missing:
        out("Masih belum ada:")
        for item in status.missing:
            out(f"  - {item}")
    return EXIT_OK


def cmd_import_reference(args: argparse.Namespace) -> int:
    """``rekap-desktop import-reference --db DB PATH...``: exit 0 when every file loaded, 2 otherwise."""
    from rekap_desktop.setup import load_reference_files
    from rekap_desktop.setup_status import setup_status

    service = open_service(args)
    try:
        result = load_reference_files(service, args.paths)
        for f in result.files:
            (out if f.ok else err)(f.line())
            for problem in f.problems:
                err(f"  {problem}")
            for warning in f.warnings:
                out(f"  peringatan: {warning}")
        for line in setup_status(service).lines():
            out(line)
    finally:
        service.close()
    if not result.ok:
        err(f"{sum(not f.ok for f in result.files)} dari {len(result.files)} berkas DITOLAK; berkas lain dimuat.")
        return EXIT_INPUT
    return EXIT_OK
