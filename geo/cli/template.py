"""``python -m geo template``: the school-table template."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "write the school-table template (.csv or .xlsx)"
DESCRIPTION = "Write a template documenting the columns a school table can have."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", required=True, help="plantilla.csv or .xlsx")


def run(args: argparse.Namespace) -> int:
    from geo.io.template import template_csv, template_xlsx

    out = Path(args.output)
    writers = {".xlsx": template_xlsx, ".csv": template_csv}
    if out.suffix.lower() not in writers:
        raise ValueError("the template is written as .csv or .xlsx")
    out.write_bytes(writers[out.suffix.lower()]())
    print(f"Template written: {out}")
    return 0
