"""From the files a user brings to a Dataset and a join report: one path for UI and CLI.

Any input not given falls back to the demo's (boundaries, barrios, schools, indicators,
population). Problems never stop the rest: good rows are used and bad rows are listed in the
:class:`geo.io.report.Report`. A file that cannot be read at all raises
:class:`geo.errors.DataError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import DataError
from geo.io.columns import (
    COUNT_ALIASES,
    POPULATION_ALIASES,
    SITE_ALIASES,
    TERRITORY_CODE_ALIASES,
    TERRITORY_NAME_ALIASES,
    YEAR_ALIASES,
    AreaColumns,
    choose_area_columns,
    detect_columns,
    find_column,
    territory_code,
)
from geo.io.join import locate
from geo.io.names import match_territory, normalise_code, normalise_name, territory_lookup
from geo.io.readers import TableRead, parse_numbers, read_table, read_vector, to_numbers
from geo.io.report import FileRead, Problem, Report
from geo.model import schema as s
from geo.model.dataset import DEMO_DIR, DEMO_FILES, DEMO_LICENCE, Dataset, Source
from geo.model.messages import Msg, msg
from geo.model.schema import normalise_header
from geo.model.territories import BY_CODE, TERRITORIES

DEFAULT_TOLERANCE_M: Final = 100.0
DEMO_PATHS: Final = {key: DEMO_DIR / name for key, name in DEMO_FILES.items()}
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


@dataclass(frozen=True)
class Inputs:
    """The files to load; ``None`` means the demo's."""

    boundaries: Path | None = None
    barrios: Path | None = None
    schools: Path | None = None
    indicators: Path | None = None
    population: Path | None = None
    mapping: dict[str, str] = field(default_factory=dict)  # canonical -> their column
    year: int | None = None  # for tables without a year column
    tolerance_m: float = DEFAULT_TOLERANCE_M
    label: str = ""
    sources: tuple[Source, ...] = ()  # where the given files came from (default: "uploaded")
    layers: dict[str, str] = field(default_factory=dict)  # role -> layer of a multi-layer file
    # role (schools, indicators, population) -> the workbook sheet to read; default: the
    # first sheet that holds a table
    sheets: dict[str, str] = field(default_factory=dict)

    @property
    def is_demo(self) -> bool:
        return all(
            p is None
            for p in (self.boundaries, self.barrios, self.schools, self.indicators, self.population)
        )


def load(inputs: Inputs, dataset_id: str = "upload") -> tuple[Dataset, Report]:
    """Read, validate and join ``inputs`` into a dataset, with the report of what happened."""
    report = Report()
    used_demo: list[str] = []

    boundaries_path = inputs.boundaries or DEMO_PATHS["territories"]
    territories = _read_areas(
        boundaries_path, "boundaries", 2, inputs.mapping, report, inputs.layers
    )
    if inputs.boundaries is None:
        used_demo.append("límites")

    barrios_path = inputs.barrios or (DEMO_PATHS["barrios"] if inputs.boundaries is None else None)
    barrios = None
    if barrios_path is not None:
        barrios = _read_areas(barrios_path, "barrios", 4, inputs.mapping, report, inputs.layers)
        prefix = barrios[s.CODE].str[:2]
        barrios[s.TERRITORY] = prefix.where(prefix.isin(territories[s.CODE]))

    schools_path = inputs.schools or DEMO_PATHS["sites"]
    sites, school_years = _read_schools(schools_path, inputs, report)
    if inputs.schools is None:
        used_demo.append("sedes")
    sites = _locate_sites(sites, territories, barrios, inputs.tolerance_m, report, schools_path)

    indicators_path = inputs.indicators or (
        DEMO_PATHS["site_years"] if inputs.schools is None else None
    )
    site_years = [school_years] if school_years is not None else []
    territory_rows: list[pd.DataFrame] = []
    if indicators_path is not None:
        kind, rows = _read_indicators(indicators_path, inputs, territories, sites, report)
        (site_years if kind == "sites" else territory_rows).append(rows)
        if inputs.indicators is None:
            used_demo.append("indicadores")

    population_path = inputs.population or (
        DEMO_PATHS["population"] if inputs.boundaries is None else None
    )
    population = None
    if population_path is not None:
        population = _read_population(population_path, inputs, territories, report)
        if inputs.population is None:
            used_demo.append("población")

    counts = pd.concat(site_years, ignore_index=True) if site_years else _empty_counts()
    facts = build_facts(sites, counts)
    if territory_rows:
        facts = pd.concat([facts, *territory_rows], ignore_index=True)
    is_demo = bool(used_demo)
    sources = list(inputs.sources) or [
        Source(f"Archivos cargados: {', '.join(_given(inputs))}", "Según su origen")
    ]
    if is_demo:
        demo_source = Source(f"Demostración del proyecto ({', '.join(used_demo)})", DEMO_LICENCE)
        sources = [demo_source] if inputs.is_demo else [*sources, demo_source]
    dataset = Dataset(
        id=dataset_id,
        label=inputs.label or ("Ciudad de demostración" if inputs.is_demo else "Datos cargados"),
        is_demo=is_demo,
        territories=territories,
        barrios=barrios,
        sites=sites,
        facts=facts,
        population=population,
        sources=tuple(sources),
    )
    return dataset, report


def load_official(cache_dir: Path) -> tuple[Dataset, Report]:
    """The official GeoMedellín layers downloaded by ``python -m geo fetch`` into ``cache_dir``.

    Raises ``DataError`` when the comunas layer is not in the cache.
    """
    from geo.io.fetch import cached_layers  # fetch needs the network stack; only when asked

    cached = cached_layers(cache_dir)
    if "comunas" not in cached:
        raise DataError(msg("no_official_comunas"), str(cache_dir), msg("no_official_comunas_fix"))
    sources = tuple(
        Source(
            f"GeoMedellín, {layer.title} ({layer.retrieved[:10]})",
            layer.licence,
            url=layer.source_url,
            retrieved=layer.retrieved,
        )
        for layer in cached.values()
    )
    inputs = Inputs(
        boundaries=cached["comunas"].path,
        barrios=cached["barrios"].path if "barrios" in cached else None,
        schools=cached["sedes"].path if "sedes" in cached else None,
        label="Capas oficiales (GeoMedellín)",
        sources=sources,
        year=int(cached["comunas"].retrieved[:4]),  # for a directory without vigencia
    )
    return load(inputs, dataset_id="official-" + cached["comunas"].sha256[:10])


def _given(inputs: Inputs) -> list[str]:
    paths = (
        inputs.boundaries,
        inputs.barrios,
        inputs.schools,
        inputs.indicators,
        inputs.population,
    )
    return [p.name for p in paths if p is not None]


def _empty_counts() -> pd.DataFrame:
    return pd.DataFrame({s.SITE_CODE: pd.Series(dtype="string"), s.YEAR: pd.Series(dtype=int)})


# --- areas -------------------------------------------------------------------------------


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


# --- schools -----------------------------------------------------------------------------


def _read_schools(
    path: Path, inputs: Inputs, report: Report
) -> tuple[gpd.GeoDataFrame, pd.DataFrame | None]:
    """Sites (one row per DANE code, with a point where known) and any yearly counts."""
    table = read_table(path, inputs.layers.get("schools"), sheet=inputs.sheets.get("schools"))
    frame = table.frame
    aliases = {**SITE_ALIASES, s.YEAR: YEAR_ALIASES, **_count_aliases()}
    columns = detect_columns(frame.columns, aliases, inputs.mapping)
    read = FileRead(
        "schools", path.name, table.format, len(frame), columns=columns, notes=list(table.notes)
    )
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


_POPULATION_COLUMNS: Final = (s.POPULATION, s.POPULATION_5_16)


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
    if s.ENROLLED not in out:
        return
    for column in (s.DROPOUTS, s.NO_INTERNET, s.NO_COMPUTER, s.ENROLLED_OFFICIAL_AGE):
        if column not in out:
            continue
        above = out[column] > out[s.ENROLLED]
        kind = "dropouts_above_enrolment" if column == s.DROPOUTS else "count_above_enrolment"
        for row, code, value, enrolled in out.loc[
            above, ["_row", s.SITE_CODE, column, s.ENROLLED]
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
                        enrolled=s.ENROLLED,
                        total=enrolled,
                    ),
                )
            )
        out.loc[above, column] = np.nan


# --- location ----------------------------------------------------------------------------


def _locate_sites(
    sites: gpd.GeoDataFrame,
    territories: gpd.GeoDataFrame,
    barrios: gpd.GeoDataFrame | None,
    tolerance_m: float,
    report: Report,
    path: Path,
) -> gpd.GeoDataFrame:
    """Point in polygon; near misses within ``tolerance_m`` go to the nearest territory."""
    located = locate(sites, territories, s.TERRITORY)
    by_code, by_name = territory_lookup(territories[s.CODE], territories[s.NAME])
    declared = sites[s.DECLARED_TERRITORY].map(
        lambda v: match_territory(v, by_code, by_name) if pd.notna(v) else None
    )
    has_point = located.geometry.notna().to_numpy()
    outside = located[s.TERRITORY].isna().to_numpy() & has_point
    if outside.any():
        metric = territories.estimate_utm_crs()
        areas_m = territories.to_crs(metric)
        for index in np.flatnonzero(outside):
            original = located.geometry.iloc[index]
            if not (-180 <= original.x <= 180 and -90 <= original.y <= 90):
                detail = msg("detail_out_of_range", lat=original.y, lon=original.x)
                report.add(_site_problem("outside", path, sites, index, detail))
                continue
            point = gpd.GeoSeries([original], crs=s.CRS_WGS84).to_crs(metric)[0]
            distances = areas_m.distance(point)
            nearest = int(distances.argmin())
            metres, territory = distances.iloc[nearest], areas_m[s.CODE].iloc[nearest]
            if metres <= tolerance_m:
                located.iat[index, located.columns.get_loc(s.TERRITORY)] = territory
                detail = msg("detail_within_tolerance", metres=metres, territory=territory)
                report.add(_site_problem("assigned_by_tolerance", path, sites, index, detail))
            else:
                detail = msg("detail_beyond_tolerance", metres=metres)
                report.add(_site_problem("outside", path, sites, index, detail))
    no_point = ~has_point
    for index in np.flatnonzero(no_point):
        code = declared.iloc[index]
        if code is not None:
            located.iat[index, located.columns.get_loc(s.TERRITORY)] = code
            report.add(_site_problem("located_by_attribute", path, sites, index, f"comuna {code}"))
    given = sites[s.DECLARED_TERRITORY].notna().to_numpy() & has_point
    for index in np.flatnonzero(given):
        found = located[s.TERRITORY].iloc[index]
        said = declared.iloc[index]
        if pd.notna(found) and said != found:
            raw = sites[s.DECLARED_TERRITORY].iloc[index]
            known = "detail_declares" if said is not None else "detail_declares_unknown"
            detail = msg(known, declared=raw, found=found)
            report.add(_site_problem("declared_mismatch", path, sites, index, detail))
    if barrios is not None:
        located = locate(located, barrios, s.BARRIO)
    return located.drop(columns="_row")


def _site_problem(
    kind: str, path: Path, sites: gpd.GeoDataFrame, index: int, detail: str | Msg
) -> Problem:
    """A problem about the site at ``index``, with its file row, code and name."""
    return Problem(
        kind,
        path.name,
        int(sites.at[index, "_row"]),
        str(sites.at[index, s.SITE_CODE]),
        str(sites.at[index, s.SITE_NAME]),
        detail,
    )


# --- indicator and population tables ----------------------------------------------------


def _read_indicators(
    path: Path,
    inputs: Inputs,
    territories: gpd.GeoDataFrame,
    sites: gpd.GeoDataFrame,
    report: Report,
) -> tuple[str, pd.DataFrame]:
    """Site-level counts (joined by DANE code) or territory-level counts (by code or name)."""
    table = read_table(path, sheet=inputs.sheets.get("indicators"))
    frame = table.frame
    columns = detect_columns(
        frame.columns,
        {s.SITE_CODE: SITE_ALIASES[s.SITE_CODE], s.YEAR: YEAR_ALIASES, **_count_aliases()},
        inputs.mapping,
    )
    if s.SITE_CODE in columns:
        report.files.append(
            FileRead(
                "indicators",
                path.name,
                table.format,
                len(frame),
                columns=columns,
                notes=list(table.notes),
            )
        )
        _report_unreadable(table, path, report)
        frame = _with_codes(frame, columns[s.SITE_CODE], path, report, say_missing=False)
        counts = _counts(frame, columns, table.decimal, inputs.year, path, report)
        known = set(sites[s.SITE_CODE])
        unknown = ~counts[s.SITE_CODE].isin(known)
        for code in counts.loc[unknown, s.SITE_CODE].unique():
            report.add(
                Problem("unmatched_site", path.name, code=code, detail=msg("detail_not_in_sites"))
            )
        return "sites", counts[~unknown]
    matched, columns, read = _territory_table(path, table, inputs, territories, report)
    report.files.append(read)
    _report_unreadable(table, path, report)
    frame = frame.assign(_code=matched.to_numpy(), _row=_file_rows(frame))
    counts = _counts(
        frame[matched.notna().to_numpy()], columns, table.decimal, inputs.year, path, report
    )
    # Territory-level rows: no site code, so they count in sums but never in n_sites.
    counts = counts.rename(columns={s.SITE_CODE: s.TERRITORY})
    counts[s.SITE_CODE] = pd.Series(pd.NA, index=counts.index, dtype="string")
    return "territories", counts


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


_YEARS: Final = (1900, 2100)  # a year outside is a typo or an Excel date serial (45292)


def _plausible(year: float) -> bool:
    return _YEARS[0] < year < _YEARS[1]


def _years(
    column: pd.Series, decimal: str, rows: np.ndarray, path: Path, report: Report
) -> pd.Series:
    """Years as numbers; text and implausible years are reported and become missing."""
    years, bad = to_numbers(column, decimal)
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


def build_facts(sites: gpd.GeoDataFrame, site_years: pd.DataFrame) -> pd.DataFrame:
    """One row per site and year: counts plus the site's attributes and location codes."""
    attributes = pd.DataFrame(sites.drop(columns="geometry"))
    facts = site_years.merge(attributes, on=s.SITE_CODE, how="inner", validate="many_to_one")
    facts[s.SITE_COUNT] = pd.Series(1.0, index=facts.index, dtype="Float64")
    if s.BROADBAND in facts:
        reporting = facts[s.BROADBAND].notna()
        facts[s.SITES_REPORTING] = reporting.astype("Float64").where(reporting)
        facts[s.NO_BROADBAND] = 1 - facts[s.BROADBAND]
    return facts


def load_demo() -> Dataset:
    """The generated demo city (``python -m geo demo`` writes it), read like any upload."""
    dataset, _ = load(Inputs(), dataset_id="demo")
    return dataset
