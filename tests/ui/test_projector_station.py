"""The projector station (``rekap-desktop proyektor``): its own window and figures, following an operator station
through the database, live with every station's changes, and unable to write."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from rekap_desktop.demo import create_demo
from rekap_desktop.live import Cursor, write_cursor
from rekap_desktop.services import KecamatanStatus, RecapService
from ui.projector_station import ProjectorStation
from ui.sheet_model import CellEditError


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-proyektor") / "demo.sqlite"
    create_demo(path)
    return path


@pytest.fixture
def db(demo_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    return copy


@pytest.fixture
def station(qtbot, db: Path, tmp_path: Path):
    service = RecapService.open(db, actor="proyektor", station="pc-proyektor")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    st = ProjectorStation(service, settings=settings)
    qtbot.addWidget(st.window)
    yield st
    st.stop()
    service.close()


def test_it_follows_the_operator_station_and_its_pause(qtbot, station: ProjectorStation, db: Path) -> None:
    operator = RecapService.open(db, actor="Operator Satu", station="laptop-operator")
    write_cursor(operator.engine, Cursor("laptop-operator", "Operator Satu", "operator", "pdpd", "352703", "V.A"))
    qtbot.waitUntil(lambda: station.window.currentKecamatan() == "352703", timeout=3000)
    assert station.following == "laptop-operator" and station.current_key == "pdpd"
    assert station.window.currentLine() == "V.A"
    write_cursor(operator.engine, Cursor("laptop-operator", "Operator Satu", "operator", "pdpd", "352703", "V.A",
                                         paused=True, pause_message="Koreksi Kec. Sampang dibahas"))
    qtbot.waitUntil(station.window.isPaused, timeout=3000)
    operator.close()


def test_every_stations_changes_appear_live(qtbot, station: ProjectorStation, db: Path) -> None:
    operator = RecapService.open(db, actor="Operator Satu", station="laptop-operator")
    write_cursor(operator.engine, Cursor("laptop-operator", "Operator Satu", "operator", "ppwp", "352707", "I.A.L"))
    qtbot.waitUntil(lambda: station.current_key == "ppwp" and station.window.currentKecamatan() == "352707",
                    timeout=3000)
    model = station.models["ppwp"]
    operator.set_entry("ppwp", "I.A.L", "352707", 12345)
    qtbot.waitUntil(lambda: model.sheet.value("I.A.L", "352707") == 12345, timeout=3000)
    operator.set_status("ppwp", "352704", KecamatanStatus.DITETAPKAN)
    qtbot.waitUntil(lambda: station.window.strip().status_of("352704") == "ditetapkan", timeout=3000)
    qtbot.waitUntil(lambda: station.window.anchor() == operator.anchor().text, timeout=3000)
    operator.close()


def test_it_cannot_write(station: ProjectorStation) -> None:
    model = station.models[station.current_key]
    with pytest.raises(CellEditError):
        model.commit_cell("I.A.L", model.sheet.columns[0], 1)
    assert not model.setData(model.index_of("I.A.L", model.sheet.columns[-1]), "5")


def test_it_shows_the_seats_when_the_operators_projector_does(qtbot, station: ProjectorStation, db: Path) -> None:
    operator = RecapService.open(db, actor="Operator Satu", station="laptop-operator")
    key = next(c.key for c in operator.contests() if c.ballot.value == "pdprdk")
    kec = operator.contest(key).kecamatan_codes[0]
    write_cursor(operator.engine, Cursor("laptop-operator", "Operator Satu", "operator", key, kec, "V.A",
                                         view="kursi"))
    qtbot.waitUntil(lambda: station.showing_seats, timeout=3000)
    assert station.current_key == key and station.seat_view is not None
    write_cursor(operator.engine, Cursor("laptop-operator", "Operator Satu", "operator", key, kec, "V.A"))
    qtbot.waitUntil(lambda: not station.showing_seats, timeout=3000)
    operator.close()
