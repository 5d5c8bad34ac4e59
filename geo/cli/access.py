"""``python -m geo access``: the straight-line distance from each barrio/vereda to the nearest
school with an education level (Red escolar)."""

from __future__ import annotations

import argparse

from geo.cli.network import add_network_arguments, network_setup, write_result

HELP = "straight-line distance from each barrio/vereda to the nearest school with a level"
DESCRIPTION = """\
For each barrio/vereda, the straight-line distance in metres (EPSG:9377) from a point inside it
to the nearest site offering the education level (or the shortest time of --travel-times),
whether it is beyond its zone's threshold, and per territory the share of the level's population
beyond it. Writes OUT and OUT.metadata.json.
"""


# Beyond how far (or how long) a barrio/vereda counts as far from school, by zone.
THRESHOLDS = (
    ("--threshold-m", 1000.0, "urban threshold in metres (comunas; default %(default)s)"),
    (
        "--rural-threshold-m",
        3000.0,
        "rural threshold in metres (corregimientos; default %(default)s)",
    ),
    ("--threshold-min", 20.0, "urban threshold in minutes"),
    ("--rural-threshold-min", 45.0, "rural threshold in minutes"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_network_arguments(parser)
    for flag, default, text in THRESHOLDS:
        parser.add_argument(flag, type=float, default=default, help=text)


def run(args: argparse.Namespace) -> int:
    from geo.analysis.access import access
    from geo.export import network as export

    dataset, fmt, out = network_setup(args)
    result = access(
        dataset,
        args.education_level,
        sites=args.sites,
        thresholds={"urbano": args.threshold_m, "rural": args.rural_threshold_m},
        thresholds_min={"urbano": args.threshold_min, "rural": args.rural_threshold_min},
    )
    query = (
        f"red_nivel={args.education_level}&red_sedes={args.sites}"
        f"&red_umbral_u={args.threshold_m:g}&red_umbral_r={args.rural_threshold_m:g}"
        "&red_mapa=access"
    )
    table = export.access_table(result)
    meta = export.access_metadata(result, dataset, args.lang, query)
    data = export.write(table, meta, fmt)
    share = "-" if result.city_share != result.city_share else f"{100 * result.city_share:.1f} %"
    summary = (
        f"{args.education_level}, {len(result.barrios)} barrios/veredas, "
        f"{len(result.sites)} sites; beyond the threshold: {share}"
        + (" of the children" if result.weighted else " of the barrios")
    )
    write_result(out, data, meta, summary, dataset.is_demo)
    return 0
