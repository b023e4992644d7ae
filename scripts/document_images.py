"""Regenerate the document images in docs/img from the demo database: rendered PDF pages and the documents dialog.

Pages are rendered with poppler's ``pdftoppm`` (as the dialog's preview does without QtPdf); the dialog is grabbed
offscreen. Run: .venv/bin/python scripts/document_images.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rekap_desktop.demo import create_demo  # noqa: E402
from rekap_desktop.documents import DocumentKind, Purpose  # noqa: E402
from rekap_desktop.services import RecapService  # noqa: E402
from reports.issue import issue_document  # noqa: E402

OUT = ROOT / "docs" / "img"
DPI = "90"

# (image name, document kind, contest, page number or "ttd" for the first signature page)
PAGES = (
    ("berita-acara-ppwp-p1.png", DocumentKind.BERITA_ACARA, "ppwp", 1),
    ("berita-acara-dapil2-p1.png", DocumentKind.BERITA_ACARA, "pdprdk:352702", 1),
    ("berita-acara-dapil2-ttd.png", DocumentKind.BERITA_ACARA, "pdprdk:352702", "ttd"),
    ("berita-acara-dpr-p3.png", DocumentKind.BERITA_ACARA, "pdpr:3511", 3),
    ("kejadian-khusus-dapil2.png", DocumentKind.KEJADIAN_KHUSUS, "pdprdk:352702", 1),
    ("pembanding-sirekap-ppwp-p1.png", DocumentKind.PEMBANDING_SIREKAP, "ppwp", 1),
)


def page_image(pdf: Path, page: int, target: Path) -> None:
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-r", DPI, "-f", str(page), "-l", str(page), "-singlefile", "-png", str(pdf),
                    str(stem)], check=True)


def dialog_image(service: RecapService, target: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.berita_acara_dialog import BeritaAcaraDialog

    app = QApplication.instance() or QApplication([])
    dialog = BeritaAcaraDialog(service, "ppwp")
    dialog.resize(1500, 900)
    dialog.show()
    app.processEvents()
    dialog.render_preview()
    app.processEvents()
    dialog.grab().save(str(target))
    dialog.cleanup()
    dialog.close()


def main() -> None:
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm (poppler-utils) tidak ditemukan")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite"
        create_demo(db)
        service = RecapService.open(db, actor="gambar dokumentasi")
        for name, kind, key, page in PAGES:
            pdf = Path(tmp) / f"{name}.pdf"
            issued = issue_document(service, kind, service.contest(key), purpose=Purpose.DISIMPAN, out=pdf,
                                    register=False)
            number = issued.result.signature_pages[0] if page == "ttd" else int(page)
            page_image(pdf, number, OUT / name)
        dialog_image(service, OUT / "berita-acara-dialog.png")
        service.close()
    print("\n".join(str(OUT / name) for name, *_ in PAGES))


if __name__ == "__main__":
    main()
