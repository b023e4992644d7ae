"""seats: dapil seats

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 12:00:00

Issue 14 (seats). The number of seats (kursi) of each dapil, from the dapil template's ``kursi`` column; nullable:
an existing database has none until the dapil file is loaded again with the column, and the DPR and DPRD Provinsi
need none (the app allocates seats only for the DPRD Kabupaten/Kota).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("dapil", sa.Column("kursi", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dapil") as batch:
        batch.drop_column("kursi")
