"""Each territory's population aged 5-16, estimated where the population table has totals only
(the DAP's layer per comuna and corregimiento) and the MEN publishes the city's.

For a year with the MEN's figure, a territory's population 5-16 is its total × (the city's
population 5-16 according to the MEN / the sum of the territories' totals that year): the
estimates add up to the MEN's figure, and they assume that every territory has the city's
age structure. The rows so filled carry :data:`geo.model.agesplit.SPLIT`, so that the map,
the exports and Metodología say the coverage rests on an estimate. A table that gives the
group is used as given, never estimated; each level's ages (6-10...) are not estimated here
(the MEN gives only 5-16), so coverage per level stays uncomputed without them.
"""

from __future__ import annotations

import pandas as pd

from geo.io.report import Report
from geo.model import schema as s
from geo.model.agesplit import SPLIT, split_by_age_structure
from geo.model.messages import msg


def estimate_school_age(
    population: pd.DataFrame, city: dict[int, float], report: Report
) -> pd.DataFrame:
    """``population`` with the missing ``poblacion_5_16`` of the years ``city`` gives filled
    by the city's share (``SPLIT`` marks them); unchanged when there is nothing to fill.

    Parameters
    ----------
    population : DataFrame
        Per territory (``codigo``) and year: ``poblacion_total`` and, where known, the groups.
    city : dict
        Year -> the city's population aged 5-16 (the MEN's ``POBLACIÓN_5_16``).
    report : Report
        The population file's read gets a note naming the years estimated.
    """
    missing = population[s.POPULATION_5_16].isna() & population[s.POPULATION].notna()
    years = sorted(set(population.loc[missing, s.YEAR].astype(int)) & set(city))
    totals = population[population[s.YEAR].isin(years)].groupby(s.YEAR)[s.POPULATION].sum()
    shares = {
        int(year): {s.POPULATION_5_16: city[int(year)] / float(total)}
        for year, total in totals.items()
        if total > 0
    }
    if not shares:
        return population
    estimated = split_by_age_structure(population, shares, (s.POPULATION_5_16,), other_years=False)
    read = next((f for f in reversed(report.files) if f.role == "population"), None)
    if read is not None:
        first, last = min(shares), max(shares)
        span = str(first) if first == last else f"{first}-{last}"
        read.notes.append(msg("note_school_age_estimated", years=span))
    return estimated.astype({SPLIT: bool})
