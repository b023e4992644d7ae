"""plenary events: recounts, keberatan fields

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 12:00:00

Issue 13 (plenary events). Keberatan gain what the kejadian khusus form needs: the level it came from (``ppk`` or
``kabupaten``), its kind (``angka`` or ``prosedur``), the TPS concerned and Bawaslu's recommendation. Rows recorded
before keep the server defaults (``kabupaten``, ``angka``, no TPS, no recommendation); ``verify-audit`` compares a
column that an older row snapshot lacks with that default.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("keberatan") as batch:
        batch.add_column(sa.Column("level", sa.String(length=12), server_default="kabupaten", nullable=False))
        batch.add_column(sa.Column("jenis", sa.String(length=12), server_default="angka", nullable=False))
        batch.add_column(sa.Column("tps", sa.String(length=13), server_default="", nullable=False))
        batch.add_column(sa.Column("rekomendasi_bawaslu", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("keberatan") as batch:
        batch.drop_column("rekomendasi_bawaslu")
        batch.drop_column("tps")
        batch.drop_column("jenis")
        batch.drop_column("level")
