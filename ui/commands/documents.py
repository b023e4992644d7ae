"""Documents: ``berita-acara``, ``verify-pdf`` and ``documents`` (the register of issued documents)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from rekap_desktop.os_errors import os_reason
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
)

ORDER = 40


def register(registry: Registry) -> None:
    ba = registry.add("berita-acara", "cetak berita acara dan sertifikat (Model D.HASIL KABKO) sebagai PDF; setiap "
                      "berkas didaftarkan di register dokumen dengan versinya. Dengan --all --out-dir: semua kontes "
                      "beserta D.KEJADIAN KHUSUS dan kertas kerja pembanding Sirekap, dalam satu proses",
                      cmd_berita_acara, writes=True)
    _document_arguments(ba, signable=True, allow_all=True)

    kk = registry.add("kejadian-khusus", "cetak Model D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN satu kontes (NIHIL bila "
                      "tidak ada); didaftarkan seperti berita acara", cmd_kejadian_khusus, writes=True)
    _document_arguments(kk, signable=True)

    pb = registry.add("pembanding-sirekap", "cetak kertas kerja pembanding Sirekap satu kontes (bukan bagian dari "
                      "berita acara, tidak ditandatangani): cakupan, baris yang berbeda, anomali TPS, TPS PSU",
                      cmd_pembanding, writes=True)
    _document_arguments(pb, signable=False)

    vp = registry.add("verify-pdf", "apakah PDF dokumen cocok dengan data (berkas terdaftar, angka tercetak, halaman, "
                      "tanda tangan)?", cmd_verify_pdf)
    vp.add_argument("file", type=Path, help="berkas PDF")
    vp.add_argument("--db", required=True, help=DB_HELP)
    vp.add_argument("--anchor", action="append", default=[], metavar="'AUDIT <n>:<hex>'",
                    help="jangkar audit yang pernah dicetak atau difoto saksi (boleh diulang): rantai harus "
                         "melewatinya, agar register atau riwayat yang ditulis ulang ketahuan")

    docs = registry.add("documents", "register dokumen: setiap berita acara dan dokumen lain yang disimpan, dicetak "
                        "atau ditandatangani, dengan versi, SHA-256 berkas, jangkar audit, siapa dan kapan",
                        cmd_documents)
    docs.add_argument("--db", required=True, help=DB_HELP)
    docs.add_argument("--format", choices=("text", "csv", "json"), default="text", help="bentuk keluaran")
    docs.add_argument("--ballot", help="hanya satu jenis pemilihan (ppwp, pdpr, pdpd, pdprdp, pdprdk)")
    docs.add_argument("--dapil", help="hanya satu dapil (bersama --ballot)")


def _document_arguments(parser: argparse.ArgumentParser, *, signable: bool, allow_all: bool = False) -> None:
    parser.add_argument("--db", required=True, help=DB_HELP)
    parser.add_argument("--ballot", required=not allow_all, help="ppwp, pdpr, pdpd, pdprdp, pdprdk")
    parser.add_argument("--dapil", help="kode dapil (wajib untuk DPR/DPRD bila lebih dari satu dapil)")
    parser.add_argument("--out", required=not allow_all, type=Path, help="berkas PDF keluaran")
    if allow_all:
        parser.add_argument("--all", action="store_true",
                            help="semua kontes: berita acara, D.KEJADIAN KHUSUS dan pembanding Sirekap "
                                 "(perlu --out-dir)")
        parser.add_argument("--out-dir", type=Path, help="folder keluaran untuk --all")
    parser.add_argument("--paper", default=None, choices=("a4", "f4"),
                        help="ukuran kertas (bawaan: pengaturan kantor)")
    if signable:
        parser.add_argument("--sign", type=Path, help="tanda tangan PAdES dengan berkas PKCS#12 (.p12)")
        parser.add_argument("--sign-password", default=None, help="kata sandi berkas .p12 (bila ada)")
    parser.add_argument("--salinan", action="store_true",
                        help="salinan tidak terdaftar untuk pemeriksaan: tidak ada yang ditulis ke basis data, setiap "
                             "halaman bertanda SALINAN TIDAK TERDAFTAR (otomatis bila basis data hanya dapat dibaca)")
    parser.add_argument("--invariant", action="store_true",
                        help="tanggal pembuatan tetap (untuk uji/arsip): data dan jangkar yang sama memberi berkas "
                             "sama")


def _one_contest(service, ballot: str, dapil: str | None):  # type: ignore[no-untyped-def]
    from rekap_desktop.services import ValidationError
    from ui.commands.common import contests_for

    found = contests_for(service, ballot, dapil)
    if len(found) > 1:
        options = ", ".join(c.dapil_code for c in found)
        raise ValidationError(f"{ballot} punya {len(found)} dapil; pilih dengan --dapil ({options})")
    return found[0]


def cmd_berita_acara(args: argparse.Namespace) -> int:
    from rekap_desktop.documents import DocumentKind

    if args.all:
        if args.ballot or args.out or args.dapil or not args.out_dir:
            err("--all dipakai bersama --out-dir saja (tanpa --ballot, --dapil, --out).")
            return EXIT_INPUT
        return _issue_all(args)
    if args.out_dir or not (args.ballot and args.out):
        err("Sebutkan --ballot dan --out (satu kontes), atau --all dengan --out-dir (semua kontes).")
        return EXIT_INPUT
    return _issue_one(args, DocumentKind.BERITA_ACARA)


def _issue_all(args: argparse.Namespace) -> int:
    """Every document of every contest, in plenary order, in one process; files named as the dialog names them.

    Each contest's data is read once for its three documents (one anchor, one sheet)."""
    import time

    from rekap_desktop.documents import DocumentKind, Purpose
    from reports.issue import IssueOptions, document_file_name, issue_contest_documents

    folder: Path = args.out_dir
    if not folder.is_dir():
        err(f"Folder keluaran {folder} tidak ada. Tidak ada berkas yang ditulis.")
        return EXIT_INPUT
    copy = copy_only(args)
    if copy and args.sign:
        err("Salinan tidak terdaftar tidak ditandatangani: tanpa --sign, atau cetak dari basis data yang dapat "
            "ditulis.")
        return EXIT_INPUT
    service = open_service(args, read_only=copy)
    settings = service.settings()
    kinds = (DocumentKind.BERITA_ACARA, DocumentKind.KEJADIAN_KHUSUS, DocumentKind.PEMBANDING_SIREKAP)
    options = IssueOptions(Purpose.DISIMPAN, args.invariant, True, args.sign, args.sign_password, copy=copy)
    started = time.perf_counter()
    pages = files = drafts = 0
    for contest in service.contests():
        targets = [(kind, folder / document_file_name(kind, contest, settings)) for kind in kinds]
        try:
            issued = issue_contest_documents(service, contest, targets, options, paper=args.paper)
        except OSError as exc:
            err(f"PDF {contest.title} tidak dapat ditulis ke {folder}: {os_reason(exc)}. Berhenti; {files} "
                "berkas sebelumnya sudah ditulis dan didaftarkan.")
            return EXIT_INPUT
        except ValueError as exc:
            err(f"{contest.title}: dokumen tidak ditandatangani dan tidak ditulis: {exc}. Berhenti setelah {files} "
                "berkas.")
            return EXIT_INPUT
        for doc in issued:
            assert doc.path is not None
            files += 1
            pages += doc.result.page_count
            drafts += doc.stamp.draft
            state = "SALINAN" if copy else "DRAF " if doc.stamp.draft else "final"
            out(f"{doc.stamp.document_id:<30} {state} {doc.result.page_count:>3} hal  {doc.path.name}")
    seconds = time.perf_counter() - started
    what = "sebagai SALINAN TIDAK TERDAFTAR (tidak ada yang ditulis ke basis data)" if copy else "dan didaftarkan"
    out(f"{files} dokumen ({pages} halaman) untuk {len(service.contests())} kontes ditulis ke {folder} {what} "
        f"dalam {seconds:.1f} detik; {drafts} di antaranya DRAF (apa yang masih terbuka: berita-acara per kontes, "
        "atau dialog berita acara).")
    return EXIT_OK


def copy_only(args: argparse.Namespace) -> bool:
    """An unregistered copy: asked for (``--salinan``), or the database can only be read (then said on stderr)."""
    from rekap_desktop.db import read_only_reason

    why = read_only_reason(args.db)
    if why and not args.salinan:
        err(f"Basis data {why}: dokumen dicetak sebagai SALINAN TIDAK TERDAFTAR (tidak didaftarkan, tidak ada yang "
            "ditulis ke basis data).")
    return bool(args.salinan or why)


def cmd_kejadian_khusus(args: argparse.Namespace) -> int:
    from rekap_desktop.documents import DocumentKind

    return _issue_one(args, DocumentKind.KEJADIAN_KHUSUS)


def cmd_pembanding(args: argparse.Namespace) -> int:
    from rekap_desktop.documents import DocumentKind

    return _issue_one(args, DocumentKind.PEMBANDING_SIREKAP)


def _issue_one(args: argparse.Namespace, kind) -> int:  # type: ignore[no-untyped-def]
    from rekap_desktop.documents import Purpose
    from rekap_desktop.services import ValidationError
    from reports.issue import issue_document

    copy = copy_only(args)
    service = open_service(args, read_only=copy)
    try:
        contest = _one_contest(service, args.ballot, args.dapil)
    except (ValidationError, ValueError) as exc:
        err(str(exc))
        return EXIT_INPUT
    try:
        issued = issue_document(service, kind, contest, purpose=Purpose.DISIMPAN, out=args.out, paper=args.paper,
                                invariant=args.invariant, sign=getattr(args, "sign", None),
                                sign_password=getattr(args, "sign_password", None), copy=copy)
    except OSError as exc:
        err(f"PDF tidak dapat ditulis ke {args.out}: {os_reason(exc)}. Tidak ada berkas yang ditulis dan "
            "tidak ada yang didaftarkan.")
        return EXIT_INPUT
    except ValueError as exc:  # e.g. a wrong .p12 password or a damaged certificate file
        err(f"PDF tidak ditandatangani dan tidak ditulis: {exc}")
        return EXIT_INPUT
    report_issue(issued, contest.title)
    return EXIT_OK


def report_issue(issued, title: str) -> None:  # type: ignore[no-untyped-def]
    issue = issued.issue
    result = issued.result
    if issue is None:  # an unregistered copy
        stamp = issued.stamp
        out(f"SALINAN TIDAK TERDAFTAR {title}: {issued.path} ({result.page_count} halaman), "
            f"{'DRAF' if stamp.draft else 'final'}; tidak ada di register dokumen.")
        out(f"  isi sama dengan {stamp.document_id} per {stamp.anchor}; verify-pdf tidak akan menyatakannya COCOK "
            "(bukan berkas yang diterbitkan)")
        return
    what = "versi baru" if issued.new_version else "cetak ulang versi yang sama: isinya tidak berubah"
    out(f"{issue.kind.label} {title}: {issued.path} ({result.page_count} halaman)")
    out(f"  ID dokumen {issue.document_id} (versi {issue.version}, {what}), "
        f"{'DRAF' if issue.draft else 'final'}{', bertanda tangan elektronik' if issue.signed else ''}")
    out(f"  {issue.anchor} · SHA-256 berkas {issue.file_sha256} · SHA-256 angka {issue.figures_sha256}")
    if issue.draft:
        err(f"DRAF {issue.document_id}: rekapitulasi {title} masih terbuka; dokumen bertanda DRAF di setiap halaman:")
        for line in issued.open.lines():
            err(f"  • {line}")


def cmd_verify_pdf(args: argparse.Namespace) -> int:
    from rekap_desktop.audit import Anchor
    from rekap_desktop.os_errors import os_reason
    from reports.verify_pdf import MAX_FILE_BYTES, verify_pdf

    path: Path = args.file
    if path.is_dir():
        err(f"{path} adalah folder, bukan berkas PDF: sebutkan satu berkas PDF.")
        return EXIT_INPUT
    if not path.is_file():
        err(f"{path} bukan berkas biasa (perangkat atau pipa): sebutkan satu berkas PDF." if path.exists()
            else f"Berkas tidak ditemukan: {path}")
        return EXIT_INPUT
    try:
        anchors = [Anchor.parse(text) for text in args.anchor]
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            err(f"Berkas {path} terlalu besar untuk dokumen Rekap Desktop ({size // (1 << 20):,} MiB; batas "
                f"{MAX_FILE_BYTES >> 20} MiB): tidak dibaca.".replace(",", "."))
            return EXIT_INPUT
        payload = path.read_bytes()
    except ValueError as exc:
        err(str(exc))
        return EXIT_INPUT
    except OSError as exc:
        err(f"Berkas {path} tidak dapat dibaca: {os_reason(exc)}")
        return EXIT_INPUT
    report = verify_pdf(payload, open_service(args, read_only=True), anchors)
    for line in report.info:
        out(line)
    for line in report.problems:
        err(line)
    return EXIT_OK if report.ok else EXIT_FINDINGS


def cmd_documents(args: argparse.Namespace) -> int:
    from rekap_desktop.documents import REGISTER_COLUMNS, issues, register_rows
    from rekap_desktop.services import ValidationError
    from ui.commands.common import contests_for

    service = open_service(args, read_only=True)
    keys: set[str] | None = None
    if args.ballot:
        try:
            keys = {c.key for c in contests_for(service, args.ballot, args.dapil)}
        except (ValidationError, ValueError) as exc:
            err(str(exc))
            return EXIT_INPUT
    rows = [r for r in register_rows(issues(service))
            if keys is None or (f"{r['ballot']}:{r['dapil']}" if r["dapil"] else r["ballot"]) in keys]
    if args.format == "json":
        out(json.dumps(rows, ensure_ascii=False, indent=1))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(REGISTER_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: cell_safe(v) for k, v in row.items()} for row in rows)
    else:
        _print_register(rows)
    return EXIT_OK


def _print_register(rows: list[dict[str, object]]) -> None:
    if not rows:
        out("Belum ada dokumen yang didaftarkan.")
        return
    head = ("#", "ID dokumen", "status", "draf", "ttd el.", "tujuan", "hal", "waktu (UTC)", "oleh", "jangkar audit",
            "SHA-256 berkas")
    table = [head]
    for r in rows:
        status = f"diganti oleh {r['superseded_by']}" if r["status"] == "diganti" else "berlaku"
        table.append((
            str(r["id"]), str(r["document_id"]), status, "DRAF" if r["draft"] else "final",
            "ya" if r["signed"] else "tidak", str(r["purpose"]), str(r["pages"]),
            str(r["issued_at"])[:19].replace("T", " "),
            f"{r['actor']} @ {r['station']}", str(r["anchor"]), f"{str(r['file_sha256'])[:16]}…",
        ))
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    for i, row in enumerate(table):
        out("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            out("  ".join("-" * w for w in widths))
    drafts = sum(1 for r in rows if r["draft"])
    out(f"{len(rows)} dokumen terdaftar, {drafts} di antaranya DRAF. Daftar lengkap: --format csv atau json.")
