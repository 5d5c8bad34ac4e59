"""Names on the map: where each area's name goes, worked out once per dataset and level.

Each name is centred on the centre of the largest circle inside its area as the map draws it
(the simplified ``map_geometry``): the point farthest from every edge, so the name sits in the
widest part of the area, inside it even when the area is a crescent or a ring. The circle's
radius says how much room there is; the browser (``geo.render.maps``) uses it to show a name
only where it fits at the current zoom and to drop the names that would cover others, the
largest areas first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
import shapely

from geo.model.dataset import Dataset
from geo.render.display import map_geometry

_METRES_PER_DEGREE: Final = 111_320.0
# Levels whose names may be shortened to the area's number where the name does not fit (the
# comunas and corregimientos are known by number: "Comuna 10").
NUMBERED_LEVELS: Final = frozenset({"territorio"})


@dataclass(frozen=True)
class LabelPlaces:
    """Where each area of a level puts its name, in the order of ``map_geometry``'s codes.

    ``points`` holds (longitude, latitude) of each label's centre, ``radius_m`` the radius in
    metres of the largest circle inside the area around it, ``area`` the area's size (square
    degrees, to rank them: the largest is placed first). Areas without a shape have NaN.
    """

    codes: tuple[str, ...]
    points: np.ndarray
    radius_m: np.ndarray
    area: np.ndarray

    def of(self, code: str) -> tuple[float, float, float, float] | None:
        """(longitude, latitude, radius in metres, size) of ``code``'s label, or None."""
        try:
            i = self.codes.index(str(code))
        except ValueError:
            return None
        if not math.isfinite(self.points[i, 0]):
            return None
        return (*(float(v) for v in self.points[i]), float(self.radius_m[i]), float(self.area[i]))


def label_places(dataset: Dataset, level: str) -> LabelPlaces:
    """The labels' places for ``level``'s areas as the map draws them; once per dataset
    and level (``Dataset.once``)."""

    def make() -> LabelPlaces:
        drawn = map_geometry(dataset, level)
        return place(drawn.geometry, drawn.codes)

    return dataset.once(("label_places", level), make)


def place(geometry: np.ndarray | list, codes: tuple[str, ...] | list[str]) -> LabelPlaces:
    """The centre and radius of the largest circle inside each of ``geometry`` (EPSG:4326).

    The circle is found on a local equirectangular plane (longitudes shrunk by the cosine of
    the latitude), so that it is round on the ground and on the map rather than in degrees.
    """
    shapes = np.asarray(geometry, dtype=object)
    count = len(shapes)
    points = np.full((count, 2), np.nan)
    radius = np.full(count, np.nan)
    area = np.full(count, np.nan)
    usable = np.array(
        [g is not None and not g.is_empty and g.geom_type.endswith("Polygon") for g in shapes],
        dtype=bool,
    )
    if usable.any():
        miny, maxy = shapely.total_bounds(shapes[usable])[[1, 3]]
        scale = math.cos(math.radians((miny + maxy) / 2))
        flat = shapely.transform(shapes[usable], lambda xy: xy * np.array([scale, 1.0]))
        # A tolerance of a thousandth of each area's size: a metre or two for a comuna.
        sizes = np.array([max(b[2] - b[0], b[3] - b[1]) for b in shapely.bounds(flat)])
        lines = shapely.maximum_inscribed_circle(flat, sizes / 1000)
        centres = shapely.get_coordinates(shapely.get_point(lines, 0))
        radius[usable] = shapely.length(lines) * _METRES_PER_DEGREE
        centres[:, 0] /= scale
        points[usable] = centres
        area[usable] = shapely.area(flat)
    return LabelPlaces(tuple(str(c) for c in codes), points, radius, area)


def short_name(code: str, level: str) -> str:
    """The short form of a name that does not fit: the comuna's or corregimiento's number
    ("10" for La Candelaria), or "" (no short form) at other levels or for long codes."""
    if level not in NUMBERED_LEVELS:
        return ""
    number = str(code).lstrip("0")
    return number if number.isdigit() and len(number) <= 3 else ""
