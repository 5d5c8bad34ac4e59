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
from functools import cached_property
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
        i = self._positions.get(str(code))
        if i is None or not math.isfinite(self.points[i, 0]):
            return None
        lon, lat = self.points[i]
        return float(lon), float(lat), float(self.radius_m[i]), float(self.area[i])

    def position(self, code: str) -> int:
        """The row of ``code`` in these places, or -1."""
        return self._positions.get(code, -1)

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {code: i for i, code in enumerate(self.codes)}


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


@dataclass(frozen=True)
class Placed:
    """A name as drawn: which form of it (its text), where its centre is (pixels) and its box
    (left, top, right, bottom; pixels, y downwards)."""

    index: int
    text: str
    short: bool
    x: float
    y: float
    box: tuple[float, float, float, float]


def forms(name: str, short: str) -> list[tuple[str, bool]]:
    """A name's forms, longest first: on one line, on two (split at the space that makes
    the lines most even), and its short form if it has one. The browser's layer
    (``geo.render.maps._Labels``) makes the same ones."""
    out = [(name, False)]
    words = name.split(" ")
    if len(words) > 1:
        split = min(
            range(1, len(words)),
            key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))),
        )
        out.append((" ".join(words[:split]) + "\n" + " ".join(words[split:]), False))
    if short:
        out.append((short, True))
    return out


def layout(
    labels: list[tuple[float, float, float, list[tuple[str, bool]]]],
    measure,
    *,
    obstacles: list[tuple[float, float, float, float]] = (),
    gap: float = 1.0,
) -> list[Placed]:
    """Which names to draw, in which form and where: the rule of the browser's layer.

    ``labels`` holds, largest area first, each name's centre in pixels (x, y), the radius
    in pixels of the room it has (its inscribed circle, times the level's room) and its
    ``forms``; ``measure(text, short)`` gives a form's (width, height) in pixels. A form fits
    when its box is inside the circle (a short form only as tall as it); it may go at the
    centre or at eight places around it that keep it inside. First as many names as can be
    shown, each in its smallest fitting form clear of the ones already shown (and of the
    ``obstacles``), then each grown to its longest form that stays clear.
    """
    placed_boxes: list[tuple[float, float, float, float]] = list(obstacles)

    def free(box, skip=None) -> bool:
        return all(
            other is skip
            or box[2] <= other[0]
            or other[2] <= box[0]
            or box[3] <= other[1]
            or other[3] <= box[1]
            for other in placed_boxes
        )

    options: list[list[tuple[str, bool, list[tuple[float, float, tuple]]]]] = []
    for x, y, radius, label_forms in labels:
        fitting = []
        for text, short in label_forms:
            width, height = measure(text, short)
            reach = height / 2 if short else math.hypot(width, height) / 2
            if reach > radius:
                continue
            slack = radius - reach
            offsets = [(0.0, 0.0)]  # then whole pixels towards the centre: still inside
            if slack >= 2:
                offsets += [
                    (
                        int(slack * math.cos(a * math.pi / 4)),
                        int(slack * math.sin(a * math.pi / 4)),
                    )
                    for a in range(8)
                ]
            spots = []
            for dx, dy in offsets:
                cx, cy = x + dx, y + dy
                box = (
                    cx - width / 2 - gap,
                    cy - height / 2 - gap,
                    cx + width / 2 + gap,
                    cy + height / 2 + gap,
                )
                spots.append((cx, cy, box))
            fitting.append((text, short, spots, width * height))
        options.append(fitting)

    def spot(option, skip=None):
        return next((s for s in option[2] if free(s[2], skip)), None)

    chosen: list[tuple | None] = []
    for fitting in options:
        pick = None
        if fitting:
            smallest = min(fitting, key=lambda option: option[3])
            where = spot(smallest)
            if where is not None:
                placed_boxes.append(where[2])
                pick = (smallest, where)
        chosen.append(pick)
    for index, current in enumerate(chosen):
        if current is None:
            continue
        for option in options[index]:
            if option is current[0]:
                break
            where = spot(option, skip=current[1][2])
            if where is not None:
                at = next(i for i, box in enumerate(placed_boxes) if box is current[1][2])
                placed_boxes[at] = where[2]
                chosen[index] = (option, where)
                break
    return [
        Placed(index, option[0], option[1], where[0], where[1], where[2])
        for index, pick in enumerate(chosen)
        if pick is not None
        for option, where in [pick]
    ]
