"""The operator's main window: navigator, entry grid (and focus mode), findings, keberatan, menus, status bar.

Everything that changes the recap goes through :class:`rekap_desktop.services.RecapService`; a cell shows a new
figure only after its commit returned (the SheetModel applies the edit to the sheet afterwards).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rekap_desktop.contest import Contest
from rekap_desktop.services import KecamatanStatus, RecapService
from ui.findings_panel import FindingsPanel, counts_short, counts_text
from ui.focus_model import FocusModel
from ui.grid_view import GridView
from ui.idle_gc import IdleCollector
from ui.keberatan_panel import KeberatanPanel
from ui.navigator import Navigator
from ui.projector_window import ProjectorWindow
from ui.room_sync import RoomSync
from ui.sheet_model import SheetModel
from ui.shortcuts import ShortcutSheet
from ui.state_legend import StateLegend
from ui.station_sync import StationSync
from ui.steady_label import SteadyLabel
from ui.theme import default_resources
from ui.undo import SheetUndo
from ui.window_actions import WindowActions
from ui.window_contests import ContestNavigation
from ui.window_layout import CorrectionBadge, SaveIndicator, dock_menu
from ui.window_projector import ProjectorLink
from ui.window_workflow import CorrectionCancelled, EditingWorkflow
from ui.zoom import Zoom

__all__ = ["CorrectionCancelled", "MainWindow"]


class MainWindow(QMainWindow, ContestNavigation, EditingWorkflow, WindowActions, ProjectorLink):
    """The operator's window. Its parts by concept: contests, kecamatan and their sheet models
    (:mod:`ui.window_contests`), editing and the kecamatan workflow (:mod:`ui.window_workflow`), menus' dialogs and
    actions (:mod:`ui.window_actions`), the projector (:mod:`ui.window_projector`), other stations
    (:mod:`ui.station_sync`), marks and anchor (:mod:`ui.room_sync`)."""

    def __init__(self, service: RecapService, *, settings: QSettings | None = None) -> None:
        super().__init__()
        self.service = service
        self.settings = settings or QSettings("KPU", "RekapDesktop")
        office = service.settings()
        kab = office.get("kabupaten_nama", "")
        self.kabupaten = f"KABUPATEN {kab}" if kab and not kab.startswith(("KABUPATEN", "KOTA")) else kab
        self.setWindowTitle(f"Rekap Desktop — {self.kabupaten or 'rekapitulasi'} — {self._db_label()}")
        self.contests: dict[str, Contest] = {c.key: c for c in service.contests()}
        self.models: dict[str, SheetModel] = {}
        self.idle_gc = IdleCollector(self)  # full collections wait until nobody types (ui/idle_gc.py)
        self.histories: dict[str, SheetUndo] = {}
        self.focus_models: dict[str, FocusModel] = {}
        self.undo_group = QUndoGroup(self)
        self.current_key = ""
        self.current_kecamatan = ""
        self.current_line = ""
        self.projector: ProjectorWindow | None = None
        self.room = RoomSync(service, lambda: self.models, self)  # cell marks and the audit anchor
        self.room.anchorChanged.connect(self._project_anchor)

        statuses = {(key, code): status.value for key in self.contests
                    for code, status in service.statuses(key).items()}
        self._build_central()
        self.navigator = Navigator(list(self.contests.values()), statuses)
        self.navigator.setMinimumWidth(250)
        self.navigator.contestSelected.connect(self.show_contest)
        self.navigator.kecamatanSelected.connect(self.show_kecamatan)
        nav_dock = QDockWidget("Navigasi", self)
        nav_dock.setObjectName("navigatorDock")
        nav_dock.setWidget(self.navigator)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, nav_dock)
        self.findings = FindingsPanel(parent=self)
        self.findings.findingActivated.connect(self.jump_to)
        self.findings.tpsActivated.connect(lambda kec, line, tps: self.open_tps_evidence(kec, line or None, tps))
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings)
        first = next(iter(self.contests.values()), None)
        self.keberatan = KeberatanPanel(service, first, self) if first else None
        if self.keberatan is not None:
            self.keberatan.changed.connect(self._keberatan_changed)
        self.keberatan_dock = QDockWidget("Keberatan / kejadian khusus", self)
        self.keberatan_dock.setObjectName("keberatanDock")
        if self.keberatan is not None:
            self.keberatan_dock.setWidget(self.keberatan)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.keberatan_dock)
        self.tabifyDockWidget(self.findings, self.keberatan_dock)
        self.findings.raise_()
        self.counts_label = SteadyLabel(parent=self)  # change with every edit: no relayout of the window
        self.counts_label.setToolTip("Jumlah temuan: ✕ galat, ! peringatan, ≠ beda dengan Sirekap, "
                                     "∅ anomali TPS Sirekap")
        self.progress_label = SteadyLabel(parent=self)
        self.who_button = QToolButton(self)
        self.who_button.setAutoRaise(True)
        self.who_button.setToolTip("Nama operator dan stasiun yang dicatat di log audit; klik untuk mengganti")
        self.who_button.clicked.connect(self.change_operator)
        self._show_who()
        self.correction_badge = CorrectionBadge(self)
        self.save_indicator = SaveIndicator(self)
        self.statusBar().addPermanentWidget(self.correction_badge)
        self.statusBar().addPermanentWidget(self.save_indicator)
        self.stations = StationSync(self)  # other stations' changes in, this window's edits out (DESIGN §14)
        self.statusBar().addPermanentWidget(self.stations.label)
        self.statusBar().addPermanentWidget(self.who_button)
        self.statusBar().addPermanentWidget(self.progress_label)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.findings.countsChanged.connect(self._show_counts)
        self._build_menus()
        self.resizeDocks([nav_dock], [320], Qt.Orientation.Horizontal)
        self.resizeDocks([self.findings], [200], Qt.Orientation.Vertical)
        self.shortcut_sheet: ShortcutSheet | None = None
        if first is not None:
            self._create_projector(first.key)
            self.open_where_work_is()
        else:
            self.title.setText("Belum ada kontes: siapkan data referensi dahulu (Berkas › Siapkan kabupaten/kota…).")
        from ui.seat_wiring import install_seats

        self.seats = install_seats(self)  # DPRD Kab/Kota seats: dock (F9) and projector seat view (F8)
        self.seats.projector_action.toggled.connect(lambda _on: self.publish_cursor())  # a projector station follows
        self.idle_gc.settled()

    # ------------------------------------------------------------------ construction
    def _db_label(self) -> str:
        url = self.service.url
        return Path(url.split("///", 1)[1]).name if url.startswith("sqlite:///") else url

    def _build_central(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        bar = QHBoxLayout()
        self.title = QLabel(central)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status_label = QLabel(central)
        self.focus_button = QPushButton("Mode fokus (F6)", central)
        self.focus_button.setCheckable(True)
        self.focus_button.toggled.connect(self.set_focus_mode)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.status_label)
        bar.addWidget(self.focus_button)
        layout.addLayout(bar)
        layout.addWidget(StateLegend(parent=central))
        self.stack = QStackedWidget(central)
        self.grid = GridView(parent=self.stack)
        self.grid.set_freeze_last_column(True)  # JUMLAH stays in sight at the right
        self.focus_view = GridView(parent=self.stack)
        self.zoom = Zoom(default_resources(), self.settings, self)
        for view in (self.grid, self.focus_view):
            self.zoom.follow(view.apply_zoom)
            view.zoomRequested.connect(self.zoom.step)
        self.focus_view.horizontalHeader().setStretchLastSection(True)
        self.stack.addWidget(self.grid)
        self.stack.addWidget(self.focus_view)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        for view in (self.grid, self.focus_view):
            view.statusMessage.connect(self.show_message)
            view.currentCellChanged.connect(self._on_cell)

    def _action(self, text: str, slot: object, shortcut: str | QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)  # type: ignore[arg-type]
        return action

    def _build_menus(self) -> None:
        menu = self.menuBar()
        berkas = menu.addMenu("&Berkas")
        self.import_action = self._action("Impor data &Sirekap…", self.import_sirekap, "Ctrl+I")
        berkas.addAction(self.import_action)
        berkas.addAction(self._action("&Ekspor angka (CSV/XLSX)…", self.export_figures, "Ctrl+E"))
        self.ba_action = self._action("Cetak &berita acara…", self.open_berita_acara, "Ctrl+P")
        berkas.addAction(self.ba_action)
        berkas.addSeparator()
        berkas.addAction(self._action("Periksa &log audit", self.verify_audit))
        berkas.addSeparator()
        berkas.addAction(self._action("Siapkan &kabupaten/kota…", self.open_setup_wizard))
        berkas.addAction(self._action("&Pengaturan…", self.open_settings))
        berkas.addAction(self._action("Ganti &operator…", self.change_operator))
        berkas.addSeparator()
        berkas.addAction(self._action("&Keluar", self.close, QKeySequence.StandardKey.Quit))

        sunting = menu.addMenu("&Sunting")
        undo = self.undo_group.createUndoAction(self, "Urungkan")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_group.createRedoAction(self, "Ulangi")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        sunting.addAction(undo)
        sunting.addAction(redo)
        sunting.addSeparator()
        self.correction_action = QAction("Mode &koreksi (kecamatan yang sudah ditetapkan)", self)
        self.correction_action.setCheckable(True)
        self.correction_action.setShortcut(QKeySequence("Ctrl+K"))
        self.correction_action.toggled.connect(self.set_correction_mode)
        sunting.addAction(self.correction_action)

        kec = menu.addMenu("&Kecamatan")
        self.status_actions: dict[KecamatanStatus, QAction] = {}
        for status, shortcut in ((KecamatanStatus.DIBACAKAN, "Ctrl+1"), (KecamatanStatus.SELESAI, "Ctrl+2"),
                                 (KecamatanStatus.DITETAPKAN, "Ctrl+3"), (KecamatanStatus.BELUM, None)):
            action = self._action(f"Tandai &{status.value}", lambda _=False, s=status: self.mark(s), shortcut)
            self.status_actions[status] = action
            kec.addAction(action)
        kec.addSeparator()
        kec.addAction(self._action("Catat &keberatan / kejadian khusus…", self.record_keberatan, "Ctrl+Shift+K"))
        self.recount_action = self._action("&Hitung ulang TPS…", self.open_recount)
        kec.addAction(self.recount_action)
        kec.addSeparator()
        kec.addAction(self._action("&Buka kecamatan/baris…", self.open_goto, "Ctrl+G"))
        kec.addAction(self._action("Bukti &TPS Sirekap…", lambda: self.open_tps_evidence(), "Ctrl+T"))

        tampilan = menu.addMenu("&Tampilan")
        focus = self._action("Mode &fokus", self.focus_button.toggle, "F6")
        tampilan.addAction(focus)
        self.view_menu = tampilan
        tampilan.addSeparator()
        zoom_in = self._action("Per&besar", self.zoom.zoom_in, QKeySequence.StandardKey.ZoomIn)
        zoom_in.setShortcuts([QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")])
        tampilan.addAction(zoom_in)
        tampilan.addAction(self._action("Per&kecil", self.zoom.zoom_out, QKeySequence.StandardKey.ZoomOut))
        tampilan.addAction(self._action("Ukuran &normal", self.zoom.reset, "Ctrl+0"))
        dock_menu(self, tampilan)
        bantuan = menu.addMenu("Ba&ntuan")
        bantuan.addAction(self._action("&Pintasan papan ketik", self.show_shortcuts, "F1"))
        bantuan.addAction(self._action("Daftar &aturan R1–R17 dan sumbernya", self.show_rules))
        bantuan.addAction(self._action("&Tentang Rekap Desktop", self.about))

    # ------------------------------------------------------------------ status bar and messages
    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    def _show_counts(self, counts: dict[str, int]) -> None:
        self.counts_label.setText(counts_short(counts))
        self.counts_label.setToolTip(counts_text(counts))

    def show_error(self, text: str) -> None:
        """Status bar plus a window-modal box that does not block the event loop (the plenary goes on)."""
        self.statusBar().showMessage(text, 30000)
        box = QMessageBox(QMessageBox.Icon.Warning, "Tidak tersimpan", text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_error_box = box

    # ------------------------------------------------------------------ projector
    def closeEvent(self, event: QCloseEvent) -> None:
        self.stations.stop()
        self.idle_gc.stop()
        self.settings.setValue("main/geometry", self.saveGeometry())
        super().closeEvent(event)
