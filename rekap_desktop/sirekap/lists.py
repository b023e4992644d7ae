"""Parsing the Sirekap documents that are not TPS records: region lists (`wilayah/…`), aggregate files
(`pemilu/hhcw/<ballot>/…/<region>.json`), and the paslon, party and candidate lists (DESIGN §6)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from rekap_desktop.sirekap.fields import (
    ballot_from_path,
    chart_values,
    figure,
    is_code,
    name_stem,
    optional_bool,
    optional_float,
    optional_text,
    resolve_ballot,
)
from rekap_desktop.sirekap.records import (
    _LEVEL_BY_CODE_LENGTH,
    LEGISLATIVE_BALLOTS,
    AggregateRecord,
    CandidateEntry,
    CandidateList,
    ChildAggregate,
    Invalid,
    PartyEntry,
    PartyList,
    PaslonEntry,
    PaslonList,
    WilayahEntry,
    WilayahList,
)
from rekap_desktop.sirekap.sources import SourceItem


def parse_wilayah(doc: list[Any], item: SourceItem, segments: list[str]) -> WilayahList:
    stem = name_stem(segments)
    named_by_code = is_code(stem)
    parent_code = stem if named_by_code and stem != "0" else None
    expected_level: int | None = None
    if parent_code is not None:
        parent_level = _LEVEL_BY_CODE_LENGTH.get(len(parent_code))
        if parent_level is None or parent_level == 5:
            raise Invalid(f"nama berkas {stem!r} bukan kode wilayah induk yang sah")
        expected_level = parent_level + 1
    elif named_by_code:
        expected_level = 1
    entries: list[WilayahEntry] = []
    seen: set[str] = set()
    for index, raw in enumerate(doc, start=1):
        where = f"entri ke-{index}"
        if type(raw) is not dict:
            raise Invalid(f"{where} daftar wilayah bukan objek")
        code = raw.get("kode")
        if type(code) is not str or not is_code(code):
            raise Invalid(f"{where}: kode wilayah harus berupa teks angka: {json.dumps(code, ensure_ascii=False)}")
        where = f"{where} (kode {code})"
        level = _LEVEL_BY_CODE_LENGTH.get(len(code))
        if level is None:
            raise Invalid(f"{where}: panjang kode {len(code)} digit tidak dikenal (yang sah: 2, 4, 6, 10, 13)")
        tingkat = raw.get("tingkat")
        if tingkat is None:
            if not named_by_code:
                raise Invalid(f"{where}: tingkat tidak ada dan nama berkas bukan kode wilayah")
        elif type(tingkat) is not int or tingkat != level:
            raise Invalid(
                f"{where}: kode {len(code)} digit tidak cocok dengan tingkat {json.dumps(tingkat)} "
                f"(seharusnya tingkat {level})"
            )
        if expected_level is None:
            expected_level = level
        elif level != expected_level:
            raise Invalid(f"{where}: tingkat {level} berbeda dengan entri lain (tingkat {expected_level})")
        if parent_code is not None and not code.startswith(parent_code):
            raise Invalid(f"{where}: bukan bagian dari wilayah {parent_code}")
        if code in seen:
            raise Invalid(f"{where}: kode ganda dalam daftar")
        seen.add(code)
        name = raw.get("nama")
        if type(name) is not str:
            raise Invalid(f"{where}: nama wilayah harus berupa teks")
        sirekap_id = raw.get("id")
        entries.append(WilayahEntry(code, name, level, sirekap_id if type(sirekap_id) is int else None))
    return WilayahList(item.display_path, item.sha256, parent_code, tuple(entries))


def parse_aggregate(doc: dict[str, Any], item: SourceItem, segments: list[str], hint: str | None) -> AggregateRecord:
    ballot = resolve_ballot(segments, hint, include_stem=True)
    stem = name_stem(segments)
    region_code = stem if is_code(stem) and stem != "0" else None
    if region_code is not None and len(region_code) not in _LEVEL_BY_CODE_LENGTH:
        raise Invalid(f"nama berkas {stem!r} bukan kode wilayah yang sah")
    legislative = ballot in LEGISLATIVE_BALLOTS
    raw_chart = doc.get("chart")
    chart = chart_values(raw_chart, legislative, "chart", ids_only=True)
    persen = optional_float(raw_chart.get("persen"), "chart.persen") if type(raw_chart) is dict else None

    progres: tuple[int, int] | None = None
    raw_progres = doc.get("progres")
    if raw_progres is not None:
        if type(raw_progres) is not dict:
            raise Invalid("progres harus berupa objek")
        done = raw_progres.get("progres")
        total = raw_progres.get("total")
        if done is not None and total is not None:
            progres = (figure(done, "progres.progres"), figure(total, "progres.total"))

    children: dict[str, ChildAggregate] = {}
    raw_table = doc.get("table")
    if raw_table is not None:
        if type(raw_table) is not dict:
            raise Invalid("table harus berupa objek")
        for code, raw_child in raw_table.items():
            field = f'table["{code}"]'
            if raw_child is None:
                continue
            if type(raw_child) is not dict:
                raise Invalid(f"{field} harus berupa objek")
            children[code] = ChildAggregate(
                chart_values(raw_child, legislative, field, ids_only=True),
                optional_float(raw_child.get("persen"), f"{field}.persen"),
                optional_text(raw_child.get("psu"), f"{field}.psu"),
                optional_bool(raw_child.get("status_progress")),
            )
    return AggregateRecord(
        item.display_path,
        item.sha256,
        ballot,
        region_code,
        optional_text(doc.get("ts"), "ts"),
        chart,
        progres,
        children,
        persen,
        optional_text(doc.get("psu"), "psu"),
    )


def _required_text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if type(value) is not str:
        raise Invalid(f"{where}: {key} harus berupa teks")
    return value


def _required_number(raw: Mapping[str, Any], key: str, where: str) -> int:
    value = raw.get(key)
    if type(value) is not int or value < 0:
        raise Invalid(f"{where}: {key} harus berupa bilangan bulat: {json.dumps(value, ensure_ascii=False)}")
    return value


def parse_paslon(doc: dict[str, Any], item: SourceItem) -> PaslonList:
    entries: list[PaslonEntry] = []
    for key, raw in doc.items():
        where = f'paslon "{key}"'
        if type(raw) is not dict:
            raise Invalid(f"{where} bukan objek")
        entries.append(
            PaslonEntry(
                key,
                _required_number(raw, "nomor_urut", where),
                _required_text(raw, "nama", where),
                optional_text(raw.get("warna"), f"{where}.warna"),
            )
        )
    entries.sort(key=lambda entry: (entry.number, entry.sirekap_id))
    _no_duplicate_numbers([entry.number for entry in entries], "nomor urut paslon")
    return PaslonList(item.display_path, item.sha256, tuple(entries))


def parse_parties(doc: dict[str, Any], item: SourceItem) -> PartyList:
    entries: list[PartyEntry] = []
    for key, raw in doc.items():
        where = f'partai "{key}"'
        if type(raw) is not dict:
            raise Invalid(f"{where} bukan objek")
        short_name = _required_text(raw, "nama", where)
        full_name = raw.get("nama_lengkap")
        entries.append(
            PartyEntry(
                _required_number(raw, "nomor_urut", where),
                _required_number(raw, "id_partai", where),
                short_name,
                full_name if type(full_name) is str and full_name else short_name,
                raw.get("is_aceh") is True,
                optional_text(raw.get("warna"), f"{where}.warna"),
            )
        )
    entries.sort(key=lambda entry: entry.number)
    _no_duplicate_numbers([entry.number for entry in entries], "nomor urut partai")
    return PartyList(item.display_path, item.sha256, tuple(entries))


def _candidate(raw: object, party_number: int | None, key: str, where: str) -> CandidateEntry:
    if type(raw) is not dict:
        raise Invalid(f"{where} bukan objek")
    return CandidateEntry(
        party_number,
        key,
        _required_number(raw, "nomor_urut", where),
        _required_text(raw, "nama", where),
        optional_text(raw.get("jenis_kelamin"), f"{where}.jenis_kelamin"),
        optional_text(raw.get("tempat_tinggal"), f"{where}.tempat_tinggal"),
    )


def parse_candidates(
    doc: dict[str, Any], item: SourceItem, segments: list[str], hint: str | None, dpd: bool
) -> CandidateList:
    stem = name_stem(segments)
    code = stem if is_code(stem) else None
    entries: list[CandidateEntry] = []
    if dpd:
        for key, raw in doc.items():
            entries.append(_candidate(raw, None, key, f'calon DPD "{key}"'))
        _no_duplicate_numbers([entry.number for entry in entries], "nomor urut calon DPD")
        entries.sort(key=lambda entry: (entry.number, entry.sirekap_id))
        return CandidateList(item.display_path, item.sha256, "pdpd", None, code, tuple(entries))
    for party_key, party_block in doc.items():
        if not is_code(party_key):
            raise Invalid(f'kunci partai "{party_key}" bukan nomor partai')
        if type(party_block) is not dict:
            raise Invalid(f'partai "{party_key}" bukan objek')
        party_number = int(party_key)
        numbers: list[int] = []
        for key, raw in party_block.items():
            entry = _candidate(raw, party_number, key, f'calon partai {party_number} "{key}"')
            numbers.append(entry.number)
            entries.append(entry)
        _no_duplicate_numbers(numbers, f"nomor urut calon partai {party_number}")
    entries.sort(key=lambda entry: (entry.party_number or 0, entry.number, entry.sirekap_id))
    ballot = ballot_from_path(segments, include_stem=False)
    if ballot is None and hint is not None and hint.strip().lower() in LEGISLATIVE_BALLOTS:
        ballot = hint.strip().lower()
    return CandidateList(item.display_path, item.sha256, ballot, code, None, tuple(entries))


def _no_duplicate_numbers(numbers: list[int], what: str) -> None:
    seen: set[int] = set()
    for number in numbers:
        if number in seen:
            raise Invalid(f"{what} {number} muncul lebih dari sekali")
        seen.add(number)



def paslon_chart_lines(entries: Iterable[PaslonEntry]) -> dict[str, str]:
    """`{"100025": "IV.1", …}` from a parsed `ppwp.json`."""
    return {entry.sirekap_id: f"IV.{entry.number}" for entry in entries}


def dpd_chart_lines(entries: Iterable[CandidateEntry]) -> dict[str, str]:
    """`{"695854": "IV.3", …}` from a parsed DPD candidate list (candidate id → `IV.<nomor urut>`)."""
    return {entry.sirekap_id: f"IV.{entry.number}" for entry in entries if entry.party_number is None}


def is_candidate_block(first: Mapping[str, Any]) -> bool:
    """A legislative candidate list: {party: {caleg_id: {nomor_urut, nama, jenis_kelamin, …}}}."""
    for value in first.values():
        return type(value) is dict and "nomor_urut" in value and "nama" in value
    return False
