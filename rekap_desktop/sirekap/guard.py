"""Safeguard of the derived Sirekap tables: a write never overwrites a derived row changed behind the app's back.

The counting row per TPS (`sirekap_current`), the per-kecamatan totals (`sirekap_total`) and the TPS coverage
(`sirekap_coverage`) are what the window, `check` and the documents read. They are not in the audit chain's digests:
they are recomputed from the records, marks and region table by ``verify-audit``. A row changed by raw SQL shows
forged Sirekap figures until the next import or mark touching its kecamatan recomputes it — and that recomputation
used to erase the forgery with no trace. So every write that recomputes derived rows first checks, for what it is
about to overwrite, that the stored rows are what the sources say (:func:`refuse_if_tampered`); otherwise it is
refused (:class:`DerivedTampered`, nothing written) and the rows stay as evidence.

The way out is :func:`repair_logged` (``rekap-desktop repair-derived``): it recomputes the three tables whole and writes
what it found into the audit log (event ``sirekap.derived_repaired``, every difference named), so the forgery is
kept in the chain that saksi and Bawaslu verify, not erased.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from rekap_desktop import audit
from rekap_desktop.sirekap import coverage, derived
from rekap_desktop.storage_errors import StorageError

if TYPE_CHECKING:
    from rekap_desktop.services import RecapService

ACTION = "sirekap.derived_repaired"
"""Audit action of :func:`repair`."""

SHOWN = 5
"""Differences named in the refusal's message (``verify-audit`` names them all)."""

KEPT = 1_000
"""Differences a refused write collects at most (its message shows :data:`SHOWN`). A repair records them all: with a
cap, junk rows listed first (counting rows come before totals) would push a real forgery out of the audit event
that is the only trace left once the tables are rebuilt."""

EVERY = sys.maxsize

Pair = tuple[str, str]  # (ballot, kecamatan)


class DerivedTampered(StorageError):
    """A derived Sirekap row differs from its sources (changed outside the app); the write was refused.

    ``problems``: every difference found, in Indonesian, as ``verify-audit`` names them."""

    def __init__(self, problems: list[str]) -> None:
        shown = "; ".join(problems[:SHOWN])
        more = f" (dan {len(problems) - SHOWN} lagi)" if len(problems) > SHOWN else ""
        super().__init__(
            "Perubahan TIDAK disimpan: data turunan Sirekap tidak sama dengan yang dihitung ulang dari rekaman TPS "
            f"— diubah di luar aplikasi: {shown}{more}. Menimpanya akan menghapus jejak perubahan itu. Jalankan "
            "rekap-desktop verify-audit dan laporkan kepada Bawaslu; rekap-desktop repair-derived menghitungnya "
            "ulang dan mencatat temuan ini di log audit.")
        self.problems = problems


def refuse_if_tampered(
    conn: Connection,
    *,
    totals: Iterable[Pair] = (),
    cover: Iterable[Pair] | None = (),
    before_id: int | None = None,
    tps: Iterable[tuple[str, str]] | None = None,
    decoded: dict[int, derived.RecordFacts] | None = None,
) -> None:
    """Raise :class:`DerivedTampered` when a derived row about to be overwritten differs from its sources.

    `totals`: (ballot, kecamatan) whose totals will be recomputed; `tps`: (ballot, TPS) whose counting rows will
    be (None: every TPS of those kecamatan); `before_id`: as in :func:`derived.verify_kecamatan`; `cover`:
    (ballot, kecamatan) whose coverage rows will be recomputed, ``None`` for all of them; `decoded`: filled with
    the records decoded for the check (by id), so that the recomputation that follows does not decode them again.
    Call it in the write's transaction, after taking the writers' lock and before the sources change (for `cover`)
    or the derived rows are written."""
    problems = derived.verify_kecamatan(conn, totals, before_id=before_id, tps=tps, limit=KEPT, decoded=decoded)
    if cover is None:
        problems += coverage.verify(conn, limit=KEPT)
    else:
        pairs = list(cover)
        if pairs:
            problems += coverage.verify(conn, limit=KEPT, pairs=pairs)
    if problems:
        raise DerivedTampered(problems)


def every_ballot(kecamatan: Iterable[str]) -> list[Pair]:
    """(ballot, kecamatan) of every ballot for the given kecamatan codes (a change of the region table touches the
    coverage of all ballots)."""
    from rekap_desktop.ballot import Ballot

    return [(b.value, kec) for kec in sorted(set(kecamatan)) for b in Ballot]


def differences(conn: Connection) -> list[str]:
    """Every difference between the three derived tables and their sources (as ``verify-audit`` names them)."""
    return derived.verify(conn, limit=EVERY) + coverage.verify(conn, limit=EVERY)


def repair(conn: Connection) -> list[str]:
    """Recompute the three derived tables whole, in the caller's transaction (which holds the writers' lock and
    logs the audit event with what this returns); returns the differences found before (empty: nothing was
    changed, and nothing needs logging)."""
    problems = differences(conn)
    if problems:
        derived.rebuild(conn)
        coverage.rebuild(conn)
    return problems


@dataclass(frozen=True)
class Repaired:
    """What :func:`repair_logged` found and did."""

    problems: list[str]
    """The differences found (empty: the tables agreed with their sources; nothing was written)."""
    event_id: int | None
    """The audit event that records them (None when there were none)."""


def repair_logged(service: RecapService) -> Repaired:
    """``repair-derived``: :func:`repair` under the writers' lock, with an audit event naming every difference
    found (action :data:`ACTION`; payload ``problems``, every one, and their ``count``). Raises StorageError when
    the database cannot be written."""
    with service.transaction() as conn:
        head = audit.lock_head(conn)
        problems = repair(conn)
        if not problems:
            return Repaired([], None)
        event = service.log_event(conn, ACTION, head=head, payload={
            "problems": problems, "count": len(problems),
        })
    return Repaired(problems, event.id)
