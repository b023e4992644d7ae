"""What a page shows, as one digest: its content streams and everything they draw with (fonts and their glyph
programs, images, forms, graphics states), decoded, walked in a canonical order.

Two renderings of the same document content with the same stamp give the same digests whatever their creation
time or object numbering (the renderer is deterministic); a re-saved copy keeps them; any change to what a page
draws — a figure, a word, invisible or displaced text, a glyph swapped in the embedded font, an image or a form laid
over — changes the digest of that page, even where text extraction reads the same. Annotations are left out (the
signature widget is one; ``verify-pdf`` names any other), as are the page's link to its parent and stream encodings.

No database and no reportlab here: pypdf only.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

__all__ = ["MAX_DECODED_BYTES", "DecodeBudget", "check_page_size", "page_fingerprints"]

_SKIP = frozenset({"/Parent", "/Annots", "/Length", "/Filter", "/DecodeParms", "/StructParents", "/Metadata"})


MAX_DECODED_BYTES = 256 << 20
"""The most a document's streams may unpack to, all together (the largest berita acara unpacks to a few MB): a
small file of stacked compressed streams must not exhaust the memory of the saksi's laptop."""


class DecodeBudget:
    """What a document's streams may still unpack to (bytes), shared by every check of one file."""

    def __init__(self) -> None:
        self.left = MAX_DECODED_BYTES


_Budget = DecodeBudget


def check_page_size(page: Any, budget: DecodeBudget) -> None:
    """Unpack (and drop) the content streams of ``page`` and of the forms it uses, within ``budget``, before a text
    extractor decodes and keeps them; ValueError (Indonesian) when they unpack to more than the budget."""
    from pypdf.generic import ArrayObject

    streams: list[Any] = []
    contents = page.get("/Contents")
    if contents is not None:
        contents = contents.get_object()
        streams += [c.get_object() for c in contents] if isinstance(contents, ArrayObject) else [contents]
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    for ref in (xobjects.get_object().values() if xobjects is not None else ()):
        form = ref.get_object()
        if form.get("/Subtype") == "/Form":
            streams.append(form)
    try:
        for stream in streams:
            _stream_digest(stream, budget)
    except _TooLarge as exc:
        raise ValueError(str(exc)) from None


def page_fingerprints(payload: bytes) -> list[str]:
    """One SHA-256 (hex) per page of the PDF ``payload``, in file order. Raises ValueError (Indonesian) when the
    PDF cannot be read or its streams unpack to more than :data:`MAX_DECODED_BYTES`."""
    from pypdf import PdfReader

    budget = _Budget()
    try:
        reader = PdfReader(io.BytesIO(payload), strict=False)
        memo: dict[tuple[int, int], bytes] = {}
        return [_canon(page, memo, budget).hex() for page in reader.pages]
    except _TooLarge as exc:
        raise ValueError(str(exc)) from None
    except RecursionError as exc:
        raise ValueError("struktur PDF terlalu dalam") from exc
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        raise ValueError(f"PDF tidak dapat dibaca ({type(exc).__name__}: {exc})") from exc


class _TooLarge(Exception):
    pass


def _stream_digest(stream: Any, budget: _Budget) -> bytes:
    """SHA-256 of a stream's decoded data, unpacked a piece at a time and never held whole: Flate chains are
    inflated with a bound here; other filters (none in the app's documents) by pypdf, within the same budget."""

    filters = stream.get("/Filter")
    names = [str(f) for f in (filters if isinstance(filters, list) else [filters] if filters else [])]
    if names and all(n == "/FlateDecode" for n in names) and not stream.get("/DecodeParms"):
        data = bytes(stream._data)
        for _ in names[:-1]:  # inner layers: each within the budget
            data = _inflate(data, budget, keep=True)
        return _inflate(data, budget, keep=False)
    data = stream.get_data()
    budget.left -= len(data)
    if budget.left < 0:
        raise _TooLarge(_too_large())
    return hashlib.sha256(data).digest()


def _inflate(data: bytes, budget: _Budget, *, keep: bool) -> bytes:
    import zlib

    inflater = zlib.decompressobj()
    digest = hashlib.sha256()
    kept = bytearray()
    chunk = data
    while chunk:
        piece = inflater.decompress(chunk, 1 << 20)
        budget.left -= len(piece)
        if budget.left < 0:
            raise _TooLarge(_too_large())
        if keep:
            kept += piece
        else:
            digest.update(piece)
        chunk = inflater.unconsumed_tail
    tail = inflater.flush()
    budget.left -= len(tail)
    if budget.left < 0:
        raise _TooLarge(_too_large())
    if keep:
        return bytes(kept + tail)
    digest.update(tail)
    return digest.digest()


def _too_large() -> str:
    return (f"isi PDF terurai melebihi {MAX_DECODED_BYTES >> 20} MiB (dokumen Rekap Desktop jauh lebih kecil): "
            "berkas dibuat untuk menghabiskan memori, tidak diperiksa lebih lanjut")


def _canon(obj: Any, memo: dict[tuple[int, int], bytes], budget: _Budget) -> bytes:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    if isinstance(obj, IndirectObject):
        key = (obj.idnum, obj.generation)
        held = memo.get(key)
        if held is not None:
            return held
        memo[key] = b"<siklus>"  # a reference back into what is being walked
        value = _canon(obj.get_object(), memo, budget)
        memo[key] = value
        return value
    if isinstance(obj, StreamObject):
        head = _canon(DictionaryObject(dict(obj.items())), memo, budget)
        return hashlib.sha256(b"S" + head + _stream_digest(obj, budget)).digest()
    if isinstance(obj, DictionaryObject):
        parts = [str(k).encode() + b"=" + _canon(v, memo, budget) for k, v in sorted(obj.items()) if k not in _SKIP]
        return hashlib.sha256(b"D" + b";".join(parts)).digest()
    if isinstance(obj, ArrayObject):
        return hashlib.sha256(b"A" + b",".join(_canon(v, memo, budget) for v in obj)).digest()
    return repr(obj).encode()
