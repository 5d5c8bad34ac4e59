"""From a dataset and a view to what a map shows: values per area, classes, ranking."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import schema as s
from geo.aggregate import CITY, aggregate
from geo.catalogue import Indicator, get_indicator
from geo.classify import Classification, classify
from geo.dataset import Dataset
from geo.formatting import format_fraction, format_number, format_value
from geo.i18n import t
from geo.view import View


@dataclass(frozen=True)
class Choropleth:
    """One view computed: ``areas`` in map order, their classes, and the city total."""

    view: View
    indicator: Indicator
    areas: gpd.GeoDataFrame  # codigo, nombre, geometry, numerator, denominator, value, n_sites
    classification: Classification
    city: pd.Series  # numerator, denominator, value, n_sites for the whole city

    @property
    def no_data_count(self) -> int:
        return int(self.areas["value"].isna().sum())


def compute(dataset: Dataset, view: View) -> Choropleth:
    """Aggregate, join to the level's shapes and classify, as ``view`` asks."""
    indicator = get_indicator(view.indicator)
    shapes = dataset.shapes(view.level)[[s.CODE, s.NAME, "geometry"]]
    values = aggregate(
        dataset.facts, indicator, view.year, view.level, population=dataset.population
    )
    areas = shapes.merge(values, left_on=s.CODE, right_index=True, how="left")
    areas["n_sites"] = areas["n_sites"].fillna(0).astype(int)
    city = aggregate(dataset.facts, indicator, view.year, CITY, population=dataset.population).loc[
        CITY
    ]
    classification = classify(areas["value"].to_numpy(), view.scheme, view.k)
    return Choropleth(view, indicator, areas, classification, city)


def subtitle(choropleth: Choropleth) -> str:
    """The year and filters, as a short sentence under the title."""
    return str(choropleth.view.year)


def ranking(choropleth: Choropleth, lang: str) -> pd.DataFrame:
    """Areas from worst to best (largest first for neutral indicators), no data last.

    Values are formatted text in ``lang``; the city total is the last row.
    """
    indicator = choropleth.indicator
    areas = pd.DataFrame(choropleth.areas.drop(columns="geometry"))
    ascending = indicator.direction == "lower_worse"
    ordered = areas.sort_values(["value", s.NAME], ascending=[ascending, True], na_position="last")
    has_value = ordered["value"].notna()
    rank = np.where(has_value, np.arange(1, len(ordered) + 1), None)
    table = pd.DataFrame(
        {
            t("rank", lang): rank,
            t("territory", lang): ordered[s.NAME].to_numpy(),
            indicator.label(lang): [format_value(v, indicator, lang) for v in ordered["value"]],
        }
    )
    if indicator.denominator is not None:
        table[t("n", lang)] = [
            format_fraction(n, d, lang) if pd.notna(v) else "—"
            for n, d, v in zip(
                ordered["numerator"], ordered["denominator"], ordered["value"], strict=True
            )
        ]
    table[t("sites", lang)] = [format_number(n, 0, lang) for n in ordered["n_sites"]]
    city = choropleth.city
    city_row = {
        t("rank", lang): None,
        t("territory", lang): t("city", lang),
        indicator.label(lang): format_value(city["value"], indicator, lang),
        t("sites", lang): format_number(city["n_sites"], 0, lang),
    }
    if indicator.denominator is not None:
        city_row[t("n", lang)] = format_fraction(city["numerator"], city["denominator"], lang)
    return pd.concat([table, pd.DataFrame([city_row])], ignore_index=True)
