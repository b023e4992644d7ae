"""Undo/redo of figure edits as *new audited edits*.

Nothing is ever rolled back in the database: undoing an edit commits the old value again through the same
committer (so the audit log shows both). One :class:`SheetUndo` per :class:`~ui.sheet_model.SheetModel`, shared
by every view of it (grid, focus mode): :func:`history_for`. It listens to ``cellCommitted``; edits made inside
:meth:`SheetUndo.batch` (a paste, a multi-cell clear) become one command.

If a commit fails while undoing or redoing, the command stops at that cell, is dropped from the stack (the sheet
is then partly undone; every step that happened is durable and audited) and ``message`` says exactly where.

Signals:
    message(str): an Indonesian status message (undo/redo done, or where it stopped).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from rekap_desktop.numbers import format_number
from ui.sheet_model import CellEditError, SheetModel


@dataclass(frozen=True, slots=True)
class CellEdit:
    line: str
    column: str
    old: int | None
    new: int | None


class CellEditCommand(QUndoCommand):
    def __init__(self, history: SheetUndo, edits: list[CellEdit], text: str) -> None:
        super().__init__(text)
        self._history = history
        self.edits = edits
        self._done = True  # pushed after the edits were committed: the first redo() is a no-op

    def redo(self) -> None:
        if self._done:
            return
        self._history._replay(self, [(e.line, e.column, e.new) for e in self.edits], "Ulangi")
        self._done = True

    def undo(self) -> None:
        self._history._replay(self, [(e.line, e.column, e.old) for e in reversed(self.edits)], "Urungkan")
        self._done = False


def history_for(model: SheetModel) -> SheetUndo:
    """The one undo history of a sheet model, shared by every view of it (created on first use)."""
    history = getattr(model, "_sheet_undo", None)
    if history is None:
        history = SheetUndo(model, model)
    return history


class SheetUndo(QObject):
    message = Signal(str)

    def __init__(self, model: SheetModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        model._sheet_undo = self  # type: ignore[attr-defined]  # see history_for()
        self.stack = QUndoStack(self)
        self._replaying = 0
        self._batch: list[CellEdit] | None = None
        model.cellCommitted.connect(self._on_committed)
        model.modelReset.connect(self.stack.clear)

    def undo(self) -> None:
        self.stack.undo()

    def redo(self) -> None:
        self.stack.redo()

    def create_undo_action(self, parent: QObject) -> QAction:
        return self.stack.createUndoAction(parent, "Urungkan")

    def create_redo_action(self, parent: QObject) -> QAction:
        return self.stack.createRedoAction(parent, "Ulangi")

    @contextmanager
    def batch(self, text: str) -> Iterator[list[CellEdit]]:
        """Collect the edits committed inside the block into one undo command (pushed even if the block
        stops early: what was committed stays committed and must stay undoable)."""
        if self._batch is not None:  # nested: the outer batch collects
            yield self._batch
            return
        edits: list[CellEdit] = []
        self._batch = edits
        try:
            yield edits
        finally:
            self._batch = None
            if edits:
                self.stack.push(CellEditCommand(self, edits, f"{text} ({len(edits)} sel)"))

    def _on_committed(self, line: str, column: str, old: int | None, new: int | None) -> None:
        if self._replaying:
            return
        edit = CellEdit(line, column, old, new)
        if self._batch is not None:
            self._batch.append(edit)
            return
        where = f"{line} / {self.model.column_title(column)}"
        text = f"hapus {where}" if new is None else f"isi {where}: {format_number(new)}"
        self.stack.push(CellEditCommand(self, [edit], text))

    def _replay(self, command: CellEditCommand, assignments: list[tuple[str, str, int | None]], verb: str) -> None:
        done = 0
        self._replaying += 1
        try:
            if len(assignments) > 1 and self.model.can_commit_atomically(assignments):
                try:
                    self.model.commit_batch(assignments)  # one transaction, like the paste it reverts
                except CellEditError as e:
                    command.setObsolete(True)
                    self.message.emit(f"{verb} gagal: {e} Langkah ini dihapus dari riwayat urungkan.")
                    return
                assignments = []
            for line, column, value in assignments:
                try:
                    self.model.commit_cell(line, column, value)
                except CellEditError as e:
                    command.setObsolete(True)
                    self.message.emit(
                        f"{verb} berhenti pada {self.model.describe_cell(line, column)}: {e} "
                        f"{done} dari {len(assignments)} sel sudah diubah (tersimpan dan tercatat di log audit); "
                        "langkah ini dihapus dari riwayat urungkan."
                    )
                    return
                done += 1
        finally:
            self._replaying -= 1
        self.message.emit(f"{verb}: {command.text()}")
