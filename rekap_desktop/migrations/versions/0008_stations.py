"""stations: where each station looks (the projector PC follows the operator)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 12:00:00

Issue 11 (stations).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "station_cursor",
        sa.Column("station", sa.String(length=120), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("contest", sa.String(length=40), nullable=False),
        sa.Column("kecamatan", sa.String(length=6), nullable=False),
        sa.Column("line", sa.String(length=20), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("pause_message", sa.Text(), nullable=False),
        sa.Column("view", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("station", name=op.f("pk_station_cursor")),
    )


def downgrade() -> None:
    op.drop_table("station_cursor")
