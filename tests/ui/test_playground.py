from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from rekap_desktop.sheet import RecapSheet, SirekapState
from ui.cell_state import CellState, Role
from ui.sheet_playground import SAMPANG, build_window, demo_contests, demo_statuses, fill_demo, main


def test_demo_data_has_every_situation() -> None:
    contest = demo_contests()[0]
    sheet = RecapSheet(contest)
    fill_demo(sheet)
    codes = [k.code for k in SAMPANG]
    assert sheet.sirekap_state("V.A", codes[2]) is SirekapState.PARTIAL
    assert sheet.sirekap_state("V.A", codes[3]) is SirekapState.MISSING
    assert sheet.sirekap_state("V.B", codes[4]) is SirekapState.MISMATCH
    assert {f.rule for f in sheet.findings("V.A", codes[5])} >= {"R3"}
    assert {f.rule for f in sheet.findings("II.1", codes[6])} == {"R8"}
    assert sheet.value("IV.1", codes[8]) is None and sheet.value("I.A.JML", codes[8]) is not None
    statuses = demo_statuses([contest])
    assert statuses[(contest.key, codes[0])] == "ditetapkan" and statuses[(contest.key, codes[8])] == "dibacakan"


def test_window_wires_navigator_grid_findings(qtbot) -> None:
    window = build_window()
    qtbot.addWidget(window)
    window.resize(1400, 800)
    window.show()
    assert window.grid.model() is window.models["ppwp"]
    assert window.models["ppwp"].is_locked(SAMPANG[0].code)
    window.navigator.select_kecamatan("pdpr:3511", SAMPANG[4].code)
    assert window.grid.model() is window.models["pdpr:3511"]
    assert window.findings.model().source() is window.models["pdpr:3511"]
    window.focus_button.setChecked(True)
    assert window.focus_models["pdpr:3511"].column == SAMPANG[4].code
    window.jump_to("V.B", SAMPANG[4].code)
    assert window.focus_view.currentIndex().data(Role.STATE) is CellState.MISMATCH


def test_screenshot_command(tmp_path: Path, qtbot) -> None:
    out = tmp_path / "grid.png"
    assert main(["--screenshot", str(out), "--size", "1280x720", "--cell", "V.A@352706"]) == 0
    image = QImage(str(out))
    assert image.width() == 1280 and image.height() == 720
