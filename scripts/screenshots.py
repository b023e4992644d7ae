"""Regenerate the operator-window screenshots in docs/img from the demo database (offscreen).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from rekap_desktop.demo import create_demo  # noqa: E402
from rekap_desktop.services import RecapService  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

OUT = ROOT / "docs" / "img"


def main() -> None:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite"
        create_demo(db)
        service = RecapService.open(db)
        window = MainWindow(service, settings=QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1600, 950)
        window.show()
        app.processEvents()
        window.grab().save(str(OUT / "operator-window.png"))
        window.jump_to("I.B.4.L", "352702")  # Torjun: a rule broken and a mismatch with Sirekap
        app.processEvents()
        window.grab().save(str(OUT / "operator-torjun.png"))
        window.focus_button.setChecked(True)
        window.jump_to("IV.3", "352703")  # Sampang: the OCR "leading 8" in one TPS shows as a mismatch
        app.processEvents()
        window.grab().save(str(OUT / "operator-focus.png"))
        window.focus_button.setChecked(False)
        window.show_contest("pdpr:3511")
        window.jump_to("IV.1.T", "352704")
        app.processEvents()
        window.grab().save(str(OUT / "operator-dpr.png"))
        window.close()
        service.close()
    print("\n".join(str(p) for p in sorted(OUT.glob("operator-*.png"))))


if __name__ == "__main__":
    main()
