"""From the database to the documents' plain data: headings, figures, signatories, keberatan of one contest.

Used by :mod:`reports.issue` (issuing), :mod:`reports.verify_pdf` (what the data says) and the GUI dialog. The
renderers themselves only see the dataclasses of :mod:`reports.berita_acara_data`. No Qt here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from contextvars import ContextVar

from rekap_desktop.contest import Contest
from rekap_desktop.form_names import form_names
from rekap_desktop.keberatan import JENIS_LABELS, LEVEL_LABELS, STATUS_LABELS, Keberatan
from rekap_desktop.rules import JUMLAH
from rekap_desktop.services import Attendee, RecapService
from rekap_desktop.sheet import RecapSheet, SirekapState
from reports.berita_acara_data import BeritaAcaraData, ContestHeading, KeberatanRow, LineRow, Signatory
from reports.kejadian_khusus import KejadianKhususData
from reports.pembanding_sirekap import AnomalyRow, CoverageRow, DifferenceRow, PembandingData, PsuRow

__all__ = [
    "INVARIANT_MOMENT",
    "berita_acara_data",
    "contest_heading",
    "figure_lines",
    "keberatan_rows",
    "kejadian_khusus_data",
    "meeting_date",
    "pembanding_data",
    "peserta_labels",
    "signatories",
    "sirekap_differences",
]

INVARIANT_MOMENT = dt.datetime(2024, 3, 1, 0, 0, 0)
"""Creation time of documents rendered with ``invariant=True`` (tests, archives)."""



def figure_lines(sheet: RecapSheet) -> list[LineRow]:
    """Sections I–V as printed: headers and lines with their kecamatan figures and JUMLAH (empty until every
    kecamatan of the line is filled)."""
    rows: list[LineRow] = []
    ballot = sheet.contest.ballot.value
    for row in sheet.catalogue.rows:
        if row.line is None:
            if row.level == 0:
                continue  # section titles are printed by the renderer as table captions
            rows.append(LineRow(f"#{len(rows)}", "IV", row.header, indent=0, is_header=True))  # party blocks: IV
            continue
        line = row.line
        total = sheet.value(line.id, JUMLAH) if sheet.total_complete(line.id) else None
        is_total = line.id.endswith((".T", "I.B.4.JML")) or line.id in ("V.A", "V.C")
        in_words = line.in_words and (line.section.value == "V" or ballot == "ppwp")
        rows.append(LineRow(
            line.id, line.section.value, line.label, indent=line.indent,  # type: ignore[arg-type]
            values={kec: sheet.value(line.id, kec) for kec in sheet.columns},
            total=total, in_words=in_words, is_total=is_total,
        ))
    return rows


def peserta_labels(contest: Contest) -> list[str]:
    """One saksi per peserta: the paslon, the parties of the dapil, or the DPD candidates."""
    if contest.paslon:
        return [f"Pasangan Calon 0{p.number}" for p in contest.paslon]
    if contest.dpd_candidates:
        return [f"Calon DPD {c.number}. {c.name}" for c in contest.dpd_candidates]
    return [f"{b.party.number}. {b.party.short_name}" for b in contest.parties]


def signatories(settings: Mapping[str, str], contest: Contest, people: Iterable[Attendee]) -> list[Signatory]:
    """The signature lines: the stored attendance, or (nothing stored yet) the KPU members of the office
    settings and a blank line per saksi."""
    people = list(people)
    if not people:
        result = [Signatory("ketua", settings.get("ketua", ""))]
        result += [Signatory("anggota", n) for n in settings.get("anggota", "").split("|") if n]
        result += [Signatory("saksi", "", peserta=p) for p in peserta_labels(contest)]
        result.append(Signatory("bawaslu", ""))
        return result
    out = []
    for p in people:
        if p.role == "ppk":
            continue
        refused = p.present and not p.signs
        out.append(Signatory(
            p.role, p.name, peserta=p.peserta or None, present=p.present, signs=p.signs,  # type: ignore[arg-type]
            refusal_reason=(p.refusal_reason or None) if refused else None,
        ))
    return out


def keberatan_rows(contest: Contest, found: Iterable[Keberatan]) -> list[KeberatanRow]:
    """The items as printed on D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN (labels in Indonesian, kecamatan by name)."""
    rows = []
    for i, k in enumerate(found, start=1):
        rows.append(KeberatanRow(
            i, "kejadian khusus" if k.kind == "kejadian_khusus" else "keberatan",
            contest.kecamatan_name(k.kecamatan) if k.kecamatan and contest.has_kecamatan(k.kecamatan) else None,
            k.peserta or None, k.saksi or None, ", ".join(k.cells), k.description,
            STATUS_LABELS.get(k.status, k.status), k.tindak_lanjut,
            level=LEVEL_LABELS.get(k.level, k.level), jenis=JENIS_LABELS.get(k.jenis, k.jenis),
            rekomendasi_bawaslu=k.rekomendasi_bawaslu, tps=k.tps, record_id=k.id,
        ))
    return rows


PRINT_DATE: ContextVar[dt.date | None] = ContextVar("PRINT_DATE", default=None)
"""The day a document was printed, when it is made again later (``verify-pdf``): the meeting date printed is that
day's when the office settings name none."""


def meeting_date(settings: Mapping[str, str], *, invariant: bool = False) -> dt.date:
    """The meeting date printed: the office setting ``tanggal_rapat``, else the day of printing."""
    stored = settings.get("tanggal_rapat", "")
    if stored:
        return dt.date.fromisoformat(stored)
    if invariant:
        return INVARIANT_MOMENT.date()
    return PRINT_DATE.get() or dt.date.today()


def contest_heading(settings: Mapping[str, str], contest: Contest, *, invariant: bool = False) -> ContestHeading:
    ballot = contest.ballot.value
    kab = settings.get("kabupaten_kode", "")
    kab_name = settings.get("kabupaten_nama", "")
    names = form_names(ballot, settings.get("provinsi_kode", "") or kab[:2], settings)
    return ContestHeading(
        ballot=ballot,  # type: ignore[arg-type]
        election_title=names.election_title, model_code=names.model_code, body_short=names.body_short,
        provinsi=settings.get("provinsi_nama", ""),
        kabupaten=kab_name if kab_name.startswith(("KABUPATEN", "KOTA")) else f"KABUPATEN {kab_name}".strip(),
        dapil=contest.dapil.name if contest.dapil else None, dapil_code=contest.dapil_code or None,
        office=settings.get("kantor", f"KOMISI PEMILIHAN UMUM KABUPATEN {kab_name}".strip()),
        place=settings.get("tempat", ""), meeting_date=meeting_date(settings, invariant=invariant),
    )


def berita_acara_data(
    service: RecapService, contest: Contest, sheet: RecapSheet, *, settings: Mapping[str, str] | None = None,
    paper: str | None = None, invariant: bool = False, people: Iterable[Attendee] | None = None,
    items: Iterable[Keberatan] | None = None,
) -> BeritaAcaraData:
    """Everything the berita acara of ``contest`` prints, from ``sheet`` (its figures) and the database
    (``people``/``items``: the attendance and keberatan, when already read)."""
    settings = settings if settings is not None else service.settings()
    people = service.attendance(contest.key) if people is None else people
    items = service.keberatan(contest.key) if items is None else items
    h = contest_heading(settings, contest, invariant=invariant)
    return BeritaAcaraData(
        ballot=h.ballot, election_title=h.election_title, model_code=h.model_code, body_short=h.body_short,
        provinsi=h.provinsi, kabupaten=h.kabupaten, dapil=h.dapil, office=h.office, place=h.place,
        meeting_date=h.meeting_date,
        columns=[(r.code, r.name) for r in contest.kecamatan], lines=figure_lines(sheet),
        signatories=signatories(settings, contest, people),
        keberatan=keberatan_rows(contest, items),
        paper=(paper or settings.get("kertas", "a4")),  # type: ignore[arg-type]
    )


def kejadian_khusus_data(
    service: RecapService, contest: Contest, *, settings: Mapping[str, str] | None = None, paper: str | None = None,
    invariant: bool = False, items: Iterable[Keberatan] | None = None, people: Iterable[Attendee] | None = None,
) -> KejadianKhususData:
    """The kejadian khusus form of ``contest``: its keberatan and kejadian khusus (``items``: as stored now, or as
    they stood at an anchor)."""
    settings = settings if settings is not None else service.settings()
    h = contest_heading(settings, contest, invariant=invariant)
    found = service.keberatan(contest.key) if items is None else list(items)
    return KejadianKhususData(
        heading=h, berita_acara_form=h.model_code.removeprefix("MODEL "), items=keberatan_rows(contest, found),
        signatories=signatories(settings, contest, service.attendance(contest.key) if people is None else people),
        paper=(paper or settings.get("kertas", "a4")),  # type: ignore[arg-type]
    )


def sirekap_differences(sheet: RecapSheet) -> list[DifferenceRow]:
    """Lines of a kecamatan where manual ≠ Sirekap: a mismatch on complete coverage, or any difference while the
    coverage is partial (said as such); Δ = manual − Sirekap."""
    out: list[DifferenceRow] = []
    contest = sheet.contest
    for kec in sheet.columns:
        name = contest.kecamatan_name(kec)
        for line in sheet.catalogue.lines:
            state = sheet.sirekap_state(line.id, kec)
            delta = sheet.delta(line.id, kec)
            if state is SirekapState.MISMATCH or (state is SirekapState.PARTIAL and delta):
                fig = sheet.sirekap(line.id, kec)
                assert fig is not None
                out.append(DifferenceRow(kec, name, line.id, line.label, sheet.value(line.id, kec), fig.value,
                                         fig.coverage_text, fig.complete))
    return out


def _psu_tps(service: RecapService, contest: Contest) -> dict[str, str]:
    """TPS of the contest that Sirekap publishes with a ``psu`` note (repeated voting), TPS code → note.

    Read from the stored records directly until the Sirekap package exposes a PSU status (issue 13.2)."""
    from sqlalchemy import select

    from rekap_desktop.models import SirekapRecordRow

    prefix = contest.kecamatan[0].code[:4] if contest.kecamatan else ""
    stmt = select(SirekapRecordRow.tps, SirekapRecordRow.psu).where(
        SirekapRecordRow.ballot == contest.ballot.value, SirekapRecordRow.psu.is_not(None),
        SirekapRecordRow.tps.startswith(prefix, autoescape=True),
    ).order_by(SirekapRecordRow.tps, SirekapRecordRow.id)
    with service.engine.connect() as conn:
        return {tps: str(note) for tps, note in conn.execute(stmt) if contest.has_kecamatan(tps[:6]) and note}


def pembanding_data(
    service: RecapService, contest: Contest, sheet: RecapSheet, *, settings: Mapping[str, str] | None = None,
    paper: str | None = None, invariant: bool = False,
) -> PembandingData:
    """The Sirekap working paper of ``contest``: coverage, differing lines, TPS anomalies, PSU TPS."""
    from rekap_desktop.checks import sirekap_anomaly_findings

    settings = settings if settings is not None else service.settings()
    psu = _psu_tps(service, contest)
    coverage = []
    for region in contest.kecamatan:
        figures = [f for f in (sheet.sirekap(line.id, region.code) for line in sheet.catalogue.lines) if f]
        with_data = max((f.tps_with_data for f in figures), default=0)
        known = max([f.tps_known for f in figures] + [region.tps_count or 0])
        newest = max((f.ts_max or "" for f in figures), default="")
        coverage.append(CoverageRow(region.code, region.name, with_data, known,
                                    sum(1 for tps in psu if tps.startswith(region.code)), newest))
    anomalies = [
        AnomalyRow(f.tps, contest.kecamatan_name(f.kecamatan) if contest.has_kecamatan(f.kecamatan) else f.kecamatan,
                   f.rule, "galat" if f.severity == "error" else "peringatan", f.message)
        for f in sirekap_anomaly_findings(service, contest)
    ]
    return PembandingData(
        heading=contest_heading(settings, contest, invariant=invariant), coverage=coverage,
        differences=sirekap_differences(sheet), anomalies=anomalies,
        psu=[PsuRow(tps, contest.kecamatan_name(tps[:6]), note) for tps, note in sorted(psu.items())],
        tolerance=sheet.tolerance, paper=(paper or settings.get("kertas", "a4")),  # type: ignore[arg-type]
    )
