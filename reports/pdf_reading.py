"""Reading a document back from its PDF: the text of every page, where each string stands, and the printed figures.

Text extraction (pypdf) yields every string the page draws, in drawing order, with its position. The documents are
laid out so that this is reliable: every figure is its own string, every figure row starts with its line code
(``KODE``) on the same baseline, every table names its kecamatan columns by their 6-digit code in its header row,
and every page has one footer line ``ID dokumen … · AUDIT n:hex · Hal x dari y``
(:func:`reports.page_furniture.parse_footer`). :func:`read_grid` turns that back into cells
``(line, kecamatan or JUMLAH) → printed text``, naming what it cannot read.

No database here; :mod:`reports.verify_pdf` compares what is read with the data.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reports.identity import CODE_HEADER, FooterLine, parse_footer
from reports.page_fingerprint import DecodeBudget, check_page_size

__all__ = [
    "Fragment",
    "GridCell",
    "GridRead",
    "PageText",
    "PdfContent",
    "PdfUnreadable",
    "read_grid",
    "read_pdf",
]

JUMLAH = "JUMLAH"
_VALUE = re.compile(r"^(\d{1,3}(\.\d{3})*|–)$")
_KEC = re.compile(r"^\d{6}$")
_BASELINE_TOLERANCE = 2.5
MAX_PAGES = 5_000

_log = logging.getLogger(__name__)


class PdfUnreadable(ValueError):
    """Not a PDF, or one whose pages cannot be read; the message is Indonesian."""


@dataclass(frozen=True, slots=True)
class Fragment:
    text: str
    x: float
    y: float


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based, as the file orders them
    fragments: tuple[Fragment, ...]
    footer: FooterLine | None

    @property
    def text(self) -> str:
        return "\n".join(f.text for f in self.fragments)


@dataclass(frozen=True)
class PdfContent:
    sha256: str
    pages: tuple[PageText, ...]
    keywords: str
    signature_fields: int  # signed signature fields (PAdES) found in the file
    annotations: tuple[tuple[int, str], ...] = ()  # (page, subtype) of every annotation but signature fields
    trailing: str = ""  # what follows the last %%EOF ("" when the file ends properly)
    catalog: tuple[str, ...] = ()  # document-level entries the app never writes (/OpenAction, /Names, /OCProperties…)


def _effective(cm: Any, tm: Any) -> tuple[float, float]:
    x, y = float(tm[4]), float(tm[5])
    return (float(cm[0]) * x + float(cm[2]) * y + float(cm[4]), float(cm[1]) * x + float(cm[3]) * y + float(cm[5]))


def read_pdf(source: Path | bytes) -> PdfContent:
    """Every page's strings with their positions, the footer lines, the metadata keywords, the signatures."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise PdfUnreadable("berkas ini bukan PDF")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages: list[PageText] = []
        annotations: list[tuple[int, str]] = []
        if len(reader.pages) > MAX_PAGES:
            raise PdfUnreadable(f"PDF berisi {len(reader.pages):,} halaman (dokumen Rekap Desktop jauh lebih sedikit)"
                                .replace(",", "."))
        budget = DecodeBudget()
        for number, page in enumerate(reader.pages, start=1):
            fragments: list[Fragment] = []

            def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any, out: list[Fragment] = fragments) -> None:
                stripped = text.strip()
                if stripped:
                    x, y = _effective(cm, tm)
                    out.append(Fragment(" ".join(stripped.split()), x, y))

            try:
                check_page_size(page, budget)
            except ValueError as exc:
                raise PdfUnreadable(str(exc)) from None
            page.extract_text(visitor_text=visit)
            footer = next((f for f in (parse_footer(fr.text) for fr in reversed(fragments)) if f), None)
            pages.append(PageText(number, tuple(fragments), footer))
            for annot in page.get("/Annots") or ():
                obj = annot.get_object()
                kind = str(obj.get("/Subtype", "?"))
                if kind == "/Widget" and _invisible_signature(obj):
                    continue  # the signature the app adds: signed, and drawing nothing on the page
                annotations.append((number, kind.lstrip("/")))
        catalog = _foreign_catalog_entries(reader) + _structure_problems(reader, data)
        info = reader.metadata
        keywords = str(info.get("/Keywords", "")) if info else ""
        signed = 0
        for fld in (reader.get_fields() or {}).values():
            if fld.get("/FT") == "/Sig" and fld.get("/V") is not None:
                signed += 1
    except PdfUnreadable:
        raise
    except PdfReadError as exc:
        raise PdfUnreadable(f"PDF rusak atau tidak dapat dibaca (rincian teknis: {exc})") from exc
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        _log.debug("pypdf failed", exc_info=True)
        raise PdfUnreadable(f"PDF rusak atau tidak dapat dibaca (rincian teknis: {type(exc).__name__}: {exc})") from exc
    return PdfContent(hashlib.sha256(data).hexdigest(), tuple(pages), keywords, signed, tuple(annotations),
                      _hidden_revision(data), catalog)


def _invisible_signature(widget: Any) -> bool:
    """A signature field that is signed (``/V``) and has no area on the page (``/Rect`` of zero width or height),
    as the app signs; any other widget could paint over a figure and is reported."""
    field = widget if widget.get("/FT") == "/Sig" else (widget.get("/Parent") or {})
    if getattr(field, "get_object", None):
        field = field.get_object()
    if field.get("/FT") != "/Sig" or field.get("/V") is None:
        return False
    rect = [float(v) for v in widget.get("/Rect") or (0, 0, 0, 0)]
    return len(rect) == 4 and (abs(rect[2] - rect[0]) < 0.01 or abs(rect[3] - rect[1]) < 0.01)


_CATALOG_KEYS = frozenset({"/Type", "/Pages", "/Lang", "/PageMode", "/Version", "/AcroForm", "/Extensions",
                           "/Metadata", "/ViewerPreferences", "/MarkInfo", "/StructTreeRoot", "/PageLayout"})
_ACROFORM_KEYS = frozenset({"/Fields", "/SigFlags", "/DA", "/DR", "/NeedAppearances"})


def _foreign_catalog_entries(reader: Any) -> tuple[str, ...]:
    """Document-level entries that can act or show something on opening (actions, JavaScript, named trees, layers,
    XFA forms): the app's documents have none of them."""
    root = reader.trailer["/Root"].get_object()
    found = [str(k) for k in root if k not in _CATALOG_KEYS]
    form = root.get("/AcroForm")
    if form is not None:
        found += [f"/AcroForm{k}" for k in form.get_object() if k not in _ACROFORM_KEYS]
    return tuple(sorted(found))


def _structure_problems(reader: Any, data: bytes) -> tuple[str, ...]:
    """What two PDF readers may read differently, in a file the app wrote as one revision (plus the signature's):
    more revisions than that, an object number defined under two generations (one reader takes one, another the
    other), a page-tree entry that is neither a page nor a page node, a /Count that does not add up."""
    out: list[str] = []
    revisions = len(re.findall(rb"startxref\s", data))
    allowed = 2 if b"/ByteRange" in data else 1
    if revisions > allowed:
        out.append(f"{revisions} revisi (dokumen aplikasi: {allowed}) — perubahan ditambahkan setelah diterbitkan")
    seen: dict[int, int] = {}
    for generation, entries in reader.xref.items():
        if generation == 65535:
            continue
        for number in entries:
            if number in seen and seen[number] != generation:
                out.append(f"objek {number} didefinisikan dua kali (generasi {seen[number]} dan {generation})")
            seen.setdefault(number, generation)

    def walk(node: Any, depth: int) -> int:
        node = node.get_object()
        kind = node.get("/Type")
        if kind == "/Page":
            return 1
        if kind != "/Pages" or depth > 20:
            out.append(f"pohon halaman memuat unsur bukan halaman ({kind})")
            return 0
        total = sum(walk(kid, depth + 1) for kid in node.get("/Kids") or ())
        if int(node.get("/Count", -1)) != total:
            out.append(f"pohon halaman menyebut {node.get('/Count')} halaman, berisi {total}")
        return total

    walk(reader.trailer["/Root"].get_object()["/Pages"], 0)
    return tuple(dict.fromkeys(out))


def _hidden_revision(data: bytes) -> str:
    """What stands after the file's last ``%%EOF`` (whitespace aside): a revision appended without its end marker
    is read by some viewers and ignored by others (pypdf stops at the last ``%%EOF``), so its pages cannot be
    checked. Empty when the file ends properly."""
    end = data.rfind(b"%%EOF")
    tail = data[end + 5:] if end >= 0 else data
    rest = tail.strip(b" \t\r\n\x00")
    if not rest:
        return ""
    return f"{len(rest):,} byte".replace(",", ".") + (" (memuat startxref)" if b"startxref" in rest else "")


# ------------------------------------------------------------------------------------------------ figure grids
@dataclass(frozen=True, slots=True)
class GridCell:
    line: str
    column: str  # kecamatan code or JUMLAH
    text: str  # as printed: "1.234", "–"
    page: int

    @property
    def value(self) -> int | None:
        return None if self.text == "–" else int(self.text.replace(".", ""))


@dataclass
class GridRead:
    cells: dict[tuple[str, str], GridCell] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # Indonesian, each naming page and row


def read_grid(pages: Iterable[PageText], kecamatan: Collection[str], lines: Collection[str]) -> GridRead:
    """The figure tables of a berita acara: every row ``KODE, URAIAN, figure per column``.

    ``kecamatan``: the contest's kecamatan codes; ``lines``: its line ids. A row whose figures cannot all be read,
    a figure printed twice, or a table without a readable header is named in ``problems``.
    """
    kec = set(kecamatan)
    known = set(lines)
    result = GridRead()
    for page in pages:
        columns: list[str] | None = None
        in_header = False
        row: tuple[str, float] | None = None
        values: list[Fragment] = []

        def close(row: tuple[str, float] | None, values: list[Fragment], columns: list[str] | None,
                  page_no: int = page.number) -> None:
            if row is None:
                return
            line = row[0]
            if columns is None:
                result.problems.append(f"halaman {page_no}: baris {line} tanpa judul kolom yang terbaca")
                return
            if len(values) != len(columns):
                result.problems.append(
                    f"halaman {page_no}: baris {line} memuat {len(values)} angka terbaca, seharusnya {len(columns)}")
                return
            for column, fragment in zip(columns, sorted(values, key=lambda f: f.x), strict=True):
                key = (line, column)
                if key in result.cells:
                    other = result.cells[key]
                    result.problems.append(
                        f"halaman {page_no}: baris {line} kolom {column} tercetak lagi (juga di halaman {other.page})")
                    continue
                result.cells[key] = GridCell(line, column, fragment.text, page_no)

        for frag in page.fragments:
            text = frag.text
            if text == CODE_HEADER:
                close(row, values, columns)
                row, values = None, []
                columns, in_header = [], True
                continue
            if in_header:
                if _KEC.match(text) and text in kec:
                    assert columns is not None
                    columns.append(text)
                elif text == JUMLAH:
                    assert columns is not None
                    columns.append(JUMLAH)
                elif text == "(1)":
                    in_header = False
                continue
            if text in known:
                close(row, values, columns)
                row, values = (text, frag.y), []
                continue
            if row is not None and _VALUE.match(text) and abs(frag.y - row[1]) <= _BASELINE_TOLERANCE:
                values.append(frag)
        close(row, values, columns)
    return result
