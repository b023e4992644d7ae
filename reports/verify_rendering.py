"""``verify-pdf``, what the pages show: the document is made again from the data as of its printed anchor and each
page of the file is compared with the page made again (:mod:`reports.page_fingerprint`).

Text extraction alone reads what a page *says*; a page can show something else (text made invisible or moved off
its row with a new figure drawn in its place, a glyph swapped in the embedded font, an image laid over). The
renderer is deterministic — the same content and stamp give the same pages whatever the time — so the issued
pages can be rebuilt and compared exactly, as long as nothing the document shows changed since it was printed
(then the document is already named as changed or superseded, and the comparison is skipped with a note).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rekap_desktop.documents import DocumentIssue, DocumentKind, changes_since, first_of_version, issue_day

if TYPE_CHECKING:
    from rekap_desktop.contest import Contest
    from rekap_desktop.services import RecapService
    from reports.pdf_reading import PdfContent
    from reports.verify_report import VerifyReport

__all__ = ["compare_rendering"]


def compare_rendering(service: RecapService, issue: DocumentIssue, contest: Contest, content: PdfContent,
                      payload: bytes, report: VerifyReport, *, copy_marked: bool, stale: bool = False) -> None:
    """Compare every page of ``payload`` with ``issue`` made again; a differing page is a problem, naming it.

    The document is made again from the data now; when what it prints no longer comes out the same (its content
    digest differs from the register's), its pages cannot be checked: that is said as a problem — the document is
    no longer current — unless ``stale`` (the caller already named it as changed or superseded). Nothing later
    switches the check off: whatever changed elsewhere (another ballot's Sirekap import, another contest), the
    pages of a document whose printed content is unchanged are compared.

    ``copy_marked``: the file carries the SALINAN TIDAK TERDAFTAR mark (it is rebuilt with it)."""
    from reports.contest_data import PRINT_DATE
    from reports.identity import DocumentStamp
    from reports.issue import prepare
    from reports.page_fingerprint import page_fingerprints

    if issue.kind is DocumentKind.KURSI:
        from reports.kursi import register as register_kursi

        register_kursi()
    try:
        given = page_fingerprints(payload)
    except ValueError as exc:
        report.problems.append(f"Halaman tidak dapat dibandingkan: {exc}")
        return
    made: list[str] = []
    content = ""
    first = first_of_version(service, issue.kind, issue.contest, issue.version)
    for day in _print_days(issue, payload, first):  # the day printed on the document, when no meeting date is set
        token = PRINT_DATE.set(day)
        try:
            prepared = prepare(service, issue.kind, contest, paper=issue.paper)
            content = prepared.content_sha256
            if content != issue.content_sha256:
                continue
            stamp = DocumentStamp(issue.document_id, issue.anchor, prepared.figures_sha256,
                                  dt.datetime.now().replace(microsecond=0), draft=prepared.draft,
                                  draft_reasons=tuple(prepared.open.lines()), unregistered=copy_marked)
            made = page_fingerprints(prepared.render(stamp, False).payload)
        except (ValueError, KeyError, OSError) as exc:  # data the renderer refuses: said, never a traceback
            report.problems.append(f"{issue.document_id} tidak dapat dibuat ulang untuk dibandingkan: {exc}")
            return
        finally:
            PRINT_DATE.reset(token)
        if made == given:
            break
    if not made:
        moved = [c for c in changes_since(service, contest.key, issue.anchor_event)
                 + changes_since(service, "", issue.anchor_event) if not c.action.startswith("document.")]
        if stale:
            report.info.append("Tampilan halaman tidak dibandingkan: isi dokumen sudah berubah (lihat di atas).")
        elif moved:
            report.problems.append(
                f"{issue.document_id} TIDAK LAGI MUTAKHIR: yang akan dicetak dari data saat ini berbeda dari isinya "
                f"({len(moved)} perubahan sejak dicetak, mis. {moved[0].action} oleh {moved[0].actor}); tampilan "
                "halamannya tidak dapat diperiksa. Terbitkan ulang dokumen ini dari aplikasi.")
        else:
            report.problems.append(
                f"{issue.document_id} tidak dapat dibuat ulang sama persis: isi yang dicatat register (SHA-256 isi "
                f"{issue.content_sha256[:16]}…) berbeda dari isi yang dibuat dari data sekarang ({content[:16]}…), "
                "padahal tidak ada perubahan tercatat sejak dicetak — register atau data diubah di luar aplikasi.")
        return
    differ = [str(i) for i, (a, b) in enumerate(zip(given, made, strict=False), start=1) if a != b]
    if differ or len(given) != len(made):
        report.problems.append(
            f"TAMPILAN HALAMAN BERBEDA dari {issue.document_id} yang dibuat ulang dari data pada jangkarnya: halaman "
            f"{', '.join(differ[:25]) or '–'}{' …' if len(differ) > 25 else ''} ({len(given)} halaman di berkas, "
            f"{len(made)} dibuat ulang). Yang digambar pada halaman itu (teks, huruf, gambar, lapisan) telah diubah, "
            "walaupun teks yang terbaca bisa tampak sama.")
    else:
        report.info.append(f"Setiap halaman ({len(given)}) sama persis dengan {issue.document_id} yang dibuat ulang "
                           "dari data pada jangkarnya.")


def _print_days(issue: DocumentIssue, payload: bytes, first: DocumentIssue | None) -> list[dt.date]:
    """The days the document may carry as its printing day, most likely first: the day its version was first
    printed (a later copy prints that day: ``reports.issue.prepare``), the registration's day here, the day in the
    file's creation date when within a day of it (another time zone), the fixed day of an invariant print."""
    import re

    from reports.contest_data import INVARIANT_MOMENT

    local = issue_day(issue)
    days = [issue_day(first)] if first is not None else []
    if local not in days:
        days.append(local)
    match = re.search(rb"/CreationDate\s*\(D:(\d{8})", payload[-200_000:]) or re.search(
        rb"/CreationDate\s*\(D:(\d{8})", payload[:200_000])
    if match:
        created = dt.datetime.strptime(match.group(1).decode(), "%Y%m%d").date()
        if abs((created - local).days) <= 1 and created not in days:
            days.append(created)
        if created == INVARIANT_MOMENT.date() and created not in days:
            days.append(created)
    return days
