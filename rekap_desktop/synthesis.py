"""Figures that are consistent by construction, for the demo, the synthetic benchmark kabupaten and tests.

Every R-rule equality holds for a column built here: the free choices (DPT, turnout, DPTb, DPK, invalid
ballots, disabilitas, spare ballots, the split of valid votes) are drawn, everything else is derived.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from rekap_desktop.lines import LineCatalogue
from rekap_desktop.rules import MAX_VOTERS_PER_TPS


def split(total: int, weights: Sequence[float], rng: random.Random) -> list[int]:
    """Split ``total`` into len(weights) non-negative integers proportional to the (jittered) weights."""
    if not weights:
        return []
    jittered = [max(w, 0.0) * rng.uniform(0.8, 1.2) + 1e-9 for w in weights]
    s = sum(jittered)
    parts = [int(total * w / s) for w in jittered]
    remainder = total - sum(parts)
    order = sorted(range(len(parts)), key=lambda i: jittered[i], reverse=True)
    for i in range(remainder):
        parts[order[i % len(parts)]] += 1
    return parts


def consistent_column(
    catalogue: LineCatalogue,
    rng: random.Random,
    dpt: int,
    tps: int,
    vote_weights: Sequence[float] | None = None,
) -> dict[str, int]:
    """One kecamatan column satisfying R1–R12 and R17 exactly (and R8 within its band)."""
    dpt = max(dpt, 0)
    dpt_l = dpt * rng.randint(480, 500) // 1000
    dpt_p = dpt - dpt_l
    used_l = dpt_l * rng.randint(700, 850) // 1000
    used_p = dpt_p * rng.randint(720, 870) // 1000
    dptb_l, dptb_p = rng.randint(0, tps), rng.randint(0, tps)
    dpk_l, dpk_p = rng.randint(0, tps // 2 + 1), rng.randint(0, tps // 2 + 1)
    total_l, total_p = used_l + dptb_l + dpk_l, used_p + dptb_p + dpk_p
    # stay under the 300-voters-per-TPS plausibility cap
    cap = MAX_VOTERS_PER_TPS * max(tps, 1)
    while total_l + total_p > cap and (used_l or used_p):
        used_l, used_p = used_l * 9 // 10, used_p * 9 // 10
        total_l, total_p = used_l + dptb_l + dpk_l, used_p + dptb_p + dpk_p
    values: dict[str, int] = {}
    for gid, (lv, pv) in (
        ("I.A", (dpt_l, dpt_p)),
        ("I.B.1", (used_l, used_p)),
        ("I.B.2", (dptb_l, dptb_p)),
        ("I.B.3", (dpk_l, dpk_p)),
        ("I.B.4", (total_l, total_p)),
    ):
        values[f"{gid}.L"], values[f"{gid}.P"], values[f"{gid}.JML"] = lv, pv, lv + pv
    voters = total_l + total_p
    received = dpt + -(-dpt * 2 // 100)
    received = max(received, voters)
    spoiled = min(rng.randint(0, tps + 1), received - voters)
    values["II.1"] = received
    values["II.2"] = voters
    values["II.3"] = spoiled
    values["II.4"] = received - voters - spoiled
    dis_l, dis_p = min(rng.randint(0, tps), total_l), min(rng.randint(0, tps), total_p)
    values["III.L"], values["III.P"], values["III.JML"] = dis_l, dis_p, dis_l + dis_p
    invalid = voters * rng.randint(10, 60) // 1000
    valid = voters - invalid
    values["V.A"], values["V.B"], values["V.C"] = valid, invalid, voters
    contest = catalogue.contest
    if contest.ballot.is_legislative_party:
        blocks = contest.parties
        weights = list(vote_weights) if vote_weights else [1.0] * len(blocks)
        for block, party_total in zip(blocks, split(valid, weights, rng), strict=True):
            n = block.party.number
            cand = block.candidates
            shares = split(party_total, [0.25] + [1.0 / (i + 1) for i in range(len(cand))], rng)
            values[f"IV.{n}.0"] = shares[0]
            for c, v in zip(cand, shares[1:], strict=True):
                values[f"IV.{n}.{c.number}"] = v
            values[f"IV.{n}.T"] = party_total
    else:
        vote_lines = catalogue.vote_lines
        weights = list(vote_weights) if vote_weights else [1.0] * len(vote_lines)
        for line, v in zip(vote_lines, split(valid, weights, rng), strict=True):
            values[line.id] = v
    return values
