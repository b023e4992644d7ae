"""Bantuan › Daftar aturan: the rule catalogue R1–R17 with severity and source (rekap_desktop.rules), so that the
operator can answer a saksi's "why is this red?" with where the rule comes from."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rekap_desktop.rules import RULES, RuleSpec, explain

HEADERS = ("Aturan", "Tingkat", "Uraian", "Sumber", "Dijaga aplikasi")

_Index = QModelIndex | QPersistentModelIndex


class RuleCatalogueModel(QAbstractTableModel):
    """One row per rule of :data:`rekap_desktop.rules.RULES` (read-only)."""

    def __init__(self, rules: tuple[RuleSpec, ...] = RULES, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rules = rules

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rules)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rules)):
            return None
        rule = self._rules[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (rule.id, rule.severity.label, rule.title, rule.source, rule.enforced_by or "—")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return explain(rule.id)
        return None


class RulesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Daftar aturan R1–R17")
        intro = QLabel("Galat: angka yang mustahil atau bertentangan dengan rumus pada formulir atau validasi "
                       "Sirekap. Peringatan: patut diperiksa, dapat sah. Arahkan tetikus ke baris untuk uraian "
                       "lengkap.")
        intro.setWordWrap(True)
        self.model = RuleCatalogueModel(parent=self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(HEADERS.index("Sumber"), QHeaderView.ResizeMode.Stretch)
        header.resizeSection(HEADERS.index("Uraian"), 280)
        self.view.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Tutup")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(1100, 640)
