"""``sirekap-summary``: Sirekap figures per TPS, desa or kecamatan, with coverage and ts range (DESIGN §10)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from rekap_desktop.ballot import Ballot
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.models import RegionRow
from rekap_desktop.region import Level
from rekap_desktop.services import RecapService
from rekap_desktop.sirekap_store import chart_mapping, current_records

HEADER = ("ballot", "level", "region", "line", "value", "tps_with_data", "tps_known", "ts_min", "ts_max")
LEVEL_LENGTH = {"tps": 13, "desa": 10, "kecamatan": 6}


@dataclass(frozen=True, slots=True)
class SummaryRow:
    ballot: str
    level: str
    region: str
    line: str
    value: int
    tps_with_data: int
    tps_known: int
    ts_min: str
    ts_max: str

    def as_tuple(self) -> tuple[object, ...]:
        return (self.ballot, self.level, self.region, self.line, self.value, self.tps_with_data, self.tps_known,
                self.ts_min, self.ts_max)


def _mapping(service: RecapService, ballot: Ballot) -> tuple[dict[str, str], dict[str, int]]:
    """Chart key → line id, merged over the ballot's contests; line order for sorting."""
    mapping: dict[str, str] = {}
    order: dict[str, int] = {}
    for contest in service.contests():
        if contest.ballot is ballot:
            mapping.update(chart_mapping(contest))
            for i, line in enumerate(LineCatalogue(contest).lines):
                order.setdefault(line.id, i)
    return mapping, order


def summary(service: RecapService, ballot_text: str, level: str) -> list[SummaryRow]:
    ballot = Ballot.parse(ballot_text)
    if level not in LEVEL_LENGTH:
        raise ValueError(f"tingkat tidak dikenal: {level!r} (tps, desa, kecamatan)")
    length = LEVEL_LENGTH[level]
    mapping, order = _mapping(service, ballot)
    kab = service.settings().get("kabupaten_kode", "")
    acc: dict[tuple[str, str], list[object]] = {}
    with service.engine.connect() as conn:
        for rec in current_records(conn, ballot.value, kab):
            region = rec.tps[:length]
            lines = dict(rec.admin)
            for key, value in rec.chart.items():
                line = key[5:] if key.startswith("line:") else mapping.get(key, f"chart:{key}")
                lines[line] = value
            for line, value in lines.items():
                a = acc.get((region, line))
                ts = rec.ts or ""
                if a is None:
                    acc[(region, line)] = [value, 1, ts, ts]
                else:
                    a[0] = int(str(a[0])) + value
                    a[1] = int(str(a[1])) + 1
                    a[2] = min(str(a[2]), ts) if a[2] and ts else (a[2] or ts)
                    a[3] = max(str(a[3]), ts)
        known = _tps_known(conn, {region for region, _ in acc}, length)
    rows = [
        SummaryRow(ballot.value, level, region, line, int(str(a[0])), int(str(a[1])),
                   max(known.get(region, 0), int(str(a[1]))), str(a[2]), str(a[3]))
        for (region, line), a in acc.items()
    ]
    rows.sort(key=lambda r: (r.region, order.get(r.line, 10_000), r.line))
    return rows


def _tps_known(conn: object, regions: set[str], length: int) -> dict[str, int]:
    from sqlalchemy import Connection

    assert isinstance(conn, Connection)
    if length == 13:
        return dict.fromkeys(regions, 1)
    known: dict[str, int] = {}
    stmt = (
        select(func.substr(RegionRow.code, 1, length).label("r"), func.count())
        .where(RegionRow.level == int(Level.TPS))
        .group_by("r")
    )
    for r, n in conn.execute(stmt):
        if r in regions:
            known[r] = int(n)
    level = Level.DESA if length == 10 else Level.KECAMATAN
    for code, tps_count in conn.execute(
        select(RegionRow.code, RegionRow.tps_count).where(RegionRow.level == int(level))
    ):
        if code in regions and not known.get(code) and tps_count:
            known[code] = int(tps_count)
    return known
