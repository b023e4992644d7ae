"""The operator window's menu actions and dialogs: keberatan, TPS recount, Sirekap import and evidence, Buka…,
export, documents, setup and settings, the operator of this station, the audit log, help.

A part of :class:`ui.main_window.MainWindow` (a mixin: every method runs on the window).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from rekap_desktop.os_errors import os_reason
from rekap_desktop.rules import JUMLAH
from ui.import_dialog import SirekapImportDialog
from ui.shortcuts import ShortcutSheet


class WindowActions:
    """What the menus open."""

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
            self.show_error(f"Berkas {path} tidak dapat ditulis: {os_reason(exc)}")
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
