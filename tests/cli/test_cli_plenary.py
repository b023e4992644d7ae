"""The plenary's commands, in-process: ``aturan``."""

from __future__ import annotations

import json

import pytest

from ui.cli import EXIT_OK, main


def test_aturan_lists_every_rule_with_severity_and_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["aturan"]) == EXIT_OK
    text = capsys.readouterr().out
    assert "R9   [galat]" in text and "R8   [peringatan]" in text and text.count("Sumber:") == 17
    assert main(["aturan", "--format", "json"]) == EXIT_OK
    rules = json.loads(capsys.readouterr().out)
    assert [r["rule"] for r in rules] == [f"R{i}" for i in range(1, 18)]
    by_id = {r["rule"]: r for r in rules}
    assert by_id["R9"]["severity"] == by_id["R10"]["severity"] == "error"
    assert all(r["source"] for r in rules)
