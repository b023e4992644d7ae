"""Seats per dapil in the reference data (issue 14, item 1): the dapil template's ``kursi`` column, validated,
stored, carried into Dapil/Contest, audited, and an existing database upgraded through migration 0006."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest, Dapil
from rekap_desktop.reference_files.formats import FileKind, template_path
from rekap_desktop.reference_files.write import reference_rows
from rekap_desktop.services import RecapService
from rekap_desktop.setup import current_reference, init_kabupaten, load_reference_files
from rekap_desktop.setup_status import setup_status

HEADER = "jenis_pemilihan,kode_dapil,nama_dapil,kursi,kode_kecamatan\n"


@pytest.fixture
def wilayah(db_url: str) -> Iterator[RecapService]:
    service = RecapService.open(db_url, actor="uji")
    init_kabupaten(service, "3527")
    assert load_reference_files(service, [template_path(FileKind.WILAYAH)]).ok
    yield service
    service.close()


def write(folder: Path, text_: str, name: str = "dapil.csv") -> Path:
    path = folder / name
    path.write_text(text_, encoding="utf-8")
    return path


def problems(service: RecapService, path: Path) -> list[str]:
    result = load_reference_files(service, [path])
    assert not result.ok
    return [str(p) for p in result.problems]


def test_the_template_carries_seats_into_dapil_and_contest(wilayah: RecapService) -> None:
    result = load_reference_files(wilayah, [template_path(k) for k in FileKind if k.is_table])
    assert result.ok, result.problems
    dapil_file = next(f for f in result.files if f.kind is FileKind.DAPIL)
    assert dapil_file.contents["kursi DPRD Kabupaten/Kota"] == 12  # the sum is told to the operator
    assert "(12 kursi)" in dapil_file.line() or "12 kursi DPRD Kabupaten/Kota" in dapil_file.line()
    # the template's 7 + 5 seats are an example, not a DPRD size: the operator is warned, nothing is refused
    assert any("Pasal 191" in str(w) and "= 12" in str(w) for w in dapil_file.warnings)
    contests = {c.key: c for c in wilayah.contests()}
    assert contests["pdprdk:352701"].seats == 7 and contests["pdprdk:352702"].seats == 5
    assert contests["pdpr:3511"].seats == 8 and contests["pdprdp:3514"].seats == 12
    assert contests["ppwp"].seats is None
    status = setup_status(wilayah)
    assert status.seats == {"pdpr": 8, "pdprdp": 12, "pdprdk": 12}
    assert "DPRD Kabupaten/Kota 2 (12 kursi)" in status.lines()[2]
    rows = reference_rows(current_reference(wilayah), FileKind.DAPIL)
    assert {(r["kode_dapil"], r["kursi"]) for r in rows if r["jenis_pemilihan"] == "pdprdk"} == {
        ("352701", "7"), ("352702", "5")}


def test_contest_seats_come_from_its_dapil() -> None:
    assert Contest(Ballot.PPWP, ()).seats is None
    dapil = Dapil(Ballot.PDPRDK, "352701", "SAMPANG 1", "", 9)
    assert Contest(Ballot.PDPRDK, (), dapil).seats == 9
    assert Dapil(Ballot.PDPRDK, "352701", "SAMPANG 1").seats is None


def test_a_real_size_gives_no_warning_and_one_row_may_carry_the_seats(wilayah: RecapService, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "pdprdk,1,SATU,12,352701\npdprdk,2,DUA,8,352702\n")
    result = load_reference_files(wilayah, [path])
    assert result.ok and not result.warnings  # 20 seats: the smallest DPRD size of UU 7/2017 Pasal 191
    assert result.files[0].contents["kursi DPRD Kabupaten/Kota"] == 20
    one_row = write(tmp_path, HEADER + "pdprdk,1,SATU,12,352701\npdprdk,1,SATU,,352702\n", "d2.csv")
    result = load_reference_files(wilayah, [one_row])
    assert result.ok and wilayah.contest("pdprdk:1").seats == 12


@pytest.mark.parametrize(("cell", "why"), [
    ("x", "jumlah kursi harus bilangan bulat mulai 1, bukan 'x'"),
    ("0", "jumlah kursi harus bilangan bulat mulai 1, bukan '0'"),
    ("-3", "jumlah kursi harus bilangan bulat mulai 1, bukan '-3'"),
    ("7.5", "jumlah kursi harus bilangan bulat mulai 1, bukan '7.5'"),
    ("2", "jumlah kursi dapil DPRD Kabupaten/Kota harus 3 sampai 12 (UU 7/2017 Pasal 192 ayat (2)), bukan 2"),
    ("13", "jumlah kursi dapil DPRD Kabupaten/Kota harus 3 sampai 12 (UU 7/2017 Pasal 192 ayat (2)), bukan 13"),
])
def test_bad_seats_are_refused_naming_row_and_column(wilayah: RecapService, tmp_path: Path, cell: str,
                                                     why: str) -> None:
    before = current_reference(wilayah)
    path = write(tmp_path, HEADER + f"pdprdk,1,SATU,{cell},352701\npdprdk,1,SATU,{cell},352702\n")
    found = problems(wilayah, path)
    assert found[0] == f"{path}, baris 2, kolom D (kursi): {why}"
    assert current_reference(wilayah) == before  # nothing written


def test_dpr_and_dprd_provinsi_have_their_own_ranges(wilayah: RecapService, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "pdpr,3511,JATIM XI,11,352701\npdpr,3511,JATIM XI,11,352702\n"
                 "pdprdp,3514,JATIM 14,13,352701\npdprdp,3514,JATIM 14,13,352702\n")
    assert problems(wilayah, path)[::2] == [
        f"{path}, baris 2, kolom D (kursi): jumlah kursi dapil DPR harus 3 sampai 10 (UU 7/2017 Pasal 187 ayat (2)), "
        "bukan 11",
        f"{path}, baris 4, kolom D (kursi): jumlah kursi dapil DPRD Provinsi harus 3 sampai 12 (UU 7/2017 Pasal 189 "
        "ayat (2)), bukan 13",
    ]
    fine = write(tmp_path, HEADER + "pdpr,3511,JATIM XI,,352701\npdpr,3511,JATIM XI,,352702\n", "d2.csv")
    result = load_reference_files(wilayah, [fine])
    assert result.ok and not result.warnings  # DPR and DPRD Provinsi need no seats: the app does not allocate them
    assert wilayah.contest("pdpr:3511").seats is None


def test_two_figures_for_one_dapil_are_refused(wilayah: RecapService, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "pdprdk,1,SATU,7,352701\npdprdk,1,SATU,8,352702\n")
    assert problems(wilayah, path) == [
        f"{path}, baris 3, kolom D (kursi): jumlah kursi dapil 1 (8) berbeda dengan baris 2 (7)"]


def test_missing_seats_are_told_and_listed_as_still_missing(wilayah: RecapService, tmp_path: Path) -> None:
    old_style = write(tmp_path, "jenis_pemilihan,kode_dapil,nama_dapil,kode_kecamatan\n"
                      "pdprdk,1,SATU,352701\npdprdk,2,DUA,352702\n")
    result = load_reference_files(wilayah, [old_style])
    assert result.ok  # a file without the column still loads (files of earlier versions)
    assert [str(w) for w in result.warnings] == [
        f"{old_style}: kursi dapil SATU (1), DUA (2) DPRD Kabupaten/Kota belum diisi (kolom kursi): pembagian kursi "
        "dapil itu tidak dapat dihitung"]
    assert ("belum ada jumlah kursi dapil SATU (1), DUA (2) DPRD Kabupaten/Kota (kolom kursi berkas susunan dapil)"
            in setup_status(wilayah).missing)
    assert wilayah.contest("pdprdk:1").seats is None


def test_changing_seats_after_figures_is_allowed_and_audited(wilayah: RecapService, tmp_path: Path) -> None:
    load_reference_files(wilayah, [template_path(k) for k in FileKind if k.is_table])
    wilayah.set_entry("pdprdk:352701", "IV.1.T", "352701", 120)
    note = "contoh: ganti dengan susunan dapil yang ditetapkan"
    path = write(tmp_path, HEADER.replace("\n", ",keterangan\n") + f"pdprdk,352701,SAMPANG 1,9,352701,{note}\n"
                 f"pdprdk,352702,SAMPANG 2,5,352702,{note}\n")
    result = load_reference_files(wilayah, [path])
    assert result.ok and result.files[0].changes == {"dapil diubah": 1}
    wilayah.invalidate()
    assert wilayah.contest("pdprdk:352701").seats == 9
    event = wilayah.audit_events(1)[0]
    assert event["action"] == "reference.apply" and "dapil" in event["payload"]["state"]
    assert wilayah.verify_audit().ok


def test_seats_changed_behind_the_apps_back_are_named_by_verify_audit(wilayah: RecapService) -> None:
    load_reference_files(wilayah, [template_path(k) for k in FileKind if k.is_table])
    assert wilayah.verify_audit().ok
    with wilayah.engine.begin() as conn:
        conn.execute(text("UPDATE dapil SET kursi = 12 WHERE code = '352702'"))
    report = wilayah.verify_audit()
    assert not report.ok
    assert any("dapil" in p for p in report.problems), report.problems


def test_an_existing_database_upgrades_through_0006(tmp_path: Path) -> None:
    from alembic import command

    from rekap_desktop.db import alembic_config, current_revision, make_engine, schema_head

    path = tmp_path / "lama.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0005")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO dapil (id, ballot, code, name, note) VALUES (1, 'pdprdk', '1', 'SATU', '')"))
    engine.dispose()
    service = RecapService.open(path, actor="uji")
    assert current_revision(service.engine) == schema_head()
    with service.engine.connect() as conn:
        assert conn.execute(text("SELECT kursi FROM dapil WHERE code = '1'")).scalar_one() is None
    assert service.audit_events(1)[0]["action"] == "audit.baseline"  # the new column's digest is vouched for
    service.close()
