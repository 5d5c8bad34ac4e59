"""The view a command computes: the app's query string (``--view``), overridden by the
command's explicit options and ``--where`` filters, read as the app reads its address."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geo.model.dataset import Dataset
    from geo.model.view import Fallback, View


def add_where_argument(parser: argparse.ArgumentParser, what: str) -> None:
    """``--where FIELD=VALUE``: ``what`` the filter keeps (e.g. "keep rows")."""
    parser.add_argument(
        "--where",
        action="append",
        metavar="FIELD=VALUE",
        help=f"{what} whose FIELD equals VALUE, ignoring case and accents "
        "(repeatable; values of one field are alternatives)",
    )


def view_params(
    view: str | None,
    dataset: Dataset,
    options: Iterable[tuple[str, object]],
    where: Sequence[str] | None,
) -> dict[str, list[str]]:
    """``view`` (a query string or a whole link) as lists of values, each of ``options``
    (``(key, value)``, None when not given) put over it, and ``where`` replacing its filters."""
    from urllib.parse import parse_qs

    from geo.model.view import FILTER_PREFIX, match_filters

    params: dict[str, list[str]] = parse_qs(view.split("?", 1)[-1]) if view else {}
    for key, value in options:
        if value is not None:
            params[key] = [str(value)]
    if where:
        params = {k: v for k, v in params.items() if not k.startswith(FILTER_PREFIX)}
        for column, values in match_filters(where, dataset.filter_values()).items():
            params[FILTER_PREFIX + column] = values
    return params


def single_values(params: dict[str, list[str]]) -> dict[str, str | list[str]]:
    """``{"ind": ["dropout"]}`` -> ``{"ind": "dropout"}``, as ``View.from_query`` takes it."""
    return {k: v if len(v) > 1 else v[0] for k, v in params.items()}


def read_view(
    query: dict[str, str | list[str]],
    dataset: Dataset,
    indicators: Sequence[str],
    education_levels: Callable | None = None,
) -> tuple[View, list[Fallback]]:
    """The view ``query`` names on ``dataset``, and the values that were not valid there."""
    from geo.analysis.zones import dataset_zones
    from geo.model.view import View

    extra = {"education_levels": education_levels} if education_levels is not None else {}
    return View.from_query(
        query,
        dataset.years,
        dataset.levels,
        list(indicators),
        dataset.filter_values(),
        zones=dataset_zones(dataset),
        indicator_years=dataset.indicator_years,
        **extra,
    )


def print_notes(fallbacks: Iterable[Fallback]) -> None:
    """One ``note:`` line on stderr per value of the view that was replaced."""
    for fallback in fallbacks:
        print(
            f"note: {fallback.key}={fallback.given!r} is not valid here; using {fallback.used!r}",
            file=sys.stderr,
        )
