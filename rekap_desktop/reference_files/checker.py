"""One reference file applied to a :class:`~rekap_desktop.reference_files.state.ReferenceState` by its kind,
through the checks of each family (regions, parties, dapil, candidates, office).
"""

from __future__ import annotations

from rekap_desktop.reference_files.candidates import CandidateChecks
from rekap_desktop.reference_files.check import FileResult
from rekap_desktop.reference_files.dapil import DapilChecks
from rekap_desktop.reference_files.formats import FileKind
from rekap_desktop.reference_files.office import OfficeChecks
from rekap_desktop.reference_files.parties import PartyChecks
from rekap_desktop.reference_files.read import TableFile
from rekap_desktop.reference_files.regions import RegionChecks
from rekap_desktop.sirekap.json import PartyList, PaslonList, WilayahList


class FileChecker(RegionChecks, PartyChecks, DapilChecks, CandidateChecks, OfficeChecks):
    """Applies one file to a copy of ``state`` (``checker.state``), collecting problems with file/row/column.

    Pure: no database. The caller keeps ``checker.state`` only when ``run()`` returns a result without problems
    (and :func:`rekap_desktop.setup_dependencies.dependency_problems` finds nothing depending on the change).
    """

    def run(self) -> FileResult:
        if not self.state.kabupaten:
            self.bad(None, None, "basis data belum disiapkan untuk kabupaten/kota mana pun; jalankan dulu "
                     "'rekap-desktop init --db … --kabupaten KODE'")
            return self.result
        src = self.source
        if isinstance(src, TableFile):
            {
                FileKind.WILAYAH: self.wilayah, FileKind.PARTAI: self.partai, FileKind.DAPIL: self.dapil,
                FileKind.PARTAI_DAPIL: self.partai_dapil, FileKind.CALON: self.calon,
                FileKind.CALON_DPD: self.calon_dpd, FileKind.PASLON: self.paslon, FileKind.KANTOR: self.kantor,
            }[src.kind](src)
        else:
            doc = src.document
            if isinstance(doc, WilayahList):
                self.sirekap_wilayah(doc)
            elif isinstance(doc, PartyList):
                self.sirekap_partai(doc)
            elif isinstance(doc, PaslonList):
                self.sirekap_paslon(doc)
            else:
                self.sirekap_calon(doc)
        return self.result
