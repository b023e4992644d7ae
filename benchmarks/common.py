"""Helpers shared by the benchmark scripts: the largest synthetic contest, percentiles, the JSON last line."""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import time
from collections.abc import Sequence

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest, Dapil, PartyBlock
from rekap_desktop.national import NATIONAL_PARTIES_2024
from rekap_desktop.participants import Candidate
from rekap_desktop.region import Level, Region
from rekap_desktop.sheet import RecapSheet
from rekap_desktop.synthesis import consistent_column


def largest_contest(kecamatan: int = 40, candidates: int = 10) -> Contest:
    """DESIGN §11's largest contest: 40 kecamatan × (18 parties × 10 candidates) ≈ 40 × 241 lines."""
    kec = tuple(Region(f"3599{i:02d}", f"KECAMATAN SINTETIS {i:02d}", Level.KECAMATAN, 375)
                for i in range(1, kecamatan + 1))
    blocks = tuple(
        PartyBlock(p, tuple(Candidate(k, f"CALON SINTETIS {p.number}-{k}", p.number) for k in range(1, candidates + 1)))
        for p in NATIONAL_PARTIES_2024
    )
    return Contest(Ballot.PDPR, kec, Dapil(Ballot.PDPR, "3599", "SINTETIS I"), parties=blocks)


def filled_sheet(contest: Contest, seed: int = 1) -> RecapSheet:
    sheet = RecapSheet(contest)
    rng = random.Random(seed)
    rows = []
    for region in contest.kecamatan:
        rows += [(line, region.code, v) for line, v in consistent_column(sheet.catalogue, rng, 100_000, 375).items()]
    sheet.load_manual(rows)
    return sheet


def percentiles(samples_s: Sequence[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples_s)
    q = statistics.quantiles(ms, n=100)
    return {"p50_ms": round(q[49], 4), "p95_ms": round(q[94], 4), "max_ms": round(ms[-1], 4), "n": len(ms)}


def machine() -> dict[str, str]:
    return {"python": platform.python_version(), "cpus": str(os.cpu_count()), "system": platform.system()}


def emit(result: dict[str, object]) -> None:
    """Print the figures; the LAST line is one JSON object (DESIGN §10)."""
    result = {**result, "machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M")}
    print(json.dumps(result, ensure_ascii=False))
