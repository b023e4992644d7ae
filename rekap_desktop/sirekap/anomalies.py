"""Anomalies inside one Sirekap TPS record (DESIGN §6; domain/sirekap-format.md §4.2; docs/anomali-sirekap.md).

These are findings about Sirekap's own data, not about the manual recap. Each rule only looks at the figures that
are present: a missing figure never produces an anomaly. Rule ids are a stable contract (CLI `check`, database):

| rule | severity | what |
|---|---|---|
| SIREKAP_TPS_CHART_SUM | error | Σ chart ≠ suara sah (legislative: Σ of the party totals `.T`) |
| SIREKAP_TPS_SAH_TIDAK_SAH | error | suara sah + suara tidak sah ≠ jumlah seluruh suara |
| SIREKAP_TPS_PENGGUNA_TOTAL | error | pengguna total ≠ pengguna DPT + DPTb + DPK (JML, L and P) |
| SIREKAP_TPS_LP | error | JML ≠ L + P for pemilih DPT, pengguna DPT, DPTb, DPK, total |
| SIREKAP_TPS_ABOVE_VOTERS | error | a chart value, suara sah or suara total above the TPS's voters |
| | | (DPT + DPTb + DPK) or above pengguna total; pengguna DPT above DPT |
| SIREKAP_TPS_ABOVE_CAP | error | any figure above what one TPS can count at all (306 ballot papers: 300 on the |
| | | DPT + 2% spare), also when the record has no administrasi |
| SIREKAP_TPS_PHOTO_OTHER_TPS | error | a photo of the form whose file name names another TPS (uploaded under the |
| | | wrong TPS) |
| SIREKAP_TPS_LEADING_8 | warning | a value read with empty leading boxes as 8 (881 for 1); `suggested` carries |
| | | the reading when the record's own arithmetic confirms exactly one |
| SIREKAP_TPS_MISREAD | warning | another misread (an extra digit, one digit misread) that the record's |
| | | arithmetic confirms; `suggested` carries the reading |

Suggested readings come from :mod:`rekap_desktop.sirekap.misread`: never a guess the sums do not confirm.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from rekap_desktop.sirekap.json import LEGISLATIVE_BALLOTS, TpsRecord
from rekap_desktop.sirekap.misread import (
    KIND_TEXT,
    MAX_BALLOTS_PER_TPS,
    Equation,
    Reading,
    confirmed_readings,
    leading_8_suspects,
)
from rekap_desktop.sirekap.misread import (
    LEADING_8 as KIND_LEADING_8,
)

Severity = Literal["error", "warning"]

CHART_SUM = "SIREKAP_TPS_CHART_SUM"
SAH_TIDAK_SAH = "SIREKAP_TPS_SAH_TIDAK_SAH"
PENGGUNA_TOTAL = "SIREKAP_TPS_PENGGUNA_TOTAL"
LP = "SIREKAP_TPS_LP"
ABOVE_VOTERS = "SIREKAP_TPS_ABOVE_VOTERS"
ABOVE_CAP = "SIREKAP_TPS_ABOVE_CAP"
PHOTO_OTHER_TPS = "SIREKAP_TPS_PHOTO_OTHER_TPS"
LEADING_8 = "SIREKAP_TPS_LEADING_8"
MISREAD = "SIREKAP_TPS_MISREAD"

TPS_RULES: dict[str, tuple[Severity, str]] = {
    CHART_SUM: ("error", "Jumlah perolehan suara peserta tidak sama dengan suara sah"),
    SAH_TIDAK_SAH: ("error", "Suara sah + suara tidak sah tidak sama dengan jumlah seluruh suara"),
    PENGGUNA_TOTAL: ("error", "Jumlah pengguna hak pilih tidak sama dengan DPT + DPTb + DPK"),
    LP: ("error", "Jumlah tidak sama dengan laki-laki + perempuan"),
    ABOVE_VOTERS: ("error", "Angka melebihi jumlah pemilih TPS"),
    ABOVE_CAP: ("error", "Angka melebihi yang mungkin di satu TPS (306 surat suara)"),
    PHOTO_OTHER_TPS: ("error", "Foto formulir bernama TPS lain"),
    LEADING_8: ("warning", "Kotak kosong di depan terbaca angka 8 (OCR formulir C.HASIL)"),
    MISREAD: ("warning", "Angka salah baca (OCR formulir C.HASIL)"),
}
"""Rule id → (severity, short Indonesian title)."""

MAX_VOTERS_PER_TPS = 300
"""DPT cap per TPS in Pemilu 2024 (recap-domain.md R17)."""

_LP_GROUPS: tuple[tuple[str, str, str, str], ...] = tuple(
    (group + ".JML", group + ".L", group + ".P", label)
    for group, label in (
        ("I.A", "pemilih dalam DPT"),
        ("I.B.1", "pengguna hak pilih dalam DPT"),
        ("I.B.2", "pengguna hak pilih dalam DPTb"),
        ("I.B.3", "pengguna hak pilih dalam DPK"),
        ("I.B.4", "jumlah pengguna hak pilih"),
    )
)
_ABOVE_VOTERS_ADMIN: tuple[tuple[str, str], ...] = (("V.A", "suara sah"), ("V.C", "jumlah seluruh suara"))
_LINE_LABELS: dict[str, str] = {
    "V.A": "suara sah",
    "V.B": "suara tidak sah",
    "V.C": "jumlah seluruh suara",
    "I.A.JML": "pemilih dalam DPT",
    "I.B.1.JML": "pengguna hak pilih DPT",
    "I.B.2.JML": "pengguna hak pilih DPTb",
    "I.B.3.JML": "pengguna hak pilih DPK",
    "I.B.4.JML": "jumlah pengguna hak pilih",
}
_SEX_TEXT = {"L": "laki-laki", "P": "perempuan", "JML": "jumlah"}
_R5 = "R5"  # jumlah suara = jumlah pengguna: confirms readings, reported by no TPS rule of its own

# the photo file name as Sirekap publishes it: <13-digit TPS code>-<yyyymmdd>-<hhmmss>--<uuid>.jpg
_PHOTO_NAME = re.compile(r"([0-9]{13})-[0-9]{8}-[0-9]{6}-")


def photo_tps(url: str) -> str | None:
    """The TPS code a Sirekap photo's file name carries, or None for a name of another form."""
    start = url.rfind("/") + 1
    if url[start + 13 : start + 14] != "-":
        return None
    match = _PHOTO_NAME.match(url, start)
    return match.group(1) if match is not None else None


@dataclass(frozen=True, slots=True)
class TpsAnomaly:
    rule: str
    severity: Severity
    tps: str
    ballot: str
    message: str
    """Indonesian, with the figures."""
    images: tuple[str, ...]
    """The record's photo URLs (null slots left out), to look at the form."""
    lines: tuple[str, ...] = ()
    """Administrasi line ids involved (`V.A`, `I.B.4.JML`, …)."""
    chart_keys: tuple[str, ...] = ()
    """Chart keys involved (`100025`, `1.T`, `line:IV.1`); map them with `sirekap.json.chart_lines`."""
    suggested: tuple[tuple[str, int], ...] = ()
    """Confirmed readings: (administrasi line id or chart key, value); empty when none is confirmed."""


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def label(key: str) -> str:
    """How a figure key is named in messages: `suara sah`, `chart "100025"`, `IV.1` (tabular)."""
    if key.startswith("line:"):
        return key[5:]
    if key in _LINE_LABELS:
        return _LINE_LABELS[key]
    if key[:1] in ("I", "V"):
        return key
    return f'chart "{key}"'


def _default_sum_keys(record: TpsRecord) -> list[str]:
    if record.ballot in LEGISLATIVE_BALLOTS:
        return [key for key in record.chart if key.endswith(".T")]
    return list(record.chart)


def _is_admin_key(key: str) -> bool:
    return key[:2] in ("I.", "V.")


def equations(record: TpsRecord, sum_keys: Iterable[str]) -> list[Equation]:
    """The record's own equations (see :mod:`rekap_desktop.sirekap.misread`), in rule order."""
    found: list[Equation] = []
    keys = tuple(sum_keys)
    if keys:
        found.append(Equation(CHART_SUM, keys, ("V.A",)))
    found.append(Equation(SAH_TIDAK_SAH, ("V.C",), ("V.A", "V.B")))
    for part in ("JML", "L", "P"):
        found.append(Equation(PENGGUNA_TOTAL, (f"I.B.4.{part}",), (f"I.B.1.{part}", f"I.B.2.{part}",
                                                                      f"I.B.3.{part}")))
    for jml, men, women, _label in _LP_GROUPS:
        found.append(Equation(LP, (jml,), (men, women)))
    found.append(Equation(_R5, ("V.C",), ("I.B.4.JML",)))
    return found


def tps_anomalies(record: TpsRecord, chart_sum_keys: Iterable[str] | None = None) -> list[TpsAnomaly]:
    """The anomalies of one TPS record, in rule order.

    `chart_sum_keys`: the chart keys whose sum must equal suara sah (e.g. the three paslon ids). When given, the
    sum is only checked if all of them are present. When None: every chart key for PPWP/DPD, the `.T` (party
    total) keys for legislative ballots.
    """
    if chart_sum_keys is None and _clean(record):
        return []
    admin = record.admin
    chart = record.chart
    images = tuple(image for image in record.images if image)
    found: list[TpsAnomaly] = []

    def add(rule: str, message: str, keys: Iterable[str] = (), suggested: tuple[tuple[str, int], ...] = ()) -> None:
        keys = tuple(keys)
        lines = tuple(k for k in keys if _is_admin_key(k))
        chart_keys = tuple(k for k in keys if not _is_admin_key(k))
        found.append(TpsAnomaly(rule, TPS_RULES[rule][0], record.tps, record.ballot, message, images, lines,
                                chart_keys, suggested))

    sum_keys: list[str] = []
    if chart and "V.A" in admin:
        if chart_sum_keys is None:
            sum_keys = _default_sum_keys(record)
        else:
            sum_keys = list(chart_sum_keys)
            if not all(key in chart for key in sum_keys):
                sum_keys = []
    values: dict[str, int] = {**admin, **chart}
    eqs = equations(record, sum_keys)
    readings = confirmed_readings(values, eqs)
    fixes: dict[str, list[Reading]] = {}
    for reading in readings:
        for eq in reading.repairs:
            fixes.setdefault(eq.rule, []).append(reading)

    def suggestion(rule: str) -> tuple[tuple[str, int], ...]:
        return tuple((r.key, r.suggested) for r in fixes.get(rule, ()))

    sah = admin.get("V.A")
    tidak_sah = admin.get("V.B")
    total = admin.get("V.C")

    # SIREKAP_TPS_CHART_SUM
    if sum_keys and sah is not None:
        chart_sum = sum([chart[key] for key in sum_keys])
        if chart_sum != sah:
            terms = " + ".join(str(chart[key]) for key in sum_keys) if len(sum_keys) <= 5 else "…"
            add(CHART_SUM,
                f"Jumlah perolehan suara peserta ({terms} = {chart_sum}) tidak sama dengan suara sah ({sah}); "
                f"selisih {chart_sum - sah:+d}",
                ("V.A", *sum_keys), suggestion(CHART_SUM))

    # SIREKAP_TPS_SAH_TIDAK_SAH
    if sah is not None and tidak_sah is not None and total is not None and sah + tidak_sah != total:
        add(SAH_TIDAK_SAH,
            f"Suara sah ({sah}) + suara tidak sah ({tidak_sah}) = {sah + tidak_sah}, tetapi jumlah seluruh suara "
            f"tercatat {total}; selisih {sah + tidak_sah - total:+d}",
            ("V.A", "V.B", "V.C"), suggestion(SAH_TIDAK_SAH))

    # SIREKAP_TPS_PENGGUNA_TOTAL (JML, then L and P)
    for part in ("JML", "L", "P"):
        users_p = admin.get(f"I.B.4.{part}")
        parts = [admin.get(f"I.B.{n}.{part}") for n in (1, 2, 3)]
        if users_p is None or any(p is None for p in parts):
            continue
        dpt_p, dptb_p, dpk_p = (p or 0 for p in parts)
        expected = dpt_p + dptb_p + dpk_p
        if users_p != expected:
            which = "" if part == "JML" else f" ({_SEX_TEXT[part]})"
            add(PENGGUNA_TOTAL,
                f"Jumlah pengguna hak pilih{which} tercatat {users_p}, tetapi DPT ({dpt_p}) + DPTb ({dptb_p}) + "
                f"DPK ({dpk_p}) = {expected}; selisih {users_p - expected:+d}",
                (f"I.B.4.{part}", f"I.B.1.{part}", f"I.B.2.{part}", f"I.B.3.{part}"), suggestion(PENGGUNA_TOTAL))

    # SIREKAP_TPS_LP
    for jml_line, men_line, women_line, group_label in _LP_GROUPS:
        jml = admin.get(jml_line)
        men = admin.get(men_line)
        women = admin.get(women_line)
        if jml is not None and men is not None and women is not None and jml != men + women:
            add(LP,
                f"Jumlah {group_label} tercatat {jml}, tetapi laki-laki ({men}) + perempuan ({women}) = "
                f"{men + women}; selisih {jml - men - women:+d}",
                (jml_line, men_line, women_line), suggestion(LP))

    # SIREKAP_TPS_ABOVE_VOTERS
    dpt = admin.get("I.A.JML")
    dpt_users = admin.get("I.B.1.JML")
    dptb_users = admin.get("I.B.2.JML")
    dpk_users = admin.get("I.B.3.JML")
    users = admin.get("I.B.4.JML")
    voters: int | None = None
    if dpt is not None and dptb_users is not None and dpk_users is not None:
        voters = dpt + dptb_users + dpk_users
    voters_text = f"jumlah pemilih TPS {voters} (DPT {dpt} + DPTb {dptb_users} + DPK {dpk_users})"
    users_text = f"jumlah pengguna hak pilih {users}"
    limit = min(voters, users) if voters is not None and users is not None else voters if users is None else users
    reported: set[str] = set()
    if limit is not None:
        for key, value in _values_above(chart, admin, limit, _ABOVE_VOTERS_ADMIN):
            over = [
                text
                for bound, text in ((voters, voters_text), (users, users_text))
                if bound is not None and value > bound
            ]
            add(ABOVE_VOTERS, f"{_upper_first(label(key))} = {value} melebihi {' dan '.join(over)}", (key,))
            reported.add(key)
    if dpt is not None and dpt_users is not None and dpt_users > dpt:
        add(ABOVE_VOTERS, f"Pengguna hak pilih dalam DPT ({dpt_users}) melebihi jumlah pemilih dalam DPT ({dpt})",
            ("I.B.1.JML", "I.A.JML"))

    # SIREKAP_TPS_ABOVE_CAP: what no TPS can have, also without administrasi
    for key, value in values.items():
        cap = MAX_VOTERS_PER_TPS if key.startswith("I.A.") else MAX_BALLOTS_PER_TPS
        if value > cap and key not in reported:
            why = (f"batas DPT satu TPS ({MAX_VOTERS_PER_TPS} pemilih)" if key.startswith("I.A.") else
                   f"yang dapat dihitung satu TPS ({MAX_VOTERS_PER_TPS} pemilih DPT + cadangan 2% = "
                   f"{MAX_BALLOTS_PER_TPS} surat suara)")
            add(ABOVE_CAP, f"{_upper_first(label(key))} = {value} melebihi {why}", (key,))

    # SIREKAP_TPS_PHOTO_OTHER_TPS
    others: dict[str, list[int]] = {}
    for slot, image in enumerate(record.images, start=1):
        named = photo_tps(image) if image else None
        if named is not None and named != record.tps:
            others.setdefault(named, []).append(slot)
    for other, slots in others.items():
        add(PHOTO_OTHER_TPS,
            f"Foto formulir ke-{', ke-'.join(map(str, slots))} bernama TPS {other}, bukan TPS ini ({record.tps}): "
            "formulir mungkin diunggah pada TPS yang salah, dan angkanya mungkin milik TPS lain")

    # SIREKAP_TPS_LEADING_8 and SIREKAP_TPS_MISREAD: confirmed readings
    confirmed: set[str] = set()
    for reading in readings:
        confirmed.add(reading.key)
        rule = LEADING_8 if reading.kind == KIND_LEADING_8 else MISREAD
        repaired = "; ".join(_repair_text(eq, values, reading) for eq in reading.repairs if eq.rule != _R5)
        add(rule,
            f"{_upper_first(label(reading.key))} = {reading.value}: kemungkinan {KIND_TEXT[reading.kind]}; "
            f"dengan {reading.suggested}, {repaired} — periksa foto formulir",
            (reading.key,), ((reading.key, reading.suggested),))

    # SIREKAP_TPS_LEADING_8 without a confirmed reading: only the pattern, no value offered
    if voters is not None:
        bound, bound_text = voters, voters_text
    elif users is not None:
        bound, bound_text = users, users_text
    else:
        bound, bound_text = MAX_BALLOTS_PER_TPS, f"batas {MAX_BALLOTS_PER_TPS} surat suara per TPS"
    for key in leading_8_suspects(values, bound):
        if key in confirmed:
            continue
        add(LEADING_8,
            f"{_upper_first(label(key))} = {values[key]}: kemungkinan kotak kosong di depan terbaca angka 8 "
            f"(melebihi {bound_text}); angka TPS ini tidak cukup untuk memastikan nilai yang benar — periksa foto "
            "formulir", (key,))
    return found


_SUMS3: tuple[tuple[str, str, str, str], ...] = tuple(
    (f"I.B.4.{p}", f"I.B.1.{p}", f"I.B.2.{p}", f"I.B.3.{p}") for p in ("JML", "L", "P")
)
_SUMS2: tuple[tuple[str, str, str], ...] = (("V.C", "V.A", "V.B"), *((j, m, w) for j, m, w, _label in _LP_GROUPS))


def _clean(record: TpsRecord) -> bool:
    """A fast, conservative test that a record has no anomaly (most records have none): True only when every
    rule of :func:`tps_anomalies` holds; anything unusual falls through to the full check."""
    admin = record.admin
    chart = record.chart
    if (admin and max(admin.values()) > MAX_VOTERS_PER_TPS) or (chart and max(chart.values()) > MAX_VOTERS_PER_TPS):
        return False
    get = admin.get
    for total, a, b in _SUMS2:
        whole, x, y = get(total), get(a), get(b)
        if whole is not None and x is not None and y is not None and whole != x + y:
            return False
    for total, a, b, c in _SUMS3:
        whole, x, y, z = get(total), get(a), get(b), get(c)
        if whole is not None and x is not None and y is not None and z is not None and whole != x + y + z:
            return False
    sah = get("V.A")
    if chart and sah is not None:
        if record.ballot in LEGISLATIVE_BALLOTS:
            chart_sum = sum(v for k, v in chart.items() if k.endswith(".T"))
            counted = any(k.endswith(".T") for k in chart)
        else:
            chart_sum, counted = sum(chart.values()), True
        if counted and chart_sum != sah:
            return False
    dpt, dptb, dpk, users = get("I.A.JML"), get("I.B.2.JML"), get("I.B.3.JML"), get("I.B.4.JML")
    limit = users
    if dpt is not None and dptb is not None and dpk is not None:
        voters = dpt + dptb + dpk
        limit = voters if limit is None or voters < limit else limit
    if limit is not None and ((chart and max(chart.values()) > limit) or (sah or 0) > limit
                              or (get("V.C") or 0) > limit):
        return False
    dpt_users = get("I.B.1.JML")
    if dpt is not None and dpt_users is not None and dpt_users > dpt:
        return False
    tps = record.tps
    for image in record.images:
        if image:
            named = photo_tps(image)
            if named is not None and named != tps:
                return False
    return True


def _repair_text(eq: Equation, values: dict[str, int], reading: Reading) -> str:
    fixed = dict(values)
    fixed[reading.key] = reading.suggested
    if eq.rule == CHART_SUM:
        return f"jumlah perolehan suara sama dengan suara sah ({fixed['V.A']})"
    if eq.rule == SAH_TIDAK_SAH:
        return f"suara sah + tidak sah sama dengan jumlah seluruh suara ({fixed['V.C']})"
    if eq.rule == PENGGUNA_TOTAL:
        return f"DPT + DPTb + DPK sama dengan jumlah pengguna hak pilih ({fixed[eq.lhs[0]]})"
    return f"laki-laki + perempuan sama dengan jumlahnya ({fixed[eq.lhs[0]]})"


def _values_above(
    chart: dict[str, int], admin: dict[str, int], limit: int, admin_lines: tuple[tuple[str, str], ...]
) -> list[tuple[str, int]]:
    """(key, value) of the chart values and the given administrasi lines above `limit`."""
    found: list[tuple[str, int]] = []
    if chart and max(chart.values()) > limit:
        found.extend((key, value) for key, value in chart.items() if value > limit)
    for line, _label in admin_lines:
        value = admin.get(line)
        if value is not None and value > limit:
            found.append((line, value))
    return found
