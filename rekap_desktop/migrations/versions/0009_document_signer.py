"""document register: the certificate that signed an issue

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 16:30:00

Issue 10 (trust): a signed issue records the SHA-256 fingerprint of its signer's certificate, so that
``verify-pdf`` can tell a file re-signed with another certificate from the one that was issued. Issues
registered before this revision keep an empty fingerprint (the snapshot in their audit event lacks the
column; ``verify-audit`` then expects the default).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document_issue") as batch:
        batch.add_column(sa.Column("signer_sha256", sa.String(length=64), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("document_issue") as batch:
        batch.drop_column("signer_sha256")
