"""Misread figures in a Sirekap TPS record, and the readings the TPS's own arithmetic confirms.

Sirekap read the handwritten C.HASIL plano by OCR (recap-domain.md §4.8). The known failure kinds:

- **empty leading boxes read as 8**: a one- or two-digit vote written in three boxes comes out as 881 for 1 or 883
  for 3 (DPD Jawa Timur, TPS 017 Sobo: 3 → 883, 23 → 823; tempo.co, 2024);
- **an extra digit**: a value ten times too large plus a digit (a stray mark read as a digit);
- **one digit misread** (2 ↔ 8, 1 ↔ 7, …).

A reading is *suggested* only when the record's own equations confirm it: substituting it for the misread value
makes every equation that value takes part in hold (each broken one repaired, none that held broken), and no other
single reading of any figure repairs the same broken equation. One misread value can thus be named exactly; two
equally good readings name none. The equations are those Sirekap publishes figures for: Σ chart = suara sah
(C.HASIL IV/V.A), sah + tidak sah = jumlah suara (V.C = V.A + V.B), pengguna B.4 = B.1 + B.2 + B.3, L + P = JML,
and jumlah suara = jumlah pengguna hak pilih (R5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

MAX_BALLOTS_PER_TPS = 306
"""What one TPS can count at most: 300 voters on its DPT (PKPU; recap-domain.md R17) plus the 2% spare ballots
(C.HASIL II.1 "termasuk surat suara cadangan 2% dari DPT") = 306 ballot papers. No count of a TPS can be higher."""

LEADING_8 = "leading_8"
EXTRA_DIGIT = "extra_digit"
ONE_DIGIT = "one_digit"

KIND_TEXT = {
    LEADING_8: "kotak kosong di depan terbaca angka 8",
    EXTRA_DIGIT: "ada satu angka tambahan",
    ONE_DIGIT: "satu angka salah baca",
}


@dataclass(frozen=True, slots=True)
class Equation:
    """Σ lhs = Σ rhs over figure keys (administrasi line ids or chart keys); `rule` is the anomaly it breaks."""

    rule: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return self.lhs + self.rhs

    def evaluable(self, values: Mapping[str, int]) -> bool:
        return all(key in values for key in self.keys)

    def holds(self, values: Mapping[str, int]) -> bool:
        return sum(values[k] for k in self.lhs) == sum(values[k] for k in self.rhs)

    def needed(self, key: str, values: Mapping[str, int]) -> int:
        """The value `key` must have for this equation to hold, the other figures as they are."""
        lhs = sum(values[k] for k in self.lhs)
        rhs = sum(values[k] for k in self.rhs)
        return values[key] + (rhs - lhs if key in self.lhs else lhs - rhs)


@dataclass(frozen=True, slots=True)
class Reading:
    """A confirmed reading: `key` read as `value`, should be `suggested` (`kind`: how it was misread)."""

    key: str
    value: int
    suggested: int
    kind: str
    repairs: tuple[Equation, ...]


def reading_kind(read: int, actual: int) -> str | None:
    """How `actual` (as written) could have been read as `read` by the OCR, or None when no single slip explains it.

    >>> reading_kind(881, 1), reading_kind(1260, 126), reading_kind(186, 126), reading_kind(186, 46)
    ('leading_8', 'extra_digit', 'one_digit', None)
    """
    if read == actual or read < 0 or actual < 0:
        return None
    shown, written = str(read), str(actual)
    stripped = shown.lstrip("8")
    if stripped != shown and len(shown) > len(written):
        # the empty boxes before the written digits came out as 8s (a written 0 in them, too: "806" for 6)
        padding = shown[: len(shown) - len(written)]
        if set(padding) <= {"8", "0"} and "8" in padding and shown.endswith(written):
            return LEADING_8
    if len(shown) == len(written) + 1 and any(shown[:i] + shown[i + 1:] == written for i in range(len(shown))):
        return EXTRA_DIGIT
    if len(shown) >= len(written):
        padded = written.rjust(len(shown), "0")
        if sum(a != b for a, b in zip(shown, padded, strict=True)) == 1:
            return ONE_DIGIT
    return None


def confirmed_readings(
    values: Mapping[str, int], equations: Sequence[Equation], cap: int = MAX_BALLOTS_PER_TPS
) -> list[Reading]:
    """The readings the record's equations confirm (see the module docstring), in equation order.

    `values`: every figure of the record (administrasi line ids and chart keys); `cap`: the largest value any
    figure of one TPS can have.
    """
    usable = [eq for eq in equations if eq.evaluable(values)]
    broken = [eq for eq in usable if not eq.holds(values)]
    if not broken:
        return []
    involved: dict[str, list[Equation]] = {}
    for eq in usable:
        for key in set(eq.keys):
            involved.setdefault(key, []).append(eq)
    candidates: list[Reading] = []
    for key, eqs in involved.items():
        if any(eq not in broken for eq in eqs):
            continue  # changing it would break an equation that holds
        if any(eq.keys.count(key) != 1 for eq in eqs):
            continue
        wanted = {eq.needed(key, values) for eq in eqs}
        if len(wanted) != 1:
            continue
        (actual,) = wanted
        if not 0 <= actual <= cap:
            continue
        kind = reading_kind(values[key], actual)
        if kind is not None:
            candidates.append(Reading(key, values[key], actual, kind, tuple(eqs)))
    out: list[Reading] = []
    for eq in broken:
        repairing = [c for c in candidates if eq in c.repairs]
        if len(repairing) == 1 and repairing[0] not in out:
            out.append(repairing[0])
    return out


def leading_8_suspects(values: Mapping[str, int], bound: int, keys: Iterable[str] | None = None) -> list[str]:
    """Keys whose value looks like empty boxes read as 8 (≥ 800, starting with 8) and is above `bound`."""
    chosen = values if keys is None else {k: values[k] for k in keys if k in values}
    return [k for k, v in chosen.items() if v >= 800 and v > bound and str(v).startswith("8")]
