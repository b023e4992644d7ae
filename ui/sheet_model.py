"""SheetModel: the Qt table model of one contest's :class:`~rekap_desktop.sheet.RecapSheet`.

Rows are the presentation rows of the form (section headers, party headers, lines); columns are the contest's
kecamatan plus JUMLAH. ``data()`` reads the in-memory sheet only (no database), with cached brushes, fonts and
icons. An edit goes through the injected *committer*, which commits durably; only after it returned is the sheet
changed and ``dataChanged`` emitted for exactly the cells of the resulting ChangeSet (DESIGN §4). A failed commit
leaves everything as it was.

Signals:
    inputRejected(str): typed or pasted text refused (not a figure, a locked column, …); Indonesian message.
    commitFailed(str): the committer raised; the cell keeps its old value. Indonesian message.
    findingsChanged(): the list of findings changed (refresh the findings panel and status bar counts).
    cellCommitted(line, column, old, new): one figure was committed (old/new: int or None); for undo stacks.
    commitDeferred(str): the committer could not commit now and will retry (an exception with ``deferred``
        true, e.g. the database is busy); the cell keeps its old value until the retry commits. Indonesian.
    lockChanged(): the set of locked columns or the correction mode changed.
    marksChanged(): the keberatan / koreksi / hitung ulang marks changed (:meth:`SheetModel.set_marks`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import NoReturn

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from rekap_desktop.cell_marks import Mark, MarkKind
from rekap_desktop.lines import Row
from rekap_desktop.numbers import MAX_KECAMATAN_FIGURE as MAX_FIGURE
from rekap_desktop.numbers import format_delta, format_number, parse_figure
from rekap_desktop.rules import JUMLAH, Finding, Severity
from rekap_desktop.sheet import SIREKAP_MISMATCH, Cell, ChangeSet, RecapSheet, SirekapState
from ui.cell_state import CellState, Role, RowKind
from ui.qt_roles import ALIGN as _ALIGN
from ui.qt_roles import BACKGROUND as _BACKGROUND
from ui.qt_roles import CENTER as _CENTER
from ui.qt_roles import DECORATION as _DECORATION
from ui.qt_roles import DISPLAY as _DISPLAY
from ui.qt_roles import EDIT as _EDIT
from ui.qt_roles import FONT as _FONT
from ui.qt_roles import FOREGROUND as _FOREGROUND
from ui.qt_roles import RIGHT as _RIGHT
from ui.qt_roles import TOOLTIP as _TOOLTIP
from ui.theme import ThemeResources, default_resources

Committer = Callable[[str, str, str, int | None], ChangeSet | None]
"""commit(contest_key, line, kecamatan, value) — durable; raises an Exception with an Indonesian ``str(e)``.

Returns None (the model then applies the edit to the sheet) or the ChangeSet of an edit it has already
applied to the same sheet (a service that owns the sheet, DESIGN §4).
"""

BatchCommitter = Callable[[str, list[tuple[str, str, int | None]]], object]
"""commit_all(contest_key, [(line, kecamatan, value), …]) — ONE durable transaction, all or nothing (a paste);
e.g. RecapService.set_entries. Raises an Exception with an Indonesian ``str(e)``."""


ANY_INDEX = QModelIndex | QPersistentModelIndex


_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _READ_ONLY | Qt.ItemFlag.ItemIsEditable


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


MARK_SYMBOLS: dict[MarkKind, str] = {MarkKind.KEBERATAN: "⚑", MarkKind.KOREKSI: "✎", MarkKind.HITUNG_ULANG: "↻"}
"""The symbol of each mark, on the grid, the projector and in the legends (readable without colour)."""


def mark_symbols(marks: Iterable[Mark]) -> str:
    """"↻✎⚑": one symbol per kind present, most important first."""
    kinds = {m.kind for m in marks}
    return "".join(MARK_SYMBOLS[k] for k in MarkKind if k in kinds)


def finding_kind_symbol(f: Finding) -> str:
    if f.rule == SIREKAP_MISMATCH:
        return "≠"
    return "✕" if f.severity is Severity.ERROR else "!"


def finding_title(f: Finding) -> str:
    if f.rule == SIREKAP_MISMATCH:
        return "Beda dengan Sirekap"
    return f"{f.rule} ({f.severity.label})"


def state_of(sheet: RecapSheet, line: str, column: str) -> CellState:
    """The display state of an enterable cell (header rows are CellState.HEADER)."""
    findings = sheet.findings(line, column)
    if findings:
        mismatch = warning = False
        for f in findings:
            if f.rule == SIREKAP_MISMATCH:
                mismatch = True
            elif f.severity is Severity.ERROR:
                return CellState.ERROR
            else:
                warning = True
        return CellState.MISMATCH if mismatch else CellState.WARNING if warning else CellState.OK
    if sheet.value(line, column) is None:
        return CellState.EMPTY
    if column == JUMLAH and not sheet.total_complete(line):
        return CellState.OK  # a provisional total is not compared with Sirekap (shown in italics instead)
    sirekap = sheet.sirekap_state(line, column)
    if sirekap is SirekapState.PARTIAL:
        return CellState.PARTIAL
    if sirekap is SirekapState.MISSING:
        return CellState.MISSING
    return CellState.OK


class SheetModel(QAbstractTableModel):
    inputRejected = Signal(str)
    commitFailed = Signal(str)
    findingsChanged = Signal()
    cellCommitted = Signal(str, str, object, object)
    commitDeferred = Signal(str)
    lockChanged = Signal()
    marksChanged = Signal()

    def __init__(
        self,
        sheet: RecapSheet,
        committer: Committer,
        *,
        corrector: Committer | None = None,
        batch_committer: BatchCommitter | None = None,
        resources: ThemeResources | None = None,
        parent: object | None = None,
    ) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._committer = committer
        self._corrector = corrector
        self._batch_committer = batch_committer
        self._res = resources or default_resources()
        self._locked: set[str] = set()
        self._edit_base: dict[Cell, int | None] = {}
        self._verifier: Committer | None = None
        self._author_lookup: Callable[[str, str], str] | None = None
        self._correction_mode = False
        self._marks: dict[Cell, tuple[Mark, ...]] = {}
        self._column_marks: dict[str, tuple[Mark, ...]] = {}
        self._install(sheet)

    # ------------------------------------------------------------------ sheet and geometry
    def _install(self, sheet: RecapSheet) -> None:
        self._sheet = sheet
        self._rows: tuple[Row, ...] = sheet.catalogue.rows
        self._columns: tuple[str, ...] = (*sheet.columns, JUMLAH)
        self._row_of: dict[str, int] = {r.line.id: i for i, r in enumerate(self._rows) if r.line is not None}
        self._col_of: dict[str, int] = {c: i for i, c in enumerate(self._columns)}
        self._locked &= set(sheet.columns)

    @property
    def sheet(self) -> RecapSheet:
        return self._sheet

    @property
    def contest_key(self) -> str:
        return self._sheet.contest.key

    @property
    def columns(self) -> tuple[str, ...]:
        """Column codes: the kecamatan codes, then JUMLAH."""
        return self._columns

    def sheet_model(self) -> SheetModel:
        """The model edits go to (views accept this model or a proxy of it)."""
        return self

    def set_sheet(self, sheet: RecapSheet) -> None:
        """Show another sheet (another contest, or a reload): a model reset, never used for edits."""
        self.beginResetModel()
        self._install(sheet)
        self.endResetModel()

    def row_of(self, line: str) -> int:
        return self._row_of[line]

    def column_of(self, column: str) -> int:
        return self._col_of[column]

    def index_of(self, line: str, column: str) -> QModelIndex:
        row, col = self._row_of.get(line), self._col_of.get(column)
        if row is None or col is None:
            return QModelIndex()
        return self.index(row, col)

    def cell_at(self, index: ANY_INDEX) -> Cell | None:
        """(line, column) of an index, None for header rows and invalid indexes."""
        if not index.isValid() or index.model() is not self:
            return None
        line = self._rows[index.row()].line
        if line is None:
            return None
        return line.id, self._columns[index.column()]

    def is_header_row(self, row: int) -> bool:
        return self._rows[row].line is None

    def column_title(self, column: str) -> str:
        return "JUMLAH" if column == JUMLAH else self._sheet.contest.kecamatan_name(column)

    def describe_cell(self, line: str, column: str) -> str:
        return f"baris {line}, {'kolom JUMLAH' if column == JUMLAH else 'kecamatan ' + self.column_title(column)}"

    def cell_state(self, line: str, column: str) -> CellState:
        return state_of(self._sheet, line, column)

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

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: ANY_INDEX) -> Qt.ItemFlag:
        if not index.isValid():
            return _NO_FLAGS
        if self._rows[index.row()].line is None:
            return _NO_FLAGS
        column = self._columns[index.column()]
        if column == JUMLAH or (column in self._locked and not self._correction_mode):
            return _READ_ONLY
        return _EDITABLE

    def data(self, index: ANY_INDEX, role: int = _DISPLAY) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        line = row.line
        column = self._columns[index.column()]
        if line is None:
            return self._header_cell_data(row, column, role)
        lid = line.id
        sheet = self._sheet
        if role == _DISPLAY:
            return format_number(sheet.value(lid, column))
        if role == _DECORATION:
            return self._res.icon(state_of(sheet, lid, column))
        if role == _ALIGN:
            return _RIGHT
        if role == _BACKGROUND:
            state = state_of(sheet, lid, column)
            if column == JUMLAH and state in (CellState.OK, CellState.EMPTY):
                return self._res.total_background
            return self._res.background(state)
        if role == _FOREGROUND:
            if column == JUMLAH and not sheet.total_complete(lid):
                return self._res.provisional_foreground
            return self._res.foreground(state_of(sheet, lid, column))
        if role == _FONT:
            if column == JUMLAH:
                return self._res.total_font if sheet.total_complete(lid) else self._res.provisional_font
            return self._res.figure_font
        if role == _EDIT:
            value = sheet.value(lid, column)
            return "" if value is None else str(value)
        if role == _TOOLTIP:
            return self.tooltip(lid, column)
        if role == Role.STATE:
            return state_of(sheet, lid, column)
        if role == Role.LINE_ID:
            return lid
        if role == Role.COLUMN_CODE:
            return column
        if role == Role.VALUE:
            return sheet.value(lid, column)
        if role == Role.SIREKAP_VALUE:
            fig = sheet.sirekap(lid, column)
            return fig.value if fig is not None else None
        if role == Role.SIREKAP_STATE:
            return sheet.sirekap_state(lid, column)
        if role == Role.DELTA:
            return sheet.delta(lid, column)
        if role == Role.COVERAGE:
            fig = sheet.sirekap(lid, column)
            return fig.coverage_text if fig is not None and line.has_sirekap else ""
        if role == Role.FINDINGS:
            return sheet.findings(lid, column)
        if role == Role.ROW_KIND:
            return RowKind.LINE
        if role == Role.LOCKED:
            return column in self._locked
        if role == Role.MARKS:
            return self._marks.get((lid, column), ())
        return None

    def _header_cell_data(self, row: Row, column: str, role: int) -> object:
        if role == _BACKGROUND:
            return self._res.section_background if row.level == 0 else self._res.group_background
        if role == Role.STATE:
            return CellState.HEADER
        if role == Role.ROW_KIND:
            return RowKind.SECTION if row.level == 0 else RowKind.GROUP
        if role == Role.COLUMN_CODE:
            return column
        if role == Role.FINDINGS:
            return ()
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._columns):
                return None
            return self._column_header(self._columns[section], role)
        if not 0 <= section < len(self._rows):
            return None
        return self._row_header(self._rows[section], role)

    def _column_header(self, column: str, role: int) -> object:
        if role == _DISPLAY:
            marks = self._column_marks.get(column)
            return f"{self.column_title(column)} {mark_symbols(marks)}" if marks else self.column_title(column)
        if role == _TOOLTIP:
            return self._column_tooltip(column)
        if role == _DECORATION:
            return self._res.lock_icon() if column in self._locked else None
        if role == _FONT:
            return self._res.header_font if column == JUMLAH else None
        if role == _ALIGN:
            return _CENTER
        if role == Role.COLUMN_CODE:
            return column
        if role == Role.LOCKED:
            return column in self._locked
        if role == Role.MARKS:
            return self._column_marks.get(column, ())
        if role == Role.WIDTH_SAMPLE:
            return "88.888.888" if column == JUMLAH else "8.888.888"
        return None

    def _column_tooltip(self, column: str) -> str:
        sheet = self._sheet
        if column == JUMLAH:
            text = f"JUMLAH {len(sheet.columns)} kecamatan — dihitung otomatis, tidak dapat diisi"
        else:
            text = f"Kecamatan {self.column_title(column)} ({column})"
        tps = sheet.tps_count(column)
        if tps is not None:
            text += f"\n{format_number(tps)} TPS"
        if column in self._locked:
            text += "\nDitetapkan — perubahan hanya melalui koreksi"
        for mark in self._column_marks.get(column, ()):
            text += f"\n{MARK_SYMBOLS[mark.kind]} {mark.note}"
        return text

    def _row_header(self, row: Row, role: int) -> object:
        line = row.line
        if role == _DISPLAY:
            return f"{line.id}  {line.label}" if line is not None else row.header
        if role == Role.LABEL:
            return line.label if line is not None else row.header
        if role == Role.LINE_ID:
            return line.id if line is not None else None
        if role == Role.ROW_KIND:
            return RowKind.LINE if line is not None else (RowKind.SECTION if row.level == 0 else RowKind.GROUP)
        if role == Role.INDENT:
            return line.indent if line is not None else row.level
        if role == _TOOLTIP:
            if line is None:
                return row.header
            sirekap = "" if line.has_sirekap else "\nTidak ada angka Sirekap untuk baris ini."
            return f"{line.id} — {line.label}{sirekap}"
        return None

    # ------------------------------------------------------------------ tooltip
    def tooltip(self, line: str, column: str) -> str:
        sheet = self._sheet
        spec = sheet.catalogue.get(line)
        where = "JUMLAH" if column == JUMLAH else f"Kec. {self.column_title(column)} ({column})"
        parts = [f"{line} — {spec.label}", where]
        value = sheet.value(line, column)
        manual = format_number(value, "belum diisi")
        if column == JUMLAH and value is not None and not sheet.total_complete(line):
            manual += (f" (sementara: {sheet.filled_count(line)} dari {len(sheet.columns)} kecamatan terisi)")
        parts.append(f"Manual (D.HASIL KECAMATAN): {manual}")
        if spec.has_sirekap:
            fig = sheet.sirekap(line, column)
            state = sheet.sirekap_state(line, column)
            if fig is None or state is SirekapState.MISSING:
                parts.append("Sirekap: tidak ada data")
            else:
                note = " — belum lengkap" if state is SirekapState.PARTIAL else ""
                parts.append(f"Sirekap: {format_number(fig.value, '—')} ({fig.coverage_text}{note})")
                delta = sheet.delta(line, column)
                if delta is not None:
                    caveat = " (Sirekap belum lengkap: bukan selisih akhir)" if state is SirekapState.PARTIAL else ""
                    parts.append(f"Selisih (manual − Sirekap): {format_delta(delta)}{caveat}")
        else:
            parts.append("Sirekap: tidak tersedia untuk baris ini")
        for f in sheet.findings(line, column):
            parts.append(f"{finding_kind_symbol(f)} {finding_title(f)}: {f.message}")
        for mark in self._marks.get((line, column), ()):
            parts.append(f"{MARK_SYMBOLS[mark.kind]} {mark.note}")
        if column in self._locked:
            parts.append("Kolom ditetapkan — perubahan hanya melalui koreksi.")
        if self._author_lookup is not None and column != JUMLAH:
            author = self._author_lookup(line, column)
            if author:
                parts.append(author)
        return "\n".join(parts)

    def set_author_lookup(self, lookup: Callable[[str, str], str] | None) -> None:
        """``lookup(line, column)`` says who made the figure of a cell, from which station (tooltips)."""
        self._author_lookup = lookup

    # ------------------------------------------------------------------ editing
    def setData(self, index: ANY_INDEX, value: object, role: int = _EDIT) -> bool:
        if role != _EDIT or not index.isValid():
            return False
        cell = self.cell_at(index)
        if cell is None:
            return False
        line, column = cell
        try:
            if isinstance(value, int) and not isinstance(value, bool):
                parsed: int | None = value
                self._check_range(parsed, line, column)
            else:
                parsed = self.parse_input("" if value is None else str(value), line, column)
            self.commit_cell(line, column, parsed)
        except CellEditError:
            return False
        return True

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

    def _ranges(self, cells: Iterable[Cell]) -> list[tuple[int, int, int]]:
        """Horizontal runs (row, first col, last col) covering exactly ``cells``."""
        by_row: dict[int, list[int]] = {}
        for line, column in cells:
            row, col = self._row_of.get(line), self._col_of.get(column)
            if row is not None and col is not None:
                by_row.setdefault(row, []).append(col)
        runs: list[tuple[int, int, int]] = []
        for row in sorted(by_row):
            cols = sorted(set(by_row[row]))
            start = prev = cols[0]
            for c in cols[1:]:
                if c != prev + 1:
                    runs.append((row, start, prev))
                    start = c
                prev = c
            runs.append((row, start, prev))
        return runs
