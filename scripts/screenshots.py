"""Regenerate the screenshots in docs/img from the demo database: the real operator window and its projector.

Operator window at 1920×1080, 1366×768 and 1024×768 (and the scenes the guides show); the projector, as the main
window drives it, at 1920×1080, 1280×720 and 1024×768 in the light and the dark theme. Offscreen rendering (no
display needed); the same window runs under a virtual X server (``xvfb-run``) for a real-display check.

Run: .venv/bin/python scripts/screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
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
from ui.qt_indonesian import install  # noqa: E402

OPERATOR_SIZES = ((1920, 1080), (1366, 768), (1024, 768))
PROJECTOR_SIZES = ((1920, 1080), (1280, 720), (1024, 768))


def settle(app: QApplication, rounds: int = 4) -> None:
    for _ in range(rounds):
        app.processEvents()


def shoot(app: QApplication, out: Path) -> list[Path]:
    saved: list[Path] = []

    def save(widget: object, name: str) -> None:
        settle(app)
        path = out / name
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        saved.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite"
        create_demo(db)
        service = RecapService.open(db, actor="Operator Demo")
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(service, settings=settings)
        window.show()
        for w, h in OPERATOR_SIZES:
            window.resize(w, h)
            window.jump_to("I.B.4.L", "352702")  # Torjun: a rule broken and a mismatch with Sirekap
            save(window, f"operator-{w}x{h}.png")
        window.resize(1600, 950)
        window.show_kecamatan("ppwp", "352714")
        save(window, "operator-window.png")
        window.jump_to("I.B.4.L", "352702")
        save(window, "operator-torjun.png")
        window.focus_button.setChecked(True)
        window.jump_to("IV.3", "352703")  # Sampang: the OCR "leading 8" in one TPS shows as a mismatch
        save(window, "operator-focus.png")
        window.focus_button.setChecked(False)
        window.show_contest("pdpr:3511")
        window.jump_to("IV.1.T", "352704")
        save(window, "operator-dpr.png")

        projector = window.projector
        assert projector is not None
        window.show_contest("ppwp")
        window.jump_to("V.C", "352705")  # Camplong: rules broken, a difference with Sirekap
        for dark in (False, True):
            projector.setDarkTheme(dark)
            for w, h in PROJECTOR_SIZES:
                projector.resize(w, h)
                projector.show()
                settle(app)
                projector.setCurrentLine("V.C")  # centred after the final layout
                save(projector, f"projector-{w}x{h}{'-dark' if dark else ''}.png")
        projector.setDarkTheme(False)
        projector.resize(1920, 1080)
        projector.setPaused(True, "Koreksi angka sedang dibahas bersama saksi")
        save(projector, "projector-jeda.png")
        projector.setPaused(False)
        projector.hide()
        window.close()
        service.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    install(app)
    for path in shoot(app, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
