"""What is still open in a contest (rekap_desktop.open_items): only a contest with everything closed is final."""

from __future__ import annotations

import random

from rekap_desktop.lines import LineCatalogue
from rekap_desktop.open_items import open_items
from rekap_desktop.services import KecamatanStatus, RecapService
from rekap_desktop.synthesis import consistent_column

KEY = "pdprdk:352701"  # one kecamatan: SRESEH


def fill(service: RecapService, key: str) -> None:
    contest = service.contest(key)
    catalogue = LineCatalogue(contest)
    rng = random.Random(7)
    items = []
    for region in contest.kecamatan:
        items += [(line, region.code, v) for line, v in consistent_column(catalogue, rng, 20_000, 97).items()]
    service.set_entries(key, items)


def test_an_empty_contest_is_open_everywhere(service: RecapService) -> None:
    found = open_items(service, service.contest("ppwp"))
    assert not found.closed
    assert [name for name, _ in found.empty_cells] == ["SRESEH", "TORJUN", "SAMPANG"]
    assert found.not_ditetapkan == (("SRESEH", "belum"), ("TORJUN", "belum"), ("SAMPANG", "belum"))
    lines = found.lines()
    assert any(line.startswith(f"{found.empty_cell_count} isian kosong: SRESEH (") for line in lines)
    assert "3 kecamatan belum ditetapkan: SRESEH (belum), TORJUN (belum), SAMPANG (belum)" in lines


def test_closing_a_contest_step_by_step(service: RecapService) -> None:
    fill(service, KEY)
    found = open_items(service, service.contest(KEY))
    assert found.empty_cells == () and found.errors == ()
    assert found.not_ditetapkan == (("SRESEH", "belum"),)
    service.set_entry(KEY, "V.B", "352701", (service.load_sheet(KEY).value("V.B", "352701") or 0) + 5)
    found = open_items(service, service.contest(KEY))
    assert {(kec, rule) for kec, _, rule, _ in found.errors} >= {("SRESEH", "R4"), ("JUMLAH", "R4")}
    assert found.lines()[0].startswith(f"{len(found.errors)} temuan galat (")
    service.set_entry(KEY, "V.B", "352701", (service.load_sheet(KEY).value("V.B", "352701") or 0) - 5)
    number = service.add_keberatan(KEY, description="Saksi meminta pencocokan ulang suara partai 1 di Sreseh",
                                   kecamatan="352701")
    found = open_items(service, service.contest(KEY))
    assert found.errors == ()
    assert found.open_keberatan == ((number, "SRESEH", "Saksi meminta pencocokan ulang suara partai 1 di Sreseh"),)
    assert f"1 keberatan/kejadian khusus belum diputus: #{number} SRESEH: Saksi meminta" in found.summary()
    service.resolve_keberatan(number, outcome="ditolak", tindak_lanjut="Angka sesuai D.HASIL KECAMATAN")
    service.set_status(KEY, "352701", KecamatanStatus.DITETAPKAN)
    found = open_items(service, service.contest(KEY))
    assert found.closed and found.lines() == [] and found.summary() == "semua selesai"

