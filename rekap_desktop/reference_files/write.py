"""Writing reference data as template files (the inverse of loading them): the rows of each kind, one CSV or XLSX
file per kind.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from rekap_desktop.ballot import Ballot
from rekap_desktop.reference import ReferenceData
from rekap_desktop.reference_files.formats import FORMATS, OFFICE_KEYS, FileKind
from rekap_desktop.region import Level
from rekap_desktop.spreadsheet import column_letter

_PLENARY_ORDER = {b: i for i, b in enumerate(Ballot)}


def reference_rows(data: ReferenceData, kind: FileKind) -> list[dict[str, str]]:
    """The rows of one template kind describing ``data`` (the inverse of loading the file)."""
    if kind is FileKind.WILAYAH:
        with_tps = {r.code[:10] for r in data.regions if r.level is Level.TPS}
        with_tps |= {c[:6] for c in with_tps}
        rows = []
        for r in sorted(data.regions, key=lambda r: r.code):
            if r.level < Level.KECAMATAN:
                continue
            dpt = r.dpt if r.level is Level.TPS or r.code not in with_tps else None
            rows.append({"kode_wilayah": r.code, "nama_wilayah": r.name, "dpt": _text(dpt)})
        return rows
    if kind is FileKind.PARTAI:
        return [
            {"nomor_partai": str(p.number), "nama_singkat": p.short_name, "nama_lengkap": p.full_name,
             "warna": p.color, "id_sirekap": p.sirekap_id or ""}
            for p in sorted(data.parties, key=lambda p: p.number)
        ]
    dapils = sorted(data.dapils, key=lambda d: (_PLENARY_ORDER[d.dapil.ballot], d.dapil.code))
    if kind is FileKind.DAPIL:
        return [
            {"jenis_pemilihan": d.dapil.ballot.value, "kode_dapil": d.dapil.code, "nama_dapil": d.dapil.name,
             "kursi": _text(d.dapil.seats), "kode_kecamatan": k, "keterangan": d.dapil.note}
            for d in dapils for k in sorted(d.kecamatan)
        ]
    if kind is FileKind.PARTAI_DAPIL:
        return [
            {"jenis_pemilihan": d.dapil.ballot.value, "kode_dapil": d.dapil.code, "nomor_partai": str(p)}
            for d in dapils for p in sorted(d.parties)
        ]
    if kind is FileKind.CALON:
        legislative = [c for c in data.candidates if c.ballot.has_dapil]
        legislative.sort(key=lambda c: (_PLENARY_ORDER[c.ballot], c.dapil_code or "", c.candidate.party or 0,
                                        c.candidate.number))
        return [
            {"jenis_pemilihan": c.ballot.value, "kode_dapil": c.dapil_code or "",
             "nomor_partai": str(c.candidate.party), "nomor_urut": str(c.candidate.number),
             "nama_calon": c.candidate.name, "jenis_kelamin": c.candidate.gender or "",
             "id_sirekap": c.candidate.sirekap_id or ""}
            for c in legislative
        ]
    if kind is FileKind.CALON_DPD:
        dpd = sorted((c.candidate for c in data.candidates if c.ballot is Ballot.PDPD), key=lambda c: c.number)
        return [
            {"nomor_urut": str(c.number), "nama_calon": c.name, "jenis_kelamin": c.gender or "",
             "id_sirekap": c.sirekap_id or ""}
            for c in dpd
        ]
    if kind is FileKind.PASLON:
        return [
            {"nomor_urut": str(p.number), "nama_paslon": p.name, "id_sirekap": p.sirekap_id, "warna": p.color}
            for p in sorted(data.paslon, key=lambda p: p.number)
        ]
    if kind is FileKind.KANTOR:
        rows = []
        for key in OFFICE_KEYS:
            value = data.settings.get(key, "")
            values = [v for v in value.split("|") if v] if key == "anggota" else ([value] if value else [])
            rows.extend({"isian": key, "nilai": v} for v in values)
        return rows
    raise ValueError(f"bukan jenis templat: {kind}")


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


def write_table(path: Path, kind: FileKind, rows: Sequence[dict[str, str]]) -> Path:
    """Write rows of ``kind`` as CSV (UTF-8, comma) or XLSX (by the suffix of ``path``), header first."""
    columns = FORMATS[kind].columns
    if path.suffix.lower() == ".xlsx":
        import openpyxl  # type: ignore[import-untyped, unused-ignore]

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = FORMATS[kind].filename
        sheet.append(list(columns))
        for row in rows:
            sheet.append([row.get(c, "") for c in columns])
        for index, column in enumerate(columns):
            width = max([len(column), *(len(r.get(column, "")) for r in rows)])
            sheet.column_dimensions[column_letter(index)].width = min(60, width + 2)
        workbook.save(path)
        return path
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([row.get(c, "") for c in columns] for row in rows)
    return path


def write_reference_files(data: ReferenceData, folder: Path, *, suffix: str = ".csv") -> list[Path]:
    """Write ``data`` as template files in ``folder`` (one per kind that has rows); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, fmt in FORMATS.items():
        rows = reference_rows(data, kind)
        if rows:
            written.append(write_table(folder / f"{fmt.filename}{suffix}", kind, rows))
    return written
