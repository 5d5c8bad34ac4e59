"""The facts table: one row per site and year, with the site's attributes."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.model import schema as s


def build_facts(sites: gpd.GeoDataFrame, site_years: pd.DataFrame) -> pd.DataFrame:
    """One row per site and year: counts plus the site's attributes and location codes."""
    attributes = pd.DataFrame(sites.drop(columns="geometry"))
    facts = site_years.merge(attributes, on=s.SITE_CODE, how="inner", validate="many_to_one")
    facts[s.SITE_COUNT] = pd.Series(1.0, index=facts.index, dtype="Float64")
    if s.BROADBAND in facts:
        reporting = facts[s.BROADBAND].notna()
        facts[s.SITES_REPORTING] = reporting.astype("Float64").where(reporting)
        facts[s.NO_BROADBAND] = 1 - facts[s.BROADBAND]
    means = [(s.SABER_SCORE_MEAN, s.SABER_SCORE_SUM)] + [
        (s.saber_subject_mean(subject), s.saber_subject_sum(subject))
        for subject in s.SABER_SUBJECTS
    ]
    for mean, total in means:
        if mean in facts and s.SABER_CANDIDATES in facts:
            # Sources give a site's mean score; the city's is Σ(mean × candidates) / Σ candidates.
            from_mean = facts[mean] * facts[s.SABER_CANDIDATES]
            given = facts[total] if total in facts else from_mean * float("nan")
            facts[total] = given.fillna(from_mean)
    for subject in s.SABER_SUBJECTS:  # n of a test: as given, else the site's candidates
        total, scored = s.saber_subject_sum(subject), s.saber_subject_candidates(subject)
        if total in facts and s.SABER_CANDIDATES in facts:
            given = facts[scored] if scored in facts else facts[total] * float("nan")
            facts[scored] = given.fillna(facts[s.SABER_CANDIDATES].where(facts[total].notna()))
    return facts
