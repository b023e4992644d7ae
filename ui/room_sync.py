"""Keeping the room's view of the record in step with the database: cell marks and the audit anchor.

The main window owns one :class:`RoomSync`. It

- loads the keberatan / koreksi / hitung ulang marks (:mod:`rekap_desktop.cell_marks`) once, gives every contest
  model its marks (:meth:`attach`), and reloads one contest's marks after a keberatan, a correction or a recount
  (:meth:`refresh_marks`) — only the cells whose marks changed repaint;
- shows the audit anchor ``AUDIT <n>:<16 hex>`` on the projector and reads it again after every committed change
  (:meth:`changed`, coalesced: a burst of edits reads it once, after the edits are on screen, off the edit path);
- takes audit events from another station (:meth:`apply_event`, for the stations' live updates): marks and
  anchor follow without a reload.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from rekap_desktop.cell_marks import CellMarks, load_marks
from rekap_desktop.services import RecapService
from ui.sheet_model import SheetModel

ANCHOR_DELAY_MS = 30  # after a commit: the edit is painted first, then the anchor is read (one query)


class RoomSync(QObject):
    """Marks and anchor for the models of one window.

    Signals:
        anchorChanged(str): the audit anchor now (``AUDIT <n>:<16 hex>``), after a change was committed.
    """

    anchorChanged = Signal(str)

    def __init__(self, service: RecapService, models: Callable[[], Mapping[str, SheetModel]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._models = models
        self.marks = CellMarks()
        self.anchor = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(ANCHOR_DELAY_MS)
        self._timer.timeout.connect(self.refresh_anchor)
        self.reload()

    def reload(self) -> None:
        """Every contest's marks and the anchor from the database (at start and after a reload of the contests)."""
        with self.service.engine.connect() as conn:
            load_marks(conn, None, into=self.marks)
        for key, model in self._models().items():
            self._push(key, model)
        self.refresh_anchor()

    def attach(self, key: str, model: SheetModel) -> None:
        """A model was created for contest ``key``: give it its marks."""
        self._push(key, model)

    def _push(self, key: str, model: SheetModel) -> None:
        model.set_marks(self.marks.cells_of(key), self.marks.kecamatan_of(key))

    def refresh_marks(self, key: str | None = None) -> None:
        """Reload the marks of contest ``key`` (all when None) and repaint the cells whose marks changed."""
        with self.service.engine.connect() as conn:
            load_marks(conn, key, into=self.marks)
        for k, model in self._models().items():
            if key is None or k == key:
                self._push(k, model)
        self.changed()

    def changed(self) -> None:
        """Something was committed: read the anchor again shortly (many calls, one read)."""
        if not self._timer.isActive():
            self._timer.start()

    def refresh_anchor(self) -> None:
        self._timer.stop()
        try:
            text = self.service.anchor().text
        except Exception:  # a database error shows elsewhere; the anchor keeps its last committed value
            return
        if text != self.anchor:
            self.anchor = text
            self.anchorChanged.emit(text)

    def apply_event(self, event: Mapping[str, Any]) -> None:
        """An audit event committed by another station (``id``, ``action``, ``contest``, ``kecamatan``, ``line``,
        ``payload``): its marks, if any, and the anchor."""
        if self.marks.apply_event(event):
            key = str(event.get("contest", ""))
            model = self._models().get(key)
            if model is not None:
                self._push(key, model)
        self.changed()
