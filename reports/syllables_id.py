"""Breaking long Indonesian place names at a syllable boundary, for narrow column headers.

"KARANGPENANG" does not fit a figure column at a legible size; "KARANG-/PENANG" does. The rules are the plain
Indonesian ones (PUEBI): break before a single consonant between vowels (BA-NAH), between two consonants (TAM-BE),
between two vowels that are not a diphthong (NYU-A); the digraphs NG, NY, KH, SY and the diphthongs AI, AU, OI, EI
are never split. Good enough for kecamatan names; anything else still breaks somewhere sensible.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

__all__ = ["break_word", "split_for_width"]

_VOWELS = frozenset("AEIOU")
_DIGRAPHS = ("NG", "NY", "KH", "SY")
_DIPHTHONGS = frozenset({"AI", "AU", "OI", "EI"})


def _units(word: str) -> list[str]:
    units: list[str] = []
    i = 0
    upper = word.upper()
    while i < len(word):
        pair = upper[i : i + 2]
        if pair in _DIGRAPHS:
            units.append(word[i : i + 2])
            i += 2
        else:
            units.append(word[i])
            i += 1
    return units


def _is_vowel(unit: str) -> bool:
    return unit.upper() in _VOWELS


def break_points(word: str) -> list[int]:
    """Character offsets where ``word`` may be hyphenated (never leaving fewer than 2 letters on a side).

    Between two vowels, the consonant run decides: none → between the vowels (unless a diphthong); one → before
    it; two → between them; three or more → after the first (KOM-PLEKS).
    """
    units = _units(word)
    starts: list[int] = []
    pos = 0
    for u in units:
        starts.append(pos)
        pos += len(u)
    vowels = [i for i, u in enumerate(units) if _is_vowel(u)]
    cuts: list[int] = []
    for a, b in itertools.pairwise(vowels):
        run = b - a - 1
        if any(not units[k].isalpha() for k in range(a + 1, b)):
            continue
        if run == 0:
            if (units[a] + units[b]).upper() in _DIPHTHONGS:
                continue
            cut = b
        elif run in (1, 2):
            cut = b - 1
        else:
            cut = a + 2
        cuts.append(starts[cut])
    return [c for c in cuts if 2 <= c <= len(word) - 2]


def break_word(word: str, width_of: Callable[[str], float], max_width: float) -> list[str]:
    """Split ``word`` into hyphenated parts no wider than ``max_width`` where possible (recursively)."""
    if width_of(word) <= max_width:
        return [word]
    best: list[str] | None = None
    best_w = float("inf")
    for cut in break_points(word):
        left, right = f"{word[:cut]}-", word[cut:]
        w = max(width_of(left), width_of(right))
        if w < best_w:
            best, best_w = [left, right], w
    if best is None:
        return [word]
    if width_of(best[1]) > max_width:
        return [best[0], *break_word(best[1], width_of, max_width)]
    return best


def split_for_width(name: str, width_of: Callable[[str], float], max_width: float) -> list[str]:
    """Words of ``name``, long ones broken at syllables, ready to be set one part per line or joined."""
    parts: list[str] = []
    for word in name.split():
        parts.extend(break_word(word, width_of, max_width))
    return parts or [name]
