"""``python -m geo risk``: the school sites ranked by the dropout-risk index."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.cli._inputs import add_input_arguments, add_lang_argument, load_dataset
from geo.cli._output import TABLE_SUFFIXES, output_format, write_with_metadata

HELP = "the dropout-risk index by school site: the ranked sites with their components"
DESCRIPTION = """\
Rank the school sites of a year by the dropout-risk index (dropout in the last up-to-3 years,
failure, over-age, no internet and no computer at home; each a percentile among the year's
sites, weighted) and write them, highest risk first, with every component, as points (.geojson
.gpkg) or a table (.csv .xlsx, or --format csv-excel-es), plus OUT.metadata.json (components,
weights, normalisation, the validation against the next year's dropout, sources). It ranks
schools, not students. The territories' share of enrolment in high-risk sites is the indicator
dropout_risk of 'export'. Inputs not given fall back to the demo's.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser, "--data-year")
    parser.add_argument("--year", type=int, help="year ranked (default: the latest)")
    parser.add_argument(
        "--where",
        action="append",
        metavar="FIELD=VALUE",
        help="list only the sites whose FIELD equals VALUE, ignoring case and accents "
        "(repeatable); ranks stay the city's",
    )
    parser.add_argument(
        "--zone",
        choices=("comunas", "corregimientos"),
        help="list only the sites of the comunas (urban) or the corregimientos (rural)",
    )
    parser.add_argument(
        "--format",
        choices=("geojson", "gpkg", "csv", "csv-excel-es", "xlsx"),
        help="default: the one OUT's extension names",
    )
    add_lang_argument(parser, "names and messages")
    parser.add_argument("-o", "--output", required=True, help="sedes_riesgo.csv, .xlsx...")


def run(args: argparse.Namespace) -> int:
    from geo.analysis.zones import dataset_zones
    from geo.export.risk import RISK_FORMATS, export_risk
    from geo.model.i18n import t
    from geo.model.view import match_filters

    lang = args.lang
    out = Path(args.output)
    fmt = output_format(out, args.format, TABLE_SUFFIXES)
    if fmt not in RISK_FORMATS:
        raise ValueError(
            f"{out.name}: the sites' list is written as {', '.join(TABLE_SUFFIXES)}; "
            "name another format with --format."
        )
    dataset = load_dataset(args)
    year = args.year if args.year is not None else dataset.latest_year("dropout")
    filters = match_filters(args.where or [], dataset.filter_values())
    if args.zone and args.zone not in dataset_zones(dataset):
        raise ValueError(f"--zone {args.zone}: these boundaries have no such zone.")
    data, meta = export_risk(dataset, year, fmt, lang, filters, args.zone or "")
    meta_path = write_with_metadata(out, data, meta)
    used = ", ".join(c["id"] for c in meta["components"] if c["used"]) or "—"
    print(
        f"{out} ({len(data):,} bytes) and {meta_path.name}: {t('risk_title', lang)}, {year}, "
        f"{meta['sites']} {t('sites', lang).lower()}, {meta['band_counts']['alto']} alto "
        f"({used})" + (f" — {t('demo_badge', lang)}" if dataset.is_demo else "")
    )
    return 0
