"""Checking party files: the ``partai`` template and Sirekap's ``partai.json`` (names, colours, Sirekap ids of the
parties on the ballot; the parties of Pemilu 2024 are shipped, so the file is optional).
"""

from __future__ import annotations

from rekap_desktop.participants import ACEH_PARTY_NUMBERS, Party
from rekap_desktop.reference_files.check import MAX_NAME, FileCheckBase, party_problem
from rekap_desktop.reference_files.read import TableFile
from rekap_desktop.reference_files.state import ACEH, DEFAULT_PARTIES
from rekap_desktop.sirekap.json import PartyList


class PartyChecks(FileCheckBase):
    """``partai`` updates the parties it names."""

    def partai(self, f: TableFile) -> None:
        seen: dict[int, int] = {}
        parsed: list[Party] = []
        for row in f.rows:
            number = self.positive(row, "nomor_partai", "nomor partai")
            if number is None:
                continue
            why = party_problem(number, None, self.state.province)
            if why:
                self.bad(row, "nomor_partai", why)
                continue
            if number in seen:
                self.bad(row, "nomor_partai", f"nomor partai {number} ganda: sudah ada di baris {seen[number]}")
                continue
            seen[number] = row.number
            short = self.name(row, "nama_singkat", "nama singkat partai", 80)
            full = self.name(row, "nama_lengkap", "nama lengkap partai")
            ok_color, color = self.color(row)
            ok_id, sid = self.sirekap_id(row)
            if short is None or full is None or not ok_color or not ok_id:
                continue
            before = self.state.parties.get(number) or DEFAULT_PARTIES.get(number)
            parsed.append(Party(number, short, full, number in ACEH_PARTY_NUMBERS,
                                color or (before.color if before else "#808080"),
                                sid if sid else (before.sirekap_id if before else None)))
        if not self.result.problems:
            for party in parsed:
                self.state.parties[party.number] = party
            self.count("partai", len(parsed))

    def sirekap_partai(self, doc: PartyList) -> None:
        prov = self.state.province
        skipped = 0
        for e in doc.entries:
            if e.number in ACEH_PARTY_NUMBERS and prov != ACEH:
                skipped += 1
                continue
            why = party_problem(e.number, None, prov)
            if why:
                self.bad(None, None, f"partai {e.short_name!r}: {why}")
                continue
            before = self.state.parties.get(e.number) or DEFAULT_PARTIES.get(e.number)
            self.state.parties[e.number] = Party(
                e.number, e.short_name[:80], e.full_name[:MAX_NAME], e.is_aceh,
                e.color or (before.color if before else "#808080"), str(e.sirekap_id))
            self.count("partai")
        if skipped:
            self.warn(None, f"{skipped} partai lokal Aceh dilewati (bukan Provinsi Aceh)")
