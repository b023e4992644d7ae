"""The collector's full walks wait until nobody is typing (issue 16: one edit in ~1.100 took ~90 ms, all of it a
full collection Python started by itself over the window's long-lived objects)."""

from __future__ import annotations

import gc
import time
import weakref

from pytestqt.qtbot import QtBot

from ui.idle_gc import IdleCollector


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_the_full_collection_runs_only_after_an_idle_moment(qtbot: QtBot) -> None:
    collector = IdleCollector(idle_ms=150, every_ms=0)
    try:
        assert gc.get_freeze_count() > 0  # what the window loaded is out of the automatic walks
        a, b = _Node(), _Node()
        a.other, b.other = b, a
        dead = weakref.ref(a)
        collector.settled()
        del a, b
        deadline = time.monotonic() + 0.6
        while time.monotonic() < deadline:  # typing: a commit every 50 ms keeps the collection away
            collector.activity()
            qtbot.wait(50)
        assert collector.collections == 0 and dead() is not None
        qtbot.waitUntil(lambda: collector.collections == 1, timeout=2000)
        assert dead() is None and collector.last_found >= 2
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0


def test_at_most_one_full_collection_per_period_unless_much_was_dropped(qtbot: QtBot) -> None:
    collector = IdleCollector(idle_ms=20, every_ms=60_000)
    try:
        collector.collect()
        collector.activity()
        qtbot.wait(120)
        assert collector.collections == 1  # idle again, but the last one was just now
        collector.due()  # contests reloaded: their old objects are garbage
        qtbot.waitUntil(lambda: collector.collections == 2, timeout=2000)
    finally:
        collector.stop()
