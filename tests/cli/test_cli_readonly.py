"""Read-only evidence (issue 15.4): every read-only command works on a database file as it is — an evidence copy
in a read-only folder, or through a read-only SQLite URI — creating, upgrading and writing nothing; an old schema is
named (exit 3), never upgraded. Export writes atomically: no half file and no `.tmp` left on a full disk."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command

from rekap_desktop.db import alembic_config, readonly_target, write_transaction
from rekap_desktop.services import RecapService, StorageError
from rekap_desktop.sirekap.importer import import_paths
from ui.cli import EXIT_INPUT, EXIT_OK, EXIT_STORAGE, main

from ..conftest import SIREKAP_SAMPLE
from ..core.refdata import small_reference

READ_ONLY_COMMANDS = [
    ["check", "--ballot", "ppwp", "--format", "json"],
    ["sirekap-summary", "--ballot", "ppwp", "--level", "kecamatan"],
    ["verify-audit"],
    ["anchor"],
    ["audit-log", "--format", "csv"],
]


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def evidence(tmp_path: Path) -> Iterator[Path]:
    """A closed database with figures and Sirekap data, copied into a folder then made read-only."""
    work = tmp_path / "kerja.sqlite"
    svc = RecapService.open(work, actor="uji")
    svc.store_reference(small_reference())
    svc.set_entries("ppwp", [("IV.1", "352701", 700), ("IV.2", "352701", 2200)])
    import_paths(svc, [SIREKAP_SAMPLE / "pemilu"])
    svc.close()
    folder = tmp_path / "bukti"
    folder.mkdir()
    shutil.copy(work, folder / "rekap.sqlite")
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    yield folder / "rekap.sqlite"
    folder.chmod(stat.S_IRWXU)


@pytest.mark.parametrize("form", ["path", "uri"])
def test_read_only_commands_write_nothing(evidence: Path, form: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a URI once made a folder "file:" in the working directory
    before = digest(evidence.parent)
    db = str(evidence) if form == "path" else f"sqlite:///file:{evidence.as_posix()}?mode=ro&uri=true"
    for args in READ_ONLY_COMMANDS:
        code = main([args[0], "--db", db, *args[1:]])
        captured = capsys.readouterr()
        assert code == EXIT_OK or (args[0] == "check" and code == 1), (args, captured.err)
        assert "Traceback" not in captured.err
    out = tmp_path / "ekspor.csv"
    assert main(["export", "--db", db, "--format", "csv", "--out", str(out)]) == EXIT_OK
    assert out.read_text(encoding="utf-8").splitlines()[1:] == ["ppwp,,352701,IV.1,700", "ppwp,,352701,IV.2,2200"]
    assert digest(evidence.parent) == before  # no -wal, no -shm, not a byte changed
    assert not (tmp_path / "file:").exists()


def test_an_old_schema_is_named_not_upgraded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "lama.sqlite"
    svc = RecapService.open(db)
    svc.store_reference(small_reference())
    with write_transaction(svc.engine) as conn:
        command.downgrade(alembic_config(conn), "0004")
    svc.close()
    before = digest(tmp_path)
    assert main(["check", "--db", str(db), "--ballot", "ppwp"]) == EXIT_STORAGE
    err = capsys.readouterr().err
    assert "memakai skema revisi 0004" in err and "perlu diperbarui" in err and "Traceback" not in err
    assert digest(tmp_path) == before
    with pytest.raises(StorageError, match="tidak ditemukan"):
        RecapService.open(tmp_path / "tidak-ada.sqlite", read_only=True)
    assert not (tmp_path / "tidak-ada.sqlite").exists()


def test_a_live_database_is_read_with_its_wal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "hidup.sqlite"
    writer = RecapService.open(db, actor="uji")
    writer.store_reference(small_reference())
    writer.set_entry("ppwp", "IV.1", "352701", 321)  # committed; the writer's connection keeps the WAL open
    with writer.engine.connect():
        assert Path(f"{db}-wal").exists()
        url, folder = readonly_target(db)
        assert "mode=ro" in url and folder is None
        assert main(["export", "--db", str(db), "--format", "csv", "--out", str(tmp_path / "x.csv")]) == EXIT_OK
        assert "ppwp,,352701,IV.1,321" in (tmp_path / "x.csv").read_text(encoding="utf-8")
    writer.close()


def test_an_evidence_copy_taken_mid_session_is_read_from_a_private_copy(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "sesi.sqlite"
    writer = RecapService.open(db, actor="uji")
    writer.store_reference(small_reference())
    writer.set_entry("ppwp", "IV.1", "352701", 99)
    with writer.engine.connect():
        folder = tmp_path / "salinan"
        folder.mkdir()
        shutil.copy(db, folder / "sesi.sqlite")
        shutil.copy(f"{db}-wal", folder / "sesi.sqlite-wal")  # the WAL, without its -shm
    writer.close()
    before = digest(folder)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == folder else real_access(path, mode))
    reader = RecapService.open(folder / "sesi.sqlite", read_only=True)
    try:
        assert reader.entries("ppwp") == [("ppwp", "IV.1", "352701", 99)]  # the figure is only in the WAL
    finally:
        reader.close()
    assert digest(folder) == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_on_a_full_disk_leaves_nothing(fmt: str, evidence: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / f"ekspor.{fmt}"
    target.write_bytes(b"berkas lama")
    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    assert main(["export", "--db", str(evidence), "--format", fmt, "--out", str(target)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert f"Berkas {target} tidak dapat ditulis: disk penuh" in err and "Traceback" not in err
    assert target.read_bytes() == b"berkas lama"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert main(["export", "--db", str(evidence), "--format", fmt, "--out", str(target)]) == EXIT_OK
    assert target.read_bytes() != b"berkas lama"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_export_gets_the_mode_of_a_new_file(fmt: str, umask: int, evidence: Path, tmp_path: Path) -> None:
    """Not mkstemp's owner-only 0600: 0666 minus the umask, as any file the operator saves (and as the PDFs)."""
    target = tmp_path / f"ekspor.{fmt}"
    previous = os.umask(umask)
    try:
        assert main(["export", "--db", str(evidence), "--format", fmt, "--out", str(target)]) == EXIT_OK
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_reports_and_export_share_the_default_mode(tmp_path: Path) -> None:
    from reports.atomic_file import write_atomically

    previous = os.umask(0o022)
    try:
        write_atomically(tmp_path / "a.pdf", b"%PDF-")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "a.pdf").stat().st_mode) == 0o644


def test_export_into_a_missing_folder(evidence: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "tidak-ada" / "ekspor.csv"
    assert main(["export", "--db", str(evidence), "--format", "csv", "--out", str(target)]) == EXIT_INPUT
    assert "folder tujuan tidak ada" in capsys.readouterr().err


def test_read_only_on_either_database_refuses_every_write(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    svc = RecapService.open(db_url, actor="uji")
    svc.store_reference(small_reference())
    svc.set_entry("ppwp", "IV.1", "352701", 5)
    svc.close()
    reader = RecapService.open(db_url, read_only=True)
    try:
        assert reader.entries("ppwp") == [("ppwp", "IV.1", "352701", 5)] and reader.verify_audit().ok
        with pytest.raises(StorageError, match="TIDAK tersimpan"):
            reader.set_entry("ppwp", "IV.1", "352701", 6)
    finally:
        reader.close()
    assert main(["verify-audit", "--db", db_url]) == EXIT_OK


def _read_only_db(evidence: Path, form: str) -> str:
    """The evidence file through a read-only SQLite URI ("uri"), or as a path (with --salinan)."""
    return f"sqlite:///file:{evidence.as_posix()}?mode=ro&uri=true" if form == "uri" else str(evidence)


def _assert_every_page_marked(files: list[Path]) -> None:
    from pypdf import PdfReader

    pages = [page.extract_text() or "" for f in files for page in PdfReader(f).pages]
    assert pages and all("SALINAN TIDAK TERDAFTAR" in page for page in pages)


@pytest.mark.parametrize("form", ["uri", "salinan"])
def test_berita_acara_from_evidence_is_an_unregistered_copy(evidence: Path, form: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A read-only database (or --salinan) still prints the berita acara, as a copy marked on every page, without
    writing a byte; verify-pdf never takes it for an issued document."""

    before = digest(evidence.parent)
    db = _read_only_db(evidence, form)
    out = tmp_path / "salinan.pdf"
    extra = ["--salinan"] if form == "salinan" else []
    code = main(["berita-acara", "--db", db, "--operator", "SAKSI UJI", "--ballot", "ppwp", "--out", str(out), *extra])
    captured = capsys.readouterr()
    assert code == EXIT_OK, captured.err
    assert "SALINAN TIDAK TERDAFTAR" in captured.out and "tidak ada di register dokumen" in captured.out
    assert ("URI baca-saja" in captured.err) == (form == "uri")
    _assert_every_page_marked([out])
    assert digest(evidence.parent) == before
    code = main(["verify-pdf", str(out), "--db", db])
    err = capsys.readouterr().err
    assert code == 1 and "BERKAS TIDAK TERDAFTAR" in err and "Berkas bertanda SALINAN TIDAK TERDAFTAR" in err
    assert main(["berita-acara", "--db", db, "--operator", "SAKSI UJI", "--all", "--out-dir", str(tmp_path),
                 "--salinan", "--sign", str(out)]) == EXIT_INPUT
    assert "Salinan tidak terdaftar tidak ditandatangani" in capsys.readouterr().err
    assert digest(evidence.parent) == before


@pytest.fixture(scope="module")
def demo_evidence(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo database (seats set for every DPRD Kab/Kota dapil) in a read-only folder."""
    from rekap_desktop.demo import create_demo

    folder = tmp_path_factory.mktemp("bukti-demo")
    create_demo(folder / "demo.sqlite")
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    yield folder / "demo.sqlite"
    folder.chmod(stat.S_IRWXU)


@pytest.mark.parametrize("form", ["uri", "salinan"])
def test_kursi_worksheet_from_evidence_is_an_unregistered_copy(demo_evidence: Path, form: str, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """As the berita acara: `kursi --out-dir` on a database that can only be read (or with --salinan) prints the
    seat worksheets as marked copies, writing nothing (it used to stop with exit 3: 'cannot be written')."""

    evidence = demo_evidence
    before = digest(evidence.parent)
    db = _read_only_db(evidence, form)
    out = tmp_path / "kursi"
    extra = ["--salinan"] if form == "salinan" else []
    code = main(["kursi", "--db", db, "--operator", "SAKSI UJI", "--ballot", "pdprdk", "--out-dir", str(out), *extra])
    captured = capsys.readouterr()
    assert code == EXIT_OK, captured.err
    files = sorted(out.glob("kursi-*.pdf"))
    assert files and captured.out.count("SALINAN TIDAK TERDAFTAR") == len(files)
    assert captured.out.count("tidak ada di register dokumen") == len(files)
    assert ("URI baca-saja" in captured.err) == (form == "uri")
    _assert_every_page_marked(files)
    assert digest(evidence.parent) == before
