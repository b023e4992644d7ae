"""The operator's main window: navigator, entry grid (and focus mode), findings, keberatan, menus, status bar.

Everything that changes the recap goes through :class:`rekap_desktop.services.RecapService`; a cell shows a new
figure only after its commit returned (the SheetModel applies the edit to the sheet afterwards).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
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
from rekap_desktop.rules import JUMLAH
from rekap_desktop.services import KecamatanStatus, LockedError, RecapService, StorageError
from rekap_desktop.sheet import ChangeSet
from ui.correction_dialog import CorrectionDialog
from ui.findings_panel import FindingsPanel, counts_text
from ui.focus_model import FocusModel
from ui.grid_view import GridView
from ui.import_dialog import SirekapImportDialog
from ui.keberatan_panel import KeberatanPanel
from ui.navigator import Navigator, progress_text
from ui.projector_window import ProjectorWindow
from ui.questions import confirm_penetapan
from ui.room_sync import RoomSync
from ui.sheet_model import SheetModel
from ui.shortcuts import ShortcutSheet
from ui.state_legend import StateLegend
from ui.station_sync import StationSync
from ui.theme import default_resources
from ui.undo import SheetUndo, history_for
from ui.window_layout import CorrectionBadge, SaveIndicator, dock_menu
from ui.zoom import Zoom


class CorrectionCancelled(Exception):
    def __init__(self) -> None:
        super().__init__("koreksi dibatalkan")


class MainWindow(QMainWindow):
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
        self.counts_label = QLabel(self)
        self.progress_label = QLabel(self)
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
        self.findings.countsChanged.connect(lambda c: self.counts_label.setText(counts_text(c)))
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

    # ------------------------------------------------------------------ contests and kecamatan
    def model_for(self, key: str) -> SheetModel:
        model = self.models.get(key)
        if model is None:
            sheet = self.service.load_sheet(key)
            model = SheetModel(
                sheet, self._commit, corrector=self._correct, batch_committer=self._commit_batch, parent=self
            )
            for code, status in self.service.statuses(key).items():
                if status is KecamatanStatus.DITETAPKAN:
                    model.set_locked(code, True)
            model.set_correction_mode(self.correction_action.isChecked())
            model.inputRejected.connect(self.show_message)
            model.commitFailed.connect(self.show_error)
            model.commitFailed.connect(self.save_indicator.failed_to_save)
            model.cellCommitted.connect(lambda *_: self.save_indicator.saved())
            model.commitDeferred.connect(self.show_message)
            model.set_verifier(self._verify)
            model.set_author_lookup(lambda line, column, k=key: self.stations.author_text(k, line, column))
            model.cellCommitted.connect(lambda *_: self._saved())
            self.room.attach(key, model)
            history = history_for(model)
            self.undo_group.addStack(history.stack)
            self.models[key] = model
            self.histories[key] = history
            self.focus_models[key] = FocusModel(model, parent=self)
        return model

    def show_contest(self, key: str) -> None:
        if key == self.current_key or key not in self.contests:
            return
        self.current_key = key
        model = self.model_for(key)
        self.grid.set_history(self.histories[key])
        self.grid.setModel(model)
        self.focus_view.set_history(self.histories[key])
        self.focus_view.setModel(self.focus_models[key])
        self.undo_group.setActiveStack(self.histories[key].stack)
        self.findings.set_source(model)
        self._load_tps_findings()
        if self.keberatan is not None:
            self.keberatan.set_contest(self.contests[key])
        self.current_kecamatan = ""
        self._project_contest()
        self._update_title()

    def show_kecamatan(self, key: str, code: str) -> None:
        self.show_contest(key)
        self.current_kecamatan = code
        self.focus_models[key].set_column(code)
        self.grid.go_to_column(code)
        self.focus_view.go_to_column(code)
        self._project_kecamatan()
        self._update_title()

    def open_where_work_is(self) -> None:
        """On open: the first contest with a kecamatan not yet finished, focus on its first cell, ready to type."""
        for key in self.contests:
            statuses = self.service.statuses(key)
            for code, status in statuses.items():
                if status in (KecamatanStatus.DIBACAKAN, KecamatanStatus.BELUM):
                    self.navigator.select_kecamatan(key, code)
                    self.show_kecamatan(key, code)
                    self._focus_first_cell(code)
                    return
        key = next(iter(self.contests))
        self.navigator.select_kecamatan(key, self.contests[key].kecamatan[0].code)
        self.show_kecamatan(key, self.contests[key].kecamatan[0].code)
        self._focus_first_cell(self.contests[key].kecamatan[0].code)

    def _focus_first_cell(self, code: str) -> None:
        model = self.models[self.current_key]
        first_line = model.sheet.catalogue.lines[0].id
        view = self.focus_view if self.focus_button.isChecked() else self.grid
        view.go_to_cell(first_line, code)
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, lambda: view.setFocus(Qt.FocusReason.OtherFocusReason))

    def set_focus_mode(self, on: bool) -> None:
        self.stack.setCurrentWidget(self.focus_view if on else self.grid)
        if self.current_kecamatan:
            self._focus_first_cell(self.current_kecamatan)
        self._update_title()

    def jump_to(self, line: str, column: str) -> None:
        model = self.models.get(self.current_key)
        if model is None:
            return
        if column in model.sheet.columns:
            self.navigator.blockSignals(True)
            self.navigator.select_kecamatan(self.current_key, column)
            self.navigator.blockSignals(False)
            self.current_kecamatan = column
        if self.focus_button.isChecked() and column != JUMLAH:
            self.focus_models[self.current_key].set_column(column)
            self.focus_view.go_to_cell(line, column)
        else:
            self.grid.go_to_cell(line, column)
        self._project_kecamatan()
        self._update_title()

    def _on_cell(self, line: str, column: str) -> None:
        if column and column != JUMLAH and column != self.current_kecamatan and self.current_key:
            self.current_kecamatan = column
            self.navigator.blockSignals(True)
            self.navigator.select_kecamatan(self.current_key, column)
            self.navigator.blockSignals(False)
            self._project_kecamatan()
            self._update_title()
        self._project_line(line)

    def _update_title(self) -> None:
        if not self.current_key:
            return
        contest = self.contests[self.current_key]
        text = contest.title
        status = ""
        if self.current_kecamatan:
            text += f"  ·  Kec. {contest.kecamatan_name(self.current_kecamatan)}"
            status = self.service.statuses(self.current_key)[self.current_kecamatan].value
        self.title.setText(text)
        self.status_label.setText(f"Status: {status}" if status else "")
        done, total = self.navigator.progress(self.current_key)
        self.progress_label.setText(progress_text(done, total))

    # ------------------------------------------------------------------ committing
    def _commit(self, key: str, line: str, kecamatan: str, value: int | None) -> ChangeSet | None:
        self.stations.commit(key, line, kecamatan, value)  # based on what was on screen; busy: waits, retried
        return None

    def _verify(self, key: str, line: str, kecamatan: str, value: int | None) -> ChangeSet | None:
        self.stations.verify(key, line, kecamatan, value)
        return None

    def _commit_batch(self, key: str, items: list[tuple[str, str, int | None]]) -> object:
        sheet = self.models[key].sheet
        expected = {(line, kec): sheet.value(line, kec) for line, kec, _ in items}
        return self.service.set_entries(key, items, source="tempel dari lembar kerja", expected=expected)

    def _correct(self, key: str, line: str, kecamatan: str, value: int | None) -> ChangeSet | None:
        model = self.models[key]
        dialog = CorrectionDialog(self.service, self.contests[key], line, kecamatan,
                                  model.sheet.value(line, kecamatan), value, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            raise CorrectionCancelled
        self.service.set_entry(key, line, kecamatan, value, reason=dialog.reason_text,
                               keberatan_id=dialog.keberatan_id)
        QTimer.singleShot(0, lambda: self.room.refresh_marks(key))  # ✎ on the cell, once the edit is applied
        if self.keberatan is not None:
            self.keberatan.refresh()
        return None

    def _load_tps_findings(self) -> None:
        """Sirekap's own TPS findings of the current contest into the findings panel (their own kind)."""
        if not self.current_key:
            return
        from rekap_desktop.sirekap.findings import tps_findings

        try:
            with self.service.engine.connect() as conn:
                found = tps_findings(conn, self.contests[self.current_key])
        except Exception as exc:  # a database error must not stop the plenary; say it
            self.show_message(f"Anomali TPS Sirekap tidak dapat dibaca: {exc}")
            return
        self.findings.set_tps_findings(found)

    def open_tps_evidence(self, kecamatan: str | None = None, line: str | None = None, tps: str | None = None) -> None:
        """Kecamatan › Bukti TPS Sirekap (Ctrl+T): the TPS behind the current kecamatan's Sirekap figure."""
        if not self.current_key:
            return
        code = kecamatan or self.current_kecamatan
        if not code or code == JUMLAH:
            self.show_message("Pilih kolom kecamatan dahulu untuk melihat TPS-nya.")
            return
        view = self.focus_view if self.focus_button.isChecked() else self.grid
        current = view.current_cell()
        from ui.tps_evidence import TpsEvidenceDialog

        dialog = TpsEvidenceDialog(self.service, self.contests[self.current_key], code,
                                   line or (current[0] if current else None),
                                   catalogue=self.models[self.current_key].sheet.catalogue, tps=tps, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.tps_dialog = dialog

    def open_goto(self) -> None:
        """Kecamatan › Buka… (Ctrl+G): a kecamatan or a line of the current contest, by name or code."""
        if not self.current_key:
            return
        from ui.goto_box import GoToBox

        box = GoToBox(self.contests[self.current_key], self.models[self.current_key].sheet.catalogue, self)
        if box.exec() != QDialog.DialogCode.Accepted or box.chosen is None:
            return
        target = box.chosen
        if target.kind == "kecamatan":
            self.navigator.select_kecamatan(self.current_key, target.code)
            self.show_kecamatan(self.current_key, target.code)
            self._focus_first_cell(target.code)
        else:
            column = self.current_kecamatan or self.contests[self.current_key].kecamatan[0].code
            self.jump_to(target.code, column)

    def set_correction_mode(self, on: bool) -> None:
        self.correction_badge.set_on(on)
        for model in self.models.values():
            model.set_correction_mode(on)
        self.show_message("Mode koreksi aktif: perubahan pada kecamatan yang sudah ditetapkan meminta alasan dan "
                          "keberatan." if on else "Mode koreksi dimatikan.")

    def _saved(self) -> None:
        self.statusBar().showMessage("Tersimpan.", 3000)
        self.room.changed()

    def _keberatan_changed(self) -> None:
        self.room.refresh_marks(self.current_key or None)

    def mark(self, status: KecamatanStatus) -> None:
        """Change the current kecamatan's status. Penetapan with empty cells or error findings asks first, the
        safe answer being the default; reopening a ditetapkan kecamatan is a correction (reason + keberatan)."""
        if not self.current_key or not self.current_kecamatan:
            self.show_message("Pilih kecamatan dahulu.")
            return
        key, code = self.current_key, self.current_kecamatan
        name = self.contests[key].kecamatan_name(code)
        reason, keberatan_id = "", None
        current = self.service.statuses(key)[code]
        if current is KecamatanStatus.DITETAPKAN and status is not KecamatanStatus.DITETAPKAN:
            dialog = CorrectionDialog.reopening(self.service, self.contests[key], code, status.value, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            reason, keberatan_id = dialog.reason_text, dialog.keberatan_id
        if status is KecamatanStatus.DITETAPKAN and not self._confirm_penetapan(key, code, name):
            return
        try:
            self.service.set_status(key, code, status, reason=reason, keberatan_id=keberatan_id)
        except (LockedError, StorageError) as exc:
            self.show_error(str(exc))
            return
        if self.keberatan is not None and keberatan_id is not None:
            self.keberatan.refresh()
        self.apply_status(key, code, status)
        self.room.changed()
        self.show_message(f"Kecamatan {name}: {status.value}.")

    def _confirm_penetapan(self, key: str, code: str, name: str) -> bool:
        """True when the kecamatan may be ditetapkan: nothing open, or the operator chose "Tetapkan" knowingly
        (the safe answer, "Batal", is the default: ui.questions)."""
        model = self.models[key]
        empty = [li.label for li in model.sheet.catalogue.lines if model.sheet.value(li.id, code) is None]
        errors = [f.message for f in model.sheet.all_findings() if f.column == code and f.severity.value == "error"]
        return not (empty or errors) or confirm_penetapan(self, name, empty=empty, errors=errors)

    def apply_status(self, key: str, code: str, status: KecamatanStatus) -> None:
        """Show a kecamatan's new status everywhere: lock, navigator, projector, title (also from another station)."""
        if key in self.models:
            self.models[key].set_locked(code, status is KecamatanStatus.DITETAPKAN)
        self.navigator.set_status(key, code, status.value)
        if key == self.current_key:
            self._project_statuses()
            self._update_title()
        if hasattr(self, "seats"):
            self.seats.status_changed(key)

    # ------------------------------------------------------------------ dialogs
    def record_keberatan(self) -> None:
        if self.keberatan is None:
            return
        cells: list[str] = []
        view = self.focus_view if self.focus_button.isChecked() else self.grid
        index = view.currentIndex()
        model = self.models.get(self.current_key)
        if model is not None and index.isValid():
            source = index if index.model() is model else None
            cell = model.cell_at(source) if source is not None else None
            if cell is None and self.focus_button.isChecked():
                line = model.sheet.catalogue.rows[index.row()].line
                cell = (line.id, self.current_kecamatan) if line else None
            if cell is not None:
                cells = [cell[0]]
        self.keberatan_dock.raise_()
        self.keberatan.record(self.current_kecamatan or None, cells)

    def open_recount(self) -> None:
        """Kecamatan › Hitung ulang TPS… (plenary stream): a TPS recount of the current contest; the changed cells
        of the kecamatan repaint as stored."""
        if not self.current_key:
            self.show_message("Pilih kontes dahulu.")
            return
        from ui.recount_dialog import RecountDialog, apply_to_models

        dialog = RecountDialog(self.service, self.contests[self.current_key],
                               kecamatan=self.current_kecamatan or None, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.recount is None:
            return
        apply_to_models(list(self.models.values()), self.service, dialog.recount)
        self.room.refresh_marks(self.current_key)
        if self.keberatan is not None:
            self.keberatan.refresh()
        self.show_message(f"Hitung ulang #{dialog.recount.id} dicatat: TPS {dialog.recount.tps}, "
                          f"{len(dialog.recount.changed)} angka kecamatan berubah.")

    def import_sirekap(self) -> None:
        dialog = SirekapImportDialog(self.service, self)
        dialog.imported.connect(lambda _summary: self.reload_sirekap())
        dialog.exec()

    def reload_sirekap(self) -> None:
        """After an import: new Sirekap figures into every open sheet, repainting only what changed."""
        for key, model in self.models.items():
            fresh = self.service.load_sheet(key)
            figures = {(line.id, kec): fig for line in fresh.catalogue.lines for kec in fresh.columns
                       if (fig := fresh.sirekap(line.id, kec)) is not None}
            model.apply_external(model.sheet.replace_sirekap(figures))
        self._load_tps_findings()
        self.room.changed()
        tps = self.findings.counts().get("tps", 0)
        self.show_message(f"Data Sirekap diperbarui; {tps} anomali TPS Sirekap tercantum di panel Temuan."
                          if tps else "Data Sirekap diperbarui.")

    def export_figures(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Ekspor angka manual", "rekap.xlsx",
                                                     "Excel (*.xlsx);;CSV (*.csv)")
        if not path:
            return
        from rekap_desktop.export import export

        fmt = "csv" if path.lower().endswith(".csv") else "xlsx"
        try:
            n = export(self.service, Path(path), fmt)
        except OSError as exc:
            self.show_error(f"Berkas {path} tidak dapat ditulis: {exc.strerror or exc}")
            return
        self.show_message(f"Diekspor {n} baris ke {path}.")

    def open_berita_acara(self) -> None:
        try:
            from ui.berita_acara_dialog import BeritaAcaraDialog
        except ImportError as exc:  # pragma: no cover - the dialog ships with the app
            self.show_error(f"Dialog berita acara tidak tersedia: {exc}")
            return
        dialog = BeritaAcaraDialog(self.service, self.current_key or None, parent=self)
        dialog.exec()
        self.room.changed()  # attendance and registered documents are audit events

    def open_setup_wizard(self) -> None:
        """Berkas › Siapkan kabupaten/kota…: the setup wizard on this database, then contests reloaded."""
        from ui.setup_wizard import SetupWizard

        wizard = SetupWizard(self.service, parent=self)
        accepted = wizard.exec() == QDialog.DialogCode.Accepted
        if accepted or wizard.modified:
            self.reload_contests()

    def open_settings(self) -> None:
        """Berkas › Pengaturan…: applied at once (operator name → audit actor, projector theme and screen)."""
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.service, self.settings, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if self.projector is not None:
            self.projector.setThemeName(dialog.theme_name())
            self.projector.setScreenName(dialog.screen_name())
        if dialog.tolerance_changed:
            self.reload_contests()
        self._show_who()
        self.room.changed()
        self.show_message(f"Pengaturan disimpan; operator: {self.service.actor}.")

    def _show_who(self) -> None:
        self.who_button.setText(f"Operator: {self.service.actor} · stasiun {self.service.station}")

    def change_operator(self) -> None:
        """Another operator takes over this station: later events carry the new name."""
        from ui.operator_dialog import ask_operator

        name = ask_operator(self.settings, self.service.station, current=self.service.actor, parent=self)
        if name is None or name == self.service.actor:
            return
        previous, self.service.actor = self.service.actor, name
        self._show_who()
        self.show_message(f"Operator berganti: {previous} → {name}. Perubahan berikutnya dicatat atas nama {name}.")

    def reload_contests(self) -> None:
        """Contests, sheets and navigator afresh from the database (after setup or a tolerance change)."""
        key, kecamatan = self.current_key, self.current_kecamatan
        self.service.invalidate()
        kab = self.service.settings().get("kabupaten_nama", "")
        self.kabupaten = f"KABUPATEN {kab}" if kab and not kab.startswith(("KABUPATEN", "KOTA")) else kab
        self.setWindowTitle(f"Rekap Desktop — {self.kabupaten or 'rekapitulasi'} — {self._db_label()}")
        old_models = [*self.models.values(), *self.focus_models.values()]
        for history in self.histories.values():
            self.undo_group.removeStack(history.stack)
        self.models.clear()
        self.histories.clear()
        self.focus_models.clear()
        self.current_key = self.current_kecamatan = ""
        self.contests = {c.key: c for c in self.service.contests()}
        statuses = {(k, code): status.value for k in self.contests for code, status in self.service.statuses(k).items()}
        self.navigator.set_contests(list(self.contests.values()), statuses)
        first = next(iter(self.contests.values()), None)
        if first is not None:
            if self.keberatan is None:
                self.keberatan = KeberatanPanel(self.service, first, self)
                self.keberatan.changed.connect(self._keberatan_changed)
                self.keberatan_dock.setWidget(self.keberatan)
            if self.projector is None:
                self._create_projector(first.key)
            if key in self.contests and kecamatan in self.contests[key].kecamatan_codes:
                self.navigator.select_kecamatan(key, kecamatan)
                self.show_kecamatan(key, kecamatan)
            else:
                self.open_where_work_is()
            for model in old_models:  # the views, findings and projector show the new ones now
                model.deleteLater()
        self.room.reload()
        if hasattr(self, "seats"):
            self.seats.reload()

    def verify_audit(self) -> None:
        report = self.service.verify_audit()
        if report.ok:
            QMessageBox.information(self, "Log audit", f"Log audit utuh: {report.events} peristiwa, rantai hash "
                                    f"benar; {report.entries} isian cocok dengan log.")
        else:
            QMessageBox.critical(self, "Log audit TIDAK UTUH", "\n".join(report.problems))

    def show_shortcuts(self) -> None:
        if self.shortcut_sheet is None:
            self.shortcut_sheet = ShortcutSheet(self)
        self.shortcut_sheet.show()
        self.shortcut_sheet.raise_()

    def show_rules(self) -> None:
        """Bantuan › Daftar aturan: severities and sources of R1–R17 (plenary stream)."""
        from ui.rules_dialog import RulesDialog

        dialog = RulesDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.rules_dialog = dialog

    def about(self) -> None:
        QMessageBox.about(self, "Tentang Rekap Desktop", (
            "<b>Rekap Desktop</b><br>Rekapitulasi hasil penghitungan perolehan suara tingkat KPU Kabupaten/Kota."
            "<br><br>Hasil resmi adalah rekapitulasi manual berjenjang; data Sirekap hanya alat bantu pembanding."
            f"<br><br>Basis data: {self.service.url}"))

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    def show_error(self, text: str) -> None:
        """Status bar plus a window-modal box that does not block the event loop (the plenary goes on)."""
        self.statusBar().showMessage(text, 30000)
        box = QMessageBox(QMessageBox.Icon.Warning, "Tidak tersimpan", text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_error_box = box

    # ------------------------------------------------------------------ projector
    def _create_projector(self, key: str) -> None:
        """The room's display: same model as the operator through a read-only proxy; F5 shows it, F7 pauses."""
        self.projector = ProjectorWindow(
            self.model_for(key), kabupaten=self.kabupaten, statuses=self._statuses_of(key),
            settings=self.settings, parent=self,
        )
        self.menuBar().insertMenu(self.menuBar().actions()[-1], self.projector.projectorMenu(self.menuBar()))
        self.projector.setAnchor(self.room.anchor)
        self.projector.pausedChanged.connect(lambda _paused: self.publish_cursor())

    def _project_anchor(self, text: str) -> None:
        if self.projector is not None:
            self.projector.setAnchor(text)

    def _statuses_of(self, key: str) -> dict[str, str]:
        return {code: status.value for code, status in self.service.statuses(key).items()}

    def _project_contest(self) -> None:
        if self.projector is not None and self.current_key:
            self.projector.setModel(self.models[self.current_key])
            self.projector.setStatuses(self._statuses_of(self.current_key))

    def _project_kecamatan(self) -> None:
        if self.projector is not None and self.current_kecamatan:
            self.projector.setCurrentKecamatan(self.current_kecamatan)
        self.publish_cursor()

    def _project_line(self, line: str) -> None:
        if self.projector is not None and line:
            self.projector.setCurrentLine(line)
        if line:
            self.current_line = line
        self.publish_cursor()

    def publish_cursor(self) -> None:
        """Where this operator looks, for a projector station (rekap-desktop proyektor) to follow."""
        if not self.current_key:
            return
        paused = self.projector is not None and self.projector.isPaused()
        message = self.projector.pause_screen().message if paused and self.projector is not None else ""
        seats = getattr(self, "seats", None)
        view = "kursi" if seats is not None and seats.projector_action.isChecked() else "tabel"
        self.stations.publish_cursor(self.current_key, self.current_kecamatan, self.current_line, paused=paused,
                                     pause_message=message, view=view)

    def _project_statuses(self) -> None:
        if self.projector is not None and self.current_key:
            self.projector.setStatuses(self._statuses_of(self.current_key))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stations.stop()
        self.settings.setValue("main/geometry", self.saveGeometry())
        super().closeEvent(event)
