"""The plenary's own events and rules: ``aturan`` (the rule catalogue with severities and sources)."""

from __future__ import annotations

import argparse
import json

from ui.commands.common import EXIT_OK, Registry, out

ORDER = 45


def register(registry: Registry) -> None:
    rules = registry.add("aturan", "daftar aturan R1–R17: tingkat (galat/peringatan), uraian dan sumbernya",
                         cmd_aturan)
    rules.add_argument("--format", default="text", choices=("text", "json"))


def cmd_aturan(args: argparse.Namespace) -> int:
    from rekap_desktop.rules import RULES

    if args.format == "json":
        out(json.dumps([{"rule": r.id, "severity": r.severity.value, "title": r.title, "source": r.source,
                         "enforced_by": r.enforced_by} for r in RULES], ensure_ascii=False, indent=1))
        return EXIT_OK
    for r in RULES:
        out(f"{r.id:4} [{r.severity.label}] {r.title}")
        out(f"     Sumber: {r.source}")
        if r.enforced_by:
            out(f"     Dijaga aplikasi: {r.enforced_by}")
    return EXIT_OK
