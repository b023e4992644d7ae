"""The document register: every document saved, printed or signed, with its version, in the audit chain.

An **issue** is one file handed out (saved, printed or signed): the SHA-256 of its exact bytes, the hash of its
figures, the audit anchor printed on its pages (``AUDIT <n>:<16 hex>``), draft or final, signed or not, the
purpose, the page count, who (actor, station) and when. Issues are grouped in **versions** per (kind, contest):
version 1, 2, … A new version is issued whenever the printed content (``content_sha256``, which leaves out the
anchor and the time) differs from the latest version, e.g. a reprint after a correction (Perbawaslu 4/2024
Pasal 40(1)(f): the sertifikat is reprinted after a correction); it supersedes every earlier version. The same
content printed again is another issue of the same version.

The document id printed on every page names kind, kabupaten, ballot, dapil and version:
``DHK-3527-PDPR-3511-V2`` (:func:`document_id_for`, :func:`parse_document_id`).

Issuing is two steps, so that the version and id can be printed on the document:

1. :func:`plan_issue` — the anchor (taken *before* the content is read) and the version this content gets;
2. :func:`register_issue` — after rendering, in one transaction under the chain lock: re-checks that neither
   the version nor anything the document shows changed since the anchor (else :class:`StaleIssue`: render
   again), then adds the row with its ``document.register`` event (``verify-audit`` re-derives the table).

No Qt and no PDF here: :mod:`reports.issue` renders and calls these.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.orm import Session

from rekap_desktop import audit
from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import parse_contest_key
from rekap_desktop.models import AuditEventRow, DocumentIssueRow, later_column_defaults
from rekap_desktop.services import RecapService, StorageError, ValidationError

__all__ = [
    "REGISTER_COLUMNS",
    "AuditChange",
    "DocumentIssue",
    "DocumentKind",
    "IssuePlan",
    "Purpose",
    "StaleIssue",
    "changes_since",
    "document_id_for",
    "file_sha256",
    "find_by_document_id",
    "find_by_file",
    "first_of_version",
    "issue_day",
    "issues",
    "later_versions",
    "parse_document_id",
    "plan_issue",
    "register_issue",
    "register_rows",
    "registered_snapshot_matches",
]


class DocumentKind(StrEnum):
    """What a document is; the value is stored, the prefix starts its document id."""

    BERITA_ACARA = "berita_acara"
    KEJADIAN_KHUSUS = "kejadian_khusus"
    PEMBANDING_SIREKAP = "pembanding_sirekap"
    KURSI = "kursi"

    @property
    def prefix(self) -> str:
        return _PREFIX[self]

    @property
    def label(self) -> str:
        """Indonesian name, e.g. "berita acara (D.HASIL KABKO)"."""
        return _KIND_LABELS[self]


_PREFIX = {
    DocumentKind.BERITA_ACARA: "DHK",
    DocumentKind.KEJADIAN_KHUSUS: "DKK",
    DocumentKind.PEMBANDING_SIREKAP: "PBS",
    DocumentKind.KURSI: "KRS",
}
_KIND_LABELS = {
    DocumentKind.BERITA_ACARA: "berita acara dan sertifikat (D.HASIL KABKO)",
    DocumentKind.KEJADIAN_KHUSUS: "D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN",
    DocumentKind.PEMBANDING_SIREKAP: "kertas kerja pembanding Sirekap",
    DocumentKind.KURSI: "perolehan kursi",
}
_BY_PREFIX = {v: k for k, v in _PREFIX.items()}


class Purpose(StrEnum):
    """Why a file was issued."""

    DISIMPAN = "disimpan"
    DICETAK = "dicetak"
    DITANDATANGANI = "ditandatangani"


class StaleIssue(StorageError):
    """Between planning and registering, the version or what the document shows changed: render it again."""


@dataclass(frozen=True, slots=True)
class DocumentIssue:
    """One registered issue (a row of the register)."""

    id: int
    document_id: str
    kind: DocumentKind
    contest: str
    version: int
    content_sha256: str
    figures_sha256: str
    file_sha256: str
    anchor: str
    anchor_event: int
    draft: bool
    signed: bool
    purpose: Purpose
    page_count: int
    paper: str
    file_name: str
    open_items: str
    actor: str
    station: str
    issued_at: str
    signer_sha256: str = ""  # SHA-256 of the signing certificate ("" unsigned, or registered before 0009)

    @property
    def ballot(self) -> Ballot:
        return parse_contest_key(self.contest)[0]

    @property
    def dapil(self) -> str:
        return parse_contest_key(self.contest)[1] or ""

    @property
    def state_label(self) -> str:
        return "DRAF" if self.draft else "final"


@dataclass(frozen=True, slots=True)
class IssuePlan:
    """What a document about to be rendered prints: its id, version and the anchor read before its content."""

    kind: DocumentKind
    contest: str
    version: int
    document_id: str
    content_sha256: str
    anchor: audit.Anchor
    latest: DocumentIssue | None  # the latest registered issue of this kind and contest, if any

    @property
    def new_version(self) -> bool:
        return self.latest is None or self.latest.version != self.version


@dataclass(frozen=True, slots=True)
class AuditChange:
    """One audited change to a contest after some event (what changed since a document was printed)."""

    event_id: int
    ts: str
    actor: str
    station: str
    action: str
    kecamatan: str
    line: str
    old_value: int | None
    new_value: int | None
    payload: dict[str, Any]


# ------------------------------------------------------------------------------------------------ ids
_DOC_ID = re.compile(r"^(?P<prefix>[A-Z]{3})-(?P<kab>\d{4})-(?P<ballot>[A-Z]+)(?:-(?P<dapil>\d{2,10}))?-V(?P<v>\d+)$")


def document_id_for(kind: DocumentKind, kabupaten_code: str, contest: str, version: int) -> str:
    """``DHK-3527-PPWP-V1``, ``DHK-3527-PDPRDK-352701-V3`` (kind, kabupaten, ballot, dapil, version)."""
    ballot, dapil = parse_contest_key(contest)
    if not re.fullmatch(r"\d{4}", kabupaten_code or ""):
        raise ValidationError(f"kode kabupaten/kota belum diatur atau tidak sah: {kabupaten_code!r}")
    if version < 1:
        raise ValidationError(f"versi dokumen harus 1 atau lebih, bukan {version}")
    middle = ballot.value.upper() + (f"-{dapil}" if dapil else "")
    return f"{kind.prefix}-{kabupaten_code}-{middle}-V{version}"


@dataclass(frozen=True, slots=True)
class ParsedDocumentId:
    kind: DocumentKind
    kabupaten: str
    contest: str
    version: int


def parse_document_id(text: str) -> ParsedDocumentId | None:
    """The parts of a document id as printed; None when ``text`` is not one."""
    match = _DOC_ID.match(text.strip())
    if match is None or match["prefix"] not in _BY_PREFIX:
        return None
    try:
        ballot = Ballot.parse(match["ballot"])
    except ValueError:
        return None
    contest = f"{ballot.value}:{match['dapil']}" if match["dapil"] else ballot.value
    return ParsedDocumentId(_BY_PREFIX[match["prefix"]], match["kab"], contest, int(match["v"]))


def file_sha256(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


# ------------------------------------------------------------------------------------------------ reading
def _issue(row: DocumentIssueRow) -> DocumentIssue:
    return DocumentIssue(
        row.id, row.document_id, DocumentKind(row.kind), row.contest, row.version, row.content_sha256,
        row.figures_sha256, row.file_sha256, row.anchor, row.anchor_event, bool(row.draft), bool(row.signed),
        Purpose(row.purpose), row.page_count, row.paper, row.file_name, row.open_items, row.actor, row.station,
        row.issued_at, row.signer_sha256 or "",
    )


def _select(conn: Connection, *where: Any) -> list[DocumentIssue]:
    stmt = select(DocumentIssueRow).where(*where).order_by(DocumentIssueRow.id)
    return [_issue(r) for r in Session(conn).scalars(stmt)]


def _latest(conn: Connection, kind: DocumentKind, contest: str) -> DocumentIssue | None:
    rows = Session(conn).scalars(
        select(DocumentIssueRow)
        .where(DocumentIssueRow.kind == kind.value, DocumentIssueRow.contest == contest)
        .order_by(DocumentIssueRow.version.desc(), DocumentIssueRow.id.desc())
        .limit(1)
    ).all()
    return _issue(rows[0]) if rows else None


def issues(
    service: RecapService, *, kind: DocumentKind | None = None, contest: str | None = None
) -> list[DocumentIssue]:
    """Registered issues in the order they were issued (optionally one kind and/or one contest)."""
    where = []
    if kind is not None:
        where.append(DocumentIssueRow.kind == kind.value)
    if contest is not None:
        where.append(DocumentIssueRow.contest == contest)
    with service.engine.connect() as conn:
        return _select(conn, *where)


def find_by_file(service: RecapService, sha256_hex: str) -> list[DocumentIssue]:
    """The issues whose exact file bytes hash to ``sha256_hex``."""
    with service.engine.connect() as conn:
        return _select(conn, DocumentIssueRow.file_sha256 == sha256_hex.lower())


def find_by_document_id(service: RecapService, document_id: str) -> list[DocumentIssue]:
    with service.engine.connect() as conn:
        return _select(conn, DocumentIssueRow.document_id == document_id)


def first_of_version(service: RecapService, kind: DocumentKind, contest: str,
                     version: int | None = None) -> DocumentIssue | None:
    """The first issue of ``version`` (None: the latest version) of ``kind`` for ``contest``; None when none."""
    with service.engine.connect() as conn:
        if version is None:
            latest = _latest(conn, kind, contest)
            if latest is None:
                return None
            version = latest.version
        found = _select(conn, DocumentIssueRow.kind == kind.value, DocumentIssueRow.contest == contest,
                        DocumentIssueRow.version == version)
    return found[0] if found else None


def issue_day(issue: DocumentIssue) -> dt.date:
    """The local day ``issue`` was registered."""
    issued = dt.datetime.fromisoformat(issue.issued_at)
    return (issued.astimezone() if issued.tzinfo else issued).date()


def later_versions(service: RecapService, issue: DocumentIssue) -> list[DocumentIssue]:
    """The first issue of every version after ``issue``'s (empty: it is the current version)."""
    with service.engine.connect() as conn:
        found = _select(conn, DocumentIssueRow.kind == issue.kind.value, DocumentIssueRow.contest == issue.contest,
                        DocumentIssueRow.version > issue.version)
    first: dict[int, DocumentIssue] = {}
    for item in found:
        first.setdefault(item.version, item)
    return [first[v] for v in sorted(first)]


def registered_snapshot_matches(service: RecapService, issue: DocumentIssue) -> bool:
    """Whether the register row equals the snapshot its ``document.register`` event carries (a row forged or
    changed by raw SQL does not; ``verify-audit`` names it in full)."""
    with service.engine.connect() as conn:
        rows = conn.execute(
            select(AuditEventRow.payload).where(AuditEventRow.action == "document.register",
                                                AuditEventRow.contest == issue.contest)
        ).scalars()
        snapshots = [json.loads(p).get("row", {}) for p in rows]
        stored = conn.execute(select(DocumentIssueRow.__table__).where(DocumentIssueRow.id == issue.id)).mappings()
        row = next(iter(stored), None)
    if row is None:
        return False
    later = later_column_defaults(DocumentIssueRow.__table__)  # type: ignore[arg-type]

    def same(snapshot: dict[str, Any]) -> bool:
        return (snapshot == {k: row[k] for k in snapshot} and set(snapshot) <= set(row)
                and all(row[k] == later.get(k) for k in row if k not in snapshot))

    return any(s.get("id") == issue.id and same(s) for s in snapshots)


def changes_since(service: RecapService, contest: str, event_id: int, *, until: int | None = None) -> list[AuditChange]:
    """Audited changes to ``contest`` after event ``event_id`` (and up to ``until``): figures, statuses,
    keberatan, attendance. Document registrations are not changes."""
    stmt = select(AuditEventRow).where(
        AuditEventRow.id > event_id, AuditEventRow.contest == contest, ~AuditEventRow.action.like("document.%")
    ).order_by(AuditEventRow.id)
    if until is not None:
        stmt = stmt.where(AuditEventRow.id <= until)
    with service.engine.connect() as conn:
        return [
            AuditChange(r.id, r.ts, r.actor, r.station, r.action, r.kecamatan, r.line, r.old_value, r.new_value,
                        json.loads(r.payload or "{}"))
            for r in Session(conn).scalars(stmt)
        ]


REGISTER_COLUMNS = (
    "id", "document_id", "kind", "ballot", "dapil", "version", "status", "superseded_by", "draft", "signed",
    "purpose", "pages", "paper", "issued_at", "actor", "station", "anchor", "file_sha256", "figures_sha256",
    "file_name", "open_items", "signer_sha256",
)
"""Columns of ``rekap-desktop documents --format csv|json`` (new columns go at the end)."""


def register_rows(found: Sequence[DocumentIssue]) -> list[dict[str, Any]]:
    """The register as plain rows (:data:`REGISTER_COLUMNS`), with each issue's status: ``berlaku`` (its version
    is the latest of its kind and contest) or ``diganti`` (``superseded_by`` names the latest version)."""
    latest: dict[tuple[str, str], DocumentIssue] = {}
    for item in found:
        key = (item.kind.value, item.contest)
        if key not in latest or item.version > latest[key].version:
            latest[key] = item
    rows = []
    for item in found:
        newest = latest[(item.kind.value, item.contest)]
        superseded = newest.version > item.version
        rows.append({
            "id": item.id, "document_id": item.document_id, "kind": item.kind.value, "ballot": item.ballot.value,
            "dapil": item.dapil, "version": item.version, "status": "diganti" if superseded else "berlaku",
            "superseded_by": newest.document_id if superseded else "", "draft": item.draft, "signed": item.signed,
            "purpose": item.purpose.value, "pages": item.page_count, "paper": item.paper, "issued_at": item.issued_at,
            "actor": item.actor, "station": item.station, "anchor": item.anchor, "file_sha256": item.file_sha256,
            "figures_sha256": item.figures_sha256, "file_name": item.file_name, "open_items": item.open_items,
            "signer_sha256": item.signer_sha256,
        })
    return rows


# ------------------------------------------------------------------------------------------------ issuing
def plan_issue(service: RecapService, kind: DocumentKind, contest: str, content_sha256: str, *,
               anchor: audit.Anchor) -> IssuePlan:
    """The version and document id for content ``content_sha256`` of ``kind`` for ``contest``.

    ``anchor`` is the chain head taken before the content was read (:meth:`RecapService.anchor`).
    """
    service.contest(contest)
    kab = service.settings().get("kabupaten_kode", "")
    with service.engine.connect() as conn:
        latest = _latest(conn, kind, contest)
    if latest is None:
        version = 1
    elif latest.content_sha256 == content_sha256:
        version = latest.version
    else:
        version = latest.version + 1
    return IssuePlan(kind, contest, version, document_id_for(kind, kab, contest, version), content_sha256, anchor,
                     latest)


_SHA = re.compile(r"[0-9a-f]{64}")


def register_issue(
    service: RecapService,
    plan: IssuePlan,
    *,
    file_bytes: bytes,
    figures_sha256: str,
    draft: bool,
    signed: bool,
    purpose: Purpose,
    page_count: int,
    paper: str,
    file_name: str = "",
    open_items: Sequence[str] = (),
    on_registered: Callable[[], None] | None = None,
    signer_sha256: str = "",
) -> DocumentIssue:
    """Register one issue of ``plan`` (the exact ``file_bytes`` handed out) with its audit event.

    Raises :class:`StaleIssue` (nothing written) when, since ``plan`` was made, another version was registered
    for the contest or anything the document shows changed (an event of the contest, or of the reference data,
    settings or Sirekap imports, after the printed anchor): the caller renders again.

    ``on_registered`` runs inside the transaction once the row and its event are written (e.g. the file taking
    its final name): if it raises, nothing is registered.
    """
    if not _SHA.fullmatch(figures_sha256):
        raise ValidationError("hash angka harus 64 digit heksadesimal huruf kecil")
    if page_count < 1:
        raise ValidationError("dokumen tanpa halaman tidak dapat didaftarkan")
    if signed != bool(signer_sha256) or (signer_sha256 and not _SHA.fullmatch(signer_sha256)):
        raise ValidationError("dokumen bertanda tangan memerlukan sidik jari SHA-256 sertifikatnya (dan hanya itu)")
    purpose = Purpose(purpose)
    with service.transaction() as conn:
        head = audit.lock_head(conn)  # first: what is checked below cannot change before the commit
        latest = _latest(conn, plan.kind, plan.contest)
        expected = plan.latest.id if plan.latest else None
        if (latest.id if latest else None) != expected and not (
            latest is not None and latest.version == plan.version and latest.content_sha256 == plan.content_sha256
        ):
            raise StaleIssue(f"{plan.kind.label} {plan.contest}: versi lain didaftarkan sementara dokumen dibuat")
        moved = conn.execute(
            select(func.count()).select_from(AuditEventRow).where(
                AuditEventRow.id > plan.anchor.event_id,
                ~AuditEventRow.action.like("document.%"),
                (AuditEventRow.contest == plan.contest) | (AuditEventRow.contest == ""),
            )
        ).scalar_one()
        if moved:
            raise StaleIssue(f"{plan.kind.label} {plan.contest}: data berubah sementara dokumen dibuat")
        new_id = conn.execute(insert(DocumentIssueRow).values(
            document_id=plan.document_id, kind=plan.kind.value, contest=plan.contest, version=plan.version,
            content_sha256=plan.content_sha256, figures_sha256=figures_sha256, file_sha256=file_sha256(file_bytes),
            anchor=plan.anchor.text, anchor_event=plan.anchor.event_id, draft=draft, signed=signed,
            purpose=purpose.value, page_count=page_count, paper=paper, file_name=file_name[:400],
            open_items="\n".join(open_items), actor=service.actor, station=service.station,
            issued_at=audit.now_iso(), signer_sha256=signer_sha256,
        ).returning(DocumentIssueRow.id)).scalar_one()
        row = Session(conn).scalars(select(DocumentIssueRow).where(DocumentIssueRow.id == new_id)).one()
        service.log_event(conn, "document.register", contest=plan.contest, head=head,
                          payload={"row": audit.row_snapshot(row)})
        if on_registered is not None:
            on_registered()
        return _issue(row)
