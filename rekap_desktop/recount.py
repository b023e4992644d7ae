"""TPS recount at the kabupaten plenary ("hitung ulang", issue 13.1).

When a figure of one TPS is disputed and the PPK could not settle it (Sampang 2024: TPS 3 Desa Mlakah, Jrengik,
DPRD Kabupaten ballot, recounted at the kabupaten plenary on 5–6 March 2024), the plenary opens the ballot box and
counts again. What is recorded, per contest (ballot and dapil):

* the TPS (13-digit code), the reason, the keberatan or kejadian khusus it answers (required), the date;
* for each line recounted: the figure **before** and **after** (TPS figures, as on the C.HASIL).

``before`` must agree with what is already known about that TPS line: the ``after`` of an earlier recount of the
same TPS; otherwise the current Sirekap record of the TPS, when it has that figure (Sirekap can misread a plano:
then the operator states why the figure before differs, and that statement is recorded). Without either, the
stated ``before`` is taken as it is.

The kecamatan's manual figure of every line that changed moves by exactly ``after - before``, through the
correction path (:meth:`rekap_desktop.services.RecapService.set_entry_in`): allowed on a ditetapkan kecamatan
because it carries the reason and the keberatan; every ``entry.set`` event it writes carries
``payload["recount"]`` (the recount's number) besides ``reason`` and ``keberatan``. A recount that would leave a
kecamatan figure negative, or change a figure the kecamatan does not have yet, is refused. Everything happens in
one transaction taken under the chain lock, so two stations recounting the same TPS at once cannot both apply the
same ``before``: the second is refused with the first's number.

The recount row is audited as ``recount.add`` with its snapshot (a ``ROW_TABLES`` kind of ``verify-audit``); it is
never changed afterwards — a mistaken recount is corrected by another one, whose ``before`` is its ``after``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from rekap_desktop import audit
from rekap_desktop.contest import Contest
from rekap_desktop.keberatan import check_tps_code
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.models import EntryRow, KeberatanRow, RecountRow, RegionRow
from rekap_desktop.numbers import format_number
from rekap_desktop.os_errors import os_reason
from rekap_desktop.region import Level
from rekap_desktop.services import RecapService, ValidationError

MAX_TPS_FIGURE = 999
"""A TPS figure has at most three digits: the C.HASIL has three boxes per figure (recap-domain.md §2.1; kawalpemilu
accepts 0–999)."""

NO_FIGURES = "tidak ada baris angka hitung ulang"

BASIS_RECOUNT = "hitung_ulang"
BASIS_SIREKAP = "sirekap"
BASIS_NONE = ""


class RecountError(ValidationError):
    """A recount refused; ``problems`` name each row or line (Indonesian). Nothing was written."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("Hitung ulang TIDAK dicatat; tidak ada angka yang diubah:\n" + "\n".join(
            f"  {p}" for p in self.problems))


@dataclass(frozen=True, slots=True)
class FigureInput:
    """One line of a recount as given: ``where`` names its origin for messages (e.g. "baris 3" of a CSV file)."""

    line: str
    before: int
    after: int
    where: str = ""

    def label(self) -> str:
        return f"{self.where} ({self.line})" if self.where else self.line


@dataclass(frozen=True, slots=True)
class Known:
    """What is known about one TPS line before a recount: value and where it comes from."""

    value: int
    basis: str  # BASIS_RECOUNT | BASIS_SIREKAP
    ref: int  # recount number or Sirekap record id
    detail: str = ""  # e.g. the Sirekap record's ts

    def describe(self) -> str:
        if self.basis == BASIS_RECOUNT:
            return f"hitung ulang #{self.ref} mencatat {format_number(self.value)}"
        when = f", ts {self.detail}" if self.detail else ""
        return f"data Sirekap TPS ini (rekaman #{self.ref}{when}) mencatat {format_number(self.value)}"


@dataclass(frozen=True, slots=True)
class RecountLine:
    line: str
    before: int
    after: int
    known: int | None = None
    basis: str = BASIS_NONE
    ref: int | None = None

    @property
    def delta(self) -> int:
        return self.after - self.before

    def as_json(self) -> dict[str, object]:
        return {"line": self.line, "before": self.before, "after": self.after, "known": self.known,
                "basis": self.basis, "ref": self.ref}


@dataclass(frozen=True, slots=True)
class Recount:
    """A recorded recount (see the module docstring)."""

    id: int
    contest: str
    tps: str
    kecamatan: str
    keberatan_id: int
    reason: str
    held_on: str
    lines: tuple[RecountLine, ...]
    sirekap_note: str = ""
    created_at: str = ""

    @property
    def changed(self) -> tuple[RecountLine, ...]:
        return tuple(li for li in self.lines if li.delta)


@dataclass
class RecountPlan:
    """What a recount would do, computed under the lock: the lines with their basis, and the kecamatan figures
    before → after for every line that changes (for the dialog's preview and for the write)."""

    lines: list[RecountLine] = field(default_factory=list)
    kecamatan_figures: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------------------ input
def parse_figures_csv(path: Path) -> list[FigureInput]:
    """The long-format recount file: header ``line,before,after`` (comma or semicolon; UTF-8, BOM allowed).

    Returns one FigureInput per data row, ``where`` = "<file> baris <n>". Raises RecountError listing every bad
    row (missing header, unknown column layout, non-integers, negatives, figures above 999, duplicate lines).
    """
    figures, problems = read_figures_csv(path)
    if problems:
        raise RecountError(problems)
    return figures


def read_figures_csv(path: Path) -> tuple[list[FigureInput], list[str]]:
    """:func:`parse_figures_csv` that returns the good rows with the problems of the bad ones, so that a caller can
    check the rest (the lines against the form and the database) and report every problem at once. Raises
    RecountError only when the file cannot be read as a recount file at all (unreadable, not UTF-8, its header)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RecountError([f"berkas {path} tidak dapat dibaca: {os_reason(exc)}"]) from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RecountError([f"{path.name}: bukan teks UTF-8"]) from None
    first = content.splitlines()[0] if content.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(content), delimiter=delimiter))
    name = path.name
    if not rows or [c.strip().lower() for c in rows[0]] != ["line", "before", "after"]:
        got = ",".join(rows[0]) if rows else "(berkas kosong)"
        raise RecountError([f"{name} baris 1: kepala kolom harus 'line,before,after', bukan {got!r}"])
    problems: list[str] = []
    out: list[FigureInput] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        where = f"{name} baris {number}"
        if len(row) != 3:
            problems.append(f"{where}: harus 3 kolom (line,before,after), ada {len(row)}")
            continue
        line, before_text, after_text = (c.strip() for c in row)
        values: list[int] = []
        for column, text in (("before", before_text), ("after", after_text)):
            value = _tps_figure(text)
            if value is None:
                problems.append(f"{where}: kolom {column} = {text!r} bukan bilangan bulat 0–{MAX_TPS_FIGURE}")
            else:
                values.append(value)
        if not line:
            problems.append(f"{where}: kolom line kosong")
        elif line in seen:
            problems.append(f"{where}: baris formulir {line} sudah ada di baris {seen[line]}")
        else:
            seen[line] = number
        if len(values) == 2 and line:
            out.append(FigureInput(line, values[0], values[1], where))
    if not out and not problems:
        problems.append(f"{name}: tidak ada baris angka")
    return out, problems


def _tps_figure(text: str) -> int | None:
    if not text.isdigit() or not text.isascii():
        return None
    value = int(text)
    return value if value <= MAX_TPS_FIGURE else None


def check_inputs(contest: Contest, figures: Sequence[FigureInput], catalogue: LineCatalogue | None = None,
                 ) -> list[str]:
    """Problems of the given lines that need no database: unknown line, figure out of range, duplicates."""
    catalogue = catalogue if catalogue is not None else LineCatalogue(contest)
    problems: list[str] = []
    seen: set[str] = set()
    if not figures:
        problems.append(NO_FIGURES)
    for f in figures:
        if f.line not in catalogue:
            problems.append(f"{f.label()}: baris {f.line!r} tidak ada pada formulir {contest.title}")
        if f.line in seen:
            problems.append(f"{f.label()}: baris {f.line} disebut dua kali")
        seen.add(f.line)
        for column, value in (("sebelum", f.before), ("sesudah", f.after)):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_TPS_FIGURE:
                problems.append(f"{f.label()}: angka {column} {value!r} harus bilangan bulat 0–{MAX_TPS_FIGURE}")
    return problems


def _checkable(figures: Sequence[FigureInput], catalogue: LineCatalogue) -> list[FigureInput]:
    """The figures :func:`check_inputs` found nothing wrong with (a line named twice: neither occurrence)."""
    counts: dict[str, int] = {}
    for f in figures:
        counts[f.line] = counts.get(f.line, 0) + 1
    return [
        f for f in figures
        if f.line in catalogue and counts[f.line] == 1
        and all(not isinstance(v, bool) and isinstance(v, int) and 0 <= v <= MAX_TPS_FIGURE
                for v in (f.before, f.after))
    ]


# ------------------------------------------------------------------------------------------------ what is known
def known_figures(conn: Connection, contest: Contest, tps: str, catalogue: LineCatalogue | None = None,
                  ) -> dict[str, Known]:
    """Per line: the last recount's ``after`` of this TPS in this contest, else the current Sirekap figure."""
    from rekap_desktop.sirekap.store import chart_mapping, current_records, record_lines

    catalogue = catalogue if catalogue is not None else LineCatalogue(contest)
    known: dict[str, Known] = {}
    for record in current_records(conn, contest.ballot.value, tps):
        if record.tps != tps:
            continue
        for line, value in record_lines(record, chart_mapping(contest), catalogue).items():
            known[line] = Known(value, BASIS_SIREKAP, record.id, record.ts or "")
    for recount in _recounts(conn, contest.key, tps):
        for li in recount.lines:
            known[li.line] = Known(li.after, BASIS_RECOUNT, recount.id)
    return known


def plan(
    conn: Connection, contest: Contest, tps: str, figures: Sequence[FigureInput], *, sirekap_note: str = "",
    catalogue: LineCatalogue | None = None,
) -> RecountPlan:
    """Check ``figures`` against what is known and against the kecamatan's figures; nothing is written.

    ``sirekap_note`` (the operator's statement why) lets a ``before`` differ from a Sirekap figure; it never
    lets it differ from an earlier recount.
    """
    catalogue = catalogue if catalogue is not None else LineCatalogue(contest)
    result = RecountPlan()
    result.problems.extend(check_inputs(contest, figures, catalogue))
    figures = _checkable(figures, catalogue)  # the other lines are still checked: every problem is reported
    known = known_figures(conn, contest, tps, catalogue)
    kecamatan = tps[:6]
    current = {
        r.line: r.value
        for r in conn.execute(select(EntryRow.line, EntryRow.value).where(
            EntryRow.contest == contest.key, EntryRow.kecamatan == kecamatan))
    }
    order = {li.id: i for i, li in enumerate(catalogue.lines)}
    for f in sorted(figures, key=lambda x: order[x.line]):
        k = known.get(f.line)
        if k is not None and f.before != k.value and (k.basis == BASIS_RECOUNT or not sirekap_note.strip()):
            hint = "" if k.basis == BASIS_RECOUNT else (" — bila data Sirekap keliru, nyatakan alasannya "
                                                         "(catatan beda Sirekap)")
            result.problems.append(f"{f.label()}: angka sebelum {format_number(f.before)}, padahal "
                                   f"{k.describe()}{hint}")
            continue
        result.lines.append(RecountLine(f.line, f.before, f.after, k.value if k else None,
                                        k.basis if k else BASIS_NONE, k.ref if k else None))
        if f.after == f.before:
            continue
        old = current.get(f.line)
        if old is None:
            result.problems.append(f"{f.label()}: angka kecamatan {kecamatan} baris {f.line} belum diisi; hitung "
                                   "ulang hanya mengubah angka yang sudah ada")
            continue
        new = old + f.after - f.before
        if new < 0:
            result.problems.append(f"{f.label()}: angka kecamatan {kecamatan} baris {f.line} akan menjadi negatif "
                                   f"({format_number(old)} {f.after - f.before:+d})")
            continue
        result.kecamatan_figures[f.line] = (old, new)
    return result


# ------------------------------------------------------------------------------------------------ recording
def record_recount(
    service: RecapService, key: str, tps: str, figures: Sequence[FigureInput], *, reason: str,
    keberatan_id: int | None, held_on: str | None = None, sirekap_note: str = "",
    input_problems: Sequence[str] = (),
) -> Recount:
    """Record a recount of ``tps`` in contest ``key`` and move the kecamatan's figures by the differences.

    One transaction under the chain lock: ``recount.add`` with the row, then one ``entry.set`` per changed line
    (payload ``reason``, ``keberatan``, ``recount``). ``held_on`` is the date of the recount (YYYY-MM-DD; today
    when None). RecountError (a ValidationError, Indonesian, naming each row or line) when anything is wrong —
    every problem, those of ``input_problems`` (rows of the input left out of ``figures``, e.g. by
    :func:`read_figures_csv`) included; nothing is written then.
    """
    contest = service.contest(key)
    catalogue = LineCatalogue(contest)
    problems: list[str] = list(input_problems)
    checkable = True  # the database checks need a valid TPS code and a keberatan number
    try:
        tps = check_tps_code(tps, contest)
    except ValueError as exc:
        problems.append(str(exc))
        checkable = False
    reason = reason.strip()
    if not reason:
        problems.append("alasan hitung ulang wajib diisi")
    if keberatan_id is None:
        problems.append("hitung ulang wajib menyebut nomor keberatan/kejadian khusus yang dijawabnya")
    day = held_on or date.today().isoformat()
    try:
        date.fromisoformat(day)
    except ValueError:
        problems.append(f"tanggal hitung ulang {day!r} tidak sah (bentuknya TTTT-BB-HH)")
    if not checkable or keberatan_id is None:
        inputs = check_inputs(contest, figures, catalogue)
        raise RecountError([*problems, *(p for p in inputs if not (input_problems and p == NO_FIGURES))])
    with service.transaction() as conn:
        head = audit.lock_head(conn)  # first: what is known and the kecamatan figures are read under the lock
        listing = tps_listing_problem(conn, tps)
        if listing:
            problems.append(listing)
        problems.extend(_check_keberatan(conn, key, tps, keberatan_id))
        result = plan(conn, contest, tps, figures, sirekap_note=sirekap_note, catalogue=catalogue)
        # every row of the input was bad: those rows are named, "no figures" would only repeat it
        problems.extend(p for p in result.problems if not (input_problems and p == NO_FIGURES))
        if problems:
            raise RecountError(problems)
        uses_note = any(li.basis == BASIS_SIREKAP and li.known != li.before for li in result.lines)
        new_id = conn.execute(insert(RecountRow).values(
            contest=key, tps=tps, kecamatan=tps[:6], keberatan_id=keberatan_id, reason=reason, held_on=day,
            figures=json.dumps([li.as_json() for li in result.lines], separators=(",", ":")),
            sirekap_note=sirekap_note.strip() if uses_note else "", created_at=audit.now_iso(),
        ).returning(RecountRow.id)).scalar_one()
        row = Session(conn).scalars(select(RecountRow).where(RecountRow.id == new_id)).one()
        service.log_event(conn, "recount.add", contest=key, kecamatan=tps[:6],
                          payload={"row": audit.row_snapshot(row)}, head=head)
        for line, (_old, new) in result.kecamatan_figures.items():
            service.set_entry_in(conn, key, line, tps[:6], new, reason=f"hitung ulang TPS {tps}: {reason}",
                                 keberatan_id=keberatan_id, extra={"recount": int(new_id)})
        return _from_row(row)


def tps_listing_problem(conn: Connection, tps: str) -> str | None:
    """Why ``tps`` is not a TPS of the reference data, or None. Checked only as far as the reference goes: the desa
    when the kecamatan's desa are listed, the TPS when the desa's TPS are listed (else its TPS count)."""
    desa = tps[:10]
    listed_desa = set(conn.execute(select(RegionRow.code).where(
        RegionRow.parent_code == tps[:6], RegionRow.level == int(Level.DESA))).scalars())
    if listed_desa and desa not in listed_desa:
        return f"desa {desa} tidak ada di kecamatan {tps[:6]} menurut data referensi"
    listed_tps = set(conn.execute(select(RegionRow.code).where(
        RegionRow.parent_code == desa, RegionRow.level == int(Level.TPS))).scalars())
    if listed_tps:
        if tps not in listed_tps:
            return f"TPS {tps} tidak ada di desa {desa} menurut data referensi ({len(listed_tps)} TPS terdaftar)"
        return None
    count = conn.execute(select(RegionRow.tps_count).where(RegionRow.code == desa)).scalar_one_or_none()
    if count and int(tps[10:]) > count:
        return f"desa {desa} hanya punya {count} TPS menurut data referensi; TPS {tps[10:]} tidak ada"
    return None


def _check_keberatan(conn: Connection, key: str, tps: str, keberatan_id: int) -> list[str]:
    row = Session(conn).scalars(select(KeberatanRow).where(KeberatanRow.id == keberatan_id)).one_or_none()
    if row is None or row.contest != key:
        return [f"keberatan #{keberatan_id} tidak ada pada kontes ini"]
    problems = []
    if row.status == "ditolak":
        problems.append(f"keberatan #{keberatan_id} sudah ditolak pleno; hitung ulang tidak dapat didasarkan "
                        "padanya")
    if row.tps and row.tps != tps:
        problems.append(f"keberatan #{keberatan_id} menyangkut TPS {row.tps}, bukan TPS {tps}")
    elif row.kecamatan and row.kecamatan != tps[:6]:
        problems.append(f"keberatan #{keberatan_id} menyangkut kecamatan {row.kecamatan}, bukan {tps[:6]}")
    return problems


# ------------------------------------------------------------------------------------------------ reading
def _from_row(row: RecountRow) -> Recount:
    lines = tuple(
        RecountLine(str(d["line"]), int(d["before"]), int(d["after"]),
                    None if d.get("known") is None else int(d["known"]), str(d.get("basis") or ""),
                    None if d.get("ref") is None else int(d["ref"]))
        for d in json.loads(row.figures)
    )
    return Recount(row.id, row.contest, row.tps, row.kecamatan, row.keberatan_id, row.reason, row.held_on, lines,
                   row.sirekap_note, row.created_at)


def _recounts(conn: Connection, key: str | None = None, tps: str | None = None) -> list[Recount]:
    stmt = select(RecountRow).order_by(RecountRow.id)
    if key is not None:
        stmt = stmt.where(RecountRow.contest == key)
    if tps is not None:
        stmt = stmt.where(RecountRow.tps == tps)
    return [_from_row(r) for r in Session(conn).scalars(stmt)]


def recounts(service: RecapService, key: str | None = None, tps: str | None = None) -> list[Recount]:
    """The recounts recorded (of contest ``key`` / TPS ``tps`` when given), oldest first."""
    with service.engine.connect() as conn:
        return _recounts(conn, key, tps)


def preview(service: RecapService, key: str, tps: str, figures: Sequence[FigureInput], *,
            sirekap_note: str = "") -> RecountPlan:
    """What :func:`record_recount` would do now (no lock, nothing written): for the dialog's live preview."""
    contest = service.contest(key)
    with service.engine.connect() as conn:
        return plan(conn, contest, tps, figures, sirekap_note=sirekap_note)


def known_for(service: RecapService, key: str, tps: str) -> dict[str, Known]:
    """:func:`known_figures` on a fresh connection."""
    contest = service.contest(key)
    with service.engine.connect() as conn:
        return known_figures(conn, contest, tps)


def contest_of_tps(service: RecapService, ballot: str, dapil: str | None, tps: str) -> Contest:
    """The contest of ``ballot`` (and ``dapil``) that holds the TPS's kecamatan; ValidationError otherwise."""
    from rekap_desktop.ballot import Ballot

    try:
        b = Ballot.parse(ballot)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    if dapil:
        return service.find_contest(b.value, dapil)
    found = [c for c in service.contests() if c.ballot is b and c.has_kecamatan(tps.strip()[:6])]
    if not found:
        raise ValidationError(f"tidak ada kontes {b.label} yang memuat kecamatan {tps.strip()[:6]} (TPS {tps})")
    return found[0]


def desa_of(service: RecapService, kecamatan: str) -> list[tuple[str, str, int | None]]:
    """(code, name, TPS count) of the desa/kelurahan of a kecamatan in the reference data, by code."""
    with service.engine.connect() as conn:
        rows = conn.execute(
            select(RegionRow.code, RegionRow.name, RegionRow.tps_count)
            .where(RegionRow.parent_code == kecamatan, RegionRow.level == int(Level.DESA))
            .order_by(RegionRow.code)
        )
        return [(r.code, r.name, r.tps_count) for r in rows]


def as_inputs(items: Iterable[tuple[str, int, int]]) -> list[FigureInput]:
    """(line, before, after) tuples as FigureInput (no origin)."""
    return [FigureInput(line, before, after) for line, before, after in items]
