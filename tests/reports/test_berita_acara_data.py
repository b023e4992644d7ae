"""The input dataclasses of the berita acara renderer (reports.berita_acara_data)."""

from __future__ import annotations

import dataclasses

import pytest

from reports.berita_acara_data import (
    LineRow,
    Signatory,
    compute_figures_sha256,
    content_digest,
    section_title_for,
)
from tests.reports import fixtures_ba as fx


def test_section_titles_per_ballot_and_body() -> None:
    assert section_title_for("pdpd", "IV") == "IV. DATA PEROLEHAN SUARA CALON ANGGOTA DPD"
    assert section_title_for("pdprdp", "IV") == (
        "IV. DATA PEROLEHAN SUARA PARTAI POLITIK DAN CALON ANGGOTA DPRD PROVINSI")
    assert section_title_for("pdprdp", "IV", "DPRA").endswith("CALON ANGGOTA DPRA")
    assert section_title_for("ppwp", "V") == "V. DATA SUARA SAH DAN TIDAK SAH"
    with pytest.raises(ValueError, match="jenis pemilihan"):
        section_title_for("pilkada", "I")


def test_sequences_are_stored_as_tuples() -> None:
    data = fx.ppwp_data()
    assert isinstance(data.columns, tuple)
    assert isinstance(data.lines, tuple)
    assert isinstance(data.signatories, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.paper = "f4"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ballot": "pilkada"}, "jenis pemilihan"),
        ({"paper": "letter"}, "ukuran kertas"),
        ({"columns": []}, "tanpa kolom"),
        ({"columns": [("352701", "SRESEH"), ("352701", "SRESEH")]}, "ganda"),
        ({"columns": [("3527", "SAMPANG")]}, "6 digit"),
    ],
)
def test_invalid_data_is_rejected_with_an_indonesian_message(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(fx.ppwp_data(), **change)  # type: ignore[arg-type]


def test_line_values_must_belong_to_the_columns() -> None:
    data = fx.ppwp_data()
    stray = LineRow("II.1", "II", "x", values={"999999": 1}, total=1)
    with pytest.raises(ValueError, match="di luar kolom"):
        dataclasses.replace(data, lines=[*data.lines, stray])


def test_line_and_signatory_validation() -> None:
    with pytest.raises(ValueError, match="tidak sah"):
        LineRow("V.A", "V", "A", values={"352701": -1})
    with pytest.raises(ValueError, match="judul"):
        LineRow("I.A", "I", "A. DATA PEMILIH", is_header=True, total=3)
    with pytest.raises(ValueError, match="bagian"):
        LineRow("VI", "VI", "?")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="peserta"):
        Signatory(role="saksi", name="X")
    with pytest.raises(ValueError, match="alasan penolakan"):
        Signatory(role="saksi", name="X", peserta="1 · PKB", refusal_reason="tidak setuju")
    refused = Signatory(role="saksi", name="X", peserta="1 · PKB", signs=False, refusal_reason="tidak setuju")
    assert refused.refused


def test_figures_sha256_is_canonical_and_covers_every_figure() -> None:
    data = fx.ppwp_data()
    digest = compute_figures_sha256(data.ballot, data.dapil, data.columns, data.lines)
    assert digest == data.data_sha256
    assert digest == compute_figures_sha256(data.ballot, data.dapil, list(data.columns), list(data.lines))
    # one figure changed by one vote → another hash
    lines = list(data.lines)
    index = next(i for i, ln in enumerate(lines) if ln.line_id == "IV.2")
    values = dict(lines[index].values)
    values["352705"] = (values["352705"] or 0) + 1
    lines[index] = dataclasses.replace(lines[index], values=values)
    assert compute_figures_sha256(data.ballot, data.dapil, data.columns, lines) != digest
    # labels are not figures
    lines = list(data.lines)
    lines[index] = dataclasses.replace(lines[index], label="lain")
    assert compute_figures_sha256(data.ballot, data.dapil, data.columns, lines) == digest


def test_stamp_and_qr_payload() -> None:
    data = fx.ppwp_data()
    stamp = fx.stamp_for(data, version=2)
    assert stamp.qr_payload == f"REKAP|DHK-3527-PPWP-V2|{data.data_sha256}|AUDIT 8067:df6aa6fb02d159e8"
    for bad, message in (({"document_id": "A|B"}, "ID dokumen"), ({"anchor": "AUDIT 12"}, "jangkar"),
                         ({"figures_sha256": "ABC"}, "hash angka"), ({"draft_reasons": ("x",)}, "draf")):
        with pytest.raises(ValueError, match=message):
            dataclasses.replace(stamp, **bad)  # type: ignore[arg-type]


def test_content_digest_covers_what_is_printed_but_not_the_paper() -> None:
    data = fx.ppwp_data()
    digest = content_digest(data)
    assert content_digest(dataclasses.replace(data, paper="f4")) == digest
    assert content_digest(dataclasses.replace(data, place="Aula lain")) != digest
    signatories = list(data.signatories)
    signatories[0] = dataclasses.replace(signatories[0], name="NAMA LAIN")
    assert content_digest(dataclasses.replace(data, signatories=signatories)) != digest


def test_fixture_figures_are_consistent() -> None:
    """The synthetic data obeys the form's arithmetic, so the renders show plausible numbers."""
    for data in fx.all_sampang_contests():
        by_id = {ln.line_id: ln for ln in data.lines}
        assert by_id["V.C"].total == by_id["V.A"].total + by_id["V.B"].total  # type: ignore[operator]
        assert by_id["V.C"].total == by_id["I.B.4.JML"].total
        section_iv = [
            ln.total or 0
            for ln in data.lines
            if ln.section == "IV" and not ln.is_header and (ln.line_id.endswith(".T") or ln.line_id.count(".") == 1)
        ]
        assert sum(section_iv) == by_id["V.A"].total
    ppwp = {ln.line_id: ln for ln in fx.ppwp_data().lines}
    assert ppwp["I.A.JML"].total == fx.SAMPANG_DPT == 761_421
