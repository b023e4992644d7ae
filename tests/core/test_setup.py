"""Setting up a real kabupaten: templates, validation messages, whole-or-nothing, dependency check, status, demo."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from rekap_desktop.reference import store_reference
from rekap_desktop.reference_files.formats import FORMATS, FileKind, template_path
from rekap_desktop.reference_files.read import read_reference_sources, read_table
from rekap_desktop.reference_files.write import reference_rows
from rekap_desktop.region_names import kabupaten_of, provinces
from rekap_desktop.services import KecamatanStatus, RecapService
from rekap_desktop.setup import SetupError, current_reference, init_kabupaten, load_reference_files
from rekap_desktop.setup_status import setup_status
from rekap_desktop.sirekap.sources import SourceItem

from ..conftest import SIREKAP_SAMPLE

TEMPLATE_ORDER = list(FORMATS)


@pytest.fixture
def svc(db_url: str) -> Iterator[RecapService]:
    service = RecapService.open(db_url, actor="uji")
    init_kabupaten(service, "3527")
    yield service
    service.close()


@pytest.fixture
def loaded(svc: RecapService) -> RecapService:
    result = load_reference_files(svc, [template_path(k) for k in TEMPLATE_ORDER])
    assert result.ok, result.problems
    return svc


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(result: object) -> list[str]:
    return [str(p) for p in result.problems]  # type: ignore[attr-defined]


def only_problem(svc: RecapService, path: Path) -> str:
    result = load_reference_files(svc, [path])
    assert not result.ok
    assert len(result.problems) == 1, messages(result)
    return str(result.problems[0])


def table_rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    table = read_table(SourceItem(str(path), data, ""))
    return [dict(r.cells) for r in table.rows]


def snapshot(svc: RecapService) -> tuple[object, int]:
    return current_reference(svc), len(svc.audit_events(100_000))


# ----------------------------------------------------------------------------------------------- shipped lists
def test_shipped_provinces_and_kabupaten_of_jawa_timur() -> None:
    codes = [p.code for p in provinces()]
    assert len(codes) == 38 == len(set(codes))
    assert {"11", "31", "35", "91", "96"} <= set(codes)
    jatim = kabupaten_of("35")
    assert len(jatim) == 38
    assert (jatim[0].code, jatim[0].name) == ("3501", "PACITAN")
    assert [k.code for k in jatim if k.code.startswith("352")][-1] == "3529"
    kota = [k for k in jatim if k.code >= "3571"]
    assert [k.code for k in kota] == [f"35{n}" for n in range(71, 80)]
    assert kota[0].name == "KOTA KEDIRI" and kota[-1].title == "KOTA BATU" and jatim[26].title == "KABUPATEN SAMPANG"
    assert kabupaten_of("11") == []


# ----------------------------------------------------------------------------------------------- templates
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_every_template_round_trips(svc: RecapService, suffix: str) -> None:
    for kind in TEMPLATE_ORDER:
        path = template_path(kind, suffix)
        result = load_reference_files(svc, [path])
        assert result.ok, messages(result)
        assert result.files[0].kind is kind and result.files[0].changes
        assert reference_rows(current_reference(svc), kind) == table_rows(path), kind
    status = setup_status(svc)
    assert status.complete, status.missing
    assert (status.kecamatan, status.desa, status.tps, status.dpt) == (2, 2, 3, 776)
    assert status.dapil == {"pdpr": 1, "pdprdp": 1, "pdprdk": 2} and status.paslon == 3


def test_xlsx_templates_hold_the_same_rows_as_csv() -> None:
    for kind in TEMPLATE_ORDER:
        assert table_rows(template_path(kind, ".xlsx")) == table_rows(template_path(kind, ".csv")), kind


def test_files_are_applied_in_the_order_of_preparation(svc: RecapService) -> None:
    paths = [template_path(k) for k in reversed(TEMPLATE_ORDER)]
    result = load_reference_files(svc, paths)
    assert result.ok, messages(result)
    assert [f.kind for f in result.files] == TEMPLATE_ORDER
    again = load_reference_files(svc, paths)
    assert again.ok and not any(f.changes for f in again.files)


def test_kind_is_recognised_from_the_header_in_any_order(svc: RecapService, tmp_path: Path) -> None:
    path = write(tmp_path, "apa-saja.csv", "DPT;Nama Wilayah;KODE_WILAYAH\n;SRESEH;352701\n")
    result = load_reference_files(svc, [path])
    assert result.ok and result.files[0].kind is FileKind.WILAYAH
    bad = write(tmp_path, "salah.csv", "jenis_pemilihan,kode_dapil,nama_dapil,kecamatan\npdpr,3511,X,352701\n")
    assert only_problem(svc, bad) == (
        f"{bad}, baris 1: judul kolom (jenis_pemilihan, kode_dapil, nama_dapil, kecamatan) tidak cocok dengan "
        "templat mana pun; paling mirip templat dapil (susunan dapil): kolom kode_kecamatan tidak ada; kolom "
        "kecamatan tidak dikenal")


def test_dry_run_checks_in_sequence_and_writes_nothing(svc: RecapService) -> None:
    before = snapshot(svc)
    result = load_reference_files(svc, [template_path(k) for k in TEMPLATE_ORDER], dry_run=True)
    assert result.ok and result.dry_run, messages(result)
    assert all(f.changes for f in result.files)
    assert snapshot(svc) == before


# ----------------------------------------------------------------------------------------------- wilayah errors
WILAYAH = "kode_wilayah,nama_wilayah,dpt\n"


def test_wilayah_duplicate_code(svc: RecapService, tmp_path: Path) -> None:
    path = write(tmp_path, "w.csv", WILAYAH + "352701,SRESEH,\n352701,SRESEH LAGI,\n")
    assert only_problem(svc, path) == (
        f"{path}, baris 3, kolom A (kode_wilayah): kode 352701 ganda: sudah ada di baris 2")


def test_wilayah_desa_outside_the_kabupaten(svc: RecapService, tmp_path: Path) -> None:
    path = write(tmp_path, "w.csv", WILAYAH + "3526012001,DESA BANGKALAN,\n")
    assert only_problem(svc, path) == (
        f"{path}, baris 2, kolom A (kode_wilayah): desa/kelurahan 3526012001 berada di luar kabupaten/kota "
        "3527 SAMPANG")


def test_wilayah_tps_outside_its_desa_and_desa_without_kecamatan(svc: RecapService, tmp_path: Path) -> None:
    path = write(tmp_path, "w.csv", WILAYAH + "352701,SRESEH,\n3527012099001,TPS 001,200\n3527992001,X,\n")
    result = load_reference_files(svc, [path])
    assert messages(result) == [
        f"{path}, baris 3, kolom A (kode_wilayah): TPS 3527012099001 berada di luar desa/kelurahan yang dikenal: "
        "desa/kelurahan 3527012099 tidak ada di berkas ini maupun di basis data",
        f"{path}, baris 4, kolom A (kode_wilayah): desa/kelurahan 3527992001: kecamatan 352799 tidak dikenal "
        "(tidak ada di berkas ini maupun di basis data)",
    ]


@pytest.mark.parametrize("dpt", ["-5", "12,5", "dua ratus", "1.2"])
def test_wilayah_dpt_not_a_non_negative_integer(svc: RecapService, tmp_path: Path, dpt: str) -> None:
    path = write(tmp_path, "w.csv", WILAYAH + f'352701,SRESEH,\n3527012001,NOREH,\n3527012001001,,"{dpt}"\n')
    assert only_problem(svc, path) == (
        f"{path}, baris 4, kolom C (dpt): DPT harus bilangan bulat tidak negatif, bukan {dpt!r}")


def test_wilayah_other_row_errors(svc: RecapService, tmp_path: Path) -> None:
    path = write(tmp_path, "w.csv", WILAYAH + "35270,SRESEH,\n352701,,\n352701,SRESEH,\n3527012001,NOREH,\n"
                 "3527012001001,,\n3527012001002,,1.234\n")
    assert messages(load_reference_files(svc, [path])) == [
        f"{path}, baris 2, kolom A (kode_wilayah): panjang kode wilayah tidak sah (5 digit): '35270'; yang sah "
        "2/4/6/10/13 digit",
        f"{path}, baris 3, kolom B (nama_wilayah): nama kecamatan wajib diisi",
        f"{path}, baris 4, kolom A (kode_wilayah): kode 352701 ganda: sudah ada di baris 3",
        f"{path}, baris 6, kolom C (dpt): DPT TPS 3527012001001 wajib diisi",
    ]


def test_wilayah_derives_tps_and_dpt_and_checks_a_given_total(svc: RecapService, tmp_path: Path) -> None:
    good = write(tmp_path, "w.csv", WILAYAH + "352701,SRESEH,\n3527012001,NOREH,\n3527012001001,,200\n"
                 "3527012001002,,1.100\n")
    result = load_reference_files(svc, [good])
    assert result.ok and result.files[0].warnings[0].row == 5  # 1.100 voters in one TPS: warned, not refused
    regions = {r.code: r for r in current_reference(svc).regions}
    assert (regions["352701"].tps_count, regions["352701"].dpt) == (2, 1300)
    assert regions["3527012001001"].name == "TPS 001"
    wrong = write(tmp_path, "w2.csv", WILAYAH + "3527012001,NOREH,1000\n")
    assert only_problem(svc, wrong) == (
        f"{wrong}, baris 2, kolom C (dpt): DPT desa/kelurahan 3527012001 (1000) tidak sama dengan jumlah DPT TPS-nya "
        "(1300); kosongkan kolom ini agar dihitung dari TPS")


def test_a_file_with_one_bad_row_changes_nothing(loaded: RecapService, tmp_path: Path) -> None:
    before = snapshot(loaded)
    path = write(tmp_path, "w.csv", WILAYAH + "352701,SRESEH BARU,\n3527012001003,,210\n3527012001004,,abc\n")
    result = load_reference_files(loaded, [path])
    assert not result.ok and not result.files[0].changes
    assert snapshot(loaded) == before


# ----------------------------------------------------------------------------------------------- dapil errors
DAPIL = "jenis_pemilihan,kode_dapil,nama_dapil,kode_kecamatan\n"


@pytest.fixture
def wilayah(svc: RecapService) -> RecapService:
    assert load_reference_files(svc, [template_path(FileKind.WILAYAH)]).ok
    return svc


def test_dapil_kecamatan_in_two_dapil_of_one_ballot(wilayah: RecapService, tmp_path: Path) -> None:
    path = write(tmp_path, "d.csv", DAPIL + "pdprdk,352701,SAMPANG 1,352701\npdprdk,352701,SAMPANG 1,352702\n"
                 "pdprdk,352702,SAMPANG 2,352702\npdpr,3511,JAWA TIMUR XI,352701\npdpr,3511,JAWA TIMUR XI,352702\n")
    assert only_problem(wilayah, path) == (
        f"{path}, baris 4, kolom D (kode_kecamatan): kecamatan 352702 TORJUN sudah masuk dapil 352701 DPRD "
        "Kabupaten/Kota di baris 3; satu kecamatan hanya boleh masuk satu dapil DPRD Kabupaten/Kota")


@pytest.mark.parametrize("ballot", ["pdprdk", "pdpr", "pdprdp"])
def test_dapil_kecamatan_in_no_dapil(wilayah: RecapService, tmp_path: Path, ballot: str) -> None:
    path = write(tmp_path, "d.csv", DAPIL + f"{ballot},352701,SATU,352701\n")
    label = {"pdprdk": "DPRD Kabupaten/Kota", "pdpr": "DPR", "pdprdp": "DPRD Provinsi"}[ballot]
    assert only_problem(wilayah, path) == (
        f"{path}: kecamatan 352702 TORJUN tidak masuk dapil {label} mana pun; setiap kecamatan harus masuk tepat "
        f"satu dapil {label}")


def test_dapil_row_errors(wilayah: RecapService, tmp_path: Path) -> None:
    path = write(tmp_path, "d.csv", DAPIL + "ppwp,1,X,352701\npdpr,35-11,X,352701\npdpr,3511,JATIM XI,352799\n"
                 "pdpr,3511,JATIM XI,352601\npdpr,3511,JATIM XI,352701\npdpr,3511,LAIN,352702\n"
                 "pdpr,3511,JATIM XI,352701\n")
    assert messages(load_reference_files(wilayah, [path])) == [
        f"{path}, baris 2, kolom A (jenis_pemilihan): Presiden dan Wakil Presiden (ppwp) tidak memakai dapil; yang "
        "memakai dapil: pdpr, pdprdp, pdprdk",
        f"{path}, baris 3, kolom B (kode_dapil): kode dapil harus berupa angka (mis. 3511), bukan '35-11'",
        f"{path}, baris 4, kolom D (kode_kecamatan): kecamatan 352799 tidak dikenal; muat data wilayah dulu",
        f"{path}, baris 5, kolom D (kode_kecamatan): kecamatan 352601 berada di luar kabupaten/kota 3527 SAMPANG",
        f"{path}, baris 7, kolom C (nama_dapil): nama dapil 3511 berbeda dengan baris 6 ('JATIM XI')",
        f"{path}, baris 8, kolom D (kode_kecamatan): kecamatan 352701 sudah tercantum untuk dapil 3511 di baris 6",
    ]


def test_dki_jakarta_has_no_dprd_kabupaten_kota(db_url: str, tmp_path: Path) -> None:
    svc = RecapService.open(db_url)
    init_kabupaten(svc, "3171", "KOTA JAKARTA SELATAN")
    assert load_reference_files(svc, [write(tmp_path, "w.csv", WILAYAH + "317101,TEBET,\n")]).ok
    path = write(tmp_path, "d.csv", DAPIL + "pdprdk,317101,SATU,317101\n")
    assert only_problem(svc, path) == (
        f"{path}, baris 2, kolom A (jenis_pemilihan): Provinsi DKI Jakarta tidak memilih DPRD Kabupaten/Kota")
    assert "pdprdk" not in setup_status(svc).dapil
    svc.close()


# ----------------------------------------------------------------------------------------------- parties, DCT
@pytest.fixture
def dapil(wilayah: RecapService) -> RecapService:
    assert load_reference_files(wilayah, [template_path(FileKind.DAPIL)]).ok
    return wilayah


PARTAI_DAPIL = "jenis_pemilihan,kode_dapil,nomor_partai\n"
CALON = "jenis_pemilihan,kode_dapil,nomor_partai,nomor_urut,nama_calon,jenis_kelamin\n"


@pytest.mark.parametrize("number", ["18", "23", "25", "0"])
def test_party_number_not_on_the_ballot(dapil: RecapService, tmp_path: Path, number: str) -> None:
    path = write(tmp_path, "p.csv", PARTAI_DAPIL + f"pdpr,3511,1\npdpr,3511,{number}\n")
    expected = {
        "18": "nomor partai 18 adalah partai lokal Aceh (18–23); hanya ada di surat suara Provinsi Aceh (11)",
        "23": "nomor partai 23 adalah partai lokal Aceh (18–23); hanya ada di surat suara Provinsi Aceh (11)",
        "25": "nomor partai 25 tidak ada di surat suara: partai nasional bernomor 1–17 dan 24 (partai lokal Aceh "
              "18–23 hanya di Provinsi Aceh)",
        "0": "nomor partai harus bilangan bulat mulai 1, bukan '0'",
    }[number]
    assert only_problem(dapil, path) == f"{path}, baris 3, kolom C (nomor_partai): {expected}"


def test_aceh_parties_only_on_the_dprd_ballots_of_aceh(db_url: str, tmp_path: Path) -> None:
    svc = RecapService.open(db_url)
    init_kabupaten(svc, "1171", "KOTA BANDA ACEH")
    assert load_reference_files(svc, [write(tmp_path, "w.csv", WILAYAH + "117101,MEURAXA,\n")]).ok
    dapil_file = write(tmp_path, "d.csv", DAPIL + "pdpr,1101,ACEH I,117101\npdprdk,117101,BANDA ACEH 1,117101\n")
    assert load_reference_files(svc, [dapil_file]).ok
    ok = write(tmp_path, "p.csv", PARTAI_DAPIL + "pdprdk,117101,21\npdprdk,117101,1\n")
    assert load_reference_files(svc, [ok]).ok
    bad = write(tmp_path, "p2.csv", PARTAI_DAPIL + "pdpr,1101,21\n")
    assert only_problem(svc, bad) == (
        f"{bad}, baris 2, kolom C (nomor_partai): partai lokal Aceh (21) tidak ada di surat suara DPR; hanya DPRA "
        "dan DPRK")
    svc.close()


def test_partai_dapil_errors(dapil: RecapService, tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", PARTAI_DAPIL + "pdpr,3599,1\npdpr,3511,2\npdpr,3511,2\n")
    assert messages(load_reference_files(dapil, [path])) == [
        f"{path}, baris 2, kolom B (kode_dapil): dapil 3599 DPR belum ada; muat berkas susunan dapil dulu",
        f"{path}, baris 4, kolom C (nomor_partai): Partai 2 (Gerindra) sudah tercantum untuk dapil 3511 di baris 3",
    ]


def test_candidate_numbers_must_be_1_to_n_within_a_party(dapil: RecapService, tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", CALON + "pdpr,3511,1,1,A,L\npdpr,3511,1,2,B,P\npdpr,3511,1,4,C,L\n"
                 "pdpr,3511,2,2,D,P\n")
    assert messages(load_reference_files(dapil, [path])) == [
        f"{path}, baris 4, kolom D (nomor_urut): nomor urut calon Partai 1 (PKB) dapil 3511 DPR harus berurutan 1 "
        "sampai 3: nomor 3 tidak ada, padahal ada nomor 4",
        f"{path}, baris 5, kolom D (nomor_urut): nomor urut calon Partai 2 (Gerindra) dapil 3511 DPR harus "
        "berurutan 1 sampai 1: nomor 1 tidak ada, padahal ada nomor 2",
    ]


def test_candidate_row_errors(dapil: RecapService, tmp_path: Path) -> None:
    assert load_reference_files(dapil, [template_path(FileKind.PARTAI_DAPIL)]).ok
    path = write(tmp_path, "c.csv", CALON + "pdpr,3511,1,1,A,L\npdpr,3511,1,1,B,P\npdpr,3511,1,2,,X\n"
                 "pdpr,3511,5,1,E,L\npdprdp,3511,1,1,F,L\n")
    assert messages(load_reference_files(dapil, [path])) == [
        f"{path}, baris 3, kolom D (nomor_urut): nomor urut 1 Partai 1 (PKB) dapil 3511 ganda: sudah ada di baris 2",
        f"{path}, baris 4, kolom E (nama_calon): nama calon wajib diisi",
        f"{path}, baris 4, kolom F (jenis_kelamin): jenis kelamin harus L atau P, bukan 'X'",
        f"{path}, baris 5, kolom C (nomor_partai): Partai 5 (NasDem) tidak tercantum sebagai peserta di dapil 3511 "
        "DPR; perbaiki berkas partai peserta dapil",
        f"{path}, baris 6, kolom B (kode_dapil): dapil 3511 DPRD Provinsi belum ada; muat berkas susunan dapil dulu",
    ]


def test_dpd_paslon_and_kantor_errors(svc: RecapService, tmp_path: Path) -> None:
    dpd = write(tmp_path, "dpd.csv", "nomor_urut,nama_calon,jenis_kelamin\n1,A,L\n3,B,Perempuan\n")
    assert only_problem(svc, dpd) == (
        f"{dpd}, baris 3, kolom A (nomor_urut): nomor urut calon DPD harus berurutan 1 sampai 2: nomor 2 tidak ada, "
        "padahal ada nomor 3")
    paslon = write(tmp_path, "paslon.csv", "nomor_urut,nama_paslon,warna\n1,A – B,#12345\n")
    assert only_problem(svc, paslon) == (
        f"{paslon}, baris 2, kolom C (warna): warna harus kode heksadesimal #RRGGBB (mis. #00764A), bukan '#12345'")
    kantor = write(tmp_path, "kantor.csv", "isian,nilai\nketua,X\nbendahara,Y\nkertas,A3\nketua,Z\n"
                   "tanggal_rapat,20-02-2024\nkode_model_dprd_kabkota,DPRX\n")
    assert messages(load_reference_files(svc, [kantor])) == [
        f"{kantor}, baris 3, kolom A (isian): isian 'bendahara' tidak dikenal; yang sah: kantor, tempat, ketua, "
        "anggota, sekretaris, kertas, tanggal_rapat, toleransi_sirekap, kode_model_dprd_provinsi, "
        "kode_model_dprd_kabkota",
        f"{kantor}, baris 4, kolom B (nilai): ukuran kertas harus a4 atau f4, bukan 'A3'",
        f"{kantor}, baris 5, kolom A (isian): ketua sudah diisi di baris 2",
        f"{kantor}, baris 6, kolom B (nilai): tanggal rapat harus TTTT-BB-HH (mis. 2024-02-20), bukan '20-02-2024'",
        f"{kantor}, baris 7, kolom B (nilai): kode_model_dprd_kabkota harus salah satu dari DPRD-PROV, "
        "DPRD-KAB/KOTA, DPRA, DPRK, DPRP, DPRPB, DPRPS, DPRPT, DPRPP, DPRPBD, bukan 'DPRX'",
    ]


def test_unreadable_files(svc: RecapService, tmp_path: Path) -> None:
    empty = write(tmp_path, "kosong.csv", "")
    assert only_problem(svc, empty) == f"{empty}: berkas kosong: tidak ada judul kolom maupun data"
    header_only = write(tmp_path, "judul.csv", WILAYAH)
    assert only_problem(svc, header_only) == f"{header_only}: tidak ada baris data (hanya judul kolom)"
    commas = write(tmp_path, "koma.csv", WILAYAH + "3527012001,NOREH, SRESEH,250\n")
    assert only_problem(svc, commas) == (
        f"{commas}, baris 2: 4 isian, padahal hanya ada 3 kolom (ada koma di dalam nama? beri tanda kutip, atau "
        "pakai XLSX)")
    doc = write(tmp_path, "wilayah.doc", "x")
    assert only_problem(svc, doc).startswith(f"{doc}: jenis berkas tidak dikenal (.doc)")
    gone = tmp_path / "tidak-ada.csv"
    assert only_problem(svc, gone) == f"{gone}: berkas atau folder tidak ditemukan"


def test_a_database_without_init_is_told_to_run_init(db_url: str) -> None:
    svc = RecapService.open(db_url)
    path = template_path(FileKind.WILAYAH)
    assert only_problem(svc, path) == (
        f"{path}: basis data belum disiapkan untuk kabupaten/kota mana pun; jalankan dulu 'rekap-desktop init "
        "--db … --kabupaten KODE'")
    svc.close()


# ----------------------------------------------------------------------------------------------- Sirekap lists
def test_sirekap_name_lists(svc: RecapService, tmp_path: Path) -> None:
    shared = Path(__file__).resolve().parents[2] / "resources" / "demo" / "wilayah" / "pemilu" / "ppwp"
    result = load_reference_files(svc, [shared / "35" / "3527" / "352701.json", shared / "35.json",
                                        shared / "35" / "3527.json"])
    assert result.ok, messages(result)
    assert [f.contents for f in result.files] == [{"kabupaten/kota": 1}, {"kecamatan": 14}, {"desa/kelurahan": 12}]
    assert "37 entri di luar kabupaten/kota 3527 dilewati" in str(result.files[0].warnings[0])
    partai = write(tmp_path, "partai.json", json.dumps({"100001": {
        "id_partai": 100001, "id_pilihan": 1, "is_aceh": False, "nama": "PKB", "nama_lengkap": "Partai Kebangkitan "
        "Bangsa", "nomor_urut": 1, "warna": "#00764A"}, "100018": {"id_partai": 100018, "id_pilihan": 18,
        "is_aceh": True, "nama": "PNA", "nomor_urut": 18, "warna": "#000000"}}))
    ppwp = write(tmp_path, "ppwp.json", json.dumps({"100025": {"nama": "A – B", "nomor_urut": 1, "warna": "#8CB9BD"},
                                                    "100026": {"nama": "C – D", "nomor_urut": 2}}))
    (tmp_path / "caleg" / "dpd").mkdir(parents=True)
    dpd = write(tmp_path / "caleg" / "dpd", "35.json", json.dumps({
        "695851": {"nomor_urut": 1, "nama": "X", "jenis_kelamin": "L", "tempat_tinggal": "SAMPANG"},
        "695852": {"nomor_urut": 2, "nama": "Y", "jenis_kelamin": "P", "tempat_tinggal": "SAMPANG"}}))
    result = load_reference_files(svc, [partai, ppwp, dpd])
    assert result.ok, messages(result)
    ref = current_reference(svc)
    assert [(p.number, p.sirekap_id) for p in ref.paslon] == [(1, "100025"), (2, "100026")]
    assert [c.candidate.sirekap_id for c in ref.candidates] == ["695851", "695852"]
    other = write(tmp_path, "352601.json", json.dumps([{"nama": "X", "id": 1, "kode": "3526012001", "tingkat": 4}]))
    assert only_problem(svc, other) == (
        f"{other}: daftar wilayah 352601 berada di luar kabupaten/kota 3527 SAMPANG; tidak dimuat")
    tps = SIREKAP_SAMPLE / "pemilu" / "hhcw" / "ppwp" / "35" / "3527" / "352701" / "3527012001" / "3527012001001.json"
    if tps.exists():
        assert "impor dengan 'rekap-desktop import-sirekap'" in only_problem(svc, tps)


def test_sources_are_read_from_folders_and_zip(tmp_path: Path) -> None:
    import shutil
    import zipfile

    folder = tmp_path / "berkas"
    shutil.copytree(template_path(FileKind.WILAYAH).parent, folder)
    archive = tmp_path / "semua.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in sorted(folder.glob("*.csv")):
            z.write(p, p.name)
    for source in (folder, archive):
        outcome = read_reference_sources([source])
        assert not outcome.failed
        kinds = [s.kind for s in outcome.sources]
        assert kinds == sorted(kinds, key=lambda k: k.step) and set(kinds) == set(TEMPLATE_ORDER)


def _applied(svc: RecapService) -> list[dict[str, object]]:
    return [e["payload"] for e in reversed(svc.audit_events(100))
            if e["action"] == "reference.apply" and "file" in e["payload"]]


def test_the_audit_records_the_name_chosen_and_the_sha256_never_a_temporary_folder(
    db_url: str, tmp_path: Path
) -> None:
    """A file given records its name; one in a folder its path inside the folder; one in a zip the zip's name and
    the member. The folder the files were in (the demo's is a temporary one) is not the file's identity: the
    SHA-256 is."""
    import hashlib
    import shutil
    import zipfile

    temporary = tmp_path / "rekap-referensi-x1y2z3"
    temporary.mkdir()
    wilayah = shutil.copy(template_path(FileKind.WILAYAH), temporary / "wilayah.csv")
    partai = shutil.copy(template_path(FileKind.PARTAI), temporary / "partai.csv")
    folder = tmp_path / "tmpabc123"
    (folder / "dapil").mkdir(parents=True)
    dapil = shutil.copy(template_path(FileKind.DAPIL), folder / "dapil" / "dapil.csv")
    archive = temporary / "peserta.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(template_path(FileKind.PARTAI_DAPIL), "isi/partai_dapil.csv")
    svc = RecapService.open(db_url, actor="uji")
    init_kabupaten(svc, "3527")
    assert load_reference_files(svc, [wilayah, partai]).ok
    assert load_reference_files(svc, [folder]).ok
    assert load_reference_files(svc, [archive]).ok
    applied = _applied(svc)
    svc.close()
    expected = [("wilayah.csv", wilayah), ("partai.csv", partai), ("dapil/dapil.csv", dapil),
                ("peserta.zip!isi/partai_dapil.csv", template_path(FileKind.PARTAI_DAPIL))]
    assert [(p["file"], p["sha256"]) for p in applied] == [
        (name, hashlib.sha256(Path(path).read_bytes()).hexdigest()) for name, path in expected]
    assert str(applied[0]["note"]).endswith(": wilayah.csv")
    assert not [p for p in applied if str(tmp_path) in json.dumps(p) or "tmp" in json.dumps(p)]


def test_the_demo_reference_records_file_names_not_its_temporary_folder(tmp_path: Path) -> None:
    from rekap_desktop.demo import build_reference, layout_tps, load_reference, sampang_spec

    spec = sampang_spec()
    service = RecapService.open(tmp_path / "demo.sqlite")
    load_reference(service, spec, build_reference(spec, layout_tps(spec)), tmp_path / "rekap-referensi-tmp")
    applied = _applied(service)
    service.close()
    assert applied and all("/" not in str(p["file"]) and "tmp" not in json.dumps(p) for p in applied)


# ----------------------------------------------------------------------------------------------- after figures
def test_changes_refused_when_figures_depend_on_them(loaded: RecapService, tmp_path: Path) -> None:
    svc = loaded
    svc.set_entry("pdprdk:352701", "IV.1.1", "352701", 17)
    svc.set_entry("ppwp", "IV.1", "352702", 5)
    svc.set_entry("pdpd", "IV.2", "352702", 4)
    before = snapshot(svc)
    moved = write(tmp_path, "d.csv", DAPIL + "pdprdk,352702,SAMPANG 2,352701\npdprdk,352702,SAMPANG 2,352702\n")
    assert only_problem(svc, moved) == (
        f"{moved}: dapil SAMPANG 1 (352701) DPRD Kabupaten/Kota tidak dapat dihapus: sudah ada 1 angka/keberatan "
        "untuk dapil ini")
    swapped = write(tmp_path, "d2.csv", DAPIL + "pdprdk,352701,SAMPANG 1,352702\npdprdk,352702,SAMPANG 2,352701\n")
    assert only_problem(svc, swapped) == (
        f"{swapped}: kecamatan 352701 SRESEH tidak dapat dikeluarkan dari dapil SAMPANG 1 (352701) DPRD "
        "Kabupaten/Kota: sudah ada 1 angka kecamatan itu")
    renumbered = write(tmp_path, "c.csv", CALON + "pdprdk,352701,1,1,NUR CONTOH,P\npdprdk,352701,1,2,BARU,L\n")
    assert only_problem(svc, renumbered) == (
        f"{renumbered}: nomor urut calon Partai 1 (PKB) di dapil SAMPANG 1 (352701) DPRD Kabupaten/Kota tidak dapat "
        "diubah: sudah ada 1 angka partai itu (mengganti nama calon tetap boleh)")
    party_gone = write(tmp_path, "p.csv", PARTAI_DAPIL + "pdprdk,352701,2\n")
    assert only_problem(svc, party_gone) == (
        f"{party_gone}: Partai 1 (PKB) tidak dapat dihapus dari dapil SAMPANG 1 (352701) DPRD Kabupaten/Kota: sudah "
        "ada 1 angka partai itu")
    dpd = write(tmp_path, "dpd.csv", "nomor_urut,nama_calon,jenis_kelamin\n1,A,L\n")
    assert "nomor urut calon DPD tidak dapat diubah: sudah ada 1 angka" in only_problem(svc, dpd)
    paslon = write(tmp_path, "paslon.csv", "nomor_urut,nama_paslon\n1,A – B\n2,C – D\n")
    assert "nomor paslon tidak dapat diubah: sudah ada 1 angka" in only_problem(svc, paslon)
    assert snapshot(svc) == before
    # what no figure depends on is allowed, and audited
    allowed = [
        write(tmp_path, "w.csv", WILAYAH + "352701,SRESEH (DIGANTI),\n3527012001003,,199\n3527022007001,,300\n"),
        write(tmp_path, "c2.csv", CALON + "pdprdk,352701,1,1,NUR CONTOH DIGANTI,P\n"),
        write(tmp_path, "d3.csv", DAPIL + "pdprdk,352701,SAMPANG SATU,352701\npdprdk,352702,SAMPANG 2,352702\n"),
    ]
    result = load_reference_files(svc, allowed)
    assert result.ok, messages(result)
    contest = svc.contest("pdprdk:352701")
    assert contest.kecamatan_name("352701") == "SRESEH (DIGANTI)" and contest.dapil is not None
    assert contest.dapil.name == "SAMPANG SATU" and contest.parties[0].candidates[0].name == "NUR CONTOH DIGANTI"
    events = [e for e in svc.audit_events(50) if e["action"] == "reference.apply"][:3]
    assert [e["payload"]["file"] for e in events] == [allowed[1].name, allowed[2].name, allowed[0].name]
    assert events[-1]["payload"]["changes"] == {"wilayah baru": 1, "wilayah diubah": 5}
    assert svc.verify_audit().ok
    # once a kecamatan of the contest is ditetapkan, renaming its candidates would change who is elected on
    # documents already signed: refused (review finding)
    svc.set_status("pdprdk:352701", "352701", KecamatanStatus.DITETAPKAN)
    renamed = write(tmp_path, "c3.csv", CALON + "pdprdk,352701,1,1,NAMA LAIN,P\n")
    assert "nama calon Partai 1 (PKB) dapil 352701 DPRD Kabupaten/Kota tidak dapat diubah: 1 kecamatan kontes itu " \
        "sudah ditetapkan" in only_problem(svc, renamed)
    assert svc.contest("pdprdk:352701").parties[0].candidates[0].name == "NUR CONTOH DIGANTI"


# ----------------------------------------------------------------------------------------------- init, status
def test_init_refuses_a_database_of_another_kabupaten(svc: RecapService) -> None:
    assert not init_kabupaten(svc, "3527", "Sampang").created
    with pytest.raises(SetupError, match=r"sudah disiapkan untuk kabupaten/kota 3527 SAMPANG; tidak dapat dipakai "
                       r"untuk 3528 PAMEKASAN"):
        init_kabupaten(svc, "3528")
    assert svc.settings()["kabupaten_kode"] == "3527"
    for code, why in (("352", "harus 4 digit"), ("9901", "kode provinsi 99"), ("3599", "isi --nama"),
                      ("1101", "daftar provinsi ini tidak dibawa aplikasi")):
        with pytest.raises(SetupError, match=why):
            init_kabupaten(svc, code)


def test_status_lists_what_is_missing(svc: RecapService, tmp_path: Path) -> None:
    status = setup_status(svc)
    assert status.kabupaten_nama == "SAMPANG" and status.provinsi_nama == "JAWA TIMUR"
    assert status.office == {"kantor": "KOMISI PEMILIHAN UMUM KABUPATEN SAMPANG"}
    assert status.missing[0] == "belum ada kecamatan (berkas wilayah)"
    assert "belum ada dapil DPRD Kabupaten/Kota (berkas susunan dapil)" in status.missing
    assert "belum ada ketua KPU Kabupaten/Kota (berkas kantor)" in status.missing
    load_reference_files(svc, [write(tmp_path, "w.csv", WILAYAH + "352701,SRESEH,\n352702,TORJUN,\n"
                                     "3527012001,NOREH,\n3527012001001,,250\n")])
    missing = setup_status(svc).missing
    assert "belum ada desa/kelurahan di kecamatan 352702 TORJUN" in missing
    assert not any("TPS di" in m for m in missing)


def test_demo_reference_through_the_files_equals_the_direct_store(tmp_path: Path) -> None:
    from rekap_desktop.demo import build_reference, layout_tps, load_reference, sampang_spec

    spec = sampang_spec()
    reference = build_reference(spec, layout_tps(spec))
    direct = RecapService.open(tmp_path / "direct.sqlite")
    with direct.transaction() as conn:
        store_reference(conn, reference)
    via_files = RecapService.open(tmp_path / "files.sqlite")
    load_reference(via_files, spec, reference, tmp_path / "ref")
    assert via_files.contests() == direct.contests()
    assert via_files.settings() == direct.settings()
    a, b = current_reference(direct), current_reference(via_files)
    assert [(r.code, r.name, r.tps_count, r.dpt) for r in a.regions] == [
        (r.code, r.name, r.tps_count, r.dpt) for r in b.regions]
    assert (a.parties, a.paslon, a.dapils, a.candidates) == (b.parties, b.paslon, b.dapils, b.candidates)
    direct.close()
    via_files.close()


def test_removing_a_dapil_without_figures_is_allowed(loaded: RecapService, tmp_path: Path) -> None:
    one = write(tmp_path, "d.csv", "jenis_pemilihan,kode_dapil,nama_dapil,kode_kecamatan,kursi\n"
                "pdprdk,352701,SAMPANG,352701,12\npdprdk,352701,SAMPANG,352702,\n")
    result = load_reference_files(loaded, [one])
    assert result.ok and result.files[0].changes == {"dapil dihapus": 1, "dapil diubah": 1, "daftar calon": 1}
    keys = [c.key for c in loaded.contests()]
    assert "pdprdk:352702" not in keys and loaded.contest("pdprdk:352701").kecamatan_codes == ("352701", "352702")
    status = setup_status(loaded)
    assert status.dapil["pdprdk"] == 1 and status.complete, status.missing


def test_xlsx_with_numbers_typed_as_numbers(svc: RecapService, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["kode_wilayah", "nama_wilayah", "dpt"])
    sheet.append([352701, "SRESEH", None])
    sheet.append([3527012001, "NOREH", None])
    sheet.append([3527012001001, "TPS 001", 256.0])
    path = tmp_path / "wilayah.xlsx"
    book.save(path)
    result = load_reference_files(svc, [path])
    assert result.ok, messages(result)
    assert {r.code: r.dpt for r in current_reference(svc).regions}["3527012001001"] == 256


def test_sirekap_candidate_list_without_ballot_in_its_path(loaded: RecapService, tmp_path: Path) -> None:
    folder = tmp_path / "pemilu" / "caleg" / "partai"
    folder.mkdir(parents=True)
    path = write(folder, "3511.json", json.dumps({
        "1": {"1001": {"nomor_urut": 1, "nama": "SATU", "jenis_kelamin": "L", "tempat_tinggal": "X"},
              "1002": {"nomor_urut": 2, "nama": "DUA", "jenis_kelamin": "P", "tempat_tinggal": "X"}},
        "2": {"2001": {"nomor_urut": 2, "nama": "TIGA", "jenis_kelamin": "P", "tempat_tinggal": "X"}}}))
    assert only_problem(loaded, path) == (
        f"{path}: nomor urut calon Partai 2 (Gerindra) dapil 3511 DPR harus berurutan 1 sampai 1: nomor 1 tidak ada, "
        "padahal ada nomor 2")
    path.write_text(json.dumps({"1": {"1001": {"nomor_urut": 1, "nama": "SATU", "jenis_kelamin": "L",
                                               "tempat_tinggal": "X"}}}), encoding="utf-8")
    assert load_reference_files(loaded, [path]).ok
    block = loaded.contest("pdpr:3511").parties[0]
    assert [(c.number, c.name, c.sirekap_id) for c in block.candidates] == [(1, "SATU", "1001")]
