"""Checking region files: the ``wilayah`` template (kecamatan, desa/kelurahan, TPS and DPT) and Sirekap's region
lists; the TPS count and DPT of each desa and kecamatan derived from its TPS.
"""

from __future__ import annotations

from dataclasses import replace

from rekap_desktop.numbers import parse_figure
from rekap_desktop.reference import RegionRecord
from rekap_desktop.reference_files.check import MAX_NAME, FileCheckBase
from rekap_desktop.reference_files.read import TableFile, TableRow
from rekap_desktop.region import Level
from rekap_desktop.sirekap.json import WilayahList


class RegionChecks(FileCheckBase):
    """``wilayah`` adds or updates the regions it lists (never removes); so does a Sirekap region list."""

    def wilayah(self, f: TableFile) -> None:
        kab, prov = self.state.kabupaten, self.state.province
        seen: dict[str, int] = {}
        accepted: list[tuple[TableRow, str, Level, str, int | None]] = []
        for row in f.rows:
            code = row.get("kode_wilayah")
            try:
                level = Level.of_code(code)
            except ValueError as exc:
                self.bad(row, "kode_wilayah", str(exc) if code else "kode wilayah kosong")
                continue
            if (level is Level.PROVINSI and code != prov) or (level is Level.KABUPATEN and code != kab):
                self.bad(row, "kode_wilayah", f"{level.label} {code} bukan {level.label} basis data ini "
                         f"({prov if level is Level.PROVINSI else kab})")
                continue
            if level >= Level.KECAMATAN and not code.startswith(kab):
                self.bad(row, "kode_wilayah", f"{level.label} {code} berada di luar kabupaten/kota "
                         f"{self.state.region_label(kab)}")
                continue
            if code in seen:
                self.bad(row, "kode_wilayah", f"kode {code} ganda: sudah ada di baris {seen[code]}")
                continue
            seen[code] = row.number
            if level is Level.TPS and not row.get("nama_wilayah"):
                name: str | None = f"TPS {code[-3:]}"
            else:
                name = self.name(row, "nama_wilayah", f"nama {level.label}")
            dpt_text = row.get("dpt")
            dpt: int | None = None
            if dpt_text:
                try:
                    dpt = parse_figure(dpt_text)
                except ValueError:
                    self.bad(row, "dpt", f"DPT harus bilangan bulat tidak negatif, bukan {dpt_text!r}")
                    continue
                if level <= Level.KABUPATEN:
                    self.bad(row, "dpt", f"DPT tidak diisi untuk {level.label}; isi per TPS")
                    continue
                if level is Level.TPS and dpt > 300:
                    self.warn(row, f"DPT TPS {code} ({dpt}) lebih dari 300 pemilih per TPS")
            elif level is Level.TPS:
                self.bad(row, "dpt" if "dpt" in f.columns else "kode_wilayah", f"DPT TPS {code} wajib diisi")
                continue
            if name is not None:
                accepted.append((row, code, level, name, dpt))
        codes = set(seen)
        for row, code, level, _, _ in accepted:
            if level >= Level.DESA:
                parent = code[: Level(level - 1).code_length]
                if parent not in self.state.regions and parent not in codes:
                    if level is Level.DESA:
                        self.bad(row, "kode_wilayah", f"desa/kelurahan {code}: kecamatan {parent} tidak dikenal (tidak "
                                 "ada di berkas ini maupun di basis data)")
                    else:
                        self.bad(row, "kode_wilayah", f"TPS {code} berada di luar desa/kelurahan yang dikenal: "
                                 f"desa/kelurahan {parent} tidak ada di berkas ini maupun di basis data")
        if self.result.problems:
            return
        explicit: dict[str, tuple[TableRow, int]] = {}
        for row, code, level, name, dpt in accepted:
            self.count(level.label)
            before = self.state.regions.get(code)
            if level <= Level.KABUPATEN:
                self.state.settings["provinsi_nama" if level is Level.PROVINSI else "kabupaten_nama"] = name
            if level in (Level.KECAMATAN, Level.DESA) and dpt is not None:
                explicit[code] = (row, dpt)
            if before is None:
                self.state.regions[code] = RegionRecord(code, name, 1 if level is Level.TPS else None, dpt)
            else:
                self.state.regions[code] = replace(before, name=name, dpt=dpt if dpt is not None else before.dpt,
                                                   tps_count=1 if level is Level.TPS else before.tps_count)
        self.derive_counts(explicit)

    def derive_counts(self, explicit: dict[str, tuple[TableRow, int]] | None = None) -> None:
        """TPS count and DPT of each desa and kecamatan from its TPS (when it has TPS)."""
        kab = self.state.kabupaten
        counts: dict[str, int] = {}
        sums: dict[str, int] = {}
        unknown: set[str] = set()
        for code, region in self.state.regions.items():
            if len(code) == 13 and code.startswith(kab):
                for parent in (code[:10], code[:6]):
                    counts[parent] = counts.get(parent, 0) + 1
                    if region.dpt is None:
                        unknown.add(parent)
                    else:
                        sums[parent] = sums.get(parent, 0) + region.dpt
        for parent, n in counts.items():
            area = self.state.regions.get(parent)
            if area is None:
                continue
            dpt = None if parent in unknown else sums.get(parent, 0)
            if explicit and parent in explicit and dpt is not None and explicit[parent][1] != dpt:
                row, given = explicit[parent]
                self.bad(row, "dpt", f"DPT {area.level.label} {parent} ({given}) tidak sama dengan jumlah DPT "
                         f"TPS-nya ({dpt}); kosongkan kolom ini agar dihitung dari TPS")
                continue
            if area.tps_count != n or area.dpt != dpt:
                self.state.regions[parent] = replace(area, tps_count=n, dpt=dpt)

    def sirekap_wilayah(self, doc: WilayahList) -> None:
        kab = self.state.kabupaten
        parent = doc.parent_code
        if parent and len(parent) >= 4 and not parent.startswith(kab) and not kab.startswith(parent):
            self.bad(None, None, f"daftar wilayah {parent} berada di luar kabupaten/kota "
                     f"{self.state.region_label(kab)}; tidak dimuat")
            return
        codes = {e.code for e in doc.entries}
        skipped = 0
        for e in doc.entries:
            if e.level <= 2 and not kab.startswith(e.code):
                skipped += 1
            elif e.level >= 3 and not e.code.startswith(kab):
                self.bad(None, None, f"entri {e.code} {e.name} berada di luar kabupaten/kota {kab}")
            elif e.level >= 4 and e.code[: Level(e.level - 1).code_length] not in self.state.regions \
                    and e.code[: Level(e.level - 1).code_length] not in codes:
                self.bad(None, None, f"entri {e.code} {e.name}: wilayah induknya "
                         f"{e.code[: Level(e.level - 1).code_length]} belum dikenal; muat daftar tingkat atasnya dulu")
            elif not e.name.strip() or len(e.name) > MAX_NAME:
                self.bad(None, None, f"entri {e.code}: nama wilayah kosong atau terlalu panjang")
        if self.result.problems:
            return
        for e in doc.entries:
            if e.level <= 2 and not kab.startswith(e.code):
                continue
            level = Level(e.level)
            self.count(level.label)
            before = self.state.regions.get(e.code)
            name = " ".join(e.name.split())
            if before is None:
                self.state.regions[e.code] = RegionRecord(e.code, name, 1 if level is Level.TPS else None, None,
                                                          e.sirekap_id)
            else:
                self.state.regions[e.code] = replace(before, name=name, sirekap_id=e.sirekap_id)
        if skipped:
            self.warn(None, f"{skipped} entri di luar kabupaten/kota {kab} dilewati")
        self.derive_counts()
