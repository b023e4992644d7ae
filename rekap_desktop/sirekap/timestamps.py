"""Validating Sirekap's `ts` (the time a TPS record was published), issue 15.3.

`ts` decides which record of a TPS counts (the newest), so a bad one can hide a real record: "bukan tanggal"
compared as text ranks anywhere, and a record stamped 2099 would outrank every later real record forever. A `ts`
is accepted only when it is a real date and time in Sirekap's form `YYYY-MM-DD HH:MM:SS`, lies within the
election's year, and is not later than the moment of the import. Sirekap stamps in Indonesian time; the import
moment is taken in WIT (UTC+9, the easternmost zone), so that no genuine record of any region is refused.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache

TS_FORMAT = "%Y-%m-%d %H:%M:%S"
_TS = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")
WIT = timezone(timedelta(hours=9))
DEFAULT_ELECTION_YEAR = 2024
"""Pemilu 2024; a database for another election sets `tahun_pemilu` in its settings."""


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What validating a record needs from outside the file: the import moment and the election year."""

    now: str
    """The import moment as `YYYY-MM-DD HH:MM:SS` (WIT)."""
    year: int

    @classmethod
    def at(cls, moment: datetime | None = None, year: int | None = None) -> ParseContext:
        when = (moment or datetime.now(WIT)).astimezone(WIT)
        return cls(when.strftime(TS_FORMAT), year or DEFAULT_ELECTION_YEAR)

    @classmethod
    def from_settings(cls, settings: dict[str, str], moment: datetime | None = None) -> ParseContext:
        """The election year from the setting `tahun_pemilu` (default 2024)."""
        text = settings.get("tahun_pemilu", "").strip()
        year = int(text) if text.isdigit() and len(text) == 4 else None
        return cls.at(moment, year)


@lru_cache(maxsize=256)
def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def ts_problem(ts: str, context: ParseContext | None) -> str | None:
    """Why `ts` is not acceptable (Indonesian), or None. Without a context only the form and the date are checked."""
    if not _TS.fullmatch(ts):
        return f"ts bukan waktu berbentuk 'YYYY-MM-DD HH:MM:SS': {ts!r}"
    year, month, day = int(ts[:4]), int(ts[5:7]), int(ts[8:10])
    if not (1 <= month <= 12 and 1 <= day <= _days_in(year, month) and int(ts[11:13]) < 24
            and int(ts[14:16]) < 60 and int(ts[17:19]) < 60):
        return f"ts bukan tanggal dan jam yang ada: {ts!r}"
    if context is None:
        return None
    if int(ts[:4]) != context.year:
        return f"ts {ts} di luar tahun pemilu {context.year}: rekaman ini tidak dipakai"
    if ts > context.now:
        return (f"ts {ts} lebih lambat daripada saat impor ({context.now} WIT): waktu di masa depan tidak mungkin; "
                "rekaman ini tidak dipakai")
    return None
