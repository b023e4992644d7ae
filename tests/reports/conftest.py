"""Shared fixtures of the report tests: rendered PDFs (module scope, rendered once) and a test certificate."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pypdf import PdfReader

from reports.berita_acara import RenderResult, render_berita_acara
from reports.berita_acara_data import BeritaAcaraData
from reports.page_furniture import DocumentStamp
from tests.reports import fixtures_ba as fx


@dataclass(frozen=True)
class Rendered:
    data: BeritaAcaraData
    path: Path
    result: RenderResult
    stamp: DocumentStamp
    pages: list[str]  # extracted text per page, whitespace collapsed, hyphenated header names joined

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def normalise(text: str) -> str:
    text = re.sub(r"-\s*\n\s*", "", text)  # "KARANG-\nPENANG" → "KARANGPENANG"
    return re.sub(r"\s+", " ", text)


def render(data: BeritaAcaraData, path: Path, *, invariant: bool = True, stamp: DocumentStamp | None = None
           ) -> Rendered:
    stamp = stamp or fx.stamp_for(data)
    result = render_berita_acara(data, stamp, path, invariant=invariant)
    reader = PdfReader(path)
    return Rendered(data, path, result, stamp, [normalise(p.extract_text()) for p in reader.pages])


@pytest.fixture(scope="module")
def render_to(tmp_path_factory: pytest.TempPathFactory) -> Callable[[BeritaAcaraData, str], Rendered]:
    folder = tmp_path_factory.mktemp("ba")

    def _render(data: BeritaAcaraData, name: str) -> Rendered:
        return render(data, folder / name)

    return _render


@pytest.fixture(scope="module")
def ppwp(render_to: Callable[[BeritaAcaraData, str], Rendered]) -> Rendered:
    return render_to(fx.ppwp_data(), "ppwp.pdf")


@pytest.fixture(scope="module")
def dpr(render_to: Callable[[BeritaAcaraData, str], Rendered]) -> Rendered:
    return render_to(fx.legislative_data("pdpr"), "dpr.pdf")


@dataclass(frozen=True)
class SigningCertificate:
    p12_path: Path
    passphrase: bytes
    certificate_der: bytes
    common_name: str


@pytest.fixture(scope="session")
def signing_certificate(tmp_path_factory: pytest.TempPathFactory) -> SigningCertificate:
    """A self-signed signing certificate + PKCS#12, generated at test time (nothing is committed)."""
    return make_certificate(tmp_path_factory.mktemp("cert"), "KPU Kabupaten Sampang (SERTIFIKAT UJI)")


@pytest.fixture(scope="session")
def other_certificate(tmp_path_factory: pytest.TempPathFactory) -> SigningCertificate:
    """A second self-signed certificate with the same name: what a forger would make to re-sign a changed file."""
    return make_certificate(tmp_path_factory.mktemp("cert-lain"), "KPU Kabupaten Sampang (SERTIFIKAT UJI)")


def make_certificate(folder: Path, common_name: str) -> SigningCertificate:
    """A self-signed signing certificate and its PKCS#12 (``folder``/kpu-uji.p12, passphrase ``rahasia-uji``)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Rekap Desktop Uji"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    passphrase = b"rahasia-uji"
    p12 = pkcs12.serialize_key_and_certificates(
        b"kpu-uji", key, cert, None, serialization.BestAvailableEncryption(passphrase)
    )
    path = folder / "kpu-uji.p12"
    path.write_bytes(p12)
    return SigningCertificate(path, passphrase, cert.public_bytes(serialization.Encoding.DER), common_name)
