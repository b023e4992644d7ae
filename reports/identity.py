"""What identifies a printed page, as plain text: the document stamp and the footer line, and the markers that
``verify-pdf`` reads back. No reportlab here, so that checking a file never loads the renderer.

- :class:`DocumentStamp`: the identity printed on every page of one issued document (id with version, the audit
  anchor, the figures hash, the time, DRAF and why).
- :func:`footer_text` / :func:`parse_footer`: the footer line ``ID dokumen <id> · AUDIT <n>:<16 hex> · Hal x dari y``,
  drawn as one string so that text extraction reads it back whole.
- :data:`CODE_HEADER`, :data:`DASH`, :func:`figure_text`: how figure tables print their row codes and figures;
  :func:`item_key` / :func:`item_cells`: what a row of the kejadian khusus form prints.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from reports.berita_acara_data import KeberatanRow
from reports.numbers_id import format_int

__all__ = [
    "CODE_HEADER",
    "DASH",
    "DRAFT_MARK",
    "NIHIL",
    "NO_DATA",
    "DocumentStamp",
    "FooterLine",
    "figure_text",
    "footer_text",
    "item_cells",
    "item_key",
    "parse_footer",
]

CODE_HEADER = "KODE"
DASH = "–"
NIHIL = "NIHIL"
NO_DATA = "tidak ada data"  # a Sirekap figure that does not exist (never 0)


def figure_text(value: int | None) -> str:
    """A figure as printed: 1.234.567, or a dash when missing (never 0)."""
    return DASH if value is None else format_int(value)


DRAFT_MARK = "DRAF"
COPY_MARK = "SALINAN TIDAK TERDAFTAR"
"""Over every page of a copy printed without registration (from a read-only evidence copy, or ``--salinan``)."""
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_ANCHOR = re.compile(r"AUDIT \d+:[0-9a-f]{16}")
_FOOTER = re.compile(
    r"ID dokumen (?P<id>[A-Z0-9/-]+) · (?P<anchor>AUDIT \d+:[0-9a-f]{16}) · Hal (?P<page>\d+) dari (?P<total>\d+)"
)


@dataclass(frozen=True, slots=True)
class DocumentStamp:
    """The identity printed on every page of one issued document.

    ``anchor`` is ``AUDIT <n>:<16 hex>`` as read before the content (``service.anchor().text``);
    ``draft_reasons`` says in Indonesian what is still open when ``draft``.
    """

    document_id: str
    anchor: str
    figures_sha256: str
    generated_at: dt.datetime
    draft: bool = False
    draft_reasons: tuple[str, ...] = field(default=())
    unregistered: bool = False  # a copy for examination: not in the register, marked as such on every page

    def __post_init__(self) -> None:
        if not self.document_id or "|" in self.document_id or not self.document_id.isprintable():
            raise ValueError(f"ID dokumen tidak sah: {self.document_id!r}")
        if not _ANCHOR.fullmatch(self.anchor):
            raise ValueError(f"jangkar audit tidak sah: {self.anchor!r} (bentuknya AUDIT <n>:<16 heksa>)")
        if not _SHA256_HEX.fullmatch(self.figures_sha256):
            raise ValueError("hash angka harus 64 digit heksadesimal huruf kecil")
        if not isinstance(self.draft_reasons, tuple):
            object.__setattr__(self, "draft_reasons", tuple(self.draft_reasons))
        if self.draft_reasons and not self.draft:
            raise ValueError("alasan draf hanya untuk dokumen draf")

    @property
    def qr_payload(self) -> str:
        return f"REKAP|{self.document_id}|{self.figures_sha256}|{self.anchor}"


def footer_text(stamp: DocumentStamp, page: int, total: int) -> str:
    return f"ID dokumen {stamp.document_id} · {stamp.anchor} · Hal {page} dari {total}"


class FooterLine(NamedTuple):
    document_id: str
    anchor: str
    page: int
    total: int


def parse_footer(page_text: str) -> FooterLine | None:
    """The footer line of one page's extracted text; None when the page has none."""
    match = _FOOTER.search(" ".join(page_text.split()))
    if match is None:
        return None
    return FooterLine(match["id"], match["anchor"], int(match["page"]), int(match["total"]))


def item_key(item: KeberatanRow) -> str:
    """The number printed first in the row: the keberatan's number in the app (``#12``)."""
    return f"#{item.record_id or item.number}"


def item_cells(item: KeberatanRow) -> list[list[str]]:
    """The lines of each cell of the row, as printed (left to right)."""
    where = [item.kecamatan or "SELURUH KABUPATEN/KOTA"]
    if item.tps:
        where.append(f"TPS {item.tps}")
    if item.cells:
        where.append(f"sel {item.cells}")
    who = [x for x in (item.peserta, item.saksi) if x] or [DASH]
    return [
        [item_key(item), item.kind],
        [item.level or DASH, item.jenis or DASH],
        where,
        who,
        [item.description],
        [item.rekomendasi_bawaslu or DASH],
        [item.outcome or DASH],
        [item.tindak_lanjut or DASH],
    ]
