"""Command-line interface: ``python -m geo --help``."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from geo import __version__
from geo.errors import DataError
from geo.model.messages import msg
from geo.model.schema import EDUCATION_LEVELS

if TYPE_CHECKING:
    from geo.io.ingest import Inputs
    from geo.model.dataset import Dataset

# Only the standard library and cheap modules of ours are imported here: each command imports
# what it needs when it runs, so ``--help`` and ``report`` never load the map, export or
# benchmark stacks (tests/test_cli.py checks which modules a command imports). Hence the values
# below are spelled here rather than imported; tests keep each equal to its origin.
ROOT = Path(__file__).resolve().parents[1]
# geo.export's FORMATS
EXPORT_FORMATS = ("geojson", "gpkg", "csv", "csv-excel-es", "xlsx", "html", "png")
# geo.io.ingest's DEFAULT_TOLERANCE_M
DEFAULT_TOLERANCE_M = 100.0
# geo.model.dataset's DEMO_DIR
DEMO_DIR = ROOT / "data" / "demo"
# The benchmark harness, outside the package: loaded by its path when ``bench`` runs.
BENCH_FILE = ROOT / "tests" / "bench.py"
BENCH_SCENARIOS = ("city", "barrio", "nation", "join", "plan", "network")  # network: issue 18
BENCH_DEFAULT_REPEAT = 5


def _cmd_demo(args: argparse.Namespace) -> int:
    from geo.synthetic import demo

    paths = demo.write_demo(Path(args.out))
    total = sum(p.stat().st_size for p in paths.values())
    for path in paths.values():
        print(f"{path}  ({path.stat().st_size:,} bytes)")
    print(f"Demo city written: {len(paths)} files, {total:,} bytes (synthetic, seed {demo.SEED}).")
    return 0


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def _error(exc: ValueError, lang: str) -> str:
    """A refusal for stderr, in ``lang`` when it is one of ours."""
    return f"error: {exc.message(lang) if isinstance(exc, DataError) else exc}"


def _cmd_report(args: argparse.Namespace) -> int:
    from geo.io.ingest import load

    lang = args.lang
    try:
        dataset, report = load(_inputs(args))
    except (DataError, ValueError) as exc:
        print(_error(exc, lang), file=sys.stderr)
        return 2
    if args.csv:
        Path(args.csv).write_bytes(report.to_csv(lang))
    if args.json:
        print(report.to_json(lang))
    else:
        print(report.to_text(lang))
        located = msg(
            "cli_located",
            located=int(dataset.sites["codigo_territorio"].notna().sum()),
            total=len(dataset.sites),
            territories=len(dataset.territories),
            years=", ".join(map(str, dataset.years)) or msg("none"),
        )
        print(located.render(lang))
    return 0


def _add_input_arguments(parser: argparse.ArgumentParser, year_option: str) -> None:
    """The options naming the files to read and how, shared by ``report`` and ``export``
    (``_inputs`` turns them into ``Inputs``). ``year_option`` is the flag for the year of tables
    without a year column (``export``'s ``--year`` is the year shown)."""
    parser.add_argument(
        "--boundaries",
        help="comunas/corregimientos layer (GeoJSON, GeoJSON Lines, zipped shapefile, GPKG, "
        "FlatGeobuf, KML, KMZ, TopoJSON)",
    )
    parser.add_argument("--barrios", help="barrios/veredas layer")
    parser.add_argument("--schools", help="school sites (CSV, XLSX, GeoJSON...)")
    parser.add_argument("--indicators", help="yearly counts per site or per territory")
    parser.add_argument("--population", help="population per territory and year")
    parser.add_argument(
        "--benchmark",
        help="the MEN's statistics by municipality (datos.gov.co nudc-7mev): Medellín's "
        "published rates, a reference line",
    )
    parser.add_argument(
        "--map",
        action="append",
        metavar="CANONICAL=THEIRS",
        help="use the file's column THEIRS as CANONICAL (repeatable)",
    )
    parser.add_argument("--layer", action="append", metavar="[ROLE=]NAME", help=_LAYER_HELP)
    parser.add_argument(
        year_option,
        dest="data_year",
        metavar=year_option.lstrip("-").replace("-", "_").upper(),
        type=int,
        help="year of tables without a year column",
    )
    parser.add_argument(
        "--sheet",
        action="append",
        metavar="NAME",
        help="workbook sheet to read from XLSX tables (default: the first sheet with a table); "
        "ROLE=NAME for one input only, e.g. indicators=Datos (repeatable)",
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE_M,
        help="metres within which a site outside every polygon goes to the "
        "nearest one (default %(default)s)",
    )


def _inputs(args: argparse.Namespace) -> Inputs:
    """The ``Inputs`` that ``_add_input_arguments``'s options name; a missing file is refused."""
    from geo.io.columns import parse_mapping
    from geo.io.ingest import Inputs

    inputs = Inputs(
        boundaries=_path(args.boundaries),
        barrios=_path(args.barrios),
        schools=_path(args.schools),
        indicators=_path(args.indicators),
        population=_path(args.population),
        benchmark=_path(args.benchmark),
        mapping=parse_mapping(args.map or []),
        year=args.data_year,
        tolerance_m=args.tolerance,
        layers=_layers(args.layer or []),
        sheets=_sheets(args.sheet or []),
    )
    for path in (
        inputs.boundaries,
        inputs.barrios,
        inputs.schools,
        inputs.indicators,
        inputs.population,
        inputs.benchmark,
    ):
        if path is not None and not path.is_file():
            raise DataError(msg("path_missing"), str(path), msg("path_missing_fix"))
    return inputs


_LAYER_ROLES = ("boundaries", "barrios", "schools")
_LAYER_HELP = (
    "layer of a file of several (a GeoPackage): NAME for the boundaries' file, or ROLE=NAME "
    "with ROLE boundaries, barrios or schools (repeatable; default: the polygon layer with "
    "most features for boundaries, the point layer for schools)"
)


def _layers(values: list[str]) -> dict[str, str]:
    """``["comunas", "schools=sedes"]`` -> ``{"boundaries": "comunas", "schools": "sedes"}``."""
    layers: dict[str, str] = {}
    for value in values:
        role, sep, name = value.partition("=")
        if sep and role.strip() in _LAYER_ROLES:
            layers[role.strip()] = name.strip()
        else:
            layers["boundaries"] = value.strip()
    return layers


_TABLE_ROLES = ("schools", "indicators", "population")


def _sheets(values: list[str]) -> dict[str, str]:
    """``--sheet NAME`` for every table input, ``--sheet ROLE=NAME`` for one of them."""
    sheets: dict[str, str] = {}
    for value in values:
        role, equals, name = value.partition("=")
        if equals and role in _TABLE_ROLES:
            sheets[role] = name
        else:
            sheets.update(dict.fromkeys(_TABLE_ROLES, value))
    return sheets


EDUCATION_LEVEL_CHOICES = EDUCATION_LEVELS  # issue 16; helpers' commands use them too


def _cmd_export(args: argparse.Namespace) -> int:
    from urllib.parse import parse_qs

    from geo.analysis.choropleth import compute
    from geo.analysis.priority import priority_choropleth, weights_from_query
    from geo.analysis.zones import dataset_zones
    from geo.export import FORMAT_SUFFIXES, SUFFIX_FORMATS, export, metadata, sidecar
    from geo.model.view import FILTER_PREFIX, View, match_filters

    out = Path(args.output)
    fmt = args.format or SUFFIX_FORMATS.get(out.suffix.lower())
    if fmt is None:
        print(
            f"error: {out.name}: the extension picks the format; use one of "
            f"{', '.join(SUFFIX_FORMATS)}, or name it with --format.",
            file=sys.stderr,
        )
        return 2
    if out.suffix.lower() != FORMAT_SUFFIXES[fmt]:
        print(
            f"error: {out.name}: --format {fmt} writes {FORMAT_SUFFIXES[fmt]} files.",
            file=sys.stderr,
        )
        return 2
    try:
        dataset = _dataset(args)  # with the risk index's count (issue 16)
        params: dict[str, list[str]] = parse_qs(args.view.lstrip("?")) if args.view else {}
        for key, value in (
            ("ind", args.indicator),
            ("year", args.year),
            ("level", args.level),
            ("scheme", args.scheme),
            ("k", args.k),
            ("lang", args.lang),
            ("nivel", args.education_level),  # issue 16
        ):
            if value is not None:
                params[key] = [str(value)]
        if args.where:
            params = {k: v for k, v in params.items() if not k.startswith(FILTER_PREFIX)}
            for column, values in match_filters(args.where, dataset.filter_values()).items():
                params[FILTER_PREFIX + column] = values
        priority = params.get("ind") == ["priority"]
        indicators = list(dataset.available_indicators()) + (["priority"] if priority else [])
        query = {k: v if len(v) > 1 else v[0] for k, v in params.items()}
        view, fallbacks = View.from_query(
            query,
            dataset.years,
            dataset.levels,
            [i for i in indicators if i != "priority"] or indicators,
            dataset.filter_values(),
            zones=dataset_zones(dataset),  # issue 15: --view "zone=comunas"
            education_levels=dataset.education_levels,  # issue 16
        )
        if args.education_level and view.education_level != args.education_level:
            have = ", ".join(dataset.education_levels(view.indicator)) or "-"
            print(
                f"error: {view.indicator} has no figures for education level "
                f"{args.education_level!r} in this data; levels with data: {have}.",
                file=sys.stderr,
            )
            return 2
        for fallback in fallbacks:
            if not (priority and fallback.key == "ind"):
                print(
                    f"note: {fallback.key}={fallback.given!r} is not valid here; "
                    f"using {fallback.used!r}",
                    file=sys.stderr,
                )
        if priority:
            method = (params.get("norm") or ["minmax"])[-1]
            choropleth = priority_choropleth(
                dataset, view, weights_from_query(params, view.level, dataset), method
            )
        else:
            choropleth = compute(dataset, view)
        width, _, height = (args.size or "1600x1200").partition("x")
        data = export(
            choropleth,
            dataset,
            fmt,
            view.lang,
            png_size=(int(width), int(height)),
            sites=args.sites,
        )
    except (DataError, ValueError) as exc:
        print(_error(exc, args.lang or "es"), file=sys.stderr)
        return 2
    out.write_bytes(data)
    meta_path = out.with_name(out.stem + ".metadata.json")
    meta_path.write_bytes(sidecar(metadata(choropleth, dataset, view.lang)))
    print(
        f"{out} ({len(data):,} bytes) and {meta_path.name}: "
        f"{choropleth.indicator.label(view.lang)}, {view.level}, {view.year}"
        + (" — datos de demostración" if dataset.is_demo else "")
    )
    return 0


def _cmd_site(args: argparse.Namespace) -> int:
    import pandas as pd

    from geo.analysis.search import DEFAULT_LIMIT, search_sites
    from geo.analysis.site import site_year_values
    from geo.model import schema as s
    from geo.model.formatting import format_base, format_value
    from geo.model.i18n import t

    lang = args.lang
    try:
        dataset = _dataset(args)  # with the risk index's count (issue 16)
    except (DataError, ValueError) as exc:
        print(_error(exc, lang), file=sys.stderr)
        return 2
    year = args.year if args.year is not None else max(dataset.years)
    if year not in dataset.years:
        years = ", ".join(map(str, dataset.years))
        print(f"error: --year {year}: no data for that year; years: {years}.", file=sys.stderr)
        return 2
    found = search_sites(dataset, args.query, limit=DEFAULT_LIMIT)
    if found.empty:
        print(t("site_search_none", lang).format(query=args.query.strip()), file=sys.stderr)
        return 1
    territories = dict(zip(dataset.territories[s.CODE], dataset.territories[s.NAME], strict=False))
    barrios = (
        dict(zip(dataset.barrios[s.CODE], dataset.barrios[s.NAME], strict=False))
        if dataset.barrios is not None
        else {}
    )

    def named(code: object, names: dict) -> str:
        if code is None or pd.isna(code) or str(code) == "":
            return "—"
        return f"{names[code]} ({code})" if code in names else str(code)

    for number, row in enumerate(found.to_dict("records"), start=1):
        print(f"{number}. {row[s.SITE_CODE]}  {row[s.SITE_NAME]}")
        details = [
            (t("territory", lang), named(row[s.TERRITORY], territories)),
            (t("site_barrio", lang), named(row[s.BARRIO], barrios)),
            (t("site_nucleo", lang), named(row[s.NUCLEO], {})),
            (t("sector", lang), named(row[s.SECTOR], {})),
        ]
        print("   " + " · ".join(f"{label}: {value}" for label, value in details))
        for indicator, value, numerator, denominator in site_year_values(
            dataset, row[s.SITE_CODE], year
        ):
            n = (
                f" ({format_base(numerator, denominator, indicator, lang)})"
                if indicator.denominator is not None and denominator == denominator
                else ""
            )
            shown = format_value(value, indicator, lang)
            print(f"   {year} · {indicator.label(lang)}: {shown}{n}")
    return 0


# --- Riesgo de deserción (issue 16) ---------------------------------------------------------


def _dataset(args: argparse.Namespace) -> Dataset:
    """The dataset the input options name, with the dropout-risk index's count derived once
    (``geo.analysis.risk.with_risk_index``), as the app's datasets have it: every command that
    computes indicators reads its data here."""
    from geo.analysis.risk import with_risk_index
    from geo.io.ingest import load

    dataset, _ = load(_inputs(args))
    return with_risk_index(dataset)


def _cmd_risk(args: argparse.Namespace) -> int:
    from geo.analysis.zones import dataset_zones
    from geo.export.risk import RISK_FORMATS, export_risk
    from geo.export.tables import sidecar
    from geo.model.i18n import t
    from geo.model.view import match_filters

    lang = args.lang
    out = Path(args.output)
    suffixes = {".geojson": "geojson", ".gpkg": "gpkg", ".csv": "csv", ".xlsx": "xlsx"}
    fmt = args.format or suffixes.get(out.suffix.lower())
    if fmt not in RISK_FORMATS:
        print(
            f"error: {out.name}: the sites' list is written as {', '.join(suffixes)}; "
            "name another format with --format.",
            file=sys.stderr,
        )
        return 2
    try:
        dataset = _dataset(args)
        year = args.year if args.year is not None else max(dataset.years)
        filters = match_filters(args.where or [], dataset.filter_values())
        if args.zone and args.zone not in dataset_zones(dataset):
            raise ValueError(f"--zone {args.zone}: these boundaries have no such zone.")
        data, meta = export_risk(dataset, year, fmt, lang, filters, args.zone or "")
    except (DataError, ValueError) as exc:
        print(_error(exc, lang), file=sys.stderr)
        return 2
    out.write_bytes(data)
    meta_path = out.with_name(out.stem + ".metadata.json")
    meta_path.write_bytes(sidecar(meta))
    used = ", ".join(c["id"] for c in meta["components"] if c["used"]) or "—"
    print(
        f"{out} ({len(data):,} bytes) and {meta_path.name}: {t('risk_title', lang)}, {year}, "
        f"{meta['sites']} {t('sites', lang).lower()}, {meta['band_counts']['alto']} alto "
        f"({used})" + (f" — {t('demo_badge', lang)}" if dataset.is_demo else "")
    )
    return 0


def _add_risk_command(commands: argparse._SubParsersAction) -> None:
    risk_cmd = commands.add_parser(
        "risk",
        help="the dropout-risk index by school site: the ranked sites with their components",
        description="Rank the school sites of a year by the dropout-risk index (dropout in the "
        "last up-to-3 years, failure, over-age, no internet and no computer at home; each a "
        "percentile among the year's sites, weighted) and write them, highest risk first, with "
        "every component, as points (.geojson .gpkg) or a table (.csv .xlsx, or --format "
        "csv-excel-es), plus OUT.metadata.json (components, weights, normalisation, the "
        "validation against the next year's dropout, sources). It ranks schools, not "
        "students. The territories' share of enrolment in high-risk sites is the indicator "
        "dropout_risk of 'export'. Inputs not given fall back to the demo's.",
    )
    _add_input_arguments(risk_cmd, "--data-year")
    risk_cmd.add_argument("--year", type=int, help="year ranked (default: the latest)")
    risk_cmd.add_argument(
        "--where",
        action="append",
        metavar="FIELD=VALUE",
        help="list only the sites whose FIELD equals VALUE, ignoring case and accents "
        "(repeatable); ranks stay the city's",
    )
    risk_cmd.add_argument(
        "--zone",
        choices=("comunas", "corregimientos"),
        help="list only the sites of the comunas (urban) or the corregimientos (rural)",
    )
    risk_cmd.add_argument(
        "--format",
        choices=("geojson", "gpkg", "csv", "csv-excel-es", "xlsx"),
        help="default: the one OUT's extension names",
    )
    risk_cmd.add_argument(
        "--lang",
        choices=("es", "en"),
        default="es",
        help="language of names and messages (default %(default)s)",
    )
    risk_cmd.add_argument("-o", "--output", required=True, help="sedes_riesgo.csv, .xlsx...")
    risk_cmd.set_defaults(run=_cmd_risk)


def _cmd_fetch(args: argparse.Namespace) -> int:
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
            print(_error(result, args.lang), file=sys.stderr)
        else:
            print(
                f"{result.title}: {result.features} features from {result.source_url} "
                f"({result.retrieved}, sha256 {result.sha256[:12]}…) -> {result.path}"
            )
            print(f"    licence: {result.licence}")
    return 1 if failed else 0


def _cmd_template(args: argparse.Namespace) -> int:
    from geo.io.template import template_csv, template_xlsx

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


# Focalizar (issue 17): ``python -m geo plan``, the Focalizar page's plan and its files.
PLAN_FORMATS = ("csv", "csv-excel-es", "xlsx", "geojson")  # geo.export.plan's PLAN_FORMATS
PLAN_SUFFIXES = {".csv": "csv", ".xlsx": "xlsx", ".geojson": "geojson"}


def _cmd_plan(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from geo.analysis.plan import PLAN_KEYS, inputs_from_query, make_plan
    from geo.analysis.zones import dataset_zones
    from geo.export.plan import PLAN_SUFFIXES as FORMAT_SUFFIXES
    from geo.export.plan import export_plan, plan_metadata
    from geo.export.tables import sidecar
    from geo.io.ingest import load
    from geo.model.view import FILTER_PREFIX, View, match_filters, query_params

    out = Path(args.output)
    fmt = args.format or PLAN_SUFFIXES.get(out.suffix.lower())
    if fmt is None or out.suffix.lower() != FORMAT_SUFFIXES[fmt]:
        print(
            f"error: {out.name}: write the plan as .csv, .xlsx or .geojson (--format "
            f"{' / '.join(PLAN_FORMATS)} with its extension).",
            file=sys.stderr,
        )
        return 2
    lang = args.lang or "es"
    try:
        dataset, _ = load(_inputs(args))
        params = query_params(args.view.split("?", 1)[-1]) if args.view else {}
        params = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
        for key, value in (("year", args.year), ("lang", args.lang)):
            if value is not None:
                params[key] = [str(value)]
        if args.where:
            params = {k: v for k, v in params.items() if not k.startswith(FILTER_PREFIX)}
            for column, values in match_filters(args.where, dataset.filter_values()).items():
                params[FILTER_PREFIX + column] = values
        given = {
            "intervention": args.intervention,
            "amount": args.units,
            "budget": args.budget,
            "unit_cost": args.unit_cost,
            "rule": args.rule,
            "cap": args.cap,
            "norm": args.norm,
        }
        for name, value in given.items():
            if value is not None:
                params[PLAN_KEYS[name]] = [str(value)]
        if args.units is not None:
            params.pop(PLAN_KEYS["budget"], None)
        if args.territory:
            params[PLAN_KEYS["territories"]] = list(args.territory)
        query = {k: v if len(v) > 1 else v[0] for k, v in params.items()}
        view, fallbacks = View.from_query(
            query,
            dataset.years,
            dataset.levels,
            list(dataset.available_indicators()),
            dataset.filter_values(),
            zones=dataset_zones(dataset),
        )
        codes = tuple(dataset.territories["codigo"].astype(str))
        inputs, plan_fallbacks = inputs_from_query(query, codes)
        explicit = {PLAN_KEYS[name] for name, value in given.items() if value is not None}
        explicit |= {PLAN_KEYS["territories"]} if args.territory else set()
        for fallback in plan_fallbacks:
            if fallback.key in explicit:  # an option given by hand is refused, not replaced
                raise ValueError(f"{fallback.key}={fallback.given!r} is not valid here.")
        for fallback in [*fallbacks, *plan_fallbacks]:
            print(
                f"note: {fallback.key}={fallback.given!r} is not valid here; "
                f"using {fallback.used!r}",
                file=sys.stderr,
            )
        plan = make_plan(dataset, replace(view, level="territorio"), inputs)
        data = export_plan(plan, dataset, fmt, view.lang)
        meta = plan_metadata(plan, dataset, view.lang)
    except (DataError, ValueError) as exc:
        print(_error(exc, lang), file=sys.stderr)
        return 2
    out.write_bytes(data)
    meta_path = out.with_name(out.stem + ".metadata.json")
    meta_path.write_bytes(sidecar(meta))
    totals = plan.totals
    print(
        f"{out} ({len(data):,} bytes) and {meta_path.name}: {plan.intervention.id}, "
        f"rule {inputs.rule}, {totals['units_used']:,} of {totals['amount']:,} units to "
        f"{totals['sites_reached']:,} sites, {totals['students_reached']:,} students reached "
        f"— {meta['simulation']}" + (" — datos de demostración" if dataset.is_demo else "")
    )
    return 0


def _add_plan_parser(commands) -> None:
    plan_cmd = commands.add_parser(
        "plan",
        help="plan an intervention: who gets what first, and what changes (a simulation)",
        description="Place an amount of units (computers, connections, school computers, "
        "broadband, dropout-prevention support) on the eligible school sites by a rule, and "
        "write the allocation (.csv .xlsx .geojson, or --format csv-excel-es) plus "
        "OUT.metadata.json with the inputs, the totals and each territory before and after. "
        "The Focalizar page's download gives the same bytes. --view takes the page's query "
        "string; explicit options override it. A simulation, not an official allocation.",
    )
    _add_input_arguments(plan_cmd, "--data-year")
    plan_cmd.add_argument(
        "--intervention",
        help="computers, connectivity, school_computers, broadband, dropout_students or "
        "dropout_sites (default computers)",
    )
    plan_cmd.add_argument("--units", type=int, help="units available (default: the catalogue's)")
    plan_cmd.add_argument("--budget", type=float, help="a budget in pesos instead of --units")
    plan_cmd.add_argument(
        "--unit-cost", type=float, help="pesos per unit (default: the catalogue's illustrative)"
    )
    plan_cmd.add_argument(
        "--rule", help="need, rate, priority or equity (default need); ties by DANE code"
    )
    plan_cmd.add_argument("--cap", type=int, help="most units per site (default: no cap)")
    plan_cmd.add_argument(
        "--norm", type=int, help="students per computer for school_computers (default 5)"
    )
    plan_cmd.add_argument(
        "--territory",
        action="append",
        metavar="CODE",
        help="only sites of this territory are eligible (repeatable)",
    )
    plan_cmd.add_argument("--year", type=int, help="year of the diagnosis (default: the latest)")
    plan_cmd.add_argument(
        "--where",
        action="append",
        metavar="FIELD=VALUE",
        help="eligible sites: keep rows whose FIELD equals VALUE, ignoring case and accents "
        "(repeatable; values of one field are alternatives)",
    )
    plan_cmd.add_argument("--view", help="the Focalizar page's query string (or its link)")
    plan_cmd.add_argument("--lang", choices=("es", "en"), help="language of labels")
    plan_cmd.add_argument("--format", choices=PLAN_FORMATS, help="default: OUT's extension")
    plan_cmd.add_argument("-o", "--output", required=True, help="output file")
    plan_cmd.set_defaults(run=_cmd_plan)


def load_bench(path: Path = BENCH_FILE) -> ModuleType | None:
    """The benchmark harness (``tests/bench.py``), loaded by its path; None if it is absent."""
    if not path.is_file():
        return None
    name = "atlas_bench"  # registered before it runs: its dataclasses look their module up
    if name in sys.modules and getattr(sys.modules[name], "__file__", None) == str(path):
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _cmd_bench(args: argparse.Namespace) -> int:
    bench = load_bench(BENCH_FILE)
    if bench is None:
        print(
            f"error: {BENCH_FILE}: the benchmark harness is not in this copy of the project; "
            "bench runs from a checkout of the repository, which has tests/bench.py.",
            file=sys.stderr,
        )
        return 2
    return int(bench.main_bench(args))


def _add_bench_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenario",
        choices=(*BENCH_SCENARIOS, "all"),
        default="city",
        help="what to measure (default: city; 'all' runs every scenario)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=BENCH_DEFAULT_REPEAT,
        help="timed runs per measurement; medians are shown (default: %(default)s)",
    )
    parser.add_argument(
        "--boundaries", help="a boundaries file to use instead of the generated geometry"
    )
    parser.add_argument("--json", action="store_true", help="print every figure as JSON")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke run")


# --- Red escolar (issue 18): demand, seats and gap to a horizon; distance to a school --------

NETWORK_FORMATS = ("geojson", "gpkg", "csv", "csv-excel-es", "xlsx")  # geo.export.network's
NETWORK_SUFFIXES = {".geojson": "geojson", ".gpkg": "gpkg", ".csv": "csv", ".xlsx": "xlsx"}


def _network_setup(args: argparse.Namespace) -> tuple:
    """The dataset (with the barrio population and travel times given) and the format."""
    from dataclasses import replace

    from geo.io.ingest import load

    out = Path(args.output)
    fmt = args.format or NETWORK_SUFFIXES.get(out.suffix.lower())
    if fmt is None:
        raise ValueError(
            f"{out.name}: the extension picks the format; use one of "
            f"{', '.join(NETWORK_SUFFIXES)}, or name it with --format."
        )
    inputs = replace(
        _inputs(args),
        barrio_population=_path(args.barrio_population),
        travel_times=_path(args.travel_times),
    )
    for path in (inputs.barrio_population, inputs.travel_times):
        if path is not None and not path.is_file():
            raise DataError(msg("path_missing"), str(path), msg("path_missing_fix"))
    dataset, _ = load(inputs)
    return dataset, fmt, out


def _network_write(out: Path, data: bytes, meta: dict, summary: str, demo: bool) -> None:
    from geo.export import sidecar

    out.write_bytes(data)
    meta_path = out.with_name(out.stem + ".metadata.json")
    meta_path.write_bytes(sidecar(meta))
    note = " — datos de demostración" if demo else ""
    print(f"{out} ({len(data):,} bytes) and {meta_path.name}: {summary}{note}")


def _cmd_network(args: argparse.Namespace) -> int:
    from geo.analysis.levels import shapes
    from geo.analysis.projection import DEFICIT_YEAR, GAP, project
    from geo.export import network as export

    lang = args.lang
    try:
        dataset, fmt, out = _network_setup(args)
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
        meta = export.projection_metadata(result, dataset, lang, query)
        data = export.write(table, meta, fmt)
    except (DataError, ValueError) as exc:
        print(_error(exc, lang), file=sys.stderr)
        return 2
    short = result.areas[result.areas[GAP] > 0]
    first = short[DEFICIT_YEAR].min() if len(short) else None
    summary = (
        f"{args.education_level} to {args.horizon}, target {100 * result.target:.1f} %: "
        f"{len(short)} of {len(result.areas)} areas short of seats"
        + (f" (first in {first})" if first is not None else "")
    )
    _network_write(out, data, meta, summary, dataset.is_demo)
    return 0


def _cmd_access(args: argparse.Namespace) -> int:
    from geo.analysis.access import access
    from geo.export import network as export

    lang = args.lang
    try:
        dataset, fmt, out = _network_setup(args)
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
        meta = export.access_metadata(result, dataset, lang, query)
        data = export.write(table, meta, fmt)
    except (DataError, ValueError) as exc:
        print(_error(exc, lang), file=sys.stderr)
        return 2
    share = "-" if result.city_share != result.city_share else f"{100 * result.city_share:.1f} %"
    summary = (
        f"{args.education_level}, {len(result.barrios)} barrios/veredas, "
        f"{len(result.sites)} sites; beyond the threshold: {share}"
        + (" of the children" if result.weighted else " of the barrios")
    )
    _network_write(out, data, meta, summary, dataset.is_demo)
    return 0


def _add_network_arguments(parser: argparse.ArgumentParser) -> None:
    """Options ``network`` and ``access`` share: inputs, the education level, sites, output."""
    _add_input_arguments(parser, "--data-year")
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


def _add_network_commands(commands) -> None:
    network_cmd = commands.add_parser(
        "network",
        help="demand, seats and the seat gap per area to a horizon year (Red escolar)",
        description="Project the school-age population of an education level per area to the "
        "horizon year, the seats needed at a target net coverage, the seats the sites offer "
        "(declared capacity, else current enrolment) and the gap (needed - offered: positive "
        "is a deficit), with the year the deficit appears. Writes OUT and OUT.metadata.json.",
    )
    _add_network_arguments(network_cmd)
    network_cmd.add_argument(
        "--level",
        choices=("territorio", "barrio"),
        default="territorio",
        help="geographic level of the areas (default %(default)s)",
    )
    network_cmd.add_argument(
        "--horizon", type=int, default=2030, help="horizon year (default %(default)s)"
    )
    network_cmd.add_argument(
        "--coverage-target",
        type=float,
        help="target net coverage as a fraction, e.g. 1.0 (default: the current one)",
    )
    network_cmd.set_defaults(run=_cmd_network)

    access_cmd = commands.add_parser(
        "access",
        help="straight-line distance from each barrio/vereda to the nearest school with a level",
        description="For each barrio/vereda, the straight-line distance in metres (EPSG:9377) "
        "from a point inside it to the nearest site offering the education level (or the "
        "shortest time of --travel-times), whether it is beyond its zone's threshold, and "
        "per territory the share of the level's population beyond it. Writes OUT and "
        "OUT.metadata.json.",
    )
    _add_network_arguments(access_cmd)
    access_cmd.add_argument(
        "--threshold-m",
        type=float,
        default=1000.0,
        help="urban threshold in metres (comunas; default %(default)s)",
    )
    access_cmd.add_argument(
        "--rural-threshold-m",
        type=float,
        default=3000.0,
        help="rural threshold in metres (corregimientos; default %(default)s)",
    )
    access_cmd.add_argument(
        "--threshold-min", type=float, default=20.0, help="urban threshold in minutes"
    )
    access_cmd.add_argument(
        "--rural-threshold-min", type=float, default=45.0, help="rural threshold in minutes"
    )
    access_cmd.set_defaults(run=_cmd_access)


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
        "--out", default=str(DEMO_DIR), help="output folder (default: %(default)s)"
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
    _add_input_arguments(report_cmd, "--year")
    report_cmd.add_argument("--json", action="store_true", help="print the report as JSON")
    report_cmd.add_argument("--csv", metavar="OUT", help="also write the problems as CSV")
    report_cmd.add_argument(
        "--lang",
        choices=("es", "en"),
        default="es",
        help="language of the report and of error messages (default %(default)s)",
    )
    report_cmd.set_defaults(run=_cmd_report)

    export_cmd = commands.add_parser(
        "export",
        help="export a view (GeoJSON, GeoPackage, CSV, XLSX, HTML map, PNG map)",
        description="Compute a view and write it in the format OUT's extension picks "
        "(.geojson .gpkg .csv .xlsx .html .png) or --format names, plus OUT.metadata.json. "
        "A .csv is the standard CSV (',' and '.'); --format csv-excel-es writes the one for "
        "Excel in Spanish (';' and decimal comma). Inputs not given fall "
        "back to the demo's. --view takes the app's query string, so a shared link is "
        "reproduced exactly; explicit options override it.",
    )
    _add_input_arguments(export_cmd, "--data-year")
    export_cmd.add_argument("--level", help="territorio, barrio or nucleo")
    export_cmd.add_argument(
        "--indicator",
        help="indicator id (see the Metodología page), or 'priority' for the priority index",
    )
    export_cmd.add_argument("--year", type=int, help="year shown (default: the latest)")
    export_cmd.add_argument(
        "--education-level",
        choices=EDUCATION_LEVEL_CHOICES,
        help="the indicator for one education level (default: all levels); --level is the "
        "geographic level",
    )
    export_cmd.add_argument("--scheme", help="classification scheme")
    export_cmd.add_argument("-k", type=int, help="number of classes")
    export_cmd.add_argument("--lang", choices=("es", "en"), help="language of labels")
    export_cmd.add_argument(
        "--where",
        action="append",
        metavar="FIELD=VALUE",
        help="keep rows whose FIELD equals VALUE, ignoring case and accents "
        "(repeatable; values of one field are alternatives)",
    )
    export_cmd.add_argument("--view", help="the app's query string, e.g. 'ind=dropout&year=2021'")
    export_cmd.add_argument("--size", help="PNG size in pixels, WIDTHxHEIGHT (default 1600x1200)")
    export_cmd.add_argument(
        "--sites", action="store_true", help="export the filtered view's school sites as points"
    )
    export_cmd.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        help="csv: RFC 4180 (',' separator, '.' decimals, machine column names); "
        "csv-excel-es: for Excel in Spanish (';' separator, decimal comma, Spanish headers, "
        "BOM); default: the one OUT's extension names",
    )
    export_cmd.add_argument("-o", "--output", required=True, help="output file")
    export_cmd.set_defaults(run=_cmd_export)

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
        default=str(ROOT / "cache" / "official"),
        help="cache folder (default: %(default)s)",
    )
    fetch_cmd.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    fetch_cmd.add_argument(
        "--lang",
        choices=("es", "en"),
        default="es",
        help="language of error messages (default %(default)s)",
    )
    fetch_cmd.set_defaults(run=_cmd_fetch)

    bench_cmd = commands.add_parser(
        "bench",
        help="measure speed, payload and memory against the usual approach (not a test)",
        description="Benchmark scenarios (city, barrio, nation, join) and print medians, "
        "payload bytes, memory and the ratios against GeoDataFrame.explore() run in the same "
        "process. Figures are measured, never asserted.",
    )
    _add_bench_arguments(bench_cmd)
    bench_cmd.set_defaults(run=_cmd_bench)

    template_cmd = commands.add_parser(
        "template",
        help="write the school-table template (.csv or .xlsx)",
        description="Write a template documenting the columns a school table can have.",
    )
    template_cmd.add_argument("-o", "--output", required=True, help="plantilla.csv or .xlsx")
    template_cmd.set_defaults(run=_cmd_template)

    site_cmd = commands.add_parser(
        "site",
        help="find a school site by name or DANE code and print its values",
        description="Find school sites by part of their name (accents, case and word order do "
        "not matter) or by their DANE code (12 digits, or at least the first 6) and print the "
        "best matches (up to 10): code, name, territory, barrio, núcleo, sector and each "
        "indicator's value for the year. Inputs not given fall back to the demo's. Exit "
        "status 1 when nothing matches.",
    )
    site_cmd.add_argument("query", metavar="QUERY", help="part of the name, or the DANE code")
    _add_input_arguments(site_cmd, "--data-year")
    site_cmd.add_argument("--year", type=int, help="year of the values (default: the latest)")
    site_cmd.add_argument(
        "--lang",
        choices=("es", "en"),
        default="es",
        help="language of labels and messages (default %(default)s)",
    )
    site_cmd.set_defaults(run=_cmd_site)
    _add_risk_command(commands)  # issue 16
    _add_plan_parser(commands)  # Focalizar (issue 17)
    _add_network_commands(commands)  # Red escolar (issue 18)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
