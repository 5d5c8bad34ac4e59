"""A population's age groups from its total and an age structure: an estimate, flagged.

One mechanism for the two places that need it: Red escolar splits a total by the city's share
of each level's ages (:mod:`geo.analysis.projection`), and the official download estimates
each territory's population aged 5-16 from its total and the MEN's figure for the whole city
(:mod:`geo.io.ingest.schoolage`). Both assume that every area has the city's age structure,
and the rows filled so carry ``SPLIT`` for the pages and files to say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import pandas as pd

from geo.model import schema as s

SPLIT: Final = "dividida"  # True where an age group was split from the total (an estimate)

Shares = dict[int, dict[str, float]]  # year -> age-group column -> its share of the total


def split_by_age_structure(
    population: pd.DataFrame,
    shares: Shares,
    columns: Sequence[str],
    *,
    other_years: bool = True,
) -> pd.DataFrame:
    """Fill each missing age group of ``columns`` from the total × the city's share of that
    group that year; with ``other_years`` a year without a share takes the latest year before
    it that has one (the earliest known for years before all), without it stays missing.

    Adds ``SPLIT``: True on the rows where any group was filled. A group the table gives is
    never replaced.
    """
    frame = population.copy()
    for column in columns:
        if column not in frame:
            frame[column] = np.nan
        frame[column] = frame[column].astype(float)
    frame[SPLIT] = False
    if not shares or s.POPULATION not in frame:
        return frame
    for column in columns:
        known = sorted(year for year, groups in shares.items() if column in groups)
        missing = frame[column].isna() & frame[s.POPULATION].notna()
        if not other_years:
            missing &= frame[s.YEAR].astype(int).isin(known)
        if not known or not missing.any():
            continue
        years = frame.loc[missing, s.YEAR].astype(int)
        share = years.map(lambda y, c=column, k=known: shares[_nearest_year(k, y)][c])
        frame.loc[missing, column] = frame.loc[missing, s.POPULATION] * share
        frame.loc[missing, SPLIT] = True
    return frame


def _nearest_year(known: list[int], year: int) -> int:
    before = [y for y in known if y <= year]
    return before[-1] if before else known[0]
