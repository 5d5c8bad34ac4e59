"""``python -m geo demo``: regenerate the synthetic demo city."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.cli._inputs import DEMO_DIR

HELP = "regenerate the synthetic demo city (deterministic: same bytes every run)"
DESCRIPTION = """\
Write the synthetic demo city: territories, barrios/veredas, school sites, yearly indicators and
population. Two runs give byte-identical files.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default=str(DEMO_DIR), help="output folder (default: %(default)s)")


def run(args: argparse.Namespace) -> int:
    from geo.synthetic import demo

    paths = demo.write_demo(Path(args.out))
    total = sum(p.stat().st_size for p in paths.values())
    for path in paths.values():
        print(f"{path}  ({path.stat().st_size:,} bytes)")
    print(f"Demo city written: {len(paths)} files, {total:,} bytes (synthetic, seed {demo.SEED}).")
    return 0
