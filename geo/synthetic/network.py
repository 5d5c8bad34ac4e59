"""The demo city's population by age group per barrio/vereda, 2019-2030 (issue 18).

Synthetic like the rest of the demo, from its own generator (``default_rng([SEED, 18])``) so
that adding it changes no byte of the other demo files. Each territory's total follows the
demo's territory population (``geo.synthetic.demo.build_population``: growth of 0.8 % a
year, a school-age share that falls 1.5 % a year), carried on to 2030; it is split among the
territory's barrios by fixed random weights, and each barrio's school-age population among
the four level groups in proportion to their ages (1, 5, 4 and 2 years), with the youngest
groups shrinking a little faster (fewer births). Sums over a territory's barrios equal its
population up to rounding.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.model import schema as s

YEARS: Final = tuple(range(2019, 2031))
STREAM: Final = 18  # the issue that added it: the generator is default_rng([SEED, STREAM])
# Extra yearly decline of each level group's share of the 5-16 population (births fall).
_YOUNGER_DECLINE: Final = {
    "transicion": 0.012,
    "primaria": 0.008,
    "secundaria": 0.0,
    "media": -0.006,
}


def build_barrio_population(
    barrios: gpd.GeoDataFrame,
    territories: Mapping[str, tuple[int, float]],
    *,
    seed: int,
    growth: float,
    school_age_decline: float,
) -> pd.DataFrame:
    """Population and the four level age groups per barrio/vereda and year, 2019-2030.

    ``territories`` gives each territory's 2019 population and deprivation (0-1), as the
    demo's profiles do; ``growth`` and ``school_age_decline`` are the demo's yearly rates
    (passed in rather than imported: ``geo.synthetic.demo`` calls this module)."""
    rng = np.random.default_rng([seed, STREAM])
    rows = []
    for territory, (population, deprivation) in territories.items():
        codes = sorted(barrios.loc[barrios[s.TERRITORY] == territory, s.CODE].astype(str))
        weights = rng.dirichlet(np.full(len(codes), 4.0))
        young = rng.lognormal(0.0, 0.12, len(codes))  # barrios with more or fewer children
        young /= float((weights * young).sum())  # the territory keeps its school-age share
        school_age_share = 0.12 + 0.07 * deprivation
        for k, year in enumerate(YEARS):
            total = population * (1 + growth) ** k
            share = school_age_share * (1 - school_age_decline) ** k
            groups = np.array(
                [
                    (high - low + 1) * (1 - _YOUNGER_DECLINE[level]) ** k
                    for level, (low, high) in s.LEVEL_AGES.items()
                ]
            )
            groups /= groups.sum()
            for code, weight, factor in zip(codes, weights, young, strict=True):
                people = total * weight
                school_age = people * min(0.4, share * factor)
                rows.append(
                    {
                        s.BARRIO: code,
                        s.YEAR: year,
                        s.POPULATION: round(people),
                        **{
                            s.at_level(s.POPULATION_5_16, level): round(school_age * part)
                            for level, part in zip(s.EDUCATION_LEVELS, groups, strict=True)
                        },
                    }
                )
    frame = pd.DataFrame(rows)
    return frame.sort_values([s.BARRIO, s.YEAR], kind="stable").reset_index(drop=True)
