"""The database schema (SQLAlchemy 2 typed ORM). Migrations in rekap_desktop/migrations follow it exactly."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# ----------------------------------------------------------------------------- reference data
class RegionRow(Base):
    __tablename__ = "region"
    code: Mapped[str] = mapped_column(String(13), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[int] = mapped_column(Integer)
    parent_code: Mapped[str | None] = mapped_column(String(13), index=True)
    tps_count: Mapped[int | None] = mapped_column(Integer)
    dpt: Mapped[int | None] = mapped_column(Integer)
    sirekap_id: Mapped[int | None] = mapped_column(Integer)


class PartyRow(Base):
    __tablename__ = "party"
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    short_name: Mapped[str] = mapped_column(String(80))
    full_name: Mapped[str] = mapped_column(String(200))
    is_aceh: Mapped[bool] = mapped_column(Boolean, default=False)
    color: Mapped[str] = mapped_column(String(16), default="#808080")
    sirekap_id: Mapped[str | None] = mapped_column(String(20))


class PaslonRow(Base):
    __tablename__ = "paslon"
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sirekap_id: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    color: Mapped[str] = mapped_column(String(16), default="#808080")


class DapilRow(Base):
    __tablename__ = "dapil"
    __table_args__ = (UniqueConstraint("ballot", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ballot: Mapped[str] = mapped_column(String(8))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    kursi: Mapped[int | None] = mapped_column(Integer)  # seats; required for seat allocation (DPRD Kab/Kota)


class DapilKecamatanRow(Base):
    __tablename__ = "dapil_kecamatan"
    dapil_id: Mapped[int] = mapped_column(ForeignKey("dapil.id", ondelete="CASCADE"), primary_key=True)
    kecamatan: Mapped[str] = mapped_column(ForeignKey("region.code"), primary_key=True)


class DapilPartyRow(Base):
    __tablename__ = "dapil_party"
    dapil_id: Mapped[int] = mapped_column(ForeignKey("dapil.id", ondelete="CASCADE"), primary_key=True)
    party: Mapped[int] = mapped_column(ForeignKey("party.number"), primary_key=True)


class CandidateRow(Base):
    __tablename__ = "candidate"
    __table_args__ = (UniqueConstraint("ballot", "dapil_id", "party", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ballot: Mapped[str] = mapped_column(String(8))
    dapil_id: Mapped[int | None] = mapped_column(ForeignKey("dapil.id", ondelete="CASCADE"))
    party: Mapped[int | None] = mapped_column(ForeignKey("party.number"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    gender: Mapped[str | None] = mapped_column(String(1))
    sirekap_id: Mapped[str | None] = mapped_column(String(20))


class SettingRow(Base):
    """Office and election settings (kabupaten code, office name, aula, KPU members, paper size …)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# ----------------------------------------------------------------------------- the recap itself
class EntryRow(Base):
    """Current manual figure of one cell; re-derivable from the audit log (verify-audit)."""

    __tablename__ = "entry"
    contest: Mapped[str] = mapped_column(String(40), primary_key=True)
    line: Mapped[str] = mapped_column(String(20), primary_key=True)
    kecamatan: Mapped[str] = mapped_column(String(6), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
    event_id: Mapped[int] = mapped_column(ForeignKey("audit_event.id"))


class KecamatanStatusRow(Base):
    __tablename__ = "kecamatan_status"
    contest: Mapped[str] = mapped_column(String(40), primary_key=True)
    kecamatan: Mapped[str] = mapped_column(String(6), primary_key=True)
    status: Mapped[str] = mapped_column(String(12))
    event_id: Mapped[int] = mapped_column(ForeignKey("audit_event.id"))


class KeberatanRow(Base):
    """A keberatan (objection) or kejadian khusus (special event) recorded in the plenary.

    Fields and their sources: :mod:`rekap_desktop.keberatan`. ``level``, ``jenis``, ``tps`` and
    ``rekomendasi_bawaslu`` came with migration 0007 (server defaults for the rows recorded before).
    """

    __tablename__ = "keberatan"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contest: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # keberatan | kejadian_khusus
    level: Mapped[str] = mapped_column(String(12), default="kabupaten", server_default="kabupaten")  # | ppk
    jenis: Mapped[str] = mapped_column(String(12), default="angka", server_default="angka")  # | prosedur
    tps: Mapped[str] = mapped_column(String(13), default="", server_default="")  # 13-digit TPS code or ""
    rekomendasi_bawaslu: Mapped[str] = mapped_column(Text, default="", server_default="")
    kecamatan: Mapped[str | None] = mapped_column(String(6))
    peserta: Mapped[str] = mapped_column(String(200), default="")
    saksi: Mapped[str] = mapped_column(String(200), default="")
    cells: Mapped[str] = mapped_column(Text, default="")  # comma-separated line ids
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="terbuka")  # terbuka | diterima | ditolak
    tindak_lanjut: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32))
    resolved_at: Mapped[str | None] = mapped_column(String(32))


class RecountRow(Base):
    """A TPS recount at the kabupaten plenary (:mod:`rekap_desktop.recount`); written once, never changed.

    ``figures`` is the JSON list of the lines recounted, in form order: ``{"line", "before", "after", "known",
    "basis", "ref"}`` (``basis`` "hitung_ulang" | "sirekap" | "": what ``before`` was checked against).
    """

    __tablename__ = "recount"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contest: Mapped[str] = mapped_column(String(40), index=True)
    tps: Mapped[str] = mapped_column(String(13), index=True)
    kecamatan: Mapped[str] = mapped_column(String(6))
    keberatan_id: Mapped[int] = mapped_column(ForeignKey("keberatan.id"))
    reason: Mapped[str] = mapped_column(Text)
    held_on: Mapped[str] = mapped_column(String(10))  # date of the recount, YYYY-MM-DD
    figures: Mapped[str] = mapped_column(Text)
    sirekap_note: Mapped[str] = mapped_column(Text, default="")  # why a "before" differs from Sirekap
    created_at: Mapped[str] = mapped_column(String(32))


class AttendanceRow(Base):
    """Who attends the plenary of a contest, and whether they sign the berita acara."""

    __tablename__ = "attendance"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contest: Mapped[str] = mapped_column(String(40), index=True)
    role: Mapped[str] = mapped_column(String(12))  # ketua | anggota | saksi | bawaslu | ppk
    peserta: Mapped[str] = mapped_column(String(200), default="")  # party / paslon / DPD candidate for saksi
    name: Mapped[str] = mapped_column(String(200), default="")
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    signs: Mapped[bool] = mapped_column(Boolean, default=True)
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class DocumentIssueRow(Base):
    """One issue of a document (berita acara, kejadian khusus, pembanding Sirekap, kursi): saved, printed or signed.

    The register of :mod:`rekap_desktop.documents`; rows are only ever added, each with a ``document.register``
    audit event carrying its snapshot (``verify-audit`` re-derives the table). ``version`` counts per (kind,
    contest): a new version whenever the printed content differs from the latest one, which it supersedes.
    """

    __tablename__ = "document_issue"
    __table_args__ = (Index("ix_document_issue_kind_contest", "kind", "contest"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(String(80), index=True)  # "DHK-3527-PDPR-3511-V2"
    kind: Mapped[str] = mapped_column(String(24))  # berita_acara | kejadian_khusus | pembanding_sirekap | kursi
    contest: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    content_sha256: Mapped[str] = mapped_column(String(64))  # what is printed, without the anchor and time
    figures_sha256: Mapped[str] = mapped_column(String(64))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)  # the exact bytes issued
    anchor: Mapped[str] = mapped_column(String(40))  # "AUDIT <n>:<16 hex>" printed on every page
    anchor_event: Mapped[int] = mapped_column(Integer)
    draft: Mapped[bool] = mapped_column(Boolean)
    signed: Mapped[bool] = mapped_column(Boolean)
    purpose: Mapped[str] = mapped_column(String(20))  # disimpan | dicetak | ditandatangani
    page_count: Mapped[int] = mapped_column(Integer)
    paper: Mapped[str] = mapped_column(String(4))
    file_name: Mapped[str] = mapped_column(Text, default="")
    open_items: Mapped[str] = mapped_column(Text, default="")  # why a draft: what was still open
    actor: Mapped[str] = mapped_column(String(120))
    station: Mapped[str] = mapped_column(String(120))
    issued_at: Mapped[str] = mapped_column(String(32))
    signer_sha256: Mapped[str] = mapped_column(String(64), default="", server_default="")  # signer's certificate


# ----------------------------------------------------------------------------- audit log
class AuditEventRow(Base):
    """Append-only, hash-chained; UPDATE and DELETE are rejected by database triggers."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ts: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(120))
    station: Mapped[str] = mapped_column(String(120), default="", server_default="")
    action: Mapped[str] = mapped_column(String(40))
    contest: Mapped[str] = mapped_column(String(40), default="")
    kecamatan: Mapped[str] = mapped_column(String(13), default="")
    line: Mapped[str] = mapped_column(String(20), default="")
    old_value: Mapped[int | None] = mapped_column(Integer)
    new_value: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class ChainHeadRow(Base):
    """One row: the last event of the chain. Updating it serialises writers on SQLite and PostgreSQL."""

    __tablename__ = "chain_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


# ----------------------------------------------------------------------------- Sirekap snapshots
class SirekapSnapshotRow(Base):
    __tablename__ = "sirekap_snapshot"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(120), default="")
    ts_min: Mapped[str | None] = mapped_column(String(32))
    ts_max: Mapped[str | None] = mapped_column(String(32))
    files_read: Mapped[int] = mapped_column(Integer, default=0)
    records_added: Mapped[int] = mapped_column(Integer, default=0)
    files_skipped: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[str] = mapped_column(Text, default="{}")


class SirekapFileRow(Base):
    __tablename__ = "sirekap_file"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("sirekap_snapshot.id"))
    path: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))


class SirekapRecordRow(Base):
    """One TPS record as published; the newest (by ts, then import) per (ballot, tps) is current."""

    __tablename__ = "sirekap_record"
    __table_args__ = (Index("ix_sirekap_record_ballot_tps", "ballot", "tps"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("sirekap_snapshot.id"))
    file_sha256: Mapped[str] = mapped_column(String(64))
    ballot: Mapped[str] = mapped_column(String(8))
    tps: Mapped[str] = mapped_column(String(13))
    ts: Mapped[str | None] = mapped_column(String(32))
    psu: Mapped[str | None] = mapped_column(String(60))
    has_admin: Mapped[bool] = mapped_column(Boolean)
    has_chart: Mapped[bool] = mapped_column(Boolean)
    admin: Mapped[str] = mapped_column(Text)  # JSON {line id: value}
    chart: Mapped[str] = mapped_column(Text)  # JSON {chart key: value}
    images: Mapped[str] = mapped_column(Text)  # JSON list
    source: Mapped[str] = mapped_column(Text)


class SirekapAggregateRow(Base):
    """An aggregate file as published (region totals and per-child totals), kept for comparison."""

    __tablename__ = "sirekap_aggregate"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("sirekap_snapshot.id"))
    ballot: Mapped[str] = mapped_column(String(8))
    region: Mapped[str] = mapped_column(String(13))
    ts: Mapped[str | None] = mapped_column(String(32))
    chart: Mapped[str] = mapped_column(Text)
    progres_done: Mapped[int | None] = mapped_column(Integer)
    progres_total: Mapped[int | None] = mapped_column(Integer)
    children: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)


class SirekapTpsStatusRow(Base):
    """A TPS marked by hand as PSU/PSL/… (or back to normal) for one ballot; audited (``tps_status.set``).

    Sirekap's own ``psu`` field marks a TPS too; a mark made here takes precedence over it
    (:mod:`rekap_desktop.sirekap.status`).
    """

    __tablename__ = "sirekap_tps_status"
    __table_args__ = (UniqueConstraint("ballot", "tps"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ballot: Mapped[str] = mapped_column(String(8))
    tps: Mapped[str] = mapped_column(String(13))
    status: Mapped[str] = mapped_column(String(8))  # normal | psu | psl | pss | hsu | hss
    reason: Mapped[str] = mapped_column(Text, default="")
    since: Mapped[str | None] = mapped_column(String(32))  # records with ts ≥ since are the re-vote's
    marked_at: Mapped[str] = mapped_column(String(32))


class SirekapCurrentRow(Base):
    """Derived: the record that counts for each (ballot, TPS), with the TPS's status (PSU …) and what the record
    shows (anomaly rules, a digest of its figures). Maintained at import and on status marks; ``verify-audit``
    recomputes it from the records and marks (:mod:`rekap_desktop.sirekap.derived`)."""

    __tablename__ = "sirekap_current"
    __table_args__ = (Index("ix_sirekap_current_ballot_kecamatan", "ballot", "kecamatan"),)
    ballot: Mapped[str] = mapped_column(String(8), primary_key=True)
    tps: Mapped[str] = mapped_column(String(13), primary_key=True)
    kecamatan: Mapped[str] = mapped_column(String(6))
    record_id: Mapped[int | None] = mapped_column(Integer)  # None: no record counts (e.g. PSU awaited)
    status: Mapped[str] = mapped_column(String(8), default="normal")
    status_source: Mapped[str] = mapped_column(String(8), default="")  # "" | sirekap | manual
    ts: Mapped[str | None] = mapped_column(String(32))
    has_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    has_chart: Mapped[bool] = mapped_column(Boolean, default=False)
    figures_hash: Mapped[str] = mapped_column(String(16), default="")  # "" when the record has no figures
    anomalies: Mapped[str] = mapped_column(Text, default="")  # comma-separated TPS anomaly rule ids


class SirekapTotalRow(Base):
    """Derived: per (ballot, kecamatan, figure) the sum over the TPS whose counting record has it, with the
    number of those TPS and their ts range; ``key`` is an administrasi line id or a raw chart key."""

    __tablename__ = "sirekap_total"
    ballot: Mapped[str] = mapped_column(String(8), primary_key=True)
    kecamatan: Mapped[str] = mapped_column(String(6), primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
    tps_with_data: Mapped[int] = mapped_column(Integer)
    ts_min: Mapped[str | None] = mapped_column(String(32))
    ts_max: Mapped[str | None] = mapped_column(String(32))


class SirekapCoverageRow(Base):
    """Derived: per (ballot, kecamatan) what is known about its TPS — listed, with a counting record, with
    administrasi/chart figures, under a re-vote, unlisted — and what the TPS without figures can add at most
    (:mod:`rekap_desktop.sirekap.coverage`). Kept with the counting rows and the region table; ``verify-audit``
    recomputes it."""

    __tablename__ = "sirekap_coverage"
    ballot: Mapped[str] = mapped_column(String(8), primary_key=True)
    kecamatan: Mapped[str] = mapped_column(String(6), primary_key=True)
    listed: Mapped[int] = mapped_column(Integer)
    listed_bound_admin: Mapped[int] = mapped_column(BigInteger)
    listed_bound_chart: Mapped[int] = mapped_column(BigInteger)
    with_record: Mapped[int] = mapped_column(Integer)
    with_admin: Mapped[int] = mapped_column(Integer)
    with_chart: Mapped[int] = mapped_column(Integer)
    psu: Mapped[int] = mapped_column(Integer)
    unlisted: Mapped[int] = mapped_column(Integer)
    unlisted_no_admin: Mapped[int] = mapped_column(Integer)
    unlisted_no_chart: Mapped[int] = mapped_column(Integer)


# ----------------------------------------------------------------------------- trust
class StateRowCopyRow(Base):
    """The rows of the reference and settings tables as the audit chain last digested them, kept in the same
    transaction as the digests: what lets verify-audit name the row a raw SQL change touched
    (rekap_desktop/state_rows.py). Trusted only when its row hashes combine to the recorded digest."""

    __tablename__ = "state_row_copy"
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    row_hash: Mapped[str] = mapped_column(String(64))
    row_values: Mapped[str] = mapped_column(Text)


# ----------------------------------------------------------------------------- stations
class StationCursorRow(Base):
    """Where one station looks (contest, kecamatan, line; projector paused): the projector PC follows it.

    Not audited: a cursor changes no figure, finding or document (rekap_desktop/live.py)."""

    __tablename__ = "station_cursor"
    station: Mapped[str] = mapped_column(String(120), primary_key=True)
    actor: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20), default="operator")
    contest: Mapped[str] = mapped_column(String(40), default="")
    kecamatan: Mapped[str] = mapped_column(String(6), default="")
    line: Mapped[str] = mapped_column(String(20), default="")
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    pause_message: Mapped[str] = mapped_column(Text, default="")
    view: Mapped[str] = mapped_column(String(20), default="tabel")  # tabel | kursi (the projector's page)
    updated_at: Mapped[str] = mapped_column(String(32))


def later_column_defaults(table: Table) -> dict[str, str]:
    """Columns with a plain server default: a row snapshot written before such a column was added (a later
    migration) lacks it, and the row must then still hold that default (``verify-audit``, the document register)."""
    out: dict[str, str] = {}
    for col in table.columns:
        arg = getattr(col.server_default, "arg", None)
        if isinstance(arg, str):
            out[col.key] = arg
    return out
