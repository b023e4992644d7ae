"""The keberatan panel with the kejadian khusus form's fields: a PPK's unresolved item carried into the plenary,
Bawaslu's recommendation, the decision, and the dialog's refusals — on a real SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from rekap_desktop.services import RecapService
from tests.core.refdata import small_reference
from ui.keberatan_panel import (
    HEADERS,
    KeberatanDialog,
    KeberatanPanel,
    RekomendasiDialog,
    ResolveDialog,
)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[RecapService]:
    svc = RecapService.open(tmp_path / "rekap.sqlite", actor="operator uji")
    svc.store_reference(small_reference())
    yield svc
    svc.close()


@pytest.fixture
def panel(qtbot, service: RecapService) -> KeberatanPanel:
    widget = KeberatanPanel(service, service.contest("ppwp"))
    qtbot.addWidget(widget)
    return widget


def _cell(panel: KeberatanPanel, row: int, header: str) -> object:
    return panel.model.data(panel.model.index(row, HEADERS.index(header)))


def test_carry_a_ppk_item_then_recommendation_then_decision(qtbot, panel: KeberatanPanel, service, monkeypatch,
                                                             qtmodeltester) -> None:
    def fill_ppk(dialog: KeberatanDialog) -> int:
        assert dialog.level.currentData() == "ppk" and dialog.kind.currentData() == "kejadian_khusus"
        assert "PPK" in dialog.windowTitle()
        dialog.kecamatan.setCurrentIndex(dialog.kecamatan.findData("352702"))
        dialog.tps.setText("3527022003005")
        dialog.peserta.setCurrentText("Pasangan Calon 02")
        dialog.saksi.setText("SAKSI FIKTIF 02")
        dialog.cells.setText("IV.2; V.B")
        dialog.description.setPlainText("PPK Torjun: C plano TPS 005 tidak sama dengan salinan; belum selesai.")
        dialog._accept()
        return int(dialog.result())

    monkeypatch.setattr(KeberatanDialog, "exec", fill_ppk)
    with qtbot.waitSignal(panel.changed):
        panel.ppk_button.click()
    assert panel.model.rowCount() == 1
    qtmodeltester.check(panel.model)
    (item,) = service.keberatan("ppwp")
    assert (item.level, item.kind, item.jenis, item.tps, item.cells) == (
        "ppk", "kejadian_khusus", "angka", "3527022003005", ("IV.2", "V.B"))
    assert _cell(panel, 0, "Asal") == "Dari PPK" and "TPS 005" in str(_cell(panel, 0, "Kecamatan / TPS"))

    panel.view.selectRow(0)

    def recommend(dialog: RekomendasiDialog) -> int:
        dialog._accept()
        assert dialog.result() == 0 and "wajib" in dialog.error.text()
        dialog.text.setPlainText("Bawaslu: hitung ulang TPS 005 dalam pleno")
        dialog._accept()
        return int(dialog.result())

    monkeypatch.setattr(RekomendasiDialog, "exec", recommend)
    panel.rekomendasi_button.click()
    assert str(_cell(panel, 0, "Rekomendasi Bawaslu")).startswith("Bawaslu: hitung ulang")

    def decide(dialog: ResolveDialog) -> int:
        assert dialog.rekomendasi.toPlainText().startswith("Bawaslu: hitung ulang")
        dialog._accept()
        assert dialog.result() == 0 and "Tindak lanjut wajib" in dialog.error.text()
        dialog.outcome.setCurrentIndex(dialog.outcome.findData("diterima"))
        dialog.tindak_lanjut.setPlainText("dihitung ulang; angka dikoreksi")
        dialog._accept()
        return int(dialog.result())

    monkeypatch.setattr(ResolveDialog, "exec", decide)
    panel.view.selectRow(0)
    panel.resolve_button.click()
    assert _cell(panel, 0, "Keputusan") == "Diterima"
    (item,) = service.keberatan("ppwp")
    assert item.status == "diterima" and item.tindak_lanjut == "dihitung ulang; angka dikoreksi"

    infos: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, msg: infos.append(msg))
    panel.view.selectRow(0)
    panel.resolve_button.click()  # a decided item is not decided again
    assert infos and "sudah diputus" in infos[-1]
    assert [e["action"] for e in service.audit_events(3)] == [
        "keberatan.resolve", "keberatan.rekomendasi", "keberatan.add"]
    assert service.verify_audit().ok


@pytest.mark.parametrize(("setup", "message"), [
    (lambda d: d.level.setCurrentIndex(d.level.findData("ppk")), "kecamatannya"),
    (lambda d: d.tps.setText("35270220030"), "13 angka"),
    (lambda d: (d.kecamatan.setCurrentIndex(d.kecamatan.findData("352701")), d.tps.setText("3527022003005")),
     "352701 yang dipilih"),
    (lambda d: d.cells.setText("V.B, X.9"), "X.9"),
])
def test_the_dialog_refuses_what_the_service_would(qtbot, service, setup, message: str) -> None:
    dialog = KeberatanDialog(service.contest("ppwp"))
    qtbot.addWidget(dialog)
    dialog.description.setPlainText("uraian uji")
    setup(dialog)
    dialog._accept()
    assert dialog.result() == 0 and message in dialog.error.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
