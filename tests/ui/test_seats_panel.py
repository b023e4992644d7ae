"""The seat panel and the projector's seat view (issue 14.5): live from the operator's sheets, models checked by
qtmodeltester, "SEMENTARA" until every kecamatan is ditetapkan, ties and RAWAN in words."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest, Dapil, PartyBlock
from rekap_desktop.national import NATIONAL_PARTIES_2024
from rekap_desktop.participants import Candidate
from rekap_desktop.seats_risk import Objection
from rekap_desktop.sheet import RecapSheet
from tests.core.factories import KEC, dpr_contest
from ui.projector_theme import DARK
from ui.seat_panel import CandidatesModel, PartySeatsModel, RiskModel, SeatPanel
from ui.seat_source import SeatSource
from ui.seat_view import SeatView
from ui.sheet_model import SheetModel

from .conftest import K1, K2, K3

PARTIES = {p.number: p for p in NATIONAL_PARTIES_2024}


def dprd(code: str, name: str, seats: int, kecamatan: tuple = KEC) -> Contest:
    blocks = tuple(PartyBlock(PARTIES[n], tuple(Candidate(k, f"CALON CONTOH {n}-{k}", n, "P" if k == 2 else "L")
                                                 for k in (1, 2, 3))) for n in (1, 2, 5))
    return Contest(Ballot.PDPRDK, kecamatan, Dapil(Ballot.PDPRDK, code, name, "", seats), parties=blocks)


def enter(model: SheetModel, kec: str, figures: dict[int, tuple[int, int, int]]) -> None:
    for party, (c1, c2, c3) in figures.items():
        for k, v in zip((1, 2, 3), (c1, c2, c3), strict=True):
            model.commit_cell(f"IV.{party}.{k}", kec, v)
        model.commit_cell(f"IV.{party}.0", kec, 0)
        model.commit_cell(f"IV.{party}.T", kec, c1 + c2 + c3)


FIG = {1: (4000, 1500, 200), 2: (2500, 1800, 100), 5: (900, 700, 50)}


@pytest.fixture
def setup(make_model: Callable[..., SheetModel]) -> tuple[SeatSource, dict[str, SheetModel], dict[str, dict]]:
    contests = [dprd("352701", "SAMPANG 1", 4), dprd("352702", "SAMPANG 2", 3, KEC[:2]), dpr_contest()]
    models = {c.key: make_model(RecapSheet(c)) for c in contests}
    statuses: dict[str, dict[str, str]] = {c.key: {} for c in contests}
    objections: dict[str, list[Objection]] = {c.key: [] for c in contests}
    source = SeatSource(contests, models.__getitem__, statuses_of=statuses.__getitem__,
                        objections_of=objections.__getitem__, delay_ms=0)
    return source, models, statuses


def test_source_follows_only_dprd_dapil_and_recomputes_after_an_edit(qtbot, setup) -> None:
    source, models, _ = setup
    assert source.dapil_keys() == ["pdprdk:352701", "pdprdk:352702"]
    assert source.results() == []  # nothing loaded before first use
    source.start()
    assert [r.problem for r in source.results()] == ["Belum ada suara partai yang diisi di dapil ini."] * 2
    with qtbot.waitSignal(source.resultChanged, timeout=1000) as blocker:
        enter(models["pdprdk:352701"], K1, FIG)
    assert blocker.args == ["pdprdk:352701"]
    result = source.result("pdprdk:352701")
    assert result is not None and result.allocation is not None
    assert {p.party.short_name: p.seats for p in result.seat_parties} == {"PKB": 2, "Gerindra": 1, "NasDem": 1}
    assert source.result("pdprdk:352702").allocation is None  # untouched dapil: not recomputed, still empty


def test_statuses_and_keberatan_are_read_again_when_told(qtbot, setup) -> None:
    source, models, statuses = setup
    source.start()
    enter(models["pdprdk:352702"], K1, FIG)
    enter(models["pdprdk:352702"], K2, FIG)
    source.recompute_pending()
    assert source.result("pdprdk:352702").provisional
    statuses["pdprdk:352702"].update({K1: "ditetapkan", K2: "ditetapkan"})
    source.refresh_open_items("pdprdk:352702")
    result = source.result("pdprdk:352702")
    assert not result.provisional and result.open_items == ()
    source.set_statuses("pdprdk:352702", {K1: "ditetapkan"})
    assert source.result("pdprdk:352702").provisional


def test_panel_models_pass_qtmodeltester_and_show_the_dapil(qtbot, qtmodeltester, setup) -> None:
    source, models, _ = setup
    action = QAction("Kursi di proyektor")
    panel = SeatPanel(source, projector_action=action)
    qtbot.addWidget(panel)
    panel.show()  # first show starts the source
    assert source.started and panel.current_key() == "pdprdk:352701"
    assert panel.dapil_box.count() == 2 and "4 kursi" in panel.dapil_box.itemText(0)
    enter(models["pdprdk:352701"], K1, FIG)
    source.recompute_pending()
    result = source.result("pdprdk:352701")
    for model_class in (PartySeatsModel, CandidatesModel, RiskModel):  # standalone: the tester outlives the panel
        model = model_class()
        model.set_result(result)
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)
    assert panel.state_label.text().startswith("SEMENTARA — 0 dari 3 kecamatan ditetapkan")
    assert panel.margin_label.text().startswith("Kursi terakhir: NasDem atas Gerindra")
    first = [panel.parties.index(0, c).data() for c in range(4)]
    assert first[:3] == ["1. PKB", "5.700", "2"] and "[1]" in first[3]
    names = [panel.candidates.index(r, 2).data() for r in range(panel.candidates.rowCount())]
    assert names[:2] == ["CALON CONTOH 1-1", "CALON CONTOH 1-2"]
    statuses = [panel.candidates.index(r, 4).data() for r in range(panel.candidates.rowCount())]
    assert statuses.count("terpilih") == 4 and "pengganti 1" in statuses
    assert panel.tabs.tabText(2) == "Rawan (3)" and panel.risks.rowCount() == 3  # Sreseh open, two unread
    assert [panel.risks.index(r, 1).data() for r in range(3)] == ["SRESEH", "TORJUN", "SAMPANG"]
    assert panel.risks.index(1, 0).data() == "kecamatan belum dibacakan"
    assert panel.risks.index(1, 3).data().startswith("kursi")
    assert panel.risks.index(1, 2).data() == "paling banyak 34.800 suara"  # 116 TPS × 300


def test_an_edit_repaints_rows_without_a_reset(qtbot, setup) -> None:
    source, models, _ = setup
    panel = SeatPanel(source)
    qtbot.addWidget(panel)
    panel.show()
    model = models["pdprdk:352701"]
    enter(model, K1, FIG)
    source.recompute_pending()
    resets: list[str] = []
    changes: list[str] = []
    panel.parties.modelReset.connect(lambda: resets.append("reset"))
    panel.parties.dataChanged.connect(lambda *a: changes.append("data"))
    with qtbot.waitSignal(source.resultChanged, timeout=1000):
        model.commit_cell("IV.5.1", K1, 950)
        model.commit_cell("IV.5.T", K1, 1700)
    assert resets == [] and changes
    assert panel.parties.index(2, 1).data() == "1.700"


def test_choosing_another_dapil(qtbot, setup) -> None:
    source, _, _ = setup
    panel = SeatPanel(source)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.dapilChanged, timeout=1000) as blocker:
        panel.dapil_box.setCurrentIndex(1)
    assert blocker.args == ["pdprdk:352702"] and panel.current_key() == "pdprdk:352702"
    assert panel.margin_label.text() == "Belum ada suara partai yang diisi di dapil ini."
    panel.show_dapil("pdpr:3511")  # not a DPRD dapil: ignored
    assert panel.current_key() == "pdprdk:352702"


def test_seat_view_one_dapil_and_every_dapil(qtbot, setup) -> None:
    source, models, statuses = setup
    view = SeatView(source, kabupaten="KABUPATEN SAMPANG")
    qtbot.addWidget(view)
    view.resize(QSize(1920, 1080))
    view.show()
    enter(models["pdprdk:352701"], K1, FIG)
    enter(models["pdprdk:352702"], K1, {1: (10, 0, 0), 2: (10, 0, 0), 5: (3, 0, 0)})
    source.recompute_pending()
    lines = view.lines()
    assert lines[0] == "PEROLEHAN KURSI DPRD KABUPATEN SAMPANG"
    assert "Dapil SAMPANG 1 — 4 kursi — SEMENTARA" in lines and "PKB: 2 kursi (5.700 suara)" in lines
    assert any(line.startswith("SERI 1 kursi: PKB, Gerindra") for line in lines)  # 10 = 10 for the third seat
    assert any(line.startswith("RAWAN: ") for line in lines)
    view.set_dapil("pdprdk:352701")
    assert view.lines()[1] == "Dapil SAMPANG 1 — 4 kursi — SEMENTARA" and len(view.results()) == 1
    image = view.grab().toImage()  # paints (one dapil, large type)
    assert image.size() == QSize(1920, 1080) and image.pixelColor(5, 5).name() == "#ffffff"
    view.set_theme(DARK)
    assert view.grab().toImage().pixelColor(5, 5).name() == DARK.background
    statuses["pdprdk:352701"].update(dict.fromkeys((K1, K2, K3), "ditetapkan"))
    source.refresh_open_items()
    assert view.lines()[1] == "Dapil SAMPANG 1 — 4 kursi — LENGKAP"
    view.set_dapil("pdpr:3511")  # other ballots: every dapil
    assert view.dapil() == "" and len(view.results()) == 2
    view.grab()
    assert view.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_contests_reloaded(qtbot, setup) -> None:
    source, _, _ = setup
    panel = SeatPanel(source)
    qtbot.addWidget(panel)
    panel.show()
    source.set_contests([dprd("352702", "SAMPANG 2", 3, KEC[:2])])
    panel.reload_dapil()
    assert source.dapil_keys() == ["pdprdk:352702"] and panel.dapil_box.count() == 1
    assert panel.current_key() == "pdprdk:352702" and source.started
