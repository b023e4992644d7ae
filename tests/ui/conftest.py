"""Qt tests: offscreen, Qt warnings fail the test, small in-memory sheets with an instrumented committer."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from rekap_desktop.sheet import RecapSheet, SirekapFigure
from rekap_desktop.synthesis import consistent_column
from tests.core.factories import KEC, dpr_contest, ppwp_contest
from ui.sheet_model import CommitError, SheetModel

K1, K2, K3 = (k.code for k in KEC)
_HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Qt warnings fail tests (pyproject: qt_log_level_fail = "WARNING"); the offscreen platform plugin warns
    # about what it cannot do (dock size hints of a QMainWindow, raising tooltip windows, grabbing the keyboard for a
    # popup menu): not our warnings.
    for item in items:
        if _HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(
                r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)"))


class RecordingCommitter:
    """In-memory committer: records calls; ``fail`` makes every commit fail, ``fail_after`` the (n+1)-th on."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str, int | None]] = []
        self.fail: str | None = None
        self.fail_after: int | None = None

    def __call__(self, contest_key: str, line: str, kecamatan: str, value: int | None) -> None:
        if self.fail is not None:
            raise CommitError(self.fail)
        if self.fail_after is not None and len(self.calls) >= self.fail_after:
            raise CommitError("disk penuh")
        self.calls.append((contest_key, line, kecamatan, value))


@pytest.fixture(scope="session", autouse=True)
def indonesian_qt(qapp: object) -> None:
    """Qt's own dialogs and buttons in Indonesian, as the application installs them (ui.app.run)."""
    from ui.qt_indonesian import install

    install(qapp)  # type: ignore[arg-type]


@pytest.fixture
def committer() -> RecordingCommitter:
    return RecordingCommitter()


def fill(sheet: RecapSheet, columns: tuple[str, ...] = (K1, K2), seed: int = 3) -> dict[str, dict[str, int]]:
    """Consistent manual figures in ``columns``; Sirekap: K1 complete (V.B mismatching), K2 partial, K3 none."""
    rng = random.Random(seed)
    values: dict[str, dict[str, int]] = {}
    for region in sheet.contest.kecamatan:
        if region.code in columns:
            values[region.code] = consistent_column(sheet.catalogue, rng, 20_000, region.tps_count or 60)
    sheet.load_manual((line, code, v) for code, col in values.items() for line, v in col.items())
    figures: dict[tuple[str, str], SirekapFigure] = {}
    for code, col in values.items():
        tps = sheet.tps_count(code) or 60
        for line in sheet.catalogue.lines:
            if not line.has_sirekap:
                continue
            if code == K1:
                figures[(line.id, code)] = SirekapFigure(col[line.id], tps, tps)
            elif code == K2:
                figures[(line.id, code)] = SirekapFigure(col[line.id] - 1, tps - 2, tps)
    figures[("V.B", K1)] = SirekapFigure(values[K1]["V.B"] + 800, sheet.tps_count(K1) or 60, sheet.tps_count(K1) or 60)
    sheet.set_sirekap(figures)
    return values


@pytest.fixture
def ppwp_sheet() -> RecapSheet:
    sheet = RecapSheet(ppwp_contest())
    fill(sheet)
    return sheet


@pytest.fixture
def dpr_sheet() -> RecapSheet:
    sheet = RecapSheet(dpr_contest(parties=4, candidates=3))
    fill(sheet)
    return sheet


@pytest.fixture
def make_model(qtbot: object, committer: RecordingCommitter) -> Callable[..., SheetModel]:
    def make(sheet: RecapSheet, **kwargs: object) -> SheetModel:
        return SheetModel(sheet, committer, **kwargs)  # type: ignore[arg-type]

    return make


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database (Kabupaten Sampang), built once per session; tests work on copies."""
    from rekap_desktop.demo import create_demo

    path = tmp_path_factory.mktemp("demo-ui") / "demo.sqlite"
    create_demo(path)
    return path
