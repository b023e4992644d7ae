"""The Sirekap importer on real databases (SQLite always, PostgreSQL when configured): the real Desa Noreh sample,
every quirk, snapshots and supersession, every bad-input class, and folder/zip equivalence."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import func, select

from rekap_desktop.models import (
    AuditEventRow,
    CandidateRow,
    RegionRow,
    SirekapAggregateRow,
    SirekapFileRow,
    SirekapRecordRow,
    SirekapSnapshotRow,
)
from rekap_desktop.services import RecapService, StorageError
from rekap_desktop.sheet import SirekapState
from rekap_desktop.sirekap import importer as sirekap_import
from rekap_desktop.sirekap import list_store
from rekap_desktop.sirekap.importer import ImportSummary, import_paths
from rekap_desktop.sirekap.parsing import _figures_json
from rekap_desktop.sirekap.store import current_records, snapshots, tps_history
from rekap_desktop.sirekap.summary import summary as sirekap_summary

from ..conftest import SIREKAP_SAMPLE
from .refdata import small_reference

DESA = SIREKAP_SAMPLE / "pemilu" / "hhcw" / "ppwp" / "35" / "3527" / "352701" / "3527012001"
NOREH = "3527012001"
TS = "2024-02-18 10:00:00"

ADMIN: dict[str, int] = {
    "suara_sah": 267, "suara_total": 281, "pemilih_dpt_j": 294, "pemilih_dpt_l": 142, "pemilih_dpt_p": 152,
    "pengguna_dpt_j": 281, "pengguna_dpt_l": 134, "pengguna_dpt_p": 147, "pengguna_dptb_j": 0,
    "pengguna_dptb_l": 0, "pengguna_dptb_p": 0, "suara_tidak_sah": 14, "pengguna_total_j": 281,
    "pengguna_total_l": 134, "pengguna_total_p": 147, "pengguna_non_dpt_j": 0, "pengguna_non_dpt_l": 0,
    "pengguna_non_dpt_p": 0,
}
"""The administrasi block of the real TPS 001 (consistent: sah + tidak sah = total, L + P = JML)."""
PPWP_CHART: dict[str, Any] = {"100025": 48, "100026": 139, "100027": 80, "null": None}


# ---------------------------------------------------------------------------------------------- helpers
_DEFAULT: Any = object()
_IMAGES = [f"https://sirekap-obj-formc.kpu.go.id/x/{i}.jpg" for i in range(3)]


def tps_doc(
    chart: Any = _DEFAULT, admin: Any = _DEFAULT, ts: str | None = TS, images: Any = _DEFAULT, **extra: Any
) -> dict[str, Any]:
    """A TPS record shaped like the public hhcw JSON (defaults: the real TPS 001 figures; None is JSON null)."""
    doc: dict[str, Any] = {
        "mode": "hhcw",
        "chart": dict(PPWP_CHART) if chart is _DEFAULT else chart,
        "images": list(_IMAGES) if images is _DEFAULT else images,
        "administrasi": dict(ADMIN) if admin is _DEFAULT else admin,
        "psu": None,
        "ts": ts,
        "status_suara": True,
        "status_adm": True,
    }
    doc.update(extra)
    return doc


def tps_path(root: Path, ballot: str, code: str) -> Path:
    return root / "pemilu" / "hhcw" / ballot / code[:2] / code[:4] / code[:6] / code[:10] / f"{code}.json"


def write_tps(root: Path, ballot: str, code: str, doc: Any) -> Path:
    """Write a TPS record where Sirekap publishes it; the default photo links are made the TPS's own."""
    if isinstance(doc, dict) and doc.get("images") == _IMAGES:
        doc = dict(doc, images=[f"https://sirekap-obj-formc.kpu.go.id/x/{ballot}/{code}-{i}.jpg" for i in range(3)])
    path = tps_path(root, ballot, code)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def write_json(path: Path, doc: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def zip_folder(folder: Path, archive: Path) -> Path:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
    return archive


def count(service: RecapService, model: Any) -> int:
    with service.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def records(service: RecapService, ballot: str = "ppwp") -> dict[str, Any]:
    with service.engine.connect() as conn:
        return {r.tps: r for r in current_records(conn, ballot)}


def skipped_reason(result: ImportSummary, fragment: str) -> str:
    reasons = [f"{path}: {reason}" for path, reason in result.skipped if fragment in path]
    assert len(reasons) == 1, result.skipped
    return reasons[0]






@pytest.fixture
def empty(db_url: str) -> Iterator[RecapService]:
    svc = RecapService.open(db_url, actor="uji")
    yield svc
    svc.close()


# ---------------------------------------------------------------------------------------------- the real sample
def test_real_noreh_sample_into_the_reference_database(service: RecapService) -> None:
    result = import_paths(service, [SIREKAP_SAMPLE / "pemilu"])
    assert result.ok and result.snapshot_id is not None
    assert (result.files_read, result.files_stored, result.records_added) == (20, 20, 20)
    assert (result.ts_min, result.ts_max) == ("2024-02-15 22:00:27", "2024-02-22 16:00:00")
    stored = records(service)
    assert sorted(stored) == [f"{NOREH}{n:03d}" for n in range(1, 21)]
    assert sum(r.has_chart for r in stored.values()) == 15
    without_chart = {code[-3:] for code, r in stored.items() if not r.has_chart}
    assert without_chart == {"008", "009", "011", "012", "019"}  # chart null, and {"null": null}
    assert [code[-3:] for code, r in stored.items() if not r.has_admin] == ["006"]
    assert stored[f"{NOREH}006"].admin == {} and stored[f"{NOREH}006"].chart["100026"] == 155
    assert stored[f"{NOREH}011"].images[1] is None  # null image slot kept as published

    # anomalies found by Sirekap's own figures: 004, 016 (chart ≠ suara sah), 017 (sah + tidak sah ≠ total),
    # with the one reading each of 004 and 017 has that repairs its arithmetic
    found = sorted((a.tps[-3:], a.rule) for a in result.anomalies)
    assert found == [
        ("004", "SIREKAP_TPS_CHART_SUM"), ("004", "SIREKAP_TPS_MISREAD"), ("016", "SIREKAP_TPS_CHART_SUM"),
        ("017", "SIREKAP_TPS_MISREAD"), ("017", "SIREKAP_TPS_SAH_TIDAK_SAH"),
    ]
    by_tps = {a.tps[-3:]: a for a in result.anomalies if a.rule != "SIREKAP_TPS_MISREAD"}
    assert "211" in by_tps["004"].message and "271" in by_tps["004"].message
    assert "138" in by_tps["016"].message and "133" in by_tps["016"].message
    assert "207" in by_tps["017"].message and "217" in by_tps["017"].message

    # the sheet: Sreseh has 97 TPS officially, 15 of them with chart data
    sheet = service.load_sheet("ppwp")
    expected = {"IV.1": 713, "IV.2": 2184, "IV.3": 534}
    for line, value in expected.items():
        fig = sheet.sirekap(line, "352701")
        assert fig is not None and (fig.value, fig.tps_with_data, fig.tps_known) == (value, 15, 97)
        assert not fig.complete and sheet.sirekap_state(line, "352701") is SirekapState.PARTIAL
    va = sheet.sirekap("V.A", "352701")
    assert va is not None and va.tps_with_data == 19  # administrasi missing at 006: not counted as 0
    # other kecamatan: no Sirekap data at all — missing, never 0
    assert sheet.sirekap("IV.1", "352702") is None
    assert sheet.sirekap_state("IV.1", "352702") is SirekapState.MISSING
    # sections II and III have no Sirekap source: never a mismatch, even with a manual figure
    service.set_entry("ppwp", "II.1", "352701", 30_000)
    service.set_entry("ppwp", "III.JML", "352701", 12)
    sheet = service.load_sheet("ppwp")
    for line in ("II.1", "II.2", "II.3", "II.4", "III.L", "III.P", "III.JML"):
        assert sheet.sirekap(line, "352701") is None
        assert sheet.sirekap_state(line, "352701") is SirekapState.NO_SOURCE
    assert not [f for f in sheet.all_findings() if f.line.startswith(("II", "III"))]


def test_real_sample_on_a_new_empty_database(empty: RecapService) -> None:
    result = import_paths(empty, [SIREKAP_SAMPLE])
    assert result.ok and result.kabupaten_adopted == "3527"
    assert (result.files_read, result.records_added, result.lists_loaded) == (37, 20, 17)
    assert result.non_data_files == 1 and result.non_data_examples[0].endswith("SOURCES.md")
    settings = empty.settings()
    assert (settings["kabupaten_kode"], settings["provinsi_kode"], settings["kabupaten_nama"]) == (
        "3527", "35", "SAMPANG",
    )
    names = empty.region_names(["352701", NOREH, f"{NOREH}001", "352714"])
    assert names == {"352701": "SRESEH", NOREH: "NOREH", f"{NOREH}001": "TPS 001", "352714": "KARANGPENANG"}
    with empty.engine.connect() as conn:
        levels = dict(conn.execute(select(RegionRow.level, func.count()).group_by(RegionRow.level)).all())
    assert levels[3] == 14 and levels[4] == 186 and levels[5] == 20
    rows = {(r.line, r.value, r.tps_with_data, r.tps_known) for r in sirekap_summary(empty, "ppwp", "desa")}
    assert {("IV.1", 713, 15, 20), ("IV.2", 2184, 15, 20), ("IV.3", 534, 15, 20), ("V.A", 4533, 19, 20)} <= rows


def test_regions_come_from_tps_codes_when_no_list_names_them(empty: RecapService, src: Path) -> None:
    write_tps(src, "ppwp", "3527022003004", tps_doc())
    result = import_paths(empty, [src])
    assert result.kabupaten_adopted == "3527" and result.regions_added == 4
    assert empty.region_names(["35", "3527", "352702", "3527022003", "3527022003004"]) == {
        "35": "PROVINSI 35", "3527": "KABUPATEN/KOTA 3527", "352702": "KECAMATAN 352702",
        "3527022003": "DESA/KELURAHAN 3527022003",
    }
    # a later wilayah list names the placeholders; names from the reference data are never overwritten
    write_json(src / "w" / "wilayah" / "pemilu" / "ppwp" / "35" / "3527.json",
               [{"nama": "TORJUN", "id": 1, "kode": "352702", "tingkat": 3}])
    import_paths(empty, [src / "w"])
    assert empty.region_names(["352702"]) == {"352702": "TORJUN"}


def test_reference_names_are_kept_and_sirekap_ids_filled(service: RecapService, src: Path) -> None:
    write_json(src / "wilayah" / "pemilu" / "ppwp" / "35" / "3527.json",
               [{"nama": "SRESEH (SIREKAP)", "id": 152039, "kode": "352701", "tingkat": 3}])
    result = import_paths(service, [src])
    assert result.ok and result.regions_added == 0
    with service.engine.connect() as conn:
        row = conn.execute(select(RegionRow.name, RegionRow.sirekap_id).where(RegionRow.code == "352701")).one()
    assert tuple(row) == ("SRESEH", 152039)


def test_folder_and_zip_are_read_the_same_way(db_url: str, tmp_path: Path) -> None:
    archive = zip_folder(SIREKAP_SAMPLE, tmp_path / "sirekap.zip")
    stored: list[Any] = []
    for name, source in (("folder", SIREKAP_SAMPLE), ("zip", archive)):
        svc = RecapService.open(tmp_path / f"{name}.sqlite") if name == "zip" else RecapService.open(db_url)
        result = import_paths(svc, [source])
        assert result.ok and result.records_added == 20 and result.lists_loaded == 17
        with svc.engine.connect() as conn:
            recs = conn.execute(
                select(SirekapRecordRow.ballot, SirekapRecordRow.tps, SirekapRecordRow.ts, SirekapRecordRow.admin,
                       SirekapRecordRow.chart, SirekapRecordRow.images, SirekapRecordRow.file_sha256)
                .order_by(SirekapRecordRow.tps)
            ).all()
            files = sorted(conn.execute(select(SirekapFileRow.sha256, SirekapFileRow.kind)).all())
            paths = sorted(conn.execute(select(SirekapFileRow.path)).scalars())
        summary = [r.as_tuple() for level in ("tps", "desa", "kecamatan") for r in sirekap_summary(svc, "ppwp", level)]
        stored.append((
            [tuple(r) for r in recs], files, summary, sorted(svc.region_names([f"{NOREH}{n:03d}" for n in range(30)])),
            [a.message for a in result.anomalies], (result.ts_min, result.ts_max),
        ))
        if name == "zip":
            assert all(p.startswith(f"{archive}!") for p in paths)
        svc.close()
    assert stored[0] == stored[1]


# ---------------------------------------------------------------------------------------------- snapshots
def test_snapshot_provenance_and_identical_reimport_adds_nothing(service: RecapService) -> None:
    first = import_paths(service, [DESA], source_label="mirror zakiego 662488e9")
    with service.engine.connect() as conn:
        snaps = snapshots(conn)
        files = {path: sha for sha, path in conn.execute(select(SirekapFileRow.sha256, SirekapFileRow.path))}
    assert len(snaps) == 1
    snap = snaps[0]
    assert (snap.id, snap.source, snap.actor) == (first.snapshot_id, "mirror zakiego 662488e9", "uji")
    assert (snap.ts_min, snap.ts_max, snap.files_read, snap.records_added, snap.files_skipped) == (
        "2024-02-15 22:00:27", "2024-02-22 16:00:00", 20, 20, 0,
    )
    assert snap.imported_at[:2] == "20" and snap.counts["records"] == 20
    for path in DESA.iterdir():
        assert files[str(path)] == hashlib.sha256(path.read_bytes()).hexdigest()
    events_before = count(service, AuditEventRow)

    again = import_paths(service, [DESA, DESA])  # known files, and each given twice
    assert again.snapshot_id is None and again.files_unchanged == 40 and again.records_added == 0
    assert again.ok and not again.nothing_usable
    assert "Tidak ada data baru" in again.report_lines()[-1]
    assert (count(service, SirekapSnapshotRow), count(service, SirekapRecordRow)) == (1, 20)
    assert count(service, AuditEventRow) == events_before


def test_identical_files_in_a_zip_are_unchanged_too(service: RecapService, src: Path) -> None:
    import_paths(service, [DESA])
    again = import_paths(service, [zip_folder(DESA, src / "noreh.zip")])
    assert again.snapshot_id is None and again.files_unchanged == 20


def test_audit_event_records_the_import(service: RecapService) -> None:
    result = import_paths(service, [DESA])
    event = service.audit_events(1)[0]
    assert event["action"] == "sirekap.import" and event["payload"]["snapshot"] == result.snapshot_id
    assert event["payload"]["records"] == 20
    digest = hashlib.sha256("\n".join(sorted(
        hashlib.sha256(p.read_bytes()).hexdigest() for p in DESA.iterdir())).encode()).hexdigest()
    assert event["payload"]["files_sha256_digest"] == digest
    assert service.verify_audit().ok


def test_newer_record_supersedes_and_the_older_stays_queryable(service: RecapService, src: Path) -> None:
    code = f"{NOREH}001"
    write_tps(src / "a", "ppwp", code, tps_doc(ts="2024-02-15 10:00:00"))
    newer = dict(PPWP_CHART, **{"100025": 40})
    write_tps(src / "b", "ppwp", code, tps_doc(chart=newer, admin=dict(ADMIN, suara_sah=259, suara_total=273),
                                                    ts="2024-02-20 10:00:00"))
    older = dict(PPWP_CHART, **{"100025": 1})
    write_tps(src / "c", "ppwp", code, tps_doc(chart=older, ts="2024-02-14 23:00:00"))

    import_paths(service, [src / "a"])
    second = import_paths(service, [src / "b"])
    assert (second.records_added, second.records_superseding, second.records_changed, second.records_history) == (
        1, 1, 1, 0,
    )
    assert "menggantikan rekaman lama 1, di antaranya dengan angka berubah 1" in second.report_lines()[1]
    assert records(service)[code].chart["100025"] == 40
    assert service.load_sheet("ppwp").sirekap("IV.1", "352701").value == 40  # type: ignore[union-attr]

    third = import_paths(service, [src / "c"])  # an older scrape imported later: history only
    assert (third.records_added, third.records_superseding, third.records_history) == (1, 0, 1)
    assert records(service)[code].chart["100025"] == 40
    with service.engine.connect() as conn:
        history = tps_history(conn, "ppwp", code)
    assert [(h.ts, h.chart["100025"], h.current) for h in history] == [
        ("2024-02-14 23:00:00", 1, False), ("2024-02-15 10:00:00", 48, False), ("2024-02-20 10:00:00", 40, True),
    ]
    assert [h.snapshot_id for h in history] == [third.snapshot_id, 1, second.snapshot_id]


def test_same_ts_later_import_wins_and_equal_content_is_not_stored_twice(service: RecapService, src: Path) -> None:
    code = f"{NOREH}002"
    write_tps(src / "a", "ppwp", code, tps_doc())
    # same figures, different bytes (photo links changed): the file is new, the record is not
    write_tps(src / "b", "ppwp", code, tps_doc(images=[None, None, None]))
    write_tps(src / "c", "ppwp", code, tps_doc(chart=dict(PPWP_CHART, **{"100027": 81})))
    import_paths(service, [src / "a"])
    same = import_paths(service, [src / "b"])
    assert (same.files_stored, same.records_added, same.records_same) == (1, 0, 1)
    corrected = import_paths(service, [src / "c"])
    assert (corrected.records_added, corrected.records_superseding, corrected.records_changed) == (1, 1, 1)
    assert records(service)[code].chart["100027"] == 81
    # a later scrape with the same figures: current now, but nothing changed
    write_tps(src / "d", "ppwp", code, tps_doc(chart=dict(PPWP_CHART, **{"100027": 81}), ts="2024-02-19 10:00:00"))
    later = import_paths(service, [src / "d"])
    assert (later.records_added, later.records_superseding, later.records_changed) == (1, 1, 0)


# ---------------------------------------------------------------------------------------------- quirks and ballots
def test_quirks_missing_figures_stay_missing(service: RecapService, src: Path) -> None:
    admin_gaps = dict(ADMIN, pemilih_dpt_l=None, suara_tidak_sah=None)
    write_tps(src, "ppwp", f"{NOREH}001", {k: v for k, v in tps_doc(admin=admin_gaps).items() if k != "mode"})
    write_tps(src, "ppwp", f"{NOREH}002", tps_doc(chart={"null": None}, images=[None, "https://x/1.jpg", None]))
    write_tps(src, "ppwp", f"{NOREH}003", tps_doc(admin=None, status_adm=False))
    write_tps(src, "ppwp", f"{NOREH}004", tps_doc(chart=None, admin=None, images=[None, None, None]))
    write_tps(src, "ppwp", f"{NOREH}005", tps_doc(chart={"100025": 5, "100026": None, "100027": 7}))
    result = import_paths(service, [src])
    assert result.ok and result.records_added == 5
    stored = records(service)
    assert "I.A.L" not in stored[f"{NOREH}001"].admin and stored[f"{NOREH}001"].admin["I.A.P"] == 152
    assert stored[f"{NOREH}002"].chart == {} and not stored[f"{NOREH}002"].has_chart
    assert stored[f"{NOREH}004"].admin == {} and stored[f"{NOREH}004"].chart == {}
    assert stored[f"{NOREH}005"].chart == {"100025": 5, "100027": 7}
    sheet = service.load_sheet("ppwp")
    fig = {line: sheet.sirekap(line, "352701") for line in ("I.A.L", "I.A.P", "V.B", "IV.1", "IV.2", "IV.3")}
    assert fig["I.A.P"] is not None and (fig["I.A.P"].value, fig["I.A.P"].tps_with_data) == (152 * 3, 3)
    assert fig["I.A.L"] is not None and (fig["I.A.L"].value, fig["I.A.L"].tps_with_data) == (142 * 2, 2)
    assert fig["V.B"] is not None and fig["V.B"].tps_with_data == 2
    assert fig["IV.1"] is not None and (fig["IV.1"].value, fig["IV.1"].tps_with_data) == (48 + 48 + 5, 3)
    assert fig["IV.2"] is not None and (fig["IV.2"].value, fig["IV.2"].tps_with_data) == (139 * 2, 2)
    assert all(f is not None and f.tps_known == 97 for f in fig.values())


def test_legislative_chart_objects_and_dpd_candidate_ids_map_to_lines(service: RecapService, src: Path) -> None:
    pdpr_chart = {"null": None, "1": {"jml_suara_total": 120, "jml_suara_partai": 30},
                  "2": {"jml_suara_total": 100, "jml_suara_partai": 100}, "3": 47}
    write_tps(src, "pdpr", f"{NOREH}001", tps_doc(chart=pdpr_chart, admin=dict(ADMIN, suara_sah=267)))
    write_tps(src, "pdpd", f"{NOREH}001", tps_doc(chart={"null": None, "695851": 200, "695852": 60,
                                                             "695853": 7}))
    write_tps(src, "pdprdk", f"{NOREH}001", tps_doc(chart={"1": {"jml_suara_total": 267,
                                                                      "jml_suara_partai": 267}}))
    result = import_paths(service, [src])
    assert result.ok and result.records_added == 3 and not result.anomalies
    dpr = service.load_sheet("pdpr:3511")
    values = {line: dpr.sirekap(line, "352701") for line in ("IV.1.T", "IV.1.0", "IV.2.T", "IV.2.0", "IV.3.T",
                                                              "IV.3.0", "IV.1.1")}
    assert {k: v.value for k, v in values.items() if v is not None and v.value is not None} == {
        "IV.1.T": 120, "IV.1.0": 30, "IV.2.T": 100, "IV.2.0": 100, "IV.3.T": 47,
    }
    three = values["IV.3.0"]
    assert three is not None and three.value is None and three.tps_with_data == 0  # absent: not 0
    assert values["IV.1.1"] is None
    assert dpr.sirekap_state("IV.1.1", "352701") is SirekapState.NO_SOURCE  # candidates: no TPS-level source
    dpd = service.load_sheet("pdpd")
    assert [dpd.sirekap(f"IV.{n}", "352701").value for n in (1, 2, 3)] == [200, 60, 7]  # type: ignore[union-attr]
    dprdk = service.load_sheet("pdprdk:352701")
    assert dprdk.sirekap("IV.1.T", "352701").value == 267  # type: ignore[union-attr]


def test_ballot_from_hint_when_the_path_has_none(service: RecapService, src: Path) -> None:
    path = write_json(src / "unduhan" / f"{NOREH}001.json", tps_doc())
    without = import_paths(service, [path])
    assert without.nothing_usable and "jenis pemilihan tidak diketahui" in without.skipped[0][1]
    assert import_paths(service, [path], ballot_hint="PPWP").records_added == 1
    with pytest.raises(ValueError, match="tidak dikenal"):
        import_paths(service, [path], ballot_hint="pilkada")


def test_lists_paslon_parties_candidates_and_aggregates(empty: RecapService, src: Path) -> None:
    write_tps(src, "ppwp", f"{NOREH}001", tps_doc())
    write_json(src / "pemilu" / "ppwp.json", {
        "100025": {"ts": TS, "nama": "PASLON SATU", "warna": "#8CB9BD", "nomor_urut": 1},
        "100026": {"ts": TS, "nama": "PASLON DUA", "warna": "#C7B7A3", "nomor_urut": 2},
        "100027": {"ts": TS, "nama": "PASLON TIGA", "warna": "#B67352", "nomor_urut": 3},
    })
    write_json(src / "pemilu" / "partai.json", {
        "1": {"ts": TS, "id_partai": 100001, "id_pilihan": 1, "is_aceh": False, "nama": "PKB",
              "nama_lengkap": "Partai Kebangkitan Bangsa", "nomor_urut": 1, "warna": "#00764A"},
    })
    write_json(src / "pemilu" / "caleg" / "dpd" / "35.json", {
        "695851": {"nama": "CALON DPD SATU", "nomor_urut": 1, "jenis_kelamin": "L", "tempat_tinggal": "X"},
        "695852": {"nama": "CALON DPD DUA", "nomor_urut": 2, "jenis_kelamin": "P", "tempat_tinggal": "Y"},
    })
    write_json(src / "pemilu" / "hhcw" / "ppwp" / "35" / "3527.json", {
        "chart": {"100025": 10, "100026": 20, "100027": 30, "persen": 1.5},
        "progres": {"progres": 3, "total": 2726}, "psu": "Reguler", "ts": TS,
        "table": {"352701": {"100025": 10, "100026": 20, "100027": 30, "persen": 3.1, "psu": "Reguler",
                             "status_progress": True}, "352702": {"persen": 0, "status_progress": False}},
    })
    result = import_paths(empty, [src])
    assert result.ok and (result.lists_loaded, result.aggregates_added, result.records_added) == (3, 1, 1)
    assert [c.key for c in empty.contests()] == ["ppwp", "pdpd"]
    assert empty.contest("ppwp").paslon[1].name == "PASLON DUA"
    assert [(c.number, c.sirekap_id) for c in empty.contest("pdpd").dpd_candidates] == [(1, "695851"), (2, "695852")]
    with empty.engine.connect() as conn:
        agg = conn.execute(select(SirekapAggregateRow)).one()
    assert (agg.region, agg.progres_done, agg.progres_total) == ("3527", 3, 2726)
    assert json.loads(agg.chart) == {"100025": 10, "100026": 20, "100027": 30}
    assert json.loads(agg.children)["352702"]["chart"] == {}


def test_candidate_lists_fill_ids_but_never_change_the_dct(service: RecapService, src: Path) -> None:
    write_json(src / "pemilu" / "caleg" / "partai" / "3511.json", {
        "1": {"5001": {"nama": "NAMA SIREKAP", "nomor_urut": 1, "jenis_kelamin": "L"},
              "5009": {"nama": "TIDAK DI DCT", "nomor_urut": 9, "jenis_kelamin": "P"}},
    })
    result = import_paths(service, [src])
    assert result.ok and any("1 calon Sirekap tidak ada di data referensi" in note for note in result.notes)
    with service.engine.connect() as conn:
        rows = conn.execute(select(CandidateRow.number, CandidateRow.name, CandidateRow.sirekap_id).where(
            CandidateRow.ballot == "pdpr", CandidateRow.party == 1)).all()
    assert sorted(tuple(r) for r in rows) == [(1, "CALON FIKTIF DPR 1-1", "5001"), (2, "CALON FIKTIF DPR 1-2", None)]


def test_candidate_list_of_an_unknown_dapil_is_skipped_with_its_reason(service: RecapService, src: Path) -> None:
    write_tps(src, "ppwp", f"{NOREH}001", tps_doc())
    bad = write_json(src / "pemilu" / "caleg" / "partai" / "9999.json",
                     {"1": {"5001": {"nama": "X", "nomor_urut": 1, "jenis_kelamin": "L"}}})
    dpd_elsewhere = write_json(src / "pemilu" / "caleg" / "dpd" / "32.json",
                               {"1": {"nama": "X", "nomor_urut": 1, "jenis_kelamin": "L", "tempat_tinggal": "X"}})
    result = import_paths(service, [src])
    assert result.records_added == 1 and len(result.skipped) == 2
    assert "dapil 9999 (pdpr): dapil itu belum ada di data referensi" in skipped_reason(result, str(bad))
    assert "provinsi 32" in skipped_reason(result, str(dpd_elsewhere))
    assert count(service, CandidateRow) == len(small_reference().candidates)


def test_tabular_csv_and_xlsx(service: RecapService, src: Path) -> None:
    (src / "a.csv").write_text(
        "ballot,tps,line,value,ts\n"
        f"ppwp,{NOREH}001,IV.1,10,{TS}\nppwp,{NOREH}001,V.A,30,{TS}\nppwp,{NOREH}002,IV.1,11,\n",
        encoding="utf-8",
    )
    pd.DataFrame([["pdpd", f"{NOREH}003", "IV.2", 5]], columns=["ballot", "tps", "line", "value"]).to_excel(
        src / "b.xlsx", index=False
    )
    result = import_paths(service, [src])
    assert result.ok and result.records_added == 3
    with service.engine.connect() as conn:
        kinds = sorted(conn.execute(select(SirekapFileRow.kind)).scalars())
    assert kinds == ["tabel", "tabel"]
    sheet = service.load_sheet("ppwp")
    assert sheet.sirekap("IV.1", "352701").value == 21  # type: ignore[union-attr]
    assert service.load_sheet("pdpd").sirekap("IV.2", "352701").value == 5  # type: ignore[union-attr]


# ---------------------------------------------------------------------------------------------- bad input
TRUNCATED = json.dumps(tps_doc())[:150]

BAD_TPS_FILES: dict[str, tuple[str, str, Any, str]] = {
    # case: (ballot segment, file stem, content, expected fragment of the reason)
    "malformed_json": ("ppwp", f"{NOREH}005", '{"chart": {"100025": 1,, }}', "JSON rusak atau terpotong"),
    "truncated_json": ("ppwp", f"{NOREH}005", TRUNCATED, "JSON rusak atau terpotong"),
    "empty_file": ("ppwp", f"{NOREH}005", "", "berkas kosong"),
    "wrong_length_code": ("ppwp", f"{NOREH}05", tps_doc(), "harus 13 digit"),
    "outside_kabupaten": ("ppwp", "3528012001005", tps_doc(), "di luar kabupaten/kota"),
    "unknown_ballot": ("pilkada", f"{NOREH}005", tps_doc(), "jenis pemilihan tidak diketahui"),
    "bad_figure": ("ppwp", f"{NOREH}005", tps_doc(chart={"100025": -4}), "negatif"),
    "not_sirekap": ("ppwp", f"{NOREH}005", {"hello": "world"}, "bentuk JSON tidak dikenali"),
}


def write_bad(root: Path, case: str) -> Path:
    ballot, stem, content, _ = BAD_TPS_FILES[case]
    path = root / "pemilu" / "hhcw" / ballot / stem[:2] / stem[:4] / stem[:6] / stem[:10] / f"{stem}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


@pytest.mark.parametrize("case", sorted(BAD_TPS_FILES))
def test_each_bad_file_is_reported_and_the_good_ones_imported(case: str, service: RecapService, src: Path) -> None:
    for n in (1, 2):
        write_tps(src, "ppwp", f"{NOREH}00{n}", tps_doc())
    bad = write_bad(src, case)
    result = import_paths(service, [src])
    assert result.records_added == 2 and result.files_stored == 2
    assert result.skipped == [(str(bad), result.skipped[0][1])]
    assert BAD_TPS_FILES[case][3] in result.skipped[0][1]
    assert "DILEWATI 1 berkas" in result.problem_lines()[0] and str(bad) in result.problem_lines()[1]
    assert sorted(records(service)) == [f"{NOREH}001", f"{NOREH}002"]
    with service.engine.connect() as conn:
        assert str(bad) not in set(conn.execute(select(SirekapFileRow.path)).scalars())
        snap = snapshots(conn)[0]
    assert snap.files_skipped == 1 and snap.counts["skipped_files"] == [[str(bad), result.skipped[0][1]]]


def test_truncated_zip_is_reported_and_the_rest_imported(service: RecapService, src: Path) -> None:
    archive = zip_folder(DESA, src / "noreh.zip")
    cut = src / "cut.zip"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    good = write_tps(src / "good", "ppwp", f"{NOREH}001", tps_doc())
    result = import_paths(service, [cut, good])
    assert result.records_added == 1 and result.skipped[0][0] == str(cut)
    assert "arsip zip rusak atau terpotong" in result.skipped[0][1]


def test_same_tps_twice_with_different_figures_skips_every_file_involved(
    service: RecapService, src: Path
) -> None:
    code = f"{NOREH}007"
    a = write_tps(src / "a", "ppwp", code, tps_doc())
    b = write_tps(src / "b", "ppwp", code, tps_doc(chart=dict(PPWP_CHART, **{"100025": 49})))
    # a tabular file also carrying that TPS (same ts) with yet other figures: out whole, with its other TPS
    c = src / "c.csv"
    c.write_text(f"ballot,tps,line,value,ts\nppwp,{code},IV.1,50,{TS}\nppwp,{NOREH}008,IV.1,9,{TS}\n", encoding="utf-8")
    same = write_tps(src / "d", "ppwp", f"{NOREH}009", tps_doc())
    same_again = write_tps(src / "e", "ppwp", f"{NOREH}009", tps_doc(images=[None, None, None]))
    result = import_paths(service, [src])
    assert {path for path, _ in result.skipped} == {str(a), str(b), str(c)}
    assert all("muncul lebih dari sekali dalam impor ini dengan angka berbeda" in r for _, r in result.skipped)
    assert "(juga " in skipped_reason(result, str(a))
    assert result.records_added == 1 and result.records_same == 1  # 009 given twice with the same figures
    assert sorted(records(service)) == [f"{NOREH}009"]
    with service.engine.connect() as conn:
        paths = set(conn.execute(select(SirekapFileRow.path)).scalars())
    assert paths == {str(same), str(same_again)}
    assert service.verify_audit().ok  # the files taken out again left no trace in the derived tables


def test_wilayah_list_inside_another_kabupaten_is_skipped(service: RecapService, src: Path) -> None:
    other = write_json(src / "wilayah" / "pemilu" / "ppwp" / "35" / "3528" / "352801.json",
                       [{"nama": "DESA LAIN", "id": 1, "kode": "3528012001", "tingkat": 4}])
    province = write_json(src / "wilayah" / "pemilu" / "ppwp" / "35.json",
                          [{"nama": "BANGKALAN", "id": 2, "kode": "3526", "tingkat": 2}])
    result = import_paths(service, [src])
    assert [p for p, _ in result.skipped] == [str(other)] and "di luar kabupaten/kota" in result.skipped[0][1]
    assert result.lists_loaded == 1 and service.region_names(["3526"]) == {"3526": "BANGKALAN"}
    assert str(province) not in {p for p, _ in result.skipped}


def test_the_skipped_listing_names_25_files_and_counts_the_rest() -> None:
    summary = ImportSummary(files_read=1234, skipped=[(f"/unduhan/{n}.json", "berkas kosong") for n in range(1234)])
    lines = summary.lines()
    assert lines[0].startswith("Berkas data dibaca: 1.234 — ") and lines[0].endswith("dilewati 1.234")
    problems = summary.problem_lines()
    assert problems[0] == "DILEWATI 1.234 berkas (tidak diimpor):"
    assert problems[1:26] == [f"  - /unduhan/{n}.json: berkas kosong" for n in range(25)]
    assert problems[26:] == ["  … dan 1.209 berkas lain"]
    assert lines[-len(problems):] == problems  # the window shows the same limited listing
    exactly = ImportSummary(skipped=[(f"{n}.json", "berkas kosong") for n in range(25)]).problem_lines()
    assert len(exactly) == 26 and "berkas lain" not in exactly[-1]


def test_all_files_bad_writes_nothing(service: RecapService, src: Path) -> None:
    for case in ("malformed_json", "outside_kabupaten"):
        write_bad(src / case, case)
    events = count(service, AuditEventRow)
    result = import_paths(service, [src])
    assert result.nothing_usable and result.snapshot_id is None and len(result.skipped) == 2
    assert "Tidak ada berkas yang dapat diimpor" in result.report_lines()[-1]
    assert (count(service, SirekapSnapshotRow), count(service, SirekapFileRow), count(service, AuditEventRow)) == (
        0, 0, events,
    )


def test_outside_kabupaten_on_an_empty_database_keeps_the_majority(empty: RecapService, src: Path) -> None:
    for n in (1, 2):
        write_tps(src, "ppwp", f"{NOREH}00{n}", tps_doc())
    stray = write_tps(src, "ppwp", "3528012001001", tps_doc())
    result = import_paths(empty, [src])
    assert result.kabupaten_adopted == "3527" and result.records_added == 2
    assert [p for p, _ in result.skipped] == [str(stray)]


def test_a_database_failure_leaves_nothing_half_stored(
    service: RecapService, src: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(DESA, src / "pemilu" / "hhcw" / "ppwp" / "35" / "3527" / "352701" / NOREH)
    original = list_store.regions_from_codes

    def failing(conn: Any, codes: set[str]) -> int:
        original(conn, codes)
        from sqlalchemy.exc import OperationalError

        raise OperationalError("INSERT", {}, Exception("disk I/O error: disk full"))

    monkeypatch.setattr(list_store, "regions_from_codes", failing)
    events = count(service, AuditEventRow)
    with pytest.raises(StorageError, match="TIDAK tersimpan"):
        import_paths(service, [src])
    assert (count(service, SirekapSnapshotRow), count(service, SirekapFileRow), count(service, SirekapRecordRow),
            count(service, AuditEventRow)) == (0, 0, 0, events)
    monkeypatch.undo()
    assert import_paths(service, [src]).records_added == 20  # nothing was marked as imported


def test_progress_is_reported(service: RecapService) -> None:
    seen: list[tuple[int, str]] = []
    import_paths(service, [DESA], progress=lambda n, path: seen.append((n, path)))
    assert seen[-1] == (20, "")


@pytest.mark.parametrize(
    "values",
    [{"I.A.L": 1, "V.A": 20}, {"100025": 0}, {}, {"it's": 1}, {'a"b': 2}, {"back\\slash": 3}, {"tab\t": 4},
     {"ünï": 5}],
)
def test_figures_json_is_json(values: dict[str, int]) -> None:
    assert json.loads(_figures_json(values)) == values


def test_two_stations_importing_the_same_files_at_once_store_them_once(
    service: RecapService, db_url: str, src: Path
) -> None:
    """The import holds the writers' lock from its start: a second station's import of the same files waits, then
    finds every file already imported."""
    import threading

    write_tps(src, "ppwp", f"{NOREH}001", tps_doc())
    write_tps(src, "ppwp", f"{NOREH}002", tps_doc())
    other = RecapService.open(db_url, actor="stasiun-2")
    inside = threading.Event()
    release = threading.Event()
    results: dict[str, ImportSummary] = {}

    def first_holds_the_lock(_handled: int, path: str) -> None:
        if path == "":
            inside.set()
            release.wait(10)

    first = threading.Thread(target=lambda: results.update(a=import_paths(service, [src],
                                                                           progress=first_holds_the_lock)))
    first.start()
    assert inside.wait(10)
    second = threading.Thread(target=lambda: results.update(b=import_paths(other, [src])))
    second.start()
    second.join(0.5)
    assert second.is_alive()  # waiting for the first import's lock
    release.set()
    first.join(10)
    second.join(10)
    other.close()
    assert results["a"].records_added == 2
    assert results["b"].snapshot_id is None and results["b"].files_unchanged == 2 and results["b"].records_added == 0
    assert (count(service, SirekapSnapshotRow), count(service, SirekapRecordRow)) == (1, 2)


def test_problems_are_reported_in_the_order_the_files_were_read(service: RecapService, src: Path) -> None:
    outside = write_tps(src, "ppwp", "3528012001001", tps_doc())  # found bad after the walk
    broken = write_tps(src, "ppwp", f"{NOREH}001", "{")  # found bad while reading
    result = import_paths(service, [src])
    assert [path for path, _ in result.skipped] == sorted([str(outside), str(broken)])


def test_the_worker_process_reads_as_the_importing_process_would(db_url: str, tmp_path: Path) -> None:
    """The same import read in a worker process and in-process: the same records, digests and derived tables."""
    from rekap_desktop.sirekap import derived

    results = []
    for worker in (True, False):
        svc = RecapService.open(db_url if worker else tmp_path / f"inline-{worker}.sqlite", actor="uji")
        svc.store_reference(small_reference())
        summary = import_paths(svc, [SIREKAP_SAMPLE], worker=worker)
        with svc.engine.connect() as conn:
            state = (sorted((r.tps, r.admin, r.chart) for r in current_records(conn, "ppwp")), derived.compute(conn))
        assert svc.verify_audit().ok
        results.append((summary.records_added, summary.files_stored, len(summary.anomalies), state[0],
                        sorted(state[1].totals.items())))
        svc.close()
    assert results[0] == results[1]


def test_a_failing_reader_writes_nothing(service: RecapService, src: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rekap_desktop.sirekap import parsing

    write_tps(src, "ppwp", f"{NOREH}001", tps_doc())

    def broken(*_args: Any, **_kwargs: Any) -> Iterator[Any]:
        yield parsing.Chunk()
        raise parsing.ReadError("proses pembaca gagal: MemoryError")

    monkeypatch.setattr(sirekap_import, "read_chunks", broken)
    events = count(service, AuditEventRow)
    with pytest.raises(parsing.ReadError):
        import_paths(service, [src])
    assert (count(service, SirekapSnapshotRow), count(service, AuditEventRow)) == (0, events)


def test_row_hashes_of_the_importer_equal_the_state_digest_ones() -> None:
    from rekap_desktop.sirekap.parsing import fast_row_hash
    from rekap_desktop.state_digest import row_hash

    for values in ([1, "a", None, True, False, "ü\\n\"x"], [3, "sha", "p!q.json", "ppwp", "x" * 13, None, "Reguler",
                                                           True, False, '{"V.A":1}', "{}", "[null]", "src"]):
        assert fast_row_hash(values) == row_hash(values)


def test_ballots_interleaved_across_sources_count_as_when_walked_together(
    service: RecapService, src: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The writer holds what was stored before the import for one ballot at a time (memory of a re-scrape): a
    ballot that comes back in a later source is read again, without the rows this import wrote meanwhile (flushed
    in between: one row per chunk here), so a TPS seen twice in one import is never counted as superseding."""
    from rekap_desktop.sirekap import writer

    monkeypatch.setattr(writer, "CHUNK_ROWS", 1)
    old, fresh = f"{NOREH}001", f"{NOREH}002"
    write_tps(src / "lama", "ppwp", old, tps_doc(ts="2024-02-15 10:00:00"))
    assert import_paths(service, [src / "lama"]).records_added == 1
    write_tps(src / "a", "ppwp", fresh, tps_doc(ts="2024-02-16 10:00:00"))
    write_tps(src / "b", "pdpr", old, tps_doc(chart={"1": 10}, admin=dict(ADMIN, suara_sah=267)))
    write_tps(src / "c", "ppwp", fresh, tps_doc(ts="2024-02-17 10:00:00"))
    write_tps(src / "c", "ppwp", old, tps_doc(chart=dict(PPWP_CHART, **{"100025": 40}),
                                              admin=dict(ADMIN, suara_sah=259, suara_total=273),
                                              ts="2024-02-20 10:00:00"))
    result = import_paths(service, [src / "a", src / "b", src / "c"])
    assert (result.records_added, result.records_superseding, result.records_changed) == (4, 1, 1)
    assert records(service)[old].chart["100025"] == 40
    assert records(service)[fresh].ts == "2024-02-17 10:00:00"
    assert service.verify_audit().ok
