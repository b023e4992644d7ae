"""The command line of the setup, in-process: init, import-reference (good, bad, refused), exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from rekap_desktop.reference_files.formats import FORMATS, FileKind, template_path
from rekap_desktop.services import RecapService
from ui.cli import EXIT_INPUT, EXIT_OK, EXIT_STORAGE, main

WILAYAH = FileKind.WILAYAH


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_init_then_every_template_gives_a_complete_reference(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "init", "--db", db_url, "--kabupaten", "3527")
    assert code == EXIT_OK
    assert "disiapkan untuk KABUPATEN SAMPANG (3527), PROVINSI JAWA TIMUR (35)" in out
    assert "  - belum ada kecamatan (berkas wilayah)" in out
    paths = [str(template_path(k)) for k in reversed(FORMATS)]
    code, out, err = run(capsys, "import-reference", "--db", db_url, *paths)
    assert code == EXIT_OK and err == ""
    lines = out.splitlines()
    assert lines[0].startswith(f"DIMUAT  {template_path(WILAYAH)} (wilayah")
    assert "2 kecamatan, 2 desa/kelurahan, 3 TPS" in lines[0]
    assert "Wilayah: 2 kecamatan, 2 desa/kelurahan, 3 TPS, DPT 776" in out
    assert lines[-1] == "Data referensi lengkap."
    code, out, _ = run(capsys, "import-reference", "--db", db_url, str(template_path(WILAYAH, ".xlsx")))
    assert code == EXIT_OK and out.startswith("SAMA    ")
    svc = RecapService.open(db_url)
    assert [c.key for c in svc.contests()] == ["ppwp", "pdpr:3511", "pdpd", "pdprdp:3514", "pdprdk:352701",
                                               "pdprdk:352702"]
    svc.close()


def test_init_refuses_another_kabupaten(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init", "--db", db_url, "--kabupaten", "3527")[0] == EXIT_OK
    code, out, err = run(capsys, "init", "--db", db_url, "--kabupaten", "3578")
    assert code == EXIT_INPUT and out == ""
    assert err.strip() == ("Tidak disiapkan: basis data ini sudah disiapkan untuk kabupaten/kota 3527 SAMPANG; tidak "
                           "dapat dipakai untuk 3578 KOTA SURABAYA. Gunakan basis data lain.")
    code, out, _ = run(capsys, "init", "--db", db_url, "--kabupaten", "3527", "--nama", "Sampang")
    assert code == EXIT_OK and "sudah disiapkan" in out


def test_init_bad_code_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "baru.sqlite"
    code, _, err = run(capsys, "init", "--db", str(db), "--kabupaten", "35x7")
    assert code == EXIT_INPUT and "harus 4 digit angka" in err and not db.exists()
    code, _, err = run(capsys, "init", "--db", str(db), "--kabupaten", "3201")
    assert code == EXIT_INPUT and "isi --nama" in err and not db.exists()
    assert run(capsys, "init", "--db", str(db), "--kabupaten", "3201", "--nama", "bogor")[0] == EXIT_OK


def test_import_reference_reports_file_row_and_column(db_url: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init", "--db", db_url, "--kabupaten", "3527")[0] == EXIT_OK
    bad = tmp_path / "wilayah.csv"
    bad.write_text("kode_wilayah,nama_wilayah,dpt\n352701,SRESEH,\n3527012001,NOREH,\n3527012001001,,-3\n",
                   encoding="utf-8")
    good = template_path(FileKind.KANTOR)
    code, out, err = run(capsys, "import-reference", "--db", db_url, str(bad), str(good))
    assert code == EXIT_INPUT
    assert err.splitlines() == [
        f"DITOLAK {bad} (wilayah (kecamatan, desa/kelurahan, TPS dan DPT)): 1 masalah; tidak ada yang diubah dari "
        "berkas ini",
        f"  {bad}, baris 4, kolom C (dpt): DPT harus bilangan bulat tidak negatif, bukan '-3'",
        "1 dari 2 berkas DITOLAK; berkas lain dimuat.",
    ]
    assert out.startswith(f"DIMUAT  {good} (data kantor KPU)")
    assert "belum ada kecamatan (berkas wilayah)" in out


def test_import_reference_needs_init_and_an_existing_database(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "tidak-ada.sqlite"
    code, _, err = run(capsys, "import-reference", "--db", str(missing), str(template_path(WILAYAH)))
    assert code == EXIT_STORAGE and "tidak ditemukan" in err and not missing.exists()
    bare = tmp_path / "kosong.sqlite"
    RecapService.open(bare).close()
    code, _, err = run(capsys, "import-reference", "--db", str(bare), str(template_path(WILAYAH)))
    assert code == EXIT_INPUT and "jalankan dulu 'rekap-desktop init" in err
