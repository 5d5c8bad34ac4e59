"""Indicator and population tables: by DANE code (site-level) or by territory code or name.

Population tables may be wide (``total_2018``, ``total_2019``...): they are unpivoted.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import DataError
from geo.io.columns import (
    COUNT_ALIASES,
    POPULATION_ALIASES,
    TERRITORY_CODE_ALIASES,
    TERRITORY_NAME_ALIASES,
    YEAR_ALIASES,
    detect_columns,
    find_column,
)
from geo.io.ingest.cells import (
    _count_numbers,
    _file_rows,
    _plausible,
    _report_unreadable,
    _years,
)
from geo.io.ingest.inputs import Inputs
from geo.io.ingest.schools import _POPULATION_COLUMNS
from geo.io.names import match_territory, territory_lookup
from geo.io.readers import TableRead, read_table
from geo.io.report import FileRead, Problem, Report
from geo.model import schema as s
from geo.model.messages import msg


def _territory_table(
    path: Path,
    table: TableRead,
    inputs: Inputs,
    territories: gpd.GeoDataFrame,
    report: Report,
    counts: dict[str, tuple[str, ...]] = COUNT_ALIASES,
) -> tuple[pd.Series, dict[str, str], FileRead]:
    frame = table.frame
    aliases = {
        "territorio_codigo": TERRITORY_CODE_ALIASES,
        "territorio_nombre": TERRITORY_NAME_ALIASES,
        s.YEAR: YEAR_ALIASES,
        **counts,
    }
    columns = detect_columns(frame.columns, aliases, inputs.mapping)
    key = columns.get("territorio_codigo") or columns.get("territorio_nombre")
    if key is None:
        found = ", ".join(map(str, frame.columns))
        raise DataError(
            msg("indicators_no_key", found=found), path.name, msg("indicators_no_key_fix")
        )
    by_code, by_name = territory_lookup(territories[s.CODE], territories[s.NAME])
    matched = frame[key].map(
        lambda v: match_territory(v, by_code, by_name) if pd.notna(v) else None
    )
    for position in np.flatnonzero(matched.isna().to_numpy()):
        report.add(
            Problem(
                "unmatched_territory",
                path.name,
                int(_file_rows(frame)[position]),
                code=str(frame[key].iloc[position]),
                detail=msg("detail_no_territory_match"),
            )
        )
    read = FileRead(
        "territory table",
        path.name,
        table.format,
        len(frame),
        columns=columns,
        notes=[
            *table.notes,
            msg(
                "note_joined_by_code"
                if key == columns.get("territorio_codigo")
                else "note_joined_by_name",
                column=key,
            ),
        ],
    )
    return matched, columns, read


def _read_population(
    path: Path, inputs: Inputs, territories: gpd.GeoDataFrame, report: Report
) -> pd.DataFrame:
    """Population per territory and year; wide tables (total_2018, total_2019...) are unpivoted."""
    table = read_table(path, sheet=inputs.sheets.get("population"))
    frame = table.frame
    wide = [c for c in frame.columns if _year_suffix(c) is not None]
    if wide and find_column(frame.columns, YEAR_ALIASES) is None:
        keys = [c for c in frame.columns if c not in wide]
        long = frame.melt(
            id_vars=keys, value_vars=wide, var_name="_col", value_name="_value", ignore_index=False
        )
        long[s.YEAR] = long["_col"].map(_year_suffix).astype(str)
        long[s.POPULATION] = long["_value"]
        frame = long.drop(columns=["_col", "_value"])
        table = TableRead(
            frame,
            table.format,
            table.decimal,
            [*table.notes, msg("note_wide", n=len(wide))],
            unreadable=table.unreadable,
            left_out=table.left_out,
        )
    matched, columns, read = _territory_table(
        path, table, inputs, territories, report, POPULATION_ALIASES
    )
    read.role = "population"
    report.files.append(read)
    _report_unreadable(table, path, report)
    rows = _file_rows(frame)
    out = pd.DataFrame({s.CODE: matched.to_numpy(), "_row": rows})
    if s.YEAR in columns:
        years = _years(frame[columns[s.YEAR]], table.decimal, rows, path, report)
        for row in rows[(frame[columns[s.YEAR]].isna() & matched.notna()).to_numpy()]:
            report.add(
                Problem(
                    "missing_year",
                    path.name,
                    int(row),
                    detail=msg("detail_empty_cell", column=columns[s.YEAR]),
                )
            )
    else:
        years = pd.Series(np.full(len(frame), inputs.year, dtype=float))
    out[s.YEAR] = years.to_numpy()
    for column in _POPULATION_COLUMNS:
        if column not in columns:
            continue
        values, bad = _count_numbers(frame[columns[column]], table.decimal, path, report)
        for row in rows[bad.to_numpy()]:
            report.add(Problem("invalid_number", path.name, int(row), detail=columns[column]))
        out[column] = values.to_numpy()
    negative = [c for c in _POPULATION_COLUMNS if c in out]
    for column in negative:
        for row, code, value in out.loc[out[column] < 0, ["_row", s.CODE, column]].itertuples(
            index=False
        ):
            detail = msg("detail_negative_not_used", column=columns[column], value=value)
            report.add(Problem("negative_count", path.name, int(row), code, detail=detail))
        out.loc[out[column] < 0, column] = np.nan
    out = out.drop(columns="_row")
    if s.POPULATION_5_16 not in out:
        read.notes.append(msg("note_no_school_age"))
        out[s.POPULATION_5_16] = np.nan
    out = out[out[s.CODE].notna() & out[s.YEAR].notna()].astype({s.YEAR: int})
    return out.reset_index(drop=True)


def _year_suffix(column: object) -> str | None:
    text = str(column)
    if len(text) >= 5 and text[-4:].isdigit() and text[-5] in "_ " and _plausible(int(text[-4:])):
        return text[-4:]
    return None
