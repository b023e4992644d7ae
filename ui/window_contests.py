"""The operator window's contests and kecamatan: each contest's sheet model (loaded on first show, with its undo
history and focus model), showing a contest or a kecamatan, opening where the work is, focus mode, jumping to a
finding and following the cursor, the title above the grid, and contests reloaded afresh from the database.

A part of :class:`ui.main_window.MainWindow` (a mixin: every method runs on the window).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from rekap_desktop.rules import JUMLAH
from rekap_desktop.services import KecamatanStatus
from ui.focus_model import FocusModel
from ui.keberatan_panel import KeberatanPanel
from ui.navigator import progress_text
from ui.sheet_model import SheetModel
from ui.undo import history_for


class ContestNavigation:
    """Which contest and kecamatan the window shows, and the sheet models behind them."""

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
            model.cellCommitted.connect(lambda *_: self.idle_gc.activity())
            self.histories[key] = history
            self.focus_models[key] = FocusModel(model, parent=self)
            self.idle_gc.settled()  # a contest's sheet lives as long as the window: out of the automatic walks
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
            self.idle_gc.due()  # their objects are garbage now: collected at the next idle moment
        self.room.reload()
        if hasattr(self, "seats"):
            self.seats.reload()
