"""Model D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN rendered from plain data, read back with pypdf."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports.berita_acara_data import KeberatanRow
from reports.kejadian_khusus import KejadianKhususData, item_cells, render_kejadian_khusus
from reports.page_furniture import DocumentStamp
from reports.pdf_reading import read_pdf
from tests.reports import fixtures_ba as fx
from tests.reports.conftest import normalise
from tests.reports.pdf_shapes import page_rects, signature_boxes

ITEMS = (
    KeberatanRow(1, "keberatan", "JRENGIK", "5. NASDEM", "SAKSI FIKTIF NASDEM", "IV.5.T",
                 "Saksi keberatan atas hasil hitung ulang TPS 003 Desa Mlakah: suara partai turun dari 100 ke 52.",
                 "Ditolak", "Saksi dipersilakan menyampaikan laporan kepada Bawaslu Kabupaten.",
                 level="Pleno kabupaten/kota", jenis="Angka",
                 rekomendasi_bawaslu="Hitung ulang sudah sesuai prosedur; angka hasil hitung ulang dipakai.",
                 tps="3527071005003", record_id=7),
    KeberatanRow(2, "kejadian khusus", "OMBEN", None, None, "",
                 "PPK Omben mencatat PSU TPS 018 Desa Pandan untuk surat suara PPWP.", "Belum diputus", "",
                 level="Dari PPK", jenis="Prosedur", record_id=9),
)


def data(items: tuple[KeberatanRow, ...] = ITEMS, *, kind: str = "pdprdk") -> KejadianKhususData:
    source = fx.legislative_data("pdpr") if kind != "ppwp" else fx.ppwp_data()
    return KejadianKhususData(heading=source.heading, berita_acara_form="D.HASIL KABKO-DPR", items=items,
                              signatories=source.signatories)


def stamp(d: KejadianKhususData, *, draft: bool = False) -> DocumentStamp:
    return DocumentStamp("DKK-3527-PDPR-3511-V1", "AUDIT 8070:0123456789abcdef", d.items_sha256, fx.GENERATED_AT,
                         draft=draft, draft_reasons=("1 keberatan/kejadian khusus belum diputus: #9 OMBEN",) if draft
                         else ())


def pages(path: Path) -> list[str]:
    return [normalise(p.extract_text() or "") for p in PdfReader(path).pages]


def test_every_item_with_its_origin_kind_place_saksi_bawaslu_decision_and_follow_up(tmp_path: Path) -> None:
    d = data()
    out = tmp_path / "kk.pdf"
    result = render_kejadian_khusus(d, stamp(d), out, invariant=True)
    text = " ".join(pages(out))
    assert "MODEL D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN" in text
    assert "bagian tidak terpisahkan dari Model D.HASIL KABKO-DPR" in text
    for header in ("ASAL / JENIS", "KECAMATAN / TPS / SEL", "PESERTA / SAKSI", "REKOMENDASI BAWASLU",
                   "KEPUTUSAN RAPAT PLENO", "TINDAK LANJUT"):
        assert header in text
    for item in ITEMS:
        for cell in item_cells(item):
            for line in cell:
                assert line.replace(" ", "") in text.replace(" ", ""), line
    assert "#7" in text and "TPS 3527071005003" in text and "sel IV.5.T" in text
    assert "Pleno kabupaten/kota" in text and "Dari PPK" in text and "Prosedur" in text
    assert "Jumlah catatan: 2; telah diputus: 1" in text
    assert "NIHIL" not in text
    content = read_pdf(out.read_bytes())
    assert [p.footer.document_id for p in content.pages if p.footer] == ["DKK-3527-PDPR-3511-V1"] * result.page_count


def test_nihil_when_there_is_nothing(tmp_path: Path) -> None:
    d = data(())
    out = tmp_path / "nihil.pdf"
    render_kejadian_khusus(d, stamp(d), out, invariant=True)
    first = pages(out)[0]
    assert "NIHIL" in first and "Tidak terdapat kejadian khusus dan/atau keberatan" in first
    assert "Jumlah catatan: 0" in " ".join(pages(out))


def test_signature_boxes_for_kpu_members_and_saksi(tmp_path: Path) -> None:
    d = data()
    out = tmp_path / "kk.pdf"
    result = render_kejadian_khusus(d, stamp(d), out, invariant=True)
    signers = [s for s in d.signatories if s.role != "bawaslu"]
    boxes = sum(len(signature_boxes(page_rects(out)[p - 1])) for p in result.signature_pages)
    assert boxes == len(signers) == 23
    d = data(kind="ppwp")
    out = tmp_path / "kk-ppwp.pdf"
    render_kejadian_khusus(d, stamp(d), out, invariant=True)
    for sizes in page_rects(out):  # 8 signers fit the strip: boxes on every page
        assert len(signature_boxes(sizes)) == 8


def test_draft_while_items_are_open(tmp_path: Path) -> None:
    d = data()
    out = tmp_path / "kk.pdf"
    render_kejadian_khusus(d, stamp(d, draft=True), out, invariant=True)
    texts = pages(out)
    assert all("DRAF" in t for t in texts)
    assert "#9 OMBEN" in texts[0]


def test_the_items_hash_covers_the_decision(tmp_path: Path) -> None:
    d = data()
    decided = dataclasses.replace(ITEMS[1], outcome="Diterima", tindak_lanjut="Dicatat.")
    assert data((ITEMS[0], decided)).items_sha256 != d.items_sha256
    with pytest.raises(ValueError, match="hash isi"):
        render_kejadian_khusus(d, stamp(data(())), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
