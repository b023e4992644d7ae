"""Classify and parse one public Sirekap JSON document (DESIGN §6, domain/sirekap-format.md).

`parse_document` takes one `SourceItem` and returns one of the `ParsedDocument` kinds, or a `ParseError` with an
Indonesian message. It never raises on bad data. The document is decoded once with `json.loads` and dispatched by
cheap key checks, because a kabupaten import reads tens of thousands of TPS files.

Quirks of real data that are tolerated (a missing figure is *missing*, never 0): `administrasi: null`,
`chart: null`, the spurious `"null": null` chart entry, a missing `mode`, `null` image slots, `null` values.

Chart keys, as kept in `TpsRecord.chart` / `AggregateRecord.chart`:

- PPWP: the paslon's Sirekap id (`"100025"`); DPD: the candidate's Sirekap id (`"695854"`).
- Legislative (pdpr, pdprdp, pdprdk): a party value object `{"jml_suara_total": n, "jml_suara_partai": m}` under
  key `"<p>"` becomes two entries, `"<p>.T"` = n (party total) and `"<p>.0"` = m (party-only votes). A plain number
  under `"<p>"` (the shape the zakiego scraper reads for DPR) is taken as the party total `"<p>.T"` [inference].
- Records read from the tabular format (`sirekap.tabular`) carry line ids directly: `"line:IV.1"`.

`chart_lines` maps these keys to the line ids of section IV with a mapping supplied by the caller; `"line:"` keys
pass straight through.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from rekap_desktop.sirekap.sources import SourceItem

BALLOTS: frozenset[str] = frozenset({"ppwp", "pdpr", "pdpd", "pdprdp", "pdprdk"})
LEGISLATIVE_BALLOTS: frozenset[str] = frozenset({"pdpr", "pdprdp", "pdprdk"})

ADMIN_FIELDS: tuple[tuple[str, str], ...] = (
    ("pemilih_dpt_l", "I.A.L"),
    ("pemilih_dpt_p", "I.A.P"),
    ("pemilih_dpt_j", "I.A.JML"),
    ("pengguna_dpt_l", "I.B.1.L"),
    ("pengguna_dpt_p", "I.B.1.P"),
    ("pengguna_dpt_j", "I.B.1.JML"),
    ("pengguna_dptb_l", "I.B.2.L"),
    ("pengguna_dptb_p", "I.B.2.P"),
    ("pengguna_dptb_j", "I.B.2.JML"),
    ("pengguna_non_dpt_l", "I.B.3.L"),
    ("pengguna_non_dpt_p", "I.B.3.P"),
    ("pengguna_non_dpt_j", "I.B.3.JML"),
    ("pengguna_total_l", "I.B.4.L"),
    ("pengguna_total_p", "I.B.4.P"),
    ("pengguna_total_j", "I.B.4.JML"),
    ("suara_sah", "V.A"),
    ("suara_tidak_sah", "V.B"),
    ("suara_total", "V.C"),
)
"""Sirekap `administrasi` field → line id (DESIGN §3)."""

ADMIN_LINE_BY_FIELD: dict[str, str] = dict(ADMIN_FIELDS)
ADMIN_FIELD_BY_LINE: dict[str, str] = {line: name for name, line in ADMIN_FIELDS}

PPWP_CHART_LINES: dict[str, str] = {"100025": "IV.1", "100026": "IV.2", "100027": "IV.3"}
"""Pemilu 2024 paslon Sirekap ids → section IV lines (prefer `paslon_chart_lines` on a parsed `ppwp.json`)."""

LINE_KEY_PREFIX = "line:"
"""Chart keys that already are line ids (tabular input): `"line:IV.1"`."""

MAX_FIGURE = 2_147_483_647
"""Largest figure accepted (fits a 32-bit database integer); anything above is garbage, not a count."""

_LEVEL_BY_CODE_LENGTH: dict[int, int] = {2: 1, 4: 2, 6: 3, 10: 4, 13: 5}
_CODE_LENGTH_BY_LEVEL: dict[int, int] = {level: length for length, level in _LEVEL_BY_CODE_LENGTH.items()}


# --------------------------------------------------------------------------------------------------------------
# Result types


@dataclass(frozen=True, slots=True)
class ParseError:
    """A document that could not be used; `message` is Indonesian."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True, slots=True)
class TpsRecord:
    """One TPS result (`pemilu/hhcw/<ballot>/…/<tps>.json`, or rows of the tabular format)."""

    ballot: str
    tps: str
    ts: str | None
    psu: str | None
    admin: dict[str, int]
    """Line id (`I.A.JML`, `V.A`, …) → value, only for figures present as integers."""
    has_admin: bool
    chart: dict[str, int]
    """Chart key (see module docstring) → value; `"null"` and null values dropped."""
    has_chart: bool
    images: tuple[str | None, ...]
    source: str
    sha256: str
    status_suara: bool | None
    status_adm: bool | None


@dataclass(frozen=True, slots=True)
class WilayahEntry:
    code: str
    name: str
    level: int
    """1 provinsi, 2 kab/kota, 3 kecamatan, 4 desa/kelurahan, 5 TPS."""
    sirekap_id: int | None


@dataclass(frozen=True, slots=True)
class WilayahList:
    """A region list (`wilayah/pemilu/ppwp/…/<parent>.json`): the children of `parent_code` (None: provinces)."""

    source: str
    sha256: str
    parent_code: str | None
    entries: tuple[WilayahEntry, ...]


@dataclass(frozen=True, slots=True)
class ChildAggregate:
    chart: dict[str, int]
    persen: float | None
    psu: str | None
    status_progress: bool | None


@dataclass(frozen=True, slots=True)
class AggregateRecord:
    """An aggregate file (`pemilu/hhcw/<ballot>/…/<region>.json`): totals of a region and per child region."""

    source: str
    sha256: str
    ballot: str
    region_code: str | None
    """None for the national file (`pemilu/hhcw/ppwp.json`, `…/0.json`)."""
    ts: str | None
    chart: dict[str, int]
    progres: tuple[int, int] | None
    """(TPS reported, TPS total)."""
    children: dict[str, ChildAggregate]
    persen: float | None = None
    psu: str | None = None


@dataclass(frozen=True, slots=True)
class PaslonEntry:
    sirekap_id: str
    number: int
    name: str
    color: str | None


@dataclass(frozen=True, slots=True)
class PaslonList:
    """`pemilu/ppwp.json`: the presidential tickets, sorted by number."""

    source: str
    sha256: str
    entries: tuple[PaslonEntry, ...]


@dataclass(frozen=True, slots=True)
class PartyEntry:
    number: int
    sirekap_id: int
    """`id_partai` (e.g. 100001); the chart key is the number."""
    short_name: str
    full_name: str
    is_aceh: bool
    color: str | None


@dataclass(frozen=True, slots=True)
class PartyList:
    """`pemilu/partai.json`, sorted by number."""

    source: str
    sha256: str
    entries: tuple[PartyEntry, ...]


@dataclass(frozen=True, slots=True)
class CandidateEntry:
    party_number: int | None
    """None for DPD candidates."""
    sirekap_id: str
    number: int
    name: str
    gender: str | None
    residence: str | None


@dataclass(frozen=True, slots=True)
class CandidateList:
    """`pemilu/caleg/partai/<dapil>.json` (legislative) or `pemilu/caleg/dpd/<prov>.json` (DPD)."""

    source: str
    sha256: str
    ballot: str | None
    dapil_code: str | None
    province_code: str | None
    entries: tuple[CandidateEntry, ...]


ParsedDocument: TypeAlias = TpsRecord | WilayahList | AggregateRecord | PaslonList | PartyList | CandidateList


class _Invalid(Exception):
    """Internal: a data problem; the message becomes a ParseError."""


# --------------------------------------------------------------------------------------------------------------
# Path helpers


def _segments(display_path: str) -> list[str]:
    """Path segments; a zip boundary (`a.zip!b/c.json`) counts as a separator."""
    if "\\" in display_path:
        display_path = display_path.replace("\\", "/")
    if "!" in display_path:
        display_path = display_path.replace("!", "/")
    return display_path.split("/")


def _stem(segments: list[str]) -> str:
    name = segments[-1]
    dot = name.rfind(".")
    return name[:dot] if dot > 0 else name


def _is_code(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _ballot_from_path(segments: list[str], include_stem: bool) -> str | None:
    if include_stem:
        stem = _stem(segments).lower()
        if stem in BALLOTS:
            return stem
    for segment in reversed(segments[:-1]):
        if segment in BALLOTS:
            return segment
        lowered = segment.lower()
        if lowered in BALLOTS:
            return lowered
    return None


def _resolve_ballot(segments: list[str], hint: str | None, include_stem: bool = False) -> str:
    ballot = _ballot_from_path(segments, include_stem)
    if ballot is not None:
        return ballot
    if hint is not None:
        normal = hint.strip().lower()
        if normal in BALLOTS:
            return normal
        raise _Invalid(f"jenis pemilihan tidak dikenal: {hint!r} (yang sah: ppwp, pdpr, pdpd, pdprdp, pdprdk)")
    raise _Invalid(
        "jenis pemilihan tidak diketahui: tidak ada /ppwp/, /pdpr/, /pdpd/, /pdprdp/ atau /pdprdk/ pada lokasi "
        "berkas; pilih jenis pemilihan saat mengimpor"
    )


def _tps_code(segments: list[str]) -> str:
    stem = _stem(segments)
    if _is_code(stem):
        if len(stem) != 13:
            raise _Invalid(f"kode TPS pada nama berkas harus 13 digit: {stem!r} ({len(stem)} digit)")
        code = stem
    else:
        for segment in reversed(segments[:-1]):
            if len(segment) == 13 and _is_code(segment):
                return segment
        raise _Invalid("kode TPS (13 digit) tidak ditemukan pada nama berkas atau foldernya")
    if len(segments) >= 2:
        parent = segments[-2]
        if len(parent) == 10 and _is_code(parent) and not code.startswith(parent):
            raise _Invalid(f"kode TPS {code} tidak berada di desa/kelurahan {parent} (nama foldernya)")
    return code


# --------------------------------------------------------------------------------------------------------------
# Value helpers


def _figure(value: object, field: str) -> int:
    if type(value) is not int:
        raise _Invalid(f"nilai {field} bukan bilangan bulat: {json.dumps(value, ensure_ascii=False)}")
    if value < 0:
        raise _Invalid(f"nilai {field} negatif: {value}")
    if value > MAX_FIGURE:
        raise _Invalid(f"nilai {field} tidak masuk akal: {value}")
    return value


def _optional_text(value: object, field: str) -> str | None:
    if value is None or type(value) is str:
        return value
    raise _Invalid(f"{field} harus berupa teks: {json.dumps(value, ensure_ascii=False)}")


def _optional_bool(value: object) -> bool | None:
    return value if type(value) is bool else None


def _optional_float(value: object, field: str) -> float | None:
    if value is None:
        return None
    if type(value) is int or type(value) is float:
        return float(value)
    raise _Invalid(f"{field} harus berupa angka: {json.dumps(value, ensure_ascii=False)}")


def _chart(raw: object, legislative: bool, field: str, ids_only: bool = False) -> dict[str, int]:
    """Chart object → {key: int}; drops the spurious `"null"` key and null values.

    `ids_only` (aggregates): keys that are not numeric ids (`persen`, `psu`, `status_progress`, …) are metadata
    and skipped.
    """
    if raw is None:
        return {}
    if type(raw) is not dict:
        raise _Invalid(f"{field} harus berupa objek")
    chart: dict[str, int] = {}
    # Valid figures take the inline fast path; only a bad one builds its field name (for the message) and
    # goes through _figure, which raises. A kabupaten import parses hundreds of thousands of these values.
    for key, value in raw.items():
        if value is None or key == "null" or (ids_only and not _is_code(key)):
            continue
        if not legislative:
            if type(value) is int and 0 <= value <= MAX_FIGURE:
                chart[key] = value
            else:
                chart[key] = _figure(value, f'{field}["{key}"]')
        elif type(value) is dict:
            total = value.get("jml_suara_total")
            if total is not None:
                if type(total) is int and 0 <= total <= MAX_FIGURE:
                    chart[key + ".T"] = total
                else:
                    chart[key + ".T"] = _figure(total, f'{field}["{key}"].jml_suara_total')
            party = value.get("jml_suara_partai")
            if party is not None:
                if type(party) is int and 0 <= party <= MAX_FIGURE:
                    chart[key + ".0"] = party
                else:
                    chart[key + ".0"] = _figure(party, f'{field}["{key}"].jml_suara_partai')
        elif type(value) is int and 0 <= value <= MAX_FIGURE:
            chart[key + ".T"] = value
        else:
            chart[key + ".T"] = _figure(value, f'{field}["{key}"]')
    return chart


# --------------------------------------------------------------------------------------------------------------
# Parsers per kind


def _parse_tps(doc: dict[str, Any], item: SourceItem, segments: list[str], hint: str | None) -> TpsRecord:
    ballot = _resolve_ballot(segments, hint)
    tps = _tps_code(segments)

    admin: dict[str, int] = {}
    raw_admin = doc.get("administrasi")
    if raw_admin is not None:
        if type(raw_admin) is not dict:
            raise _Invalid("administrasi harus berupa objek atau null")
        get = raw_admin.get
        for name, line in ADMIN_FIELDS:
            value = get(name)
            if value is None:
                continue
            if type(value) is int and 0 <= value <= MAX_FIGURE:
                admin[line] = value
            else:
                _figure(value, f"administrasi.{name}")  # raises with the right message

    chart = _chart(doc.get("chart"), ballot in LEGISLATIVE_BALLOTS, "chart")

    raw_images = doc.get("images")
    images: tuple[str | None, ...]
    if raw_images is None:
        images = ()
    elif type(raw_images) is list:
        images = tuple(raw_images)
        for index, image in enumerate(images):
            if image is not None and type(image) is not str:
                raise _Invalid(f"images[{index}] harus berupa teks atau null")
    else:
        raise _Invalid("images harus berupa daftar")

    ts = doc.get("ts")
    if ts is not None and type(ts) is not str:
        raise _Invalid(f"ts harus berupa teks: {json.dumps(ts, ensure_ascii=False)}")
    psu = doc.get("psu")
    if psu is not None and type(psu) is not str:
        raise _Invalid(f"psu harus berupa teks: {json.dumps(psu, ensure_ascii=False)}")
    status_suara = doc.get("status_suara")
    status_adm = doc.get("status_adm")
    return TpsRecord(
        ballot,
        tps,
        ts,
        psu,
        admin,
        bool(admin),
        chart,
        bool(chart),
        images,
        item.display_path,
        item.sha256,
        status_suara if type(status_suara) is bool else None,
        status_adm if type(status_adm) is bool else None,
    )


def _parse_wilayah(doc: list[Any], item: SourceItem, segments: list[str]) -> WilayahList:
    stem = _stem(segments)
    named_by_code = _is_code(stem)
    parent_code = stem if named_by_code and stem != "0" else None
    expected_level: int | None = None
    if parent_code is not None:
        parent_level = _LEVEL_BY_CODE_LENGTH.get(len(parent_code))
        if parent_level is None or parent_level == 5:
            raise _Invalid(f"nama berkas {stem!r} bukan kode wilayah induk yang sah")
        expected_level = parent_level + 1
    elif named_by_code:
        expected_level = 1
    entries: list[WilayahEntry] = []
    seen: set[str] = set()
    for index, raw in enumerate(doc, start=1):
        where = f"entri ke-{index}"
        if type(raw) is not dict:
            raise _Invalid(f"{where} daftar wilayah bukan objek")
        code = raw.get("kode")
        if type(code) is not str or not _is_code(code):
            raise _Invalid(f"{where}: kode wilayah harus berupa teks angka: {json.dumps(code, ensure_ascii=False)}")
        where = f"{where} (kode {code})"
        level = _LEVEL_BY_CODE_LENGTH.get(len(code))
        if level is None:
            raise _Invalid(f"{where}: panjang kode {len(code)} digit tidak dikenal (yang sah: 2, 4, 6, 10, 13)")
        tingkat = raw.get("tingkat")
        if tingkat is None:
            if not named_by_code:
                raise _Invalid(f"{where}: tingkat tidak ada dan nama berkas bukan kode wilayah")
        elif type(tingkat) is not int or tingkat != level:
            raise _Invalid(
                f"{where}: kode {len(code)} digit tidak cocok dengan tingkat {json.dumps(tingkat)} "
                f"(seharusnya tingkat {level})"
            )
        if expected_level is None:
            expected_level = level
        elif level != expected_level:
            raise _Invalid(f"{where}: tingkat {level} berbeda dengan entri lain (tingkat {expected_level})")
        if parent_code is not None and not code.startswith(parent_code):
            raise _Invalid(f"{where}: bukan bagian dari wilayah {parent_code}")
        if code in seen:
            raise _Invalid(f"{where}: kode ganda dalam daftar")
        seen.add(code)
        name = raw.get("nama")
        if type(name) is not str:
            raise _Invalid(f"{where}: nama wilayah harus berupa teks")
        sirekap_id = raw.get("id")
        entries.append(WilayahEntry(code, name, level, sirekap_id if type(sirekap_id) is int else None))
    return WilayahList(item.display_path, item.sha256, parent_code, tuple(entries))


def _parse_aggregate(doc: dict[str, Any], item: SourceItem, segments: list[str], hint: str | None) -> AggregateRecord:
    ballot = _resolve_ballot(segments, hint, include_stem=True)
    stem = _stem(segments)
    region_code = stem if _is_code(stem) and stem != "0" else None
    if region_code is not None and len(region_code) not in _LEVEL_BY_CODE_LENGTH:
        raise _Invalid(f"nama berkas {stem!r} bukan kode wilayah yang sah")
    legislative = ballot in LEGISLATIVE_BALLOTS
    raw_chart = doc.get("chart")
    chart = _chart(raw_chart, legislative, "chart", ids_only=True)
    persen = _optional_float(raw_chart.get("persen"), "chart.persen") if type(raw_chart) is dict else None

    progres: tuple[int, int] | None = None
    raw_progres = doc.get("progres")
    if raw_progres is not None:
        if type(raw_progres) is not dict:
            raise _Invalid("progres harus berupa objek")
        done = raw_progres.get("progres")
        total = raw_progres.get("total")
        if done is not None and total is not None:
            progres = (_figure(done, "progres.progres"), _figure(total, "progres.total"))

    children: dict[str, ChildAggregate] = {}
    raw_table = doc.get("table")
    if raw_table is not None:
        if type(raw_table) is not dict:
            raise _Invalid("table harus berupa objek")
        for code, raw_child in raw_table.items():
            field = f'table["{code}"]'
            if raw_child is None:
                continue
            if type(raw_child) is not dict:
                raise _Invalid(f"{field} harus berupa objek")
            children[code] = ChildAggregate(
                _chart(raw_child, legislative, field, ids_only=True),
                _optional_float(raw_child.get("persen"), f"{field}.persen"),
                _optional_text(raw_child.get("psu"), f"{field}.psu"),
                _optional_bool(raw_child.get("status_progress")),
            )
    return AggregateRecord(
        item.display_path,
        item.sha256,
        ballot,
        region_code,
        _optional_text(doc.get("ts"), "ts"),
        chart,
        progres,
        children,
        persen,
        _optional_text(doc.get("psu"), "psu"),
    )


def _required_text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if type(value) is not str:
        raise _Invalid(f"{where}: {key} harus berupa teks")
    return value


def _required_number(raw: Mapping[str, Any], key: str, where: str) -> int:
    value = raw.get(key)
    if type(value) is not int or value < 0:
        raise _Invalid(f"{where}: {key} harus berupa bilangan bulat: {json.dumps(value, ensure_ascii=False)}")
    return value


def _parse_paslon(doc: dict[str, Any], item: SourceItem) -> PaslonList:
    entries: list[PaslonEntry] = []
    for key, raw in doc.items():
        where = f'paslon "{key}"'
        if type(raw) is not dict:
            raise _Invalid(f"{where} bukan objek")
        entries.append(
            PaslonEntry(
                key,
                _required_number(raw, "nomor_urut", where),
                _required_text(raw, "nama", where),
                _optional_text(raw.get("warna"), f"{where}.warna"),
            )
        )
    entries.sort(key=lambda entry: (entry.number, entry.sirekap_id))
    _no_duplicate_numbers([entry.number for entry in entries], "nomor urut paslon")
    return PaslonList(item.display_path, item.sha256, tuple(entries))


def _parse_parties(doc: dict[str, Any], item: SourceItem) -> PartyList:
    entries: list[PartyEntry] = []
    for key, raw in doc.items():
        where = f'partai "{key}"'
        if type(raw) is not dict:
            raise _Invalid(f"{where} bukan objek")
        short_name = _required_text(raw, "nama", where)
        full_name = raw.get("nama_lengkap")
        entries.append(
            PartyEntry(
                _required_number(raw, "nomor_urut", where),
                _required_number(raw, "id_partai", where),
                short_name,
                full_name if type(full_name) is str and full_name else short_name,
                raw.get("is_aceh") is True,
                _optional_text(raw.get("warna"), f"{where}.warna"),
            )
        )
    entries.sort(key=lambda entry: entry.number)
    _no_duplicate_numbers([entry.number for entry in entries], "nomor urut partai")
    return PartyList(item.display_path, item.sha256, tuple(entries))


def _candidate(raw: object, party_number: int | None, key: str, where: str) -> CandidateEntry:
    if type(raw) is not dict:
        raise _Invalid(f"{where} bukan objek")
    return CandidateEntry(
        party_number,
        key,
        _required_number(raw, "nomor_urut", where),
        _required_text(raw, "nama", where),
        _optional_text(raw.get("jenis_kelamin"), f"{where}.jenis_kelamin"),
        _optional_text(raw.get("tempat_tinggal"), f"{where}.tempat_tinggal"),
    )


def _parse_candidates(
    doc: dict[str, Any], item: SourceItem, segments: list[str], hint: str | None, dpd: bool
) -> CandidateList:
    stem = _stem(segments)
    code = stem if _is_code(stem) else None
    entries: list[CandidateEntry] = []
    if dpd:
        for key, raw in doc.items():
            entries.append(_candidate(raw, None, key, f'calon DPD "{key}"'))
        _no_duplicate_numbers([entry.number for entry in entries], "nomor urut calon DPD")
        entries.sort(key=lambda entry: (entry.number, entry.sirekap_id))
        return CandidateList(item.display_path, item.sha256, "pdpd", None, code, tuple(entries))
    for party_key, party_block in doc.items():
        if not _is_code(party_key):
            raise _Invalid(f'kunci partai "{party_key}" bukan nomor partai')
        if type(party_block) is not dict:
            raise _Invalid(f'partai "{party_key}" bukan objek')
        party_number = int(party_key)
        numbers: list[int] = []
        for key, raw in party_block.items():
            entry = _candidate(raw, party_number, key, f'calon partai {party_number} "{key}"')
            numbers.append(entry.number)
            entries.append(entry)
        _no_duplicate_numbers(numbers, f"nomor urut calon partai {party_number}")
    entries.sort(key=lambda entry: (entry.party_number or 0, entry.number, entry.sirekap_id))
    ballot = _ballot_from_path(segments, include_stem=False)
    if ballot is None and hint is not None and hint.strip().lower() in LEGISLATIVE_BALLOTS:
        ballot = hint.strip().lower()
    return CandidateList(item.display_path, item.sha256, ballot, code, None, tuple(entries))


def _no_duplicate_numbers(numbers: list[int], what: str) -> None:
    seen: set[int] = set()
    for number in numbers:
        if number in seen:
            raise _Invalid(f"{what} {number} muncul lebih dari sekali")
        seen.add(number)


# --------------------------------------------------------------------------------------------------------------
# Entry point

_UNRECOGNISED = "bentuk JSON tidak dikenali (bukan data TPS, daftar wilayah, agregat, paslon, partai atau calon)"

_JSON_MESSAGES: dict[str, str] = {
    "Expecting value": "nilai diharapkan",
    "Expecting ',' delimiter": "tanda ',' diharapkan",
    "Expecting ':' delimiter": "tanda ':' diharapkan",
    "Expecting property name enclosed in double quotes": "nama kunci dalam tanda kutip ganda diharapkan",
    "Unterminated string starting at": "teks tidak ditutup tanda kutip",
    "Extra data": "ada data tambahan setelah akhir JSON",
    "Invalid control character at": "karakter kontrol tidak sah",
    "Invalid \\escape": "escape '\\' tidak sah",
    "Invalid \\uXXXX escape": "escape \\uXXXX tidak sah",
}


_raw_decode = json.JSONDecoder().raw_decode
_JSON_SPACE = " \t\n\r"


def _loads(data: bytes) -> Any:
    """`json.loads(data)` for UTF-8 input, minus the encoding sniffing and regex calls of the general path."""
    try:
        text = data.decode()
    except UnicodeDecodeError:
        return json.loads(data)  # UTF-16/32 are still JSON; anything else raises UnicodeDecodeError
    if text[:1] == "\ufeff":
        text = text[1:]
    start = 0
    if text[:1] in _JSON_SPACE:
        start = len(text) - len(text.lstrip(_JSON_SPACE))
        if start == len(text):
            raise json.JSONDecodeError("Expecting value", text, start)
    doc, end = _raw_decode(text, start)
    if end != len(text):
        rest = text[end:].lstrip(_JSON_SPACE)
        if rest:
            raise json.JSONDecodeError("Extra data", text, len(text) - len(rest))
    return doc


def _json_error(exc: json.JSONDecodeError) -> str:
    if not exc.doc.strip():
        return "berkas kosong (JSON terpotong atau tidak terunduh)"
    detail = _JSON_MESSAGES.get(exc.msg, exc.msg)
    return f"JSON rusak atau terpotong (baris {exc.lineno}, kolom {exc.colno}): {detail}"


def _is_candidate_block(first: Mapping[str, Any]) -> bool:
    """A legislative candidate list: {party: {caleg_id: {nomor_urut, nama, jenis_kelamin, …}}}."""
    for value in first.values():
        return type(value) is dict and "nomor_urut" in value and "nama" in value
    return False


def parse_document(item: SourceItem, ballot_hint: str | None = None) -> ParsedDocument | ParseError:
    """Classify and parse one JSON document; never raises on bad data.

    `ballot_hint` is used when the ballot cannot be read from the path (no `/ppwp/`, `/pdpr/`, … segment).
    """
    source = item.display_path
    try:
        doc = _loads(item.data)
    except json.JSONDecodeError as exc:
        return ParseError(source, _json_error(exc))
    except UnicodeDecodeError:
        return ParseError(source, "bukan teks UTF-8; berkas JSON Sirekap selalu UTF-8")
    except RecursionError:
        return ParseError(source, "JSON terlalu dalam bersarang")
    segments = _segments(source)
    try:
        if type(doc) is dict:
            if "administrasi" in doc or "images" in doc:
                return _parse_tps(doc, item, segments, ballot_hint)
            if "table" in doc or "progres" in doc:
                return _parse_aggregate(doc, item, segments, ballot_hint)
            first = next((value for value in doc.values() if value), None)
            if type(first) is dict:
                if "id_partai" in first:
                    return _parse_parties(doc, item)
                if "jenis_kelamin" in first or "tempat_tinggal" in first:
                    return _parse_candidates(doc, item, segments, ballot_hint, dpd=True)
                if "nomor_urut" in first and "nama" in first:
                    return _parse_paslon(doc, item)
                if _is_candidate_block(first):
                    return _parse_candidates(doc, item, segments, ballot_hint, dpd=False)
        elif type(doc) is list and all(type(entry) is dict and "kode" in entry for entry in doc):
            return _parse_wilayah(doc, item, segments)
    except _Invalid as exc:
        return ParseError(source, str(exc))
    return ParseError(source, _UNRECOGNISED)


# --------------------------------------------------------------------------------------------------------------
# Chart keys → line ids


def chart_lines(record: TpsRecord, choice_lines: Mapping[str, str]) -> tuple[dict[str, int], tuple[str, ...]]:
    """Map the record's chart keys to section IV line ids.

    `choice_lines` maps chart keys to line ids (`PPWP_CHART_LINES`, `legislative_chart_lines(...)`,
    `dpd_chart_lines(...)`); `"line:<id>"` keys pass straight through. Returns (lines, unknown keys, sorted).
    """
    lines: dict[str, int] = {}
    unknown: list[str] = []
    for key, value in record.chart.items():
        line = choice_lines.get(key)
        if line is None:
            if key.startswith(LINE_KEY_PREFIX):
                line = key[len(LINE_KEY_PREFIX) :]
            else:
                unknown.append(key)
                continue
        lines[line] = value
    unknown.sort()
    return lines, tuple(unknown)


def legislative_chart_lines(party_numbers: Iterable[int]) -> dict[str, str]:
    """`{"1.T": "IV.1.T", "1.0": "IV.1.0", …}` for the parties contesting a legislative ballot."""
    mapping: dict[str, str] = {}
    for number in party_numbers:
        mapping[f"{number}.T"] = f"IV.{number}.T"
        mapping[f"{number}.0"] = f"IV.{number}.0"
    return mapping


def paslon_chart_lines(entries: Iterable[PaslonEntry]) -> dict[str, str]:
    """`{"100025": "IV.1", …}` from a parsed `ppwp.json`."""
    return {entry.sirekap_id: f"IV.{entry.number}" for entry in entries}


def dpd_chart_lines(entries: Iterable[CandidateEntry]) -> dict[str, str]:
    """`{"695854": "IV.3", …}` from a parsed DPD candidate list (candidate id → `IV.<nomor urut>`)."""
    return {entry.sirekap_id: f"IV.{entry.number}" for entry in entries if entry.party_number is None}
