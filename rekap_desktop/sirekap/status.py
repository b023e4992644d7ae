"""The status of a TPS for one ballot: normal, or a re-vote / continued vote / recount (PSU, PSL, …).

Sources: Sirekap's own `psu` field (domain/sirekap-format.md §1.4: TPS records carry "Pemungutan Suara Ulang" /
"Penghitungan Suara Ulang"; aggregates also "Pemungutan Suara Lanjutan", "… Susulan", "Reguler"), and marks made
by hand in the plenary (:mod:`rekap_desktop.sirekap.marks`), which take precedence.

**Figures superseded by the re-vote never count** (issue 13.2): for a TPS with a status other than normal only
the records of the re-vote are eligible to be its counting record — those Sirekap flags with a `psu` value, and
those stamped (`ts`) at or after the re-vote began: the `since` of the hand mark, else the earliest flagged record.
Among the eligible records the newest (by `ts`, then import order) counts, as for every TPS. A TPS whose re-vote
has no figures yet has no counting figure at all: it is shown as PSU and awaited, never with its old figures.
Example (real, Omben, Desa Pandan, TPS 018, PPWP): the first count (minors voted) is superseded by the record of
19 Feb flagged "Pemungutan Suara Ulang" with every figure null, which is superseded by the PSU result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class TpsStatus(StrEnum):
    NORMAL = "normal"
    PSU = "psu"
    PSL = "psl"
    PSS = "pss"
    HSU = "hsu"
    HSS = "hss"

    @property
    def label(self) -> str:
        """Indonesian name, as Sirekap writes it."""
        return _LABELS[self]

    @property
    def short(self) -> str:
        """`PSU`, `PSL`, … (empty for normal)."""
        return "" if self is TpsStatus.NORMAL else self.value.upper()

    @classmethod
    def parse(cls, text: str) -> TpsStatus:
        """From a command line or form: `psu`, `PSL`, `normal`; ValueError (Indonesian) otherwise."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            known = ", ".join(s.value for s in cls)
            raise ValueError(f"status TPS tidak dikenal: {text!r} (yang sah: {known})") from None


_LABELS = {
    TpsStatus.NORMAL: "Reguler",
    TpsStatus.PSU: "Pemungutan Suara Ulang",
    TpsStatus.PSL: "Pemungutan Suara Lanjutan",
    TpsStatus.PSS: "Pemungutan Suara Susulan",
    TpsStatus.HSU: "Penghitungan Suara Ulang",
    TpsStatus.HSS: "Penghitungan Suara Susulan",
}
_BY_TEXT = {" ".join(label.lower().split()): status for status, label in _LABELS.items()}


def status_of_psu(text: str | None) -> TpsStatus | None:
    """Sirekap's `psu` value → status; None/"" → normal; None for a text Sirekap is not known to use."""
    if text is None:
        return TpsStatus.NORMAL
    normal = " ".join(text.lower().split())
    if normal == "":
        return TpsStatus.NORMAL
    return _BY_TEXT.get(normal)


KNOWN_PSU_TEXTS: tuple[str, ...] = tuple(_LABELS.values())


@dataclass(frozen=True, slots=True)
class RecordRef:
    """What choosing the counting record needs of one stored record."""

    id: int
    ts: str | None
    flag: TpsStatus
    """The status the record's own `psu` field names (normal when null or Reguler)."""


@dataclass(frozen=True, slots=True)
class Mark:
    """A hand mark (see :mod:`rekap_desktop.sirekap.marks`)."""

    status: TpsStatus
    since: str | None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Choice:
    record_id: int | None
    status: TpsStatus
    source: str
    """"manual" (a hand mark), "sirekap" (the records' psu field) or "" (normal, nothing said)."""


def choose(records: Sequence[RecordRef], mark: Mark | None) -> Choice:
    """The counting record of one TPS and ballot, and its status (module docstring)."""
    flagged = [r for r in records if r.flag is not TpsStatus.NORMAL]
    if mark is not None:
        status, source = mark.status, "manual"
    elif flagged:
        status = max(flagged, key=_order).flag
        source = "sirekap"
    else:
        status, source = TpsStatus.NORMAL, ""
    if status is TpsStatus.NORMAL:
        eligible = list(records)
    else:
        since = mark.since if mark is not None and mark.since else None
        if since is None and flagged:
            since = min((r.ts for r in flagged if r.ts), default=None)
        eligible = [
            r for r in records
            if r.flag is not TpsStatus.NORMAL or (since is not None and r.ts is not None and r.ts >= since)
        ]
    current = max(eligible, key=_order) if eligible else None
    return Choice(current.id if current is not None else None, status, source)


def _order(record: RecordRef) -> tuple[str, int]:
    return (record.ts or "", record.id)
