"""Readers: files in, canonical frames out (EPSG:4326, codes as text).

Every reader raises :class:`geo.errors.DataError` naming the file, the column and the fix when
the input cannot be used; nothing returns ``None`` or an empty frame in place of an error.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
from pyogrio.errors import DataSourceError

from geo import schema as s
from geo.errors import DataError

_SITE_TEXT_COLUMNS = (s.SITE_CODE, s.DECLARED_TERRITORY, s.NUCLEO)


def read_boundaries(
    path: Path, code_column: str = s.CODE, name_column: str = s.NAME
) -> gpd.GeoDataFrame:
    """Polygons with ``codigo``, ``nombre`` and any other attributes, in EPSG:4326.

    Parameters
    ----------
    path : Path
        Any vector file GDAL reads (GeoJSON, GeoPackage, zipped shapefile...).
    code_column, name_column : str
        Columns holding each polygon's code and name.
    """
    try:
        frame = gpd.read_file(path)
    except (DataSourceError, OSError) as exc:
        raise DataError(
            f"could not be read as a boundary layer ({exc}).",
            str(path),
            "Use GeoJSON, GeoPackage or a zipped shapefile.",
        ) from None
    _require_columns(frame, (code_column, name_column), path)
    if frame.crs is None:
        frame = frame.set_crs(s.CRS_WGS84)
    frame = frame.to_crs(s.CRS_WGS84).rename(columns={code_column: s.CODE, name_column: s.NAME})
    frame[s.CODE] = frame[s.CODE].astype(str)
    frame[s.NAME] = frame[s.NAME].astype(str)
    return frame


def read_table(path: Path, text_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """A CSV table; ``text_columns`` stay text so codes keep their leading zeros."""
    try:
        return pd.read_csv(path, dtype={c: str for c in text_columns}, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataError(
            f"could not be read as a CSV table ({exc}).",
            str(path),
            "Save it as CSV (UTF-8) with one header row.",
        ) from None


def read_sites(path: Path) -> gpd.GeoDataFrame:
    """School sites as points from their ``latitud``/``longitud`` columns."""
    table = read_table(path, _SITE_TEXT_COLUMNS)
    _require_columns(table, (s.SITE_CODE, s.LATITUDE, s.LONGITUDE), path)
    points = gpd.points_from_xy(table[s.LONGITUDE], table[s.LATITUDE], crs=s.CRS_WGS84)
    return gpd.GeoDataFrame(table, geometry=points, crs=s.CRS_WGS84)


def read_site_years(path: Path) -> pd.DataFrame:
    """Yearly counts per site; missing counts stay missing (``<NA>``), never zero."""
    table = read_table(path, (s.SITE_CODE,))
    _require_columns(table, (s.SITE_CODE, s.YEAR, s.ENROLLED), path)
    for column in s.SITE_YEAR_COUNTS:
        if column in table:
            table[column] = pd.to_numeric(table[column], errors="raise").astype("Float64")
    table[s.YEAR] = table[s.YEAR].astype(int)
    return table


def read_population(path: Path) -> pd.DataFrame:
    """Population per territory (``codigo``) and year."""
    table = read_table(path, (s.CODE,))
    _require_columns(table, (s.CODE, s.YEAR, s.POPULATION_5_16), path)
    return table


def _require_columns(frame: pd.DataFrame, columns: tuple[str, ...], path: Path) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        found = ", ".join(map(str, frame.columns)) or "none"
        raise DataError(
            f"has no column {', '.join(missing)} (columns found: {found}).",
            str(path),
            "Rename the column or choose it in the column mapping.",
        )
