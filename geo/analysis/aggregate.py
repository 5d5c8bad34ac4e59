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
    # Only the columns needed, then only the rows: copying every column of the facts costs more
    # than the sums themselves.
    needed = [c for c in (indicator.numerator, indicator.denominator) if c in facts]
    needed += [s.SITE_CODE] + ([LEVEL_COLUMNS[level]] if level in LEVEL_COLUMNS else [])
    rows = facts[list(dict.fromkeys(needed))][_kept(facts, year, filters)]
    rows = rows[_offering(facts, indicator)[_kept(facts, year, filters)]]
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


def aggregated(
    dataset: Dataset, indicator: Indicator, year: int, level: str, filters: Filters | None = None
) -> pd.DataFrame:
    """``aggregate`` of ``dataset``'s facts, remembered by the dataset (a copy)."""
    key = (
        "aggregate",
        indicator.numerator,
        indicator.denominator,
        indicator.denominator_source,
        year,
        level,
        tuple(sorted((c, tuple(sorted(map(str, v)))) for c, v in (filters or {}).items())),
    )
    make = partial(aggregate, dataset.facts, indicator, year, level, filters, dataset.population)
    return dataset.remember(key, make).copy()


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
    rows: pd.DataFrame, key: pd.Series, numerator: str, denominator: str | None
) -> pd.DataFrame:
    """Per area code (sorted; rows without one dropped): sums and distinct sites.

    Plain numpy (``factorize`` + ``bincount``): a map change runs this twice, and pandas'
    groupby costs ten times more on a few thousand rows.
    """
    codes, areas = pd.factorize(key.to_numpy(), sort=True, use_na_sentinel=True)
    placed = codes >= 0
    codes, k = codes[placed], len(areas)

    def total(column: str) -> np.ndarray:
        values = rows[column].to_numpy(dtype=float, na_value=np.nan)[placed]
        return np.bincount(codes, weights=values, minlength=k)

    sites = pd.factorize(rows[s.SITE_CODE].to_numpy())[0][placed]
    distinct = np.unique(np.stack([codes, sites]), axis=1)[0] if len(codes) else codes
    return pd.DataFrame(
        {
            "numerator": total(numerator),
            "denominator": total(denominator) if denominator else np.nan,
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
