"""Checking candidate files: the DCT of DPR/DPRD (``calon``, Sirekap ``caleg/partai``), the DPD candidates
(``calon_dpd``, Sirekap ``caleg/dpd``) and the paslon (``paslon``, Sirekap ``ppwp.json``); nomor urut 1..n in every
list.
"""

from __future__ import annotations

from rekap_desktop.ballot import Ballot
from rekap_desktop.participants import PASLON_SIREKAP_IDS, Candidate, Paslon
from rekap_desktop.reference_files.check import GENDER, MAX_NAME, MAX_PASLON_NAME, FileCheckBase, party_problem
from rekap_desktop.reference_files.read import TableFile, TableRow
from rekap_desktop.reference_files.state import DPD_BLOCK, LEGISLATIVE, BlockKey
from rekap_desktop.sirekap.json import CandidateList, PaslonList


class CandidateChecks(FileCheckBase):
    """``calon`` is the whole list of each (dapil, party) it names; ``calon_dpd`` and ``paslon`` the whole list."""

    def calon(self, f: TableFile) -> None:
        blocks: dict[BlockKey, dict[int, tuple[TableRow, Candidate]]] = {}
        for row in f.rows:
            ballot = self.ballot(row)
            code = self.dapil_code(row)
            spec = self.known_dapil(row, ballot, code) if ballot is not None and code is not None else None
            party = self.party_number(row, ballot) if ballot is not None else None
            if spec is not None and party is not None and spec.parties and party not in spec.parties:
                self.bad(row, "nomor_partai", f"{self.state.party_label(party)} tidak tercantum sebagai peserta di "
                         f"dapil {spec.dapil.code} {spec.dapil.ballot.label}; perbaiki berkas partai peserta dapil")
                continue
            candidate = self.candidate(row, party)
            if spec is None or party is None or candidate is None or ballot is None:
                continue
            block = blocks.setdefault((ballot, spec.dapil.code, party), {})
            if candidate.number in block:
                self.bad(row, "nomor_urut", f"nomor urut {candidate.number} {self.state.party_label(party)} dapil "
                         f"{spec.dapil.code} ganda: sudah ada di baris {block[candidate.number][0].number}")
                continue
            block[candidate.number] = (row, candidate)
        for (ballot, code, party), block in blocks.items():
            self.check_sequence([(n, r) for n, (r, _) in block.items()],
                                f"calon {self.state.party_label(party or 0)} dapil {code} {ballot.label}")
        if self.result.problems:
            return
        for key, block in blocks.items():
            self.ensure_party(key[2] or 0)
            self.state.candidates[key] = tuple(c for _, (_, c) in sorted(block.items()))
            self.count(f"calon {key[0].label}", len(block))

    def candidate(self, row: TableRow, party: int | None) -> Candidate | None:
        number = self.positive(row, "nomor_urut", "nomor urut")
        name = self.name(row, "nama_calon", "nama calon")
        gender = self.gender(row)
        ok_id, sid = self.sirekap_id(row)
        if number is None or name is None or gender is None or not ok_id:
            return None
        return Candidate(number, name, party, gender, sid)

    def calon_dpd(self, f: TableFile) -> None:
        block: dict[int, tuple[TableRow, Candidate]] = {}
        for row in f.rows:
            candidate = self.candidate(row, None)
            if candidate is None:
                continue
            if candidate.number in block:
                self.bad(row, "nomor_urut", f"nomor urut calon DPD {candidate.number} ganda: sudah ada di baris "
                         f"{block[candidate.number][0].number}")
                continue
            block[candidate.number] = (row, candidate)
        self.check_sequence([(n, r) for n, (r, _) in block.items()], "calon DPD")
        if not self.result.problems:
            self.state.candidates[DPD_BLOCK] = tuple(c for _, (_, c) in sorted(block.items()))
            self.count("calon DPD", len(block))

    def sirekap_calon(self, doc: CandidateList) -> None:
        if doc.dapil_code is None:
            if doc.province_code and doc.province_code != self.state.province:
                self.bad(None, None, f"daftar calon DPD provinsi {doc.province_code}, padahal kabupaten/kota ini di "
                         f"provinsi {self.state.province}")
                return
            cands = [Candidate(e.number, " ".join(e.name.split())[:MAX_NAME], None,
                               GENDER.get((e.gender or "").upper()), e.sirekap_id) for e in doc.entries]
            self.check_sequence([(c.number, None) for c in cands], "calon DPD")
            if not self.result.problems:
                self.state.candidates[DPD_BLOCK] = tuple(sorted(cands, key=lambda c: c.number))
                self.count("calon DPD", len(cands))
            return
        code = doc.dapil_code
        ballots = [Ballot(doc.ballot)] if doc.ballot else [b for b in LEGISLATIVE if (b, code) in self.state.dapils]
        if len(ballots) != 1 or (ballots[0], code) not in self.state.dapils:
            which = ballots[0].label if len(ballots) == 1 else "mana pun" if not ballots else "lebih dari satu"
            self.bad(None, None, f"dapil {code} ({which}) belum ada atau jenis pemilihannya tidak jelas; muat "
                     "susunan dapil dulu, dan simpan berkas di folder .../pdpr/, .../pdprdp/ atau .../pdprdk/")
            return
        ballot = ballots[0]
        spec = self.state.dapils[(ballot, code)]
        blocks: dict[int, list[Candidate]] = {}
        for e in doc.entries:
            party = e.party_number or 0
            why = party_problem(party, ballot, self.state.province)
            if why:
                self.bad(None, None, f"calon {e.name!r}: {why}")
                continue
            if spec.parties and party not in spec.parties:
                self.bad(None, None, f"{self.state.party_label(party)} tidak tercantum sebagai peserta di dapil {code} "
                         f"{ballot.label}")
                continue
            blocks.setdefault(party, []).append(Candidate(
                e.number, " ".join(e.name.split())[:MAX_NAME], party, GENDER.get((e.gender or "").upper()),
                e.sirekap_id))
        for party, cands in blocks.items():
            self.check_sequence([(c.number, None) for c in cands],
                                f"calon {self.state.party_label(party)} dapil {code} {ballot.label}")
        if self.result.problems:
            return
        for party, cands in blocks.items():
            self.ensure_party(party)
            self.state.candidates[(ballot, code, party)] = tuple(sorted(cands, key=lambda c: c.number))
            self.count(f"calon {ballot.label}", len(cands))

    # paslon -----------------------------------------------------------------------------------------------
    def paslon(self, f: TableFile) -> None:
        found: dict[int, tuple[TableRow, Paslon]] = {}
        for row in f.rows:
            number = self.positive(row, "nomor_urut", "nomor urut paslon")
            name = self.name(row, "nama_paslon", "nama paslon", MAX_PASLON_NAME)
            ok_id, sid = self.sirekap_id(row)
            ok_color, color = self.color(row)
            if number is None or name is None or not ok_id or not ok_color:
                continue
            if number in found:
                self.bad(row, "nomor_urut", f"nomor urut paslon {number} ganda: sudah ada di baris "
                         f"{found[number][0].number}")
                continue
            before = self.state.paslon.get(number)
            found[number] = (row, Paslon(number, sid or PASLON_SIREKAP_IDS.get(number, ""), name,
                                         color or (before.color if before else "#808080")))
        self.check_sequence([(n, r) for n, (r, _) in found.items()], "paslon")
        if not self.result.problems:
            self.state.paslon = {n: p for n, (_, p) in sorted(found.items())}
            self.count("paslon", len(found))

    def sirekap_paslon(self, doc: PaslonList) -> None:
        self.check_sequence([(e.number, None) for e in doc.entries], "paslon")
        if self.result.problems:
            return
        self.state.paslon = {
            e.number: Paslon(e.number, e.sirekap_id, " ".join(e.name.split())[:MAX_PASLON_NAME],
                             e.color or "#808080")
            for e in doc.entries
        }
        self.count("paslon", len(doc.entries))
