"""The demo city's documented intervention, with a known effect (issue 26).

So that the Seguimiento page's difference in differences can be checked against a truth, the
demo city runs one programme: **home connectivity** (a tablet and a data plan for every
student) in :data:`TREATED_SITES` official sites picked at random, from :data:`START_YEAR` on.
From that year each dropout of a treated site is averted with probability :data:`EFFECT`
(a quarter of the dropouts that would have happened do not): the averted students stay and
pass, so ``matricula = aprobados + reprobados + desertores`` still holds at every level.

Only the treated sites' dropouts and passes from 2021 change; every other number of the demo
is drawn before this step and keeps its value, the MEN's file included (it is the Ministry's
reference, drawn before the programme). The programme is not in the site table's
``banda_ancha`` or the students' ``sin_internet`` columns, which keep their values too.

The treated list is written as ``intervencion_conectividad.csv`` (``codigo_dane``,
``anio_tratamiento``, ``desertores_evitados`` over 2021-2024), so the true effect on the
treated sites is known: ``-Σ desertores_evitados / Σ matricula`` of their rows from 2021, in
the same units as the dropout rate.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from geo.model import schema as s

TREATED_SITES: Final = 40
START_YEAR: Final = 2021
EFFECT: Final = 0.25  # share of the would-be dropouts of a treated site that are averted
FILE: Final = "intervencion_conectividad.csv"
AVERTED: Final = "desertores_evitados"
TREATMENT_YEAR: Final = "anio_tratamiento"


def apply_intervention(
    sites: pd.DataFrame, site_years: pd.DataFrame, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``site_years`` with the programme's effect, and the treated list with what it averted.

    Draws only from ``rng`` (its own generator): which official sites, then per treated row
    and level a binomial thinning of the dropouts."""
    official = sites.loc[sites[s.SECTOR] == "Oficial", s.SITE_CODE].to_numpy()
    treated = np.sort(rng.choice(official, size=TREATED_SITES, replace=False))
    years = site_years.copy()
    rows = np.flatnonzero(
        years[s.SITE_CODE].isin(treated).to_numpy() & (years[s.YEAR].to_numpy() >= START_YEAR)
    )
    averted_total = np.zeros(len(years), dtype=np.int64)
    for level in s.EDUCATION_LEVELS:
        dropouts = s.at_level(s.DROPOUTS, level)
        approved = s.at_level(s.APPROVED, level)
        before = years[dropouts].to_numpy(dtype=np.int64)[rows]
        averted = rng.binomial(before, EFFECT)
        years.loc[years.index[rows], dropouts] = before - averted
        years.loc[years.index[rows], approved] = years[approved].to_numpy()[rows] + averted
        averted_total[rows] += averted
    years[s.DROPOUTS] = years[s.DROPOUTS].to_numpy() - averted_total
    years[s.APPROVED] = years[s.APPROVED].to_numpy() + averted_total
    per_site = pd.Series(averted_total, index=years[s.SITE_CODE]).groupby(level=0).sum()
    listing = pd.DataFrame(
        {
            s.SITE_CODE: treated,
            TREATMENT_YEAR: START_YEAR,
            AVERTED: per_site.reindex(treated).to_numpy(dtype=np.int64),
        }
    )
    return years, listing


def true_effect(site_years: pd.DataFrame, listing: pd.DataFrame) -> float:
    """The programme's effect on the treated sites' dropout rate (a fraction, negative):
    averted dropouts over the treated sites' enrolment from the start year."""
    treated = site_years[s.SITE_CODE].astype(str).isin(listing[s.SITE_CODE].astype(str))
    post = treated & (site_years[s.YEAR] >= START_YEAR)
    return -float(listing[AVERTED].sum()) / float(site_years.loc[post, s.ENROLLED].sum())
