"""Derived: what is known about the TPS of each kecamatan, per ballot (`sirekap_coverage`), kept whenever the
counting records, the hand marks or the TPS of the reference data change — so that opening a contest reads one row
per kecamatan instead of joining every TPS of the kabupaten with its counting record (issue 16.2).

One row per (ballot, kecamatan that has listed TPS or counting rows), for every ballot of :class:`Ballot`:

- `listed`: TPS of the kecamatan in the region table (reference data or Sirekap wilayah lists);
- `listed_bound_admin` / `listed_bound_chart`: what the listed TPS whose counting record has no administrasi /
  chart figures (or that have no record) can add at most — each its ballot papers, DPT + 2 % spare
  (:func:`rekap_desktop.sheet.tps_bound`), 306 when its DPT is not known;
- `with_record`, `with_admin`, `with_chart`: TPS with a counting record, with administrasi, with chart figures;
- `psu`: TPS under a re-vote or recount (status other than normal);
- `unlisted`, `unlisted_no_admin`, `unlisted_no_chart`: TPS with a counting row but not in the region table, and of
  those the ones without administrasi / chart figures.

:func:`refresh` recomputes the rows of the given (ballot, kecamatan) or of every ballot of the given kecamatan
(in the writer's transaction); :func:`rebuild` recomputes the table whole (migration 0010); :func:`verify`
recomputes it in memory and names every stored row that differs — ``verify-audit`` calls it, so a count changed by
raw SQL is named.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, and_, case, delete, func, insert, select, tuple_

from rekap_desktop.ballot import Ballot
from rekap_desktop.models import RegionRow, SirekapCoverageRow, SirekapCurrentRow
from rekap_desktop.region import Level
from rekap_desktop.sheet import MAX_BALLOTS_PER_TPS

COVERAGE: Table = SirekapCoverageRow.__table__  # type: ignore[assignment]
COUNTS = ("listed", "listed_bound_admin", "listed_bound_chart", "with_record", "with_admin", "with_chart", "psu",
          "unlisted", "unlisted_no_admin", "unlisted_no_chart")
"""The counted columns of a row, in the order of the tuples this module passes around."""

CoverageKey = tuple[str, str]  # (ballot, kecamatan)
Counts = tuple[int, ...]  # in the order of COUNTS

_KECAMATAN_LENGTH = Level.KECAMATAN.code_length
_FEW = 6  # up to this many kecamatan of one kabupaten: one query per kecamatan, else one per kabupaten
_LABELS = {
    "listed": "TPS terdaftar", "listed_bound_admin": "batas TPS tanpa administrasi",
    "listed_bound_chart": "batas TPS tanpa chart", "with_record": "TPS berekaman", "with_admin": "TPS beradministrasi",
    "with_chart": "TPS berchart", "psu": "TPS PSU", "unlisted": "TPS tak terdaftar",
    "unlisted_no_admin": "tak terdaftar tanpa administrasi", "unlisted_no_chart": "tak terdaftar tanpa chart",
}


def _cap() -> Any:
    dpt = RegionRow.dpt
    return case((dpt.is_(None), MAX_BALLOTS_PER_TPS), else_=dpt + (dpt * 2 + 99) // 100)


def _compute(conn: Connection, ballot: str, prefix: str) -> dict[str, Counts]:
    """Per kecamatan whose code starts with `prefix` ("" = all; a kabupaten or a kecamatan code): its counts."""
    kec_of_tps = func.substr(RegionRow.code, 1, _KECAMATAN_LENGTH)
    cap = _cap()
    listed_stmt = (
        select(
            kec_of_tps,
            func.count(),
            func.sum(case((SirekapCurrentRow.has_admin.is_(True), 0), else_=cap)),
            func.sum(case((SirekapCurrentRow.has_chart.is_(True), 0), else_=cap)),
        )
        .select_from(RegionRow)
        .outerjoin(SirekapCurrentRow, and_(SirekapCurrentRow.ballot == ballot, SirekapCurrentRow.tps == RegionRow.code))
        .where(RegionRow.level == int(Level.TPS))
        .group_by(kec_of_tps)
    )
    if prefix:
        listed_stmt = listed_stmt.where(RegionRow.code.startswith(prefix, autoescape=True))
    one = 1
    unlisted = RegionRow.code.is_(None)
    counted_stmt = (
        select(
            SirekapCurrentRow.kecamatan,
            func.count(SirekapCurrentRow.record_id),
            func.sum(case((SirekapCurrentRow.has_admin.is_(True), one), else_=0)),
            func.sum(case((SirekapCurrentRow.has_chart.is_(True), one), else_=0)),
            func.sum(case((SirekapCurrentRow.status != "normal", one), else_=0)),
            func.sum(case((unlisted, one), else_=0)),
            func.sum(case((and_(unlisted, SirekapCurrentRow.has_admin.is_not(True)), one), else_=0)),
            func.sum(case((and_(unlisted, SirekapCurrentRow.has_chart.is_not(True)), one), else_=0)),
        )
        .select_from(SirekapCurrentRow)
        .outerjoin(RegionRow, RegionRow.code == SirekapCurrentRow.tps)
        .where(SirekapCurrentRow.ballot == ballot)
        .group_by(SirekapCurrentRow.kecamatan)
    )
    if len(prefix) == _KECAMATAN_LENGTH:
        counted_stmt = counted_stmt.where(SirekapCurrentRow.kecamatan == prefix)
    elif prefix:
        counted_stmt = counted_stmt.where(SirekapCurrentRow.tps.startswith(prefix, autoescape=True))
    listed = {str(kec): (int(n), int(a or 0), int(c or 0)) for kec, n, a, c in conn.execute(listed_stmt)}
    counted = {str(kec): tuple(int(v or 0) for v in rest) for kec, *rest in conn.execute(counted_stmt)}
    return {kec: listed.get(kec, (0, 0, 0)) + counted.get(kec, (0, 0, 0, 0, 0, 0, 0))
            for kec in sorted(set(listed) | set(counted))}


def compute(conn: Connection, pairs: Iterable[CoverageKey] | None = None) -> dict[CoverageKey, Counts]:
    """The rows as the region table and the counting rows say they must be: of the given (ballot, kecamatan), or of
    every ballot and kecamatan. A pair absent from the result has no row (no TPS known for it)."""
    out: dict[CoverageKey, Counts] = {}
    if pairs is None:
        for every in Ballot:
            out.update(((every.value, kec), counts) for kec, counts in _compute(conn, every.value, "").items())
        return out
    wanted: dict[str, dict[str, set[str]]] = {}  # ballot → kabupaten → kecamatan
    for ballot, kec in pairs:
        wanted.setdefault(ballot, {}).setdefault(kec[:4], set()).add(kec)
    for ballot, by_kab in wanted.items():
        for kab, codes in by_kab.items():
            prefixes = sorted(codes) if len(codes) <= _FEW else [kab]
            for prefix in prefixes:
                for kec, counts in _compute(conn, ballot, prefix).items():
                    if kec in codes:
                        out[(ballot, kec)] = counts
    return out


def _row(key: CoverageKey, counts: Counts) -> dict[str, Any]:
    return {"ballot": key[0], "kecamatan": key[1], **dict(zip(COUNTS, counts, strict=True))}


def refresh(conn: Connection, pairs: Iterable[CoverageKey]) -> None:
    """Recompute and store the rows of the given (ballot, kecamatan), in the caller's transaction."""
    keys = sorted(set(pairs))
    if not keys:
        return
    fresh = compute(conn, keys)
    for i in range(0, len(keys), 400):
        chunk = keys[i : i + 400]
        conn.execute(delete(COVERAGE).where(tuple_(COVERAGE.c.ballot, COVERAGE.c.kecamatan).in_(chunk)))
    rows = [_row(key, fresh[key]) for key in keys if key in fresh]
    if rows:
        conn.execute(insert(COVERAGE), rows)


def refresh_regions(conn: Connection, codes: Iterable[str]) -> None:
    """After TPS of the region table were added, removed or changed (their DPT): recompute every ballot's row of
    their kecamatan. Codes shorter than a TPS code are ignored (only TPS are counted)."""
    kecamatan = {code[:_KECAMATAN_LENGTH] for code in codes if len(code) == Level.TPS.code_length}
    refresh(conn, [(every.value, kec) for every in Ballot for kec in kecamatan])


def rebuild(conn: Connection) -> None:
    """Recompute the table whole and store it (in the caller's transaction)."""
    conn.execute(delete(COVERAGE))
    rows = [_row(key, counts) for key, counts in sorted(compute(conn).items())]
    for i in range(0, len(rows), 2_000):
        conn.execute(insert(COVERAGE), rows[i : i + 2_000])


def whole(value: object) -> int | None:
    """A stored count as an int; None when the stored value is not a whole number — text or a fraction, which
    SQLite accepts in an INTEGER column when it is written by raw SQL, never by the app."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def stored(conn: Connection, ballot: str, kecamatan: Iterable[str]) -> dict[str, Counts]:
    """The stored rows of one ballot for the given kecamatan: kecamatan → counts (in the order of COUNTS). A row
    holding something that is not a whole number (changed by raw SQL; ``verify-audit`` names it) is recomputed from
    the region table and the counting rows instead, so the sheet neither fails nor shows a truncated figure."""
    codes = sorted(set(kecamatan))
    columns = [COVERAGE.c[name] for name in COUNTS]
    out: dict[str, Counts] = {}
    broken: list[CoverageKey] = []
    for kec, *rest in conn.execute(
        select(COVERAGE.c.kecamatan, *columns).where(COVERAGE.c.ballot == ballot, COVERAGE.c.kecamatan.in_(codes))
    ):
        numbers = [whole(v) for v in rest]
        if any(n is None for n in numbers):
            broken.append((ballot, str(kec)))
        else:
            out[str(kec)] = tuple(n for n in numbers if n is not None)
    for (_ballot, kec), recomputed in compute(conn, broken).items():
        out[kec] = recomputed
    return out


def _shown(value: object) -> str:
    number = whole(value)
    return str(number) if number is not None else repr(value)


def verify(conn: Connection, limit: int = 50, pairs: Iterable[CoverageKey] | None = None) -> list[str]:
    """Recompute the table (or the rows of the given (ballot, kecamatan)) and name (in Indonesian) every stored row
    that differs; empty when they agree. A row is compared value by value as stored: text or a fraction in a count
    is named, never truncated or fatal."""
    wanted = None if pairs is None else sorted(set(pairs))
    expected = compute(conn, wanted)
    columns = [COVERAGE.c[name] for name in COUNTS]
    stmt = select(COVERAGE.c.ballot, COVERAGE.c.kecamatan, *columns)
    have: dict[CoverageKey, tuple[object, ...]] = {}
    for i in range(0, len(wanted) if wanted is not None else 1, 400):
        chunk = stmt if wanted is None else stmt.where(
            tuple_(COVERAGE.c.ballot, COVERAGE.c.kecamatan).in_(wanted[i : i + 400]))
        have.update(((str(b), str(k)), tuple(rest)) for b, k, *rest in conn.execute(chunk))
    problems: list[str] = []
    for key in sorted(set(expected) | set(have)):
        want, got = expected.get(key), have.get(key)
        where = f"Cakupan Sirekap kecamatan {key[1]} ({key[0]})"
        if got is None:
            problems.append(f"{where}: baris hilang dari tabel cakupan (dihapus di luar aplikasi)")
        elif want is None:
            problems.append(f"{where}: ada di tabel cakupan tanpa TPS terdaftar atau rekaman (ditambah di luar "
                            "aplikasi)")
        else:
            differing = [(name, g, w) for name, g, w in zip(COUNTS, got, want, strict=True) if whole(g) != w]
            if differing:
                detail = ", ".join(f"{_LABELS[name]} {_shown(g)} ≠ {w}" for name, g, w in differing)
                problems.append(f"{where}: tabel berisi {detail} menurut hitungan ulang dari tabel wilayah dan "
                                "rekaman Sirekap — tabel cakupan atau sumbernya diubah di luar aplikasi")
        if len(problems) >= limit:
            break
    return problems
