"""Alembic environment: runs on the connection handed over by rekap_desktop.db.upgrade()."""

from __future__ import annotations

from alembic import context

from rekap_desktop.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - the app always passes its connection
    raise RuntimeError("jalankan migrasi melalui rekap_desktop.db.upgrade()")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
