"""Export of the manual figures in the long format of DESIGN §10 (CSV or XLSX via pandas)."""

from __future__ import annotations

from pathlib import Path

from rekap_desktop.lines import LineCatalogue
from rekap_desktop.manual_import import COLUMNS
from rekap_desktop.services import RecapService


def export_rows(service: RecapService) -> list[tuple[str, str, str, str, int]]:
    """(ballot, dapil, kecamatan, line, value), in plenary order: contest, kecamatan, form line."""
    rows: list[tuple[str, str, str, str, int]] = []
    for contest in service.contests():
        catalogue = LineCatalogue(contest)
        order = {line.id: i for i, line in enumerate(catalogue.lines)}
        entries = sorted(
            ((kec, line, value) for _, line, kec, value in service.entries(contest.key) if line in order),
            key=lambda e: (contest.kecamatan_position(e[0]), order[e[1]]),
        )
        rows.extend((contest.ballot.value, contest.dapil_code, kec, line, value) for kec, line, value in entries)
    return rows


def export(service: RecapService, out: Path, fmt: str) -> int:
    """Write the export; the file is written to a temporary name and renamed, so it is never half-written."""
    import pandas as pd

    frame = pd.DataFrame(export_rows(service), columns=list(COLUMNS))
    tmp = out.with_name(f".{out.name}.tmp")
    if fmt == "csv":
        frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
    elif fmt == "xlsx":
        frame.to_excel(tmp, index=False, engine="openpyxl")
    else:
        raise ValueError(f"format tidak dikenal: {fmt} (csv/xlsx)")
    tmp.replace(out)
    return len(frame)
