"""The seats in the real operator window over the demo database (issue 14.5): the dock (F9) and the projector's
seat view (F8) follow the dapil, an edit typed in the grid moves the seat result, a status change ends SEMENTARA."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from rekap_desktop.demo import create_demo
from rekap_desktop.rules import JUMLAH
from rekap_desktop.services import KecamatanStatus, RecapService
from ui.main_window import MainWindow

KEY = "pdprdk:352701"


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-seats") / "demo.sqlite"
    create_demo(path)
    return path


@pytest.fixture
def window(qtbot, demo_file: Path, tmp_path: Path):
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    service = RecapService.open(copy, actor="operator uji")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(service, settings=settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    service.close()


def test_panel_and_projector_seat_view_follow_the_operator(qtbot, window: MainWindow) -> None:
    seats = window.seats
    assert seats.panel.isHidden() and not seats.source.started  # nothing computed until asked for
    assert seats.panel_action in window.view_menu.actions() and seats.projector_action.shortcut().toString() == "F8"
    seats.panel_action.trigger()
    assert seats.panel.isVisible() and seats.source.started
    assert len(seats.source.results()) == 6  # the demo's six DPRD Sampang dapil
    window.navigator.select_kecamatan(KEY, "352702")
    window.show_kecamatan(KEY, "352702")
    seats.follow(KEY)
    assert seats.panel.current_key() == KEY and seats.view.dapil() == KEY
    assert seats.panel.state_label.text().startswith("SEMENTARA")
    projector = window.projector
    assert projector is not None
    seats.projector_action.trigger()
    assert projector._stack.currentWidget() is seats.view  # the projector shows the seat view
    assert seats.view.lines()[1].startswith("Dapil SAMPANG 1 — 9 kursi — SEMENTARA")
    projector.setPaused(True)
    projector.setPaused(False)
    assert projector._stack.currentWidget() is seats.view  # back to the seat view, not the sheet
    seats.projector_action.trigger()
    assert projector._stack.currentWidget() is not seats.view  # the sheet again


def test_an_edit_in_the_grid_moves_the_seats_and_ditetapkan_ends_sementara(qtbot, window: MainWindow) -> None:
    seats = window.seats
    seats.panel_action.trigger()
    window.show_kecamatan(KEY, "352702")
    seats.follow(KEY)
    result = seats.source.result(KEY)
    assert result is not None and result.allocation is not None
    last = result.allocation.last_seat
    assert last is not None
    holder_votes = result.party(last.holder).votes
    model = window.models[KEY]
    # the challenger's votes in Torjun grow by more than needed: the last seat changes hands
    line = f"IV.{last.challenger}.T"
    before = model.sheet.value(line, "352702") or 0
    with qtbot.waitSignal(seats.source.resultChanged, timeout=2000):
        assert model.commit_cell(line, "352702", before + last.challenger_gains + 50)
    after = seats.source.result(KEY)
    assert after is not None and after.allocation is not None
    assert after.allocation.seats_of(last.challenger) == result.allocation.seats_of(last.challenger) + 1
    assert after.party(last.holder).votes == holder_votes
    assert model.sheet.value(line, JUMLAH) is not None
    assert window.service.load_sheet(KEY).value(line, "352702") == before + last.challenger_gains + 50  # durable
    for code in window.contests[KEY].kecamatan_codes:
        window.service.set_status(KEY, code, KecamatanStatus.DITETAPKAN)
        window.apply_status(KEY, code, KecamatanStatus.DITETAPKAN)
    final = seats.source.result(KEY)
    assert final is not None and not final.provisional
    assert seats.panel.state_label.text().startswith("LENGKAP")
    assert not any(r.item.kind.value.startswith("belum") for r in final.at_risk)


def test_a_keberatan_recorded_in_the_window_is_weighed(qtbot, window: MainWindow) -> None:
    seats = window.seats
    seats.panel_action.trigger()
    window.show_kecamatan(KEY, "352702")
    assert window.keberatan is not None
    n_before = len(seats.source.result(KEY).open_items)
    window.service.add_keberatan(KEY, description="Saksi meminta penghitungan ulang", kecamatan="352702",
                                 cells=["IV.5.T"])
    window.keberatan.refresh()
    window.keberatan.changed.emit()
    items = seats.source.result(KEY).open_items
    assert len(items) == n_before + 1 and items[-1].kind.value == "keberatan"


def test_reloading_contests_follows_the_new_sheets(qtbot, window: MainWindow) -> None:
    seats = window.seats
    seats.panel_action.trigger()
    window.reload_contests()
    assert seats.source.started and len(seats.source.results()) == 6
    assert seats.source.result(KEY) is not None


def test_the_kertas_kerja_is_saved_and_registered_from_the_panel(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from rekap_desktop.documents import DocumentKind, issues

    seats = window.seats
    seats.panel_action.trigger()
    seats.follow(KEY)
    saved = seats.save_document(path=str(tmp_path / "kursi.pdf"))
    assert saved is not None and saved.read_bytes().startswith(b"%PDF-")
    (issue,) = issues(window.service, kind=DocumentKind.KURSI)
    assert issue.contest == KEY and issue.document_id == "KRS-3527-PDPRDK-352701-V1" and issue.draft
    assert "Kertas kerja kursi disimpan" in window.statusBar().currentMessage()
    assert seats.save_document(path=str(tmp_path / "tidak-ada" / "x" / "kursi.pdf")) is None  # an error box
    assert len(issues(window.service, kind=DocumentKind.KURSI)) == 1
