"""How far children live from a school that offers their level (issue 18).

For each barrio/vereda, the **straight-line distance** from its representative point (a point
inside it: ``shapely.point_on_surface``) to the nearest site that offers the level, in metres
in EPSG:9377 (MAGNA-SIRGAS origen nacional, a projected CRS in metres for all of Colombia).
It is not the walking or travel distance: hills, the river and the road network make real
trips longer. When the user brings a road-network travel-time table (origin barrio, site,
minutes), its shortest time to an offering site is used instead.

A barrio is *beyond* when farther than its zone's threshold (1 km in the urban comunas, 3 km
in the rural corregimientos, editable). A territory's share beyond is the share of its
school-age population of the level living in barrios beyond, when the population per barrio
is given; otherwise the share of its barrios (said so).

The nearest site comes from a KD-tree (``scipy.spatial.cKDTree``) over the sites: building
it is O(n log n) and each query O(log n), so 54,000 sites and 1,100 origins take
milliseconds, where a double loop would compare every pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.analysis.projection import (
    OFFICIAL_SECTOR,
    population_column,
    school_year,
    with_age_groups,
)
from geo.analysis.zones import area_kinds
from geo.model import schema as s
from geo.model.dataset import Dataset
from geo.model.messages import Msg, msg

DEFAULT_THRESHOLDS_M: Final = {"urbano": 1000.0, "rural": 3000.0}
DEFAULT_THRESHOLDS_MIN: Final = {"urbano": 20.0, "rural": 45.0}
ZONES: Final = ("urbano", "rural")

# Columns of the result tables.
DISTANCE: Final = "distancia_m"
MINUTES: Final = "minutos"
ORIGIN: Final = "origen"  # travel-time table: the origin barrio/vereda's code
NEAREST: Final = "sede_cercana"
NEAREST_NAME: Final = "nombre_sede_cercana"
ZONE: Final = "zona_acceso"  # "urbano" or "rural": which threshold applies
THRESHOLD: Final = "umbral"
BEYOND_FLAG: Final = "lejos"  # farther than the threshold
WEIGHT: Final = "poblacion_nivel"  # the barrio's school-age population of the level (or 1)
BEYOND: Final = "poblacion_lejos"  # per territory: population (or barrios) beyond
SHARE: Final = "proporcion_lejos"  # per territory: BEYOND / the total


@dataclass(frozen=True)
class Access:
    """Access to ``education_level`` for every barrio/vereda and, summed, every territory.

    ``measure`` is ``"metres"`` (straight line) or ``"minutes"`` (the travel-time table).
    ``weighted`` says whether shares count children (True) or barrios (False).
    """

    education_level: str
    measure: str
    thresholds: dict[str, float]
    sites_choice: str
    weighted: bool
    year: int
    barrios: gpd.GeoDataFrame
    territories: pd.DataFrame
    sites: gpd.GeoDataFrame  # the offering sites, in EPSG:4326
    city_share: float
    notes: tuple[Msg, ...] = field(default_factory=tuple)


def nearest(
    origins: gpd.GeoDataFrame | gpd.GeoSeries, sites: gpd.GeoDataFrame | gpd.GeoSeries
) -> tuple[np.ndarray, np.ndarray]:
    """Straight-line distance (in the frames' CRS units) from each origin point to the nearest
    site point, and that site's position in ``sites``; both must share a projected CRS."""
    return _nearest_xy(
        shapely.get_coordinates(np.asarray(origins.geometry)),
        shapely.get_coordinates(np.asarray(sites.geometry)),
    )


def _nearest_xy(origin_xy: np.ndarray, site_xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from scipy.spatial import cKDTree  # the tree is this module's only use of scipy

    if len(site_xy) == 0:
        return np.full(len(origin_xy), np.nan), np.full(len(origin_xy), -1)
    distance, index = cKDTree(site_xy).query(origin_xy, k=1)
    return np.asarray(distance, dtype=float), np.asarray(index, dtype=int)


def origins(dataset: Dataset) -> gpd.GeoDataFrame:
    """Each barrio/vereda's representative point (inside it), with its code, name and
    territory, in the barrios' CRS."""
    barrios = dataset.barrios
    columns = [c for c in (s.CODE, s.NAME, s.TERRITORY) if c in barrios]
    return gpd.GeoDataFrame(
        barrios[columns].copy(),
        geometry=shapely.point_on_surface(np.asarray(barrios.geometry)),
        crs=barrios.crs,
    )


@dataclass(frozen=True)
class _Prepared:
    """What every access computation of a dataset shares, whatever the level: the origins and
    the sites in metres, the origins' zones, and the latest year's rows as arrays (each row's
    site position, whether it is official, its seats and enrolment per level). Derived once
    per dataset (``Dataset.once``): a level or threshold change then costs a few milliseconds.
    """

    origins: gpd.GeoDataFrame
    origin_xy: np.ndarray
    zones: np.ndarray
    sites: gpd.GeoDataFrame  # sites with a point, sorted by code
    site_xy: np.ndarray
    row_site: np.ndarray  # latest year's rows: position in ``sites`` (-1: none)
    row_official: np.ndarray
    row_values: dict[str, np.ndarray]  # cupos_<level> / matricula_<level>, NaN as 0


def _prepare(dataset: Dataset) -> _Prepared:
    metric = s.CRS_MAGNA_NATIONAL
    points = origins(dataset)
    sites = dataset.sites[dataset.sites.geometry.notna() & ~dataset.sites.geometry.is_empty]
    sites = sites.sort_values(s.SITE_CODE).reset_index(drop=True)
    facts = dataset.facts
    year = school_year(dataset)  # the school data's year, not a sites-only one
    latest = facts[((facts[s.YEAR] == year) & facts[s.SITE_CODE].notna()).to_numpy()]
    position = pd.Series(np.arange(len(sites)), index=sites[s.SITE_CODE].to_numpy())
    row_site = latest[s.SITE_CODE].map(position).fillna(-1).to_numpy(dtype=int)
    official = (
        (latest[s.SECTOR] == OFFICIAL_SECTOR).to_numpy(dtype=bool)
        if s.SECTOR in latest
        else np.ones(len(latest), dtype=bool)
    )
    values = {
        column: pd.to_numeric(latest[column], errors="coerce").fillna(0).to_numpy(dtype=float)
        for column in latest.columns
        if column.startswith((s.CAPACITY + "_", s.ENROLLED + "_"))
    }
    return _Prepared(
        origins=points,
        origin_xy=shapely.get_coordinates(np.asarray(points.to_crs(metric).geometry)),
        zones=_zones(dataset, points).to_numpy(),
        sites=sites,
        site_xy=shapely.get_coordinates(np.asarray(sites.to_crs(metric).geometry)),
        row_site=row_site,
        row_official=official,
        row_values=values,
    )


def _prepared(dataset: Dataset) -> _Prepared:
    return dataset.once(("access", "prepared"), lambda: _prepare(dataset))


def _offering_mask(
    prepared: _Prepared, education_level: str, sites: str
) -> tuple[np.ndarray, bool]:
    rows = prepared.row_site >= 0
    if sites == "official":
        rows &= prepared.row_official
    columns = [
        c
        for c in (s.at_level(s.CAPACITY, education_level), s.at_level(s.ENROLLED, education_level))
        if c in prepared.row_values
    ]
    said = bool(columns)
    if said:
        rows &= np.logical_or.reduce([prepared.row_values[c] > 0 for c in columns])
    mask = np.zeros(len(prepared.sites), dtype=bool)
    mask[prepared.row_site[rows]] = True
    return mask, said


def offering_sites(
    dataset: Dataset, education_level: str, sites: str = "all"
) -> tuple[gpd.GeoDataFrame, bool]:
    """The sites that offer the level in the latest year (seats or enrolment of the level
    > 0), official only when ``sites="official"``, sorted by code; and whether the table said
    which levels each site offers (when it does not, every site counts)."""
    prepared = _prepared(dataset)
    mask, said = _offering_mask(prepared, education_level, sites)
    return prepared.sites[mask].reset_index(drop=True), said


def _zones(dataset: Dataset, points: pd.DataFrame) -> pd.Series:
    kinds = area_kinds(dataset, points, "barrio")
    if kinds is None:
        return pd.Series("urbano", index=points.index)
    return kinds.map({"corregimiento": "rural"}).fillna("urbano")


def _weights(dataset: Dataset, codes: pd.Series, education_level: str, year: int) -> pd.Series:
    """The level's population of each barrio in ``year`` (or the nearest year before it that
    the table has; the earliest after it otherwise)."""
    table = with_age_groups(dataset.barrio_population)
    column = population_column(education_level)
    if column not in table:
        return pd.Series(np.nan, index=codes.index)
    years = sorted(int(y) for y in table[s.YEAR].dropna().unique())
    chosen = max((y for y in years if y <= year), default=years[0])
    rows = table[table[s.YEAR] == chosen]
    by_code = rows.groupby(rows[s.BARRIO].astype(str))[column].sum(min_count=1)
    return codes.astype(str).map(by_code).astype(float)


def _thresholds(given: float | dict[str, float] | None, default: dict[str, float]) -> dict:
    if given is None:
        return dict(default)
    if isinstance(given, int | float):
        return dict.fromkeys(ZONES, float(given))
    return {zone: float(given.get(zone, default[zone])) for zone in ZONES}


def _by_travel_time(
    points: pd.DataFrame, offering: gpd.GeoDataFrame, times: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """The shortest time from each origin to an offering site, and that site's code."""
    usable = times[times[s.SITE_CODE].astype(str).isin(set(offering[s.SITE_CODE].astype(str)))]
    usable = usable.dropna(subset=[MINUTES]).sort_values([ORIGIN, MINUTES, s.SITE_CODE])
    best = usable.drop_duplicates(ORIGIN).set_index(usable.drop_duplicates(ORIGIN)[ORIGIN])
    codes = points[s.CODE].astype(str)
    minutes = codes.map(best[MINUTES]).astype(float).to_numpy()
    site = codes.map(best[s.SITE_CODE]).to_numpy()
    return minutes, site


def access(
    dataset: Dataset,
    education_level: str,
    *,
    sites: str = "all",
    thresholds: float | dict[str, float] | None = None,
    travel_times: pd.DataFrame | None = None,
    thresholds_min: float | dict[str, float] | None = None,
) -> Access:
    """Distance (or travel time) from every barrio/vereda to the nearest offering site.

    Parameters
    ----------
    dataset : Dataset
        Needs barrios; barrio population, when present, weights the shares.
    education_level : {"transicion", "primaria", "secundaria", "media"}
    sites : {"all", "official"}
    thresholds : float or dict, optional
        Metres beyond which a barrio is far, per zone (``{"urbano": 1000, "rural": 3000}``);
        one number for both.
    travel_times : DataFrame, optional
        ``origen`` (barrio code), ``codigo_dane``, ``minutos``; used instead of the straight
        line (default: the dataset's own table, if it has one).
    thresholds_min : float or dict, optional
        Minutes beyond which a barrio is far, when travel times are used.
    """
    if education_level not in s.LEVEL_AGES:
        raise ValueError(
            f"Unknown education level {education_level!r}; valid: {', '.join(s.EDUCATION_LEVELS)}."
        )
    if dataset.barrios is None:
        raise ValueError("access needs barrios/veredas")
    times = travel_times if travel_times is not None else dataset.travel_times
    year = school_year(dataset)
    prepared = _prepared(dataset)
    mask, said = _offering_mask(prepared, education_level, sites)
    offering = prepared.sites[mask].reset_index(drop=True)
    points = prepared.origins
    out = gpd.GeoDataFrame(
        points.drop(columns="geometry"), geometry=dataset.barrios.geometry.values
    )
    notes: list[Msg] = [] if said else [msg("network_no_level_sites")]
    if times is not None:
        measure, column = "minutes", MINUTES
        limits = _thresholds(thresholds_min, DEFAULT_THRESHOLDS_MIN)
        value, nearest_code = _by_travel_time(points, offering, times)
        notes.append(msg("network_travel_used", n=len(times)))
    else:
        measure, column = "metres", DISTANCE
        limits = _thresholds(thresholds, DEFAULT_THRESHOLDS_M)
        value, index = _nearest_xy(prepared.origin_xy, prepared.site_xy[mask])
        codes = offering[s.SITE_CODE].to_numpy()
        nearest_code = (
            np.where(index >= 0, codes[np.clip(index, 0, None)], None)
            if len(offering)
            else np.full(len(points), None)
        )
    out[column] = value
    out[NEAREST] = nearest_code
    names = (
        dict(zip(offering[s.SITE_CODE], offering[s.SITE_NAME], strict=True))
        if (s.SITE_NAME in offering)
        else {}
    )
    out[NEAREST_NAME] = out[NEAREST].map(names)
    out[ZONE] = prepared.zones
    out[THRESHOLD] = out[ZONE].map(limits).astype(float)
    out[BEYOND_FLAG] = (out[column] > out[THRESHOLD]) | out[column].isna()
    weighted = dataset.barrio_population is not None
    if weighted:
        out[WEIGHT] = dataset.once(
            ("access", "weights", education_level, year),
            lambda: _weights(dataset, out[s.CODE], education_level, year).to_numpy(),
        )
        weighted = bool(out[WEIGHT].notna().any())
    if not weighted:
        out[WEIGHT] = 1.0
    territories, city_share = _shares(out)
    return Access(
        education_level=education_level,
        measure=measure,
        thresholds=limits,
        sites_choice=sites,
        weighted=weighted,
        year=year,
        barrios=out,
        territories=territories,
        sites=offering,
        city_share=city_share,
        notes=tuple(notes),
    )


def _shares(barrios: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    weight = np.nan_to_num(barrios[WEIGHT].to_numpy(dtype=float))
    beyond = np.where(barrios[BEYOND_FLAG].to_numpy(dtype=bool), weight, 0.0)
    codes, groups = pd.factorize(barrios[s.TERRITORY], sort=True)
    keep = codes >= 0
    totals = np.bincount(codes[keep], weights=weight[keep], minlength=len(groups))
    far = np.bincount(codes[keep], weights=beyond[keep], minlength=len(groups))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(totals > 0, far / totals, np.nan)
    sums = pd.DataFrame({s.CODE: np.asarray(groups), WEIGHT: totals, BEYOND: far, SHARE: share})
    total = float(weight.sum())
    return sums, (float(beyond.sum()) / total if total > 0 else float("nan"))


def farthest(result: Access, count: int = 10) -> pd.DataFrame:
    """The ``count`` barrios/veredas farthest from an offering site, farthest first (ties by
    code, so the list is stable)."""
    column = DISTANCE if result.measure == "metres" else MINUTES
    frame = pd.DataFrame(result.barrios.drop(columns="geometry"))
    ordered = frame.sort_values([column, s.CODE], ascending=[False, True], na_position="first")
    return ordered.head(count).reset_index(drop=True)


def threshold_setting(
    given: str | None, zone: str, minutes: bool
) -> tuple[int, int, int, int, int]:
    """A zone's threshold as a form asks it: (start, default, lowest, highest, step), in
    metres, or minutes with a travel-time table; ``given`` (the link's text) is the start
    when it is a whole number in range, else the default."""
    default = int((DEFAULT_THRESHOLDS_MIN if minutes else DEFAULT_THRESHOLDS_M)[zone])
    low, high, step = (1, 600, 5) if minutes else (100, 50_000, 100)
    start = (
        int(given)
        if given is not None and given.isdigit() and low <= int(given) <= high
        else default
    )
    return start, default, low, high, step


def access_once(dataset: Dataset, level: str, sites: str, thresholds: dict[str, float]) -> Access:
    """:func:`access` computed once per dataset and inputs (``Dataset.remember``), the
    thresholds read as metres or, with a travel-time table, minutes."""
    key = ("red_escolar_access", level, sites, tuple(sorted(thresholds.items())))
    return dataset.remember(
        key,
        lambda: access(
            dataset, level, sites=sites, thresholds=thresholds, thresholds_min=thresholds
        ),
    )
