"""``python -m geo fetch``: download the official layers and the portal sources into the cache."""

from __future__ import annotations

import argparse
import os

from geo.cli._inputs import ROOT, add_lang_argument

HELP = "download the official layers and per-school sources into the local cache"
DESCRIPTION = """\
Without --source: download the comunas, barrios/veredas and school-site layers, reproject them
to EPSG:4326 and record source, date, sha256 and licence beside each. With --source (repeatable)
or --all: also the sources of the registry (saber11: ICFES Saber 11 per sede, global and by
test; matricula: MEN enrolment per sede; men: MEN statistics for Medellín, all from
--socrata-url; poblacion: the DAP's population per comuna and corregimiento 2018-2030 from the
ArcGIS layer at --arcgis-url; eficiencia: dropout, approval and failure per establishment from
MEData at --ckan-url, joined to its principal sede) for --years, aggregated on the portal's
server where it can; years already cached are not asked again. -o FILE writes what the sources
gave as one CSV per sede and year (with FILE.metadata.json), readable by --indicators, and the
population as FILE_poblacion.csv, readable by --population. A failed
download never replaces a good cached copy nor stops the other sources. Exit status 1 if any
failed.
"""

# geo.io.sources.SOURCES (a test keeps them equal)
PORTAL_SOURCES = ("saber11", "matricula", "men", "poblacion", "eficiencia")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url",
        help="base URL of the open-data zips (and, unless "
        "--arcgis-url is given, of the ArcGIS services)",
    )
    parser.add_argument("--arcgis-url", help="base URL of the ArcGIS REST services")
    parser.add_argument(
        "--source",
        action="append",
        choices=PORTAL_SOURCES,
        help="a per-school source to download (repeatable)",
    )
    parser.add_argument(
        "--all", action="store_true", help="the official layers and every per-school source"
    )
    parser.add_argument(
        "--years",
        default="2019-2022",
        help="years of the sources, FIRST-LAST (default %(default)s)",
    )
    parser.add_argument(
        "--socrata-url",
        default=os.environ.get("ATLAS_SOCRATA_URL"),
        help="base URL of the Socrata portal (default: $ATLAS_SOCRATA_URL or datos.gov.co)",
    )
    parser.add_argument(
        "--ckan-url",
        default=os.environ.get("ATLAS_CKAN_URL"),
        help="base URL of MEData's CKAN portal (default: $ATLAS_CKAN_URL or medata.gov.co)",
    )
    parser.add_argument("-o", "--output", help="also write the sources' table here (CSV)")
    parser.add_argument(
        "--cache",
        default=str(ROOT / "cache" / "official"),
        help="cache folder (default: %(default)s)",
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    add_lang_argument(parser, "error messages")


def parse_years(text: str) -> range:
    """``'2019-2022'`` -> range(2019, 2023); ``'2021'`` -> range(2021, 2022)."""
    first, _, last = text.partition("-")
    try:
        years = range(int(first), int(last or first) + 1)
    except ValueError:
        raise ValueError(f"--years expects FIRST-LAST, e.g. 2019-2022; got {text!r}.") from None
    if not years or not 1990 <= years.start <= years.stop - 1 <= 2100:
        raise ValueError(
            f"--years {text!r}: the first year must come first, between 1990 and 2100."
        )
    return years


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from geo.cli._output import error_line

    cache = Path(args.cache)
    keys = list(PORTAL_SOURCES) if args.all else list(dict.fromkeys(args.source or []))
    years = parse_years(args.years)  # refused before any download
    failed = 0
    if args.all or not keys:
        failed += _layers(args, cache)
    if keys:
        from geo.io.portal import fetch_sources, official_tables, sidecar
        from geo.io.sources import DEFAULT_SOCRATA_URL, load_settings

        settings = load_settings(cache)
        base = args.socrata_url or DEFAULT_SOCRATA_URL
        arcgis = args.arcgis_url or args.base_url or os.environ.get("ATLAS_ARCGIS_URL")
        bases = {k: v for k, v in (("arcgis", arcgis), ("ckan", args.ckan_url)) if v}
        results = fetch_sources(keys, years, settings, cache, base, bases=bases)
        for result in results:
            if result.error is not None:
                failed += 1
                print(f"{result.title}: {error_line(result.error, args.lang)}", file=sys.stderr)
                continue
            got = ", ".join(map(str, result.fetched)) or "-"
            had = ", ".join(map(str, result.cached)) or "-"
            print(
                f"{result.title}: {result.rows} rows for {got} (cached before: {had}); "
                f"{result.requests} requests, {result.bytes:,} bytes, {result.seconds:.1f} s"
            )
            print(f"    licence: {result.licence}")
            for note in result.messages:
                print(f"    note: {note.render(args.lang)}")
        tables = official_tables(cache)
        for note in tables.messages:
            print(f"note: {note.render(args.lang)}")
        if args.output:
            out = Path(args.output)
            if tables.indicators is None:
                print(f"{out}: no table per sede in the cache to write.", file=sys.stderr)
                return 1
            out.write_bytes(tables.indicators.read_bytes())
            meta = sidecar(out, results, cache)
            print(f"{out} and {meta.name}")
            if tables.population is not None:  # per territory and year: --population reads it
                people = out.with_name(f"{out.stem}_poblacion.csv")
                people.write_bytes(tables.population.read_bytes())
                print(people)
    return 1 if failed else 0


def _layers(args: argparse.Namespace, cache) -> int:
    import sys

    from geo.cli._output import error_line
    from geo.errors import DataError
    from geo.io.fetch import DEFAULT_ARCGIS_BASE, DEFAULT_OPEN_DATA_BASE, fetch_all

    open_data = args.base_url or DEFAULT_OPEN_DATA_BASE
    arcgis = args.arcgis_url or args.base_url or os.environ.get("ATLAS_ARCGIS_URL")
    results = fetch_all(
        cache,
        open_data_base=open_data,
        arcgis_base=arcgis or DEFAULT_ARCGIS_BASE,
        timeout=args.timeout,
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
    return failed
