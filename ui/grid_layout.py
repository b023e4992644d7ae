"""How the entry grid is laid out: header rows as bands across every column, column widths from the model's width
samples and titles (a word of a title is never cut), the width of the row labels (at most a third of a narrow
grid), the zoom, and the JUMLAH column pinned to the right edge (:mod:`ui.frozen_column`) with the cursor's cell
kept clear of it.

A part of :class:`ui.grid_view.GridView` (a mixin: every method runs on the view); the view's Qt overrides
(``resizeEvent``, ``updateGeometries``, ``scrollTo``, ``setModel``) call in here.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFontMetrics

from ui.cell_state import Role, RowKind
from ui.frozen_column import FrozenColumn

ANY_INDEX = QModelIndex | QPersistentModelIndex


class GridLayout:
    """Spans, column and label widths, zoom, the pinned JUMLAH column."""

    # ------------------------------------------------------------------ layout

    def set_freeze_last_column(self, on: bool) -> None:
        """Pin the model's last column (JUMLAH) to the right edge (:mod:`ui.frozen_column`)."""
        if on and self._frozen is None:
            self._frozen = FrozenColumn(self)
            if self.model() is not None:
                self._frozen.attach()
        elif not on and self._frozen is not None:
            self._frozen.deleteLater()
            self._frozen = None

    def frozen_column(self) -> FrozenColumn | None:
        return self._frozen

    def _fit_labels(self) -> None:
        """Row labels take at most a third of a narrow grid (a 1024 px laptop still shows several kecamatan)."""
        wanted = round(450 * self._res.zoom)
        width = max(200, min(wanted, self.width() // 3))
        if width != self._labels.label_width():
            self._labels.set_label_width(width)

    def _keep_clear(self, index: ANY_INDEX) -> None:
        frozen = self._frozen
        if frozen is None or not index.isValid() or index.column() == frozen.column() or not frozen.isVisible():
            return
        rect = self.visualRect(index)
        limit = self.viewport().width() - frozen.width()
        if rect.right() > limit:  # under the pinned JUMLAH column: scroll it clear
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() + rect.right() - limit + 1)

    def apply_zoom(self) -> None:
        """The resources' fonts changed size (zoom): fonts, row heights and column widths follow."""
        self.setFont(self._res.figure_font)
        self.horizontalHeader().setFont(self._res.header_font)
        fm = QFontMetrics(self._res.figure_font)
        self._labels.setDefaultSectionSize(fm.height() + 10)
        self._labels.setMinimumSectionSize(fm.height() + 4)
        self._fit_labels()
        if self.model() is not None:
            self._apply_layout()
        self.viewport().update()

    def _apply_layout(self) -> None:
        model = self.model()
        self.clearSpans()
        columns = model.columnCount()
        for row in range(model.rowCount()):
            if columns > 1 and model.headerData(row, Qt.Orientation.Vertical, Role.ROW_KIND) != RowKind.LINE:
                self.setSpan(row, 0, 1, columns)
        fm = QFontMetrics(self._res.total_font)
        header = self.horizontalHeader()
        hfm = QFontMetrics(header.font())
        for col in range(columns):
            sample = model.headerData(col, Qt.Orientation.Horizontal, Role.WIDTH_SAMPLE) or "8.888.888"
            width = fm.horizontalAdvance(str(sample)) + self._res.icon_size + 22
            title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
            if "\n" in title:  # titles with explicit lines must show whole; single words wrap
                width = max(width, *(hfm.horizontalAdvance(part) + 16 for part in title.split("\n")))
            # a word is never cut: the longest word of the title, beside the lock icon, fits its column
            longest = max((hfm.horizontalAdvance(word) for word in title.split()), default=0)
            width = max(width, longest + self._res.icon_size + 26)
            header.resizeSection(col, width)
        header.setMinimumHeight(hfm.lineSpacing() * 2 + 12)
        if self._frozen is not None and self._frozen.model() is model:
            self._frozen.attach()
