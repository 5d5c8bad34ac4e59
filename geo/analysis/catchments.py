"""Catchments (issue 18): which school is overloaded.

Each site that offers the level serves its nearest-site area: its Voronoi cell in EPSG:9377,
clipped to the city (the union of the territories). The children of the level living in a
cell are estimated by areal weighting: each barrio's or vereda's children spread evenly over
its area, so a cell covering a third of a barrio gets a third of its children (the demo city
has more sites than barrios, so giving each barrio whole to one site would leave most sites
with none). A site's load is the seats those children need (children × the target
coverage, as in :mod:`geo.analysis.projection`) over its seats. Above 1 the site cannot seat
the children who live nearest to it; the neighbouring sites may.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.analysis.access import WEIGHT, Access
from geo.analysis.projection import OFFERED, SEAT_SOURCE, site_seats
from geo.model import schema as s
from geo.model.dataset import Dataset

CHILDREN: Final = "ninos_nivel"  # children of the level nearest to the site
NEEDED_HERE: Final = "cupos_necesarios_area"  # CHILDREN x the target coverage
LOAD: Final = "carga"  # NEEDED_HERE / OFFERED


@dataclass(frozen=True)
class Catchments:
    """One row per offering site: its cell (EPSG:4326), seats, children and load.

    ``weighted`` is False when the barrios have no population: children are then unknown."""

    education_level: str
    weighted: bool
    sites: gpd.GeoDataFrame


def voronoi_cells(points: gpd.GeoSeries, area: shapely.Geometry) -> list[shapely.Geometry]:
    """Each point's Voronoi cell clipped to ``area``, in the order of ``points``; points at
    the same place share one cell."""
    coords = shapely.get_coordinates(np.asarray(points))
    unique, inverse = np.unique(coords, axis=0, return_inverse=True)
    if len(unique) == 1:
        return [area] * len(coords)
    diagram = shapely.voronoi_polygons(
        shapely.multipoints(unique), extend_to=area.buffer(area.length), ordered=True
    )
    cells = [cell.intersection(area) for cell in shapely.get_parts(diagram)]
    return [cells[i] for i in np.asarray(inverse).ravel()]


def _areal_children(cells: list[shapely.Geometry], barrios: gpd.GeoDataFrame) -> np.ndarray:
    """Children of the level in each cell: Σ over barrios of their children × the share of
    their area inside the cell (pairs found with an STRtree, not a double loop)."""
    if not cells:
        return np.zeros(0)
    shapes = np.asarray(barrios.geometry)
    weights = barrios[WEIGHT].fillna(0.0).to_numpy(dtype=float)
    cell_index, barrio_index = shapely.STRtree(shapes).query(np.asarray(cells), "intersects")
    overlap = shapely.area(
        shapely.intersection(np.asarray(cells)[cell_index], shapes[barrio_index])
    )
    share = overlap / shapely.area(shapes)[barrio_index]
    return np.bincount(cell_index, weights=share * weights[barrio_index], minlength=len(cells))


def catchments(dataset: Dataset, result: Access, coverage: float = 1.0) -> Catchments:
    """The catchment of every site ``result`` counted, with the children nearest to it and
    the seats they need at ``coverage`` (the target net coverage; 1.0 = every child)."""
    metric = s.CRS_MAGNA_NATIONAL
    offering = result.sites.to_crs(metric)
    city = shapely.union_all(np.asarray(dataset.territories.to_crs(metric).geometry))
    cells = voronoi_cells(offering.geometry, city) if len(offering) else []
    seats = site_seats(dataset.facts, result.education_level, result.year, result.sites_choice)
    by_site = seats.set_index(s.SITE_CODE)[OFFERED]
    children = _areal_children(cells, result.barrios.to_crs(metric)) if result.weighted else None
    frame = pd.DataFrame(offering.drop(columns="geometry"))
    columns = [c for c in (s.SITE_CODE, s.SITE_NAME, s.TERRITORY, s.SECTOR) if c in frame]
    out = frame[columns].copy()
    out[OFFERED] = out[s.SITE_CODE].map(by_site).astype(float)
    out[SEAT_SOURCE] = out[s.SITE_CODE].map(seats.set_index(s.SITE_CODE)[SEAT_SOURCE])
    if children is not None:
        out[CHILDREN] = children
        out[NEEDED_HERE] = out[CHILDREN] * coverage
        out[LOAD] = out[NEEDED_HERE] / out[OFFERED].where(out[OFFERED] > 0)
    else:
        out[CHILDREN] = np.nan
        out[NEEDED_HERE] = np.nan
        out[LOAD] = np.nan
    table = gpd.GeoDataFrame(out, geometry=cells, crs=metric).to_crs(s.CRS_WGS84)
    return Catchments(result.education_level, result.weighted, table)


def overloaded(result: Catchments, count: int = 10) -> pd.DataFrame:
    """The ``count`` most loaded sites above 100 %, most loaded first."""
    frame = pd.DataFrame(result.sites.drop(columns="geometry"))
    frame = frame[frame[LOAD] > 1]
    return frame.sort_values([LOAD, s.SITE_CODE], ascending=[False, True]).head(count)


def summary(result: Catchments) -> dict:
    """The catchments in figures: sites, how many above 100 % and 150 %, the median load,
    and how many sites' seats are their enrolment (no declared seats)."""
    loads = result.sites[LOAD].astype(float)
    known = loads.dropna()
    return {
        "sites": len(result.sites),
        "with_load": len(known),
        "over_100": int((known > 1).sum()),
        "over_150": int((known > 1.5).sum()),
        "median_load": float(known.median()) if len(known) else float("nan"),
        "seats_from_enrolment": int((result.sites[SEAT_SOURCE] == "matricula").sum()),
    }
