"""``python -m geo fetch``: download the official layers into the local cache."""

from __future__ import annotations

import argparse

from geo.cli._inputs import ROOT, add_lang_argument

HELP = "download the official GeoMedellín layers into the local cache"
DESCRIPTION = """\
Download the comunas, barrios/veredas and school-site layers, reproject them to EPSG:4326 and
record source, date, sha256 and licence beside each. A failed or partial download never replaces
a good cached copy. Exit status 1 if any failed.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url",
        help="base URL of the open-data zips (and, unless "
        "--arcgis-url is given, of the ArcGIS services)",
    )
    parser.add_argument("--arcgis-url", help="base URL of the ArcGIS REST services")
    parser.add_argument(
        "--cache",
        default=str(ROOT / "cache" / "official"),
        help="cache folder (default: %(default)s)",
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    add_lang_argument(parser, "error messages")


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from geo.cli._output import error_line
    from geo.errors import DataError
    from geo.io.fetch import DEFAULT_ARCGIS_BASE, DEFAULT_OPEN_DATA_BASE, fetch_all

    open_data = args.base_url or DEFAULT_OPEN_DATA_BASE
    arcgis = args.arcgis_url or args.base_url or DEFAULT_ARCGIS_BASE
    results = fetch_all(
        Path(args.cache), open_data_base=open_data, arcgis_base=arcgis, timeout=args.timeout
    )
    failed = 0
    for result in results:
        if isinstance(result, DataError):
            failed += 1
            print(error_line(result, args.lang), file=sys.stderr)
        else:
            print(
                f"{result.title}: {result.features} features from {result.source_url} "
                f"({result.retrieved}, sha256 {result.sha256[:12]}…) -> {result.path}"
            )
            print(f"    licence: {result.licence}")
    return 1 if failed else 0
