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
import re
from collections.abc import Iterable, Mapping
from typing import Any

from rekap_desktop.sirekap.fields import (
    chart_values,
    figure,
    resolve_ballot,
    segments_of,
    tps_code,
)
from rekap_desktop.sirekap.lists import (
    dpd_chart_lines,
    is_candidate_block,
    parse_aggregate,
    parse_candidates,
    parse_parties,
    parse_paslon,
    parse_wilayah,
    paslon_chart_lines,
)
from rekap_desktop.sirekap.records import (
    ADMIN_FIELD_BY_LINE,
    ADMIN_FIELDS,
    ADMIN_LINE_BY_FIELD,
    BALLOTS,
    LEGISLATIVE_BALLOTS,
    LINE_KEY_PREFIX,
    MAX_FIGURE,
    PPWP_CHART_LINES,
    AggregateRecord,
    CandidateEntry,
    CandidateList,
    ChildAggregate,
    Invalid,
    ParsedDocument,
    ParseError,
    PartyEntry,
    PartyList,
    PaslonEntry,
    PaslonList,
    TpsBatch,
    TpsRecord,
    WilayahEntry,
    WilayahList,
)
from rekap_desktop.sirekap.sources import SourceItem
from rekap_desktop.sirekap.status import KNOWN_PSU_TEXTS, status_of_psu
from rekap_desktop.sirekap.timestamps import ParseContext, ts_problem

__all__ = [
    "ADMIN_FIELDS",
    "ADMIN_FIELD_BY_LINE",
    "ADMIN_LINE_BY_FIELD",
    "BALLOTS",
    "LEGISLATIVE_BALLOTS",
    "LINE_KEY_PREFIX",
    "MAX_FIGURE",
    "PPWP_CHART_LINES",
    "AggregateRecord",
    "CandidateEntry",
    "CandidateList",
    "ChildAggregate",
    "DuplicateKey",
    "Invalid",
    "ParseError",
    "ParsedDocument",
    "PartyEntry",
    "PartyList",
    "PaslonEntry",
    "PaslonList",
    "TpsBatch",
    "TpsRecord",
    "WilayahEntry",
    "WilayahList",
    "chart_lines",
    "dpd_chart_lines",
    "json_error",
    "legislative_chart_lines",
    "loads",
    "parse_document",
    "parse_tps_object",
    "paslon_chart_lines",
    "segments_of",
]


# --------------------------------------------------------------------------------------------------------------
# Parsers per kind


def parse_tps_object(doc: dict[str, Any], source: str, sha256: str, segments: list[str], hint: str | None,
                     context: ParseContext | None) -> TpsRecord:
    """One TPS record object; `segments`: the path (or URL) that names its TPS and ballot. Raises `Invalid`."""
    ballot = resolve_ballot(segments, hint)
    tps = tps_code(segments)

    admin: dict[str, int] = {}
    raw_admin = doc.get("administrasi")
    if raw_admin is not None:
        if type(raw_admin) is not dict:
            raise Invalid("administrasi harus berupa objek atau null")
        get = raw_admin.get
        for name, line in ADMIN_FIELDS:
            value = get(name)
            if value is None:
                continue
            if type(value) is int and 0 <= value <= MAX_FIGURE:
                admin[line] = value
            else:
                figure(value, f"administrasi.{name}")  # raises with the right message

    chart = chart_values(doc.get("chart"), ballot in LEGISLATIVE_BALLOTS, "chart")

    raw_images = doc.get("images")
    images: tuple[str | None, ...]
    if raw_images is None:
        images = ()
    elif type(raw_images) is list:
        images = tuple(raw_images)
        for index, image in enumerate(images):
            if image is not None and type(image) is not str:
                raise Invalid(f"images[{index}] harus berupa teks atau null")
    else:
        raise Invalid("images harus berupa daftar")

    ts = doc.get("ts")
    if ts is not None:
        if type(ts) is not str:
            raise Invalid(f"ts harus berupa teks: {json.dumps(ts, ensure_ascii=False)}")
        problem = ts_problem(ts, context)
        if problem is not None:
            raise Invalid(problem)
    psu = doc.get("psu")
    if psu is not None:
        if type(psu) is not str:
            raise Invalid(f"psu harus berupa teks: {json.dumps(psu, ensure_ascii=False)}")
        if status_of_psu(psu) is None:
            raise Invalid(f"nilai psu tidak dikenal: {psu!r} (yang dikenal: {', '.join(KNOWN_PSU_TEXTS)})")
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
        source,
        sha256,
        status_suara if type(status_suara) is bool else None,
        status_adm if type(status_adm) is bool else None,
    )



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


class DuplicateKey(Exception):
    """The same key twice in one JSON object: which value is meant cannot be told (`"suara_sah": 241,
    "suara_sah": 9999` — Python's json keeps the last one silently)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    @property
    def message(self) -> str:
        return (f'kunci JSON "{self.key}" muncul dua kali dalam satu objek; nilai mana yang benar tidak dapat '
                "diketahui, berkas tidak dipakai")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return obj


_checked_decode = json.JSONDecoder(object_pairs_hook=_no_duplicates).raw_decode
_plain_decode = json.JSONDecoder().raw_decode
_JSON_SPACE = " \t\n\r"
_SPACE_BEFORE_COLON = re.compile(r'"[ \t\r\n]+:')


def _members(doc: Any) -> int:
    """Members of every object in a decoded document."""
    count = 0
    stack = [doc]
    while stack:
        node = stack.pop()
        if type(node) is dict:
            count += len(node)
            for value in node.values():
                if type(value) is dict or type(value) is list:
                    stack.append(value)
        elif type(node) is list:
            for value in node:
                if type(value) is dict or type(value) is list:
                    stack.append(value)
    return count


def _keys_written(text: str) -> int | None:
    """How many object keys the text holds, counted without decoding: every key is a string followed by `:`, and a
    string inside a JSON text never holds an unescaped `"`; None when the text escapes a quote (not countable so)."""
    if '\\"' in text:
        return None
    keys = text.count('":')
    if '" ' in text or '"\n' in text or '"\t' in text or '"\r' in text:
        keys += len(_SPACE_BEFORE_COLON.findall(text))
    return keys


def loads(data: bytes | str) -> Any:
    """`json.loads(data)` for UTF-8 input, refusing duplicate keys (DuplicateKey), minus the encoding sniffing and
    regex calls of the general path."""
    if isinstance(data, str):
        text = data
    else:
        try:
            text = data.decode()
        except UnicodeDecodeError:
            encoding = json.detect_encoding(data)  # UTF-16/32 are still JSON; anything else is refused
            if encoding.startswith("utf-8"):
                raise
            text = data.decode(encoding)
    if text[:1] == "\ufeff":
        text = text[1:]
    start = 0
    if text[:1] in _JSON_SPACE:
        start = len(text) - len(text.lstrip(_JSON_SPACE))
        if start == len(text):
            raise json.JSONDecodeError("Expecting value", text, start)
    doc, end = _plain_decode(text, start)
    if _keys_written(text) != _members(doc):  # a key given twice (or not countable): decode again to name it
        doc, end = _checked_decode(text, start)
    if end != len(text):
        rest = text[end:].lstrip(_JSON_SPACE)
        if rest:
            raise json.JSONDecodeError("Extra data", text, len(text) - len(rest))
    return doc


def json_error(exc: json.JSONDecodeError) -> str:
    if not exc.doc.strip():
        return "berkas kosong (JSON terpotong atau tidak terunduh)"
    detail = _JSON_MESSAGES.get(exc.msg, exc.msg)
    return f"JSON rusak atau terpotong (baris {exc.lineno}, kolom {exc.colno}): {detail}"




def parse_document(item: SourceItem, ballot_hint: str | None = None,
                   context: ParseContext | None = None) -> ParsedDocument | ParseError:
    """Classify and parse one JSON document (or JSON lines file); never raises on bad data.

    `ballot_hint` is used when the ballot cannot be read from the path (no `/ppwp/`, `/pdpr/`, … segment);
    `context` (import moment, election year) validates each record's `ts` (:mod:`rekap_desktop.sirekap.timestamps`).
    """
    from rekap_desktop.sirekap import bulk

    source = item.display_path
    if item.suffix in bulk.JSON_LINES_SUFFIXES:
        return bulk.parse_json_lines(item, ballot_hint, context)
    try:
        doc = loads(item.data)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and bulk.looks_like_json_lines(item.data):
            return bulk.parse_json_lines(item, ballot_hint, context)
        return ParseError(source, json_error(exc))
    except DuplicateKey as exc:
        return ParseError(source, exc.message)
    except UnicodeDecodeError:
        return ParseError(source, "bukan teks UTF-8; berkas JSON Sirekap selalu UTF-8")
    except RecursionError:
        return ParseError(source, "JSON terlalu dalam bersarang")
    segments = segments_of(source)
    try:
        if type(doc) is dict:
            if "administrasi" in doc or "images" in doc:
                return parse_tps_object(doc, source, item.sha256, segments, ballot_hint, context)
            if bulk.is_keyed_bulk(doc):
                return bulk.parse_keyed(doc, item, ballot_hint, context)
            if "table" in doc or "progres" in doc:
                return parse_aggregate(doc, item, segments, ballot_hint)
            first = next((value for value in doc.values() if value), None)
            if type(first) is dict:
                if "id_partai" in first:
                    return parse_parties(doc, item)
                if "jenis_kelamin" in first or "tempat_tinggal" in first:
                    return parse_candidates(doc, item, segments, ballot_hint, dpd=True)
                if "nomor_urut" in first and "nama" in first:
                    return parse_paslon(doc, item)
                if is_candidate_block(first):
                    return parse_candidates(doc, item, segments, ballot_hint, dpd=False)
        elif type(doc) is list and all(type(entry) is dict and "kode" in entry for entry in doc):
            return parse_wilayah(doc, item, segments)
    except Invalid as exc:
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
