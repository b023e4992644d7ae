"""``sirekap-summary``: Sirekap figures per TPS, desa or kecamatan, with coverage and ts range (DESIGN §10).

One row per (region, line) that has a figure in at least one current TPS record of the region:

- `value`: the sum over the TPS whose current record has the figure (a TPS without it is not counted as 0);
- `tps_with_data`: how many TPS that is; `tps_known`: the TPS the region has (listed in the reference data or
  the Sirekap wilayah lists, its official count, or at least the TPS with a record; 1 at TPS level);
- `ts_min`/`ts_max`: the oldest and newest `ts` of those records (empty when none carries one).

- `status` (last column): at TPS level the TPS's status — `normal`, or `psu`, `psl`, `pss`, `hsu`, `hss` for a TPS
  under a re-vote or recount (its figures before it never count); at desa/kecamatan level the count of such TPS
  (`psu:1`), empty when there are none. A TPS under a re-vote whose result has no figures yet still gets one row at
  TPS level, with an empty `line` and `value`, so that it is never invisible.

Lines are the form's line ids (administrasi → I.A, I.B.1–4, V.A–C; chart → IV.*). A chart key that cannot be
mapped to a line (e.g. a DPD candidate id while no candidate list with Sirekap ids is loaded) is shown as
`chart:<key>` rather than dropped. Sections II and III have no Sirekap source and never appear.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from rekap_desktop.ballot import Ballot
from rekap_desktop.models import SirekapCurrentRow
from rekap_desktop.services import RecapService
from rekap_desktop.sirekap.store import ballot_chart_mapping, chart_line, current_records, tps_counts

HEADER = ("ballot", "level", "region", "line", "value", "tps_with_data", "tps_known", "ts_min", "ts_max", "status")
LEVEL_LENGTH = {"tps": 13, "desa": 10, "kecamatan": 6}
UNMAPPED_PREFIX = "chart:"

_SECTIONS = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
_PARTS = {"L": (1, 0, ""), "P": (1, 1, ""), "JML": (1, 2, ""), "T": (3, 0, "")}


@dataclass(frozen=True, slots=True)
class SummaryRow:
    ballot: str
    level: str
    region: str
    line: str
    value: int | None
    tps_with_data: int
    tps_known: int
    ts_min: str | None
    ts_max: str | None
    status: str = ""

    def as_tuple(self) -> tuple[object, ...]:
        return (
            self.ballot, self.level, self.region, self.line, self.value, self.tps_with_data, self.tps_known,
            self.ts_min, self.ts_max, self.status,
        )


def line_sort_key(line: str) -> tuple[object, ...]:
    """Form order: I (A, B.1 … B.4; L, P, JML), II, III, IV (choices by number; party-only, candidates, total), V;
    unmapped chart keys last."""
    if line.startswith(UNMAPPED_PREFIX):
        return (9, line)
    section, _, rest = line.partition(".")
    parts: list[tuple[int, int, str]] = []
    for part in rest.split(".") if rest else ():
        if part.isdigit():
            parts.append((0, int(part), ""))
        else:
            parts.append(_PARTS.get(part, (2, 0, part)))
    return (_SECTIONS.get(section, 8), tuple(parts), line)


@dataclass
class _Acc:
    value: int
    tps: int
    ts_min: str | None
    ts_max: str | None


def summary(service: RecapService, ballot_text: str, level: str) -> list[SummaryRow]:
    """The rows of `sirekap-summary` for one ballot at one level, sorted by region code and form order."""
    ballot = Ballot.parse(ballot_text)
    if level not in LEVEL_LENGTH:
        raise ValueError(f"tingkat tidak dikenal: {level!r} (yang sah: tps, desa, kecamatan)")
    length = LEVEL_LENGTH[level]
    kabupaten = service.settings().get("kabupaten_kode", "")
    sums: dict[tuple[str, str], _Acc] = {}
    with_records: dict[str, int] = {}
    with service.engine.connect() as conn:
        mapping = ballot_chart_mapping(conn, ballot)
        for record in current_records(conn, ballot.value, kabupaten):
            region = record.tps[:length]
            with_records[region] = with_records.get(region, 0) + 1
            ts = record.ts
            lines = dict(record.admin)
            for key, value in record.chart.items():
                lines[chart_line(key, mapping) or UNMAPPED_PREFIX + key] = value
            for line, value in lines.items():
                acc = sums.get((region, line))
                if acc is None:
                    sums[(region, line)] = _Acc(value, 1, ts, ts)
                    continue
                acc.value += value
                acc.tps += 1
                if ts:
                    if acc.ts_min is None or ts < acc.ts_min:
                        acc.ts_min = ts
                    if acc.ts_max is None or ts > acc.ts_max:
                        acc.ts_max = ts
        counts = tps_counts(conn, length, kabupaten) if length != 13 else None
        statuses = {
            tps: status for tps, status in conn.execute(
                select(SirekapCurrentRow.tps, SirekapCurrentRow.status).where(
                    SirekapCurrentRow.ballot == ballot.value, SirekapCurrentRow.status != "normal",
                    SirekapCurrentRow.tps.startswith(kabupaten, autoescape=True))
            )
        }
    per_region: dict[str, dict[str, int]] = {}
    for tps, status in statuses.items():
        counted = per_region.setdefault(tps[:length], {})
        counted[status] = counted.get(status, 0) + 1

    def status_of(region: str) -> str:
        if length == 13:
            return statuses.get(region, "normal")
        return ",".join(f"{s}:{n}" for s, n in sorted(per_region.get(region, {}).items()))

    rows = [
        SummaryRow(
            ballot.value,
            level,
            region,
            line,
            acc.value,
            acc.tps,
            counts.known(region, with_records[region]) if counts is not None else 1,
            acc.ts_min,
            acc.ts_max,
            status_of(region),
        )
        for (region, line), acc in sums.items()
    ]
    if length == 13:  # a TPS under a re-vote without figures yet: one row, so that it is never invisible
        with_figures = {region for region, _line in sums}
        rows.extend(
            SummaryRow(ballot.value, level, tps, "", None, 0, 1, None, None, status)
            for tps, status in statuses.items() if tps not in with_figures
        )
    order = {line: i for i, line in enumerate(sorted({line for _, line in sums}, key=line_sort_key))}
    rows.sort(key=lambda row: (row.region, order.get(row.line, -1)))
    return rows
