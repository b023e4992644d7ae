"""Measuring what a PDF draws: rectangles per page (content stream and the forms it uses)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream

from reports.signature_grid import MIN_BOX_HEIGHT, MIN_BOX_WIDTH


def page_rects(path: Path) -> list[list[tuple[float, float]]]:
    """Per page, the (width, height) of every rectangle drawn on it or in the forms it uses."""
    reader = PdfReader(path)
    out = []
    for page in reader.pages:
        sizes: list[tuple[float, float]] = []

        def walk(stream: Any, resources: Any, sizes: list[tuple[float, float]] = sizes) -> None:
            for operands, op in ContentStream(stream, reader).operations:
                if op == b"re":
                    sizes.append((float(operands[2]), float(operands[3])))
                elif op == b"Do" and resources is not None:
                    xobjects = resources.get("/XObject")
                    target = xobjects.get_object().get(operands[0]) if xobjects is not None else None
                    if target is not None and target.get_object().get("/Subtype") == "/Form":
                        form = target.get_object()
                        walk(form, form.get("/Resources", resources), sizes)

        walk(page.get_contents(), page.get("/Resources"))
        out.append(sizes)
    return out


def signature_boxes(sizes: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Signature boxes: at least 40 × 15 mm, at most a fifth of the page wide."""
    return [(w, h) for w, h in sizes if MIN_BOX_WIDTH - 0.01 <= abs(w) <= 200 and MIN_BOX_HEIGHT - 0.01 <= abs(h) <= 60]
