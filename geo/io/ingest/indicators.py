"""An indicators table, read as its pipeline: each stage entered once, in this order.

1. **read the bytes** (:func:`geo.io.readers.read_table`: CSV, workbook, JSON, vector);
2. **recognise the shape**: records, an object keyed by code or several tables
   (:mod:`geo.io.ingest.shapes`, for JSON), one row per level made wide
   (:mod:`geo.io.ingest.levels`);
3. **choose the columns**: a site's code, else an institution's, else a territory's code or
   name; the year and the counts by their aliases (camelCase and API spellings included);
4. **parse the values**: codes as text, counts and scores as numbers, impossible ones reported;
5. **join**: codes to sites (:mod:`geo.io.ingest.codes`: sede, institution's principal site,
   14-digit consecutive, lost leading zero) or names and codes to territories;
6. **report**: what was read and how it joined, each unmatched code with its name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.io.columns import SITE_ALIASES, YEAR_ALIASES, detect_columns
from geo.io.ingest.cells import _file_rows, _report_unreadable
from geo.io.ingest.codes import CodeJoin, join_codes
from geo.io.ingest.inputs import Inputs
from geo.io.ingest.levels import widen_levels
from geo.io.ingest.schools import _count_aliases, _counts, _with_codes
from geo.io.ingest.tables import _territory_table
from geo.io.readers import TableRead, read_table
from geo.io.report import FileRead, Problem, Report
from geo.model import schema as s
from geo.model.messages import msg

_KEYS = {
    s.SITE_CODE: SITE_ALIASES[s.SITE_CODE],
    s.INSTITUTION: SITE_ALIASES[s.INSTITUTION],
    s.SITE_NAME: SITE_ALIASES[s.SITE_NAME],
}


@dataclass
class _Table:
    """What stages 1 to 3 found: the rows, how they were read and the columns chosen."""

    read: TableRead
    frame: pd.DataFrame
    columns: dict[str, str]
    notes: list

    @property
    def key(self) -> str | None:
        """The column of codes: a site's, else an institution's; None for a territory table."""
        return self.columns.get(s.SITE_CODE) or self.columns.get(s.INSTITUTION)


def read_indicators(
    path: Path,
    inputs: Inputs,
    territories: gpd.GeoDataFrame,
    sites: gpd.GeoDataFrame,
    report: Report,
) -> tuple[str, pd.DataFrame]:
    """Counts per site (``"sites"``, joined by code) or per territory (``"territories"``)."""
    table = _choose_columns(_recognise(_read(path, inputs)), inputs)
    if table.key is None:
        return "territories", _per_territory(table, path, inputs, territories, report)
    frame = _with_codes(table.frame, table.key, path, report, say_missing=False)
    institution_key = table.key if table.key == table.columns.get(s.INSTITUTION) else None
    joined = join_codes(frame["_code"], sites, institution_key=institution_key)
    _report(table, joined, frame, path, report)
    frame = frame.assign(_code=joined.site.to_numpy())[joined.matched.to_numpy()]
    counts = _counts(frame, table.columns, table.read.decimal, inputs.year, path, report)
    return "sites", counts


def _read(path: Path, inputs: Inputs) -> TableRead:
    """Stage 1 (and 2 for JSON: the reader recognises records, objects keyed by code and
    several tables)."""
    return read_table(path, sheet=inputs.sheets.get("indicators"))


def _recognise(read: TableRead) -> tuple[TableRead, pd.DataFrame, list]:
    """Stage 2: one row per site, year and level made wide."""
    frame, by_level = widen_levels(read.frame)
    return read, frame, [*read.notes, *([by_level] if by_level else [])]


def _choose_columns(recognised: tuple[TableRead, pd.DataFrame, list], inputs: Inputs) -> _Table:
    """Stage 3: the code (site, else institution), the name, the year and the counts."""
    read, frame, notes = recognised
    aliases = {**_KEYS, s.YEAR: YEAR_ALIASES, **_count_aliases()}
    columns = detect_columns(frame.columns, aliases, inputs.mapping)
    return _Table(read, frame, columns, notes)


def _per_territory(
    table: _Table,
    path: Path,
    inputs: Inputs,
    territories: gpd.GeoDataFrame,
    report: Report,
) -> pd.DataFrame:
    """Stages 4 to 6 for a table per territory (by code or name): no site code, so its rows
    count in sums but never in the number of sites."""
    read = TableRead(
        table.frame,
        table.read.format,
        table.read.decimal,
        table.notes,
        unreadable=table.read.unreadable,
        left_out=table.read.left_out,
    )
    matched, columns, file_read = _territory_table(path, read, inputs, territories, report)
    report.files.append(file_read)
    _report_unreadable(table.read, path, report)
    frame = table.frame.assign(_code=matched.to_numpy(), _row=_file_rows(table.frame))
    counts = _counts(
        frame[matched.notna().to_numpy()], columns, table.read.decimal, inputs.year, path, report
    )
    counts = counts.rename(columns={s.SITE_CODE: s.TERRITORY})
    counts[s.SITE_CODE] = pd.Series(pd.NA, index=counts.index, dtype="string")
    return counts


def _report(
    table: _Table, joined: CodeJoin, frame: pd.DataFrame, path: Path, report: Report
) -> None:
    """Stage 6: the file, how its codes joined, and every code without a site, named."""
    columns = {k: v for k, v in table.columns.items() if k != s.SITE_NAME}
    report.files.append(
        FileRead(
            "indicators",
            path.name,
            table.read.format,
            len(table.frame),
            columns=columns,
            notes=[*table.notes, *joined.notes],
        )
    )
    _report_unreadable(table.read, path, report)
    name_column = table.columns.get(s.SITE_NAME)
    unmatched = frame[(~joined.matched).to_numpy()].drop_duplicates("_code")
    for _, row in unmatched.iterrows():
        name = row[name_column] if name_column and pd.notna(row[name_column]) else ""
        report.add(
            Problem(
                "unmatched_site",
                path.name,
                int(row["_row"]),
                code=str(row["_code"]),
                name=str(name),
                detail=msg("real_detail_no_site"),
            )
        )
