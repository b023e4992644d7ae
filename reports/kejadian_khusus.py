"""Model D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN of one contest: its own document, signed like the berita acara.

Objections and special events of the kabupaten plenary are written "dalam formulir kejadian khusus yang menjadi
bagian dari lampiran berita acara" (recap-domain.md §2.4, §4.5, §10). Each item shows:

- its number (``#12``, the keberatan's number in the app), kind (keberatan / kejadian khusus);
- its level of origin (dari PPK: carried from the PPK's form; pleno kabupaten/kota: raised here) and kind of matter
  (angka / prosedur);
- the kecamatan, TPS and cells concerned; the peserta and saksi who raised it;
- what happened, Bawaslu's recommendation, the plenary's decision and how it was followed up.

With no item the page says NIHIL, as the official forms ask ("apabila tidak terdapat … dicatat dengan kalimat
NIHIL"). Signatures: KPU members and saksi (:mod:`reports.signature_grid`). The 2024 model name of the kabupaten's
form is not confirmed by a source (recap-domain.md §10: "probably D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN").

:func:`item_text` is what a row prints, in drawing order; ``verify-pdf`` compares it with the recorded item.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from reports.berita_acara import RenderResult, draft_note, render_document, title_case
from reports.berita_acara_data import ContestHeading, KeberatanRow, Paper, Signatory
from reports.figure_tables import CaptionedTable
from reports.identity import NIHIL, DocumentStamp, item_cells, item_key
from reports.layout import GRID_GREY, HEAD_BG, HeaderSpec, PagedDocument, PdfMeta, SignatureSpec, identity_keywords
from reports.numbers_id import day_name, format_date_long, month_name, number_words

__all__ = ["MODEL_CODE", "NIHIL", "KejadianKhususData", "item_cells", "item_key", "render_kejadian_khusus"]

MODEL_CODE = "MODEL D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN"
_HEAD = ("NO", "ASAL / JENIS", "KECAMATAN / TPS / SEL", "PESERTA / SAKSI", "URAIAN KEJADIAN ATAU KEBERATAN",
         "REKOMENDASI BAWASLU", "KEPUTUSAN RAPAT PLENO", "TINDAK LANJUT")
_WIDTHS = (0.075, 0.09, 0.115, 0.12, 0.215, 0.125, 0.085, 0.175)


@dataclass(frozen=True, kw_only=True)
class KejadianKhususData:
    """Everything printed on the kejadian khusus form of one contest."""

    heading: ContestHeading
    berita_acara_form: str  # "D.HASIL KABKO-PPWP": the berita acara it belongs to
    items: Sequence[KeberatanRow]
    signatories: Sequence[Signatory] = ()
    paper: Paper = "a4"

    def __post_init__(self) -> None:
        for name in ("items", "signatories"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))

    @property
    def items_sha256(self) -> str:
        """SHA-256 of what the items print (the document's "figures")."""
        text = json.dumps([item_cells(i) for i in self.items], ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _KejadianKhususDoc(PagedDocument):
    def __init__(self, data: KejadianKhususData, stamp: DocumentStamp) -> None:
        self.data = data
        h = data.heading
        region = [("PROVINSI", h.provinsi), ("KABUPATEN/KOTA", h.kabupaten)]
        if h.dapil:
            region.append(("DAERAH PEMILIHAN", h.dapil))
        header = HeaderSpec(
            model_box=MODEL_CODE,
            title_lines=[
                ("KEJADIAN KHUSUS DAN/ATAU KEBERATAN", 11.0),
                ("DALAM RAPAT PLENO TERBUKA REKAPITULASI HASIL PENGHITUNGAN PEROLEHAN SUARA DI TINGKAT KABUPATEN/KOTA",
                 8.4),
                (f"PEMILIHAN UMUM {h.election_title} TAHUN {h.year}", 9.6),
                (f"(bagian tidak terpisahkan dari Model {data.berita_acara_form})", 8.0),
            ],
            short_title=f"KEJADIAN KHUSUS DAN/ATAU KEBERATAN · PEMILU {h.election_title} TAHUN {h.year}",
            region_items=region,
        )
        super().__init__(paper=data.paper, stamp=stamp, header=header,
                         signatures=SignatureSpec(data.signatories, h.office, h.kabupaten))

    def metadata(self) -> PdfMeta:
        h = self.data.heading
        return PdfMeta(
            title=f"{MODEL_CODE} {h.kabupaten}" + (f" Dapil {h.dapil}" if h.dapil else ""),
            subject=(f"{MODEL_CODE}, Pemilihan Umum {h.election_title} Tahun {h.year}; bagian dari Model "
                     f"{self.data.berita_acara_form}"),
            author=h.office,
            keywords=identity_keywords(self.stamp.document_id, self.stamp.figures_sha256, self.stamp.anchor),
        )

    def story(self) -> list[Flowable]:
        d = self.data
        h = d.heading
        st = self.st
        date = h.meeting_date
        office = escape(h.office.title().replace(" Dan ", " dan "))
        story: list[Flowable] = [Paragraph(
            f"Pada hari ini <b>{day_name(date)}</b> tanggal <b>{number_words(date.day).title()}</b> bulan "
            f"<b>{month_name(date.month)}</b> tahun <b>{number_words(date.year).title()}</b>, dalam Rapat Pleno "
            f"Terbuka Rekapitulasi Hasil Penghitungan Perolehan Suara di Tingkat Kabupaten/Kota dalam Pemilihan Umum "
            f"{escape(title_case(h.election_title))} Tahun {h.year}"
            f"{' Daerah Pemilihan ' + escape(h.dapil) if h.dapil else ''} yang diselenggarakan oleh {office} di "
            f"<b>{escape(h.place)}</b>, dicatat kejadian khusus dan/atau keberatan Saksi Peserta Pemilu sebagai "
            "berikut:", st.body)]
        story += draft_note(self)
        if not d.items:
            box = Table([[Paragraph(NIHIL, st.nihil)]], colWidths=[self.content_w * 0.5], hAlign="CENTER")
            box.setStyle(TableStyle([
                ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
            ]))
            story += [Spacer(1, 10), box, Spacer(1, 4), Paragraph(
                "Tidak terdapat kejadian khusus dan/atau keberatan selama Rapat Pleno Terbuka Rekapitulasi.",
                st.body_small)]
        else:
            story.append(self._table())
        decided = sum(1 for i in d.items if i.outcome.lower() != "belum diputus")
        closing = [
            Spacer(1, 8),
            Paragraph(
                f"Jumlah catatan: <b>{len(d.items)}</b>; telah diputus: <b>{decided}</b>. Formulir ini merupakan "
                f"bagian tidak terpisahkan dari Model {escape(d.berita_acara_form)}, ditandatangani oleh Ketua dan "
                "Anggota KPU Kabupaten/Kota serta Saksi Peserta Pemilu yang hadir, termasuk saksi yang mengajukan "
                "keberatan.", st.body),
            Paragraph(f"{escape(h.kabupaten)}, {escape(format_date_long(date))}", st.body),
        ]
        story += self.signature_pages(closing)
        return story

    def _table(self) -> Flowable:
        st = self.st
        widths = [w * self.content_w for w in _WIDTHS]
        rows: list[list[Any]] = [[Paragraph(h, st.head) for h in _HEAD]]
        for item in self.data.items:
            cells = item_cells(item)
            row: list[Any] = []
            for i, lines in enumerate(cells):
                text = "<br/>".join(escape(line) for line in lines)
                if i == 0:
                    text = f"<b>{escape(lines[0])}</b><br/>{escape(lines[1])}"
                row.append(Paragraph(text, st.cell_bold if i == 6 else st.cell))
            rows.append(row)
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("GRID", (0, 0), (-1, -1), 0.35, GRID_GREY),
            ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.9, colors.black),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        caption = Paragraph("DAFTAR KEJADIAN KHUSUS DAN/ATAU KEBERATAN", st.section)
        continued = Paragraph("DAFTAR KEJADIAN KHUSUS DAN/ATAU KEBERATAN <i>(lanjutan)</i>", st.section)
        return CaptionedTable(table, caption, continued)


def render_kejadian_khusus(data: KejadianKhususData, stamp: DocumentStamp,
                           out: Path | str | BinaryIO | None = None, *, invariant: bool = False) -> RenderResult:
    """Render the kejadian khusus form of ``data`` stamped with ``stamp``."""
    if stamp.figures_sha256 != data.items_sha256:
        raise ValueError("hash isi pada cap dokumen tidak sama dengan catatan kejadian khusus")
    return render_document(_KejadianKhususDoc(data, stamp), out, invariant=invariant)
