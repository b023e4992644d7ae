"""Sirekap TPS evidence in the window (issue 12 item 2), on the demo database: the TPS list behind a kecamatan's
Sirekap figure, anomalies with their TPS, photos opened in the browser, TPS anomalies as their own findings kind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QDesktopServices

from rekap_desktop.services import RecapService
from rekap_desktop.sirekap.status import TpsStatus
from ui.cell_state import Role
from ui.findings_panel import FindingKind, kind_of
from ui.main_window import MainWindow
from ui.tps_evidence import ENTRY_ROLE, TpsColumn, TpsEvidenceDialog, TpsListModel

SAMPANG = "352703"
LEADING_8 = "3527031003006"  # the demo's OCR "spurious leading 8" TPS


@pytest.fixture
def service(demo_file: Path, tmp_path: Path):
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    svc = RecapService.open(copy, actor="operator uji")
    yield svc
    svc.close()


def test_the_tps_list_adds_up_to_the_kecamatan_figure(qtbot, qtmodeltester, service: RecapService) -> None:
    contest = service.contest("ppwp")
    dialog = TpsEvidenceDialog(service, contest, SAMPANG, "IV.3")
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model, force_py=True)
    sheet = service.load_sheet("ppwp")
    figure = sheet.sirekap("IV.3", SAMPANG)
    assert figure is not None and len(dialog.entries) == figure.tps_known
    total = sum(e.figures.get("IV.3", 0) for e in dialog.entries)
    assert total == figure.value  # the kecamatan's Sirekap figure is exactly its TPS, nothing hidden
    assert f"jumlah TPS = {figure.value:,}".replace(",", ".") in dialog.summary.text()
    assert "pembanding" in dialog.summary.text()
    # the anomalous TPS is selected first, with its words and its photos
    entry = dialog.selected()
    assert entry is not None and entry.code == LEADING_8 and entry.anomalies
    text = dialog.details.toPlainText()
    assert LEADING_8 in text and entry.anomalies[0].message in text and "Angka per baris" in text
    assert len(dialog.photo_buttons) == sum(1 for i in entry.images if i) >= 1


def test_only_anomalous_and_the_row_texts(qtbot, service: RecapService) -> None:
    dialog = TpsEvidenceDialog(service, service.contest("ppwp"), SAMPANG, "IV.3")
    qtbot.addWidget(dialog)
    everything = dialog.proxy.rowCount()
    dialog.only.setChecked(True)
    assert 1 <= dialog.proxy.rowCount() < everything
    row = dialog.proxy.index(0, 0).data(ENTRY_ROLE)
    assert row.code == LEADING_8
    anomalies = dialog.proxy.index(0, TpsColumn.ANOMALIES).data()
    assert anomalies.startswith("⚠ ") and "SIREKAP_" not in anomalies  # words, not rule ids
    assert dialog.proxy.index(0, TpsColumn.STATUS).data() == "normal"
    assert dialog.proxy.index(0, TpsColumn.TIME).data()


def test_a_photo_opens_in_the_browser(qtbot, service: RecapService, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    dialog = TpsEvidenceDialog(service, service.contest("ppwp"), SAMPANG, "IV.3", tps=LEADING_8)
    qtbot.addWidget(dialog)
    dialog.photo_buttons[0].click()
    entry = dialog.selected()
    assert entry is not None and opened == [next(i for i in entry.images if i)]


def test_a_revote_tps_says_its_status(qtbot, service: RecapService) -> None:
    contest = service.contest("ppwp")
    psu = "3527052020018"  # the demo's re-vote TPS
    dialog = TpsEvidenceDialog(service, contest, psu[:6], "V.A", tps=psu)
    qtbot.addWidget(dialog)
    entry = dialog.selected()
    assert entry is not None and entry.code == psu and entry.status is not TpsStatus.NORMAL
    assert entry.status.short in dialog.proxy.index(dialog.table.currentIndex().row(), TpsColumn.STATUS).data()
    assert "tidak dihitung" in dialog.details.toPlainText()


def test_model_is_read_only(service: RecapService) -> None:
    from rekap_desktop.sirekap.tps_list import tps_list

    with service.engine.connect() as conn:
        entries = tps_list(conn, service.contest("ppwp"), SAMPANG)
    model = TpsListModel(entries, "V.A")
    index = model.index(0, TpsColumn.VALUE)
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(index, 5) is False


def test_the_window_lists_tps_anomalies_and_opens_them(qtbot, service: RecapService, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(service, settings=settings)
    qtbot.addWidget(window)
    window.show_contest("ppwp")
    panel = window.findings
    model = panel.model()
    tps_rows = [f for f in model.findings() if kind_of(f) is FindingKind.TPS]
    assert tps_rows and all(f.message.startswith("TPS ") for f in tps_rows)
    assert panel.counts()["tps"] == len(tps_rows)
    assert "Anomali TPS Sirekap" in panel.summary.text()
    proxy = panel.proxy()
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData(FindingKind.TPS))
    assert proxy.rowCount() == len(tps_rows)
    first = proxy.index(0, 0)
    assert "SIREKAP_" not in proxy.index(0, 1).data()  # the rule said in words
    panel._activate(first)
    dialog = window.tps_dialog
    qtbot.addWidget(dialog)
    assert isinstance(dialog, TpsEvidenceDialog)
    entry = dialog.selected()
    assert entry is not None and entry.code == model.tps_of(first.data(Role.FINDING))


def test_the_import_summary_speaks_the_window_s_words() -> None:
    from ui.import_dialog import window_words

    assert window_words("Snapshot #3; 1.20 detik") == "Impor Sirekap ke-3; 1.20 detik"
    assert "rekap-desktop" not in window_words("Anomali TPS dalam data Sirekap: 4 pada 2 TPS (rincian: "
                                               "rekap-desktop check)")
    assert window_words("TPS baru: 12") == "TPS baru: 12"
