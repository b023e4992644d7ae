"""Read-only by construction: the base of the projector's proxy, which refuses every write (DESIGN §8).

``flags()`` never carries ItemIsEditable nor ItemIsSelectable; ``setData`` / ``setItemData`` / ``setHeaderData`` /
``dropMimeData`` return False and nothing can be dropped. :class:`~ui.projector_model.ProjectorModel` builds on it;
nothing here calls a writing method of the source.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractProxyModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from ui.qt_roles import EDIT as _EDIT

ANY_INDEX = QModelIndex | QPersistentModelIndex

_SHOWN = Qt.ItemFlag.ItemIsEnabled  # never Editable, never Selectable


class ReadOnlyProxy(QAbstractProxyModel):
    """A proxy model whose items are shown, never edited, selected or dropped on."""

    def flags(self, index: ANY_INDEX) -> Qt.ItemFlag:
        return _SHOWN if index.isValid() else Qt.ItemFlag.NoItemFlags

    def setData(self, index: ANY_INDEX, value: object, role: int = _EDIT) -> bool:
        return False

    def setItemData(self, index: ANY_INDEX, roles: dict[int, object]) -> bool:  # type: ignore[override]
        return False

    def setHeaderData(self, section: int, orientation: Qt.Orientation, value: object, role: int = _EDIT) -> bool:
        return False

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: ANY_INDEX) -> bool:
        return False

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: ANY_INDEX) -> bool:
        return False

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.IgnoreAction

    def mimeTypes(self) -> list[str]:
        return []
