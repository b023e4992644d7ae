"""Setting up a real kabupaten: init, the reference files, the dependency check, and what is still missing.

Pure core (no Qt); the command line (``init``, ``import-reference``) and the setup wizard call:

* :func:`init_kabupaten` — which kabupaten/kota this database is for (codes and names from the shipped list);
* :func:`load_reference_files` — load template files (:mod:`rekap_desktop.reference_files`) and Sirekap name
  lists; every file is checked against what is already stored and applied **whole or not at all**, in one
  transaction with its audit event; a change that figures already depend on is refused with the reason;
* :func:`setup_status` — what is loaded, and the Indonesian "belum ada …" list of what is still missing;
* :func:`provinces`, :func:`kabupaten_of` — the shipped list of provinces and kabupaten/kota
  (``resources/reference``).

Semantics of a file, per kind (docs/panduan-persiapan.md): ``wilayah`` adds or updates the regions it lists
(never removes); ``dapil`` is the whole composition of each ballot it names; ``partai_dapil`` the whole list of
parties of each dapil it names; ``calon`` the whole list of each (dapil, party) it names; ``calon_dpd`` and
``paslon`` the whole list; ``partai`` and ``kantor`` update the entries they name.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, TypeAlias

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Dapil, contest_key
from rekap_desktop.models import (
    CandidateRow,
    DapilKecamatanRow,
    DapilPartyRow,
    DapilRow,
    EntryRow,
    KeberatanRow,
    PartyRow,
    PaslonRow,
    RegionRow,
    SettingRow,
    SirekapSnapshotRow,
)
from rekap_desktop.numbers import format_number
from rekap_desktop.participants import Candidate, Party, Paslon
from rekap_desktop.reference import DapilSpec, ReferenceData, RegionRecord, load_settings
from rekap_desktop.reference_files.check import MAX_NAME, FileResult
from rekap_desktop.reference_files.checker import FileChecker
from rekap_desktop.reference_files.formats import OFFICE_KEYS
from rekap_desktop.reference_files.read import Problem, ReferenceSource, read_reference_sources
from rekap_desktop.reference_files.state import (
    DKI_JAKARTA,
    DPD_BLOCK,
    LEGISLATIVE,
    BlockKey,
    ReferenceState,
    describe_changes,
)
from rekap_desktop.region import Level
from rekap_desktop.services import RecapService

EXIT_OK = 0
EXIT_INPUT = 2  # as ui.cli: bad arguments or bad input, nothing (more) written


class SetupError(Exception):
    """A setup step refused; the message is Indonesian and nothing was written."""


# ============================================================================================ shipped region list
@dataclass(frozen=True, slots=True)
class RegionName:
    """A province (2 digits) or kabupaten/kota (4 digits) of the shipped list."""

    code: str
    name: str  # as Sirekap writes it: "JAWA TIMUR", "SAMPANG", "KOTA BATU"
    sirekap_id: int | None = None

    @property
    def is_kota(self) -> bool:
        return self.name.startswith("KOTA ")

    @property
    def title(self) -> str:
        """"PROVINSI JAWA TIMUR", "KABUPATEN SAMPANG", "KOTA BATU"."""
        if len(self.code) == 2:
            return f"PROVINSI {self.name}"
        return self.name if self.is_kota or self.name.startswith("KABUPATEN ") else f"KABUPATEN {self.name}"


@functools.cache
def _shipped(name: str) -> Any:
    text = resources.files("resources").joinpath("reference", name).read_text(encoding="utf-8")
    return json.loads(text)


def provinces() -> list[RegionName]:
    """The 38 provinces with their Kemendagri codes, by code."""
    return [RegionName(p["kode"], p["nama"]) for p in _shipped("provinsi.json")]


def kabupaten_of(province: str) -> list[RegionName]:
    """The kabupaten/kota of a province, by code; empty when the shipped list does not cover that province."""
    entries = _shipped("kabupaten.json").get(province, [])
    return [RegionName(k["kode"], k["nama"], k.get("id")) for k in entries]


def _province(code: str) -> RegionName | None:
    return next((p for p in provinces() if p.code == code), None)


# ============================================================================================ the stored reference
def read_state(conn: Connection) -> ReferenceState:
    state = ReferenceState(settings=load_settings(conn))
    for r in conn.execute(select(RegionRow.code, RegionRow.name, RegionRow.tps_count, RegionRow.dpt,
                                 RegionRow.sirekap_id)):
        state.regions[r.code] = RegionRecord(r.code, r.name, r.tps_count, r.dpt, r.sirekap_id)
    for p in conn.execute(select(PartyRow)):
        state.parties[p.number] = Party(p.number, p.short_name, p.full_name, p.is_aceh, p.color, p.sirekap_id)
    for s in conn.execute(select(PaslonRow)):
        state.paslon[s.number] = Paslon(s.number, s.sirekap_id, s.name, s.color)
    members: dict[int, list[str]] = {}
    for m in conn.execute(select(DapilKecamatanRow.dapil_id, DapilKecamatanRow.kecamatan)):
        members.setdefault(m.dapil_id, []).append(m.kecamatan)
    parties: dict[int, list[int]] = {}
    for dp in conn.execute(select(DapilPartyRow.dapil_id, DapilPartyRow.party)):
        parties.setdefault(dp.dapil_id, []).append(dp.party)
    dapil_code: dict[int, str] = {}
    for d in conn.execute(select(DapilRow)):
        ballot = Ballot(d.ballot)
        dapil_code[d.id] = d.code
        state.dapils[(ballot, d.code)] = DapilSpec(
            Dapil(ballot, d.code, d.name, d.note, d.kursi), tuple(sorted(members.get(d.id, ()))),
            tuple(sorted(parties.get(d.id, ()))),
        )
    blocks: dict[BlockKey, list[Candidate]] = {}
    for c in conn.execute(select(CandidateRow)):
        key = (Ballot(c.ballot), dapil_code.get(c.dapil_id) if c.dapil_id is not None else None, c.party)
        blocks.setdefault(key, []).append(Candidate(c.number, c.name, c.party, c.gender, c.sirekap_id))
    state.candidates = {k: tuple(sorted(v, key=lambda c: c.number)) for k, v in blocks.items()}
    return state


def write_changes(
    conn: Connection, old: ReferenceState, new: ReferenceState, changes: dict[str, int] | None = None,
) -> dict[str, int]:
    """Write the difference ``old`` → ``new`` inside the caller's transaction; returns :func:`describe_changes`
    (pass it as ``changes`` when already known)."""
    changes = describe_changes(old, new) if changes is None else changes
    if not changes:
        return changes
    for key in sorted(set(old.settings) | set(new.settings)):
        if old.settings.get(key) != new.settings.get(key):
            conn.execute(delete(SettingRow).where(SettingRow.key == key))
            if key in new.settings:
                conn.execute(insert(SettingRow).values(key=key, value=new.settings[key]))
    _write_regions(conn, old, new)
    for number, party in sorted(new.parties.items()):
        if old.parties.get(number) == party:
            continue
        values = {"short_name": party.short_name, "full_name": party.full_name, "is_aceh": party.is_aceh,
                  "color": party.color, "sirekap_id": party.sirekap_id}
        if number in old.parties:
            conn.execute(update(PartyRow).where(PartyRow.number == number).values(**values))
        else:
            conn.execute(insert(PartyRow).values(number=number, **values))
    for number in sorted(set(old.paslon) | set(new.paslon)):
        before, after = old.paslon.get(number), new.paslon.get(number)
        if before == after:
            continue
        if after is None:
            conn.execute(delete(PaslonRow).where(PaslonRow.number == number))
            continue
        pvalues = {"sirekap_id": after.sirekap_id, "name": after.name, "color": after.color}
        if before is None:
            conn.execute(insert(PaslonRow).values(number=number, **pvalues))
        else:
            conn.execute(update(PaslonRow).where(PaslonRow.number == number).values(**pvalues))
    _write_dapils_and_candidates(conn, old, new)
    return changes


def _write_regions(conn: Connection, old: ReferenceState, new: ReferenceState) -> None:
    def row(r: RegionRecord) -> dict[str, Any]:
        level = r.level
        parent = None if level is Level.PROVINSI else r.code[: Level(level - 1).code_length]
        return {"code": r.code, "name": r.name, "level": int(level), "parent_code": parent, "tps_count": r.tps_count,
                "dpt": r.dpt, "sirekap_id": r.sirekap_id}

    added = [row(r) for c, r in new.regions.items() if c not in old.regions]
    changed = [row(r) for c, r in new.regions.items() if c in old.regions and old.regions[c] != r]
    if added:
        conn.execute(insert(RegionRow), added)
    if changed:
        conn.execute(
            update(RegionRow).where(RegionRow.code == bindparam("b_code")).values(
                name=bindparam("b_name"), tps_count=bindparam("b_tps_count"), dpt=bindparam("b_dpt"),
                sirekap_id=bindparam("b_sirekap_id"),
            ),
            [{f"b_{k}": v for k, v in r.items() if k in ("code", "name", "tps_count", "dpt", "sirekap_id")}
             for r in changed],
        )


def _write_dapils_and_candidates(conn: Connection, old: ReferenceState, new: ReferenceState) -> None:
    ids = {(Ballot(r.ballot), r.code): r.id for r in conn.execute(select(DapilRow.id, DapilRow.ballot, DapilRow.code))}
    blocks = [k for k in set(old.candidates) | set(new.candidates) if old.candidates.get(k) != new.candidates.get(k)]

    def block_where(key: BlockKey) -> list[Any]:
        ballot, dapil, party = key
        return [
            CandidateRow.ballot == ballot.value,
            CandidateRow.dapil_id.is_(None) if dapil is None else CandidateRow.dapil_id == ids[(ballot, dapil)],
            CandidateRow.party.is_(None) if party is None else CandidateRow.party == party,
        ]

    for block in blocks:
        if block in old.candidates:
            conn.execute(delete(CandidateRow).where(*block_where(block)))
    for gone in [k for k in old.dapils if k not in new.dapils]:
        gone_id = ids.pop(gone)
        for table in (CandidateRow, DapilKecamatanRow, DapilPartyRow):
            conn.execute(delete(table).where(table.dapil_id == gone_id))
        conn.execute(delete(DapilRow).where(DapilRow.id == gone_id))
    for key, spec in new.dapils.items():
        before = old.dapils.get(key)
        if before == spec:
            continue
        d = spec.dapil
        if before is None:
            ids[key] = conn.execute(
                insert(DapilRow).values(ballot=d.ballot.value, code=d.code, name=d.name, note=d.note, kursi=d.seats)
                .returning(DapilRow.id)
            ).scalar_one()
            old_kec: set[str] = set()
            old_parties: set[int] = set()
        else:
            if before.dapil != d:
                conn.execute(update(DapilRow).where(DapilRow.id == ids[key]).values(name=d.name, note=d.note,
                                                                                    kursi=d.seats))
            old_kec, old_parties = set(before.kecamatan), set(before.parties)
        dapil_id = ids[key]
        gone_kec = old_kec - set(spec.kecamatan)
        if gone_kec:
            conn.execute(delete(DapilKecamatanRow).where(DapilKecamatanRow.dapil_id == dapil_id,
                                                         DapilKecamatanRow.kecamatan.in_(sorted(gone_kec))))
        new_kec = sorted(set(spec.kecamatan) - old_kec)
        if new_kec:
            conn.execute(insert(DapilKecamatanRow), [{"dapil_id": dapil_id, "kecamatan": k} for k in new_kec])
        gone_parties = old_parties - set(spec.parties)
        if gone_parties:
            conn.execute(delete(DapilPartyRow).where(DapilPartyRow.dapil_id == dapil_id,
                                                     DapilPartyRow.party.in_(sorted(gone_parties))))
        new_parties = sorted(set(spec.parties) - old_parties)
        if new_parties:
            conn.execute(insert(DapilPartyRow), [{"dapil_id": dapil_id, "party": p} for p in new_parties])
    rows = []
    for block in sorted(blocks, key=lambda k: (k[0].value, k[1] or "", k[2] or 0)):
        ballot, dapil, _party = block
        for c in new.candidates.get(block, ()):
            rows.append({"ballot": ballot.value, "dapil_id": ids[(ballot, dapil)] if dapil else None,
                         "party": c.party, "number": c.number, "name": c.name, "gender": c.gender,
                         "sirekap_id": c.sirekap_id})
    if rows:
        conn.execute(insert(CandidateRow), rows)


# ============================================================================================ dependency check
def _figures(conn: Connection, contest: str, *, kecamatan: str | None = None, line_prefix: str | None = None) -> int:
    stmt = select(func.count()).select_from(EntryRow).where(EntryRow.contest == contest)
    if kecamatan is not None:
        stmt = stmt.where(EntryRow.kecamatan == kecamatan)
    if line_prefix is not None:
        stmt = stmt.where(EntryRow.line.startswith(line_prefix, autoescape=True))
    return int(conn.execute(stmt).scalar_one())


def dependency_problems(conn: Connection, old: ReferenceState, new: ReferenceState) -> list[str]:
    """Why the change ``old`` → ``new`` may not be made: manual figures (or keberatan) depend on what changes.

    Allowed whatever the figures: renaming a region, dapil, party or candidate; adding regions, TPS, dapil,
    kecamatan to a dapil, parties; changing DPT or Sirekap ids. Refused once figures exist: removing a dapil,
    taking a kecamatan out of a dapil, removing a party from a dapil, changing the candidate numbers of a party,
    of DPD or the paslon numbers — each only when the figures concerned exist.
    """
    why: list[str] = []
    for key, spec in sorted(old.dapils.items()):
        ballot, code = key
        contest = contest_key(ballot, code)
        title = f"dapil {spec.dapil.name} ({code}) {ballot.label}"
        after = new.dapils.get(key)
        if after is None:
            n = _figures(conn, contest)
            n += int(conn.execute(select(func.count()).select_from(KeberatanRow)
                                  .where(KeberatanRow.contest == contest)).scalar_one())
            if n:
                why.append(f"{title} tidak dapat dihapus: sudah ada {n} angka/keberatan untuk dapil ini")
            continue
        for kec in sorted(set(spec.kecamatan) - set(after.kecamatan)):
            n = _figures(conn, contest, kecamatan=kec)
            if n:
                why.append(f"kecamatan {old.region_label(kec)} tidak dapat dikeluarkan dari {title}: sudah ada {n} "
                           "angka kecamatan itu")
        before_parties, after_parties = old.effective_parties(key), new.effective_parties(key)
        for party in before_parties:
            if party not in after_parties:
                n = _figures(conn, contest, line_prefix=f"IV.{party}.")
                if n:
                    why.append(f"{old.party_label(party)} tidak dapat dihapus dari {title}: sudah ada {n} angka "
                               "partai itu")
            elif _numbers(old.candidates.get((ballot, code, party))) != _numbers(
                    new.candidates.get((ballot, code, party))):
                n = _figures(conn, contest, line_prefix=f"IV.{party}.")
                if n:
                    why.append(f"nomor urut calon {old.party_label(party)} di {title} tidak dapat diubah: sudah ada "
                               f"{n} angka partai itu (mengganti nama calon tetap boleh)")
    if _numbers(old.candidates.get(DPD_BLOCK)) != _numbers(new.candidates.get(DPD_BLOCK)):
        n = _figures(conn, Ballot.PDPD.value, line_prefix="IV.")
        if n:
            why.append(f"nomor urut calon DPD tidak dapat diubah: sudah ada {n} angka perolehan suara DPD "
                       "(mengganti nama calon tetap boleh)")
    if set(old.paslon) != set(new.paslon):
        n = _figures(conn, Ballot.PPWP.value, line_prefix="IV.")
        if n:
            why.append(f"nomor paslon tidak dapat diubah: sudah ada {n} angka perolehan suara paslon "
                       "(mengganti nama tetap boleh)")
    return why


def _numbers(block: Sequence[Candidate] | None) -> tuple[int, ...]:
    return tuple(c.number for c in block or ())


# ============================================================================================ loading files
@dataclass
class ReferenceLoadResult:
    files: list[FileResult]
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.files)

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems]

    @property
    def warnings(self) -> list[Problem]:
        return [w for f in self.files for w in f.warnings]


def check_source(conn: Connection, state: ReferenceState, source: ReferenceSource) -> tuple[FileResult, ReferenceState]:
    """Check one file against ``state`` (and the figures in ``conn``): its result and the state after it.

    When the result has problems the returned state is ``state`` itself (nothing applies).
    """
    checker = FileChecker(state, source)
    result = checker.run()
    if result.ok:
        for reason in dependency_problems(conn, state, checker.state):
            result.problems.append(Problem(source.source, reason))
    if not result.ok:
        return result, state
    result.changes = describe_changes(state, checker.state)
    return result, checker.state


# ============================================================================================ loading files
class _Refused(Exception):
    """Internal: rolls back the transaction of a file that has problems."""


def load_reference_files(
    service: RecapService, paths: Sequence[Path | str], *, dry_run: bool = False,
) -> ReferenceLoadResult:
    """Load reference files (templates, Sirekap name lists; files, folders or zip archives).

    Files are applied in the order of preparation (wilayah → partai → dapil → partai peserta → DCT → DPD →
    paslon → kantor), whatever the order given. Each file is checked against the stored data plus the files
    before it and applied whole in one transaction with its audit event, or — when it has any problem — not at
    all. ``dry_run`` checks everything (each file seeing the ones before it) and writes nothing.
    """
    outcome = read_reference_sources(paths)
    results = [FileResult(source, None, problems=[problem]) for source, problem in outcome.failed]
    if dry_run:
        with service.engine.connect() as conn:
            state = read_state(conn)
            for source in outcome.sources:
                result, state = check_source(conn, state, source)
                results.append(result)
        return ReferenceLoadResult(results, dry_run=True)
    for source in outcome.sources:
        results.append(_apply_source(service, source))
    return ReferenceLoadResult(results)


def _apply_source(service: RecapService, source: ReferenceSource) -> FileResult:
    outcome: list[FileResult] = []

    def change(conn: Connection) -> dict[str, Any] | None:
        state = read_state(conn)
        result, new_state = check_source(conn, state, source)
        outcome.append(result)
        if not result.ok:
            raise _Refused
        if not result.changes:
            return None
        write_changes(conn, state, new_state, result.changes)
        return {"file": source.source, "sha256": source.sha256, "kind": source.kind.value, "changes": result.changes}

    with contextlib.suppress(_Refused):  # problems: rolled back, reported in the result
        service.apply_reference(change, note=f"{source.kind.label}: {Path(source.source).name}")
    return outcome[0]


def current_reference(service: RecapService) -> ReferenceData:
    """The stored reference data (for export in template format:
    :func:`rekap_desktop.reference_files.write.reference_rows`)."""
    with service.engine.connect() as conn:
        return read_state(conn).as_reference()


# ============================================================================================ init
@dataclass(frozen=True)
class InitResult:
    kabupaten: RegionName
    provinsi: RegionName
    created: bool  # False: the database was already set up for this kabupaten/kota


def check_kabupaten(kode: str, nama: str | None = None) -> tuple[RegionName, RegionName]:
    """The kabupaten/kota and its province for ``init``; SetupError (Indonesian) for a bad code or name."""
    code = kode.strip()
    if len(code) != 4 or not code.isdigit():
        raise SetupError(f"kode kabupaten/kota harus 4 digit angka (mis. 3527), bukan {kode!r}")
    province = _province(code[:2])
    if province is None:
        raise SetupError(f"kode provinsi {code[:2]} (dari kode {code}) tidak dikenal; kode provinsi yang sah: "
                         f"{', '.join(p.code for p in provinces())}")
    known = {k.code: k for k in kabupaten_of(province.code)}
    name = " ".join((nama or "").split()).upper()
    if not name:
        if code not in known:
            where = "tidak ada di daftar" if known else "daftar provinsi ini tidak dibawa aplikasi"
            raise SetupError(f"nama kabupaten/kota {code} tidak diketahui ({where}); isi --nama")
        return known[code], province
    if len(name) > MAX_NAME:
        raise SetupError(f"nama kabupaten/kota terlalu panjang ({len(name)} huruf)")
    shipped = known.get(code)
    return RegionName(code, name, shipped.sirekap_id if shipped else None), province


def init_kabupaten(service: RecapService, kode: str, nama: str | None = None) -> InitResult:
    """Set the database up for one kabupaten/kota: codes and names in the settings, the province and kabupaten
    regions, and a default office name. Refused (SetupError) when the database belongs to another kabupaten."""
    kab, prov = check_kabupaten(kode, nama)
    created: list[bool] = []

    def change(conn: Connection) -> dict[str, Any] | None:
        state = read_state(conn)
        existing = state.kabupaten
        if existing and existing != kab.code:
            name = state.settings.get("kabupaten_nama", "")
            raise SetupError(f"basis data ini sudah disiapkan untuk kabupaten/kota {existing} {name}".rstrip()
                             + f"; tidak dapat dipakai untuk {kab.code} {kab.name}. Gunakan basis data lain.")
        foreign = sorted(c for c in state.regions if len(c) >= 6 and not c.startswith(kab.code))
        if foreign:
            raise SetupError(f"basis data ini sudah berisi wilayah kabupaten/kota lain (mis. {foreign[0]}); "
                             "gunakan basis data lain")
        created.append(not existing)
        new = state.copy()
        new.settings.update(kabupaten_kode=kab.code, kabupaten_nama=kab.name, provinsi_kode=prov.code,
                            provinsi_nama=prov.name)
        new.settings.setdefault("kantor", f"KOMISI PEMILIHAN UMUM {kab.title}")
        for region in (prov, kab):
            before = new.regions.get(region.code)
            new.regions[region.code] = (
                replace(before, name=region.name, sirekap_id=region.sirekap_id or before.sirekap_id)
                if before else RegionRecord(region.code, region.name, sirekap_id=region.sirekap_id)
            )
        changes = write_changes(conn, state, new)
        return {"init": kab.code, "changes": changes} if changes else None

    service.apply_reference(change, note=f"init {kab.code} {kab.name}")
    return InitResult(kab, prov, created[0])


# ============================================================================================ status
@dataclass(frozen=True)
class SetupStatus:
    """What is loaded and what is still missing (``missing``: Indonesian "belum ada …" items)."""

    kabupaten_kode: str
    kabupaten_nama: str
    provinsi_kode: str
    provinsi_nama: str
    kecamatan: int = 0
    desa: int = 0
    tps: int = 0
    dpt: int = 0  # sum of the DPT of the TPS
    dapil: dict[str, int] = field(default_factory=dict)  # ballot code → number of dapil
    seats: dict[str, int] = field(default_factory=dict)  # ballot code → seats of its dapil that have a kursi figure
    parties_per_dapil: dict[str, int] = field(default_factory=dict)  # contest key → parties taking part
    candidates: dict[str, int] = field(default_factory=dict)  # contest key (pdpd for DPD) → candidates
    paslon: int = 0
    office: dict[str, str] = field(default_factory=dict)  # kantor keys that are filled in
    sirekap_snapshots: int = 0
    missing: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing

    def lines(self) -> list[str]:
        if not self.kabupaten_kode:
            return [f"Belum ada: {m}" for m in self.missing]
        out = [
            f"Kabupaten/Kota: {self.kabupaten_kode} {self.kabupaten_nama}; Provinsi {self.provinsi_kode} "
            f"{self.provinsi_nama}",
            f"Wilayah: {self.kecamatan} kecamatan, {format_number(self.desa)} desa/kelurahan, "
            f"{format_number(self.tps)} TPS, DPT {format_number(self.dpt)}",
            "Dapil: " + (", ".join(f"{Ballot(b).label} {n}" + (f" ({self.seats[b]} kursi)" if self.seats.get(b) else "")
                                   for b, n in self.dapil.items()) or "-"),
            "Calon: " + (", ".join(f"{k} {n}" for k, n in self.candidates.items()) or "-")
            + f"; paslon {self.paslon}",
            "Kantor: " + (", ".join(f"{k}" for k in self.office) or "-"),
            f"Data Sirekap: {self.sirekap_snapshots} kali impor",
        ]
        if self.missing:
            out.append("Masih belum ada:")
            out.extend(f"  - {m}" for m in self.missing)
        else:
            out.append("Data referensi lengkap.")
        return out


def setup_status(service: RecapService) -> SetupStatus:
    with service.engine.connect() as conn:
        state = read_state(conn)
        snapshots = int(conn.execute(select(func.count()).select_from(SirekapSnapshotRow)).scalar_one())
    return status_of(state, snapshots)


def _some(items: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" dan {len(items) - limit} lainnya" if len(items) > limit else "")


def status_of(state: ReferenceState, sirekap_snapshots: int = 0) -> SetupStatus:
    s = state.settings
    kab = state.kabupaten
    if not kab:
        return SetupStatus("", "", "", "", missing=("kabupaten/kota: jalankan 'rekap-desktop init --db … "
                                                    "--kabupaten KODE'",))
    missing: list[str] = []
    kec = state.kecamatan_codes()
    desa = sorted(c for c in state.regions if len(c) == 10 and c.startswith(kab))
    tps = [r for c, r in state.regions.items() if len(c) == 13 and c.startswith(kab)]
    if not kec:
        missing.append("belum ada kecamatan (berkas wilayah)")
    desa_of = {c[:6] for c in desa}
    tps_of = {r.code[:10] for r in tps}
    if kec and not desa:
        missing.append("belum ada desa/kelurahan (berkas wilayah)")
    elif kec:
        lacking = [state.region_label(k) for k in kec if k not in desa_of]
        if lacking:
            missing.append(f"belum ada desa/kelurahan di kecamatan {_some(lacking)}")
    if desa and not tps:
        missing.append("belum ada TPS (berkas wilayah, dengan DPT per TPS)")
    elif tps:
        lacking = [state.region_label(d) for d in desa if d not in tps_of]
        if lacking:
            missing.append(f"belum ada TPS di {len(lacking)} desa/kelurahan: {_some(lacking)}")
        without = sum(r.dpt is None for r in tps)
        if without:
            missing.append(f"belum ada DPT untuk {format_number(without)} TPS")
    dapil_count: dict[str, int] = {}
    seat_count: dict[str, int] = {}
    parties: dict[str, int] = {}
    candidates: dict[str, int] = {}
    for ballot in LEGISLATIVE:
        if ballot is Ballot.PDPRDK and state.province == DKI_JAKARTA:
            continue
        specs = [d for k, d in sorted(state.dapils.items()) if k[0] is ballot]
        dapil_count[ballot.value] = len(specs)
        if not specs:
            missing.append(f"belum ada dapil {ballot.label} (berkas susunan dapil)")
            continue
        seat_count[ballot.value] = sum(d.dapil.seats or 0 for d in specs)
        if ballot is Ballot.PDPRDK:
            no_seats = [f"{d.dapil.name} ({d.dapil.code})" for d in specs if d.dapil.seats is None]
            if no_seats:
                missing.append(f"belum ada jumlah kursi dapil {_some(no_seats)} {ballot.label} (kolom kursi berkas "
                               "susunan dapil)")
        inside = {k for d in specs for k in d.kecamatan}
        lacking = [state.region_label(k) for k in kec if k not in inside]
        if lacking:
            missing.append(f"belum ada dapil {ballot.label} untuk kecamatan {_some(lacking)}")
        for spec in specs:
            key = (ballot, spec.dapil.code)
            contest = contest_key(ballot, spec.dapil.code)
            title = f"dapil {spec.dapil.name} ({spec.dapil.code}) {ballot.label}"
            effective = state.effective_parties(key)
            parties[contest] = len(effective)
            candidates[contest] = sum(len(state.candidates.get((ballot, spec.dapil.code, p), ())) for p in effective)
            if not effective:
                missing.append(f"belum ada partai peserta dan DCT di {title}")
                continue
            no_list = [state.party_label(p) for p in effective
                       if not state.candidates.get((ballot, spec.dapil.code, p))]
            if no_list:
                missing.append(f"belum ada DCT di {title} untuk {_some(no_list)}")
    candidates[Ballot.PDPD.value] = len(state.candidates.get(DPD_BLOCK, ()))
    if not candidates[Ballot.PDPD.value]:
        missing.append("belum ada calon DPD (berkas calon DPD)")
    if not state.paslon:
        missing.append("belum ada pasangan calon presiden dan wakil presiden (berkas paslon)")
    office = {k: s[k] for k in OFFICE_KEYS if s.get(k)}
    for item, what in (("kantor", "nama kantor KPU"), ("tempat", "tempat rapat pleno (aula) dan alamatnya"),
                       ("ketua", "ketua KPU Kabupaten/Kota"), ("anggota", "anggota KPU Kabupaten/Kota"),
                       ("sekretaris", "sekretaris KPU Kabupaten/Kota")):
        if item not in office:
            missing.append(f"belum ada {what} (berkas kantor)")
    return SetupStatus(
        kab, s.get("kabupaten_nama", ""), state.province, s.get("provinsi_nama", ""),
        kecamatan=len(kec), desa=len(desa), tps=len(tps), dpt=sum(r.dpt or 0 for r in tps),
        dapil=dapil_count, seats=seat_count, parties_per_dapil=parties, candidates=candidates, paslon=len(state.paslon),
        office=office, sirekap_snapshots=sirekap_snapshots, missing=tuple(missing),
    )


# ============================================================================================ command line
Writer: TypeAlias = Callable[[str], None]


def init_database(args: argparse.Namespace, out: Writer, err: Writer, *, actor: str = "init") -> int:
    """``rekap-desktop init --db DB --kabupaten KODE [--nama NAMA]``; ``actor`` is recorded in the audit log."""
    try:
        check_kabupaten(args.kabupaten, args.nama or None)
    except SetupError as exc:
        err(f"Tidak disiapkan: {exc}")
        return EXIT_INPUT
    service = RecapService.open(args.db, actor=actor)
    try:
        result = init_kabupaten(service, args.kabupaten, args.nama or None)
        status = setup_status(service)
    except SetupError as exc:
        err(f"Tidak disiapkan: {exc}")
        return EXIT_INPUT
    finally:
        service.close()
    verb = "disiapkan" if result.created else "sudah disiapkan (nama diperbarui)"
    out(f"Basis data {args.db} {verb} untuk {result.kabupaten.title} ({result.kabupaten.code}), "
        f"{result.provinsi.title} ({result.provinsi.code}).")
    out("Langkah berikutnya: import-reference wilayah → dapil → partai/DCT → paslon/DPD → kantor, lalu "
        "import-sirekap (lihat docs/panduan-persiapan.md).")
    if status.missing:
        out("Masih belum ada:")
        for item in status.missing:
            out(f"  - {item}")
    return EXIT_OK


def import_reference_cli(args: argparse.Namespace, service: RecapService, out: Writer, err: Writer) -> int:
    """``rekap-desktop import-reference --db DB PATH...``: exit 0 when every file loaded, 2 otherwise."""
    try:
        result = load_reference_files(service, args.paths)
        for f in result.files:
            (out if f.ok else err)(f.line())
            for problem in f.problems:
                err(f"  {problem}")
            for warning in f.warnings:
                out(f"  peringatan: {warning}")
        for line in setup_status(service).lines():
            out(line)
    finally:
        service.close()
    if not result.ok:
        err(f"{sum(not f.ok for f in result.files)} dari {len(result.files)} berkas DITOLAK; berkas lain dimuat.")
        return EXIT_INPUT
    return EXIT_OK
