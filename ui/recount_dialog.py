"""Kecamatan › Hitung ulang TPS…: record a TPS recount of the current contest (rekap_desktop.recount).

The operator picks kecamatan, desa and TPS number, the keberatan the recount answers (or records one on the spot),
the reason and the date; the table lists every line of the form with what is already known about that TPS (the
last recount, else Sirekap), the figure before (prefilled from what is known) and after. A live preview says how
each kecamatan figure will move, and why the service would refuse; the service decides when saving.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, QRegularExpression, Qt
from PySide6.QtGui import QFont, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rekap_desktop.contest import Contest
from rekap_desktop.keberatan import KIND_LABELS
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.numbers import format_number
from rekap_desktop.recount import (
    BASIS_RECOUNT,
    MAX_TPS_FIGURE,
    FigureInput,
    Known,
    Recount,
    RecountError,
    desa_of,
    known_for,
    preview,
    record_recount,
)
from rekap_desktop.services import RecapService, StorageError
from ui.form_dialog import finish_form_dialog
from ui.keberatan_panel import KeberatanDialog, store_keberatan

HEADERS = ("Baris", "Uraian", "Diketahui", "Sebelum", "Sesudah", "Selisih", "Kecamatan kini", "Kecamatan menjadi")
COL_BEFORE, COL_AFTER = HEADERS.index("Sebelum"), HEADERS.index("Sesudah")
DASH = "—"

_Index = QModelIndex | QPersistentModelIndex


class RecountFiguresModel(QAbstractTableModel):
    """Every line of the contest's form for one TPS: known figure, before and after (editable), the difference and
    the kecamatan figure now and after the recount."""

    def __init__(self, catalogue: LineCatalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = catalogue.lines
        self._known: dict[str, Known] = {}
        self._current: dict[str, int] = {}
        self._before: dict[str, int] = {}
        self._after: dict[str, int] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def load(self, known: dict[str, Known], current: dict[str, int]) -> None:
        """A new TPS: what is known prefills "before"; "after" starts empty."""
        self.beginResetModel()
        self._known = dict(known)
        self._current = dict(current)
        self._before = {line: k.value for line, k in known.items()}
        self._after = {}
        self.endResetModel()

    def row_of(self, line: str) -> int:
        return next(i for i, li in enumerate(self._lines) if li.id == line)

    def figures(self) -> tuple[list[FigureInput], list[str]]:
        """The lines with an "after" (as FigureInput), and the rows that have an "after" but no "before"."""
        out: list[FigureInput] = []
        missing: list[str] = []
        for li in self._lines:
            if li.id not in self._after:
                continue
            if li.id not in self._before:
                missing.append(li.id)
                continue
            out.append(FigureInput(li.id, self._before[li.id], self._after[li.id]))
        return out, missing

    def delta(self, line: str) -> int | None:
        if line in self._before and line in self._after:
            return self._after[line] - self._before[line]
        return None

    # ------------------------------------------------------------------ Qt
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (COL_BEFORE, COL_AFTER):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._lines)):
            return None
        line = self._lines[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(line.id, line.label, col, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.ToolTipRole:
            known = self._known.get(line.id)
            if col == HEADERS.index("Diketahui"):
                return known.describe() if known else "Belum ada angka TPS ini (Sirekap/hitung ulang sebelumnya)."
            return line.label
        if role == Qt.ItemDataRole.FontRole and self.delta(line.id):
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= HEADERS.index("Diketahui"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, line: str, label: str, col: int, edit: bool) -> object:
        if col == 0:
            return line
        if col == 1:
            return label
        if col == HEADERS.index("Diketahui"):
            known = self._known.get(line)
            if known is None:
                return DASH
            source = f"hitung ulang #{known.ref}" if known.basis == BASIS_RECOUNT else "Sirekap"
            return f"{format_number(known.value)} ({source})"
        if col in (COL_BEFORE, COL_AFTER):
            value = (self._before if col == COL_BEFORE else self._after).get(line)
            if edit:
                return "" if value is None else str(value)
            return DASH if value is None else format_number(value)
        delta = self.delta(line)
        current = self._current.get(line)
        if col == HEADERS.index("Selisih"):
            return DASH if not delta else f"{delta:+d}"
        if col == HEADERS.index("Kecamatan kini"):
            return format_number(current, DASH)
        if col == HEADERS.index("Kecamatan menjadi"):
            if not delta:
                return DASH
            return DASH if current is None else format_number(current + delta)
        return None

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in (COL_BEFORE, COL_AFTER):
            return False
        text = str(value if value is not None else "").strip().replace(".", "")
        target = self._before if index.column() == COL_BEFORE else self._after
        line = self._lines[index.row()].id
        if text == "":
            target.pop(line, None)
        elif text.isdigit() and text.isascii() and int(text) <= MAX_TPS_FIGURE:
            target[line] = int(text)
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), COL_BEFORE), self.index(index.row(), len(HEADERS) - 1))
        return True


class RecountDialog(QDialog):
    """Record one TPS recount of ``contest``; after ``exec()`` accepted, :attr:`recount` is what was stored."""

    def __init__(self, service: RecapService, contest: Contest, *, kecamatan: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.contest = contest
        self.recount: Recount | None = None
        self.setWindowTitle(f"Hitung ulang TPS — {contest.title}")
        self.kecamatan = QComboBox()
        for r in contest.kecamatan:
            self.kecamatan.addItem(f"{r.name} ({r.code})", r.code)
        if kecamatan and contest.has_kecamatan(kecamatan):
            self.kecamatan.setCurrentIndex(self.kecamatan.findData(kecamatan))
        self.desa = QComboBox()
        self.number = QSpinBox()
        self.number.setRange(1, 999)
        self.desa_code = QLineEdit()  # when the reference data list no desa: the desa code typed
        self.desa_code.setPlaceholderText("kode desa 10 angka")
        self.desa_code.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,10}"), self.desa_code))
        self.desa_code.textChanged.connect(lambda _text: self._tps_changed())
        self.tps_label = QLabel()
        tps_row = QHBoxLayout()
        tps_row.addWidget(self.desa, 1)
        tps_row.addWidget(self.desa_code, 1)
        tps_row.addWidget(QLabel("TPS"))
        tps_row.addWidget(self.number)
        tps_row.addWidget(self.tps_label)
        self.keberatan = QComboBox()
        self.new_keberatan = QPushButton("Catat baru…")
        self.new_keberatan.clicked.connect(self._record_keberatan)
        keberatan_row = QHBoxLayout()
        keberatan_row.addWidget(self.keberatan, 1)
        keberatan_row.addWidget(self.new_keberatan)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("mis. C plano yang dikoreksi tidak sama dengan salinan saksi")
        self.held_on = QDateEdit(QDate.currentDate())
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("dd-MM-yyyy")
        self.sirekap_note = QLineEdit()
        self.sirekap_note.setPlaceholderText("hanya bila angka sebelum berbeda dengan data Sirekap TPS itu: alasannya")
        form = QFormLayout()
        form.addRow("Kecamatan", self.kecamatan)
        form.addRow("Desa/kelurahan", tps_row)
        form.addRow("Keberatan / kejadian khusus", keberatan_row)
        form.addRow("Alasan hitung ulang", self.reason)
        form.addRow("Tanggal", self.held_on)
        form.addRow("Beda dengan Sirekap", self.sirekap_note)
        self.model = RecountFiguresModel(LineCatalogue(contest), self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.preview_label = QLabel()
        self.preview_label.setWordWrap(True)
        above = QWidget()
        layout = QVBoxLayout(above)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel("Isi angka <b>sesudah</b> hitung ulang pada baris yang dihitung ulang (angka TPS, seperti "
                       "pada C.HASIL). Angka <b>sebelum</b> terisi dari yang sudah diketahui; angka kecamatan "
                       "berubah tepat sebesar selisihnya.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.preview_label)
        self.error = finish_form_dialog(self, QFormLayout(), self._accept, save_text="Simpan hitung ulang",
                                        above=above)
        self.kecamatan.currentIndexChanged.connect(self._fill_desa)
        self.desa.currentIndexChanged.connect(self._desa_changed)
        self.number.valueChanged.connect(self._tps_changed)
        self.model.dataChanged.connect(self._update_preview)
        self.sirekap_note.textChanged.connect(self._update_preview)
        self._fill_desa()
        self.resize(1000, 720)

    # ------------------------------------------------------------------ choosing the TPS
    @property
    def tps(self) -> str:
        desa = self.desa.currentData()
        if desa is None and self.desa.count() == 0:
            typed = self.desa_code.text().strip()
            desa = typed if len(typed) == 10 and typed.startswith(str(self.kecamatan.currentData())) else None
        return f"{desa}{self.number.value():03d}" if desa else ""

    def _fill_desa(self) -> None:
        kec = self.kecamatan.currentData()
        self.desa.blockSignals(True)
        self.desa.clear()
        for code, name, count in desa_of(self.service, kec) if kec else []:
            suffix = f", {count} TPS" if count else ""
            self.desa.addItem(f"{name} ({code}{suffix})", code)
            self.desa.setItemData(self.desa.count() - 1, count, Qt.ItemDataRole.UserRole + 1)
        self.desa.blockSignals(False)
        listed = self.desa.count() > 0
        self.desa.setVisible(listed)
        self.desa_code.setVisible(not listed)
        self._desa_changed()

    def _desa_changed(self) -> None:
        count = self.desa.currentData(Qt.ItemDataRole.UserRole + 1)
        self.number.blockSignals(True)
        self.number.setMaximum(int(count) if count else 999)
        self.number.blockSignals(False)
        self._tps_changed()

    def select_tps(self, code: str) -> None:
        """Point the dialog at TPS ``code`` (kecamatan, desa and number)."""
        self.kecamatan.setCurrentIndex(max(0, self.kecamatan.findData(code[:6])))
        if self.desa.count():
            self.desa.setCurrentIndex(max(0, self.desa.findData(code[:10])))
        else:
            self.desa_code.setText(code[:10])
        self.number.setValue(int(code[10:]))
        self._tps_changed()

    def _tps_changed(self) -> None:
        tps = self.tps
        self.tps_label.setText(f"kode {tps}" if tps else "isi kode desa (data referensi belum memuat desa)")
        kec = str(self.kecamatan.currentData() or "")
        known = known_for(self.service, self.contest.key, tps) if tps else {}
        current = {line: v for _, line, k, v in self.service.entries(self.contest.key) if k == kec}
        self.model.load(known, current)
        self._fill_keberatan()
        self._update_preview()

    def _fill_keberatan(self, select: int | None = None) -> None:
        kec, tps = self.kecamatan.currentData(), self.tps
        self.keberatan.clear()
        self.keberatan.addItem("— pilih keberatan / kejadian khusus —", None)
        for k in self.service.keberatan(self.contest.key):
            if k.status == "ditolak" or (k.tps and k.tps != tps) or (k.kecamatan and k.kecamatan != kec):
                continue
            where = f" TPS {k.tps[-3:]}" if k.tps else ""
            self.keberatan.addItem(f"#{k.id} {KIND_LABELS.get(k.kind, k.kind)}{where}: {k.description[:70]}", k.id)
        if select is not None:
            self.keberatan.setCurrentIndex(max(0, self.keberatan.findData(select)))
        elif self.keberatan.count() == 2:
            self.keberatan.setCurrentIndex(1)

    def _record_keberatan(self) -> None:
        dialog = KeberatanDialog(self.contest, kecamatan=self.kecamatan.currentData(), parent=self)
        dialog.tps.setText(self.tps)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            new_id = store_keberatan(self.service, self.contest.key, dialog.values())
        except StorageError as exc:
            self.error.setText(str(exc))
            return
        self._fill_keberatan(select=new_id)

    # ------------------------------------------------------------------ preview and saving
    def _inputs(self) -> tuple[list[FigureInput], list[str]]:
        figures, missing = self.model.figures()
        problems = [f"baris {line}: angka sebelum belum diisi" for line in missing]
        return figures, problems

    def _update_preview(self) -> None:
        figures, problems = self._inputs()
        if not figures and not problems:
            self.preview_label.setText("Belum ada angka sesudah hitung ulang.")
            return
        if self.tps:
            result = preview(self.service, self.contest.key, self.tps, figures, sirekap_note=self.sirekap_note.text())
            problems += result.problems
            moves = [f"{line}: {format_number(old, DASH)} → {format_number(new, DASH)}"
                     for line, (old, new) in result.kecamatan_figures.items()]
        else:
            moves = []
        text = ("Angka kecamatan: " + "; ".join(moves)) if moves else "Tidak ada angka kecamatan yang berubah."
        if problems:
            text += "<br><span style='color:#b00020'>" + "<br>".join(problems) + "</span>"
        self.preview_label.setText(text)

    def _accept(self) -> None:
        figures, problems = self._inputs()
        if problems:
            self.error.setText("; ".join(problems))
            return
        if not self.tps:
            self.error.setText("Pilih desa dan nomor TPS.")
            return
        keberatan_id = self.keberatan.currentData()
        try:
            self.recount = record_recount(
                self.service, self.contest.key, self.tps, figures, reason=self.reason.text(),
                keberatan_id=int(keberatan_id) if keberatan_id is not None else None,
                held_on=self.held_on.date().toString("yyyy-MM-dd"), sirekap_note=self.sirekap_note.text(),
            )
        except RecountError as exc:
            self.error.setText("Hitung ulang TIDAK dicatat: " + "; ".join(exc.problems))
            return
        except StorageError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


def apply_to_models(models: Sequence[object], service: RecapService, recount: Recount) -> None:
    """Show a stored recount on the open sheet model of its contest: the changed kecamatan cells, as stored."""
    from ui.sheet_model import SheetModel

    stored = {line: v for _, line, kec, v in service.entries(recount.contest) if kec == recount.kecamatan}
    for model in models:
        if isinstance(model, SheetModel) and model.contest_key == recount.contest:
            for li in recount.changed:
                model.apply_external(model.sheet.set_manual(li.line, recount.kecamatan, stored.get(li.line)))
