"""The test suite carries its own data: no test reads the research folder next to the project (`../shared`)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import FIELD_CASES, SIREKAP_SAMPLE

ROOT = Path(__file__).resolve().parents[1]

# a path built towards a sibling "shared" folder: parents[n].parent / "shared", "../shared", "/work/shared"
_SHARED_PATH = re.compile(r"""(/\s*["']shared["'])|(["'][^"'\n]*\.\./shared)|(["']/work/shared)""")


def test_no_test_reads_the_shared_folder() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if _SHARED_PATH.search(line) and path.name != "test_own_data.py"
    ]
    assert offenders == []


def test_the_real_samples_and_field_cases_are_inside_the_project() -> None:
    assert ROOT in SIREKAP_SAMPLE.parents and ROOT in FIELD_CASES.parents
    noreh = sorted((SIREKAP_SAMPLE / "pemilu/hhcw/ppwp/35/3527/352701/3527012001").glob("*.json"))
    assert len(noreh) == 20
    assert len(sorted((SIREKAP_SAMPLE / "wilayah/pemilu/ppwp/35/3527").glob("3527??.json"))) == 14
    for case in ("01-psu-record", "01-psu-after", "02-leading-88", "05-bulk-formats", "07-duplicate-upload",
                 "08-missing-row", "11-aggregate-vs-tps"):
        assert any((FIELD_CASES / case).rglob("*.*")), case
    sources = (ROOT / "tests" / "data" / "SOURCES.md").read_text(encoding="utf-8")
    assert "zakiego/data-pemilu-2024-dump" in sources and "01-psu-record" in sources
