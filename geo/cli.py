"""Command-line interface: ``python -m geo --help``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from geo import __version__, demo
from geo.columns import parse_mapping
from geo.errors import DataError
from geo.ingest import DEFAULT_TOLERANCE_M, Inputs, load
from geo.template import template_csv, template_xlsx


def _cmd_demo(args: argparse.Namespace) -> int:
    paths = demo.write_demo(Path(args.out))
    total = sum(p.stat().st_size for p in paths.values())
    for path in paths.values():
        print(f"{path}  ({path.stat().st_size:,} bytes)")
    print(f"Demo city written: {len(paths)} files, {total:,} bytes (synthetic, seed {demo.SEED}).")
    return 0


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def _cmd_report(args: argparse.Namespace) -> int:
    try:
        inputs = Inputs(
            boundaries=_path(args.boundaries),
            barrios=_path(args.barrios),
            schools=_path(args.schools),
            indicators=_path(args.indicators),
            population=_path(args.population),
            mapping=parse_mapping(args.map or []),
            year=args.year,
            tolerance_m=args.tolerance,
        )
        for path in (
            inputs.boundaries,
            inputs.barrios,
            inputs.schools,
            inputs.indicators,
            inputs.population,
        ):
            if path is not None and not path.is_file():
                raise DataError("does not exist.", str(path), "Check the path.")
        dataset, report = load(inputs)
    except (DataError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.csv:
        Path(args.csv).write_bytes(report.to_csv())
    if args.json:
        print(report.to_json())
    else:
        print(report.to_text())
        located = int(dataset.sites["codigo_territorio"].notna().sum())
        print(
            f"{located} of {len(dataset.sites)} sites located in {len(dataset.territories)} "
            f"territories; years: {', '.join(map(str, dataset.years)) or 'none'}."
        )
    return 0


def _cmd_fetch(args: argparse.Namespace) -> int:
    from geo.fetch import DEFAULT_ARCGIS_BASE, DEFAULT_OPEN_DATA_BASE, fetch_all

    open_data = args.base_url or DEFAULT_OPEN_DATA_BASE
    arcgis = args.arcgis_url or args.base_url or DEFAULT_ARCGIS_BASE
    results = fetch_all(
        Path(args.cache), open_data_base=open_data, arcgis_base=arcgis, timeout=args.timeout
    )
    failed = 0
    for result in results:
        if isinstance(result, DataError):
            failed += 1
            print(f"error: {result}", file=sys.stderr)
        else:
            print(
                f"{result.title}: {result.features} features from {result.source_url} "
                f"({result.retrieved}, sha256 {result.sha256[:12]}…) -> {result.path}"
            )
            print(f"    licence: {result.licence}")
    return 1 if failed else 0


def _cmd_template(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.suffix.lower() == ".xlsx":
        out.write_bytes(template_xlsx())
    elif out.suffix.lower() == ".csv":
        out.write_bytes(template_csv())
    else:
        print("error: the template is written as .csv or .xlsx", file=sys.stderr)
        return 2
    print(f"Template written: {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="Medellín education microplanning atlas: the engine behind the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo_cmd = commands.add_parser(
        "demo",
        help="regenerate the synthetic demo city (deterministic: same bytes every run)",
        description="Write the synthetic demo city: territories, barrios/veredas, school sites, "
        "yearly indicators and population. Two runs give byte-identical files.",
    )
    demo_cmd.add_argument(
        "--out", default=str(demo.DEMO_DIR), help="output folder (default: %(default)s)"
    )
    demo_cmd.set_defaults(run=_cmd_demo)

    report_cmd = commands.add_parser(
        "report",
        help="read and join data files and list every problem (the join report)",
        description="Read boundaries, school sites, indicator and population tables, join them "
        "and print what was read and every problem with its rows. Inputs not given fall back "
        "to the demo's. Exit status 0 when the inputs could be read (problems are listed, not "
        "fatal), 2 with a one-line reason when they could not.",
    )
    report_cmd.add_argument(
        "--boundaries", help="comunas/corregimientos layer (GeoJSON, zip, GPKG)"
    )
    report_cmd.add_argument("--barrios", help="barrios/veredas layer")
    report_cmd.add_argument("--schools", help="school sites (CSV, XLSX, GeoJSON...)")
    report_cmd.add_argument("--indicators", help="yearly counts per site or per territory")
    report_cmd.add_argument("--population", help="population per territory and year")
    report_cmd.add_argument(
        "--map",
        action="append",
        metavar="CANONICAL=THEIRS",
        help="use the file's column THEIRS as CANONICAL (repeatable)",
    )
    report_cmd.add_argument("--year", type=int, help="year of tables that have no year column")
    report_cmd.add_argument(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE_M,
        help="metres within which a site outside every polygon goes to the "
        "nearest one (default %(default)s)",
    )
    report_cmd.add_argument("--json", action="store_true", help="print the report as JSON")
    report_cmd.add_argument("--csv", metavar="OUT", help="also write the problems as CSV")
    report_cmd.set_defaults(run=_cmd_report)

    fetch_cmd = commands.add_parser(
        "fetch",
        help="download the official GeoMedellín layers into the local cache",
        description="Download the comunas, barrios/veredas and school-site layers, reproject "
        "them to EPSG:4326 and record source, date, sha256 and licence beside each. A failed "
        "or partial download never replaces a good cached copy. Exit status 1 if any failed.",
    )
    fetch_cmd.add_argument(
        "--base-url",
        help="base URL of the open-data zips (and, unless "
        "--arcgis-url is given, of the ArcGIS services)",
    )
    fetch_cmd.add_argument("--arcgis-url", help="base URL of the ArcGIS REST services")
    fetch_cmd.add_argument(
        "--cache",
        default=str(Path(__file__).resolve().parents[1] / "cache" / "official"),
        help="cache folder (default: %(default)s)",
    )
    fetch_cmd.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    fetch_cmd.set_defaults(run=_cmd_fetch)

    template_cmd = commands.add_parser(
        "template",
        help="write the school-table template (.csv or .xlsx)",
        description="Write a template documenting the columns a school table can have.",
    )
    template_cmd.add_argument("-o", "--output", required=True, help="plantilla.csv or .xlsx")
    template_cmd.set_defaults(run=_cmd_template)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
