"""Checking dapil files: the ``dapil`` template (the composition of each ballot's dapil, with their seats) and
``partai_dapil`` (the parties taking part in each dapil); the seats a dapil and a DPRD Kabupaten/Kota may have
(UU 7/2017 Pasal 187, 189, 191, 192).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Dapil
from rekap_desktop.reference import DapilSpec
from rekap_desktop.reference_files.check import DIGITS, FileCheckBase
from rekap_desktop.reference_files.read import TableFile, TableRow

DAPIL_SEATS: dict[Ballot, tuple[int, int, str]] = {
    Ballot.PDPR: (3, 10, "UU 7/2017 Pasal 187 ayat (2)"),
    Ballot.PDPRDP: (3, 12, "UU 7/2017 Pasal 189 ayat (2)"),
    Ballot.PDPRDK: (3, 12, "UU 7/2017 Pasal 192 ayat (2)"),
}
"""Seats (kursi) a dapil may have, per ballot: (fewest, most, the article)."""

DPRD_KABKO_SIZES: tuple[int, ...] = (20, 25, 30, 35, 40, 45, 50, 55)
"""The sizes a DPRD Kabupaten/Kota may have, by population (UU 7/2017 Pasal 191: 20 seats up to 100.000 people …
55 above 3.000.000)."""


class DapilChecks(FileCheckBase):
    """``dapil`` is the whole composition of each ballot it names; ``partai_dapil`` the whole list of parties of
    each dapil it names."""

    def dapil(self, f: TableFile) -> None:
        kab = self.state.kabupaten
        names: dict[tuple[Ballot, str], tuple[int, str]] = {}
        notes: dict[tuple[Ballot, str], tuple[int, str]] = {}
        seats: dict[tuple[Ballot, str], tuple[int, int]] = {}
        members: dict[tuple[Ballot, str], set[str]] = {}
        owner: dict[tuple[Ballot, str], tuple[str, int]] = {}
        ballots: list[Ballot] = []
        for row in f.rows:
            ballot = self.ballot(row)
            code = self.dapil_code(row)
            name = self.name(row, "nama_dapil", "nama dapil")
            kec = row.get("kode_kecamatan")
            if ballot is not None and ballot not in ballots:
                ballots.append(ballot)
            if len(kec) != 6 or not kec.isdigit():
                self.bad(row, "kode_kecamatan", f"kode kecamatan harus 6 digit, bukan {kec!r}")
                continue
            if not kec.startswith(kab):
                self.bad(row, "kode_kecamatan", f"kecamatan {kec} berada di luar kabupaten/kota "
                         f"{self.state.region_label(kab)}")
                continue
            if kec not in self.state.regions:
                self.bad(row, "kode_kecamatan", f"kecamatan {kec} tidak dikenal; muat data wilayah dulu")
                continue
            if ballot is None or code is None or name is None:
                continue
            key = (ballot, code)
            if key in names and names[key][1] != name:
                self.bad(row, "nama_dapil", f"nama dapil {code} berbeda dengan baris {names[key][0]} "
                         f"({names[key][1]!r})")
                continue
            names.setdefault(key, (row.number, name))
            note = row.get("keterangan")
            if note:
                if key in notes and notes[key][1] != note:
                    self.bad(row, "keterangan", f"keterangan dapil {code} berbeda dengan baris {notes[key][0]}")
                    continue
                notes.setdefault(key, (row.number, note))
            if row.get("kursi"):
                kursi = self.dapil_seats(row, ballot)
                if kursi is None:
                    continue
                if key in seats and seats[key][1] != kursi:
                    self.bad(row, "kursi", f"jumlah kursi dapil {code} ({kursi}) berbeda dengan baris {seats[key][0]} "
                             f"({seats[key][1]})")
                    continue
                seats.setdefault(key, (row.number, kursi))
            if (ballot, kec) in owner:
                other, other_row = owner[(ballot, kec)]
                if other == code:
                    self.bad(row, "kode_kecamatan", f"kecamatan {kec} sudah tercantum untuk dapil {code} di baris "
                             f"{other_row}")
                else:
                    self.bad(row, "kode_kecamatan", f"kecamatan {self.state.region_label(kec)} sudah masuk dapil "
                             f"{other} {ballot.label} di baris {other_row}; satu kecamatan hanya boleh masuk satu "
                             f"dapil {ballot.label}")
                continue
            owner[(ballot, kec)] = (code, row.number)
            members.setdefault(key, set()).add(kec)
        if self.result.problems:
            return
        all_kec = self.state.kecamatan_codes()
        for ballot in ballots:
            for kec in all_kec:
                if (ballot, kec) not in owner:
                    self.bad(None, None, f"kecamatan {self.state.region_label(kec)} tidak masuk dapil {ballot.label} "
                             f"mana pun; setiap kecamatan harus masuk tepat satu dapil {ballot.label}")
        if self.result.problems:
            return
        for ballot in ballots:
            for gone in [k for k in self.state.dapils if k[0] is ballot and k not in members]:
                del self.state.dapils[gone]
                for block in [b for b in self.state.candidates if b[0] is ballot and b[1] == gone[1]]:
                    del self.state.candidates[block]
        for key, codes in members.items():
            before = self.state.dapils.get(key)
            kursi = seats[key][1] if key in seats else None
            dapil = Dapil(key[0], key[1], names[key][1], notes.get(key, (0, ""))[1], kursi)
            self.state.dapils[key] = DapilSpec(dapil, tuple(sorted(codes)), before.parties if before else ())
            self.count(f"dapil {key[0].label}")
            if kursi is not None:
                self.count(f"kursi {key[0].label}", kursi)
        self.check_seat_totals(ballots)

    def dapil_seats(self, row: TableRow, ballot: Ballot) -> int | None:
        """The ``kursi`` cell of a dapil row: a whole number within the range of its ballot (:data:`DAPIL_SEATS`)."""
        text = row.get("kursi")
        if not DIGITS.fullmatch(text) or int(text) < 1:
            self.bad(row, "kursi", f"jumlah kursi harus bilangan bulat mulai 1, bukan {text!r}")
            return None
        low, high, article = DAPIL_SEATS[ballot]
        kursi = int(text)
        if not low <= kursi <= high:
            self.bad(row, "kursi", f"jumlah kursi dapil {ballot.label} harus {low} sampai {high} ({article}), bukan "
                     f"{kursi}")
            return None
        return kursi

    def check_seat_totals(self, ballots: Sequence[Ballot]) -> None:
        """Tell the operator what a DPRD Kabupaten/Kota composition adds up to, and what is missing or unusual."""
        if Ballot.PDPRDK not in ballots:
            return
        specs = [d for (b, _), d in sorted(self.state.dapils.items()) if b is Ballot.PDPRDK]
        without = [f"{d.dapil.name} ({d.dapil.code})" for d in specs if d.dapil.seats is None]
        if without:
            self.warn(None, f"kursi dapil {', '.join(without)} DPRD Kabupaten/Kota belum diisi (kolom kursi): "
                      "pembagian kursi dapil itu tidak dapat dihitung")
            return
        total = sum(d.dapil.seats or 0 for d in specs)
        if total not in DPRD_KABKO_SIZES:
            self.warn(None, f"jumlah kursi DPRD Kabupaten/Kota seluruh dapil = {total}, padahal UU 7/2017 Pasal 191 "
                      f"menetapkan {', '.join(map(str, DPRD_KABKO_SIZES))} kursi menurut jumlah penduduk; periksa "
                      "kolom kursi")

    def partai_dapil(self, f: TableFile) -> None:
        chosen: dict[tuple[Ballot, str], dict[int, int]] = {}
        for row in f.rows:
            ballot = self.ballot(row)
            code = self.dapil_code(row)
            if ballot is None or code is None or self.known_dapil(row, ballot, code) is None:
                continue
            number = self.party_number(row, ballot)
            if number is None:
                continue
            rows = chosen.setdefault((ballot, code), {})
            if number in rows:
                self.bad(row, "nomor_partai", f"{self.state.party_label(number)} sudah tercantum untuk dapil {code} "
                         f"di baris {rows[number]}")
                continue
            rows[number] = row.number
        if self.result.problems:
            return
        for key, numbers in chosen.items():
            for n in numbers:
                self.ensure_party(n)
            spec = self.state.dapils[key]
            self.state.dapils[key] = replace(spec, parties=tuple(sorted(numbers)))
            for block in [b for b in self.state.candidates if (b[0], b[1]) == key and b[2] not in numbers]:
                del self.state.candidates[block]
                self.warn(None, f"calon {self.state.party_label(block[2] or 0)} di dapil {key[1]} "
                          f"{key[0].label} ikut dihapus: partai itu tidak lagi tercantum")
            self.count("dapil")
            self.count("partai peserta", len(numbers))
