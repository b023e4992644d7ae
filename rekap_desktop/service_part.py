"""What every part of :class:`rekap_desktop.services.RecapService` may use of the service itself.

The service is split by concept into mixins (entries, kecamatan statuses, keberatan, attendance); each part calls
the service's engine, contests, transaction and audit log. They are declared here once, implemented by
``RecapService`` (its own methods come first in its MRO, so these stubs are never called on a service).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Connection, Engine

from rekap_desktop import audit
from rekap_desktop.contest import Contest


class ServicePart:
    engine: Engine

    def contest(self, key: str) -> Contest:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def log_event(self, conn: Connection, action: str, *, state: bool = False, **fields: Any) -> audit.AppendedEvent:
        raise NotImplementedError
