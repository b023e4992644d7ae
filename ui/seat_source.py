"""Live seat results of the DPRD Kabupaten/Kota dapil for the seat panel and the projector's seat view.

:class:`SeatSource` follows the operator's :class:`ui.sheet_model.SheetModel` of every DPRD dapil (the same models
the grid edits), and recomputes a dapil's :class:`rekap_desktop.seats_dapil.DapilSeats` from its sheet — never
from the database — shortly after that sheet changed (edits, Sirekap imports, another station's edits applied to
the model). Kecamatan statuses and open keberatan are not in the sheet: they are read through callables when the
window says they changed (:meth:`refresh_open_items`).

Signals:
    resultChanged(str): the result of the dapil with this contest key was recomputed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QObject, QTimer, Signal

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest
from rekap_desktop.seats_dapil import DapilSeats, analyse
from rekap_desktop.seats_risk import Objection
from ui.sheet_model import SheetModel

ModelFor = Callable[[str], SheetModel]
StatusesOf = Callable[[str], Mapping[str, str]]
ObjectionsOf = Callable[[str], Sequence[Objection]]

DEFAULT_DELAY_MS = 30  # coalesces a paste or an import into one recomputation, well under a glance


class SeatSource(QObject):
    resultChanged = Signal(str)

    def __init__(
        self,
        contests: Sequence[Contest],
        model_for: ModelFor,
        *,
        statuses_of: StatusesOf | None = None,
        objections_of: ObjectionsOf | None = None,
        delay_ms: int = DEFAULT_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._model_for = model_for
        self._statuses_of = statuses_of
        self._objections_of = objections_of
        self._contests: dict[str, Contest] = {}
        self._models: dict[str, SheetModel] = {}
        self._statuses: dict[str, dict[str, str]] = {}
        self._objections: dict[str, list[Objection]] = {}
        self._results: dict[str, DapilSeats] = {}
        self._pending: set[str] = set()
        self._started = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.recompute_pending)
        self.set_contests(contests)

    # ------------------------------------------------------------------ contests and models
    def set_contests(self, contests: Sequence[Contest]) -> None:
        """The contests of the database (after a reload): only the DPRD Kabupaten/Kota ones are followed."""
        for model in self._models.values():
            self._disconnect(model)
        self._models.clear()
        self._results.clear()
        self._pending.clear()
        self._contests = {c.key: c for c in contests if c.ballot is Ballot.PDPRDK}
        if self._started:
            self._started = False
            self.start()

    def dapil_keys(self) -> list[str]:
        return list(self._contests)

    def contest(self, key: str) -> Contest:
        return self._contests[key]

    def start(self) -> None:
        """Follow every dapil's sheet and compute every result now (first use of the panel or the view)."""
        if self._started:
            return
        self._started = True
        for key in self._contests:
            model = self._model_for(key)
            self._models[key] = model
            model.dataChanged.connect(self._on_change)
            model.findingsChanged.connect(self._on_change)
            model.modelReset.connect(self._on_change)
            self._load_open_items(key)
        self._pending = set(self._contests)
        self.recompute_pending()

    @property
    def started(self) -> bool:
        return self._started

    def _disconnect(self, model: SheetModel) -> None:
        for signal in (model.dataChanged, model.findingsChanged, model.modelReset):
            with contextlib.suppress(RuntimeError, TypeError):  # already gone with its model
                signal.disconnect(self._on_change)

    def _on_change(self, *_: object) -> None:
        sender = self.sender()
        for key, model in self._models.items():
            if model is sender:
                self._pending.add(key)
        if self._pending and not self._timer.isActive():
            self._timer.start()

    # ------------------------------------------------------------------ statuses and keberatan
    def _load_open_items(self, key: str) -> None:
        if self._statuses_of is not None:
            self._statuses[key] = dict(self._statuses_of(key))
        if self._objections_of is not None:
            self._objections[key] = list(self._objections_of(key))

    def refresh_open_items(self, key: str | None = None) -> None:
        """Statuses or keberatan changed (of one contest, or of any): read them again and recompute."""
        if not self._started:
            return
        keys = [key] if key in self._contests else list(self._contests) if key is None else []
        for k in keys:
            self._load_open_items(k)
            self._pending.add(k)
        self.recompute_pending()

    def set_statuses(self, key: str, statuses: Mapping[str, str]) -> None:
        """Statuses given directly (e.g. by another station's notification)."""
        if key in self._contests:
            self._statuses[key] = dict(statuses)
            self._pending.add(key)
            if self._started:
                self.recompute_pending()

    # ------------------------------------------------------------------ results
    def recompute_pending(self) -> None:
        self._timer.stop()
        pending, self._pending = sorted(self._pending), set()
        for key in pending:
            model = self._models.get(key)
            if model is None:
                continue
            self._results[key] = analyse(model.sheet, self._statuses.get(key, {}), self._objections.get(key, ()))
            self.resultChanged.emit(key)

    def result(self, key: str) -> DapilSeats | None:
        return self._results.get(key)

    def results(self) -> list[DapilSeats]:
        """Every dapil's current result, in dapil order (empty before :meth:`start`)."""
        return [self._results[k] for k in self._contests if k in self._results]
