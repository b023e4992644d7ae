"""The audit log: ``verify-audit``, ``anchor``, ``audit-log``, ``repair-derived`` and the kecamatan workflow
``set-status``."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import TYPE_CHECKING

from ui.commands.common import (
    DB_HELP,
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    Registry,
    cell_safe,
    err,
    open_service,
    out,
    record_number,
)

if TYPE_CHECKING:
    from rekap_desktop.services import RecapService

ORDER = 50

AUDIT_LOG_HEADER = ("seq", "time", "actor", "station", "action", "contest", "kecamatan", "line", "old", "new",
                    "reason", "keberatan", "detail")
"""Columns of ``audit-log`` (CSV and JSON keys); new columns are added at the end, never renamed."""


def register(registry: Registry) -> None:
    va = registry.add("verify-audit", "periksa rantai hash log audit, turunkan kembali isian, status, keberatan, "
                      "daftar hadir, data referensi dan impor Sirekap darinya, dan periksa jangkar audit",
                      cmd_verify_audit)
    va.add_argument("--db", required=True, help=DB_HELP)
    va.add_argument("--anchor", action="append", default=[], metavar="'AUDIT <n>:<hex>'",
                    help="jangkar audit yang pernah dicetak atau difoto (boleh diulang): rantai harus melewatinya")

    rd = registry.add("repair-derived", "hitung ulang data turunan Sirekap (rekaman yang dihitung per TPS, jumlah dan "
                      "cakupan per kecamatan) yang diubah di luar aplikasi, dan catat setiap perbedaan di log audit; "
                      "keluar 1 bila ada yang dihitung ulang, 0 bila semuanya sudah cocok",
                      cmd_repair_derived, writes=True)
    rd.add_argument("--db", required=True, help=DB_HELP)

    an = registry.add("anchor", "jangkar audit saat ini, satu baris: AUDIT <nomor peristiwa>:<16 digit hash>",
                      cmd_anchor)
    an.add_argument("--db", required=True, help=DB_HELP)

    al = registry.add("audit-log", "siapa mengubah apa, kapan, dari stasiun mana (untuk saksi dan Bawaslu)",
                      cmd_audit_log)
    al.add_argument("--db", required=True, help=DB_HELP)
    al.add_argument("--format", default="text", choices=("text", "csv", "json"))
    al.add_argument("--contest", help="hanya satu kontes (mis. ppwp, pdprdk:352701)")
    al.add_argument("--kecamatan", help="hanya satu kecamatan (kode 6 digit)")
    al.add_argument("--since", type=record_number, default=0, help="hanya peristiwa setelah nomor ini")

    ss = registry.add("set-status", "ubah status kecamatan (belum, dibacakan, selesai, ditetapkan); membuka kembali "
                      "kecamatan yang sudah ditetapkan adalah koreksi: wajib --reason dan --keberatan",
                      cmd_set_status, writes=True)
    ss.add_argument("--db", required=True, help=DB_HELP)
    ss.add_argument("--ballot", required=True, help="ppwp, pdpr, pdpd, pdprdp, pdprdk")
    ss.add_argument("--dapil", help="kode dapil (wajib untuk DPR/DPRD bila lebih dari satu dapil)")
    ss.add_argument("--kecamatan", required=True, help="kode kecamatan 6 digit")
    ss.add_argument("--status", required=True, choices=("belum", "dibacakan", "selesai", "ditetapkan"))
    ss.add_argument("--reason", default="", help="alasan (wajib bila membuka kembali kecamatan yang ditetapkan)")
    ss.add_argument("--keberatan", type=record_number, default=None, help="nomor keberatan yang menjadi dasar koreksi")
    ss.add_argument("--paksa", action="store_true",
                    help="tetapkan juga walau masih ada isian kosong atau temuan galat (disebutkan satu per satu)")


def cmd_verify_audit(args: argparse.Namespace) -> int:
    from rekap_desktop.audit import Anchor

    try:
        anchors = [Anchor.parse(text) for text in args.anchor]
    except ValueError as exc:
        err(str(exc))
        return EXIT_INPUT
    service = open_service(args, read_only=True)
    report = service.verify_audit(anchors)
    if report.ok:
        out(f"Log audit utuh: {report.events} peristiwa, rantai hash benar; {report.entries} isian, status, "
            "keberatan, daftar hadir, data referensi dan impor Sirekap cocok dengan log.")
        if report.anchors_checked:
            given = ", ".join(a.text for a in anchors)
            out(f"Rantai melewati {report.anchors_checked} jangkar yang diberikan: {given}")
        if report.head is not None:
            out(f"Jangkar saat ini: {report.head.text}")
        for line in _repair_notes(service):
            out(line)
        return EXIT_OK
    err(f"LOG AUDIT TIDAK UTUH ({len(report.problems)} masalah"
        + (f"; peristiwa rusak pertama #{report.first_bad_event}" if report.first_bad_event else "") + "):")
    for p in report.problems:
        err(f"  {p}")
    for line in _repair_notes(service):
        err(line)
    return EXIT_FINDINGS


def _repair_notes(service: RecapService) -> list[str]:
    """One line per earlier ``repair-derived`` that found something: the chain keeps what was changed."""
    from sqlalchemy import text

    from rekap_desktop.sirekap.guard import ACTION

    lines = []
    with service.engine.connect() as conn:
        for event_id, ts, actor, payload in conn.execute(
                text("SELECT id, ts, actor, payload FROM audit_event WHERE action = :a ORDER BY id"), {"a": ACTION}):
            try:
                count = json.loads(payload or "{}").get("count", "?")
            except (ValueError, AttributeError):
                count = "?"
            lines.append(f"Catatan: data turunan Sirekap pernah diubah di luar aplikasi dan dihitung ulang oleh "
                         f"{actor} pada {ts} (peristiwa #{event_id}, {count} perbedaan; rinciannya: rekap-desktop "
                         "audit-log).")
    return lines


def cmd_repair_derived(args: argparse.Namespace) -> int:
    from rekap_desktop.sirekap.guard import repair_logged

    service = open_service(args)
    result = repair_logged(service)
    if not result.problems:
        out("Data turunan Sirekap cocok dengan rekaman TPS, tanda status dan tabel wilayah: tidak ada yang dihitung "
            "ulang, tidak ada yang dicatat.")
        return EXIT_OK
    err(f"Data turunan Sirekap diubah di luar aplikasi ({len(result.problems)} perbedaan):")
    for p in result.problems:
        err(f"  {p}")
    out(f"Dihitung ulang dari rekaman TPS; setiap perbedaan di atas tercatat di log audit (peristiwa "
        f"#{result.event_id}). Laporkan kepada Bawaslu.")
    return EXIT_FINDINGS


def cmd_anchor(args: argparse.Namespace) -> int:
    """The anchor of the chain head — only when the head is the last event as logged (a head changed by raw SQL
    would hand out an anchor no event has)."""
    from sqlalchemy import text

    service = open_service(args, read_only=True)
    anchor = service.anchor()
    with service.engine.connect() as conn:
        last = conn.execute(text("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1")).first()
    logged = (0, anchor.hash_prefix) if last is None else (int(last.id), str(last.hash)[:len(anchor.hash_prefix)])
    if logged != (anchor.event_id, anchor.hash_prefix):
        err(f"Kepala rantai audit ({anchor.text}) tidak sama dengan peristiwa terakhir di log: jalankan verify-audit.")
        return EXIT_FINDINGS
    out(anchor.text)
    return EXIT_OK


def cmd_audit_log(args: argparse.Namespace) -> int:
    from rekap_desktop.audit_log import audit_log_rows

    service = open_service(args, read_only=True)
    rows = audit_log_rows(service.engine, contest=args.contest, kecamatan=args.kecamatan, since=args.since)
    if args.format == "json":
        out(json.dumps([dict(zip(AUDIT_LOG_HEADER, r.as_tuple(), strict=True)) for r in rows], ensure_ascii=False,
                       indent=1))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(AUDIT_LOG_HEADER)
        writer.writerows(tuple(cell_safe(v) for v in r.as_tuple()) for r in rows)
    else:
        for r in rows:
            out(r.text_line())
        out(f"{len(rows)} peristiwa.")
    return EXIT_OK


def cmd_set_status(args: argparse.Namespace) -> int:
    from rekap_desktop.services import KecamatanStatus, LockedError, ValidationError
    from ui.commands.common import contests_for

    service = open_service(args)
    try:
        contests = contests_for(service, args.ballot, args.dapil)
        if len(contests) > 1:
            raise ValidationError(f"{args.ballot} punya {len(contests)} dapil; pilih dengan --dapil "
                                  f"({', '.join(c.dapil_code for c in contests)})")
        contest = contests[0]
        before = service.statuses(contest.key).get(args.kecamatan)
        if args.status == "ditetapkan" and before is not KecamatanStatus.DITETAPKAN and contest.has_kecamatan(
                args.kecamatan):
            problems = penetapan_problems(service, contest.key, args.kecamatan)
            if problems and not args.paksa:
                err(f"Status TIDAK diubah: kecamatan {contest.kecamatan_name(args.kecamatan)} belum siap ditetapkan "
                    "(pakai --paksa bila tetap ditetapkan):")
                for line in problems:
                    err(f"  • {line}")
                return EXIT_INPUT
        service.set_status(contest.key, args.kecamatan, KecamatanStatus(args.status), reason=args.reason,
                           keberatan_id=args.keberatan)
    except (LockedError, ValidationError, ValueError) as exc:
        err(f"Status TIDAK diubah: {exc}")
        return EXIT_INPUT
    name = contest.kecamatan_name(args.kecamatan)
    out(f"{contest.title}, kecamatan {name} ({args.kecamatan}): {before.value if before else '-'} → {args.status}. "
        f"Jangkar: {service.anchor().text}")
    return EXIT_OK


def penetapan_problems(service: object, key: str, kecamatan: str) -> list[str]:
    """What is still open in a kecamatan column: empty cells and error findings (the window asks the same)."""
    from rekap_desktop.services import RecapService

    assert isinstance(service, RecapService)
    sheet = service.load_sheet(key)
    empty = [li.id for li in sheet.catalogue.lines if sheet.value(li.id, kecamatan) is None]
    errors = [f for f in sheet.all_findings() if f.column == kecamatan and f.severity.value == "error"]
    out = []
    if empty:
        out.append(f"{len(empty)} isian kosong: {', '.join(empty[:8])}{' …' if len(empty) > 8 else ''}")
    out += [f"galat {f.line}: {f.message}" for f in errors[:8]]
    if len(errors) > 8:
        out.append(f"… dan {len(errors) - 8} temuan galat lainnya")
    return out
