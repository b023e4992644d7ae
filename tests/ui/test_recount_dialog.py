"""Kecamatan › Hitung ulang TPS… on a real SQLite database: choosing the TPS, the figures table (qtmodeltester),
the live preview and its refusals, saving through the service, and the main window repainting the recounted
cells of a ditetapkan kecamatan."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog

from rekap_desktop.recount import recounts
from rekap_desktop.reference import RegionRecord
from rekap_desktop.services import KecamatanStatus, RecapService
from rekap_desktop.sirekap.importer import import_paths
from tests.core.refdata import small_reference
from tests.core.test_recount import KECAMATAN_FIGURES, TPS, write_sirekap
from ui.recount_dialog import COL_AFTER, COL_BEFORE, HEADERS, RecountDialog

KEC = TPS[:6]


@pytest.fixture
def service(tmp_path: Path) -> Iterator[RecapService]:
    reference = small_reference()
    reference = dataclasses.replace(reference, regions=[*reference.regions, RegionRecord("3527012001", "NOREH", 20),
                                                        RegionRecord("3527012002", "DESA LAIN", 4)])
    svc = RecapService.open(tmp_path / "rekap.sqlite", actor="operator uji")
    svc.store_reference(reference)
    svc.set_entries("ppwp", [(line, KEC, v) for line, v in KECAMATAN_FIGURES.items()])
    svc.set_status("ppwp", KEC, KecamatanStatus.DITETAPKAN)
    import_paths(svc, [write_sirekap(tmp_path / "sirekap")], source_label="uji")
    yield svc
    svc.close()


def _set(dialog: RecountDialog, line: str, column: int, value: str) -> bool:
    model = dialog.model
    return model.setData(model.index(model.row_of(line), column), value, Qt.ItemDataRole.EditRole)


def test_choose_the_tps_fill_after_preview_and_save(qtbot, service, qtmodeltester) -> None:
    kid = service.add_keberatan("ppwp", kind="kejadian_khusus", level="ppk", tps=TPS,
                                description="PPK Sreseh: TPS 003 belum selesai")
    dialog = RecountDialog(service, service.contest("ppwp"), kecamatan=KEC)
    qtbot.addWidget(dialog)
    assert dialog.desa.count() == 2 and dialog.number.maximum() == 20  # Noreh has 20 TPS
    dialog.select_tps(TPS)
    assert dialog.tps == TPS and dialog.keberatan.currentData() == kid  # the only matching keberatan, chosen
    model = dialog.model
    qtmodeltester.check(model)
    row = model.row_of("IV.2")
    assert model.index(row, HEADERS.index("Diketahui")).data() == "139 (Sirekap)"
    assert model.index(row, COL_BEFORE).data() == "139"  # prefilled from Sirekap
    assert not _set(dialog, "IV.2", COL_AFTER, "abc") and not _set(dialog, "IV.2", COL_AFTER, "1000")
    assert _set(dialog, "IV.2", COL_AFTER, "100") and _set(dialog, "V.A", COL_AFTER, "228")
    assert _set(dialog, "V.B", COL_AFTER, "53")
    assert model.index(row, HEADERS.index("Selisih")).data() == "-39"
    assert model.index(row, HEADERS.index("Kecamatan menjadi")).data() == "13.861"
    assert "IV.2: 13.900 → 13.861" in dialog.preview_label.text()
    dialog._accept()
    assert dialog.result() == 0 and "alasan" in dialog.error.text()
    dialog.reason.setText("C plano tidak sama dengan salinan saksi")
    dialog._accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.recount is not None
    assert [li.line for li in dialog.recount.changed] == ["IV.2", "V.A", "V.B"]
    assert recounts(service, "ppwp")[0].id == dialog.recount.id and service.verify_audit().ok


def test_preview_names_what_the_service_would_refuse(qtbot, service) -> None:
    dialog = RecountDialog(service, service.contest("ppwp"), kecamatan=KEC)
    qtbot.addWidget(dialog)
    dialog.select_tps(TPS)
    assert _set(dialog, "IV.2", COL_BEFORE, "140") and _set(dialog, "IV.2", COL_AFTER, "100")
    assert "Sirekap" in dialog.preview_label.text() and "139" in dialog.preview_label.text()
    assert _set(dialog, "I.A.L", COL_AFTER, "5")  # nothing known and no "before"
    dialog.reason.setText("uji")
    dialog._accept()
    assert dialog.result() == 0 and "I.A.L: angka sebelum belum diisi" in dialog.error.text()
    assert _set(dialog, "I.A.L", COL_AFTER, "")
    dialog._accept()  # no keberatan chosen: the service refuses, nothing stored
    assert dialog.result() == 0 and "keberatan" in dialog.error.text() and recounts(service) == []


def test_main_window_recount_repaints_a_ditetapkan_kecamatan(qtbot, service, tmp_path, monkeypatch) -> None:
    from ui.main_window import MainWindow

    kid = service.add_keberatan("ppwp", description="saksi 02: TPS 003", tps=TPS)
    window = MainWindow(service, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show_kecamatan("ppwp", KEC)

    def run(dialog: RecountDialog) -> int:
        dialog.select_tps(TPS)
        dialog.keberatan.setCurrentIndex(dialog.keberatan.findData(kid))
        dialog.reason.setText("hitung ulang atas keberatan saksi 02")
        _set(dialog, "IV.2", COL_AFTER, "129")
        _set(dialog, "IV.1", COL_AFTER, "58")
        dialog._accept()
        return int(dialog.result())

    monkeypatch.setattr(RecountDialog, "exec", run)
    model = window.models["ppwp"]
    assert model.is_locked(KEC)
    with qtbot.waitSignal(model.dataChanged, timeout=2000):
        window.recount_action.trigger()
    assert model.sheet.value("IV.2", KEC) == 13900 - 10 and model.sheet.value("IV.1", KEC) == 4800 + 10
    assert model.is_locked(KEC)
    assert "Hitung ulang #1" in window.statusBar().currentMessage()


def test_without_desa_in_the_reference_the_desa_code_is_typed(qtbot, tmp_path: Path) -> None:
    svc = RecapService.open(tmp_path / "tanpa-desa.sqlite", actor="operator uji")
    try:
        svc.store_reference(small_reference())  # kecamatan only, no desa list
        dialog = RecountDialog(svc, svc.contest("ppwp"), kecamatan=KEC)
        qtbot.addWidget(dialog)
        assert dialog.desa.count() == 0 and dialog.desa_code.isVisibleTo(dialog) and dialog.tps == ""
        dialog.desa_code.setText("3527022001")  # another kecamatan's desa: not taken
        assert dialog.tps == ""
        dialog.select_tps(TPS)
        assert dialog.tps == TPS and "kode 3527012001003" in dialog.tps_label.text()
    finally:
        svc.close()
