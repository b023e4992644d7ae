"""The entry grid: spreadsheet-grade keyboard entry over a SheetModel (or the focus model).

Row labels live in the vertical header (:class:`~ui.row_label_header.RowLabelHeader`: line id + label, header rows
as bands), so they stay visible while scrolling sideways; column titles stay visible while scrolling down. Header
rows are disabled in the model, so the cursor skips them. Cells are painted and edited by
:class:`~ui.cell_delegate.CellDelegate`.

Keys: a printable key starts editing with that key (overwrites), Enter commits and moves down, Tab / Shift+Tab
commit and move right / left, arrows move, Esc cancels the edit, Delete/Backspace clears the selected cells,
Ctrl+C copies, Ctrl+V pastes a tab-separated block, Ctrl+Z undoes, Ctrl+Y / Ctrl+Shift+Z redoes. Every change goes
through the model's committer; undo and redo are new audited edits (:mod:`ui.undo`). Copy, paste and clear are
:mod:`ui.grid_clipboard`, the layout (spans, widths, zoom, the pinned JUMLAH column) :mod:`ui.grid_layout`; both
are parts of the view.

Signals:
    statusMessage(str): an Indonesian message for the status bar (paste result, rejected key, undo …).
    currentCellChanged(line, column): the cursor moved ('' for a header row); the projector follows it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QTableView,
    QWidget,
)

from rekap_desktop.rules import JUMLAH
from ui.cell_delegate import CellDelegate
from ui.cell_state import Role
from ui.frozen_column import FrozenColumn
from ui.grid_clipboard import GridClipboard
from ui.grid_layout import GridLayout
from ui.row_label_header import RowLabelHeader
from ui.sheet_model import SheetModel
from ui.theme import ThemeResources, default_resources
from ui.undo import SheetUndo, history_for

ANY_INDEX = QModelIndex | QPersistentModelIndex
_EDITABLE = Qt.ItemFlag.ItemIsEditable
_ENABLED = Qt.ItemFlag.ItemIsEnabled


class GridView(QTableView, GridLayout, GridClipboard):
    """Signals: statusMessage(str), currentCellChanged(line, column), zoomRequested(int): Ctrl+wheel (+1 / −1)."""

    statusMessage = Signal(str)
    currentCellChanged = Signal(str, str)
    zoomRequested = Signal(int)

    def __init__(
        self,
        model: object | None = None,
        history: SheetUndo | None = None,
        *,
        resources: ThemeResources | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._frozen: FrozenColumn | None = None
        self._res = resources or default_resources()
        self._history: SheetUndo | None = None
        if history is not None:
            self.set_history(history)
        self._labels = RowLabelHeader(self._res, self)
        self.setVerticalHeader(self._labels)
        self._delegate = CellDelegate(self)
        self._delegate.navigate.connect(self._move)
        self.setItemDelegate(self._delegate)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(True)
        self.setFont(self._res.figure_font)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag(int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(True)
        if model is not None:
            self.setModel(model)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_labels()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if self._frozen is not None:
            self._frozen.place()
            self._keep_clear(self.currentIndex())  # after a resize the cursor's cell must not hide under JUMLAH

    def scrollTo(self, index: ANY_INDEX, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:  # noqa: E501
        super().scrollTo(index, hint)
        self._keep_clear(index)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoomRequested.emit(1 if delta > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    # ------------------------------------------------------------------ set-up
    def resources(self) -> ThemeResources:
        return self._res

    def sheet_model(self) -> SheetModel:
        model = self.model()
        if model is None:
            raise RuntimeError("GridView tanpa model")
        return model.sheet_model()  # type: ignore[no-any-return, attr-defined]

    def history(self) -> SheetUndo:
        assert self._history is not None
        return self._history

    def undo_stack(self) -> object:
        return self.history().stack

    def label_header(self) -> RowLabelHeader:
        return self._labels

    def setModel(self, model: object) -> None:
        old = self.model()
        old_selection = self.selectionModel()
        if old is not None:
            old.modelReset.disconnect(self._apply_layout)
        super().setModel(model)  # type: ignore[arg-type]
        if old_selection is not None:
            old_selection.deleteLater()  # a view does not delete the selection model it replaces
        if model is None:
            return
        sheet = self.sheet_model()
        if self._history is None or self._history.model is not sheet:
            self.set_history(history_for(sheet))
        model.modelReset.connect(self._apply_layout)  # type: ignore[attr-defined]
        self.selectionModel().currentChanged.connect(self._on_current_changed)
        self._apply_layout()
        if self._frozen is not None:
            self._frozen.attach()

    def set_history(self, history: SheetUndo) -> None:
        """Use another undo history (by default every view of a sheet shares :func:`ui.undo.history_for`)."""
        if history is self._history:
            return
        if self._history is not None:
            self._history.message.disconnect(self.statusMessage)
        self._history = history
        history.message.connect(self.statusMessage)

    # ------------------------------------------------------------------ cursor
    def current_cell(self) -> tuple[str, str] | None:
        index = self.currentIndex()
        line = index.data(Role.LINE_ID) if index.isValid() else None
        if line is None:
            return None
        return line, index.data(Role.COLUMN_CODE)

    def go_to_cell(self, line: str, column: str) -> bool:
        """Put the cursor on (line, column) and scroll it into view; False if this view does not show it."""
        model = self.model()
        index = model.index_of(line, column) if model is not None else QModelIndex()  # type: ignore[attr-defined]
        if not index.isValid():
            return False
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def go_to_column(self, column: str) -> None:
        """Move the cursor to ``column`` on the current line (or the first line)."""
        model = self.model()
        current = self.current_cell()
        line = current[0] if current else self.sheet_model().sheet.catalogue.lines[0].id
        index = model.index_of(line, column)  # type: ignore[attr-defined]
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._labels.viewport().update()
        line = current.data(Role.LINE_ID) if current.isValid() else None
        column = current.data(Role.COLUMN_CODE) if current.isValid() else None
        self.currentCellChanged.emit(line or "", column or "")

    def _move(self, d_row: int, d_col: int) -> None:
        model = self.model()
        index = self.currentIndex()
        if model is None or not index.isValid():
            return
        row, col = index.row(), index.column()
        if d_row:
            r = row + d_row
            while 0 <= r < model.rowCount() and not model.flags(model.index(r, col)) & _ENABLED:
                r += d_row
            if not 0 <= r < model.rowCount():
                return
            row = r
        if d_col:
            c = col + d_col
            while 0 <= c < model.columnCount() and not model.flags(model.index(row, c)) & _ENABLED:
                c += d_col
            if not 0 <= c < model.columnCount():
                return
            col = c
        target = model.index(row, col)
        self.setCurrentIndex(target)
        self.scrollTo(target)

    # ------------------------------------------------------------------ keyboard
    _SHORTCUTS = (
        QKeySequence.StandardKey.Copy,
        QKeySequence.StandardKey.Paste,
        QKeySequence.StandardKey.Undo,
        QKeySequence.StandardKey.Redo,
    )

    def _is_redo(self, event: QKeyEvent) -> bool:
        combo = event.keyCombination()
        ctrl = Qt.KeyboardModifier.ControlModifier
        return (
            event.matches(QKeySequence.StandardKey.Redo)
            or (combo.key() == Qt.Key.Key_Y and combo.keyboardModifiers() == ctrl)
            or (combo.key() == Qt.Key.Key_Z and combo.keyboardModifiers() == ctrl | Qt.KeyboardModifier.ShiftModifier)
        )

    def _editing(self) -> bool:
        return self.state() == QAbstractItemView.State.EditingState

    def event(self, event: QEvent) -> bool:
        # claim our shortcuts before window-level actions with the same keys (Edit menu) take them
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and not self._editing()
            and (
                any(event.matches(k) for k in self._SHORTCUTS)
                or self._is_redo(event)
                or event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            )
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._editing():
            editor = self._delegate.editor()
            if editor is not None and editor is not QApplication.focusWidget():
                QApplication.sendEvent(editor, event)  # keys aimed at the view belong to the open editor
                return
            super().keyPressEvent(event)
            return
        key = event.key()
        mods = event.modifiers()
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif self._is_redo(event):
            self.history().redo()
        elif event.matches(QKeySequence.StandardKey.Undo):
            self.history().undo()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._move(-1 if mods & Qt.KeyboardModifier.ShiftModifier else 1, 0)
        elif key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ControlModifier:
            self._move(0, 1)
        elif key == Qt.Key.Key_Backtab:
            self._move(0, -1)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not mods & ~Qt.KeyboardModifier.KeypadModifier:
            self.clear_selection()
        elif self._starts_typing(event):
            self._type_into_current(event.text())
        else:
            super().keyPressEvent(event)

    @staticmethod
    def _starts_typing(event: QKeyEvent) -> bool:
        text = event.text()
        mods = Qt.KeyboardModifier
        blocked = mods.ControlModifier | mods.AltModifier | mods.MetaModifier
        return bool(text) and text.isprintable() and not text.isspace() and not event.modifiers() & blocked

    def _type_into_current(self, text: str) -> None:
        index = self.currentIndex()
        if not index.isValid():
            return
        if not self.model().flags(index) & _EDITABLE:
            self.statusMessage.emit(self._why_read_only(index))
            return
        self.edit(index)
        editor = self._delegate.editor()
        if editor is not None:
            editor.setText(text)  # typing overwrites the old value, as in a spreadsheet
            editor.setModified(True)

    def _why_read_only(self, index: QModelIndex) -> str:
        column = index.data(Role.COLUMN_CODE)
        if column == JUMLAH:
            return "Kolom JUMLAH dihitung otomatis dan tidak dapat diisi."
        if index.data(Role.LINE_ID) is None:
            return "Baris judul tidak dapat diisi."
        sheet = self.sheet_model()
        if column in sheet.columns and sheet.is_locked(column):
            return (f"Kecamatan {sheet.column_title(column)} sudah ditetapkan; "
                    "perubahan hanya melalui koreksi.")
        return "Sel ini hanya untuk dibaca (angka Sirekap dan selisih tidak dapat diubah)."
