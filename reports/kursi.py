"""Kertas kerja of the seat allocation and the calon terpilih of one DPRD Kabupaten/Kota dapil (issue 14.6).

For the plenary that sets the seats (PKPU 6/2024 Pasal 17 and 22, after the dispute window at the MK): the parties'
valid votes, the quotient table (divisors 1, 3, 5, …; the seat each quotient takes), the seats in order, the last
seat's margin, ties for the plenary to decide, the calon terpilih and their substitutes with the tie rule applied,
and the open items that could still change them. It is labelled the kabupaten's **working document**: the
regulation's own forms are the KPU's berita acara (tata naskah dinas) and, for the calon terpilih, a
"MODEL E.TERPILIH" form — PKPU 6/2024 Pasal 39 ayat (3) names MODEL E.TERPILIH DPRD PROV-KPU for the DPRD
Provinsi; the form of the DPRD Kabupaten/Kota was not available to us, so this paper does not pretend to be it.

Registered and verifiable like the berita acara (:mod:`reports.issue`, document kind ``kursi``, id
``KRS-<kab>-PDPRDK-<dapil>-V<n>``): every page carries the identity footer, the anchor, the QR code, and DRAF
while the dapil's contest has open items. ``verify-pdf`` re-reads the printed party votes and seats and the
candidates' votes and outcome (rows keyed by their line id, ``IV.<p>.T`` / ``IV.<p>.<k>``) and compares them with
the seats recomputed from the figures recorded as of the printed anchor (:func:`check_printed`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from rekap_desktop.contest import Contest
from rekap_desktop.documents import DocumentKind
from rekap_desktop.numbers import format_number
from rekap_desktop.participants import Candidate
from rekap_desktop.seats import QuotientStatus, format_quotient
from rekap_desktop.seats_dapil import DapilSeats, analyse
from rekap_desktop.sheet import RecapSheet
from reports.berita_acara import RenderResult, draft_note, render_document
from reports.berita_acara_data import ContestHeading, Signatory
from reports.contest_data import contest_heading, signatories
from reports.layout import GRID_GREY, HEAD_BG, HeaderSpec, PagedDocument, PdfMeta, SignatureSpec, identity_keywords
from reports.numbers_id import format_date_long
from reports.page_furniture import DocumentStamp

if TYPE_CHECKING:
    from rekap_desktop.services import RecapService
    from reports.issue import ContestContext, Prepared
    from reports.pdf_reading import PdfContent
    from reports.verify_pdf import VerifyReport

__all__ = [
    "MODEL_CODE", "CandidateLine", "KursiData", "PartyLine", "build_kursi", "check_kursi", "check_printed",
    "kursi_data", "register", "render_kursi",
]

MODEL_CODE = "KERTAS KERJA KURSI DPRD KAB/KOTA"
SUBSTITUTES_PRINTED = 3  # per seat-winning party; the full order stays in the app and in `kursi --format json`
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{3})*$")
_ROW_TOLERANCE = 2.5  # points: fragments of one table row share a baseline


@dataclass(frozen=True, slots=True)
class PartyLine:
    number: int
    name: str
    votes: int
    seats: int
    in_tie: bool
    quotients: tuple[tuple[str, str], ...]  # (quotient as printed, "[n]" seat number / "seri" / "")

    @property
    def code(self) -> str:
        return f"IV.{self.number}.T"


@dataclass(frozen=True, slots=True)
class CandidateLine:
    party: int
    party_name: str
    nomor: int
    nama: str
    gender: str
    votes: int
    status: str  # "terpilih" | "seri" | "pengganti 1" …
    note: str = ""

    @property
    def code(self) -> str:
        return f"IV.{self.party}.{self.nomor}"


@dataclass(frozen=True, kw_only=True)
class KursiData:
    """Everything the kertas kerja of one dapil prints."""

    heading: ContestHeading
    kursi: int
    state: str  # "SEMENTARA — 2 dari 3 kecamatan ditetapkan, …" / "LENGKAP — …"
    parties: tuple[PartyLine, ...]
    order: tuple[tuple[int, str, int, str], ...]  # (seat no, party name, divisor, quotient)
    tie: str
    last_seat: str
    candidates: tuple[CandidateLine, ...]
    candidate_ties: tuple[str, ...]
    risks: tuple[str, ...]
    notes: tuple[str, ...]
    signatories: tuple[Signatory, ...] = ()
    paper: str = "a4"

    @property
    def figures_sha256(self) -> str:
        """SHA-256 of the figures printed: party votes and seats, seat order, candidates' votes and outcome."""
        plain = {
            "parties": [[p.number, p.votes, p.seats, p.in_tie, list(p.quotients)] for p in self.parties],
            "order": [list(o) for o in self.order],
            "candidates": [[c.party, c.nomor, c.votes, c.status] for c in self.candidates],
            "tie": self.tie,
        }
        text = json.dumps(plain, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def content_sha256(self) -> str:
        """Everything printed except the stamp (decides the document's version)."""
        plain = {"figures": self.figures_sha256, "state": self.state, "last": self.last_seat, "risks": self.risks,
                 "notes": self.notes, "ties": self.candidate_ties, "kursi": self.kursi,
                 "heading": [self.heading.kabupaten, self.heading.dapil, self.heading.dapil_code],
                 "signatories": [[s.role, s.name, s.peserta] for s in self.signatories]}
        text = json.dumps(plain, ensure_ascii=False, separators=(",", ":"), default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _seat_mark(status: QuotientStatus, seat: int | None) -> str:
    if seat is not None:
        return f"[{seat}]"
    return "seri" if status is QuotientStatus.TIE else ""


def kursi_data(result: DapilSeats, heading: ContestHeading, *, signatories: Sequence[Signatory] = (),
               paper: str = "a4") -> KursiData:
    """The printed content of one dapil's seat picture (``result`` must have an allocation)."""
    allocation = result.allocation
    if allocation is None:
        raise ValueError(f"kertas kerja kursi belum dapat dibuat: {result.problem}")
    parties = tuple(
        PartyLine(p.number, p.party.short_name, p.votes, p.seats, p.in_tie,
                  tuple((q.text, _seat_mark(q.status, q.seat)) for q in p.quotients))
        for p in sorted(result.parties, key=lambda p: (-p.seats, -p.votes, p.number))
    )
    order = tuple((q.seat or 0, result.name_of(q.party), q.divisor, q.text) for q in allocation.ranked if q.seat)
    tie = ""
    if allocation.tie is not None:
        t = allocation.tie
        tie = (f"{t.seats} kursi terakhir SERI antara {', '.join(result.name_of(n) for n in t.parties)} (hasil bagi "
               f"sama {t.text}). Aturan pemecahannya tidak terdapat dalam UU 7/2017 maupun PKPU 6/2024 yang tersedia "
               "bagi aplikasi: diputuskan rapat pleno.")
    last = ""
    ls = allocation.last_seat
    if ls is not None:
        holder, challenger = result.name_of(ls.holder), result.name_of(ls.challenger)
        last = (f"Kursi terakhir diperoleh {holder} (hasil bagi {format_quotient(ls.holder_quotient)}); hasil "
                f"bagi terbaik yang tidak memperoleh kursi: {challenger} ({format_quotient(ls.challenger_quotient)})."
                f" Seri bila {holder} berkurang {format_number(ls.holder_loses)} suara, atau {challenger} bertambah "
                f"{format_number(ls.challenger_gains)} suara, atau {format_number(ls.votes_moved)} suara berpindah "
                f"dari {holder} ke {challenger}.")
    candidates: list[CandidateLine] = []
    ties: list[str] = []
    for p in result.seat_parties:
        pc = p.candidates
        name = p.party.short_name
        for r in pc.elected:
            candidates.append(_candidate(name, r.candidate, r.votes, "terpilih", r.decided_by))
        for r in pc.undecided:
            candidates.append(_candidate(name, r.candidate, r.votes, "seri", "seri dengan no. "
                                         + ", ".join(map(str, r.tied_with))))
        for i, r in enumerate(pc.substitutes[:SUBSTITUTES_PRINTED], start=1):
            note = ("seri dengan no. " + ", ".join(map(str, r.tied_with))) if r.tied_with else r.decided_by
            candidates.append(_candidate(name, r.candidate, r.votes, f"pengganti {i}", note))
        if pc.tie is not None:
            ties.append(pc.tie.text(name))
        if pc.unfilled:
            ties.append(f"{name}: {pc.unfilled} kursi tidak terisi calon (DCT hanya {len(pc.ranked)} calon); "
                        "diputuskan rapat pleno.")
    return KursiData(
        heading=heading, kursi=result.seats or 0, state=result.state_label, parties=parties, order=order, tie=tie,
        last_seat=last, candidates=tuple(candidates), candidate_ties=tuple(ties),
        risks=tuple(r.message for r in result.at_risk), notes=tuple(result.notes), signatories=tuple(signatories),
        paper=paper,
    )


def _candidate(party_name: str, candidate: Candidate, votes: int, status: str, note: str) -> CandidateLine:
    return CandidateLine(candidate.party or 0, party_name, candidate.number, candidate.name,
                         (candidate.gender or "").upper(), votes, status, note)


# ------------------------------------------------------------------------------------------------ rendering
def _table(rows: list[list[Any]], widths: list[float], *, right: Sequence[int] = ()) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("GRID", (0, 0), (-1, -1), 0.35, GRID_GREY),
        ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    style += [("ALIGN", (c, 1), (c, -1), "RIGHT") for c in right]
    table.setStyle(TableStyle(style))
    return table


class _KursiDoc(PagedDocument):
    def __init__(self, data: KursiData, stamp: DocumentStamp) -> None:
        self.data = data
        h = data.heading
        header = HeaderSpec(
            model_box=MODEL_CODE,
            title_lines=[
                ("KERTAS KERJA PEROLEHAN KURSI DAN CALON TERPILIH", 11.0),
                (f"ANGGOTA DEWAN PERWAKILAN RAKYAT DAERAH {h.kabupaten}", 9.2),
                (f"PEMILIHAN UMUM TAHUN {h.year} · DAERAH PEMILIHAN {h.dapil or ''} · {data.kursi} KURSI", 9.2),
                ("(kertas kerja KPU Kabupaten/Kota; bukan formulir Model E.TERPILIH)", 8.0),
            ],
            short_title=f"KERTAS KERJA PEROLEHAN KURSI DPRD · DAPIL {h.dapil or ''} · {data.kursi} KURSI",
            region_items=[("PROVINSI", h.provinsi), ("KABUPATEN/KOTA", h.kabupaten),
                          ("DAERAH PEMILIHAN", f"{h.dapil or ''} ({h.dapil_code or ''})")],
        )
        people = tuple(data.signatories)
        super().__init__(paper=data.paper, stamp=stamp, header=header,
                         signatures=SignatureSpec(people, h.office, h.kabupaten) if people else None)

    def metadata(self) -> PdfMeta:
        h = self.data.heading
        return PdfMeta(
            title=f"Kertas kerja kursi DPRD {h.kabupaten} Dapil {h.dapil}",
            subject=f"Perolehan kursi dan calon terpilih DPRD {h.kabupaten}, Dapil {h.dapil}, Pemilu {h.year}",
            author=h.office,
            keywords=identity_keywords(self.stamp.document_id, self.stamp.figures_sha256, self.stamp.anchor),
        )

    def story(self) -> list[Flowable]:
        d = self.data
        st = self.st
        story: list[Flowable] = [Paragraph(
            "Perolehan kursi dihitung dari hasil rekapitulasi manual (D.HASIL KECAMATAN) dengan bilangan pembagi 1, "
            f"3, 5, 7, dan seterusnya (UU 7/2017 Pasal 415 ayat (3) dan Pasal 420); seluruh partai politik diikutkan "
            f"(Pasal 414 ayat (2)). Status: <b>{escape(d.state)}</b>.", st.body)]
        story += draft_note(self)
        story.append(Paragraph("A. SUARA SAH PARTAI POLITIK, HASIL BAGI DAN PEROLEHAN KURSI", st.section))
        story.append(self._party_table())
        if d.tie:
            story.append(Paragraph(f"<b>SERI.</b> {escape(d.tie)}", st.body))
        if d.last_seat:
            story.append(Paragraph(escape(d.last_seat), st.body))
        story.append(Paragraph("B. URUTAN KURSI", st.section))
        story.append(self._order_table())
        story.append(Paragraph("C. CALON TERPILIH DAN CALON PENGGANTI", st.section))
        story.append(Paragraph(
            "Calon terpilih: suara sah terbanyak (UU 7/2017 Pasal 422). Suara sama: persebaran wilayah perolehan suara "
            "yang lebih luas secara berjenjang (kecamatan, desa/kelurahan, TPS), lalu perempuan, lalu nomor urut "
            "(PKPU 6/2024). Calon pengganti: suara terbanyak berikutnya (Pasal 426 ayat (3)).", st.body_small))
        story.append(self._candidate_table())
        for text in d.candidate_ties:
            story.append(Paragraph(f"<b>SERI / CATATAN.</b> {escape(text)}", st.body))
        story.append(Paragraph("D. HAL TERBUKA YANG DAPAT MENGUBAH KURSI ATAU CALON TERPILIH", st.section))
        if d.risks:
            story += [Paragraph(f"{i}. {escape(r)}", st.body_small) for i, r in enumerate(d.risks, start=1)]
        else:
            story.append(Paragraph("NIHIL — tidak ada hal terbuka yang dapat mengubah kursi atau calon terpilih.",
                                   st.body))
        for note in d.notes:
            story.append(Paragraph(f"Catatan: {escape(note)}", st.body_small))
        closing = [Spacer(1, 6), Paragraph(
            f"{escape(d.heading.kabupaten)}, {escape(format_date_long(d.heading.meeting_date))}. Kertas kerja ini "
            "disiapkan untuk rapat pleno penetapan perolehan kursi dan calon terpilih; penetapannya dituangkan dalam "
            "berita acara dan keputusan KPU Kabupaten/Kota.", st.body_small)]
        story += self.signature_pages(closing)
        return story

    def _party_table(self) -> Flowable:
        d, st = self.data, self.st
        divisors = max((len(p.quotients) for p in d.parties), default=1)
        head = ["KODE", "PARTAI POLITIK", "SUARA SAH", *(f"HASIL BAGI : {2 * k + 1}" for k in range(divisors)),
                "KURSI"]
        rows: list[list[Any]] = [[Paragraph(h, st.head) for h in head]]
        for p in d.parties:
            cells: list[Any] = [p.code, f"{p.number}. {p.name}", format_number(p.votes)]
            for k in range(divisors):
                if k < len(p.quotients):
                    text, mark = p.quotients[k]
                    cells.append(f"{text} {mark}".strip())
                else:
                    cells.append("")
            cells.append(str(p.seats))
            rows.append(cells)
        fixed = [0.07, 0.17, 0.09]
        q_w = (1 - sum(fixed) - 0.06) / divisors
        widths = [w * self.content_w for w in (*fixed, *([q_w] * divisors), 0.06)]
        table = _table(rows, widths, right=range(2, 4 + divisors))
        table.setStyle(TableStyle([("FONTNAME", (0, 1), (-1, -1), self.f.regular), ("FONTSIZE", (0, 1), (-1, -1), 7),
                                   ("FONTNAME", (-1, 1), (-1, -1), self.f.bold)]))
        return table

    def _order_table(self) -> Flowable:
        d, st = self.data, self.st
        rows: list[list[Any]] = [[Paragraph(h, st.head) for h in ("KURSI KE-", "PARTAI POLITIK", "PEMBAGI",
                                                                   "HASIL BAGI")]]
        rows += [[str(seat), name, str(div), q] for seat, name, div, q in d.order]
        table = _table(rows, [w * self.content_w for w in (0.1, 0.25, 0.1, 0.15)], right=(0, 2, 3))
        table.setStyle(TableStyle([("FONTNAME", (0, 1), (-1, -1), self.f.regular), ("FONTSIZE", (0, 1), (-1, -1), 7)]))
        return table

    def _candidate_table(self) -> Flowable:
        d, st = self.data, self.st
        head = ("KODE", "PARTAI", "NAMA CALON", "L/P", "SUARA SAH", "KETERANGAN", "DASAR URUTAN")
        rows: list[list[Any]] = [[Paragraph(h, st.head) for h in head]]
        for c in d.candidates:
            rows.append([c.code, c.party_name, Paragraph(escape(c.nama), st.cell), c.gender or "–",
                         format_number(c.votes), c.status, Paragraph(escape(c.note), st.cell)])
        widths = [w * self.content_w for w in (0.07, 0.12, 0.3, 0.04, 0.09, 0.1, 0.28)]
        table = _table(rows, widths, right=(4,))
        table.setStyle(TableStyle([("FONTNAME", (0, 1), (-1, -1), self.f.regular), ("FONTSIZE", (0, 1), (-1, -1), 7)]))
        return table


def render_kursi(data: KursiData, stamp: DocumentStamp, out: Path | str | BinaryIO | None = None, *,
                 invariant: bool = False) -> RenderResult:
    """Render the kertas kerja of ``data`` stamped with ``stamp`` (id, anchor, DRAF)."""
    if stamp.figures_sha256 != data.figures_sha256:
        raise ValueError("hash angka pada cap dokumen tidak sama dengan angka kertas kerja kursi")
    return render_document(_KursiDoc(data, stamp), out, invariant=invariant)


# ------------------------------------------------------------------------------------------------ reading back
def printed_rows(pages: Sequence[Any]) -> dict[str, tuple[int, list[str]]]:
    """Rows keyed by their printed line id (``IV.5.T``, ``IV.5.1``): (page, the other fragments left to right)."""
    rows: dict[str, tuple[int, list[str]]] = {}
    code = re.compile(r"^IV\.\d+\.(?:\d+|T)$")
    for page in pages:
        for anchor in page.fragments:
            if not code.match(anchor.text) or anchor.text in rows:
                continue
            same = sorted((f for f in page.fragments if abs(f.y - anchor.y) <= _ROW_TOLERANCE and f.x > anchor.x),
                          key=lambda f: f.x)
            rows[anchor.text] = (page.number, [f.text for f in same])
    return rows


def check_printed(data: KursiData, pages: Sequence[Any]) -> tuple[int, list[str], list[str]]:
    """Compare printed rows with ``data`` (what the figures recorded as of the anchor give).

    Returns (figures checked, differences, rows not found), each difference naming page, row and both values."""
    rows = printed_rows(pages)
    checked = 0
    differ: list[str] = []
    missing: list[str] = []
    expected: list[tuple[str, str, str, str]] = []  # (code, what, printed-picker, expected text)
    for p in data.parties:
        expected.append((p.code, f"suara {p.name}", "first", format_number(p.votes)))
        expected.append((p.code, f"kursi {p.name}", "last", str(p.seats)))
    for c in data.candidates:
        expected.append((c.code, f"suara calon no. {c.nomor} {c.party_name}", "first", format_number(c.votes)))
        expected.append((c.code, f"keterangan calon no. {c.nomor} {c.party_name}", "status", c.status))
    for code, what, pick, text in expected:
        found = rows.get(code)
        if found is None:
            missing.append(f"baris {code}")
            continue
        page, cells = found
        numbers = [x for x in cells if _NUMBER.match(x)]
        if pick == "first":
            printed = numbers[0] if numbers else ""
        elif pick == "last":
            printed = cells[-1] if cells else ""
        else:
            printed = next((x for x in cells if x == text or x.startswith(("terpilih", "seri", "pengganti"))), "")
        checked += 1
        if printed != text:
            differ.append(f"halaman {page} · baris {code} · {what}: tercetak {printed or '(kosong)'}, tercatat {text}")
    return checked, differ, sorted(set(missing))


# ------------------------------------------------------------------------------------------------ issuing and verifying
def build_kursi(ctx: ContestContext) -> Prepared:
    """The kertas kerja of ``ctx.contest`` (a DPRD Kabupaten/Kota dapil) ready to be stamped (:mod:`reports.issue`;
    the contest's data read once in ``ctx``).

    ValueError (Indonesian) when the dapil cannot be allocated (another ballot, no kursi, no votes yet)."""
    from rekap_desktop.seats_report import open_objections
    from reports.issue import Prepared

    service, contest = ctx.service, ctx.contest
    settings = ctx.settings
    sheet = ctx.sheet
    statuses = {code: s.value for code, s in service.statuses(contest.key).items()}
    result = analyse(sheet, statuses, open_objections(service, contest.key))
    heading = contest_heading(settings, contest, invariant=ctx.invariant)
    people = signatories(settings, contest, ctx.attendance)
    data = kursi_data(result, heading, signatories=people,
                      paper=(ctx.paper or settings.get("kertas") or "a4").lower())
    found = ctx.open
    content = hashlib.sha256("\n".join([DocumentKind.KURSI.value, data.content_sha256, *found.lines()])
                             .encode("utf-8")).hexdigest()

    def render(stamp: DocumentStamp, inv: bool) -> RenderResult:
        return render_kursi(data, stamp, None, invariant=inv)

    return Prepared(DocumentKind.KURSI, contest, content, data.figures_sha256, found, data.paper, render)


def check_kursi(service: RecapService, contest: Contest, content: PdfContent, as_of: int | None,
                report: VerifyReport) -> None:
    """``verify-pdf`` of a kertas kerja read page by page: the printed party votes and seats, the candidates' votes
    and outcome, against the seats recomputed from the figures recorded as of the printed anchor."""
    from rekap_desktop.history import entries_as_of
    from rekap_desktop.lines import LineCatalogue

    catalogue = LineCatalogue(contest)
    if as_of is None:
        values = {(line, kec): v for _, line, kec, v in service.entries(contest.key)}
    else:
        values = entries_as_of(service, contest.key, as_of)
    sheet = RecapSheet(contest)
    sheet.load_manual((line, kec, v) for (line, kec), v in values.items() if line in catalogue)
    result = analyse(sheet)
    if result.allocation is None:
        report.problems.append(f"Kursi dapil {contest.dapil_code} tidak dapat dihitung dari angka yang tercatat: "
                               f"{result.problem}")
        return
    data = kursi_data(result, contest_heading(service.settings(), contest))
    checked, differ, missing = check_printed(data, content.pages)
    report.cells_checked += checked
    when = "saat dicetak" if as_of is not None else "saat ini"
    if differ:
        report.problems.append(f"ANGKA TERCETAK BERBEDA dengan kursi yang dihitung dari angka tercatat {when} "
                               f"({len(differ)} isian) — {report.who_changed}:")
        report.problems += [f"  {line}" for line in differ[:25]]
    if missing:
        report.problems.append(f"{len(missing)} baris tidak ditemukan di halaman mana pun (halaman hilang atau "
                               "diubah): " + ", ".join(missing[:25]))


def register() -> None:
    """Make the kertas kerja issuable (:data:`reports.issue.BUILDERS`) and checkable by ``verify-pdf``
    (:data:`reports.verify_pdf.FIGURE_CHECKS`)."""
    from reports.issue import BUILDERS
    from reports.verify_pdf import FIGURE_CHECKS

    BUILDERS.setdefault(DocumentKind.KURSI, build_kursi)  # build_kursi reads the contest's shared context
    FIGURE_CHECKS.setdefault(DocumentKind.KURSI, check_kursi)
