"""The one dependency rule (DESIGN §2): ui → reports → rekap_desktop, ui → rekap_desktop; nothing back."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "rekap_desktop": {"PySide6", "shiboken6", "reportlab", "pyhanko", "ui", "reports"},
    "reports": {"PySide6", "shiboken6", "ui"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_respect_the_dependency_rule(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FORBIDDEN[package])
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    offenders = {k: v for k, v in offenders.items() if v}
    assert offenders == {}, f"{package} must not import {sorted(FORBIDDEN[package])}: {offenders}"


def test_the_rule_checker_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom PySide6.QtCore import Qt\nimport reportlab.lib\n", encoding="utf-8")
    assert imported_roots(bad) == {"os", "PySide6", "reportlab"}


def test_core_and_cli_import_without_qt_or_reportlab() -> None:
    code = (
        "import sys, importlib, pkgutil, rekap_desktop, ui.cli\n"
        "for m in pkgutil.walk_packages(rekap_desktop.__path__, 'rekap_desktop.'):\n"
        "    if '.migrations' not in m.name: importlib.import_module(m.name)\n"
        "bad = [m for m in ('PySide6', 'reportlab', 'pyhanko') if m in sys.modules]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
