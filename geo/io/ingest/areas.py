"""Boundary layers (comunas and barrios): their codes and names, the geometries kept or reported.

The codes and names come from the columns :func:`geo.io.columns.choose_area_columns` picks;
boundaries whose code and name agree with Medellín's official list take the official name.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import DataError
from geo.io.columns import (
    AreaColumns,
    choose_area_columns,
    territory_code,
)
from geo.io.names import normalise_code, normalise_name
from geo.io.readers import read_vector
from geo.io.report import FileRead, Problem, Report
from geo.model import schema as s
from geo.model.messages import Msg, msg
from geo.model.territories import BY_CODE, TERRITORIES


def _read_areas(
    path: Path,
    role: str,
    code_width: int,
    mapping: dict[str, str],
    report: Report,
    layers: dict[str, str] | None = None,
) -> gpd.GeoDataFrame:
    layers = layers or {}
    vector = read_vector(path, role, layers.get(role))
    frame = vector.frame
    chosen = choose_area_columns(frame, role, mapping)
    columns = [str(c) for c in frame.columns if str(c) != "geometry"]
    if chosen.code is None or any(
        c.column is not None and c.column not in columns for c in (chosen.code, chosen.name)
    ):
        prefix = "territorio" if role == "boundaries" else "barrio"
        raise DataError(
            msg("boundaries_no_columns", found=", ".join(columns)),
            path.name,
            msg("boundaries_no_columns_fix", prefix=prefix),
        )
    used = {key: c.column for key, c in ((s.CODE, chosen.code), (s.NAME, chosen.name))}
    read = FileRead(
        role,
        path.name,
        vector.format,
        len(frame),
        vector.crs.declared,
        vector.crs.used,
        {key: str(column) for key, column in used.items() if column is not None},
        notes=[
            *([vector.layer_note] if vector.layer_note else []),
            chosen.code.why,
            chosen.name.why,
        ],
    )
    report.files.append(read)
    if vector.crs.problem:
        report.add(Problem(vector.crs.problem, path.name, detail=vector.crs.detail))
    codes, names = _area_codes_and_names(frame, chosen, code_width)
    for position in vector.repaired:
        report.add(
            Problem(
                "geometry_repaired",
                path.name,
                position + 1,
                str(codes.iloc[position]),
                str(names.iloc[position]),
                "make_valid",
            )
        )
    polygonal = (
        frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"]) & ~frame.geometry.is_empty
    )
    if not polygonal.any():
        kinds = ", ".join(sorted(set(frame.geometry.dropna().geom_type)))
        raise DataError(
            msg("boundaries_no_polygons", n=len(frame), kinds=kinds or msg("kinds_empty")),
            path.name,
            msg("boundaries_no_polygons_fix"),
        )
    for position, kind in vector.not_finite.items():
        report.add(
            Problem(
                "geometry_not_finite",
                path.name,
                position + 1,
                str(codes.iloc[position]),
                str(names.iloc[position]),
                msg("detail_not_finite", kind=kind),
            )
        )
    for position in np.flatnonzero(~polygonal.to_numpy()):
        if position in vector.not_finite:
            continue
        report.add(
            Problem(
                "geometry_empty",
                path.name,
                int(position) + 1,
                str(codes.iloc[position]),
                str(names.iloc[position]),
                _geometry_detail(frame.geometry.iloc[position], vector.unreadable),
            )
        )
    missing = codes.isna()
    for position in np.flatnonzero(missing.to_numpy()):
        report.add(Problem("missing_code", path.name, int(position) + 1))
    duplicated = codes.duplicated(keep="first") & ~missing
    for position in np.flatnonzero(duplicated.to_numpy()):
        report.add(
            Problem(
                "duplicate_code",
                path.name,
                int(position) + 1,
                str(codes.iloc[position]),
                str(names.iloc[position]),
                msg("detail_first_used"),
            )
        )
    if role == "boundaries":
        names = _official_names(codes, names)
    keep = (polygonal & ~missing & ~duplicated).to_numpy()
    areas = gpd.GeoDataFrame(
        {s.CODE: codes[keep].astype(str).to_numpy(), s.NAME: names[keep].fillna("").to_numpy()},
        geometry=frame.geometry[keep].to_numpy(),
        crs=s.CRS_WGS84,
    )
    return areas.sort_values(s.CODE, ignore_index=True)


def _area_codes_and_names(
    frame: pd.DataFrame, chosen: AreaColumns, code_width: int
) -> tuple[pd.Series, pd.Series]:
    """Each feature's code and name, from its columns or derived as ``chosen`` says.

    Codes keep the width they are written with (a 5-digit DANE municipality stays '05001'),
    and at least ``code_width`` digits ('1' -> '01').
    """
    if chosen.code.column is not None:
        written = frame[chosen.code.column].map(lambda c: normalise_code(c, 1))
        digits = written.dropna().astype(str)
        digits = digits[digits.str.isdigit()]
        width = max(code_width, int(digits.str.len().max()) if len(digits) else 0)
        codes = frame[chosen.code.column].map(lambda c: normalise_code(c, width))
    else:  # derived from official names
        codes = frame[chosen.name.column].map(territory_code)
    codes = codes.astype("object")
    if chosen.name.column is not None:
        names = frame[chosen.name.column].astype("string")
    elif chosen.name.how == "official":
        official = [BY_CODE[c].name if c in BY_CODE else c for c in codes]
        names = pd.Series(official, index=frame.index, dtype="string")
    else:
        names = codes.astype("string")
    return codes, names


def _geometry_detail(geometry: object, unreadable: str) -> Msg:
    """Why a feature is not a usable polygon, for the report."""
    if geometry is not None and geometry.is_empty:
        return msg("detail_empty_geometry", kind=geometry.geom_type)
    if geometry is not None:
        return msg("detail_not_polygon", kind=geometry.geom_type)
    if unreadable:
        return msg("detail_unreadable_geometry", detail=unreadable)
    return msg("detail_null_geometry")


def _official_names(codes: pd.Series, names: pd.Series) -> pd.Series:
    """'LAURELES' -> 'Laureles-Estadio' where the code and the name agree with the official list."""
    by_code = {t.code: t for t in TERRITORIES}

    def one(code: object, name: object) -> object:
        official = by_code.get(str(code))
        if official and pd.notna(name) and normalise_name(name) == normalise_name(official.name):
            return official.name
        return name

    return pd.Series([one(c, n) for c, n in zip(codes, names, strict=True)], dtype="string")
