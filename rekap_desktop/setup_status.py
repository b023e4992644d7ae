"""What the setup has loaded and what is still missing (:class:`SetupStatus`): the counts of regions, dapil,
seats, parties, candidates and office data, and the Indonesian "belum ada …" list shown by ``init``,
``import-reference`` and the setup wizard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import contest_key
from rekap_desktop.models import SirekapSnapshotRow
from rekap_desktop.numbers import format_number
from rekap_desktop.reference_files.formats import OFFICE_KEYS
from rekap_desktop.reference_files.state import DKI_JAKARTA, DPD_BLOCK, LEGISLATIVE, ReferenceState
from rekap_desktop.services import RecapService
from rekap_desktop.setup_store import read_state


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

