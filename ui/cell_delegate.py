"""The cells of the entry grid: painting a cell (state colours under a translucent selection, the marks' symbols,
the cursor's border) and editing a figure in a plain line edit, with spreadsheet keys.

Enter / Tab / Shift+Tab in the editor validate the text before anything is committed; the edit itself goes through
the model (:meth:`ui.sheet_model.SheetModel.setData`). The delegate of :class:`ui.grid_view.GridView` (the pinned
JUMLAH column, :mod:`ui.frozen_column`, has its own of the same kind).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from rekap_desktop.cell_marks import Mark, MarkKind
from ui.cell_state import Role
from ui.cell_words import MARK_SYMBOLS
from ui.sheet_editing import CellEditError
from ui.theme import ThemeResources

if TYPE_CHECKING:
    from ui.grid_view import GridView

ANY_INDEX = QModelIndex | QPersistentModelIndex


class CellDelegate(QStyledItemDelegate):
    """Paints state colours under a translucent selection, and edits figures in a plain line edit.

    Enter / Tab / Shift+Tab validate the text first: refused text keeps the editor open with the message as a
    tooltip; accepted text is committed, then ``navigate(d_row, d_col)`` tells the view where to go. A commit that
    fails closes the editor (the cell shows its old value) and does not move.
    """

    navigate = Signal(int, int)

    _MOVES: ClassVar[dict[Qt.Key, tuple[int, int]]] = {
        Qt.Key.Key_Return: (1, 0),
        Qt.Key.Key_Enter: (1, 0),
        Qt.Key.Key_Tab: (0, 1),
        Qt.Key.Key_Backtab: (0, -1),
    }

    def __init__(self, view: GridView) -> None:
        super().__init__(view)
        self._view = view
        self._editor: QLineEdit | None = None
        self._editor_index = QPersistentModelIndex()
        self._commit_ok = True

    def editor(self) -> QLineEdit | None:
        if self._editor is not None and shiboken6.isValid(self._editor):
            return self._editor
        return None

    # ------------------------------------------------------------------ painting
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ANY_INDEX) -> None:
        painter.save()
        painter.setClipRect(option.rect, Qt.ClipOperation.IntersectClip)  # one rect: Qt's fast path (see
        try:                                                               # ui.projector_table.clipped)
            self._paint(painter, option, index)
        finally:
            painter.restore()

    def _paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ANY_INDEX) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        focused = bool(opt.state & QStyle.StateFlag.State_HasFocus)
        opt.state &= ~(QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        res = self._view.resources()
        if selected:
            painter.fillRect(option.rect, res.selection_overlay)
        marks = index.data(Role.MARKS)
        if marks:
            self._paint_marks(painter, option.rect, marks, res)  # type: ignore[attr-defined]
        if focused:
            painter.save()
            pen = QPen(res.current_border, 2)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(pen)
            painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
            painter.restore()

    @staticmethod
    def _paint_marks(painter: QPainter, rect: QRect, marks: tuple[Mark, ...], res: ThemeResources) -> None:
        """The marks' symbols (↻ ✎ ⚑) after the state icon, on a white backing, in their colours."""
        painter.save()
        painter.setFont(res.mark_font)
        fm = painter.fontMetrics()
        x = rect.left() + res.icon_size + 6
        top = rect.top() + (rect.height() - fm.height()) // 2
        kinds = [m.kind for m in marks]
        for kind in (MarkKind.HITUNG_ULANG, MarkKind.KOREKSI, MarkKind.KEBERATAN):
            if kind not in kinds:
                continue
            symbol = MARK_SYMBOLS[kind]
            w = fm.horizontalAdvance(symbol) + 2
            box = QRect(x, top, w, fm.height())
            painter.fillRect(box, Qt.GlobalColor.white)
            key = kind.value
            if kind is MarkKind.KEBERATAN and not any(m.open for m in marks if m.kind is kind):
                key = "keberatan_diputus"
            painter.setPen(res.mark_colours[key])
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, symbol)
            x += w + 1
        painter.restore()

    # ------------------------------------------------------------------ editing
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ANY_INDEX) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFont(self._view.resources().figure_font)
        editor.setMaxLength(24)
        self._editor = editor
        self._editor_index = QPersistentModelIndex(index)
        return editor

    def setEditorData(self, editor: QWidget, index: ANY_INDEX) -> None:
        assert isinstance(editor, QLineEdit)
        if editor.isModified():
            return  # the cell was repainted (e.g. a Sirekap import) while the operator types: keep the typing
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.selectAll()
        line, column = index.data(Role.LINE_ID), index.data(Role.COLUMN_CODE)
        if line and column:  # the value this edit is based on (another station may change the cell meanwhile)
            self._view.sheet_model().begin_edit(str(line), str(column))

    def setModelData(self, editor: QWidget, model: object, index: ANY_INDEX) -> None:
        assert isinstance(editor, QLineEdit)
        self._commit_ok = bool(index.model().setData(index, editor.text(), Qt.ItemDataRole.EditRole))

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: ANY_INDEX) -> None:
        editor.setGeometry(option.rect.adjusted(1, 1, -1, -1))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(obj, QLineEdit)
            and isinstance(event, QKeyEvent)
            and event.key() in self._MOVES
            and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        ):
            d_row, d_col = self._MOVES[Qt.Key(event.key())]
            if not self._accept_text(obj):
                return True
            self._commit_ok = True
            self.commitData.emit(obj)
            self.closeEditor.emit(obj, QAbstractItemDelegate.EndEditHint.NoHint)
            if self._commit_ok:
                self.navigate.emit(d_row, d_col)
            return True
        return super().eventFilter(obj, event)

    def _accept_text(self, editor: QLineEdit) -> bool:
        index = self._editor_index
        line = index.data(Role.LINE_ID) if index.isValid() else None
        column = index.data(Role.COLUMN_CODE) if index.isValid() else None
        try:
            self._view.sheet_model().parse_input(editor.text(), line, column)
        except CellEditError as e:
            QToolTip.showText(editor.mapToGlobal(QPoint(0, editor.height())), str(e), editor)
            editor.selectAll()
            return False
        return True
