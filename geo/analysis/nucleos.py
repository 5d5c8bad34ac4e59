"""Núcleos educativos: areas built from the sites that belong to each núcleo.

A núcleo is the union of the units (barrios, or territories without barrios) where its sites
lie. When those unions overlap (two núcleos share a unit), polygons would mislead, so every
núcleo is drawn as a point at the centre of its sites instead.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from geo.model import schema as s


def _membership(
    sites: gpd.GeoDataFrame, units: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame, list[str], pd.Series]:
    """The located sites with a núcleo, the núcleo codes, and each núcleo's unit codes."""
    located = sites[sites.geometry.notna() & sites[s.NUCLEO].notna()]
    hits = gpd.sjoin(
        located[[s.NUCLEO, "geometry"]],
        units[[s.CODE, "geometry"]],
        predicate="intersects",
        how="inner",
    )
    codes = sorted(located[s.NUCLEO].astype(str).unique())
    members = hits.groupby(s.NUCLEO)[s.CODE].agg(lambda c: sorted(set(c)))
    return located, codes, members


def nucleo_shapes(sites: gpd.GeoDataFrame, units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``codigo`` (the núcleo), ``nombre`` ("Núcleo 914") and a polygon or point each."""
    located, codes, members = _membership(sites, units)
    by_code = units.set_index(s.CODE).geometry
    polygons = [shapely.union_all(by_code.loc[members.get(code, [])].to_numpy()) for code in codes]
    shared = pd.Series([u for code in codes for u in members.get(code, [])]).duplicated().any()
    if shared or any(p.is_empty for p in polygons):
        centres = located.groupby(s.NUCLEO).geometry.agg(lambda g: shapely.MultiPoint(list(g)))
        geometry = [centres[code].centroid for code in codes]
    else:
        geometry = polygons
    return gpd.GeoDataFrame(
        {s.CODE: codes, s.NAME: [f"Núcleo {code}" for code in codes]},
        geometry=geometry,
        crs=s.CRS_WGS84,
    )


def units_outside(sites: gpd.GeoDataFrame, units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The units (barrios and veredas, or territories) that belong to no núcleo: none of
    their sites has one. Drawn as polygons, the núcleos leave exactly these blank."""
    _, _, members = _membership(sites, units)
    inside = {unit for units_of in members for unit in units_of}
    return units[~units[s.CODE].isin(inside)]
