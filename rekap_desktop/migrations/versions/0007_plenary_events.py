"""plenary events: recounts, keberatan fields

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 12:00:00

Issue 13 (plenary events). Keberatan gain what the kejadian khusus form needs: the level it came from (``ppk`` or
``kabupaten``), its kind (``angka`` or ``prosedur``), the TPS concerned and Bawaslu's recommendation. Rows recorded
before keep the server defaults (``kabupaten``, ``angka``, no TPS, no recommendation); ``verify-audit`` compares a
column that an older row snapshot lacks with that default. The ``recount`` table holds TPS recounts at the plenary
(:mod:`rekap_desktop.recount`).
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
    op.create_table(
        "recount",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contest", sa.String(length=40), nullable=False),
        sa.Column("tps", sa.String(length=13), nullable=False),
        sa.Column("kecamatan", sa.String(length=6), nullable=False),
        sa.Column("keberatan_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("held_on", sa.String(length=10), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("sirekap_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["keberatan_id"], ["keberatan.id"], name=op.f("fk_recount_keberatan_id_keberatan")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recount")),
    )
    with op.batch_alter_table("recount") as batch:
        batch.create_index(batch.f("ix_recount_contest"), ["contest"], unique=False)
        batch.create_index(batch.f("ix_recount_tps"), ["tps"], unique=False)


def downgrade() -> None:
    op.drop_table("recount")
    with op.batch_alter_table("keberatan") as batch:
        batch.drop_column("rekomendasi_bawaslu")
        batch.drop_column("tps")
        batch.drop_column("jenis")
        batch.drop_column("level")
