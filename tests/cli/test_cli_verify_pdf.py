"""verify-pdf as a forger would attack it (issue 10, review round): only the exact registered bytes are authentic;
a copy saved again, a label or the DRAF mark changed, an annotation laid over a figure, a file re-signed with
another certificate, a register row forged together with a re-hashed chain — each exits 1 and says what it found."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText
from sqlalchemy import text

from rekap_desktop.documents import issues
from rekap_desktop.services import KecamatanStatus, RecapService
from reports.numbers_id import format_int
from reports.pdf_reading import read_pdf
from reports.signing import sign_pdf
from tests.forgery import disable_append_only, rehash_from
from tests.reports.conftest import (  # noqa: F401 - fixtures
    SigningCertificate,
    other_certificate,
    signing_certificate,
)
from tests.reports.pdf_tamper import change_figure, strip_signature
from ui.cli import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, main

from .test_cli_berita_acara import berita_acara, db, text_of, verify  # noqa: F401 - fixture
from .test_cli_core import demo_db  # noqa: F401 - session fixture


@pytest.fixture
def printed(db: Path, tmp_path: Path) -> Path:  # noqa: F811
    out = tmp_path / "ppwp.pdf"
    assert berita_acara(db, out, "--ballot", "ppwp") == EXIT_OK
    return out


def _figure(db: Path, line: str = "V.B", kec: str = "352702", key: str = "ppwp") -> int:  # noqa: F811
    svc = RecapService.open(db)
    value = svc.load_sheet(key).value(line, kec)
    svc.close()
    assert value is not None
    return value


def _page_with(path: Path, text_: str) -> int:
    return next(i for i, page in enumerate(text_of(path)) if text_ in page)


def test_a_copy_saved_again_is_not_the_issued_file(db: Path, printed: Path, tmp_path: Path, capsys) -> None:  # noqa: F811
    copy = tmp_path / "disimpan-ulang.pdf"
    writer = PdfWriter(clone_from=PdfReader(printed))
    with copy.open("wb") as handle:
        writer.write(handle)
    assert copy.read_bytes() != printed.read_bytes()
    code, stdout, err = verify(db, copy, capsys)
    assert code == EXIT_FINDINGS and "COCOK" not in stdout
    assert "BERKAS TIDAK TERDAFTAR" in err
    assert "isian yang tercetak sama dengan yang tercatat, tetapi berkasnya bukan berkas yang diterbitkan" in err
    assert "Terbitan yang sesuai di register:" in stdout and "DHK-3527-PPWP-V1 (versi 1, DRAF)" in stdout


def test_a_label_changed_with_every_figure_kept_is_caught(db: Path, printed: Path, tmp_path: Path, capsys) -> None:  # noqa: F811
    forged = tmp_path / "label.pdf"
    words = [f.text for f in read_pdf(printed.read_bytes()).pages[0].fragments
             if f.text.isalpha() and f.text.isupper() and len(set(f.text)) > 3]
    for word in words:  # the first printed word that is drawn on its own: its letters reversed, the figures kept
        try:
            change_figure(printed, forged, 0, word, word[::-1])
            break
        except AssertionError:
            continue
    else:
        pytest.fail(f"no word of page 1 could be changed: {words}")
    code, _, err = verify(db, forged, capsys)
    assert code == EXIT_FINDINGS and "BERKAS TIDAK TERDAFTAR" in err


def test_the_draft_mark_removed_is_named(db: Path, printed: Path, tmp_path: Path, capsys) -> None:  # noqa: F811
    assert "DRAF" in text_of(printed)[1]
    forged = tmp_path / "tanpa-draf.pdf"
    change_figure(printed, forged, 1, "DRAF", "")
    code, _, err = verify(db, forged, capsys)
    assert code == EXIT_FINDINGS
    assert "TANDA DRAF DIHAPUS: DHK-3527-PPWP-V1 diterbitkan sebagai DRAF, tetapi halaman 2 tidak memuat" in err


def test_an_annotation_laid_over_a_figure_is_named(db: Path, printed: Path, tmp_path: Path, capsys) -> None:  # noqa: F811
    forged = tmp_path / "anotasi.pdf"
    writer = PdfWriter(clone_from=PdfReader(printed))
    writer.add_annotation(0, FreeText(text="9.999", rect=(300, 400, 360, 412)))
    with forged.open("wb") as handle:
        writer.write(handle)
    code, _, err = verify(db, forged, capsys)
    assert code == EXIT_FINDINGS
    assert "ANOTASI DITAMBAHKAN pada berkas" in err and "halaman 1 (FreeText)" in err


def forge_registration(db: Path, forged: Path) -> None:  # noqa: F811
    """What a forger holding the database does so that ``forged`` counts as the issued file: the register row's
    file hash, the snapshot in its audit event, and every later hash of the chain rewritten."""
    sha = hashlib.sha256(forged.read_bytes()).hexdigest()
    svc = RecapService.open(db)
    with svc.engine.begin() as conn:
        disable_append_only(conn)
        event_id, payload = conn.execute(text(
            "SELECT id, payload FROM audit_event WHERE action = 'document.register' ORDER BY id DESC LIMIT 1")).one()
        snapshot = json.loads(payload)
        snapshot["row"]["file_sha256"] = sha
        conn.execute(text("UPDATE audit_event SET payload = :p WHERE id = :i"),
                     {"p": json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                      "i": event_id})
        conn.execute(text("UPDATE document_issue SET file_sha256 = :s WHERE id = :r"),
                     {"s": sha, "r": snapshot["row"]["id"]})
        rehash_from(conn, event_id)
    assert svc.verify_audit().ok  # a perfect forgery, seen from inside the database
    svc.close()


def test_a_registered_file_is_read_back_against_the_chain(db: Path, printed: Path, tmp_path: Path, capsys) -> None:  # noqa: F811
    """The forger changes a figure in the PDF, then makes the register say that file was issued — row, audit event
    and every later hash — so the bytes are "registered". The printed figures are still read against the chain."""
    value = _figure(db)
    forged = tmp_path / "terdaftar-palsu.pdf"
    change_figure(printed, forged, _page_with(printed, format_int(value)), format_int(value), format_int(value + 9))
    photographed = RecapService.open(db)
    later_anchor = photographed.anchor().text  # a saksi photographed the projector after the printing
    photographed.close()
    forge_registration(db, forged)
    code, stdout, err = verify(db, forged, capsys)
    assert code == EXIT_FINDINGS
    assert "BERKAS TERDAFTAR" in stdout  # the forgery of the register worked ...
    assert "ANGKA TERCETAK BERBEDA" in err and f"tercetak {format_int(value + 9)}" in err  # ... and is still caught
    code = main(["verify-pdf", str(forged), "--db", str(db), "--anchor", later_anchor])
    err = capsys.readouterr().err
    assert code == EXIT_FINDINGS and f"Jangkar pembanding {later_anchor}" in err


def test_given_anchors_are_checked(db: Path, printed: Path, capsys) -> None:  # noqa: F811
    svc = RecapService.open(db)
    [issue] = issues(svc)
    svc.close()
    assert main(["verify-pdf", str(printed), "--db", str(db), "--anchor", issue.anchor]) == EXIT_OK
    assert f"Jangkar pembanding {issue.anchor}: rantai audit masih melewatinya" in capsys.readouterr().out
    wrong = issue.anchor[:-4] + ("0000" if not issue.anchor.endswith("0000") else "1111")
    assert main(["verify-pdf", str(printed), "--db", str(db), "--anchor", wrong]) == EXIT_FINDINGS
    assert f"Jangkar pembanding {wrong}" in capsys.readouterr().err
    assert main(["verify-pdf", str(printed), "--db", str(db), "--anchor", "AUDIT x"]) == EXIT_INPUT


def test_a_folder_or_an_unreadable_file_is_bad_input(db: Path, tmp_path: Path, capsys) -> None:  # noqa: F811
    assert main(["verify-pdf", str(tmp_path), "--db", str(db)]) == EXIT_INPUT
    assert "adalah folder, bukan berkas PDF" in capsys.readouterr().err
    junk = tmp_path / "rusak.pdf"
    junk.write_bytes(b"%PDF-1.7\n" + b"\x00" * 64)
    assert main(["verify-pdf", str(junk), "--db", str(db)]) == EXIT_FINDINGS
    err = capsys.readouterr().err
    assert "PDF rusak atau tidak dapat dibaca" in err or "Bukan dokumen Rekap Desktop" in err


def test_re_signed_with_another_certificate_is_named(
    db: Path, tmp_path: Path, signing_certificate: SigningCertificate,  # noqa: F811
    other_certificate: SigningCertificate, capsys,  # noqa: F811
) -> None:
    out = tmp_path / "signed.pdf"
    assert berita_acara(db, out, "--ballot", "pdprdk", "--dapil", "352701", "--sign",
                        str(signing_certificate.p12_path), "--sign-password",
                        signing_certificate.passphrase.decode()) == EXIT_OK
    svc = RecapService.open(db)
    [issue] = issues(svc)
    svc.close()
    assert len(issue.signer_sha256) == 64
    code, stdout, _ = verify(db, out, capsys)
    assert code == EXIT_OK and "COCOK" in stdout
    stripped, resigned = tmp_path / "stripped.pdf", tmp_path / "resigned.pdf"
    strip_signature(out, stripped)
    sign_pdf(stripped, resigned, other_certificate.p12_path, other_certificate.passphrase)
    code, _, err = verify(db, resigned, capsys)
    assert code == EXIT_FINDINGS
    assert "DITANDATANGANI DENGAN SERTIFIKAT LAIN: DHK-3527-PDPRDK-352701-V1" in err  # same name, other key


def _white_box_over_page_1(source: Path, target: Path, *, incremental: bool = False) -> None:
    """A white rectangle drawn over part of page 1 (vector, no text): what text extraction cannot see — a figure
    covered, another drawn beside it would read the same."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    page = PdfReader(source).pages[0]
    overlay = Canvas(buffer, pagesize=(float(page.mediabox.width), float(page.mediabox.height)))
    overlay.setFillColorRGB(1, 1, 1)
    overlay.rect(200, 300, 120, 40, stroke=0, fill=1)
    overlay.save()
    writer = PdfWriter(source, incremental=True) if incremental else PdfWriter(clone_from=PdfReader(source))
    writer.pages[0].merge_page(PdfReader(io.BytesIO(buffer.getvalue())).pages[0])
    with target.open("wb") as handle:
        writer.write(handle)


def test_a_drawing_over_a_page_is_caught_even_when_registered(db: Path, printed: Path, tmp_path: Path,  # noqa: F811
                                                              capsys) -> None:
    """Text extraction reads the same; the page made again from the data at its anchor does not look the same."""
    forged = tmp_path / "kotak-putih.pdf"
    _white_box_over_page_1(printed, forged)
    assert [p.extract_text() for p in PdfReader(forged).pages] == [p.extract_text() for p in PdfReader(printed).pages]
    forge_registration(db, forged)
    code, stdout, err = verify(db, forged, capsys)
    assert code == EXIT_FINDINGS and "BERKAS TERDAFTAR" in stdout and "COCOK" not in stdout
    assert "TAMPILAN HALAMAN BERBEDA dari DHK-3527-PPWP-V1 yang dibuat ulang dari data pada jangkarnya: halaman 1" \
        in err
    code, stdout, _ = verify(db, printed, capsys)  # the file really issued still verifies... as an unregistered copy
    assert "Setiap halaman (4) sama persis dengan DHK-3527-PPWP-V1" in stdout


def test_a_signed_file_changed_after_signing_is_never_cocok(
    db: Path, tmp_path: Path, signing_certificate: SigningCertificate, capsys,  # noqa: F811
) -> None:
    out = tmp_path / "signed.pdf"
    assert berita_acara(db, out, "--ballot", "ppwp", "--sign", str(signing_certificate.p12_path),
                        "--sign-password", signing_certificate.passphrase.decode()) == EXIT_OK
    changed = tmp_path / "diubah-setelah-ttd.pdf"
    _white_box_over_page_1(out, changed, incremental=True)  # an incremental update keeps the signed bytes intact
    forge_registration(db, changed)
    code, stdout, err = verify(db, changed, capsys)
    assert code == EXIT_FINDINGS and "COCOK" not in stdout
    assert "TANDA TANGAN ELEKTRONIK TIDAK SAH: dokumen diubah setelah ditandatangani" in err


def test_absurd_numbers_are_bad_input_or_named_never_a_crash(db: Path, printed: Path, tmp_path: Path,  # noqa: F811
                                                             capsys) -> None:
    huge = "99999999999999999999999"
    for args in (["set-status", "--db", str(db), "--operator", "UJI", "--ballot", "ppwp", "--kecamatan", "352701",
                  "--status", "belum", "--reason", "x", "--keberatan", huge],
                 ["audit-log", "--db", str(db), "--since", huge]):
        with pytest.raises(SystemExit) as stopped:  # argparse's own refusal: exit 2 with the reason
            main(args)
        assert stopped.value.code == EXIT_INPUT
        captured = capsys.readouterr().err
        assert "nomor di luar jangkauan" in captured and "Traceback" not in captured
    assert main(["verify-pdf", str(printed), "--db", str(db), "--anchor", f"AUDIT {huge}:bbc36a75969dba11"]) \
        == EXIT_INPUT
    assert "terlalu besar" in capsys.readouterr().err
    forged = tmp_path / "halaman-banyak.pdf"
    svc = RecapService.open(db)
    [issue] = issues(svc)
    svc.close()
    source = printed
    for page in range(1, 5):  # every footer claims a page count beyond reason (the listing of missing pages is not
        footer = f"ID dokumen {issue.document_id} · {issue.anchor} · Hal {page} dari 4"  # built)
        target = tmp_path / f"halaman-{page}.pdf"
        change_figure(source, target, page - 1, footer, footer.replace("dari 4", "dari 99999999999"))
        source = target
    shutil.copy(source, forged)
    code, _, err = verify(db, forged, capsys)
    assert code == EXIT_FINDINGS and "Baris identitas menyebut 99.999.999.999 halaman" in err
    assert issue.page_count == 4


def test_a_document_printed_on_an_earlier_day_is_made_again_with_that_day(db: Path, tmp_path: Path,  # noqa: F811
                                                                        monkeypatch: pytest.MonkeyPatch,
                                                                        capsys) -> None:
    """Without a meeting date in the office settings the berita acara prints the day of printing: made again the
    next day for verify-pdf, it carries the day of its registration, not today."""
    import datetime as dt

    from rekap_desktop import audit
    from reports.contest_data import PRINT_DATE

    svc = RecapService.open(db, actor="UJI")
    svc.set_setting("tanggal_rapat", "")
    svc.close()
    yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    out = tmp_path / "kemarin.pdf"
    token = PRINT_DATE.set(yesterday.astimezone().date())
    with monkeypatch.context() as patch:
        patch.setattr(audit, "now_iso", lambda: yesterday.isoformat(timespec="microseconds"))
        try:
            assert berita_acara(db, out, "--ballot", "ppwp") == EXIT_OK
        finally:
            PRINT_DATE.reset(token)
    capsys.readouterr()
    code, stdout, err = verify(db, out, capsys)
    assert code == EXIT_OK, err
    assert "Setiap halaman (4) sama persis" in stdout and "COCOK" in stdout


def test_a_reprint_on_a_later_day_is_a_copy_of_its_version_not_a_new_one(db: Path, tmp_path: Path,  # noqa: F811
                                                                         monkeypatch: pytest.MonkeyPatch,
                                                                         capsys) -> None:
    """Without a meeting date set, the same content printed again the next day keeps its version and the day it
    was first printed (else every next-day reprint superseded the copies the saksi hold: DIGANTI with nothing
    changed); once a figure changes, the reprint is a new version printed with today's date."""
    import datetime as dt

    from rekap_desktop import audit
    from reports.contest_data import PRINT_DATE
    from reports.numbers_id import day_name, number_words

    svc = RecapService.open(db, actor="UJI")
    svc.set_setting("tanggal_rapat", "")
    svc.close()
    yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    first, again, changed = tmp_path / "kemarin.pdf", tmp_path / "hari-ini.pdf", tmp_path / "berubah.pdf"
    token = PRINT_DATE.set(yesterday.astimezone().date())  # printed yesterday: that day printed and registered
    with monkeypatch.context() as patch:
        patch.setattr(audit, "now_iso", lambda: yesterday.isoformat(timespec="microseconds"))
        try:
            assert berita_acara(db, first, "--ballot", "ppwp") == EXIT_OK
        finally:
            PRINT_DATE.reset(token)
    assert berita_acara(db, again, "--ballot", "ppwp") == EXIT_OK  # today, the same figures
    capsys.readouterr()
    def opening(day: dt.date) -> str:  # "Pada hari ini Senin tanggal Tiga Puluh bulan …"
        return f"Pada hari ini {day_name(day)} tanggal {number_words(day.day).title()}"

    def printed(path: Path) -> str:
        return " ".join(" ".join(text_of(path)).split())

    then, now = opening(yesterday.astimezone().date()), opening(dt.date.today())
    found = issues(RecapService.open(db, read_only=True), kind=None, contest="ppwp")
    berita = [i for i in found if i.document_id.startswith("DHK-")]
    assert [i.version for i in berita] == [1, 1]  # a second issue of version 1, not version 2
    assert then in printed(first) and then in printed(again) and now not in printed(again)
    for path in (first, again):
        code, stdout, err = verify(db, path, capsys)
        assert code == EXIT_OK and "DIGANTI" not in err + stdout, err
        assert "Setiap halaman (4) sama persis" in stdout
    svc = RecapService.open(db, actor="UJI")
    contest = svc.contest("ppwp")
    kec = next(k for k in contest.kecamatan_codes if svc.statuses("ppwp").get(k) != KecamatanStatus.DITETAPKAN)
    svc.set_entry("ppwp", "V.B", kec, (svc.load_sheet("ppwp").value("V.B", kec) or 0) + 1)
    svc.close()
    assert berita_acara(db, changed, "--ballot", "ppwp") == EXIT_OK
    capsys.readouterr()
    latest = [i for i in issues(RecapService.open(db, read_only=True), contest="ppwp")
              if i.document_id.startswith("DHK-")][-1]
    assert latest.version == 2 and now in printed(changed)
    code, _stdout, err = verify(db, first, capsys)
    assert code == EXIT_FINDINGS and "DIGANTI" in err  # now it is superseded: its figures changed


# ---------------------------------------------------------------------------------------------- second attack round
def _unsigned_signature_box_over(source: Path, target: Path) -> None:
    """An UNSIGNED signature field whose appearance paints a white box and another figure on page 1."""
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject, StreamObject

    writer = PdfWriter(clone_from=PdfReader(source))
    page = writer.pages[0]
    look = StreamObject()
    look._data = b"1 1 1 rg 0 0 34 12 re f"
    look.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(34), FloatObject(12)])})
    widget = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/FT"): NameObject("/Sig"), NameObject("/F"): NumberObject(4),
        NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (280, 376, 314, 388)]),
        NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(look)}),
    })
    ref = writer._add_object(widget)
    page[NameObject("/Annots")] = ArrayObject([ref])
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): ArrayObject([ref])})
    with target.open("wb") as handle:
        writer.write(handle)


def test_an_unsigned_signature_box_is_an_annotation_like_any_other(db: Path, printed: Path, tmp_path: Path,  # noqa: F811
                                                                   capsys) -> None:
    forged = tmp_path / "kotak-ttd.pdf"
    _unsigned_signature_box_over(printed, forged)
    forge_registration(db, forged)
    code, stdout, err = verify(db, forged, capsys)
    assert code == EXIT_FINDINGS and "COCOK" not in stdout
    assert "ANOTASI DITAMBAHKAN pada berkas" in err and "halaman 1 (Widget)" in err


def test_a_revision_appended_without_its_end_marker_is_named(db: Path, printed: Path, tmp_path: Path,  # noqa: F811
                                                             capsys) -> None:
    """pypdf stops at the last %%EOF; a viewer that takes the last startxref shows the appended revision."""
    import re as regex

    data = printed.read_bytes()
    prev = int(regex.findall(rb"startxref\s+(\d+)", data)[-1])
    body = b"BT /F1 9 Tf 100 100 Td (9.999) Tj ET"
    appended = (b"999 0 obj\n<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream\nendobj\n"
                + b"trailer\n<< /Size 1000 /Prev %d >>\nstartxref\n%d\n" % (prev, len(data)))
    forged = tmp_path / "revisi-tersembunyi.pdf"
    forged.write_bytes(data + appended)
    forge_registration(db, forged)
    code, stdout, err = verify(db, forged, capsys)
    assert code == EXIT_FINDINGS and "COCOK" not in stdout
    assert "DATA TERSEMBUNYI SETELAH AKHIR BERKAS PDF" in err and "(memuat startxref)" in err


def test_a_later_unrelated_change_never_switches_the_page_comparison_off(db: Path, printed: Path,  # noqa: F811
                                                                          tmp_path: Path, capsys) -> None:
    forged = tmp_path / "kotak-putih.pdf"
    _white_box_over_page_1(printed, forged)
    forge_registration(db, forged)
    svc = RecapService.open(db, actor="PETUGAS LAIN")
    svc.set_setting("catatan_internal", "impor Sirekap berikutnya pukul 14.00")  # an event of no contest
    svc.close()
    code, stdout, err = verify(db, forged, capsys)
    assert code == EXIT_FINDINGS and "COCOK" not in stdout
    assert "TAMPILAN HALAMAN BERBEDA dari DHK-3527-PPWP-V1" in err


def test_streams_that_unpack_to_gigabytes_are_refused_early(db: Path, printed: Path, tmp_path: Path,  # noqa: F811
                                                            capsys) -> None:
    import zlib

    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, StreamObject

    writer = PdfWriter(clone_from=PdfReader(printed))
    resources = writer.pages[0]["/Resources"].get_object()
    images = resources.get("/XObject")
    images = images.get_object() if images is not None else DictionaryObject()
    packed = zlib.compress(zlib.compress(b"\0" * 70_000_000, 9), 9)  # ~70 KB in the file, 70 MB unpacked
    for i in range(5):
        bomb = StreamObject()
        bomb._data = packed
        bomb.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
                     NameObject("/Width"): NumberObject(7000), NameObject("/Height"): NumberObject(10000),
                     NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                     NameObject("/BitsPerComponent"): NumberObject(8),
                     NameObject("/Filter"): ArrayObject([NameObject("/FlateDecode"), NameObject("/FlateDecode")])})
        images[NameObject(f"/Bom{i}")] = writer._add_object(bomb)
    resources[NameObject("/XObject")] = images
    forged = tmp_path / "bom.pdf"
    with forged.open("wb") as handle:
        writer.write(handle)
    assert forged.stat().st_size < 2_000_000
    code, _, err = verify(db, forged, capsys)
    assert code == EXIT_FINDINGS and "isi PDF terurai melebihi 256 MiB" in err


def test_a_draft_whose_open_items_changed_is_no_longer_current(db: Path, printed: Path, capsys) -> None:  # noqa: F811
    """The DRAF printed the open items of its moment; once a kecamatan's reading is finished they read differently,
    so the file is honest but no longer current: exit 1, reprint."""
    svc = RecapService.open(db, actor="KETUA UJI")
    contest = svc.contest("ppwp")
    being_read = next(k for k in contest.kecamatan_codes if svc.statuses("ppwp").get(k) == KecamatanStatus.DIBACAKAN)
    svc.set_status("ppwp", being_read, KecamatanStatus.SELESAI)  # the DRAF said "(dibacakan)"
    svc.close()
    code, _, err = verify(db, printed, capsys)
    assert code == EXIT_FINDINGS
    assert "DHK-3527-PPWP-V1 TIDAK LAGI MUTAKHIR" in err and "Terbitkan ulang" in err


def test_an_action_on_opening_is_named(db: Path, printed: Path, tmp_path: Path, capsys) -> None:  # noqa: F811
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(printed))
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('x')")})
    forged = tmp_path / "aksi.pdf"
    with forged.open("wb") as handle:
        writer.write(handle)
    forge_registration(db, forged)
    code, stdout, err = verify(db, forged, capsys)
    assert code == EXIT_FINDINGS and "COCOK" not in stdout
    assert "BERKAS MEMUAT UNSUR YANG TIDAK PERNAH DITULIS APLIKASI: /OpenAction" in err


# ---------------------------------------------------------------------------------------------- third attack round
def _page_tree_forgery(source: Path, target: Path) -> None:
    """An update that two readers read differently: the genuine page 1's object number is defined again under
    generation 1 (a reader keeping one entry per number loses the genuine page), and a copy of page 1 with one figure
    changed is put first in the page tree typed /PageX (pypdf skips it, poppler shows it)."""
    import re as regex

    data = source.read_bytes()
    reader = PdfReader(source)
    root = reader.trailer["/Root"].get_object()
    pages_number = root.raw_get("/Pages").idnum
    kids = root["/Pages"]["/Kids"]
    first = kids[0].idnum
    content = kids[0].get_object()["/Contents"].get_object().get_data()
    figure = regex.search(rb"\((\d{1,3}\.\d{3})\) Tj", content)
    assert figure is not None
    forged = content.replace(figure.group(0), b"(" + figure.group(1)[::-1] + b") Tj", 1)
    raw_page = regex.search(rb"\n%d 0 obj\s*(<<.*?>>)\s*endobj" % first, data, regex.S)
    assert raw_page is not None
    size = int(reader.trailer["/Size"])
    out = bytearray(data)
    offsets: dict[int, tuple[int, int]] = {}

    def put(number: int, body: bytes, generation: int = 0) -> None:
        offsets[number] = (len(out), generation)
        out.extend(b"%d %d obj\n" % (number, generation) + body + b"\nendobj\n")

    put(size, b"<< /Length %d >>\nstream\n" % len(forged) + forged + b"\nendstream")
    put(size + 1, regex.sub(rb"/Contents \d+ 0 R", b"/Contents %d 0 R" % size, raw_page.group(1))
        .replace(b"/Type /Page", b"/Type /PageX"))
    put(first, b"<< /Type /Foo >>", 1)
    others = b" ".join(b"%d 0 R" % k.idnum for k in kids)
    put(pages_number, b"<< /Type /Pages /Count %d /Kids [ %d 0 R %s ] >>" % (len(kids), size + 1, others))
    xref = len(out)
    out.extend(b"xref\n0 1\n0000000000 65535 f \n")
    for number in sorted(offsets):
        offset, generation = offsets[number]
        out.extend(b"%d 1\n%010d %05d n \n" % (number, offset, generation))
    previous = int(regex.findall(rb"startxref\s+(\d+)", data)[-1])
    trailer = regex.findall(rb"trailer\s*(<<.*?>>)\s*startxref", data, regex.S)[-1]
    trailer = regex.sub(rb"/Size \d+", b"/Size %d /Prev %d" % (size + 2, previous), trailer)
    out.extend(b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref)
    target.write_bytes(bytes(out))


def test_a_file_two_readers_read_differently_is_named(db: Path, printed: Path, tmp_path: Path, capsys) -> None:  # noqa: F811
    forged = tmp_path / "dua-pembaca.pdf"
    _page_tree_forgery(printed, forged)
    forge_registration(db, forged)
    code, stdout, err = verify(db, forged, capsys)
    assert code == EXIT_FINDINGS and "COCOK" not in stdout
    assert "BERKAS MEMUAT UNSUR YANG TIDAK PERNAH DITULIS APLIKASI: 2 revisi (dokumen aplikasi: 1)" in err
    assert "didefinisikan dua kali (generasi 1 dan 0)" in err and "unsur bukan halaman (/PageX)" in err
