"""Issuing a document: anchor, content, version, render, (sign), register, write — one reusable path for every kind.

:func:`issue_document` is what the ``berita-acara`` command, the dialog's Simpan/Cetak and every other document
kind use (the seats stream's ``kursi`` too: give :func:`issue_prepared` a :class:`Prepared`):

1. the audit anchor is read first (``service.anchor()``), then the content;
2. the register plans the version (a new one when the printed content differs from the latest) and the id;
3. the document is rendered with its :class:`~reports.page_furniture.DocumentStamp` (id, anchor, DRAF while the
   contest has open items), and signed when asked (pyHanko is imported only then);
4. the bytes are staged beside the target file, the issue is registered (audited), and only then the file takes
   its name. If anything the document shows changed meanwhile (another station's edit), the registration is
   refused and the document is rendered again (up to :data:`ATTEMPTS` times).

``register=False`` renders a preview: same stamp, not registered, nothing written unless a path is given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from rekap_desktop.contest import Contest
from rekap_desktop.documents import DocumentIssue, DocumentKind, Purpose, StaleIssue, plan_issue, register_issue
from rekap_desktop.open_items import OpenItems, open_items
from rekap_desktop.services import RecapService
from reports.atomic_file import staged_write, write_atomically
from reports.berita_acara import RenderResult, render_berita_acara
from reports.contest_data import INVARIANT_MOMENT, berita_acara_data, kejadian_khusus_data, pembanding_data
from reports.page_furniture import DocumentStamp

__all__ = ["ATTEMPTS", "Builder", "IssuedDocument", "Prepared", "issue_document", "issue_prepared", "prepare"]

ATTEMPTS = 3

Renderer = Callable[[DocumentStamp, bool], RenderResult]
"""``render(stamp, invariant)`` → the rendered document (bytes in ``RenderResult.payload``)."""


@dataclass(frozen=True)
class Prepared:
    """A document's content, read after the anchor, ready to be stamped and rendered."""

    kind: DocumentKind
    contest: Contest
    content_sha256: str  # everything printed, without anchor and time (decides the version)
    figures_sha256: str
    open: OpenItems
    paper: str
    render: Renderer
    unsigned: bool = False  # a working paper: never DRAF-free "final" in the legal sense, and not signed

    @property
    def draft(self) -> bool:
        return not self.open.closed


Builder = Callable[[RecapService, Contest, str | None, bool], Prepared]
"""``build(service, contest, paper, invariant)`` → :class:`Prepared`."""


@dataclass(frozen=True)
class IssuedDocument:
    result: RenderResult
    stamp: DocumentStamp
    open: OpenItems
    issue: DocumentIssue | None  # None for a preview (not registered)
    path: Path | None
    new_version: bool = True  # False: another issue of a version printed before (the same content)

    @property
    def payload(self) -> bytes:
        return self.result.payload


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def build_berita_acara(service: RecapService, contest: Contest, paper: str | None, invariant: bool) -> Prepared:
    from reports.berita_acara_data import content_digest

    settings = service.settings()
    sheet = service.load_sheet(contest.key)
    data = berita_acara_data(service, contest, sheet, settings=settings, paper=paper, invariant=invariant)
    found = open_items(service, contest, sheet)
    content = _digest(DocumentKind.BERITA_ACARA.value, content_digest(data), *found.lines())

    def render(stamp: DocumentStamp, inv: bool) -> RenderResult:
        return render_berita_acara(data, stamp, None, invariant=inv)

    return Prepared(DocumentKind.BERITA_ACARA, contest, content, data.data_sha256, found, data.paper, render)


def build_kejadian_khusus(service: RecapService, contest: Contest, paper: str | None, invariant: bool) -> Prepared:
    from reports.berita_acara_data import content_digest
    from reports.kejadian_khusus import render_kejadian_khusus

    data = kejadian_khusus_data(service, contest, paper=paper, invariant=invariant)
    found = open_items(service, contest)
    content = _digest(DocumentKind.KEJADIAN_KHUSUS.value, content_digest(data), *found.lines())

    def render(stamp: DocumentStamp, inv: bool) -> RenderResult:
        return render_kejadian_khusus(data, stamp, None, invariant=inv)

    return Prepared(DocumentKind.KEJADIAN_KHUSUS, contest, content, data.items_sha256, found, data.paper, render)


def build_pembanding(service: RecapService, contest: Contest, paper: str | None, invariant: bool) -> Prepared:
    from reports.berita_acara_data import content_digest
    from reports.pembanding_sirekap import render_pembanding

    sheet = service.load_sheet(contest.key)
    data = pembanding_data(service, contest, sheet, paper=paper, invariant=invariant)
    found = open_items(service, contest, sheet)
    content = _digest(DocumentKind.PEMBANDING_SIREKAP.value, content_digest(data), *found.lines())

    def render(stamp: DocumentStamp, inv: bool) -> RenderResult:
        return render_pembanding(data, stamp, None, invariant=inv)

    return Prepared(DocumentKind.PEMBANDING_SIREKAP, contest, content, data.figures_sha256, found, data.paper,
                    render, unsigned=True)


BUILDERS: dict[DocumentKind, Builder] = {
    DocumentKind.BERITA_ACARA: build_berita_acara,
    DocumentKind.KEJADIAN_KHUSUS: build_kejadian_khusus,
    DocumentKind.PEMBANDING_SIREKAP: build_pembanding,
}
"""How each kind is built; other modules add theirs (kejadian khusus, pembanding Sirekap, kursi)."""


def prepare(service: RecapService, kind: DocumentKind, contest: Contest, *, paper: str | None = None,
            invariant: bool = False) -> Prepared:
    try:
        builder = BUILDERS[kind]
    except KeyError:
        raise ValueError(f"jenis dokumen belum dapat dicetak: {kind.label}") from None
    return builder(service, contest, paper, invariant)


def _sign(payload: bytes, p12: Path, password: str | None, location: str | None) -> bytes:
    from reports.signing import sign_bytes  # pyHanko only when signing

    return sign_bytes(payload, p12, password.encode() if password else None, location=location)


def issue_prepared(
    service: RecapService,
    build: Callable[[], Prepared],
    *,
    purpose: Purpose,
    out: Path | BinaryIO | None = None,
    invariant: bool = False,
    register: bool = True,
    sign: Path | None = None,
    sign_password: str | None = None,
    file_name: str | None = None,
    before_register: Callable[[IssuedDocument], None] | None = None,
) -> IssuedDocument:
    """Read the anchor, ``build()`` the content, plan, render, sign, register and write (see the module docstring).

    ``before_register`` runs with the rendered document right before it is registered (e.g. a print dialog that
    may still cancel by raising). Raises StaleIssue after :data:`ATTEMPTS` renders that all went stale,
    OSError/ValueError (Indonesian) when the file cannot be written or signed; nothing is registered then.
    """
    for attempt in range(ATTEMPTS):
        anchor = service.anchor()
        prepared = build()
        plan = plan_issue(service, prepared.kind, prepared.contest.key, prepared.content_sha256, anchor=anchor)
        moment = INVARIANT_MOMENT if invariant else dt.datetime.now().replace(microsecond=0)
        stamp = DocumentStamp(plan.document_id, anchor.text, prepared.figures_sha256, moment,
                              draft=prepared.draft, draft_reasons=tuple(prepared.open.lines()))
        if sign is not None and prepared.unsigned:
            raise ValueError(f"{prepared.kind.label} adalah kertas kerja dan tidak ditandatangani")
        result = prepared.render(stamp, invariant)
        payload = result.payload
        signed = sign is not None
        if sign is not None:
            payload = _sign(payload, sign, sign_password, service.settings().get("kabupaten_nama") or None)
            result = RenderResult(result.page_count, result.page_size, result.column_chunks, result.document_id,
                                  result.data_sha256, len(payload), payload, result.signature_pages)
        issued = IssuedDocument(result, stamp, prepared.open, None, out if isinstance(out, Path) else None,
                                plan.new_version)
        if not register:
            _write(out, payload)
            return issued
        if before_register is not None:
            before_register(issued)
        name = file_name if file_name is not None else (out.name if isinstance(out, Path) else "")
        kwargs = dict(file_bytes=payload, figures_sha256=prepared.figures_sha256, draft=prepared.draft,
                      signed=signed, purpose=Purpose.DITANDATANGANI if signed else purpose,
                      page_count=result.page_count, paper=prepared.paper, file_name=name,
                      open_items=prepared.open.lines())
        try:
            if isinstance(out, (str, os.PathLike)):
                with staged_write(Path(out), payload) as staged:
                    registered = register_issue(service, plan, on_registered=staged.commit,
                                                **kwargs)  # type: ignore[arg-type]
            else:
                registered = register_issue(service, plan, **kwargs)  # type: ignore[arg-type]
                if out is not None:
                    out.write(payload)
        except StaleIssue:
            if attempt == ATTEMPTS - 1:
                raise
            continue
        return IssuedDocument(result, stamp, prepared.open, registered, issued.path, plan.new_version)
    raise AssertionError("unreachable")  # pragma: no cover


def _write(out: Path | BinaryIO | None, payload: bytes) -> None:
    if out is None:
        return
    if isinstance(out, (str, os.PathLike)):
        write_atomically(Path(out), payload)
    else:
        out.write(payload)


def issue_document(
    service: RecapService,
    kind: DocumentKind,
    contest: Contest,
    *,
    purpose: Purpose = Purpose.DISIMPAN,
    out: Path | BinaryIO | None = None,
    paper: str | None = None,
    invariant: bool = False,
    register: bool = True,
    sign: Path | None = None,
    sign_password: str | None = None,
    before_register: Callable[[IssuedDocument], None] | None = None,
) -> IssuedDocument:
    """Issue the document of ``kind`` for ``contest`` (see :func:`issue_prepared`)."""
    return issue_prepared(
        service, lambda: prepare(service, kind, contest, paper=paper, invariant=invariant), purpose=purpose,
        out=out, invariant=invariant, register=register, sign=sign, sign_password=sign_password,
        before_register=before_register,
    )
