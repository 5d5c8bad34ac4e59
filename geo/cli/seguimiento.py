"""``python -m geo seguimiento``: each territory's status against a target of the plan."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.cli._inputs import add_input_arguments, add_lang_argument, load_dataset
from geo.cli._output import demo_note, write_with_metadata
from geo.cli._view import add_where_argument

HELP = "follow a target: each territory's trend, the needed trajectory and its status"
DESCRIPTION = """\
Follow a target of the plan (--indicator dropout --target 2.5 --target-year 2027: dropout at
most 2.5 %% by 2027; the value in the unit the atlas shows) for the city and every territory:
the last observed value (sums of numerators over sums of denominators), the gap, the change a
year needed to reach it, the trend of the observed years (least squares) projected to the
target year with its 95 %% prediction interval, and a status: meta cumplida, en camino, en
riesgo, fuera de camino or sin datos (the rule is in OUT.metadata.json). --targets FILE adds
targets per territory (CSV or XLSX: indicador, valor, anio, territorio). Writes a CSV, the
largest gap first, and OUT.metadata.json. Inputs not given fall back to the demo's.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser, "--data-year")
    parser.add_argument("--indicator", default="dropout", help="catalogue id (default: dropout)")
    parser.add_argument(
        "--level",
        default="",
        help="education level: transicion, primaria, secundaria, media (default: all)",
    )
    parser.add_argument(
        "--target", type=float, help="target value, in the unit shown (2.5 = 2.5 %%)"
    )
    parser.add_argument("--target-year", type=int, help="year the target is for")
    parser.add_argument(
        "--targets", help="CSV or XLSX of targets (indicador, valor, anio[, nivel, territorio])"
    )
    add_where_argument(parser, "count only the sites")
    add_lang_argument(parser, "names and messages")
    parser.add_argument("-o", "--output", required=True, help="metas.csv")


def run(args: argparse.Namespace) -> int:
    from geo.analysis import targets as tg
    from geo.cli._inputs import require_files
    from geo.export.followup import tracking_csv, tracking_metadata
    from geo.model.view import match_filters

    out = Path(args.output)
    if out.suffix.lower() != ".csv":
        raise ValueError(f"{out.name}: the targets' table is written as .csv.")
    dataset = load_dataset(args)
    codes = tuple(dataset.territories["codigo"].astype(str))
    extra: list = []
    if args.targets:
        path = Path(args.targets)
        require_files(path)
        extra = tg.read_targets(path.read_bytes(), path.name, codes)
    if args.target is not None or args.target_year is not None:
        if args.target is None or args.target_year is None:
            raise ValueError("--target and --target-year go together (2.5 and 2027).")
        general = tg.Target(args.indicator, args.target, args.target_year, args.level)
    else:
        general = next((g for g in extra if not g.territory), None)
        if general is None and extra:
            general = extra[0]
        if general is None:
            raise ValueError("Give --target and --target-year, or --targets FILE.")
    if general.indicator not in dataset.available_indicators():
        raise ValueError(f"--indicator {general.indicator}: this data cannot compute it.")
    filters = match_filters(args.where or [], dataset.filter_values())
    tracking = tg.track(dataset, general, filters, overrides=extra)
    meta = tracking_metadata(tracking, dataset, args.lang, filters)
    meta_path = write_with_metadata(out, tracking_csv(tracking, args.lang), meta)
    counts = ", ".join(f"{n} {k}" for k, n in tg.status_counts(tracking).items() if n)
    print(f"{out} and {meta_path.name}: {meta['title']}; {counts}" + demo_note(dataset.is_demo))
    return 0
