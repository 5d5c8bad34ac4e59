"""The Red escolar's inputs (issue 18): population by age per barrio/vereda and year, and a
road-network travel-time table (origin barrio, site, minutes).

Columns are found by their names (aliases, after header folding) and, for the codes, by their
content: the column whose values are most often known barrio codes (or site codes) is the
key. Rows whose barrio is unknown are reported and left out; negative counts are reported and
not used. A DAP-style projection with totals only per comuna is a *population* file (see
:mod:`geo.io.ingest.tables`); the projection splits it by the city's age structure.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import DataError
from geo.io.columns import SITE_ALIASES, YEAR_ALIASES, find_column
from geo.io.ingest.cells import _count_numbers, _file_rows, _report_unreadable, _years
from geo.io.ingest.inputs import Inputs
from geo.io.names import normalise_code
from geo.io.readers import read_table, to_numbers
from geo.io.report import FileRead, Problem, Report
from geo.model import schema as s
from geo.model.messages import msg

ORIGIN: Final = "origen"
MINUTES: Final = "minutos"
BARRIO_KEY_ALIASES: Final = (
    "codigo_barrio",
    "cod_barrio",
    "codigo_vereda",
    "cbml_barrio",
    "barrio_codigo",
    "codigo",
)
ORIGIN_ALIASES: Final = (ORIGIN, "origin", "codigo_barrio", "barrio", "desde", "from", "codigo")
SITE_KEY_ALIASES: Final = (*SITE_ALIASES[s.SITE_CODE], "destino", "sede", "site", "hasta", "to")
MINUTES_ALIASES: Final = (
    MINUTES,
    "minutes",
    "tiempo_min",
    "tiempo_minutos",
    "tiempo",
    "travel_time",
    "duracion_min",
    "duracion",
)
POPULATION_TOTAL_ALIASES: Final = ("poblacion_total", "poblacion", "total_poblacion", "total")
# poblacion_6_10, pob_6_10, edad_7, poblacion_7...: a group or a single age (5 to 16)
_AGE_COLUMN: Final = re.compile(r"(?:poblacion|pob|edad|population|age)_(\d{1,2})(?:_(\d{1,2}))?")
_MIN_MATCH: Final = 0.5  # share of a column's values that must be known codes to be the key


def _key_by_content(frame: pd.DataFrame, known: set[str], width: int) -> str | None:
    best, best_share = None, _MIN_MATCH - 1e-9  # at least half
    for column in frame.columns:
        values = frame[column].dropna().astype(str)
        if values.empty:
            continue
        share = float(values.map(lambda v: normalise_code(v, width) in known).mean())
        if share > best_share:
            best, best_share = str(column), share
    return best


def _age_columns(columns: list[str]) -> dict[str, str]:
    """The file's age columns, by canonical name (``poblacion_6_10``, ``poblacion_7``)."""
    found: dict[str, str] = {}
    for column in columns:
        match = _AGE_COLUMN.fullmatch(s.normalise_header(column))
        if match is None:
            continue
        low, high = int(match[1]), int(match[2] or match[1])
        if not s.SCHOOL_AGES[0] <= low <= high <= s.SCHOOL_AGES[1]:
            continue
        found.setdefault(f"poblacion_{s.ages_suffix((low, high))}", column)
    return found


def read_barrio_population(
    path: Path, inputs: Inputs, barrios: gpd.GeoDataFrame, report: Report
) -> pd.DataFrame:
    """Population per barrio/vereda and year: ``codigo_barrio``, ``anio``, ``poblacion_total``
    and the age columns the file has (groups or single ages, as ``poblacion_<ages>``)."""
    table = read_table(path, sheet=inputs.sheets.get("barrio_population"))
    frame = table.frame
    columns = [str(c) for c in frame.columns]
    known = set(barrios[s.CODE].astype(str))
    key = inputs.mapping.get(s.BARRIO) if inputs.mapping.get(s.BARRIO) in columns else None
    key = key or find_column(columns, BARRIO_KEY_ALIASES) or _key_by_content(frame, known, 4)
    if key is None:
        raise DataError(
            msg("barrio_population_no_key", found=", ".join(columns)), path.name, msg("network_fix")
        )
    year = find_column(columns, YEAR_ALIASES)
    total = find_column([c for c in columns if c != key], POPULATION_TOTAL_ALIASES)
    ages = _age_columns([c for c in columns if c not in (key, year, total)])
    used = {s.BARRIO: key, **({s.YEAR: year} if year else {}), **ages}
    if total:
        used[s.POPULATION] = total
    read = FileRead("population", path.name, table.format, len(frame), columns=used)
    read.notes.extend(table.notes)
    report.files.append(read)
    _report_unreadable(table, path, report)
    rows = _file_rows(frame)
    codes = frame[key].map(lambda v: normalise_code(v, 4))
    out = pd.DataFrame({s.BARRIO: codes.to_numpy(), "_row": rows})
    if year:
        out[s.YEAR] = _years(frame[year], table.decimal, rows, path, report).to_numpy()
    else:
        out[s.YEAR] = float(inputs.year) if inputs.year is not None else np.nan
    for canonical, column in [(s.POPULATION, total), *ages.items()]:
        if column is None:
            continue
        values, bad = _count_numbers(frame[column], table.decimal, path, report)
        for row in rows[bad.to_numpy()]:
            report.add(Problem("invalid_number", path.name, int(row), detail=column))
        values = values.astype(float)
        negative = (values < 0).to_numpy()
        for row, value in zip(rows[negative], values.to_numpy()[negative], strict=True):
            detail = msg("detail_negative_not_used", column=column, value=value)
            report.add(Problem("negative_count", path.name, int(row), detail=detail))
        out[canonical] = values.where(values >= 0).to_numpy()
    unknown = out[s.BARRIO].notna() & ~out[s.BARRIO].isin(known)
    for row, code in out.loc[unknown, ["_row", s.BARRIO]].itertuples(index=False):
        report.add(
            Problem(
                "unmatched_territory",
                path.name,
                int(row),
                code=str(code),
                detail=msg("detail_no_territory_match"),
            )
        )
    out = out[~unknown & out[s.BARRIO].notna() & out[s.YEAR].notna()]
    return out.drop(columns="_row").astype({s.YEAR: int}).reset_index(drop=True)


def read_travel_times(
    path: Path, inputs: Inputs, barrios: gpd.GeoDataFrame | None, sites: gpd.GeoDataFrame
) -> pd.DataFrame:
    """A travel-time table: one row per origin barrio and site, with the minutes between.

    Raises ``DataError`` when the origin, site or minutes column cannot be found."""
    table = read_table(path, sheet=inputs.sheets.get("travel_times"))
    frame = table.frame
    columns = [str(c) for c in frame.columns]
    site_codes = set(sites[s.SITE_CODE].astype(str))
    site = find_column(columns, SITE_KEY_ALIASES) or _key_by_content(frame, site_codes, 12)
    rest = [c for c in columns if c != site]
    origin = find_column(rest, ORIGIN_ALIASES)
    if origin is None and barrios is not None:
        origin = _key_by_content(frame[rest], set(barrios[s.CODE].astype(str)), 4)
    minutes = find_column([c for c in rest if c != origin], MINUTES_ALIASES)
    if site is None or origin is None or minutes is None:
        raise DataError(
            msg("travel_no_columns", found=", ".join(columns)), path.name, msg("travel_fix")
        )
    values, _ = to_numbers(frame[minutes], table.decimal)
    out = pd.DataFrame(
        {
            ORIGIN: frame[origin].map(lambda v: normalise_code(v, 4)).to_numpy(),
            s.SITE_CODE: frame[site].astype(str).str.strip().str.removesuffix(".0").to_numpy(),
            MINUTES: pd.to_numeric(values, errors="coerce").astype(float).to_numpy(),
        }
    )
    return out.dropna().reset_index(drop=True)
