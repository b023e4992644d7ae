"""The berita acara PDF, read back with pypdf: content, pagination, signatures, attachments, paper, bytes."""

from __future__ import annotations

import ast
import dataclasses
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from reports.berita_acara import PAGE_SIZES, render_berita_acara
from reports.berita_acara_data import BeritaAcaraData
from reports.layout import parse_identity_keywords
from reports.numbers_id import format_int, terbilang
from reports.page_furniture import FooterLine, footer_text, qr_image
from reports.pdf_reading import read_pdf
from tests.reports import fixtures_ba as fx
from tests.reports.conftest import Rendered, render
from tests.reports.pdf_shapes import page_rects, signature_boxes

RenderTo = Callable[[BeritaAcaraData, str], Rendered]
MM = 72 / 25.4


def _line(data: BeritaAcaraData, line_id: str) -> Any:
    return next(ln for ln in data.lines if ln.line_id == line_id)


# ------------------------------------------------------------------------------------------ pagination, header


@pytest.mark.parametrize("name", ["ppwp", "dpr"])
def test_every_page_says_hal_x_dari_y_and_carries_the_model_box(name: str, request: pytest.FixtureRequest) -> None:
    doc: Rendered = request.getfixturevalue(name)
    n = len(doc.pages)
    assert doc.result.page_count == n
    assert n >= 3
    for i, text in enumerate(doc.pages, start=1):
        assert text.count(f"Hal {i} dari {n}") == 2, f"page {i}"  # under the model box and in the footer
        assert doc.data.model_code in text
        assert "PROVINSI : JAWA TIMUR" in text
        assert "KABUPATEN/KOTA : KABUPATEN SAMPANG" in text


def test_title_block_on_the_first_page(ppwp: Rendered, dpr: Rendered) -> None:
    first = ppwp.pages[0]
    assert (
        "BERITA ACARA DAN SERTIFIKAT REKAPITULASI HASIL PENGHITUNGAN PEROLEHAN SUARA DI TINGKAT "
        "KABUPATEN/KOTA DALAM PEMILIHAN UMUM PRESIDEN DAN WAKIL PRESIDEN TAHUN 2024"
    ) in first
    assert "MODEL D.HASIL KABKO-PPWP" in first
    assert "ANGGOTA DEWAN PERWAKILAN RAKYAT TAHUN 2024" in dpr.pages[0]
    assert "MODEL D.HASIL KABKO-DPR" in dpr.pages[0]
    assert "DAERAH PEMILIHAN" not in ppwp.text
    for text in dpr.pages:
        assert "DAERAH PEMILIHAN : JAWA TIMUR XI" in text


def test_opening_text_with_the_date_in_words(ppwp: Rendered) -> None:
    assert (
        "Pada hari ini Minggu tanggal Tiga bulan Maret tahun Dua Ribu Dua Puluh Empat, Komisi Pemilihan Umum "
        "Kabupaten Sampang mengadakan Rapat Pleno Terbuka Rekapitulasi Hasil Penghitungan Perolehan Suara"
    ) in ppwp.pages[0]
    assert "yang dihadiri oleh Saksi Peserta Pemilu, Bawaslu Kabupaten/Kota dan PPK, bertempat di" in ppwp.pages[0]
    assert ppwp.data.place in ppwp.pages[0]
    assert "pukul 09.00 s.d. 16.15" in ppwp.pages[0]


# ------------------------------------------------------------------------------------------ tables


def test_every_kecamatan_has_its_column(ppwp: Rendered) -> None:
    tables = " ".join(ppwp.pages[:3])
    for code, name, _ in fx.SAMPANG_KECAMATAN:
        assert f"{code} {name}" in tables, name
    assert "URAIAN" in tables
    assert "JUMLAH" in tables


def test_jumlah_figures_are_formatted_indonesian_style(ppwp: Rendered) -> None:
    text = ppwp.text
    assert "761.421" in text  # DPT of Kabupaten Sampang
    assert "372.726" in text
    assert "388.695" in text
    for line_id in ("V.A", "V.B", "V.C", "IV.1", "IV.2", "IV.3", "II.1"):
        total = _line(ppwp.data, line_id).total
        assert format_int(total) in text, line_id
    assert not re.search(r"\b\d{1,3},\d{3}\b", text)  # no English thousands separators


def test_totals_in_words_for_section_v_and_the_paslon(ppwp: Rendered) -> None:
    text = ppwp.text
    for line_id in ("V.A", "V.B", "V.C", "IV.1", "IV.2", "IV.3"):
        assert f"JUMLAH dengan huruf: {terbilang(_line(ppwp.data, line_id).total)}" in text, line_id
    # figures of the other rows are not spelled out
    assert terbilang(_line(ppwp.data, "II.1").total) not in text


def test_legislative_section_iv_lists_parties_and_candidates(dpr: Rendered) -> None:
    text = dpr.text
    assert "IV. DATA PEROLEHAN SUARA PARTAI POLITIK DAN CALON ANGGOTA DPR" in text
    for number, short, full in fx.PARTIES:
        assert f"{number}. {full} ({short})" in text
    assert "CALON FIKTIF A-1" in text
    assert "CALON FIKTIF R-8" in text
    assert format_int(_line(dpr.data, "IV.1.T").total) in text
    assert "(lanjutan)" in text  # a long section continues on later pages under its heading


def test_long_row_lists_repeat_the_header_rows_on_every_table_page(dpr: Rendered) -> None:
    table_pages = [t for t in dpr.pages if "CALON FIKTIF" in t and "LAMPIRAN" not in t]
    assert len(table_pages) >= 4
    for text in table_pages:
        assert "URAIAN" in text
        assert "352714 KARANGPENANG" in text
        assert "JUMLAH (1) (2) (3)" in text


def test_many_kecamatan_are_chunked_with_labels_repeated_and_jumlah_last(render_to: RenderTo) -> None:
    columns = fx.synthetic_columns(40)
    doc = render_to(fx.ppwp_data(columns=columns), "ppwp-40.pdf")
    assert doc.result.column_chunks >= 2
    text = doc.text
    for code, name in columns:
        assert f"{code} {name}" in text
    chunks = doc.result.column_chunks
    assert f"bagian {chunks} dari {chunks}; dengan JUMLAH" in text
    assert "bagian 1 dari" in text
    dpt_total = _line(doc.data, "I.A.JML").total
    assert format_int(dpt_total) in text
    assert dpt_total > 1_000_000  # seven digits: 1.234.567 style
    # every chunk repeats the URAIAN labels
    assert text.count("Jumlah Pemilih dalam Daftar Pemilih Tetap (DPT)") >= chunks
    # one heading per chunk of each section (continuations are marked "(lanjutan)"), JUMLAH only in the last
    headings = re.findall(r"I\. DATA PEMILIH DAN PENGGUNA HAK PILIH \(kecamatan [^)]*\)(?! \(lanjutan\))", text)
    assert len(headings) == chunks
    assert [h.endswith("dengan JUMLAH)") for h in headings] == [False] * (chunks - 1) + [True]


# ------------------------------------------------------------------------------------------ page furniture


@pytest.mark.parametrize("name", ["ppwp", "dpr"])
def test_every_page_carries_id_anchor_and_page_number_as_one_line(name: str, request: pytest.FixtureRequest) -> None:
    doc: Rendered = request.getfixturevalue(name)
    content = read_pdf(doc.path.read_bytes())
    n = len(content.pages)
    for page in content.pages:
        assert page.footer == FooterLine(doc.stamp.document_id, doc.stamp.anchor, page.number, n)
        assert footer_text(doc.stamp, page.number, n) in [f.text for f in page.fragments]
        assert "DRAF" not in page.text  # a final document


def _page_images(path: Path) -> list[list[Any]]:
    return [list(page.images) for page in PdfReader(path).pages]


def test_qr_code_on_every_page_encodes_id_figures_hash_and_anchor(ppwp: Rendered) -> None:
    expected = qr_image(ppwp.stamp.qr_payload)
    assert ppwp.stamp.qr_payload == (f"REKAP|{ppwp.stamp.document_id}|{ppwp.data.data_sha256}|{ppwp.stamp.anchor}")
    for images in _page_images(ppwp.path):
        assert len(images) == 1
        assert images[0].image.convert("1").tobytes() == expected.tobytes()


def test_draft_mark_on_every_page_and_the_reasons_on_page_one(tmp_path: Path) -> None:
    data = fx.ppwp_data()
    reasons = ("3 keberatan/kejadian khusus belum diputus: #1 OMBEN: selisih …", "1 kecamatan belum ditetapkan: OMBEN")
    doc = render(data, tmp_path / "draf.pdf", stamp=fx.stamp_for(data, draft=True, reasons=reasons))
    for text in doc.pages:
        assert "DRAF" in text
    assert "DRAF — dokumen ini belum final" in doc.pages[0]
    for reason in reasons:
        assert reason in doc.pages[0]
    # the mark is drawn on every page, in a translucent outline over the content
    for page in PdfReader(doc.path).pages:
        ops = ContentStream(page.get_contents(), page.pdf).operations
        shown = [operands[0] for operands, op in ops if op == b"Tj"]
        assert any("DRAF" in str(t) or len(str(t)) == 4 for t in shown)


# ------------------------------------------------------------------------------------------ signatures


def test_ppwp_signers_fit_the_strip_and_sign_on_every_page(ppwp: Rendered) -> None:
    signers = [s for s in ppwp.data.signatories if s.role != "bawaslu"]
    assert len(signers) == 8  # 5 KPU members, 3 saksi
    assert ppwp.result.signature_pages == ()
    for i, sizes in enumerate(page_rects(ppwp.path), start=1):
        boxes = signature_boxes(sizes)
        assert len(boxes) == len(signers), f"page {i}"
        assert all(w >= 40 * MM and h >= 15 * MM for w, h in boxes)
    for i, text in enumerate(ppwp.pages, start=1):
        assert "NAMA DAN TANDA TANGAN KETUA DAN ANGGOTA KOMISI PEMILIHAN UMUM KABUPATEN SAMPANG" in text
        for person in (s.name for s in signers if s.present):
            assert person in text, f"{person} missing on page {i}"
        assert "tidak hadir" in text and "menolak menandatangani" in text
        assert "PARAF" not in text


def test_many_signers_get_signature_pages_and_a_paraf_strip_elsewhere(dpr: Rendered) -> None:
    signers = [s for s in dpr.data.signatories if s.role != "bawaslu"]
    assert len(signers) == 23  # 5 KPU members, 18 saksi
    sign_pages = dpr.result.signature_pages
    assert sign_pages and sign_pages[-1] == dpr.result.page_count
    rects = page_rects(dpr.path)
    boxes_on_sign_pages = sum(len(signature_boxes(rects[p - 1])) for p in sign_pages)
    assert boxes_on_sign_pages == len(signers)
    for number, text in enumerate(dpr.pages, start=1):
        if number in sign_pages:
            assert "PARAF" not in text
            continue
        assert signature_boxes(rects[number - 1]) == []
        assert "PARAF KETUA, ANGGOTA KPU DAN SAKSI" in text
        assert "Saksi PKB" in text and "Saksi UMMAT" in text and "Ketua" in text and "Anggota 4" in text
    first_sign = dpr.pages[sign_pages[0] - 1]
    assert "DITETAPKAN DI" in first_sign and "Demikian Berita Acara ini dibuat" in first_sign
    assert "NAMA DAN TANDA TANGAN SAKSI PESERTA PEMILU" in " ".join(dpr.pages[p - 1] for p in sign_pages)


def test_refusal_reason_and_absence_are_recorded(ppwp: Rendered) -> None:
    assert f"SAKSI FIKTIF DUA (saksi 02 · PRABOWO – GIBRAN): menolak menandatangani: {fx.REFUSAL_REASON}" in ppwp.text
    assert "Tidak hadir pada saat penandatanganan: SAKSI FIKTIF TIGA (saksi 03 · GANJAR – MAHFUD)" in ppwp.text
    box_text = ppwp.pages[0]
    assert "menolak menandatangani:" in box_text and "tidak hadir" in box_text


def test_bawaslu_receives_a_copy_and_does_not_sign(ppwp: Rendered) -> None:
    for text in ppwp.pages:
        assert "Bawaslu Kabupaten Sampang (PENGAWAS FIKTIF BAWASLU): menerima salinan, tidak menandatangani" in text


def test_closing_text(ppwp: Rendered) -> None:
    closing = next(t for t in ppwp.pages if "DITETAPKAN DI" in t)
    assert "Demikian Berita Acara ini dibuat" in closing
    assert "DITETAPKAN DI : KABUPATEN SAMPANG TANGGAL : 3 MARET 2024" in closing
    assert "Pembanding Sirekap dicetak tersendiri sebagai kertas kerja dan bukan bagian dari Berita Acara" in closing


# ------------------------------------------------------------------------------------------ kejadian khusus, Sirekap


def test_the_berita_acara_refers_to_the_kejadian_khusus_form(ppwp: Rendered, dpr: Rendered) -> None:
    assert ("tidak ada keberatan dan/atau kejadian khusus (NIHIL), sebagaimana dicatat dalam Model D.KEJADIAN KHUSUS "
            "DAN/ATAU KEBERATAN") in ppwp.text
    assert "ada keberatan dan/atau kejadian khusus (2 catatan), sebagaimana dicatat dalam Model D.KEJADIAN" in dpr.text
    assert "LAMPIRAN" not in ppwp.text + dpr.text  # the items are on their own document


def test_the_berita_acara_has_no_sirekap_comparison(ppwp: Rendered, dpr: Rendered) -> None:
    for doc in (ppwp, dpr):
        assert "SELISIH" not in doc.text and "CAKUPAN" not in doc.text


# ------------------------------------------------------------------------------------------ file properties


@pytest.mark.parametrize(("paper", "size"), [("a4", (841.89, 595.28)), ("f4", (935.43, 609.45))])
def test_paper_size(paper: str, size: tuple[float, float], tmp_path: Path) -> None:
    data = dataclasses.replace(fx.ppwp_data(), paper=paper)  # type: ignore[arg-type]
    result = render_berita_acara(data, fx.stamp_for(data), tmp_path / "ba.pdf", invariant=True)
    assert result.page_size == pytest.approx(PAGE_SIZES[paper])
    reader = PdfReader(tmp_path / "ba.pdf")
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.01)


def test_f4_is_215_by_330_mm() -> None:
    mm = 72 / 25.4
    assert PAGE_SIZES["f4"] == pytest.approx((330 * mm, 215 * mm))


def test_invariant_renders_are_byte_identical(tmp_path: Path) -> None:
    data = fx.legislative_data("pdpr")
    stamp = fx.stamp_for(data)
    first, second = io.BytesIO(), io.BytesIO()
    render_berita_acara(data, stamp, first, invariant=True)
    render_berita_acara(data, stamp, second, invariant=True)
    assert first.getvalue() == second.getvalue()
    # …and the bytes do depend on the figures, and on the anchor
    lines = list(data.lines)
    index = next(i for i, ln in enumerate(lines) if ln.line_id == "IV.1.1")
    lines[index] = dataclasses.replace(lines[index], values={**lines[index].values, "352701": 1})
    changed = dataclasses.replace(data, lines=lines)
    third = io.BytesIO()
    render_berita_acara(changed, fx.stamp_for(changed), third, invariant=True)
    assert third.getvalue() != first.getvalue()
    fourth = io.BytesIO()
    render_berita_acara(data, fx.stamp_for(data, anchor="AUDIT 9000:0123456789abcdef"), fourth, invariant=True)
    assert fourth.getvalue() != first.getvalue()


def test_a_stamp_for_other_figures_is_refused(tmp_path: Path) -> None:
    data = fx.ppwp_data()
    other = fx.stamp_for(fx.legislative_data("pdpr"))
    with pytest.raises(ValueError, match="hash angka"):
        render_berita_acara(data, other, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_creation_date_comes_from_the_stamp(ppwp: Rendered) -> None:
    meta = PdfReader(ppwp.path).metadata
    assert meta is not None
    assert str(meta["/CreationDate"]) == "D:20240303163000+07'00'"
    assert str(meta["/ModDate"]) == "D:20240303163000+07'00'"


def _fonts(resources: Any, seen: set[int]) -> Iterator[Any]:
    fonts = resources.get("/Font")
    if fonts is not None:
        for ref in fonts.get_object().values():
            yield ref.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for ref in xobjects.get_object().values():
            if id(ref.get_object()) in seen:
                continue
            seen.add(id(ref.get_object()))
            inner = ref.get_object().get("/Resources")
            if inner is not None:
                yield from _fonts(inner.get_object(), seen)


def test_every_font_is_embedded(ppwp: Rendered, dpr: Rendered) -> None:
    for doc in (ppwp, dpr):
        reader = PdfReader(doc.path)
        found = 0
        for page in reader.pages:
            for font in _fonts(page["/Resources"], set()):
                found += 1
                descriptors = [font.get("/FontDescriptor")]
                for desc in font.get("/DescendantFonts", []):
                    descriptors.append(desc.get_object().get("/FontDescriptor"))
                descriptors = [d.get_object() for d in descriptors if d is not None]
                assert descriptors, f"font {font.get('/BaseFont')} has no descriptor (a standard-14 font)"
                assert all("/FontFile2" in d for d in descriptors), font.get("/BaseFont")
        assert found


def test_document_identity_is_in_the_metadata(ppwp: Rendered) -> None:
    keywords = str((PdfReader(ppwp.path).metadata or {}).get("/Keywords", ""))
    assert parse_identity_keywords(keywords) == (ppwp.stamp.document_id, ppwp.data.data_sha256)
    assert f"rekap-anchor={ppwp.stamp.anchor}" in keywords
    assert f"SHA-256 angka {ppwp.data.data_sha256[:16]}…{ppwp.data.data_sha256[-8:]}" in ppwp.pages[0]


# ------------------------------------------------------------------------------------------ output and robustness


def test_all_contests_of_the_kabupaten_render(tmp_path: Path) -> None:
    for i, data in enumerate(fx.all_sampang_contests()):
        doc = render(data, tmp_path / f"{i}.pdf")
        n = len(doc.pages)
        assert all(f"Hal {p} dari {n}" in t for p, t in enumerate(doc.pages, start=1))
        for code, name in data.columns:
            assert f"{code} {name}" in doc.text


def test_render_to_a_binary_stream() -> None:
    buffer = io.BytesIO()
    data = fx.ppwp_data()
    result = render_berita_acara(data, fx.stamp_for(data), buffer, invariant=True)
    assert buffer.getvalue().startswith(b"%PDF-")
    assert result.byte_size == len(buffer.getvalue())


def test_unwritable_path_raises_a_plain_error_and_leaves_nothing(tmp_path: Path) -> None:
    data = fx.ppwp_data()
    with pytest.raises(OSError, match="tidak dapat menulis berkas PDF"):
        render_berita_acara(data, fx.stamp_for(data), tmp_path / "tidak-ada" / "ba.pdf")
    target = tmp_path / "folder.pdf"
    target.mkdir()  # a directory where the file should go: the final rename fails
    with pytest.raises(OSError, match="tidak dapat menulis berkas PDF"):
        render_berita_acara(data, fx.stamp_for(data), target)
    assert [p.name for p in tmp_path.iterdir()] == ["folder.pdf"]  # no temporary file left behind


_RENDERER_MODULES = {
    "berita_acara.py",
    "berita_acara_data.py",
    "figure_tables.py",
    "fonts.py",
    "layout.py",
    "numbered_canvas.py",
    "page_furniture.py",
    "pdf_reading.py",
    "signature_grid.py",
    "signing.py",
    "syllables_id.py",
}


def _imports(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


_LEAF_HELPERS = {"rekap_desktop.os_errors"}  # plain-language helpers that import nothing of the core


def test_reports_imports_nothing_from_ui_and_the_renderer_not_the_core() -> None:
    """DESIGN §2: nothing in reports knows Qt or ui. The renderer itself is fed plain dataclasses only."""
    root = Path(__file__).resolve().parents[2] / "reports"
    for path in root.glob("*.py"):
        forbidden = {"ui", "PySide6"} | ({"rekap_desktop"} if path.name in _RENDERER_MODULES else set())
        for name in _imports(path):
            if name in _LEAF_HELPERS:
                continue
            assert name.split(".")[0] not in forbidden, f"{path.name} imports {name}"
