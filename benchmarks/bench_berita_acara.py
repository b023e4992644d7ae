"""Berita acara of every contest of the demo kabupaten, through the real path (database → glue → reportlab).

Budget (DESIGN §11): all contests of the demo kabupaten ≤ 5 s (aim ≤ 2 s). Run: python -m benchmarks.bench_berita_acara
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.common import emit
from rekap_desktop.demo import create_demo
from rekap_desktop.documents import DocumentKind
from rekap_desktop.services import RecapService
from reports.issue import issue_document


def run_once(service: RecapService) -> tuple[float, int]:
    start = time.perf_counter()
    pages = 0
    for contest in service.contests():
        issued = issue_document(service, DocumentKind.BERITA_ACARA, contest, invariant=True, register=False)
        pages += issued.result.page_count
    return time.perf_counter() - start, pages


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite"
        create_demo(db)
        service = RecapService.open(db)
        cold, pages = run_once(service)
        warm = min(run_once(service)[0] for _ in range(3))
        contests = len(service.contests())
        service.close()
    print(f"Berita acara {contests} kontes demo ({pages} halaman): pertama {cold:.2f} s, terbaik {warm:.2f} s "
          f"({pages / warm:.0f} halaman/s); anggaran ≤ 5 s")
    emit({"benchmark": "berita_acara", "contests": contests, "pages": pages, "cold_s": round(cold, 3),
          "best_s": round(warm, 3), "pages_per_s": round(pages / warm, 1), "budget_ok": cold <= 5.0})


if __name__ == "__main__":
    main()
