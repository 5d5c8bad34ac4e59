"""Command-line interface: ``python -m geo --help``.

One module per command (``geo/cli/<command>.py``), each with ``HELP``, ``DESCRIPTION``,
``add_arguments(parser)`` and ``run(args) -> int``; :data:`COMMANDS` lists them in the order
``--help`` shows. A command adds its options, reads its inputs through
:mod:`geo.cli._inputs` and writes through :mod:`geo.cli._output`. What a command cannot do
with the data it was given it raises as a ``DataError`` or ``ValueError``: :func:`main` turns
that into one line on stderr, in the command's ``--lang``, and exit status 2.

Only the standard library and cheap modules of ours are imported by the command modules at
their top level: each imports what it needs when it runs, so ``--help`` and ``report`` never
load the map, export or benchmark stacks (tests/test_cli.py checks which modules a command
imports).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from geo import __version__
from geo.cli._output import error_line
from geo.errors import DataError

COMMANDS = (
    "demo",
    "report",
    "export",
    "fetch",
    "bench",
    "template",
    "site",
    "risk",
    "plan",
    "network",
    "access",
    "ficha",
)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command in :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="Medellín education microplanning atlas: the engine behind the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        command = importlib.import_module(f"{__name__}.{name}")
        sub = commands.add_parser(name, help=command.HELP, description=command.DESCRIPTION)
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command ``argv`` names; a refusal is one line on stderr and exit status 2."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (DataError, ValueError) as exc:
        print(error_line(exc, getattr(args, "lang", None) or "es"), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
