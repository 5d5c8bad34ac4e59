"""Map geometry: each level's coverage cleaned and simplified once, for drawing only.

A browser map never shows more detail than one screen pixel at the deepest zoom it allows, so
the areas it draws are simplified to that pixel: the official comunas (about 93,000 vertices,
3.4 MB) become about 10,000 vertices and 200 KB. Simplification works on the whole coverage at
once (``shapely.coverage_simplify``), so neighbours keep exactly the same shared border: no gap
and no overlap appears between them, and no area is dropped. Coordinates keep
``GRID_DECIMALS`` decimal places (about 1 m): the payload is small and the same on every run.

Joins, aggregates and exports keep the full geometry; only the map uses this one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import shapely
from shapely.errors import GEOSException

from geo.analysis.levels import nucleo_outside, shapes
from geo.model import schema as s
from geo.model.dataset import Dataset

# The map size the zoom levels are worked out for: a wide page or a presentation screen.
NOMINAL_MAP_PX: Final = (1200, 640)
# How many zoom levels a user can go in beyond the view that fits the whole level.
ZOOM_IN_LEVELS: Final = 2
# Every vertex on a grid of 1e-5 degrees: about 1.1 m at Medellín's latitude.
GRID_DECIMALS: Final = 5
_TILE_PX: Final = 256
_AREAL: Final = (3, 6)  # shapely type ids of Polygon and MultiPolygon
_METRES_PER_DEGREE: Final = 111_320.0


@dataclass(frozen=True)
class MapGeometry:
    """One level's areas as the map draws them, in the order of the level's rows.

    ``features`` holds each area's GeoJSON geometry (a dict, ready to serialise);
    ``tolerance_m`` is the simplification distance; ``coverage`` says whether the areas were
    simplified together (False only when they could not be cleaned into a coverage, in which
    case each was simplified alone).
    """

    geometry: np.ndarray
    features: tuple[dict | None, ...]
    codes: tuple[str, ...]
    fit_zoom: float
    max_zoom: int
    tolerance_m: float
    vertices_before: int
    vertices_after: int
    coverage: bool
    # The part of the city no area covers (núcleos leave barrios without sites blank), drawn
    # as one distinct area, and how many units it holds; None and 0 for other levels.
    outside: dict | None = None
    outside_units: int = 0
    # Each geometry's GeoJSON text, written once (keyed by the identity of its dict above).
    texts: dict[int, str] = field(default_factory=dict, repr=False, compare=False)

    def text_of(self, shape: dict | None) -> str:
        """The JSON text of one of ``features`` (written afresh for any other geometry)."""
        known = self.texts.get(id(shape))
        return known if known is not None else json.dumps(shape, separators=(",", ":"))

    def features_for(self, codes: Iterable[object]) -> list[dict | None]:
        """The GeoJSON geometries of the areas with these codes, in that order."""
        position = {code: i for i, code in enumerate(self.codes)}
        return [self.features[position[str(code)]] for code in codes]


def fit_zoom(
    bounds: tuple[float, float, float, float], size: tuple[int, int] = NOMINAL_MAP_PX
) -> float:
    """The Web Mercator zoom at which ``bounds`` (lon/lat) just fit a map of ``size`` pixels."""
    minx, miny, maxx, maxy = bounds
    width = max((maxx - minx) / 360.0, 1e-12)
    height = max(abs(_mercator_y(maxy) - _mercator_y(miny)), 1e-12)
    return min(math.log2(size[0] / (_TILE_PX * width)), math.log2(size[1] / (_TILE_PX * height)))


def pixel_degrees(zoom: float, latitude: float) -> float:
    """The ground size of one screen pixel at ``zoom``, in degrees of latitude."""
    return 360.0 / (_TILE_PX * 2.0**zoom) * math.cos(math.radians(latitude))


def map_geometry(dataset: Dataset, level: str) -> MapGeometry:
    """The level's areas cleaned and simplified for drawing (``prepare``), in the order of
    ``shapes(dataset, level)``; prepared once per dataset and level, then shared."""

    def make() -> MapGeometry:
        areas = shapes(dataset, level)
        outside = nucleo_outside(dataset) if level == "nucleo" else None
        return prepare(
            areas.geometry.to_numpy(),
            areas[s.CODE],
            outside=None if outside is None else shapely.union_all(outside.geometry),
            outside_units=0 if outside is None else len(outside),
        )

    return dataset.once(("map_geometry", level), make)


def prepare(
    geometry: np.ndarray | list,
    codes: Iterable[object] | None = None,
    *,
    zoom_in_levels: int = ZOOM_IN_LEVELS,
    outside: shapely.Geometry | None = None,
    outside_units: int = 0,
) -> MapGeometry:
    """Clean and simplify a level's areas (EPSG:4326) for the map, once.

    Parameters
    ----------
    geometry : array of shapely geometries
        The level's areas in longitude/latitude. Points and lines pass through unchanged.
    codes : iterable, optional
        The areas' codes, to look their geometry up by code; by default their positions.
    zoom_in_levels : int
        How many levels the map may zoom in beyond the fitted view; the tolerance is one
        pixel at the deepest of them.
    outside : shapely geometry, optional
        The part of the city no area covers, simplified with the areas (their borders stay
        shared) and kept apart as ``MapGeometry.outside``; ``outside_units`` says how many
        units it is made of.

    Returns
    -------
    MapGeometry
        The simplified areas, their GeoJSON geometries and how they were made.
    """
    original = np.asarray(geometry, dtype=object)
    drawn = original
    if outside is not None and not shapely.is_empty(outside):
        drawn = np.concatenate([original, np.array([outside], dtype=object)])
    bounds = tuple(float(v) for v in shapely.total_bounds(drawn))
    fitted = fit_zoom(bounds) if all(map(math.isfinite, bounds)) else 0.0
    deepest = math.floor(fitted) + zoom_in_levels
    tolerance = pixel_degrees(deepest, (bounds[1] + bounds[3]) / 2) if fitted else 0.0
    simplified, coverage = _simplify(drawn, tolerance)
    outside_shape = _geojson(simplified[-1]) if len(drawn) > len(original) else None
    simplified = simplified[: len(original)]
    features = tuple(_geojson(item) for item in simplified)
    return MapGeometry(
        geometry=simplified,
        features=features,
        texts={id(f): json.dumps(f, separators=(",", ":")) for f in features if f is not None},
        codes=tuple(str(c) for c in (codes if codes is not None else range(len(original)))),
        fit_zoom=fitted,
        max_zoom=deepest,
        tolerance_m=tolerance * _METRES_PER_DEGREE,
        vertices_before=int(shapely.get_num_coordinates(original).sum()),
        vertices_after=int(shapely.get_num_coordinates(simplified).sum()),
        coverage=coverage,
        outside=outside_shape,
        outside_units=outside_units if outside_shape is not None else 0,
    )


def _simplify(original: np.ndarray, tolerance: float) -> tuple[np.ndarray, bool]:
    """Round to the grid, clean into a coverage, simplify it; polygons only."""
    result = original.copy()
    areal = np.isin(shapely.get_type_id(original), _AREAL) & ~shapely.is_empty(original)
    if not areal.any() or tolerance <= 0:
        return result, True
    snapped = shapely.make_valid(
        _on_grid(original[areal]), method="structure", keep_collapsed=False
    )
    try:
        cleaned = shapely.coverage_clean(snapped, gap_width=tolerance)
        simplified = shapely.coverage_simplify(cleaned, tolerance)
        coverage = True
    except GEOSException:
        # Not a coverage GEOS can mend (rare): simplify each area on its own, topology kept.
        simplified = shapely.simplify(snapped, tolerance, preserve_topology=True)
        coverage = False
    # An area is never dropped: one that vanished keeps its grid-snapped outline.
    lost = shapely.is_empty(simplified) | ~np.isin(shapely.get_type_id(simplified), _AREAL)
    simplified[lost] = snapped[lost]
    result[areal] = simplified
    return result, coverage


def _on_grid(geometry: np.ndarray) -> np.ndarray:
    # np.round divides by a power of ten: each value is the double nearest its short decimal.
    return shapely.transform(geometry, lambda xy: np.round(xy, GRID_DECIMALS))


def _geojson(item: shapely.Geometry | None) -> dict | None:
    if item is None or shapely.is_empty(item):
        return None
    return shapely.geometry.mapping(item)


def _mercator_y(latitude: float) -> float:
    clipped = math.radians(max(min(latitude, 85.0511), -85.0511))
    return (1 - math.log(math.tan(clipped) + 1 / math.cos(clipped)) / math.pi) / 2
