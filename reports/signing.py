"""PAdES signing and verification of a rendered berita acara (pyHanko), and reading its identity back.

- :func:`sign_pdf` signs incrementally with the KPU office's PKCS#12 certificate (PAdES baseline, SHA-256).
  Sign *after* rendering and never re-save the signed file with another tool.
- :func:`verify_pdf_signature` reports whether a PDF is signed, whether the signed bytes are intact, whether the
  signature is valid (intact, nothing changed after signing and, when trust roots are given, a trusted chain).
- :func:`read_pdf_identity` returns the document id and the SHA-256 of the figures that the renderer wrote in the
  PDF metadata (``/Keywords``), for ``verify-pdf``.

Messages are in Indonesian; the functions raise ``ValueError``/``OSError`` with a plain message on bad input.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.generic import DictionaryObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.sign.validation.status import SignatureStatus as _CmsStatus
from pyhanko_certvalidator import ValidationContext

from rekap_desktop.os_errors import os_reason
from reports.atomic_file import write_atomically
from reports.layout import parse_identity_keywords

__all__ = [
    "SIGNATURE_FIELD",
    "SIGNATURE_REASON",
    "SignatureStatus",
    "read_pdf_identity",
    "sign_bytes",
    "sign_pdf",
    "verify_pdf_signature",
]

SIGNATURE_FIELD = "TandaTanganKPU"
SIGNATURE_REASON = "Berita acara rekapitulasi"

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SignatureStatus:
    signed: bool
    intact: bool  # the signed bytes hash to the signed digest and the signature is cryptographically sound
    valid: bool  # intact, not modified after signing, and trusted when trust roots were given
    signer: str | None
    message: str
    trusted: bool | None = None  # None: no trust roots given, the certificate chain was not judged
    signer_sha256: str | None = None  # SHA-256 fingerprint (hex) of the first signature's certificate


def _signer(p12_path: Path | str, passphrase: bytes | None) -> signers.SimpleSigner:
    try:
        p12 = Path(p12_path).read_bytes()
    except OSError as exc:
        raise OSError(exc.errno, f"berkas sertifikat {p12_path} tidak dapat dibaca: {os_reason(exc)}") from exc
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(p12, other_certs=(), passphrase=passphrase)
    except (ValueError, TypeError) as exc:
        raise ValueError(
            f"sertifikat PKCS#12 {p12_path} tidak dapat dibuka (kata sandi salah atau berkas rusak)"
        ) from exc
    return signer


def certificate_sha256(p12_path: Path | str, passphrase: bytes | None) -> str:
    """SHA-256 fingerprint (64 hex digits) of the signing certificate in the PKCS#12 file (what the register
    records for a signed issue)."""
    return str(_signer(p12_path, passphrase).signing_cert.sha256.hex())


def _fingerprint(status: _CmsStatus) -> str | None:
    cert: asn1_x509.Certificate | None = getattr(status, "signing_cert", None)
    return None if cert is None else str(cert.sha256.hex())


def sign_bytes(source: bytes, p12_path: Path | str, passphrase: bytes | None, *, location: str | None = None) -> bytes:
    """The PDF ``source`` signed incrementally with the PKCS#12 certificate (PAdES baseline, SHA-256)."""
    signer = _signer(p12_path, passphrase)
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        reason=SIGNATURE_REASON,
        location=location,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(source))
        output = signers.sign_pdf(writer, meta, signer=signer, output=io.BytesIO())
    except Exception as exc:  # pyHanko raises various errors on malformed input
        raise ValueError(f"berkas tidak dapat ditandatangani: {exc}") from exc
    return bytes(output.getvalue())


def sign_pdf(
    in_path: Path | str,
    out_path: Path | str,
    p12_path: Path | str,
    passphrase: bytes | None,
    *,
    location: str | None = None,
) -> None:
    """Sign ``in_path`` with the PKCS#12 certificate into ``out_path`` (may be the same path; written atomically)."""
    signer_check = _signer(p12_path, passphrase)  # a wrong password is reported before the PDF is read
    del signer_check
    try:
        source = Path(in_path).read_bytes()
    except OSError as exc:
        raise OSError(exc.errno, f"berkas PDF {in_path} tidak dapat dibaca: {os_reason(exc)}") from exc
    write_atomically(Path(out_path), sign_bytes(source, p12_path, passphrase, location=location))


@contextlib.contextmanager
def _quiet_pyhanko(quiet: bool) -> Iterator[None]:
    """Without trust roots the chain check is bound to fail; keep pyHanko from logging that as an error."""
    if not quiet:
        yield
        return
    logger = logging.getLogger("pyhanko")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(previous)


def _signer_name(status: _CmsStatus) -> str | None:
    cert: asn1_x509.Certificate | None = getattr(status, "signing_cert", None)
    if cert is None:
        return None
    native = cert.subject.native
    name = native.get("common_name") or cert.subject.human_friendly
    org = native.get("organization_name")
    return f"{name} ({org})" if org and org != name else str(name)


def verify_pdf_signature(
    path: Path | str | bytes, *, trust_roots: Sequence[asn1_x509.Certificate] | None = None
) -> SignatureStatus:
    """Check the signatures of ``path`` (or the PDF bytes); every embedded signature must hold for the PDF to
    count as valid."""
    data = path if isinstance(path, bytes) else Path(path).read_bytes()
    looks_signed = b"/ByteRange" in data
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:
        return SignatureStatus(
            signed=looks_signed,
            intact=False,
            valid=False,
            signer=None,
            message=f"berkas PDF rusak atau telah diubah (rincian teknis: {exc})",
        )
    if not embedded:
        return SignatureStatus(False, False, False, None, "PDF tidak ditandatangani secara elektronik")
    context = ValidationContext(trust_roots=list(trust_roots or []), allow_fetching=False)
    intact = valid = True
    trusted: bool | None = True if trust_roots else None
    signer: str | None = None
    fingerprint: str | None = None
    problems: list[str] = []
    for sig in embedded:
        try:
            with _quiet_pyhanko(not trust_roots):
                status = validate_pdf_signature(sig, context)
        except Exception as exc:
            return SignatureStatus(True, False, False, signer,
                                   f"tanda tangan tidak dapat diperiksa (rincian teknis: {exc})")
        signer = signer or _signer_name(status)
        fingerprint = fingerprint or _fingerprint(status)
        sig_intact = bool(status.intact and status.valid)
        unmodified = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
            status.modification_level is not None and status.modification_level <= ModificationLevel.LTA_UPDATES
        )
        if not sig_intact:
            problems.append("isi dokumen tidak cocok dengan tanda tangan (dokumen diubah)")
        elif not unmodified:
            problems.append("dokumen diubah setelah ditandatangani")
        if trust_roots and not status.trusted:
            problems.append("sertifikat penanda tangan tidak tepercaya")
            trusted = False
        intact = intact and sig_intact
        valid = valid and sig_intact and unmodified
    if trusted is False:
        valid = False
    if problems:
        message = "; ".join(dict.fromkeys(problems))
    elif trusted is None:
        message = "tanda tangan utuh dan sah; rantai sertifikat tidak diperiksa (tidak ada sertifikat akar)"
    else:
        message = "tanda tangan utuh, sah, dan tepercaya"
    return SignatureStatus(True, intact, valid, signer, message, trusted, fingerprint)


def read_pdf_identity(path: Path | str) -> tuple[str, str] | None:
    """``(document_id, data_sha256)`` from the PDF metadata, or None when the PDF does not carry them."""
    try:
        reader = PdfFileReader(io.BytesIO(Path(path).read_bytes()), strict=False)
        info = reader.trailer_view.get("/Info")
        if info is None:
            return None
        info = info.get_object() if hasattr(info, "get_object") else info
        if not isinstance(info, DictionaryObject):
            return None
        keywords = info.get("/Keywords")
    except OSError:
        raise
    except Exception as exc:
        _log.debug("PDF metadata unreadable: %s", exc)
        return None
    if keywords is None:
        return None
    return parse_identity_keywords(str(keywords))
