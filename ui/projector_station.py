"""A projector-only station: ``rekap-desktop proyektor --db URL`` on the PC that drives the aula's projector.

It opens only the read-only projector window (DESIGN §8) on its own copy of the figures, follows the kecamatan,
line and pause screen of the operator station it watches (``station_cursor``; by default the operator who moved
most recently, or ``--ikuti STATION``), and stays live with every station's changes (:class:`~ui.live.LiveLink`).
It never writes a figure: its models have no committer that could.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, Signal

from rekap_desktop.live import Change, Cursor, read_cursors
from rekap_desktop.services import RecapService
from rekap_desktop.sheet import ChangeSet
from ui.live import LiveLink
from ui.projector_window import ProjectorWindow
from ui.room_sync import RoomSync
from ui.sheet_model import SheetModel


class ReadOnly(Exception):
    def __init__(self) -> None:
        super().__init__("stasiun proyektor hanya menampilkan; angka diubah di stasiun operator")


def _refuse(*_args: object) -> ChangeSet | None:
    raise ReadOnly


class ProjectorStation(QObject):
    """Signals:
        followed(str): the operator station now followed (its name), or "" when none publishes a cursor.
    """

    followed = Signal(str)

    def __init__(self, service: RecapService, *, settings: QSettings | None = None, follow: str = "") -> None:
        super().__init__()
        self.service = service
        self.follow_station = follow
        self.following = ""
        self.cursor: Cursor | None = None
        office = service.settings()
        kab = office.get("kabupaten_nama", "")
        self.kabupaten = f"KABUPATEN {kab}" if kab and not kab.startswith(("KABUPATEN", "KOTA")) else kab
        self.contests = {c.key: c for c in service.contests()}
        if not self.contests:
            raise ValueError("basis data ini belum berisi kontes: siapkan dahulu di stasiun operator")
        self.models: dict[str, SheetModel] = {}
        self.seat_source: Any = None
        self.seat_view: Any = None
        self.showing_seats = False
        self.current_key = next(iter(self.contests))
        self.room = RoomSync(service, lambda: self.models, self)
        self.window = ProjectorWindow(self.model_for(self.current_key), kabupaten=self.kabupaten,
                                      statuses=self._statuses(self.current_key), settings=settings)
        self.window.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, True)  # here, the projector is the app
        self.window.setWindowTitle("Rekap Desktop — Stasiun Proyektor")
        self.window.setAnchor(self.room.anchor)
        self.room.anchorChanged.connect(self.window.setAnchor)
        self.link = LiveLink(service, self)
        self.link.changesArrived.connect(self.apply)
        self.link.cursorsChanged.connect(self.follow)
        self.link.start()
        self.follow()

    def model_for(self, key: str) -> SheetModel:
        model = self.models.get(key)
        if model is None:
            model = SheetModel(self.service.load_sheet(key), _refuse, parent=self)
            for code, status in self.service.statuses(key).items():
                model.set_locked(code, status.value == "ditetapkan")
            self.room.attach(key, model)
            self.models[key] = model
        return model

    def _statuses(self, key: str) -> dict[str, str]:
        return {code: status.value for code, status in self.service.statuses(key).items()}

    # ------------------------------------------------------------------ following the operator
    def follow(self) -> None:
        """Show what the followed operator station shows (contest, kecamatan, line, pause)."""
        cursors = [c for c in read_cursors(self.service.engine)
                   if not self.follow_station or c.station == self.follow_station]
        cursor = cursors[0] if cursors else None
        name = cursor.station if cursor else ""
        if name != self.following:
            self.following = name
            self.followed.emit(name)
        if cursor is None or cursor.same_place(self.cursor):
            return
        self.cursor = cursor
        if cursor.contest in self.contests and cursor.contest != self.current_key:
            self.current_key = cursor.contest
            self.window.setModel(self.model_for(cursor.contest))
            self.window.setStatuses(self._statuses(cursor.contest))
        if cursor.kecamatan and self.contests[self.current_key].has_kecamatan(cursor.kecamatan):
            self.window.setCurrentKecamatan(cursor.kecamatan)
        if cursor.line:
            self.window.setCurrentLine(cursor.line)
        if cursor.paused != self.window.isPaused():
            self.window.setPaused(cursor.paused, cursor.pause_message or None)
        self._show_view(cursor.view)

    def _show_view(self, view: str) -> None:
        """The operator's projector shows the DPRD seats (F8): so does this one."""
        if view != "kursi":
            if self.seat_view is not None and self.showing_seats:
                self.window.showPage(None)
            self.showing_seats = False
            return
        if self.seat_view is None:
            from rekap_desktop.seats_report import open_objections
            from ui.seat_source import SeatSource
            from ui.seat_view import SeatView

            self.seat_source = SeatSource(
                list(self.contests.values()), self.model_for,
                statuses_of=self._statuses, objections_of=lambda key: open_objections(self.service, key),
                parent=self,
            )
            self.seat_view = SeatView(self.seat_source, kabupaten=self.kabupaten, theme_of=self.window.theme)
            self.seat_source.start()
        if self.contests[self.current_key].ballot.value == "pdprdk":
            self.seat_view.set_dapil(self.current_key)
        self.window.showPage(self.seat_view)
        self.showing_seats = True

    # ------------------------------------------------------------------ every station's changes
    def apply(self, changes: list[Change]) -> None:
        figures: dict[str, dict[tuple[str, str], int | None]] = defaultdict(dict)
        kinds = set()
        for ch in changes:
            self.room.apply_event({"id": ch.id, "action": ch.action, "contest": ch.contest,
                                   "kecamatan": ch.kecamatan, "line": ch.line, "payload": ch.payload})
            kinds.add(ch.kind)
            if ch.action == "entry.set":
                figures[ch.contest][(ch.line, ch.kecamatan)] = ch.new_value
            elif ch.action == "status.set" and ch.contest in self.models:
                self.models[ch.contest].set_locked(ch.kecamatan, ch.payload.get("status") == "ditetapkan")
        if kinds & {"reference", "setting"}:
            self.reload()
            return
        for key, cells in figures.items():
            model = self.models.get(key)
            if model is not None:
                for (line, kec), value in cells.items():
                    model.apply_value(line, kec, value)
        if "status" in kinds:
            self.window.setStatuses(self._statuses(self.current_key))
            if self.seat_source is not None:
                for key in {ch.contest for ch in changes if ch.action == "status.set"}:
                    self.seat_source.refresh_open_items(key)
        if kinds & {"sirekap", "tps_status"}:
            for key, model in self.models.items():
                fresh = self.service.load_sheet(key)
                figures_now = {(line.id, kec): fig for line in fresh.catalogue.lines for kec in fresh.columns
                               if (fig := fresh.sirekap(line.id, kec)) is not None}
                model.apply_external(model.sheet.replace_sirekap(figures_now))

    def reload(self) -> None:
        """Reference data or settings changed: contests and sheets afresh (the one reset allowed)."""
        self.service.invalidate()
        self.contests = {c.key: c for c in self.service.contests()}
        old = list(self.models.values())
        self.models.clear()
        if self.current_key not in self.contests:
            self.current_key = next(iter(self.contests))
        self.window.setModel(self.model_for(self.current_key))
        self.window.setStatuses(self._statuses(self.current_key))
        self.room.reload()
        if self.seat_source is not None:
            self.seat_source.set_contests(list(self.contests.values()))
        self.cursor = None
        self.follow()
        for model in old:
            model.deleteLater()

    def stop(self) -> None:
        self.link.stop()


def run_projector_station(db: str, *, follow: str = "", settings: QSettings | None = None) -> int:
    """``rekap-desktop proyektor``: the projector window alone, following an operator station."""
    import sys

    from PySide6.QtWidgets import QApplication

    from rekap_desktop.db import EngineOptions
    from rekap_desktop.services import StorageError
    from ui.qt_indonesian import install as install_indonesian

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("RekapDesktop")
    install_indonesian(app)
    try:
        service = RecapService.open(db, actor="proyektor", create=False, options=EngineOptions(lock_wait_ms=200))
        station = ProjectorStation(service, settings=settings, follow=follow)
    except (StorageError, ValueError) as exc:
        sys.stderr.write(f"Stasiun proyektor tidak dapat dibuka: {exc}\n")
        return 3
    station.window.showProjector()
    code = app.exec()
    station.stop()
    service.close()
    return int(code)
