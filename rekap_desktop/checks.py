"""Every finding of a contest, for ``rekap-desktop check`` and reports (DESIGN §10): the rules R1–R17, manual ≠
Sirekap (coverage-aware), R15 across ballots, empty cells of a kecamatan that holds figures (with the rules they
block), and what Sirekap's own data shows (:mod:`rekap_desktop.sirekap.findings`).

`check --format json` writes :meth:`FindingRecord.as_json`: the keys of DESIGN §10 (`rule`, `severity`, `ballot`,
`dapil`, `kecamatan`, `line`, `message`; TPS findings add `tps`, `images`, `suggested` — confirmed readings
`{line: value}` — and `status`; `MISSING_CELL` adds `blocks`, the rules the empty cell keeps from being checked).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from rekap_desktop.contest import Contest
from rekap_desktop.models import EntryRow
from rekap_desktop.rules import cross_contest_findings
from rekap_desktop.services import KecamatanStatus, RecapService
from rekap_desktop.sirekap.findings import SirekapFinding, aggregate_findings, tps_findings

MISSING_CELL = "MISSING_CELL"
"""An empty cell in a kecamatan column that holds other figures: a warning while the kecamatan is being read, an
error once it is marked selesai or ditetapkan (the form was read whole, so a line is missing)."""


@dataclass(frozen=True, slots=True)
class FindingRecord:
    rule: str
    severity: str
    ballot: str
    dapil: str
    kecamatan: str
    line: str
    message: str
    tps: str = ""
    images: tuple[str, ...] = ()
    suggested: dict[str, int] = field(default_factory=dict)
    status: str = ""
    blocks: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "rule": self.rule, "severity": self.severity, "ballot": self.ballot, "dapil": self.dapil,
            "kecamatan": self.kecamatan, "line": self.line, "message": self.message,
        }
        if self.tps:
            data.update(tps=self.tps, images=list(self.images), suggested=dict(self.suggested), status=self.status)
        if self.rule == MISSING_CELL:
            data["blocks"] = list(self.blocks)
        return data


_READ_OUT = frozenset({KecamatanStatus.SELESAI, KecamatanStatus.DITETAPKAN})


class _DptCache:
    """I.A.JML of every contest, read once per `check` run (R15 compares them across ballots)."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, int | None]] | None = None

    def get(self, service: RecapService) -> dict[str, dict[str, int | None]]:
        if self.values is None:
            values: dict[str, dict[str, int | None]] = {c.key: {} for c in service.contests()}
            with service.engine.connect() as conn:
                for contest, kec, value in conn.execute(
                    select(EntryRow.contest, EntryRow.kecamatan, EntryRow.value).where(EntryRow.line == "I.A.JML")
                ):
                    values.setdefault(contest, {})[kec] = value
            self.values = values
        return self.values


def contest_findings(service: RecapService, contest: Contest, *, dpt: _DptCache | None = None) -> list[FindingRecord]:
    """All findings of one contest, in form order, then the cross-ballot and Sirekap findings."""
    sheet = service.load_sheet(contest.key)
    ballot, dapil = contest.ballot.value, contest.dapil_code
    out = [
        FindingRecord(f.rule, f.severity.value, ballot, dapil, f.column, f.line, f.message)
        for f in sheet.all_findings()
    ]
    missing = sheet.missing_cells()
    if missing:
        done = {kec for kec, status in service.statuses(contest.key).items() if status in _READ_OUT}
        out.extend(
            FindingRecord(MISSING_CELL, "error" if m.column in done else "warning", ballot, dapil, m.column, m.line,
                          m.message, blocks=tuple(b.rule for b in m.blocked))
            for m in missing
        )
    for key, f in cross_contest_findings((dpt or _DptCache()).get(service)):
        if key == contest.key:
            out.append(FindingRecord(f.rule, f.severity.value, ballot, dapil, f.column, f.line, f.message))
    out.extend(_record(f, contest) for f in aggregate_findings(sheet))
    out.extend(sirekap_anomaly_findings(service, contest))
    from rekap_desktop.seats_report import seat_findings  # seats import this module: imported here, not above

    out.extend(seat_findings(service, contest))  # DPRD Kab/Kota: KURSI_RAWAN, KURSI_SERI, CALON_SERI (issue 14)
    return out


def findings_for(service: RecapService, contests: list[Contest]) -> list[FindingRecord]:
    """`check` over several contests (R15's figures read once)."""
    dpt = _DptCache()
    return [f for c in contests for f in contest_findings(service, c, dpt=dpt)]


def _record(f: SirekapFinding, contest: Contest) -> FindingRecord:
    return FindingRecord(f.rule, f.severity, contest.ballot.value, contest.dapil_code, f.kecamatan, f.line,
                         f.message, f.tps, f.images, dict(f.suggested), f.status)


def sirekap_anomaly_findings(service: RecapService, contest: Contest) -> list[FindingRecord]:
    """What Sirekap's own TPS records of the contest's kecamatan show (`sirekap.findings.tps_findings`): each
    finding names the TPS (13-digit code) and carries the record's photo links; `line` lists the line ids
    involved (chart keys mapped to section IV lines where the contest knows them)."""
    with service.engine.connect() as conn:
        return [_record(f, contest) for f in tps_findings(conn, contest)]
