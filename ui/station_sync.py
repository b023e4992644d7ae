"""One operator window among several stations (DESIGN §14, issue 11).

:class:`StationSync` belongs to the main window. It

- applies what other stations commit (:class:`~ui.live.LiveLink`): figures cell by cell (no model reset; the
  operator's cursor and open editor stay), kecamatan statuses (locks, navigator, projector), keberatan and
  recounts (panel, marks), Sirekap imports, reference changes; the projector follows because it shows the same
  models;
- commits this window's edits with the value they were based on, so a cell another station changed meanwhile is
  refused by name ("diubah oleh … menjadi …") and its current value shown; an edit that meets a busy or
  unreachable database waits in :class:`~ui.live.PendingEdits` instead of freezing the window;
- publishes where the operator looks (contest, kecamatan, line, projector paused) for a projector station;
- runs the SQLite WAL checkpoint in a background thread, off the operator's commits;
- knows who made the figure of each cell (tooltips) and shows the link's state in the status bar.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from rekap_desktop.db import WalCheckpointer
from rekap_desktop.entries import CellAuthor
from rekap_desktop.kecamatan_status import KecamatanStatus
from rekap_desktop.live import Change, Cursor, CursorPublisher, cursor_count
from rekap_desktop.numbers import format_number
from rekap_desktop.services import BusyError, StaleEditError, StorageError
from ui.live import Deferred, LiveLink, PendingEdits, retryable
from ui.steady_label import SteadyLabel

if TYPE_CHECKING:
    from ui.main_window import MainWindow

SIREKAP_KINDS = ("sirekap", "tps_status")
REFERENCE_KINDS = ("reference", "setting")


def _time(ts: str) -> str:
    return ts[11:19] if len(ts) >= 19 else ts


class StationSync(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.service = window.service
        self.link = LiveLink(self.service, self)
        self.link.changesArrived.connect(self.apply)
        self.link.onlineChanged.connect(self._online)
        self.pending = PendingEdits(self.service, self)
        self.pending.committed.connect(self._pending_committed)
        self.pending.refused.connect(self._refused)
        self.pending.changed.connect(self._pending_changed)
        self.checkpointer = WalCheckpointer(self.service.engine).start()
        self.publisher = CursorPublisher(self.service.engine)
        self.authors: dict[str, dict[tuple[str, str], CellAuthor]] = {}
        self.remote_changes = 0
        self.label = SteadyLabel(parent=window)
        self.label.setToolTip("Hubungan dengan basis data dan stasiun lain")
        self._state = "tersambung"
        self._waiting = (0, "")
        self._show()
        self.link.start()

    def stop(self) -> None:
        self.link.stop()
        self.publisher.stop()
        self.checkpointer.stop()

    # ------------------------------------------------------------------ committing this window's edits
    def commit(self, key: str, line: str, kecamatan: str, value: int | None) -> None:
        """Commit one edit based on what the operator saw; refuse a stale one by name, defer a busy one."""
        model = self.window.models[key]
        expected = model.base_value(line, kecamatan)
        self.pending.drop(key, line, kecamatan)
        try:
            result = self.service.set_entry(key, line, kecamatan, value, expected=expected)
        except StaleEditError as exc:
            if exc.current != value:
                stale = exc
                QTimer.singleShot(0, lambda: self._show_current(key, stale))
                raise
            return  # another station already stored the same figure
        except StorageError as exc:
            if not retryable(exc):
                raise
            self.pending.add(key, line, kecamatan, value, expected, str(exc))
            raise Deferred(f"{exc} Isian {line} kecamatan {kecamatan} ({format_number(value, 'kosong')}) "
                           "menunggu dan dicoba lagi otomatis.") from exc
        if result.event_id:
            self._author(key, line, kecamatan, CellAuthor(self.service.actor, self.service.station, "", 0))

    def verify(self, key: str, line: str, kecamatan: str, value: int | None) -> None:
        """An edit that left the figure as shown: the database must still hold it (else: stale, by name)."""
        self.commit(key, line, kecamatan, value)

    def _show_current(self, key: str, exc: StaleEditError) -> None:
        model = self.window.models.get(key)
        if model is not None:
            model.apply_value(exc.line, exc.kecamatan, exc.current)
        self._author(key, exc.line, exc.kecamatan, CellAuthor(exc.actor, exc.station, "", 0))

    def _pending_committed(self, key: str, line: str, kecamatan: str, old: object, new: object) -> None:
        model = self.window.models.get(key)
        if model is not None:
            model.apply_value(line, kecamatan, new if isinstance(new, int) else None, committed_here=True)
        self.window.show_message(f"Tersimpan setelah menunggu: {line} kecamatan {kecamatan} = "
                                 f"{format_number(new if isinstance(new, int) else None, 'kosong')}.")

    def _refused(self, message: str) -> None:
        self.window.show_error(message)

    def _pending_changed(self, count: int, reason: str) -> None:
        self._waiting = (count, reason)
        self._show()

    # ------------------------------------------------------------------ other stations' changes
    def apply(self, changes: list[Change]) -> None:
        """Apply other stations' committed changes to what this window (and its projector) shows."""
        window = self.window
        figures: dict[str, dict[tuple[str, str], Change]] = defaultdict(dict)
        statuses: list[Change] = []
        kinds: set[str] = set()
        for ch in changes:
            window.room.apply_event({"id": ch.id, "action": ch.action, "contest": ch.contest,
                                     "kecamatan": ch.kecamatan, "line": ch.line, "payload": ch.payload})
            kinds.add(ch.kind)
            if ch.action == "entry.set":
                figures[ch.contest][(ch.line, ch.kecamatan)] = ch
            elif ch.action == "status.set":
                statuses.append(ch)
        self.remote_changes += len(changes)
        if kinds & set(REFERENCE_KINDS):
            window.reload_contests()  # lines, columns or tolerance may have changed: the one reset allowed
            return
        for key, cells in figures.items():
            model = window.models.get(key)
            for (line, kec), ch in cells.items():
                self._author(key, line, kec, CellAuthor(ch.actor, ch.station, "", ch.id))
                if model is not None:
                    model.apply_value(line, kec, ch.new_value)
        for ch in statuses:
            if ch.contest in window.contests:
                window.apply_status(ch.contest, ch.kecamatan, KecamatanStatus(ch.payload.get("status", "belum")))
        if kinds & {"keberatan", "recount"} and window.keberatan is not None:
            window.keberatan.refresh()
        if kinds & set(SIREKAP_KINDS):
            window.reload_sirekap()
        if changes:
            last = changes[-1]
            who = f"{last.actor} (stasiun {last.station})" if last.station else last.actor
            window.statusBar().showMessage(f"Perubahan dari stasiun lain: {len(changes)} (terakhir oleh {who}).",
                                           5000)

    # ------------------------------------------------------------------ who made each figure
    def authors_of(self, key: str) -> dict[tuple[str, str], CellAuthor]:
        if key not in self.authors:
            try:
                self.authors[key] = self.service.cell_authors(key)
            except StorageError:
                return {}
        return self.authors[key]

    def _author(self, key: str, line: str, kec: str, author: CellAuthor) -> None:
        if key in self.authors:
            self.authors[key][(line, kec)] = author

    def author_text(self, key: str, line: str, kecamatan: str) -> str:
        author = self.authors_of(key).get((line, kecamatan))
        if author is None:
            return ""
        when = f", {_time(author.ts)} UTC" if author.ts else ""
        return f"Terakhir diubah oleh {author.actor} (stasiun {author.station or '-'}{when})"

    # ------------------------------------------------------------------ where this operator looks
    def publish_cursor(self, contest: str, kecamatan: str, line: str, *, paused: bool = False,
                       pause_message: str = "", view: str = "tabel") -> None:
        self.publisher.publish(Cursor(self.service.station, self.service.actor, "operator", contest, kecamatan,
                                      line, paused, pause_message, view))

    # ------------------------------------------------------------------ status bar
    def _online(self, online: bool, message: str) -> None:
        self._state = "tersambung" if online else f"TERPUTUS: {message}"
        self._show()
        if not online:
            self.window.show_message(f"Basis data tidak terjangkau ({message}). Isian yang diketik menunggu dan "
                                     "disimpan otomatis begitu tersambung lagi.")

    def _show(self) -> None:
        count, reason = self._waiting
        if count:
            self.label.setText(f"⏳ {count} isian menunggu — {reason} Mencoba lagi…")
            self.label.setStyleSheet("QLabel { color: #7a4a00; font-weight: bold; }")
        elif self._state != "tersambung":
            self.label.setText(f"⚠ {self._state}")
            self.label.setStyleSheet("QLabel { color: #b00020; font-weight: bold; }")
        else:
            try:
                stations = cursor_count(self.service.engine)
            except Exception:
                stations = 0
            extra = f" · {stations} stasiun" if stations > 1 else ""
            self.label.setText(f"● Basis data tersambung{extra}")
            self.label.setStyleSheet("QLabel { color: #1e6b2e; }")


__all__ = ["BusyError", "StationSync"]
