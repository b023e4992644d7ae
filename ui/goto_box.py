"""The "Buka…" box (Ctrl+G): jump to a kecamatan or a line by its name or code.

Type part of a name or a code — "torjun", "352702", "dptb p", "V.C", "suara sah", "gerindra 3" — and the list
shows the kecamatan of the contest and the lines of the form that match (every word typed must appear); Enter or
a double click goes there.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rekap_desktop.contest import Contest
from rekap_desktop.lines import LineCatalogue
from ui.line_names import line_names


@dataclass(frozen=True, slots=True)
class Target:
    """Where to go: ``kind`` "kecamatan" (``code`` is the 6-digit code) or "baris" (``code`` is the line id)."""

    kind: str
    code: str
    text: str  # as listed
    haystack: str  # lower-case words searched


def targets(contest: Contest, catalogue: LineCatalogue) -> list[Target]:
    """Every kecamatan of the contest and every line of its form, as the box lists them."""
    out = [Target("kecamatan", k.code, f"Kecamatan {k.name} ({k.code})", f"kecamatan {k.name} {k.code}".lower())
           for k in contest.kecamatan]
    names = line_names(catalogue)
    for line in catalogue.lines:
        short = names.text(line.id)
        out.append(Target("baris", line.id, f"{short} — {line.id}",
                          f"baris {short} {line.id} {line.label}".lower()))
    return out


def matching(items: list[Target], query: str) -> list[Target]:
    """The items containing every word of ``query`` (case-insensitive), those where the words are whole words of
    the name first ("dptb p" → Pengguna DPTb P before Pengguna DPTb L), then in list order."""
    words = query.lower().split()
    found = [t for t in items if all(w in t.haystack for w in words)]
    tokens = {id(t): set(t.text.lower().replace("—", " ").replace("(", " ").replace(")", " ").split())
              for t in found}
    return sorted(found, key=lambda t: -sum(w in tokens[id(t)] for w in words))


class GoToBox(QDialog):
    """Pick a kecamatan or a line; :attr:`chosen` holds the target after ``exec()`` returned Accepted."""

    def __init__(self, contest: Contest, catalogue: LineCatalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Buka kecamatan atau baris")
        self._items = targets(contest, catalogue)
        self.chosen: Target | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{contest.title}: ketik nama atau kode kecamatan, atau nama/kode baris "
                                "(mis. “torjun”, “dptb p”, “V.C”)."))
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("cari…")
        self.query.setClearButtonEnabled(True)
        self.query.textChanged.connect(self._filter)
        self.query.installEventFilter(self)
        layout.addWidget(self.query)
        self.list = QListWidget(self)
        self.list.itemActivated.connect(self._choose)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept_current)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 420)
        self._filter("")

    def _filter(self, text: str) -> None:
        self.list.clear()
        for target in matching(self._items, text)[:300]:
            item = QListWidgetItem(target.text)
            item.setData(Qt.ItemDataRole.UserRole, target)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def eventFilter(self, watched: object, event: object) -> bool:
        # arrows in the search field move in the list; Enter opens the current item
        if (watched is self.query and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)):
            self.list.keyPressEvent(event)
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _accept_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._choose(item)

    def _choose(self, item: QListWidgetItem) -> None:
        self.chosen = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
