"""The faithful Sampang demo (issue 13.6): real dapil and seats, the 14 parties, the plenary's dates, place and
reading order, the Mlakah recount of a ditetapkan kecamatan and the Pandan PSU in the Sirekap data — built once,
checked against the facts in resources/demo/SOURCES.md; and the demo version that makes the app rebuild it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import select

from rekap_desktop.demo import create_demo, layout_tps, sampang_spec
from rekap_desktop.demo_sampang import (
    DCT_TOTAL,
    DEMO_VERSION,
    DPRDK_DAPILS,
    KECAMATAN,
    MLAKAH_TPS,
    OPEN_KECAMATAN,
    PANDAN_TPS,
    READING_SCHEDULE,
)
from rekap_desktop.models import CandidateRow, SirekapRecordRow
from rekap_desktop.recount import recounts
from rekap_desktop.rules import Severity
from rekap_desktop.services import KecamatanStatus, RecapService
from rekap_desktop.sirekap.store import current_records

JRENGIK, SRESEH, TAMBELANGAN, OMBEN = "352707", "352701", "352708", "352705"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RecapService]:
    path = tmp_path_factory.mktemp("demo-faithful") / "demo.sqlite"
    create_demo(path)
    service = RecapService.open(path, actor="uji")
    yield service
    service.close()


def test_dapil_parties_and_candidates_are_sampangs(demo: RecapService) -> None:
    dprdk = {c.dapil.code: c for c in demo.contests() if c.ballot.value == "pdprdk" and c.dapil}
    assert len(dprdk) == 6
    assert set(dprdk["352702"].kecamatan_codes) == {JRENGIK, SRESEH, TAMBELANGAN}  # Dapil II, real
    assert set(dprdk["352701"].kecamatan_codes) == {"352703", "352702", "352713"}  # Sampang, Torjun, Pangarengan
    assert set(dprdk["352703"].kecamatan_codes) == {"352709", "352712"}  # Banyuates, Ketapang
    every = [k for c in dprdk.values() for k in c.kecamatan_codes]
    assert sorted(every) == sorted(code for code, _, _ in KECAMATAN)  # each kecamatan in exactly one dapil
    assert sum(seats for *_, seats, _ in DPRDK_DAPILS) == 45
    assert "belum terkonfirmasi" in dprdk["352704"].dapil.note and "nyata" in dprdk["352702"].dapil.note
    for contest in dprdk.values():
        numbers = [b.party.number for b in contest.parties]
        assert len(numbers) == 14 and not {6, 9, 16, 24} & set(numbers)
        seats = next(s for code, *_, s, _ in DPRDK_DAPILS if code == contest.dapil.code)
        assert all(1 <= len(b.candidates) <= seats for b in contest.parties)  # DCT ≤ seats (UU 7/2017 Pasal 244)
    with demo.engine.connect() as conn:
        dct = conn.execute(select(CandidateRow).where(CandidateRow.ballot == "pdprdk")).all()
    assert len(dct) == DCT_TOTAL == 410
    names = {c.key: c.dapil.name for c in demo.contests() if c.dapil}
    assert names["pdpr:3511"] == "JAWA TIMUR XI" and names["pdprdp:3514"] == "JAWA TIMUR 14"


def test_plenary_date_place_and_reading_order(demo: RecapService) -> None:
    settings = demo.settings()
    assert settings["tanggal_rapat"] == "2024-03-01" and settings["tanggal_rapat_selesai"] == "2024-03-06"
    assert settings["tempat"].startswith("GOR Indoor Sampang")
    assert settings["demo_versi"] == str(DEMO_VERSION)
    schedule = json.loads(settings["jadwal_pembacaan"])
    assert schedule["2024-03-01"] == ["352713", "352701", "352711", "352704"]  # Pangarengan first, then Sreseh…
    assert [k for day in schedule.values() for k in day][-1] == OPEN_KECAMATAN == JRENGIK
    # the PPK figures were typed in reading order: Pangarengan's first PPWP figure precedes Sreseh's
    events = [e for e in reversed(demo.audit_events(20_000)) if e["action"] == "entry.set" and e["contest"] == "ppwp"]
    first_seen: list[str] = []
    for e in events:
        if e["kecamatan"] not in first_seen:
            first_seen.append(e["kecamatan"])
    assert first_seen == [k for _, day in READING_SCHEDULE for k in day if k != OPEN_KECAMATAN]
    statuses = demo.statuses("ppwp")
    assert statuses[OPEN_KECAMATAN] is KecamatanStatus.DIBACAKAN
    assert {k for k, s in statuses.items() if s is KecamatanStatus.DITETAPKAN} == set(READING_SCHEDULE[0][1])


def test_the_mlakah_recount_changed_a_ditetapkan_kecamatan(demo: RecapService) -> None:
    key = "pdprdk:352702"
    assert demo.statuses(key)[JRENGIK] is KecamatanStatus.DITETAPKAN
    (done,) = recounts(demo, key)
    assert done.tps == MLAKAH_TPS and done.held_on == "2024-03-05"
    lines = {li.line: (li.before, li.after) for li in done.lines}
    assert lines["IV.5.T"] == (100, 52) and lines["V.B"][1] == 188  # NasDem 100 → 52; 188 invalid ballots
    assert {li.line: li.basis for li in done.lines}["IV.5.T"] == "sirekap"  # "before" = the published C plano
    items = {k.id: k for k in demo.keberatan(key)}
    ppk, protest = items[done.keberatan_id], next(k for k in items.values() if k.id != done.keberatan_id)
    assert (ppk.level, ppk.kind, ppk.tps, ppk.status) == ("ppk", "kejadian_khusus", MLAKAH_TPS, "diterima")
    assert (protest.level, protest.jenis, protest.status) == ("kabupaten", "prosedur", "ditolak")
    assert "NasDem" in protest.peserta and "cacat prosedur" in protest.description
    events = [e for e in demo.audit_events(300) if e["action"] == "entry.set" and e["payload"].get("recount")]
    assert {e["line"] for e in events} == {li.line for li in done.changed}
    assert all(e["kecamatan"] == JRENGIK and e["payload"]["keberatan"] == ppk.id for e in events)
    sheet = demo.load_sheet(key)
    assert not [f for f in sheet.all_findings() if f.column == JRENGIK and f.severity is Severity.ERROR
                and f.rule != "SIREKAP_MISMATCH"]  # the recount kept the kecamatan consistent
    assert demo.verify_audit().ok


def test_the_pandan_psu_is_in_the_sirekap_data(demo: RecapService) -> None:
    with demo.engine.connect() as conn:
        rows = conn.execute(select(SirekapRecordRow.ts, SirekapRecordRow.psu).where(
            SirekapRecordRow.ballot == "ppwp", SirekapRecordRow.tps == PANDAN_TPS).order_by(SirekapRecordRow.ts)).all()
        (current,) = [r for r in current_records(conn, "ppwp", PANDAN_TPS) if r.tps == PANDAN_TPS]
        others = conn.execute(select(SirekapRecordRow.psu).where(
            SirekapRecordRow.ballot != "ppwp", SirekapRecordRow.tps == PANDAN_TPS)).scalars().all()
    assert [psu for _, psu in rows] == [None, "Pemungutan Suara Ulang", "Pemungutan Suara Ulang"]
    assert rows[1][0] == "2024-02-19 06:16:00"  # the real record
    assert current.chart == {"100025": 81, "100026": 124, "100027": 1}  # the re-vote is what counts
    assert others and all(p is None for p in others)  # the PSU was for the presidential ballot only
    keberatan = [k for k in demo.keberatan("ppwp") if k.tps == PANDAN_TPS]
    assert keberatan and keberatan[0].level == "ppk"


def test_no_dpt_difference_between_ballots_and_tps_dpt_kept(demo: RecapService) -> None:
    from rekap_desktop.rules import cross_contest_findings

    dpt = {c.key: {kec: v for _, line, kec, v in demo.entries(c.key) if line == "I.A.JML"} for c in demo.contests()}
    assert cross_contest_findings(dpt) == []
    spec = sampang_spec()
    tps = {t.code: t for t in layout_tps(spec)}
    assert (tps[MLAKAH_TPS].dpt, tps[PANDAN_TPS].dpt) == (275, 284)
    per_kec: dict[str, int] = {}
    for t in tps.values():
        per_kec[t.kecamatan] = per_kec.get(t.kecamatan, 0) + t.dpt
    assert per_kec == {code: dpt for code, _, dpt in KECAMATAN}


def test_every_source_is_named_in_sources_md() -> None:
    text = resources.files("resources").joinpath("demo", "SOURCES.md").read_text(encoding="utf-8")
    for source in ("taberita.com", "d-7227680", "bangsaonline.com/berita/129215", "sigap88news.com",
                   "kompas.com", "targethukum.com", "salsabilafm.com", "dapurrakyatnews.com",
                   "psu-3527052020018.json", "Invented"):
        assert source in text, source
    real = json.loads(resources.files("resources").joinpath("demo", "sirekap", "psu-3527052020018.json").read_text(
        encoding="utf-8"))
    assert real["psu"] == "Pemungutan Suara Ulang" and real["chart"] is None and real["administrasi"] is None


def test_ensure_demo_rebuilds_an_older_demo_and_keeps_it(tmp_path: Path, monkeypatch) -> None:
    import sqlite3

    import rekap_desktop.demo as demo_module
    from ui.app import demo_version, ensure_demo

    built: list[Path] = []

    def fake_create(path: Path) -> None:
        built.append(Path(path))
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO setting VALUES ('demo_versi', ?)", (str(DEMO_VERSION),))
        conn.commit()
        conn.close()

    monkeypatch.setattr(demo_module, "create_demo", fake_create)
    path = tmp_path / "demo.sqlite"
    old = sqlite3.connect(path)  # a demo of the first version: no demo_versi setting yet
    old.execute("CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT)")
    old.execute("INSERT INTO setting VALUES ('dataset', 'demo')")
    old.commit()
    old.close()
    assert demo_version(path) is None
    ensure_demo(path)
    assert built == [path] and demo_version(path) == DEMO_VERSION
    assert (tmp_path / "demo-versi-1.sqlite").exists()  # the older demo is kept, not deleted
    ensure_demo(path)  # up to date: not built again
    assert built == [path]
    (tmp_path / "missing.sqlite").unlink(missing_ok=True)
    ensure_demo(tmp_path / "missing.sqlite")
    assert built[-1] == tmp_path / "missing.sqlite"
    office = tmp_path / "kantor.sqlite"  # --db pointing at an office database by mistake: never moved or rebuilt
    conn = sqlite3.connect(office)
    conn.execute("CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO setting VALUES ('kabupaten_kode', '3527')")
    conn.commit()
    conn.close()
    ensure_demo(office)
    assert built[-1] != office and office.exists() and not (tmp_path / "kantor-versi-1.sqlite").exists()
