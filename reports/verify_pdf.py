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
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.numbers import format_number
from rekap_desktop.rules import JUMLAH
from rekap_desktop.services import RecapService, StorageError
from rekap_desktop.sheet import RecapSheet
from reports.identity import COPY_MARK, DRAFT_MARK, NIHIL, NO_DATA, figure_text, item_cells, item_key
from reports.pdf_reading import PdfContent, PdfUnreadable, read_grid, read_pdf

__all__ = ["FIGURE_CHECKS", "VerifyReport", "verify_pdf"]

_LIST_LIMIT = 25
_ITEM_KEY = re.compile(r"^#\d+$")
_DIFF_KEY = re.compile(r"^\d{6}/(I|II|III|IV|V)(\.[0-9A-Z]+)*$")
_DIFF_VALUE = re.compile(r"^([+\u2212]?\d{1,3}(\.\d{3})*|–|tidak ada data)$")


@dataclass
class VerifyReport:
    info: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    issue: DocumentIssue | None = None  # the registered issue the file is (or claims to be)
    registered_file: bool = False  # (a): the exact bytes are registered
    cells_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _when(ts: str) -> str:
    return ts[:19].replace("T", " ") + " UTC"


def _describe(issue: DocumentIssue) -> str:
    state = "DRAF" if issue.draft else "final"
    signed = ", bertanda tangan elektronik" if issue.signed else ""
    return (f"{issue.kind.label} {issue.document_id} (versi {issue.version}, {state}{signed}), {issue.purpose.value} "
            f"{_when(issue.issued_at)} oleh {issue.actor} di {issue.station}, {issue.page_count} halaman, "
            f"{issue.anchor}")


def _limit(lines: list[str]) -> list[str]:
    if len(lines) <= _LIST_LIMIT:
        return lines
    return [*lines[:_LIST_LIMIT], f"… dan {len(lines) - _LIST_LIMIT} lagi"]


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
            figures.append(f"Kec. {_kec(contest, kec)} baris {line}: {figure_text(a)} → {figure_text(b)} "
                           f"(peristiwa #{event}, {actor}, {_when(ts)})")
    return figures, other


def _kec(contest: Contest, code: str) -> str:
    return f"{contest.kecamatan_name(code)} ({code})" if contest.has_kecamatan(code) else code


def _event_text(contest: Contest, ev: AuditChange) -> str:
    return (f"#{ev.event_id} {ev.action} oleh {ev.actor} ({_when(ev.ts)})"
            + (f", kecamatan {_kec(contest, ev.kecamatan)}" if ev.kecamatan else ""))


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
            report.problems += [f"  {line}" for line in _limit(changed)]
        elif other:
            report.problems.append("Yang berubah sejak dicetak: " + "; ".join(_limit(other)))
        return
    if changed:
        report.problems.append(
            f"{what} TELAH BERUBAH sejak {issue.document_id} dicetak ({issue.anchor}); belum dicetak ulang:")
        report.problems += [f"  {line}" for line in _limit(changed)]
    elif other:
        report.info.append("Catatan: sejak dicetak ada perubahan lain pada kontes ini (isi dokumen tetap sama): "
                           + "; ".join(_limit(other)))


# ------------------------------------------------------------------------------------------------ figures
FigureCheck = Callable[[RecapService, Contest, PdfContent, int | None, VerifyReport], None]


def _check_berita_acara(service: RecapService, contest: Contest, content: PdfContent, as_of: int | None,
                        report: VerifyReport) -> None:
    """Every figure of sections I–V as printed, against the figures recorded as of the printed anchor."""
    from reports.contest_data import figure_lines
    catalogue = LineCatalogue(contest)
    grid = read_grid(content.pages, contest.kecamatan_codes, [line.id for line in catalogue.lines])
    report.problems += [f"Tidak terbaca: {p}" for p in _limit(grid.problems)]
    sheet = RecapSheet(contest)
    if as_of is None:
        values = {(line, kec): v for _, line, kec, v in service.entries(contest.key)}
    else:
        values = entries_as_of(service, contest.key, as_of)
    sheet.load_manual((line, kec, v) for (line, kec), v in values.items() if line in catalogue)
    differ: list[str] = []
    missing: list[str] = []
    when = "saat dicetak" if as_of is not None else "saat ini"
    for row in figure_lines(sheet):
        if row.is_header:
            continue
        expected = [(kec, figure_text(row.values.get(kec))) for kec in contest.kecamatan_codes]
        expected.append((JUMLAH, figure_text(row.total)))
        for column, text in expected:
            cell = grid.cells.get((row.line_id, column))
            where = "JUMLAH" if column == JUMLAH else f"Kec. {_kec(contest, column)}"
            if cell is None:
                missing.append(f"{where} baris {row.line_id}")
                continue
            report.cells_checked += 1
            if cell.text != text:
                differ.append(f"halaman {cell.page} · {where} · baris {row.line_id} ({row.label}): tercetak "
                              f"{cell.text}, tercatat {when} {text}")
    if differ:
        report.problems.append(f"ANGKA TERCETAK BERBEDA dengan yang tercatat {when} ({len(differ)} sel) — dokumen "
                               "telah diubah:")
        report.problems += [f"  {line}" for line in _limit(differ)]
    if missing:
        report.problems.append(f"{len(missing)} angka tidak ditemukan di halaman mana pun (halaman hilang atau "
                               "diubah): " + ", ".join(_limit(missing)))


def _normal(text: str) -> str:
    return "".join(text.split())


def _check_kejadian_khusus(service: RecapService, contest: Contest, content: PdfContent, as_of: int | None,
                           report: VerifyReport) -> None:
    """Every item as printed (number, origin, kind, where, who, what, Bawaslu, decision, follow-up) against the
    items recorded as of the printed anchor; NIHIL only when there were none."""
    from reports.contest_data import keberatan_rows
    found = keberatan_as_of(service, contest.key, as_of) if as_of is not None else service.keberatan(contest.key)
    expected = {item_key(r): _normal("".join(line for cell in item_cells(r) for line in cell))
                for r in keberatan_rows(contest, found)}
    segments: dict[str, tuple[int, list[str]]] = {}
    current: list[str] | None = None
    nihil = False
    for page in content.pages:
        for frag in page.fragments:
            if _ITEM_KEY.match(frag.text):
                current = []
                if frag.text in segments:
                    report.problems.append(f"halaman {page.number}: catatan {frag.text} tercetak dua kali")
                segments[frag.text] = (page.number, current)
            if frag.text == NIHIL:
                nihil = True
            if current is not None:
                current.append(frag.text)
    when = "saat dicetak" if as_of is not None else "saat ini"
    if not expected:
        if not nihil or segments:
            report.problems.append(f"Tercatat {when}: tidak ada kejadian khusus/keberatan (NIHIL), tetapi dokumen "
                                   f"memuat {len(segments)} catatan.")
        return
    if nihil:
        report.problems.append(f"Dokumen tertulis NIHIL, padahal {len(expected)} catatan tercatat {when}.")
    for key, text in expected.items():
        report.cells_checked += 1
        if key not in segments:
            report.problems.append(f"Catatan {key} tercatat {when} tetapi tidak ditemukan di halaman mana pun.")
            continue
        page_no, printed = segments[key]
        got = _normal("".join(printed))
        if not got.startswith(text):
            report.problems.append(f"ISI CATATAN BERBEDA — halaman {page_no} · {key}: tercetak «{got[:len(text)]}», "
                                   f"tercatat {when} «{text}»")
    for key in segments:
        if key not in expected:
            report.problems.append(f"Catatan {key} tercetak tetapi tidak tercatat {when}.")


def _check_pembanding(service: RecapService, contest: Contest, content: PdfContent, as_of: int | None,
                      report: VerifyReport) -> None:
    """Each differing line as printed: the manual figure against the one recorded as of the printed anchor, the
    Sirekap figure against Sirekap now (unless Sirekap data was imported since), Δ = manual − Sirekap."""
    catalogue = LineCatalogue(contest)
    sheet = service.load_sheet(contest.key)
    if as_of is not None:
        then = entries_as_of(service, contest.key, as_of)
        fresh = RecapSheet(contest, tolerance=sheet.tolerance)
        fresh.load_manual((line, kec, v) for (line, kec), v in then.items() if line in catalogue)
        fresh.replace_sirekap({(line.id, kec): fig for line in catalogue.lines for kec in contest.kecamatan_codes
                               if (fig := sheet.sirekap(line.id, kec)) is not None})
        sheet = fresh
    imported = as_of is not None and any(
        c.action.startswith("sirekap") for c in changes_since(service, "", as_of))
    when = "saat dicetak" if as_of is not None else "saat ini"
    for page in content.pages:
        row: tuple[str, float] | None = None
        values: list[tuple[float, str]] = []

        def close(row: tuple[str, float] | None, values: list[tuple[float, str]], page_no: int = page.number) -> None:
            if row is None:
                return
            kec, line = row[0].split("/", 1)
            if not contest.has_kecamatan(kec) or line not in catalogue:
                report.problems.append(f"halaman {page_no}: baris {row[0]} bukan sel kontes ini")
                return
            printed = [text for _, text in sorted(values)]
            if len(printed) < 3:
                report.problems.append(f"halaman {page_no}: baris {row[0]} tidak terbaca ({len(printed)} angka)")
                return
            manual, sirekap, delta = printed[:3]
            report.cells_checked += 1
            expected_manual = _figure_or_none(sheet.value(line, kec))
            fig = sheet.sirekap(line, kec)
            expected_sirekap = _figure_or_none(fig.value if fig else None)
            where = f"halaman {page_no} · Kec. {_kec(contest, kec)} · baris {line}"
            if manual != expected_manual:
                report.problems.append(f"{where}: hasil manual tercetak {manual}, tercatat {when} {expected_manual}")
            if not imported and sirekap != expected_sirekap:
                report.problems.append(f"{where}: Sirekap tercetak {sirekap}, data Sirekap {expected_sirekap}")
            m, k = _int_or_none(manual), _int_or_none(sirekap)
            consistent = _delta_value(delta) == (None if m is None or k is None else m - k)
            if not consistent:
                report.problems.append(f"{where}: selisih tercetak {delta} tidak sama dengan manual − Sirekap")

        for frag in page.fragments:
            if _DIFF_KEY.match(frag.text):
                close(row, values)
                row, values = (frag.text, frag.y), []
            elif row is not None and _DIFF_VALUE.match(frag.text) and abs(frag.y - row[1]) <= 2.5:
                values.append((frag.x, frag.text))
        close(row, values)
    if imported:
        report.info.append("Data Sirekap telah diimpor lagi sejak kertas kerja ini dicetak: angka Sirekap di dalamnya "
                           "tidak dibandingkan.")


def _figure_or_none(value: int | None) -> str:
    return NO_DATA if value is None else figure_text(value)


def _int_or_none(text: str) -> int | None:
    return None if text in (NO_DATA, "–") else int(text.replace(".", ""))


def _delta_value(text: str) -> int | None:
    if text == "–":
        return None
    sign = -1 if text.startswith("\u2212") else 1
    return sign * int(text.lstrip("+\u2212").replace(".", ""))


FIGURE_CHECKS: dict[DocumentKind, FigureCheck] = {
    DocumentKind.BERITA_ACARA: _check_berita_acara,
    DocumentKind.KEJADIAN_KHUSUS: _check_kejadian_khusus,
    DocumentKind.PEMBANDING_SIREKAP: _check_pembanding,
}
"""How the printed figures of each kind are compared with the data (other modules add theirs)."""


# ------------------------------------------------------------------------------------------------ (a) and (b)
def _check_signature(payload: bytes, report: VerifyReport, issue: DocumentIssue | None) -> None:
    from reports.signing import verify_pdf_signature  # pyHanko only for a signed file

    status = verify_pdf_signature(payload)
    if status.signed and (status.valid or (status.intact and status.trusted is None)):
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
    gone = [n for n in range(1, total + 1) if n not in seen]
    if gone:
        report.problems.append(f"HALAMAN HILANG: Hal {', '.join(map(str, gone))} dari {total} tidak ada di berkas.")
    twice = [n for n, c in seen.items() if c > 1]
    if twice:
        report.problems.append(f"Halaman ganda: Hal {', '.join(map(str, sorted(twice)))} muncul lebih dari sekali.")
    return doc_id, anchor_text, total


def _marks(content: PdfContent, issue: DocumentIssue | None, report: VerifyReport) -> None:
    """What is drawn over the pages: annotations added after issue (they can cover a figure), the DRAF mark of a
    draft removed from a page."""
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
    return list(items[:_LIST_LIMIT])


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
    registered: list[DocumentIssue] = []
    if issue is None:
        registered = find_by_document_id(service, doc_id)
        issue = next((i for i in registered if i.anchor == anchor_text), None)
        if not registered:
            report.problems.append(f"{doc_id} TIDAK ADA di register dokumen: tidak pernah disimpan, dicetak "
                                   "atau ditandatangani dari basis data ini (mungkin pratinjau, atau dibuat di "
                                   "tempat lain).")
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
    if reference is not None and why is None:
        _currency(service, reference, contest, report)
    if not report.ok or not anchors_ok:
        return
    if report.registered_file:
        report.info.append(f"COCOK: berkas ini adalah terbitan terdaftar {doc_id}; {report.cells_checked} isian "
                           "tercetak sama dengan yang tercatat pada jangkarnya, dan sama dengan data saat ini.")


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
