"""The command line of Rekap Desktop (DESIGN §10). No Qt at module level: headless commands run without a display."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

EXIT_OK = 0
EXIT_FINDINGS = 1  # check: error findings; verify-*: mismatch or tampering found
EXIT_INPUT = 2  # bad arguments or bad input file: nothing was written
EXIT_STORAGE = 3  # the database could not be opened or written: nothing was written

EXIT_CODES = """Kode keluar:
  0  berhasil
  1  check: ada temuan galat; verify-audit/verify-pdf: ada yang tidak cocok atau telah diubah
  2  argumen atau berkas masukan salah (tidak ada yang ditulis)
  3  basis data tidak dapat dibuka atau ditulis (tidak ada yang ditulis)"""

DB_HELP = "basis data: path berkas SQLite atau URL PostgreSQL (postgresql+psycopg://…); bawaan: data pengguna"


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rekap-desktop",
        description="Rekap Desktop: rekapitulasi hasil penghitungan suara tingkat KPU Kabupaten/Kota — entri "
        "D.HASIL KECAMATAN, pembanding Sirekap, layar proyektor, berita acara D.HASIL KABKO.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, epilog=EXIT_CODES,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        return p

    gui = add("gui", "membuka aplikasi (perintah bawaan)")
    gui.add_argument("--db", help=DB_HELP)
    gui.add_argument("--demo", action="store_true", help="buka basis data demo (dibuat bila belum ada)")
    gui.add_argument("--operator", default="", help="nama operator yang dicatat di log audit")

    demo = add("demo", "membuat basis data demo Kabupaten Sampang (angka rekaan, calon fiktif)")
    demo.add_argument("--db", required=True, help="berkas SQLite baru (atau URL basis data kosong)")
    demo.add_argument("--force", action="store_true", help="timpa berkas SQLite yang sudah ada")

    im = add("import-manual", "impor angka D.HASIL KECAMATAN dari CSV/XLSX (kolom ballot,dapil,kecamatan,line,value)")
    im.add_argument("--db", required=True, help=DB_HELP)
    im.add_argument("file", type=Path, help="berkas .csv atau .xlsx")

    isk = add("import-sirekap", "impor data Sirekap (JSON/CSV/XLSX; berkas, folder, atau zip). Berkas yang rusak "
              "dilewati dan dilaporkan, berkas lain tetap diimpor: kode keluar 0 bila ada berkas yang dapat "
              "dipakai, 2 bila tidak ada satu pun (basis data tidak diubah)")
    isk.add_argument("--db", required=True, help=DB_HELP)
    isk.add_argument("--ballot", help="jenis pemilihan bila tidak terbaca dari path (ppwp, pdpr, pdpd, pdprdp, pdprdk)")
    isk.add_argument("paths", nargs="+", type=Path, help="berkas, folder atau arsip zip")

    summ = add("sirekap-summary", "angka Sirekap per TPS/desa/kecamatan dengan cakupan (CSV atau JSON)")
    summ.add_argument("--db", required=True, help=DB_HELP)
    summ.add_argument("--ballot", required=True, help="ppwp, pdpr, pdpd, pdprdp, pdprdk")
    summ.add_argument("--level", required=True, choices=("tps", "desa", "kecamatan"))
    summ.add_argument("--format", default="csv", choices=("csv", "json"))

    check = add("check", "temuan: aturan R1–R17, beda dengan Sirekap, anomali TPS Sirekap")
    check.add_argument("--db", required=True, help=DB_HELP)
    check.add_argument("--ballot", required=True, help="ppwp, pdpr, pdpd, pdprdp, pdprdk")
    check.add_argument("--dapil", help="kode dapil (tanpa: semua dapil jenis pemilihan itu)")
    check.add_argument("--format", default="text", choices=("text", "json"))

    ex = add("export", "ekspor angka manual (ballot,dapil,kecamatan,line,value)")
    ex.add_argument("--db", required=True, help=DB_HELP)
    ex.add_argument("--format", required=True, choices=("csv", "xlsx"))
    ex.add_argument("--out", required=True, type=Path, help="berkas keluaran")

    ba = add("berita-acara", "cetak berita acara dan sertifikat (Model D.HASIL KABKO) sebagai PDF")
    ba.add_argument("--db", required=True, help=DB_HELP)
    ba.add_argument("--ballot", required=True, help="ppwp, pdpr, pdpd, pdprdp, pdprdk")
    ba.add_argument("--dapil", help="kode dapil (wajib untuk DPR/DPRD bila lebih dari satu dapil)")
    ba.add_argument("--out", required=True, type=Path, help="berkas PDF keluaran")
    ba.add_argument("--paper", default=None, choices=("a4", "f4"), help="ukuran kertas (bawaan: pengaturan kantor)")
    ba.add_argument("--sign", type=Path, help="tanda tangan PAdES dengan berkas PKCS#12 (.p12)")
    ba.add_argument("--sign-password", default=None, help="kata sandi berkas .p12 (bila ada)")
    ba.add_argument("--invariant", action="store_true",
                    help="isi berkas sama persis untuk data yang sama (tanggal pembuatan tetap; untuk uji/arsip)")

    va = add("verify-audit", "periksa rantai hash log audit dan turunkan kembali isian darinya")
    va.add_argument("--db", required=True, help=DB_HELP)

    vp = add("verify-pdf", "apakah PDF berita acara cocok dengan data saat ini (dan tanda tangannya utuh)?")
    vp.add_argument("file", type=Path, help="berkas PDF")
    vp.add_argument("--db", required=True, help=DB_HELP)

    init = add("init", "siapkan basis data baru untuk satu kabupaten/kota")
    init.add_argument("--db", required=True, help=DB_HELP)
    init.add_argument("--kabupaten", required=True, help="kode kabupaten/kota 4 digit, mis. 3527")
    init.add_argument("--nama", default="", help="nama kabupaten/kota, mis. SAMPANG")

    ir = add("import-reference", "impor data referensi (wilayah, dapil, partai, DCT, paslon, kantor) dari CSV/XLSX")
    ir.add_argument("--db", required=True, help=DB_HELP)
    ir.add_argument("paths", nargs="+", type=Path, help="berkas templat atau daftar Sirekap")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    known = {"gui", "demo", "import-manual", "import-sirekap", "sirekap-summary", "check", "export", "berita-acara",
             "verify-audit", "verify-pdf", "init", "import-reference"}
    if not args_list or (args_list[0] not in known and args_list[0] not in ("-h", "--help")):
        args_list = ["gui", *args_list]
    args = parser.parse_args(args_list)
    handler = COMMANDS[args.command]
    from rekap_desktop.services import StorageError

    try:
        return handler(args)
    except StorageError as exc:
        _err(f"Galat basis data: {exc}")
        return EXIT_STORAGE
    except KeyboardInterrupt:
        _err("Dihentikan.")
        return EXIT_INPUT
    except BrokenPipeError:  # output piped into e.g. `head`: not an error of ours
        sys.stderr.close()
        return EXIT_OK


# ------------------------------------------------------------------------------------------------- commands
def _open(target: str, actor: str = "cli") -> object:
    from rekap_desktop.services import RecapService

    return RecapService.open(target, actor=actor, create=False)


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from ui.app import run
    except ImportError as exc:  # the window module is missing from this build
        _err(f"Jendela aplikasi belum tersedia pada versi ini ({exc}).")
        return EXIT_INPUT
    return int(run(db=args.db, demo=args.demo, operator=args.operator))


def cmd_demo(args: argparse.Namespace) -> int:
    from rekap_desktop.demo import create_demo

    target = args.db
    if "://" not in target:
        path = Path(target)
        if path.exists():
            if not args.force:
                _err(f"{path} sudah ada; pakai --force untuk menimpanya, atau pilih nama lain.")
                return EXIT_INPUT
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    try:
        result = create_demo(target)
    except ValueError as exc:
        _err(str(exc))
        return EXIT_INPUT
    _out(f"Basis data demo Kabupaten Sampang dibuat: {target}")
    _out(f"  kontes: {result.contests}; isian manual: {result.entries}; berkas Sirekap: {result.sirekap_files} "
         f"({result.sirekap_records} rekaman TPS, {result.anomalies} anomali); {result.seconds:.1f} detik")
    _out("  Angka demo adalah rekaan; nama calon fiktif.")
    return EXIT_OK


def cmd_import_manual(args: argparse.Namespace) -> int:
    from rekap_desktop.manual_import import ManualImportError, import_manual

    service = _open(args.db)
    try:
        result = import_manual(service, args.file)  # type: ignore[arg-type]
    except ManualImportError as exc:
        _err(f"Berkas TIDAK diimpor ({len(exc.problems)} masalah); tidak ada angka yang ditulis:")
        for problem in exc.problems:
            _err(f"  {problem}")
        return EXIT_INPUT
    _out(f"Diimpor {result.rows} angka dari {args.file}: " + ", ".join(f"{k} {n}" for k, n in result.contests.items()))
    return EXIT_OK


def cmd_import_sirekap(args: argparse.Namespace) -> int:
    from rekap_desktop.sirekap_import import import_paths

    service = _open(args.db)
    try:
        summary = import_paths(service, args.paths, ballot_hint=args.ballot)  # type: ignore[arg-type]
    except ValueError as exc:
        _err(str(exc))
        return EXIT_INPUT
    for line in summary.report_lines():
        _out(line)
    for line in summary.problem_lines():
        _err(line)
    return EXIT_INPUT if summary.nothing_usable else EXIT_OK


def cmd_sirekap_summary(args: argparse.Namespace) -> int:
    from rekap_desktop.sirekap_summary import HEADER, summary

    service = _open(args.db)
    try:
        rows = summary(service, args.ballot, args.level)  # type: ignore[arg-type]
    except ValueError as exc:
        _err(str(exc))
        return EXIT_INPUT
    if args.format == "json":
        _out(json.dumps([dict(zip(HEADER, r.as_tuple(), strict=True)) for r in rows], ensure_ascii=False, indent=1))
    else:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(r.as_tuple() for r in rows)
    return EXIT_OK


def _contests_for(service: object, ballot_text: str, dapil: str | None) -> list[object]:
    from rekap_desktop.ballot import Ballot
    from rekap_desktop.services import RecapService, ValidationError

    assert isinstance(service, RecapService)
    ballot = Ballot.parse(ballot_text)
    if dapil:
        return [service.find_contest(ballot.value, dapil)]
    found = [c for c in service.contests() if c.ballot is ballot]
    if not found:
        raise ValidationError(f"tidak ada kontes {ballot.label} di basis data ini")
    return list(found)


def cmd_check(args: argparse.Namespace) -> int:
    from rekap_desktop.checks import contest_findings
    from rekap_desktop.services import ValidationError

    service = _open(args.db)
    try:
        contests = _contests_for(service, args.ballot, args.dapil)
    except (ValueError, ValidationError) as exc:
        _err(str(exc))
        return EXIT_INPUT
    findings = [f for c in contests for f in contest_findings(service, c)]  # type: ignore[arg-type]
    if args.format == "json":
        _out(json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=1))
    else:
        names = service.region_names({f.kecamatan for f in findings})  # type: ignore[attr-defined]
        if not findings:
            _out("Tidak ada temuan.")
        for f in findings:
            where = "JUMLAH" if f.kecamatan == "JUMLAH" else f"{f.kecamatan} {names.get(f.kecamatan, '')}".strip()
            tps = f" TPS {f.tps}" if f.tps else ""
            dapil = f" dapil {f.dapil}" if f.dapil else ""
            _out(f"[{f.severity.upper():7}] {f.rule:26} {f.ballot}{dapil} | {where}{tps} | {f.line} | {f.message}")
            if f.images:
                _out(f"          foto: {' '.join(f.images)}")
        errors = sum(f.severity == "error" for f in findings)
        _out(f"Jumlah temuan: {len(findings)} ({errors} galat, {len(findings) - errors} peringatan)")
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from rekap_desktop.export import export

    service = _open(args.db)
    try:
        n = export(service, args.out, args.format)  # type: ignore[arg-type]
    except OSError as exc:
        _err(f"Berkas {args.out} tidak dapat ditulis: {exc.strerror or exc}")
        return EXIT_INPUT
    _out(f"Diekspor {n} baris ke {args.out}")
    return EXIT_OK


def cmd_verify_audit(args: argparse.Namespace) -> int:
    service = _open(args.db)
    report = service.verify_audit()  # type: ignore[attr-defined]
    if report.ok:
        _out(f"Log audit utuh: {report.events} peristiwa, rantai hash benar; {report.entries} isian cocok dengan log.")
        return EXIT_OK
    _err(f"LOG AUDIT TIDAK UTUH ({len(report.problems)} masalah"
         + (f"; peristiwa rusak pertama #{report.first_bad_event}" if report.first_bad_event else "") + "):")
    for p in report.problems:
        _err(f"  {p}")
    return EXIT_FINDINGS


def cmd_berita_acara(args: argparse.Namespace) -> int:
    try:
        from reports.document import produce_berita_acara
    except ImportError as exc:
        _err(f"Pembuatan berita acara belum tersedia pada versi ini ({exc}).")
        return EXIT_INPUT
    return int(produce_berita_acara(args, _open(args.db), _out, _err))


def cmd_verify_pdf(args: argparse.Namespace) -> int:
    try:
        from reports.document import verify_berita_acara
    except ImportError as exc:
        _err(f"Pemeriksaan PDF belum tersedia pada versi ini ({exc}).")
        return EXIT_INPUT
    return int(verify_berita_acara(args, _open(args.db), _out, _err))


def cmd_init(args: argparse.Namespace) -> int:
    from rekap_desktop.setup import init_database

    return int(init_database(args, _out, _err))


def cmd_import_reference(args: argparse.Namespace) -> int:
    from rekap_desktop.setup import import_reference_cli

    return int(import_reference_cli(args, _open(args.db), _out, _err))


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "gui": cmd_gui,
    "demo": cmd_demo,
    "import-manual": cmd_import_manual,
    "import-sirekap": cmd_import_sirekap,
    "sirekap-summary": cmd_sirekap_summary,
    "check": cmd_check,
    "export": cmd_export,
    "berita-acara": cmd_berita_acara,
    "verify-audit": cmd_verify_audit,
    "verify-pdf": cmd_verify_pdf,
    "init": cmd_init,
    "import-reference": cmd_import_reference,
}


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
