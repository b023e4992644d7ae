"""Opening a contest runs with the cyclic garbage collector off (issue 16.2): the figures and findings are built
without collections, and the collector is back on afterwards — also after an error."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from rekap_desktop.gc_pause import gc_paused
from rekap_desktop.services import RecapService
from rekap_desktop.sheet import RecapSheet


def test_a_contest_opens_with_the_collector_off(service: RecapService, monkeypatch: pytest.MonkeyPatch) -> None:
    service.set_entry("ppwp", "IV.1", "352701", 120)
    seen: list[bool] = []
    load_manual, replace_sirekap = RecapSheet.load_manual, RecapSheet.replace_sirekap

    def watched_load(self: RecapSheet, values: Any) -> None:
        seen.append(gc.isenabled())
        load_manual(self, values)

    def watched_replace(self: RecapSheet, figures: Any) -> Any:
        seen.append(gc.isenabled())
        return replace_sirekap(self, figures)

    monkeypatch.setattr(RecapSheet, "load_manual", watched_load)
    monkeypatch.setattr(RecapSheet, "replace_sirekap", watched_replace)
    sheet = service.load_sheet("ppwp")
    assert seen == [False, False] and gc.isenabled()
    assert sheet.value("IV.1", "352701") == 120


def test_the_collector_comes_back_after_an_error_and_stays_off_when_it_was_off() -> None:
    with pytest.raises(ValueError), gc_paused():
        assert not gc.isenabled()
        raise ValueError("x")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_frozen_objects_are_out_of_the_automatic_collections_and_collect_all_still_finds_dead_cycles() -> None:
    import weakref

    from rekap_desktop.gc_pause import collect_all, freeze_long_lived, thaw

    try:
        a, b = _Node(), _Node()
        a.other, b.other = b, a  # a cycle: only the cyclic collector frees it
        dead = weakref.ref(a)
        freeze_long_lived()
        assert gc.get_freeze_count() > 0
        del a, b
        gc.collect()  # what Python's own collections do: frozen objects are not walked
        assert dead() is not None
        assert collect_all() >= 2 and dead() is None  # the full collection run when idle does find it
        assert gc.get_freeze_count() > 0  # and what survived is frozen again
    finally:
        thaw()
    assert gc.get_freeze_count() == 0
