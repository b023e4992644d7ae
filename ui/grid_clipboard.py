"""Copy, paste and clear on the entry grid: a rectangle of cells to and from the clipboard as a tab-separated block
(:mod:`ui.clipboard_block`, as Excel and LibreOffice put it there), and Delete/Backspace on the selection.

A paste is planned whole before anything is committed (the block must fit the editable area and every value must
parse); it then goes through the model in one transaction when it can (:meth:`SheetModel.commit_batch`), else cell
by cell. Every paste or clear is one step of the undo history (:mod:`ui.undo`).

A part of :class:`ui.grid_view.GridView` (a mixin: every method runs on the view, on its selection and cursor, and
reports through its ``statusMessage``).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from ui.cell_state import Role
from ui.clipboard_block import BlockError, format_block, parse_block
from ui.sheet_editing import CellEditError, parse_input_text

_EDITABLE = Qt.ItemFlag.ItemIsEditable


class PasteError(ValueError):
    """A paste refused before anything was committed; ``str(e)`` is Indonesian."""


class GridClipboard:
    """Ctrl+C, Ctrl+V and Delete on the grid's selection."""

    # ------------------------------------------------------------------ clipboard
    def _selected_or_current(self) -> list[QModelIndex]:
        selected = self.selectionModel().selectedIndexes() if self.selectionModel() else []
        if selected:
            return selected
        return [self.currentIndex()] if self.currentIndex().isValid() else []

    def copy_selection(self) -> None:
        """Copy the selected cells as a tab-separated block of plain integers (spreadsheets read them)."""
        indexes = self._selected_or_current()
        if not indexes:
            return
        rows = [i.row() for i in indexes]
        cols = [i.column() for i in indexes]
        picked = {(i.row(), i.column()) for i in indexes}
        model = self.model()
        block = []
        for r in range(min(rows), max(rows) + 1):
            cells = []
            for c in range(min(cols), max(cols) + 1):
                value = model.index(r, c).data(Role.VALUE) if (r, c) in picked else None
                cells.append("" if value is None else str(value))
            block.append(cells)
        QApplication.clipboard().setText(format_block(block))
        self.statusMessage.emit(f"Disalin: {len(block)} baris × {len(block[0])} kolom.")

    def paste(self) -> None:
        """Paste a rectangular tab-separated block at the cursor, committing cell by cell.

        Nothing is committed unless the whole block fits the editable area and every value parses. If a commit
        fails midway, the paste stops there; the cells committed before stay (each is durable and audited) and
        remain undoable as one step.
        """
        try:
            block = parse_block(QApplication.clipboard().text())
            plan = self._plan_paste(block)
        except (BlockError, PasteError) as e:
            self.statusMessage.emit(str(e))
            return
        height, width = len(block), len(block[0])
        if not plan:
            self.statusMessage.emit("Tempel: semua angka sudah sama, tidak ada yang berubah.")
            return
        sheet = self.sheet_model()
        done = 0
        first_line, first_column, _ = plan[0]
        with self.history().batch(f"tempel blok {height}×{width}"):
            if sheet.can_commit_atomically(plan):
                try:
                    done = sheet.commit_batch(plan)
                except CellEditError as e:
                    self.statusMessage.emit(f"Tempel gagal: {e}")
                    return
                plan = []
            for line, column, value in plan:
                try:
                    sheet.commit_cell(line, column, value)
                except CellEditError as e:
                    self.go_to_cell(line, column)
                    self.statusMessage.emit(
                        f"Tempel berhenti pada {sheet.describe_cell(line, column)}: {e} "
                        f"{done} sel sebelumnya sudah tersimpan dan tercatat di log audit (Ctrl+Z mengurungkannya); "
                        f"{len(plan) - done} sel belum ditempel."
                    )
                    return
                done += 1
        self.statusMessage.emit(
            f"Ditempel {done} sel (blok {height}×{width}) mulai {sheet.describe_cell(first_line, first_column)}."
        )

    def _plan_paste(self, block: list[list[str]]) -> list[tuple[str, str, int | None]]:
        model = self.model()
        start = self.currentIndex()
        if model is None or not start.isValid():
            raise PasteError("Pilih dulu sel awal untuk menempel. Tidak ada yang ditempel.")
        height, width = len(block), len(block[0])
        r0, c0 = start.row(), start.column()
        rows_left, cols_left = model.rowCount() - r0, model.columnCount() - c0
        if height > rows_left or width > cols_left:
            raise PasteError(
                f"Blok {height} baris × {width} kolom tidak muat mulai dari sel ini "
                f"(tersisa {rows_left} baris × {cols_left} kolom). Tidak ada yang ditempel."
            )
        sheet = self.sheet_model()
        plan: list[tuple[str, str, int | None]] = []
        for i, texts in enumerate(block):
            for j, text in enumerate(texts):
                index = model.index(r0 + i, c0 + j)
                blank = text.strip() == ""
                where = f"sel blok baris {i + 1}, kolom {j + 1}"
                line = index.data(Role.LINE_ID)
                if line is None:
                    if blank:
                        continue
                    header = model.headerData(r0 + i, Qt.Orientation.Vertical, Role.LABEL)
                    raise PasteError(
                        f"Tempel ditolak: {where} ({text.strip()!r}) jatuh pada baris judul «{header}». "
                        "Tidak ada yang ditempel."
                    )
                column = index.data(Role.COLUMN_CODE)
                if not model.flags(index) & _EDITABLE:
                    if blank:
                        continue
                    raise PasteError(
                        f"Tempel ditolak: {where} ({text.strip()!r}) jatuh pada sel yang tidak dapat diisi "
                        f"({self._why_read_only(index)}) Tidak ada yang ditempel."
                    )
                try:
                    value = parse_input_text(text)
                except ValueError as e:
                    raise PasteError(
                        f"Tempel ditolak: {where} → {sheet.describe_cell(line, column)}: {e}. Tidak ada yang ditempel."
                    ) from None
                if sheet.sheet.value(line, column) != value:
                    plan.append((line, column, value))
        return plan

    def clear_selection(self) -> None:
        """Delete/Backspace: clear the selected editable cells (one undo step)."""
        indexes = self._selected_or_current()
        model = self.model()
        targets = []
        for index in sorted(indexes, key=lambda i: (i.row(), i.column())):
            if model.flags(index) & _EDITABLE and index.data(Role.VALUE) is not None:
                targets.append((index.data(Role.LINE_ID), index.data(Role.COLUMN_CODE)))
        if not targets:
            if indexes and not any(model.flags(i) & _EDITABLE for i in indexes):
                self.statusMessage.emit(self._why_read_only(indexes[0]))
            return
        sheet = self.sheet_model()
        done = 0
        with self.history().batch("hapus"):
            for line, column in targets:
                try:
                    sheet.commit_cell(line, column, None)
                except CellEditError as e:
                    self.statusMessage.emit(
                        f"Hapus berhenti pada {sheet.describe_cell(line, column)}: {e} "
                        f"{done} sel sebelumnya sudah dihapus (tersimpan dan tercatat di log audit)."
                    )
                    return
                done += 1
        self.statusMessage.emit(f"Dihapus {done} sel.")
