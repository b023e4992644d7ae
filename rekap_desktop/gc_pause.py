"""Bulk loads without the cyclic garbage collector, and long-lived objects kept out of its way (issue 16).

Opening a contest builds tens of thousands of small objects (figures, findings, Sirekap figures) that all stay
alive; every 700 allocations Python's collector walks the young ones and, now and then, every object of the
process — ~60 ms on the reference machine, landing at random inside whichever contest is being opened (DPD measured
119 ms with it, 55 ms without). Nothing a bulk load makes is garbage, so :func:`gc_paused` switches the collector
off for its duration (reference counting still frees everything as usual) and back on afterwards; the young
objects are then walked once, at the next allocation, instead of seventy times on the way.

What a window loads lives as long as the window. Left in the collector's oldest generation, it is walked again by
every full collection, which Python starts by itself once enough new objects survived — measured on the synthetic
kabupaten: one edit in ~1.100 took 88–105 ms, all of it one full collection. :func:`freeze_long_lived` moves every
object alive now out of the collector's sight (``gc.freeze``), so the automatic collections walk only what came
after; :func:`collect_all` is the full collection, run when nobody is typing (``ui.idle_gc``), that still finds the
dead cycles among them; :func:`thaw` gives everything back to the collector (a window closing).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; re-enabled on exit (also on error) if it was enabled."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_long_lived() -> None:
    """Keep every object alive now out of the automatic collections (``gc.freeze``: O(1), no walk)."""
    gc.freeze()


def collect_all() -> int:
    """A full collection of every object, frozen ones included; those that survive are frozen again. Returns the
    number of unreachable objects found. Takes ~0,1 s on a large contest: call it when nobody is typing."""
    gc.unfreeze()
    found = gc.collect()
    gc.freeze()
    return found


def thaw() -> None:
    """Give every frozen object back to the collector (its oldest generation)."""
    gc.unfreeze()
