"""The projector's table: the rows around the line being read, painted by a delegate with cached layouts.

:class:`ProjectorDelegate` paints a :class:`~ui.projector_cells.ProjectorCell`: tone background (or the row
stripe), the label fitted without cutting a word (:mod:`ui.projector_text`) with its party chip and, right-aligned,
the finding in the longest words that fit ("✕ V.C ≠ V.A + V.B: selisih 7" on a wide screen, "✕ selisih 7" on a
narrow one); figures right-aligned from cached shaped text, squeezed rather than cut; the marks ↻ ✎ ⚑ on the
Manual cell. :class:`ProjectorView` is a table without editor, selection, focus or mouse; the current row is
outlined and kept in the middle.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ui.cell_state import Role, RowKind
from ui.projector_cells import ProjectorCell, ProjectorColumn, ProjectorRole
from ui.projector_text import LabelFitter, StaticTexts, draw_label, elide
from ui.projector_theme import ProjectorResources, Tone

ANY_INDEX = QModelIndex | QPersistentModelIndex

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


def paint_chip(painter: QPainter, rect: QRectF, text: str, background: object, foreground: object,
               *, radius: float = 0.22, border: object = None) -> None:
    """A rounded pill with centred text (painter font as set)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(border, 1) if border is not None else Qt.PenStyle.NoPen)  # type: ignore[call-overload]
    painter.setBrush(background)  # type: ignore[arg-type]
    painter.drawRoundedRect(rect, rect.height() * radius, rect.height() * radius)
    painter.setPen(foreground)  # type: ignore[arg-type]
    painter.drawText(rect, _CENTER, text)
    painter.restore()


class ProjectorDelegate(QStyledItemDelegate):
    """Paints a projector cell from its :class:`ProjectorCell`; never creates an editor."""

    def __init__(self, resources: ProjectorResources, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._res = resources
        self.labels = LabelFitter(min_scale=0.6)
        self.texts = StaticTexts()
        self._generation = -1
        self._party_sample = ""
        self.painted = 0  # cells painted so far (benchmarks count the cells an edit repaints)
        self._rooms: dict[tuple[ProjectorCell, int, int], tuple[QRect, str, QRectF | None]] = {}

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ANY_INDEX) -> None:  # type: ignore[override]
        return None

    def sizeHint(self, option: QStyleOptionViewItem, index: ANY_INDEX) -> QSize:
        return QSize(100, self._res.metrics.row_height)

    def _check_generation(self) -> None:
        if self._generation != self._res.generation:
            self.labels.clear()
            self.texts.clear()
            self._rooms.clear()
            self._generation = self._res.generation

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ANY_INDEX) -> None:
        cell: ProjectorCell | None = index.data(ProjectorRole.CELL)
        if cell is None:
            return
        self.painted += 1
        self._check_generation()
        rect: QRect = option.rect  # type: ignore[attr-defined]
        painter.save()
        painter.setClipRect(rect, Qt.ClipOperation.IntersectClip)
        try:
            self._paint_cell(painter, rect, cell, index.row(), index.column())
        finally:
            painter.restore()

    def _paint_cell(self, painter: QPainter, rect: QRect, cell: ProjectorCell, row: int, col: int) -> None:
        res = self._res
        m = res.metrics
        bg = res.tone_background(cell.tone)
        painter.fillRect(rect, bg if bg is not None else (res.stripe if row % 2 else res.background))
        band = cell.tone in (Tone.SECTION, Tone.GROUP)
        if band:
            painter.setPen(res.tone_foreground(cell.tone).color())
            inner = rect.adjusted(m.pad + (round(m.pad * 1.2) if cell.tone is Tone.GROUP else 0), 0, -m.pad, 0)
            draw_label(painter, inner, self.labels.fit(cell.text, res.header_band_font, inner.width(),
                                                       inner.height()), self.texts)
        elif col == ProjectorColumn.URAIAN:
            self._paint_label(painter, rect, cell)
        else:
            self._paint_figure(painter, rect, cell, col)
        painter.setPen(res.grid_pen)
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        if col != ProjectorColumn.URAIAN and not band:
            painter.drawLine(rect.topLeft(), rect.bottomLeft())

    def set_party_sample(self, sample: str) -> None:
        """The widest party name of the contest: every party chip is as wide, so the names line up."""
        if sample != self._party_sample:
            self._party_sample = sample
            self._rooms.clear()

    def party_chip_width(self) -> int:
        sample = self._party_sample
        return QFontMetrics(self._res.small_bold).horizontalAdvance(sample) + self._res.metrics.pad if sample else 0

    def label_room(self, rect: QRect, cell: ProjectorCell) -> tuple[QRect, str, QRectF | None]:
        """Where the label goes, the badge text chosen, and the badge's rect (None without a badge); cached by cell
        and size, and moved to ``rect``."""
        self._check_generation()
        key = (cell, rect.width(), rect.height())
        found = self._rooms.get(key)
        if found is None:
            if len(self._rooms) > 4000:
                self._rooms.clear()
            found = self._rooms[key] = self._label_room(QRect(0, 0, rect.width(), rect.height()), cell)
        room, text, badge = found
        return (room.translated(rect.topLeft()), text,
                badge.translated(rect.left(), rect.top()) if badge is not None else None)

    def _label_room(self, rect: QRect, cell: ProjectorCell) -> tuple[QRect, str, QRectF | None]:
        res = self._res
        m = res.metrics
        indent = round(m.pad * 0.8) * max(cell.indent - 1, 0)
        inner = rect.adjusted(m.pad + indent, 0, -m.pad, 0)
        if cell.party:
            inner.setLeft(inner.left() + self.party_chip_width() + round(m.pad * 0.5))
        if not cell.badges:
            return inner, "", None
        fm = QFontMetrics(res.badge_font)
        natural = QFontMetrics(res.label_font).horizontalAdvance(cell.text)
        gap = round(m.pad * 0.6)
        cap = round(inner.width() * 0.75)
        chosen = cell.badges[-1]
        for text in cell.badges:  # the longest form that fits whole and leaves the label its room
            width = fm.horizontalAdvance(text) + m.pad
            if width <= cap and inner.width() - width - gap >= min(natural, inner.width() * 0.38):
                chosen = text
                break
        width = min(fm.horizontalAdvance(chosen) + m.pad, cap)
        h = round(m.row_height * 0.62)
        badge = QRectF(inner.right() - width, rect.top() + (rect.height() - h) / 2, width, h)
        inner.setRight(round(badge.left()) - gap)
        return inner, chosen, badge

    def _paint_label(self, painter: QPainter, rect: QRect, cell: ProjectorCell) -> None:
        res = self._res
        m = res.metrics
        inner, badge_text, badge = self.label_room(rect, cell)
        if cell.party:
            painter.setFont(res.small_bold)
            fm = painter.fontMetrics()
            indent = round(m.pad * 0.8) * max(cell.indent - 1, 0)
            h = round(m.row_height * 0.56)
            chip = QRectF(rect.left() + m.pad + indent, rect.top() + (rect.height() - h) / 2,
                          min(fm.horizontalAdvance(cell.party) + m.pad, self.party_chip_width()), h)
            group = res.tone_background(Tone.GROUP)
            paint_chip(painter, chip, elide(fm, cell.party, round(chip.width()) - m.pad // 2),
                       group.color() if group is not None else res.stripe, res.tone_foreground(Tone.GROUP).color(),
                       border=res.muted)
        painter.setPen(res.text)
        draw_label(painter, inner, self.labels.fit(cell.text, res.label_font, inner.width(), rect.height()),
                   self.texts)
        if badge is not None:
            painter.setFont(res.badge_font)
            bg, fg = res.badge.get(cell.badge_tone, (res.text, res.background))
            shown = elide(painter.fontMetrics(), badge_text, round(badge.width()) - m.pad // 2)
            paint_chip(painter, badge, shown, bg, fg)

    def _paint_figure(self, painter: QPainter, rect: QRect, cell: ProjectorCell, col: int) -> None:
        res = self._res
        m = res.metrics
        inner = rect.adjusted(m.pad, 0, -m.pad, 0)
        if cell.marks:
            self._paint_marks(painter, rect, cell)
            inner.setLeft(inner.left() + QFontMetrics(res.mark_font).horizontalAdvance(cell.marks) + m.pad)
        if not cell.text:
            return
        painter.setPen(res.tone_foreground(cell.tone).color())
        self.texts.draw(painter, inner, cell.text, res.font_for(cell.tone), _RIGHT)

    def _paint_marks(self, painter: QPainter, rect: QRect, cell: ProjectorCell) -> None:
        """The marks' symbols at the left of the Manual cell, each in its colour on the row's background."""
        res = self._res
        m = res.metrics
        painter.setFont(res.mark_font)
        fm = painter.fontMetrics()
        x = rect.left() + round(m.pad * 0.5)
        kinds = {"↻": "hitung_ulang", "✎": "koreksi", "⚑": "keberatan" if cell.marks_open else "keberatan_diputus"}
        for symbol in cell.marks:
            w = fm.horizontalAdvance(symbol)
            painter.setPen(res.marks[kinds.get(symbol, "koreksi")])
            painter.drawText(QRect(x, rect.top(), w + 2, rect.height()), _CENTER, symbol)
            x += w + 2


class ProjectorHeader(QHeaderView):
    """Column titles on a dark band: the title, and under it what the column is ("pembanding", "s.d. kini")."""

    SUBTITLES: ClassVar[dict[ProjectorColumn, str]] = {
        ProjectorColumn.MANUAL: "hasil resmi",
        ProjectorColumn.SIREKAP: "pembanding",
        ProjectorColumn.DELTA: "manual − Sirekap",
        ProjectorColumn.JUMLAH: "",
    }

    def __init__(self, resources: ProjectorResources, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._res = resources
        self.setSectionsClickable(False)
        self.setHighlightSections(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        model = self.model()
        if model is None or not rect.isValid():
            return
        res = self._res
        m = res.metrics
        painter.save()
        painter.fillRect(rect, res.column_header_bg)
        painter.setPen(QPen(res.background, 1))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.setFont(res.column_header_font)
        painter.setPen(res.column_header_fg)
        title = str(model.headerData(logical_index, Qt.Orientation.Horizontal) or "")
        inner = rect.adjusted(m.pad, 0, -m.pad // 2, 0)
        fm = painter.fontMetrics()
        if logical_index == ProjectorColumn.URAIAN:
            painter.drawText(inner, _LEFT, elide(fm, title, inner.width()))
        else:
            main, _, rest = title.partition(" ")
            sub = rest.strip("()") if logical_index != ProjectorColumn.DELTA else ""
            sub = sub or self.SUBTITLES.get(ProjectorColumn(logical_index), "")
            half = rect.height() / 2
            painter.drawText(QRectF(inner.left(), rect.top(), inner.width(), half), _CENTER,
                             elide(fm, main, inner.width()))
            painter.setFont(res.small_font)
            painter.drawText(QRectF(inner.left(), rect.top() + half, inner.width(), half), _CENTER,
                             elide(painter.fontMetrics(), sub, inner.width()))
        painter.restore()


class ProjectorView(QTableView):
    """The projector's table: no editor, no selection, no focus, no mouse; the current row is outlined."""

    def __init__(self, resources: ProjectorResources, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._res = resources
        self._current_row = -1
        self.setHorizontalHeader(ProjectorHeader(resources, self))
        self.setItemDelegate(ProjectorDelegate(resources, self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setTabKeyNavigation(False)
        self.setDragEnabled(False)
        self.setAcceptDrops(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setFrameShape(QTableView.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)  # whole rows at the top
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        vh = self.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setMinimumSectionSize(8)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.viewport().setAutoFillBackground(True)

    def delegate(self) -> ProjectorDelegate:
        delegate = self.itemDelegate()
        assert isinstance(delegate, ProjectorDelegate)
        return delegate

    # the view never edits, whatever asks it to
    def edit(self, index: ANY_INDEX, trigger: QAbstractItemView.EditTrigger, event: QEvent) -> bool:  # type: ignore[override]
        return False

    def setModel(self, model: object) -> None:  # type: ignore[override]
        old = self.model()
        if old is not None:
            old.modelReset.disconnect(self.apply_spans)
        super().setModel(model)  # type: ignore[arg-type]
        if model is not None:
            model.modelReset.connect(self.apply_spans)  # type: ignore[attr-defined]
            self.apply_spans()

    def apply_spans(self) -> None:
        """Section and party header rows span the table."""
        model = self.model()
        self.clearSpans()
        if model is None:
            return
        columns = model.columnCount()
        for row in range(model.rowCount()):
            if model.headerData(row, Qt.Orientation.Vertical, Role.ROW_KIND) != RowKind.LINE:
                self.setSpan(row, 0, 1, columns)

    # ------------------------------------------------------------------ current row
    def current_row(self) -> int:
        return self._current_row

    def set_current_row(self, row: int) -> None:
        if row == self._current_row:
            self.centre_current()
            return
        old, self._current_row = self._current_row, row
        self._update_row(old)
        self.centre_current()
        self._update_row(row)

    def centre_current(self) -> None:
        """Scroll so that the current row is the middle one of the whole rows shown (clamped at the ends)."""
        model = self.model()
        if model is None or not 0 <= self._current_row < model.rowCount():
            return
        bar = self.verticalScrollBar()
        if bar.maximum() == 0 and self.rowViewportPosition(model.rowCount() - 1) > self.viewport().height():
            self.scrollTo(model.index(self._current_row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
            return  # not laid out yet
        shown = max(1, self.viewport().height() // max(1, self._res.metrics.row_height))
        bar.setValue(max(0, min(bar.maximum(), self._current_row - shown // 2)))  # per item: the top row

    def row_rect(self, row: int) -> QRect:
        model = self.model()
        if model is None or not 0 <= row < model.rowCount():
            return QRect()
        y = self.rowViewportPosition(row)
        return QRect(0, y, self.viewport().width(), self.rowHeight(row))

    def _update_row(self, row: int) -> None:
        rect = self.row_rect(row)
        if rect.isValid():
            self.viewport().update(rect)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        rect = self.row_rect(self._current_row)
        if not rect.isValid() or not event.rect().intersects(rect):
            return
        m = self._res.metrics
        width = 0
        for col in range(self.model().columnCount()):
            if not self.isColumnHidden(col):
                width += self.columnWidth(col)
        rect.setWidth(min(width, rect.width()))
        painter = QPainter(self.viewport())
        pen = QPen(self._res.current, m.outline)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = m.outline / 2
        painter.drawRect(QRectF(rect).adjusted(half, half, -half, -half))
        bar = max(m.outline, round(10 * m.unit))
        painter.fillRect(QRect(rect.left(), rect.top(), bar, rect.height()), self._res.current)
        painter.end()
