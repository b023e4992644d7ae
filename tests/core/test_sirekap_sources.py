"""iter_sources: files, folders, zip archives (also nested), bad archives and unreadable files."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest

from rekap_desktop.sirekap.json import parse_document
from rekap_desktop.sirekap.sources import SourceError, SourceItem, SourceStats, iter_sources

from ..conftest import SIREKAP_SAMPLE

SAMPLE = SIREKAP_SAMPLE
DESA = SAMPLE / "pemilu" / "hhcw" / "ppwp" / "35" / "3527" / "352701" / "3527012001"


def _zip_folder(folder: Path, archive: Path, prefix: str = "") -> None:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*"), reverse=True):  # deliberately unsorted in the archive
            if path.is_file():
                zf.write(path, prefix + path.relative_to(folder).as_posix())


def _relative(display_path: str, root: str) -> str:
    if "!" in display_path:
        return display_path.split("!", 1)[1]
    return Path(display_path).relative_to(root).as_posix()


def test_folder_yields_every_data_file_sorted_with_hash_and_skips_the_rest() -> None:
    stats = SourceStats()
    results = list(iter_sources([SAMPLE], stats))
    assert all(isinstance(r, SourceItem) for r in results)
    items = [r for r in results if isinstance(r, SourceItem)]
    assert len(items) == 20 + 17  # 20 TPS records, 17 wilayah lists
    relative = [_relative(i.display_path, str(SAMPLE)) for i in items]
    assert relative[0] == "pemilu/hhcw/ppwp/35/3527/352701/3527012001/3527012001001.json"
    assert relative[19] == "pemilu/hhcw/ppwp/35/3527/352701/3527012001/3527012001020.json"
    assert relative[-1] == "wilayah/pemilu/ppwp/35.json"
    assert relative == sorted(relative, key=lambda r: tuple(r.split("/")))
    first = items[0]
    assert first.data == (DESA / "3527012001001.json").read_bytes()
    assert first.sha256 == hashlib.sha256(first.data).hexdigest()
    assert first.sha256.startswith("62637a20185a49c4")  # SOURCES.md
    assert first.suffix == ".json"
    assert stats.items == 37 and stats.errors == 0
    assert stats.skipped == 1 and stats.skipped_examples[0].endswith("SOURCES.md")


def test_zip_of_the_folder_gives_identical_results(tmp_path: Path) -> None:
    archive = tmp_path / "sirekap.zip"
    _zip_folder(SAMPLE, archive)
    from_folder = list(iter_sources([SAMPLE]))
    from_zip = list(iter_sources([archive]))
    assert all(isinstance(r, SourceItem) for r in from_zip)
    assert len(from_zip) == len(from_folder) == 37
    for a, b in zip(from_folder, from_zip, strict=True):
        assert isinstance(a, SourceItem) and isinstance(b, SourceItem)
        assert b.display_path == f"{archive}!{_relative(a.display_path, str(SAMPLE))}"
        assert (a.data, a.sha256) == (b.data, b.sha256)
        doc_a, doc_b = parse_document(a), parse_document(b)
        assert dataclasses.replace(doc_a, source="") == dataclasses.replace(doc_b, source="")


def test_folder_and_zip_sort_the_same_way_segment_by_segment(tmp_path: Path) -> None:
    root = tmp_path / "root"
    for rel in ("a-b.json", "a/b.json", "a/a.csv", "a.json", "B.xlsx", "z/y/x.json"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(rel.encode())
    archive = tmp_path / "root.zip"
    _zip_folder(root, archive)
    from_folder = [_relative(r.display_path, str(root)) for r in iter_sources([root])]
    from_zip = [_relative(r.display_path, str(root)) for r in iter_sources([archive])]
    assert from_folder == from_zip == ["B.xlsx", "a/a.csv", "a/b.json", "a-b.json", "a.json", "z/y/x.json"]


def test_nested_folders_and_nested_zip_inside_a_zip(tmp_path: Path) -> None:
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep/x.json", b"{}")
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.writestr("a/b/c/3527012001001.json", b'{"chart": null}')
        zf.writestr("a/", b"")  # a directory entry
        zf.writestr("a/readme.txt", b"not data")
        zf.write(inner, "a/inner.zip")
    stats = SourceStats()
    shown = [(r.display_path, r.data) for r in iter_sources([outer], stats) if isinstance(r, SourceItem)]
    assert shown == [
        (f"{outer}!a/b/c/3527012001001.json", b'{"chart": null}'),
        (f"{outer}!a/inner.zip!deep/x.json", b"{}"),
    ]
    assert stats.skipped == 1 and stats.skipped_examples == [f"{outer}!a/readme.txt"]


def test_truncated_zip_is_an_error_and_the_walk_goes_on(tmp_path: Path) -> None:
    archive = tmp_path / "potong.zip"
    _zip_folder(DESA, archive)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    good = tmp_path / "baik.json"
    good.write_bytes(b"{}")
    results = list(iter_sources([archive, good]))
    assert len(results) == 2
    error, item = results
    assert isinstance(error, SourceError)
    assert error.display_path == str(archive)
    assert "arsip zip rusak atau terpotong" in error.message
    assert str(error).startswith(f"{archive}: ")
    assert isinstance(item, SourceItem) and item.display_path == str(good)


def test_corrupt_member_is_an_error_for_that_member_only(tmp_path: Path) -> None:
    archive = tmp_path / "rusak.zip"
    payload = b'{"chart": {"100025": 48}}' * 20
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("1.json", payload)
        zf.writestr("2.json", b"{}")
    data = bytearray(archive.read_bytes())
    at = data.index(payload)
    data[at + 5] ^= 0xFF  # flip a byte inside the stored member: CRC mismatch
    archive.write_bytes(bytes(data))
    results = list(iter_sources([archive]))
    assert [type(r) for r in results] == [SourceError, SourceItem]
    assert results[0].display_path == f"{archive}!1.json"
    assert isinstance(results[0], SourceError) and "CRC" in results[0].message
    assert results[1].display_path == f"{archive}!2.json"


def test_unreadable_file_is_an_error_and_the_walk_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.json").write_bytes(b"{}")
    (folder / "b.json").write_bytes(b"[]")
    real_open = os.open

    def locked_open(path: str, flags: int, *args: int) -> int:
        if str(path).endswith("a.json"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", locked_open)
    results = list(iter_sources([folder]))
    assert [type(r) for r in results] == [SourceError, SourceItem]
    assert isinstance(results[0], SourceError)
    assert results[0].message == "tidak dapat dibaca: izin akses ditolak"
    assert results[1].display_path == str(folder / "b.json")


def test_missing_path_and_explicit_non_data_file_are_errors(tmp_path: Path) -> None:
    other = tmp_path / "catatan.txt"
    other.write_text("x")
    results = list(iter_sources([tmp_path / "tidak-ada", other]))
    assert [r.message for r in results if isinstance(r, SourceError)] == [
        "berkas atau folder tidak ditemukan",
        "bukan berkas data Sirekap (yang dapat dibaca: .json, .jsonl, .csv, .xlsx, .zip)",
    ]


def test_explicit_file_and_large_file_are_read_whole(tmp_path: Path) -> None:
    big = tmp_path / "besar.JSON"
    content = b"[" + b",".join(b"1" for _ in range(1_500_000)) + b"]"  # > 1 MiB: several reads
    big.write_bytes(content)
    (result,) = list(iter_sources([big]))
    assert isinstance(result, SourceItem)
    assert result.data == content and result.suffix == ".json"


def test_oversized_files_are_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("rekap_desktop.sirekap.sources.MAX_JSON_BYTES", 100)
    big = tmp_path / "besar.json"
    big.write_bytes(b" " * 101)
    (result,) = list(iter_sources([big]))
    assert isinstance(result, SourceError)
    assert result.message.startswith("berkas terlalu besar: 0,0 MiB (batas 0,0 MiB untuk berkas .json); tidak dibaca")
    archive = tmp_path / "bom.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("besar.json", b" " * 101)
        zf.writestr("kecil.json", b"{}")
    results = list(iter_sources([archive]))
    assert [type(r) for r in results] == [SourceError, SourceItem]
    assert isinstance(results[0], SourceError) and "terlalu besar" in results[0].message
    assert results[0].display_path.endswith("bom.zip!besar.json")


def test_the_default_cap_refuses_a_200_mb_json(tmp_path: Path) -> None:
    huge = tmp_path / "besar.json"
    with huge.open("wb") as out:  # sparse: no 200 MB written to the disk
        out.truncate(200 << 20)
    (result,) = list(iter_sources([huge]))
    assert isinstance(result, SourceError)
    assert result.message.startswith("berkas terlalu besar: 200,0 MiB (batas 32,0 MiB untuk berkas .json)")


def test_a_zip_bomb_is_refused_whole_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("rekap_desktop.sirekap.sources.MAX_ARCHIVE_TOTAL", 1000)
    archive = tmp_path / "bom.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(3):
            zf.writestr(f"a{i}.json", b" " * 400)
    results = list(iter_sources([archive]))
    assert len(results) == 1 and isinstance(results[0], SourceError)
    assert "arsip zip terlalu besar setelah dibuka" in results[0].message and "bom zip" in results[0].message


def test_nested_archives_are_spooled_not_held(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("dalam/a.json", b'{"x": 1}')
    outer = tmp_path / "luar.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.writestr("isi.zip", inner.getvalue())
        zf.writestr("b.json", b"{}")
    results = list(iter_sources([outer]))
    assert [r.display_path for r in results] == [f"{outer}!b.json", f"{outer}!isi.zip!dalam/a.json"]


def test_memory_stays_bounded_for_an_archive_of_large_members(tmp_path: Path) -> None:
    """Issue 15.3: a 4 MB zip of large members once peaked at 4.4 GB; walking holds one member at a time."""
    pytest.importorskip("resource")
    import subprocess
    import sys

    archive = tmp_path / "besar.zip"
    member = b"[" + b"0," * (15 << 20) + b"0]"  # 30 MiB of JSON, compresses to almost nothing
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(12):
            zf.writestr(f"m{i:02d}.json", member)
    assert archive.stat().st_size < 2 << 20
    # the peak of the child itself: VmHWM (ru_maxrss would carry the parent's peak over exec on Linux)
    code = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from rekap_desktop.sirekap.sources import iter_sources\n"
        "n = sum(1 for _ in iter_sources([Path(sys.argv[1])]))\n"
        "try:\n"
        "    peak = next(int(l.split()[1]) // 1024 for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
        "except OSError:\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
        "print(n, peak)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(archive)], capture_output=True, text=True, check=True)
    count, peak_mb = map(int, out.stdout.split())
    assert count == 12 and peak_mb < 300, peak_mb
