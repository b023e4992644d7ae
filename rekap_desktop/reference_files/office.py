"""Checking the ``kantor`` file: the office data printed on the berita acara (office, place, ketua, anggota,
sekretaris, paper, plenary date, Sirekap tolerance, form-code suffixes), stored as settings (:data:`OFFICE_KEYS`).
"""

from __future__ import annotations

import datetime as dt

from rekap_desktop.form_names import BODY_NAMES
from rekap_desktop.reference_files.check import DIGITS, FileCheckBase
from rekap_desktop.reference_files.formats import OFFICE_KEYS
from rekap_desktop.reference_files.read import TableFile


class OfficeChecks(FileCheckBase):
    """``kantor`` updates the entries it names (``anggota``: one row per member, the whole list)."""

    def kantor(self, f: TableFile) -> None:
        values: dict[str, str] = {}
        seen: dict[str, int] = {}
        members: list[str] = []
        for row in f.rows:
            key = row.get("isian").strip().lower()
            value = " ".join(row.get("nilai").split())
            if key not in OFFICE_KEYS:
                self.bad(row, "isian", f"isian {key!r} tidak dikenal; yang sah: {', '.join(OFFICE_KEYS)}")
                continue
            if not value:
                self.bad(row, "nilai", f"nilai {key} kosong")
                continue
            if key != "anggota" and key in seen:
                self.bad(row, "isian", f"{key} sudah diisi di baris {seen[key]}")
                continue
            seen.setdefault(key, row.number)
            if len(value) > 500 or "|" in value:
                self.bad(row, "nilai", "nilai terlalu panjang atau memuat tanda '|'")
                continue
            if key == "kertas" and value.lower() not in ("a4", "f4"):
                self.bad(row, "nilai", f"ukuran kertas harus a4 atau f4, bukan {value!r}")
                continue
            if key == "tanggal_rapat":
                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    self.bad(row, "nilai", f"tanggal rapat harus TTTT-BB-HH (mis. 2024-02-20), bukan {value!r}")
                    continue
            if key in ("kode_model_dprd_provinsi", "kode_model_dprd_kabkota") and value.upper() not in BODY_NAMES:
                self.bad(row, "nilai", f"{key} harus salah satu dari {', '.join(BODY_NAMES)}, bukan {value!r}")
                continue
            if key == "toleransi_sirekap" and not DIGITS.fullmatch(value):
                self.bad(row, "nilai", f"toleransi Sirekap harus bilangan bulat tidak negatif, bukan {value!r}")
                continue
            if key == "anggota":
                members.append(value)
            else:
                values[key] = value.lower() if key == "kertas" else value
                if key.startswith("kode_model"):
                    values[key] = value.upper()
        if self.result.problems:
            return
        if members:
            values["anggota"] = "|".join(members)
        self.state.settings.update(values)
        self.count("isian", len(values) + max(0, len(members) - 1))
