"""The reference file formats: the kinds of file (:class:`FileKind`), the templates' columns (:data:`FORMATS`),
the keys of the ``kantor`` template, the readable file endings, and where the shipped templates are.

A table file (CSV or XLSX, first sheet) has its column titles on row 1; its kind is recognised from those titles
(order free, case-insensitive: :func:`rekap_desktop.reference_files.read.recognise`). The shipped templates are in
``resources/templates/`` (docs/panduan-persiapan.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path


class FileKind(StrEnum):
    """What a reference file holds. Table kinds are the templates; ``sirekap_*`` are Sirekap JSON lists."""

    WILAYAH = "wilayah"
    PARTAI = "partai"
    DAPIL = "dapil"
    PARTAI_DAPIL = "partai_dapil"
    CALON = "calon"
    CALON_DPD = "calon_dpd"
    PASLON = "paslon"
    KANTOR = "kantor"
    SIREKAP_WILAYAH = "sirekap_wilayah"
    SIREKAP_PARTAI = "sirekap_partai"
    SIREKAP_CALON = "sirekap_calon"
    SIREKAP_CALON_DPD = "sirekap_calon_dpd"
    SIREKAP_PASLON = "sirekap_paslon"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def step(self) -> int:
        """Position in the order of preparation: files of a batch are applied in this order."""
        return _KIND_STEPS[self]

    @property
    def is_table(self) -> bool:
        return self in FORMATS


_KIND_LABELS = {
    FileKind.WILAYAH: "wilayah (kecamatan, desa/kelurahan, TPS dan DPT)",
    FileKind.PARTAI: "partai politik",
    FileKind.DAPIL: "susunan dapil",
    FileKind.PARTAI_DAPIL: "partai peserta per dapil",
    FileKind.CALON: "daftar calon tetap (DCT) DPR/DPRD",
    FileKind.CALON_DPD: "calon DPD",
    FileKind.PASLON: "pasangan calon presiden dan wakil presiden",
    FileKind.KANTOR: "data kantor KPU",
    FileKind.SIREKAP_WILAYAH: "daftar wilayah Sirekap",
    FileKind.SIREKAP_PARTAI: "daftar partai Sirekap (partai.json)",
    FileKind.SIREKAP_CALON: "daftar calon Sirekap (caleg/partai)",
    FileKind.SIREKAP_CALON_DPD: "daftar calon DPD Sirekap (caleg/dpd)",
    FileKind.SIREKAP_PASLON: "daftar paslon Sirekap (ppwp.json)",
}
_KIND_STEPS = {
    FileKind.WILAYAH: 0, FileKind.SIREKAP_WILAYAH: 0,
    FileKind.PARTAI: 1, FileKind.SIREKAP_PARTAI: 1,
    FileKind.DAPIL: 2,
    FileKind.PARTAI_DAPIL: 3,
    FileKind.CALON: 4, FileKind.SIREKAP_CALON: 4,
    FileKind.CALON_DPD: 5, FileKind.SIREKAP_CALON_DPD: 5,
    FileKind.PASLON: 6, FileKind.SIREKAP_PASLON: 6,
    FileKind.KANTOR: 7,
}


@dataclass(frozen=True, slots=True)
class TemplateFormat:
    kind: FileKind
    filename: str  # stem of the shipped template, e.g. "wilayah" → resources/templates/wilayah.csv
    columns: tuple[str, ...]  # in template order
    optional: frozenset[str] = frozenset()

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.optional)


FORMATS: dict[FileKind, TemplateFormat] = {
    f.kind: f
    for f in (
        TemplateFormat(FileKind.WILAYAH, "wilayah", ("kode_wilayah", "nama_wilayah", "dpt"), frozenset({"dpt"})),
        TemplateFormat(FileKind.PARTAI, "partai", ("nomor_partai", "nama_singkat", "nama_lengkap", "warna",
                                                   "id_sirekap"), frozenset({"warna", "id_sirekap"})),
        TemplateFormat(FileKind.DAPIL, "dapil", ("jenis_pemilihan", "kode_dapil", "nama_dapil", "kursi",
                                                 "kode_kecamatan", "keterangan"), frozenset({"kursi", "keterangan"})),
        TemplateFormat(FileKind.PARTAI_DAPIL, "partai-dapil", ("jenis_pemilihan", "kode_dapil", "nomor_partai")),
        TemplateFormat(FileKind.CALON, "calon", ("jenis_pemilihan", "kode_dapil", "nomor_partai", "nomor_urut",
                                                 "nama_calon", "jenis_kelamin", "id_sirekap"),
                       frozenset({"id_sirekap"})),
        TemplateFormat(FileKind.CALON_DPD, "calon-dpd", ("nomor_urut", "nama_calon", "jenis_kelamin", "id_sirekap"),
                       frozenset({"id_sirekap"})),
        TemplateFormat(FileKind.PASLON, "paslon", ("nomor_urut", "nama_paslon", "id_sirekap", "warna"),
                       frozenset({"id_sirekap", "warna"})),
        TemplateFormat(FileKind.KANTOR, "kantor", ("isian", "nilai")),
    )
}
"""The template formats, in the order of preparation."""

OFFICE_KEYS: dict[str, str] = {
    "kantor": "nama kantor (mis. KOMISI PEMILIHAN UMUM KABUPATEN SAMPANG)",
    "tempat": "nama dan alamat tempat rapat pleno (aula)",
    "ketua": "ketua KPU Kabupaten/Kota",
    "anggota": "anggota KPU Kabupaten/Kota (satu baris per orang)",
    "sekretaris": "sekretaris KPU Kabupaten/Kota",
    "kertas": "ukuran kertas berita acara: a4 atau f4",
    "tanggal_rapat": "tanggal rapat pleno, TTTT-BB-HH",
    "toleransi_sirekap": "selisih dengan Sirekap yang masih dianggap sama (bilangan bulat, bawaan 0)",
    "kode_model_dprd_provinsi": "akhiran kode model DPRD provinsi bila berbeda dari bawaan provinsi (mis. DPRA, DPRP)",
    "kode_model_dprd_kabkota": "akhiran kode model DPRD kabupaten/kota bila berbeda dari bawaan provinsi (mis. DPRK)",
}
"""Keys of the ``kantor`` template (column ``isian``), stored as settings under the same name."""

TABLE_SUFFIXES = (".csv", ".xlsx")
READABLE_SUFFIXES = (".csv", ".xlsx", ".json", ".zip")


def template_path(kind: FileKind, suffix: str = ".csv") -> Path:
    """The shipped template of a kind (resources/templates/<name>.csv or .xlsx)."""
    root = resources.files("resources").joinpath("templates", f"{FORMATS[kind].filename}{suffix}")
    return Path(str(root))
