"""The words around the projector's table, kept current (issue 12 item 1, issue 10 item 4).

:class:`ProjectorTitles` writes what the room reads besides the figures: on the title bar the kabupaten, the
contest, the projected kecamatan with its status and TPS count (or how many kecamatan are done, on JUMLAH) and a
keberatan about the kecamatan as a whole; the current kecamatan and every status on the strip; the same heading on
the pause screen; and the audit anchor ``AUDIT <n>:<16 hex>`` in the footer and on the pause screen.
"""

from __future__ import annotations

from collections.abc import Mapping

from rekap_desktop.numbers import format_number
from rekap_desktop.rules import JUMLAH
from ui.projector_chrome import Footer, KecamatanStrip, PauseScreen, TitleBar
from ui.projector_model import ProjectorModel
from ui.projector_spotlight import mark_text


class ProjectorTitles:
    """The kabupaten, the kecamatan statuses (code → "belum" | "dibacakan" | "selesai" | "ditetapkan") and the
    audit anchor, and the texts they make on the title bar, the strip, the footer and the pause screen."""

    def __init__(self, proxy: ProjectorModel, *, title: TitleBar, strip: KecamatanStrip, footer: Footer,
                 pause: PauseScreen, kabupaten: str, statuses: Mapping[str, str] | None) -> None:
        self._proxy = proxy
        self._title = title
        self._strip = strip
        self._legend = footer
        self._pause = pause
        self._kabupaten = kabupaten
        self.statuses: dict[str, str] = dict(statuses or {})
        self.anchor = ""

    def kabupaten_title(self) -> str:
        """'KABUPATEN SAMPANG' from 'Sampang' or from 'KABUPATEN SAMPANG' / 'KOTA …' as given."""
        name = self._kabupaten.strip().upper()
        return name if not name or name.startswith(("KABUPATEN", "KOTA")) else f"KABUPATEN {name}"

    def set_kabupaten(self, name: str) -> None:
        self._kabupaten = name
        self.refresh()

    def set_statuses(self, statuses: Mapping[str, str]) -> None:
        self.statuses = dict(statuses)
        self._strip.set_statuses(self.statuses)
        self.refresh()

    def set_status(self, code: str, status: str) -> None:
        self.statuses[code] = status
        self.set_statuses(self.statuses)

    def set_anchor(self, text: str) -> None:
        if text == self.anchor:
            return
        self.anchor = text
        self._legend.set_anchor(text)
        self._pause.anchor = text
        self._pause.update()

    def refresh(self) -> None:
        """Write the title bar, the strip's current kecamatan and the pause screen's heading again."""
        proxy = self._proxy
        sheet = proxy.sheet
        code = proxy.column
        contest = sheet.contest.title
        if code == JUMLAH:
            done = sum(1 for c in sheet.columns if self.statuses.get(c) in ("selesai", "ditetapkan"))
            status, detail = "", f"selesai {done} dari {len(sheet.columns)} kecamatan"
            kecamatan_name = "seluruh kecamatan"
        else:
            status = self.statuses.get(code, "belum")
            tps = sheet.tps_count(code)
            detail = f"{format_number(tps)} TPS" if tps else ""
            kecamatan_name = f"Kecamatan {sheet.contest.kecamatan_name(code)}"
        marks = proxy.kecamatan_marks()
        flag = "  ".join(mark_text(m) for m in marks[:2])
        self._title.set_texts(kabupaten=self.kabupaten_title(), contest=contest, kecamatan=proxy.kecamatan_title(),
                              status=status, detail=detail, flag=flag)
        self._strip.set_current(code)
        self._pause.kabupaten = self.kabupaten_title()
        self._pause.contest = contest
        self._pause.kecamatan = kecamatan_name
        self._pause.update()
