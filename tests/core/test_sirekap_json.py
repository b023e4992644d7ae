"""parse_document on the real Sampang sample and on every bad-input class."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from typing import Any

import pytest

from rekap_desktop.sirekap.json import (
    PPWP_CHART_LINES,
    AggregateRecord,
    CandidateEntry,
    CandidateList,
    ParseError,
    PartyList,
    PaslonEntry,
    PaslonList,
    TpsRecord,
    WilayahEntry,
    WilayahList,
    chart_lines,
    dpd_chart_lines,
    legislative_chart_lines,
    parse_document,
    paslon_chart_lines,
)
from rekap_desktop.sirekap.sources import SourceItem, iter_sources

from ..conftest import SIREKAP_SAMPLE

SAMPLE = SIREKAP_SAMPLE
DESA = SAMPLE / "pemilu" / "hhcw" / "ppwp" / "35" / "3527" / "352701" / "3527012001"
WILAYAH = SAMPLE / "wilayah" / "pemilu" / "ppwp"
TPS_DIR = "pemilu/hhcw/{ballot}/35/3527/352701/3527012001"


def item(path: str, data: bytes | str | Any) -> SourceItem:
    if isinstance(data, str):
        raw = data.encode()
    elif isinstance(data, bytes):
        raw = data
    else:
        raw = json.dumps(data).encode()
    return SourceItem(path, raw, hashlib.sha256(raw).hexdigest())


def sample_doc(tps: str = "001") -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((DESA / f"3527012001{tps}.json").read_text())
    return doc


def parse_tps(doc: Any, path: str = f"{TPS_DIR.format(ballot='ppwp')}/3527012001001.json") -> TpsRecord:
    result = parse_document(item(path, doc))
    assert isinstance(result, TpsRecord), result
    return result


def parse_error(doc: Any, path: str = f"{TPS_DIR.format(ballot='ppwp')}/3527012001001.json") -> ParseError:
    result = parse_document(item(path, doc))
    assert isinstance(result, ParseError), result
    return result


def real_records() -> dict[str, TpsRecord]:
    records: dict[str, TpsRecord] = {}
    for source in iter_sources([DESA]):
        assert isinstance(source, SourceItem)
        record = parse_document(source)
        assert isinstance(record, TpsRecord), record
        records[record.tps[-3:]] = record
    return records


# ---------------------------------------------------------------------------------------------------- real sample


def test_real_tps_record_001_field_by_field() -> None:
    rec = real_records()["001"]
    assert rec.ballot == "ppwp" and rec.tps == "3527012001001"
    assert rec.ts == "2024-02-21 21:00:04" and rec.psu is None
    assert rec.status_suara is True and rec.status_adm is True
    assert rec.chart == {"100025": 48, "100026": 139, "100027": 80}
    assert rec.has_chart and rec.has_admin
    assert rec.admin == {
        "I.A.L": 142, "I.A.P": 152, "I.A.JML": 294,
        "I.B.1.L": 134, "I.B.1.P": 147, "I.B.1.JML": 281,
        "I.B.2.L": 0, "I.B.2.P": 0, "I.B.2.JML": 0,
        "I.B.3.L": 0, "I.B.3.P": 0, "I.B.3.JML": 0,
        "I.B.4.L": 134, "I.B.4.P": 147, "I.B.4.JML": 281,
        "V.A": 267, "V.B": 14, "V.C": 281,
    }  # fmt: skip
    assert len(rec.images) == 3 and all(i and i.endswith(".jpg") for i in rec.images)
    assert rec.source.endswith("3527012001001.json")
    assert rec.sha256.startswith("62637a20185a49c4")


def test_real_sample_quirks() -> None:
    records = real_records()
    assert sorted(records) == [f"{n:03d}" for n in range(1, 21)]
    # administrasi null at 006: missing, never 0
    assert records["006"].admin == {} and not records["006"].has_admin and records["006"].status_adm is False
    assert records["006"].chart == {"100025": 32, "100026": 155, "100027": 37}
    # chart null at 008, 011, 012; {"null": null} at 009, 019
    without_chart = sorted(n for n, r in records.items() if not r.has_chart)
    assert without_chart == ["008", "009", "011", "012", "019"]
    assert all(records[n].chart == {} for n in without_chart)
    assert records["009"].status_suara is True  # empty chart, yet status_suara true
    assert records["008"].admin["V.A"] == 241
    # null image slots are kept as None
    assert records["011"].images[1] is None and records["012"].images[1] is None
    assert records["011"].images[0] is not None
    # missing mode: still parsed
    assert records["016"].chart == {"100025": 37, "100026": 75, "100027": 26}
    assert all(r.has_admin for n, r in records.items() if n != "006")


def test_real_desa_chart_totals() -> None:
    records = real_records()
    with_chart = [r for r in records.values() if r.has_chart]
    assert len(with_chart) == 15
    totals = {key: sum(r.chart[key] for r in with_chart) for key in PPWP_CHART_LINES}
    assert totals == {"100025": 713, "100026": 2184, "100027": 534}
    lines, unknown = chart_lines(records["001"], PPWP_CHART_LINES)
    assert lines == {"IV.1": 48, "IV.2": 139, "IV.3": 80} and unknown == ()


def test_real_wilayah_lists() -> None:
    kab = parse_document(next(i for i in iter_sources([WILAYAH / "35.json"]) if isinstance(i, SourceItem)))
    assert isinstance(kab, WilayahList)
    assert kab.parent_code == "35" and len(kab.entries) == 38
    assert WilayahEntry("3527", "SAMPANG", 2, 191356) in kab.entries

    kec = parse_document(next(i for i in iter_sources([WILAYAH / "35" / "3527.json"]) if isinstance(i, SourceItem)))
    assert isinstance(kec, WilayahList) and kec.parent_code == "3527"
    assert sorted(e.code for e in kec.entries) == [f"3527{n:02d}" for n in range(1, 15)]
    assert WilayahEntry("352701", "SRESEH", 3, 152039) in kec.entries

    desa_lists = [parse_document(i) for i in iter_sources([WILAYAH / "35" / "3527"]) if isinstance(i, SourceItem)]
    assert all(isinstance(d, WilayahList) for d in desa_lists)
    by_parent = {d.parent_code: d for d in desa_lists if isinstance(d, WilayahList)}
    assert sum(len(d.entries) for code, d in by_parent.items() if code and len(code) == 6) == 186
    tps_list = by_parent["3527012001"]
    assert [e.code for e in tps_list.entries] == [f"3527012001{n:03d}" for n in range(1, 21)]
    assert tps_list.entries[0] == WilayahEntry("3527012001001", "TPS 001", 5, 55988001)


# ---------------------------------------------------------------------------------------------------- bad JSON


def test_malformed_json_names_line_and_column() -> None:
    err = parse_error('{\n  "chart": {\n    "100025": 48,,\n  }\n}')
    assert err.message == "JSON rusak atau terpotong (baris 3, kolom 18): nama kunci dalam tanda kutip ganda diharapkan"
    assert str(err) == f"{err.source}: {err.message}"


def test_truncated_json_names_line_and_column() -> None:
    raw = (DESA / "3527012001001.json").read_bytes()
    err = parse_error(raw[:200])
    assert err.message == "JSON rusak atau terpotong (baris 10, kolom 5): teks tidak ditutup tanda kutip"
    err = parse_error(raw[:-3])
    assert err.message == "JSON rusak atau terpotong (baris 37, kolom 17): nilai diharapkan"


def test_empty_file_and_trailing_garbage() -> None:
    assert parse_error(b"").message == "berkas kosong (JSON terpotong atau tidak terunduh)"
    assert parse_error(b"  \n").message == "berkas kosong (JSON terpotong atau tidak terunduh)"
    assert parse_error('{"chart": null}\n}').message == (
        "JSON rusak atau terpotong (baris 2, kolom 1): ada data tambahan setelah akhir JSON"
    )


def test_not_utf8_and_bom() -> None:
    assert "bukan teks UTF-8" in parse_error(b'{"nama": "\xff"}').message
    with_bom = b"\xef\xbb\xbf" + (DESA / "3527012001001.json").read_bytes()
    assert parse_tps(with_bom).chart == {"100025": 48, "100026": 139, "100027": 80}


@pytest.mark.parametrize("doc", [{"foo": 1}, [1, 2], '"teks"', "42", {}, "null", [{"nama": "x"}]])
def test_unrecognised_shapes(doc: Any) -> None:
    assert parse_error(doc, "x/y.json").message.startswith("bentuk JSON tidak dikenali")


# ---------------------------------------------------------------------------------------------------- TPS records


def test_wrong_length_tps_code_in_file_name() -> None:
    err = parse_error(sample_doc(), f"{TPS_DIR.format(ballot='ppwp')}/352701200101.json")
    assert err.message == "kode TPS pada nama berkas harus 13 digit: '352701200101' (12 digit)"


def test_tps_code_not_in_its_desa_folder() -> None:
    err = parse_error(sample_doc(), f"{TPS_DIR.format(ballot='ppwp')}/3527012002001.json")
    assert err.message == "kode TPS 3527012002001 tidak berada di desa/kelurahan 3527012001 (nama foldernya)"


def test_tps_code_from_a_folder_segment_when_the_file_is_not_named_by_code() -> None:
    rec = parse_tps(sample_doc(), "arsip/ppwp/3527012001007/data.json")
    assert rec.tps == "3527012001007"
    assert "kode TPS (13 digit) tidak ditemukan" in parse_error(sample_doc(), "arsip/ppwp/data.json").message


def test_ballot_from_path_hint_or_error() -> None:
    doc = sample_doc()
    assert parse_tps(doc, "C:\\unduhan\\pdpd\\3527012001001.json").ballot == "pdpd"
    assert parse_tps(doc, "kiriman.zip!pdprdk/3527012001001.json").ballot == "pdprdk"
    no_ballot = item("unduhan/3527012001001.json", doc)
    err = parse_document(no_ballot)
    assert isinstance(err, ParseError) and err.message.startswith("jenis pemilihan tidak diketahui")
    with_hint = parse_document(no_ballot, ballot_hint="PPWP")
    assert isinstance(with_hint, TpsRecord) and with_hint.ballot == "ppwp"
    bad_hint = parse_document(no_ballot, ballot_hint="pilkada")
    assert isinstance(bad_hint, ParseError) and bad_hint.message.startswith("jenis pemilihan tidak dikenal: 'pilkada'")
    # the path wins over the hint
    from_path = parse_document(item(f"{TPS_DIR.format(ballot='pdpd')}/3527012001001.json", doc), "ppwp")
    assert isinstance(from_path, TpsRecord) and from_path.ballot == "pdpd"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("suara_sah", "267", 'nilai administrasi.suara_sah bukan bilangan bulat: "267"'),
        ("suara_sah", 267.5, "nilai administrasi.suara_sah bukan bilangan bulat: 267.5"),
        ("pemilih_dpt_l", True, "nilai administrasi.pemilih_dpt_l bukan bilangan bulat: true"),
        ("pengguna_dptb_j", -1, "nilai administrasi.pengguna_dptb_j negatif: -1"),
        ("suara_total", 10**12, "nilai administrasi.suara_total tidak masuk akal: 1000000000000"),
    ],
)
def test_bad_figures_in_administrasi_name_the_field(field: str, value: object, message: str) -> None:
    doc = sample_doc()
    doc["administrasi"][field] = value
    assert parse_error(doc).message == message


@pytest.mark.parametrize(
    ("value", "message"),
    [("48", 'nilai chart["100025"] bukan bilangan bulat: "48"'), (-48, 'nilai chart["100025"] negatif: -48')],
)
def test_bad_figures_in_chart_name_the_key(value: object, message: str) -> None:
    doc = sample_doc()
    doc["chart"]["100025"] = value
    assert parse_error(doc).message == message


def test_null_figures_stay_missing_never_zero() -> None:
    doc = sample_doc()
    doc["administrasi"]["suara_tidak_sah"] = None
    del doc["administrasi"]["pemilih_dpt_l"]
    doc["chart"]["100027"] = None
    rec = parse_tps(doc)
    assert "V.B" not in rec.admin and "I.A.L" not in rec.admin and rec.admin["V.A"] == 267
    assert rec.chart == {"100025": 48, "100026": 139}
    all_null = sample_doc()
    all_null["administrasi"] = dict.fromkeys(all_null["administrasi"])
    rec = parse_tps(all_null)
    assert rec.admin == {} and not rec.has_admin


def test_chart_null_and_null_key_and_administrasi_null() -> None:
    doc = sample_doc()
    doc["chart"] = None
    doc["administrasi"] = None
    rec = parse_tps(doc)
    assert (rec.chart, rec.has_chart, rec.admin, rec.has_admin) == ({}, False, {}, False)
    doc["chart"] = {"null": None}
    assert parse_tps(doc).chart == {} and not parse_tps(doc).has_chart
    doc["chart"] = {"100025": 1, "null": 3}  # the spurious key is dropped whatever its value
    assert parse_tps(doc).chart == {"100025": 1}


def test_missing_mode_and_null_image_slots_and_missing_optional_fields() -> None:
    doc = {"chart": {"100025": 1, "null": None}, "images": [None, None, None], "administrasi": None}
    rec = parse_tps(doc)
    assert rec.images == (None, None, None)
    assert (rec.ts, rec.psu, rec.status_suara, rec.status_adm) == (None, None, None, None)
    assert rec.chart == {"100025": 1}


def test_psu_and_bad_types_of_other_fields() -> None:
    doc = sample_doc()
    doc["psu"] = "Penghitungan Suara Ulang"
    assert parse_tps(doc).psu == "Penghitungan Suara Ulang"
    doc["ts"] = 20240214
    assert parse_error(doc).message == "ts harus berupa teks: 20240214"
    doc = sample_doc()
    doc["images"] = [1, None, None]
    assert parse_error(doc).message == "images[0] harus berupa teks atau null"
    doc = sample_doc()
    doc["administrasi"] = [1, 2]
    assert parse_error(doc).message == "administrasi harus berupa objek atau null"


def test_legislative_chart_objects() -> None:
    doc = sample_doc()
    doc["chart"] = {
        "1": {"jml_suara_total": 120, "jml_suara_partai": 20},
        "2": {"jml_suara_total": 90, "jml_suara_partai": None},
        "24": 15,  # plain number: the party total
        "null": None,
    }
    rec = parse_tps(doc, f"{TPS_DIR.format(ballot='pdpr')}/3527012001001.json")
    assert rec.ballot == "pdpr"
    assert rec.chart == {"1.T": 120, "1.0": 20, "2.T": 90, "24.T": 15}
    lines, unknown = chart_lines(rec, legislative_chart_lines([1, 2]))
    assert lines == {"IV.1.T": 120, "IV.1.0": 20, "IV.2.T": 90}
    assert unknown == ("24.T",)
    doc["chart"]["1"]["jml_suara_partai"] = -2
    err = parse_error(doc, f"{TPS_DIR.format(ballot='pdprdp')}/3527012001001.json")
    assert err.message == 'nilai chart["1"].jml_suara_partai negatif: -2'


def test_dpd_chart_keyed_by_candidate_id() -> None:
    doc = sample_doc()
    doc["chart"] = {"null": None, "695854": 2, "695855": 9, "695906": 3, "695907": 0}
    rec = parse_tps(doc, f"{TPS_DIR.format(ballot='pdpd')}/3527012001001.json")
    assert rec.chart == {"695854": 2, "695855": 9, "695906": 3, "695907": 0}
    lines, unknown = chart_lines(rec, {"695854": "IV.3", "695855": "IV.7", "695906": "IV.12"})
    assert lines == {"IV.3": 2, "IV.7": 9, "IV.12": 3}
    assert unknown == ("695907",)


def test_chart_lines_passes_line_keys_through() -> None:
    rec = parse_tps(sample_doc())
    rec = TpsRecord(**{**{f: getattr(rec, f) for f in rec.__dataclass_fields__}, "chart": {"line:IV.2": 5, "x": 1}})
    assert chart_lines(rec, PPWP_CHART_LINES) == ({"IV.2": 5}, ("x",))


# ---------------------------------------------------------------------------------------------------- other kinds

NATIONAL = {
    "chart": {"100025": 5459425, "100026": 12476925, "100027": 4300835, "persen": 41.01},
    "progres": {"progres": 337602, "total": 823236},
    "psu": "Reguler",
    "table": {
        "35": {
            "100025": 503222, "100026": 2061285, "100027": 582423,
            "persen": 42.15, "psu": "Reguler", "status_progress": True,
        },
        "95": {"persen": 0, "psu": "Reguler", "status_progress": False, "status_adm": False, "ts": None},
    },
    "ts": "2024-02-15 09:00:20",
}  # fmt: skip


def test_national_aggregate() -> None:
    agg = parse_document(item("mirror/pemilu/hhcw/ppwp.json", NATIONAL))
    assert isinstance(agg, AggregateRecord)
    assert (agg.ballot, agg.region_code, agg.ts, agg.psu) == ("ppwp", None, "2024-02-15 09:00:20", "Reguler")
    assert agg.chart == {"100025": 5459425, "100026": 12476925, "100027": 4300835}
    assert agg.persen == 41.01 and agg.progres == (337602, 823236)
    assert agg.children["35"].chart == {"100025": 503222, "100026": 2061285, "100027": 582423}
    assert agg.children["35"].persen == 42.15 and agg.children["35"].status_progress is True
    assert agg.children["95"].chart == {} and agg.children["95"].persen == 0.0
    assert agg.children["95"].status_progress is False and agg.children["95"].psu == "Reguler"


def test_kabupaten_aggregate_with_chart_null() -> None:
    doc = {"chart": None, "progres": {"progres": 0, "total": 908}, "table": {"352701": {"persen": 0}}, "ts": None}
    agg = parse_document(item("pemilu/hhcw/ppwp/35/3527.json", doc))
    assert isinstance(agg, AggregateRecord)
    assert (agg.region_code, agg.chart, agg.progres, agg.ts) == ("3527", {}, (0, 908), None)
    assert list(agg.children) == ["352701"]
    bad = parse_document(item("pemilu/hhcw/ppwp/35/3527.json", {**doc, "table": {"352701": {"100025": -1}}}))
    assert isinstance(bad, ParseError) and bad.message == 'nilai table["352701"]["100025"] negatif: -1'
    no_ballot = parse_document(item("agregat/3527.json", doc))
    assert isinstance(no_ballot, ParseError) and no_ballot.message.startswith("jenis pemilihan tidak diketahui")


def test_paslon_list() -> None:
    doc = {
        "100026": {"ts": "2024-02-14 18:44:00", "nama": "H. PRABOWO SUBIANTO - GIBRAN RAKABUMING RAKA",
                   "warna": "#C7B7A3", "nomor_urut": 2},
        "100025": {"ts": "2024-02-14 18:44:00", "nama": "H. ANIES RASYID BASWEDAN, Ph.D. - Dr. (H.C.) H. A. "
                   "MUHAIMIN ISKANDAR", "warna": "#8CB9BD", "nomor_urut": 1},
    }  # fmt: skip
    result = parse_document(item("pemilu/ppwp.json", doc))
    assert isinstance(result, PaslonList)
    assert [(e.sirekap_id, e.number, e.color) for e in result.entries] == [
        ("100025", 1, "#8CB9BD"),
        ("100026", 2, "#C7B7A3"),
    ]
    assert paslon_chart_lines(result.entries) == {"100025": "IV.1", "100026": "IV.2"}


def test_party_list() -> None:
    doc = {
        "1": {"ts": "2024-02-17 16:00:02", "id_partai": 100001, "id_pilihan": 1, "is_aceh": False,
              "nama": "Partai Kebangkitan Bangsa", "nama_lengkap": "Partai Kebangkitan Bangsa",
              "nomor_urut": 1, "warna": "#00764A"},
        "18": {"id_partai": 100018, "id_pilihan": 18, "is_aceh": True, "nama": "Partai Nanggroe Aceh",
               "nama_lengkap": None, "nomor_urut": 18, "warna": None},
    }  # fmt: skip
    result = parse_document(item("pemilu/partai.json", doc))
    assert isinstance(result, PartyList)
    first, aceh = result.entries
    assert (first.number, first.sirekap_id, first.short_name, first.is_aceh, first.color) == (
        1, 100001, "Partai Kebangkitan Bangsa", False, "#00764A",
    )  # fmt: skip
    assert (aceh.number, aceh.full_name, aceh.is_aceh, aceh.color) == (18, "Partai Nanggroe Aceh", True, None)
    doc["18"]["nomor_urut"] = 1
    dup = parse_document(item("pemilu/partai.json", doc))
    assert isinstance(dup, ParseError) and dup.message == "nomor urut partai 1 muncul lebih dari sekali"


def test_candidate_lists_legislative_and_dpd() -> None:
    legislative = {
        "2": {"1001": {"nomor_urut": 2, "nama": "CALON B", "jenis_kelamin": "P", "tempat_tinggal": "SAMPANG"}},
        "1": {
            "1000": {"nomor_urut": 1, "nama": "CALON A", "jenis_kelamin": "L", "tempat_tinggal": "KAB. SAMPANG"},
            "1002": {"nomor_urut": 2, "nama": "CALON C", "jenis_kelamin": "P", "tempat_tinggal": None},
        },
        "3": {},
    }
    result = parse_document(item("pemilu/caleg/partai/3511.json", legislative))
    assert isinstance(result, CandidateList)
    assert (result.dapil_code, result.province_code, result.ballot) == ("3511", None, None)
    assert result.entries == (
        CandidateEntry(1, "1000", 1, "CALON A", "L", "KAB. SAMPANG"),
        CandidateEntry(1, "1002", 2, "CALON C", "P", None),
        CandidateEntry(2, "1001", 2, "CALON B", "P", "SAMPANG"),
    )
    with_hint = parse_document(item("pemilu/caleg/partai/3511.json", legislative), ballot_hint="pdpr")
    assert isinstance(with_hint, CandidateList) and with_hint.ballot == "pdpr"

    dpd = {
        "695907": {"nomor_urut": 12, "nama": "CALON DPD L", "jenis_kelamin": "P", "tempat_tinggal": "SURABAYA"},
        "695854": {"nomor_urut": 3, "nama": "CALON DPD C", "jenis_kelamin": "L", "tempat_tinggal": "MALANG"},
    }
    result = parse_document(item("pemilu/caleg/dpd/35.json", dpd))
    assert isinstance(result, CandidateList)
    assert (result.dapil_code, result.province_code, result.ballot) == (None, "35", "pdpd")
    assert [(e.party_number, e.sirekap_id, e.number) for e in result.entries] == [
        (None, "695854", 3),
        (None, "695907", 12),
    ]
    assert dpd_chart_lines(result.entries) == {"695854": "IV.3", "695907": "IV.12"}
    dpd["695854"]["nomor_urut"] = "tiga"
    err = parse_document(item("pemilu/caleg/dpd/35.json", dpd))
    assert (
        isinstance(err, ParseError)
        and err.message == 'calon DPD "695854": nomor_urut harus berupa bilangan bulat: "tiga"'
    )


def test_paslon_entry_type() -> None:
    assert PaslonEntry("100025", 1, "A", None).sirekap_id == "100025"


# ---------------------------------------------------------------------------------------------------- wilayah


def test_wilayah_root_list_has_no_parent() -> None:
    doc = [{"nama": "JAWA TIMUR", "id": 42385, "kode": "35", "tingkat": 1}]
    result = parse_document(item("wilayah/pemilu/ppwp/0.json", doc))
    assert isinstance(result, WilayahList)
    assert result.parent_code is None and result.entries == (WilayahEntry("35", "JAWA TIMUR", 1, 42385),)


def test_wilayah_level_from_code_length_when_tingkat_missing() -> None:
    doc = [{"nama": "SRESEH", "id": 152039, "kode": "352701"}]
    result = parse_document(item("wilayah/pemilu/ppwp/35/3527.json", doc))
    assert isinstance(result, WilayahList) and result.entries[0].level == 3
    dapil = parse_document(item("wilayah/pemilu/pdpr/dapil_dpr.json", [{"nama": "ACEH I", "id": 5001, "kode": "1101"}]))
    assert isinstance(dapil, ParseError)


@pytest.mark.parametrize(
    ("path", "entries", "message"),
    [
        (
            "wilayah/pemilu/ppwp/35/3527.json",
            [{"nama": "SRESEH", "id": 1, "kode": "352701", "tingkat": 3},
             {"nama": "X", "id": 2, "kode": "35270", "tingkat": 3}],
            "entri ke-2 (kode 35270): panjang kode 5 digit tidak dikenal (yang sah: 2, 4, 6, 10, 13)",
        ),
        (
            "wilayah/pemilu/ppwp/35/3527.json",
            [{"nama": "SRESEH", "id": 1, "kode": "352701", "tingkat": 4}],
            "entri ke-1 (kode 352701): kode 6 digit tidak cocok dengan tingkat 4 (seharusnya tingkat 3)",
        ),
        (
            "wilayah/pemilu/ppwp/35/3527.json",
            [{"nama": "SRESEH", "id": 1, "kode": "352701", "tingkat": 3},
             {"nama": "BLEGA", "id": 2, "kode": "352601", "tingkat": 3}],
            "entri ke-2 (kode 352601): bukan bagian dari wilayah 3527",
        ),
        (
            "wilayah/pemilu/ppwp/35/3527.json",
            [{"nama": "NOREH", "id": 1, "kode": "3527012001", "tingkat": 4}],
            "entri ke-1 (kode 3527012001): tingkat 4 berbeda dengan entri lain (tingkat 3)",
        ),
        (
            "wilayah/pemilu/ppwp/35/3527.json",
            [{"nama": "SRESEH", "id": 1, "kode": "352701", "tingkat": 3},
             {"nama": "SRESEH", "id": 1, "kode": "352701", "tingkat": 3}],
            "entri ke-2 (kode 352701): kode ganda dalam daftar",
        ),
        (
            "wilayah/pemilu/ppwp/35/3527.json",
            [{"nama": "SRESEH", "id": 1, "kode": 352701, "tingkat": 3}],
            "entri ke-1: kode wilayah harus berupa teks angka: 352701",
        ),
    ],
)  # fmt: skip
def test_wilayah_errors_reject_the_whole_file(path: str, entries: list[dict[str, Any]], message: str) -> None:
    result = parse_document(item(path, entries))
    assert isinstance(result, ParseError)
    assert result.message == message


# ---------------------------------------------------------------------------------------------------- hostile input
def test_duplicate_keys_are_refused_with_the_key_named() -> None:
    # "suara_sah": 241, "suara_sah": 9999 — Python's json would keep 9999 silently
    raw = json.dumps(sample_doc()).replace('"suara_sah": 267', '"suara_sah": 241, "suara_sah": 9999')
    err = parse_error(raw)
    assert err.message == ('kunci JSON "suara_sah" muncul dua kali dalam satu objek; nilai mana yang benar tidak '
                           "dapat diketahui, berkas tidak dipakai")
    assert err.source.endswith("3527012001001.json")
    top = json.dumps(sample_doc()).replace('"ts": ', '"ts": "2024-02-20 10:00:00", "ts": ')
    assert 'kunci JSON "ts" muncul dua kali' in parse_error(top).message
    # the same key in two different objects is fine
    assert parse_tps(sample_doc()).admin["V.A"] == 267


@pytest.mark.parametrize(("ts", "fragment"), [
    ("bukan tanggal", "ts bukan waktu berbentuk 'YYYY-MM-DD HH:MM:SS': 'bukan tanggal'"),
    ("2024-02-30 10:00:00", "ts bukan tanggal dan jam yang ada: '2024-02-30 10:00:00'"),
    ("2024-02-20 25:00:00", "bukan tanggal dan jam yang ada"),
    ("2024-02-20", "ts bukan waktu berbentuk"),
    ("2099-02-20 10:00:00", "ts 2099-02-20 10:00:00 di luar tahun pemilu 2024"),
    ("2019-04-17 10:00:00", "di luar tahun pemilu 2024"),
    ("2024-12-31 23:59:59", "lebih lambat daripada saat impor (2024-03-01 12:00:00 WIT)"),
])
def test_ts_is_validated(ts: str, fragment: str) -> None:
    from rekap_desktop.sirekap.timestamps import ParseContext

    context = ParseContext("2024-03-01 12:00:00", 2024)
    result = parse_document(item(f"{TPS_DIR.format(ballot='ppwp')}/3527012001001.json",
                                 dict(sample_doc(), ts=ts)), context=context)
    assert isinstance(result, ParseError) and fragment in result.message, result
    ok = parse_document(item(f"{TPS_DIR.format(ballot='ppwp')}/3527012001001.json",
                             dict(sample_doc(), ts="2024-03-01 12:00:00")), context=context)
    assert isinstance(ok, TpsRecord)


def test_election_year_and_import_moment_come_from_the_context() -> None:
    from datetime import datetime

    from rekap_desktop.sirekap.timestamps import ParseContext

    context = ParseContext.from_settings({"tahun_pemilu": "2029"}, datetime(2029, 2, 20, 3, 0, tzinfo=UTC))
    assert context == ParseContext("2029-02-20 12:00:00", 2029)  # 03:00 UTC is 12:00 WIT
    assert ParseContext.from_settings({}).year == 2024


def test_unknown_psu_text_is_refused_known_ones_accepted() -> None:
    assert parse_tps(dict(sample_doc(), psu="Pemungutan Suara Ulang")).psu == "Pemungutan Suara Ulang"
    assert parse_tps(dict(sample_doc(), psu="Reguler")).psu == "Reguler"
    err = parse_error(dict(sample_doc(), psu="Ulang saja"))
    assert err.message.startswith("nilai psu tidak dikenal: 'Ulang saja'")


def test_bulk_keyed_object_and_json_lines_errors_name_the_entry() -> None:
    from rekap_desktop.sirekap.json import TpsBatch

    good = {"35/3527/352701/3527012001/3527012001001": dict(sample_doc(), data_url=(
        "https://sirekap-obj-data.kpu.go.id/pemilu/hhcw/ppwp/35/3527/352701/3527012001/3527012001001.json"))}
    batch = parse_document(item("semua.json", good))
    assert isinstance(batch, TpsBatch) and [r.tps for r in batch.records] == ["3527012001001"]
    assert batch.records[0].ballot == "ppwp" and batch.records[0].source == "semua.json"
    # no data_url and no ballot in the path: the ballot chosen at import decides
    bare = {"3527012001002": sample_doc("002")}
    assert isinstance(parse_document(item("semua.json", bare)), ParseError)
    hinted = parse_document(item("semua.json", bare), "ppwp")
    assert isinstance(hinted, TpsBatch) and hinted.records[0].tps == "3527012001002"
    # a key naming another TPS than its data_url
    wrong = {"35/3527/352701/3527012001/3527012001009": good["35/3527/352701/3527012001/3527012001001"]}
    err = parse_document(item("semua.json", wrong))
    assert isinstance(err, ParseError) and "kunci menyebut TPS 3527012001009" in err.message
    # JSON lines: a bad line names its number, the whole file is refused
    url = "https://sirekap-obj-data.kpu.go.id/pemilu/hhcw/ppwp/35/3527/352701/3527012001/3527012001001.json"
    line = json.dumps({"url": url, "data": sample_doc()})
    err = parse_document(item("data.jsonl", line + "\n" + line[:40] + "\n"))
    assert isinstance(err, ParseError) and err.message.startswith("baris 2: JSON rusak atau terpotong")
    err = parse_document(item("data.jsonl", line + "\n" + line + "\n"))
    assert isinstance(err, ParseError) and "baris 2: TPS 3527012001001 (ppwp) sudah ada di baris 1" in err.message
    lines = parse_document(item("data.json", line + "\n\n" + line.replace("001.json", "002.json") + "\n"))
    assert isinstance(lines, TpsBatch) and [r.tps[-3:] for r in lines.records] == ["001", "002"]


@pytest.mark.parametrize("text", [
    '{"a": 1, "a": 2}', '{"a" : 1, "a" : 2}', '{"a"\n:\n1,\n"a"\n:\n2}', '{"x": {"b": 1, "b": 1}}',
    '[{"q": "say \\"hi\\":", "q": 3}]', '{"a": 1, "b": [{"c": 1}, {"c": 2, "c": 3}]}',
])
def test_duplicate_keys_are_found_whatever_the_layout(text: str) -> None:
    from rekap_desktop.sirekap.json import DuplicateKey, loads

    with pytest.raises(DuplicateKey):
        loads(text)


@pytest.mark.parametrize("text", [
    '{"a": 1, "b": 2}', '{"a" : 1, "b" : {"a": 1}}', '{"u": "x\\":y", "v": 1}', '[{"a": 1}, {"a": 2}]',
    '{"p": "a\\" : b"}',
])
def test_distinct_keys_pass_whatever_the_layout(text: str) -> None:
    from rekap_desktop.sirekap.json import loads

    assert loads(text) == json.loads(text)
