"""Setting up a kabupaten/kota from the GUI (docs/panduan-persiapan.md): the database, the kabupaten/kota, the
reference files, what is loaded and what is still missing, the office data.

Every step goes through :mod:`rekap_desktop.setup` (the same code as ``rekap-desktop init`` and
``import-reference``): a reference file is loaded whole or not at all, with its audit event, and every problem is
shown in the page in Indonesian, naming the file, the row and the column. Nothing here raises into Qt.

Started by :mod:`ui.app` on first start (no database, or a database without contests: the first page chooses the
database, or opens the demo) and from *Berkas › Siapkan kabupaten/kota…* on the database already open (then the
first page is skipped). The result is :attr:`SetupWizard.target`, the database to open.

This module is the wizard itself (its pages in order, the database it opens, the demo built in a thread, closing);
each page is a module of its own (:mod:`ui.setup_database_page`, :mod:`ui.setup_kabupaten_page`,
:mod:`ui.setup_files_page`, :mod:`ui.setup_status_page`, :mod:`ui.setup_office_page`) and what they share is
:mod:`ui.setup_common`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication, QDialog, QWidget, QWizard

from rekap_desktop.db import demo_database_path
from rekap_desktop.demo import create_demo
from rekap_desktop.reference_files.check import FileResult
from rekap_desktop.services import RecapService, StorageError
from rekap_desktop.setup import load_reference_files
from rekap_desktop.setup_status import SetupStatus, setup_status
from ui.setup_common import describe_failure, red
from ui.setup_database_page import DatabasePage
from ui.setup_files_page import FilesPage
from ui.setup_kabupaten_page import KabupatenPage
from ui.setup_office_page import OfficePage
from ui.setup_status_page import StatusPage

PAGE_DATABASE, PAGE_KABUPATEN, PAGE_FILES, PAGE_STATUS, PAGE_OFFICE = range(5)


# ============================================================================================ demo in a thread
class DemoWorker(QObject):
    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    @Slot()
    def run(self) -> None:
        try:
            create_demo(self.path)
        except StorageError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # the wizard shows it; the demo is built under a temporary name
            self.failed.emit(f"Data demo tidak dapat dibuat: {describe_failure(exc)}")
        else:
            self.finished.emit(str(self.path))


# ============================================================================================ the wizard
class SetupWizard(QWizard):
    """First start, or Berkas › Siapkan kabupaten/kota…: see the module docstring.

    ``service``: the database already open (its page is skipped; the wizard never closes it). Without it the
    first page chooses ``target`` (preselected) and the wizard opens — and on closing, closes — its own service.
    After ``exec()``: :attr:`target` (the database to open), :attr:`demo_chosen`, :attr:`modified`.
    """

    def __init__(self, service: RecapService | None = None, *, target: str | Path | None = None,
                 actor: str = "operator", demo_path: str | Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._owns_service = False
        self.actor = service.actor if service is not None else actor
        self.target: str | Path | None = target
        self.demo_path = Path(demo_path) if demo_path is not None else demo_database_path()
        self.demo_chosen = False
        self.modified = False  # something was written (init, a file, a setting): the caller reloads contests
        self.busy = False
        self.last_error = ""
        self._thread: QThread | None = None
        self._worker: DemoWorker | None = None
        self.setWindowTitle("Persiapan kabupaten/kota — Rekap Desktop")
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, "< Kembali"),
                             (QWizard.WizardButton.NextButton, "Lanjut >"),
                             (QWizard.WizardButton.FinishButton, "Selesai"),
                             (QWizard.WizardButton.CancelButton, "Batal")):
            self.setButtonText(button, text)
        self.database_page: DatabasePage | None = None
        if service is None:
            self.database_page = DatabasePage(self, target)
            self.setPage(PAGE_DATABASE, self.database_page)
        self.kabupaten_page = KabupatenPage(self)
        self.files_page = FilesPage(self)
        self.status_page = StatusPage(self)
        self.office_page = OfficePage(self)
        self.setPage(PAGE_KABUPATEN, self.kabupaten_page)
        self.setPage(PAGE_FILES, self.files_page)
        self.setPage(PAGE_STATUS, self.status_page)
        self.setPage(PAGE_OFFICE, self.office_page)
        self.setMinimumSize(880, 660)
        self.finished.connect(self._on_finished)

    # ------------------------------------------------------------------ database
    def open_database(self, target: str | Path) -> str:
        """Open (creating when new) the database chosen on the first page; "" or why not, in Indonesian."""
        if self.service is not None and self._owns_service and str(target) == str(self.target):
            return ""
        try:
            service = RecapService.open(target, actor=self.actor)
        except StorageError as exc:
            return str(exc)
        except Exception as exc:  # a bad URL, a missing driver, a file that is not a database …
            return f"Basis data {target} tidak dapat dibuka: {describe_failure(exc)}"
        self._close_own_service()
        self.service = service
        self._owns_service = True
        self.target = target
        return ""

    def _close_own_service(self) -> None:
        if self.service is not None and self._owns_service:
            self.service.close()
            self.service = None
            self._owns_service = False

    def stored_settings(self) -> dict[str, str]:
        if self.service is None:
            return {}
        try:
            return self.service.settings()
        except Exception as exc:
            self.last_error = f"Basis data tidak dapat dibaca: {describe_failure(exc)}"
            return {}

    def current_status(self) -> SetupStatus | None:
        if self.service is None:
            return None
        try:
            return setup_status(self.service)
        except Exception as exc:
            self.last_error = f"Basis data tidak dapat dibaca: {describe_failure(exc)}"
            return None

    def load_files(self, paths: Sequence[Path], report: Callable[[str], None] | None = None) -> list[FileResult]:
        """:func:`load_reference_files`, never raising: an unexpected failure is reported in ``last_error``
        (and through ``report(html)`` when given)."""
        self.last_error = ""
        if self.service is None:
            self.last_error = "Basis data belum dibuka."
            return []
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = load_reference_files(self.service, list(paths))
        except Exception as exc:
            self.last_error = (f"Pemuatan berhenti: {describe_failure(exc)}. Berkas yang sebelumnya tertulis "
                               "DIMUAT tetap tersimpan; berkas ini tidak.")
            if report is not None:
                report(f"<p>{red(self.last_error)}</p>")
            return []
        finally:
            QApplication.restoreOverrideCursor()
        if any(r.ok and r.changes for r in result.files):
            self.modified = True
        return result.files

    def store_settings(self, values: dict[str, str]) -> str:
        """Store the changed office settings, each audited; "" or why not (what was stored before stays)."""
        if self.service is None:
            return "Basis data belum dibuka."
        stored = self.stored_settings()
        try:
            for key, value in values.items():
                if stored.get(key, "") != value:
                    self.service.set_setting(key, value)
                    self.modified = True
        except StorageError as exc:
            return str(exc)
        except Exception as exc:
            return f"Data kantor tidak tersimpan: {describe_failure(exc)}"
        return ""

    # ------------------------------------------------------------------ demo
    def start_demo(self) -> None:
        """Open the demo database (built once, in a thread, then the wizard finishes)."""
        if self.busy:
            return
        if self.demo_path.exists():
            self._demo_ready(str(self.demo_path))
            return
        self._set_busy(True, "Membuat data demo Kabupaten Sampang (sekali saja; dapat memakan beberapa detik)…")
        self._thread = QThread(self)
        self._worker = DemoWorker(self.demo_path)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.finished.connect(self._demo_ready)
        self._worker.failed.connect(self._demo_failed)
        self._thread.start()

    def _stop_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None
            self._worker = None

    @Slot(str)
    def _demo_ready(self, path: str) -> None:
        self._stop_thread()
        self._set_busy(False, "")
        self._close_own_service()
        self.target = Path(path)
        self.demo_chosen = True
        QDialog.done(self, QDialog.DialogCode.Accepted)  # not QWizard.done: the database page is not validated

    @Slot(str)
    def _demo_failed(self, message: str) -> None:
        self._stop_thread()
        self._set_busy(False, "")
        if self.database_page is not None:
            self.database_page.error.setText(message)

    def _set_busy(self, busy: bool, text: str) -> None:
        self.busy = busy
        if self.database_page is not None:
            self.database_page.set_busy(text)
            self.database_page.completeChanged.emit()
        for which in (QWizard.WizardButton.CancelButton, QWizard.WizardButton.BackButton):
            button = self.button(which)
            if button is not None:
                button.setEnabled(not busy)

    def wait_done(self) -> None:
        """For tests and shutdown: block until a running demo build ends."""
        if self._thread is not None:
            self._thread.wait()

    # ------------------------------------------------------------------ closing
    def reject(self) -> None:
        if self.busy:  # the demo is being built: it finishes (or fails) on its own
            return
        super().reject()

    def done(self, result: int) -> None:
        if self.busy:
            return
        super().done(result)  # QWizard validates the current page first when finishing; emits finished when done

    @Slot(int)
    def _on_finished(self, _result: int) -> None:
        self._close_own_service()
