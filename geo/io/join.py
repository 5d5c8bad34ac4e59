"""Spatial join: which territory (and barrio) each school site lies in."""

from __future__ import annotations

import geopandas as gpd

from geo.model import schema as s


def locate(sites: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, column: str) -> gpd.GeoDataFrame:
    """Add ``column`` = the code of the area each site's point falls in.

    A point on a shared border belongs to the area with the smallest code, so the result does
    not depend on row order. Sites outside every area get ``<NA>``.

    Parameters
    ----------
    sites : GeoDataFrame
        Points, in the same CRS as ``areas``.
    areas : GeoDataFrame
        Polygons with a ``codigo`` column.
    column : str
        Name of the new column.
    """
    if sites.crs != areas.crs:
        raise ValueError(f"sites are in {sites.crs} but areas in {areas.crs}; reproject first.")
    hits = gpd.sjoin(
        sites[["geometry"]], areas[[s.CODE, "geometry"]], how="left", predicate="intersects"
    )
    first = hits[s.CODE].groupby(level=0).min()
    located = sites.copy()
    located[column] = first.reindex(sites.index).astype("string")
    return located
