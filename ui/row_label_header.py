"""The row labels of the entry grid: a vertical header painting 'line id  label', indented, with section and party
headers as bands, and the current row marked.

Being the grid's vertical header, the labels stay visible while the grid scrolls sideways. A label too wide for its
band is shortened: first to the line's short name (:mod:`ui.line_names`), then elided keeping its distinguishing
tail (:func:`elide_label`); a heading shrinks its font a little instead.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QHeaderView, QWidget

from ui.cell_state import Role, RowKind
from ui.line_names import line_names
from ui.theme import ThemeResources


def elide_label(fm: QFontMetrics, label: str, width: int) -> str:
    """Elide a row label, keeping its distinguishing tail ('… — Laki-laki', '… — Perempuan')."""
    if fm.horizontalAdvance(label) <= width:
        return label
    head, sep, tail = label.rpartition(" — ")
    if sep and fm.horizontalAdvance(sep + tail) < width * 0.6:
        room = width - fm.horizontalAdvance(sep + tail)
        return fm.elidedText(head, Qt.TextElideMode.ElideRight, room) + sep + tail
    return fm.elidedText(label, Qt.TextElideMode.ElideRight, width)


def _shrink_to_fit(painter: QPainter, text: str, width: int, floor: float = 0.82) -> None:
    """Reduce the painter's font (down to ``floor`` of its size) so that a heading fits its band."""
    advance = painter.fontMetrics().horizontalAdvance(text)
    if advance > width > 0:
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * max(floor, width / advance))
        painter.setFont(font)


class RowLabelHeader(QHeaderView):
    """Vertical header painting 'line id  label' with indentation, and section / party headers as bands."""

    ID_WIDTH = 74

    def __init__(self, resources: ThemeResources, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self._res = resources
        self._width = 450
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHighlightSections(True)
        fm = QFontMetrics(resources.figure_font)
        self.setDefaultSectionSize(fm.height() + 10)
        self.setMinimumSectionSize(fm.height() + 4)

    def label_width(self) -> int:
        return self._width

    def set_label_width(self, width: int) -> None:
        self._width = width
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(self._width, super().sizeHint().height())

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        model = self.model()
        if model is None or not rect.isValid():
            return
        orient = Qt.Orientation.Vertical
        kind = model.headerData(logical_index, orient, Role.ROW_KIND)
        label = model.headerData(logical_index, orient, Role.LABEL) or ""
        res = self._res
        painter.save()
        grid = QPen(res.line_id_colour)
        grid.setWidth(0)
        if kind == RowKind.SECTION:
            painter.fillRect(rect, res.section_background)
            painter.setPen(res.section_foreground.color())
            painter.setFont(res.header_font)
            text_rect = rect.adjusted(8, 0, -6, 0)
        elif kind == RowKind.GROUP:
            painter.fillRect(rect, res.group_background)
            painter.setPen(res.group_foreground.color())
            painter.setFont(res.header_font)
            text_rect = rect.adjusted(18, 0, -6, 0)
        else:
            current = self.selectionModel().currentIndex() if self.selectionModel() else QModelIndex()
            if current.isValid() and current.row() == logical_index:
                painter.fillRect(rect, res.current_row_background)
                painter.fillRect(QRect(rect.left(), rect.top(), 4, rect.height()), res.current_border)
            else:
                painter.fillRect(rect, self.palette().base())
            line_id = model.headerData(logical_index, orient, Role.LINE_ID) or ""
            indent = int(model.headerData(logical_index, orient, Role.INDENT) or 0)
            painter.setFont(res.figure_font)
            painter.setPen(res.line_id_colour)
            id_rect = rect.adjusted(8, 0, 0, 0)
            id_rect.setWidth(self.ID_WIDTH - 8)
            painter.drawText(id_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), line_id)
            painter.setPen(self.palette().text().color())
            text_rect = rect.adjusted(self.ID_WIDTH + 12 * max(indent - 1, 0), 0, -6, 0)
        if kind != RowKind.LINE:
            _shrink_to_fit(painter, label, text_rect.width())
        elif painter.fontMetrics().horizontalAdvance(label) > text_rect.width():
            label = self._short_label(model, str(line_id)) or label  # "Pengguna DPTb P" rather than "B.2 Peng…"
        shown = elide_label(painter.fontMetrics(), label, text_rect.width())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown)
        painter.setPen(res.grid_pen)
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.restore()


    @staticmethod
    def _short_label(model: object, line_id: str) -> str:
        sheet_model = getattr(model, "sheet_model", None)
        if sheet_model is None or not line_id:
            return ""
        names = line_names(sheet_model().sheet.catalogue)
        return names.text(line_id) if names.get(line_id) is not None else ""
