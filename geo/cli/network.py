"""``python -m geo network``: Red escolar's demand, seats and seat gap to a horizon year.

The options and inputs it shares with ``access`` (the education level, the sites that count,
the barrio population and travel times) are defined here."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from geo.cli._inputs import (
    EDUCATION_LEVEL_CHOICES,
    add_input_arguments,
    inputs,
    load_dataset,
    path_or_none,
    require_files,
)
from geo.cli._output import TABLE_SUFFIXES, demo_note, required_format, write_with_metadata

if TYPE_CHECKING:
    from geo.model.dataset import Dataset

NETWORK_FORMATS = ("geojson", "gpkg", "csv", "csv-excel-es", "xlsx")  # geo.export.network's

HELP = "demand, seats and the seat gap per area to a horizon year (Red escolar)"
DESCRIPTION = """\
Project the school-age population of an education level per area to the horizon year, the seats
needed at a target net coverage, the seats the sites offer (declared capacity, else current
enrolment) and the gap (needed - offered: positive is a deficit), with the year the deficit
appears. Writes OUT and OUT.metadata.json.
"""


def add_network_arguments(parser: argparse.ArgumentParser) -> None:
    """Options ``network`` and ``access`` share: inputs, the education level, sites, output."""
    add_input_arguments(parser, "--data-year")
    parser.add_argument(
        "--barrio-population",
        help="population per barrio/vereda and year, by level age group or single ages "
        "(default: the demo's, with the demo's barrios)",
    )
    parser.add_argument(
        "--travel-times",
        help="road-network travel times (origin barrio, site DANE code, minutes), used "
        "instead of the straight-line distance",
    )
    parser.add_argument(
        "--education-level",
        choices=EDUCATION_LEVEL_CHOICES,
        default="primaria",
        help="education level, by its official ages (default %(default)s)",
    )
    parser.add_argument(
        "--sites",
        choices=("all", "official"),
        default="all",
        help="which sites count: all, or official ones only (default %(default)s)",
    )
    parser.add_argument(
        "--format",
        choices=NETWORK_FORMATS,
        help="default: the one OUT's extension names (.geojson .gpkg .csv .xlsx)",
    )
    parser.add_argument("--lang", choices=("es", "en"), default="es", help="language of labels")
    parser.add_argument("-o", "--output", required=True, help="output file")


def network_setup(args: argparse.Namespace) -> tuple[Dataset, str, Path]:
    """The dataset (with the barrio population and travel times given), the format, OUT."""
    from dataclasses import replace

    out = Path(args.output)
    fmt = required_format(out, args.format, TABLE_SUFFIXES)
    given = replace(
        inputs(args),
        barrio_population=path_or_none(args.barrio_population),
        travel_times=path_or_none(args.travel_times),
    )
    require_files(given.barrio_population, given.travel_times)
    return load_dataset(args, given), fmt, out


def write_result(out: Path, data: bytes, meta: dict, summary: str, demo: bool) -> None:
    """Write a Red escolar table and its metadata; print the one-line summary."""
    meta_path = write_with_metadata(out, data, meta)
    print(f"{out} ({len(data):,} bytes) and {meta_path.name}: {summary}{demo_note(demo)}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_network_arguments(parser)
    parser.add_argument(
        "--level",
        choices=("territorio", "barrio"),
        default="territorio",
        help="geographic level of the areas (default %(default)s)",
    )
    parser.add_argument(
        "--horizon", type=int, default=2030, help="horizon year (default %(default)s)"
    )
    parser.add_argument(
        "--coverage-target",
        type=float,
        help="target net coverage as a fraction, e.g. 1.0 (default: the current one)",
    )


def run(args: argparse.Namespace) -> int:
    from geo.analysis.levels import shapes
    from geo.analysis.projection import DEFICIT_YEAR, GAP, project
    from geo.export import network as export

    dataset, fmt, out = network_setup(args)
    result = project(
        dataset,
        args.education_level,
        geo_level=args.level,
        horizon=args.horizon,
        target=args.coverage_target,
        sites=args.sites,
    )
    query = (
        f"red_nivel={args.education_level}&red_h={args.horizon}&level={args.level}"
        f"&red_sedes={args.sites}"
        + (f"&red_meta={args.coverage_target:g}" if args.coverage_target is not None else "")
    )
    table = export.projection_table(result, shapes(dataset, args.level))
    meta = export.projection_metadata(result, dataset, args.lang, query)
    data = export.write(table, meta, fmt)
    short = result.areas[result.areas[GAP] > 0]
    first = short[DEFICIT_YEAR].min() if len(short) else None
    summary = (
        f"{args.education_level} to {args.horizon}, target {100 * result.target:.1f} %: "
        f"{len(short)} of {len(result.areas)} areas short of seats"
        + (f" (first in {first})" if first is not None else "")
    )
    write_result(out, data, meta, summary, dataset.is_demo)
    return 0
