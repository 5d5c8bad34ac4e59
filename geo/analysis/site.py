"""One school site up close: its own values over the years against its area and the city."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.analysis.aggregate import LEVEL_COLUMNS
from geo.analysis.drilldown import trend
from geo.model import schema as s
from geo.model.catalogue import Indicator, get_indicator
from geo.model.dataset import Dataset
from geo.model.view import View


def comparable_per_site(indicator: Indicator) -> bool:
    """Whether a site has a value of its own for ``indicator`` that reads like its area's: a
    rate over the sites' own counts (dropout, students per computer...). Coverage is over a
    territory's population and counts add up over sites: neither compares with one site. The
    share of enrolment in high dropout-risk sites is all or nothing for one site."""
    return (
        indicator.denominator is not None
        and indicator.denominator_source == "sites"
        and indicator.numerator != s.ENROLLED_HIGH_RISK
    )


def site_area(site: pd.Series, level: str) -> str:
    """The code of the area of ``level`` that site ``site`` (``find_site``) belongs to, or ""
    when it was not placed in one."""
    code = site.get(LEVEL_COLUMNS.get(level, ""), None)
    return "" if code is None or pd.isna(code) else str(code)


def site_trend(dataset: Dataset, view: View, code: str, area: str = "") -> pd.DataFrame:
    """:func:`geo.analysis.drilldown.trend` of area ``area`` (empty: no area), with the site
    ``code``'s own values in front: ``site``, ``site_numerator``, ``site_denominator`` per year.

    The site's values are its own counts, whatever the view's filters (it was asked for by
    name); the area's and the city's follow the filters, as on the map. A year the site did
    not report (or reported without one of the two counts) is NaN. ``site_n_sites`` is NaN:
    one site needs no count of sites.
    """
    indicator = get_indicator(view.indicator, view.education_level)
    series = trend(dataset, view, area) if area else _city_only(dataset, view)
    rows = dataset.facts[dataset.facts[s.SITE_CODE].astype(str) == str(code)]
    # As the areas' sums: a year counts only with both its numerator and its denominator.
    for column in (indicator.numerator, indicator.denominator):
        if column is not None and column in rows:
            rows = rows[rows[column].notna()]
    by_year = rows.groupby(s.YEAR)
    numerator = _sum(by_year, indicator.numerator)
    denominator = _sum(by_year, indicator.denominator) if indicator.denominator else None
    years = series["year"].astype(int)
    site = pd.DataFrame({"year": years})
    site["site_numerator"] = years.map(numerator).astype(float)
    if denominator is not None:
        site["site_denominator"] = years.map(denominator).astype(float)
        positive = site["site_denominator"].where(site["site_denominator"] > 0)
        site["site"] = site["site_numerator"] / positive
    else:
        site["site_denominator"] = np.nan
        site["site"] = site["site_numerator"]
    site["site_n_sites"] = np.nan
    return pd.concat([site, series.drop(columns="year")], axis=1)


def _sum(groups, column: str | None) -> pd.Series:
    """The yearly total of ``column`` (NaN when the site gave no value that year)."""
    if column is None or column not in groups.obj:
        return pd.Series(dtype=float)
    return groups[column].sum(min_count=1)


def _city_only(dataset: Dataset, view: View) -> pd.DataFrame:
    """The trend table with the city's series and an empty area (a site in no area)."""
    series = trend(dataset, view, "\x00no-area")
    for column in [c for c in series.columns if c.startswith("area")]:
        series[column] = np.nan
    return series


def site_year_values(
    dataset: Dataset, code: str, year: int
) -> list[tuple[Indicator, float, float, float]]:
    """The site's own value of each indicator the dataset has and that a site has on its own
    (rates over the sites' counts, and counts such as enrolment), in ``year``: (indicator,
    value, numerator, denominator), NaN where it gave no value. Coverage (over a territory's
    population) and the count of sites are left out."""
    rows = dataset.facts[
        (dataset.facts[s.SITE_CODE].astype(str) == str(code)) & (dataset.facts[s.YEAR] == year)
    ]
    found = []
    for indicator_id in dataset.available_indicators():
        indicator = get_indicator(indicator_id)
        per_site = comparable_per_site(indicator) or (
            indicator.denominator is None and indicator.numerator != s.SITE_COUNT
        )
        if not per_site:
            continue
        numerator = _total(rows, indicator.numerator)
        denominator = _total(rows, indicator.denominator) if indicator.denominator else np.nan
        if indicator.denominator is None:
            value = numerator
        elif np.isnan(numerator) or np.isnan(denominator) or denominator <= 0:
            value = np.nan
        else:
            value = numerator / denominator
        found.append((indicator, value, numerator, denominator))
    return found


def _total(rows: pd.DataFrame, column: str | None) -> float:
    if column is None or column not in rows or not rows[column].notna().any():
        return np.nan
    return float(rows[column].astype(float).sum())
