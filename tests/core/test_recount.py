"""TPS recount at the plenary (issue 13.1) on real databases: the kecamatan moves by exactly the difference through
the correction path (also when ditetapkan), ``before`` is checked against Sirekap or an earlier recount, every bad
input is refused with nothing written, raw-SQL tampering is named by verify-audit, two stations cannot both apply
the same recount."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from rekap_desktop import recount as recount_mod
from rekap_desktop.recount import FigureInput, RecountError, parse_figures_csv, record_recount, recounts
from rekap_desktop.services import KecamatanStatus, RecapService
from rekap_desktop.sirekap.importer import import_paths

from .refdata import small_reference

TPS = "3527012001003"  # Sreseh › Noreh › TPS 003
KEC = TPS[:6]
KECAMATAN_FIGURES = {"IV.1": 4800, "IV.2": 13900, "IV.3": 8000, "V.A": 26700, "V.B": 1400, "V.C": 28100,
                     "II.3": 50}
SIREKAP_ADMIN = {"suara_sah": 267, "suara_tidak_sah": 14, "suara_total": 281}
SIREKAP_CHART = {"100025": 48, "100026": 139, "100027": 80, "null": None}


def write_sirekap(root: Path, code: str = TPS, chart: dict[str, Any] | None = None) -> Path:
    doc = {"mode": "hhcw", "chart": chart or SIREKAP_CHART, "images": [None, None, None],
           "administrasi": SIREKAP_ADMIN, "psu": None, "ts": "2024-02-15 20:00:00", "status_suara": True,
           "status_adm": True}
    path = root / "pemilu" / "hhcw" / "ppwp" / code[:2] / code[:4] / code[:6] / code[:10] / f"{code}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc), encoding="utf-8")
    return root


@pytest.fixture
def plenary(service: RecapService, tmp_path: Path) -> RecapService:
    """Sreseh's PPWP figures typed and ditetapkan, Sirekap of TPS 003 imported, a keberatan about that TPS."""
    service.set_entries("ppwp", [(line, KEC, v) for line, v in KECAMATAN_FIGURES.items()])
    service.set_status("ppwp", KEC, KecamatanStatus.DITETAPKAN)
    import_paths(service, [write_sirekap(tmp_path / "sirekap")], source_label="uji")
    service.add_keberatan("ppwp", kind="kejadian_khusus", level="ppk", tps=TPS, saksi="SAKSI FIKTIF 02",
                          description="PPK Sreseh: C plano TPS 003 dikoreksi, tidak sama dengan salinan saksi")
    return service


def kid_of(service: RecapService) -> int:
    return service.keberatan("ppwp")[-1].id


def recount_02(service: RecapService, **kwargs: Any) -> recount_mod.Recount:
    figures = [FigureInput("IV.2", 139, 100), FigureInput("V.A", 267, 228), FigureInput("V.B", 14, 53),
               FigureInput("V.C", 281, 281)]
    return record_recount(service, "ppwp", TPS, kwargs.pop("figures", figures),
                          reason=kwargs.pop("reason", "C plano tidak sama dengan salinan saksi"),
                          keberatan_id=kwargs.pop("keberatan_id", kid_of(service)), held_on="2024-03-05", **kwargs)


def manual(service: RecapService) -> dict[str, int]:
    return {line: v for key, line, kec, v in service.entries("ppwp") if kec == KEC}


def test_a_recount_moves_a_ditetapkan_kecamatan_by_exactly_the_difference(plenary: RecapService) -> None:
    before = manual(plenary)
    done = recount_02(plenary)
    after = manual(plenary)
    assert after["IV.2"] == before["IV.2"] - 39 and after["V.A"] == before["V.A"] - 39
    assert after["V.B"] == before["V.B"] + 39 and after["V.C"] == before["V.C"]
    assert {k: v for k, v in after.items() if k not in ("IV.2", "V.A", "V.B")} == {
        k: v for k, v in before.items() if k not in ("IV.2", "V.A", "V.B")}
    assert plenary.statuses("ppwp")[KEC] is KecamatanStatus.DITETAPKAN  # still locked for ordinary edits
    assert [li.line for li in done.lines] == ["IV.2", "V.A", "V.B", "V.C"]  # form order
    assert [li.line for li in done.changed] == ["IV.2", "V.A", "V.B"]
    assert {li.basis for li in done.lines} == {"sirekap"} and all(li.known == li.before for li in done.lines)
    events = plenary.audit_events(4)
    assert [e["action"] for e in events] == ["entry.set", "entry.set", "entry.set", "recount.add"]
    for event in events[:3]:
        assert event["payload"]["recount"] == done.id and event["payload"]["keberatan"] == done.keberatan_id
        assert TPS in event["payload"]["reason"] and event["kecamatan"] == KEC
        assert event["new"] - event["old"] == next(
            li.delta for li in done.lines if li.line == event["line"])
    assert events[3]["payload"]["row"]["tps"] == TPS
    (stored,) = recounts(plenary, "ppwp")
    assert stored == done and stored.held_on == "2024-03-05"
    assert plenary.load_sheet("ppwp").value("IV.2", KEC) == after["IV.2"]
    assert plenary.verify_audit().ok


def test_before_is_checked_against_sirekap_then_against_the_last_recount(plenary: RecapService) -> None:
    events = plenary.anchor().event_id
    with pytest.raises(RecountError) as info:
        recount_02(plenary, figures=[FigureInput("IV.2", 140, 100, "baris 2")])
    (problem,) = info.value.problems
    assert "baris 2 (IV.2)" in problem and "140" in problem and "Sirekap" in problem and "139" in problem
    assert plenary.anchor().event_id == events and recounts(plenary) == []
    # Sirekap misread the plano: the operator states why, and that is recorded
    first = recount_02(plenary, figures=[FigureInput("IV.2", 140, 100)],
                       sirekap_note="Sirekap membaca 139; C plano tertulis 140")
    assert first.sirekap_note.startswith("Sirekap membaca") and first.lines[0].known == 139
    # a second recount starts from the first one's "after"; a note does not override our own record
    with pytest.raises(RecountError, match=f"hitung ulang #{first.id} mencatat 100"):
        recount_02(plenary, figures=[FigureInput("IV.2", 139, 99)], sirekap_note="alasan apa pun")
    second = recount_02(plenary, figures=[FigureInput("IV.2", 100, 101)])
    assert second.lines[0].basis == "hitung_ulang" and second.lines[0].ref == first.id
    assert second.sirekap_note == ""
    assert manual(plenary)["IV.2"] == KECAMATAN_FIGURES["IV.2"] - 40 + 1
    assert plenary.verify_audit().ok


def test_lines_without_a_known_figure_take_the_stated_before(plenary: RecapService) -> None:
    done = recount_02(plenary, figures=[FigureInput("II.3", 2, 5)])  # Sirekap publishes no section II
    assert done.lines[0].basis == "" and done.lines[0].known is None
    assert manual(plenary)["II.3"] == KECAMATAN_FIGURES["II.3"] + 3


@pytest.mark.parametrize(("change", "message"), [
    ({"figures": [FigureInput("IV.9", 1, 2)]}, "IV.9"),
    ({"figures": [FigureInput("IV.2", 139, 1000)]}, "0–999"),
    ({"figures": [FigureInput("IV.2", 139, 100), FigureInput("IV.2", 139, 101)]}, "dua kali"),
    ({"figures": []}, "tidak ada baris"),
    ({"figures": [FigureInput("I.A.L", 5, 9)]}, "belum diisi"),
    ({"reason": " "}, "alasan"),
    ({"keberatan_id": None}, "nomor keberatan"),
    ({"keberatan_id": 999}, "#999 tidak ada"),
    ({"held_on": "5 Maret"}, "tanggal"),
])
def test_bad_recounts_are_refused_and_nothing_is_written(plenary: RecapService, change: dict[str, Any],
                                                         message: str) -> None:
    events, figures = plenary.anchor().event_id, manual(plenary)
    change = dict(change)
    held_on = change.pop("held_on", None)
    with pytest.raises(RecountError, match=message):
        if held_on:
            record_recount(plenary, "ppwp", TPS, [FigureInput("IV.2", 139, 100)], reason="uji",
                           keberatan_id=kid_of(plenary), held_on=held_on)
        else:
            recount_02(plenary, **change)
    assert plenary.anchor().event_id == events and manual(plenary) == figures and recounts(plenary) == []


def test_every_problem_of_a_recount_is_named_at_once(plenary: RecapService) -> None:
    """An unknown line no longer hides the database checks of the other lines, nor the date, reason and keberatan:
    each problem once, nothing written (the dialog's preview lists them all too)."""
    plenary.set_entry("ppwp", "IV.1", "352702", 10)
    events, figures = plenary.anchor().event_id, manual(plenary)
    lines = [FigureInput("IV.2", 140, 100, "baris 2"), FigureInput("IV.9", 1, 2, "baris 3"),
             FigureInput("V.B", 14, 1000, "baris 4")]
    with pytest.raises(RecountError) as refused:
        record_recount(plenary, "ppwp", TPS, lines, reason=" ", keberatan_id=999, held_on="5 Maret")
    assert refused.value.problems == [
        "alasan hitung ulang wajib diisi",
        "tanggal hitung ulang '5 Maret' tidak sah (bentuknya TTTT-BB-HH)",
        "keberatan #999 tidak ada pada kontes ini",
        "baris 3 (IV.9): baris 'IV.9' tidak ada pada formulir Presiden dan Wakil Presiden",
        "baris 4 (V.B): angka sesudah 1000 harus bilangan bulat 0–999",
        refused.value.problems[5],
    ]
    assert refused.value.problems[5].startswith("baris 2 (IV.2): angka sebelum 140, padahal data Sirekap")
    assert plenary.anchor().event_id == events and manual(plenary) == figures and recounts(plenary) == []
    preview = recount_mod.preview(plenary, "ppwp", TPS, lines)
    assert len(preview.problems) == 3 and preview.problems[-1].startswith("baris 2 (IV.2)")


def test_negative_results_wrong_tps_and_unusable_keberatan_are_refused(plenary: RecapService) -> None:
    plenary.set_entry("ppwp", "IV.1", "352702", 10)
    other = plenary.add_keberatan("ppwp", description="TPS lain", tps="3527022001001")
    with pytest.raises(RecountError, match="negatif"):
        record_recount(plenary, "ppwp", "3527022001001", [FigureInput("IV.1", 48, 0)], reason="uji",
                       keberatan_id=other)
    with pytest.raises(RecountError, match="bukan TPS 3527012001003"):
        recount_02(plenary, keberatan_id=other)
    with pytest.raises(RecountError, match="13 angka"):
        record_recount(plenary, "ppwp", "35270120010", [FigureInput("IV.2", 139, 100)], reason="uji",
                       keberatan_id=kid_of(plenary))
    elsewhere = plenary.add_keberatan("pdpd", description="kontes lain", kecamatan=KEC)
    with pytest.raises(RecountError, match="tidak ada pada kontes ini"):
        recount_02(plenary, keberatan_id=elsewhere)
    rejected = plenary.add_keberatan("ppwp", description="ditolak", tps=TPS)
    plenary.resolve_keberatan(rejected, outcome="ditolak", tindak_lanjut="tidak beralasan")
    with pytest.raises(RecountError, match="ditolak"):
        recount_02(plenary, keberatan_id=rejected)
    assert recounts(plenary) == [] and plenary.verify_audit().ok


@pytest.mark.parametrize("sql", [
    "UPDATE recount SET figures = replace(figures, '\"after\":100', '\"after\":10')",
    "UPDATE recount SET reason = 'alasan lain'",
    "DELETE FROM recount",
])
def test_verify_audit_names_a_recount_changed_by_raw_sql(plenary: RecapService, sql: str) -> None:
    done = recount_02(plenary)
    assert plenary.verify_audit().ok
    with plenary.engine.begin() as conn:
        conn.exec_driver_sql(sql)
    problems = plenary.verify_audit().problems
    assert any(p.startswith(f"hitung ulang TPS #{done.id}") and "di luar aplikasi" in p for p in problems)


def test_a_recount_inserted_by_raw_sql_is_named(plenary: RecapService) -> None:
    kid = kid_of(plenary)
    with plenary.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO recount (id, contest, tps, kecamatan, keberatan_id, reason, held_on, figures, sirekap_note,"
            f" created_at) VALUES (77, 'ppwp', '{TPS}', '{KEC}', {kid}, 'palsu', '2024-03-05', '[]', '', 'x')"))
    assert any("hitung ulang TPS #77" in p and "ditambah di luar aplikasi" in p
               for p in plenary.verify_audit().problems)


def test_two_stations_recounting_the_same_tps_at_once(db_url: str, tmp_path: Path, monkeypatch) -> None:
    """Station A holds the chain lock while B tries the same recount: B waits, then sees A's recount and is refused
    (its ``before`` is no longer what is known). Exactly one recount is applied."""
    monkeypatch.setenv("REKAP_SQLITE_BUSY_MS", "20000")
    a = RecapService.open(db_url, actor="operator A", station="meja-a")
    a.store_reference(small_reference())
    a.set_entries("ppwp", [(line, KEC, v) for line, v in KECAMATAN_FIGURES.items()])
    import_paths(a, [write_sirekap(tmp_path / "sirekap")], source_label="uji")
    kid = a.add_keberatan("ppwp", description="uji", tps=TPS)
    b = RecapService.open(db_url, actor="operator B", station="meja-b")
    a_inside, release = threading.Event(), threading.Event()
    original = recount_mod.plan

    def slow_plan(conn, contest, tps, figures, **kwargs):  # type: ignore[no-untyped-def]
        result = original(conn, contest, tps, figures, **kwargs)
        if threading.current_thread().name == "A":
            a_inside.set()
            release.wait(10)
        return result

    monkeypatch.setattr(recount_mod, "plan", slow_plan)
    outcome: dict[str, object] = {}

    def run(name: str, service: RecapService) -> None:
        try:
            outcome[name] = record_recount(service, "ppwp", TPS, [FigureInput("IV.2", 139, 100)], reason=name,
                                           keberatan_id=kid)
        except RecountError as exc:
            outcome[name] = exc

    ta = threading.Thread(target=run, args=("A", a), name="A")
    ta.start()
    assert a_inside.wait(10)
    tb = threading.Thread(target=run, args=("B", b), name="B")
    tb.start()
    tb.join(0.5)
    assert tb.is_alive()  # B waits for A's lock
    release.set()
    ta.join(20)
    tb.join(20)
    try:
        assert isinstance(outcome["A"], recount_mod.Recount)
        assert isinstance(outcome["B"], RecountError)
        assert f"hitung ulang #{outcome['A'].id} mencatat 100" in str(outcome["B"])
        assert {line: v for _, line, kec, v in a.entries("ppwp") if kec == KEC}["IV.2"] == 13900 - 39
        assert len(recounts(a)) == 1 and a.verify_audit().ok
    finally:
        a.close()
        b.close()


def test_the_csv_file_in_long_format(tmp_path: Path) -> None:
    good = tmp_path / "tps003.csv"
    good.write_text("\ufeffline;before;after\nIV.2;139;100\n\nV.B;14;53\n", encoding="utf-8")
    assert parse_figures_csv(good) == [FigureInput("IV.2", 139, 100, "tps003.csv baris 2"),
                                       FigureInput("V.B", 14, 53, "tps003.csv baris 4")]
    bad = tmp_path / "buruk.csv"
    bad.write_text("line,before,after\nIV.2,139,x\nIV.2,1,2\nV.B,-1,5\nV.C,1\n,1,2\nV.A,1000,1\n", encoding="utf-8")
    with pytest.raises(RecountError) as info:
        parse_figures_csv(bad)
    problems = info.value.problems
    assert problems[0].startswith("buruk.csv baris 2: kolom after = 'x'")
    assert any("baris 3" in p and "sudah ada di baris 2" in p for p in problems)
    assert any("baris 4: kolom before = '-1'" in p for p in problems)
    assert any("baris 5: harus 3 kolom" in p for p in problems)
    assert any("baris 6: kolom line kosong" in p for p in problems)
    assert any("baris 7: kolom before = '1000'" in p for p in problems)
    header = tmp_path / "kepala.csv"
    header.write_text("baris,sebelum,sesudah\nIV.2,1,2\n", encoding="utf-8")
    with pytest.raises(RecountError, match="baris 1: kepala kolom"):
        parse_figures_csv(header)
    with pytest.raises(RecountError, match="tidak dapat dibaca"):
        parse_figures_csv(tmp_path / "tidak-ada.csv")


def test_a_tps_the_reference_does_not_list_is_refused(db_url: str, tmp_path: Path) -> None:
    import dataclasses

    from rekap_desktop.reference import RegionRecord

    reference = small_reference()
    reference = dataclasses.replace(reference, regions=[
        *reference.regions, RegionRecord("3527012001", "NOREH", 20), RegionRecord("3527012002", "DESA KECIL", 2),
        RegionRecord("3527012002001", "TPS 001", 1), RegionRecord("3527012002002", "TPS 002", 1)])
    svc = RecapService.open(db_url, actor="uji")
    try:
        svc.store_reference(reference)
        svc.set_entries("ppwp", [(line, KEC, v) for line, v in KECAMATAN_FIGURES.items()])
        kid = svc.add_keberatan("ppwp", description="uji", kecamatan=KEC)
        for tps, message in (("3527012009001", "desa 3527012009 tidak ada"),  # desa not in the kecamatan
                             ("3527012001021", "hanya punya 20 TPS"),  # Noreh: 20 TPS, no TPS rows
                             ("3527012002003", "TPS 3527012002003 tidak ada")):  # TPS rows listed: 001, 002
            with pytest.raises(RecountError, match=message):
                record_recount(svc, "ppwp", tps, [FigureInput("II.3", 1, 2)], reason="uji", keberatan_id=kid)
        done = record_recount(svc, "ppwp", "3527012002002", [FigureInput("II.3", 1, 2)], reason="uji",
                              keberatan_id=kid)
        assert done.tps == "3527012002002" and svc.verify_audit().ok
    finally:
        svc.close()
