"""Which coordinate reference system a layer is really in.

Files lie: a GeoJSON says EPSG:9377 but holds degrees, or holds metres with no declaration
(GeoJSON readers then assume EPSG:4326). The coordinates decide; the declaration is believed
only when the coordinates agree with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import geopandas as gpd
from pyproj import CRS

from geo.model import schema as s
from geo.model.messages import Msg, msg

# Generous box around Medellín (lon, lat); official layers must land inside it.
MEDELLIN_BOX: Final = (-76.3, 5.7, -74.9, 6.9)
# Projected CRSs used for Medellín data, tried in this order when metres come undeclared.
CANDIDATES: Final = ("EPSG:9377", "EPSG:3116", "EPSG:32618", "EPSG:3115", "EPSG:6247")


class UnknownCrs(ValueError):
    """No CRS puts the coordinates near Medellín; ``reason`` says so in either language."""

    def __init__(self, reason: Msg) -> None:
        self.reason = reason
        super().__init__(reason.render("en"))


@dataclass(frozen=True)
class CrsDecision:
    declared: str | None
    used: str
    problem: str | None  # "crs_contradiction", "crs_assumed" or None
    detail: str | Msg = ""


def _name(crs: CRS | None) -> str | None:
    if crs is None:
        return None
    epsg = crs.to_epsg()
    return f"EPSG:{epsg}" if epsg else crs.to_string()


def looks_like_degrees(bounds: tuple[float, float, float, float]) -> bool:
    minx, miny, maxx, maxy = bounds
    return -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


def inside_medellin(bounds: tuple[float, float, float, float]) -> bool:
    """True when the bounds (lon, lat) fall inside :data:`MEDELLIN_BOX`."""
    minx, miny, maxx, maxy = bounds
    box = MEDELLIN_BOX
    return box[0] <= minx and maxx <= box[2] and box[1] <= miny and maxy <= box[3]


def _bounds_in_wgs84(frame: gpd.GeoDataFrame, crs: str) -> tuple[float, float, float, float]:
    return tuple(frame.set_crs(crs, allow_override=True).to_crs(s.CRS_WGS84).total_bounds)


def declared_geojson_crs(head: bytes) -> CRS | None:
    """The CRS a GeoJSON's legacy ``crs`` member declares in ``head`` (the file's first bytes),
    or None (RFC 7946: degrees)."""
    text = head.decode("utf-8", "ignore")
    match = re.search(r'"crs"\s*:\s*\{.*?"name"\s*:\s*"([^"]+)"', text, flags=re.DOTALL)
    if not match:
        return None
    try:
        return CRS.from_user_input(match.group(1))
    except Exception:
        return None


def to_wgs84(frame: gpd.GeoDataFrame, declared: CRS | None) -> tuple[gpd.GeoDataFrame, CrsDecision]:
    """``frame`` in EPSG:4326, from the CRS its non-empty geometries are found to be in.

    Raises :class:`UnknownCrs` as :func:`decide_crs` does.
    """
    usable = frame.geometry.notna() & ~frame.geometry.is_empty
    decision = decide_crs(frame[usable], declared)
    return frame.set_crs(decision.used, allow_override=True).to_crs(s.CRS_WGS84), decision


def decide_crs(frame: gpd.GeoDataFrame, declared: CRS | None) -> CrsDecision:
    """Decide the CRS of ``frame``'s coordinates given what the file ``declared`` (or None).

    Raises :class:`UnknownCrs` when the coordinates are metres in no known CRS near Medellín.
    """
    declared_name = _name(declared)
    bounds = tuple(frame.total_bounds)
    if looks_like_degrees(bounds):
        if declared is None or declared.is_geographic:
            return CrsDecision(declared_name, declared_name or s.CRS_WGS84, None)
        return CrsDecision(
            declared_name,
            s.CRS_WGS84,
            "crs_contradiction",
            msg("crs_degrees_detail", declared=declared_name),
        )
    if (
        declared is not None
        and declared.is_projected
        and inside_medellin(_bounds_in_wgs84(frame, declared_name))
    ):
        return CrsDecision(declared_name, declared_name, None)
    for candidate in CANDIDATES:
        if candidate != declared_name and inside_medellin(_bounds_in_wgs84(frame, candidate)):
            if declared is None:
                detail = msg("crs_assumed_detail", used=candidate)
                return CrsDecision(None, candidate, "crs_assumed", detail)
            detail = msg("crs_contradiction_detail", declared=declared_name, used=candidate)
            return CrsDecision(declared_name, candidate, "crs_contradiction", detail)
    raise UnknownCrs(
        msg(
            "crs_no_match",
            x=bounds[0],
            y=bounds[1],
            declared=declared_name or msg("none"),
            beyond=_out_of_range(frame),
        )
    )


def _out_of_range(frame: gpd.GeoDataFrame) -> Msg | str:
    """Where coordinates that look like degrees leave their range, or ''.

    Degrees a little beyond the range (longitude 324) are shifted or swapped degrees, not
    metres; saying so points at the column to check.
    """
    bounds = frame.geometry.bounds.reset_index(drop=True)
    latitudes = bounds[["miny", "maxy"]].abs().max(axis=1)
    longitudes = bounds[["minx", "maxx"]].abs().max(axis=1)
    if latitudes.max() > 1000 or longitudes.max() > 1000:
        return ""
    for axis, values, limit in (("longitude", longitudes, 180), ("latitude", latitudes, 90)):
        beyond = values[values > limit]
        if len(beyond):
            feature = int(beyond.index[0]) + 1
            return msg(
                "crs_beyond",
                axis=msg(axis),
                value=float(beyond.iloc[0]),
                feature=feature,
                limit=limit,
            )
    return ""
