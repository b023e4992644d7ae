"""berita-acara and verify-pdf through the command line, on the demo database: content parsed back from the PDF."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from rekap_desktop.rules import JUMLAH
from rekap_desktop.services import RecapService
from reports.numbers_id import terbilang
from tests.reports.conftest import SigningCertificate, signing_certificate  # noqa: F401 - fixture
from ui.cli import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, main

from .test_cli_core import demo_db  # noqa: F401 - session fixture


def text_of(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:  # noqa: F811
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_db, copy)
    return copy


def test_dpr_berita_acara_matches_the_data(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "dpr.pdf"
    assert main(["berita-acara", "--db", str(db), "--ballot", "pdpr", "--out", str(out), "--invariant"]) == EXIT_OK
    pages = text_of(out)
    n = len(pages)
    full = re.sub(r"-\s*\n\s*", "", "\n".join(pages))  # kecamatan names are broken at syllables
    assert "MODEL D.HASIL KABKO-DPR" in full and "JAWA TIMUR XI" in full
    assert "ANGGOTA DEWAN PERWAKILAN RAKYAT" in full
    for i, page in enumerate(pages, start=1):
        assert f"Hal {i} dari {n}" in page
    svc = RecapService.open(db)
    sheet = svc.load_sheet("pdpr:3511")
    for region in sheet.contest.kecamatan:
        assert region.name in full.replace("\n", "")
    total_va = sheet.value("V.A", JUMLAH)
    assert total_va is not None
    assert f"{total_va:,}".replace(",", ".") in full
    assert terbilang(total_va) in full.replace("\n", " ")
    assert "NIHIL" in full  # no keberatan on the DPR contest
    assert main(["verify-pdf", str(out), "--db", str(db)]) == EXIT_OK
    assert "COCOK" in capsys.readouterr().out


def test_ppwp_keberatan_refusal_and_a_change_after_printing(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "ppwp.pdf"
    assert main(["berita-acara", "--db", str(db), "--ballot", "ppwp", "--out", str(out), "--paper", "f4"]) == EXIT_OK
    err = capsys.readouterr().err
    assert "JRENGIK" in err and "belum final" in err  # the demo leaves the last kecamatan read (Jrengik) open
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert {round(float(box.width)), round(float(box.height))} == {609, 935}  # F4 215 × 330 mm
    full = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert "NIHIL" not in full and "Torjun" in full  # the demo's keberatan is listed
    assert "menolak menandatangani" in full and "SAKSI CONTOH 01" in full
    assert "KETUA CONTOH" in full
    assert "PEMBANDING SIREKAP" in full.upper()
    svc = RecapService.open(db)
    svc.set_entry("ppwp", "IV.1", "352714", 5)
    svc.close()
    assert main(["verify-pdf", str(out), "--db", str(db)]) == EXIT_FINDINGS
    assert "TIDAK COCOK" in capsys.readouterr().err


def test_invariant_mode_gives_identical_bytes(db: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for path in (a, b):
        assert main(["berita-acara", "--db", str(db), "--ballot", "pdpd", "--out", str(path), "--invariant"]) == 0
    assert a.read_bytes() == b.read_bytes()


def test_signed_berita_acara_verifies_and_tampering_is_caught(
    db: Path, tmp_path: Path, signing_certificate: SigningCertificate, capsys  # noqa: F811
) -> None:
    p12_path, password = signing_certificate.p12_path, signing_certificate.passphrase
    out = tmp_path / "signed.pdf"
    args = ["berita-acara", "--db", str(db), "--ballot", "pdprdk", "--dapil", "352701", "--out", str(out),
            "--sign", str(p12_path), "--sign-password", password.decode()]
    assert main(args) == EXIT_OK
    assert main(["verify-pdf", str(out), "--db", str(db)]) == EXIT_OK
    assert "Tanda tangan elektronik utuh" in capsys.readouterr().out
    data = bytearray(out.read_bytes())
    pos = data.find(b"/Contents", len(data) // 3)
    data[pos - 40] ^= 0x01
    out.write_bytes(bytes(data))
    assert main(["verify-pdf", str(out), "--db", str(db)]) == EXIT_FINDINGS


def test_bad_requests(db: Path, tmp_path: Path, capsys) -> None:
    assert main(["berita-acara", "--db", str(db), "--ballot", "pdprdk", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "--dapil" in capsys.readouterr().err
    unwritable = tmp_path / "no-such-folder" / "x.pdf"
    assert main(["berita-acara", "--db", str(db), "--ballot", "ppwp", "--out", str(unwritable)]) == EXIT_INPUT
    assert "tidak dapat" in capsys.readouterr().err
    assert not unwritable.exists()
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert main(["verify-pdf", str(other), "--db", str(db)]) == EXIT_FINDINGS


def test_wrong_certificate_password_writes_nothing(
    db: Path, tmp_path: Path, signing_certificate: SigningCertificate, capsys  # noqa: F811
) -> None:
    out = tmp_path / "ba.pdf"
    args = ["berita-acara", "--db", str(db), "--ballot", "ppwp", "--out", str(out),
            "--sign", str(signing_certificate.p12_path), "--sign-password", "salah"]
    assert main(args) == EXIT_INPUT
    assert "tidak ditandatangani" in capsys.readouterr().err
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*")) == []
