"""``python -m geo export``: a view's data or map as a file, with its metadata record."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.cli._inputs import (
    EDUCATION_LEVEL_CHOICES,
    add_input_arguments,
    add_lang_argument,
    load_dataset,
)
from geo.cli._output import demo_note, required_format, write_with_metadata
from geo.cli._view import add_where_argument, print_notes, read_view, single_values, view_params
from geo.model.i18n import t

# geo.export's FORMATS (spelled here so that --help stays light; a test keeps them equal)
EXPORT_FORMATS = ("geojson", "gpkg", "csv", "csv-excel-es", "xlsx", "html", "png")

HELP = "export a view (GeoJSON, GeoPackage, CSV, XLSX, HTML map, PNG map)"
DESCRIPTION = """\
Compute a view and write it in the format OUT's extension picks (.geojson .gpkg .csv .xlsx .html
.png) or --format names, plus OUT.metadata.json. A .csv is the standard CSV (',' and '.');
--format csv-excel-es writes the one for Excel in Spanish (';' and decimal comma). Inputs not
given fall back to the demo's. --view takes the app's query string, so a shared link is
reproduced exactly; explicit options override it.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser, "--data-year")
    parser.add_argument("--level", help="territorio, barrio or nucleo")
    parser.add_argument(
        "--indicator",
        help="indicator id (see the Metodología page), or 'priority' for the priority index",
    )
    parser.add_argument("--year", type=int, help="year shown (default: the latest)")
    parser.add_argument(
        "--education-level",
        choices=EDUCATION_LEVEL_CHOICES,
        help="the indicator for one education level (default: all levels); --level is the "
        "geographic level",
    )
    parser.add_argument("--scheme", help="classification scheme")
    parser.add_argument("-k", type=int, help="number of classes")
    add_lang_argument(parser, "labels", default=None)
    add_where_argument(parser, "keep rows")
    parser.add_argument("--view", help="the app's query string, e.g. 'ind=dropout&year=2021'")
    parser.add_argument("--size", help="PNG size in pixels, WIDTHxHEIGHT (default 1600x1200)")
    parser.add_argument(
        "--sites", action="store_true", help="export the filtered view's school sites as points"
    )
    parser.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        help="csv: RFC 4180 (',' separator, '.' decimals, machine column names); "
        "csv-excel-es: for Excel in Spanish (';' separator, decimal comma, Spanish headers, "
        "BOM); default: the one OUT's extension names",
    )
    parser.add_argument("-o", "--output", required=True, help="output file")


def run(args: argparse.Namespace) -> int:
    from geo.analysis.choropleth import compute
    from geo.analysis.priority import priority_choropleth, weights_from_query
    from geo.export import FORMAT_SUFFIXES, SUFFIX_FORMATS, export, metadata

    out = Path(args.output)
    fmt = required_format(out, args.format, SUFFIX_FORMATS)
    if out.suffix.lower() != FORMAT_SUFFIXES[fmt]:
        raise ValueError(f"{out.name}: --format {fmt} writes {FORMAT_SUFFIXES[fmt]} files.")
    dataset = load_dataset(args)
    options = (
        ("ind", args.indicator),
        ("year", args.year),
        ("level", args.level),
        ("scheme", args.scheme),
        ("k", args.k),
        ("lang", args.lang),
        ("nivel", args.education_level),
    )
    params = view_params(args.view, dataset, options, args.where)
    priority = params.get("ind") == ["priority"]
    if params.get("ind") and not priority:  # asked for by name: that one or a refusal
        dataset.require(params["ind"][-1])
    indicators = list(dataset.available_indicators())
    view, fallbacks = read_view(
        single_values(params),
        dataset,
        indicators or (["priority"] if priority else []),
        education_levels=dataset.education_levels,
    )
    if args.education_level and view.education_level != args.education_level:
        have = ", ".join(dataset.education_levels(view.indicator)) or "-"
        raise ValueError(
            f"{view.indicator} has no figures for education level "
            f"{args.education_level!r} in this data; levels with data: {have}."
        )
    print_notes(f for f in fallbacks if not (priority and f.key == "ind"))
    if priority:
        method = (params.get("norm") or ["minmax"])[-1]
        weights = weights_from_query(params, view.level, dataset)
        choropleth = priority_choropleth(dataset, view, weights, method)
    else:
        choropleth = compute(dataset, view)
    width, _, height = (args.size or "1600x1200").partition("x")
    data = export(
        choropleth, dataset, fmt, view.lang, png_size=(int(width), int(height)), sites=args.sites
    )
    meta_path = write_with_metadata(out, data, metadata(choropleth, dataset, view.lang))
    print(
        f"{out} ({len(data):,} bytes) and {meta_path.name}: "
        f"{choropleth.indicator.label(view.lang)}, {view.level}, {view.year}"
        + demo_note(dataset.is_demo)
        + (
            f" — {t('coverage_estimated_source', view.lang)}"
            if choropleth.population_estimated
            else ""
        )
    )
    return 0
