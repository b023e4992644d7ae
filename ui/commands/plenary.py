"""The plenary's own events and rules: ``hitung-ulang`` (a TPS recount), the keberatan / kejadian khusus commands
(``catat-keberatan``, ``rekomendasi-bawaslu``, ``putuskan-keberatan``, ``daftar-keberatan``), ``daftar-hitung-ulang``
and ``aturan`` (the rule catalogue with severities and sources)."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

from ui.commands.common import (
    DB_HELP,
    EXIT_INPUT,
    EXIT_OK,
    Registry,
    err,
    open_service,
    out,
    record_number,
)

if TYPE_CHECKING:
    from rekap_desktop.services import RecapService

ORDER = 45

BALLOT_HELP = "ppwp, pdpr, pdpd, pdprdp, pdprdk"


def register(registry: Registry) -> None:
    hu = registry.add(
        "hitung-ulang",
        "catat hitung ulang satu TPS dalam pleno: angka sebelum/sesudah per baris (CSV line,before,after); angka "
        "kecamatan berubah tepat sebesar selisihnya (juga kecamatan yang sudah ditetapkan)",
        cmd_hitung_ulang, writes=True,
    )
    hu.add_argument("--db", required=True, help=DB_HELP)
    hu.add_argument("--ballot", required=True, help=BALLOT_HELP)
    hu.add_argument("--dapil", help="kode dapil (tanpa: dapil yang memuat kecamatan TPS itu)")
    hu.add_argument("--tps", required=True, help="kode TPS 13 angka, mis. 3527071010003")
    hu.add_argument("--file", required=True, type=Path, help="berkas CSV dengan kolom line,before,after")
    hu.add_argument("--reason", required=True, help="alasan hitung ulang")
    hu.add_argument("--keberatan", required=True, type=record_number,
                    help="nomor keberatan/kejadian khusus yang dijawab")
    hu.add_argument("--tanggal", help="tanggal hitung ulang TTTT-BB-HH (bawaan: hari ini)")
    hu.add_argument("--beda-sirekap", default="", metavar="ALASAN",
                    help="bila angka sebelum berbeda dengan data Sirekap TPS itu (mis. salah baca): alasannya")

    lst = registry.add("daftar-hitung-ulang", "daftar hitung ulang TPS yang tercatat", cmd_daftar_hitung_ulang)
    lst.add_argument("--db", required=True, help=DB_HELP)
    lst.add_argument("--ballot", help=BALLOT_HELP + " (tanpa: semua)")
    lst.add_argument("--dapil", help="kode dapil")
    lst.add_argument("--format", default="text", choices=("text", "csv", "json"))

    kb = registry.add("catat-keberatan", "catat keberatan atau kejadian khusus (diajukan dalam pleno, atau dibawa "
                      "dari formulir PPK)", cmd_catat_keberatan, writes=True)
    kb.add_argument("--db", required=True, help=DB_HELP)
    kb.add_argument("--ballot", required=True, help=BALLOT_HELP)
    kb.add_argument("--dapil", help="kode dapil (wajib untuk DPR/DPRD bila ada lebih dari satu)")
    kb.add_argument("--jenis-catatan", dest="kind", default="keberatan", choices=("keberatan", "kejadian_khusus"))
    kb.add_argument("--asal", dest="level", default="kabupaten", choices=("kabupaten", "ppk"),
                    help="kabupaten: diajukan dalam pleno ini; ppk: dibawa dari formulir PPK, belum selesai")
    kb.add_argument("--pokok", dest="jenis", default=None, choices=("angka", "prosedur"),
                    help="angka atau prosedur (bawaan: angka bila --sel/--tps disebut)")
    kb.add_argument("--kecamatan", help="kode kecamatan 6 angka")
    kb.add_argument("--tps", default="", help="kode TPS 13 angka")
    kb.add_argument("--peserta", default="", help="peserta pemilu yang mengajukan")
    kb.add_argument("--saksi", default="", help="nama saksi")
    kb.add_argument("--sel", default="", help="baris formulir, dipisah koma (mis. V.B,IV.2)")
    kb.add_argument("--uraian", required=True, help="uraian keberatan/kejadian khusus")
    kb.add_argument("--rekomendasi", default="", help="rekomendasi Bawaslu, bila sudah ada")

    rk = registry.add("rekomendasi-bawaslu", "catat rekomendasi Bawaslu atas keberatan yang belum diputus",
                      cmd_rekomendasi, writes=True)
    rk.add_argument("--db", required=True, help=DB_HELP)
    rk.add_argument("--keberatan", required=True, type=record_number, help="nomor keberatan")
    rk.add_argument("--rekomendasi", required=True, help="isi rekomendasi Bawaslu")

    pk = registry.add("putuskan-keberatan", "putuskan keberatan/kejadian khusus: diterima atau ditolak, dengan "
                      "tindak lanjutnya", cmd_putuskan, writes=True)
    pk.add_argument("--db", required=True, help=DB_HELP)
    pk.add_argument("--keberatan", required=True, type=record_number, help="nomor keberatan")
    pk.add_argument("--keputusan", required=True, choices=("diterima", "ditolak"))
    pk.add_argument("--tindak-lanjut", required=True, help="tindak lanjut (untuk ditolak: alasannya)")
    pk.add_argument("--rekomendasi", default=None, help="rekomendasi Bawaslu yang dipertimbangkan")

    dk = registry.add("daftar-keberatan", "daftar keberatan dan kejadian khusus", cmd_daftar_keberatan)
    dk.add_argument("--db", required=True, help=DB_HELP)
    dk.add_argument("--ballot", help=BALLOT_HELP + " (tanpa: semua)")
    dk.add_argument("--dapil", help="kode dapil")
    dk.add_argument("--format", default="text", choices=("text", "csv", "json"))

    rules = registry.add("aturan", "daftar aturan R1–R17: tingkat (galat/peringatan), uraian dan sumbernya",
                         cmd_aturan)
    rules.add_argument("--format", default="text", choices=("text", "json"))


# ------------------------------------------------------------------------------------------------ recount
def cmd_hitung_ulang(args: argparse.Namespace) -> int:
    from rekap_desktop.recount import RecountError, contest_of_tps, read_figures_csv, record_recount
    from rekap_desktop.services import ValidationError

    try:
        figures, file_problems = read_figures_csv(args.file)  # bad rows: reported with everything else below
    except RecountError as exc:
        return _refused(exc.problems)
    service = open_service(args)
    try:
        contest = contest_of_tps(service, args.ballot, args.dapil, args.tps)
        done = record_recount(service, contest.key, args.tps, figures, reason=args.reason,
                              keberatan_id=args.keberatan, held_on=args.tanggal, sirekap_note=args.beda_sirekap,
                              input_problems=file_problems)
    except RecountError as exc:
        return _refused(exc.problems)
    except ValidationError as exc:
        return _refused([*file_problems, str(exc)])
    finally:
        service.close()
    out(f"Hitung ulang #{done.id} dicatat: {contest.title}, TPS {done.tps}, keberatan #{done.keberatan_id}.")
    for li in done.lines:
        change = f"selisih {li.delta:+d}" if li.delta else "tetap"
        out(f"  {li.line:10} {li.before:>4} → {li.after:>4}  ({change})")
    if not done.changed:
        out("Tidak ada angka yang berubah; angka kecamatan tetap.")
    return EXIT_OK


def _refused(problems: list[str]) -> int:
    err(f"Hitung ulang TIDAK dicatat ({len(problems)} masalah); tidak ada angka yang diubah:")
    for p in problems:
        err(f"  {p}")
    return EXIT_INPUT


def _contest_keys(args: argparse.Namespace, service: RecapService) -> set[str] | None:
    from ui.commands.common import contests_for

    if not args.ballot:
        return None
    return {c.key for c in contests_for(service, args.ballot, args.dapil)}


def cmd_daftar_hitung_ulang(args: argparse.Namespace) -> int:
    from rekap_desktop.recount import recounts
    from rekap_desktop.services import ValidationError

    service = open_service(args, read_only=True)  # a listing: works on an evidence copy too
    try:
        keys = _contest_keys(args, service)
    except (ValueError, ValidationError) as exc:
        err(str(exc))
        return EXIT_INPUT
    items = [r for r in recounts(service) if keys is None or r.contest in keys]
    service.close()
    rows = [
        {"recount": r.id, "contest": r.contest, "tps": r.tps, "held_on": r.held_on, "keberatan": r.keberatan_id,
         "line": li.line, "before": li.before, "after": li.after, "basis": li.basis, "known": li.known,
         "reason": r.reason}
        for r in items for li in r.lines
    ]
    if args.format == "json":
        out(json.dumps(rows, ensure_ascii=False, indent=1))
    elif args.format == "csv":
        _write_csv(rows, ["recount", "contest", "tps", "held_on", "keberatan", "line", "before", "after", "basis",
                          "known", "reason"])
    else:
        if not items:
            out("Belum ada hitung ulang.")
        for r in items:
            out(f"#{r.id} {r.contest} TPS {r.tps} ({r.held_on}), keberatan #{r.keberatan_id}: {r.reason}")
            for li in r.lines:
                out(f"    {li.line:10} {li.before:>4} → {li.after:>4}")
    return EXIT_OK


def _write_csv(rows: list[dict[str, object]], header: list[str]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    out(buffer.getvalue().rstrip("\n"))


# ------------------------------------------------------------------------------------------------ keberatan
def cmd_catat_keberatan(args: argparse.Namespace) -> int:
    from rekap_desktop.services import ValidationError
    from ui.commands.common import contests_for

    service = open_service(args)
    try:
        contests = contests_for(service, args.ballot, args.dapil)
        if len(contests) > 1:
            kec = args.kecamatan or (args.tps.strip()[:6] if args.tps else "")
            contests = [c for c in contests if kec and c.has_kecamatan(kec)] or contests
        if len(contests) > 1:
            raise ValidationError("sebutkan --dapil (atau --kecamatan/--tps) untuk " + contests[0].ballot.label)
        cells = [c for c in args.sel.replace(";", ",").split(",") if c.strip()]
        new_id = service.add_keberatan(
            contests[0].key, description=args.uraian, kind=args.kind, kecamatan=args.kecamatan,
            peserta=args.peserta, saksi=args.saksi, cells=cells, level=args.level, jenis=args.jenis, tps=args.tps,
            rekomendasi_bawaslu=args.rekomendasi,
        )
    except (ValueError, ValidationError) as exc:
        err(f"Keberatan TIDAK dicatat: {exc}")
        return EXIT_INPUT
    finally:
        service.close()
    out(f"Dicatat sebagai #{new_id} ({contests[0].title}).")
    return EXIT_OK


def cmd_rekomendasi(args: argparse.Namespace) -> int:
    from rekap_desktop.services import ValidationError

    service = open_service(args)
    try:
        service.record_rekomendasi(args.keberatan, args.rekomendasi)
    except ValidationError as exc:
        err(f"Rekomendasi TIDAK dicatat: {exc}")
        return EXIT_INPUT
    finally:
        service.close()
    out(f"Rekomendasi Bawaslu atas #{args.keberatan} dicatat.")
    return EXIT_OK


def cmd_putuskan(args: argparse.Namespace) -> int:
    from rekap_desktop.services import ValidationError

    service = open_service(args)
    try:
        service.resolve_keberatan(args.keberatan, outcome=args.keputusan, tindak_lanjut=args.tindak_lanjut,
                                  rekomendasi_bawaslu=args.rekomendasi)
    except ValidationError as exc:
        err(f"Keputusan TIDAK dicatat: {exc}")
        return EXIT_INPUT
    finally:
        service.close()
    out(f"Keberatan #{args.keberatan}: {args.keputusan}.")
    return EXIT_OK


def cmd_daftar_keberatan(args: argparse.Namespace) -> int:
    from rekap_desktop.keberatan import JENIS_LABELS, KIND_LABELS, LEVEL_LABELS, STATUS_LABELS
    from rekap_desktop.services import ValidationError

    service = open_service(args, read_only=True)  # a listing: works on an evidence copy too
    try:
        keys = _contest_keys(args, service)
    except (ValueError, ValidationError) as exc:
        err(str(exc))
        return EXIT_INPUT
    items = [k for k in service.keberatan() if keys is None or k.contest in keys]
    service.close()
    rows = [
        {"id": k.id, "contest": k.contest, "kind": k.kind, "level": k.level, "jenis": k.jenis,
         "kecamatan": k.kecamatan or "", "tps": k.tps, "peserta": k.peserta, "saksi": k.saksi,
         "cells": ",".join(k.cells), "description": k.description, "rekomendasi_bawaslu": k.rekomendasi_bawaslu,
         "status": k.status, "tindak_lanjut": k.tindak_lanjut}
        for k in items
    ]
    if args.format == "json":
        out(json.dumps(rows, ensure_ascii=False, indent=1))
    elif args.format == "csv":
        _write_csv(rows, list(rows[0]) if rows else ["id"])
    else:
        if not items:
            out("NIHIL: tidak ada keberatan atau kejadian khusus.")
        for k in items:
            where = " ".join(x for x in (k.kecamatan or "", f"TPS {k.tps}" if k.tps else "") if x)
            out(f"#{k.id} {k.contest} [{LEVEL_LABELS[k.level]}] {KIND_LABELS[k.kind]} ({JENIS_LABELS[k.jenis]})"
                f"{' ' + where if where else ''}: {k.description}")
            if k.rekomendasi_bawaslu:
                out(f"    rekomendasi Bawaslu: {k.rekomendasi_bawaslu}")
            out(f"    keputusan: {STATUS_LABELS[k.status]}" + (f"; {k.tindak_lanjut}" if k.tindak_lanjut else ""))
    return EXIT_OK


# ------------------------------------------------------------------------------------------------ rules
def cmd_aturan(args: argparse.Namespace) -> int:
    from rekap_desktop.rules import RULES

    if args.format == "json":
        out(json.dumps([{"rule": r.id, "severity": r.severity.value, "title": r.title, "source": r.source,
                         "enforced_by": r.enforced_by} for r in RULES], ensure_ascii=False, indent=1))
        return EXIT_OK
    for r in RULES:
        out(f"{r.id:4} [{r.severity.label}] {r.title}")
        out(f"     Sumber: {r.source}")
        if r.enforced_by:
            out(f"     Dijaga aplikasi: {r.enforced_by}")
    return EXIT_OK
