"""``python -m geo evaluate``: the effect of an intervention by difference in differences."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.cli._inputs import add_input_arguments, add_lang_argument, load_dataset
from geo.cli._output import demo_note, write_with_metadata
from geo.cli._view import add_where_argument

HELP = "did it work? an intervention's effect by difference in differences"
DESCRIPTION = """\
Estimate the effect of an intervention on an outcome of the school sites (--outcome dropout):
a difference in differences on the site panel with site and year fixed effects, weighted by
enrolment for rates, standard errors clustered by site (linearmodels PanelOLS); the event study
(the effect by year relative to treatment, with 95 %% intervals), the pre-trend test, the
counts of treated and comparison sites and a plain-language reading that says what it does
not prove. The treated sites come from --treated FILE (CSV or XLSX: codigo_dane,
anio_tratamiento) or --switch banda_ancha --since 2021 (sites whose broadband starts that
year). Treated sites starting in different years are evaluated one cohort at a time
(--cohort YEAR) against the never-treated sites. Writes OUT (JSON) and OUT.metadata.json.
Inputs not given fall back to the demo's.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser, "--data-year")
    parser.add_argument(
        "--treated", help="CSV or XLSX of treated sites (codigo_dane, anio_tratamiento)"
    )
    parser.add_argument(
        "--switch", help="a 1/0 site column whose start marks treatment (banda_ancha)"
    )
    parser.add_argument("--since", type=int, help="with --switch: the year it starts")
    parser.add_argument("--outcome", default="dropout", help="catalogue id (default: dropout)")
    parser.add_argument("--level", default="", help="education level of the outcome (default: all)")
    parser.add_argument("--cohort", type=int, help="the treatment year evaluated, when several")
    parser.add_argument("--years", help="FIRST-LAST, the panel's years (default: all)")
    add_where_argument(parser, "keep only the sites")
    add_lang_argument(parser, "the reading and messages")
    parser.add_argument("-o", "--output", required=True, help="efecto.json")


def run(args: argparse.Namespace) -> int:
    from geo.analysis import evaluate as ev
    from geo.cli._inputs import require_files
    from geo.export.followup import evaluation_json, evaluation_record
    from geo.model.view import match_filters

    out = Path(args.output)
    if out.suffix.lower() != ".json":
        raise ValueError(f"{out.name}: the effect is written as .json.")
    if bool(args.treated) == bool(args.switch):
        raise ValueError(
            "Name the treated sites with --treated FILE or --switch COLUMN --since YEAR."
        )
    years = None
    if args.years:
        first, _, last = args.years.partition("-")
        if not (first.isdigit() and last.isdigit()):
            raise ValueError(f"--years {args.years}: write FIRST-LAST (2019-2024).")
        years = (int(first), int(last))
    dataset = load_dataset(args)
    filters = match_filters(args.where or [], dataset.filter_values())
    excluded: set = set()
    if args.treated:
        path = Path(args.treated)
        require_files(path)
        treated = ev.read_treated(path.read_bytes(), path.name)
        source = path.name
    else:
        if args.since is None or args.switch not in dataset.facts:
            raise ValueError(
                f"--switch {args.switch}: needs a site column of the data and --since YEAR."
            )
        treated, excluded = ev.treated_from_switch(dataset.facts, args.switch, args.since)
        source = f"{args.switch} since {args.since}"
    result = ev.evaluate_dataset(
        dataset,
        treated,
        args.outcome,
        args.level,
        filters,
        cohort=args.cohort,
        exclude=sorted(excluded),
        years=years,
    )
    record = evaluation_record(result, dataset, args.lang, treated_source=source, filters=filters)
    meta = {k: v for k, v in record.items() if k not in ("event_study", "means")}
    meta_path = write_with_metadata(out, evaluation_json(record), meta)
    effect = record["effect"]
    scale = 100 if result.outcome.unit == "percent" else 1
    unit = " pp" if scale == 100 else ""
    print(
        f"{out} and {meta_path.name}: effect {effect['estimate'] * scale:+.2f}{unit} "
        f"(95 % {effect['ci95_low'] * scale:+.2f} to {effect['ci95_high'] * scale:+.2f}), "
        f"{result.n_treated} treated and {result.n_comparison} comparison sites, cohort "
        f"{result.cohort}" + demo_note(dataset.is_demo)
    )
    return 0
