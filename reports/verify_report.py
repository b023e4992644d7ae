"""What ``verify-pdf`` found (:class:`VerifyReport`) and the small helpers its checks share."""

from __future__ import annotations

from dataclasses import dataclass, field

from rekap_desktop.contest import Contest
from rekap_desktop.documents import DocumentIssue

__all__ = ["LIST_LIMIT", "VerifyReport", "kec_name", "limit"]

LIST_LIMIT = 25
"""Longest list of differences named one by one (the rest are counted)."""


@dataclass
class VerifyReport:
    info: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    issue: DocumentIssue | None = None  # the registered issue the file is (or claims to be)
    registered_file: bool = False  # (a): the exact bytes are registered
    cells_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def who_changed(self) -> str:
        """What a printed figure differing from the record means: the bytes of a registered file are exactly
        what was issued, so then the record changed; otherwise either may have."""
        if self.registered_file:
            return ("berkas ini persis yang diterbitkan, jadi riwayat angka di basis data yang berubah sejak dicetak "
                    "(periksa dengan verify-audit --anchor memakai jangkar yang difoto)")
        return "dokumen telah diubah, atau riwayat angka di basis data (periksa juga verify-audit --anchor)"



def limit(lines: list[str]) -> list[str]:
    """``lines`` up to :data:`LIST_LIMIT`, then "… dan N lagi"."""
    if len(lines) <= LIST_LIMIT:
        return lines
    return [*lines[:LIST_LIMIT], f"… dan {len(lines) - LIST_LIMIT} lagi"]


def kec_name(contest: Contest, code: str) -> str:
    """"SRESEH (352701)", or the code alone when the contest does not list it."""
    return f"{contest.kecamatan_name(code)} ({code})" if contest.has_kecamatan(code) else code
