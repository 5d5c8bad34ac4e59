"""``python -m geo report``: read and join data files and list every problem."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.cli._inputs import add_input_arguments, add_lang_argument, inputs, load_joined
from geo.model.messages import msg

HELP = "read and join data files and list every problem (the join report)"
DESCRIPTION = """\
Read boundaries, school sites, indicator and population tables, join them and print what was
read and every problem with its rows. Inputs not given fall back to the demo's. Exit status 0
when the inputs could be read (problems are listed, not fatal), 2 with a one-line reason when
they could not.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser, "--year")
    parser.add_argument(
        "--indicator",
        action="append",
        metavar="ID",
        help="also check that the data can compute this indicator: exit 2 naming the missing "
        "columns when it cannot (repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--csv", metavar="OUT", help="also write the problems as CSV")
    add_lang_argument(parser, "the report and of error messages")


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    dataset, report = load_joined(inputs(args))
    if args.csv:
        Path(args.csv).write_bytes(report.to_csv(lang))
    if args.json:
        print(report.to_json(lang))
        return 0
    print(report.to_text(lang))
    located = msg(
        "cli_located",
        located=int(dataset.sites["codigo_territorio"].notna().sum()),
        total=len(dataset.sites),
        territories=len(dataset.territories),
        years=", ".join(map(str, dataset.years)) or msg("none"),
    )
    print(located.render(lang))
    for indicator in args.indicator or ():
        dataset.require(indicator)
    return 0
