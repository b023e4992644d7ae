"""A reportlab canvas that draws "Hal x dari y" once the page total is known.

Pages are kept in memory until :meth:`save`, then each is finished with the page-number furniture drawn by a
callback. This is the well-known reportlab recipe (snapshot the canvas state in ``showPage``, replay in ``save``);
it uses the canvas' ``_startPage``, so the behaviour is pinned by a test that reads "Hal x dari y" back from every
page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from reportlab.pdfgen.canvas import Canvas

__all__ = ["NumberedCanvas", "PageMarker", "pdf_date_formatter"]

PageMarker = Callable[[Canvas, int, int], None]
"""``marker(canvas, page_number, page_count)`` draws what depends on the page total."""


def pdf_date_formatter(moment: dt.datetime) -> Callable[..., str]:
    """A reportlab date formatter that always yields ``moment`` (for CreationDate/ModDate)."""
    offset = moment.utcoffset()
    if offset is None:
        zone = ""
    else:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        zone = f"{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
    text = f"D:{moment:%Y%m%d%H%M%S}{zone}"

    def formatter(*_ignored: int) -> str:
        return text

    return formatter


class NumberedCanvas(Canvas):
    """Canvas that defers page-total furniture to :meth:`save` (use via ``functools.partial`` as canvasmaker)."""

    def __init__(
        self,
        *args: Any,
        page_marker: PageMarker,
        created: dt.datetime | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._rekap_pages: list[dict[str, Any]] = []
        self._rekap_marker = page_marker
        if created is not None:
            self.setDateFormatter(pdf_date_formatter(created))

    def showPage(self) -> None:
        self._rekap_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._rekap_pages)
        for state in self._rekap_pages:
            self.__dict__.update(state)
            self._rekap_marker(self, self._pageNumber, total)
            super().showPage()
        super().save()
