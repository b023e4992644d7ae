"""The command line of Rekap Desktop (DESIGN §10). No Qt at module level: headless commands run without a display.

The subcommands live in :mod:`ui.commands`, one module per concept; this module builds the parser from them and
maps failures to the documented exit codes.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

import ui.commands
from ui.commands.common import (
    EXIT_CODES,
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_STORAGE,
    Handler,
    Registry,
    err,
    install_argparse_indonesian,
)

__all__ = ["EXIT_FINDINGS", "EXIT_INPUT", "EXIT_OK", "EXIT_STORAGE", "build_parser", "main"]


def command_modules() -> list[ModuleType]:
    """Every module of :mod:`ui.commands` that registers subcommands, in ``--help`` order."""
    modules = [
        importlib.import_module(info.name)
        for info in pkgutil.iter_modules(ui.commands.__path__, "ui.commands.")
    ]
    modules = [m for m in modules if hasattr(m, "register")]
    return sorted(modules, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


def _build() -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    install_argparse_indonesian()
    parser = argparse.ArgumentParser(
        prog="rekap-desktop",
        description="Rekap Desktop: rekapitulasi hasil penghitungan suara tingkat KPU Kabupaten/Kota — entri "
        "D.HASIL KECAMATAN, pembanding Sirekap, layar proyektor, berita acara D.HASIL KABKO.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    registry = Registry(parser.add_subparsers(dest="command", metavar="PERINTAH"))
    for module in command_modules():
        module.register(registry)
    return parser, registry.handlers


def build_parser() -> argparse.ArgumentParser:
    return _build()[0]


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser, handlers = _build()
    if not args_list or (args_list[0] not in handlers and args_list[0] not in ("-h", "--help")):
        args_list = ["gui", *args_list]
    args = parser.parse_args(args_list)
    handler = handlers[args.command]
    from rekap_desktop.services import StorageError

    try:
        return handler(args)
    except StorageError as exc:
        err(f"Galat basis data: {exc}")
        return EXIT_STORAGE
    except KeyboardInterrupt:
        err("Dihentikan.")
        return EXIT_INPUT
    except BrokenPipeError:  # output piped into e.g. `head`: not an error of ours
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
