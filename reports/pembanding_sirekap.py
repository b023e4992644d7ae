"""The Sirekap comparison of one contest as a working paper: its own, unsigned document, not part of the berita acara.

Sirekap is an aid (*alat bantu*), not a reference for the legal result (Kepkpu 219/2024; recap-domain.md §4.8):
the berita acara no longer carries it. This paper shows, per contest:

A. Sirekap's coverage per kecamatan: TPS with data of all TPS, PSU TPS, the newest record;
B. every line of a kecamatan where the manual recap and Sirekap differ (Δ = manual − Sirekap, the app-wide sign),
   a partial coverage said as such ("134 dari 157 TPS": an incomplete sum, not a mismatch);
C. the anomalies inside Sirekap's own TPS records (chart ≠ suara sah, values above the voters, a spurious leading
   "8"…), per TPS (:mod:`rekap_desktop.checks`);
D. the TPS where voting was repeated (PSU) as Sirekap publishes them.

Every page says "Kertas kerja — bukan bagian dari berita acara"; there is no signature. Each row of B starts with
its key ``<kecamatan>/<line>`` (e.g. ``352701/V.A``) so that ``verify-pdf`` can read the figures back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from reports.berita_acara import RenderResult, draft_note, render_document
from reports.berita_acara_data import ContestHeading, Paper
from reports.figure_tables import CaptionedTable
from reports.identity import DASH, NO_DATA, DocumentStamp
from reports.layout import GRID_GREY, HEAD_BG, HeaderSpec, PagedDocument, PdfMeta, identity_keywords
from reports.numbers_id import format_delta, format_int

__all__ = [
    "MODEL_BOX",
    "NO_DATA",
    "AnomalyRow",
    "CoverageRow",
    "DifferenceRow",
    "PembandingData",
    "PsuRow",
    "difference_key",
    "render_pembanding",
]

MODEL_BOX = "KERTAS KERJA · BUKAN BAGIAN DARI BERITA ACARA"
_DASH = DASH


@dataclass(frozen=True, slots=True)
class CoverageRow:
    code: str
    name: str
    tps_with_data: int
    tps_known: int
    psu: int
    newest: str  # newest record time as published ("" when none)


@dataclass(frozen=True, slots=True)
class DifferenceRow:
    """A line of a kecamatan where manual and Sirekap differ; ``delta`` = manual − Sirekap."""

    kecamatan: str  # 6-digit code
    kecamatan_name: str
    line_id: str
    label: str
    manual: int | None
    sirekap: int | None
    coverage: str  # "134 dari 157 TPS"
    complete: bool  # every TPS of the kecamatan has data

    @property
    def delta(self) -> int | None:
        return None if self.manual is None or self.sirekap is None else self.manual - self.sirekap


@dataclass(frozen=True, slots=True)
class AnomalyRow:
    tps: str
    kecamatan_name: str
    rule: str
    severity: str
    message: str


@dataclass(frozen=True, slots=True)
class PsuRow:
    tps: str
    kecamatan_name: str
    note: str  # as Sirekap publishes it, e.g. "Pemungutan Suara Ulang"


@dataclass(frozen=True, kw_only=True)
class PembandingData:
    heading: ContestHeading
    coverage: Sequence[CoverageRow]
    differences: Sequence[DifferenceRow]
    anomalies: Sequence[AnomalyRow] = ()
    psu: Sequence[PsuRow] = ()
    tolerance: int = 0
    paper: Paper = "a4"

    def __post_init__(self) -> None:
        for name in ("coverage", "differences", "anomalies", "psu"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))

    @property
    def figures_sha256(self) -> str:
        payload: dict[str, Any] = {
            "coverage": [asdict(r) for r in self.coverage],
            "differences": [asdict(r) for r in self.differences],
            "anomalies": [asdict(r) for r in self.anomalies],
            "psu": [asdict(r) for r in self.psu],
        }
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def difference_key(row: DifferenceRow) -> str:
    return f"{row.kecamatan}/{row.line_id}"


def _figure(value: int | None) -> str:
    return NO_DATA if value is None else format_int(value)


class _PembandingDoc(PagedDocument):
    def __init__(self, data: PembandingData, stamp: DocumentStamp) -> None:
        self.data = data
        h = data.heading
        region = [("PROVINSI", h.provinsi), ("KABUPATEN/KOTA", h.kabupaten)]
        if h.dapil:
            region.append(("DAERAH PEMILIHAN", h.dapil))
        header = HeaderSpec(
            model_box=MODEL_BOX,
            title_lines=[
                ("KERTAS KERJA PEMBANDING SIREKAP", 11.0),
                ("REKAPITULASI HASIL PENGHITUNGAN PEROLEHAN SUARA DI TINGKAT KABUPATEN/KOTA", 8.6),
                (f"PEMILIHAN UMUM {h.election_title} TAHUN {h.year}", 9.6),
                ("Kertas kerja — bukan bagian dari berita acara. Sirekap adalah alat bantu, bukan hasil resmi.", 8.4),
            ],
            short_title=(f"KERTAS KERJA PEMBANDING SIREKAP (bukan bagian dari berita acara) · PEMILU {h.election_title}"
                         f" TAHUN {h.year}"),
            region_items=region,
        )
        super().__init__(paper=data.paper, stamp=stamp, header=header, signatures=None)

    def metadata(self) -> PdfMeta:
        h = self.data.heading
        return PdfMeta(
            title=f"Kertas kerja pembanding Sirekap {h.kabupaten}" + (f" Dapil {h.dapil}" if h.dapil else ""),
            subject=(f"Kertas kerja pembanding Sirekap, Pemilihan Umum {h.election_title} Tahun {h.year}; bukan "
                     "bagian dari berita acara"),
            author=h.office,
            keywords=identity_keywords(self.stamp.document_id, self.stamp.figures_sha256, self.stamp.anchor),
        )

    def _style(self, numbers: tuple[int, int] | None = None) -> TableStyle:
        cmds: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), self.f.regular, 7.0),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("GRID", (0, 0), (-1, -1), 0.35, GRID_GREY),
            ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.9, colors.black),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        if numbers is not None:
            cmds.append(("ALIGN", (numbers[0], 1), (numbers[1], -1), "RIGHT"))
        return TableStyle(cmds)

    def _cell(self, text: str, share: float) -> str | Paragraph:
        """A plain string when it fits the column (much faster to lay out), else a wrapping paragraph."""
        if stringWidth(text, self.f.regular, 7.0) <= share * self.content_w - 6.5:
            return text
        return Paragraph(escape(text), self.st.cell)

    def _section(self, title: str, head: Sequence[str], widths: Sequence[float], rows: list[list[Any]],
                 numbers: tuple[int, int] | None = None, extra: Sequence[tuple[Any, ...]] = ()) -> list[Flowable]:
        st = self.st
        table = Table([[Paragraph(h, st.head) for h in head], *rows], colWidths=[w * self.content_w for w in widths],
                      repeatRows=1, hAlign="LEFT")
        table.setStyle(self._style(numbers))
        if extra:
            table.setStyle(TableStyle(list(extra)))
        caption = Paragraph(escape(title), st.section)
        continued = Paragraph(f"{escape(title)} <i>(lanjutan)</i>", st.section)
        return [CondPageBreak(70), CaptionedTable(table, caption, continued)]

    def story(self) -> list[Flowable]:
        d = self.data
        st = self.st
        story: list[Flowable] = [Paragraph(
            "<b>Kertas kerja — bukan bagian dari berita acara.</b> Sirekap adalah <b>alat bantu</b>; hasil resmi "
            "adalah rekapitulasi manual berjenjang yang tercantum dalam berita acara dan sertifikat. SELISIH = "
            "hasil manual − Sirekap (positif: rekapitulasi manual lebih besar). Cakupan = TPS yang datanya ada di "
            "Sirekap dibanding seluruh TPS kecamatan: selama belum lengkap, jumlah Sirekap belum dapat dibandingkan "
            f"(bukan selisih).{f' Toleransi: {d.tolerance} suara.' if d.tolerance else ''}", st.body)]
        story += draft_note(self)
        cov_rows = [
            [r.code, r.name, format_int(r.tps_with_data), format_int(r.tps_known),
             f"{(100 * r.tps_with_data / r.tps_known if r.tps_known else 0):.1f}%".replace(".", ","),
             format_int(r.psu) if r.psu else _DASH, r.newest[:16].replace("T", " ") or _DASH]
            for r in d.coverage
        ]
        story += self._section("A. CAKUPAN DATA SIREKAP PER KECAMATAN",
                               ("KODE", "KECAMATAN", "TPS DENGAN DATA", "JUMLAH TPS", "CAKUPAN", "TPS PSU",
                                "DATA TERBARU"), (0.08, 0.22, 0.12, 0.12, 0.1, 0.1, 0.26), cov_rows, numbers=(2, 5))
        story.append(Spacer(1, 6))
        if d.differences:
            rows: list[list[Any]] = []
            extra: list[tuple[Any, ...]] = []
            widths = (0.11, 0.11, 0.3, 0.09, 0.09, 0.1, 0.2)
            for i, r in enumerate(d.differences, start=1):
                delta = _DASH if r.delta is None else format_delta(r.delta)
                coverage = r.coverage + ("" if r.complete else " (belum lengkap)")
                rows.append([difference_key(r), r.kecamatan_name, self._cell(r.label, widths[2]),
                             _figure(r.manual), _figure(r.sirekap), delta, self._cell(coverage, widths[6])])
                extra.append(("FONT", (5, i), (5, i), self.f.bold, 7.0))
            story += self._section(
                "B. BARIS YANG BERBEDA: HASIL MANUAL (RESMI) DAN SIREKAP (ALAT BANTU)",
                ("KODE", "KECAMATAN", "URAIAN", "HASIL MANUAL (RESMI)", "SIREKAP (ALAT BANTU)",
                 "SELISIH (MANUAL − SIREKAP)", "CAKUPAN SIREKAP"),
                widths, rows, numbers=(3, 5), extra=extra)
        else:
            story += [Paragraph("B. BARIS YANG BERBEDA", st.section), Paragraph(
                "Tidak ada perbedaan antara hasil rekapitulasi manual dan data Sirekap yang tersedia.", st.body)]
        story.append(Spacer(1, 6))
        if d.anomalies:
            rows = [[r.tps, r.kecamatan_name, r.rule, r.severity, Paragraph(escape(r.message), st.cell)]
                    for r in d.anomalies]
            story += self._section("C. ANOMALI DI DALAM DATA TPS SIREKAP",
                                   ("TPS", "KECAMATAN", "ATURAN", "TINGKAT", "URAIAN"),
                                   (0.12, 0.13, 0.17, 0.08, 0.5), rows)
        else:
            story += [Paragraph("C. ANOMALI DI DALAM DATA TPS SIREKAP", st.section),
                      Paragraph("Tidak ada anomali pada rekaman TPS Sirekap kontes ini.", st.body)]
        story.append(Spacer(1, 6))
        if d.psu:
            rows = [[r.tps, r.kecamatan_name, Paragraph(escape(r.note), st.cell)] for r in d.psu]
            story += self._section("D. TPS PEMUNGUTAN SUARA ULANG (PSU) MENURUT SIREKAP",
                                   ("TPS", "KECAMATAN", "KETERANGAN SIREKAP"), (0.15, 0.2, 0.65), rows)
        else:
            story += [Paragraph("D. TPS PEMUNGUTAN SUARA ULANG (PSU) MENURUT SIREKAP", st.section),
                      Paragraph("Sirekap tidak mencatat PSU pada kontes ini.", st.body)]
        return story


def render_pembanding(data: PembandingData, stamp: DocumentStamp, out: Path | str | BinaryIO | None = None, *,
                      invariant: bool = False) -> RenderResult:
    """Render the Sirekap working paper of ``data`` stamped with ``stamp`` (no signatures)."""
    if stamp.figures_sha256 != data.figures_sha256:
        raise ValueError("hash angka pada cap dokumen tidak sama dengan kertas kerja pembanding")
    return render_document(_PembandingDoc(data, stamp), out, invariant=invariant)
