"""Every finding of a contest, for ``rekap-desktop check`` and reports: rules, Sirekap mismatches, R15 across
ballots, and the anomalies Sirekap's own TPS records show."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from rekap_desktop.contest import Contest
from rekap_desktop.rules import cross_contest_findings
from rekap_desktop.services import RecapService
from rekap_desktop.sirekap.anomalies import tps_anomalies
from rekap_desktop.sirekap.json import TpsRecord
from rekap_desktop.sirekap.store import chart_line, chart_mapping, current_records


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

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["images"] = list(self.images)
        if not self.tps:
            del data["tps"]
            del data["images"]
        return data


def contest_findings(service: RecapService, contest: Contest) -> list[FindingRecord]:
    sheet = service.load_sheet(contest.key)
    ballot, dapil = contest.ballot.value, contest.dapil_code
    out = [
        FindingRecord(f.rule, f.severity.value, ballot, dapil, f.column, f.line, f.message)
        for f in sheet.all_findings()
    ]
    # R15: DPT of a kecamatan is the same on every ballot
    dpt: dict[str, dict[str, int | None]] = {}
    for other in service.contests():
        rows = service.entries(other.key)
        dpt[other.key] = {kec: v for _, line, kec, v in rows if line == "I.A.JML"}
    for key, f in cross_contest_findings(dpt):
        if key == contest.key:
            out.append(FindingRecord(f.rule, f.severity.value, ballot, dapil, f.column, f.line, f.message))
    out.extend(sirekap_anomaly_findings(service, contest))
    from rekap_desktop.seats_report import seat_findings  # seats import this module: imported here, not above

    out.extend(seat_findings(service, contest))  # DPRD Kab/Kota: KURSI_RAWAN, KURSI_SERI, CALON_SERI (issue 14)
    return out


def sirekap_anomaly_findings(service: RecapService, contest: Contest) -> list[FindingRecord]:
    """Anomalies inside the current Sirekap TPS records of the contest's kecamatan (`sirekap.anomalies`).

    Each finding names the TPS (13-digit code) and carries the record's photo links; `line` lists the line ids
    involved (chart keys mapped to section IV lines where the contest knows them).
    """
    out: list[FindingRecord] = []
    prefix = contest.kecamatan[0].code[:4] if contest.kecamatan else ""
    mapping = chart_mapping(contest)
    ballot, dapil = contest.ballot.value, contest.dapil_code
    with service.engine.connect() as conn:
        for rec in current_records(conn, ballot, prefix):
            if not contest.has_kecamatan(rec.tps[:6]):
                continue
            record = TpsRecord(
                rec.ballot, rec.tps, rec.ts, None, rec.admin, rec.has_admin, rec.chart, rec.has_chart,
                (), rec.source, "", None, None,
            )
            found = tps_anomalies(record)
            if not found:
                continue
            images = tuple(image for image in rec.images if image)
            for a in found:
                lines = [*a.lines, *(chart_line(key, mapping) or f"chart:{key}" for key in a.chart_keys)]
                out.append(FindingRecord(
                    a.rule, str(a.severity), ballot, dapil, rec.tps[:6], ",".join(lines), a.message, rec.tps, images,
                ))
    return out
