"""trust: actor and station on audit events

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 12:00:00

Issue 10 (audit). Every event names the station (machine) it was written on besides the actor. After any
upgrade of an existing database the application records the state digests afresh in an ``audit.baseline``
event (``RecapService.open``), so this migration changes no data.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_event", sa.Column("station", sa.String(length=120), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("station")
