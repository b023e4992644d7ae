"""Rectangular tab-separated blocks, as Excel and LibreOffice put them on the clipboard."""

from __future__ import annotations

from collections.abc import Sequence


class BlockError(ValueError):
    """A clipboard text that is not a rectangular block; ``str(e)`` is Indonesian."""


def parse_block(text: str) -> list[list[str]]:
    """'a\\tb\\nc\\td\\n' → [['a', 'b'], ['c', 'd']]; every row must have the same number of cells."""
    if text is None or text.strip() == "":
        raise BlockError("Papan klip kosong: tidak ada yang ditempel.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):  # spreadsheets end the block with a newline
        text = text[:-1]
    rows = [line.split("\t") for line in text.split("\n")]
    width = len(rows[0])
    for i, row in enumerate(rows, start=1):
        if len(row) != width:
            raise BlockError(
                f"Blok tidak persegi panjang: baris ke-{i} berisi {len(row)} sel, baris pertama {width} sel. "
                "Tidak ada yang ditempel."
            )
    return rows


def format_block(rows: Sequence[Sequence[str]]) -> str:
    return "\n".join("\t".join(row) for row in rows)
