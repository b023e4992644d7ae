"""The projector's sheet page and its sizes (DESIGN §8, issue 12 item 1).

:class:`ProjectorLayout` puts the title, the kecamatan strip, the spotlight, the table and the footer in one column
(the ``live`` page of :class:`~ui.projector_window.ProjectorWindow`) and sizes them for the window: the metrics for
its size and text scale (:func:`~ui.projector_theme.metrics_for`) applied to every part, the table's figure columns
as wide as their widest figure — the JUMLAH column gives way on a narrow 4:3 screen so that labels keep ≥ 30 % of
the width (the spotlight still says it) — and whole rows only in the table, the remainder going to a filler under
it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QVBoxLayout, QWidget

from rekap_desktop.numbers import format_number
from rekap_desktop.rules import JUMLAH
from ui.projector_cells import DOWN, ProjectorColumn
from ui.projector_chrome import Footer, KecamatanStrip, TitleBar
from ui.projector_model import ProjectorModel
from ui.projector_spotlight import Spotlight
from ui.projector_table import ProjectorView
from ui.projector_theme import ProjectorResources, metrics_for

MIN_LABEL_SHARE = 0.3  # below this share of the width for labels, the JUMLAH column gives way


class ProjectorLayout:
    """The sheet page of a projector window and the sizes of its parts; the window calls it when its size, the
    text scale or what it projects changes. ``show_jumlah``: whether the table shows the JUMLAH column."""

    def __init__(self, window: QWidget, res: ProjectorResources, proxy: ProjectorModel, *, title: TitleBar,
                 strip: KecamatanStrip, spot: Spotlight, view: ProjectorView, footer: Footer) -> None:
        self._window = window
        self._res = res
        self._proxy = proxy
        self._title = title
        self._strip = strip
        self._spot = spot
        self._view = view
        self._legend = footer
        self.show_jumlah = True

        live = QWidget(window)
        live.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        column = QVBoxLayout(live)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._title)
        column.addWidget(self._strip)
        column.addWidget(self._spot)
        column.addWidget(self._view, 1)
        self._filler = QWidget(live)  # takes the part of a row that would show cut at the top of the table
        self._filler.setFixedHeight(0)
        column.addWidget(self._filler)
        column.addWidget(self._legend)
        self.live = live

    def fit_whole_rows(self) -> None:
        """Make the table show whole rows only: the remainder goes to a filler under the table."""
        m = self._res.metrics
        fixed = (self._title.minimumHeight() + self._strip.minimumHeight() + self._spot.minimumHeight()
                 + self._legend.minimumHeight() + m.header_height)
        rows_area = self._window.height() - fixed
        remainder = rows_area % m.row_height if rows_area > m.row_height else 0
        if self._filler.height() != remainder:
            self._filler.setFixedHeight(remainder)

    def apply_metrics(self, scale: float, *, force: bool = False) -> None:
        """The metrics for the window's size at text ``scale``, given to every part (when they changed)."""
        metrics = metrics_for(self._window.size(), scale)
        if metrics == self._res.metrics and not force:
            return
        self._res.set_metrics(metrics)
        self._title.apply_metrics()
        self._strip.apply_metrics()
        self._spot.apply_metrics()
        self._legend.apply_metrics()
        vh = self._view.verticalHeader()
        vh.setDefaultSectionSize(metrics.row_height)
        self._view.horizontalHeader().setFixedHeight(metrics.header_height)
        self.layout_columns()
        self._view.centre_current()
        self._window.update()

    def layout_columns(self) -> None:
        """Figure columns as wide as their widest figure (and title); the labels take the rest. On a narrow screen
        the JUMLAH column gives way so that labels keep ≥ 30 % of the width (the spotlight still shows JUMLAH)."""
        res = self._res
        m = res.metrics
        bold = QFontMetrics(res.figure_bold)
        header = QFontMetrics(res.column_header_font)
        sheet = self._proxy.sheet
        column = self._proxy.column

        def widest(values: list[int | None]) -> int:
            biggest = max((abs(v) for v in values if v is not None), default=0)
            return bold.horizontalAdvance(format_number(max(biggest, 88_888)).replace("1", "8"))

        lines = [li.id for li in sheet.catalogue.lines]
        manual = widest([sheet.value(li, column) for li in lines])
        sirekap = widest([f.value if (f := sheet.sirekap(li, column)) is not None else None for li in lines])
        delta = bold.horizontalAdvance(f"{DOWN} −") + widest([sheet.delta(li, column) for li in lines])
        total = widest([sheet.value(li, JUMLAH) for li in lines])
        marks = QFontMetrics(res.mark_font).horizontalAdvance("↻✎⚑") + m.pad

        def fit(col: ProjectorColumn, content: int) -> int:
            title = str(self._proxy.headerData(col, Qt.Orientation.Horizontal) or "").split(" ")[0]
            return max(content, header.horizontalAdvance(title)) + 2 * m.pad

        widths = {
            ProjectorColumn.MANUAL: fit(ProjectorColumn.MANUAL, manual + marks),
            ProjectorColumn.SIREKAP: fit(ProjectorColumn.SIREKAP, sirekap + bold.horizontalAdvance("≈ ")),
            ProjectorColumn.DELTA: fit(ProjectorColumn.DELTA, delta),
            ProjectorColumn.JUMLAH: fit(ProjectorColumn.JUMLAH, total),
        }
        width = self._window.width()  # the table spans the window (no margins, no frame, no scroll bars)
        show_jumlah = column != JUMLAH and width - sum(widths.values()) >= width * MIN_LABEL_SHARE
        if not show_jumlah:
            widths[ProjectorColumn.JUMLAH] = 0
        self.show_jumlah = show_jumlah
        self._view.setColumnHidden(ProjectorColumn.JUMLAH, not show_jumlah)
        uraian = max(width - sum(widths.values()), round(width * 0.2))
        hh = self._view.horizontalHeader()
        hh.resizeSection(ProjectorColumn.URAIAN, uraian)
        for col, w in widths.items():
            if w:
                hh.resizeSection(col, w)
