"""A small reference set (3 kecamatan of Sampang) for storage and service tests."""

from __future__ import annotations

from rekap_desktop.ballot import Ballot
from rekap_desktop.contest import Dapil
from rekap_desktop.national import NATIONAL_PARTIES_2024, PASLON_2024
from rekap_desktop.participants import Candidate
from rekap_desktop.reference import CandidateSpec, DapilSpec, ReferenceData, RegionRecord


def small_reference() -> ReferenceData:
    regions = [
        RegionRecord("35", "JAWA TIMUR"),
        RegionRecord("3527", "SAMPANG"),
        RegionRecord("352701", "SRESEH", tps_count=97),
        RegionRecord("352702", "TORJUN", tps_count=116),
        RegionRecord("352703", "SAMPANG", tps_count=338),
    ]
    dpr = Dapil(Ballot.PDPR, "3511", "JAWA TIMUR XI")
    dprdk1 = Dapil(Ballot.PDPRDK, "352701", "SAMPANG 1", "pengelompokan rekaan")
    dprdk2 = Dapil(Ballot.PDPRDK, "352702", "SAMPANG 2", "pengelompokan rekaan")
    cands = [
        CandidateSpec(Ballot.PDPR, "3511", Candidate(k, f"CALON FIKTIF DPR {p.number}-{k}", p.number))
        for p in NATIONAL_PARTIES_2024[:3] for k in (1, 2)
    ]
    cands += [CandidateSpec(Ballot.PDPD, None, Candidate(k, f"CALON FIKTIF DPD {k}", None, sirekap_id=str(695850 + k)))
              for k in (1, 2, 3)]
    cands += [CandidateSpec(Ballot.PDPRDK, d.code, Candidate(1, f"CALON FIKTIF {d.code}", 1))
              for d in (dprdk1, dprdk2)]
    return ReferenceData(
        regions=regions,
        parties=list(NATIONAL_PARTIES_2024),
        paslon=list(PASLON_2024),
        dapils=[
            DapilSpec(dpr, ("352701", "352702", "352703")),
            DapilSpec(dprdk1, ("352701",)),
            DapilSpec(dprdk2, ("352702", "352703")),
        ],
        candidates=cands,
        settings={"kabupaten_kode": "3527", "provinsi_kode": "35"},
    )
