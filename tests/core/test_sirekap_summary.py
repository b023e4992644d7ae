"""sirekap-summary and the coverage behind the sheet: per TPS / desa / kecamatan, TPS known, ts range, line order."""

from __future__ import annotations

from pathlib import Path

import pytest

from rekap_desktop.reference import ReferenceData, RegionRecord
from rekap_desktop.services import RecapService
from rekap_desktop.sirekap.importer import import_paths
from rekap_desktop.sirekap.store import sirekap_figures, tps_counts, tps_known
from rekap_desktop.sirekap.summary import HEADER, line_sort_key, summary

from ..conftest import SIREKAP_SAMPLE
from .test_sirekap_import import NOREH, tps_doc, write_json, write_tps

SAMPLE_TPS = SIREKAP_SAMPLE / "pemilu"






def test_header_is_the_documented_contract() -> None:
    assert ",".join(HEADER) == "ballot,level,region,line,value,tps_with_data,tps_known,ts_min,ts_max,status"


def test_tps_level_on_the_real_sample(service: RecapService) -> None:
    import_paths(service, [SAMPLE_TPS])
    rows = summary(service, "ppwp", "tps")
    by = {(r.region, r.line): r for r in rows}
    assert len({r.region for r in rows}) == 20
    r001 = by[(f"{NOREH}001", "IV.1")]
    assert (r001.value, r001.tps_with_data, r001.tps_known, r001.ts_min, r001.ts_max) == (
        48, 1, 1, "2024-02-21 21:00:04", "2024-02-21 21:00:04",
    )
    assert (f"{NOREH}006", "V.A") not in by and by[(f"{NOREH}006", "IV.2")].value == 155  # administrasi null
    assert (f"{NOREH}008", "IV.1") not in by and by[(f"{NOREH}008", "V.A")].value > 0  # chart null
    assert not any(r.line.startswith(("II", "III")) for r in rows)
    # TPS in code order, lines in form order
    regions = [r.region for r in rows]
    assert regions == sorted(regions)
    lines_001 = [r.line for r in rows if r.region == f"{NOREH}001"]
    assert lines_001[:4] == ["I.A.L", "I.A.P", "I.A.JML", "I.B.1.L"]
    assert lines_001[-6:] == ["IV.1", "IV.2", "IV.3", "V.A", "V.B", "V.C"]


def test_desa_and_kecamatan_levels_with_coverage(service: RecapService) -> None:
    import_paths(service, [SAMPLE_TPS])
    desa = {r.line: r for r in summary(service, "ppwp", "desa")}
    assert {line: (desa[line].value, desa[line].tps_with_data) for line in ("IV.1", "IV.2", "IV.3")} == {
        "IV.1": (713, 15), "IV.2": (2184, 15), "IV.3": (534, 15),
    }
    # the reference data lists no TPS and no TPS count for Desa Noreh: known = the TPS that have a record
    assert desa["IV.1"].tps_known == 20 and desa["V.A"].tps_with_data == 19
    assert (desa["V.A"].ts_min, desa["V.A"].ts_max) == ("2024-02-15 22:00:27", "2024-02-22 16:00:00")
    kec = {r.line: r for r in summary(service, "ppwp", "kecamatan")}
    assert {r.region for r in summary(service, "ppwp", "kecamatan")} == {"352701"}
    assert (kec["IV.2"].value, kec["IV.2"].tps_with_data, kec["IV.2"].tps_known) == (2184, 15, 97)
    assert kec["I.A.JML"].value == desa["I.A.JML"].value


def test_tps_known_from_wilayah_lists(service: RecapService) -> None:
    import_paths(service, [SIREKAP_SAMPLE])  # includes the TPS list of Desa Noreh (20 TPS)
    contest = service.contest("ppwp")  # the kecamatan list of Sampang completed the 3 of the reference data
    assert len(contest.kecamatan) == 14 and contest.kecamatan_name("352714") == "KARANGPENANG"
    with service.engine.connect() as conn:
        counts = tps_counts(conn, 10, "3527")
        known = tps_known(conn, contest)
    assert counts.listed == {NOREH: 20} and counts.known(NOREH) == 20
    assert (known["352701"], known["352702"], known["352703"], known["352714"]) == (97, 116, 338, 0)
    assert {r.tps_known for r in summary(service, "ppwp", "desa")} == {20}


def test_listed_tps_beyond_the_official_count_and_records_beyond_the_list(service: RecapService, src: Path) -> None:
    extra = [RegionRecord(f"3527021001{n:03d}", f"TPS {n:03d}") for n in range(1, 121)]
    service.store_reference(ReferenceData(regions=extra))  # 120 TPS listed, 116 official
    write_tps(src, "ppwp", "3527021001001", tps_doc())
    write_tps(src, "ppwp", "3527031001001", tps_doc(ts="2024-02-19 01:00:00"))
    import_paths(service, [src])
    with service.engine.connect() as conn:
        figures = sirekap_figures(conn, service.contest("ppwp"))
    assert (figures[("IV.1", "352702")].tps_with_data, figures[("IV.1", "352702")].tps_known) == (1, 120)
    assert figures[("IV.1", "352703")].tps_known == 338
    kec = {(r.region, r.line): r for r in summary(service, "ppwp", "kecamatan")}
    assert kec[("352702", "IV.1")].tps_known == 120 and kec[("352703", "IV.1")].tps_known == 338


def test_superseded_records_do_not_count(service: RecapService, src: Path) -> None:
    code = f"{NOREH}001"
    write_tps(src / "a", "ppwp", code, tps_doc(ts="2024-02-15 10:00:00"))
    write_tps(src / "b", "ppwp", code, tps_doc(chart={"100025": 1, "100026": 2, "100027": 3},
                                               ts="2024-02-16 10:00:00"))
    import_paths(service, [src])
    rows = {r.line: r for r in summary(service, "ppwp", "desa")}
    assert (rows["IV.1"].value, rows["IV.1"].tps_with_data, rows["IV.1"].ts_min) == (1, 1, "2024-02-16 10:00:00")


def test_legislative_dpd_and_unmapped_chart_keys(service: RecapService, src: Path) -> None:
    write_tps(src, "pdpr", f"{NOREH}001", tps_doc(chart={"1": {"jml_suara_total": 9, "jml_suara_partai": 4},
                                                         "17": 3, "null": None}))
    write_tps(src, "pdpd", f"{NOREH}001", tps_doc(chart={"695851": 7, "777777": 2}))
    import_paths(service, [src])
    dpr = [(r.line, r.value) for r in summary(service, "pdpr", "tps")]
    assert [(line, value) for line, value in dpr if line.startswith("IV")] == [
        ("IV.1.0", 4), ("IV.1.T", 9), ("IV.17.T", 3),
    ]
    dpd = {r.line: r.value for r in summary(service, "pdpd", "kecamatan")}
    assert dpd["IV.1"] == 7 and dpd["chart:777777"] == 2  # a candidate id no list knows: shown, not dropped
    assert summary(service, "pdprdp", "tps") == []


def test_no_contest_needed_and_bad_arguments(db_url: str, src: Path) -> None:
    svc = RecapService.open(db_url)
    write_tps(src, "ppwp", f"{NOREH}001", tps_doc())
    import_paths(svc, [src])
    assert [r.line for r in summary(svc, "ppwp", "kecamatan") if r.line.startswith("IV")] == ["IV.1", "IV.2", "IV.3"]
    with pytest.raises(ValueError, match="tingkat tidak dikenal"):
        summary(svc, "ppwp", "kabupaten")
    with pytest.raises(ValueError, match="jenis pemilihan tidak dikenal"):
        summary(svc, "pilkada", "tps")
    svc.close()


def test_line_sort_key_is_the_form_order() -> None:
    lines = ["V.C", "IV.10.T", "IV.2.0", "chart:1", "I.B.4.JML", "IV.2.T", "IV.2.3", "I.A.P", "IV.10.0", "I.A.L",
             "V.A", "IV.2.12"]
    assert sorted(lines, key=line_sort_key) == [
        "I.A.L", "I.A.P", "I.B.4.JML", "IV.2.0", "IV.2.3", "IV.2.12", "IV.2.T", "IV.10.0", "IV.10.T", "V.A", "V.C",
        "chart:1",
    ]


def test_wilayah_tps_list_only_counts_listed_tps(service: RecapService, src: Path) -> None:
    write_json(src / "wilayah" / "pemilu" / "ppwp" / "35" / "3527" / "352703" / "3527031001.json",
               [{"nama": f"TPS {n:03d}", "id": n, "kode": f"3527031001{n:03d}", "tingkat": 5} for n in range(1, 6)])
    write_tps(src, "ppwp", "3527031001001", tps_doc())
    write_tps(src, "ppwp", "3527031002001", tps_doc(ts="2024-02-19 01:00:00"))  # a desa with no list
    import_paths(service, [src])
    desa = {(r.region, r.line): r.tps_known for r in summary(service, "ppwp", "desa")}
    assert desa[("3527031001", "IV.1")] == 5 and desa[("3527031002", "IV.1")] == 1
