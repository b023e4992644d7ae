"""The projector for the back row (issue 12 item 1): digit heights measured on the rendered window at each
resolution, the spotlight, labels never cut mid-word, marks, the audit anchor, repaints only of what changed."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtGui import QColor, QGuiApplication, QImage

from rekap_desktop.cell_marks import Mark, MarkKind
from rekap_desktop.contest import Contest, PartyBlock
from rekap_desktop.national import NATIONAL_PARTIES_2024
from rekap_desktop.participants import Candidate
from rekap_desktop.sheet import RecapSheet
from tests.core.factories import KEC, dpr_contest
from ui.projector_cells import ProjectorColumn, ProjectorRole
from ui.projector_spotlight import mark_text
from ui.projector_theme import LIGHT
from ui.projector_window import ProjectorWindow

from .conftest import K1, K2, fill

RESOLUTIONS = ((1920, 1080), (1280, 720), (1024, 768))


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "projector.ini"), QSettings.Format.IniFormat)


def open_projector(qtbot, model, settings, size=(1920, 1080), column=K1, line="IV.2") -> ProjectorWindow:
    window = ProjectorWindow(model, kabupaten="Sampang", settings=settings,
                             statuses={K1: "dibacakan", K2: "selesai"})
    qtbot.addWidget(window)
    window.setCurrentKecamatan(column)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.setCurrentLine(line)
    for _ in range(3):
        QGuiApplication.processEvents()
    return window


def ink_rows(image: QImage, rect: QRect, background: QColor, threshold: int = 110) -> tuple[int, int]:
    """(first, last) image row inside ``rect`` holding a pixel far from ``background`` (text ink), or (0, -1)."""
    img = image.convertToFormat(QImage.Format.Format_RGB32)
    width, height = img.width(), img.height()
    buffer = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.bytesPerLine() * height)
    pixels = buffer.reshape(height, img.bytesPerLine())[:, : width * 4].reshape(height, width, 4)
    region = pixels[rect.top(): rect.bottom() + 1, rect.left(): rect.right() + 1, :3].astype(int)
    bg = np.array([background.blue(), background.green(), background.red()])
    far = np.abs(region - bg).sum(axis=2) > threshold
    rows = np.nonzero(far.any(axis=1))[0]
    if not len(rows):
        return 0, -1
    return rect.top() + int(rows[0]), rect.top() + int(rows[-1])


def digit_ink_height(image: QImage, rect: QRect, background: QColor) -> int:
    first, last = ink_rows(image, rect, background)
    return last - first + 1


@pytest.mark.parametrize("size", RESOLUTIONS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_digit_heights_measured_on_the_rendered_window(qtbot, make_model, ppwp_sheet, settings, size) -> None:
    """Spotlight digits ≥ 72 px and table digits ≥ 36 px at 1080 px, the same share of the height elsewhere."""
    model = make_model(ppwp_sheet)
    window = open_projector(qtbot, model, settings, size, line="IV.2")
    image = window.grab().toImage()
    spot = window.spotlight()
    manual_rect = spot.figure_rects()[0].translated(spot.mapTo(window, QPoint(0, 0)))
    spot_digits = digit_ink_height(image, manual_rect, QColor(LIGHT.spot.background))
    height = size[1]
    assert spot_digits >= 72 * height / 1080 - 1, (size, spot_digits)
    view = window.view()
    proxy = window.projector_model()
    row = proxy.row_of("IV.3")  # a row around the spotlight's, not outlined
    rect = view.visualRect(proxy.index(row, ProjectorColumn.MANUAL))
    assert view.viewport().rect().contains(rect)
    background = LIGHT.stripe if row % 2 else LIGHT.background
    table_rect = rect.adjusted(2, 2, -2, -2).translated(view.viewport().mapTo(window, QPoint(0, 0)))
    table_digits = digit_ink_height(image, table_rect, QColor(background))
    assert table_digits >= 36 * height / 1080 - 1, (size, table_digits)
    assert table_digits < spot_digits
    m = window.metrics()
    assert m.small_px >= round(24 * height / 1080)


def test_the_same_share_of_the_height_at_every_resolution(qtbot, make_model, ppwp_sheet, settings) -> None:
    shares = []
    for size in RESOLUTIONS:
        window = open_projector(qtbot, make_model(ppwp_sheet), settings, size)
        image = window.grab().toImage()
        spot = window.spotlight()
        rect = spot.figure_rects()[0].translated(spot.mapTo(window, QPoint(0, 0)))
        shares.append(digit_ink_height(image, rect, QColor(LIGHT.spot.background)) / size[1])
        window.close()
    assert max(shares) - min(shares) < 0.004  # within ~4 px on 1080


def long_names_contest() -> Contest:
    """Candidates with long names (fictitious), as on a real DCT."""
    names = ["Dr. H. MUHAMMAD CONTOH PANJANG SEKALI NAMANYA, S.H., M.H.", "Hj. SITI CONTOH FIKTIF BINTI FULAN, S.Pd.",
             "Ir. KH. ABDURRAHMAN CONTOH AL-FIKTIFI, M.Si."]
    blocks = tuple(PartyBlock(p, tuple(Candidate(k, n, p.number) for k, n in enumerate(names, start=1)))
                   for p in NATIONAL_PARTIES_2024[2:4])  # PDI Perjuangan, Golkar
    base = dpr_contest(parties=1)
    return Contest(base.ballot, KEC, base.dapil, parties=blocks)


@pytest.mark.parametrize("size", RESOLUTIONS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_labels_are_never_cut_mid_word(qtbot, make_model, settings, size, ppwp_sheet) -> None:
    sheets = [ppwp_sheet, RecapSheet(long_names_contest())]
    fill(sheets[1])
    for sheet in sheets:
        window = open_projector(qtbot, make_model(sheet), settings, size, line="V.A")
        view = window.view()
        proxy = window.projector_model()
        delegate = view.delegate()
        res = window.resources()
        for row in range(proxy.rowCount()):
            if proxy.line_at(row) is None:
                continue
            cell = proxy.index(row, ProjectorColumn.URAIAN).data(ProjectorRole.CELL)
            rect = QRect(0, 0, view.columnWidth(ProjectorColumn.URAIAN), window.metrics().row_height)
            room, _badge, _rect = delegate.label_room(rect, cell)
            layout = delegate.labels.fit(cell.text, res.label_font, room.width(), rect.height())
            words = cell.text.split()
            shown = " ".join(layout.lines).removesuffix("…").split()
            assert shown, cell.text
            for i, word in enumerate(shown):  # whole words of the label, in order (the last may lose a comma)
                assert word == words[i] or (i == len(shown) - 1 and layout.cut and words[i].startswith(word)
                                            and words[i][len(word):] in {",", ".", "-", "–"}), (size, cell.text)
            if size[0] >= 1280:
                assert not layout.cut, (size, cell.text, layout.lines)
            if cell.party:
                assert cell.party in {b.party.short_name for b in sheet.contest.parties}
        window.close()


def test_candidate_rows_always_show_their_party(qtbot, make_model, settings) -> None:
    sheet = RecapSheet(long_names_contest())
    fill(sheet)
    window = open_projector(qtbot, make_model(sheet), settings, line="IV.4.2")
    proxy = window.projector_model()
    for line in ("IV.3.0", "IV.3.1", "IV.3.T", "IV.4.2"):
        cell = proxy.index(proxy.row_of(line), ProjectorColumn.URAIAN).data(ProjectorRole.CELL)
        assert cell.party == ("PDI Perjuangan" if line.startswith("IV.3") else "Golkar")
    spot = window.spotlight().spot()
    assert spot is not None and spot.party == "Golkar" and spot.label.startswith("2. Hj. SITI")


def test_spotlight_shows_the_line_being_read(qtbot, make_model, ppwp_sheet, settings) -> None:
    model = make_model(ppwp_sheet)
    window = open_projector(qtbot, model, settings, line="V.B")
    spot = window.spotlight().spot()
    assert spot is not None and spot.label == "Suara tidak sah" and spot.line == "V.B"
    manual = ppwp_sheet.value("V.B", K1)
    assert spot.manual.text == f"{manual:,}".replace(",", ".") and spot.manual.caption == "hasil resmi"
    assert spot.delta.text == "▼ −800" and spot.delta.caption == "manual lebih kecil"  # fixture: Sirekap +800
    tps = ppwp_sheet.tps_count(K1)
    assert spot.sirekap.caption == f"{tps}/{tps} TPS"
    assert spot.jumlah.startswith("JUMLAH s.d. kini: ")
    model.setData(model.index_of("V.A", K1), (ppwp_sheet.value("V.A", K1) or 0) + 7)
    window.setCurrentLine("V.C")
    spot = window.spotlight().spot()
    assert spot is not None and [w.medium for w in spot.findings] == ["V.C ≠ V.A + V.B: selisih −7"]
    window.setCurrentLine("")
    assert window.spotlight().spot() is None  # the idle text


def test_spotlight_repaints_only_for_its_own_line(qtbot, make_model, ppwp_sheet, settings) -> None:
    model = make_model(ppwp_sheet)
    window = open_projector(qtbot, model, settings, line="IV.1")
    spot = window.spotlight()
    before = spot.paints
    model.setData(model.index_of("II.3", K1), (ppwp_sheet.value("II.3", K1) or 0) + 1)  # another line
    for _ in range(3):
        QGuiApplication.processEvents()
    assert spot.paints == before
    model.setData(model.index_of("IV.1", K1), (ppwp_sheet.value("IV.1", K1) or 0) + 1)  # its own line
    qtbot.waitUntil(lambda: spot.paints > before, timeout=1000)
    model.setData(model.index_of("IV.1", K2), (ppwp_sheet.value("IV.1", K2) or 0) + 1)  # its JUMLAH so far
    painted = spot.paints
    qtbot.waitUntil(lambda: spot.paints > painted, timeout=1000)
    assert "JUMLAH" in (spot.spot().jumlah if spot.spot() else "")


def test_an_edit_repaints_only_the_spotlight_figures_that_changed(qtbot, make_model, ppwp_sheet, settings) -> None:
    model = make_model(ppwp_sheet)
    window = open_projector(qtbot, model, settings, line="IV.1")
    spot = window.spotlight()
    label_row, _caption, _figures, _sub, findings_row = spot._rows()
    manual, _sirekap, delta = spot.figure_rects()

    def edit_and_wait(kecamatan: str) -> QRect:
        before = spot.paints
        model.setData(model.index_of("IV.1", kecamatan), (ppwp_sheet.value("IV.1", kecamatan) or 0) + 3)
        qtbot.waitUntil(lambda: spot.paints > before, timeout=1000)
        return spot.last_painted

    tiles_before = spot.figures_from_tiles()
    painted = edit_and_wait(K1)  # its own kecamatan: manual and selisih (and the JUMLAH so far) change
    assert spot.figures_from_tiles() >= tiles_before + 2  # 94 px figures: from glyph tiles, not paths
    assert not painted.intersects(label_row) and painted.intersects(manual) and painted.intersects(delta)
    painted = edit_and_wait(K2)  # another kecamatan: only the JUMLAH so far, in the findings row
    assert painted.intersects(findings_row) and not painted.intersects(manual) and not painted.intersects(label_row)
    # what the partial repaints left on screen is what a full repaint draws (glyph edges may differ by a few
    # levels between the window's backing store and a pixmap; a figure left stale would differ by far more)
    top = spot.window()
    shown = top.screen().grabWindow(top.winId()).toImage().copy(QRect(spot.mapTo(top, QPoint(0, 0)), spot.size()))
    assert int(np.abs(_pixels(shown) - _pixels(spot.grab().toImage())).max()) <= 16


def _pixels(image: QImage) -> np.ndarray:
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=rgb.sizeInBytes())
    return data.reshape(rgb.height(), rgb.bytesPerLine())[:, : rgb.width() * 4].astype(np.int16)


def test_marks_on_cells_and_kecamatan_reach_the_projector(qtbot, make_model, ppwp_sheet, settings) -> None:
    model = make_model(ppwp_sheet)
    window = open_projector(qtbot, model, settings, line="V.A")
    proxy = window.projector_model()
    for row in range(proxy.rowCount()):
        for col in ProjectorColumn:
            proxy.index(row, col).data(ProjectorRole.CELL)
    changed: list[tuple[int, int, int, int]] = []
    proxy.dataChanged.connect(lambda a, b, roles=(): changed.append((a.row(), b.row(), a.column(), b.column())))
    keberatan = Mark(MarkKind.KEBERATAN, 3, "Keberatan #3 (belum diputus): V.A", open=True)
    koreksi = Mark(MarkKind.KOREKSI, 3, "Dikoreksi (keberatan #3): dibaca ulang", event=40)
    whole = Mark(MarkKind.KEBERATAN, 4, "Keberatan #4 (belum diputus)", open=True)
    model.set_marks({("V.A", K1): (koreksi, keberatan), ("V.A", K2): (keberatan,)}, {K1: (whole,)})
    row = proxy.row_of("V.A")
    assert changed == [(row, row, ProjectorColumn.MANUAL, ProjectorColumn.MANUAL)]  # K2 is not projected
    cell = proxy.index(row, ProjectorColumn.MANUAL).data(ProjectorRole.CELL)
    assert cell.marks == "✎⚑" and cell.marks_open
    spot = window.spotlight().spot()
    assert spot is not None and [mark_text(m) for m in spot.marks] == [
        "✎ dikoreksi (keberatan #3)", "⚑ keberatan #3 belum diputus"]
    assert window.title_bar().flag == "⚑ keberatan #4 belum diputus"
    legend = [meaning for *_, meaning in window.footer().items()]
    assert {"keberatan", "dikoreksi", "hitung ulang"} <= set(legend)
    changed.clear()
    model.set_marks({("V.A", K1): (koreksi, keberatan)}, {K1: (whole,)})  # K2 only: nothing on the projector
    assert changed == []
    model.set_marks({})
    assert proxy.index(row, ProjectorColumn.MANUAL).data(ProjectorRole.CELL).marks == ""
    assert window.title_bar().flag == ""


def test_the_anchor_is_in_the_footer(qtbot, make_model, ppwp_sheet, settings) -> None:
    window = open_projector(qtbot, make_model(ppwp_sheet), settings)
    footer = window.footer()
    blank = footer.grab().toImage()
    window.setAnchor("AUDIT 1234:0123456789abcdef")
    assert footer.anchor == window.anchor() == "AUDIT 1234:0123456789abcdef"
    rect = footer.anchor_rect()
    assert rect.width() > 0 and footer.rect().contains(rect)
    image = footer.grab().toImage()
    first, last = ink_rows(image, rect.adjusted(4, 4, -4, -4), QColor(LIGHT.background))
    assert last - first + 1 >= 12  # text drawn there
    assert image != blank
