"""Spatial join: which territory (and barrio) each school site lies in.

Sites outside every territory go to the nearest within the tolerance, sites without a point
to the comuna they declare; both, and declarations the point contradicts, are reported.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.io.names import match_territory, territory_lookup
from geo.io.report import Problem, Report
from geo.model import schema as s
from geo.model.messages import Msg, msg


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


def _locate_sites(
    sites: gpd.GeoDataFrame,
    territories: gpd.GeoDataFrame,
    barrios: gpd.GeoDataFrame | None,
    tolerance_m: float,
    report: Report,
    path: Path,
) -> gpd.GeoDataFrame:
    """Point in polygon; near misses within ``tolerance_m`` go to the nearest territory."""
    located = locate(sites, territories, s.TERRITORY)
    by_code, by_name = territory_lookup(territories[s.CODE], territories[s.NAME])
    declared = sites[s.DECLARED_TERRITORY].map(
        lambda v: match_territory(v, by_code, by_name) if pd.notna(v) else None
    )
    has_point = located.geometry.notna().to_numpy()
    outside = located[s.TERRITORY].isna().to_numpy() & has_point
    if outside.any():
        metric = territories.estimate_utm_crs()
        areas_m = territories.to_crs(metric)
        for index in np.flatnonzero(outside):
            original = located.geometry.iloc[index]
            if not (-180 <= original.x <= 180 and -90 <= original.y <= 90):
                detail = msg("detail_out_of_range", lat=original.y, lon=original.x)
                report.add(_site_problem("outside", path, sites, index, detail))
                continue
            point = gpd.GeoSeries([original], crs=s.CRS_WGS84).to_crs(metric)[0]
            distances = areas_m.distance(point)
            nearest = int(distances.argmin())
            metres, territory = distances.iloc[nearest], areas_m[s.CODE].iloc[nearest]
            if metres <= tolerance_m:
                located.iat[index, located.columns.get_loc(s.TERRITORY)] = territory
                detail = msg("detail_within_tolerance", metres=metres, territory=territory)
                report.add(_site_problem("assigned_by_tolerance", path, sites, index, detail))
            else:
                detail = msg("detail_beyond_tolerance", metres=metres)
                report.add(_site_problem("outside", path, sites, index, detail))
    no_point = ~has_point
    for index in np.flatnonzero(no_point):
        code = declared.iloc[index]
        if code is not None:
            located.iat[index, located.columns.get_loc(s.TERRITORY)] = code
            report.add(_site_problem("located_by_attribute", path, sites, index, f"comuna {code}"))
    given = sites[s.DECLARED_TERRITORY].notna().to_numpy() & has_point
    for index in np.flatnonzero(given):
        found = located[s.TERRITORY].iloc[index]
        said = declared.iloc[index]
        if pd.notna(found) and said != found:
            raw = sites[s.DECLARED_TERRITORY].iloc[index]
            known = "detail_declares" if said is not None else "detail_declares_unknown"
            detail = msg(known, declared=raw, found=found)
            report.add(_site_problem("declared_mismatch", path, sites, index, detail))
    if barrios is not None:
        located = locate(located, barrios, s.BARRIO)
    return located.drop(columns="_row")


def _site_problem(
    kind: str, path: Path, sites: gpd.GeoDataFrame, index: int, detail: str | Msg
) -> Problem:
    """A problem about the site at ``index``, with its file row, code and name."""
    return Problem(
        kind,
        path.name,
        int(sites.at[index, "_row"]),
        str(sites.at[index, s.SITE_CODE]),
        str(sites.at[index, s.SITE_NAME]),
        detail,
    )
