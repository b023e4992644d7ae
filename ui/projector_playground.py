"""Development harness for the projector window: ``python -m ui.projector_playground``.

Opens the projector on the in-memory demo sheets of the operator playground (Kabupaten Sampang: real kecamatan
names, synthetic figures; no database). The kecamatan shown has one figure of each kind: a Sirekap figure
covering part of the TPS, one missing, a mismatch ▲ and one ▼, and a broken arithmetic rule. ONLY for
development and the screenshots in docs/img; the real wiring is in the main window.

    python -m ui.projector_playground                                  # interactive (F5 hides, F7 pauses)
    python -m ui.projector_playground --screenshot out.png --size 1280x720 --dark
    python -m ui.projector_playground --docs docs/img                  # the four documentation screenshots
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

DOC_SIZES = ((1920, 1080), (1280, 720))


def demo(contest_index: int = 0) -> tuple[object, dict[str, str], str, str]:
    """(SheetModel with an in-memory committer, statuses, kecamatan code, line id) of the demo scene."""
    from rekap_desktop.sheet import RecapSheet, SirekapFigure
    from ui.sheet_model import SheetModel
    from ui.sheet_playground import InMemoryCommitter, demo_contests, fill_demo

    contest = demo_contests()[contest_index]
    sheet = RecapSheet(contest)
    fill_demo(sheet, 2024)  # kecamatan #6 (index 5) has V.A + 10: rules R3 and R4 broken
    kec = contest.kecamatan
    current = kec[5].code
    tps = kec[5].tps_count or 100
    votes = [li.id for li in sheet.catalogue.vote_lines]
    figures: dict[tuple[str, str], SirekapFigure] = {}
    fig = sheet.sirekap(votes[0], current)
    if fig is not None and fig.value is not None:  # Sirekap covers 80 of the TPS
        figures[(votes[0], current)] = SirekapFigure(fig.value * 80 // tps, 80, tps, fig.ts_min, fig.ts_max)
    manual = sheet.value(votes[1], current)
    if manual is not None:  # manual 12 above Sirekap: ▲ +12
        figures[(votes[1], current)] = SirekapFigure(manual - 12, tps, tps)
    figures[(votes[-1], current)] = SirekapFigure(None, 0, tps)  # Sirekap has nothing
    vb = sheet.value("V.B", current)
    if vb is not None:  # manual 3 below Sirekap: ▼ −3
        figures[("V.B", current)] = SirekapFigure(vb + 3, tps, tps)
    sheet.set_sirekap(figures)
    statuses = {
        region.code: "ditetapkan" if i < 2 else "selesai" if i < 5 else "dibacakan" if i == 5 else "belum"
        for i, region in enumerate(kec)
    }
    return SheetModel(sheet, InMemoryCommitter()), statuses, current, votes[1]


def build(*, dark: bool = False, contest_index: int = 0, settings: object = None) -> object:
    from PySide6.QtCore import QSettings

    from ui.projector_window import SETTINGS_APP, SETTINGS_ORG, ProjectorWindow

    model, statuses, current, line = demo(contest_index)
    if settings is None:
        settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, SETTINGS_ORG,
                             SETTINGS_APP + "-playground")
    window = ProjectorWindow(model, kabupaten="Sampang", statuses=statuses, settings=settings)  # type: ignore[arg-type]
    window.setDarkTheme(dark)
    window.setCurrentKecamatan(current)
    window.setCurrentLine(line)
    window._demo_line = line  # type: ignore[attr-defined]
    return window


def screenshot(path: str | Path, size: tuple[int, int], *, dark: bool = False, pause: bool = False,
               contest_index: int = 0) -> bool:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    window = build(dark=dark, contest_index=contest_index)
    if pause:
        window.setPaused(True, "Koreksi angka sedang dibahas bersama saksi")  # type: ignore[attr-defined]
    window.resize(*size)  # type: ignore[attr-defined]
    window.show()  # type: ignore[attr-defined]
    for _ in range(3):
        app.processEvents()
    window.setCurrentLine(window._demo_line)  # type: ignore[attr-defined]  # centre after the final layout
    app.processEvents()
    ok = bool(window.grab().save(str(path)))  # type: ignore[attr-defined]
    window.hide()  # type: ignore[attr-defined]
    window.deleteLater()  # type: ignore[attr-defined]
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.projector_playground", description=__doc__.splitlines()[0])
    parser.add_argument("--screenshot", metavar="PNG", help="render offscreen, save the window and exit")
    parser.add_argument("--docs", metavar="DIR", help="render docs screenshots projector-WxH[-dark].png into DIR")
    parser.add_argument("--size", default="1920x1080", help="window size for --screenshot (default 1920x1080)")
    parser.add_argument("--dark", action="store_true", help="dark theme")
    parser.add_argument("--pause", action="store_true", help="the pause screen")
    parser.add_argument("--contest", type=int, default=0, help="demo contest: 0 PPWP, 1 DPR, 2 DPD, 3–4 DPRD")
    args = parser.parse_args(argv)
    if args.screenshot or args.docs:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    if args.docs:
        out = Path(args.docs)
        out.mkdir(parents=True, exist_ok=True)
        ok = True
        for w, h in DOC_SIZES:
            for dark in (False, True):
                path = out / f"projector-{w}x{h}{'-dark' if dark else ''}.png"
                ok = screenshot(path, (w, h), dark=dark, contest_index=args.contest) and ok
                print(path)
        return 0 if ok else 1
    if args.screenshot:
        w, h = (int(x) for x in args.size.split("x"))
        ok = screenshot(args.screenshot, (w, h), dark=args.dark, pause=args.pause, contest_index=args.contest)
        print(args.screenshot if ok else f"gagal menyimpan {args.screenshot}")
        return 0 if ok else 1
    window = build(dark=args.dark, contest_index=args.contest)
    if args.pause:
        window.setPaused(True)  # type: ignore[attr-defined]
    window.showProjector()  # type: ignore[attr-defined]
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
