"""What `check` reports about Sirekap's own data for a contest (docs/anomali-sirekap.md; DESIGN §10):

- the anomalies inside each counting TPS record (:mod:`rekap_desktop.sirekap.anomalies`), with confirmed readings;
- TPS under a re-vote or recount (`SIREKAP_TPS_PSU`): whose figures before the re-vote never count;
- identical figure sets across TPS of one kecamatan (`SIREKAP_TPS_DUPLICATE`): one form uploaded twice;
- figures above what the TPS's own DPT allows when the record has no administrasi (`SIREKAP_TPS_ABOVE_VOTERS`,
  with the DPT of the reference data);
- Sirekap's aggregate file against the sum of its TPS records (`SIREKAP_AGGREGATE_MISMATCH`).

Only the TPS whose derived row says there is something to report are decoded, so a kabupaten of 15,000 TPS is
checked without reading every record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, and_, func, select

from rekap_desktop.contest import Contest
from rekap_desktop.models import RegionRow, SirekapCurrentRow, SirekapTpsStatusRow
from rekap_desktop.numbers import format_delta, format_number
from rekap_desktop.sheet import RecapSheet, SirekapAggregate, tps_bound
from rekap_desktop.sirekap.anomalies import ABOVE_VOTERS, TPS_RULES, label, tps_anomalies
from rekap_desktop.sirekap.status import TpsStatus
from rekap_desktop.sirekap.store import chart_line, chart_mapping
from rekap_desktop.sirekap.tps_list import counting_records

PSU = "SIREKAP_TPS_PSU"
DUPLICATE = "SIREKAP_TPS_DUPLICATE"
AGGREGATE_MISMATCH = "SIREKAP_AGGREGATE_MISMATCH"

RULES: dict[str, tuple[str, str]] = {
    **TPS_RULES,
    PSU: ("warning", "TPS pemungutan/penghitungan suara ulang atau lanjutan: angka sebelumnya tidak dihitung"),
    DUPLICATE: ("warning", "Angka TPS sama persis dengan TPS lain (formulir diunggah dua kali?)"),
    AGGREGATE_MISMATCH: ("warning", "Agregat Sirekap tidak sama dengan jumlah rekaman TPS Sirekap"),
}
"""Every Sirekap rule `check` reports: id → (severity, Indonesian title)."""


@dataclass(frozen=True, slots=True)
class SirekapFinding:
    rule: str
    severity: str
    kecamatan: str
    line: str
    """Line ids involved, comma-separated (chart keys mapped to the contest's lines)."""
    message: str
    tps: str = ""
    images: tuple[str, ...] = ()
    suggested: tuple[tuple[str, int], ...] = ()
    """Confirmed readings: (line id, value)."""
    status: str = ""
    """The TPS's status (normal, psu, psl, …) for TPS findings."""


def _line_of(key: str, mapping: dict[str, str]) -> str:
    return chart_line(key, mapping) or (key if key[:2] in ("I.", "V.") else f"chart:{key}")


def tps_findings(conn: Connection, contest: Contest) -> list[SirekapFinding]:
    """Anomalies, re-votes, duplicates and DPT overruns of the contest's counting TPS records, by TPS code."""
    ballot = contest.ballot.value
    mapping = chart_mapping(contest)
    kecamatan = list(contest.kecamatan_codes)
    out: list[SirekapFinding] = []
    marks = {tps: reason for tps, reason in conn.execute(
        select(SirekapTpsStatusRow.tps, SirekapTpsStatusRow.reason).where(SirekapTpsStatusRow.ballot == ballot))}
    for c in counting_records(conn, ballot, kecamatan, only_anomalous=True):
        record = c.record
        images = tuple(i for i in record.images if i) if record is not None else ()
        if c.status is not TpsStatus.NORMAL:
            out.append(SirekapFinding(
                PSU, "warning", c.tps[:6], "", _psu_text(c.tps, c.status, c.status_source, marks.get(c.tps, ""),
                                                         record.ts if record is not None and c.record_id else None,
                                                         c.record_id is not None and record is not None
                                                         and (record.has_admin or record.has_chart)),
                c.tps, images, (), c.status.value))
        if record is None:
            continue
        for a in tps_anomalies(record):
            lines = [*(_line_of(k, mapping) for k in a.lines), *(_line_of(k, mapping) for k in a.chart_keys)]
            out.append(SirekapFinding(
                a.rule, a.severity, c.tps[:6], ",".join(lines), a.message, c.tps, images,
                tuple((_line_of(k, mapping), v) for k, v in a.suggested), c.status.value))
    out.extend(_duplicates(conn, ballot, kecamatan))
    out.extend(_above_reference_dpt(conn, contest, mapping))
    out.sort(key=lambda f: (contest.kecamatan_position(f.kecamatan), f.tps, f.rule))
    return out


def _psu_text(tps: str, status: TpsStatus, source: str, reason: str, ts: str | None, has_result: bool) -> str:
    who = "ditandai operator" + (f": {reason}" if reason else "") if source == "manual" else "menurut Sirekap"
    result = f"hasil {status.short} ada (ts {ts})" if has_result else f"hasil {status.short} belum ada"
    return (f"TPS {tps}: {status.label} ({who}); angka sebelum {status.short} tidak dihitung; {result}")


def _duplicates(conn: Connection, ballot: str, kecamatan: list[str]) -> list[SirekapFinding]:
    where = (SirekapCurrentRow.ballot == ballot, SirekapCurrentRow.kecamatan.in_(kecamatan),
             SirekapCurrentRow.figures_hash != "", SirekapCurrentRow.has_admin.is_(True),
             SirekapCurrentRow.has_chart.is_(True))
    repeated = {
        (kec, digest) for kec, digest in conn.execute(
            select(SirekapCurrentRow.kecamatan, SirekapCurrentRow.figures_hash).where(*where)
            .group_by(SirekapCurrentRow.kecamatan, SirekapCurrentRow.figures_hash).having(func.count() > 1))
    }
    if not repeated:
        return []
    rows = conn.execute(
        select(SirekapCurrentRow.tps, SirekapCurrentRow.figures_hash).where(
            *where, SirekapCurrentRow.figures_hash.in_(sorted({digest for _kec, digest in repeated})))
    ).all()
    groups: dict[tuple[str, str], list[str]] = {}
    for tps, digest in rows:
        groups.setdefault((tps[:6], digest), []).append(tps)
    out: list[SirekapFinding] = []
    for (kec, _digest), members in groups.items():
        if len(members) < 2:
            continue
        members.sort()
        for tps in members:
            others = [t for t in members if t != tps]
            places = ", ".join(f"{t} ({'desa yang sama' if t[:10] == tps[:10] else 'desa ' + t[:10]})" for t in others)
            out.append(SirekapFinding(
                DUPLICATE, "warning", kec, "",
                f"Angka TPS {tps} (administrasi dan perolehan suara) sama persis dengan TPS {places}: formulir "
                "mungkin diunggah pada TPS yang salah — periksa foto formulir kedua TPS", tps))
    return out


def _above_reference_dpt(conn: Connection, contest: Contest, mapping: dict[str, str]) -> list[SirekapFinding]:
    """Records without administrasi whose votes exceed what the TPS's DPT (reference data) allows."""
    ballot = contest.ballot.value
    rows = conn.execute(
        select(SirekapCurrentRow.tps, RegionRow.dpt)
        .join(RegionRow, RegionRow.code == SirekapCurrentRow.tps)
        .where(and_(SirekapCurrentRow.ballot == ballot, SirekapCurrentRow.kecamatan.in_(contest.kecamatan_codes),
                    SirekapCurrentRow.has_admin.is_(False), SirekapCurrentRow.has_chart.is_(True),
                    RegionRow.dpt.is_not(None)))
    ).all()
    if not rows:
        return []
    dpt = {tps: int(value) for tps, value in rows if value is not None}
    out: list[SirekapFinding] = []
    for c in counting_records(conn, ballot, contest.kecamatan_codes, tps=sorted(dpt)):
        if c.record is None:
            continue
        bound = tps_bound(dpt[c.tps])
        images = tuple(i for i in c.record.images if i)
        over = {k: v for k, v in c.record.chart.items() if v > bound}
        total = sum(c.record.chart.values()) if c.record.chart else 0
        for key, value in over.items():
            out.append(SirekapFinding(
                ABOVE_VOTERS, "error", c.tps[:6], _line_of(key, mapping),
                f"{label(key)[:1].upper()}{label(key)[1:]} = {value} melebihi surat suara TPS ini "
                f"(DPT {dpt[c.tps]} + cadangan 2% = {bound}; data referensi)", c.tps, images))
        if not over and total > bound:
            out.append(SirekapFinding(
                ABOVE_VOTERS, "error", c.tps[:6], ",".join(_line_of(k, mapping) for k in c.record.chart),
                f"Jumlah perolehan suara {total} melebihi surat suara TPS ini (DPT {dpt[c.tps]} + cadangan 2% = "
                f"{bound}; data referensi)", c.tps, images))
    return out


def aggregate_findings(sheet: RecapSheet, lines: Iterable[str] | None = None) -> list[SirekapFinding]:
    """Sirekap's aggregate figure ≠ the sum of its TPS records, where both cover the same TPS (or the aggregate
    does not say how many it covers): Sirekap disagrees with itself."""
    out: list[SirekapFinding] = []
    wanted = list(lines) if lines is not None else [line.id for line in sheet.catalogue.lines]
    for column in sheet.columns:
        for line in wanted:
            fig = sheet.sirekap(line, column)
            if fig is None or fig.aggregate is None or fig.value is None:
                continue
            agg = fig.aggregate
            if agg.value == fig.value or not _same_coverage(agg, fig.tps_with_data, fig.tps_known):
                continue
            if agg.tps is not None:
                covers = f"{format_number(agg.tps)} TPS"
            elif agg.persen is not None:
                covers = f"{agg.persen:.2f}".replace(".", ",") + "% TPS"
            else:
                covers = "cakupan tidak disebut"
            out.append(SirekapFinding(
                AGGREGATE_MISMATCH, "warning", column, line,
                f"Agregat Sirekap (ts {agg.ts or '-'}, {covers}) mencatat {format_number(agg.value)}, sedangkan "
                f"rekaman TPS Sirekap yang tersimpan berjumlah {format_number(fig.value)} "
                f"({fig.coverage_text}); selisih {format_delta(agg.value - fig.value)}"))
    return out


def _same_coverage(agg: SirekapAggregate, with_data: int, known: int) -> bool:
    """Whether the aggregate may cover the same TPS as the stored records: then a different figure means Sirekap
    disagrees with itself; otherwise the two were published at different times and differ for that reason."""
    if agg.tps is not None:
        return agg.tps == with_data
    if agg.persen is None:
        return True
    if agg.persen <= 0:
        return with_data == 0
    total = round(with_data * 100 / agg.persen)
    return total >= known and round(agg.persen * total / 100) == with_data
