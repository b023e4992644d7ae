"""The audit log: ``verify-audit``."""

from __future__ import annotations

import argparse

from ui.commands.common import DB_HELP, EXIT_FINDINGS, EXIT_OK, Registry, err, open_service, out

ORDER = 50


def register(registry: Registry) -> None:
    va = registry.add("verify-audit", "periksa rantai hash log audit dan turunkan kembali isian darinya",
                      cmd_verify_audit)
    va.add_argument("--db", required=True, help=DB_HELP)


def cmd_verify_audit(args: argparse.Namespace) -> int:
    service = open_service(args)
    report = service.verify_audit()
    if report.ok:
        out(f"Log audit utuh: {report.events} peristiwa, rantai hash benar; {report.entries} isian cocok dengan log.")
        return EXIT_OK
    err(f"LOG AUDIT TIDAK UTUH ({len(report.problems)} masalah"
        + (f"; peristiwa rusak pertama #{report.first_bad_event}" if report.first_bad_event else "") + "):")
    for p in report.problems:
        err(f"  {p}")
    return EXIT_FINDINGS
