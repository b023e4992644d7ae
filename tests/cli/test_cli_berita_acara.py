"""berita-acara, documents and verify-pdf through the command line, on the demo database: content parsed back from
the PDF, the register, DRAF while the contest is open, and every tampering attack verify-pdf must catch."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from rekap_desktop.documents import DocumentKind, issues
from rekap_desktop.rules import JUMLAH
from rekap_desktop.services import KecamatanStatus, RecapService
from reports.issue import issue_document
from reports.numbers_id import format_int, terbilang
from tests.reports.conftest import SigningCertificate, signing_certificate  # noqa: F401 - fixture
from tests.reports.pdf_tamper import change_figure, pages_of, strip_signature
from ui.cli import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, main

from .test_cli_core import demo_db  # noqa: F401 - session fixture


def text_of(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:  # noqa: F811
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_db, copy)
    return copy


def berita_acara(db: Path, out: Path, *args: str) -> int:
    return main(["berita-acara", "--db", str(db), "--operator", "OPERATOR UJI", "--out", str(out), *args])


def verify(db: Path, pdf: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["verify-pdf", str(pdf), "--db", str(db)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def close_contest(db: Path, key: str) -> None:
    """Ditetapkan every kecamatan of a contest that has no other open item (a DPRD Kabupaten dapil of the demo)."""
    svc = RecapService.open(db, actor="KETUA UJI")
    for kec in svc.contest(key).kecamatan_codes:
        svc.set_status(key, kec, KecamatanStatus.DITETAPKAN)
    svc.close()


# ------------------------------------------------------------------------------------------------ issuing
def test_dpr_berita_acara_matches_the_data_and_is_registered(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "dpr.pdf"
    assert berita_acara(db, out, "--ballot", "pdpr") == EXIT_OK
    stdout = capsys.readouterr().out
    assert "DHK-3527-PDPR-3511-V1" in stdout and "versi 1, versi baru" in stdout
    pages = text_of(out)
    n = len(pages)
    full = re.sub(r"-\s*\n\s*", "", "\n".join(pages))  # kecamatan names are broken at syllables
    assert "MODEL D.HASIL KABKO-DPR" in full and "JAWA TIMUR XI" in full
    svc = RecapService.open(db)
    anchor_then = issues(svc)[0].anchor
    for i, page in enumerate(pages, start=1):
        assert f"ID dokumen DHK-3527-PDPR-3511-V1 · {anchor_then} · Hal {i} dari {n}" in page
    sheet = svc.load_sheet("pdpr:3511")
    for region in sheet.contest.kecamatan:
        assert region.name in full.replace("\n", "")
    total_va = sheet.value("V.A", JUMLAH)
    assert total_va is not None
    assert format_int(total_va) in full
    assert terbilang(total_va) in full.replace("\n", " ")
    [issue] = issues(svc)
    assert (issue.document_id, issue.version, issue.purpose.value, issue.page_count, issue.actor) == (
        "DHK-3527-PDPR-3511-V1", 1, "disimpan", n, "OPERATOR UJI")
    assert issue.draft and not issue.signed and issue.file_name == "dpr.pdf"
    assert svc.verify_audit().ok
    svc.close()
    code, stdout, _ = verify(db, out, capsys)
    assert code == EXIT_OK
    assert "BERKAS TERDAFTAR" in stdout and "COCOK" in stdout


def test_an_open_contest_prints_a_draft_and_says_what_is_open(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "ppwp.pdf"
    assert berita_acara(db, out, "--ballot", "ppwp", "--paper", "f4") == EXIT_OK
    err = capsys.readouterr().err
    assert "DRAF DHK-3527-PPWP-V1" in err
    assert "isian kosong: JRENGIK (28)" in err  # the demo leaves the last kecamatan open
    assert "R1 di TORJUN baris I.B.4.L" in err  # an error finding, by name
    assert "belum diputus: #1 TORJUN" in err and "#2 ROBATAL" in err  # keberatan not decided
    assert "kecamatan belum ditetapkan:" in err and "KARANGPENANG" in err.split("belum ditetapkan:")[1]
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert {round(float(box.width)), round(float(box.height))} == {609, 935}  # F4 215 × 330 mm
    pages = text_of(out)
    assert all("DRAF" in page for page in pages)
    assert "DRAF — dokumen ini belum final" in pages[0]
    full = "\n".join(pages)
    assert "menolak menandatangani" in full and "SAKSI CONTOH 01" in full and "KETUA CONTOH" in full
    assert "ada keberatan dan/atau kejadian khusus (3 catatan)" in full
    assert "PEMBANDING SIREKAP" not in full.upper().replace("PEMBANDING SIREKAP DICETAK TERSENDIRI", "")


def test_a_closed_contest_prints_final_as_a_new_version(db: Path, tmp_path: Path, capsys) -> None:
    draft, final, again = tmp_path / "draf.pdf", tmp_path / "final.pdf", tmp_path / "lagi.pdf"
    args = ("--ballot", "pdprdk", "--dapil", "352701")
    assert berita_acara(db, draft, *args) == EXIT_OK
    assert "DRAF" in capsys.readouterr().err
    close_contest(db, "pdprdk:352701")
    assert berita_acara(db, final, *args) == EXIT_OK
    captured = capsys.readouterr()
    assert "DHK-3527-PDPRDK-352701-V2 (versi 2, versi baru), final" in captured.out
    assert "DRAF" not in captured.err
    assert not any("DRAF" in page for page in text_of(final))
    assert berita_acara(db, again, *args, "--paper", "f4") == EXIT_OK  # the same content on other paper
    assert "versi 2, cetak ulang versi yang sama" in capsys.readouterr().out
    svc = RecapService.open(db)
    assert [(i.version, i.draft, i.paper) for i in issues(svc)] == [(1, True, "a4"), (2, False, "a4"), (2, False, "f4")]
    svc.close()
    # the draft is superseded: verify-pdf says so and names what changed
    code, _, err = verify(db, draft, capsys)
    assert code == EXIT_FINDINGS
    assert ("DIGANTI: DHK-3527-PDPRDK-352701-V1 telah diganti oleh versi yang lebih baru "
            "DHK-3527-PDPRDK-352701-V2") in err
    assert "status.set" in err
    for current in (final, again):
        assert verify(db, current, capsys)[0] == EXIT_OK


def test_verify_pdf_and_documents_read_an_evidence_copy_in_a_read_only_folder(
    db: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "ppwp.pdf"
    assert berita_acara(db, out, "--ballot", "ppwp") == EXIT_OK
    evidence = tmp_path / "bukti"
    evidence.mkdir()
    copy = evidence / "salinan.sqlite"
    shutil.copy(db, copy)
    wal = db.with_name(db.name + "-wal")  # the register's last commit may still be in the write-ahead log
    if wal.exists():
        shutil.copy(wal, copy.with_name(copy.name + "-wal"))
    evidence.chmod(0o555)
    for item in evidence.iterdir():
        item.chmod(0o444)
    try:  # both commands open the database read-only (RecapService.open(read_only=True))
        code, stdout, _ = verify(copy, out, capsys)
        assert code == EXIT_OK and "COCOK" in stdout
        assert main(["documents", "--db", str(copy)]) == EXIT_OK
        assert "DHK-3527-PPWP-V1" in capsys.readouterr().out
    finally:
        evidence.chmod(0o755)


def test_documents_lists_the_register(db: Path, tmp_path: Path, capsys) -> None:
    assert main(["documents", "--db", str(db)]) == EXIT_OK
    assert "Belum ada dokumen" in capsys.readouterr().out
    berita_acara(db, tmp_path / "a.pdf", "--ballot", "ppwp")
    berita_acara(db, tmp_path / "b.pdf", "--ballot", "pdpd")
    svc = RecapService.open(db)
    svc.set_entry("ppwp", "IV.1", "352707", 5)  # a figure entered: the next print is a new version
    svc.close()
    berita_acara(db, tmp_path / "c.pdf", "--ballot", "ppwp")
    capsys.readouterr()
    assert main(["documents", "--db", str(db), "--format", "csv"]) == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["document_id"], r["status"], r["superseded_by"]) for r in rows] == [
        ("DHK-3527-PPWP-V1", "diganti", "DHK-3527-PPWP-V2"),
        ("DHK-3527-PDPD-V1", "berlaku", ""),
        ("DHK-3527-PPWP-V2", "berlaku", ""),
    ]
    assert rows[0]["draft"] == "True" and rows[0]["actor"] == "OPERATOR UJI" and len(rows[0]["file_sha256"]) == 64
    assert main(["documents", "--db", str(db), "--format", "json", "--ballot", "pdpd"]) == EXIT_OK
    [only] = json.loads(capsys.readouterr().out)
    assert only["document_id"] == "DHK-3527-PDPD-V1" and only["anchor"].startswith("AUDIT ")
    assert main(["documents", "--db", str(db)]) == EXIT_OK
    text = capsys.readouterr().out
    assert "diganti oleh DHK-3527-PPWP-V2" in text and "3 dokumen terdaftar, 3 di antaranya DRAF" in text
    assert main(["documents", "--db", str(db), "--ballot", "pilkada"]) == EXIT_INPUT


# ------------------------------------------------------------------------------------------------ verify-pdf
def test_a_change_after_printing_is_named(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "ppwp.pdf"
    berita_acara(db, out, "--ballot", "ppwp")
    svc = RecapService.open(db, actor="OPERATOR LAIN")
    svc.set_entry("ppwp", "IV.1", "352707", 5)
    svc.close()
    code, _, err = verify(db, out, capsys)
    assert code == EXIT_FINDINGS
    assert "ANGKA TELAH BERUBAH sejak DHK-3527-PPWP-V1 dicetak" in err
    assert "Kec. JRENGIK (352707) baris IV.1: – → 5" in err and "OPERATOR LAIN" in err


def test_a_figure_changed_in_the_content_stream_is_named(db: Path, tmp_path: Path, capsys) -> None:
    out, tampered = tmp_path / "ppwp.pdf", tmp_path / "diubah.pdf"
    berita_acara(db, out, "--ballot", "ppwp")
    svc = RecapService.open(db)
    torjun = svc.load_sheet("ppwp").value("I.A.L", "352702")
    svc.close()
    assert torjun is not None
    change_figure(out, tampered, 0, format_int(torjun), format_int(torjun + 1))
    before, after = PdfReader(out), PdfReader(tampered)
    assert after.metadata == before.metadata  # the metadata was kept
    assert format_int(torjun + 1) in (after.pages[0].extract_text() or "")
    code, stdout, err = verify(db, tampered, capsys)
    assert code == EXIT_FINDINGS
    assert "ID dokumen DHK-3527-PPWP-V1" in stdout
    assert (f"halaman 1 · Kec. TORJUN (352702) · baris I.A.L (A. Jumlah pemilih dalam DPT — Laki-laki): tercetak "
            f"{format_int(torjun + 1)}, tercatat saat dicetak {format_int(torjun)}") in err


def test_pages_removed_swapped_or_from_another_version(db: Path, tmp_path: Path, capsys) -> None:
    v1, v2 = tmp_path / "v1.pdf", tmp_path / "v2.pdf"
    berita_acara(db, v1, "--ballot", "pdpr")
    svc = RecapService.open(db)
    svc.set_entry("pdpr:3511", "V.B", "352701", 123)
    svc.close()
    berita_acara(db, v2, "--ballot", "pdpr")
    n = len(PdfReader(v2).pages)
    capsys.readouterr()
    dropped = tmp_path / "hilang.pdf"
    pages_of(v2, [i for i in range(n) if i != 2], dropped)
    code, _, err = verify(db, dropped, capsys)
    assert code == EXIT_FINDINGS and f"HALAMAN HILANG: Hal 3 dari {n}" in err
    assert "angka tidak ditemukan" in err
    swapped = tmp_path / "tertukar.pdf"
    pages_of(v2, [0, 2, 1, *range(3, n)], swapped)
    code, _, err = verify(db, swapped, capsys)
    assert code == EXIT_FINDINGS
    assert f"Urutan halaman salah: halaman ke-2 bertuliskan Hal 3 dari {n}" in err
    spliced = tmp_path / "sisipan.pdf"
    pages_of(v2, [0, (v1, 1), *range(2, n)], spliced)
    code, _, err = verify(db, spliced, capsys)
    assert code == EXIT_FINDINGS
    assert "Halaman ke-2 berasal dari dokumen lain: DHK-3527-PDPR-3511-V1" in err
    foreign = tmp_path / "asing.pdf"
    foreign.write_bytes(b"%PDF-1.4\n%%EOF\n")
    code, _, err = verify(db, foreign, capsys)
    assert code == EXIT_FINDINGS and "bukan dokumen Rekap Desktop" in err.lower() + err
    assert main(["verify-pdf", str(tmp_path / "tidak-ada.pdf"), "--db", str(db)]) == EXIT_INPUT


def test_signed_berita_acara_verifies_and_tampering_is_caught(
    db: Path, tmp_path: Path, signing_certificate: SigningCertificate, capsys  # noqa: F811
) -> None:
    p12_path, password = signing_certificate.p12_path, signing_certificate.passphrase
    out = tmp_path / "signed.pdf"
    assert berita_acara(db, out, "--ballot", "pdprdk", "--dapil", "352701", "--sign", str(p12_path),
                        "--sign-password", password.decode()) == EXIT_OK
    svc = RecapService.open(db)
    [issue] = issues(svc)
    assert issue.signed and issue.purpose.value == "ditandatangani"
    svc.close()
    code, stdout, _ = verify(db, out, capsys)
    assert code == EXIT_OK and "Tanda tangan elektronik utuh" in stdout
    # one byte changed inside the signed range
    data = bytearray(out.read_bytes())
    pos = data.find(b"/Contents", len(data) // 3)
    data[pos - 40] ^= 0x01
    flipped = tmp_path / "flipped.pdf"
    flipped.write_bytes(bytes(data))
    assert verify(db, flipped, capsys)[0] == EXIT_FINDINGS
    # the signature stripped: the register says it was signed
    stripped = tmp_path / "stripped.pdf"
    strip_signature(out, stripped)
    code, _, err = verify(db, stripped, capsys)
    assert code == EXIT_FINDINGS
    assert "TANDA TANGAN ELEKTRONIK DIHAPUS: DHK-3527-PDPRDK-352701-V1 tercatat ditandatangani" in err
    # stripped and a figure changed: both named
    both = tmp_path / "both.pdf"
    svc = RecapService.open(db)
    value = svc.load_sheet("pdprdk:352701").value("V.B", "352702")
    svc.close()
    assert value is not None
    change_figure(stripped, both, _page_with(stripped, format_int(value)), format_int(value),
                  format_int(value + 7))
    code, _, err = verify(db, both, capsys)
    assert code == EXIT_FINDINGS and "DIHAPUS" in err and f"tercetak {format_int(value + 7)}" in err


def _page_with(path: Path, text: str) -> int:
    return next(i for i, page in enumerate(text_of(path)) if text in page)


# ------------------------------------------------------------------------------------------------ kejadian khusus
def kejadian_khusus(db: Path, out: Path, *args: str) -> int:
    return main(["kejadian-khusus", "--db", str(db), "--operator", "OPERATOR UJI", "--out", str(out), *args])


def test_kejadian_khusus_is_its_own_registered_document(db: Path, tmp_path: Path, capsys) -> None:
    out, nihil = tmp_path / "kk.pdf", tmp_path / "kk-dpr.pdf"
    assert kejadian_khusus(db, out, "--ballot", "ppwp") == EXIT_OK
    assert "DKK-3527-PPWP-V1 (versi 1, versi baru), DRAF" in capsys.readouterr().out
    text = " ".join(" ".join(text_of(out)).split())
    assert "MODEL D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN" in text and "D.HASIL KABKO-PPWP" in text
    assert "#1" in text and "#2" in text and "Belum diputus" in text and "Pleno kabupaten/kota" in text
    assert kejadian_khusus(db, nihil, "--ballot", "pdpr") == EXIT_OK
    assert "NIHIL" in "\n".join(text_of(nihil))
    for path in (out, nihil):
        code, stdout, _ = verify(db, path, capsys)
        assert code == EXIT_OK and "COCOK" in stdout
    svc = RecapService.open(db)
    assert [i.document_id for i in issues(svc)] == ["DKK-3527-PPWP-V1", "DKK-3527-PDPR-3511-V1"]
    # a decision after printing: the printed form no longer shows the items as they are
    svc.resolve_keberatan(1, outcome="ditolak", tindak_lanjut="Angka sesuai salinan D.HASIL yang dicocokkan.",
                          rekomendasi_bawaslu="Sesuai prosedur.")
    svc.close()
    code, _, err = verify(db, out, capsys)
    assert code == EXIT_FINDINGS
    assert "CATATAN KEJADIAN KHUSUS/KEBERATAN TELAH BERUBAH sejak DKK-3527-PPWP-V1 dicetak" in err
    assert "catatan #1 berubah" in err
    # reprinted: a new version, with the decision
    again = tmp_path / "kk-2.pdf"
    assert kejadian_khusus(db, again, "--ballot", "ppwp") == EXIT_OK
    assert "DKK-3527-PPWP-V2" in capsys.readouterr().out
    reprinted = " ".join(" ".join(text_of(again)).split())
    assert "Ditolak" in reprinted and "Sesuai prosedur." in reprinted
    code, _, err = verify(db, out, capsys)
    assert code == EXIT_FINDINGS and "DIGANTI: DKK-3527-PPWP-V1" in err


def test_a_decision_changed_in_the_kejadian_khusus_pdf_is_caught(db: Path, tmp_path: Path, capsys) -> None:
    out, tampered = tmp_path / "kk.pdf", tmp_path / "kk-diubah.pdf"
    assert kejadian_khusus(db, out, "--ballot", "ppwp") == EXIT_OK
    change_figure(out, tampered, 0, "Belum diputus", "Ditolak")
    code, _, err = verify(db, tampered, capsys)
    assert code == EXIT_FINDINGS
    assert "ISI CATATAN BERBEDA — halaman 1 · #1" in err and "Belumdiputus" in err


# ------------------------------------------------------------------------------------------------ pembanding Sirekap
PSU_RECORD = Path(__file__).resolve().parents[1] / "data" / "sirekap-field" / "01-psu-record"


def test_the_sirekap_comparison_is_an_unsigned_working_paper(db: Path, tmp_path: Path, capsys) -> None:
    assert main(["import-sirekap", "--db", str(db), "--operator", "OPERATOR UJI", str(PSU_RECORD)]) == EXIT_OK
    out = tmp_path / "pembanding.pdf"
    args = ["pembanding-sirekap", "--db", str(db), "--operator", "OPERATOR UJI", "--ballot", "ppwp", "--out", str(out)]
    capsys.readouterr()
    assert main(args) == EXIT_OK
    assert "PBS-3527-PPWP-V1" in capsys.readouterr().out
    pages = [" ".join(t.split()) for t in text_of(out)]
    for page in pages:
        assert "KERTAS KERJA · BUKAN BAGIAN DARI BERITA ACARA" in page
        assert "NAMA DAN TANDA TANGAN" not in page and "PARAF" not in page  # not signed
    full = " ".join(pages)
    assert "Sirekap adalah alat bantu" in full and "SELISIH (MANUAL − SIREKAP)" in full
    assert "A. CAKUPAN DATA SIREKAP PER KECAMATAN" in full
    # a table that continues on the next page repeats its heading, "(lanjutan)", and its header row
    rows_pages = [page for page in pages if re.search(r"\b\d{6}/[IV]", page)]
    assert len(rows_pages) >= 2
    for page in rows_pages[1:]:
        assert "B. BARIS YANG BERBEDA: HASIL MANUAL (RESMI) DAN SIREKAP (ALAT BANTU) (lanjutan)" in page
        assert "KODE KECAMATAN URAIAN HASIL MANUAL (RESMI)" in page
    svc = RecapService.open(db)
    sheet = svc.load_sheet("ppwp")
    svc.close()
    torjun = sheet.value("I.B.4.L", "352702")
    fig = sheet.sirekap("I.B.4.L", "352702")
    assert torjun is not None and fig is not None and fig.value is not None
    assert (f"352702/I.B.4.L TORJUN B.4 Jumlah pengguna hak pilih (B.1 + B.2 + B.3) — Laki-laki {format_int(torjun)} "
            f"{format_int(fig.value)} +{format_int(torjun - fig.value)}") in full
    assert "C. ANOMALI DI DALAM DATA TPS SIREKAP" in full and "SIREKAP_TPS_LEADING_8" in full
    assert "3527052020018" in full and "Pemungutan Suara Ulang" in full  # the PSU TPS of Desa Pandan, Omben
    code, stdout, _ = verify(db, out, capsys)
    assert code == EXIT_OK and "COCOK" in stdout
    tampered = tmp_path / "diubah.pdf"
    change_figure(out, tampered, _page_with(out, "352702/I.B.4.L"), format_int(torjun), format_int(torjun - 10))
    code, _, err = verify(db, tampered, capsys)
    assert code == EXIT_FINDINGS
    assert (f"Kec. TORJUN (352702) · baris I.B.4.L: hasil manual tercetak {format_int(torjun - 10)}, tercatat saat "
            f"dicetak {format_int(torjun)}") in err
    with pytest.raises(SystemExit) as refused:  # a working paper is never signed: there is no --sign
        main([*args, "--sign", "x.p12"])
    assert refused.value.code == EXIT_INPUT
    svc = RecapService.open(db)
    with pytest.raises(ValueError, match="kertas kerja dan tidak ditandatangani"):
        issue_document(svc, DocumentKind.PEMBANDING_SIREKAP, svc.contest("ppwp"), out=tmp_path / "x.pdf",
                       sign=tmp_path / "x.p12")
    assert not (tmp_path / "x.pdf").exists()
    svc.close()


# ------------------------------------------------------------------------------------------------ all documents
def test_every_document_of_every_contest_in_one_process(db: Path, tmp_path: Path, capsys) -> None:
    out_dir = tmp_path / "semua"
    out_dir.mkdir()
    assert main(["berita-acara", "--db", str(db), "--operator", "OPERATOR UJI", "--all", "--out-dir",
                 str(out_dir)]) == EXIT_OK
    stdout = capsys.readouterr().out
    svc = RecapService.open(db)
    contests = len(svc.contests())
    svc.close()
    assert f"{3 * contests} dokumen" in stdout and f"untuk {contests} kontes" in stdout
    names = sorted(p.name for p in out_dir.iterdir())
    assert len(names) == 3 * contests and not [n for n in names if n.startswith(".")]
    assert "D.HASIL-KABKO-DPRD-KAB-KOTA-DAPIL-352701-SAMPANG.pdf" in names
    assert "D.KEJADIAN-KHUSUS-PPWP-SAMPANG.pdf" in names and "PEMBANDING-SIREKAP-PDPR-DAPIL-3511-SAMPANG.pdf" in names
    svc = RecapService.open(db)
    registered = issues(svc)
    assert len(registered) == 3 * contests and {i.kind for i in registered} == set(DocumentKind) - {DocumentKind.KURSI}
    # one reading of the data per contest: the three documents of a contest carry the same anchor
    by_contest: dict[str, set[str]] = {}
    for issue in registered:
        by_contest.setdefault(issue.contest, set()).add(issue.anchor)
    assert all(len(anchors) == 1 for anchors in by_contest.values())
    assert svc.verify_audit().ok
    svc.close()
    for name in ("D.HASIL-KABKO-PPWP-SAMPANG.pdf", "D.KEJADIAN-KHUSUS-PDPR-DAPIL-3511-SAMPANG.pdf"):
        assert verify(db, out_dir / name, capsys)[0] == EXIT_OK


def test_all_needs_an_existing_folder_and_nothing_else(db: Path, tmp_path: Path, capsys) -> None:
    base = ["berita-acara", "--db", str(db), "--operator", "OPERATOR UJI"]
    assert main([*base, "--all", "--out-dir", str(tmp_path / "tidak-ada")]) == EXIT_INPUT
    assert "tidak ada" in capsys.readouterr().err
    assert main([*base, "--all", "--out-dir", str(tmp_path), "--ballot", "ppwp"]) == EXIT_INPUT
    assert main([*base, "--ballot", "ppwp"]) == EXIT_INPUT  # neither --out nor --all
    assert "--out" in capsys.readouterr().err


def test_printing_and_verifying_an_unsigned_document_never_loads_pyhanko(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "ba.pdf"
    code = (
        "import sys\n"
        "from ui.cli import main\n"
        f"assert main(['berita-acara', '--db', {str(db)!r}, '--ballot', 'ppwp', '--out', {str(out)!r}]) == 0\n"
        f"assert main(['verify-pdf', {str(out)!r}, '--db', {str(db)!r}]) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyhanko', 'pyhanko_certvalidator', 'aiohttp')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
    # a registered file is read back too (what it prints is checked against the chain, not only its hash), but an
    # unsigned one never needs pyHanko
    code = (
        "import sys\n"
        "from ui.cli import main\n"
        f"assert main(['verify-pdf', {str(out)!r}, '--db', {str(db)!r}]) == 0\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pyhanko', 'pypdf'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['pypdf']"


# ------------------------------------------------------------------------------------------------ bad input
def test_bad_requests(db: Path, tmp_path: Path, capsys) -> None:
    assert berita_acara(db, tmp_path / "x.pdf", "--ballot", "pdprdk") == EXIT_INPUT
    assert "--dapil" in capsys.readouterr().err
    unwritable = tmp_path / "no-such-folder" / "x.pdf"
    assert berita_acara(db, unwritable, "--ballot", "ppwp") == EXIT_INPUT
    assert "tidak dapat" in capsys.readouterr().err
    assert not unwritable.exists()
    svc = RecapService.open(db)
    assert issues(svc) == []  # nothing registered for a file that was not written
    svc.close()


def test_wrong_certificate_password_writes_nothing(
    db: Path, tmp_path: Path, signing_certificate: SigningCertificate, capsys  # noqa: F811
) -> None:
    out = tmp_path / "ba.pdf"
    args = ["--ballot", "ppwp", "--sign", str(signing_certificate.p12_path), "--sign-password", "salah"]
    assert berita_acara(db, out, *args) == EXIT_INPUT
    assert "tidak ditandatangani" in capsys.readouterr().err
    assert [p.name for p in tmp_path.glob("*.pdf")] == [] and list(tmp_path.glob(".*")) == []
    svc = RecapService.open(db)
    assert issues(svc) == []
    svc.close()
