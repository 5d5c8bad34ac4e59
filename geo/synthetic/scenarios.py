"""Benchmark scenarios: deterministic geometry and data at the sizes the benchmark measures.

``city``: the demo's territories and barrios densified to official-like detail (shared borders
kept vertex for vertex); ``nation``: about 1,100 municipality-sized Voronoi cells over a
Colombia-sized box with 54,000 school sites over 6 years; ``join``: a million random points.
The timing harness that uses them is ``tests/bench.py`` (``python -m geo bench``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.io.ingest import build_facts
from geo.io.ingest.locate import locate
from geo.model import schema as s
from geo.model.dataset import Dataset, Source

SEED: Final = 20240521

# City and barrio: the demo coverage densified to official-like detail.
CITY_SEGMENT_DEG: Final = 1e-4  # about 11 m between vertices: ~34,000 for the 21
QUICK_SEGMENT_DEG: Final = 3e-4  # about 33 m: enough for tests
WIGGLE_SHARE: Final = 0.25  # inserted vertices move at most this share of a segment
_WIGGLE_FREQUENCY: Final = (91_331.7, 77_713.3)  # radians per degree: pseudo-random phases

# Nation: municipality-sized cells over a Colombia-sized box (lon, lat).
NATION_BOUNDS: Final = (-79.0, -4.0, -67.0, 12.0)
NATION_AREAS: Final = 1_100
NATION_SITES: Final = 54_000
NATION_YEARS: Final = tuple(range(2019, 2025))
QUICK_NATION_AREAS: Final = 120
QUICK_NATION_SITES: Final = 3_000

# Join: random points into the nation's polygons.
JOIN_POINTS: Final = 1_000_000
QUICK_JOIN_POINTS: Final = 20_000


def densify_coverage(
    areas: gpd.GeoDataFrame, segment: float, wiggle: float = WIGGLE_SHARE
) -> gpd.GeoDataFrame:
    """``areas`` redrawn with a vertex every ``segment`` degrees, borders still shared.

    The coverage's linework is noded once, every edge is segmentized once and its inserted
    vertices move by a small deterministic wiggle; the faces are polygonized back from that
    linework, so neighbours keep exactly the same vertices along their shared borders.

    Parameters
    ----------
    areas : GeoDataFrame
        A valid polygon coverage (no gaps inside, no overlaps).
    segment : float
        Longest segment, in the CRS's units.
    wiggle : float
        Largest move of an inserted vertex, as a share of ``segment``.

    Returns
    -------
    GeoDataFrame
        The same rows and attributes with the densified geometry.
    """
    geometry = areas.geometry.to_numpy()
    linework = shapely.union_all(shapely.boundary(geometry))
    fixed = {(x, y) for x, y in shapely.get_coordinates(linework)}
    dense = shapely.segmentize(linework, segment)
    dense = shapely.transform(dense, lambda xy: _wiggle(xy, fixed, segment * wiggle))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(dense)))
    owners = _owners(faces, geometry)
    rebuilt = [shapely.coverage_union_all(faces[owners == i]) for i in range(len(areas))]
    return areas.set_geometry(gpd.GeoSeries(rebuilt, index=areas.index, crs=areas.crs))


def _wiggle(xy: np.ndarray, fixed: set[tuple[float, float]], amplitude: float) -> np.ndarray:
    """Move every vertex not in ``fixed`` by up to ``amplitude``, as a function of itself."""
    moved = np.fromiter(((x, y) not in fixed for x, y in xy), dtype=bool, count=len(xy))
    phase_x = np.sin(xy @ np.array(_WIGGLE_FREQUENCY))
    phase_y = np.cos(xy @ np.array(_WIGGLE_FREQUENCY[::-1]))
    out = xy.copy()
    out[moved] += amplitude * np.column_stack([phase_x, phase_y])[moved] / np.sqrt(2)
    return out


def _owners(faces: np.ndarray, areas: np.ndarray) -> np.ndarray:
    """For each face, the position of the area its representative point falls in."""
    points = shapely.point_on_surface(faces)
    face_index, area_index = shapely.STRtree(areas).query(points, predicate="within")
    owners = np.full(len(faces), -1)
    owners[face_index] = area_index
    if (owners < 0).any():
        raise ValueError("A densified face fell outside every area; lower the wiggle.")
    return owners


def city_geometry(
    base: Dataset, segment: float = CITY_SEGMENT_DEG
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The demo's territories and barrios at official-like detail.

    Barrios are densified as one coverage; each territory is the exact union of its barrios,
    so both layers share every border vertex.
    """
    if base.barrios is None:
        raise ValueError("The city scenario needs the demo's barrios.")
    barrios = densify_coverage(base.barrios, segment)
    by_territory = barrios.groupby(s.TERRITORY).geometry
    unions = {code: shapely.coverage_union_all(g.to_numpy()) for code, g in by_territory}
    territories = base.territories.copy()
    geometry = [unions[code] for code in territories[s.CODE]]
    territories = territories.set_geometry(
        gpd.GeoSeries(geometry, index=territories.index, crs=territories.crs)
    )
    return territories, barrios


def nation_areas(
    count: int = NATION_AREAS,
    seed: int = SEED,
    bounds: tuple[float, float, float, float] = NATION_BOUNDS,
) -> gpd.GeoDataFrame:
    """``count`` Voronoi cells of seeded random points, clipped to ``bounds``: a coverage.

    Returns
    -------
    GeoDataFrame
        ``codigo`` (five digits, like a DANE municipality code), ``nombre`` and geometry, in
        EPSG:4326.
    """
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = bounds
    seeds = rng.uniform((minx, miny), (maxx, maxy), size=(count, 2))
    frame = shapely.box(*bounds)
    cells = shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=frame, ordered=True)
    geometry = shapely.intersection(shapely.get_parts(cells), frame)
    codes = [f"{i:05d}" for i in range(1, count + 1)]
    return gpd.GeoDataFrame(
        {s.CODE: codes, s.NAME: [f"Municipio sintético {c}" for c in codes]},
        geometry=geometry,
        crs=s.CRS_WGS84,
    )


def random_points(
    count: int, bounds: Sequence[float], seed: int = SEED, crs: str = s.CRS_WGS84
) -> gpd.GeoDataFrame:
    """``count`` seeded uniform random points inside ``bounds`` (minx, miny, maxx, maxy)."""
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = bounds
    xy = rng.uniform((minx, miny), (maxx, maxy), size=(count, 2))
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=crs)


def nation_tables(
    areas: gpd.GeoDataFrame, sites: int = NATION_SITES, seed: int = SEED
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Synthetic sites (points, sector, zone) and their yearly counts for ``NATION_YEARS``.

    Returns
    -------
    sites : GeoDataFrame
        ``codigo_dane``, ``nombre``, ``sector``, ``zona`` and a point; not yet located.
    site_years : DataFrame
        ``codigo_dane``, ``anio``, ``matricula``, ``desertores``, ``sin_internet``.
    """
    rng = np.random.default_rng(seed + 1)
    points = random_points(sites, areas.total_bounds, seed + 2)
    codes = np.array([f"99{i:010d}" for i in range(1, sites + 1)])
    sectors = rng.choice(s.SECTORS, size=sites, p=(0.6, 0.33, 0.07))
    zones = rng.choice(s.ZONES, size=sites, p=(0.55, 0.45))
    site_frame = gpd.GeoDataFrame(
        {
            s.SITE_CODE: codes,
            s.SITE_NAME: [f"Sede sintética {i}" for i in range(1, sites + 1)],
            s.SECTOR: sectors,
            s.ZONE: zones,
        },
        geometry=points.geometry.to_numpy(),
        crs=s.CRS_WGS84,
    )
    years = len(NATION_YEARS)
    base = np.where(zones == "Rural", 60.0, 400.0) * rng.lognormal(0, 0.4, size=sites)
    enrolled = np.maximum(10, np.round(np.repeat(base, years) * rng.normal(1, 0.04, sites * years)))
    dropout_rate = np.repeat(rng.uniform(0.01, 0.08, size=sites), years)
    site_years = pd.DataFrame(
        {
            s.SITE_CODE: np.repeat(codes, years),
            s.YEAR: np.tile(NATION_YEARS, sites),
            s.ENROLLED: enrolled.astype(int),
            s.DROPOUTS: rng.binomial(enrolled.astype(int), dropout_rate),
            s.NO_INTERNET: rng.binomial(enrolled.astype(int), 0.4),
        }
    )
    return site_frame, site_years


def nation_dataset(
    areas: gpd.GeoDataFrame, sites: gpd.GeoDataFrame, site_years: pd.DataFrame
) -> Dataset:
    """The nation scenario's Dataset: sites located in ``areas``, facts joined."""
    located = locate(sites, areas, s.TERRITORY)
    return Dataset(
        id="bench-nation",
        label="Nación sintética (benchmark)",
        is_demo=True,
        territories=areas,
        barrios=None,
        sites=located,
        facts=build_facts(located, site_years),
        population=None,
        sources=(Source("Datos sintéticos del benchmark", "Sin restricciones de uso"),),
    )
