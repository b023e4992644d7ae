"""sirekap: TPS status (PSU/PSL), the counting record per TPS and per-kecamatan totals

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 12:00:00

Issues 15/16 (Sirekap). `sirekap_tps_status` holds the hand marks (audited); `sirekap_current` and
`sirekap_total` are derived from the stored records and marks; for a database that already holds Sirekap records
they are filled after the upgrade (`rekap_desktop.db.request_rebuild`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from rekap_desktop.db import request_rebuild

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sirekap_tps_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ballot", sa.String(length=8), nullable=False),
        sa.Column("tps", sa.String(length=13), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("since", sa.String(length=32), nullable=True),
        sa.Column("marked_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sirekap_tps_status")),
        sa.UniqueConstraint("ballot", "tps", name=op.f("uq_sirekap_tps_status_ballot")),
    )
    op.create_table(
        "sirekap_current",
        sa.Column("ballot", sa.String(length=8), nullable=False),
        sa.Column("tps", sa.String(length=13), nullable=False),
        sa.Column("kecamatan", sa.String(length=6), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("status_source", sa.String(length=8), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.Column("has_admin", sa.Boolean(), nullable=False),
        sa.Column("has_chart", sa.Boolean(), nullable=False),
        sa.Column("figures_hash", sa.String(length=16), nullable=False),
        sa.Column("anomalies", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("ballot", "tps", name=op.f("pk_sirekap_current")),
    )
    op.create_index("ix_sirekap_current_ballot_kecamatan", "sirekap_current", ["ballot", "kecamatan"], unique=False)
    op.create_table(
        "sirekap_total",
        sa.Column("ballot", sa.String(length=8), nullable=False),
        sa.Column("kecamatan", sa.String(length=6), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("tps_with_data", sa.Integer(), nullable=False),
        sa.Column("ts_min", sa.String(length=32), nullable=True),
        sa.Column("ts_max", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("ballot", "kecamatan", "key", name=op.f("pk_sirekap_total")),
    )
    # A database that already holds Sirekap records: the new tables are filled from them once the schema is at its
    # newest, by today's code (rekap_desktop.db.upgrade), not here against the schema as it was at this revision.
    request_rebuild(context.config, "sirekap")


def downgrade() -> None:
    op.drop_table("sirekap_total")
    op.drop_index("ix_sirekap_current_ballot_kecamatan", table_name="sirekap_current")
    op.drop_table("sirekap_current")
    op.drop_table("sirekap_tps_status")
