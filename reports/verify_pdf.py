"""``verify-pdf``: does this PDF show what was recorded, and is it still the current version?

Only the **exact bytes of a registered issue** can be declared COCOK (exit 0). Every other file exits 1, even
when all its figures match: a copy saved again by another program may differ in what text extraction cannot see
(a word, a drawing over a figure), so the app says what it read and asks for the original.

(a) **The exact file is a registered issue** (SHA-256 of its bytes in the register): say which document, version,
    when, by whom, draft or final, signed or not. The register row must equal its audit event.
(b) **The printed pages are read, registered or not** (:mod:`reports.pdf_reading`): every page must carry the
    identity footer of one and the same document and issue, numbered 1…N without gaps (a page removed, swapped or
    taken from another document or version is named); for a registered file the footers must say what the register
    says (a forged register row is caught); the anchor printed must be on the chain; no annotation may lie over
    the pages; a draft keeps its DRAF mark on every page; a signature that the register recorded must still be
    there, valid, and made with the registered certificate (SHA-256 fingerprint); and every figure printed is
    compared with the figures recorded as of the printed anchor (re-derived from the audit chain), naming every
    cell that differs: page, kecamatan, line, printed vs recorded. Then: superseded by a later version, or changed
    since it was printed and not reprinted.

Anchors photographed or printed earlier (``--anchor``) must still be on the chain: a register and history
rewritten and re-hashed inside the database are caught by them.

Messages are Indonesian; :class:`VerifyReport` collects them (``ok`` = nothing wrong). pyHanko is imported only
when the PDF carries a signature.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rekap_desktop.audit import Anchor
from rekap_desktop.contest import Contest
from rekap_desktop.documents import (
    AuditChange,
    DocumentIssue,
    DocumentKind,
    changes_since,
    find_by_document_id,
    find_by_file,
    later_versions,
    parse_document_id,
    registered_snapshot_matches,
)
from rekap_desktop.history import anchor_on_chain, entries_as_of, keberatan_as_of
from rekap_desktop.numbers import format_number
from rekap_desktop.services import RecapService, StorageError
from reports.identity import COPY_MARK, DRAFT_MARK, figure_text, item_cells, item_key
from reports.pdf_reading import PdfContent, PdfUnreadable, read_pdf
from reports.verify_figures import FIGURE_CHECKS, FigureCheck
from reports.verify_report import LIST_LIMIT, VerifyReport, kec_name, limit

__all__ = ["FIGURE_CHECKS", "VerifyReport", "verify_pdf"]

MAX_PAGES = 5_000
"""More pages than any document of the app has (a footer claiming more was changed)."""
MAX_FILE_BYTES = 200 << 20
"""Larger files are refused before reading (a berita acara of the largest contest is ~1 MB)."""


def _when(ts: str) -> str:
    return ts[:19].replace("T", " ") + " UTC"


def _describe(issue: DocumentIssue) -> str:
    state = "DRAF" if issue.draft else "final"
    signed = ", bertanda tangan elektronik" if issue.signed else ""
    return (f"{issue.kind.label} {issue.document_id} (versi {issue.version}, {state}{signed}), {issue.purpose.value} "
            f"{_when(issue.issued_at)} oleh {issue.actor} di {issue.station}, {issue.page_count} halaman, "
            f"{issue.anchor}")


# ------------------------------------------------------------------------------------------------ changes since
def _changes_text(service: RecapService, contest: Contest, event_id: int) -> tuple[list[str], list[str]]:
    """(net figure changes since ``event_id`` with who/when, other changes) for ``contest``."""
    then = entries_as_of(service, contest.key, event_id)
    events = changes_since(service, contest.key, event_id)
    last: dict[tuple[str, str], tuple[int, str, str]] = {}
    other: list[str] = []
    for ev in events:
        if ev.action == "entry.set":
            last[(ev.line, ev.kecamatan)] = (ev.event_id, ev.actor, ev.ts)
        else:
            other.append(_event_text(contest, ev))
    now = entries_as_of(service, contest.key, max([event_id, *(e.event_id for e in events)]))
    figures = []
    for (line, kec) in sorted(set(then) | set(now)):
        a, b = then.get((line, kec)), now.get((line, kec))
        if a != b and (line, kec) in last:
            event, actor, ts = last[(line, kec)]
            figures.append(f"Kec. {kec_name(contest, kec)} baris {line}: {figure_text(a)} → {figure_text(b)} "
                           f"(peristiwa #{event}, {actor}, {_when(ts)})")
    return figures, other


def _event_text(contest: Contest, ev: AuditChange) -> str:
    return (f"#{ev.event_id} {ev.action} oleh {ev.actor} ({_when(ev.ts)})"
            + (f", kecamatan {kec_name(contest, ev.kecamatan)}" if ev.kecamatan else ""))


def _item_changes(service: RecapService, contest: Contest, event_id: int) -> tuple[list[str], list[str]]:
    """(keberatan/kejadian khusus printed differently now than at ``event_id``, other changes) for ``contest``."""
    from reports.contest_data import keberatan_rows
    then = {item_key(r): item_cells(r) for r in keberatan_rows(contest, keberatan_as_of(service, contest.key,
                                                                                         event_id))}
    now = {item_key(r): item_cells(r) for r in keberatan_rows(contest, service.keberatan(contest.key))}
    events = changes_since(service, contest.key, event_id)
    by_item: dict[str, AuditChange] = {}
    for ev in events:
        row = ev.payload.get("row") if ev.action.startswith("keberatan.") else None
        if isinstance(row, dict) and "id" in row:
            by_item[f"#{row['id']}"] = ev
    changed = []
    for key in sorted(set(then) | set(now), key=lambda k: int(k[1:])):
        if then.get(key) != now.get(key):
            what = "baru" if key not in then else "dihapus" if key not in now else "berubah"
            ev = by_item.get(key)
            who = f" (peristiwa #{ev.event_id}, {ev.actor}, {_when(ev.ts)})" if ev else ""
            changed.append(f"catatan {key} {what}{who}")
    other = [_event_text(contest, ev) for ev in events if not ev.action.startswith("keberatan.")]
    return changed, other


def _currency(service: RecapService, issue: DocumentIssue, contest: Contest, report: VerifyReport) -> None:
    """Superseded by a later version, or what the document shows changed since the issue: both are problems."""
    later = later_versions(service, issue)
    if issue.kind is DocumentKind.KEJADIAN_KHUSUS:
        changed, other = _item_changes(service, contest, issue.anchor_event)
        what = "CATATAN KEJADIAN KHUSUS/KEBERATAN"
    else:
        changed, other = _changes_text(service, contest, issue.anchor_event)
        what = "ANGKA"
    if later:
        newest = later[-1]
        report.problems.append(
            f"DIGANTI: {issue.document_id} telah diganti oleh versi yang lebih baru {newest.document_id} "
            f"({newest.purpose.value} {_when(newest.issued_at)} oleh {newest.actor}); isi dokumen ini tidak lagi "
            "berlaku.")
        if changed:
            report.problems.append(f"{what.capitalize()} yang berubah sejak dokumen ini dicetak:")
            report.problems += [f"  {line}" for line in limit(changed)]
        elif other:
            report.problems.append("Yang berubah sejak dicetak: " + "; ".join(limit(other)))
        return
    if changed:
        report.problems.append(
            f"{what} TELAH BERUBAH sejak {issue.document_id} dicetak ({issue.anchor}); belum dicetak ulang:")
        report.problems += [f"  {line}" for line in limit(changed)]
    elif other:
        report.info.append("Catatan: sejak dicetak ada perubahan lain pada kontes ini (isi dokumen tetap sama): "
                           + "; ".join(limit(other)))


# ------------------------------------------------------------------------------------------------ (a) and (b)
def _check_signature(payload: bytes, report: VerifyReport, issue: DocumentIssue | None) -> None:
    from reports.signing import verify_pdf_signature  # pyHanko only for a signed file

    status = verify_pdf_signature(payload)
    if status.signed and status.valid:  # intact AND not modified after signing (trust roots are not given here)
        report.info.append(f"Tanda tangan elektronik utuh: {status.signer or 'penanda tangan tidak diketahui'}. "
                           f"{status.message}")
    else:
        report.problems.append(f"TANDA TANGAN ELEKTRONIK TIDAK SAH: {status.message}")
    expected = issue.signer_sha256 if issue is not None and issue.signed else ""
    if expected and status.signer_sha256 and status.signer_sha256 != expected:
        report.problems.append(
            f"DITANDATANGANI DENGAN SERTIFIKAT LAIN: {issue.document_id if issue else 'dokumen'} tercatat "
            f"ditandatangani dengan sertifikat {expected[:16]}…, berkas ini dengan sertifikat "
            f"{status.signer_sha256[:16]}… ({status.signer or 'penanda tangan tidak diketahui'}).")


def _contest_of(service: RecapService, issue: DocumentIssue | str, report: VerifyReport) -> Contest | None:
    key = issue if isinstance(issue, str) else issue.contest
    try:
        return service.contest(key)
    except StorageError as exc:
        report.problems.append(f"Kontes dokumen ({key}) tidak ada di basis data ini: {exc}")
        return None


def _registered(service: RecapService, issue: DocumentIssue, report: VerifyReport) -> None:
    """(a): the exact bytes are a registered issue; the row must still equal its audit event."""
    report.issue = issue
    report.registered_file = True
    report.info.append(f"BERKAS TERDAFTAR, sama persis dengan yang diterbitkan: {_describe(issue)}.")
    if not registered_snapshot_matches(service, issue):
        report.problems.append(f"Register dokumen baris #{issue.id} tidak sama dengan log audit: register diubah di "
                               "luar aplikasi (jalankan verify-audit).")


def _not_registered(sha: str, report: VerifyReport) -> None:
    report.problems.append(
        f"BERKAS TIDAK TERDAFTAR: isi berkas ini (SHA-256 {sha[:16]}…) tidak sama persis dengan dokumen mana pun "
        "yang diterbitkan dari basis data ini. Hanya berkas asli yang dapat dinyatakan COCOK; di bawah ini hasil "
        "pembacaan halamannya.")


def _footers(content: PdfContent, report: VerifyReport) -> tuple[str, str, int] | None:
    """(document id, anchor, page total) the pages print, naming every page that is missing, foreign,
    from another printing, out of order or twice."""
    pages = content.pages
    footers = [p.footer for p in pages]
    present = [f for f in footers if f is not None]
    if not present:
        report.problems.append("Bukan dokumen Rekap Desktop: tidak ada halaman yang memuat baris identitas "
                               "(ID dokumen · AUDIT · Hal x dari y).")
        return None
    doc_id = Counter(f.document_id for f in present).most_common(1)[0][0]
    anchor_text = Counter(f.anchor for f in present if f.document_id == doc_id).most_common(1)[0][0]
    total = Counter(f.total for f in present if f.document_id == doc_id).most_common(1)[0][0]
    seen: dict[int, int] = {}
    for page, footer in zip(pages, footers, strict=True):
        if footer is None:
            report.problems.append(f"Halaman ke-{page.number} tidak memuat baris identitas dokumen: bukan halaman "
                                   "dokumen ini, atau telah diubah.")
            continue
        if footer.document_id != doc_id:
            report.problems.append(f"Halaman ke-{page.number} berasal dari dokumen lain: {footer.document_id} "
                                   f"(Hal {footer.page} dari {footer.total}).")
            continue
        if footer.anchor != anchor_text:
            report.problems.append(f"Halaman ke-{page.number} berasal dari cetakan lain dokumen ini ({footer.anchor}, "
                                   f"bukan {anchor_text}).")
        if footer.total != total:
            report.problems.append(f"Halaman ke-{page.number} bertuliskan 'dari {footer.total}' (bukan {total}).")
        if footer.page != page.number:
            report.problems.append(f"Urutan halaman salah: halaman ke-{page.number} bertuliskan Hal {footer.page} "
                                   f"dari {footer.total}.")
        seen[footer.page] = seen.get(footer.page, 0) + 1
    if total > MAX_PAGES:
        report.problems.append(f"Baris identitas menyebut {format_number(total)} halaman (tidak masuk akal; berkas "
                               f"ini {len(pages)} halaman): baris identitas telah diubah.")
        return doc_id, anchor_text, total
    gone = [n for n in range(1, total + 1) if n not in seen]
    if gone:
        report.problems.append(f"HALAMAN HILANG: Hal {', '.join(map(str, limit([str(n) for n in gone])))} dari "
                               f"{total} tidak ada di berkas.")
    twice = [n for n, c in seen.items() if c > 1]
    if twice:
        report.problems.append(f"Halaman ganda: Hal {', '.join(map(str, sorted(twice)))} muncul lebih dari sekali.")
    return doc_id, anchor_text, total


def _marks(content: PdfContent, issue: DocumentIssue | None, report: VerifyReport) -> None:
    """What is drawn over the pages: annotations added after issue (they can cover a figure), the DRAF mark of a
    draft removed from a page."""
    if content.catalog:
        report.problems.append(f"BERKAS MEMUAT UNSUR YANG TIDAK PERNAH DITULIS APLIKASI: {'; '.join(content.catalog)} "
                               "(aksi saat dibuka, JavaScript, lapisan, formulir atau struktur yang dibaca berbeda "
                               "oleh penampil PDF yang berbeda dapat mengubah yang tampil).")
    if content.trailing:
        report.problems.append(f"DATA TERSEMBUNYI SETELAH AKHIR BERKAS PDF: {content.trailing} setelah %%EOF "
                               "terakhir — revisi yang ditampilkan sebagian penampil PDF tetapi tidak dapat diperiksa.")
    copies = [p.number for p in content.pages if any(f.text == COPY_MARK for f in p.fragments)]
    if copies:
        report.problems.append(f"Berkas bertanda {COPY_MARK} (halaman {', '.join(map(str, copies))}): salinan untuk "
                               "pemeriksaan yang dicetak tanpa didaftarkan, bukan dokumen yang diterbitkan.")
    if content.annotations:
        where = ", ".join(f"halaman {page} ({kind})" for page, kind in _limit_pairs(content.annotations))
        report.problems.append(f"ANOTASI DITAMBAHKAN pada berkas (dapat menutupi atau mengganti angka yang tercetak): "
                               f"{where}. Dokumen Rekap Desktop tidak memuat anotasi.")
    if issue is not None and issue.draft:
        bare = [p.number for p in content.pages if not any(f.text == DRAFT_MARK for f in p.fragments)]
        if bare:
            report.problems.append(f"TANDA DRAF DIHAPUS: {issue.document_id} diterbitkan sebagai DRAF, tetapi "
                                   f"halaman {', '.join(map(str, bare))} tidak memuat tanda DRAF.")


def _limit_pairs(items: tuple[tuple[int, str], ...]) -> list[tuple[int, str]]:
    return list(items[:LIST_LIMIT])


def _verify_pages(service: RecapService, content: PdfContent, payload: bytes, report: VerifyReport,
                  anchors_ok: bool) -> None:
    """Every page read back: identity footers, the anchor on the chain, the issue it names, marks, signature,
    every printed figure against the data as of the printed anchor, then whether it is still current."""
    footers = _footers(content, report)
    if footers is None:
        return
    doc_id, anchor_text, total = footers
    known = report.issue  # (a): the register's row for these exact bytes
    if known is None:
        report.info.append(f"Halaman berkas dibaca: ID dokumen {doc_id}, {anchor_text}, {len(content.pages)} "
                           "halaman.")
    elif (doc_id, anchor_text, total) != (known.document_id, known.anchor, known.page_count):
        report.problems.append(
            f"REGISTER TIDAK SESUAI DENGAN BERKAS: register mencatat berkas ini sebagai {known.document_id}, "
            f"{known.anchor}, {known.page_count} halaman, tetapi halamannya bertuliskan {doc_id}, {anchor_text}, "
            f"{total} halaman — register diubah di luar aplikasi.")
    parsed = parse_document_id(doc_id)
    if parsed is None:
        report.problems.append(f"ID dokumen {doc_id} tidak dikenali.")
        return
    kab = service.settings().get("kabupaten_kode", "")
    if parsed.kabupaten != kab:
        report.problems.append(f"Dokumen {doc_id} milik kabupaten/kota {parsed.kabupaten}, bukan basis data ini "
                               f"({kab or 'belum diatur'}).")
        return
    contest = _contest_of(service, parsed.contest, report)
    if contest is None:
        return
    try:
        anchor = Anchor.parse(anchor_text)
    except ValueError as exc:
        report.problems.append(str(exc))
        return
    why = anchor_on_chain(service, anchor)
    if why:
        report.problems.append(f"Jangkar yang tercetak pada dokumen: {why}")
    issue = known
    copy_marked = any(f.text == COPY_MARK for p in content.pages for f in p.fragments)
    registered: list[DocumentIssue] = []
    if issue is None:
        registered = find_by_document_id(service, doc_id)
        issue = next((i for i in registered if i.anchor == anchor_text), None)
        if not registered:
            report.problems.append(f"{doc_id} TIDAK ADA di register dokumen: tidak pernah disimpan, dicetak "
                                   "atau ditandatangani dari basis data ini (mungkin pratinjau, atau dibuat di "
                                   "tempat lain).")
        elif issue is None and copy_marked:
            report.info.append(f"Salinan tidak terdaftar dari data pada {anchor_text} (terbitan terdaftar {doc_id} "
                               "memakai jangkar lain).")
        elif issue is None:
            report.problems.append(f"{doc_id} terdaftar, tetapi tidak ada terbitan dengan {anchor_text}: jangkar pada "
                                   "halaman telah diubah, atau dokumen dibuat di luar register.")
        else:
            report.info.append(f"Terbitan yang sesuai di register: {_describe(issue)}.")
            if issue.page_count != total:
                report.problems.append(f"Terbitan terdaftar berjumlah {issue.page_count} halaman, berkas ini "
                                       f"menyebut {total}.")
    _marks(content, issue, report)
    signed_here = content.signature_fields > 0 or b"/ByteRange" in payload
    if issue is not None and issue.signed and not signed_here:
        report.problems.append(f"TANDA TANGAN ELEKTRONIK DIHAPUS: {doc_id} tercatat ditandatangani secara "
                               "elektronik, tetapi berkas ini tidak bertanda tangan.")
    if signed_here:
        _check_signature(payload, report, issue)
    check = _figure_check(parsed.kind)
    as_of = anchor.event_id if why is None else None
    if check is not None:
        check(service, contest, content, as_of, report)
    reference = issue or (registered[-1] if registered else None)
    before = len(report.problems)
    if reference is not None and why is None:
        _currency(service, reference, contest, report)
    if issue is not None and why is None:
        from reports.verify_rendering import compare_rendering

        compare_rendering(service, issue, contest, content, payload, report, copy_marked=copy_marked,
                          stale=len(report.problems) > before)
    if not report.ok or not anchors_ok:
        return
    if report.registered_file:
        state = " (DRAF: rekapitulasi masih terbuka saat dicetak)" if known is not None and known.draft else ""
        report.info.append(f"COCOK: berkas ini adalah terbitan terdaftar {doc_id}{state}; {report.cells_checked} "
                           "isian tercetak sama dengan yang tercatat pada jangkarnya, dan sama dengan data saat ini.")


def _figure_check(kind: DocumentKind) -> FigureCheck | None:
    """The figure check of ``kind``; a kind whose module registers its own check (the seats stream's kertas kerja
    kursi, reports/kursi.py) is imported only when such a document is read back: checking a registered file, or a
    berita acara, never loads it (nor reportlab)."""
    if kind not in FIGURE_CHECKS and kind is DocumentKind.KURSI:
        from reports.kursi import register as register_kursi

        register_kursi()
    return FIGURE_CHECKS.get(kind)


def verify_pdf(path: Path | bytes, service: RecapService, anchors: Sequence[Anchor] = ()) -> VerifyReport:
    """Check one PDF against the database (see the module docstring).

    ``anchors``: anchors photographed or printed earlier (``AUDIT <n>:<hex>``); each must still be on the chain,
    so a register or history rewritten and re-hashed since is caught. Raises OSError when the file cannot be
    read (the caller says why).
    """
    payload = path if isinstance(path, bytes) else Path(path).read_bytes()
    report = VerifyReport()
    anchors_ok = True
    for given in anchors:
        why = anchor_on_chain(service, given)
        if why:
            anchors_ok = False
            report.problems.append(f"Jangkar pembanding {given.text}: {why}")
        else:
            report.info.append(f"Jangkar pembanding {given.text}: rantai audit masih melewatinya.")
    sha = hashlib.sha256(payload).hexdigest()
    exact = find_by_file(service, sha)
    if exact:
        _registered(service, exact[0], report)
    else:
        _not_registered(sha, report)
    try:
        content = read_pdf(payload)
    except PdfUnreadable as exc:
        report.problems.append(f"{exc}: bukan dokumen Rekap Desktop yang dapat diperiksa.")
        return report
    _verify_pages(service, content, payload, report, anchors_ok)
    if not report.registered_file and len(report.problems) == 1:
        report.problems.append(
            f"Ke-{report.cells_checked} isian yang tercetak sama dengan yang tercatat, tetapi berkasnya bukan berkas "
            "yang diterbitkan: berkas telah disimpan ulang atau diubah oleh program lain, sehingga tulisan, gambar "
            "atau tampilan di luar angka tidak dapat dijamin. Mintalah berkas aslinya, atau terbitkan ulang dari "
            f"aplikasi ({format_number(len(content.pages))} halaman dibaca).")
    return report
