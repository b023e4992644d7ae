"""The five ballots (jenis pemilihan) of Pemilu 2024, by their Sirekap codes (DESIGN §3)."""

from __future__ import annotations

from enum import StrEnum


class Ballot(StrEnum):
    """A ballot, valued by its Sirekap code; declaration order is the plenary order (PPWP first)."""

    PPWP = "ppwp"
    PDPR = "pdpr"
    PDPD = "pdpd"
    PDPRDP = "pdprdp"
    PDPRDK = "pdprdk"

    @property
    def label(self) -> str:
        """Short Indonesian label as used in the plenary room."""
        return _LABELS[self]

    @property
    def election_title(self) -> str:
        """The 'PEMILIHAN UMUM …' part of the berita acara title."""
        return _TITLES[self]

    @property
    def model_suffix(self) -> str:
        """Suffix of the kabupaten form code: MODEL D.HASIL KABKO-<suffix> (Perbawaslu 4/2024 Pasal 40).

        The national name; Aceh and the Papua provinces name their DPRD differently:
        :func:`rekap_desktop.form_names.model_suffix`."""
        return _MODEL_SUFFIX[self]

    @property
    def has_dapil(self) -> bool:
        """PPWP and DPD are contested kabupaten-wide (DPD: the province is the constituency)."""
        return self in (Ballot.PDPR, Ballot.PDPRDP, Ballot.PDPRDK)

    @property
    def is_legislative_party(self) -> bool:
        """Ballots whose section IV holds a block per party (DPR, DPRD Provinsi, DPRD Kab/Kota)."""
        return self.has_dapil

    @classmethod
    def parse(cls, text: str) -> Ballot:
        """Parse a Sirekap code (case-insensitive); raise ValueError with an Indonesian message."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            valid = ", ".join(b.value for b in cls)
            raise ValueError(f"jenis pemilihan tidak dikenal: {text!r} (yang sah: {valid})") from None


_LABELS = {
    Ballot.PPWP: "Presiden dan Wakil Presiden",
    Ballot.PDPR: "DPR",
    Ballot.PDPD: "DPD",
    Ballot.PDPRDP: "DPRD Provinsi",
    Ballot.PDPRDK: "DPRD Kabupaten/Kota",
}
_TITLES = {
    Ballot.PPWP: "PRESIDEN DAN WAKIL PRESIDEN",
    Ballot.PDPR: "ANGGOTA DEWAN PERWAKILAN RAKYAT",
    Ballot.PDPD: "ANGGOTA DEWAN PERWAKILAN DAERAH",
    Ballot.PDPRDP: "ANGGOTA DEWAN PERWAKILAN RAKYAT DAERAH PROVINSI",
    Ballot.PDPRDK: "ANGGOTA DEWAN PERWAKILAN RAKYAT DAERAH KABUPATEN/KOTA",
}
_MODEL_SUFFIX = {
    Ballot.PPWP: "PPWP",
    Ballot.PDPR: "DPR",
    Ballot.PDPD: "DPD",
    Ballot.PDPRDP: "DPRD-PROV",
    Ballot.PDPRDK: "DPRD-KAB/KOTA",
}
