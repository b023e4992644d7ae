"""sirekap: TPS coverage per (ballot, kecamatan), kept with the counting records

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 19:00:00

Issue 16.2 (performance): `sirekap_coverage` holds per (ballot, kecamatan) what opening a contest used to count by
joining every TPS of the kabupaten with its counting record (listed TPS, TPS with a record, with administrasi or
chart figures, under a re-vote, unlisted, and what the TPS without figures can add at most). It is derived from the
region table and `sirekap_current`; for a database that already holds them it is filled after the upgrade
(`rekap_desktop.db.request_rebuild`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from rekap_desktop.db import request_rebuild

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sirekap_coverage",
        sa.Column("ballot", sa.String(length=8), nullable=False),
        sa.Column("kecamatan", sa.String(length=6), nullable=False),
        sa.Column("listed", sa.Integer(), nullable=False),
        sa.Column("listed_bound_admin", sa.BigInteger(), nullable=False),
        sa.Column("listed_bound_chart", sa.BigInteger(), nullable=False),
        sa.Column("with_record", sa.Integer(), nullable=False),
        sa.Column("with_admin", sa.Integer(), nullable=False),
        sa.Column("with_chart", sa.Integer(), nullable=False),
        sa.Column("psu", sa.Integer(), nullable=False),
        sa.Column("unlisted", sa.Integer(), nullable=False),
        sa.Column("unlisted_no_admin", sa.Integer(), nullable=False),
        sa.Column("unlisted_no_chart", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("ballot", "kecamatan", name=op.f("pk_sirekap_coverage")),
    )
    # A database that already holds Sirekap records: the new tables are filled from them once the schema is at its
    # newest, by today's code (rekap_desktop.db.upgrade), not here against the schema as it was at this revision.
    request_rebuild(context.config, "sirekap_coverage")


def downgrade() -> None:
    op.drop_table("sirekap_coverage")
