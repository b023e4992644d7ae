from __future__ import annotations

import pytest

from tests.core.factories import KEC, dpd_contest, dpr_contest, ppwp_contest
from ui.navigator import KIND_ROLE, PROGRESS_ROLE, Navigator, NodeKind, progress_text

from .conftest import K1, K2, K3


@pytest.fixture
def navigator(qtbot):
    contests = [dpr_contest(), ppwp_contest(), dpd_contest()]
    statuses = {("ppwp", K1): "ditetapkan", ("ppwp", K2): "selesai", ("ppwp", K3): "dibacakan"}
    nav = Navigator(contests, statuses)
    qtbot.addWidget(nav)
    return nav


def test_tree_is_ballot_dapil_kecamatan_in_plenary_order(navigator) -> None:
    top = [navigator.topLevelItem(i).text(0) for i in range(navigator.topLevelItemCount())]
    assert top == ["Presiden dan Wakil Presiden", "DPR", "DPD"]
    dpr = navigator.topLevelItem(1)
    assert dpr.data(0, KIND_ROLE) == NodeKind.BALLOT
    dapil = dpr.child(0)
    assert dapil.text(0) == "Dapil JAWA TIMUR XI" and dapil.data(0, KIND_ROLE) == NodeKind.CONTEST
    assert [dapil.child(i).text(0) for i in range(dapil.childCount())] == [k.name for k in KEC]


def test_status_chips_and_progress(navigator) -> None:
    ppwp = navigator.item_for("ppwp")
    assert [ppwp.child(i).text(1) for i in range(3)] == ["ditetapkan", "selesai", "dibacakan"]
    assert navigator.progress("ppwp") == (2, 3)
    assert ppwp.data(0, PROGRESS_ROLE) == (2, 3)
    assert progress_text(2, 3) == "kecamatan selesai 2 dari 3"
    assert "kecamatan selesai 2 dari 3" in ppwp.toolTip(0)
    assert navigator.status("pdpd", K1) == "belum"
    navigator.set_status("ppwp", K3, "selesai")
    assert navigator.progress("ppwp") == (3, 3)
    assert navigator.item_for("ppwp", K3).text(1) == "selesai"
    with pytest.raises(ValueError, match="status kecamatan tidak dikenal"):
        navigator.set_status("ppwp", K3, "beres")


def test_signals(qtbot, navigator) -> None:
    seen: list[tuple[str, ...]] = []
    navigator.contestSelected.connect(lambda key: seen.append((key,)))
    navigator.kecamatanSelected.connect(lambda key, code: seen.append((key, code)))
    navigator.select_kecamatan("pdpr:3511", K2)
    assert seen == [("pdpr:3511",), ("pdpr:3511", K2)]
    with qtbot.assertNotEmitted(navigator.contestSelected):
        navigator.select_kecamatan("pdpr:3511", K3)  # same contest: only the kecamatan signal
    with qtbot.waitSignal(navigator.contestSelected) as blocker:
        navigator.select_contest("pdpd")
    assert blocker.args == ["pdpd"]


def test_paints_without_warnings(qtbot, navigator) -> None:
    navigator.resize(360, 600)
    navigator.show()
    image = navigator.grab().toImage()
    assert not image.isNull()
