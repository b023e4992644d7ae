"""The kertas kerja of seats and calon terpilih (issue 14.6): registered like the berita acara, every page stamped,
DRAF while the dapil is open, and verify-pdf catching a seat or a vote changed in the content stream."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from rekap_desktop.documents import DocumentKind, issues
from rekap_desktop.services import KecamatanStatus, RecapService
from reports.kursi import MODEL_CODE, check_printed, kursi_data
from reports.pdf_reading import read_pdf
from tests.cli.test_cli_seats import FIGURES, KEC, seat_reference
from tests.reports.pdf_tamper import change_figure, pages_of
from ui.cli import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, main

KEY = "pdprdk:352701"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "kursi.sqlite"
    service = RecapService.open(path, actor="uji")
    reference = seat_reference()
    reference.settings.update({"kabupaten_nama": "SAMPANG", "provinsi_nama": "JAWA TIMUR", "ketua": "KETUA CONTOH",
                               "anggota": "ANGGOTA CONTOH SATU|ANGGOTA CONTOH DUA", "tempat": "Aula contoh"})
    service.store_reference(reference)
    items = []
    for kec, parties in FIGURES.items():
        for party, (only, c1, c2) in parties.items():
            items += [(f"IV.{party}.0", kec, only), (f"IV.{party}.1", kec, c1), (f"IV.{party}.2", kec, c2),
                      (f"IV.{party}.T", kec, only + c1 + c2)]
    service.set_entries(KEY, items)
    service.close()
    return path


def kursi(db: Path, out: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["kursi", "--db", str(db), "--ballot", "pdprdk", "--dapil", "352701", "--out", str(out),
                 "--invariant", *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def verify(db: Path, pdf: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["verify-pdf", str(pdf), "--db", str(db)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_kertas_kerja_is_registered_stamped_and_says_what_it_is(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "kursi.pdf"
    code, stdout, err = kursi(db, out, capsys)
    assert code == EXIT_OK, err
    assert "ID dokumen KRS-3527-PDPRDK-352701-V1 (versi 1, versi baru), DRAF" in stdout
    assert "2 kecamatan belum ditetapkan" in err  # the dapil is still open: DRAF, and why
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert MODEL_CODE in text and "bukan formulir Model E.TERPILIH" in text
    assert "DRAF" in text and "SEMENTARA" in text
    for n, page in enumerate(reader.pages, start=1):
        assert "ID dokumen KRS-3527-PDPRDK-352701-V1 · AUDIT" in (page.extract_text() or "")
        assert f"Hal {n} dari {len(reader.pages)}" in (page.extract_text() or "")
    assert "11.400" in text and "3.800,00 [3]" in text  # PKB's votes; its quotient by 3 takes seat 3
    assert "Seri bila PKB berkurang 500 suara" in text
    assert "CALON CONTOH 1-1" in text and "terpilih" in text
    service = RecapService.open(db)
    (issue,) = issues(service, kind=DocumentKind.KURSI)
    assert issue.contest == KEY and issue.draft and issue.page_count == len(reader.pages)
    service.close()
    code, stdout, err = verify(db, out, capsys)
    assert code == EXIT_OK and "BERKAS TERDAFTAR" in stdout, err


def test_printed_rows_read_back_equal_the_data(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "kursi.pdf"
    assert kursi(db, out, capsys)[0] == EXIT_OK
    from rekap_desktop.seats_report import dapil_seats
    from reports.contest_data import contest_heading

    service = RecapService.open(db)
    contest = service.contest(KEY)
    data = kursi_data(dapil_seats(service, contest), contest_heading(service.settings(), contest))
    service.close()
    checked, differ, missing = check_printed(data, read_pdf(out).pages)
    assert (differ, missing) == ([], []) and checked == 2 * len(data.parties) + 2 * len(data.candidates)


def test_final_once_every_kecamatan_is_ditetapkan_as_a_new_version(tmp_path: Path, capsys) -> None:
    """A complete, consistent dapil: DRAF while a kecamatan is open, final (and NIHIL open items) once all are
    ditetapkan; the first print is then superseded."""
    import random

    from rekap_desktop.lines import LineCatalogue
    from rekap_desktop.synthesis import consistent_column

    db = tmp_path / "lengkap.sqlite"
    service = RecapService.open(db, actor="uji")
    reference = seat_reference()
    reference.settings.update({"kabupaten_nama": "SAMPANG", "provinsi_nama": "JAWA TIMUR"})
    service.store_reference(reference)
    catalogue = LineCatalogue(service.contest(KEY))
    rng = random.Random(7)
    items = [(line, kec, v) for kec in KEC
             for line, v in consistent_column(catalogue, rng, 20_000, 60, [3.0, 2.0, 1.0]).items()]
    service.set_entries(KEY, items)
    service.close()
    first, second = tmp_path / "v1.pdf", tmp_path / "v2.pdf"
    code, stdout, _ = kursi(db, first, capsys)
    assert code == EXIT_OK and "(versi 1, versi baru), DRAF" in stdout
    service = RecapService.open(db, actor="uji")
    for kec in KEC:
        service.set_status(KEY, kec, KecamatanStatus.DITETAPKAN)
    service.close()
    code, stdout, err = kursi(db, second, capsys)
    assert code == EXIT_OK and "KRS-3527-PDPRDK-352701-V2 (versi 2, versi baru), final" in stdout and not err
    text = "\n".join(p.extract_text() or "" for p in PdfReader(second).pages)
    assert "LENGKAP" in text and "NIHIL" in text and "DRAF" not in text  # nothing open could change a seat now
    code, _, err = verify(db, first, capsys)
    assert code == EXIT_FINDINGS and "DIGANTI: KRS-3527-PDPRDK-352701-V1" in err
    code, stdout, _ = verify(db, second, capsys)
    assert code == EXIT_OK and "COCOK" in stdout


def test_a_seat_or_a_vote_changed_in_the_content_stream_is_named(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "kursi.pdf"
    assert kursi(db, out, capsys)[0] == EXIT_OK
    votes = tmp_path / "suara.pdf"
    change_figure(out, votes, 0, "10.900", "10.990")  # Gerindra's valid votes
    code, _, err = verify(db, votes, capsys)
    assert code == EXIT_FINDINGS
    assert "halaman 1 · baris IV.2.T · suara Gerindra: tercetak 10.990, tercatat 10.900" in err
    seats = tmp_path / "kursi-diubah.pdf"
    reader = PdfReader(out)
    page_text = reader.pages[0].extract_text() or ""
    assert "NasDem" in page_text
    change_figure(out, seats, 0, "0", "1")  # the first "0" drawn alone on page 1: NasDem's seats
    code, _, err = verify(db, seats, capsys)
    assert code == EXIT_FINDINGS and "kursi NasDem: tercetak 1, tercatat 0" in err


def test_a_page_removed_is_named(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "kursi.pdf"
    assert kursi(db, out, capsys, "--paper", "f4")[0] == EXIT_OK
    n = len(PdfReader(out).pages)
    if n < 2:
        pytest.skip("one page only")
    dropped = tmp_path / "hilang.pdf"
    pages_of(out, list(range(n - 1)), dropped)
    code, _, err = verify(db, dropped, capsys)
    assert code == EXIT_FINDINGS and f"HALAMAN HILANG: Hal {n} dari {n}" in err


def test_bad_requests_write_and_register_nothing(db: Path, tmp_path: Path, capsys) -> None:
    code = main(["kursi", "--db", str(db), "--ballot", "pdprdk", "--out", str(tmp_path / "x.pdf")])
    assert code == EXIT_OK  # one dapil only in this database: --out without --dapil is fine
    code = main(["kursi", "--db", str(db), "--ballot", "pdprdk", "--out", str(tmp_path / "nope" / "x" / "y.pdf"),
                 "--dapil", "352701"])
    assert code == EXIT_INPUT and "tidak dapat ditulis" in capsys.readouterr().err
    service = RecapService.open(db)
    assert len(issues(service, kind=DocumentKind.KURSI)) == 1  # the failed one registered nothing
    service.close()
    assert not (tmp_path / "nope").exists()
