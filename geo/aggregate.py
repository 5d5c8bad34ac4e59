"""Aggregation: sums of numerators over sums of denominators, with n beside every rate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import numpy as np
import pandas as pd

from geo import schema as s
from geo.catalogue import Indicator

LEVEL_COLUMNS: Final = {"territorio": s.TERRITORY, "barrio": s.BARRIO, "nucleo": s.NUCLEO}
CITY: Final = "ciudad"
RESULT_COLUMNS: Final = ("numerator", "denominator", "value", "n_sites")

Filters = Mapping[str, Sequence[str]]


def filter_facts(facts: pd.DataFrame, year: int | None, filters: Filters | None) -> pd.DataFrame:
    """Rows of ``year`` (all years if None) whose columns take one of the allowed values."""
    keep = pd.Series(True, index=facts.index)
    if year is not None:
        keep &= facts[s.YEAR] == year
    for column, allowed in (filters or {}).items():
        if column not in facts:
            raise ValueError(f"Cannot filter on {column!r}: the data has no such column.")
        keep &= facts[column].isin(list(allowed))
    return facts[keep]


def aggregate(
    facts: pd.DataFrame,
    indicator: Indicator,
    year: int,
    level: str = "territorio",
    filters: Filters | None = None,
    population: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The indicator per area of ``level`` for ``year``.

    Parameters
    ----------
    facts : DataFrame
        One row per site and year (see ``geo.dataset.build_facts``).
    indicator : Indicator
        Catalogue entry naming the numerator and denominator.
    year : int
    level : {"territorio", "barrio", "ciudad"}
        ``"ciudad"`` gives one row, indexed ``"ciudad"``, for the whole city.
    filters : mapping of column to allowed values, optional
    population : DataFrame, optional
        Population per territory and year; required by population-based indicators.

    Returns
    -------
    DataFrame indexed by area code with ``numerator``, ``denominator`` (NaN for counts),
    ``value`` (numerator / denominator, NaN where the denominator is 0 or missing) and
    ``n_sites``, the number of sites that contributed. Areas without any contributing site are
    absent: they have no data, which is not the same as zero.
    """
    rows = filter_facts(facts, year, filters)
    key = _group_key(rows, level)
    if indicator.denominator is None:
        valid = rows[indicator.numerator].notna()
        summed = _sums(rows[valid], key[valid], indicator.numerator, None)
        summed["value"] = summed["numerator"]
    elif indicator.denominator_source == "population":
        valid = rows[indicator.numerator].notna()
        summed = _sums(rows[valid], key[valid], indicator.numerator, None)
        summed["denominator"] = _population(population, indicator, year, level, summed.index)
        summed["value"] = _ratio(summed["numerator"], summed["denominator"])
    else:
        valid = rows[indicator.numerator].notna() & rows[indicator.denominator].notna()
        summed = _sums(rows[valid], key[valid], indicator.numerator, indicator.denominator)
        summed["value"] = _ratio(summed["numerator"], summed["denominator"])
    return summed.loc[:, list(RESULT_COLUMNS)]


def _group_key(rows: pd.DataFrame, level: str) -> pd.Series:
    if level == CITY:
        return pd.Series(CITY, index=rows.index)
    try:
        return rows[LEVEL_COLUMNS[level]]
    except KeyError:
        raise ValueError(
            f"Level {level!r} is not available; valid levels: {', '.join(LEVEL_COLUMNS)}, {CITY}."
        ) from None


def _sums(
    rows: pd.DataFrame, key: pd.Series, numerator: str, denominator: str | None
) -> pd.DataFrame:
    columns = [numerator] if denominator is None else [numerator, denominator]
    grouped = rows[columns].astype(float).groupby(key.rename("codigo"), dropna=True)
    out = pd.DataFrame({"numerator": grouped[numerator].sum()})
    out["denominator"] = grouped[denominator].sum() if denominator else np.nan
    out["n_sites"] = rows.groupby(key.rename("codigo"), dropna=True)[s.SITE_CODE].nunique()
    out.index = out.index.astype(str)
    return out


def _population(
    population: pd.DataFrame | None,
    indicator: Indicator,
    year: int,
    level: str,
    codes: pd.Index,
) -> pd.Series:
    if population is None:
        raise ValueError(f"Indicator {indicator.id!r} needs population data; the dataset has none.")
    if level not in ("territorio", CITY):
        raise ValueError(f"Indicator {indicator.id!r} is only available per territory.")
    year_rows = population[population[s.YEAR] == year]
    counts = year_rows.set_index(s.CODE)[indicator.denominator].astype(float)
    if level == CITY:
        total = counts.sum() if len(counts) else np.nan
        return pd.Series(total, index=codes)
    return counts.reindex(codes)


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return numerator / denominator.where(denominator > 0)
