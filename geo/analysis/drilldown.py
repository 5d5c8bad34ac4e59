"""One territory up close: its trend against the city, its sites and its barrios."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.analysis.aggregate import CITY, LEVEL_COLUMNS, aggregated, filter_facts
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from geo.model.dataset import Dataset
from geo.model.view import View


def trend(dataset: Dataset, view: View, code: str) -> pd.DataFrame:
    """The indicator for area ``code`` and for the city, every year, under the view's filters.

    One row per year of the dataset. For ``area`` and ``city``: the value, its numerator and
    denominator (``area_numerator``, ``city_denominator``...) and the number of reporting sites
    (``area_n_sites``...). A year without data for the area is NaN, never zero. Where the
    dataset has the MEN's published rate for the indicator (and level), and the view keeps
    every site, a ``benchmark`` column holds it.
    """
    indicator = get_indicator(view.indicator, view.education_level)
    rows = []
    for year in dataset.years:
        row: dict[str, float] = {"year": year}
        for prefix, level, key in (("area", view.level, code), ("city", CITY, CITY)):
            values = aggregated(dataset, indicator, year, level, view.filter_dict)
            for column, name in TREND_PARTS.items():
                found = values[column].get(key, np.nan) if column in values else np.nan
                row[f"{prefix}{name}"] = found
        rows.append(row)
    table = pd.DataFrame(rows)
    published = benchmark(dataset, view)
    if published is not None:
        table["benchmark"] = table["year"].map(published)
    return table


def benchmark(dataset: Dataset, view: View) -> pd.Series | None:
    """The MEN's published rate of the view's indicator and education level per year, for the
    whole city: None with filters (the MEN counts every site) or when not published."""
    if dataset.benchmark is None or view.filters:
        return None
    rows = dataset.benchmark
    rows = rows[
        (rows["indicator"] == view.indicator) & (rows["education_level"] == view.education_level)
    ]
    return rows.set_index("anio")["value"] if len(rows) else None


# Aggregate column -> suffix in the trend table ("value" is the series itself).
TREND_PARTS = {
    "value": "",
    "numerator": "_numerator",
    "denominator": "_denominator",
    "n_sites": "_n_sites",
}


def change_since_first(series: pd.Series) -> tuple[int, float] | None:
    """The position of the first year with a value and the change from it to the last year
    (the last year must have a value too), or None when there are not two such years."""
    known = series.dropna()
    if len(known) < 2 or pd.isna(series.iloc[-1]):
        return None
    return int(known.index[0]), float(series.iloc[-1] - known.iloc[0])


def has_enrolment(dataset: Dataset, view: View) -> bool:
    """Whether the view's sites carry an enrolment to size their circles by."""
    if s.ENROLLED not in dataset.facts:
        return False
    rows = filter_facts(dataset.facts, view.year, view.filter_dict)
    return bool(rows[s.ENROLLED].notna().any())


def site_values(dataset: Dataset, view: View, code: str | None = None) -> pd.DataFrame:
    """Each site (of area ``code``, or all) in the view's year, under the view's filters: its
    own numerator, denominator and value, with its point as ``latitud``/``longitud``."""
    indicator = get_indicator(view.indicator, view.education_level)
    rows = filter_facts(dataset.facts, view.year, view.filter_dict)
    if code is not None:
        rows = rows[rows[LEVEL_COLUMNS[view.level]] == code]
    rows = rows[rows[s.SITE_CODE].notna()]
    numerator = rows[indicator.numerator].astype(float) if indicator.numerator in rows else np.nan
    table = pd.DataFrame(
        {
            s.SITE_CODE: rows[s.SITE_CODE],
            s.SITE_NAME: rows[s.SITE_NAME],
            s.SECTOR: rows.get(s.SECTOR),
            "numerator": numerator,
        }
    )
    if indicator.denominator is not None and indicator.denominator_source == "sites":
        table["denominator"] = rows[indicator.denominator].astype(float)
        table["value"] = table["numerator"] / table["denominator"].where(table["denominator"] > 0)
    else:
        table["denominator"] = np.nan
        table["value"] = table["numerator"]
    table[s.ENROLLED] = rows[s.ENROLLED].astype(float) if s.ENROLLED in rows else np.nan
    points = dataset.sites.set_index(s.SITE_CODE).geometry
    located = table[s.SITE_CODE].map(points)
    table[s.LONGITUDE] = [p.x if p is not None and not p.is_empty else np.nan for p in located]
    table[s.LATITUDE] = [p.y if p is not None and not p.is_empty else np.nan for p in located]
    return table.reset_index(drop=True)


def barrio_values(dataset: Dataset, view: View, code: str) -> pd.DataFrame:
    """The barrios/veredas of territory ``code`` with the indicator (empty without barrios)."""
    indicator = get_indicator(view.indicator, view.education_level)
    if dataset.barrios is None or view.level != "territorio" or "barrio" not in indicator.levels:
        return pd.DataFrame(
            columns=[s.CODE, s.NAME, "numerator", "denominator", "value", "n_sites"]
        )
    barrios = dataset.barrios[dataset.barrios[s.TERRITORY] == code][[s.CODE, s.NAME]]
    values = aggregated(dataset, indicator, view.year, "barrio", view.filter_dict)
    table = barrios.merge(values, left_on=s.CODE, right_index=True, how="left")
    table["n_sites"] = table["n_sites"].fillna(0).astype(int)
    return pd.DataFrame(table).reset_index(drop=True)
