"""Exports of the Red escolar (issue 18): the projection per area and the access per
barrio/vereda, in the atlas's table formats (GeoJSON, GeoPackage, CSV, CSV for Excel in
Spanish, XLSX), each with its metadata: what was computed, how, from which sources.

The same inputs give the same bytes (``SOURCE_DATE_EPOCH`` fixes the generation time), and
``python -m geo network`` / ``python -m geo access`` write exactly what the page downloads.
"""

from __future__ import annotations

from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import __version__
from geo.analysis.access import (
    BEYOND,
    BEYOND_FLAG,
    DISTANCE,
    MINUTES,
    NEAREST,
    NEAREST_NAME,
    SHARE,
    THRESHOLD,
    WEIGHT,
    ZONE,
    Access,
)
from geo.analysis.catchments import CHILDREN, LOAD, NEEDED_HERE, Catchments
from geo.analysis.catchments import summary as catchment_summary
from geo.analysis.projection import (
    DEFICIT_YEAR,
    GAP,
    NEEDED,
    OFFERED,
    POPULATION,
    SEAT_SOURCE,
    SITES,
    SPLIT,
    Projection,
    population_column,
)
from geo.export.files import TABLE_WRITERS
from geo.export.tables import generated_at
from geo.model import schema as s
from geo.model.dataset import Dataset
from geo.model.i18n import t

NETWORK_FORMATS: Final = ("geojson", "gpkg", "csv", "csv-excel-es", "xlsx")


def projection_table(result: Projection, areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per area with its shape (``areas``, by code): the horizon year's population,
    seats needed and offered, the gap, the year the deficit appears, and each year's gap as
    ``deficit_<year>``. Seats are rounded to whole seats."""
    frame = areas[[s.CODE, "geometry"]].merge(result.areas, on=s.CODE, how="left")
    table = pd.DataFrame(
        {
            s.CODE: frame[s.CODE].astype(str),
            s.NAME: frame[s.NAME],
            "nivel_educativo": result.education_level,
            "anio_horizonte": result.horizon,
            POPULATION: frame[POPULATION].round(),
            NEEDED: frame[NEEDED].round(),
            OFFERED: frame[OFFERED].round(),
            GAP: frame[GAP].round(),
            DEFICIT_YEAR: frame[DEFICIT_YEAR].astype("Int64"),
            SITES: frame[SITES],
            SEAT_SOURCE: frame[SEAT_SOURCE],
            "poblacion_repartida": frame[SPLIT].fillna(False).astype(bool),
        }
    )
    by_year = result.years.pivot(index=s.CODE, columns=s.YEAR, values=GAP).round()
    for year in by_year.columns:
        table[f"{GAP}_{year}"] = table[s.CODE].map(by_year[year])
    return gpd.GeoDataFrame(table, geometry=frame.geometry.values, crs=areas.crs).to_crs(
        s.CRS_WGS84
    )


def access_table(result: Access) -> gpd.GeoDataFrame:
    """One row per barrio/vereda with its shape: the distance in metres to the centimetre (or
    the minutes), the nearest offering site, its zone's threshold, whether it is beyond, and
    the level's population that weights the shares."""
    frame = result.barrios
    value = MINUTES if result.measure == "minutes" else DISTANCE
    table = pd.DataFrame(
        {
            s.CODE: frame[s.CODE].astype(str),
            s.NAME: frame[s.NAME],
            s.TERRITORY: frame[s.TERRITORY],
            "nivel_educativo": result.education_level,
            value: frame[value].round(2),
            NEAREST: frame[NEAREST],
            NEAREST_NAME: frame[NEAREST_NAME],
            ZONE: frame[ZONE],
            THRESHOLD: frame[THRESHOLD],
            BEYOND_FLAG: frame[BEYOND_FLAG].astype(bool),
            WEIGHT: frame[WEIGHT] if result.weighted else np.nan,
        }
    )
    return gpd.GeoDataFrame(table, geometry=frame.geometry.values, crs=frame.crs).to_crs(
        s.CRS_WGS84
    )


def catchments_table(result: Catchments) -> gpd.GeoDataFrame:
    """One row per offering site with its catchment's shape: seats (and whether declared or
    the enrolment), the level's children nearest to it, the seats they need, the load."""
    frame = result.sites
    columns = [c for c in (s.SITE_CODE, s.SITE_NAME, s.TERRITORY, s.SECTOR) if c in frame]
    table = pd.DataFrame(frame[columns]).assign(
        nivel_educativo=result.education_level,
        **{
            OFFERED: frame[OFFERED],
            SEAT_SOURCE: frame[SEAT_SOURCE],
            CHILDREN: frame[CHILDREN].round(2),
            NEEDED_HERE: frame[NEEDED_HERE].round(2),
            LOAD: frame[LOAD].round(6),
        },
    )
    return gpd.GeoDataFrame(table, geometry=frame.geometry.values, crs=frame.crs)


def catchments_metadata(
    result: Catchments, coverage: float, dataset: Dataset, lang: str, query: str
) -> dict:
    """How the catchments were made (nearest-site areas, children by surface), what a load
    above 100 % means and when it is unreliable, and the summary figures."""
    level = t(f"network_level_{result.education_level}", lang)
    figures = catchment_summary(result)
    return {
        "title": t("reading_catchments_title", lang).format(level=level),
        "education_level": result.education_level,
        "coverage_target": round(coverage, 6),
        "method": t("network_catchments_note", lang),
        "reading": t("reading_catch_explained", lang).replace("**", "").replace("*", ""),
        "summary": {
            key: None if isinstance(value, float) and np.isnan(value) else value
            for key, value in figures.items()
        },
        **_common(dataset, lang, query, ()),
    }


def _common(dataset: Dataset, lang: str, query: str, notes) -> dict:
    return {
        "notes": [note.render(lang) for note in notes],
        "sources": [
            {"name": src.name, "licence": src.licence, "url": src.url, "retrieved": src.retrieved}
            for src in dataset.sources
        ],
        "demo": dataset.is_demo,
        "notice": t("demo_badge", lang) if dataset.is_demo else "",
        "view": query,
        "crs": "EPSG:4326 (distances computed in EPSG:9377)",
        "generated": generated_at(),
        "generator": f"atlas-educativo-medellin {__version__}",
    }


def projection_metadata(result: Projection, dataset: Dataset, lang: str, query: str) -> dict:
    """How the projection was made: level, ages, horizon, coverage target, seats, the sign."""
    level = t(f"network_level_{result.education_level}", lang)
    target = f"{100 * result.target:.1f} %"
    return {
        "title": t("network_gap_title", lang).format(level=level, year=result.horizon),
        "education_level": result.education_level,
        "population_column": population_column(result.education_level),
        "official_ages": list(s.LEVEL_AGES[result.education_level]),
        "geographic_level": result.geo_level,
        "base_year": result.base_year,
        "horizon": result.horizon,
        "coverage_target": round(result.target, 6),
        "coverage_target_is_current": result.target_is_current,
        "current_coverage": None if result.coverage is None else round(result.coverage, 6),
        "current_coverage_kind": result.coverage_kind,
        "sites": result.sites,
        "formula": t("network_gap_note", lang).format(target=target, base=result.base_year),
        "sign": t("network_gap_subtitle", lang),
        "city": {
            NEEDED: float(result.areas[NEEDED].sum().round()),
            OFFERED: float(result.areas[OFFERED].sum().round()),
            GAP: float(result.areas[GAP].sum().round()),
            "areas_with_deficit": int((result.areas[GAP] > 0).sum()),
        },
        **_common(dataset, lang, query, result.notes),
    }


def access_metadata(result: Access, dataset: Dataset, lang: str, query: str) -> dict:
    """How the access was measured: straight line in EPSG:9377 (or travel times), the
    thresholds, the shares beyond them."""
    level = t(f"network_level_{result.education_level}", lang)
    minutes = result.measure == "minutes"
    title = "network_access_minutes_title" if minutes else "network_access_title"
    shares = result.territories
    return {
        "title": t(title, lang).format(level=level),
        "education_level": result.education_level,
        "measure": result.measure,
        "method": t("network_straight_line", lang).replace("**", "") if not minutes else "",
        "distance_crs": s.CRS_MAGNA_NATIONAL,
        "thresholds": result.thresholds,
        "sites": result.sites_choice,
        "offering_sites": len(result.sites),
        "year": result.year,
        "weighted_by_population": result.weighted,
        "city_share_beyond": None if np.isnan(result.city_share) else round(result.city_share, 6),
        "territories": {
            str(row[s.CODE]): {
                "beyond": float(row[BEYOND]),
                "share": None if pd.isna(row[SHARE]) else round(float(row[SHARE]), 6),
            }
            for _, row in shares.iterrows()
        },
        **_common(dataset, lang, query, result.notes),
    }


def write(table: gpd.GeoDataFrame, meta: dict, fmt: str) -> bytes:
    """``table`` with ``meta`` in format ``fmt`` (one of ``NETWORK_FORMATS``)."""
    if fmt not in NETWORK_FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; valid: {', '.join(NETWORK_FORMATS)}.")
    return TABLE_WRITERS[fmt](table, meta)


def network_command(
    level: str, horizon: int, geo_level: str, sites: str, target: float | None
) -> str:
    """The ``python -m geo network`` line that writes the page's gap table."""
    return (
        f"python -m geo network --education-level {level} --horizon {horizon} "
        f"--level {geo_level} --sites {sites}"
        + ("" if target is None else f" --coverage-target {target:g}")
        + f" -o red_{level}_{horizon}.geojson"
    )


def access_command(level: str, sites: str, thresholds: dict[str, float]) -> str:
    """The ``python -m geo access`` line that writes the page's distance table."""
    return (
        f"python -m geo access --education-level {level} --sites {sites} "
        f"--threshold-m {thresholds['urbano']:g} --rural-threshold-m {thresholds['rural']:g} "
        f"-o acceso_{level}.geojson"
    )
