"""The schools table: one site per DANE code, with its point, and the yearly counts.

DANE codes Excel damaged, missing or swapped coordinates, several sites at one point and
impossible counts (negative, above enrolment) are reported; the good rows are used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import DataError
from geo.io.columns import (
    COUNT_ALIASES,
    SITE_ALIASES,
    YEAR_ALIASES,
    detect_columns,
)
from geo.io.ingest.cells import _count_numbers, _file_rows, _report_unreadable, _years
from geo.io.ingest.inputs import Inputs
from geo.io.ingest.levels import widen_levels
from geo.io.readers import TableRead, read_table, to_numbers
from geo.io.report import FileRead, Problem, Report
from geo.model import schema as s
from geo.model.dataset import POPULATION_COLUMNS
from geo.model.messages import msg
from geo.model.schema import normalise_header

_SECTORS: Final = {
    "oficial": "Oficial",
    "no oficial": "No oficial",
    "privado": "No oficial",
    "privada": "No oficial",
    "no_oficial": "No oficial",
    "cobertura contratada": "Cobertura contratada",
    "contratada": "Cobertura contratada",
}
_ZONES: Final = {
    "urbana": "Urbana",
    "urbano": "Urbana",
    "u": "Urbana",
    "rural": "Rural",
    "r": "Rural",
}
_LOCATION_WORDS: Final = ("comuna", "barrio", "vereda", "direccion", "telefono", "cbml")
_TRUE: Final = {"1", "si", "sí", "s", "yes", "y", "true", "verdadero", "x"}
_FALSE: Final = {"0", "no", "n", "false", "falso"}


def _read_schools(
    path: Path, inputs: Inputs, report: Report
) -> tuple[gpd.GeoDataFrame, pd.DataFrame | None]:
    """Sites (one row per DANE code, with a point where known) and any yearly counts."""
    table = read_table(path, inputs.layers.get("schools"), sheet=inputs.sheets.get("schools"))
    frame, by_level = widen_levels(table.frame)  # one row per site, year and level: made wide
    aliases = {**SITE_ALIASES, s.YEAR: YEAR_ALIASES, **_count_aliases()}
    columns = detect_columns(frame.columns, aliases, inputs.mapping)
    notes = [*table.notes, *([by_level] if by_level else [])]
    read = FileRead("schools", path.name, table.format, len(frame), columns=columns, notes=notes)
    if table.crs is not None:
        read.declared_crs, read.used_crs = table.crs.declared, table.crs.used
        if table.crs.problem:
            report.add(Problem(table.crs.problem, path.name, detail=table.crs.detail))
    report.files.append(read)
    if s.SITE_CODE not in columns:
        found = ", ".join(map(str, frame.columns))
        raise DataError(
            msg("schools_no_code", found=found),
            path.name,
            msg("schools_no_code_fix", column=s.SITE_CODE),
        )
    _report_unreadable(table, path, report)
    frame = _with_codes(frame, columns[s.SITE_CODE], path, report)

    points = _site_points(frame, columns, table, path, report, read)
    first = ~frame["_code"].duplicated(keep="first")
    if s.YEAR not in columns:
        for row, code in frame.loc[~first, ["_row", "_code"]].itertuples(index=False):
            report.add(
                Problem(
                    "duplicate_code", path.name, int(row), code, detail=msg("detail_first_used")
                )
            )
    attributes = pd.DataFrame({s.SITE_CODE: frame["_code"].to_numpy()})
    attributes[s.SITE_NAME] = _column(frame, columns, s.SITE_NAME).to_numpy()
    attributes[s.SECTOR] = (
        _column(frame, columns, s.SECTOR)
        .map(lambda v: _SECTORS.get(str(v).strip().lower(), v) if pd.notna(v) else v)
        .to_numpy()
    )
    attributes[s.ZONE] = (
        _column(frame, columns, s.ZONE)
        .map(lambda v: _ZONES.get(str(v).strip().lower(), v) if pd.notna(v) else v)
        .to_numpy()
    )
    attributes[s.NUCLEO] = _column(frame, columns, s.NUCLEO).to_numpy()
    attributes[s.DECLARED_TERRITORY] = _column(frame, columns, s.DECLARED_TERRITORY).to_numpy()
    for canonical in (s.INSTITUTION, s.SITE_CONSECUTIVE):  # only when the directory has them
        if canonical in columns:
            codes = frame[columns[canonical]].map(_dane_code)
            attributes[canonical] = codes.astype("string").to_numpy()
    for column in frame.columns:
        name = normalise_header(column)
        if column in columns.values() or name in attributes or column in ("_code", "_row"):
            continue
        if any(word in name for word in _LOCATION_WORDS):
            continue
        if column != "geometry" and _is_category(frame[column]):
            attributes[name] = frame[column].astype("string").to_numpy()
    attributes["_row"] = frame["_row"].to_numpy()
    sites = gpd.GeoDataFrame(attributes, geometry=points, crs=s.CRS_WGS84)[first.to_numpy()]
    sites = sites.reset_index(drop=True)
    _report_duplicate_locations(sites, path, report)

    has_counts = any(c in columns for c in COUNT_ALIASES if c not in _POPULATION_COLUMNS)
    years = None
    if has_counts or s.YEAR in columns or inputs.year is not None:
        years = _counts(frame, columns, table.decimal, inputs.year, path, report)
    return sites, years


_POPULATION_COLUMNS: Final = POPULATION_COLUMNS  # with each level's ages (poblacion_6_10...)
# A measure, not a count: '276.2' is a score with a decimal point, never 2,762 people.
_MEASURES: Final = frozenset(
    {s.SABER_SCORE_MEAN, *(s.saber_subject_mean(subject) for subject in s.SABER_SUBJECTS)}
)


def _count_aliases() -> dict[str, tuple[str, ...]]:
    return {k: v for k, v in COUNT_ALIASES.items() if k not in _POPULATION_COLUMNS}


def _is_category(column: pd.Series) -> bool:
    """Text with a few repeated values (clasificación, servicio...), worth filtering by."""
    values = column.dropna().astype(str)
    distinct = values.nunique()
    numeric = pd.to_numeric(values, errors="coerce").notna().mean() > 0.5 if len(values) else True
    return 2 <= distinct <= 60 and distinct < len(values) / 2 and not numeric


def _column(frame: pd.DataFrame, columns: dict[str, str], canonical: str) -> pd.Series:
    if canonical in columns:
        return frame[columns[canonical]].astype("string").reset_index(drop=True)
    return pd.Series(pd.NA, index=range(len(frame)), dtype="string")


def _with_codes(
    frame: pd.DataFrame, column: str, path: Path, report: Report, say_missing: bool = True
) -> pd.DataFrame:
    """The rows with a usable DANE code, in ``_code``, and their file row in ``_row``.

    Codes Excel turned into scientific notation ('1.05001E+11') lost their digits: they are
    reported and not used. Rows without a code are reported when ``say_missing``.
    """
    raw = frame[column]
    codes = raw.map(_dane_code)
    frame = frame.assign(_code=codes, _row=_file_rows(frame))
    scientific = raw.astype("string").str.strip().str.fullmatch(_SCIENTIFIC).fillna(False)
    for row, value in frame.loc[scientific.to_numpy(), ["_row", column]].itertuples(index=False):
        detail = msg("detail_scientific_code", value=value, column=column)
        report.add(Problem("missing_code", path.name, int(row), str(value), detail=detail))
    if say_missing:
        for row in frame.loc[codes.isna().to_numpy(), "_row"]:
            report.add(
                Problem("missing_code", path.name, int(row), detail=msg("detail_no_dane_code"))
            )
    return frame[(codes.notna() & ~scientific).to_numpy()]


_SCIENTIFIC: Final = r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+"


def _dane_code(value: object) -> str | None:
    """DANE codes as text; an integral float from Excel ('105001008206.0') loses its '.0'."""
    if value is None or pd.isna(value):
        return None
    text = str(value).strip()
    if not text:
        return None
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text


def _site_points(
    frame: pd.DataFrame,
    columns: dict[str, str],
    table: TableRead,
    path: Path,
    report: Report,
    read: FileRead,
) -> gpd.GeoSeries:
    """A point per row: the geometry, else latitude/longitude, else projected x/y."""
    count = len(frame)
    if isinstance(frame, gpd.GeoDataFrame):
        geometry = frame.geometry.reset_index(drop=True)
        points = geometry.where(geometry.geom_type == "Point")
        if s.LATITUDE in columns and s.LONGITUDE in columns:
            # The point is there, in the geometry: a note on the file, not a problem.
            lat = frame[columns[s.LATITUDE]].isna().to_numpy()
            lon = frame[columns[s.LONGITUDE]].isna().to_numpy()
            placed = (lat | lon) & ~(geometry.isna() | geometry.is_empty).to_numpy()
            if placed.any():
                rows = ", ".join(str(int(r)) for r in frame.loc[placed, "_row"].head(10))
                read.notes.append(msg("note_placed_by_geometry", n=int(placed.sum()), rows=rows))
        missing = points.isna() | points.is_empty
    elif s.LATITUDE in columns and s.LONGITUDE in columns:
        lat, bad_lat = to_numbers(frame[columns[s.LATITUDE]], table.decimal)
        lon, bad_lon = to_numbers(frame[columns[s.LONGITUDE]], table.decimal)
        for row, code in frame.loc[(bad_lat | bad_lon).to_numpy(), ["_row", "_code"]].itertuples(
            index=False
        ):
            report.add(
                Problem(
                    "invalid_number", path.name, int(row), code, detail=msg("detail_coordinates")
                )
            )
        swapped = (lat.abs() > 60) & (lon.abs() <= 60)
        for row, code in frame.loc[swapped.to_numpy(), ["_row", "_code"]].itertuples(index=False):
            report.add(Problem("swapped_coordinates", path.name, int(row), code))
        lat, lon = lat.where(~swapped, lon), lon.where(~swapped, lat)
        points = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs=s.CRS_WGS84)
        missing = pd.Series((lat.isna() | lon.isna()).to_numpy())
    elif "x" in columns and "y" in columns:
        x, _ = to_numbers(frame[columns["x"]], table.decimal)
        y, _ = to_numbers(frame[columns["y"]], table.decimal)
        projected = gpd.GeoSeries(gpd.points_from_xy(x, y))
        crs = table.crs.used if table.crs else s.CRS_MAGNA_NATIONAL
        points = projected.set_crs(crs).to_crs(s.CRS_WGS84)
        missing = pd.Series((x.isna() | y.isna()).to_numpy())
    else:
        points = gpd.GeoSeries([None] * count, crs=s.CRS_WGS84)
        missing = pd.Series(np.ones(count, dtype=bool))
    missing = pd.Series(np.asarray(missing, dtype=bool))
    if not isinstance(frame, gpd.GeoDataFrame) or missing.any():
        for row, code in frame.loc[missing.to_numpy(), ["_row", "_code"]].itertuples(index=False):
            report.add(Problem("missing_coordinates", path.name, int(row), code))
    return gpd.GeoSeries(points.to_numpy(), crs=s.CRS_WGS84).where(~missing.to_numpy())


def _report_duplicate_locations(sites: gpd.GeoDataFrame, path: Path, report: Report) -> None:
    located = sites[sites.geometry.notna()]
    keys = located.geometry.map(lambda p: (round(p.x, 6), round(p.y, 6)))
    shared = keys[keys.duplicated(keep=False)]
    for _, group in shared.groupby(shared):
        codes = located.loc[group.index, s.SITE_CODE].tolist()
        for index in group.index:
            others = ", ".join(c for c in codes if c != sites.at[index, s.SITE_CODE])
            report.add(
                Problem(
                    "duplicate_location",
                    path.name,
                    int(sites.at[index, "_row"]),
                    sites.at[index, s.SITE_CODE],
                    str(sites.at[index, s.SITE_NAME]),
                    f"a menos de 0,1 m de {others}",
                )
            )


def _counts(
    frame: pd.DataFrame,
    columns: dict[str, str],
    decimal: str,
    default_year: int | None,
    path: Path,
    report: Report,
) -> pd.DataFrame:
    """Yearly counts per site, with impossible values reported and removed."""
    out = pd.DataFrame({s.SITE_CODE: frame["_code"].to_numpy(), "_row": frame["_row"].to_numpy()})
    if s.YEAR in columns:
        years = _years(frame[columns[s.YEAR]], decimal, frame["_row"].to_numpy(), path, report)
        out[s.YEAR] = years.to_numpy()
    elif default_year is not None:
        out[s.YEAR] = float(default_year)
    else:
        report.add(
            Problem(
                "missing_year",
                path.name,
                detail=msg("detail_no_year_column"),
            )
        )
        out[s.YEAR] = np.nan
    for canonical in _count_aliases():
        if canonical not in columns:
            continue
        if canonical == s.BROADBAND:
            values = frame[columns[canonical]].map(_yes_no)
            bad = frame[columns[canonical]].notna() & values.isna()
        elif canonical in _MEASURES:
            values, bad = to_numbers(frame[columns[canonical]], decimal)
        else:
            values, bad = _count_numbers(frame[columns[canonical]], decimal, path, report)
        for row in frame.loc[bad.to_numpy(), "_row"]:
            report.add(Problem("invalid_number", path.name, int(row), detail=columns[canonical]))
        out[canonical] = np.asarray(values, dtype=float)
    _drop_impossible(out, path, report)
    out = out[out[s.YEAR].notna()].astype({s.YEAR: int})
    duplicated = out.duplicated([s.SITE_CODE, s.YEAR], keep="first")
    for row, code in out.loc[duplicated, ["_row", s.SITE_CODE]].itertuples(index=False):
        report.add(
            Problem(
                "duplicate_code", path.name, int(row), code, detail=msg("detail_code_year_repeated")
            )
        )
    out = out[~duplicated].drop(columns="_row")
    for column in out.columns.drop([s.SITE_CODE, s.YEAR]):
        out[column] = out[column].astype("Float64")
    return out.reset_index(drop=True)


def _yes_no(value: object) -> float:
    if value is None or pd.isna(value):
        return np.nan
    text = str(value).strip().lower()
    return 1.0 if text in _TRUE else 0.0 if text in _FALSE else np.nan


# (count, the count it cannot exceed): parts of enrolment, per level too, and of candidates.
_PARTS_OF_ENROLMENT: Final = (
    s.DROPOUTS,
    s.ENROLLED_OFFICIAL_AGE,
    s.APPROVED,
    s.FAILED,
    s.REPEATING,
    s.OVERAGE,
)
_BOUNDED: Final = (
    *((c, s.ENROLLED) for c in (*_PARTS_OF_ENROLMENT, s.NO_INTERNET, s.NO_COMPUTER)),
    *(
        (s.at_level(c, level), s.at_level(s.ENROLLED, level))
        for level in s.EDUCATION_LEVELS
        for c in _PARTS_OF_ENROLMENT
    ),
    (s.SABER_LOW_MATH, s.SABER_CANDIDATES),
    (s.SABER_LOW_READING, s.SABER_CANDIDATES),
    (s.SABER_NO_INTERNET, s.SABER_ANSWERED_INTERNET),
    (s.SABER_NO_COMPUTER, s.SABER_ANSWERED_COMPUTER),
)


def _drop_impossible(out: pd.DataFrame, path: Path, report: Report) -> None:
    """Negative counts, dropouts above enrolment and counts above enrolment become missing."""
    counts = [c for c in _count_aliases() if c in out and c != s.BROADBAND]
    for column in counts:
        negative = out[column] < 0
        for row, code, value in out.loc[negative, ["_row", s.SITE_CODE, column]].itertuples(
            index=False
        ):
            report.add(
                Problem("negative_count", path.name, int(row), code, detail=f"{column} = {value:g}")
            )
        out.loc[negative, column] = np.nan
    for column, total in _BOUNDED:
        if column not in out or total not in out:
            continue
        above = out[column] > out[total]
        kind = "dropouts_above_enrolment" if column == s.DROPOUTS else "count_above_enrolment"
        for row, code, value, enrolled in out.loc[
            above, ["_row", s.SITE_CODE, column, total]
        ].itertuples(index=False):
            report.add(
                Problem(
                    kind,
                    path.name,
                    int(row),
                    code,
                    detail=msg(
                        "detail_above_enrolment",
                        column=column,
                        value=value,
                        enrolled=total,
                        total=enrolled,
                    ),
                )
            )
        out.loc[above, column] = np.nan
