"""PSU/PSL: the real PSU record of Omben (Desa Pandan, TPS 018), marks made by hand, figures superseded by the
re-vote never counting, the status in the summary, `check` and the TPS list, and the audit of every mark."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from rekap_desktop.checks import findings_for
from rekap_desktop.services import RecapService, ValidationError
from rekap_desktop.sirekap.importer import import_paths
from rekap_desktop.sirekap.marks import mark_tps, marks
from rekap_desktop.sirekap.status import TpsStatus
from rekap_desktop.sirekap.store import current_records, tps_history
from rekap_desktop.sirekap.summary import summary
from rekap_desktop.sirekap.tps_list import tps_list

from ..conftest import FIELD_CASES
from .test_sirekap_import import DESA, NOREH, tps_doc, write_tps

PANDAN_18 = "3527052020018"
OMBEN = "352705"
PSU_RECORD = FIELD_CASES / "01-psu-record"
PSU_AFTER = FIELD_CASES / "01-psu-after"


def first_count(root: Path) -> Path:
    """The TPS's first count (14 Feb; minors voted): figures that the PSU supersedes."""
    return write_tps(root, "ppwp", PANDAN_18, tps_doc(
        chart={"100025": 90, "100026": 130, "100027": 5, "null": None}, ts="2024-02-15 09:00:00",
        admin={"suara_sah": 225, "suara_tidak_sah": 5, "suara_total": 230, "pemilih_dpt_j": 284,
               "pengguna_total_j": 230}))


def current(service: RecapService) -> dict[str, tuple[int | None, str]]:
    with service.engine.connect() as conn:
        rows = conn.execute(text("SELECT tps, record_id, status FROM sirekap_current WHERE ballot = 'ppwp'")).all()
    return {tps: (record_id, status) for tps, record_id, status in rows}


def omben_figure(service: RecapService, line: str = "IV.1") -> tuple[int | None, int, int, int, str]:
    sheet = service.load_sheet("ppwp")
    fig = sheet.sirekap(line, OMBEN)
    assert fig is not None
    return fig.value, fig.tps_with_data, fig.tps_known, fig.tps_psu, fig.coverage_text


def test_the_real_psu_record_supersedes_the_first_count_and_is_awaited(service: RecapService, src: Path) -> None:
    first_count(src)
    assert import_paths(service, [src]).records_added == 1
    assert omben_figure(service)[:4] == (90, 1, 1, 0)
    # the real record of 19 Feb: "psu": "Pemungutan Suara Ulang", every figure null
    result = import_paths(service, [PSU_RECORD])
    assert result.ok and result.records_added == 1
    record_id, status = current(service)[PANDAN_18]
    assert status == "psu"  # the PSU record (no figures) counts; the first count never again
    value, with_data, known, psu, coverage = omben_figure(service)
    assert (value, with_data, known, psu) == (None, 0, 1, 1) and coverage == "0 dari 1 TPS, 1 PSU"
    with service.engine.connect() as conn:
        assert [(r.tps, r.admin, r.chart) for r in current_records(conn, "ppwp", OMBEN)] == [(PANDAN_18, {}, {})]
        history = tps_history(conn, "ppwp", PANDAN_18)
        entry = next(e for e in tps_list(conn, service.contest("ppwp"), OMBEN) if e.code == PANDAN_18)
    assert [(h.ts, h.current, h.psu) for h in history] == [
        ("2024-02-15 09:00:00", False, None), ("2024-02-19 06:16:00", True, "Pemungutan Suara Ulang")]
    assert record_id == history[1].id
    assert (entry.status, entry.status_source, entry.figures, entry.has_data) == (TpsStatus.PSU, "sirekap", {}, False)
    rows = [r for r in summary(service, "ppwp", "tps") if r.region == PANDAN_18]
    assert [(r.line, r.value, r.status) for r in rows] == [("", None, "psu")]
    kec = {r.line: r for r in summary(service, "ppwp", "kecamatan") if r.region == OMBEN}
    assert all(r.status == "psu:1" for r in kec.values())
    (psu,) = [f for f in findings_for(service, [service.contest("ppwp")]) if f.rule == "SIREKAP_TPS_PSU"]
    assert (psu.tps, psu.status, psu.severity, psu.kecamatan) == (PANDAN_18, "psu", "warning", OMBEN)
    assert "Pemungutan Suara Ulang (menurut Sirekap)" in psu.message and "belum ada" in psu.message

    # the result of the re-vote (81 / 124 / 1, DPT 284): counted, still shown as PSU
    assert import_paths(service, [PSU_AFTER]).records_added == 1
    record_id, status = current(service)[PANDAN_18]
    assert record_id is not None and status == "psu"
    assert omben_figure(service)[:4] == (81, 1, 1, 1)
    assert omben_figure(service, "IV.3")[0] == 1 and omben_figure(service, "I.A.JML")[0] == 284
    (psu,) = [f for f in findings_for(service, [service.contest("ppwp")]) if f.rule == "SIREKAP_TPS_PSU"]
    assert "hasil PSU ada (ts 2024-02-20 10:00:00)" in psu.message
    assert service.verify_audit().ok


def test_import_order_does_not_matter(service: RecapService, src: Path, tmp_path: Path) -> None:
    # all three at once, and the first count imported last (an old scrape found later): it never counts
    shutil.copytree(PSU_RECORD, src, dirs_exist_ok=True)
    shutil.copytree(PSU_AFTER, tmp_path / "after")
    assert import_paths(service, [tmp_path / "after", src]).records_added == 2
    late = tmp_path / "late"
    first_count(late)
    assert import_paths(service, [late]).records_added == 1
    assert omben_figure(service)[:4] == (81, 1, 1, 1)


def test_a_flagged_record_without_a_later_result_keeps_every_earlier_figure_out(service: RecapService,
                                                                                  src: Path) -> None:
    # a first count stamped AFTER the PSU flag would be the re-vote's; stamped before, it never counts
    first_count(src)
    write_tps(src / "lanjut", "ppwp", PANDAN_18, tps_doc(ts="2024-02-21 10:00:00"))  # unflagged, later
    import_paths(service, [src, PSU_RECORD])
    record_id, status = current(service)[PANDAN_18]
    with service.engine.connect() as conn:
        history = tps_history(conn, "ppwp", PANDAN_18)
    assert status == "psu" and record_id == history[-1].id and history[-1].ts == "2024-02-21 10:00:00"


def test_marking_by_hand_is_audited_and_changes_what_counts(service: RecapService) -> None:
    import_paths(service, [DESA])
    before = service.load_sheet("ppwp").sirekap("IV.2", "352701")
    assert before is not None and (before.value, before.tps_with_data) == (2184, 15)
    tps = f"{NOREH}001"  # 48 / 139 / 80
    mark = mark_tps(service, "ppwp", tps, "psu", "Rekomendasi Panwaslu Kec. Sreseh (contoh)")
    assert mark.changed and mark.status is TpsStatus.PSU and mark.since is None
    after = service.load_sheet("ppwp").sirekap("IV.2", "352701")
    assert after is not None and (after.value, after.tps_with_data, after.tps_psu) == (2184 - 139, 14, 1)
    assert current(service)[tps] == (None, "psu")
    # the same mark again writes nothing
    events = len(service.audit_events(limit=1000))
    assert not mark_tps(service, "ppwp", tps, "psu", "Rekomendasi Panwaslu Kec. Sreseh (contoh)").changed
    assert len(service.audit_events(limit=1000)) == events
    # a mark with a start: records from then on count as the re-vote's (the stored one is of 21 Feb)
    mark_tps(service, "ppwp", tps, "psu", "PSU 20 Feb", since="2024-02-20")
    assert current(service)[tps][0] is not None
    # back to normal: the record counts as before
    mark_tps(service, "ppwp", tps, "normal", "keputusan pleno: bukan PSU")
    again = service.load_sheet("ppwp").sirekap("IV.2", "352701")
    assert again is not None and (again.value, again.tps_with_data, again.tps_psu) == (2184, 15, 0)
    (stored,) = marks(service, "ppwp")
    assert (stored.status, stored.reason, stored.since) == (TpsStatus.NORMAL, "keputusan pleno: bukan PSU", None)
    logged = [e for e in service.audit_events(limit=1000) if e["action"] == "tps_status.set"]
    assert [e["payload"]["row"]["status"] for e in reversed(logged)] == ["psu", "psu", "normal"]
    assert logged[0]["actor"] == "uji" and logged[0]["kecamatan"] == "352701"
    assert logged[0]["payload"]["old"] == {"status": "psu", "reason": "PSU 20 Feb", "since": "2024-02-20 00:00:00"}
    assert service.verify_audit().ok


@pytest.mark.parametrize(("args", "fragment"), [
    (("ppwp", f"{NOREH}001", "ulang", "x"), "status TPS tidak dikenal"),
    (("pemilu", f"{NOREH}001", "psu", "x"), "jenis pemilihan"),
    (("ppwp", "352701200100", "psu", "x"), "13 digit"),
    (("ppwp", f"{NOREH}001", "psu", "  "), "alasan wajib"),
    (("ppwp", "3527012001999", "psu", "x"), "tidak dikenal"),
    (("ppwp", "3501012001001", "psu", "x"), "di luar kabupaten"),
])
def test_bad_marks_are_refused_and_write_nothing(service: RecapService, args: tuple[str, ...], fragment: str) -> None:
    import_paths(service, [DESA])
    events = len(service.audit_events(limit=1000))
    with pytest.raises(ValidationError, match=fragment):
        mark_tps(service, *args)
    with pytest.raises(ValidationError, match="waktu mulai"):
        mark_tps(service, "ppwp", f"{NOREH}001", "psu", "x", since="kemarin")
    assert len(service.audit_events(limit=1000)) == events and marks(service) == []


def test_a_mark_changed_by_raw_sql_is_named(service: RecapService) -> None:
    import_paths(service, [DESA])
    mark_tps(service, "ppwp", f"{NOREH}002", "psl", "pemungutan suara lanjutan (contoh)")
    assert service.verify_audit().ok
    with service.engine.begin() as conn:
        conn.execute(text("UPDATE sirekap_tps_status SET status = 'normal'"))
    problems = service.verify_audit().problems
    assert any("tanda status TPS Sirekap (PSU/PSL)" in p and "kolom status" in p for p in problems)
    # the derived row still says PSL, the mark now says normal: the derived table is named too
    assert any(f"TPS {NOREH}002 (ppwp)" in p and "status 'psl' ≠ 'normal'" in p for p in problems)
