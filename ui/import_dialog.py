"""Sirekap import from the GUI: choose files / a folder / a zip, import in a worker thread with a progress bar,
then a summary (imported, skipped with reasons, anomalies). Everything goes through the core importer."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rekap_desktop.numbers import format_number
from rekap_desktop.services import RecapService, StorageError
from rekap_desktop.sirekap.importer import ImportSummary, import_paths


class ImportWorker(QObject):
    progress = Signal(int, str)
    finished = Signal(object)  # ImportSummary
    failed = Signal(str)

    def __init__(self, service: RecapService, paths: list[Path]) -> None:
        super().__init__()
        self.service = service
        self.paths = paths

    @Slot()
    def run(self) -> None:
        try:
            summary = import_paths(self.service, self.paths, progress=lambda n, p: self.progress.emit(n, p))
        except StorageError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:
            self.failed.emit(f"Impor gagal dan tidak ada yang disimpan: {type(exc).__name__}: {exc}")
            return
        self.finished.emit(summary)


def window_words(line: str) -> str:
    """The import summary as the window says it: no internal words ("Snapshot #3"), no command to run."""
    line = re.sub(r"^Snapshot #(\d+);", r"Impor Sirekap ke-\1;", line)
    return line.replace("(rincian: rekap-desktop check)", "(rincian: panel Temuan, Kecamatan › Bukti TPS Sirekap)")


class SirekapImportDialog(QDialog):
    imported = Signal(object)  # ImportSummary, after a successful import

    def __init__(self, service: RecapService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle("Impor data Sirekap")
        self.resize(760, 520)
        self.paths: list[Path] = []
        self.summary: ImportSummary | None = None
        self._thread: QThread | None = None
        self._worker: ImportWorker | None = None
        note = QLabel("Data Sirekap hanya <b>pembanding</b>; hasil resmi adalah rekapitulasi manual. Pilih berkas JSON/"
                      "CSV/XLSX, folder (dibaca sampai ke subfolder), atau arsip zip.")
        note.setWordWrap(True)
        self.list = QListWidget()
        self.files_button = QPushButton("Pilih berkas/zip…")
        self.folder_button = QPushButton("Pilih folder…")
        self.files_button.clicked.connect(self._choose_files)
        self.folder_button.clicked.connect(self._choose_folder)
        choose = QHBoxLayout()
        choose.addWidget(self.files_button)
        choose.addWidget(self.folder_button)
        choose.addStretch(1)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel("")
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("Impor", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton("Tutup", QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        self.import_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(choose)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.report, 2)
        layout.addWidget(self.buttons)

    def set_paths(self, paths: list[Path]) -> None:
        self.paths = list(paths)
        self.list.clear()
        self.list.addItems([str(p) for p in self.paths])
        self.import_button.setEnabled(bool(self.paths))

    def _choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Pilih berkas Sirekap", "",
                                                "Data Sirekap (*.json *.zip *.csv *.xlsx);;Semua berkas (*)")
        if files:
            self.set_paths([*self.paths, *(Path(f) for f in files)])

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Pilih folder data Sirekap")
        if folder:
            self.set_paths([*self.paths, Path(folder)])

    def start(self) -> None:
        if not self.paths or self._thread is not None:
            return
        self.import_button.setEnabled(False)
        self.files_button.setEnabled(False)
        self.folder_button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until done: the number of files is not known in advance
        self.status.setText("Mengimpor…")
        self._thread = QThread(self)
        self._worker = ImportWorker(self.service, self.paths)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._thread.start()

    def _stop_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None
            self._worker = None
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.files_button.setEnabled(True)
        self.folder_button.setEnabled(True)

    @Slot(int, str)
    def _on_progress(self, handled: int, path: str) -> None:
        self.status.setText(f"{handled} berkas dibaca… {path[-80:]}")

    @Slot(object)
    def _on_finished(self, summary: ImportSummary) -> None:
        self._stop_thread()
        self.summary = summary
        lines = [window_words(line) for line in summary.lines()]
        if summary.anomalies:
            lines.append("")
            lines.append("Anomali TPS (data Sirekap sendiri; juga di panel Temuan, jenis \"Anomali TPS Sirekap\"):")
            lines.extend(f"  TPS {a.tps}: {a.message}" for a in summary.anomalies[:200])
        self.report.setPlainText("\n".join(lines))
        self.status.setText(f"Selesai dalam {summary.seconds:.1f} detik: {format_number(summary.records_added)} "
                            f"rekaman TPS baru, {format_number(len(summary.skipped))} berkas dilewati.")
        self.paths = []
        self.list.clear()
        self.imported.emit(summary)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._stop_thread()
        self.status.setText("Impor gagal.")
        self.report.setPlainText(message)
        self.import_button.setEnabled(bool(self.paths))

    def wait_done(self) -> None:
        """For tests and shutdown: block until a running import ends."""
        if self._thread is not None:
            self._thread.wait()
