"""This window and the other stations (DESIGN §14, issue 11): live updates in, bounded waits out.

- :class:`LiveLink` turns the core's :class:`~rekap_desktop.live.Watcher` (LISTEN/NOTIFY on PostgreSQL,
  ``PRAGMA data_version`` on SQLite, in a thread) into Qt signals on the GUI thread: ``changesArrived`` with the
  audit events other stations committed, ``cursorsChanged``, ``onlineChanged``. A fallback timer fetches anyway
  every second (a notification lost while offline is never a change lost).
- :class:`PendingEdits` keeps an edit that met a busy or unreachable database and retries it off the edit path
  (a timer; each attempt waits at most the short lock wait of the window) until it is committed or clearly
  refused. The window never freezes and an edit is never shown as saved before its commit returned.
- :class:`Deferred` is what a committer raises to hand an edit to :class:`PendingEdits`.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from rekap_desktop.entries import Expected
from rekap_desktop.live import Change, ChangeFeed, Watcher
from rekap_desktop.services import BusyError, RecapService, StaleEditError, StorageError

FALLBACK_MS = 1000
RETRY_MS = 400
GIVE_UP_S = 20.0


class LiveLink(QObject):
    """Signals (GUI thread):
        changesArrived(list[Change]): events committed by other stations (or other windows), in chain order.
        cursorsChanged(): a station moved its cursor (the projector station follows).
        onlineChanged(bool, str): the database became unreachable (False, why) or reachable again (True, "").
    """

    changesArrived = Signal(list)
    cursorsChanged = Signal()
    onlineChanged = Signal(bool, str)
    _poke = Signal(str)
    _status = Signal(bool, str)

    def __init__(self, service: RecapService, parent: QObject | None = None, *, fallback_ms: int = FALLBACK_MS
                 ) -> None:
        super().__init__(parent)
        self.service = service
        self.feed = ChangeFeed(service.engine)
        self.online = True
        self._scheduled = False
        self._poke.connect(self._on_poke)
        self._status.connect(self._on_status)
        self._fallback = QTimer(self)
        self._fallback.setInterval(fallback_ms)
        self._fallback.timeout.connect(self.poll)
        self._watcher = Watcher(service.engine, self._poke.emit, on_status=self._status.emit)

    def start(self) -> LiveLink:
        self._watcher.start()
        self._fallback.start()
        return self

    def stop(self) -> None:
        self._fallback.stop()
        self._watcher.stop()

    def _on_poke(self, channel: str) -> None:
        if channel == "cursor":
            self.cursorsChanged.emit()
            return
        if not self._scheduled:  # a burst of notifications: one fetch
            self._scheduled = True
            QTimer.singleShot(0, self.poll)

    def _on_status(self, online: bool, message: str) -> None:
        self.online = online
        self.onlineChanged.emit(online, message)
        if online:
            self.poll()

    def poll(self) -> list[Change]:
        """Fetch what other stations committed since the last fetch and announce it."""
        self._scheduled = False
        try:
            changes = self.feed.fetch()
        except Exception as exc:  # offline: the watcher says so; the next poll catches up
            if self.online:
                self.online = False
                self.onlineChanged.emit(False, f"basis data tidak dapat dibaca ({type(exc).__name__})")
            return []
        own = self.service.own_event_ids
        foreign = [c for c in changes if c.id not in own]
        own.difference_update(c.id for c in changes)
        if foreign:
            self.changesArrived.emit(foreign)
        return foreign


class Deferred(StorageError):
    """Raised by a committer whose edit went to :class:`PendingEdits` (the model shows it as waiting)."""

    deferred = True


@dataclass
class PendingEdit:
    key: str
    line: str
    kecamatan: str
    value: int | None
    expected: Expected
    since: float
    reason: str


class PendingEdits(QObject):
    """Edits waiting for a busy or unreachable database, retried in order.

    Signals:
        committed(key, line, kecamatan, old, new): a waiting edit was committed (show it, record it for undo).
        refused(str): a waiting edit was given up or refused (stale, locked …); nothing was written. Indonesian.
        changed(int, str): how many edits wait now, and why (empty when none).
    """

    committed = Signal(str, str, str, object, object)
    refused = Signal(str)
    changed = Signal(int, str)

    def __init__(self, service: RecapService, parent: QObject | None = None, *, retry_ms: int = RETRY_MS,
                 give_up_s: float = GIVE_UP_S) -> None:
        super().__init__(parent)
        self.service = service
        self.give_up_s = give_up_s
        self._queue: OrderedDict[tuple[str, str, str], PendingEdit] = OrderedDict()
        self._timer = QTimer(self)
        self._timer.setInterval(retry_ms)
        self._timer.timeout.connect(self.retry)

    def __len__(self) -> int:
        return len(self._queue)

    def get(self, key: str, line: str, kecamatan: str) -> PendingEdit | None:
        return self._queue.get((key, line, kecamatan))

    def add(self, key: str, line: str, kecamatan: str, value: int | None, expected: Expected, reason: str) -> None:
        self._queue[(key, line, kecamatan)] = PendingEdit(key, line, kecamatan, value, expected, time.monotonic(),
                                                          reason)
        self._queue.move_to_end((key, line, kecamatan))
        self._timer.start()
        self._announce()

    def drop(self, key: str, line: str, kecamatan: str) -> bool:
        """A newer edit of the same cell replaces a waiting one."""
        dropped = self._queue.pop((key, line, kecamatan), None) is not None
        if dropped:
            self._announce()
        return dropped

    def retry(self) -> None:
        """Try the waiting edits in order; stop at the first that is still busy (the lock is still held)."""
        for cell, edit in list(self._queue.items()):
            try:
                result = self.service.set_entry(edit.key, edit.line, edit.kecamatan, edit.value,
                                                expected=edit.expected)
            except StaleEditError as exc:
                del self._queue[cell]
                if exc.current == edit.value:  # the first attempt did commit before the connection dropped
                    self.committed.emit(edit.key, edit.line, edit.kecamatan, edit.expected, edit.value)
                else:
                    self.refused.emit(str(exc))
                continue
            except StorageError as exc:
                if retryable(exc) and time.monotonic() - edit.since < self.give_up_s:
                    edit.reason = str(exc)
                    break
                del self._queue[cell]
                waited = int(time.monotonic() - edit.since)
                self.refused.emit(f"Isian {edit.line} kecamatan {edit.kecamatan} TIDAK tersimpan setelah menunggu "
                                  f"{waited} detik: {exc}")
                continue
            del self._queue[cell]
            self.committed.emit(edit.key, edit.line, edit.kecamatan, result.old, result.new)
        if not self._queue:
            self._timer.stop()
        self._announce()

    def _announce(self) -> None:
        reason = next(iter(self._queue.values())).reason if self._queue else ""
        self.changed.emit(len(self._queue), reason)


def retryable(exc: BaseException) -> bool:
    """A busy lock or a lost connection: worth another try. A refusal (locked, stale, invalid) is not."""
    if isinstance(exc, BusyError):
        return True
    text = str(exc).lower()
    return "koneksi terputus" in text or "tidak dapat dibuka" in text or "dikunci" in text
