"""Setting up a kabupaten/kota from the GUI (docs/panduan-persiapan.md): the database, the kabupaten/kota, the
reference files, what is loaded and what is still missing, the office data.

Every step goes through :mod:`rekap_desktop.setup` (the same code as ``rekap-desktop init`` and
``import-reference``): a reference file is loaded whole or not at all, with its audit event, and every problem is
shown in the page in Indonesian, naming the file, the row and the column. Nothing here raises into Qt.

Started by :mod:`ui.app` on first start (no database, or a database without contests: the first page chooses the
database, or opens the demo) and from *Berkas › Siapkan kabupaten/kota…* on the database already open (then the
first page is skipped). The result is :attr:`SetupWizard.target`, the database to open.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QObject, QStandardPaths, Qt, QThread, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QIntValidator
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from rekap_desktop.ballot import Ballot
from rekap_desktop.db import default_database_path, demo_database_path
from rekap_desktop.demo import create_demo
from rekap_desktop.numbers import format_number
from rekap_desktop.reference_files.check import FileResult
from rekap_desktop.reference_files.formats import FORMATS, OFFICE_KEYS, FileKind, template_path
from rekap_desktop.region_names import kabupaten_of, provinces
from rekap_desktop.services import RecapService, StorageError
from rekap_desktop.setup import SetupError, init_kabupaten, load_reference_files
from rekap_desktop.setup_status import SetupStatus, setup_status

PAGE_DATABASE, PAGE_KABUPATEN, PAGE_FILES, PAGE_STATUS, PAGE_OFFICE = range(5)

RED = "#b00020"
AMBER = "#8a4b00"
GREEN = "#1b5e20"
GREY = "#5f6368"
MAX_PROBLEMS_SHOWN = 200  # per file; the rest are counted
FILE_FILTER = "Berkas persiapan (*.csv *.xlsx *.json *.zip);;Semua berkas (*)"
OFFICE_FIELDS = ("kantor", "tempat", "ketua", "sekretaris")  # single-line office settings (anggota: one per line)
OFFICE_REQUIRED = ("kantor", "tempat", "ketua", "anggota", "sekretaris")  # printed on every berita acara


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _red(text: str) -> str:
    return f'<span style="color:{RED}">{_esc(text)}</span>'


def describe_failure(exc: BaseException) -> str:
    """An Indonesian sentence for an unexpected failure (the page shows it; nothing crashes)."""
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
    text = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def split_missing(status: SetupStatus) -> tuple[list[str], list[str]]:
    """(critical, office): what must be loaded before the plenary, and the office data (filled on the last page)."""
    office = [m for m in status.missing if m.endswith("(berkas kantor)")]
    return [m for m in status.missing if m not in office], office


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


def result_html(result: FileResult, expected: FileKind | None = None) -> str:
    """One file's outcome for the report, as one paragraph: its line, then its problems (red) and warnings."""
    if not result.ok:
        colour = RED
    elif result.changes:
        colour = GREEN
    else:
        colour = GREY
    line = _esc(result.line())
    rows = [f'<span style="color:{colour}">{f"<b>{line}</b>" if not result.ok else line}</span>']
    indent = "&nbsp;" * 5
    for problem in result.problems[:MAX_PROBLEMS_SHOWN]:
        rows.append(f'{indent}<span style="color:{RED}">• {_esc(str(problem))}</span>')
    if len(result.problems) > MAX_PROBLEMS_SHOWN:
        rows.append(f'{indent}<span style="color:{RED}">… dan '
                    f"{format_number(len(result.problems) - MAX_PROBLEMS_SHOWN)} masalah lain</span>")
    for warning in result.warnings[:MAX_PROBLEMS_SHOWN]:
        rows.append(f'{indent}<span style="color:{AMBER}">peringatan: {_esc(str(warning))}</span>')
    if expected is not None and result.kind is not None and result.kind.step != expected.step:
        rows.append(f'{indent}<span style="color:{AMBER}">catatan: berkas ini berisi {_esc(result.kind.label)}, '
                    f"bukan {_esc(expected.label)}; dimuat sebagai {_esc(result.kind.label)}</span>")
    return f'<p style="margin-top:6px">{"<br>".join(rows)}</p>'


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {RED}")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


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


# ============================================================================================ (a) database
class DatabasePage(QWizardPage):
    """Where the database is: the default file, another file, a PostgreSQL server; or the demo."""

    def __init__(self, wizard: SetupWizard, target: str | Path | None) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Basis data")
        self.setSubTitle("Di mana data rekapitulasi kabupaten/kota ini disimpan?")
        default = default_database_path()
        self.default_radio = QRadioButton("Lokasi bawaan di komputer ini (disarankan untuk satu komputer)")
        self.default_path = QLabel(f"<code>{_esc(str(default))}</code>")
        self.default_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_radio = QRadioButton("Berkas SQLite lain (mis. di flashdisk atau folder kantor):")
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText("mis. D:\\Pemilu2024\\rekap-sampang.sqlite")
        self.browse_button = QPushButton("Pilih…")
        self.browse_button.clicked.connect(self._browse)
        self.pg_radio = QRadioButton("Server PostgreSQL (beberapa komputer memakai basis data yang sama):")
        self.pg_edit = QLineEdit()
        self.pg_edit.setPlaceholderText("postgresql+psycopg://pengguna:sandi@server/rekap")
        self.error = _error_label()
        self.group = QButtonGroup(self)
        for radio in (self.default_radio, self.file_radio, self.pg_radio):
            self.group.addButton(radio)
        self.file_edit.textEdited.connect(lambda _t: self.file_radio.setChecked(True))
        self.pg_edit.textEdited.connect(lambda _t: self.pg_radio.setChecked(True))
        self.group.buttonToggled.connect(lambda *_: self._changed())
        self.file_edit.textChanged.connect(lambda _t: self._changed())
        self.pg_edit.textChanged.connect(lambda _t: self._changed())

        text = str(target) if target is not None else ""
        if "://" in text:
            self.pg_radio.setChecked(True)
            self.pg_edit.setText(text)
        elif text and Path(text).expanduser().resolve() != default.resolve():
            self.file_radio.setChecked(True)
            self.file_edit.setText(text)
        else:
            self.default_radio.setChecked(True)

        self.demo_button = QPushButton("Buka data demo (Kabupaten Sampang)")
        self.demo_button.clicked.connect(wizard.start_demo)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.busy = _note()

        layout = QVBoxLayout(self)
        layout.addWidget(self.default_radio)
        layout.addWidget(self.default_path)
        layout.addSpacing(6)
        layout.addWidget(self.file_radio)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(self.browse_button)
        layout.addLayout(row)
        layout.addSpacing(6)
        layout.addWidget(self.pg_radio)
        layout.addWidget(self.pg_edit)
        layout.addWidget(_note("Berkas yang belum ada akan dibuat. Berkas yang sudah ada dibuka apa adanya: "
                               "langkah berikutnya menampilkan isinya."))
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addSpacing(8)
        layout.addWidget(line)
        layout.addWidget(_note("<b>Hanya ingin mencoba?</b> Data demo Kabupaten Sampang berisi wilayah asli, "
                               "calon rekaan, angka buatan dan data Sirekap contoh. Jangan dipakai untuk rapat "
                               "pleno yang sebenarnya."))
        demo_row = QHBoxLayout()
        demo_row.addWidget(self.demo_button)
        demo_row.addStretch(1)
        layout.addLayout(demo_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def _changed(self) -> None:
        self.error.clear()
        self.completeChanged.emit()

    def _browse(self) -> None:
        start = self.file_edit.text() or str(Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)) / "rekap.sqlite")
        path, _ = QFileDialog.getSaveFileName(
            self, "Pilih atau buat berkas basis data", start, "Basis data SQLite (*.sqlite *.db);;Semua berkas (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.file_edit.setText(path)
            self.file_radio.setChecked(True)

    def chosen_target(self) -> tuple[str | Path | None, str]:
        """(target, "") or (None, why not)."""
        if self.pg_radio.isChecked():
            url = self.pg_edit.text().strip()
            if not url:
                return None, "Tulis URL server PostgreSQL."
            if not url.startswith("postgresql") or "://" not in url:
                return None, ("URL PostgreSQL harus berbentuk postgresql+psycopg://pengguna:sandi@server/nama, "
                              f"bukan {url!r}.")
            return url, ""
        if self.file_radio.isChecked():
            text = self.file_edit.text().strip()
            if not text:
                return None, "Tulis atau pilih nama berkas basis data."
            path = Path(text).expanduser()
            if path.is_dir():
                return None, f"{path} adalah folder; tulis nama berkas di dalamnya (mis. rekap.sqlite)."
            if not path.suffix:
                path = path.with_suffix(".sqlite")
            return path, ""
        return default_database_path(), ""

    def isComplete(self) -> bool:
        return not self._wizard.busy and self.chosen_target()[0] is not None

    def validatePage(self) -> bool:
        target, why = self.chosen_target()
        if target is None:
            self.error.setText(why)
            return False
        problem = self._wizard.open_database(target)
        if problem:
            self.error.setText(problem)
            return False
        self.error.clear()
        return True

    def set_busy(self, text: str) -> None:
        self.busy.setText(text)
        self.progress.setVisible(bool(text))
        for widget in (self.default_radio, self.file_radio, self.pg_radio, self.file_edit, self.pg_edit,
                       self.browse_button, self.demo_button):
            widget.setEnabled(not text)


# ============================================================================================ (b) kabupaten/kota
class KabupatenPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Kabupaten/kota")
        self.setSubTitle("Pilih provinsi dan kabupaten/kota yang direkapitulasi dengan basis data ini.")
        self.province = QComboBox()
        self.province.addItem("— pilih provinsi —", "")
        for p in provinces():
            self.province.addItem(f"{p.code}  {p.name}", p.code)
        self.kabupaten = QComboBox()
        self.code = QLineEdit()
        self.code.setValidator(QIntValidator(1000, 9999, self.code))
        self.code.setMaxLength(4)
        self.name = QLineEdit()
        self.name.setPlaceholderText("mis. BOGOR atau KOTA BANDUNG")
        self.manual_note = _note()
        self.manual = QWidget()
        manual = QFormLayout(self.manual)
        manual.setContentsMargins(0, 0, 0, 0)
        manual.addRow("Kode Kemendagri (4 digit)", self.code)
        manual.addRow("Nama kabupaten/kota", self.name)
        self.note = _note()
        self.error = _error_label()
        self.province.currentIndexChanged.connect(self._province_changed)
        self.kabupaten.currentIndexChanged.connect(self._kabupaten_changed)
        self.code.textChanged.connect(lambda _t: self._changed())
        self.name.textChanged.connect(lambda _t: self._changed())
        form = QFormLayout()
        form.addRow("Provinsi", self.province)
        form.addRow("Kabupaten/kota", self.kabupaten)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.manual_note)
        layout.addWidget(self.manual)
        layout.addSpacing(8)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self._province_changed()

    def _changed(self) -> None:
        self.error.clear()
        self.completeChanged.emit()

    def _province_changed(self) -> None:
        code = self.province.currentData() or ""
        self.kabupaten.blockSignals(True)
        self.kabupaten.clear()
        shipped = kabupaten_of(code) if code else []
        for k in shipped:
            self.kabupaten.addItem(f"{k.code}  {k.title}", k.code)
        if code:
            self.kabupaten.addItem("Lainnya: tulis kode dan nama sendiri…", "")
        if shipped:
            self.kabupaten.insertItem(0, "— pilih kabupaten/kota —", None)
            self.kabupaten.setCurrentIndex(0)
        self.kabupaten.blockSignals(False)
        self.kabupaten.setEnabled(bool(code) and not self._locked())
        if code and not shipped:
            self.manual_note.setText("Daftar kabupaten/kota provinsi ini tidak dibawa aplikasi: tulis kode "
                                     f"Kemendagri (4 digit, diawali {code}) dan namanya.")
        else:
            self.manual_note.clear()
        self.code.setPlaceholderText(f"{code}xx" if code else "mis. 3527")
        self._kabupaten_changed()

    def _kabupaten_changed(self) -> None:
        manual = bool(self.province.currentData()) and self.kabupaten.currentData() == ""
        self.manual.setVisible(manual)
        self._changed()

    def _locked(self) -> bool:
        return bool(self._wizard.stored_settings().get("kabupaten_kode"))

    def initializePage(self) -> None:
        settings = self._wizard.stored_settings()
        code = settings.get("kabupaten_kode", "")
        if not code:
            self.province.setEnabled(True)
            self.code.setReadOnly(False)
            self._province_changed()
            self.note.setText("Kode dan nama diambil dari daftar wilayah Kemendagri yang dibawa aplikasi. "
                              "Satu basis data hanya untuk satu kabupaten/kota.")
            return
        self.province.setCurrentIndex(max(0, self.province.findData(code[:2])))
        index = self.kabupaten.findData(code)
        if index < 0:
            self.kabupaten.setCurrentIndex(self.kabupaten.findData(""))
            self.code.setText(code)
            self.name.setText(settings.get("kabupaten_nama", ""))
        else:
            self.kabupaten.setCurrentIndex(index)
        self.province.setEnabled(False)
        self.kabupaten.setEnabled(False)
        self.code.setReadOnly(True)
        name = settings.get("kabupaten_nama", "")
        self.note.setText(f"Basis data ini sudah disiapkan untuk <b>{_esc(code)} {_esc(name)}</b>, Provinsi "
                          f"{_esc(settings.get('provinsi_nama', ''))}. Satu basis data hanya untuk satu "
                          "kabupaten/kota; untuk kabupaten/kota lain pakai basis data lain.")

    def chosen(self) -> tuple[str, str | None]:
        """(kode, nama): nama None when the code comes from the shipped list."""
        data = self.kabupaten.currentData()
        if data:
            return str(data), None
        return self.code.text().strip(), " ".join(self.name.text().split()) or None

    def isComplete(self) -> bool:
        code, _ = self.chosen()
        return len(code) == 4 and code.isdigit()

    def validatePage(self) -> bool:
        code, name = self.chosen()
        province = self.province.currentData() or ""
        if self.manual.isVisible() or self.kabupaten.currentData() == "":
            if not code.startswith(province):
                self.error.setText(f"Kode {code} bukan kabupaten/kota Provinsi {self.province.currentText()}: "
                                   f"kodenya harus diawali {province}.")
                return False
            if not name and not self._locked():
                self.error.setText("Tulis nama kabupaten/kota (mis. BOGOR, KOTA BANDUNG).")
                return False
        service = self._wizard.service
        if service is None:
            self.error.setText("Basis data belum dibuka; kembali ke langkah sebelumnya.")
            return False
        try:
            result = init_kabupaten(service, code, name)
        except (SetupError, StorageError) as exc:
            self.error.setText(f"Tidak disiapkan: {exc}")
            return False
        except Exception as exc:
            self.error.setText(f"Tidak disiapkan: {describe_failure(exc)}")
            return False
        self._wizard.modified = True
        self.error.clear()
        self.note.setText(f"Disiapkan untuk {_esc(result.kabupaten.title)} ({result.kabupaten.code}), "
                          f"{_esc(result.provinsi.title)}.")
        return True


# ============================================================================================ (c) reference files
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
        layout.addWidget(_note("Berkas sekaligus dimuat menurut urutan di atas, apa pun urutan pilihannya."))
        layout.addWidget(self.report, 1)

    def initializePage(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        status = self._wizard.current_status()
        for kind, label in self.stored_labels.items():
            text = stored_summary(status, kind) if status else ""
            if text:
                label.setText(f'<span style="color:{GREEN}">✓</span> {_esc(text)}')
            else:
                label.setText(f'<span style="color:{GREY}">belum ada</span>')

    def _start_dir(self) -> str:
        return self._last_dir or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def choose_files(self, kind: FileKind | None) -> None:
        if kind is None:
            caption, filters = "Pilih berkas persiapan (boleh beberapa, atau zip)", FILE_FILTER
        else:
            fmt = FORMATS[kind]
            caption = f"Pilih berkas {kind.label}"
            filters = (f"Templat {fmt.filename} (*.csv *.xlsx);;Daftar Sirekap (*.json);;Arsip zip (*.zip);;"
                       "Semua berkas (*)")
        files, _ = QFileDialog.getOpenFileNames(self, caption, self._start_dir(), filters)
        if files:
            self._last_dir = str(Path(files[0]).parent)
            self.load([Path(f) for f in files], kind)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Pilih folder berisi berkas persiapan", self._start_dir())
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
                         f"{_esc(where)}.</p>")
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
        start = str(Path(self._start_dir()) / f"{fmt.filename}.xlsx")
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
                         f"{_esc(str(path))}: {_esc(describe_failure(exc))}</p>")
            return None
        self._last_dir = str(path.parent)
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        how = "dan dibuka" if opened else "(buka dengan Excel atau LibreOffice)"
        self._append(f'<p style="margin-top:6px">Templat {_esc(fmt.filename)} disalin ke {_esc(str(path))} '
                     f"{how}. Hapus baris contohnya, isi dengan data kantor Anda, simpan, lalu muat dengan tombol "
                     "<i>Muat…</i>.</p>")
        return path


# ============================================================================================ (d) status
class StatusPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Yang sudah dimuat dan yang masih kurang")
        self.setSubTitle("Periksa ringkasan data referensi. Data Sirekap tidak wajib: impor nanti dari menu "
                         "Berkas › Impor data Sirekap.")
        self.status: SetupStatus | None = None
        self.critical: list[str] = []
        self.view = QTextBrowser()
        self.confirm = QCheckBox("Lanjutkan walau belum lengkap (data yang kurang dapat dimuat nanti dari "
                                 "Berkas › Siapkan kabupaten/kota…)")
        self.confirm.toggled.connect(lambda _on: self.completeChanged.emit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.confirm)

    def initializePage(self) -> None:
        self.status = self._wizard.current_status()
        self.confirm.setChecked(False)
        if self.status is None:
            self.critical = ["basis data tidak dapat dibaca"]
            self.view.setHtml(f"<p>{_red(self._wizard.last_error or 'Basis data tidak dapat dibaca.')}</p>")
        else:
            self.critical, office = split_missing(self.status)
            self.view.setHtml(self.status_html(self.status, self.critical, office))
        self.confirm.setVisible(bool(self.critical))
        self.completeChanged.emit()

    @staticmethod
    def status_html(status: SetupStatus, critical: list[str], office: list[str]) -> str:
        lines = status.lines()
        loaded = [ln for ln in lines if not ln.startswith("  - ")
                  and ln not in ("Masih belum ada:", "Data referensi lengkap.")]
        parts = ["<p><b>Sudah dimuat</b></p>", "<ul>"]
        parts += [f"<li>{_esc(ln)}</li>" for ln in loaded]
        parts.append("</ul>")
        if critical:
            parts.append(f'<p style="color:{RED}"><b>Masih belum ada (wajib sebelum rapat pleno)</b></p><ul>')
            parts += [f'<li style="color:{RED}">{_esc(m)}</li>' for m in critical]
            parts.append("</ul>")
        else:
            parts.append(f'<p style="color:{GREEN}"><b>Wilayah, dapil, partai, calon dan paslon lengkap.</b></p>')
        if office:
            parts.append(f'<p style="color:{AMBER}"><b>Data kantor yang belum diisi</b> (diisi di langkah '
                         "berikutnya)</p><ul>")
            parts += [f'<li style="color:{AMBER}">{_esc(m)}</li>' for m in office]
            parts.append("</ul>")
        return "".join(parts)

    def isComplete(self) -> bool:
        return not self.critical or self.confirm.isChecked()


# ============================================================================================ (e) office data
class OfficePage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Data kantor")
        self.setSubTitle("Dicetak pada berita acara dan sertifikat. Setiap perubahan tercatat di log audit.")
        self.fields: dict[str, QLineEdit] = {}
        placeholders = {
            "kantor": "KOMISI PEMILIHAN UMUM KABUPATEN …",
            "tempat": "mis. Aula KPU Kabupaten …, Jalan … No. …",
            "ketua": "nama lengkap dengan gelar",
            "sekretaris": "nama lengkap dengan gelar",
        }
        labels = {"kantor": "Nama kantor", "tempat": "Tempat rapat (aula, alamat)", "ketua": "Ketua",
                  "sekretaris": "Sekretaris"}
        form = QFormLayout()
        for key in OFFICE_FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText(placeholders[key])
            edit.setToolTip(OFFICE_KEYS[key])
            self.fields[key] = edit
        self.anggota = QPlainTextEdit()
        self.anggota.setPlaceholderText("satu nama per baris")
        self.anggota.setTabChangesFocus(True)
        self.anggota.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.paper = QComboBox()
        self.paper.addItem("A4 (210 × 297 mm)", "a4")
        self.paper.addItem("F4 (215 × 330 mm)", "f4")
        self.date_set = QCheckBox("sudah ditetapkan:")
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setLocale(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
        self.date.setDisplayFormat("d MMMM yyyy")
        self.date.setDate(QDate.currentDate())
        self.date.setEnabled(False)
        self.date_set.toggled.connect(self.date.setEnabled)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_set)
        date_row.addWidget(self.date)
        date_row.addStretch(1)
        form.addRow(labels["kantor"], self.fields["kantor"])
        form.addRow(labels["tempat"], self.fields["tempat"])
        form.addRow(labels["ketua"], self.fields["ketua"])
        form.addRow("Anggota", self.anggota)
        form.addRow(labels["sekretaris"], self.fields["sekretaris"])
        form.addRow("Kertas berita acara", self.paper)
        form.addRow("Tanggal rapat pleno", date_row)
        self.file_button = QPushButton("Muat dari berkas kantor…")
        self.file_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_button)
        file_row.addStretch(1)
        self.file_report = _note()
        self.file_report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.later = QCheckBox("Simpan walau data kantor belum lengkap (lengkapi nanti sebelum mencetak berita "
                               "acara)")
        self.error = _error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(file_row)
        layout.addWidget(self.file_report)
        layout.addStretch(1)
        layout.addWidget(self.later)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        self.fill(self._wizard.stored_settings())

    def fill(self, settings: dict[str, str]) -> None:
        for key, edit in self.fields.items():
            edit.setText(settings.get(key, ""))
        self.anggota.setPlainText("\n".join(n for n in settings.get("anggota", "").split("|") if n))
        self.paper.setCurrentIndex(max(0, self.paper.findData(settings.get("kertas", "a4").lower())))
        date = QDate.fromString(settings.get("tanggal_rapat", ""), "yyyy-MM-dd")
        self.date_set.setChecked(date.isValid())
        if date.isValid():
            self.date.setDate(date)

    def values(self) -> dict[str, str]:
        """The office settings as they will be stored (anggota joined with '|')."""
        out = {key: " ".join(edit.text().split()) for key, edit in self.fields.items()}
        members = [" ".join(ln.split()) for ln in self.anggota.toPlainText().splitlines()]
        out["anggota"] = "|".join(m for m in members if m)
        out["kertas"] = str(self.paper.currentData())
        out["tanggal_rapat"] = self.date.date().toString("yyyy-MM-dd") if self.date_set.isChecked() else ""
        return out

    def problems(self, values: dict[str, str]) -> list[str]:
        why = []
        names = {"kantor": "nama kantor", "tempat": "tempat rapat", "ketua": "ketua", "sekretaris": "sekretaris"}
        for key, label in names.items():
            if "|" in values[key]:
                why.append(f"{label}: tanda '|' tidak boleh dipakai")
            if len(values[key]) > 500:
                why.append(f"{label} terlalu panjang ({len(values[key])} huruf; paling banyak 500)")
        for member in values["anggota"].split("|"):
            if len(member) > 500:
                why.append(f"nama anggota terlalu panjang ({len(member)} huruf)")
        if len(values["anggota"]) > 500:
            why.append("daftar anggota terlalu panjang (paling banyak 500 huruf seluruhnya)")
        return why

    def choose_file(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Pilih berkas kantor", self._wizard.files_page._start_dir(),
            "Templat kantor (*.csv *.xlsx);;Semua berkas (*)")
        if not files:
            return
        results = self._wizard.load_files([Path(f) for f in files], None)
        self.file_report.setText("".join(result_html(r, FileKind.KANTOR) for r in results)
                                 or _red(self._wizard.last_error or "Tidak ada berkas yang dapat dibaca."))
        if results and all(r.ok for r in results):
            self.fill(self._wizard.stored_settings())

    def validatePage(self) -> bool:
        values = self.values()
        why = self.problems(values)
        if why:
            self.error.setText("Belum disimpan: " + "; ".join(why) + ".")
            return False
        empty = [OFFICE_KEYS[k].split(" (")[0] for k in OFFICE_REQUIRED if not values[k]]
        if empty and not self.later.isChecked():
            self.error.setText("Belum diisi: " + ", ".join(empty) + ". Semuanya dicetak pada berita acara; isi, "
                               "atau centang 'Simpan walau data kantor belum lengkap'.")
            return False
        problem = self._wizard.store_settings(values)
        if problem:
            self.error.setText(problem)
            return False
        self.error.clear()
        return True


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
                report(f"<p>{_red(self.last_error)}</p>")
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
