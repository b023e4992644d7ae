"""At a fractional device pixel ratio (Windows' 125 %, 150 %), an edit's partial spotlight repaint leaves on screen
what a full repaint draws: no stale row or column of the old figure's pill (found by an attack: one device row at
150 %, a band at 125 %). Qt reads the scale once per process, so each scale runs in a process of its own."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QGuiApplication, QImage

from .conftest import K1
from .test_projector_room import open_projector, settings  # noqa: F401

_SCALED = os.environ.get("QT_SCALE_FACTOR") not in (None, "", "1")


@pytest.mark.parametrize("scale", ["1.25", "1.5"])
def test_at_a_fractional_scale_in_a_process_of_its_own(scale: str) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "REKAP_REQUIRE"))}
    env["QT_SCALE_FACTOR"] = scale
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-v", "-p", "no:randomly", "-p", "no:cacheprovider",
         f"{Path(__file__).relative_to(root)}::test_spotlight_partial_repaint_at_fractional_scale"],
        cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0 and "1 passed" in proc.stdout, proc.stdout[-3000:] + proc.stderr[-2000:]


def _px(image: QImage) -> np.ndarray:
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=rgb.sizeInBytes())
    return data.reshape(rgb.height(), rgb.bytesPerLine())[:, : rgb.width() * 4].reshape(
        rgb.height(), rgb.width(), 4)[:, :, :3].astype(np.int16)


@pytest.mark.skipif(not _SCALED, reason="runs at a fractional QT_SCALE_FACTOR (see the test above)")
def test_spotlight_partial_repaint_at_fractional_scale(qtbot, make_model, ppwp_sheet, settings) -> None:  # noqa: F811
    model = make_model(ppwp_sheet)
    window = open_projector(qtbot, model, settings, line="V.B")  # Selisih '▼ −800' in a mismatch pill
    spot = window.spotlight()
    before = spot.paints
    model.setData(model.index_of("V.B", K1), ppwp_sheet.value("V.B", K1) + 800)  # now '✓ 0': no pill
    qtbot.waitUntil(lambda: spot.paints > before, timeout=1000)
    for _ in range(3):
        QGuiApplication.processEvents()
    dpr = window.devicePixelRatioF()
    shown = _px(QImage(window.backingStore().paintDevice()))  # what the partial repaint left
    full = _px(window.grab().toImage())  # everything painted again
    origin = spot.mapTo(window, QPoint(0, 0))
    top, left = round(origin.y() * dpr), round(origin.x() * dpr)
    h, w = round(spot.height() * dpr), round(spot.width() * dpr)
    diff = np.abs(shown[top:top + h, left:left + w] - full[top:top + h, left:left + w]).max(axis=2)
    rows = sorted({int(y) for y in np.nonzero(diff > 40)[0]})
    assert not rows, f"stale spotlight rows (device px, from its top): {rows}, {int((diff > 40).sum())} px"
