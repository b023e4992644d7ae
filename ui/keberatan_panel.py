"""Keberatan / kejadian khusus: record (peserta, saksi, kecamatan, cells, uraian), resolve, list per contest."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
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
from rekap_desktop.services import Keberatan, RecapService, StorageError
from ui.form_dialog import finish_form_dialog

KIND_LABELS = {"keberatan": "Keberatan", "kejadian_khusus": "Kejadian khusus"}
STATUS_LABELS = {"terbuka": "Belum diputus", "diterima": "Diterima", "ditolak": "Ditolak"}
HEADERS = ("No.", "Jenis", "Kecamatan", "Peserta / saksi", "Sel", "Uraian", "Keputusan", "Tindak lanjut")

_Index = QModelIndex | QPersistentModelIndex


def peserta_choices(contest: Contest) -> list[str]:
    if contest.paslon:
        return [f"Pasangan Calon 0{p.number}" for p in contest.paslon]
    if contest.dpd_candidates:
        return [f"Calon DPD {c.number}. {c.name}" for c in contest.dpd_candidates]
    return [f"{b.party.number}. {b.party.short_name}" for b in contest.parties]


class KeberatanModel(QAbstractTableModel):
    def __init__(self, contest: Contest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._contest = contest
        self._rows: list[Keberatan] = []

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
            kec = self._contest.kecamatan_name(k.kecamatan) if k.kecamatan and self._contest.has_kecamatan(
                k.kecamatan) else "—"
            who = " / ".join(x for x in (k.peserta, k.saksi) if x) or "—"
            values = (str(k.id), KIND_LABELS.get(k.kind, k.kind), kec, who, ", ".join(k.cells) or "—",
                      k.description, STATUS_LABELS.get(k.status, k.status), k.tindak_lanjut or "—")
            return values[index.column()]
        return None


class KeberatanDialog(QDialog):
    """Record a new keberatan or kejadian khusus."""

    def __init__(self, contest: Contest, *, kecamatan: str | None = None, cells: Sequence[str] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Catat keberatan / kejadian khusus")
        self.contest = contest
        form = QFormLayout()
        self.kind = QComboBox()
        for key, label in KIND_LABELS.items():
            self.kind.addItem(label, key)
        self.kecamatan = QComboBox()
        self.kecamatan.addItem("(seluruh kontes)", None)
        for r in contest.kecamatan:
            self.kecamatan.addItem(f"{r.name} ({r.code})", r.code)
        if kecamatan:
            self.kecamatan.setCurrentIndex(max(0, self.kecamatan.findData(kecamatan)))
        self.peserta = QComboBox()
        self.peserta.setEditable(True)
        self.peserta.addItem("")
        self.peserta.addItems([*peserta_choices(contest), "Bawaslu"])
        self.saksi = QLineEdit()
        self.saksi.setPlaceholderText("nama saksi yang mengajukan")
        self.cells = QLineEdit(", ".join(cells))
        self.cells.setPlaceholderText("baris formulir, mis. V.B, IV.2")
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText("uraian keberatan atau kejadian khusus")
        form.addRow("Jenis", self.kind)
        form.addRow("Kecamatan", self.kecamatan)
        form.addRow("Peserta pemilu", self.peserta)
        form.addRow("Saksi", self.saksi)
        form.addRow("Sel yang dipersoalkan", self.cells)
        form.addRow("Uraian", self.description)
        self.error = finish_form_dialog(self, form, self._accept)

    def values(self) -> dict[str, object]:
        cells = [c.strip() for c in self.cells.text().replace(";", ",").split(",") if c.strip()]
        return {
            "kind": self.kind.currentData(), "kecamatan": self.kecamatan.currentData(),
            "peserta": self.peserta.currentText().strip(), "saksi": self.saksi.text().strip(), "cells": cells,
            "description": self.description.toPlainText().strip(),
        }

    def _accept(self) -> None:
        if not self.description.toPlainText().strip():
            self.error.setText("Uraian wajib diisi.")
            return
        self.accept()


class ResolveDialog(QDialog):
    def __init__(self, item: Keberatan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Putuskan {KIND_LABELS.get(item.kind, item.kind).lower()} #{item.id}")
        form = QFormLayout()
        form.addRow("Uraian", QLabel(item.description))
        self.outcome = QComboBox()
        self.outcome.addItem("Diterima", "diterima")
        self.outcome.addItem("Ditolak", "ditolak")
        self.tindak_lanjut = QPlainTextEdit()
        self.tindak_lanjut.setPlaceholderText("tindak lanjut, mis. dikoreksi bersama saksi; saran Bawaslu")
        form.addRow("Keputusan", self.outcome)
        form.addRow("Tindak lanjut", self.tindak_lanjut)
        finish_form_dialog(self, form, self.accept)


class KeberatanPanel(QWidget):
    """List per contest, with buttons to record and to resolve. Emits ``changed`` after every stored change."""

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
        self.view.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setVisible(False)
        self.add_button = QPushButton("Catat baru…")
        self.resolve_button = QPushButton("Putuskan…")
        self.add_button.clicked.connect(lambda: self.record())
        self.resolve_button.clicked.connect(self.resolve_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.resolve_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        self.refresh()

    def set_contest(self, contest: Contest) -> None:
        self.contest = contest
        self.model._contest = contest
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(self.service.keberatan(self.contest.key))

    def record(self, kecamatan: str | None = None, cells: Sequence[str] = ()) -> int | None:
        dialog = KeberatanDialog(self.contest, kecamatan=kecamatan, cells=cells, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.store(dialog.values())

    def store(self, values: dict[str, object]) -> int | None:
        try:
            new_id = self.service.add_keberatan(
                self.contest.key, description=str(values["description"]), kind=str(values["kind"]),
                kecamatan=values["kecamatan"] if values["kecamatan"] else None,  # type: ignore[arg-type]
                peserta=str(values["peserta"]), saksi=str(values["saksi"]),
                cells=list(values["cells"]),  # type: ignore[call-overload]
            )
        except StorageError as exc:
            QMessageBox.warning(self, "Tidak tersimpan", str(exc))
            return None
        self.refresh()
        self.changed.emit()
        return new_id

    def resolve_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, "Putuskan", "Pilih dulu satu keberatan pada daftar.")
            return
        item = self.model.row_at(rows[0].row())
        dialog = ResolveDialog(item, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.service.resolve_keberatan(item.id, outcome=dialog.outcome.currentData(),
                                           tindak_lanjut=dialog.tindak_lanjut.toPlainText())
        except StorageError as exc:
            QMessageBox.warning(self, "Tidak tersimpan", str(exc))
            return
        self.refresh()
        self.changed.emit()
