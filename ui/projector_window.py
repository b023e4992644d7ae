"""The projector window: what the room (saksi, Bawaslu, PPK) sees, live and read-only (DESIGN §1, §8).

A second top-level window fed by the operator's :class:`~ui.sheet_model.SheetModel` through the presentation
proxy :class:`~ui.projector_model.ProjectorModel`. From top to bottom (issue 12 item 1):

- the title: the kecamatan in large type with its status, the contest and kabupaten (:mod:`ui.projector_chrome`);
- the strip with the status of every kecamatan of the contest;
- the **spotlight**: the line being read, its Manual, Sirekap and Δ figures with digits ≥ 72 px on a 1080 px
  screen, its findings in words and its marks (:mod:`ui.projector_spotlight`);
- the table of the rows around it (digits ≥ 36 px): Uraian | Manual | Sirekap | Selisih | JUMLAH s.d. kini
  (:mod:`ui.projector_table`; the JUMLAH column gives way on a narrow 4:3 screen, the spotlight still says it);
- the footer: legend, who is official, and the audit anchor ``AUDIT <n>:<16 hex>`` (:meth:`setAnchor`).

They are laid out and sized for the window by :mod:`ui.projector_layout`; the words around the table are written by
:mod:`ui.projector_titles`. It follows the operator's kecamatan and row. A pause screen ("jeda") replaces
everything while a correction is discussed.

Placement: F5 (:meth:`ProjectorWindow.toggleAction`) shows it full-screen on the chosen screen (the screen menu,
:meth:`ProjectorWindow.screenMenu`, lists the connected screens; the choice is remembered in QSettings by screen
name) and follows screens being plugged and unplugged (:mod:`ui.projector_screens`). With a single screen it is an
ordinary window. Its actions and menus are in :mod:`ui.projector_menus`, its theme and text size in
:mod:`ui.projector_appearance`.

Read-only by construction: the window is given the model, never a committer or a service; the view has no
editor, no selection and no focus, and the proxy refuses every write.

Signals (ProjectorWindow):
    shownChanged(bool): the window was shown (True) or hidden (False).
    pausedChanged(bool): the pause screen was switched on or off.
    screenChosen(str): the operator chose a screen (its name, as remembered).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFontMetrics,
    QHideEvent,
    QResizeEvent,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import QStackedLayout, QWidget

from ui.projector_appearance import KEY_SCALE, KEY_THEME, ProjectorAppearance, clamp_scale
from ui.projector_chrome import PAUSE_TITLE, Footer, KecamatanStrip, PauseScreen, TitleBar
from ui.projector_layout import ProjectorLayout
from ui.projector_menus import ProjectorMenus
from ui.projector_model import ProjectorModel
from ui.projector_screens import ScreenPlacement, choose_screen, screen_label
from ui.projector_spotlight import Spotlight
from ui.projector_table import ProjectorView
from ui.projector_theme import (
    LIGHT,
    ProjectorMetrics,
    ProjectorResources,
    ProjectorTheme,
    metrics_for,
    theme_named,
)
from ui.projector_titles import ProjectorTitles
from ui.sheet_model import SheetModel

__all__ = ["PAUSE_TITLE", "ProjectorWindow", "choose_screen", "screen_label"]

SETTINGS_ORG = "KPU"
SETTINGS_APP = "RekapDesktop"


# ---------------------------------------------------------------------------------------------------- the window
class ProjectorWindow(QWidget, ProjectorAppearance, ProjectorMenus):
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
        self._scale = clamp_scale(self._settings.value(KEY_SCALE, 1.0))
        theme = theme_named(self._settings.value(KEY_THEME, LIGHT.name))
        self._res = ProjectorResources(theme, metrics_for(QSize(1920, 1080), self._scale))
        self._paused = False
        self._pause_message = ""
        self._actions: dict[str, QAction] = {}

        self._proxy = ProjectorModel(model, resources=self._res, parent=self)
        self._title = TitleBar(self._res, self)
        self._strip = KecamatanStrip(self._res, self)
        self._spot = Spotlight(self._proxy, self._res, self)
        self._view = ProjectorView(self._res, self)
        self._view.setModel(self._proxy)
        self._legend = Footer(self._res, self)
        self._pause = PauseScreen(self._res, self)
        self._titles = ProjectorTitles(self._proxy, title=self._title, strip=self._strip, footer=self._legend,
                                       pause=self._pause, kabupaten=kabupaten, statuses=statuses)

        self._sheet_layout = ProjectorLayout(self, self._res, self._proxy, title=self._title, strip=self._strip,
                                             spot=self._spot, view=self._view, footer=self._legend)
        self._live = self._sheet_layout.live
        self._page: QWidget | None = None  # another page shown instead of the sheet (showPage)
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._stack.addWidget(self._live)
        self._stack.addWidget(self._pause)

        self._proxy.modelReset.connect(self._on_contest_changed)
        self._proxy.kecamatanChanged.connect(self._titles.refresh)
        self._proxy.headerDataChanged.connect(lambda *_: self._titles.refresh())  # a kecamatan's own keberatan
        self._placement = ScreenPlacement(self, self._settings)  # follows screens being plugged and unplugged
        self.addAction(self.toggleAction())
        self.addAction(self.pauseAction())
        self._apply_theme()
        self._on_contest_changed()
        self.resize(1280, 720)
        self._sheet_layout.apply_metrics(self._scale, force=True)
        self._sheet_layout.fit_whole_rows()

    # ------------------------------------------------------------------ parts (for tests and the lead)
    def projector_model(self) -> ProjectorModel:
        return self._proxy

    def view(self) -> ProjectorView:
        return self._view

    def strip(self) -> KecamatanStrip:
        return self._strip

    def spotlight(self) -> Spotlight:
        return self._spot

    def footer(self) -> Footer:
        return self._legend

    def title_bar(self) -> TitleBar:
        return self._title

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
        return self._titles.kabupaten_title()

    def setKabupaten(self, name: str) -> None:
        self._titles.set_kabupaten(name)

    def setStatuses(self, statuses: Mapping[str, str]) -> None:
        """Kecamatan code → "belum" | "dibacakan" | "selesai" | "ditetapkan" (for the strip and the title)."""
        self._titles.set_statuses(statuses)

    def setKecamatanStatus(self, code: str, status: str) -> None:
        self._titles.set_status(code, status)

    def setCurrentKecamatan(self, code: str) -> None:
        """Follow the operator to another kecamatan (or JUMLAH); unknown codes are ignored."""
        if not code or code not in self._proxy.sheet_model().columns:
            return
        self._proxy.set_column(code)
        self._sheet_layout.layout_columns()
        self._view.centre_current()

    def setCurrentLine(self, line_id: str) -> None:
        """Follow the operator's row: centred and outlined. An unknown or empty id clears the outline."""
        try:
            row = self._proxy.row_of(line_id) if line_id else -1
        except KeyError:
            row = -1
        self._view.set_current_row(row)
        self._spot.set_row(row)

    def setCurrentCell(self, line_id: str, column: str) -> None:
        """Both at once: connect GridView.currentCellChanged(line, column) here."""
        self.setCurrentKecamatan(column)
        if line_id:
            self.setCurrentLine(line_id)

    def currentKecamatan(self) -> str:
        return self._proxy.column

    def currentLine(self) -> str | None:
        return self._proxy.line_at(self._view.current_row())

    # ------------------------------------------------------------------ slots: pause and anchor
    def setPaused(self, paused: bool, message: str | None = None) -> None:
        """Show the pause screen ("jeda") instead of the table, or back; ``message`` replaces the message line."""
        if message is not None:
            self.setPauseMessage(message)
        paused = bool(paused)
        if paused == self._paused:
            return
        self._paused = paused
        self._titles.refresh()
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

    def setAnchor(self, text: str) -> None:
        """The audit anchor ``AUDIT <n>:<16 hex>`` of the chain head, shown in the footer and the pause screen
        (issue 10 item 4); call after every committed change."""
        self._titles.set_anchor(text)

    def anchor(self) -> str:
        return self._titles.anchor

    # ------------------------------------------------------------------ slots: showing and placing
    def showProjector(self) -> None:
        """Show on the chosen screen: full-screen when there are several screens, else an ordinary window."""
        self._placement.place()

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
        return self._placement.chosen_screen_name()

    def setScreenName(self, name: str) -> None:
        """Remember ``name`` as the projector screen and move there when shown."""
        self._placement.remember(name)
        self.screenChosen.emit(name)
        if self.isVisible():
            self._placement.place()

    def connectedScreens(self, exclude: QScreen | None = None) -> list[QScreen]:
        """The screens the projector may use: connected, not being removed."""
        return self._placement.connected_screens(exclude)

    def targetScreen(self, exclude: QScreen | None = None) -> QScreen | None:
        """Where the projector goes: the remembered screen if connected, else one that is not the operator's."""
        return self._placement.target_screen(exclude)

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
        self._sheet_layout.apply_metrics(self._scale)
        self._sheet_layout.fit_whole_rows()

    def _sync_toggle(self, shown: bool) -> None:
        action = self._actions.get("toggle")
        if action is not None and action.isChecked() != shown:
            action.setChecked(shown)
        self.shownChanged.emit(shown)

    # ------------------------------------------------------------------ internals
    def _on_contest_changed(self) -> None:
        sheet = self._proxy.sheet
        parties = [b.party.short_name for b in sheet.contest.parties]
        small = QFontMetrics(self._res.small_bold)
        self._view.delegate().set_party_sample(max(parties, key=small.horizontalAdvance) if parties else "")
        self._strip.set_kecamatan([(r.code, r.name) for r in sheet.contest.kecamatan])
        self._strip.set_statuses(self._titles.statuses)
        self._titles.refresh()
        self._sheet_layout.layout_columns()
        self._spot.refresh()

    def jumlahColumnShown(self) -> bool:
        return self._sheet_layout.show_jumlah
