"""Cell marks from the keberatan table and the audit log, on SQLite and PostgreSQL: keberatan (open, decided, about a
kecamatan), corrections and recounts; incremental updates from audit events agree with a full reload."""

from __future__ import annotations

from pathlib import Path

from rekap_desktop.cell_marks import CellMarks, MarkKind, load_marks
from rekap_desktop.services import KecamatanStatus, RecapService
from rekap_desktop.sirekap.importer import import_paths

from .test_recount import KEC, KECAMATAN_FIGURES, recount_02, write_sirekap

OTHER = "352702"


def marks_of(service: RecapService, contest: str | None = "ppwp") -> CellMarks:
    with service.engine.connect() as conn:
        return load_marks(conn, contest)


def test_keberatan_marks_its_cells_or_its_kecamatan(service: RecapService) -> None:
    on_cells = service.add_keberatan("ppwp", kecamatan=KEC, cells=["V.A", "V.C"], saksi="SAKSI PASLON 01",
                                     description="Suara sah di Sreseh tidak sama dengan salinan C.HASIL")
    whole = service.add_keberatan("ppwp", kecamatan=OTHER, description="Rekap Torjun dibacakan tanpa saksi")
    service.add_keberatan("ppwp", kind="kejadian_khusus", kecamatan=KEC, cells=["V.B"],
                          description="Listrik padam 10 menit")
    service.add_keberatan("ppwp", description="Tentang seluruh kabupaten")
    marks = marks_of(service)
    (mark,) = marks.cell("ppwp", "V.A", KEC)
    assert mark.kind is MarkKind.KEBERATAN and mark.keberatan == on_cells and mark.open
    assert f"#{on_cells}" in mark.note and "belum diputus" in mark.note and "Suara sah" in mark.note
    assert marks.kinds("ppwp", "V.C", KEC) == {MarkKind.KEBERATAN}
    assert marks.cell("ppwp", "V.B", KEC) == ()  # a kejadian khusus is no dispute of a figure
    assert marks.cell("ppwp", "V.A", OTHER) == ()
    (kec_mark,) = marks.kecamatan("ppwp", OTHER)
    assert kec_mark.keberatan == whole
    assert set(marks.cells_of("ppwp")) == {("V.A", KEC), ("V.C", KEC)}
    service.resolve_keberatan(on_cells, outcome="ditolak", tindak_lanjut="Salinan saksi keliru")
    (decided,) = marks_of(service).cell("ppwp", "V.A", KEC)
    assert not decided.open and "ditolak" in decided.note


def test_a_correction_and_a_recount_mark_their_cells(service: RecapService, tmp_path: Path) -> None:
    service.set_entries("ppwp", [(line, KEC, v) for line, v in KECAMATAN_FIGURES.items()])
    service.set_entry("ppwp", "II.3", KEC, 51)  # an ordinary edit: no mark
    service.set_status("ppwp", KEC, KecamatanStatus.DITETAPKAN)
    kid = service.add_keberatan("ppwp", kecamatan=KEC, cells=["V.B"], description="V.B salah baca")
    service.set_entry("ppwp", "V.B", KEC, 1401, reason="Dibacakan ulang: 1.401", keberatan_id=kid)
    import_paths(service, [write_sirekap(tmp_path / "sirekap")], source_label="uji")
    recount = recount_02(service, keberatan_id=kid)
    marks = marks_of(service)
    assert marks.cell("ppwp", "II.3", KEC) == ()
    kinds = [m.kind for m in marks.cell("ppwp", "V.B", KEC)]
    assert kinds == [MarkKind.HITUNG_ULANG, MarkKind.KOREKSI, MarkKind.KEBERATAN]  # most important first
    correction = marks.cell("ppwp", "V.B", KEC)[1]
    assert correction.keberatan == kid and "Dibacakan ulang" in correction.note and correction.event > 0
    recounted = marks.cell("ppwp", "IV.2", KEC)[0]
    assert recounted.kind is MarkKind.HITUNG_ULANG and recounted.recount == recount.id
    assert f"Hitung ulang #{recount.id}" in recounted.note


def test_events_applied_one_by_one_agree_with_a_reload(service: RecapService, tmp_path: Path) -> None:
    live = marks_of(service, None)
    seen = max((e["id"] for e in service.audit_events(1)), default=0)
    service.set_entries("ppwp", [(line, KEC, v) for line, v in KECAMATAN_FIGURES.items()])
    service.set_status("ppwp", KEC, KecamatanStatus.DITETAPKAN)
    kid = service.add_keberatan("ppwp", kecamatan=KEC, cells=["V.A"], description="V.A")
    service.set_entry("ppwp", "V.A", KEC, 26701, reason="Koreksi V.A", keberatan_id=kid)
    whole = service.add_keberatan("ppwp", kecamatan=OTHER, description="seluruh kecamatan")
    service.resolve_keberatan(whole, outcome="diterima", tindak_lanjut="Dibacakan ulang")
    changed = [live.apply_event(e) for e in reversed(service.audit_events(100)) if e["id"] > seen]
    assert any(changed)
    reloaded = marks_of(service, None)
    assert live.cells_of("ppwp") == reloaded.cells_of("ppwp")
    assert live.kecamatan_of("ppwp") == reloaded.kecamatan_of("ppwp")
    # an event seen twice (a station hearing its own change) adds nothing
    last = service.audit_events(50)
    again = next(e for e in last if e["action"] == "entry.set" and e["payload"].get("keberatan"))
    assert live.apply_event(again) is False
    assert live.cells_of("ppwp") == reloaded.cells_of("ppwp")


def test_reloading_one_contest_keeps_the_others(service: RecapService) -> None:
    service.add_keberatan("ppwp", kecamatan=KEC, cells=["V.A"], description="PPWP")
    other = next(c.key for c in service.contests() if c.key != "ppwp")
    service.add_keberatan(other, kecamatan=service.contest(other).kecamatan[0].code, cells=["V.A"],
                          description="kontes lain")
    marks = marks_of(service, None)
    assert set(marks.contests()) >= {"ppwp", other}
    with service.engine.connect() as conn:
        load_marks(conn, "ppwp", into=marks)
    assert marks.cells_of(other)
    assert marks.cells_of("ppwp")
