"""Committing edits to a :class:`~ui.sheet_model.SheetModel`: a typed, pasted or cleared figure, a paste in one
transaction, a figure committed elsewhere.

An edit is checked first (a figure, an editable cell), then goes through the injected *committer*, which commits
durably; only after it returned is the sheet changed and ``dataChanged`` emitted for exactly the cells of the
resulting ChangeSet (DESIGN §4). A failed commit leaves everything as it was. An edit carries the value it is based
on (what its editor showed), so that a cell another station changed meanwhile is refused (DESIGN §14).

A part of :class:`ui.sheet_model.SheetModel` (a mixin: every method runs on the model and emits its signals).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NoReturn

from rekap_desktop.numbers import MAX_KECAMATAN_FIGURE as MAX_FIGURE
from rekap_desktop.numbers import format_number, parse_figure
from rekap_desktop.rules import JUMLAH
from rekap_desktop.sheet import ChangeSet

Committer = Callable[[str, str, str, int | None], ChangeSet | None]
"""commit(contest_key, line, kecamatan, value) — durable; raises an Exception with an Indonesian ``str(e)``.

Returns None (the model then applies the edit to the sheet) or the ChangeSet of an edit it has already
applied to the same sheet (a service that owns the sheet, DESIGN §4).
"""

BatchCommitter = Callable[[str, list[tuple[str, str, int | None]]], object]
"""commit_all(contest_key, [(line, kecamatan, value), …]) — ONE durable transaction, all or nothing (a paste);
e.g. RecapService.set_entries. Raises an Exception with an Indonesian ``str(e)``."""


def check_figure(value: int | None) -> None:
    """ValueError (Indonesian) for a figure no kecamatan can have."""
    if value is None:
        return
    if value < 0:
        raise ValueError(f"angka tidak boleh negatif: {value}")
    if value > MAX_FIGURE:
        raise ValueError(
            f"angka {format_number(value)} tidak masuk akal untuk satu kecamatan "
            f"(paling besar {format_number(MAX_FIGURE)}); periksa kembali ketikan"
        )


def parse_input_text(text: str) -> int | None:
    """Typed or pasted text → figure: '' → None (clear the cell), '1.234' → 1234; ValueError otherwise."""
    if text.strip() == "":
        return None
    value = parse_figure(text)
    check_figure(value)
    return value


class CommitError(Exception):
    """A failed commit. Any Exception whose ``str(e)`` is an Indonesian message will do; this one is for
    in-memory committers and tests (the real committer comes from rekap_desktop.services)."""


class CellEditError(Exception):
    """An edit that was refused or failed; ``str(e)`` is the Indonesian message already signalled."""


class SheetEditing:
    """Checking, committing and signalling edits (the Qt entry point is :meth:`SheetModel.setData`). Runs on the
    model's state: its rows and columns, locks and correction mode, committers, edit bases and signals."""

    def parse_input(self, text: str, line: str | None = None, column: str | None = None) -> int | None:
        """Parse typed or pasted text: '' → None (clear); a figure → int; else emit inputRejected and raise."""
        try:
            return parse_input_text(text)
        except ValueError as e:
            self._reject(f"{e}", line, column)

    def _check_range(self, value: int | None, line: str | None, column: str | None) -> None:
        try:
            check_figure(value)
        except ValueError as e:
            self._reject(f"{e}", line, column)

    def _reject(self, reason: str, line: str | None, column: str | None) -> NoReturn:
        where = f" pada {self.describe_cell(line, column)}" if line and column else ""
        message = f"Isian ditolak{where}: {reason}. Nilai lama tetap."
        self.inputRejected.emit(message)
        raise CellEditError(message)

    # ------------------------------------------------------------------ what an edit is based on (stations)
    def begin_edit(self, line: str, column: str) -> None:
        """An editor opened on (line, column): remember the value it shows, which the edit is based on."""
        self._edit_base[(line, column)] = self._sheet.value(line, column)

    def base_value(self, line: str, column: str) -> int | None:
        """The value an edit of (line, column) is based on: what its editor showed when it opened, else the value
        on screen now. A committer passes it on (``RecapService.set_entry(expected=…)``), so a cell changed by
        another station meanwhile is refused instead of silently overwritten (DESIGN §14)."""
        cell = (line, column)
        return self._edit_base[cell] if cell in self._edit_base else self._sheet.value(line, column)

    def set_verifier(self, verifier: Committer | None) -> None:
        """``verifier(key, line, column, value)`` confirms an edit whose value equals what is on screen against
        the database (raises, like a committer, when the cell moved on elsewhere); None: no check."""
        self._verifier = verifier

    def commit_cell(self, line: str, column: str, value: int | None) -> bool:
        """Commit one figure through the committer, then apply and signal it.

        Returns False when the value is already there (nothing committed). Raises CellEditError (after emitting
        inputRejected or commitFailed) when the cell is not editable or the commit failed; nothing changed then.
        """
        if line not in self._row_of:
            self._reject(f"baris {line} tidak ada pada formulir", None, None)
        if column == JUMLAH:
            self._reject("kolom JUMLAH dihitung otomatis dan tidak dapat diisi", line, column)
        if column not in self._col_of:
            self._reject(f"kecamatan {column} tidak termasuk {self._sheet.contest.title}", None, None)
        locked = column in self._locked
        if locked and not self._correction_mode:
            self._reject(
                f"kecamatan {self.column_title(column)} sudah ditetapkan; perubahan hanya melalui koreksi",
                line, column,
            )
        self._check_range(value, line, column)
        old = self._sheet.value(line, column)
        base = self.base_value(line, column)
        if old == value and base == value:
            self._edit_base.pop((line, column), None)
            if self._verifier is None:
                return False
            commit: Committer = self._verifier  # confirmed as shown: the database must agree
        else:
            commit = self._corrector if locked and self._corrector is not None else self._committer
        try:
            result = commit(self.contest_key, line, column, value)
        except Exception as e:  # the committer's own message, in Indonesian
            self._edit_base.pop((line, column), None)
            if getattr(e, "deferred", False):  # e.g. the database is busy: the committer retries it later
                self.commitDeferred.emit(str(e))
                raise CellEditError(str(e)) from e
            reason = str(e) or type(e).__name__
            message = (
                f"Gagal menyimpan {self.describe_cell(line, column)}: {reason}. "
                f"Nilai lama ({format_number(old, 'kosong')}) tetap; tidak ada yang berubah."
            )
            self.commitFailed.emit(message)
            raise CellEditError(message) from e
        self._edit_base.pop((line, column), None)
        if old == value:
            return False
        changes = result if isinstance(result, ChangeSet) else self._sheet.set_manual(line, column, value)
        self._emit_changes(changes)
        self.cellCommitted.emit(line, column, old, value)
        return True

    def can_commit_atomically(self, items: Iterable[tuple[str, str, int | None]]) -> bool:
        """True when ``items`` can go through the batch committer (given, and no locked column involved)."""
        return self._batch_committer is not None and not any(column in self._locked for _, column, _ in items)

    def commit_batch(self, items: list[tuple[str, str, int | None]]) -> int:
        """Commit several figures in ONE transaction through the batch committer: all or nothing.

        Every cell is validated first (inputRejected + CellEditError, nothing committed); a failing commit emits
        commitFailed and raises CellEditError with nothing changed. Returns the number of cells changed.
        """
        if self._batch_committer is None:
            raise RuntimeError("SheetModel tanpa batch_committer")
        final: dict[tuple[str, str], int | None] = {}
        for line, column, value in items:
            if line not in self._row_of:
                self._reject(f"baris {line} tidak ada pada formulir", None, None)
            if column == JUMLAH or column not in self._col_of:
                self._reject("kolom ini tidak dapat diisi", line, column)
            if column in self._locked:
                self._reject(f"kecamatan {self.column_title(column)} sudah ditetapkan; koreksi satu per satu",
                             line, column)
            self._check_range(value, line, column)
            final[(line, column)] = value
        todo = [(line, column, value) for (line, column), value in final.items()
                if self._sheet.value(line, column) != value]
        if not todo:
            return 0
        try:
            self._batch_committer(self.contest_key, todo)
        except Exception as e:
            message = (f"Gagal menyimpan {len(todo)} sel sekaligus: {str(e) or type(e).__name__}. "
                       "Tidak ada yang berubah.")
            self.commitFailed.emit(message)
            raise CellEditError(message) from e
        changes = ChangeSet()
        olds = []
        for line, column, value in todo:
            olds.append(self._sheet.value(line, column))
            changes.merge(self._sheet.set_manual(line, column, value))
        self._emit_changes(changes)
        for (line, column, value), old in zip(todo, olds, strict=True):
            self.cellCommitted.emit(line, column, old, value)
        return len(todo)

    def apply_value(self, line: str, column: str, value: int | None, *, committed_here: bool = False) -> bool:
        """Show a figure committed elsewhere: by another station, or by this station after a deferred commit
        (``committed_here``: also signalled as committed, for the undo history). Only the cells that changed
        repaint; an open editor keeps the operator's typing. Returns whether anything changed."""
        old = self._sheet.value(line, column)
        if old == value or line not in self._row_of or column not in self._col_of or column == JUMLAH:
            return False
        self._emit_changes(self._sheet.set_manual(line, column, value))
        if committed_here:
            self.cellCommitted.emit(line, column, old, value)
        return True

    def apply_external(self, changes: ChangeSet) -> None:
        """Repaint cells changed elsewhere (a Sirekap import, another station) on the same sheet."""
        self._emit_changes(changes)

    def _emit_changes(self, changes: ChangeSet) -> None:
        for row, first, last in self._ranges(changes.cells):
            self.dataChanged.emit(self.index(row, first), self.index(row, last))
        if changes.findings_changed:
            self.findingsChanged.emit()
