"""Puts the seats into the operator window: the seat panel (a dock), the projector's seat view, their menu actions,
and the signals that keep them live. ``ui/main_window.py`` calls :func:`install_seats` once and three hooks
(:meth:`SeatControls.status_changed`, :meth:`SeatControls.reload`); everything else is wired here.

Tampilan › Panel kursi DPRD (F9) shows the dock; Tampilan › Kursi di layar proyektor (F8) puts the seat view on
the projector instead of the sheet (F8 again: back to the sheet). Both follow the dapil the operator is on.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from rekap_desktop.ballot import Ballot
from rekap_desktop.seats_report import open_objections
from ui.seat_panel import SeatPanel
from ui.seat_source import SeatSource
from ui.seat_view import SeatView

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.projector_theme import ProjectorTheme

PANEL_SHORTCUT = "F9"
PROJECTOR_SHORTCUT = "F8"


class SeatControls(QObject):
    """The seat source, panel, projector view and actions of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        service = window.service
        self.source = SeatSource(
            list(window.contests.values()), window.model_for,
            statuses_of=lambda key: {code: s.value for code, s in service.statuses(key).items()},
            objections_of=lambda key: open_objections(service, key), parent=self,
        )
        self.projector_action = QAction("Kursi DPRD di layar &proyektor", window)
        self.projector_action.setCheckable(True)
        self.projector_action.setShortcut(QKeySequence(PROJECTOR_SHORTCUT))
        self.projector_action.setToolTip("Layar proyektor menampilkan perolehan kursi dan calon terpilih DPRD "
                                         "Kabupaten/Kota (F8 lagi: kembali ke lembar isian)")
        self.projector_action.toggled.connect(self.show_on_projector)
        self.document_action = QAction("Simpan &kertas kerja kursi (PDF)…", window)
        self.document_action.setToolTip("Kertas kerja perolehan kursi dan calon terpilih dapil ini: PDF terdaftar, "
                                        "dapat diperiksa dengan verify-pdf (DRAF selama dapil masih terbuka)")
        self.document_action.triggered.connect(self.save_document)
        self.panel = SeatPanel(self.source, projector_action=self.projector_action,
                               document_action=self.document_action, parent=window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        self.panel.hide()
        self.panel_action = self.panel.toggleViewAction()
        self.panel_action.setText("Panel &kursi DPRD")
        self.panel_action.setShortcut(QKeySequence(PANEL_SHORTCUT))
        self.view = SeatView(self.source, kabupaten=window.kabupaten, theme_of=self._projector_theme)
        window.view_menu.addSeparator()
        window.view_menu.addAction(self.panel_action)
        window.view_menu.addAction(self.projector_action)
        window.navigator.contestSelected.connect(self.follow)
        window.navigator.kecamatanSelected.connect(lambda key, _code: self.follow(key))
        if window.keberatan is not None:
            window.keberatan.changed.connect(lambda: self.source.refresh_open_items(window.current_key or None))
        self.panel.dapilChanged.connect(self.view.set_dapil)

    def _projector_theme(self) -> ProjectorTheme | None:
        projector = self.window.projector
        return projector.theme() if projector is not None else None

    def follow(self, key: str) -> None:
        """The operator moved to contest ``key``: a DPRD dapil is shown in the panel and on the seat view."""
        contest = self.window.contests.get(key)
        if contest is not None and contest.ballot is Ballot.PDPRDK:
            self.panel.show_dapil(key)
            self.view.set_dapil(key)

    def show_on_projector(self, on: bool) -> None:
        projector = self.window.projector
        if projector is None:
            return
        if on:
            self.follow(self.window.current_key)
            self.source.start()
        projector.showPage(self.view if on else None)

    def save_document(self, _checked: bool = False, *, path: str | None = None) -> Path | None:
        """Issue the kertas kerja of the panel's dapil (reports/kursi.py) to a file the operator chooses."""
        key = self.panel.current_key()
        if not key:
            self.window.show_message("Pilih dapil DPRD Kabupaten/Kota dahulu.")
            return None
        contest = self.window.contests[key]
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getSaveFileName(self.window, "Simpan kertas kerja kursi",
                                                  f"kursi-{contest.dapil_code}.pdf", "PDF (*.pdf)")
        if not path:
            return None
        from rekap_desktop.documents import DocumentKind, Purpose
        from rekap_desktop.services import StorageError
        from reports import kursi
        from reports.issue import issue_document

        kursi.register()
        try:
            issued = issue_document(self.window.service, DocumentKind.KURSI, contest, purpose=Purpose.DISIMPAN,
                                    out=Path(path))
        except (OSError, ValueError, StorageError) as exc:
            self.window.show_error(f"Kertas kerja kursi tidak disimpan: {exc}")
            return None
        issue = issued.issue
        state = "DRAF" if issue is not None and issue.draft else "final"
        self.window.show_message(f"Kertas kerja kursi disimpan: {path} ({issue.document_id if issue else ''}, "
                                 f"{state}).")
        return Path(path)

    def status_changed(self, key: str) -> None:
        """A kecamatan status of contest ``key`` changed (this station or another): SEMENTARA/RAWAN again."""
        self.source.refresh_open_items(key)

    def reload(self) -> None:
        """The contests were reloaded (setup wizard, tolerance): follow the new sheets."""
        self.source.set_contests(list(self.window.contests.values()))
        self.panel.reload_dapil()
        self.view.set_kabupaten(self.window.kabupaten)


def install_seats(window: MainWindow) -> SeatControls:
    return SeatControls(window)
