"""Seats of the DPRD Kabupaten/Kota: ``kursi`` (issue 14.4; docs/panduan-kursi.md)."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

from rekap_desktop.os_errors import os_reason
from ui.commands.common import DB_HELP, EXIT_INPUT, EXIT_OK, Registry, err, open_service, out

if TYPE_CHECKING:
    from rekap_desktop.contest import Contest
    from rekap_desktop.seats_dapil import DapilSeats
    from rekap_desktop.services import RecapService

ORDER = 45


def register(registry: Registry) -> None:
    kursi = registry.add(
        "kursi", "perolehan kursi dan calon terpilih DPRD Kabupaten/Kota per dapil (Sainte-Laguë), selisih kursi "
        "terakhir, dan hal terbuka yang dapat mengubahnya; --out/--out-dir: kertas kerja PDF terdaftar", cmd_kursi,
        writes=True)
    kursi.add_argument("--db", required=True, help=DB_HELP)
    kursi.add_argument("--ballot", required=True, help="pdprdk (DPR dan DPRD Provinsi tidak dibagi di sini)")
    kursi.add_argument("--dapil", help="kode dapil (tanpa: semua dapil DPRD Kabupaten/Kota)")
    kursi.add_argument("--format", default="text", choices=("text", "csv", "json"))
    kursi.add_argument("--out", type=Path, help="simpan kertas kerja kursi dapil --dapil sebagai PDF (didaftarkan)")
    kursi.add_argument("--out-dir", type=Path, help="simpan kertas kerja kursi setiap dapil (kursi-<dapil>.pdf)")
    kursi.add_argument("--paper", choices=("a4", "f4"), help="ukuran kertas (bawaan: pengaturan kantor)")
    kursi.add_argument("--salinan", action="store_true",
                       help="salinan tidak terdaftar untuk pemeriksaan: tidak ada yang ditulis ke basis data, setiap "
                            "halaman bertanda SALINAN TIDAK TERDAFTAR (otomatis bila basis data hanya dapat dibaca)")
    kursi.add_argument("--invariant", action="store_true", help=argparse.SUPPRESS)  # identical bytes (tests)


def cmd_kursi(args: argparse.Namespace) -> int:
    from rekap_desktop.ballot import Ballot
    from rekap_desktop.seats_dapil import supports
    from rekap_desktop.seats_report import all_dapil_seats, seat_contests
    from rekap_desktop.services import ValidationError

    try:
        ballot = Ballot.parse(args.ballot)
    except ValueError as exc:
        err(str(exc))
        return EXIT_INPUT
    # only an issued document (--out/--out-dir) writes (its register entry); the listing reads, on any copy; on a
    # database that can only be read (or with --salinan) the document is an unregistered copy, as berita-acara's
    from ui.commands.documents import copy_only

    copy = bool(args.out or args.out_dir) and copy_only(args)
    service = open_service(args, read_only=copy or not (args.out or args.out_dir))
    try:
        if ballot is not Ballot.PDPRDK:
            contests = [c for c in service.contests() if c.ballot is ballot]
            err(supports(contests[0]) if contests else f"{ballot.label}: kursi hanya dibagi untuk DPRD "
                "Kabupaten/Kota (--ballot pdprdk).")
            return EXIT_INPUT
        try:
            contests = seat_contests(service, args.dapil)
        except ValidationError as exc:
            err(str(exc))
            return EXIT_INPUT
        if not contests:
            err("Tidak ada dapil DPRD Kabupaten/Kota di basis data ini.")
            return EXIT_INPUT
        if args.out is not None or args.out_dir is not None:
            return _documents(args, service, contests, copy)
        results = all_dapil_seats(service, contests)
    finally:
        service.close()
    if args.format == "json":
        from rekap_desktop.seats_report import as_json

        out(json.dumps([as_json(r) for r in results], ensure_ascii=False, indent=1))
    elif args.format == "csv":
        from rekap_desktop.seats_report import CSV_HEADER, csv_rows

        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, CSV_HEADER, lineterminator="\n")
        writer.writeheader()
        for r in results:
            writer.writerows(csv_rows(r))
        out(buffer.getvalue().rstrip("\n"))
    else:
        for i, r in enumerate(results):
            if i:
                out()
            for line in text_lines(r):
                out(line)
    return EXIT_OK


def _documents(args: argparse.Namespace, service: RecapService, contests: list[Contest], copy: bool) -> int:
    """Issue (render, register, write) the kertas kerja of each dapil; nothing is registered for a failed one.
    `copy`: unregistered copies instead (nothing written to the database)."""
    from rekap_desktop.documents import DocumentKind, Purpose
    from reports import kursi
    from reports.issue import issue_document
    from ui.commands.documents import report_issue

    if args.out is not None and (args.out_dir is not None or len(contests) != 1):
        err("--out menyimpan satu dapil: sebut --dapil, atau pakai --out-dir untuk semua dapil.")
        return EXIT_INPUT
    if args.out_dir is not None:
        try:
            args.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            err(f"Folder {args.out_dir} tidak dapat dibuat: {os_reason(exc)}. Tidak ada yang ditulis.")
            return EXIT_INPUT
    kursi.register()
    for contest in contests:
        path = args.out if args.out is not None else args.out_dir / f"kursi-{contest.dapil_code}.pdf"
        try:
            issued = issue_document(service, DocumentKind.KURSI, contest, purpose=Purpose.DISIMPAN, out=path,
                                    paper=args.paper, invariant=args.invariant, copy=copy)
        except ValueError as exc:
            err(f"Kertas kerja kursi {contest.title} tidak dibuat: {exc}")
            return EXIT_INPUT
        except OSError as exc:
            err(f"PDF tidak dapat ditulis ke {path}: {os_reason(exc)}. Tidak ada berkas yang ditulis dan tidak "
                "ada yang didaftarkan.")
            return EXIT_INPUT
        report_issue(issued, contest.title)
    return EXIT_OK


def text_lines(result: DapilSeats) -> list[str]:
    """The human report of one dapil (Indonesian)."""
    from rekap_desktop.numbers import format_number
    from rekap_desktop.seats import format_quotient

    lines = [f"Dapil {result.dapil_name} ({result.dapil_code}) — {format_number(result.seats)} kursi — "
             f"{result.state_label}"]
    allocation = result.allocation
    if allocation is None:
        lines.append(f"  {result.problem}")
        return lines
    lines.append(f"  {'Partai':<16}{'Suara':>11}{'Kursi':>7}  Hasil bagi (pembagi 1, 3, 5, …; [n] = kursi ke-n, "
                 "(seri) = sama dengan kursi terakhir)")
    for p in sorted(result.parties, key=lambda p: (-p.seats, -p.votes, p.number)):
        quotients = "  ".join(
            f"{q.text}{f' [{q.seat}]' if q.seat else ' (seri)' if q.status.value == 'seri' else ''}"
            for q in p.quotients)
        lines.append(f"  {p.party.short_name:<16}{format_number(p.votes):>11}{p.seats:>7}  {quotients}")
    if allocation.tie is not None:
        tie = allocation.tie
        lines.append(f"  SERI: {tie.seats} kursi terakhir antara {', '.join(result.name_of(n) for n in tie.parties)} "
                     f"(hasil bagi {tie.text}) — diputuskan rapat pleno")
    ls = allocation.last_seat
    if ls is not None:
        holder, challenger = result.name_of(ls.holder), result.name_of(ls.challenger)
        lines.append(
            f"  Kursi terakhir: {holder} (hasil bagi {format_quotient(ls.holder_quotient)}) unggul atas {challenger} "
            f"({format_quotient(ls.challenger_quotient)}): seri bila {holder} kehilangan "
            f"{format_number(ls.holder_loses)} suara, atau {challenger} bertambah {format_number(ls.challenger_gains)} "
            f"suara, atau {format_number(ls.votes_moved)} suara berpindah")
    lines.append("  Calon terpilih:")
    for p in result.seat_parties:
        pc = p.candidates
        names = "; ".join(f"{r.candidate.number}. {r.candidate.name} {format_number(r.votes)}" for r in pc.elected)
        margin = (f" — unggul {format_number(pc.margin)} suara atas pengganti pertama" if pc.margin is not None
                  and pc.tie is None else "")
        lines.append(f"    {p.party.short_name} ({p.seats} kursi): {names or '-'}{margin}")
        if pc.tie is not None:
            lines.append(f"      SERI: {pc.tie.text(p.party.short_name)}")
        if pc.unfilled:
            lines.append(f"      {pc.unfilled} kursi tidak terisi calon (DCT habis)")
        subs = pc.substitutes[:3]
        if subs:
            lines.append("      calon pengganti: " + "; ".join(
                f"{r.candidate.number}. {r.candidate.name} {format_number(r.votes)}"
                + (" (seri)" if r.tied_with else "") for r in subs))
    for note in result.notes:
        lines.append(f"  Catatan: {note}")
    if result.at_risk:
        lines.append("  Hal terbuka yang dapat mengubah hasil (RAWAN):")
        lines.extend(f"    - {r.message}" for r in result.at_risk)
    else:
        lines.append("  Tidak ada hal terbuka yang dapat mengubah kursi atau calon terpilih.")
    return lines
