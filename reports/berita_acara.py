"""PDF of the berita acara and sertifikat of the kabupaten recap (Model D.HASIL KABKO-xxx), with reportlab.

Layout, modelled on the official C.HASIL-SALINAN-PPWP form and adapted to one column per kecamatan:

- landscape pages (A4 or F4 = 215 × 330 mm); page 1: title block, model box, region line, opening text, then the
  tables of sections I–V (:mod:`reports.figure_tables`), each row with its line code; later pages: a short title
  and the region line; "Hal x dari y" under the model box;
- every page: the identity footer with the document id (and version) and the audit anchor, the QR code, and the
  DRAF mark while something is still open (:mod:`reports.page_furniture`);
- signatures fit for wet ink (:mod:`reports.signature_grid`): the boxes at the foot of every page when they fit,
  otherwise a paraf strip on every page and signature pages at the end;
- the closing text refers to the separate D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN document; the Sirekap comparison
  is a separate working paper (:mod:`reports.pembanding_sirekap`), not part of the berita acara.

``invariant=True`` gives identical bytes for identical input (the creation date is the stamp's).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from reports.atomic_file import write_atomically
from reports.berita_acara_data import BeritaAcaraData, Signatory
from reports.figure_tables import SectionTables, column_chunks
from reports.layout import PAGE_SIZES, HeaderSpec, PagedDocument, PdfMeta, SignatureSpec, identity_keywords
from reports.numbers_id import day_name, format_date_long, month_name, number_words
from reports.page_furniture import DocumentStamp
from reports.signature_grid import signing_status_text

__all__ = ["KEJADIAN_KHUSUS_FORM", "PAGE_SIZES", "RenderResult", "render_berita_acara"]

KEJADIAN_KHUSUS_FORM = "Model D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN"


@dataclass(frozen=True, slots=True)
class RenderResult:
    page_count: int
    page_size: tuple[float, float]  # points, landscape
    column_chunks: int  # how many column groups the kecamatan were split into (1 for documents without)
    document_id: str
    data_sha256: str
    byte_size: int
    payload: bytes = b""  # the PDF bytes (also written to the path given)
    signature_pages: tuple[int, ...] = ()  # pages carrying the full signature boxes (empty: on every page)


def title_case(text: str) -> str:
    """'ANGGOTA DEWAN PERWAKILAN RAKYAT DAERAH KABUPATEN/KOTA' → 'Anggota Dewan … Kabupaten/Kota'."""
    words = text.title().split(" ")
    return " ".join(w.lower() if w in ("Dan", "Di") and i else w for i, w in enumerate(words))


class _BeritaAcaraDoc(PagedDocument):
    def __init__(self, data: BeritaAcaraData, stamp: DocumentStamp) -> None:
        self.data = data
        region = [("PROVINSI", data.provinsi), ("KABUPATEN/KOTA", data.kabupaten)]
        if data.dapil:
            region.append(("DAERAH PEMILIHAN", data.dapil))
        header = HeaderSpec(
            model_box=data.model_code,
            title_lines=[
                ("BERITA ACARA DAN SERTIFIKAT REKAPITULASI HASIL PENGHITUNGAN PEROLEHAN SUARA", 10.2),
                ("DI TINGKAT KABUPATEN/KOTA DALAM PEMILIHAN UMUM", 10.2),
                (data.election_title, 11.6),
                (f"TAHUN {data.year}", 10.2),
            ],
            short_title=(f"BERITA ACARA DAN SERTIFIKAT REKAPITULASI TINGKAT KABUPATEN/KOTA · PEMILU "
                         f"{data.election_title} TAHUN {data.year}"),
            region_items=region,
        )
        super().__init__(paper=data.paper, stamp=stamp, header=header,
                         signatures=SignatureSpec(data.signatories, data.office, data.kabupaten))
        self.chunks, self.headers = column_chunks(data, self.content_w, self.f)

    def metadata(self) -> PdfMeta:
        d = self.data
        return PdfMeta(
            title=f"Berita Acara {d.model_code} {d.kabupaten}" + (f" Dapil {d.dapil}" if d.dapil else ""),
            subject=(f"{d.model_code}: Berita Acara dan Sertifikat Rekapitulasi Hasil Penghitungan Perolehan Suara "
                     f"di Tingkat Kabupaten/Kota, Pemilihan Umum {d.election_title} Tahun {d.year}"),
            author=d.office,
            keywords=identity_keywords(self.stamp.document_id, self.stamp.figures_sha256, self.stamp.anchor),
        )

    # ------------------------------------------------------------------ story
    def story(self) -> list[Flowable]:
        d = self.data
        st = self.st
        date = d.meeting_date
        office = escape(d.office.title().replace(" Dan ", " dan "))
        opening = (
            f"Pada hari ini <b>{day_name(date)}</b> tanggal <b>{number_words(date.day).title()}</b> bulan "
            f"<b>{month_name(date.month)}</b> tahun <b>{number_words(date.year).title()}</b>, {office} mengadakan "
            "Rapat Pleno Terbuka Rekapitulasi Hasil Penghitungan Perolehan Suara di Tingkat Kabupaten/Kota dalam "
            f"Pemilihan Umum {escape(title_case(d.election_title))} Tahun {d.year}"
            f"{' Daerah Pemilihan ' + escape(d.dapil) if d.dapil else ''}, yang dihadiri oleh Saksi Peserta "
            f"Pemilu, Bawaslu Kabupaten/Kota dan PPK, bertempat di <b>{escape(d.place)}</b>."
        )
        story: list[Flowable] = [Paragraph(opening, st.body)]
        if d.start_time or d.end_time:
            story.append(Paragraph(
                f"Rapat dimulai pada pukul <b>{escape(d.start_time or '.....')}</b> s.d. "
                f"<b>{escape(d.end_time or '.....')}</b> waktu setempat.", st.body))
        story += draft_note(self)
        story.append(Paragraph(
            "Adapun data pemilih dan pengguna hak pilih, penggunaan surat suara, pemilih disabilitas, dan "
            f"hasil rekapitulasi perolehan suara dari {len(d.columns)} kecamatan, sebagaimana tercantum dalam "
            "Model D.HASIL KECAMATAN yang dibacakan oleh PPK, terinci sebagai berikut:", st.body))
        tables = SectionTables(d, st, self.f, self.chunks, self.headers)
        story += tables.flowables(("I", "II", "III", "IV", "V"))
        story += self.signature_pages(self._closing())
        return story

    def _closing(self) -> list[Flowable]:
        d = self.data
        st = self.st
        out: list[Flowable] = [Spacer(1, 6)]
        ada = "ada" if d.keberatan else "tidak ada"
        detail = f" ({len(d.keberatan)} catatan)" if d.keberatan else " (NIHIL)"
        out.append(Paragraph(
            f"Dalam Rapat Pleno Terbuka tersebut <b>{ada}</b> keberatan dan/atau kejadian khusus{detail}, "
            f"sebagaimana dicatat dalam {KEJADIAN_KHUSUS_FORM} yang merupakan bagian tidak terpisahkan dari "
            "Berita Acara ini.", st.body))
        refused = [s for s in d.signatories if s.role != "bawaslu" and s.refused]
        absent = [s for s in d.signatories if s.role != "bawaslu" and not s.present]
        if refused:
            items = "".join(
                f"<br/>{i}. {escape(_who(s))}: {escape(signing_status_text(s) or '')}"
                for i, s in enumerate(refused, start=1)
            )
            out.append(Paragraph(
                f"Yang hadir tetapi tidak bersedia menandatangani Berita Acara dan Sertifikat ini beserta alasannya:"
                f"{items}", st.body))
        if absent:
            names = "; ".join(escape(_who(s)) for s in absent)
            out.append(Paragraph(f"Tidak hadir pada saat penandatanganan: {names}.", st.body))
        office = escape(d.office.title().replace(" Dan ", " dan "))
        ending: list[Flowable] = [
            Paragraph(
                "Demikian Berita Acara ini dibuat dengan sebenarnya, ditandatangani oleh Ketua dan Anggota "
                f"{office} serta Saksi Peserta Pemilu yang hadir dan bersedia menandatangani. Salinan Berita "
                "Acara dan Sertifikat ini diberikan kepada Saksi Peserta Pemilu yang hadir dan Bawaslu "
                "Kabupaten/Kota; Bawaslu menerima salinan dan tidak menandatangani sertifikat.", st.body),
            Paragraph(
                f"Berita Acara ini dilampiri {KEJADIAN_KHUSUS_FORM}. Pembanding Sirekap dicetak tersendiri sebagai "
                "kertas kerja dan bukan bagian dari Berita Acara ini.", st.body),
        ]
        place = escape(d.kabupaten)
        when = escape(format_date_long(d.established_date).upper())
        ending.append(Spacer(1, 4))
        established = Table(
            [[f"DITETAPKAN DI :  {place}", f"TANGGAL :  {when}"]],
            colWidths=[self.content_w * 0.5, self.content_w * 0.5],
            hAlign="LEFT",
        )
        established.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), self.f.bold, 9.5),
            ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
            ("LINEBEFORE", (1, 0), (1, 0), 0.5, colors.black),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ]))
        ending.append(established)
        ending.append(Spacer(1, 8))
        out.append(CondPageBreak(110))
        out += ending
        return out


def draft_note(doc: PagedDocument) -> list[Flowable]:
    """The boxed DRAF note naming what is still open (nothing for a final document)."""
    stamp = doc.stamp
    if not stamp.draft:
        return []
    reasons = "".join(f"<br/>• {escape(r)}" for r in stamp.draft_reasons) or "<br/>• (tidak dirinci)"
    return [Paragraph(
        "DRAF — dokumen ini belum final: rekapitulasi kontes ini masih terbuka. Yang belum selesai saat dicetak:"
        f"{reasons}", doc.st.draft_note)]


def _who(person: Signatory) -> str:
    if person.role == "saksi":
        return f"{person.name} (saksi {person.peserta})"
    return f"{person.name} ({'Ketua' if person.role == 'ketua' else 'Anggota'} KPU)"


def render_document(doc: PagedDocument, out: Path | str | BinaryIO | None, *, invariant: bool,
                    column_chunk_count: int = 1) -> RenderResult:
    """Build ``doc`` and write it to a file path (atomically), a binary stream, or nowhere (``out=None``)."""
    buffer = io.BytesIO()
    pages = doc.build(buffer, invariant=invariant)
    payload = buffer.getvalue()
    if isinstance(out, (str, os.PathLike)):
        write_atomically(Path(out), payload)
    elif out is not None:
        out.write(payload)
    return RenderResult(
        page_count=pages,
        page_size=(doc.width, doc.height),
        column_chunks=column_chunk_count,
        document_id=doc.stamp.document_id,
        data_sha256=doc.stamp.figures_sha256,
        byte_size=len(payload),
        payload=payload,
        signature_pages=tuple(sorted(set(doc.signature_page_numbers))),
    )


def render_berita_acara(data: BeritaAcaraData, stamp: DocumentStamp, out: Path | str | BinaryIO | None = None, *,
                        invariant: bool = False) -> RenderResult:
    """Render the berita acara of ``data`` stamped with ``stamp`` (id, anchor, DRAF)."""
    if stamp.figures_sha256 != data.data_sha256:
        raise ValueError("hash angka pada cap dokumen tidak sama dengan angka berita acara")
    doc = _BeritaAcaraDoc(data, stamp)
    return render_document(doc, out, invariant=invariant, column_chunk_count=len(doc.chunks))

