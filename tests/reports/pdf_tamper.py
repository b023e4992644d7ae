"""How a tampering party edits a PDF: change a printed figure inside a page's content stream (keeping the
metadata), drop, swap or splice pages, strip a signature. Used by the verify-pdf tests."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ByteStringObject, ContentStream, NameObject


def _to_unicode(font: Any) -> dict[int, str]:
    """code → text from a font's ToUnicode CMap (reportlab writes bfchar/bfrange entries)."""
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return {}
    text = cmap.get_object().get_data().decode("latin-1")
    out: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, start in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(start, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(first + i)
    return out


def _raw(operand: Any) -> bytes:
    if isinstance(operand, bytes):
        return bytes(operand)
    return bytes(operand.get_original_bytes())


def change_figure(source: Path, target: Path, page_index: int, printed: str, replacement: str) -> None:
    """Replace the figure ``printed`` (first occurrence on the page) by ``replacement`` in the page's content
    stream, re-encoded with the same font subset; the document metadata is kept as it was."""
    reader = PdfReader(source)
    writer = PdfWriter(clone_from=reader)
    page = writer.pages[page_index]
    fonts = page["/Resources"]["/Font"].get_object()
    content = ContentStream(page.get_contents(), writer)
    current: dict[int, str] = {}
    done = False
    for i, (operands, op) in enumerate(content.operations):
        if op == b"Tf":
            current = _to_unicode(fonts[operands[0]].get_object())
        elif op == b"Tj" and not done and current:
            raw = _raw(operands[0])
            text = "".join(current.get(b, "?") for b in raw)
            if text == printed:
                reverse = {v: k for k, v in current.items()}
                new = bytes(reverse[ch] for ch in replacement)
                content.operations[i] = ([ByteStringObject(new)], op)
                done = True
    if not done:
        raise AssertionError(f"{printed!r} not found on page {page_index + 1}")
    page[NameObject("/Contents")] = writer._add_object(content)
    with target.open("wb") as handle:
        writer.write(handle)


def pages_of(source: Path, order: list[tuple[Path, int]] | list[int], target: Path) -> None:
    """A PDF made of the pages ``order`` (page indexes of ``source``, or (file, index) pairs); the metadata of
    ``source`` is kept."""
    reader = PdfReader(source)
    writer = PdfWriter()
    for item in order:
        if isinstance(item, tuple):
            path, index = item
            writer.add_page(PdfReader(path).pages[index])
        else:
            writer.add_page(reader.pages[item])
    if reader.metadata:
        writer.add_metadata({k: str(v) for k, v in reader.metadata.items()})
    buffer = io.BytesIO()
    writer.write(buffer)
    target.write_bytes(buffer.getvalue())


def strip_signature(source: Path, target: Path) -> None:
    """The signed file without its signature: the bytes up to the end of the revision that was signed."""
    data = source.read_bytes()
    end = data.index(b"%%EOF") + len(b"%%EOF")
    target.write_bytes(data[:end] + b"\n")
