"""The projector window: what the room (saksi, Bawaslu, PPK) sees, live and read-only (DESIGN §1, §8).

A second top-level window fed by the operator's :class:`~ui.sheet_model.SheetModel` through the presentation
proxy :class:`~ui.projector_model.ProjectorModel`. It shows the contest, the current kecamatan in large type,
its lines with Manual | Sirekap (pembanding) | Selisih Δ | Cakupan | JUMLAH s.d. kini, a strip with the status
of every kecamatan of the contest and a legend; it follows the operator's kecamatan and row (the row being
edited is centred and outlined). A pause screen ("jeda") replaces the table while a correction is discussed.

Placement: F5 (:meth:`ProjectorWindow.toggleAction`) shows it full-screen on the chosen screen (the screen menu,
:meth:`ProjectorWindow.screenMenu`, lists the connected screens; the choice is remembered in QSettings by screen
name) and follows screens being plugged and unplugged. With a single screen it is an ordinary window.

Read-only by construction: the window is given the model, never a committer or a service; the view has no
editor, no selection and no focus, and the proxy refuses every write.

Development and screenshots: ``python -m ui.projector_playground`` (in-memory demo data, no database).

Signals (ProjectorWindow):
    shownChanged(bool): the window was shown (True) or hidden (False).
    pausedChanged(bool): the pause screen was switched on or off.
    screenChosen(str): the operator chose a screen (its name, as remembered).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QHideEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStackedLayout,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rekap_desktop.numbers import format_number
from rekap_desktop.rules import JUMLAH
from ui.cell_state import Role, RowKind
from ui.projector_model import (
    CROSS,
    DOWN,
    NO_DATA,
    UP,
    ProjectorCell,
    ProjectorColumn,
    ProjectorModel,
    ProjectorRole,
)
from ui.projector_theme import (
    DARK,
    LIGHT,
    ROWS_PER_SCREEN,
    ROWS_PER_SCREEN_RANGE,
    STATUS_LABELS,
    ProjectorMetrics,
    ProjectorResources,
    ProjectorTheme,
    Tone,
    metrics_for,
    theme_named,
)
from ui.sheet_model import SheetModel

ANY_INDEX = QModelIndex | QPersistentModelIndex

SETTINGS_ORG = "KPU"
SETTINGS_APP = "RekapDesktop"
KEY_SCREEN = "projector/screen"
KEY_THEME = "projector/theme"
KEY_ROWS = "projector/rows_per_screen"
PAUSE_TITLE = "RAPAT PLENO REKAPITULASI — JEDA"
OFFICIAL_NOTE = "Hasil resmi: angka Manual (D.HASIL KECAMATAN). Sirekap hanya pembanding."
TOGGLE_SHORTCUT = "F5"
PAUSE_SHORTCUT = "F7"  # as on the shortcut sheet (ui/shortcuts.py)
TABLE_GAP = 6  # px between the kecamatan strip and the table

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


def elide(fm: QFontMetrics, text: str, width: int) -> str:
    """Elide a label to ``width``, keeping a distinguishing tail ('… — Laki-laki')."""
    if fm.horizontalAdvance(text) <= width:
        return text
    head, sep, tail = text.rpartition(" — ")
    if sep and fm.horizontalAdvance(sep + tail) < width * 0.6:
        return fm.elidedText(head, Qt.TextElideMode.ElideRight, width - fm.horizontalAdvance(sep + tail)) + sep + tail
    return fm.elidedText(text, Qt.TextElideMode.ElideRight, width)


def draw_fitted(painter: QPainter, rect: QRectF | QRect, align: Qt.AlignmentFlag, text: str,
                min_stretch: float = 0.72) -> None:
    """Draw ``text`` in ``rect``, squeezed horizontally (down to ``min_stretch``) before it is elided."""
    fm = painter.fontMetrics()
    width = fm.horizontalAdvance(text)
    room = rect.width()
    if width <= room or room <= 0:
        painter.drawText(rect, align, text)
        return
    stretch = max(min_stretch, room / width)
    r = QRectF(rect)
    painter.save()
    painter.translate(r.left(), 0)
    painter.scale(stretch, 1.0)
    wide = QRectF(0, r.top(), r.width() / stretch, r.height())
    painter.drawText(wide, align, elide(fm, text, int(wide.width())))
    painter.restore()


def short_name(fm: QFontMetrics, name: str, position: int, width: int) -> str:
    """A kecamatan name that fits ``width``: whole, elided ('KARANGPE…'), or its position number."""
    if fm.horizontalAdvance(name) <= width:
        return name
    elided = fm.elidedText(name, Qt.TextElideMode.ElideRight, width)
    if len(elided.rstrip("…")) >= 3:
        return elided
    return f"{position:02d}"


def choose_screen(names: Sequence[str], remembered: str | None, operator: str | None) -> str | None:
    """The screen the projector goes to: the remembered one when connected, else the first screen that is not
    the operator's, else the only one (None without screens)."""
    if not names:
        return None
    if remembered and remembered in names:
        return remembered
    others = [n for n in names if n != operator]
    return (others or list(names))[0]


def _clamp_rows(value: object) -> int:
    try:
        rows = int(str(value))
    except ValueError:
        rows = ROWS_PER_SCREEN
    low, high = ROWS_PER_SCREEN_RANGE
    return max(low, min(high, rows))


def screen_label(screen: QScreen) -> str:
    g = screen.geometry()
    return f"{screen.name()} — {g.width()}×{g.height()} di ({g.x()}, {g.y()})"


# ---------------------------------------------------------------------------------------------------- the table
class ProjectorDelegate(QStyledItemDelegate):
    """Paints a projector cell from its :class:`ProjectorCell`; never creates an editor."""

    def __init__(self, resources: ProjectorResources, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._res = resources
        self._elided: dict[tuple[str, int, int], str] = {}
        self._generation = -1

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ANY_INDEX) -> None:  # type: ignore[override]
        return None

    def sizeHint(self, option: QStyleOptionViewItem, index: ANY_INDEX) -> QSize:
        return QSize(100, self._res.metrics.row_height)

    def _fit(self, painter: QPainter, text: str, width: int) -> str:
        """``text`` elided to ``width`` in the painter's font; cached (labels repaint at every scroll)."""
        if self._generation != self._res.generation or len(self._elided) > 4000:
            self._elided.clear()
            self._generation = self._res.generation
        key = (text, width, painter.font().pixelSize() * 16 + painter.font().weight() // 100)
        shown = self._elided.get(key)
        if shown is None:
            shown = self._elided[key] = elide(painter.fontMetrics(), text, width)
        return shown

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ANY_INDEX) -> None:
        cell: ProjectorCell | None = index.data(ProjectorRole.CELL)
        if cell is None:
            return
        res = self._res
        m = res.metrics
        rect: QRect = option.rect  # type: ignore[attr-defined]
        bg = res.tone_background(cell.tone)
        if bg is not None:
            painter.fillRect(rect, bg)
        else:
            painter.fillRect(rect, res.stripe if index.row() % 2 else res.background)
        col = index.column()
        band = cell.tone in (Tone.SECTION, Tone.GROUP)
        if band:
            painter.setFont(res.header_band_font)
            painter.setPen(res.tone_foreground(cell.tone).color())
            inner = rect.adjusted(m.pad + (round(m.unit * 0.5) if cell.tone is Tone.GROUP else 0), 0, -m.pad, 0)
            painter.drawText(inner, _LEFT, self._fit(painter, cell.text, inner.width()))
        elif col == ProjectorColumn.URAIAN:
            self._paint_label(painter, rect, cell)
        else:
            self._paint_figure(painter, rect, cell, col)
        painter.setPen(res.grid_pen)
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        if col != ProjectorColumn.URAIAN and not band:
            painter.drawLine(rect.topLeft(), rect.bottomLeft())

    def _paint_label(self, painter: QPainter, rect: QRect, cell: ProjectorCell) -> None:
        res = self._res
        m = res.metrics
        painter.setFont(res.small_font)
        painter.setPen(res.muted)
        painter.drawText(rect.adjusted(m.pad, 0, 0, 0), _LEFT, cell.line_id)
        indent = round(m.unit * 0.45) * max(cell.indent - 1, 0)
        inner = rect.adjusted(m.pad + res.line_id_width + indent, 0, -m.pad, 0)
        painter.setFont(res.label_font)
        painter.setPen(res.text)
        painter.drawText(inner, _LEFT, self._fit(painter, cell.text, inner.width()))

    def _paint_figure(self, painter: QPainter, rect: QRect, cell: ProjectorCell, col: int) -> None:
        res = self._res
        m = res.metrics
        inner = rect.adjusted(m.pad, 0, -m.pad, 0)
        if cell.badge:
            painter.setFont(res.badge_font)
            fm = painter.fontMetrics()
            h = round(m.row_height * 0.72)
            w = fm.horizontalAdvance(cell.badge) + 2 * round(m.unit * 0.16)
            pill = QRectF(inner.left(), rect.top() + (rect.height() - h) / 2, w, h)
            bg, fg = res.badge.get(cell.badge_tone, (res.text, res.background))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(bg)
            painter.drawRoundedRect(pill, h * 0.22, h * 0.22)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(fg)
            painter.drawText(pill, _CENTER, cell.badge)
            inner.setLeft(round(pill.right()) + m.pad // 2)
        if not cell.text:
            return
        small = col == ProjectorColumn.CAKUPAN or (col == ProjectorColumn.SIREKAP and cell.tone is Tone.MISSING)
        painter.setFont(res.font_for(cell.tone, small=small))
        painter.setPen(res.tone_foreground(cell.tone).color())
        align = _CENTER if col == ProjectorColumn.CAKUPAN else _RIGHT
        painter.drawText(inner, align, self._fit(painter, cell.text, inner.width()))


class ProjectorHeader(QHeaderView):
    """Column titles on a dark band, two lines, in the projector's fonts."""

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
        painter.save()
        painter.fillRect(rect, res.column_header_bg)
        painter.setPen(QPen(res.background, 1))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.setFont(res.column_header_font)
        painter.setPen(res.column_header_fg)
        text = str(model.headerData(logical_index, Qt.Orientation.Horizontal) or "")
        align = _LEFT if logical_index == ProjectorColumn.URAIAN else _CENTER
        painter.drawText(rect.adjusted(res.metrics.pad, 0, -res.metrics.pad // 2, 0), align, text)
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
        bar = round(m.unit * 0.22)
        painter.fillRect(QRect(rect.left(), rect.top(), bar, rect.height()), self._res.current)
        painter.end()


# ---------------------------------------------------------------------------------------------------- the top
class TitleBar(QWidget):
    """Kabupaten and contest on one line, the kecamatan in large type with its status and TPS count."""

    def __init__(self, resources: ProjectorResources, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._res = resources
        self.kabupaten = ""
        self.contest = ""
        self.kecamatan = ""
        self.status = ""
        self.detail = ""
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_texts(self, *, kabupaten: str, contest: str, kecamatan: str, status: str, detail: str) -> None:
        self.kabupaten, self.contest, self.kecamatan, self.status, self.detail = (
            kabupaten, contest, kecamatan, status, detail)
        self.update()

    def apply_metrics(self) -> None:
        m = self._res.metrics
        self.setFixedHeight(round(m.unit * 0.95) + round(m.unit * 1.55))

    def paintEvent(self, event: QPaintEvent) -> None:
        res = self._res
        m = res.metrics
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        top = QRect(m.pad, 0, self.width() - 2 * m.pad, round(m.unit * 0.95))
        p.setFont(res.heading_font)
        p.setPen(res.muted)
        left = "RAPAT PLENO TERBUKA REKAPITULASI" + (f" · {self.kabupaten}" if self.kabupaten else "")
        fm = p.fontMetrics()
        p.setPen(res.heading)
        contest_w = min(fm.horizontalAdvance(self.contest), top.width() // 2)
        p.drawText(top, _RIGHT, elide(fm, self.contest, contest_w))
        p.setPen(res.muted)
        p.drawText(top.adjusted(0, 0, -contest_w - m.pad, 0), _LEFT, elide(fm, left, top.width() - contest_w - m.pad))
        big = QRect(m.pad, top.bottom(), self.width() - 2 * m.pad, self.height() - top.height())
        chip_w = 0
        if self.status:
            bg, fg, symbol = res.status.get(self.status, res.status["belum"])
            p.setFont(res.small_bold)
            cfm = p.fontMetrics()
            text = f"{symbol} {STATUS_LABELS.get(self.status, self.status)}"
            chip_w = cfm.horizontalAdvance(text) + 2 * m.pad
            chip_h = round(m.unit * 0.85)
            chip = QRectF(big.right() - chip_w, big.center().y() - chip_h / 2, chip_w, chip_h)
            p.setPen(QPen(res.text, 2) if bg == res.background or self.status == "belum" else Qt.PenStyle.NoPen)
            p.setBrush(bg)
            p.drawRoundedRect(chip, chip_h * 0.25, chip_h * 0.25)
            p.setPen(fg)
            p.drawText(chip, _CENTER, text)
        if self.detail:
            p.setFont(res.small_font)
            dfm = p.fontMetrics()
            dw = dfm.horizontalAdvance(self.detail)
            p.setPen(res.muted)
            p.drawText(QRect(big.right() - chip_w - m.pad - dw, big.top(), dw, big.height()), _RIGHT, self.detail)
            chip_w += dw + m.pad
        p.setFont(res.kecamatan_font)
        p.setPen(res.kecamatan)
        room = big.width() - chip_w - 2 * m.pad
        p.drawText(big, _LEFT, elide(p.fontMetrics(), self.kecamatan, room))
        p.end()


class KecamatanStrip(QWidget):
    """One small cell per kecamatan of the contest, coloured by status, with its symbol and a short name."""

    def __init__(self, resources: ProjectorResources, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._res = resources
        self._items: list[tuple[str, str]] = []
        self._statuses: dict[str, str] = {}
        self._current = ""
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_kecamatan(self, items: Sequence[tuple[str, str]]) -> None:
        self._items = list(items)
        self.update()

    def set_statuses(self, statuses: Mapping[str, str]) -> None:
        self._statuses = dict(statuses)
        self.update()

    def set_current(self, code: str) -> None:
        self._current = code
        self.update()

    def status_of(self, code: str) -> str:
        return self._statuses.get(code, "belum")

    def apply_metrics(self) -> None:
        self.setFixedHeight(self._res.metrics.strip_height)

    def cell_rect(self, i: int) -> QRect:
        m = self._res.metrics
        n = max(len(self._items), 1)
        gap = max(2, round(m.unit * 0.08))
        width = self.width() - 2 * m.pad
        w = (width - gap * (n - 1)) / n
        x = m.pad + i * (w + gap)
        return QRect(round(x), gap, round(w), self.height() - 2 * gap)

    def paintEvent(self, event: QPaintEvent) -> None:
        res = self._res
        m = res.metrics
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setFont(res.small_font)
        fm = p.fontMetrics()
        for i, (code, name) in enumerate(self._items):
            rect = self.cell_rect(i)
            bg, fg, symbol = res.status.get(self.status_of(code), res.status["belum"])
            p.setPen(QPen(res.muted, 1))
            p.setBrush(bg)
            p.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
            p.setPen(fg)
            inner = rect.adjusted(m.pad // 3, 0, -(m.pad // 3), 0)
            room = round((inner.width() - fm.horizontalAdvance(symbol + " ")) / 0.72)
            label = short_name(fm, name, i + 1, room)
            draw_fitted(p, inner, _CENTER, f"{symbol} {label}")
            if code == self._current:
                w = max(3, m.outline)
                pen = QPen(res.current, w)
                pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
                p.setPen(pen)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(QRectF(rect).adjusted(w / 2, w / 2, -w / 2, -w / 2))
        p.end()


class Legend(QWidget):
    """What the colours and symbols mean, drawn with the cells' own colours; statuses; who is official."""

    def __init__(self, resources: ProjectorResources, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._res = resources
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def apply_metrics(self) -> None:
        self.setFixedHeight(self._res.metrics.legend_height)

    def items(self) -> list[tuple[str, Tone, str]]:
        return [
            (f"{UP} +12", Tone.MISMATCH, "manual > Sirekap"),
            (f"{DOWN} −3", Tone.MISMATCH, "manual < Sirekap"),
            (f"{CROSS} R4", Tone.ERROR, "aturan hitung dilanggar"),
            ("sebagian", Tone.PARTIAL, "Sirekap belum lengkap"),
            (NO_DATA.replace("  ", " "), Tone.MISSING, ""),
        ]

    def paintEvent(self, event: QPaintEvent) -> None:
        res = self._res
        m = res.metrics
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        line_h = self.height() / 2
        chip_h = round(line_h * 0.8)
        x = float(m.pad)
        for sample, tone, meaning in self.items():
            p.setFont(res.small_bold)
            fm = p.fontMetrics()
            w = fm.horizontalAdvance(sample) + m.pad
            chip = QRectF(x, (line_h - chip_h) / 2, w, chip_h)
            if tone is Tone.ERROR:
                bg, fg = res.badge[Tone.ERROR]
            else:
                brush = res.tone_background(tone)
                bg = brush.color() if brush is not None else res.background
                fg = res.tone_foreground(tone).color()
            p.setPen(QPen(res.muted, 1))
            p.setBrush(bg)
            p.drawRoundedRect(chip, 4, 4)
            p.setPen(fg)
            p.drawText(chip, _CENTER, sample)
            x = chip.right() + m.pad * 0.5
            if meaning:
                p.setFont(res.small_font)
                p.setPen(res.text)
                mw = p.fontMetrics().horizontalAdvance(meaning)
                p.drawText(QRectF(x, 0, mw + 2, line_h), _LEFT, meaning)
                x += mw
            x += m.pad * 1.6
        x = float(m.pad)
        p.setFont(res.small_bold)
        fm = p.fontMetrics()
        for status, (bg, fg, symbol) in res.status.items():
            text = f"{symbol} {STATUS_LABELS[status]}"
            w = fm.horizontalAdvance(text) + m.pad
            chip = QRectF(x, line_h + (line_h - chip_h) / 2, w, chip_h)
            p.setPen(QPen(res.muted, 1))
            p.setBrush(bg)
            p.drawRoundedRect(chip, 4, 4)
            p.setPen(fg)
            p.drawText(chip, _CENTER, text)
            x = chip.right() + m.pad * 0.6
        p.setFont(res.small_bold)
        p.setPen(res.text)
        room = QRectF(x + m.pad, line_h, self.width() - x - 2 * m.pad, line_h)
        p.drawText(room, _RIGHT, elide(p.fontMetrics(), OFFICIAL_NOTE, round(room.width())))
        p.end()


class PauseScreen(QWidget):
    """'RAPAT PLENO REKAPITULASI — JEDA', the kabupaten, the kecamatan being recapped, an optional message."""

    def __init__(self, resources: ProjectorResources, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._res = resources
        self.kabupaten = ""
        self.contest = ""
        self.kecamatan = ""
        self.message = ""
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def lines(self) -> list[str]:
        out = [PAUSE_TITLE]
        if self.kabupaten:
            out.append(self.kabupaten)
        if self.contest:
            out.append(self.contest)
        if self.kecamatan:
            out.append(f"Sedang direkapitulasi: {self.kecamatan}")
        if self.message:
            out.append(self.message)
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        res = self._res
        m = res.metrics
        p = QPainter(self)
        p.fillRect(self.rect(), res.pause_background)
        u = m.unit
        blocks: list[tuple[str, QFont, QColor, float]] = []
        light = QColor("#ffffff")
        title = QFont(res.kecamatan_font)
        title.setPixelSize(round(u * 1.35))
        blocks.append((PAUSE_TITLE, title, res.pause_accent, u * 2.6))
        if self.kabupaten:
            f = QFont(res.kecamatan_font)
            f.setPixelSize(round(u * 1.05))
            blocks.append((self.kabupaten, f, light, u * 1.8))
        if self.contest:
            f = QFont(res.heading_font)
            f.setPixelSize(round(u * 0.8))
            blocks.append((self.contest, f, light, u * 1.5))
        if self.kecamatan:
            f = QFont(res.heading_font)
            f.setPixelSize(round(u * 0.9))
            blocks.append((f"Sedang direkapitulasi: {self.kecamatan}", f, light, u * 1.8))
        if self.message:
            f = QFont(res.heading_font)
            f.setPixelSize(round(u * 0.8))
            f.setItalic(True)
            blocks.append((self.message, f, res.pause_accent, u * 1.6))
        total = sum(h for *_, h in blocks)
        y = (self.height() - total) / 2
        for text, font, colour, h in blocks:
            p.setFont(font)
            p.setPen(colour)
            rect = QRectF(m.pad * 2, y, self.width() - 4 * m.pad, h)
            p.drawText(rect, _CENTER, elide(p.fontMetrics(), text, round(rect.width())))
            y += h
        bar_w = self.width() * 0.4
        p.fillRect(QRectF((self.width() - bar_w) / 2, (self.height() - total) / 2 + u * 2.45, bar_w, max(3, u * 0.1)),
                   res.pause_accent)
        p.end()


# ---------------------------------------------------------------------------------------------------- the window
class ProjectorWindow(QWidget):
    """The projector window. Give it the operator's model (never a committer), then wire the slots.

    Signals:
        shownChanged(bool): shown (True) or hidden (False), whatever did it.
        pausedChanged(bool): the pause screen was switched on or off.
        screenChosen(str): a screen was chosen in the screen menu (its name, now remembered).
    """

    shownChanged = Signal(bool)
    pausedChanged = Signal(bool)
    screenChosen = Signal(str)

    def __init__(
        self,
        model: SheetModel,
        *,
        kabupaten: str = "",
        statuses: Mapping[str, str] | None = None,
        settings: QSettings | None = None,
        rows_per_screen: int = ROWS_PER_SCREEN,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Rekap Desktop — Layar Proyektor")
        self.setObjectName("projectorWindow")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus, True)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # never keeps the application alive
        self._settings = settings if settings is not None else QSettings(SETTINGS_ORG, SETTINGS_APP)
        self._rows_per_screen = _clamp_rows(self._settings.value(KEY_ROWS, rows_per_screen))
        theme = theme_named(self._settings.value(KEY_THEME, LIGHT.name))
        self._res = ProjectorResources(theme, metrics_for(QSize(1920, 1080), rows_per_screen))
        self._kabupaten = kabupaten
        self._statuses: dict[str, str] = dict(statuses or {})
        self._paused = False
        self._pause_message = ""
        self._placed_once = False
        self._gone: set[str] = set()  # names of screens signalled as removed (until added again)
        self._actions: dict[str, QAction] = {}

        self._proxy = ProjectorModel(model, resources=self._res, parent=self)
        self._title = TitleBar(self._res, self)
        self._strip = KecamatanStrip(self._res, self)
        self._view = ProjectorView(self._res, self)
        self._view.setModel(self._proxy)
        self._legend = Legend(self._res, self)
        self._pause = PauseScreen(self._res, self)

        live = QWidget(self)
        live.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        column = QVBoxLayout(live)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._title)
        column.addWidget(self._strip)
        column.addSpacing(TABLE_GAP)
        column.addWidget(self._view, 1)
        self._filler = QWidget(live)  # takes the part of a row that would show cut at the top of the table
        self._filler.setFixedHeight(0)
        column.addWidget(self._filler)
        column.addWidget(self._legend)
        self._live = live
        self._page: QWidget | None = None  # another page shown instead of the sheet (showPage)
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._stack.addWidget(live)
        self._stack.addWidget(self._pause)

        self._proxy.modelReset.connect(self._on_contest_changed)
        self._proxy.kecamatanChanged.connect(self._refresh_texts)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self._on_screen_added)
            app.screenRemoved.connect(self._on_screen_removed)
        self.addAction(self.toggleAction())
        self.addAction(self.pauseAction())
        self._apply_theme()
        self._on_contest_changed()
        self.resize(1280, 720)
        self._apply_metrics(force=True)
        self._fit_whole_rows()

    # ------------------------------------------------------------------ parts (for tests and the lead)
    def projector_model(self) -> ProjectorModel:
        return self._proxy

    def view(self) -> ProjectorView:
        return self._view

    def strip(self) -> KecamatanStrip:
        return self._strip

    def pause_screen(self) -> PauseScreen:
        return self._pause

    def resources(self) -> ProjectorResources:
        return self._res

    def metrics(self) -> ProjectorMetrics:
        return self._res.metrics

    def theme(self) -> ProjectorTheme:
        return self._res.theme

    # ------------------------------------------------------------------ slots: what to show
    def setModel(self, model: SheetModel) -> None:
        """Show another contest (the operator's model of that contest): a reset, like any contest switch."""
        self._proxy.setSourceModel(model)

    def kabupatenTitle(self) -> str:
        """'KABUPATEN SAMPANG' from 'Sampang' or from 'KABUPATEN SAMPANG' / 'KOTA …' as given."""
        name = self._kabupaten.strip().upper()
        return name if not name or name.startswith(("KABUPATEN", "KOTA")) else f"KABUPATEN {name}"

    def setKabupaten(self, name: str) -> None:
        self._kabupaten = name
        self._refresh_texts()

    def setStatuses(self, statuses: Mapping[str, str]) -> None:
        """Kecamatan code → "belum" | "dibacakan" | "selesai" | "ditetapkan" (for the strip and the title)."""
        self._statuses = dict(statuses)
        self._strip.set_statuses(self._statuses)
        self._refresh_texts()

    def setKecamatanStatus(self, code: str, status: str) -> None:
        self._statuses[code] = status
        self.setStatuses(self._statuses)

    def setCurrentKecamatan(self, code: str) -> None:
        """Follow the operator to another kecamatan (or JUMLAH); unknown codes are ignored."""
        if not code or code not in self._proxy.sheet_model().columns:
            return
        self._proxy.set_column(code)
        self._view.setColumnHidden(ProjectorColumn.JUMLAH, code == JUMLAH)
        self._layout_columns()
        self._view.centre_current()

    def setCurrentLine(self, line_id: str) -> None:
        """Follow the operator's row: centred and outlined. An unknown or empty id clears the outline."""
        try:
            row = self._proxy.row_of(line_id) if line_id else -1
        except KeyError:
            row = -1
        self._view.set_current_row(row)

    def setCurrentCell(self, line_id: str, column: str) -> None:
        """Both at once: connect GridView.currentCellChanged(line, column) here."""
        self.setCurrentKecamatan(column)
        if line_id:
            self.setCurrentLine(line_id)

    def currentKecamatan(self) -> str:
        return self._proxy.column

    def currentLine(self) -> str | None:
        return self._proxy.line_at(self._view.current_row())

    # ------------------------------------------------------------------ slots: pause and theme
    def setPaused(self, paused: bool, message: str | None = None) -> None:
        """Show the pause screen ("jeda") instead of the table, or back; ``message`` replaces the message line."""
        if message is not None:
            self.setPauseMessage(message)
        paused = bool(paused)
        if paused == self._paused:
            return
        self._paused = paused
        self._refresh_texts()
        self._stack.setCurrentWidget(self._pause if paused else (self._page or self._live))
        action = self._actions.get("pause")
        if action is not None and action.isChecked() != paused:
            action.setChecked(paused)
        self.pausedChanged.emit(paused)

    def isPaused(self) -> bool:
        return self._paused

    def showPage(self, page: QWidget | None) -> None:
        """Show another page instead of the sheet (the seat view, ui/seat_view.py), or the sheet again with None;
        the pause screen still covers it."""
        self._page = page
        if page is not None and self._stack.indexOf(page) < 0:
            self._stack.addWidget(page)
        if not self._paused:
            self._stack.setCurrentWidget(page or self._live)

    def setPauseMessage(self, message: str) -> None:
        self._pause_message = message.strip()
        self._pause.message = self._pause_message
        self._pause.update()

    def setThemeName(self, name: str) -> None:
        """"terang" (high-contrast light) or "gelap" (dark); remembered in QSettings."""
        theme = theme_named(name)
        self._settings.setValue(KEY_THEME, theme.name)
        if theme is self._res.theme:
            return
        self._res.set_theme(theme)
        self._apply_theme()
        action = self._actions.get("dark")
        if action is not None and action.isChecked() != (theme is DARK):
            action.setChecked(theme is DARK)

    def setDarkTheme(self, dark: bool) -> None:
        self.setThemeName(DARK.name if dark else LIGHT.name)

    def rowsPerScreen(self) -> int:
        return self._rows_per_screen

    def setRowsPerScreen(self, rows: int) -> None:
        """Row units per screen height (default 22; fewer = bigger type); clamped to 14–32, remembered."""
        self._rows_per_screen = _clamp_rows(rows)
        self._settings.setValue(KEY_ROWS, self._rows_per_screen)
        self._apply_metrics()
        self._fit_whole_rows()

    def largerTextAction(self) -> QAction:
        """'Huruf proyektor lebih besar': two row units fewer per screen."""
        action = self._actions.get("larger")
        if action is None:
            action = QAction("Huruf proyektor lebih &besar", self)
            action.triggered.connect(lambda: self.setRowsPerScreen(self._rows_per_screen - 2))
            self._actions["larger"] = action
        return action

    def smallerTextAction(self) -> QAction:
        """'Huruf proyektor lebih kecil': two row units more per screen (more rows visible)."""
        action = self._actions.get("smaller")
        if action is None:
            action = QAction("Huruf proyektor lebih &kecil", self)
            action.triggered.connect(lambda: self.setRowsPerScreen(self._rows_per_screen + 2))
            self._actions["smaller"] = action
        return action

    # ------------------------------------------------------------------ slots: showing and placing
    def showProjector(self) -> None:
        """Show on the chosen screen: full-screen when there are several screens, else an ordinary window."""
        self._place()

    def hideProjector(self) -> None:
        self.hide()

    def setProjectorVisible(self, visible: bool) -> None:
        if visible:
            self.showProjector()
        else:
            self.hideProjector()

    def toggleProjector(self) -> None:
        self.setProjectorVisible(not self.isVisible())

    def chosenScreenName(self) -> str | None:
        value = self._settings.value(KEY_SCREEN)
        return str(value) if value else None

    def setScreenName(self, name: str) -> None:
        """Remember ``name`` as the projector screen and move there when shown."""
        self._settings.setValue(KEY_SCREEN, name)
        self._settings.sync()
        self.screenChosen.emit(name)
        if self.isVisible():
            self._place()

    def connectedScreens(self, exclude: QScreen | None = None) -> list[QScreen]:
        """The screens the projector may use: connected, not being removed."""
        return [s for s in QGuiApplication.screens() if s is not exclude and s.name() not in self._gone]

    def targetScreen(self, exclude: QScreen | None = None) -> QScreen | None:
        """Where the projector goes: the remembered screen if connected, else one that is not the operator's."""
        screens = self.connectedScreens(exclude)
        operator = self._operator_screen(exclude)
        name = choose_screen([s.name() for s in screens], self.chosenScreenName(),
                             operator.name() if operator else None)
        return next((s for s in screens if s.name() == name), None)

    def _operator_screen(self, exclude: QScreen | None) -> QScreen | None:
        parent = self.parentWidget()
        screen = parent.window().screen() if parent is not None else QGuiApplication.primaryScreen()
        return None if screen is None or screen is exclude or screen.name() in self._gone else screen

    def _place(self, exclude: QScreen | None = None) -> None:
        screen = self.targetScreen(exclude)
        if screen is None:
            return
        if len(self.connectedScreens(exclude)) > 1:
            if self.isVisible() and self.isFullScreen() and self.screen() is screen \
                    and self.geometry() == screen.geometry():
                return
            if self.isFullScreen():
                self._set_full_screen(False)  # leave full screen before moving (X11, Windows)
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
            self._set_full_screen(True)
            self.show()  # not showFullScreen(): that would activate the window and take the operator's keyboard
            self.setCursor(Qt.CursorShape.BlankCursor)
        else:
            if self.isFullScreen():
                self._set_full_screen(False)
            self.unsetCursor()
            avail = screen.availableGeometry()
            if not self._placed_once or self.screen() is not screen or not avail.intersects(self.geometry()):
                size = QSize(min(1280, avail.width() * 3 // 4), min(720, avail.height() * 3 // 4))
                rect = QRect(QPoint(0, 0), size)
                rect.moveCenter(avail.center())
                self.setScreen(screen)
                self.setGeometry(rect)
            self.show()
        self._placed_once = True

    def _set_full_screen(self, on: bool) -> None:
        state = self.windowState() & ~(Qt.WindowState.WindowMinimized | Qt.WindowState.WindowMaximized)
        self.setWindowState(state | Qt.WindowState.WindowFullScreen if on else state & ~Qt.WindowState.WindowFullScreen)

    def _on_screen_removed(self, screen: QScreen) -> None:
        """A screen is being unplugged: if it is ours, move to a remaining one (remembered choice unchanged)."""
        self._gone.add(screen.name())
        if self.isVisible():
            self._place()  # before Qt moves the window to the primary screen by itself
            QTimer.singleShot(0, self, self._replace)

    def _on_screen_added(self, screen: QScreen) -> None:
        """A screen was plugged in: when it is the remembered one, go back there."""
        self._gone.discard(screen.name())
        if self.isVisible():
            self._place()

    def _replace(self) -> None:
        if self.isVisible():
            self._place()

    # ------------------------------------------------------------------ actions and menus
    def _checkable(self, key: str, text: str, shortcut: str, tip: str) -> tuple[QAction, bool]:
        """A checkable, application-wide action created once; the bool says whether it was just created."""
        action = self._actions.get(key)
        if action is not None:
            return action, False
        action = QAction(text, self)
        action.setCheckable(True)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.setStatusTip(tip)
        self._actions[key] = action
        return action, True

    def toggleAction(self) -> QAction:
        """Checkable 'Layar proyektor' (F5, application-wide): put it in the main window's menu."""
        action, new = self._checkable("toggle", "Layar &proyektor", TOGGLE_SHORTCUT,
                                      "Tampilkan atau sembunyikan layar proyektor untuk peserta rapat (F5)")
        if new:
            action.triggered.connect(self.setProjectorVisible)
        return action

    def pauseAction(self) -> QAction:
        """Checkable 'Jeda tayangan' (F7): the pause screen while a correction is discussed."""
        action, new = self._checkable("pause", "&Jeda tayangan proyektor", PAUSE_SHORTCUT,
                                      "Ganti tabel di proyektor dengan layar jeda (mis. selama koreksi dibahas)")
        if new:
            action.toggled.connect(self.setPaused)
        return action

    def darkThemeAction(self) -> QAction:
        """Checkable 'Tema gelap proyektor' (remembered)."""
        action = self._actions.get("dark")
        if action is None:
            action = QAction("Tema &gelap proyektor", self)
            action.setCheckable(True)
            action.setChecked(self._res.theme is DARK)
            action.toggled.connect(self.setDarkTheme)
            self._actions["dark"] = action
        return action

    def screenMenu(self, parent: QWidget | None = None) -> QMenu:
        """'Layar tujuan proyektor': the connected screens (name and geometry), rebuilt each time it opens."""
        menu = QMenu("Layar &tujuan proyektor", parent)
        group = QActionGroup(menu)
        group.setExclusive(True)

        def rebuild() -> None:
            menu.clear()
            target = self.targetScreen()
            for screen in QGuiApplication.screens():
                action = menu.addAction(screen_label(screen))
                action.setCheckable(True)
                action.setChecked(target is not None and screen.name() == target.name())
                action.setProperty("screenName", screen.name())
                group.addAction(action)
                name = screen.name()
                action.triggered.connect(lambda _=False, n=name: self.setScreenName(n))

        menu.aboutToShow.connect(rebuild)
        rebuild()
        return menu

    def projectorMenu(self, parent: QWidget | None = None) -> QMenu:
        """A ready 'Proyektor' menu: toggle (F5), pause (F7), screens, dark theme, text size."""
        menu = QMenu("&Proyektor", parent)
        menu.addAction(self.toggleAction())
        menu.addAction(self.pauseAction())
        menu.addSeparator()
        menu.addMenu(self.screenMenu(menu))
        menu.addAction(self.darkThemeAction())
        menu.addAction(self.largerTextAction())
        menu.addAction(self.smallerTextAction())
        return menu

    # ------------------------------------------------------------------ events
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._sync_toggle(True)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._sync_toggle(False)

    def closeEvent(self, event: QCloseEvent) -> None:
        # closing the projector only hides it; the operator window owns the application's life
        event.ignore()
        self.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_metrics()
        self._fit_whole_rows()

    def _fit_whole_rows(self) -> None:
        """Make the table show whole rows only: the remainder goes to a filler under the table."""
        m = self._res.metrics
        fixed = (self._title.minimumHeight() + self._strip.minimumHeight() + TABLE_GAP + self._legend.minimumHeight()
                 + m.header_height)
        rows_area = self.height() - fixed
        remainder = rows_area % m.row_height if rows_area > m.row_height else 0
        if self._filler.height() != remainder:
            self._filler.setFixedHeight(remainder)

    def _sync_toggle(self, shown: bool) -> None:
        action = self._actions.get("toggle")
        if action is not None and action.isChecked() != shown:
            action.setChecked(shown)
        self.shownChanged.emit(shown)

    # ------------------------------------------------------------------ internals
    def _on_contest_changed(self) -> None:
        sheet = self._proxy.sheet
        self._strip.set_kecamatan([(r.code, r.name) for r in sheet.contest.kecamatan])
        self._strip.set_statuses(self._statuses)
        self._view.setColumnHidden(ProjectorColumn.JUMLAH, self._proxy.column == JUMLAH)
        self._refresh_texts()
        self._layout_columns()

    def _refresh_texts(self) -> None:
        proxy = self._proxy
        sheet = proxy.sheet
        code = proxy.column
        contest = sheet.contest.title
        if code == JUMLAH:
            done = sum(1 for c in sheet.columns if self._statuses.get(c) in ("selesai", "ditetapkan"))
            status, detail = "", f"selesai {done} dari {len(sheet.columns)} kecamatan"
            kecamatan_name = "seluruh kecamatan"
        else:
            status = self._statuses.get(code, "belum")
            tps = sheet.tps_count(code)
            detail = f"{format_number(tps)} TPS" if tps else ""
            kecamatan_name = f"Kecamatan {sheet.contest.kecamatan_name(code)}"
        self._title.set_texts(kabupaten=self.kabupatenTitle(), contest=contest, kecamatan=proxy.kecamatan_title(),
                              status=status, detail=detail)
        self._strip.set_current(code)
        self._pause.kabupaten = self.kabupatenTitle()
        self._pause.contest = contest
        self._pause.kecamatan = kecamatan_name
        self._pause.update()

    def _apply_theme(self) -> None:
        res = self._res
        palette = self.palette()
        for role, colour in (
            (QPalette.ColorRole.Window, res.background),
            (QPalette.ColorRole.Base, res.background),
            (QPalette.ColorRole.AlternateBase, res.stripe),
            (QPalette.ColorRole.Text, res.text),
            (QPalette.ColorRole.WindowText, res.text),
        ):
            palette.setColor(role, colour)
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self._view.setPalette(palette)
        self._view.viewport().setPalette(palette)
        # Brushes changed, not data: repaint every view of the proxy (a theme switch is no edit).
        for widget in (self._title, self._strip, self._legend, self._pause, self._view.viewport(),
                       self._view.horizontalHeader().viewport()):
            widget.update()

    def _apply_metrics(self, *, force: bool = False) -> None:
        metrics = metrics_for(self.size(), self._rows_per_screen)
        if metrics == self._res.metrics and not force:
            return
        self._res.set_metrics(metrics)
        self._title.apply_metrics()
        self._strip.apply_metrics()
        self._legend.apply_metrics()
        vh = self._view.verticalHeader()
        vh.setDefaultSectionSize(metrics.row_height)
        self._view.horizontalHeader().setFixedHeight(metrics.header_height)
        self._layout_columns()
        self._view.centre_current()
        self.update()

    def _layout_columns(self) -> None:
        res = self._res
        m = res.metrics
        bold = QFontMetrics(res.figure_bold)
        small = res.small_metrics
        header = QFontMetrics(res.column_header_font)

        def fit(col: ProjectorColumn, content: int) -> int:
            title = str(self._proxy.headerData(col, Qt.Orientation.Horizontal) or "")
            title_w = max((header.horizontalAdvance(part) for part in title.split("\n")), default=0)
            return max(content, title_w + m.pad) + 2 * m.pad

        number = bold.horizontalAdvance("8.888.888")
        badge = QFontMetrics(res.badge_font).horizontalAdvance(f"{CROSS} R12") + round(m.unit * 0.32) + m.pad
        widths = {
            ProjectorColumn.MANUAL: fit(ProjectorColumn.MANUAL, number + badge),
            ProjectorColumn.SIREKAP: fit(ProjectorColumn.SIREKAP, max(number, small.horizontalAdvance(NO_DATA))),
            ProjectorColumn.DELTA: fit(ProjectorColumn.DELTA, bold.horizontalAdvance(f"{DOWN} −88.888")),
            ProjectorColumn.CAKUPAN: fit(ProjectorColumn.CAKUPAN, small.horizontalAdvance("sebagian: 888/888 TPS")),
            ProjectorColumn.JUMLAH: fit(ProjectorColumn.JUMLAH, number),
        }
        if self._proxy.column == JUMLAH:
            widths[ProjectorColumn.CAKUPAN] = fit(ProjectorColumn.CAKUPAN,
                                                  small.horizontalAdvance("9.999/9.999 TPS"))
            widths[ProjectorColumn.JUMLAH] = 0
        total = self.width()  # the table spans the window (no margins, no frame, no scroll bars)
        used = sum(widths.values())
        uraian = max(total - used, round(total * 0.25))
        hh = self._view.horizontalHeader()
        hh.resizeSection(ProjectorColumn.URAIAN, uraian)
        for col, width in widths.items():
            if width:
                hh.resizeSection(col, width)
