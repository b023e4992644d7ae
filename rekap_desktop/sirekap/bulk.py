"""The bulk formats of public Sirekap mirrors: many TPS records in one file (issue 15, field case 05).

- **An object keyed by TPS path**: `{"35/3527/352701/3527012001/3527012001001": {<TPS record>, "data_url": …}}`
  — the TPS code comes from the key's last segment (or the `data_url`), the ballot from the `data_url` (`/ppwp/`)
  or the file's own path, else from the ballot chosen at import.
- **JSON lines** (`.jsonl`, `.ndjson`, or a `.json` file holding one JSON value per line): each line
  `{"url": …, "data": {<TPS record>}}` (or a bare TPS record with its `data_url`/`url`).

Each record is read exactly like a file of its own (:func:`rekap_desktop.sirekap.json.parse_tps_object`). The file
is taken whole or not at all: the first bad entry makes a ParseError naming the key or the line.
"""

from __future__ import annotations

import json
from typing import Any

from rekap_desktop.sirekap.json import (
    DuplicateKey,
    Invalid,
    ParseError,
    TpsBatch,
    TpsRecord,
    json_error,
    loads,
    parse_tps_object,
    segments_of,
)
from rekap_desktop.sirekap.sources import SourceItem
from rekap_desktop.sirekap.timestamps import ParseContext

JSON_LINES_SUFFIXES: frozenset[str] = frozenset({".jsonl", ".ndjson"})
_URL_KEYS = ("data_url", "url")
_TPS_KEYS = ("administrasi", "chart", "images")


def is_keyed_bulk(doc: dict[str, Any]) -> bool:
    """An object whose values are TPS records (the first non-empty value decides)."""
    first = next((value for value in doc.values() if value), None)
    return type(first) is dict and any(key in first for key in _TPS_KEYS)


def looks_like_json_lines(data: bytes) -> bool:
    """A `.json` file that is really JSON lines: its first two non-empty lines are each a complete JSON object."""
    lines = [line.strip() for line in data.split(b"\n", 8)[:8] if line.strip()][:2]
    if len(lines) < 2:
        return False
    try:
        return all(line.startswith(b"{") and type(loads(line)) is dict for line in lines)
    except (ValueError, DuplicateKey, UnicodeDecodeError):
        return False


def _url_of(entry: dict[str, Any], where: str) -> str | None:
    for key in _URL_KEYS:
        value = entry.get(key)
        if value is not None:
            if type(value) is not str:
                raise Invalid(f"{where}: {key} harus berupa teks")
            return value
    return None


def _record(entry: dict[str, Any], key: str | None, url: str | None, item: SourceItem, hint: str | None,
            context: ParseContext | None, where: str) -> TpsRecord:
    file_segments = segments_of(item.display_path)[:-1]
    if url is not None:
        segments = file_segments + segments_of(url.split("://", 1)[-1])
    elif key is not None:
        segments = file_segments + [part for part in segments_of(key) if part]
    else:
        raise Invalid(f"{where}: tidak ada url/data_url yang menyebut kode TPS")
    try:
        record = parse_tps_object(entry, item.display_path, item.sha256, segments, hint, context)
    except Invalid as exc:
        raise Invalid(f"{where}: {exc}") from None
    if key is not None and url is not None:
        from_key = segments_of(key)[-1]
        if from_key.isdigit() and from_key != record.tps:
            raise Invalid(f"{where}: kunci menyebut TPS {from_key}, sedangkan data_url menyebut TPS {record.tps}")
    return record


def parse_keyed(doc: dict[str, Any], item: SourceItem, hint: str | None, context: ParseContext | None) -> TpsBatch:
    """An object keyed by TPS path (module docstring). Raises `Invalid` naming the key."""
    records: list[TpsRecord] = []
    seen: dict[tuple[str, str], str] = {}
    for key, entry in doc.items():
        where = f'entri "{key}"'
        if type(entry) is not dict:
            raise Invalid(f"{where} bukan objek rekaman TPS")
        record = _record(entry, key, _url_of(entry, where), item, hint, context, where)
        _no_repeat(seen, record, where)
        records.append(record)
    return TpsBatch(item.display_path, item.sha256, tuple(records))


def _no_repeat(seen: dict[tuple[str, str], str], record: TpsRecord, where: str) -> None:
    first = seen.get((record.ballot, record.tps))
    if first is not None:
        raise Invalid(f"{where}: TPS {record.tps} ({record.ballot}) sudah ada di {first}; nilai mana yang benar "
                      "tidak dapat diketahui")
    seen[(record.ballot, record.tps)] = where


def parse_json_lines(item: SourceItem, hint: str | None, context: ParseContext | None) -> TpsBatch | ParseError:
    """JSON lines (module docstring); blank lines are skipped. Never raises on bad data."""
    source = item.display_path
    try:
        text = item.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParseError(source, "bukan teks UTF-8; berkas JSON Sirekap selalu UTF-8")
    records: list[TpsRecord] = []
    seen: dict[tuple[str, str], str] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"baris {number}"
        try:
            value = loads(line)
        except json.JSONDecodeError as exc:
            return ParseError(source, f"{where}: {json_error(exc).replace('baris 1, ', '')}")
        except DuplicateKey as exc:
            return ParseError(source, f"{where}: {exc.message}")
        except RecursionError:
            return ParseError(source, f"{where}: JSON terlalu dalam bersarang")
        try:
            if type(value) is not dict:
                raise Invalid(f"{where}: bukan objek JSON")
            data = value.get("data") if "data" in value else value
            if type(data) is not dict or not any(key in data for key in _TPS_KEYS):
                raise Invalid(f"{where}: bukan rekaman TPS Sirekap (harus {{\"url\": …, \"data\": {{…}}}})")
            url = _url_of(value, where) or _url_of(data, where)
            record = _record(data, None, url, item, hint, context, where)
            _no_repeat(seen, record, where)
        except Invalid as exc:
            return ParseError(source, str(exc))
        records.append(record)
    if not records:
        return ParseError(source, "berkas kosong: tidak ada satu pun rekaman TPS")
    return TpsBatch(source, item.sha256, tuple(records))
