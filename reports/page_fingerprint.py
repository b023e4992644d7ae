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

__all__ = ["page_fingerprints"]

_SKIP = frozenset({"/Parent", "/Annots", "/Length", "/Filter", "/DecodeParms", "/StructParents", "/Metadata"})


def page_fingerprints(payload: bytes) -> list[str]:
    """One SHA-256 (hex) per page of the PDF ``payload``, in file order. Raises ValueError when the PDF cannot be
    read (the caller already read its text, so this is rare)."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(payload), strict=False)
        memo: dict[tuple[int, int], bytes] = {}
        return [_canon(page, memo).hex() for page in reader.pages]
    except RecursionError as exc:
        raise ValueError("struktur PDF terlalu dalam") from exc
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        raise ValueError(f"PDF tidak dapat dibaca ({type(exc).__name__}: {exc})") from exc


def _canon(obj: Any, memo: dict[tuple[int, int], bytes]) -> bytes:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    if isinstance(obj, IndirectObject):
        key = (obj.idnum, obj.generation)
        held = memo.get(key)
        if held is not None:
            return held
        memo[key] = b"<siklus>"  # a reference back into what is being walked
        value = _canon(obj.get_object(), memo)
        memo[key] = value
        return value
    if isinstance(obj, StreamObject):
        head = _canon(DictionaryObject(dict(obj.items())), memo)
        return hashlib.sha256(b"S" + head + hashlib.sha256(obj.get_data()).digest()).digest()
    if isinstance(obj, DictionaryObject):
        parts = [str(k).encode() + b"=" + _canon(v, memo) for k, v in sorted(obj.items()) if k not in _SKIP]
        return hashlib.sha256(b"D" + b";".join(parts)).digest()
    if isinstance(obj, ArrayObject):
        return hashlib.sha256(b"A" + b",".join(_canon(v, memo) for v in obj)).digest()
    return repr(obj).encode()
