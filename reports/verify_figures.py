"""``verify-pdf``, what is printed: every figure (or item) read back from the pages compared with what the audit
chain recorded as of the printed anchor, one check per document kind (:data:`FIGURE_CHECKS`; the kertas kerja
kursi registers its own from :mod:`reports.kursi`)."""

from __future__ import annotations

import re
from collections.abc import Callable

from rekap_desktop.contest import Contest
from rekap_desktop.documents import DocumentKind, changes_since
from rekap_desktop.history import entries_as_of, keberatan_as_of
from rekap_desktop.lines import LineCatalogue
from rekap_desktop.rules import JUMLAH
from rekap_desktop.services import RecapService
from rekap_desktop.sheet import RecapSheet
from reports.identity import NIHIL, NO_DATA, figure_text, item_cells, item_key
from reports.pdf_reading import PdfContent, read_grid
from reports.verify_report import VerifyReport, kec_name, limit

__all__ = ["FIGURE_CHECKS", "FigureCheck"]

_ITEM_KEY = re.compile(r"^#\d+$")
_DIFF_KEY = re.compile(r"^\d{6}/(I|II|III|IV|V)(\.[0-9A-Z]+)*$")
_DIFF_VALUE = re.compile(r"^([+\u2212]?\d{1,3}(\.\d{3})*|–|tidak ada data)$")


FigureCheck = Callable[[RecapService, Contest, PdfContent, int | None, VerifyReport], None]


def _check_berita_acara(service: RecapService, contest: Contest, content: PdfContent, as_of: int | None,
                        report: VerifyReport) -> None:
    """Every figure of sections I–V as printed, against the figures recorded as of the printed anchor."""
    from reports.contest_data import figure_lines
    catalogue = LineCatalogue(contest)
    grid = read_grid(content.pages, contest.kecamatan_codes, [line.id for line in catalogue.lines])
    report.problems += [f"Tidak terbaca: {p}" for p in limit(grid.problems)]
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
            where = "JUMLAH" if column == JUMLAH else f"Kec. {kec_name(contest, column)}"
            if cell is None:
                missing.append(f"{where} baris {row.line_id}")
                continue
            report.cells_checked += 1
            if cell.text != text:
                differ.append(f"halaman {cell.page} · {where} · baris {row.line_id} ({row.label}): tercetak "
                              f"{cell.text}, tercatat {when} {text}")
    if differ:
        report.problems.append(f"ANGKA TERCETAK BERBEDA dengan yang tercatat {when} ({len(differ)} sel) — "
                               f"{report.who_changed}:")
        report.problems += [f"  {line}" for line in limit(differ)]
    if missing:
        report.problems.append(f"{len(missing)} angka tidak ditemukan di halaman mana pun (halaman hilang atau "
                               "diubah): " + ", ".join(limit(missing)))


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
            where = f"halaman {page_no} · Kec. {kec_name(contest, kec)} · baris {line}"
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
