"""Reading the fields of Sirekap documents: path segments (ballot, TPS code from the URL path) and values."""

from __future__ import annotations

import json

from rekap_desktop.sirekap.records import BALLOTS, MAX_FIGURE, Invalid

# --------------------------------------------------------------------------------------------------------------
# Path helpers


def segments_of(display_path: str) -> list[str]:
    """Path segments; a zip boundary (`a.zip!b/c.json`) counts as a separator."""
    if "\\" in display_path:
        display_path = display_path.replace("\\", "/")
    if "!" in display_path:
        display_path = display_path.replace("!", "/")
    return display_path.split("/")


def name_stem(segments: list[str]) -> str:
    name = segments[-1]
    dot = name.rfind(".")
    return name[:dot] if dot > 0 else name


def is_code(text: str) -> bool:
    return text.isascii() and text.isdigit()


def ballot_from_path(segments: list[str], include_stem: bool) -> str | None:
    if include_stem:
        stem = name_stem(segments).lower()
        if stem in BALLOTS:
            return stem
    for segment in reversed(segments[:-1]):
        if segment in BALLOTS:
            return segment
        lowered = segment.lower()
        if lowered in BALLOTS:
            return lowered
    return None


def resolve_ballot(segments: list[str], hint: str | None, include_stem: bool = False) -> str:
    ballot = ballot_from_path(segments, include_stem)
    if ballot is not None:
        return ballot
    if hint is not None:
        normal = hint.strip().lower()
        if normal in BALLOTS:
            return normal
        raise Invalid(f"jenis pemilihan tidak dikenal: {hint!r} (yang sah: ppwp, pdpr, pdpd, pdprdp, pdprdk)")
    raise Invalid(
        "jenis pemilihan tidak diketahui: tidak ada /ppwp/, /pdpr/, /pdpd/, /pdprdp/ atau /pdprdk/ pada lokasi "
        "berkas; pilih jenis pemilihan saat mengimpor"
    )


def tps_code(segments: list[str]) -> str:
    stem = name_stem(segments)
    if is_code(stem):
        if len(stem) != 13:
            raise Invalid(f"kode TPS pada nama berkas harus 13 digit: {stem!r} ({len(stem)} digit)")
        code = stem
    else:
        for segment in reversed(segments[:-1]):
            if len(segment) == 13 and is_code(segment):
                return segment
        raise Invalid("kode TPS (13 digit) tidak ditemukan pada nama berkas atau foldernya")
    if len(segments) >= 2:
        parent = segments[-2]
        if len(parent) == 10 and is_code(parent) and not code.startswith(parent):
            raise Invalid(f"kode TPS {code} tidak berada di desa/kelurahan {parent} (nama foldernya)")
    return code


# --------------------------------------------------------------------------------------------------------------
# Value helpers


def figure(value: object, field: str) -> int:
    if type(value) is not int:
        raise Invalid(f"nilai {field} bukan bilangan bulat: {json.dumps(value, ensure_ascii=False)}")
    if value < 0:
        raise Invalid(f"nilai {field} negatif: {value}")
    if value > MAX_FIGURE:
        raise Invalid(f"nilai {field} tidak masuk akal: {value}")
    return value


def optional_text(value: object, field: str) -> str | None:
    if value is None or type(value) is str:
        return value
    raise Invalid(f"{field} harus berupa teks: {json.dumps(value, ensure_ascii=False)}")


def optional_bool(value: object) -> bool | None:
    return value if type(value) is bool else None


def optional_float(value: object, field: str) -> float | None:
    if value is None:
        return None
    if type(value) is int or type(value) is float:
        return float(value)
    raise Invalid(f"{field} harus berupa angka: {json.dumps(value, ensure_ascii=False)}")


def chart_values(raw: object, legislative: bool, field: str, ids_only: bool = False) -> dict[str, int]:
    """Chart object → {key: int}; drops the spurious `"null"` key and null values.

    `ids_only` (aggregates): keys that are not numeric ids (`persen`, `psu`, `status_progress`, …) are metadata
    and skipped.
    """
    if raw is None:
        return {}
    if type(raw) is not dict:
        raise Invalid(f"{field} harus berupa objek")
    chart: dict[str, int] = {}
    # Valid figures take the inline fast path; only a bad one builds its field name (for the message) and
    # goes through _figure, which raises. A kabupaten import parses hundreds of thousands of these values.
    for key, value in raw.items():
        if value is None or key == "null" or (ids_only and not is_code(key)):
            continue
        if not legislative:
            if type(value) is int and 0 <= value <= MAX_FIGURE:
                chart[key] = value
            else:
                chart[key] = figure(value, f'{field}["{key}"]')
        elif type(value) is dict:
            total = value.get("jml_suara_total")
            if total is not None:
                if type(total) is int and 0 <= total <= MAX_FIGURE:
                    chart[key + ".T"] = total
                else:
                    chart[key + ".T"] = figure(total, f'{field}["{key}"].jml_suara_total')
            party = value.get("jml_suara_partai")
            if party is not None:
                if type(party) is int and 0 <= party <= MAX_FIGURE:
                    chart[key + ".0"] = party
                else:
                    chart[key + ".0"] = figure(party, f'{field}["{key}"].jml_suara_partai')
        elif type(value) is int and 0 <= value <= MAX_FIGURE:
            chart[key + ".T"] = value
        else:
            chart[key + ".T"] = figure(value, f'{field}["{key}"]')
    return chart
