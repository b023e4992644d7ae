"""Every document of every demo contest in one process, against the reportlab floor for the same page count.

Project: what ``rekap-desktop berita-acara --all --out-dir DIR`` does in-process — for each demo contest
the berita acara, the D.KEJADIAN KHUSUS form and the Sirekap working paper, each read from the database after its
anchor, rendered, registered (audited) and written durably.

Floor: reportlab alone laying out the same number of landscape A4 pages of the same density (a figure table of
~30 rows × 17 columns of formatted numbers per page, embedded TrueType font), written to memory. Both are measured
in the same run, rounds interleaved, medians reported (issue 16.4: all ≤ 2,5× the floor).

Also: ``verify-pdf`` of a registered file (exact bytes) and of a copy whose pages are read back, and whether the
document path imported pyHanko (it must not: pyHanko loads only to sign or to verify a signature).

Run: python -m benchmarks.bench_berita_acara [--rounds N]
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import emit


def _floor(pages: int) -> float:
    """Seconds for reportlab to lay out ``pages`` pages of dense figure tables."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from reports.fonts import register_fonts

    fonts = register_fonts()
    rng = random.Random(7)
    rows_per_page = 30
    body = [["KODE", "URAIAN", *(f"35270{i:01d}" for i in range(1, 15)), "JUMLAH"]]
    for r in range(rows_per_page * pages):
        values = [rng.randint(0, 99_999) for _ in range(14)]
        body.append([f"IV.{r % 18}.{r % 9}", f"Baris angka {r}", *(f"{v:,}".replace(",", ".") for v in values),
                     f"{sum(values):,}".replace(",", ".")])
    start = time.perf_counter()
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=landscape(A4), leftMargin=11 * mm, rightMargin=11 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm)
    table = Table(body, repeatRows=1, colWidths=[40, 150] + [38] * 14 + [46])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.regular, 7.2),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ("GRID", (0, 0), (-1, -1), 0.35, colors.grey),
        ("TOPPADDING", (0, 0), (-1, -1), 1.3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.7),
    ]))
    doc.build([table])
    return time.perf_counter() - start


def _project(db: Path, out_dir: Path) -> tuple[float, int, int, int]:
    """Seconds, pages, files and contests: every document of every contest, registered and written."""
    from rekap_desktop.documents import DocumentKind, Purpose
    from rekap_desktop.services import RecapService
    from reports.issue import IssueOptions, document_file_name, issue_contest_documents

    kinds = (DocumentKind.BERITA_ACARA, DocumentKind.KEJADIAN_KHUSUS, DocumentKind.PEMBANDING_SIREKAP)
    start = time.perf_counter()
    service = RecapService.open(db, actor="benchmark")
    settings = service.settings()
    pages = files = 0
    for contest in service.contests():
        targets = [(kind, out_dir / document_file_name(kind, contest, settings)) for kind in kinds]
        for issued in issue_contest_documents(service, contest, targets, IssueOptions(Purpose.DISIMPAN)):
            pages += issued.result.page_count
            files += 1
    seconds = time.perf_counter() - start
    contests = len(service.contests())
    service.close()
    return seconds, pages, files, contests


def _verify_times(db: Path, out_dir: Path) -> tuple[float, float]:
    from rekap_desktop.services import RecapService
    from reports.verify_pdf import verify_pdf

    pdf = sorted(out_dir.glob("D.HASIL-KABKO-DPR-*.pdf"))[0]
    copy = out_dir / "salinan.pdf"
    data = pdf.read_bytes()
    copy.write_bytes(data + b"\n% salinan\n")  # other bytes, same pages: read back page by page
    service = RecapService.open(db)
    start = time.perf_counter()
    exact = verify_pdf(pdf, service)
    registered_s = time.perf_counter() - start
    start = time.perf_counter()
    read = verify_pdf(copy, service)
    read_s = time.perf_counter() - start
    service.close()
    assert exact.ok and exact.registered_file, exact.problems
    assert read.cells_checked > 1000, read.problems
    return registered_s, read_s


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from rekap_desktop.demo import create_demo

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite"
        create_demo(db)
        project: list[float] = []
        floor: list[float] = []
        pages = files = contests = 0
        for round_no in range(args.rounds):
            out_dir = Path(tmp) / f"round-{round_no}"
            out_dir.mkdir()
            seconds, pages, files, contests = _project(db, out_dir)
            project.append(seconds)
            floor.append(_floor(pages))
        pyhanko_loaded = "pyhanko" in sys.modules
        verify_registered_s, verify_read_s = _verify_times(db, Path(tmp) / "round-0")
    best, floor_s = statistics.median(project), statistics.median(floor)
    ratio = best / floor_s
    print(f"Semua dokumen {files} berkas / {pages} halaman ({contests} kontes demo): median {best:.2f} s; lantai "
          f"reportlab untuk {pages} halaman: {floor_s:.2f} s; rasio {ratio:.2f}× (sasaran ≤ 2,5×). verify-pdf berkas "
          f"terdaftar {verify_registered_s:.2f} s, baca halaman {verify_read_s:.2f} s. pyHanko dimuat: "
          f"{pyhanko_loaded}")
    emit({
        "benchmark": "berita_acara", "contests": contests, "documents": files, "pages": pages, "rounds": args.rounds,
        "berita_acara_all_s": round(best, 3), "berita_acara_floor_s": round(floor_s, 3),
        "berita_acara_ratio": round(ratio, 2), "berita_acara_all_rounds_s": [round(x, 3) for x in project],
        "berita_acara_floor_rounds_s": [round(x, 3) for x in floor], "pages_per_s": round(pages / best, 1),
        "verify_pdf_registered_s": round(verify_registered_s, 3), "verify_pdf_read_pages_s": round(verify_read_s, 3),
        "pyhanko_loaded_by_documents": pyhanko_loaded, "budget_ok": ratio <= 2.5,
    })


if __name__ == "__main__":
    main()
