"""Setting up a real kabupaten: the core operations of ``init`` and ``import-reference`` (docs/panduan-persiapan.md).

Pure core (no Qt); the command line (:mod:`ui.commands.setup`) and the setup wizard call:

* :func:`init_kabupaten` — which kabupaten/kota this database is for (codes and names from the shipped list,
  :mod:`rekap_desktop.region_names`);
* :func:`load_reference_files` — load template files (:mod:`rekap_desktop.reference_files`) and Sirekap name
  lists; every file is checked against what is already stored and applied **whole or not at all**, in one
  transaction with its audit event; a change that figures already depend on is refused with the reason
  (:mod:`rekap_desktop.setup_dependencies`).

The stored reference as plain values is read and written by :mod:`rekap_desktop.setup_store`; what is loaded and
what is still missing is :mod:`rekap_desktop.setup_status`.

Semantics of a file, per kind (docs/panduan-persiapan.md): ``wilayah`` adds or updates the regions it lists
(never removes); ``dapil`` is the whole composition of each ballot it names; ``partai_dapil`` the whole list of
parties of each dapil it names; ``calon`` the whole list of each (dapil, party) it names; ``calon_dpd`` and
``paslon`` the whole list; ``partai`` and ``kantor`` update the entries they name.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from rekap_desktop.reference import ReferenceData, RegionRecord
from rekap_desktop.reference_files.check import MAX_NAME, FileResult
from rekap_desktop.reference_files.checker import FileChecker
from rekap_desktop.reference_files.read import Problem, ReferenceSource, read_reference_sources
from rekap_desktop.reference_files.state import ReferenceState, describe_changes
from rekap_desktop.region_names import RegionName, kabupaten_of, province_by_code, provinces
from rekap_desktop.services import RecapService
from rekap_desktop.setup_dependencies import dependency_problems
from rekap_desktop.setup_store import read_state, write_changes


class SetupError(Exception):
    """A setup step refused; the message is Indonesian and nothing was written."""


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
        return {"file": name, "sha256": source.sha256, "kind": source.kind.value, "changes": result.changes}

    # the name the operator chose and the SHA-256, never the folder it was read from (e.g. a temporary one)
    name = source.name or Path(source.source).name
    with contextlib.suppress(_Refused):  # problems: rolled back, reported in the result
        service.apply_reference(change, note=f"{source.kind.label}: {name}")
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
    province = province_by_code(code[:2])
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

