"""Sirekap data of a demo or synthetic kabupaten: TPS records shaped exactly like the public Sirekap hhcw JSON,
written from the generated TPS figures with realistic defects (:func:`write_sirekap`), where Sirekap publishes them."""

from __future__ import annotations

import json
import random
import zipfile
from collections.abc import Sequence
from pathlib import Path

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Contest
from rekap_desktop.demo_spec import DEMO_SEED, Tps

ADMIN_FIELDS = {
    "pemilih_dpt": "I.A", "pengguna_dpt": "I.B.1", "pengguna_dptb": "I.B.2", "pengguna_non_dpt": "I.B.3",
    "pengguna_total": "I.B.4",
}
_SUFFIX = {"j": "JML", "l": "L", "p": "P"}


def sirekap_lines(contest: Contest) -> list[str]:
    """The lines a Sirekap TPS record carries for this contest (administrasi and chart)."""
    lines = ["V.A", "V.B", "V.C", *(f"{gid}.{part}" for gid in ADMIN_FIELDS.values() for part in _SUFFIX.values())]
    if contest.ballot is Ballot.PPWP:
        lines += [f"IV.{p.number}" for p in contest.paslon]
    elif contest.ballot is Ballot.PDPD:
        lines += [f"IV.{c.number}" for c in contest.dpd_candidates]
    else:
        for b in contest.parties:
            lines += [f"IV.{b.party.number}.T", f"IV.{b.party.number}.0"]
    return lines


def sirekap_document(contest: Contest, tps: Tps, values: dict[str, int], ts: str, *, admin: bool = True,
                     chart: bool = True, psu: str | None = None) -> dict[str, object]:
    """A TPS record shaped exactly like the public Sirekap hhcw JSON."""
    adm: dict[str, int] | None = None
    if admin:
        adm = {"suara_sah": values["V.A"], "suara_tidak_sah": values["V.B"], "suara_total": values["V.C"]}
        for fname, gid in ADMIN_FIELDS.items():
            for s, part in _SUFFIX.items():
                adm[f"{fname}_{s}"] = values[f"{gid}.{part}"]
    ch: dict[str, object] | None = None
    if chart:
        ch = {}
        if contest.ballot is Ballot.PPWP:
            for p in contest.paslon:
                ch[p.sirekap_id] = values[f"IV.{p.number}"]
        elif contest.ballot is Ballot.PDPD:
            for c in contest.dpd_candidates:
                ch[str(c.sirekap_id)] = values[f"IV.{c.number}"]
        else:
            for b in contest.parties:
                n = b.party.number
                ch[str(n)] = {"jml_suara_total": values[f"IV.{n}.T"], "jml_suara_partai": values[f"IV.{n}.0"]}
        ch["null"] = None
    k = tps.code
    date = ts[:10].replace("-", "")
    images = [
        f"https://sirekap-obj-formc.kpu.go.id/demo/pemilu/{contest.ballot.value}/{k[:2]}/{k[2:4]}/{k[4:6]}/"
        f"{k[6:8]}/{k[8:10]}/{k}-{date}-1{i}0000--demo-{i}.jpg"
        for i in range(3)
    ]
    return {
        "mode": "hhcw", "chart": ch, "images": images, "administrasi": adm, "psu": psu, "ts": ts,
        "status_suara": ch is not None, "status_adm": adm is not None,
    }


COMPLETE_IN_SIREKAP = frozenset({"352701", "352702", "352703", "352704", "352705", "352706", "352709", "352712"})


def write_sirekap(folder: Path | zipfile.ZipFile, contest: Contest, per_tps: Sequence[tuple[Tps, dict[str, int]]],
                  *, defects: bool = True, complete: frozenset[str] = COMPLETE_IN_SIREKAP,
                  forced: frozenset[str] = frozenset(), own: frozenset[tuple[str, str]] = frozenset()) -> int:
    """Write the contest's TPS records as Sirekap files; returns the number of files written.

    With ``defects``: TPS missing (more for the legislative ballots and in two far kecamatan; none in ``complete``
    kecamatan nor for the ``forced`` TPS), records without administrasi or chart, and on the PPWP an OCR "spurious
    leading 8", a stale record and a superseded one. ``own`` (ballot, TPS) are left out: their records are published
    as they were (the spec's ``extra_sirekap``).
    """
    rng = random.Random(f"{DEMO_SEED}:sirekap:{contest.key}")
    legislative = contest.ballot.is_legislative_party
    ocr_tps = _nth_tps(per_tps, "352703", 5)
    stale_tps = _nth_tps(per_tps, "352706", 9)
    superseded_tps = _nth_tps(per_tps, "352701", 3)
    written = 0
    for t, values in per_tps:
        if (contest.ballot.value, t.code) in own:
            continue
        kec = t.kecamatan
        ts = f"2024-02-{rng.randint(15, 22):02d} {rng.randint(0, 23):02d}:{rng.choice((0, 15, 30, 45)):02d}:00"
        admin = chart = True
        vals = dict(values)
        if defects:
            missing = 0.01 + (0.12 if legislative else 0.0) + (0.25 if kec in ("352710", "352711") else 0.0)
            if kec in complete or t.code in forced:
                missing = 0.0  # these stay complete so that mismatches show as mismatches
            if rng.random() < missing:
                continue
            if kec not in complete and t.code not in forced:
                admin = rng.random() > 0.02
                chart = rng.random() > 0.02
            if contest.ballot is Ballot.PPWP and t.code == ocr_tps:
                vals["IV.3"] = int(f"8{vals['IV.3']}")  # OCR: a spurious leading 8 (e.g. 23 → 823)
            if contest.ballot is Ballot.PPWP and t.code == stale_tps:
                stale = dict(vals)
                stale["IV.2"] += 15
                stale["IV.1"] = max(0, stale["IV.1"] - 15)  # a stale record: before the PPK's corrected count
                vals = stale
            if contest.ballot is Ballot.PPWP and t.code == superseded_tps:
                old = dict(vals)
                old["IV.1"] += 40
                _dump(folder, contest.ballot.value, t.code, sirekap_document(contest, t, old, "2024-02-14 21:00:00"),
                      "lama")
                written += 1  # an older, superseded record; the newer one below is current
        _dump(folder, contest.ballot.value, t.code, sirekap_document(contest, t, vals, ts, admin=admin, chart=chart))
        written += 1
    return written


def _nth_tps(per_tps: Sequence[tuple[Tps, dict[str, int]]], kec: str, nth: int) -> str:
    codes = [t.code for t, _ in per_tps if t.kecamatan == kec]
    return codes[min(nth, len(codes) - 1)] if codes else ""


def sirekap_path(ballot: str, tps: str, prefix: str = "") -> str:
    """Where Sirekap publishes a TPS record (``pemilu/hhcw/<ballot>/<pp>/<kkkk>/<cccccc>/<desa>/<tps>.json``)."""
    rel = f"pemilu/hhcw/{ballot}/{tps[:2]}/{tps[:4]}/{tps[:6]}/{tps[:10]}/{tps}.json"
    return f"{prefix}/{rel}" if prefix else rel


def _dump(target: Path | zipfile.ZipFile, ballot: str, tps: str, doc: dict[str, object], prefix: str = "") -> None:
    write_file(target, sirekap_path(ballot, tps, prefix), json.dumps(doc, separators=(",", ":")))


def write_file(target: Path | zipfile.ZipFile, rel: str, text: str) -> None:
    if isinstance(target, zipfile.ZipFile):
        target.writestr(rel, text)
        return
    path = target / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
