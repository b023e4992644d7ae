"""trust: a copy of the reference and settings rows beside their digests

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 06:40:00

`state_row_copy` holds each row of the state tables (settings, regions, parties, paslon, dapil, candidates) as the
audit chain last digested it, so verify-audit can name the row a raw SQL change touched instead of only its table
(`rekap_desktop/state_rows.py`). For an existing database it is filled from the tables after the upgrade
(`rekap_desktop.db.request_rebuild`); if they had been changed already, the copy does not match the chain and
verify-audit says the rows cannot be named.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from rekap_desktop.db import request_rebuild

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("state_row_copy"):  # a schema version set back by raw SQL: refilled below
        request_rebuild(context.config, "state_row_copy")
        return
    op.create_table(
        "state_row_copy",
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_key", sa.String(length=255), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.Column("row_values", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "row_key", name=op.f("pk_state_row_copy")),
    )
    request_rebuild(context.config, "state_row_copy")


def downgrade() -> None:
    op.drop_table("state_row_copy")
