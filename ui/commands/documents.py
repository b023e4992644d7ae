"""Documents: ``berita-acara`` and ``verify-pdf``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ui.commands.common import DB_HELP, EXIT_INPUT, Registry, err, open_service, out

ORDER = 40


def register(registry: Registry) -> None:
    ba = registry.add("berita-acara", "cetak berita acara dan sertifikat (Model D.HASIL KABKO) sebagai PDF",
                      cmd_berita_acara, writes=True)
    ba.add_argument("--db", required=True, help=DB_HELP)
    ba.add_argument("--ballot", required=True, help="ppwp, pdpr, pdpd, pdprdp, pdprdk")
    ba.add_argument("--dapil", help="kode dapil (wajib untuk DPR/DPRD bila lebih dari satu dapil)")
    ba.add_argument("--out", required=True, type=Path, help="berkas PDF keluaran")
    ba.add_argument("--paper", default=None, choices=("a4", "f4"), help="ukuran kertas (bawaan: pengaturan kantor)")
    ba.add_argument("--sign", type=Path, help="tanda tangan PAdES dengan berkas PKCS#12 (.p12)")
    ba.add_argument("--sign-password", default=None, help="kata sandi berkas .p12 (bila ada)")
    ba.add_argument("--invariant", action="store_true",
                    help="isi berkas sama persis untuk data yang sama (tanggal pembuatan tetap; untuk uji/arsip)")

    vp = registry.add("verify-pdf", "apakah PDF berita acara cocok dengan data saat ini (dan tanda tangannya utuh)?",
                      cmd_verify_pdf)
    vp.add_argument("file", type=Path, help="berkas PDF")
    vp.add_argument("--db", required=True, help=DB_HELP)


def cmd_berita_acara(args: argparse.Namespace) -> int:
    try:
        from reports.document import produce_berita_acara
    except ImportError as exc:
        err(f"Pembuatan berita acara belum tersedia pada versi ini ({exc}).")
        return EXIT_INPUT
    return int(produce_berita_acara(args, open_service(args), out, err))


def cmd_verify_pdf(args: argparse.Namespace) -> int:
    try:
        from reports.document import verify_berita_acara
    except ImportError as exc:
        err(f"Pemeriksaan PDF belum tersedia pada versi ini ({exc}).")
        return EXIT_INPUT
    return int(verify_berita_acara(args, open_service(args), out, err))
