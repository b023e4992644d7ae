"""Keberatan and kejadian khusus as the kabupaten's kejadian khusus form needs them: the domain values and checks.

An item is recorded in the plenary of one contest (ballot and dapil). Besides the saksi, the kecamatan and the
cells concerned it carries:

* ``level`` — where it comes from: ``"ppk"`` when it was written on the PPK's kejadian khusus form (part of the
  D.HASIL KECAMATAN box) and is still unresolved, so the KPU Kabupaten settles it; ``"kabupaten"`` when it is raised
  at this plenary (recap-domain.md §10, Pilkada-2024 analogue);
* ``jenis`` — what it is about: ``"angka"`` (figures) or ``"prosedur"`` (procedure) (PKPU 18/2024 Pasal 39(1),
  analogue for the Pemilu: saksi may object to procedure and/or to figures);
* ``tps`` — the 13-digit TPS code when it concerns one TPS (e.g. a recount), else ``""``;
* ``rekomendasi_bawaslu`` — when a saksi still objects after the KPU explained or corrected, the KPU asks Bawaslu
  and weighs its recommendation before deciding (PKPU 18/2024 Pasal 39(5)–(6), analogue);
* the decision: ``status`` ``terbuka`` → ``diterima`` | ``ditolak``, with ``tindak_lanjut`` (how it was followed
  up). A decision is final; a further objection is a new item.

The writes live in :mod:`rekap_desktop.keberatan_writes`, a part of the service (``add_keberatan``,
``record_rekomendasi``, ``resolve_keberatan``), each audited as ``keberatan.*`` with the row snapshot, so
``verify-audit`` re-derives the table. This module holds no database code: what the values may be, and the
Indonesian messages when they are not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rekap_desktop.contest import Contest
from rekap_desktop.lines import LineCatalogue

KINDS = ("keberatan", "kejadian_khusus")
LEVELS = ("kabupaten", "ppk")
JENIS = ("angka", "prosedur")
OUTCOMES = ("diterima", "ditolak")
STATUSES = ("terbuka", *OUTCOMES)

KIND_LABELS = {"keberatan": "Keberatan", "kejadian_khusus": "Kejadian khusus"}
LEVEL_LABELS = {"kabupaten": "Pleno kabupaten/kota", "ppk": "Dari PPK"}
JENIS_LABELS = {"angka": "Angka", "prosedur": "Prosedur"}
STATUS_LABELS = {"terbuka": "Belum diputus", "diterima": "Diterima", "ditolak": "Ditolak"}

MAX_NAME = 200  # peserta and saksi columns
TPS_RE = re.compile(r"^\d{13}$")


@dataclass(frozen=True, slots=True)
class Keberatan:
    """One keberatan or kejadian khusus of a contest, as stored (see the module docstring for the fields)."""

    id: int
    contest: str
    kind: str  # "keberatan" | "kejadian_khusus"
    kecamatan: str | None
    peserta: str
    saksi: str
    cells: tuple[str, ...]
    description: str
    status: str  # terbuka | diterima | ditolak
    tindak_lanjut: str
    created_at: str
    resolved_at: str | None
    level: str = "kabupaten"  # "kabupaten" | "ppk"
    jenis: str = "angka"  # "angka" | "prosedur"
    tps: str = ""  # 13-digit TPS code or ""
    rekomendasi_bawaslu: str = ""

    @property
    def decided(self) -> bool:
        return self.status != "terbuka"


@dataclass(frozen=True, slots=True)
class NewKeberatan:
    """The checked, normalised values of an item about to be recorded."""

    kind: str
    level: str
    jenis: str
    kecamatan: str | None
    tps: str
    peserta: str
    saksi: str
    cells: tuple[str, ...]
    description: str
    rekomendasi_bawaslu: str


def check_tps_code(code: str, contest: Contest, kecamatan: str | None = None) -> str:
    """``code`` stripped, when it is a 13-digit TPS code of a kecamatan of ``contest`` (and of ``kecamatan``).

    Raises ValueError (Indonesian) otherwise. The TPS code is desa (10 digits) + TPS number (3 digits), as Sirekap
    uses it (recap-domain.md §6.1).
    """
    code = code.strip()
    if not TPS_RE.match(code):
        raise ValueError(f"kode TPS {code!r} tidak sah: harus 13 angka (kode desa 10 angka + nomor TPS 3 angka)")
    if code.endswith("000"):
        raise ValueError(f"kode TPS {code} tidak sah: nomor TPS 000 tidak ada")
    if not contest.has_kecamatan(code[:6]):
        raise ValueError(f"TPS {code} tidak berada di kecamatan {contest.title} (kecamatan {code[:6]})")
    if kecamatan and code[:6] != kecamatan:
        raise ValueError(f"TPS {code} tidak berada di kecamatan {kecamatan} yang dipilih")
    return code


def check_new(
    contest: Contest, *, kind: str, level: str, jenis: str | None, kecamatan: str | None, tps: str,
    peserta: str, saksi: str, cells: Sequence[str], description: str, rekomendasi_bawaslu: str = "",
    catalogue: LineCatalogue | None = None,
) -> NewKeberatan:
    """Check and normalise a new item of ``contest``; ValueError with an Indonesian message naming the field.

    ``jenis=None`` means "angka" when cells or a TPS are named, else "prosedur". A TPS given without a kecamatan
    sets the kecamatan. An item carried from a PPK names its kecamatan (whose PPK wrote it).
    """
    if kind not in KINDS:
        raise ValueError(f"jenis catatan tidak dikenal: {kind!r} (keberatan / kejadian_khusus)")
    if level not in LEVELS:
        raise ValueError(f"asal catatan tidak dikenal: {level!r} (kabupaten / ppk)")
    description = description.strip()
    if not description:
        raise ValueError("uraian keberatan/kejadian khusus wajib diisi")
    kecamatan = (kecamatan or "").strip() or None
    if kecamatan is not None and not contest.has_kecamatan(kecamatan):
        raise ValueError(f"kecamatan {kecamatan} tidak termasuk {contest.title}")
    tps = tps.strip()
    if tps:
        tps = check_tps_code(tps, contest, kecamatan)
        kecamatan = kecamatan or tps[:6]
    if level == "ppk" and kecamatan is None:
        raise ValueError("catatan yang dibawa dari PPK wajib menyebut kecamatannya")
    catalogue = catalogue if catalogue is not None else LineCatalogue(contest)
    clean: list[str] = []
    for cell in cells:
        cell = cell.strip()
        if not cell or cell in clean:
            continue
        if cell not in catalogue:
            raise ValueError(f"sel {cell!r} bukan baris formulir {contest.title} (contoh: V.B, IV.1, I.B.4.L)")
        clean.append(cell)
    if jenis is None:
        jenis = "angka" if clean or tps else "prosedur"
    if jenis not in JENIS:
        raise ValueError(f"pokok keberatan tidak dikenal: {jenis!r} (angka / prosedur)")
    peserta, saksi = peserta.strip(), saksi.strip()
    for label, value in (("peserta pemilu", peserta), ("nama saksi", saksi)):
        if len(value) > MAX_NAME:
            raise ValueError(f"{label} terlalu panjang ({len(value)} huruf; paling banyak {MAX_NAME})")
    return NewKeberatan(kind, level, jenis, kecamatan, tps, peserta, saksi, tuple(clean), description,
                        rekomendasi_bawaslu.strip())


def check_outcome(outcome: str, tindak_lanjut: str) -> tuple[str, str]:
    """A decision: ``diterima`` or ``ditolak`` with how it was followed up (the form's last column)."""
    if outcome not in OUTCOMES:
        raise ValueError("keputusan keberatan harus 'diterima' atau 'ditolak'")
    tindak_lanjut = tindak_lanjut.strip()
    if not tindak_lanjut:
        raise ValueError("tindak lanjut keputusan wajib diisi (mis. dikoreksi bersama saksi, atau alasan ditolak)")
    return outcome, tindak_lanjut
