"""The JUMLAH column pinned to the right edge of the entry grid, visible however far the grid scrolls sideways.

A second, read-only view over the same model and the same selection model shows only the last column (JUMLAH),
laid over the grid's right edge and scrolled vertically with it. The grid keeps its own JUMLAH column (under the
overlay when scrolled fully right), so nothing is hidden; :meth:`GridView.scrollTo` keeps the cursor's cell clear
of the overlay.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView


class FrozenColumn(QTableView):
    """Shows the last column of ``grid``'s model over the grid's right edge."""

    def __init__(self, grid: QTableView) -> None:
        super().__init__(grid)
        self._grid = grid
        self.setObjectName("frozenJumlah")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(grid.verticalScrollMode())
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setDefaultAlignment(grid.horizontalHeader().defaultAlignment())
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet("QTableView#frozenJumlah { border-left: 2px solid #5f6b78; }")
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        # its own painter of the same kind (a delegate shared by two views would send one view's editor to both)
        self.setItemDelegate(type(grid.itemDelegate())(grid))  # type: ignore[call-arg]
        self.clicked.connect(self._clicked)
        grid.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(grid.verticalScrollBar().setValue)
        grid.horizontalHeader().sectionResized.connect(self._section_resized)
        grid.verticalHeader().sectionResized.connect(self._row_resized)
        self.hide()

    def attach(self) -> None:
        """Follow the grid's (new) model: show only its last column, same row heights, same selection."""
        model = self._grid.model()
        self.setModel(model)
        if model is None:
            self.hide()
            return
        self.setSelectionModel(self._grid.selectionModel())
        last = model.columnCount() - 1
        for col in range(model.columnCount()):
            self.setColumnHidden(col, col != last)
        self.setColumnWidth(last, self._grid.columnWidth(last))
        self.verticalHeader().setDefaultSectionSize(self._grid.verticalHeader().defaultSectionSize())
        self.horizontalHeader().setFixedHeight(self._grid.horizontalHeader().height())
        self.horizontalHeader().setFont(self._grid.horizontalHeader().font())
        self.setFont(self._grid.font())
        self.show()
        self.place()

    def column(self) -> int:
        model = self.model()
        return model.columnCount() - 1 if model is not None else -1

    def width_needed(self) -> int:
        col = self.column()
        return self._grid.columnWidth(col) + 2 if col >= 0 else 0

    def place(self) -> None:
        """Lay the overlay over the right edge of the grid's viewport (and its header)."""
        if self.model() is None:
            return
        grid = self._grid
        viewport = grid.viewport().geometry()
        header_h = grid.horizontalHeader().height()
        width = min(self.width_needed(), max(viewport.width() // 2, 0))
        self.horizontalHeader().setFixedHeight(header_h)
        self.setGeometry(QRect(viewport.right() + 1 - width, viewport.top() - header_h, width,
                               viewport.height() + header_h))
        self.verticalScrollBar().setValue(grid.verticalScrollBar().value())
        self.raise_()

    def _section_resized(self, logical: int, _old: int, new: int) -> None:
        if logical == self.column():
            self.setColumnWidth(logical, new)
            self.place()

    def _row_resized(self, logical: int, _old: int, new: int) -> None:
        self.setRowHeight(logical, new)

    def _clicked(self, index: QModelIndex) -> None:
        self._grid.setCurrentIndex(index)
        self._grid.setFocus(Qt.FocusReason.MouseFocusReason)

    def covers(self, x: int) -> bool:
        """True when viewport x of the grid lies under the overlay."""
        return self.isVisible() and x >= self._grid.viewport().width() - self.width()
