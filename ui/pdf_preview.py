"""Showing a rendered PDF in the window: page images (QtPdf where the PySide6 build has it, otherwise poppler's
``pdftoppm``), one page at a time, with page navigation and zoom (buttons, Ctrl + / Ctrl − / Ctrl 0, Ctrl+wheel).

Used by the documents dialog (:mod:`ui.berita_acara_dialog`) for the preview and for printing page images.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QSizeF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence, QPixmap, QResizeEvent, QShortcut, QWheelEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

PREVIEW_DPI = 110
ZOOM_STEPS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)

class RasterError(RuntimeError):
    """A page of the PDF could not be turned into an image; the message is Indonesian."""


class Rasterizer(Protocol):
    def image(self, page: int, dpi: float) -> QImage:
        """Page ``page`` (0-based) as an image at ``dpi``."""
        ...

    def close(self) -> None: ...


def find_pdftoppm() -> str | None:
    """poppler's pdftoppm (installed by scripts/install.sh on Linux; often missing on Windows)."""
    return shutil.which("pdftoppm")


def qtpdf_available() -> bool:
    try:
        import PySide6.QtPdf  # noqa: F401
    except ImportError:
        return False
    return True


class PdftoppmRasterizer:
    def __init__(self, executable: str, pdf: Path) -> None:
        self.executable = executable
        self.pdf = pdf

    def image(self, page: int, dpi: float) -> QImage:
        # PPM on stdout: no PNG compression (the slow part of pdftoppm) and no files to clean up
        command = [self.executable, "-r", f"{dpi:g}", "-f", str(page + 1), "-l", str(page + 1), "-singlefile",
                   str(self.pdf)]
        try:
            proc = subprocess.run(command, capture_output=True, timeout=120, check=False,
                                  creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        except (OSError, subprocess.SubprocessError) as exc:
            raise RasterError(f"pdftoppm tidak dapat dijalankan: {exc}") from exc
        image = QImage.fromData(proc.stdout, "PPM") if proc.returncode == 0 else QImage()
        if image.isNull():
            detail = proc.stderr.decode(errors="replace").strip().splitlines()
            raise RasterError(f"halaman {page + 1} tidak dapat digambar oleh pdftoppm"
                              + (f": {detail[-1]}" if detail else ""))
        return image

    def close(self) -> None:
        pass


class QtPdfRasterizer:  # used only where the PySide6 build ships QtPdf (not PySide6-Essentials)
    def __init__(self, pdf: Path) -> None:
        from PySide6.QtPdf import QPdfDocument

        self._doc = QPdfDocument()
        self._doc.load(str(pdf))
        if self._doc.pageCount() <= 0:
            raise RasterError(f"{pdf} tidak dapat dibuka oleh QtPdf")

    def image(self, page: int, dpi: float) -> QImage:
        size = self._doc.pagePointSize(page)
        image = self._doc.render(page, QSizeF(size.width() * dpi / 72, size.height() * dpi / 72).toSize())
        if image.isNull():
            raise RasterError(f"halaman {page + 1} tidak dapat digambar oleh QtPdf")
        return image

    def close(self) -> None:
        self._doc.close()


def make_rasterizer(pdf: Path) -> Rasterizer | None:
    """QtPdf when available, else pdftoppm; None when neither is there."""
    if qtpdf_available():
        with contextlib.suppress(RasterError):
            return QtPdfRasterizer(pdf)
    exe = find_pdftoppm()
    return PdftoppmRasterizer(exe, pdf) if exe else None


@contextlib.contextmanager
def busy() -> Iterator[None]:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


# ------------------------------------------------------------------------------------------------ preview
class PdfPreview(QWidget):
    """The rendered pages, one at a time, in a scroll area with page navigation and zoom.

    "Sesuaikan lebar" (on by default) fits the page to the width of the view; zooming (− / + buttons, Ctrl + /
    Ctrl − / Ctrl 0, Ctrl+wheel) switches it off and shows the page at 50 %–300 % of its printed size, rasterised
    at a resolution that keeps small figures sharp.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rasterizer: Rasterizer | None = None
        self._page_count = 0
        self._current = 0
        self._zoom = 1.0
        self._images: dict[tuple[int, int], QImage] = {}
        self.prev_button = QPushButton("◀ Sebelumnya")
        self.next_button = QPushButton("Berikutnya ▶")
        self.page_label = QLabel("—")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label.setMinimumWidth(130)
        self.zoom_out_button = QPushButton("−")
        self.zoom_in_button = QPushButton("+")
        for button, tip in ((self.zoom_out_button, "Perkecil (Ctrl −)"), (self.zoom_in_button, "Perbesar (Ctrl +)")):
            button.setToolTip(tip)
            button.setFixedWidth(32)
        self.zoom_label = QLabel("100%")
        self.zoom_label.setMinimumWidth(44)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fit_width = QCheckBox("Sesuaikan lebar")
        self.fit_width.setChecked(True)
        self.open_button = QPushButton("Buka di penampil PDF…")
        self.open_button.setVisible(False)
        self.prev_button.clicked.connect(lambda: self.show_page(self._current - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self._current + 1))
        self.zoom_in_button.clicked.connect(lambda: self.zoom_by(1))
        self.zoom_out_button.clicked.connect(lambda: self.zoom_by(-1))
        self.fit_width.toggled.connect(lambda _on: self._update_pixmap())
        bar = QHBoxLayout()
        bar.addWidget(self.prev_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(self.open_button)
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_label)
        bar.addWidget(self.zoom_in_button)
        bar.addWidget(self.fit_width)
        self.image_label = QLabel()
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image_label.setWordWrap(True)
        self.image_label.setMargin(8)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.image_label)
        self.scroll.setStyleSheet("QScrollArea { background: #7a7f87; } QScrollArea > QWidget > QLabel "
                                  "{ background: #7a7f87; color: white; }")
        self.scroll.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)
        keys = (
            (QKeySequence(QKeySequence.StandardKey.MoveToPreviousPage), lambda: self.show_page(self._current - 1)),
            (QKeySequence(QKeySequence.StandardKey.MoveToNextPage), lambda: self.show_page(self._current + 1)),
            (QKeySequence(QKeySequence.StandardKey.ZoomIn), lambda: self.zoom_by(1)),
            (QKeySequence("Ctrl+="), lambda: self.zoom_by(1)),
            (QKeySequence(QKeySequence.StandardKey.ZoomOut), lambda: self.zoom_by(-1)),
            (QKeySequence("Ctrl+0"), lambda: self.fit_width.setChecked(True)),
        )
        for sequence, action in keys:
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        self.clear("Pratinjau belum dibuat. Tekan «Pratinjau».")

    @property
    def page_count(self) -> int:
        return self._page_count

    @property
    def rasterizer(self) -> Rasterizer | None:
        return self._rasterizer

    @property
    def current_page(self) -> int:
        """0-based."""
        return self._current

    @property
    def zoom(self) -> float:
        """The zoom factor when not fitting the width (1.0 = printed size at the screen's resolution)."""
        return self._zoom

    def clear(self, message: str, *, offer_open: bool = False) -> None:
        if self._rasterizer is not None:
            self._rasterizer.close()
        self._rasterizer = None
        self._page_count = 0
        self._current = 0
        self._images.clear()
        self.image_label.setPixmap(QPixmap())
        self.image_label.setText(message)
        self.page_label.setText("—")
        self.prev_button.setEnabled(False)
        self.next_button.setEnabled(False)
        self.open_button.setVisible(offer_open)

    def set_document(self, rasterizer: Rasterizer, page_count: int) -> None:
        self.clear("")
        self._rasterizer = rasterizer
        self._page_count = page_count
        self.show_page(0)

    def page_image(self, page: int, dpi: float = PREVIEW_DPI) -> QImage:
        if self._rasterizer is None:
            raise RasterError("belum ada pratinjau")
        key = (page, round(dpi))
        if key not in self._images:
            self._images[key] = self._rasterizer.image(page, dpi)
        return self._images[key]

    def show_page(self, page: int) -> None:
        if not self._page_count:
            return
        self._current = max(0, min(page, self._page_count - 1))
        self.page_label.setText(f"Halaman {self._current + 1} dari {self._page_count}")
        self.prev_button.setEnabled(self._current > 0)
        self.next_button.setEnabled(self._current < self._page_count - 1)
        self._update_pixmap()
        self.scroll.verticalScrollBar().setValue(0)

    def set_zoom(self, factor: float) -> None:
        """Show pages at ``factor`` × printed size (clamped to the zoom steps' range); stops fitting the width."""
        self._zoom = max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], factor))
        self.zoom_label.setText(f"{round(self._zoom * 100)}%")
        self.fit_width.blockSignals(True)
        self.fit_width.setChecked(False)
        self.fit_width.blockSignals(False)
        self._update_pixmap()

    def zoom_by(self, steps: int) -> None:
        current = self._zoom if not self.fit_width.isChecked() else self._fitted_zoom()
        if steps > 0:
            bigger = [z for z in ZOOM_STEPS if z > current + 1e-6]
            self.set_zoom(bigger[0] if bigger else ZOOM_STEPS[-1])
        else:
            smaller = [z for z in ZOOM_STEPS if z < current - 1e-6]
            self.set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def _fitted_zoom(self) -> float:
        """The zoom that fit-width shows now (relative to the printed size at the screen's resolution)."""
        if self._rasterizer is None or not self._page_count:
            return 1.0
        try:
            image = self.page_image(self._current)
        except RasterError:
            return 1.0
        width = max(200, self.scroll.viewport().width() - 2 * self.image_label.margin() - 4)
        return width / (image.width() * self.logicalDpiX() / PREVIEW_DPI)

    def eventFilter(self, watched: object, event: object) -> bool:
        if isinstance(event, QWheelEvent) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1 if event.angleDelta().y() > 0 else -1)
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _update_pixmap(self) -> None:
        if self._rasterizer is None:
            return
        ratio = self.devicePixelRatioF()
        try:
            with busy():
                if self.fit_width.isChecked():
                    image = self.page_image(self._current)
                    width = max(200, self.scroll.viewport().width() - 2 * self.image_label.margin() - 4)
                    image = image.scaledToWidth(round(width * ratio), Qt.TransformationMode.SmoothTransformation)
                    self.zoom_label.setText("lebar")
                else:
                    screen_dpi = self.logicalDpiX() * ratio
                    dpi = min(300.0, max(PREVIEW_DPI, screen_dpi * self._zoom))
                    image = self.page_image(self._current, dpi)
                    target = round(image.width() * screen_dpi * self._zoom / dpi)
                    image = image.scaledToWidth(max(50, target), Qt.TransformationMode.SmoothTransformation)
                    self.zoom_label.setText(f"{round(self._zoom * 100)}%")
        except RasterError as exc:
            self.image_label.setPixmap(QPixmap())
            self.image_label.setText(f"Halaman tidak dapat ditampilkan: {exc}")
            return
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        self.image_label.setText("")
        self.image_label.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fit_width.isChecked() and self._rasterizer is not None:
            self._update_pixmap()
