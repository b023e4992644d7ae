from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ui.clipboard_block import BlockError, format_block, parse_block

cell = st.text(alphabet=st.characters(blacklist_characters="\t\r\n", blacklist_categories=("Cs",)), max_size=8)


@given(st.integers(1, 6).flatmap(lambda w: st.lists(st.lists(cell, min_size=w, max_size=w), min_size=1, max_size=6)))
def test_round_trip(rows: list[list[str]]) -> None:
    assume(any(c != "" for c in rows[-1]))  # a blank last row is indistinguishable from the trailing newline
    text = format_block(rows)
    assume(text.strip() != "")
    assert parse_block(text) == rows
    assert parse_block(text + "\n") == rows  # spreadsheets end the block with a newline


def test_windows_line_ends_and_trailing_newline() -> None:
    assert parse_block("1\t2\r\n3\t4\r\n") == [["1", "2"], ["3", "4"]]


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_is_refused(text: str) -> None:
    with pytest.raises(BlockError, match="kosong"):
        parse_block(text)


def test_ragged_block_is_refused() -> None:
    with pytest.raises(BlockError, match="baris ke-2 berisi 1 sel"):
        parse_block("1\t2\n3")
