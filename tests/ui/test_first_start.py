"""First start with --demo: the progress window while the demo database is built in a worker thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from rekap_desktop.services import RecapService
from ui.first_start import FirstStartWindow, build_demo_with_progress


def test_the_demo_is_built_behind_a_window_that_stays_alive(qtbot, tmp_path: Path, monkeypatch) -> None:
    seen: list[tuple[bool, str]] = []
    original = FirstStartWindow._update

    def spy(self: FirstStartWindow) -> None:  # the window ticks (the UI thread is not blocked) while it builds
        original(self)
        seen.append((self.isVisible(), self.elapsed.text()))

    monkeypatch.setattr(FirstStartWindow, "_update", spy)
    path = tmp_path / "demo.sqlite"
    ok, error, seconds = build_demo_with_progress(path)
    assert ok and error == "" and seconds > 0
    assert any(visible for visible, _ in seen) and len(seen) >= 2
    assert seen[-1][1].endswith("detik berlalu")
    assert not any(w.isVisible() for w in QApplication.topLevelWidgets() if isinstance(w, FirstStartWindow))
    service = RecapService.open(path, actor="uji")
    try:
        assert service.contests()
    finally:
        service.close()


def test_a_failed_build_says_why_and_leaves_nothing(qtbot, tmp_path: Path, monkeypatch) -> None:
    def broken(path: Path, **_: object) -> None:
        raise OSError("disk penuh")

    import rekap_desktop.demo

    monkeypatch.setattr(rekap_desktop.demo, "create_demo", broken)
    path = tmp_path / "demo.sqlite"
    ok, error, _seconds = build_demo_with_progress(path)
    assert not ok and "disk penuh" in error and str(path) in error
    assert not path.exists()


@pytest.fixture(autouse=True)
def _no_leftover_windows(qtbot):
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, FirstStartWindow):
            widget.close()
