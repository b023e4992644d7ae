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
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

from rekap_desktop.audit import Anchor
from rekap_desktop.contest import Contest
from rekap_desktop.documents import (
    DocumentIssue,
    DocumentKind,
    Purpose,
    StaleIssue,
    first_of_version,
    issue_day,
    plan_issue,
    register_issue,
)
from rekap_desktop.form_names import form_names
from rekap_desktop.keberatan import Keberatan
from rekap_desktop.open_items import OpenItems, open_items_of
from rekap_desktop.services import Attendee, RecapService
from rekap_desktop.sheet import RecapSheet
from reports.atomic_file import staged_write, write_atomically
from reports.berita_acara import RenderResult, render_berita_acara
from reports.berita_acara_data import content_digest
from reports.contest_data import (
    INVARIANT_MOMENT,
    PRINT_DATE,
    berita_acara_data,
    kejadian_khusus_data,
    pembanding_data,
)
from reports.page_furniture import DocumentStamp

__all__ = [
    "ATTEMPTS",
    "BUILDERS",
    "Builder",
    "ContestContext",
    "IssueOptions",
    "IssuedDocument",
    "Prepared",
    "document_file_name",
    "issue_contest_documents",
    "issue_document",
    "issue_prepared",
    "prepare",
]

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


class ContestContext:
    """What the documents of one contest read from the database, read once (after the anchor) and shared: the
    settings, the sheet, what is still open, the attendance and the keberatan."""

    def __init__(self, service: RecapService, contest: Contest, *, paper: str | None = None,
                 invariant: bool = False) -> None:
        self.service = service
        self.contest = contest
        self.paper = paper
        self.invariant = invariant

    @cached_property
    def settings(self) -> dict[str, str]:
        return self.service.settings()

    @cached_property
    def sheet(self) -> RecapSheet:
        """The figures with Sirekap's beside them (the working paper needs them)."""
        return self.service.load_sheet(self.contest.key)

    @cached_property
    def manual_sheet(self) -> RecapSheet:
        """The manual figures and their findings only: what the berita acara and the open items need (Sirekap's
        figures are not read unless already loaded)."""
        if "sheet" in self.__dict__:
            return self.sheet
        sheet = RecapSheet(self.contest)
        catalogue = sheet.catalogue
        sheet.load_manual((line, kec, value) for _, line, kec, value in self.service.entries(self.contest.key)
                          if line in catalogue)
        return sheet

    @cached_property
    def open(self) -> OpenItems:
        return open_items_of(self.contest, self.manual_sheet, self.service.statuses(self.contest.key),
                             [(k.id, k.kecamatan or "", k.description) for k in self.keberatan
                              if k.status == "terbuka"])

    @cached_property
    def attendance(self) -> list[Attendee]:
        return self.service.attendance(self.contest.key)

    @cached_property
    def keberatan(self) -> list[Keberatan]:
        return self.service.keberatan(self.contest.key)


Builder = Callable[[ContestContext], Prepared]
"""``build(context)`` → :class:`Prepared`: one document kind from the contest's shared context."""


def build_berita_acara(ctx: ContestContext) -> Prepared:
    data = berita_acara_data(ctx.service, ctx.contest, ctx.manual_sheet, settings=ctx.settings, paper=ctx.paper,
                             invariant=ctx.invariant, people=ctx.attendance, items=ctx.keberatan)
    content = _digest(DocumentKind.BERITA_ACARA.value, content_digest(data), *ctx.open.lines())

    def render(stamp: DocumentStamp, inv: bool) -> RenderResult:
        return render_berita_acara(data, stamp, None, invariant=inv)

    return Prepared(DocumentKind.BERITA_ACARA, ctx.contest, content, data.data_sha256, ctx.open, data.paper, render)


def build_kejadian_khusus(ctx: ContestContext) -> Prepared:
    from reports.kejadian_khusus import render_kejadian_khusus

    data = kejadian_khusus_data(ctx.service, ctx.contest, settings=ctx.settings, paper=ctx.paper,
                                invariant=ctx.invariant, items=ctx.keberatan, people=ctx.attendance)
    content = _digest(DocumentKind.KEJADIAN_KHUSUS.value, content_digest(data), *ctx.open.lines())

    def render(stamp: DocumentStamp, inv: bool) -> RenderResult:
        return render_kejadian_khusus(data, stamp, None, invariant=inv)

    return Prepared(DocumentKind.KEJADIAN_KHUSUS, ctx.contest, content, data.items_sha256, ctx.open, data.paper,
                    render)


def build_pembanding(ctx: ContestContext) -> Prepared:
    from reports.pembanding_sirekap import render_pembanding

    data = pembanding_data(ctx.service, ctx.contest, ctx.sheet, settings=ctx.settings, paper=ctx.paper,
                           invariant=ctx.invariant)
    content = _digest(DocumentKind.PEMBANDING_SIREKAP.value, content_digest(data), *ctx.open.lines())

    def render(stamp: DocumentStamp, inv: bool) -> RenderResult:
        return render_pembanding(data, stamp, None, invariant=inv)

    return Prepared(DocumentKind.PEMBANDING_SIREKAP, ctx.contest, content, data.figures_sha256, ctx.open,
                    data.paper, render, unsigned=True)


BUILDERS: dict[DocumentKind, Builder] = {
    DocumentKind.BERITA_ACARA: build_berita_acara,
    DocumentKind.KEJADIAN_KHUSUS: build_kejadian_khusus,
    DocumentKind.PEMBANDING_SIREKAP: build_pembanding,
}
"""How each kind is built; another module adds its own (e.g. the seats stream's ``kursi``)."""


def prepare(service: RecapService, kind: DocumentKind, contest: Contest, *, paper: str | None = None,
            invariant: bool = False, context: ContestContext | None = None) -> Prepared:
    """The document's content as of now. With no meeting date set (``tanggal_rapat``), a document printed again on
    a later day with the same content is a copy of its version and prints the day that version was first printed
    (else every next-day reprint would be a new version superseding the first); other content is a new version,
    printed with today's date."""
    try:
        builder = BUILDERS[kind]
    except KeyError:
        raise ValueError(f"jenis dokumen belum dapat dicetak: {kind.label}") from None
    ctx = context or ContestContext(service, contest, paper=paper, invariant=invariant)
    if invariant or ctx.settings.get("tanggal_rapat") or PRINT_DATE.get() is not None:
        return builder(ctx)  # the day is fixed: by the settings, an invariant print, or verify-pdf
    first = first_of_version(service, kind, contest.key)
    if first is None or issue_day(first) == dt.date.today():
        return builder(ctx)
    token = PRINT_DATE.set(issue_day(first))
    try:
        prepared = builder(ctx)
    finally:
        PRINT_DATE.reset(token)
    if prepared.content_sha256 == first.content_sha256:  # every issue of a version has its content
        return prepared
    return builder(ctx)


def document_file_name(kind: DocumentKind, contest: Contest, settings: Mapping[str, str]) -> str:
    """The file a document is saved as by default: ``D.HASIL-KABKO-PPWP-SAMPANG.pdf``,
    ``D.HASIL-KABKO-DPRD-KAB-KOTA-DAPIL-352701-SAMPANG.pdf``, ``D.KEJADIAN-KHUSUS-PPWP-SAMPANG.pdf``,
    ``PEMBANDING-SIREKAP-PDPR-DAPIL-3511-SAMPANG.pdf``."""
    form = form_names(contest.ballot, settings.get("provinsi_kode", ""), settings).form
    if kind is DocumentKind.KEJADIAN_KHUSUS:
        form = f"D.KEJADIAN KHUSUS {contest.ballot.value.upper()}"
    elif kind is DocumentKind.PEMBANDING_SIREKAP:
        form = f"PEMBANDING SIREKAP {contest.ballot.value.upper()}"
    elif kind is DocumentKind.KURSI:
        form = f"PEROLEHAN KURSI {contest.ballot.value.upper()}"
    parts = [form]
    if contest.dapil_code:
        parts.append(f"DAPIL {contest.dapil_code}")
    kabupaten = settings.get("kabupaten_nama", "")
    if kabupaten:
        parts.append(kabupaten.removeprefix("KABUPATEN ").removeprefix("KOTA "))
    name = re.sub(r"[^A-Za-z0-9.]+", "-", " ".join(parts)).strip("-")
    return f"{name}.pdf"


def _sign(payload: bytes, p12: Path, password: str | None, location: str | None) -> tuple[bytes, str]:
    """The signed bytes and the SHA-256 fingerprint of the certificate that signed them."""
    from reports.signing import certificate_sha256, sign_bytes  # pyHanko only when signing

    secret = password.encode() if password else None
    return sign_bytes(payload, p12, secret, location=location), certificate_sha256(p12, secret)


@dataclass(frozen=True)
class IssueOptions:
    """How a document is issued (the same for every document of a batch)."""

    purpose: Purpose = Purpose.DISIMPAN
    invariant: bool = False
    register: bool = True
    sign: Path | None = None
    sign_password: str | None = None
    before_register: Callable[[IssuedDocument], None] | None = None
    copy: bool = False  # an unregistered copy (read-only evidence): marked SALINAN TIDAK TERDAFTAR, never registered

    @property
    def registers(self) -> bool:
        return self.register and not self.copy


def _issue_with(service: RecapService, anchor: Anchor, prepared: Prepared, out: Path | BinaryIO | None,
                options: IssueOptions, file_name: str | None = None) -> IssuedDocument:
    """Plan, stamp, render, sign, register and write one prepared document whose content was read after
    ``anchor``. Raises StaleIssue when the registration finds it stale (nothing written then)."""
    if options.sign is not None and prepared.unsigned:
        raise ValueError(f"{prepared.kind.label} adalah kertas kerja dan tidak ditandatangani")
    if options.sign is not None and options.copy:
        raise ValueError("salinan tidak terdaftar tidak ditandatangani")
    plan = plan_issue(service, prepared.kind, prepared.contest.key, prepared.content_sha256, anchor=anchor)
    moment = INVARIANT_MOMENT if options.invariant else dt.datetime.now().replace(microsecond=0)
    stamp = DocumentStamp(plan.document_id, anchor.text, prepared.figures_sha256, moment,
                          draft=prepared.draft, draft_reasons=tuple(prepared.open.lines()), unregistered=options.copy)
    result = prepared.render(stamp, options.invariant)
    payload = result.payload
    signed = options.sign is not None
    signer_sha256 = ""
    if options.sign is not None:
        payload, signer_sha256 = _sign(payload, options.sign, options.sign_password,
                        service.settings().get("kabupaten_nama") or None)
        result = RenderResult(result.page_count, result.page_size, result.column_chunks, result.document_id,
                              result.data_sha256, len(payload), payload, result.signature_pages)
    path = Path(out) if isinstance(out, (str, os.PathLike)) else None
    issued = IssuedDocument(result, stamp, prepared.open, None, path, plan.new_version)
    if not options.registers:
        _write(out, payload)
        return issued
    if options.before_register is not None:
        options.before_register(issued)
    name = file_name if file_name is not None else (path.name if path else "")
    kwargs = dict(file_bytes=payload, figures_sha256=prepared.figures_sha256, draft=prepared.draft,
                  signed=signed, purpose=Purpose.DITANDATANGANI if signed else options.purpose,
                  page_count=result.page_count, paper=prepared.paper, file_name=name,
                  open_items=prepared.open.lines(), signer_sha256=signer_sha256)
    if path is not None:
        with staged_write(path, payload) as staged:
            registered = register_issue(service, plan, on_registered=staged.commit, **kwargs)  # type: ignore[arg-type]
    else:
        registered = register_issue(service, plan, **kwargs)  # type: ignore[arg-type]
        if out is not None:
            out.write(payload)  # type: ignore[union-attr]
    return IssuedDocument(result, stamp, prepared.open, registered, path, plan.new_version)


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
    copy: bool = False,
) -> IssuedDocument:
    """Read the anchor, ``build()`` the content, plan, render, sign, register and write (see the module docstring).

    ``copy``: an unregistered copy marked SALINAN TIDAK TERDAFTAR on every page (nothing written to the database).

    ``before_register`` runs with the rendered document right before it is registered (e.g. a print dialog that
    may still cancel by raising). Raises StaleIssue after :data:`ATTEMPTS` renders that all went stale,
    OSError/ValueError (Indonesian) when the file cannot be written or signed; nothing is registered then.
    """
    options = IssueOptions(purpose, invariant, register, sign, sign_password, before_register, copy)
    for attempt in range(ATTEMPTS):
        anchor = service.anchor()
        prepared = build()
        try:
            return _issue_with(service, anchor, prepared, out, options, file_name)
        except StaleIssue:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def issue_contest_documents(
    service: RecapService,
    contest: Contest,
    targets: Sequence[tuple[DocumentKind, Path]],
    options: IssueOptions,
    *,
    paper: str | None = None,
) -> list[IssuedDocument]:
    """Several documents of one contest from ONE reading of its data (one anchor, one sheet), e.g. the berita
    acara, its kejadian khusus form and the Sirekap working paper. Stale registrations are retried from a fresh
    anchor for the documents not yet issued. The working paper is never signed."""
    done: list[IssuedDocument] = []
    remaining = list(targets)
    for attempt in range(ATTEMPTS):
        anchor = service.anchor()
        context = ContestContext(service, contest, paper=paper, invariant=options.invariant)
        try:
            while remaining:
                kind, path = remaining[0]
                prepared = prepare(service, kind, contest, context=context)
                own = options if not prepared.unsigned else replace(options, sign=None, sign_password=None)
                done.append(_issue_with(service, anchor, prepared, path, own))
                remaining.pop(0)
            return done
        except StaleIssue:
            if attempt == ATTEMPTS - 1:
                raise
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
    copy: bool = False,
) -> IssuedDocument:
    """Issue the document of ``kind`` for ``contest`` (see :func:`issue_prepared`)."""
    return issue_prepared(
        service, lambda: prepare(service, kind, contest, paper=paper, invariant=invariant), purpose=purpose,
        out=out, invariant=invariant, register=register, sign=sign, sign_password=sign_password,
        before_register=before_register, copy=copy,
    )
