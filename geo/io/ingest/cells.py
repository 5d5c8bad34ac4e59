"""What the table readers share: file row numbers, rows the readers set aside, counts and years.

Used by the schools table (:mod:`geo.io.ingest.schools`) and the tables per territory
(:mod:`geo.io.ingest.tables`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from geo.io.readers import TableRead, parse_numbers, to_numbers
from geo.io.report import Problem, Report
from geo.model.messages import msg


def _file_rows(frame: pd.DataFrame) -> np.ndarray:
    """1-based data rows in the file (readers keep the file's positions in the index)."""
    return np.asarray(frame.index, dtype=int) + 1


def _report_unreadable(table: TableRead, path: Path, report: Report) -> None:
    for row, detail in table.unreadable.items():
        report.add(Problem("unreadable_row", path.name, row, detail=detail))
    for row, kind in table.not_finite.items():
        detail = msg("detail_not_finite", kind=kind)
        report.add(Problem("geometry_not_finite", path.name, row, detail=detail))
    for row, detail in table.left_out.items():
        report.add(Problem("left_out_row", path.name, row, detail=detail))


def _count_numbers(column: pd.Series, decimal: str, path: Path, report: Report) -> tuple:
    """A count column as numbers (es-CO thousands allowed); an ambiguous column is reported."""
    parsed = parse_numbers(column, decimal, count=True)
    if parsed.ambiguous is not None:
        first, second = parsed.ambiguous
        detail = msg(
            "detail_ambiguous_numbers", column=str(column.name), first=first, second=second
        )
        report.add(Problem("ambiguous_numbers", path.name, detail=detail))
    return parsed.values, parsed.bad


_YEARS: Final = (1900, 2100)  # a year outside is a typo or an Excel date serial (45292)


def _plausible(year: float) -> bool:
    return _YEARS[0] < year < _YEARS[1]


def _period_year(value: float) -> float:
    """ICFES's ``periodo`` 20194 (year and semester, 1 to 4) -> 2019; other values as given."""
    if value == value and 10_000 <= value < 100_000 and value % 1 == 0 and 1 <= value % 10 <= 4:
        year = value // 10
        return float(year) if _plausible(year) else value
    return value


def _years(
    column: pd.Series, decimal: str, rows: np.ndarray, path: Path, report: Report
) -> pd.Series:
    """Years as numbers; text and implausible years are reported and become missing."""
    years, bad = to_numbers(column, decimal)
    years = years.map(_period_year)
    implausible = years.notna() & ~years.map(_plausible).astype(bool)
    for row, value in zip(rows[bad.to_numpy()], column[bad], strict=True):
        report.add(
            Problem(
                "invalid_number", path.name, int(row), detail=msg("detail_year_text", value=value)
            )
        )
    for row, value in zip(rows[implausible.to_numpy()], years[implausible], strict=True):
        detail = msg(
            "detail_year_implausible",
            value=value,
            first=_YEARS[0],
            last=_YEARS[1],
            column=column.name,
        )
        report.add(Problem("invalid_number", path.name, int(row), detail=detail))
    return years.where(~implausible)
