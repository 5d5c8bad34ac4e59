"""The priority index: where to act first, from indicators and weights the planner picks.

Each component indicator is normalised over the areas (min-max to 0..1, or z-score), turned so
that higher always means worse, multiplied by its weight (weights are rescaled to sum to 1) and
summed. Only areas classified in every component get an index; small samples and areas without
data in any component are left out and say so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.choropleth import Choropleth, Status, compute
from geo.analysis.classify import classify
from geo.model import schema as s
from geo.model.catalogue import INDICATORS, Indicator, get_indicator
from geo.model.dataset import Dataset
from geo.model.view import View

METHODS: Final = {
    "minmax": {"es": "Mín-máx (0 a 1)", "en": "Min-max (0 to 1)"},
    "zscore": {
        "es": "Puntaje z (desviaciones de la media)",
        "en": "z-score (deviations from the mean)",
    },
}
DEFAULT_WEIGHTS: Final = {
    "dropout": 0.4,
    "no_internet": 0.2,
    "no_computer": 0.2,
    "coverage_gross": 0.2,
}

PRIORITY: Final = Indicator(
    id="priority",
    name={"es": "Índice de prioridad", "en": "Priority index"},
    short={"es": "Prioridad", "en": "Priority"},
    definition={
        "es": "Suma ponderada de indicadores normalizados, orientados para que más alto sea peor.",
        "en": "Weighted sum of normalised indicators, oriented so that higher is worse.",
    },
    numerator="",
    denominator=None,
    unit="index",
    direction="higher_worse",
    palette="YlOrRd",
    source={"es": "Calculado por el atlas.", "en": "Computed by the atlas."},
)


def eligible(dataset: Dataset, level: str) -> list[str]:
    """Indicators that can enter the index: with data, a direction, and computed at ``level``."""
    return [
        i
        for i in dataset.available_indicators()
        if get_indicator(i).direction != "neutral" and level in get_indicator(i).levels
    ]


@dataclass(frozen=True)
class Priority:
    areas: gpd.GeoDataFrame  # codigo, nombre, geometry, score_*, part_*, value, n_sites, status
    weights: dict[str, float]  # rescaled to sum to 1
    method: str


def priority(dataset: Dataset, view: View, weights: dict[str, float], method: str) -> Priority:
    """The index per area of the view's level and year, under the view's filters."""
    if method not in METHODS:
        raise ValueError(f"Unknown normalisation {method!r}; valid: {', '.join(METHODS)}.")
    chosen = {i: float(w) for i, w in weights.items() if w > 0}
    if not chosen:
        raise ValueError("Give at least one indicator a weight above zero.")
    total = sum(chosen.values())
    rescaled = {i: w / total for i, w in chosen.items()}
    base = None
    for indicator_id, weight in rescaled.items():
        choropleth = compute(dataset, replace(view.with_indicator(indicator_id), fixed=False))
        areas = choropleth.areas
        if base is None:
            base = areas[[s.CODE, s.NAME, "geometry", "n_sites"]].copy()
            base["value"] = 0.0
            outside = (areas["status"] == Status.OUTSIDE).to_numpy()  # the view's zone (#15)
        raw = areas["value"].where(areas["status"] == Status.OK).to_numpy(dtype=float)
        score = _normalise(raw, method)
        if choropleth.indicator.direction == "lower_worse":
            score = (1 - score) if method == "minmax" else -score
        base[f"score_{indicator_id}"] = score
        base[f"part_{indicator_id}"] = weight * score
        base["value"] = base["value"] + weight * score
    base["status"] = np.where(base["value"].isna(), Status.NO_DATA, Status.OK)
    base["status"] = np.where(outside, Status.OUTSIDE, base["status"])
    base["numerator"] = np.nan
    base["denominator"] = np.nan
    return Priority(base, rescaled, method)


def _normalise(values: np.ndarray, method: str) -> np.ndarray:
    present = values[~np.isnan(values)]
    if present.size == 0:
        return values
    if method == "minmax":
        spread = present.max() - present.min()
        return (
            (values - present.min()) / spread
            if spread > 0
            else np.where(np.isnan(values), np.nan, 0.5)
        )
    spread = present.std()
    return (
        (values - present.mean()) / spread
        if spread > 0
        else np.where(np.isnan(values), np.nan, 0.0)
    )


def priority_choropleth(
    dataset: Dataset, view: View, weights: dict[str, float], method: str
) -> Choropleth:
    """The index as a choropleth (classified with the view's scheme), for maps and exports."""
    result = priority(dataset, view, weights, method)
    values = result.areas["value"].where(result.areas["status"] == Status.OK).to_numpy()
    scheme = view.scheme if view.scheme != "user_defined" else "quantiles"
    classification = classify(values, scheme, view.k)
    city = pd.Series({"numerator": np.nan, "denominator": np.nan, "value": np.nan, "n_sites": 0})
    notes = {"weights": result.weights, "normalisation": method}
    estimated = dataset.population_estimated(view.year) and any(
        INDICATORS[i].denominator_source == "population" for i, w in result.weights.items() if w
    )
    return Choropleth(
        replace(view, indicator="priority"),
        PRIORITY,
        result.areas,
        classification,
        city,
        notes,
        estimated,
    )


# Weights in a link: ``?w.dropout=40&w.no_internet=20``, in percent.
WEIGHT_PREFIX: Final = "w."
# The one rule for a weight in a link, the Prioridad page's and the command line's: a whole
# number from 0 to MAX_WEIGHT, in percent, as the page's sliders set it. Anything else (text, a
# fraction, a negative number, more than MAX_WEIGHT) is not used, and the indicator keeps its
# default weight. The cap is 100 because the app never writes more, and weights are rescaled to
# sum to 1 anyway: a larger number can only say what a ratio within 0 to 100 says already.
MAX_WEIGHT: Final = 100


def weight_key(indicator_id: str) -> str:
    """The query-string key of an indicator's weight (``w.dropout``)."""
    return WEIGHT_PREFIX + indicator_id


def default_percent(indicator_id: str) -> int:
    """An indicator's default weight in percent (0 for those not in the default index)."""
    return round(100 * DEFAULT_WEIGHTS.get(indicator_id, 0.0))


def link_weight(given: str | list[str] | None) -> int | None:
    """A weight from a link, in percent, or None when the link gives none or an unusable one
    (see ``MAX_WEIGHT``); of a repeated key, the last value counts."""
    given = given[-1] if isinstance(given, list) and given else given
    if not isinstance(given, str) or not (given.isascii() and given.isdigit()):
        return None
    return int(given) if int(given) <= MAX_WEIGHT else None


def weight_percents(
    params: dict[str, str | list[str]], level: str, dataset: Dataset
) -> dict[str, int]:
    """Each indicator that can enter the index at ``level``, with its weight in percent: the
    link's (see ``MAX_WEIGHT``), or its default."""
    percents = {}
    for indicator_id in eligible(dataset, level):
        given = link_weight(params.get(weight_key(indicator_id)))
        percents[indicator_id] = default_percent(indicator_id) if given is None else given
    return percents


def weights_from_query(
    params: dict[str, str | list[str]], level: str, dataset: Dataset
) -> dict[str, float]:
    """``w.dropout=40`` style weights from a link, as fractions (0.4); the defaults for
    indicators not given or given an unusable weight (see ``MAX_WEIGHT``)."""
    weights = {}
    for indicator_id in eligible(dataset, level):
        given = link_weight(params.get(weight_key(indicator_id)))
        weights[indicator_id] = (
            DEFAULT_WEIGHTS.get(indicator_id, 0.0) if given is None else given / 100
        )
    return weights
