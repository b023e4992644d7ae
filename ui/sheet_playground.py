"""Development harness for the operator widgets: ``python -m ui.sheet_playground``.

Opens a QMainWindow with the navigator, the entry grid (and focus mode, F6) and the findings dock on in-memory
sheets of Kabupaten Sampang: kecamatan names are real, TPS counts, candidates and all figures are synthetic
(rekap_desktop.synthesis), with Sirekap figures that are complete, partial, missing and mismatching, a broken
rule and a warning. Edits go to an in-memory committer. ONLY for development and screenshots: the real main
window is ui/main_window.py.

    python -m ui.sheet_playground                       # interactive
    python -m ui.sheet_playground --screenshot out.png  # render offscreen and save (add --focus for focus mode)
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest, Dapil, PartyBlock
from rekap_desktop.lines import Section
from rekap_desktop.national import NATIONAL_PARTIES_2024, PASLON_2024
from rekap_desktop.participants import Candidate
from rekap_desktop.region import Level, Region
from rekap_desktop.sheet import RecapSheet, SirekapFigure
from rekap_desktop.synthesis import consistent_column

# Kecamatan of Kabupaten Sampang (Sirekap wilayah 3527); TPS counts here are invented for the demo.
SAMPANG = tuple(
    Region(code, name, Level.KECAMATAN, tps)
    for code, name, tps in (
        ("352701", "SRESEH", 97), ("352702", "TORJUN", 116), ("352703", "SAMPANG", 338),
        ("352704", "CAMPLONG", 251), ("352705", "OMBEN", 236), ("352706", "KEDUNGDUNG", 232),
        ("352707", "JRENGIK", 104), ("352708", "TAMBELANGAN", 119), ("352709", "BANYUATES", 193),
        ("352710", "ROBATAL", 139), ("352711", "SOKOBANAH", 182), ("352712", "KETAPANG", 229),
        ("352713", "PANGARENGAN", 68), ("352714", "KARANGPENANG", 176),
    )
)


def party_blocks(parties: int, candidates: int, seed: int = 1) -> tuple[PartyBlock, ...]:
    rng = random.Random(seed)
    blocks = []
    for p in NATIONAL_PARTIES_2024[:parties]:
        n = rng.randint(max(1, candidates - 2), candidates)
        blocks.append(PartyBlock(p, tuple(
            Candidate(k, f"CALON FIKTIF {p.number}-{k}", p.number, "L" if k % 2 else "P") for k in range(1, n + 1)
        )))
    return tuple(blocks)


def demo_contests() -> list[Contest]:
    dprdk = []
    for i, members in enumerate((SAMPANG[:7], SAMPANG[7:]), start=1):
        dapil = Dapil(Ballot.PDPRDK, f"35270{i}", f"SAMPANG {i}", note="pengelompokan rekaan untuk data demo")
        dprdk.append(Contest(Ballot.PDPRDK, members, dapil, parties=party_blocks(18, 6, seed=i)))
    dpd = tuple(Candidate(i, f"CALON DPD FIKTIF {i}") for i in range(1, 13))
    return [
        Contest(Ballot.PPWP, SAMPANG, paslon=PASLON_2024),
        Contest(Ballot.PDPR, SAMPANG, Dapil(Ballot.PDPR, "3511", "JAWA TIMUR XI"), parties=party_blocks(18, 8)),
        Contest(Ballot.PDPD, SAMPANG, dpd_candidates=dpd),
        *dprdk,
    ]


@dataclass
class DemoScenario:
    """Which kecamatan (by position) get which demo situation."""

    filled: int = 9  # the first n kecamatan have figures; the last of them is being read (sections I–III only)
    partial: int = 2
    missing: int = 3
    mismatch: int = 4
    error: int = 5
    warning: int = 6
    statuses: dict[int, str] = field(default_factory=lambda: {0: "ditetapkan", 1: "ditetapkan"})


def fill_demo(sheet: RecapSheet, seed: int = 2024, scenario: DemoScenario | None = None) -> None:
    """Manual figures (consistent, with one broken rule and one warning) and Sirekap figures."""
    sc = scenario or DemoScenario()
    contest = sheet.contest
    kec = contest.kecamatan
    rng = random.Random(seed)
    columns: dict[str, dict[str, int]] = {}
    for region in kec:
        tps = region.tps_count or 100
        values = consistent_column(sheet.catalogue, rng, tps * rng.randint(215, 265), tps)
        columns[region.code] = values
    manual: list[tuple[str, str, int]] = []
    n = min(sc.filled, len(kec))
    for i, region in enumerate(kec[:n]):
        values = dict(columns[region.code])
        if i == sc.error:
            values["V.A"] += 10  # V.A no longer the sum of section IV, nor V.C − V.B
        if i == sc.warning:
            values["II.1"] += 900  # ballots received far above DPT + 2% …
            values["II.4"] += 900  # … while II.1 = II.2 + II.3 + II.4 still holds
        reading_now = i == n - 1
        for line in sheet.catalogue.lines:
            if reading_now and line.section not in (Section.I, Section.II, Section.III):
                continue
            manual.append((line.id, region.code, values[line.id]))
    sheet.load_manual(manual)
    figures: dict[tuple[str, str], SirekapFigure] = {}
    for i, region in enumerate(kec[: n + 2]):
        if i == sc.missing:
            continue
        tps = region.tps_count or 100
        values = columns[region.code]
        for line in sheet.catalogue.lines:
            if not line.has_sirekap or line.section in (Section.II, Section.III):
                continue
            value = values[line.id]
            with_data = tps
            if i == sc.partial:
                with_data = tps - 2
                value = value * with_data // tps
            figures[(line.id, region.code)] = SirekapFigure(
                value, with_data, tps, "2024-02-15T08:00:00", "2024-03-01T19:30:00"
            )
    if sc.mismatch < len(kec):
        code = kec[sc.mismatch].code
        fig = figures[("V.B", code)]
        figures[("V.B", code)] = SirekapFigure(int(f"8{fig.value}"), fig.tps_with_data, fig.tps_known,
                                               fig.ts_min, fig.ts_max)  # the OCR "spurious leading 8"
    sheet.set_sirekap(figures)


def demo_statuses(contests: Sequence[Contest], scenario: DemoScenario | None = None) -> dict[tuple[str, str], str]:
    sc = scenario or DemoScenario()
    out: dict[tuple[str, str], str] = {}
    for contest in contests:
        n = min(sc.filled, len(contest.kecamatan))
        for i, region in enumerate(contest.kecamatan):
            status = sc.statuses.get(i) or ("selesai" if i < n - 1 else "dibacakan" if i == n - 1 else "belum")
            out[(contest.key, region.code)] = status
    return out


class InMemoryCommitter:
    """Stands in for the service: records each commit; ``fail_with`` makes the next commits fail."""

    def __init__(self) -> None:
        self.log: list[tuple[str, str, str, int | None]] = []
        self.fail_with: str | None = None

    def __call__(self, contest_key: str, line: str, kecamatan: str, value: int | None) -> None:
        from ui.sheet_model import CommitError

        if self.fail_with:
            raise CommitError(self.fail_with)
        self.log.append((contest_key, line, kecamatan, value))


def build_window(*, seed: int = 2024) -> object:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
    from PySide6.QtWidgets import (
        QDockWidget,
        QHBoxLayout,
        QLabel,
        QMainWindow,
        QPushButton,
        QSizePolicy,
        QStackedWidget,
        QVBoxLayout,
        QWidget,
    )

    from ui.findings_panel import FindingsPanel, counts_text
    from ui.focus_model import FocusModel
    from ui.grid_view import GridView
    from ui.navigator import Navigator
    from ui.sheet_model import SheetModel
    from ui.state_legend import StateLegend
    from ui.undo import SheetUndo, history_for

    class PlaygroundWindow(QMainWindow):
        def __init__(self) -> None:
            super().__init__()
            self.setWindowTitle("Rekap Desktop — playground operator (data sintetis, tanpa basis data)")
            self.committer = InMemoryCommitter()
            self.contests = demo_contests()
            self.statuses = demo_statuses(self.contests)
            self.models: dict[str, SheetModel] = {}
            self.histories: dict[str, SheetUndo] = {}
            self.focus_models: dict[str, FocusModel] = {}
            self.undo_group = QUndoGroup(self)
            for k, contest in enumerate(self.contests):
                sheet = RecapSheet(contest)
                fill_demo(sheet, seed + k)
                model = SheetModel(sheet, self.committer, parent=self)
                for (key, code), status in self.statuses.items():
                    if key == contest.key and status == "ditetapkan":
                        model.set_locked(code, True)
                model.inputRejected.connect(self.show_message)
                model.commitFailed.connect(self.show_message)
                history = history_for(model)
                self.undo_group.addStack(history.stack)
                self.models[contest.key] = model
                self.histories[contest.key] = history
                self.focus_models[contest.key] = FocusModel(model, parent=self)

            central = QWidget(self)
            layout = QVBoxLayout(central)
            layout.setContentsMargins(6, 6, 6, 0)
            bar = QHBoxLayout()
            self.title = QLabel(central)
            font = self.title.font()
            font.setPointSizeF(font.pointSizeF() * 1.25)
            font.setBold(True)
            self.title.setFont(font)
            self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never squeeze docks
            self.focus_button = QPushButton("Mode fokus (F6)", central)
            self.focus_button.setCheckable(True)
            self.focus_button.toggled.connect(self.set_focus_mode)
            bar.addWidget(self.title, 1)
            bar.addWidget(self.focus_button)
            layout.addLayout(bar)
            layout.addWidget(StateLegend(parent=central))
            self.stack = QStackedWidget(central)
            self.grid = GridView(parent=self.stack)
            self.focus_view = GridView(parent=self.stack)
            self.stack.addWidget(self.grid)
            self.stack.addWidget(self.focus_view)
            self.focus_view.horizontalHeader().setStretchLastSection(True)
            layout.addWidget(self.stack, 1)
            self.setCentralWidget(central)
            for view in (self.grid, self.focus_view):
                view.statusMessage.connect(self.show_message)
                view.currentCellChanged.connect(self._on_cell)

            self.navigator = Navigator(self.contests, self.statuses)
            self.navigator.contestSelected.connect(self.show_contest)
            self.navigator.kecamatanSelected.connect(self.show_kecamatan)
            nav_dock = QDockWidget("Navigasi", self)
            nav_dock.setObjectName("navigatorDock")
            nav_dock.setWidget(self.navigator)
            self.navigator.setMinimumWidth(250)
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, nav_dock)
            self.findings = FindingsPanel(parent=self)
            self.findings.findingActivated.connect(self.jump_to)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings)
            self.counts_label = QLabel(self)
            self.statusBar().addPermanentWidget(self.counts_label)
            self.findings.countsChanged.connect(lambda c: self.counts_label.setText(counts_text(c)))

            edit = self.menuBar().addMenu("&Sunting")
            undo = self.undo_group.createUndoAction(self, "Urungkan")
            undo.setShortcut(QKeySequence.StandardKey.Undo)
            redo = self.undo_group.createRedoAction(self, "Ulangi")
            redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
            edit.addAction(undo)
            edit.addAction(redo)
            toggle = QAction("Mode fokus", self)
            toggle.setShortcut(QKeySequence("F6"))
            toggle.triggered.connect(self.focus_button.toggle)
            edit.addAction(toggle)
            self.resizeDocks([nav_dock], [330], Qt.Orientation.Horizontal)
            self.resizeDocks([self.findings], [210], Qt.Orientation.Vertical)
            self.current_key = ""
            first = self.contests[0]
            self.show_contest(first.key)
            self.navigator.select_kecamatan(first.key, first.kecamatan[8].code)

        def show_message(self, text: str) -> None:
            self.statusBar().showMessage(text, 15000)

        def show_contest(self, key: str) -> None:
            if key == self.current_key:
                return
            self.current_key = key
            model = self.models[key]
            self.grid.set_history(self.histories[key])
            self.grid.setModel(model)
            self.focus_view.set_history(self.histories[key])
            self.focus_view.setModel(self.focus_models[key])
            self.undo_group.setActiveStack(self.histories[key].stack)
            self.findings.set_source(model)
            self._update_title()

        def show_kecamatan(self, key: str, code: str) -> None:
            self.show_contest(key)
            self.focus_models[key].set_column(code)
            self.grid.go_to_column(code)
            self.focus_view.go_to_column(code)
            self._update_title()

        def set_focus_mode(self, on: bool) -> None:
            self.stack.setCurrentWidget(self.focus_view if on else self.grid)
            self._update_title()

        def jump_to(self, line: str, column: str) -> None:
            if column in self.models[self.current_key].sheet.columns:
                self.navigator.blockSignals(True)  # keep the navigator on the kecamatan we jump to
                self.navigator.select_kecamatan(self.current_key, column)
                self.navigator.blockSignals(False)
            if self.focus_button.isChecked():
                self.focus_models[self.current_key].set_column(column)
                self.focus_view.go_to_cell(line, column)
            else:
                self.grid.go_to_cell(line, column)
            self._update_title()

        def _on_cell(self, line: str, column: str) -> None:
            pass  # the projector follows here

        def _update_title(self) -> None:
            model = self.models[self.current_key]
            text = model.sheet.contest.title
            if self.focus_button.isChecked():
                text += f"  ·  {self.focus_models[self.current_key].title()}"
            self.title.setText(text)

    return PlaygroundWindow()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.sheet_playground", description=__doc__.splitlines()[0])
    parser.add_argument("--screenshot", metavar="PNG", help="render offscreen, save the window and exit")
    parser.add_argument("--focus", action="store_true", help="with --screenshot: focus mode")
    parser.add_argument("--contest", metavar="KEY", help="contest to show first, e.g. pdpr:3511")
    parser.add_argument("--cell", metavar="LINE@KEC", help="put the cursor on a cell, e.g. V.A@352706")
    parser.add_argument("--size", default="1600x900", help="window size for --screenshot (default 1600x900)")
    args = parser.parse_args(argv)
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = build_window()
    if args.contest:
        contest = next(c for c in window.contests if c.key == args.contest)  # type: ignore[attr-defined]
        window.navigator.select_kecamatan(contest.key, contest.kecamatan[min(8, len(contest.kecamatan) - 1)].code)  # type: ignore[attr-defined]
    if args.focus:
        window.focus_button.setChecked(True)  # type: ignore[attr-defined]
    if args.cell:
        from PySide6.QtWidgets import QAbstractItemView

        line, _, column = args.cell.partition("@")
        window.jump_to(line, column)  # type: ignore[attr-defined]
        view = window.focus_view if args.focus else window.grid  # type: ignore[attr-defined]
        pending_center = (view, view.currentIndex(), QAbstractItemView.ScrollHint.PositionAtCenter)
    if args.screenshot:
        w, h = (int(x) for x in args.size.split("x"))
        window.resize(w, h)  # type: ignore[attr-defined]
        window.show()  # type: ignore[attr-defined]
        view = window.focus_view if args.focus else window.grid  # type: ignore[attr-defined]
        view.setFocus()
        for _ in range(5):
            app.processEvents()
        if args.cell:
            pending_center[0].scrollTo(pending_center[1], pending_center[2])
            for _ in range(3):
                app.processEvents()
        ok = window.grab().save(args.screenshot)  # type: ignore[attr-defined]
        print(args.screenshot if ok else f"gagal menyimpan {args.screenshot}")
        window.close()  # type: ignore[attr-defined]
        return 0 if ok else 1
    window.resize(1600, 900)  # type: ignore[attr-defined]
    window.show()  # type: ignore[attr-defined]
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
