"""Which row of reference data or settings was changed behind the app's back (DESIGN §13, verify-audit).

The audit chain vouches for each state table (settings, regions with DPT and TPS, parties, paslon, dapil,
candidates) by a digest recorded whenever the app changes it (:mod:`rekap_desktop.state_digest`): a change by raw
SQL shows as "this table differs". A saksi needs to know *what* differs — the DPT of which desa, which setting. A
digest cannot say, so every event that records the digests also keeps, in the same transaction, a copy of each
row as it was digested (``state_row_copy``: table, primary key, row hash, the row's values).

The copy is no more trusted than the table: anyone who can change the table can change the copy. It is trusted
only when its row hashes combine to exactly the digest the chain recorded — which a forger cannot produce for
rows other than the recorded ones. Then the rows that differ are named, with what was recorded and what is there
now. When the copy does not combine to the recorded digest (it was changed too, or the database predates the
copy and was already changed when it was made), the rows cannot be named and verify-audit says so.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, insert, inspect, select, update

from rekap_desktop.models import Base, StateRowCopyRow
from rekap_desktop.numbers import format_number
from rekap_desktop.state_digest import STATE_TABLES, combine, describe, digest_columns, row_text

COPY: Table = StateRowCopyRow.__table__  # type: ignore[assignment]
MAX_NAMED = 20
"""Rows named per table; beyond that verify-audit gives the count."""


@dataclass(frozen=True, slots=True)
class StateRow:
    """One row of a state table: its primary key (JSON text), row hash (hex) and values by column."""

    key: str
    hash: str
    values: dict[str, Any]


def _table(model: type[Base]) -> Table:
    return model.__table__  # type: ignore[return-value]


def _key_text(values: dict[str, Any], key_columns: list[str]) -> str:
    return json.dumps([values[c] for c in key_columns], ensure_ascii=False, separators=(",", ":"))


def _rows(conn: Connection, model: type[Base]) -> tuple[list[str], dict[str, tuple[str, tuple[Any, ...]]]]:
    """(column names, {key: (row hash, values)}) of a state table as the digest sees it."""
    table = _table(model)
    names = digest_columns(model)
    positions = [names.index(c.name) for c in table.primary_key.columns]
    out: dict[str, tuple[str, tuple[Any, ...]]] = {}
    for values in conn.execute(select(*[table.c[n] for n in names])):
        row = tuple(values)
        key = json.dumps([row[i] for i in positions], ensure_ascii=False, separators=(",", ":"))
        out[key] = (hashlib.sha256(row_text(row).encode("utf-8")).hexdigest(), row)
    return names, out


def current_rows(conn: Connection, model: type[Base]) -> dict[str, StateRow]:
    """Every row of a state table as the digest sees it (the columns of :func:`digest_columns`), by key."""
    names, rows = _rows(conn, model)
    return {key: StateRow(key, digest, dict(zip(names, json.loads(row_text(values)), strict=True)))
            for key, (digest, values) in rows.items()}


def copied_rows(conn: Connection, table_name: str) -> dict[str, StateRow] | None:
    """The copy kept of one state table, by key; None when any of its rows does not vouch for itself.

    A row of the copy is only what its hash says: its values must hash to its ``row_hash`` (over the columns of
    :func:`digest_columns`, in order) and its ``row_key`` must be the key of those values. Otherwise a forger
    could keep the recorded hashes (so the copy still combines to the recorded digest) and write any values or
    key beside them — naming another desa, another column, another recorded value. Text that is no JSON, a hash
    that is no hex, any such row: the copy is not believed (never a crash of verify-audit)."""
    model = _model(table_name)
    names = digest_columns(model)
    key_columns = [c.name for c in _table(model).primary_key.columns]
    rows = conn.execute(select(COPY.c.row_key, COPY.c.row_hash, COPY.c.row_values)
                        .where(COPY.c.table_name == table_name))
    out: dict[str, StateRow] = {}
    for r in rows:
        try:
            values = json.loads(r.row_values)
            if not isinstance(values, dict) or list(values) != names:
                return None
            ordered = [values[c] for c in names]
            if hashlib.sha256(row_text(ordered).encode("utf-8")).hexdigest() != r.row_hash:
                return None
            if _key_text(values, key_columns) != r.row_key:
                return None
        except (ValueError, TypeError):
            return None
        out[r.row_key] = StateRow(r.row_key, r.row_hash, values)
    return out


def _model(table_name: str) -> type[Base]:
    return next(m for m in STATE_TABLES if _table(m).name == table_name)


def copy_digest(rows: dict[str, StateRow] | None) -> str | None:
    """What the chain's digest of the table is if the copy holds the rows it was computed from (None: a copy
    whose rows do not vouch for themselves, :func:`copied_rows`)."""
    if rows is None:
        return None
    return combine(bytes.fromhex(r.hash) for r in rows.values())


def sync(conn: Connection, digests: dict[str, str] | None = None) -> dict[str, str]:
    """Bring the copy level with every state table (in the caller's transaction); returns the digest of each table.

    Called whenever the app records the state digests (:func:`rekap_desktop.state_digest.payload_state`): the
    tables' rows are read once for both. Only rows that differ from the copy are written."""
    out: dict[str, str] = {}
    new: list[dict[str, str]] = []
    for model in STATE_TABLES:
        name = _table(model).name
        names, now = _rows(conn, model)
        out[name] = combine(bytes.fromhex(digest) for digest, _values in now.values())
        kept = {r.row_key: r.row_hash for r in conn.execute(
            select(COPY.c.row_key, COPY.c.row_hash).where(COPY.c.table_name == name))}
        gone = [key for key in kept if key not in now]
        for start in range(0, len(gone), 500):
            conn.execute(delete(COPY).where(COPY.c.table_name == name, COPY.c.row_key.in_(gone[start:start + 500])))
        changed = [(key, digest, values) for key, (digest, values) in now.items() if kept.get(key) != digest]
        rewritten: list[dict[str, str]] = []
        for key, digest, values in changed:
            row = {"table_name": name, "row_key": key, "row_hash": digest,
                   "row_values": _values_text(dict(zip(names, json.loads(row_text(values)), strict=True)))}
            if key in kept:
                rewritten.append({"b_table": name, "b_key": key, "b_hash": digest, "b_values": row["row_values"]})
            else:
                new.append(row)
        if rewritten:  # one executemany: a DPT reload changes every TPS row (one UPDATE each took 11 s for 60.000)
            conn.execute(_REWRITE, rewritten)
        if new:
            conn.execute(insert(COPY), new)
            new.clear()
    if digests is not None:
        digests.update(out)
    return out


_REWRITE = (update(COPY)
            .where(COPY.c.table_name == bindparam("b_table"), COPY.c.row_key == bindparam("b_key"))
            .values(row_hash=bindparam("b_hash"), row_values=bindparam("b_values")))


def _values_text(values: dict[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def has_copy(conn: Connection) -> bool:
    return inspect(conn).has_table(COPY.name)


def _show(value: Any) -> str:
    if value is None:
        return "kosong"
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value)
    return json.dumps(value, ensure_ascii=False)


def _name(model: type[Base], row: StateRow) -> str:
    key_columns = [c.name for c in _table(model).primary_key.columns]
    key = ", ".join(f"{c}={row.values.get(c)}" for c in key_columns)
    label = row.values.get("name")
    return f"{key} ({label})" if isinstance(label, str) and label else key


def changed_rows(conn: Connection, table_name: str, recorded_digest: str) -> Iterator[str]:
    """For a state table whose content differs from the digest the chain recorded: one sentence per row that
    differs, with what was recorded and what is there now (at most :data:`MAX_NAMED`, then the count); or one
    sentence saying why the rows cannot be named."""
    model = _model(table_name)
    label = describe(table_name)
    copy = copied_rows(conn, table_name) if has_copy(conn) else {}
    if copy is None or copy_digest(copy) != recorded_digest:
        yield (f"tabel {label}: baris yang diubah tidak dapat ditunjuk — salinan baris yang tercatat juga tidak "
               "sama dengan log audit (diubah, atau basis data ini dibuat sebelum salinan itu ada)")
        return
    now = current_rows(conn, model)
    sentences: list[str] = []
    for key in sorted(set(copy) | set(now)):
        before, after = copy.get(key), now.get(key)
        if before is not None and after is not None and before.hash == after.hash:
            continue
        if after is None:
            assert before is not None
            sentences.append(f"tabel {label}, baris {_name(model, before)}: tercatat di log audit tetapi hilang "
                             "dari tabel (dihapus di luar aplikasi)")
        elif before is None:
            sentences.append(f"tabel {label}, baris {_name(model, after)}: ada di tabel tetapi tidak tercatat "
                             "di log audit (ditambah di luar aplikasi)")
        else:
            columns = [c for c in after.values if c in before.values and before.values[c] != after.values[c]]
            what = "; ".join(f"{c} tercatat {_show(before.values[c])}, sekarang {_show(after.values[c])}"
                             for c in columns) or "isinya berubah"
            sentences.append(f"tabel {label}, baris {_name(model, before)}: {what} (diubah di luar aplikasi)")
    yield from sentences[:MAX_NAMED]
    if len(sentences) > MAX_NAMED:
        yield f"tabel {label}: {len(sentences) - MAX_NAMED} baris lain juga berbeda"
