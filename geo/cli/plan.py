"""``python -m geo plan``: Focalizar's plan of an intervention and its files (a simulation)."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.cli._inputs import add_input_arguments, add_lang_argument, load_dataset
from geo.cli._output import demo_note, output_format, write_with_metadata
from geo.cli._view import add_where_argument, print_notes, read_view, single_values, view_params

PLAN_FORMATS = ("csv", "csv-excel-es", "xlsx", "geojson")  # geo.export.plan's PLAN_FORMATS
PLAN_SUFFIXES = {".csv": "csv", ".xlsx": "xlsx", ".geojson": "geojson"}

HELP = "plan an intervention: who gets what first, and what changes (a simulation)"
DESCRIPTION = """\
Place an amount of units (computers, connections, school computers, broadband,
dropout-prevention support) on the eligible school sites by a rule, and write the allocation
(.csv .xlsx .geojson, or --format csv-excel-es) plus OUT.metadata.json with the inputs, the
totals and each territory before and after. The Focalizar page's download gives the same bytes.
--view takes the page's query string; explicit options override it. A simulation, not an
official allocation.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser, "--data-year")
    parser.add_argument(
        "--intervention",
        help="computers, connectivity, school_computers, broadband, dropout_students or "
        "dropout_sites (default computers)",
    )
    parser.add_argument("--units", type=int, help="units available (default: the catalogue's)")
    parser.add_argument("--budget", type=float, help="a budget in pesos instead of --units")
    parser.add_argument(
        "--unit-cost", type=float, help="pesos per unit (default: the catalogue's illustrative)"
    )
    parser.add_argument(
        "--rule", help="need, rate, priority or equity (default need); ties by DANE code"
    )
    parser.add_argument("--cap", type=int, help="most units per site (default: no cap)")
    parser.add_argument(
        "--norm", type=int, help="students per computer for school_computers (default 5)"
    )
    parser.add_argument(
        "--territory",
        action="append",
        metavar="CODE",
        help="only sites of this territory are eligible (repeatable)",
    )
    parser.add_argument("--year", type=int, help="year of the diagnosis (default: the latest)")
    add_where_argument(parser, "eligible sites: keep rows")
    parser.add_argument("--view", help="the Focalizar page's query string (or its link)")
    add_lang_argument(parser, "labels", default=None)
    parser.add_argument("--format", choices=PLAN_FORMATS, help="default: OUT's extension")
    parser.add_argument("-o", "--output", required=True, help="output file")


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from geo.analysis.plan import PLAN_KEYS, inputs_from_query, make_plan
    from geo.export.plan import PLAN_SUFFIXES as FORMAT_SUFFIXES
    from geo.export.plan import export_plan, plan_metadata

    out = Path(args.output)
    fmt = output_format(out, args.format, PLAN_SUFFIXES)
    if fmt is None or out.suffix.lower() != FORMAT_SUFFIXES[fmt]:
        raise ValueError(
            f"{out.name}: write the plan as .csv, .xlsx or .geojson (--format "
            f"{' / '.join(PLAN_FORMATS)} with its extension)."
        )
    dataset = load_dataset(args)
    given = {
        "intervention": args.intervention,
        "amount": args.units,
        "budget": args.budget,
        "unit_cost": args.unit_cost,
        "rule": args.rule,
        "cap": args.cap,
        "norm": args.norm,
    }
    options = [("year", args.year), ("lang", args.lang)]
    options += [(PLAN_KEYS[name], value) for name, value in given.items()]
    params = view_params(args.view, dataset, options, args.where)
    if args.units is not None:
        params.pop(PLAN_KEYS["budget"], None)
    if args.territory:
        params[PLAN_KEYS["territories"]] = list(args.territory)
    query = single_values(params)
    view, fallbacks = read_view(query, dataset, list(dataset.available_indicators()))
    codes = tuple(dataset.territories["codigo"].astype(str))
    inputs, plan_fallbacks = inputs_from_query(query, codes)
    explicit = {PLAN_KEYS[name] for name, value in given.items() if value is not None}
    explicit |= {PLAN_KEYS["territories"]} if args.territory else set()
    for fallback in plan_fallbacks:
        if fallback.key in explicit:  # an option given by hand is refused, not replaced
            raise ValueError(f"{fallback.key}={fallback.given!r} is not valid here.")
    print_notes([*fallbacks, *plan_fallbacks])
    plan = make_plan(dataset, replace(view, level="territorio"), inputs)
    data = export_plan(plan, dataset, fmt, view.lang)
    meta = plan_metadata(plan, dataset, view.lang)
    meta_path = write_with_metadata(out, data, meta)
    totals = plan.totals
    print(
        f"{out} ({len(data):,} bytes) and {meta_path.name}: {plan.intervention.id}, "
        f"rule {inputs.rule}, {totals['units_used']:,} of {totals['amount']:,} units to "
        f"{totals['sites_reached']:,} sites, {totals['students_reached']:,} students reached "
        f"— {meta['simulation']}" + demo_note(dataset.is_demo)
    )
    return 0
