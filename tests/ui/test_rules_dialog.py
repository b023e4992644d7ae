"""Bantuan › Daftar aturan: every rule with its severity and source, as a checked read-only model."""

from __future__ import annotations

from PySide6.QtCore import Qt

from rekap_desktop.rules import RULES
from ui.rules_dialog import HEADERS, RuleCatalogueModel, RulesDialog


def test_the_catalogue_shows_severity_and_source(qtbot, qtmodeltester) -> None:
    model = RuleCatalogueModel()
    qtmodeltester.check(model)
    assert model.rowCount() == len(RULES) == 17
    col = {h: i for i, h in enumerate(HEADERS)}
    row9 = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "R9")
    assert model.index(row9, col["Tingkat"]).data() == "galat"
    assert "Sirekap" in model.index(row9, col["Sumber"]).data()
    assert "Sumber:" in model.index(row9, 0).data(Qt.ItemDataRole.ToolTipRole)
    r8 = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "R8")
    assert model.index(r8, col["Tingkat"]).data() == "peringatan"


def test_the_dialog_opens_from_the_help_menu_code(qtbot) -> None:
    dialog = RulesDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.view.model() is dialog.model and dialog.windowTitle().startswith("Daftar aturan")
