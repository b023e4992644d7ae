"""Keberatan / kejadian khusus: record (asal, jenis, pokok, kecamatan, TPS, peserta, saksi, sel, uraian), carry a
PPK's unresolved kejadian khusus into the plenary, record Bawaslu's recommendation, decide; list per contest.

The fields are those of the kabupaten's kejadian khusus form (:mod:`rekap_desktop.keberatan`); every check lives in
the service, the dialogs only say early what the service would refuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rekap_desktop.contest import Contest
from rekap_desktop.keberatan import (
    JENIS_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    STATUS_LABELS,
    Keberatan,
    check_new,
)
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.services import RecapService, StorageError
from ui.form_dialog import finish_form_dialog

__all__ = ["HEADERS", "JENIS_LABELS", "KIND_LABELS", "LEVEL_LABELS", "STATUS_LABELS", "KeberatanDialog",
           "KeberatanModel", "KeberatanPanel", "RekomendasiDialog", "ResolveDialog", "peserta_choices",
           "store_keberatan"]

HEADERS = ("No.", "Asal", "Jenis", "Kecamatan / TPS", "Peserta / saksi", "Sel", "Uraian", "Rekomendasi Bawaslu",
           "Keputusan", "Tindak lanjut")
UNCERTAIN = "—"

_Index = QModelIndex | QPersistentModelIndex


def peserta_choices(contest: Contest) -> list[str]:
    if contest.paslon:
        return [f"Pasangan Calon 0{p.number}" for p in contest.paslon]
    if contest.dpd_candidates:
        return [f"Calon DPD {c.number}. {c.name}" for c in contest.dpd_candidates]
    return [f"{b.party.number}. {b.party.short_name}" for b in contest.parties]


def where_text(contest: Contest, item: Keberatan) -> str:
    """'Torjun', 'Jrengik · TPS 003 (3527071010)' or '—'."""
    parts = []
    if item.kecamatan and contest.has_kecamatan(item.kecamatan):
        parts.append(contest.kecamatan_name(item.kecamatan))
    if item.tps:
        parts.append(f"TPS {item.tps[-3:]} ({item.tps[:10]})")
    return " · ".join(parts) or UNCERTAIN


def store_keberatan(service: RecapService, contest_key: str, values: dict[str, Any]) -> int:
    """Record the values of a :class:`KeberatanDialog` (or a dict of the same keys); StorageError on refusal."""
    return service.add_keberatan(
        contest_key, description=str(values["description"]), kind=str(values.get("kind", "keberatan")),
        kecamatan=values.get("kecamatan") or None, peserta=str(values.get("peserta", "")),
        saksi=str(values.get("saksi", "")), cells=list(values.get("cells", ())),
        level=str(values.get("level", "kabupaten")), jenis=values.get("jenis"), tps=str(values.get("tps", "")),
        rekomendasi_bawaslu=str(values.get("rekomendasi_bawaslu", "")),
    )


class KeberatanModel(QAbstractTableModel):
    def __init__(self, contest: Contest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._contest = contest
        self._rows: list[Keberatan] = []

    def set_contest(self, contest: Contest) -> None:
        self._contest = contest

    def set_rows(self, rows: Sequence[Keberatan]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Keberatan:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        k = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            who = " / ".join(x for x in (k.peserta, k.saksi) if x) or UNCERTAIN
            jenis = f"{KIND_LABELS.get(k.kind, k.kind)} ({JENIS_LABELS.get(k.jenis, k.jenis).lower()})"
            values = (str(k.id), LEVEL_LABELS.get(k.level, k.level), jenis, where_text(self._contest, k), who,
                      ", ".join(k.cells) or UNCERTAIN, k.description, k.rekomendasi_bawaslu or UNCERTAIN,
                      STATUS_LABELS.get(k.status, k.status), k.tindak_lanjut or UNCERTAIN)
            return values[index.column()]
        return None


class KeberatanDialog(QDialog):
    """Record a new keberatan or kejadian khusus, raised at this plenary or carried from a PPK's form."""

    def __init__(self, contest: Contest, *, kecamatan: str | None = None, cells: Sequence[str] = (),
                 level: str = "kabupaten", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contest = contest
        self._catalogue = LineCatalogue(contest)
        form = QFormLayout()
        self.level = QComboBox()
        self.level.addItem("Diajukan dalam rapat pleno kabupaten/kota", "kabupaten")
        self.level.addItem("Dibawa dari PPK (kejadian khusus/keberatan kecamatan yang belum selesai)", "ppk")
        self.level.setCurrentIndex(max(0, self.level.findData(level)))
        self.kind = QComboBox()
        for key, label in KIND_LABELS.items():
            self.kind.addItem(label, key)
        if level == "ppk":
            self.kind.setCurrentIndex(self.kind.findData("kejadian_khusus"))
        self.jenis = QComboBox()
        self.jenis.addItem("Angka (hasil penghitungan/rekapitulasi)", "angka")
        self.jenis.addItem("Prosedur (tata cara)", "prosedur")
        self.jenis.setCurrentIndex(0 if (cells or level == "ppk") else 1)
        self.kecamatan = QComboBox()
        self.kecamatan.addItem("(seluruh kontes)", None)
        for r in contest.kecamatan:
            self.kecamatan.addItem(f"{r.name} ({r.code})", r.code)
        if kecamatan:
            self.kecamatan.setCurrentIndex(max(0, self.kecamatan.findData(kecamatan)))
        self.tps = QLineEdit()
        self.tps.setPlaceholderText("kosong, atau kode TPS 13 angka (mis. 3527071010003)")
        self.tps.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,13}"), self.tps))
        self.peserta = QComboBox()
        self.peserta.setEditable(True)
        self.peserta.addItem("")
        self.peserta.addItems([*peserta_choices(contest), "Bawaslu"])
        self.saksi = QLineEdit()
        self.saksi.setPlaceholderText("nama saksi yang mengajukan")
        self.cells = QLineEdit(", ".join(cells))
        self.cells.setPlaceholderText("baris formulir, mis. V.B, IV.2")
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText("uraian keberatan atau kejadian khusus (untuk catatan dari PPK: yang "
                                            "tertulis pada formulir kejadian khusus PPK dan statusnya)")
        self.rekomendasi = QLineEdit()
        self.rekomendasi.setPlaceholderText("bila sudah ada: saran/rekomendasi Bawaslu (Panwaslu Kecamatan)")
        form.addRow("Asal", self.level)
        form.addRow("Jenis catatan", self.kind)
        form.addRow("Pokok", self.jenis)
        form.addRow("Kecamatan", self.kecamatan)
        form.addRow("TPS", self.tps)
        form.addRow("Peserta pemilu", self.peserta)
        form.addRow("Saksi", self.saksi)
        form.addRow("Sel yang dipersoalkan", self.cells)
        form.addRow("Uraian", self.description)
        form.addRow("Rekomendasi Bawaslu", self.rekomendasi)
        self.level.currentIndexChanged.connect(self._title)
        self._title()
        self.error = finish_form_dialog(self, form, self._accept)

    def _title(self) -> None:
        ppk = self.level.currentData() == "ppk"
        self.setWindowTitle("Catat kejadian khusus/keberatan dari PPK" if ppk
                            else "Catat keberatan / kejadian khusus")

    def values(self) -> dict[str, Any]:
        cells = [c.strip() for c in self.cells.text().replace(";", ",").split(",") if c.strip()]
        return {
            "kind": self.kind.currentData(), "level": self.level.currentData(), "jenis": self.jenis.currentData(),
            "kecamatan": self.kecamatan.currentData(), "tps": self.tps.text().strip(),
            "peserta": self.peserta.currentText().strip(), "saksi": self.saksi.text().strip(), "cells": cells,
            "description": self.description.toPlainText().strip(),
            "rekomendasi_bawaslu": self.rekomendasi.text().strip(),
        }

    def _accept(self) -> None:
        v = self.values()
        if not v["description"]:
            self.error.setText("Uraian wajib diisi.")
            return
        try:  # the service's own checks, so that the operator hears now what would be refused
            check_new(self.contest, kind=v["kind"], level=v["level"], jenis=v["jenis"], kecamatan=v["kecamatan"],
                      tps=v["tps"], peserta=v["peserta"], saksi=v["saksi"], cells=v["cells"],
                      description=v["description"], catalogue=self._catalogue)
        except ValueError as exc:
            text = str(exc)
            self.error.setText(text[:1].upper() + text[1:] + ".")
            return
        self.accept()


class RekomendasiDialog(QDialog):
    """Record Bawaslu's recommendation on an item a saksi still objects to (before the decision)."""

    def __init__(self, item: Keberatan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Rekomendasi Bawaslu atas {KIND_LABELS.get(item.kind, item.kind).lower()} #{item.id}")
        form = QFormLayout()
        uraian = QLabel(item.description)
        uraian.setWordWrap(True)
        form.addRow("Uraian", uraian)
        self.text = QPlainTextEdit(item.rekomendasi_bawaslu)
        self.text.setPlaceholderText("rekomendasi/saran Bawaslu Kabupaten/Kota, mis. hitung ulang TPS 003")
        form.addRow("Rekomendasi", self.text)
        self.error = finish_form_dialog(self, form, self._accept)

    def _accept(self) -> None:
        if not self.text.toPlainText().strip():
            self.error.setText("Rekomendasi wajib diisi.")
            return
        self.accept()


class ResolveDialog(QDialog):
    """The plenary's decision: diterima / ditolak, with how it is followed up (and Bawaslu's recommendation)."""

    def __init__(self, item: Keberatan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Putuskan {KIND_LABELS.get(item.kind, item.kind).lower()} #{item.id}")
        form = QFormLayout()
        uraian = QLabel(item.description)
        uraian.setWordWrap(True)
        form.addRow("Uraian", uraian)
        self.rekomendasi = QPlainTextEdit(item.rekomendasi_bawaslu)
        self.rekomendasi.setPlaceholderText("rekomendasi Bawaslu yang dipertimbangkan (bila ada)")
        self.rekomendasi.setMaximumHeight(70)
        self.outcome = QComboBox()
        self.outcome.addItem("Diterima", "diterima")
        self.outcome.addItem("Ditolak", "ditolak")
        self.tindak_lanjut = QPlainTextEdit()
        self.tindak_lanjut.setPlaceholderText("tindak lanjut, mis. dikoreksi bersama saksi; hitung ulang TPS; "
                                              "atau alasan ditolak")
        form.addRow("Rekomendasi Bawaslu", self.rekomendasi)
        form.addRow("Keputusan", self.outcome)
        form.addRow("Tindak lanjut", self.tindak_lanjut)
        self.error = finish_form_dialog(self, form, self._accept)

    def _accept(self) -> None:
        if not self.tindak_lanjut.toPlainText().strip():
            self.error.setText("Tindak lanjut wajib diisi (untuk keputusan ditolak: alasannya).")
            return
        self.accept()


class KeberatanPanel(QWidget):
    """List per contest, with buttons to record, carry from a PPK, add Bawaslu's recommendation and decide.
    Emits ``changed`` after every stored change."""

    changed = Signal()

    def __init__(self, service: RecapService, contest: Contest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.contest = contest
        self.model = KeberatanModel(contest, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(HEADERS.index("Uraian"), QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setVisible(False)
        self.add_button = QPushButton("Catat baru…")
        self.ppk_button = QPushButton("Dari PPK…")
        self.ppk_button.setToolTip("Catat kejadian khusus/keberatan dari formulir PPK yang belum terselesaikan, "
                                   "untuk diselesaikan dalam pleno kabupaten/kota")
        self.rekomendasi_button = QPushButton("Rekomendasi Bawaslu…")
        self.resolve_button = QPushButton("Putuskan…")
        self.add_button.clicked.connect(lambda: self.record())
        self.ppk_button.clicked.connect(lambda: self.record(level="ppk"))
        self.rekomendasi_button.clicked.connect(self.rekomendasi_selected)
        self.resolve_button.clicked.connect(self.resolve_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.ppk_button, self.rekomendasi_button, self.resolve_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        self.refresh()

    def set_contest(self, contest: Contest) -> None:
        self.contest = contest
        self.model.set_contest(contest)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(self.service.keberatan(self.contest.key))

    def record(self, kecamatan: str | None = None, cells: Sequence[str] = (), *, level: str = "kabupaten",
               ) -> int | None:
        dialog = KeberatanDialog(self.contest, kecamatan=kecamatan, cells=cells, level=level, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.store(dialog.values())

    def store(self, values: dict[str, Any]) -> int | None:
        try:
            new_id = store_keberatan(self.service, self.contest.key, values)
        except StorageError as exc:
            QMessageBox.warning(self, "Tidak tersimpan", str(exc))
            return None
        self._stored()
        return new_id

    def _selected(self, title: str) -> Keberatan | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, title, "Pilih dulu satu keberatan pada daftar.")
            return None
        item = self.model.row_at(rows[0].row())
        if item.decided:
            QMessageBox.information(self, title, f"#{item.id} sudah diputus "
                                    f"({STATUS_LABELS.get(item.status, item.status).lower()}); keberatan lanjutan "
                                    "dicatat sebagai keberatan baru.")
            return None
        return item

    def rekomendasi_selected(self) -> None:
        item = self._selected("Rekomendasi Bawaslu")
        if item is None:
            return
        dialog = RekomendasiDialog(item, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.service.record_rekomendasi(item.id, dialog.text.toPlainText())
        except StorageError as exc:
            QMessageBox.warning(self, "Tidak tersimpan", str(exc))
            return
        self._stored()

    def resolve_selected(self) -> None:
        item = self._selected("Putuskan")
        if item is None:
            return
        dialog = ResolveDialog(item, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.service.resolve_keberatan(item.id, outcome=dialog.outcome.currentData(),
                                           tindak_lanjut=dialog.tindak_lanjut.toPlainText(),
                                           rekomendasi_bawaslu=dialog.rekomendasi.toPlainText())
        except StorageError as exc:
            QMessageBox.warning(self, "Tidak tersimpan", str(exc))
            return
        self._stored()

    def _stored(self) -> None:
        self.refresh()
        self.changed.emit()
