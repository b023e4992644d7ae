"""trust: actor and station on audit events, state digests

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 12:00:00

Issue 10 (audit).
"""

from __future__ import annotations

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
