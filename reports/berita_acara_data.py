"""Input of the berita acara renderer (Model D.HASIL KABKO-xxx): plain frozen dataclasses.

The renderer knows nothing about the database or the core's sheet: the glue code fills these values (labels in
Indonesian as printed on the form, figures already computed, JUMLAH included) and :mod:`reports.berita_acara`
lays them out. Everything here is immutable; sequences given as lists are stored as tuples.

Conventions:

- ``columns`` are the kecamatan of the contest in form order, as ``(code, name)`` with the 6-digit Kemendagri
  code; ``LineRow.values`` is keyed by that code. A missing figure is ``None`` (printed as a dash), never 0.
- ``LineRow.total`` is the JUMLAH column as it must be printed.
- ``ComparisonRow.delta`` is manual − Sirekap (positive: the legal manual recap shows more than Sirekap),
  the app-wide Δ convention.
- ``data_sha256`` is the SHA-256 (hex) of the figures (:func:`compute_figures_sha256`, canonical);
  :func:`content_digest` hashes everything a document prints (its version changes when that hash changes).
- What identifies one issued file (document id, audit anchor, time, DRAF) is not here but in
  :class:`reports.page_furniture.DocumentStamp`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

__all__ = [
    "BALLOT_CODES",
    "BallotCode",
    "BeritaAcaraData",
    "ComparisonRow",
    "ContestHeading",
    "KeberatanRow",
    "LineRow",
    "Paper",
    "Role",
    "Section",
    "Signatory",
    "compute_figures_sha256",
    "content_digest",
    "section_title_for",
]

BallotCode = Literal["ppwp", "pdpr", "pdpd", "pdprdp", "pdprdk"]
Section = Literal["I", "II", "III", "IV", "V"]
Role = Literal["ketua", "anggota", "saksi", "bawaslu"]
KeberatanKind = Literal["keberatan", "kejadian khusus"]
Paper = Literal["a4", "f4"]

BALLOT_CODES: tuple[str, ...] = get_args(BallotCode)
SECTIONS: tuple[str, ...] = get_args(Section)
ROLES: tuple[str, ...] = get_args(Role)
PAPERS: tuple[str, ...] = get_args(Paper)
KEBERATAN_KINDS: tuple[str, ...] = get_args(KeberatanKind)

_SECTION_IV_PPWP = "DATA PEROLEHAN SUARA PASANGAN CALON PRESIDEN DAN WAKIL PRESIDEN"
_SECTION_IV_DPD = "DATA PEROLEHAN SUARA CALON ANGGOTA DPD"
_SECTION_IV_PARTIES = "DATA PEROLEHAN SUARA PARTAI POLITIK DAN CALON ANGGOTA {body}"
_NATIONAL_BODIES = {"pdpr": "DPR", "pdprdp": "DPRD PROVINSI", "pdprdk": "DPRD KABUPATEN/KOTA"}
_SECTION_TITLES: dict[str, str] = {
    "I": "DATA PEMILIH DAN PENGGUNA HAK PILIH",
    "II": "DATA PENGGUNAAN SURAT SUARA",
    "III": "DATA PEMILIH DISABILITAS",
    "V": "DATA SUARA SAH DAN TIDAK SAH",
}
_KEC_CODE = re.compile(r"\d{6}")


def _check_ballot(ballot: str) -> None:
    if ballot not in BALLOT_CODES:
        raise ValueError(f"jenis pemilihan tidak dikenal: {ballot!r} (yang sah: {', '.join(BALLOT_CODES)})")


def section_title_for(ballot: str, section: str, body_short: str = "") -> str:
    """Section heading with its roman number, e.g. ``"V. DATA SUARA SAH DAN TIDAK SAH"``.

    ``body_short`` names the body of a legislative ballot in section IV ("DPR", "DPRD PROVINSI", "DPRA" …);
    by default the national name of the ballot.
    """
    _check_ballot(ballot)
    if section not in SECTIONS:
        raise ValueError(f"bagian formulir tidak dikenal: {section!r}")
    if section != "IV":
        return f"{section}. {_SECTION_TITLES[section]}"
    if ballot == "ppwp":
        return f"IV. {_SECTION_IV_PPWP}"
    if ballot == "pdpd":
        return f"IV. {_SECTION_IV_DPD}"
    return f"IV. {_SECTION_IV_PARTIES.format(body=body_short or _NATIONAL_BODIES[ballot])}"


@dataclass(frozen=True, slots=True)
class LineRow:
    """One row of sections I–V.

    ``is_header`` rows (e.g. "A. DATA PEMILIH", a party heading in section IV) carry no figures. ``in_words`` asks
    for the JUMLAH in words (V.A, V.B, V.C and, for PPWP, the paslon rows). ``is_total`` prints the row in bold
    (I.B.4, party totals, V.A, V.C).
    """

    line_id: str
    section: Section
    label: str
    indent: int = 0
    is_header: bool = False
    values: Mapping[str, int | None] = field(default_factory=dict)
    total: int | None = None
    in_words: bool = False
    is_total: bool = False

    def __post_init__(self) -> None:
        if self.section not in SECTIONS:
            raise ValueError(f"baris {self.line_id}: bagian formulir tidak dikenal: {self.section!r}")
        if self.indent < 0:
            raise ValueError(f"baris {self.line_id}: indentasi negatif")
        if self.is_header and (any(v is not None for v in self.values.values()) or self.total is not None):
            raise ValueError(f"baris {self.line_id}: baris judul tidak boleh berisi angka")
        if self.in_words and self.is_header:
            raise ValueError(f"baris {self.line_id}: baris judul tidak dapat ditulis dengan huruf")
        for code, value in self.values.items():
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise ValueError(f"baris {self.line_id}, kecamatan {code}: angka tidak sah {value!r}")
        if self.total is not None and (isinstance(self.total, bool) or self.total < 0):
            raise ValueError(f"baris {self.line_id}: JUMLAH tidak sah {self.total!r}")


@dataclass(frozen=True, slots=True)
class Signatory:
    """A person on the signature grid.

    ``ketua``/``anggota``: members of the KPU Kabupaten/Kota. ``saksi``: the witness of ``peserta`` (paslon, party
    or DPD candidate label as printed, e.g. ``"02 · PRABOWO – GIBRAN"``). ``bawaslu``: listed as receiving a copy;
    Bawaslu does not sign the sertifikat. ``signs`` is False for someone present who refused to sign;
    ``refusal_reason`` then holds the reason as stated.
    """

    role: Role
    name: str
    peserta: str | None = None
    present: bool = True
    signs: bool = True
    refusal_reason: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"peran penanda tangan tidak dikenal: {self.role!r}")
        if self.role == "saksi" and not self.peserta:
            raise ValueError(f"saksi {self.name!r}: peserta pemilu wajib diisi")
        if self.refusal_reason and (self.signs or not self.present):
            raise ValueError(f"{self.name!r}: alasan penolakan hanya untuk yang hadir dan tidak menandatangani")

    @property
    def refused(self) -> bool:
        """Present but not willing to sign."""
        return self.present and not self.signs


@dataclass(frozen=True, slots=True)
class KeberatanRow:
    """A keberatan (objection) or kejadian khusus (special event), as printed on D.KEJADIAN KHUSUS.

    ``level``: where it comes from ("ppk": written on the PPK's form; "kabupaten": raised at this plenary);
    ``jenis``: "prosedur" or "angka"; ``tps``: the 13-digit TPS concerned, if any.
    """

    number: int
    kind: KeberatanKind
    kecamatan: str | None
    peserta: str | None
    saksi: str | None
    cells: str
    description: str
    outcome: str
    tindak_lanjut: str
    level: str = ""
    jenis: str = ""
    rekomendasi_bawaslu: str = ""
    tps: str = ""
    record_id: int = 0  # the keberatan's number in the database (KEB-<id>)

    def __post_init__(self) -> None:
        if self.kind not in KEBERATAN_KINDS:
            raise ValueError(f"jenis catatan tidak dikenal: {self.kind!r}")


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """A line of a kecamatan where the manual recap and Sirekap differ; ``delta`` = manual − Sirekap."""

    kecamatan: str
    line_id: str
    label: str
    manual: int | None
    sirekap: int | None
    delta: int | None
    coverage: str  # e.g. "95 dari 97 TPS"


@dataclass(frozen=True, kw_only=True)
class ContestHeading:
    """What every document of a contest prints in its heading."""

    ballot: BallotCode
    election_title: str
    model_code: str
    body_short: str = ""
    year: int = 2024
    provinsi: str
    kabupaten: str
    dapil: str | None = None
    dapil_code: str | None = None
    office: str
    place: str
    meeting_date: dt.date

    def __post_init__(self) -> None:
        _check_ballot(self.ballot)


@dataclass(frozen=True, kw_only=True)
class BeritaAcaraData:
    """Everything printed on one berita acara (one ballot, one dapil)."""

    ballot: BallotCode
    election_title: str  # rekap_desktop.form_names.election_title(ballot, provinsi)
    model_code: str  # rekap_desktop.form_names.model_code(ballot, provinsi)
    body_short: str = ""  # section IV: "DPR", "DPRD PROVINSI", "DPRA" …; "" = the national name
    year: int = 2024
    provinsi: str
    kabupaten: str  # "KABUPATEN SAMPANG"
    dapil: str | None = None  # "JAWA TIMUR XI"; None for PPWP and DPD
    office: str  # "KOMISI PEMILIHAN UMUM KABUPATEN SAMPANG"
    place: str  # tempat rapat
    meeting_date: dt.date
    start_time: str | None = None  # "09.00"
    end_time: str | None = None
    established_on: dt.date | None = None  # DITETAPKAN … TANGGAL; default meeting_date
    columns: Sequence[tuple[str, str]]
    lines: Sequence[LineRow]
    signatories: Sequence[Signatory] = ()
    keberatan: Sequence[KeberatanRow] = ()  # counted in the closing text; listed on D.KEJADIAN KHUSUS
    paper: Paper = "a4"

    def __post_init__(self) -> None:
        for name in ("columns", "lines", "signatories", "keberatan"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
        _check_ballot(self.ballot)
        if self.paper not in PAPERS:
            raise ValueError(f"ukuran kertas tidak dikenal: {self.paper!r} (a4 atau f4)")
        if not self.columns:
            raise ValueError("berita acara tanpa kolom kecamatan")
        codes = [code for code, _ in self.columns]
        if len(set(codes)) != len(codes):
            raise ValueError("kode kecamatan ganda pada kolom")
        bad = [code for code in codes if not _KEC_CODE.fullmatch(code)]
        if bad:
            raise ValueError(f"kode kecamatan harus 6 digit: {', '.join(bad)}")
        known = set(codes)
        for line in self.lines:
            unknown = set(line.values) - known
            if unknown:
                raise ValueError(f"baris {line.line_id}: kecamatan di luar kolom: {', '.join(sorted(unknown))}")

    @property
    def column_codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.columns)

    @property
    def established_date(self) -> dt.date:
        return self.established_on or self.meeting_date

    @property
    def data_sha256(self) -> str:
        """SHA-256 of the figures (:func:`compute_figures_sha256`)."""
        return compute_figures_sha256(self.ballot, self.dapil, self.columns, self.lines)

    @property
    def heading(self) -> ContestHeading:
        return ContestHeading(
            ballot=self.ballot, election_title=self.election_title, model_code=self.model_code,
            body_short=self.body_short, year=self.year, provinsi=self.provinsi, kabupaten=self.kabupaten,
            dapil=self.dapil, office=self.office, place=self.place, meeting_date=self.meeting_date,
        )


def compute_figures_sha256(
    ballot: str, dapil: str | None, columns: Iterable[tuple[str, str]], lines: Iterable[LineRow]
) -> str:
    """A canonical SHA-256 of the figures of a berita acara (labels and names excluded).

    Canonical form: compact JSON with sorted keys of ballot, dapil, the kecamatan codes in column order and, per
    non-header line in order, ``[line_id, {kecamatan: value}, total]``; missing figures are ``null``.
    """
    codes = [code for code, _ in columns]
    payload = {
        "ballot": ballot,
        "dapil": dapil,
        "columns": codes,
        "lines": [
            [line.line_id, {code: line.values.get(code) for code in codes}, line.total]
            for line in lines
            if not line.is_header
        ],
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def content_digest(data: Any, *, exclude: Iterable[str] = ("paper",)) -> str:
    """SHA-256 of everything a document's data prints (canonical JSON of the dataclass), leaving out ``exclude``
    (the paper size: the same content on A4 or F4 is the same version)."""
    plain = _plain(data)
    for name in exclude:
        plain.pop(name, None)
    text = json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
