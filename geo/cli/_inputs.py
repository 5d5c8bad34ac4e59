"""The input options every data command shares, and the dataset they name.

``add_input_arguments`` adds the options naming the files to read and how; ``inputs`` turns
them into ``geo.io.ingest.Inputs`` (refusing a file that is not there); ``load_dataset`` reads
and joins them. Inputs not given fall back to the demo's.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from geo.errors import DataError
from geo.model.messages import msg
from geo.model.schema import EDUCATION_LEVELS

if TYPE_CHECKING:
    from geo.io.ingest import Inputs
    from geo.io.report import Report
    from geo.model.dataset import Dataset

# The values below are spelled here rather than imported, so that --help stays light; tests
# keep each equal to its origin.
ROOT = Path(__file__).resolve().parents[2]
# geo.io.ingest's DEFAULT_TOLERANCE_M
DEFAULT_TOLERANCE_M = 100.0
# geo.model.dataset's DEMO_DIR
DEMO_DIR = ROOT / "data" / "demo"

EDUCATION_LEVEL_CHOICES = EDUCATION_LEVELS
LANGUAGES = ("es", "en")

_LAYER_ROLES = ("boundaries", "barrios", "schools")
_LAYER_HELP = (
    "layer of a file of several (a GeoPackage): NAME for the boundaries' file, or ROLE=NAME "
    "with ROLE boundaries, barrios or schools (repeatable; default: the polygon layer with "
    "most features for boundaries, the point layer for schools)"
)
_TABLE_ROLES = ("schools", "indicators", "population")


def add_input_arguments(parser: argparse.ArgumentParser, year_option: str = "--data-year") -> None:
    """The options naming the files to read and how (``inputs`` turns them into ``Inputs``).
    ``year_option`` is the flag for the year of tables without a year column (``export``'s
    ``--year`` is the year shown, so there it is ``--data-year``)."""
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
        "--official",
        nargs="?",
        const=str(ROOT / "cache" / "official"),
        metavar="CACHE",
        help="the official data that 'fetch' downloaded (layers and portal tables) instead of "
        "files (default cache: %(const)s)",
    )
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


def add_lang_argument(parser: argparse.ArgumentParser, what: str, default: str | None = "es"):
    """``--lang es|en``: the language of ``what`` (e.g. "labels and messages")."""
    if default is None:
        parser.add_argument("--lang", choices=LANGUAGES, help=f"language of {what}")
    else:
        parser.add_argument(
            "--lang",
            choices=LANGUAGES,
            default=default,
            help=f"language of {what} (default %(default)s)",
        )


def path_or_none(value: str | None) -> Path | None:
    return Path(value) if value else None


def require_files(*paths: Path | None) -> None:
    """Refuse the first of ``paths`` that is given but is not a file."""
    for path in paths:
        if path is not None and not path.is_file():
            raise DataError(msg("path_missing"), str(path), msg("path_missing_fix"))


def inputs(args: argparse.Namespace) -> Inputs:
    """The ``Inputs`` that ``add_input_arguments``'s options name; a missing file is refused."""
    from geo.io.columns import parse_mapping
    from geo.io.ingest import Inputs, official_inputs

    if getattr(args, "official", None):
        return official_inputs(Path(args.official))
    given = Inputs(
        boundaries=path_or_none(args.boundaries),
        barrios=path_or_none(args.barrios),
        schools=path_or_none(args.schools),
        indicators=path_or_none(args.indicators),
        population=path_or_none(args.population),
        benchmark=path_or_none(args.benchmark),
        mapping=parse_mapping(args.map or []),
        year=args.data_year,
        tolerance_m=args.tolerance,
        layers=layers(args.layer or []),
        sheets=sheets(args.sheet or []),
    )
    require_files(
        given.boundaries,
        given.barrios,
        given.schools,
        given.indicators,
        given.population,
        given.benchmark,
    )
    return given


def layers(values: list[str]) -> dict[str, str]:
    """``["comunas", "schools=sedes"]`` -> ``{"boundaries": "comunas", "schools": "sedes"}``."""
    chosen: dict[str, str] = {}
    for value in values:
        role, sep, name = value.partition("=")
        if sep and role.strip() in _LAYER_ROLES:
            chosen[role.strip()] = name.strip()
        else:
            chosen["boundaries"] = value.strip()
    return chosen


def sheets(values: list[str]) -> dict[str, str]:
    """``--sheet NAME`` for every table input, ``--sheet ROLE=NAME`` for one of them."""
    chosen: dict[str, str] = {}
    for value in values:
        role, equals, name = value.partition("=")
        if equals and role in _TABLE_ROLES:
            chosen[role] = name
        else:
            chosen.update(dict.fromkeys(_TABLE_ROLES, value))
    return chosen


def load_joined(given: Inputs) -> tuple[Dataset, Report]:
    """The dataset ``given`` names and its join report."""
    from geo.io.ingest import load

    return load(given)


def load_dataset(args: argparse.Namespace, given: Inputs | None = None) -> Dataset:
    """The dataset the input options name (or ``given``, a command's own ``Inputs``), with the
    dropout-risk index's count derived once (``geo.analysis.risk.with_risk_index``), as the
    app's datasets have it: every command that computes indicators reads its data here, so a
    command and its page compute on the same data."""
    from geo.analysis.risk import with_risk_index

    dataset, _ = load_joined(given if given is not None else inputs(args))
    return with_risk_index(dataset)
