"""Sirekap data: ``import-sirekap``, ``sirekap-summary`` and ``tandai-tps`` (PSU/PSL marks)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from ui.commands.common import DB_HELP, EXIT_INPUT, EXIT_OK, Registry, err, open_service, out

ORDER = 30


def register(registry: Registry) -> None:
    isk = registry.add("import-sirekap", "impor data Sirekap (JSON/CSV/XLSX; berkas, folder, atau zip). Berkas yang "
                       "rusak dilewati dan dilaporkan, berkas lain tetap diimpor: kode keluar 0 bila ada berkas yang "
                       "dapat dipakai, 2 bila tidak ada satu pun (basis data tidak diubah)", cmd_import_sirekap,
                       writes=True)
    isk.add_argument("--db", required=True, help=DB_HELP)
    isk.add_argument("--ballot", help="jenis pemilihan bila tidak terbaca dari path (ppwp, pdpr, pdpd, pdprdp, pdprdk)")
    isk.add_argument("paths", nargs="+", type=Path, help="berkas, folder atau arsip zip")

    summ = registry.add("sirekap-summary", "angka Sirekap per TPS/desa/kecamatan dengan cakupan (CSV atau JSON)",
                        cmd_sirekap_summary)
    summ.add_argument("--db", required=True, help=DB_HELP)
    summ.add_argument("--ballot", required=True, help="ppwp, pdpr, pdpd, pdprdp, pdprdk")
    summ.add_argument("--level", required=True, choices=("tps", "desa", "kecamatan"))
    summ.add_argument("--format", default="csv", choices=("csv", "json"))

    mark = registry.add(
        "tandai-tps", "tandai TPS sebagai PSU/PSL/PSS/HSU/HSS (atau kembali normal) untuk satu jenis pemilihan: angka "
        "Sirekap TPS itu sebelum pemungutan/penghitungan ulang tidak dihitung lagi (tercatat di log audit)",
        cmd_mark_tps, writes=True)
    mark.add_argument("--db", required=True, help=DB_HELP)
    mark.add_argument("--ballot", required=True, help="ppwp, pdpr, pdpd, pdprdp, pdprdk")
    mark.add_argument("--tps", required=True, help="kode TPS 13 digit")
    mark.add_argument("--status", required=True, choices=("psu", "psl", "pss", "hsu", "hss", "normal"),
                      help="psu pemungutan suara ulang, psl lanjutan, pss susulan, hsu/hss penghitungan suara "
                      "ulang/susulan, normal")
    mark.add_argument("--reason", required=True, help="alasan (mis. rekomendasi Panwaslu, berita acara PSU)")
    mark.add_argument("--sejak", help="rekaman Sirekap dengan waktu (ts) sejak ini dihitung sebagai hasil ulang, "
                      "mis. 2024-02-18 (bawaan: rekaman yang ditandai psu oleh Sirekap)")


def cmd_import_sirekap(args: argparse.Namespace) -> int:
    from rekap_desktop.sirekap.importer import import_paths
    from rekap_desktop.sirekap.parsing import ReadError

    service = open_service(args)
    try:
        summary = import_paths(service, args.paths, ballot_hint=args.ballot)
    except ValueError as exc:
        err(str(exc))
        return EXIT_INPUT
    except ReadError as exc:
        err(f"Impor dibatalkan; tidak ada yang ditulis: {exc}")
        return EXIT_INPUT
    for line in summary.report_lines():
        out(line)
    for line in summary.problem_lines():
        err(line)
    return EXIT_INPUT if summary.nothing_usable else EXIT_OK


def cmd_sirekap_summary(args: argparse.Namespace) -> int:
    from rekap_desktop.sirekap.summary import HEADER, summary

    service = open_service(args, read_only=True)
    try:
        rows = summary(service, args.ballot, args.level)
    except ValueError as exc:
        err(str(exc))
        return EXIT_INPUT
    if args.format == "json":
        out(json.dumps([dict(zip(HEADER, r.as_tuple(), strict=True)) for r in rows], ensure_ascii=False, indent=1))
    else:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(r.as_tuple() for r in rows)
    return EXIT_OK


def cmd_mark_tps(args: argparse.Namespace) -> int:
    from rekap_desktop.services import ValidationError
    from rekap_desktop.sirekap.marks import mark_tps

    service = open_service(args)
    try:
        mark = mark_tps(service, args.ballot, args.tps, args.status, args.reason or "", args.sejak)
    except ValidationError as exc:
        err(f"TPS TIDAK ditandai (tidak ada yang ditulis): {exc}")
        return EXIT_INPUT
    what = mark.status.label if mark.status.short else "normal (Reguler)"
    since = f"; rekaman sejak {mark.since} dihitung sebagai hasilnya" if mark.since else ""
    if not mark.changed:
        out(f"TPS {mark.tps} ({mark.ballot}) sudah bertanda {what}; tidak ada yang diubah.")
    else:
        out(f"TPS {mark.tps} ({mark.ballot}) ditandai {what}{since}. Alasan: {mark.reason}")
    return EXIT_OK
