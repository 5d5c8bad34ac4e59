"""School tables in long form by education level, made wide.

Some publishers give one row per site, year and level, with a ``nivel`` column::

    codigo_dane, anio, nivel,      matricula, desertores
    105001000001, 2024, Primaria,   420,       9
    105001000001, 2024, Secundaria, 380,       21

The readers expect one row per site and year with a column per level (``matricula_primaria``,
``desertores_secundaria``), as in the template. ``widen_levels`` turns the first shape into the
second: each count gets one column per level, and the all-levels count is the level rows' sum
(or the file's own ``Total`` row where it has one). Other columns (name, sector, coordinates)
are the same on every row of a site: the first is kept.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from geo.io.columns import (
    COUNT_ALIASES,
    LEVEL_COUNTS,
    LEVEL_SPELLINGS,
    SITE_ALIASES,
    YEAR_ALIASES,
    find_column,
)
from geo.model import schema as s
from geo.model.messages import Msg, msg
from geo.model.schema import normalise_header

LEVEL_COLUMN_ALIASES: Final = (
    "nivel",
    "nivel_educativo",
    "nivel_de_ensenanza",
    "nivel_ensenanza",
    "education_level",
    "level",
)
_ALL: Final = ("total", "todos", "todos_los_niveles", "all", "all_levels")
_BY_SPELLING: Final = {w: level for level, ws in LEVEL_SPELLINGS.items() for w in ws}
_SPLIT: Final = frozenset(a for c in LEVEL_COUNTS for a in COUNT_ALIASES[c])
_SUMMED: Final = frozenset(
    a
    for c, aliases in COUNT_ALIASES.items()
    if c not in LEVEL_COUNTS and c != s.SABER_SCORE_MEAN and not c.startswith(s.POPULATION)
    for a in aliases
)


def education_level_of(value: object) -> str | None:
    """``'Básica Primaria'`` -> ``'primaria'``; ``'Total'`` -> ``''``; unknown -> None."""
    if value is None or pd.isna(value):
        return None
    text = normalise_header(value)
    if text in _ALL:
        return ""
    return _BY_SPELLING.get(text)


def widen_levels(frame: pd.DataFrame) -> tuple[pd.DataFrame, Msg | None]:
    """``frame`` with one row per site (and year) if it is long by level, and a note saying
    so; otherwise ``frame`` unchanged and None."""
    level_column = find_column(frame.columns, LEVEL_COLUMN_ALIASES)
    code = find_column(frame.columns, SITE_ALIASES[s.SITE_CODE])
    if level_column is None or code is None:
        return frame, None
    levels = frame[level_column].map(education_level_of)
    if levels.notna().mean() < 0.9 or not levels.isin(s.EDUCATION_LEVELS).any():
        return frame, None
    year = find_column(frame.columns, YEAR_ALIASES)
    keys = [code] + ([year] if year else [])
    split = [c for c in frame.columns if normalise_header(c) in _SPLIT]
    summed = [c for c in frame.columns if normalise_header(c) in _SUMMED]
    others = [c for c in frame.columns if c not in {*keys, level_column, *split, *summed}]
    rows = frame[levels.notna().to_numpy()].assign(_level=levels[levels.notna()].to_numpy())
    rows = rows.assign(**{c: pd.to_numeric(rows[c], errors="coerce") for c in split + summed})
    group = rows.groupby(keys, sort=False, dropna=False)
    wide = group[others].first() if others else group.size().to_frame().iloc[:, :0]
    by_level = rows[rows["_level"] != ""]
    for level in s.EDUCATION_LEVELS:
        part = by_level[by_level["_level"] == level].groupby(keys, sort=False, dropna=False)
        for column in split:
            wide[f"{column}_{level}"] = part[column].sum(min_count=1)
    totals = rows[rows["_level"] == ""].groupby(keys, sort=False, dropna=False)
    level_sums = by_level.groupby(keys, sort=False, dropna=False)
    for column in split + summed:
        given = totals[column].sum(min_count=1).reindex(wide.index)
        wide[column] = given.fillna(level_sums[column].sum(min_count=1).reindex(wide.index))
    wide = wide.reset_index()
    note = msg("note_long_by_level", column=str(level_column), rows=len(rows), sites=len(wide))
    kept = [c for c in frame.columns if c in wide]  # the file's order, then the level columns
    return wide[kept + [c for c in wide.columns if c not in kept]], note
