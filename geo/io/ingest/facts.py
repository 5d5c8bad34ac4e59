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
    return facts
