"""Embedded TrueType fonts for the PDF documents.

reportlab's standard 14 fonts are not embedded in the PDF, so a printed berita acara could look different on each
machine. reportlab ships Bitstream Vera (regular, bold, italic, bold italic) in ``reportlab/fonts``; it is
registered here under project names and embedded as a TrueType subset (``FontFile2``). Vera covers Latin-1 plus
the typographic punctuation used here (– — − · … “ ”); it has no Δ, ▲, ▼ or ✓, so the documents do not use them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["FONTS", "Fonts", "register_fonts"]


@dataclass(frozen=True, slots=True)
class Fonts:
    regular: str = "RekapSans"
    bold: str = "RekapSans-Bold"
    italic: str = "RekapSans-Italic"
    bold_italic: str = "RekapSans-BoldItalic"


FONTS = Fonts()

_FILES = {
    FONTS.regular: "Vera.ttf",
    FONTS.bold: "VeraBd.ttf",
    FONTS.italic: "VeraIt.ttf",
    FONTS.bold_italic: "VeraBI.ttf",
}
_lock = threading.Lock()
_registered = False


def register_fonts() -> Fonts:
    """Register the font family once per process (idempotent, thread-safe) and return its names."""
    global _registered
    with _lock:
        if not _registered:
            registered = set(pdfmetrics.getRegisteredFontNames())
            for name, filename in _FILES.items():
                if name not in registered:
                    # A bare file name is looked up in reportlab's TTFSearchPath, which includes reportlab/fonts.
                    pdfmetrics.registerFont(TTFont(name, filename))
            family = FONTS.regular
            addMapping(family, 0, 0, FONTS.regular)
            addMapping(family, 1, 0, FONTS.bold)
            addMapping(family, 0, 1, FONTS.italic)
            addMapping(family, 1, 1, FONTS.bold_italic)
            _registered = True
    return FONTS
