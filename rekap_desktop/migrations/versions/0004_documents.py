"""document register

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 12:00:00

Issue 10 (documents register): every document saved, printed or signed is one row of ``document_issue``, added
with a ``document.register`` audit event (:mod:`rekap_desktop.documents`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("contest", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("figures_sha256", sa.String(length=64), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("anchor", sa.String(length=40), nullable=False),
        sa.Column("anchor_event", sa.Integer(), nullable=False),
        sa.Column("draft", sa.Boolean(), nullable=False),
        sa.Column("signed", sa.Boolean(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("paper", sa.String(length=4), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("open_items", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("station", sa.String(length=120), nullable=False),
        sa.Column("issued_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_issue")),
    )
    op.create_index(op.f("ix_document_issue_document_id"), "document_issue", ["document_id"], unique=False)
    op.create_index(op.f("ix_document_issue_file_sha256"), "document_issue", ["file_sha256"], unique=False)
    op.create_index("ix_document_issue_kind_contest", "document_issue", ["kind", "contest"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_document_issue_kind_contest", table_name="document_issue")
    op.drop_index(op.f("ix_document_issue_file_sha256"), table_name="document_issue")
    op.drop_index(op.f("ix_document_issue_document_id"), table_name="document_issue")
    op.drop_table("document_issue")
