"""The document register (rekap_desktop.documents): versions, issues, races, and tampering caught by verify-audit."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import text

from rekap_desktop.documents import (
    DocumentKind,
    Purpose,
    StaleIssue,
    changes_since,
    document_id_for,
    find_by_document_id,
    find_by_file,
    issues,
    later_versions,
    parse_document_id,
    plan_issue,
    register_issue,
    registered_snapshot_matches,
)
from rekap_desktop.services import RecapService, ValidationError

FIG = "f" * 64


def content(label: str) -> str:
    return hashlib.sha256(label.encode()).hexdigest()


def issue(service: RecapService, label: str, payload: bytes, *, contest: str = "ppwp", draft: bool = False,
          kind: DocumentKind = DocumentKind.BERITA_ACARA, purpose: Purpose = Purpose.DISIMPAN):
    plan = plan_issue(service, kind, contest, content(label), anchor=service.anchor())
    return plan, register_issue(service, plan, file_bytes=payload, figures_sha256=FIG, draft=draft, signed=False,
                                purpose=purpose, page_count=3, paper="a4", file_name="ba.pdf",
                                open_items=["1 keberatan belum diputus"] if draft else ())


def test_document_ids() -> None:
    assert document_id_for(DocumentKind.BERITA_ACARA, "3527", "ppwp", 1) == "DHK-3527-PPWP-V1"
    assert document_id_for(DocumentKind.KEJADIAN_KHUSUS, "3527", "pdprdk:352701", 12) == "DKK-3527-PDPRDK-352701-V12"
    parsed = parse_document_id("PBS-3527-PDPR-3511-V2")
    assert parsed is not None
    assert (parsed.kind, parsed.kabupaten, parsed.contest, parsed.version) == (
        DocumentKind.PEMBANDING_SIREKAP, "3527", "pdpr:3511", 2)
    for bad in ("DHK-3527-PPWP", "XYZ-3527-PPWP-V1", "DHK-3527-PILKADA-V1", "DHK-35-PPWP-V1", ""):
        assert parse_document_id(bad) is None, bad
    with pytest.raises(ValidationError, match="kode kabupaten"):
        document_id_for(DocumentKind.BERITA_ACARA, "", "ppwp", 1)


def test_versions_follow_the_printed_content(service: RecapService) -> None:
    plan, first = issue(service, "isi A", b"pdf-1", draft=True)
    assert (plan.version, plan.new_version, first.document_id) == (1, True, "DHK-3527-PPWP-V1")
    assert first.draft and first.open_items == "1 keberatan belum diputus"
    assert (first.actor, first.station) == (service.actor, service.station)
    assert first.anchor == plan.anchor.text and first.anchor_event == plan.anchor.event_id
    assert first.file_sha256 == hashlib.sha256(b"pdf-1").hexdigest()
    # the same content again: another issue of version 1
    plan, again = issue(service, "isi A", b"pdf-1b", purpose=Purpose.DICETAK)
    assert (plan.version, plan.new_version, again.version) == (1, False, 1)
    # different content (a correction): version 2 supersedes version 1
    plan, second = issue(service, "isi B", b"pdf-2")
    assert (plan.version, second.document_id) == (2, "DHK-3527-PPWP-V2")
    assert later_versions(service, first) == [second]
    assert later_versions(service, second) == []
    # back to the first content: still a new version (it differs from the latest)
    plan, third = issue(service, "isi A", b"pdf-3")
    assert third.version == 3
    # other kinds and contests count their own versions
    _, kk = issue(service, "isi A", b"kk-1", kind=DocumentKind.KEJADIAN_KHUSUS)
    _, dpr = issue(service, "isi A", b"dpr-1", contest="pdpr:3511")
    assert (kk.document_id, dpr.document_id) == ("DKK-3527-PPWP-V1", "DHK-3527-PDPR-3511-V1")
    assert [i.id for i in issues(service, kind=DocumentKind.BERITA_ACARA, contest="ppwp")] == [
        first.id, again.id, second.id, third.id]
    assert find_by_file(service, hashlib.sha256(b"pdf-2").hexdigest()) == [second]
    assert find_by_document_id(service, "DHK-3527-PPWP-V1") == [first, again]
    assert all(registered_snapshot_matches(service, i) for i in issues(service))
    assert service.verify_audit().ok


def test_a_change_after_the_anchor_makes_the_issue_stale(service: RecapService) -> None:
    plan = plan_issue(service, DocumentKind.BERITA_ACARA, "ppwp", content("A"), anchor=service.anchor())
    service.set_entry("pdpr:3511", "V.B", "352701", 7)  # another contest: does not matter
    service.set_entry("ppwp", "V.B", "352701", 7)  # this contest: the document no longer shows the data
    with pytest.raises(StaleIssue, match="berubah"):
        register_issue(service, plan, file_bytes=b"x", figures_sha256=FIG, draft=False, signed=False,
                       purpose=Purpose.DISIMPAN, page_count=1, paper="a4")
    assert issues(service) == []
    changes = changes_since(service, "ppwp", plan.anchor.event_id)
    assert [(c.action, c.kecamatan, c.line, c.new_value) for c in changes] == [("entry.set", "352701", "V.B", 7)]
    settings_plan = plan_issue(service, DocumentKind.BERITA_ACARA, "ppwp", content("A"), anchor=service.anchor())
    service.set_setting("tempat", "Aula lain")  # reference/settings change what every document shows
    with pytest.raises(StaleIssue):
        register_issue(service, settings_plan, file_bytes=b"x", figures_sha256=FIG, draft=False, signed=False,
                       purpose=Purpose.DISIMPAN, page_count=1, paper="a4")


def test_two_stations_issuing_different_content_at_once(db_url: str, service: RecapService) -> None:
    other = RecapService.open(db_url, actor="operator kedua", station="stasiun-2")
    try:
        anchor = service.anchor()
        mine = plan_issue(service, DocumentKind.BERITA_ACARA, "ppwp", content("A"), anchor=anchor)
        theirs = plan_issue(other, DocumentKind.BERITA_ACARA, "ppwp", content("B"), anchor=anchor)
        assert mine.version == theirs.version == 1
        register_issue(other, theirs, file_bytes=b"B", figures_sha256=FIG, draft=False, signed=False,
                       purpose=Purpose.DICETAK, page_count=1, paper="a4")
        with pytest.raises(StaleIssue, match="versi lain"):
            register_issue(service, mine, file_bytes=b"A", figures_sha256=FIG, draft=False, signed=False,
                           purpose=Purpose.DISIMPAN, page_count=1, paper="a4")
        # planned again, it becomes version 2
        again = plan_issue(service, DocumentKind.BERITA_ACARA, "ppwp", content("A"), anchor=service.anchor())
        assert again.version == 2
        # the same content registered meanwhile by another station is just another issue of that version
        same = plan_issue(other, DocumentKind.BERITA_ACARA, "ppwp", content("A"), anchor=other.anchor())
        register_issue(service, again, file_bytes=b"A", figures_sha256=FIG, draft=False, signed=False,
                       purpose=Purpose.DISIMPAN, page_count=1, paper="a4")
        registered = register_issue(other, same, file_bytes=b"A2", figures_sha256=FIG, draft=False, signed=False,
                                    purpose=Purpose.DISIMPAN, page_count=1, paper="a4")
        assert (registered.version, registered.station) == (2, "stasiun-2")
    finally:
        other.close()


def test_bad_registrations_write_nothing(service: RecapService) -> None:
    plan = plan_issue(service, DocumentKind.BERITA_ACARA, "ppwp", content("A"), anchor=service.anchor())
    with pytest.raises(ValidationError, match="hash angka"):
        register_issue(service, plan, file_bytes=b"x", figures_sha256="abc", draft=False, signed=False,
                       purpose=Purpose.DISIMPAN, page_count=1, paper="a4")
    with pytest.raises(ValidationError, match="tanpa halaman"):
        register_issue(service, plan, file_bytes=b"x", figures_sha256=FIG, draft=False, signed=False,
                       purpose=Purpose.DISIMPAN, page_count=0, paper="a4")
    with pytest.raises(ValidationError, match="tidak ada"):
        plan_issue(service, DocumentKind.BERITA_ACARA, "pdpr:9999", content("A"), anchor=service.anchor())
    assert issues(service) == []


@pytest.mark.parametrize("attack", [
    "UPDATE document_issue SET file_sha256 = '{sha}' WHERE id = {id}",
    "UPDATE document_issue SET draft = {false} WHERE id = {id}",
    "UPDATE document_issue SET version = 1 WHERE id = {id}",
    "DELETE FROM document_issue WHERE id = {id}",
    "INSERT INTO document_issue (document_id, kind, contest, version, content_sha256, figures_sha256, file_sha256, "
    "anchor, anchor_event, draft, signed, purpose, page_count, paper, file_name, open_items, actor, station, "
    "issued_at) VALUES ('DHK-3527-PPWP-V9', 'berita_acara', 'ppwp', 9, '{sha}', '{sha}', '{sha}', 'AUDIT 1:0', "
    "1, {false}, {false}, 'disimpan', 1, 'a4', '', '', 'x', 'y', 'z')",
])
def test_raw_sql_changes_to_the_register_are_named_by_verify_audit(service: RecapService, attack: str) -> None:
    issue(service, "A", b"1", draft=True)
    _, second = issue(service, "B", b"2", draft=True)
    assert service.verify_audit().ok
    false = "false" if service.engine.dialect.name == "postgresql" else "0"
    with service.engine.begin() as conn:
        conn.execute(text(attack.format(sha="0" * 64, id=second.id, false=false)))
    report = service.verify_audit()
    assert not report.ok
    assert any("register dokumen" in p for p in report.problems), report.problems
    if attack.startswith("UPDATE"):
        tampered = find_by_document_id(service, second.document_id) or issues(service)[1:]
        assert not registered_snapshot_matches(service, tampered[0])
