"""The operator window's projector: one ProjectorWindow fed by the same models through a read-only proxy, kept
on the operator's contest, kecamatan and line, with the audit anchor in its footer; where the operator looks is
also published for a projector station (rekap-desktop proyektor).

A part of :class:`ui.main_window.MainWindow` (a mixin: every method runs on the window).
"""

from __future__ import annotations

from ui.projector_window import ProjectorWindow


class ProjectorLink:
    """Creating the projector window and keeping it on what the operator shows."""

    def _create_projector(self, key: str) -> None:
        """The room's display: same model as the operator through a read-only proxy; F5 shows it, F7 pauses."""
        self.projector = ProjectorWindow(
            self.model_for(key), kabupaten=self.kabupaten, statuses=self._statuses_of(key),
            settings=self.settings, parent=self,
        )
        self.menuBar().insertMenu(self.menuBar().actions()[-1], self.projector.projectorMenu(self.menuBar()))
        self.projector.setAnchor(self.room.anchor)
        self.projector.pausedChanged.connect(lambda _paused: self.publish_cursor())

    def _project_anchor(self, text: str) -> None:
        if self.projector is not None:
            self.projector.setAnchor(text)

    def _statuses_of(self, key: str) -> dict[str, str]:
        return {code: status.value for code, status in self.service.statuses(key).items()}

    def _project_contest(self) -> None:
        if self.projector is not None and self.current_key:
            self.projector.setModel(self.models[self.current_key])
            self.projector.setStatuses(self._statuses_of(self.current_key))

    def _project_kecamatan(self) -> None:
        if self.projector is not None and self.current_kecamatan:
            self.projector.setCurrentKecamatan(self.current_kecamatan)
        self.publish_cursor()

    def _project_line(self, line: str) -> None:
        if self.projector is not None and line:
            self.projector.setCurrentLine(line)
        if line:
            self.current_line = line
        self.publish_cursor()

    def publish_cursor(self) -> None:
        """Where this operator looks, for a projector station (rekap-desktop proyektor) to follow."""
        if not self.current_key:
            return
        paused = self.projector is not None and self.projector.isPaused()
        message = self.projector.pause_screen().message if paused and self.projector is not None else ""
        seats = getattr(self, "seats", None)
        view = "kursi" if seats is not None and seats.projector_action.isChecked() else "tabel"
        self.stations.publish_cursor(self.current_key, self.current_kecamatan, self.current_line, paused=paused,
                                     pause_message=message, view=view)

    def _project_statuses(self) -> None:
        if self.projector is not None and self.current_key:
            self.projector.setStatuses(self._statuses_of(self.current_key))
