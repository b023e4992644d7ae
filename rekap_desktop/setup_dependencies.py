"""The dependency check of a reference change: what may no longer change once manual figures (or keberatan) have
been entered for what it touches (docs/panduan-persiapan.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, func, select

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import contest_key
from rekap_desktop.models import EntryRow, KeberatanRow, KecamatanStatusRow
from rekap_desktop.participants import Candidate
from rekap_desktop.reference_files.state import DPD_BLOCK, ReferenceState


def _figures(conn: Connection, contest: str, *, kecamatan: str | None = None, line_prefix: str | None = None) -> int:
    stmt = select(func.count()).select_from(EntryRow).where(EntryRow.contest == contest)
    if kecamatan is not None:
        stmt = stmt.where(EntryRow.kecamatan == kecamatan)
    if line_prefix is not None:
        stmt = stmt.where(EntryRow.line.startswith(line_prefix, autoescape=True))
    return int(conn.execute(stmt).scalar_one())


def dependency_problems(conn: Connection, old: ReferenceState, new: ReferenceState) -> list[str]:
    """Why the change ``old`` → ``new`` may not be made: manual figures (or keberatan) depend on what changes.

    Allowed whatever the figures: renaming a region, dapil or party; renaming a candidate or paslon until a
    kecamatan of their contest is ditetapkan; adding regions, TPS, dapil, kecamatan to a dapil, parties; changing
    DPT or Sirekap ids. Refused once figures exist: removing a dapil, taking a kecamatan out of a dapil, removing
    a party from a dapil, changing the candidate numbers of a party, of DPD or the paslon numbers — each only when
    the figures concerned exist. Refused once a kecamatan of the contest is ditetapkan: renaming its candidates or
    paslon (who is elected would change on documents already signed; reopen through a correction first).
    """
    why: list[str] = _renames_after_penetapan(conn, old, new)
    for key, spec in sorted(old.dapils.items()):
        ballot, code = key
        contest = contest_key(ballot, code)
        title = f"dapil {spec.dapil.name} ({code}) {ballot.label}"
        after = new.dapils.get(key)
        if after is None:
            n = _figures(conn, contest)
            n += int(conn.execute(select(func.count()).select_from(KeberatanRow)
                                  .where(KeberatanRow.contest == contest)).scalar_one())
            if n:
                why.append(f"{title} tidak dapat dihapus: sudah ada {n} angka/keberatan untuk dapil ini")
            continue
        for kec in sorted(set(spec.kecamatan) - set(after.kecamatan)):
            n = _figures(conn, contest, kecamatan=kec)
            if n:
                why.append(f"kecamatan {old.region_label(kec)} tidak dapat dikeluarkan dari {title}: sudah ada {n} "
                           "angka kecamatan itu")
        before_parties, after_parties = old.effective_parties(key), new.effective_parties(key)
        for party in before_parties:
            if party not in after_parties:
                n = _figures(conn, contest, line_prefix=f"IV.{party}.")
                if n:
                    why.append(f"{old.party_label(party)} tidak dapat dihapus dari {title}: sudah ada {n} angka "
                               "partai itu")
            elif _numbers(old.candidates.get((ballot, code, party))) != _numbers(
                    new.candidates.get((ballot, code, party))):
                n = _figures(conn, contest, line_prefix=f"IV.{party}.")
                if n:
                    why.append(f"nomor urut calon {old.party_label(party)} di {title} tidak dapat diubah: sudah ada "
                               f"{n} angka partai itu (mengganti nama calon tetap boleh)")
    if _numbers(old.candidates.get(DPD_BLOCK)) != _numbers(new.candidates.get(DPD_BLOCK)):
        n = _figures(conn, Ballot.PDPD.value, line_prefix="IV.")
        if n:
            why.append(f"nomor urut calon DPD tidak dapat diubah: sudah ada {n} angka perolehan suara DPD "
                       "(mengganti nama calon tetap boleh)")
    if set(old.paslon) != set(new.paslon):
        n = _figures(conn, Ballot.PPWP.value, line_prefix="IV.")
        if n:
            why.append(f"nomor paslon tidak dapat diubah: sudah ada {n} angka perolehan suara paslon "
                       "(mengganti nama tetap boleh)")
    return why


def _numbers(block: Sequence[Candidate] | None) -> tuple[int, ...]:
    return tuple(c.number for c in block or ())


def _ditetapkan(conn: Connection, contest: str) -> int:
    return int(conn.execute(select(func.count()).select_from(KecamatanStatusRow).where(
        KecamatanStatusRow.contest == contest, KecamatanStatusRow.status == "ditetapkan")).scalar_one())


def _names(block: Sequence[Candidate] | None) -> dict[int, tuple[str, str | None]]:
    return {c.number: (c.name, c.gender) for c in block or ()}


def _renames_after_penetapan(conn: Connection, old: ReferenceState, new: ReferenceState) -> list[str]:
    """Candidates (and paslon) renamed in a contest that already has ditetapkan kecamatan."""
    why: list[str] = []
    for (ballot, code, party), block in sorted(old.candidates.items(), key=lambda kv: str(kv[0])):
        after = new.candidates.get((ballot, code, party))
        if after is None or _names(block) == _names(after):
            continue
        contest = Ballot.PDPD.value if (ballot, code, party) == DPD_BLOCK else contest_key(ballot, code)
        n = _ditetapkan(conn, contest)
        if n:
            where = "calon DPD" if (ballot, code, party) == DPD_BLOCK else (
                f"calon {old.party_label(party) if party is not None else ''} dapil {code} {ballot.label}")
            why.append(f"nama {where} tidak dapat diubah: {n} kecamatan kontes itu sudah ditetapkan (buka kembali "
                       "lewat koreksi dengan alasan dan keberatan dahulu)")
    if old.paslon != new.paslon and set(old.paslon) == set(new.paslon):
        n = _ditetapkan(conn, Ballot.PPWP.value)
        if n:
            why.append(f"nama paslon tidak dapat diubah: {n} kecamatan Pilpres sudah ditetapkan")
    return why
