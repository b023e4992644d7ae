"""Locks and marks on a :class:`~ui.sheet_model.SheetModel`: what the plenary has decided about a kecamatan or a
cell, shown on the grid beside the figures.

- A kecamatan column is locked when its status is ditetapkan: its cells are read-only, except in correction mode,
  whose edits go to the corrector (:mod:`ui.sheet_editing`).
- Keberatan / koreksi / hitung ulang marks (:mod:`rekap_desktop.cell_marks`) of cells and of whole kecamatan,
  given by :class:`ui.room_sync.RoomSync`; only the cells and column headers whose marks changed repaint.

``data()`` and ``headerData()`` read the state kept here directly (``_locked``, ``_correction_mode``, ``_marks``,
``_column_marks``, set up by the model). A part of the model (a mixin: every method runs on it and emits its
signals).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt

from rekap_desktop.cell_marks import Mark
from rekap_desktop.rules import JUMLAH
from rekap_desktop.sheet import Cell


class SheetAnnotations:
    """Locked columns, the correction mode and the marks of a SheetModel."""


    # ------------------------------------------------------------------ locking
    def is_locked(self, column: str) -> bool:
        return column in self._locked

    def locked_columns(self) -> frozenset[str]:
        return frozenset(self._locked)

    def set_locked(self, column: str, locked: bool) -> None:
        """Lock a kecamatan column (status ditetapkan): edits only in correction mode."""
        self._sheet.check_cell(self._sheet.catalogue.lines[0].id, column)
        if (column in self._locked) == locked:
            return
        if locked:
            self._locked.add(column)
        else:
            self._locked.discard(column)
        self._column_changed(self._col_of[column])
        self.lockChanged.emit()

    @property
    def correction_mode(self) -> bool:
        return self._correction_mode

    def set_correction_mode(self, on: bool) -> None:
        """In correction mode locked columns are editable; their edits go to the corrector (if one was given)."""
        if on == self._correction_mode:
            return
        self._correction_mode = on
        for column in sorted(self._locked):
            self._column_changed(self._col_of[column])
        self.lockChanged.emit()

    def is_editable(self, line: str, column: str) -> bool:
        if line not in self._row_of or column == JUMLAH or column not in self._col_of:
            return False
        return self._correction_mode or column not in self._locked

    def _column_changed(self, col: int) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, col), self.index(len(self._rows) - 1, col))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, col, col)

    # ------------------------------------------------------------------ marks
    def marks(self, line: str, column: str) -> tuple[Mark, ...]:
        """Keberatan / koreksi / hitung ulang marks of a cell (:mod:`rekap_desktop.cell_marks`)."""
        return self._marks.get((line, column), ())

    def column_marks(self, column: str) -> tuple[Mark, ...]:
        """Keberatan about a kecamatan as a whole."""
        return self._column_marks.get(column, ())

    def set_marks(self, cells: Mapping[Cell, tuple[Mark, ...]],
                  columns: Mapping[str, tuple[Mark, ...]] | None = None) -> None:
        """Replace the marks; only the cells (and column headers) whose marks changed are repainted."""
        new = {cell: tuple(m) for cell, m in cells.items() if m and cell[0] in self._row_of and cell[1] in self._col_of}
        changed = {cell for cell in new.keys() | self._marks.keys() if new.get(cell) != self._marks.get(cell)}
        new_columns = {c: tuple(m) for c, m in (columns or {}).items() if m and c in self._col_of}
        changed_columns = {c for c in new_columns.keys() | self._column_marks.keys()
                           if new_columns.get(c) != self._column_marks.get(c)}
        if not changed and not changed_columns:
            return
        self._marks, self._column_marks = new, new_columns
        for row, first, last in self._ranges(changed):
            self.dataChanged.emit(self.index(row, first), self.index(row, last))
        for column in changed_columns:
            col = self._col_of[column]
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, col, col)
        self.marksChanged.emit()
