"""Anomalies inside one Sirekap TPS record (DESIGN §6; domain/sirekap-format.md §4.2).

These are findings about Sirekap's own data, not about the manual recap. Each rule only looks at the figures that
are present: a missing figure never produces an anomaly. Rule ids are a stable contract (CLI `check`, database):

| rule | severity | what |
|---|---|---|
| SIREKAP_TPS_CHART_SUM | error | Σ chart ≠ suara sah (legislative: Σ of the party totals `.T`) |
| SIREKAP_TPS_SAH_TIDAK_SAH | error | suara sah + suara tidak sah ≠ jumlah seluruh suara |
| SIREKAP_TPS_PENGGUNA_TOTAL | error | pengguna total ≠ pengguna DPT + DPTb + DPK (all JML) |
| SIREKAP_TPS_LP | error | JML ≠ L + P for pemilih DPT, pengguna DPT, DPTb, DPK, total |
| SIREKAP_TPS_ABOVE_VOTERS | error | a chart value, suara sah or suara total above the TPS's voters |
| | | (DPT + DPTb + DPK) or above pengguna total; pengguna DPT above DPT |
| SIREKAP_TPS_LEADING_8 | warning | a value ≥ 800 read as "8" + a plausible value (plano OCR: 823 for 23) |
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from rekap_desktop.sirekap.json import LEGISLATIVE_BALLOTS, TpsRecord

Severity = Literal["error", "warning"]

CHART_SUM = "SIREKAP_TPS_CHART_SUM"
SAH_TIDAK_SAH = "SIREKAP_TPS_SAH_TIDAK_SAH"
PENGGUNA_TOTAL = "SIREKAP_TPS_PENGGUNA_TOTAL"
LP = "SIREKAP_TPS_LP"
ABOVE_VOTERS = "SIREKAP_TPS_ABOVE_VOTERS"
LEADING_8 = "SIREKAP_TPS_LEADING_8"

TPS_RULES: dict[str, tuple[Severity, str]] = {
    CHART_SUM: ("error", "Jumlah perolehan suara peserta tidak sama dengan suara sah"),
    SAH_TIDAK_SAH: ("error", "Suara sah + suara tidak sah tidak sama dengan jumlah seluruh suara"),
    PENGGUNA_TOTAL: ("error", "Jumlah pengguna hak pilih tidak sama dengan DPT + DPTb + DPK"),
    LP: ("error", "Jumlah tidak sama dengan laki-laki + perempuan"),
    ABOVE_VOTERS: ("error", "Angka melebihi jumlah pemilih TPS"),
    LEADING_8: ("warning", "Kemungkinan salah baca angka 8 di depan (OCR formulir C.HASIL)"),
}
"""Rule id → (severity, short Indonesian title)."""

MAX_VOTERS_PER_TPS = 300
"""DPT cap per TPS in Pemilu 2024; the plausibility bound for LEADING_8 when the TPS's voters are unknown."""

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
_LEADING_8_ADMIN: tuple[tuple[str, str], ...] = (
    ("V.A", "suara sah"),
    ("V.B", "suara tidak sah"),
    ("V.C", "jumlah seluruh suara"),
    ("I.B.1.JML", "pengguna hak pilih DPT"),
    ("I.B.2.JML", "pengguna hak pilih DPTb"),
    ("I.B.3.JML", "pengguna hak pilih DPK"),
    ("I.B.4.JML", "jumlah pengguna hak pilih"),
)


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


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _chart_label(key: str) -> str:
    if key.startswith("line:"):
        return key[5:]
    return f'chart "{key}"'


def _default_sum_keys(record: TpsRecord) -> list[str]:
    if record.ballot in LEGISLATIVE_BALLOTS:
        return [key for key in record.chart if key.endswith(".T")]
    return list(record.chart)


def tps_anomalies(record: TpsRecord, chart_sum_keys: Iterable[str] | None = None) -> list[TpsAnomaly]:
    """The anomalies of one TPS record, in rule order.

    `chart_sum_keys`: the chart keys whose sum must equal suara sah (e.g. the three paslon ids). When given, the
    sum is only checked if all of them are present. When None: every chart key for PPWP/DPD, the `.T` (party
    total) keys for legislative ballots.
    """
    admin = record.admin
    chart = record.chart
    found: list[TpsAnomaly] = []

    def add(rule: str, message: str, lines: tuple[str, ...] = (), keys: tuple[str, ...] = ()) -> None:
        images = tuple(image for image in record.images if image)
        found.append(TpsAnomaly(rule, TPS_RULES[rule][0], record.tps, record.ballot, message, images, lines, keys))

    sah = admin.get("V.A")
    tidak_sah = admin.get("V.B")
    total = admin.get("V.C")

    # SIREKAP_TPS_CHART_SUM
    chart_sum: int | None = None
    sum_keys: list[str] = []
    if chart and sah is not None:
        if chart_sum_keys is None:
            sum_keys = _default_sum_keys(record)
        else:
            sum_keys = list(chart_sum_keys)
            if not all(key in chart for key in sum_keys):
                sum_keys = []
        if sum_keys:
            chart_sum = sum([chart[key] for key in sum_keys])
            if chart_sum != sah:
                terms = " + ".join(str(chart[key]) for key in sum_keys) if len(sum_keys) <= 5 else "…"
                add(
                    CHART_SUM,
                    f"Jumlah perolehan suara peserta ({terms} = {chart_sum}) tidak sama dengan suara sah ({sah}); "
                    f"selisih {chart_sum - sah:+d}",
                    ("V.A",),
                    tuple(sum_keys),
                )

    # SIREKAP_TPS_SAH_TIDAK_SAH
    if sah is not None and tidak_sah is not None and total is not None and sah + tidak_sah != total:
        add(
            SAH_TIDAK_SAH,
            f"Suara sah ({sah}) + suara tidak sah ({tidak_sah}) = {sah + tidak_sah}, tetapi jumlah seluruh suara "
            f"tercatat {total}; selisih {sah + tidak_sah - total:+d}",
            ("V.A", "V.B", "V.C"),
        )

    # SIREKAP_TPS_PENGGUNA_TOTAL
    dpt_users = admin.get("I.B.1.JML")
    dptb_users = admin.get("I.B.2.JML")
    dpk_users = admin.get("I.B.3.JML")
    users = admin.get("I.B.4.JML")
    if users is not None and dpt_users is not None and dptb_users is not None and dpk_users is not None:
        expected = dpt_users + dptb_users + dpk_users
        if users != expected:
            add(
                PENGGUNA_TOTAL,
                f"Jumlah pengguna hak pilih tercatat {users}, tetapi DPT ({dpt_users}) + DPTb ({dptb_users}) + "
                f"DPK ({dpk_users}) = {expected}; selisih {users - expected:+d}",
                ("I.B.4.JML", "I.B.1.JML", "I.B.2.JML", "I.B.3.JML"),
            )

    # SIREKAP_TPS_LP
    for jml_line, men_line, women_line, label in _LP_GROUPS:
        jml = admin.get(jml_line)
        men = admin.get(men_line)
        women = admin.get(women_line)
        if jml is not None and men is not None and women is not None and jml != men + women:
            add(
                LP,
                f"Jumlah {label} tercatat {jml}, tetapi laki-laki ({men}) + perempuan ({women}) = {men + women}; "
                f"selisih {jml - men - women:+d}",
                (jml_line, men_line, women_line),
            )

    # SIREKAP_TPS_ABOVE_VOTERS
    dpt = admin.get("I.A.JML")
    voters: int | None = None
    if dpt is not None and dptb_users is not None and dpk_users is not None:
        voters = dpt + dptb_users + dpk_users
    voters_text = f"jumlah pemilih TPS {voters} (DPT {dpt} + DPTb {dptb_users} + DPK {dpk_users})"
    users_text = f"jumlah pengguna hak pilih {users}"
    limit = min(voters, users) if voters is not None and users is not None else voters if users is None else users
    if limit is not None:
        checked = _values_above(chart, admin, limit, _ABOVE_VOTERS_ADMIN)
        for label, value, lines, keys in checked:
            over = [
                text
                for bound, text in ((voters, voters_text), (users, users_text))
                if bound is not None and value > bound
            ]
            add(ABOVE_VOTERS, f"{_upper_first(label)} = {value} melebihi {' dan '.join(over)}", lines, keys)
    if dpt is not None and dpt_users is not None and dpt_users > dpt:
        add(
            ABOVE_VOTERS,
            f"Pengguna hak pilih dalam DPT ({dpt_users}) melebihi jumlah pemilih dalam DPT ({dpt})",
            ("I.B.1.JML", "I.A.JML"),
        )

    # SIREKAP_TPS_LEADING_8
    if voters is not None:
        bound, bound_text = voters, voters_text
    elif users is not None:
        bound, bound_text = users, users_text
    else:
        bound, bound_text = MAX_VOTERS_PER_TPS, f"batas DPT per TPS {MAX_VOTERS_PER_TPS}"
    for label, value, lines, keys in _values_above(chart, admin, 799, _LEADING_8_ADMIN):
        digits = str(value)
        if digits[0] != "8":
            continue
        probable = int(digits[1:])
        if probable > bound:
            continue
        note = ""
        if keys and keys[0] in sum_keys and chart_sum is not None and chart_sum - value + probable == sah:
            note = f"; dengan {probable}, jumlah perolehan suara sama dengan suara sah ({sah})"
        add(
            LEADING_8,
            f"{_upper_first(label)} = {value}: kemungkinan angka 8 di depan salah baca, nilai sebenarnya mungkin "
            f"{probable} ({bound_text}){note}",
            lines,
            keys,
        )
    return found


_Checked = tuple[str, int, tuple[str, ...], tuple[str, ...]]


def _values_above(
    chart: dict[str, int], admin: dict[str, int], limit: int, admin_lines: tuple[tuple[str, str], ...]
) -> list[_Checked]:
    """(label, value, lines, chart keys) of the chart values and the given administrasi lines above `limit`."""
    found: list[_Checked] = []
    if chart and max(chart.values()) > limit:
        found.extend((_chart_label(key), value, (), (key,)) for key, value in chart.items() if value > limit)
    for line, label in admin_lines:
        value = admin.get(line)
        if value is not None and value > limit:
            found.append((label, value, (line,), ()))
    return found
