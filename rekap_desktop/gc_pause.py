"""Bulk loads without the cyclic garbage collector (issue 16.2).

Opening a contest builds tens of thousands of small objects (figures, findings, Sirekap figures) that all stay
alive; every 700 allocations Python's collector walks the young ones and, now and then, every object of the
process — ~60 ms on the reference machine, landing at random inside whichever contest is being opened (DPD measured
119 ms with it, 55 ms without). Nothing a bulk load makes is garbage, so :func:`gc_paused` switches the collector
off for its duration (reference counting still frees everything as usual) and back on afterwards; the young
objects are then walked once, at the next allocation, instead of seventy times on the way.
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
