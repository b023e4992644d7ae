"""The reference files page of the setup wizard: one row per kind of file (load, template copy) with what the
database already holds, a folder or zip at once, and the report of every file loaded.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWizardPage,
)

from rekap_desktop.ballot import Ballot
from rekap_desktop.numbers import format_number
from rekap_desktop.reference_files.check import FileResult
from rekap_desktop.reference_files.formats import FORMATS, OFFICE_KEYS, FileKind, template_path
from rekap_desktop.setup_status import SetupStatus
from ui.setup_common import AMBER, GREEN, GREY, RED, describe_failure, esc, note, result_html

if TYPE_CHECKING:
    from ui.setup_wizard import SetupWizard

FILE_FILTER = "Berkas persiapan (*.csv *.xlsx *.json *.zip);;Semua berkas (*)"

def stored_summary(status: SetupStatus, kind: FileKind) -> str:
    """What the database already holds for one kind of file ("" when nothing)."""
    legislative = sum(n for key, n in status.candidates.items() if key != Ballot.PDPD.value)
    if kind is FileKind.WILAYAH:
        if not status.kecamatan:
            return ""
        return (f"{status.kecamatan} kecamatan, {format_number(status.desa)} desa/kel., "
                f"{format_number(status.tps)} TPS, DPT {format_number(status.dpt)}")
    if kind is FileKind.PARTAI:
        return "tidak wajib: nama partai Pemilu 2024 sudah dibawa aplikasi"
    if kind is FileKind.DAPIL:
        return ", ".join(f"{Ballot(b).label} {n}" for b, n in status.dapil.items() if n)
    if kind is FileKind.PARTAI_DAPIL:
        filled = sum(1 for n in status.parties_per_dapil.values() if n)
        return f"{filled} dapil" if filled else ""
    if kind is FileKind.CALON:
        return f"{format_number(legislative)} calon" if legislative else ""
    if kind is FileKind.CALON_DPD:
        n = status.candidates.get(Ballot.PDPD.value, 0)
        return f"{n} calon DPD" if n else ""
    if kind is FileKind.PASLON:
        return f"{status.paslon} paslon" if status.paslon else ""
    if kind is FileKind.KANTOR:
        return f"{len(status.office)} dari {len(OFFICE_KEYS)} isian" if status.office else ""
    return ""


class FilesPage(QWizardPage):
    """One row per kind of reference file (load, template), plus a folder/zip at once; the report below."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Berkas data referensi")
        self.setSubTitle("Muat berkas templat (CSV/XLSX) atau daftar Sirekap (JSON) setiap jenis. Setiap berkas "
                         "diperiksa dan dimuat utuh, atau tidak sama sekali bila ada masalah.")
        self.results: list[FileResult] = []
        self._last_dir = ""
        self.load_buttons: dict[FileKind, QPushButton] = {}
        self.template_buttons: dict[FileKind, QPushButton] = {}
        self.stored_labels: dict[FileKind, QLabel] = {}
        box = QGroupBox("Urutan persiapan")
        grid = QGridLayout(box)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        for row, (kind, fmt) in enumerate(FORMATS.items()):
            title = QLabel(f"{row + 1}. {kind.label[0].upper()}{kind.label[1:]}")
            stored = QLabel()
            stored.setWordWrap(True)
            load = QPushButton("Muat…")
            load.setToolTip(f"Pilih berkas {fmt.filename}.csv/.xlsx (atau daftar Sirekap JSON, atau zip)")
            load.clicked.connect(lambda _=False, k=kind: self.choose_files(k))
            template = QPushButton("Templat…")
            template.setToolTip(f"Simpan salinan templat {fmt.filename} (CSV atau XLSX) lalu buka untuk diisi")
            template.clicked.connect(lambda _=False, k=kind: self.copy_template(k))
            grid.addWidget(title, row, 0)
            grid.addWidget(stored, row, 1)
            grid.addWidget(load, row, 2)
            grid.addWidget(template, row, 3)
            self.load_buttons[kind] = load
            self.template_buttons[kind] = template
            self.stored_labels[kind] = stored
        self.folder_button = QPushButton("Muat satu folder sekaligus…")
        self.folder_button.clicked.connect(self.choose_folder)
        self.many_button = QPushButton("Muat zip / beberapa berkas sekaligus…")
        self.many_button.clicked.connect(lambda: self.choose_files(None))
        bulk = QHBoxLayout()
        bulk.addWidget(self.folder_button)
        bulk.addWidget(self.many_button)
        bulk.addStretch(1)
        self.report = QTextBrowser()
        self.report.setOpenLinks(False)
        self.report.setPlaceholderText("Hasil pemuatan berkas tampil di sini.")
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addLayout(bulk)
        layout.addWidget(note("Berkas sekaligus dimuat menurut urutan di atas, apa pun urutan pilihannya."))
        layout.addWidget(self.report, 1)

    def initializePage(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        status = self._wizard.current_status()
        for kind, label in self.stored_labels.items():
            text = stored_summary(status, kind) if status else ""
            if text:
                label.setText(f'<span style="color:{GREEN}">✓</span> {esc(text)}')
            else:
                label.setText(f'<span style="color:{GREY}">belum ada</span>')

    def start_dir(self) -> str:
        return self._last_dir or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def choose_files(self, kind: FileKind | None) -> None:
        if kind is None:
            caption, filters = "Pilih berkas persiapan (boleh beberapa, atau zip)", FILE_FILTER
        else:
            fmt = FORMATS[kind]
            caption = f"Pilih berkas {kind.label}"
            filters = (f"Templat {fmt.filename} (*.csv *.xlsx);;Daftar Sirekap (*.json);;Arsip zip (*.zip);;"
                       "Semua berkas (*)")
        files, _ = QFileDialog.getOpenFileNames(self, caption, self.start_dir(), filters)
        if files:
            self._last_dir = str(Path(files[0]).parent)
            self.load([Path(f) for f in files], kind)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Pilih folder berisi berkas persiapan", self.start_dir())
        if folder:
            self._last_dir = folder
            self.load([Path(folder)], None)

    def load(self, paths: Sequence[Path], kind: FileKind | None = None) -> list[FileResult]:
        """Load files through the core; report each one. Never raises."""
        results = self._wizard.load_files(paths, self._append)
        for result in results:
            self._append(result_html(result, kind))
        refused = sum(1 for r in results if not r.ok)
        if not results and not self._wizard.last_error:
            where = ", ".join(str(p) for p in paths)
            self._append(f'<p style="color:{AMBER}">Tidak ada berkas persiapan (.csv, .xlsx, .json, .zip) di '
                         f"{esc(where)}.</p>")
        elif refused:
            others = " Berkas lain tetap dimuat." if refused < len(results) else ""
            self._append(f'<p style="color:{RED}"><b>{refused} dari {len(results)} berkas DITOLAK</b>: perbaiki '
                         f"berkasnya (baris dan kolom tertera di atas), lalu muat lagi.{others}</p>")
        elif len(results) > 1:
            changed = sum(1 for r in results if r.changes)
            self._append(f'<p style="color:{GREY}">{len(results)} berkas diperiksa, {changed} mengubah data.</p>')
        self.results.extend(results)
        self.refresh()
        return results

    def _append(self, fragment: str) -> None:
        self.report.append(fragment)
        bar = self.report.verticalScrollBar()
        bar.setValue(bar.maximum())

    def copy_template(self, kind: FileKind) -> Path | None:
        """Save a copy of the shipped template (CSV or XLSX) where the user says, then open it."""
        fmt = FORMATS[kind]
        start = str(Path(self.start_dir()) / f"{fmt.filename}.xlsx")
        path_text, chosen_filter = QFileDialog.getSaveFileName(
            self, f"Simpan salinan templat {kind.label}", start, "Excel (*.xlsx);;CSV UTF-8 (*.csv)")
        if not path_text:
            return None
        path = Path(path_text)
        suffix = path.suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            suffix = ".csv" if "csv" in chosen_filter.lower() else ".xlsx"
            path = path.with_name(path.name + suffix)
        try:
            shutil.copyfile(template_path(kind, suffix), path)
        except OSError as exc:
            self._append(f'<p style="margin-top:6px; color:{RED}">Templat tidak dapat disimpan ke '
                         f"{esc(str(path))}: {esc(describe_failure(exc))}</p>")
            return None
        self._last_dir = str(path.parent)
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        how = "dan dibuka" if opened else "(buka dengan Excel atau LibreOffice)"
        self._append(f'<p style="margin-top:6px">Templat {esc(fmt.filename)} disalin ke {esc(str(path))} '
                     f"{how}. Hapus baris contohnya, isi dengan data kantor Anda, simpan, lalu muat dengan tombol "
                     "<i>Muat…</i>.</p>")
        return path
