"""The garbage collector's full walks, moved to when nobody is typing (issue 16: the slowest edit).

A window holds hundreds of thousands of long-lived objects (sheets, figures, findings, cell caches). Python walks all
of them in every full collection it starts by itself, at an allocation it chooses — on the synthetic kabupaten one
edit in ~1.100 took 88–105 ms, all of it one such walk. So the window freezes what it loaded
(:func:`rekap_desktop.gc_pause.freeze_long_lived`) after opening and after loading contests, and
:class:`IdleCollector` runs the one full collection that still finds dead cycles among them
(:func:`rekap_desktop.gc_pause.collect_all`) once the operator has not committed a figure for ``idle_ms``, at most
every ``every_ms``. Closing the window gives everything back to the collector.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer

from rekap_desktop.gc_pause import collect_all, freeze_long_lived, thaw


class IdleCollector(QObject):
    def __init__(self, parent: QObject | None = None, *, idle_ms: int = 5_000, every_ms: int = 300_000) -> None:
        super().__init__(parent)
        self.every_s = every_ms / 1000
        self.collections = 0  # for tests and benchmarks: how many full collections ran, what the last one found
        self.last_found = 0
        self._last = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(idle_ms)
        self._timer.timeout.connect(self._idle)
        freeze_long_lived()

    def settled(self) -> None:
        """Call after loading what will live as long as the window (contests, models): kept out of the walks."""
        freeze_long_lived()

    def activity(self) -> None:
        """The operator committed something: the next full collection waits until ``idle_ms`` without one."""
        self._timer.start()

    def due(self) -> None:
        """Much was dropped (contests reloaded): collect at the next idle moment, however recent the last one."""
        self._last = float("-inf")
        self._timer.start()

    def _idle(self) -> None:
        if time.monotonic() - self._last < self.every_s:
            return
        self.collect()

    def collect(self) -> int:
        """Run the full collection now."""
        self.last_found = collect_all()
        self.collections += 1
        self._last = time.monotonic()
        return self.last_found

    def stop(self) -> None:
        self._timer.stop()
        thaw()
