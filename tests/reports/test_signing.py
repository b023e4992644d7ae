"""PAdES signing and verification of the berita acara (reports.signing), with a certificate made at test time."""

from __future__ import annotations

from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509

from reports.berita_acara import render_berita_acara
from reports.pdf_reading import read_pdf
from reports.signing import SIGNATURE_REASON, read_pdf_identity, sign_pdf, verify_pdf_signature
from tests.reports import fixtures_ba as fx
from tests.reports.conftest import SigningCertificate


@pytest.fixture(scope="module")
def unsigned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sign") / "ba.pdf"
    data = fx.ppwp_data()
    render_berita_acara(data, fx.stamp_for(data), path, invariant=True)
    return path


@pytest.fixture(scope="module")
def signed(unsigned: Path, signing_certificate: SigningCertificate) -> Path:
    out = unsigned.with_name("ba-signed.pdf")
    sign_pdf(unsigned, out, signing_certificate.p12_path, signing_certificate.passphrase)
    return out


def _root(cert: SigningCertificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.certificate_der)


def test_unsigned_pdf_is_reported_as_unsigned(unsigned: Path) -> None:
    status = verify_pdf_signature(unsigned)
    assert not status.signed
    assert not status.valid


def test_signed_pdf_is_intact_and_valid(signed: Path, signing_certificate: SigningCertificate) -> None:
    status = verify_pdf_signature(signed)
    assert status.signed and status.intact and status.valid
    assert status.trusted is None  # no trust root given: the chain is not judged, and the message says so
    assert "tidak diperiksa" in status.message
    assert status.signer is not None and signing_certificate.common_name in status.signer


def test_signed_pdf_is_trusted_with_its_root(signed: Path, signing_certificate: SigningCertificate) -> None:
    status = verify_pdf_signature(signed, trust_roots=[_root(signing_certificate)])
    assert status.valid and status.trusted


def test_signature_is_pades_with_the_reason(signed: Path) -> None:
    raw = signed.read_bytes()
    assert b"/ETSI.CAdES.detached" in raw
    assert SIGNATURE_REASON.encode() in raw


def test_modified_byte_after_signing_is_detected(signed: Path, tmp_path: Path) -> None:
    raw = bytearray(signed.read_bytes())
    where = raw.index(b"/Creator (Rekap Desktop") + len(b"/Creator (")  # metadata of the signed revision
    raw[where] = ord("X")
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(raw))
    status = verify_pdf_signature(tampered)
    assert status.signed
    assert not status.intact
    assert not status.valid
    assert "diubah" in status.message


def test_identity_and_pages_survive_signing(signed: Path, unsigned: Path) -> None:
    data = fx.ppwp_data()
    assert read_pdf_identity(signed) == (fx.stamp_for(data).document_id, data.data_sha256)
    before, after = read_pdf(unsigned.read_bytes()), read_pdf(signed.read_bytes())
    assert [p.footer for p in after.pages] == [p.footer for p in before.pages]
    assert (before.signature_fields, after.signature_fields) == (0, 1)


def test_wrong_passphrase_is_a_plain_error(
    unsigned: Path, signing_certificate: SigningCertificate, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="kata sandi"):
        sign_pdf(unsigned, tmp_path / "x.pdf", signing_certificate.p12_path, b"salah")
    assert not (tmp_path / "x.pdf").exists()


def test_signing_in_place(unsigned: Path, signing_certificate: SigningCertificate, tmp_path: Path) -> None:
    path = tmp_path / "in-place.pdf"
    path.write_bytes(unsigned.read_bytes())
    sign_pdf(path, path, signing_certificate.p12_path, signing_certificate.passphrase)
    assert verify_pdf_signature(path).valid


def test_identity_of_a_foreign_pdf_is_none(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "other.pdf"
    canv = Canvas(str(path))
    canv.drawString(100, 100, "bukan berita acara")
    canv.save()
    assert read_pdf_identity(path) is None
