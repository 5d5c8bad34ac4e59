"""One territory up close: its trend against the city, its sites and its barrios."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo import schema as s
from geo.aggregate import CITY, LEVEL_COLUMNS, filter_facts
from geo.catalogue import get_indicator
from geo.dataset import Dataset
from geo.view import View


def trend(dataset: Dataset, view: View, code: str) -> pd.DataFrame:
    """The indicator for area ``code`` and for the city, every year, under the view's filters.

    Columns: ``year``, ``area``, ``city``, ``area_n`` (the area's denominator).
    """
    indicator = get_indicator(view.indicator)
    rows = []
    for year in dataset.years:
        area = dataset.aggregated(indicator, year, view.level, view.filter_dict)
        city = dataset.aggregated(indicator, year, CITY, view.filter_dict)
        value = area["value"].get(code, np.nan)
        rows.append(
            {
                "year": year,
                "area": value,
                "city": city["value"].get(CITY, np.nan),
                "area_n": area["denominator"].get(code, np.nan),
            }
        )
    return pd.DataFrame(rows)


def has_enrolment(dataset: Dataset, view: View) -> bool:
    """Whether the view's sites carry an enrolment to size their circles by."""
    if s.ENROLLED not in dataset.facts:
        return False
    rows = filter_facts(dataset.facts, view.year, view.filter_dict)
    return bool(rows[s.ENROLLED].notna().any())


def site_values(dataset: Dataset, view: View, code: str | None = None) -> pd.DataFrame:
    """Each site (of area ``code``, or all) in the view's year, under the view's filters: its
    own numerator, denominator and value, with its point as ``latitud``/``longitud``."""
    indicator = get_indicator(view.indicator)
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
    indicator = get_indicator(view.indicator)
    if dataset.barrios is None or view.level != "territorio" or "barrio" not in indicator.levels:
        return pd.DataFrame(
            columns=[s.CODE, s.NAME, "numerator", "denominator", "value", "n_sites"]
        )
    barrios = dataset.barrios[dataset.barrios[s.TERRITORY] == code][[s.CODE, s.NAME]]
    values = dataset.aggregated(indicator, view.year, "barrio", view.filter_dict)
    table = barrios.merge(values, left_on=s.CODE, right_index=True, how="left")
    table["n_sites"] = table["n_sites"].fillna(0).astype(int)
    return pd.DataFrame(table).reset_index(drop=True)
