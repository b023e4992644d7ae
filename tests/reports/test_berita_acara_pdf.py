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
from reportlab.graphics.barcode import qrencoder

from reports.berita_acara import PAGE_SIZES, render_berita_acara
from reports.berita_acara_data import BeritaAcaraData
from reports.numbers_id import format_int, terbilang
from reports.signing import read_pdf_identity
from tests.reports import fixtures_ba as fx
from tests.reports.conftest import Rendered, render

RenderTo = Callable[[BeritaAcaraData, str], Rendered]


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


# ------------------------------------------------------------------------------------------ signatures


@pytest.mark.parametrize("name", ["ppwp", "dpr"])
def test_signature_grid_on_every_page(name: str, request: pytest.FixtureRequest) -> None:
    doc: Rendered = request.getfixturevalue(name)
    names = [s.name for s in doc.data.signatories if s.role != "bawaslu"]
    for i, text in enumerate(doc.pages, start=1):
        assert "NAMA DAN TANDA TANGAN KETUA DAN ANGGOTA KOMISI PEMILIHAN UMUM KABUPATEN SAMPANG" in text
        for person in names:
            assert person in text, f"{person} missing on page {i}"
        assert "tidak hadir" in text
        assert "menolak menandatangani" in text


def test_refusal_reason_and_absence_are_recorded(ppwp: Rendered) -> None:
    assert f"SAKSI FIKTIF DUA (saksi 02 · PRABOWO – GIBRAN): menolak menandatangani: {fx.REFUSAL_REASON}" in ppwp.text
    assert "Tidak hadir pada saat penandatanganan: SAKSI FIKTIF TIGA (saksi 03 · GANJAR – MAHFUD)" in ppwp.text
    closing = next(t for t in ppwp.pages if "DITETAPKAN DI" in t)
    assert f"menolak menandatangani: {fx.REFUSAL_REASON}" in closing  # in full in the closing grid too


def test_bawaslu_receives_a_copy_and_does_not_sign(ppwp: Rendered) -> None:
    closing = next(t for t in ppwp.pages if "DITETAPKAN DI" in t)
    assert "BAWASLU KABUPATEN SAMPANG (PENGAWAS FIKTIF BAWASLU): menerima salinan, tidak menandatangani" in closing
    for text in ppwp.pages:
        assert "menerima salinan" in text


def test_closing_text(ppwp: Rendered) -> None:
    closing = next(t for t in ppwp.pages if "DITETAPKAN DI" in t)
    assert "Demikian Berita Acara ini dibuat" in closing
    assert "DITETAPKAN DI : KABUPATEN SAMPANG TANGGAL : 3 MARET 2024" in closing
    assert "V. DATA SUARA SAH DAN TIDAK SAH" in closing


# ------------------------------------------------------------------------------------------ attachments


def _page_with(doc: Rendered, marker: str) -> str:
    return next(t for t in doc.pages if marker in t)


def test_no_keberatan_gives_nihil(ppwp: Rendered) -> None:
    assert "tidak ada keberatan dan/atau kejadian khusus (NIHIL), sebagaimana tercantum dalam Lampiran I" in ppwp.text
    lampiran = _page_with(ppwp, "LAMPIRAN I: KEJADIAN KHUSUS DAN/ATAU KEBERATAN")
    assert "NIHIL" in lampiran.split("LAMPIRAN I:")[1]


def test_keberatan_rows_are_listed(dpr: Rendered) -> None:
    assert "ada keberatan dan/atau kejadian khusus (2 catatan), sebagaimana tercantum dalam Lampiran I" in dpr.text
    lampiran = _page_with(dpr, "LAMPIRAN I: KEJADIAN KHUSUS DAN/ATAU KEBERATAN").split("LAMPIRAN I:")[1]
    assert "NIHIL" not in lampiran
    assert "KEBERATAN" in lampiran
    assert "KEJADIAN KHUSUS" in lampiran
    assert "Saksi meminta pencocokan ulang suara calon nomor urut 2" in lampiran
    assert "ROBATAL" in lampiran
    assert "SAKSI FIKTIF PARTAI 3" in lampiran


def test_sirekap_comparison_is_an_aid_with_signed_differences(ppwp: Rendered) -> None:
    page = _page_with(ppwp, "LAMPIRAN II: PEMBANDING SIREKAP (ALAT BANTU, BUKAN HASIL RESMI)")
    part = page.split("LAMPIRAN II:")[1]
    assert "Hasil resmi adalah rekapitulasi manual" in part
    assert "SELISIH (MANUAL − SIREKAP)" in part and "SIREKAP − MANUAL" not in part  # Δ = manual − Sirekap
    assert "OMBEN IV.2 2. PRABOWO – GIBRAN" in part
    assert "+12 236 dari 239 TPS" in part
    assert "\u22123 251 dari 255 TPS" in part  # true minus sign
    assert "IV.3" not in part  # equal figures are not differences


def test_sirekap_missing_figure_is_not_zero(dpr: Rendered) -> None:
    part = _page_with(dpr, "LAMPIRAN II:").split("LAMPIRAN II:")[1]
    assert "tidak ada data" in part
    assert "+817" in part


# ------------------------------------------------------------------------------------------ file properties


@pytest.mark.parametrize(("paper", "size"), [("a4", (841.89, 595.28)), ("f4", (935.43, 609.45))])
def test_paper_size(paper: str, size: tuple[float, float], tmp_path: Path) -> None:
    data = dataclasses.replace(fx.ppwp_data(), paper=paper)  # type: ignore[arg-type]
    result = render_berita_acara(data, tmp_path / "ba.pdf", invariant=True)
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
    first, second = io.BytesIO(), io.BytesIO()
    render_berita_acara(data, first, invariant=True)
    render_berita_acara(data, second, invariant=True)
    assert first.getvalue() == second.getvalue()
    # …and the bytes do depend on the figures
    lines = list(data.lines)
    index = next(i for i, ln in enumerate(lines) if ln.line_id == "IV.1.1")
    lines[index] = dataclasses.replace(lines[index], values={**lines[index].values, "352701": 1})
    third = io.BytesIO()
    render_berita_acara(dataclasses.replace(data, lines=lines), third, invariant=True)
    assert third.getvalue() != first.getvalue()


def test_creation_date_comes_from_generated_at(ppwp: Rendered) -> None:
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
    assert read_pdf_identity(ppwp.path) == (ppwp.data.document_id, ppwp.data.data_sha256)
    footer = ppwp.pages[0]
    assert f"ID dokumen: {ppwp.data.document_id}" in footer
    assert f"SHA-256 data: {ppwp.data.data_sha256[:16]}…{ppwp.data.data_sha256[-8:]}" in footer


def _qr_matrix_from_pdf(path: Path) -> list[list[bool]]:
    """Rebuild the QR modules from the rectangles of the QR form XObject."""
    reader = PdfReader(path)

    def find(resources: Any) -> Any:
        for name, ref in (resources.get("/XObject") or {}).items():
            obj = ref.get_object()
            if name.endswith("rekapQR"):
                return obj
            inner = obj.get("/Resources")
            if inner is not None and (hit := find(inner.get_object())) is not None:
                return hit
        return None

    form = find(reader.pages[0]["/Resources"])
    assert form is not None, "no QR form on page 1"
    ops = ContentStream(form, reader).operations
    rects = [[float(v) for v in operands] for operands, op in ops if op == b"re"]
    modules = rects[1:]  # the first is the white background
    side = int(max(x + w for x, _, w, _ in modules) + min(x for x, _, _, _ in modules))
    grid = [[False] * side for _ in range(side)]
    for x, y, w, _ in modules:
        row = side - 1 - int(y)
        for col in range(int(x), int(x + w)):
            grid[row][col] = True
    border = int(min(x for x, _, _, _ in modules))
    return [r[border : side - border] for r in grid[border : side - border]]


def test_qr_code_encodes_document_id_and_full_hash(ppwp: Rendered) -> None:
    expected = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    expected.addData(f"REKAP|{ppwp.data.document_id}|{ppwp.data.data_sha256}")
    expected.make()
    assert _qr_matrix_from_pdf(ppwp.path) == [[bool(v) for v in row] for row in expected.modules]


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
    result = render_berita_acara(fx.ppwp_data(), buffer, invariant=True)
    assert buffer.getvalue().startswith(b"%PDF-")
    assert result.byte_size == len(buffer.getvalue())


def test_unwritable_path_raises_a_plain_error_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="tidak dapat menulis berkas PDF"):
        render_berita_acara(fx.ppwp_data(), tmp_path / "tidak-ada" / "ba.pdf")
    target = tmp_path / "folder.pdf"
    target.mkdir()  # a directory where the file should go: the final rename fails
    with pytest.raises(OSError, match="tidak dapat menulis berkas PDF"):
        render_berita_acara(fx.ppwp_data(), target)
    assert [p.name for p in tmp_path.iterdir()] == ["folder.pdf"]  # no temporary file left behind


_RENDERER_MODULES = {
    "berita_acara.py",
    "berita_acara_data.py",
    "fonts.py",
    "numbered_canvas.py",
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


def test_reports_imports_nothing_from_ui_and_the_renderer_not_the_core() -> None:
    """DESIGN §2: nothing in reports knows Qt or ui. The renderer itself is fed plain dataclasses only."""
    root = Path(__file__).resolve().parents[2] / "reports"
    for path in root.glob("*.py"):
        forbidden = {"ui", "PySide6"} | ({"rekap_desktop"} if path.name in _RENDERER_MODULES else set())
        for name in _imports(path):
            assert name.split(".")[0] not in forbidden, f"{path.name} imports {name}"
