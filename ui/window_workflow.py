"""The operator window's editing and kecamatan workflow: committing an edit (based on what was on screen; a busy
database makes it wait, ui.station_sync), pastes, corrections of a ditetapkan kecamatan, correction mode, and the
status of a kecamatan (penetapan asks the safe way when something is still open; reopening is a correction).

A part of :class:`ui.main_window.MainWindow` (a mixin: every method runs on the window).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from rekap_desktop.services import KecamatanStatus, LockedError, StaleEditError, StorageError
from rekap_desktop.sheet import ChangeSet
from ui.correction_dialog import CorrectionDialog
from ui.questions import confirm_penetapan


class CorrectionCancelled(Exception):
    def __init__(self) -> None:
        super().__init__("koreksi dibatalkan")


class EditingWorkflow:
    """Committing edits and moving kecamatan through belum → dibacakan → selesai → ditetapkan."""

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
        expected = model.base_value(line, kecamatan)  # what the operator saw before the correction dialog
        dialog = CorrectionDialog(self.service, self.contests[key], line, kecamatan,
                                  model.sheet.value(line, kecamatan), value, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            raise CorrectionCancelled
        try:  # another station's correction meanwhile is refused by name, never silently overwritten
            self.service.set_entry(key, line, kecamatan, value, reason=dialog.reason_text,
                                   keberatan_id=dialog.keberatan_id, expected=expected)
        except StaleEditError as exc:
            stale = exc
            QTimer.singleShot(0, lambda: model.apply_value(stale.line, stale.kecamatan, stale.current))
            raise
        QTimer.singleShot(0, lambda: self.room.refresh_marks(key))  # ✎ on the cell, once the edit is applied
        if self.keberatan is not None:
            self.keberatan.refresh()
        return None

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
