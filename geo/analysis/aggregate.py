"""Aggregation: sums of numerators over sums of denominators, with n beside every rate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Final

import numpy as np
import pandas as pd

from geo.model import schema as s
from geo.model.catalogue import Indicator
from geo.model.dataset import Dataset

LEVEL_COLUMNS: Final = {"territorio": s.TERRITORY, "barrio": s.BARRIO, "nucleo": s.NUCLEO}
CITY: Final = "ciudad"
RESULT_COLUMNS: Final = ("numerator", "denominator", "value", "n_sites")

Filters = Mapping[str, Sequence[str]]


def filter_facts(facts: pd.DataFrame, year: int | None, filters: Filters | None) -> pd.DataFrame:
    """Rows of ``year`` (all years if None) whose columns take one of the allowed values."""
    return facts[_kept(facts, year, filters)]


def _kept(facts: pd.DataFrame, year: int | None, filters: Filters | None) -> np.ndarray:
    keep = np.ones(len(facts), dtype=bool)
    if year is not None:
        keep &= facts[s.YEAR].to_numpy() == year
    for column, allowed in (filters or {}).items():
        if column not in facts:
            raise ValueError(f"Cannot filter on {column!r}: the data has no such column.")
        keep &= facts[column].isin(list(allowed)).to_numpy()
    return keep


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
        One row per site and year (see ``geo.io.ingest.build_facts``).
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
    summed = _summed(facts, indicator, year, level, filters)
    return _finish(summed, indicator, population, level, year)


def aggregate_by_year(
    facts: pd.DataFrame,
    indicator: Indicator,
    level: str = "territorio",
    filters: Filters | None = None,
    population: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`aggregate` for every year at once, indexed by (year, area code): the same rows,
    summed in the same order (so the same floats), in one pass over the facts instead of one
    per year (a ficha's trend lines ask for every year of 17 indicators)."""
    summed = _summed(facts, indicator, None, level, filters)
    return _finish(summed, indicator, population, level, None)


def _summed(
    facts: pd.DataFrame, indicator: Indicator, year: int | None, level: str, filters: Filters | None
) -> pd.DataFrame:
    """The sums of the rows kept, per area (per (year, area) when ``year`` is None).

    Only the columns needed, as numpy arrays, then only the rows: copying every column of the
    facts, or even a frame of the few needed, costs more than the sums themselves."""
    keep = _kept(facts, year, filters) & _offering(facts, indicator)
    numerator = _floats(facts, indicator.numerator)[keep]
    by_rows = indicator.denominator is not None and indicator.denominator_source != "population"
    denominator = _floats(facts, indicator.denominator)[keep] if by_rows else None
    valid = ~np.isnan(numerator)
    if denominator is not None:
        valid &= ~np.isnan(denominator)
    if level == CITY:
        area = np.full(int(valid.sum()), CITY, dtype=object)
    elif level in LEVEL_COLUMNS:
        area = facts[LEVEL_COLUMNS[level]].to_numpy()[keep][valid]
    else:
        _group_key(facts, level)  # raises, naming the valid levels
    sites = facts[s.SITE_CODE].to_numpy()[keep][valid]
    numerator = numerator[valid]
    denominator = None if denominator is None else denominator[valid]
    if year is not None:
        return _sums(area, sites, numerator, denominator)
    year_codes, year_values = pd.factorize(facts[s.YEAR].to_numpy()[keep][valid], sort=True)
    area_codes, areas = pd.factorize(area, sort=True, use_na_sentinel=True)
    k = len(areas)
    # One bin per (year, area), year-major and the areas sorted within a year: the rows of a
    # bin are summed in the facts' order, as aggregate sums them.
    key = np.where(area_codes >= 0, year_codes * k + area_codes, -1)
    summed = _sums(key, sites, numerator, denominator, sentinel=-1)
    bins = summed.index.astype(int).to_numpy()
    summed.index = pd.MultiIndex.from_arrays(
        [
            np.asarray(year_values)[bins // k].astype(int),
            np.asarray(areas, dtype=object).astype(str)[bins % k],
        ],
        names=[s.YEAR, s.CODE],
    )
    return summed


def _floats(facts: pd.DataFrame, column: str) -> np.ndarray:
    return facts[column].to_numpy(dtype=float, na_value=np.nan)


def _finish(
    summed: pd.DataFrame,
    indicator: Indicator,
    population: pd.DataFrame | None,
    level: str,
    year: int | None,
) -> pd.DataFrame:
    if indicator.denominator is None:
        summed["value"] = summed["numerator"]
    elif indicator.denominator_source == "population":
        if year is not None:
            summed["denominator"] = _population(population, indicator, year, level, summed.index)
        else:
            years = summed.index.get_level_values(s.YEAR)
            codes = summed.index.get_level_values(s.CODE)
            parts = [
                _population(population, indicator, int(y), level, codes[years == y])
                for y in pd.unique(years)
            ] or [_population(population, indicator, 0, level, codes)]  # the same refusals
            summed["denominator"] = np.concatenate([p.to_numpy(dtype=float) for p in parts])
        summed["value"] = _ratio(summed["numerator"], summed["denominator"])
    else:
        summed["value"] = _ratio(summed["numerator"], summed["denominator"])
    return summed.loc[:, list(RESULT_COLUMNS)]


def aggregated(
    dataset: Dataset, indicator: Indicator, year: int, level: str, filters: Filters | None = None
) -> pd.DataFrame:
    """``aggregate`` of ``dataset``'s facts, remembered by the dataset (a copy)."""
    key = _memo_key("aggregate", indicator, year, level, filters)
    make = partial(aggregate, dataset.facts, indicator, year, level, filters, dataset.population)
    return dataset.remember(key, make).copy()


def aggregated_by_year(
    dataset: Dataset, indicator: Indicator, level: str, filters: Filters | None = None
) -> pd.DataFrame:
    """``aggregate_by_year`` of ``dataset``'s facts, remembered by the dataset (read-only)."""
    key = _memo_key("aggregate_by_year", indicator, None, level, filters)
    make = partial(aggregate_by_year, dataset.facts, indicator, level, filters, dataset.population)
    return dataset.remember(key, make)


def _memo_key(
    kind: str, indicator: Indicator, year: int | None, level: str, filters: Filters | None
) -> tuple:
    return (
        kind,
        indicator.numerator,
        indicator.denominator,
        indicator.denominator_source,
        year,
        level,
        tuple(sorted((c, tuple(sorted(map(str, v)))) for c, v in (filters or {}).items())),
    )


def _offering(facts: pd.DataFrame, indicator: Indicator) -> np.ndarray:
    """For an indicator at one education level, the rows of sites that have students in it:
    a site without the level neither adds to the sums nor counts in n."""
    enrolled = s.at_level(s.ENROLLED, indicator.education_level or None)
    if not indicator.education_level or not indicator.level_columns or enrolled not in facts:
        return np.ones(len(facts), dtype=bool)
    return (facts[enrolled].fillna(0) > 0).to_numpy()


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
    key: np.ndarray,
    sites: np.ndarray,
    numerator: np.ndarray,
    denominator: np.ndarray | None,
    sentinel: int | None = None,
) -> pd.DataFrame:
    """Per area code (sorted; rows without one, or with ``sentinel``, dropped): sums and
    distinct sites.

    Plain numpy (``factorize`` + ``bincount``): a map change runs this twice, and pandas'
    groupby costs ten times more on a few thousand rows.
    """
    codes, areas = pd.factorize(key, sort=True, use_na_sentinel=True)
    placed = codes >= 0
    if sentinel is not None and len(areas) and areas[0] == sentinel:  # sorted: it is first
        placed &= codes > 0
        codes, areas = codes - 1, areas[1:]
    codes, k = codes[placed], len(areas)

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(codes, weights=values[placed], minlength=k)

    site_codes, site_values = pd.factorize(sites)
    # Distinct (area, site) pairs as one integer each: a 1-D unique sorts far faster than
    # unique rows of a 2-D array (a missing site code, -1, is one more value).
    width = len(site_values) + 1
    distinct = np.unique(codes.astype(np.int64) * width + site_codes[placed] + 1) // width
    return pd.DataFrame(
        {
            "numerator": total(numerator),
            "denominator": total(denominator) if denominator is not None else np.nan,
            "n_sites": np.bincount(distinct, minlength=k),
        },
        index=pd.Index(np.asarray(areas, dtype=object).astype(str), name=s.CODE),
    )


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
