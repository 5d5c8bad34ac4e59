"""Command-line interface: ``python -m geo --help``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from geo import __version__, demo


def _cmd_demo(args: argparse.Namespace) -> int:
    paths = demo.write_demo(Path(args.out))
    total = sum(p.stat().st_size for p in paths.values())
    for path in paths.values():
        print(f"{path}  ({path.stat().st_size:,} bytes)")
    print(f"Demo city written: {len(paths)} files, {total:,} bytes (synthetic, seed {demo.SEED}).")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="Medellín education microplanning atlas: the engine behind the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo_cmd = commands.add_parser(
        "demo",
        help="regenerate the synthetic demo city (deterministic: same bytes every run)",
        description="Write the synthetic demo city: territories, barrios/veredas, school sites, "
        "yearly indicators and population. Two runs give byte-identical files.",
    )
    demo_cmd.add_argument(
        "--out", default=str(demo.DEMO_DIR), help="output folder (default: %(default)s)"
    )
    demo_cmd.set_defaults(run=_cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
