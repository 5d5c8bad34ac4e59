"""Column names people actually use, mapped to the canonical ones in ``geo.schema``.

Headers are compared after :func:`normalise_header` (lower case, no accents, ``_`` for spaces
and hyphens), so ``Matrícula``, ``MATRICULA`` and ``matricula`` are the same column. A user
mapping (``--map canonical=theirs`` or the Datos page) always wins over the aliases.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Final

from geo import schema as s

# Canonical column -> spellings seen in the field, most specific first.
SITE_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    s.SITE_CODE: (
        "codigo_dane",
        "codigo_dane_sede",
        "cod_dane_sede",
        "dane_sede_codigo",
        "cod_dane",
        "codigo_sede",
        "dane",
        "school_code",
        "site_code",
    ),
    s.SITE_NAME: (
        "nombre_sede",
        "sede_educativa",
        "sede",
        "nombre",
        "nombre_establecimiento",
        "name",
        "school_name",
    ),
    s.SECTOR: ("sector", "naturaleza", "sector_educativo"),
    s.ZONE: ("zona", "zone", "area", "zona_sede"),
    s.NUCLEO: ("nucleo", "nucleo_educativo", "cod_nucleo"),
    s.DECLARED_TERRITORY: (
        "codigo_comuna",
        "cod_comuna",
        "comuna",
        "comuna_corregimiento",
        "id_comuna",
        "nombre_comuna",
    ),
    s.LATITUDE: ("latitud", "lat", "latitude", "y_wgs84"),
    s.LONGITUDE: ("longitud", "lon", "lng", "long", "longitude", "x_wgs84"),
    "x": ("x", "x_origen_nacional", "este", "coord_x", "easting"),
    "y": ("y", "y_origen_nacional", "norte", "coord_y", "northing"),
}
YEAR_ALIASES: Final = ("anio", "ano", "year", "vigencia", "periodo")
COUNT_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    s.ENROLLED: (
        "matricula",
        "matricula_total",
        "total_matricula",
        "enrolment",
        "enrollment",
        "matriculados",
        "total",
    ),
    s.ENROLLED_OFFICIAL_AGE: (
        "matricula_5_16",
        "matricula_edad_oficial",
        "matricula_en_edad",
        "matricula_neta",
    ),
    s.DROPOUTS: ("desertores", "desercion_absoluta", "dropouts", "retirados"),
    s.NO_INTERNET: ("sin_internet", "estudiantes_sin_internet", "no_internet", "sin_conectividad"),
    s.NO_COMPUTER: (
        "sin_computador",
        "estudiantes_sin_computador",
        "no_computer",
        "sin_computadora",
    ),
    s.COMPUTERS: ("computadores", "computadores_sede", "equipos", "computers"),
    s.BROADBAND: ("banda_ancha", "tiene_banda_ancha", "broadband", "conexion_banda_ancha"),
    s.POPULATION: ("poblacion_total", "poblacion", "total_poblacion", "population"),
    s.POPULATION_5_16: ("poblacion_5_16", "poblacion_5_a_16", "pob_5_16", "population_5_16"),
}
# In a population table 'total' is the population, not the enrolment.
POPULATION_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    s.POPULATION: (*COUNT_ALIASES[s.POPULATION], "total"),
    s.POPULATION_5_16: COUNT_ALIASES[s.POPULATION_5_16],
}
TERRITORY_CODE_ALIASES: Final = (
    "codigo",
    "comuna",
    "codigo_comuna",
    "cod_comuna",
    "id_comuna",
    "codigo_territorio",
    "cod_territorio",
)
TERRITORY_NAME_ALIASES: Final = (
    "nombre",
    "nombre_comuna",
    "comuna_nombre",
    "nombre_territorio",
    "territorio",
    "name",
)
BARRIO_CODE_ALIASES: Final = ("codigo", "codigo_barrio", "cod_barrio", "cbml_barrio")
BARRIO_NAME_ALIASES: Final = ("nombre_barrio", "nombre", "barrio", "name")


def normalise_header(header: object) -> str:
    """``'Matrícula Total '`` -> ``'matricula_total'``."""
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def find_column(columns: Iterable[object], aliases: Iterable[str]) -> str | None:
    """The first of ``columns`` whose normalised header is one of ``aliases`` (in alias order)."""
    by_norm: dict[str, str] = {}
    for column in columns:
        by_norm.setdefault(normalise_header(column), str(column))
    for alias in aliases:
        if alias in by_norm:
            return by_norm[alias]
    return None


def detect_columns(
    columns: Iterable[object],
    aliases: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Canonical name -> the file's column, from ``mapping`` first, then the aliases.

    A file column is used for one canonical name only.
    """
    columns = [str(c) for c in columns]
    chosen: dict[str, str] = {}
    for canonical, theirs in (mapping or {}).items():
        if theirs in columns:
            chosen[canonical] = theirs
    used = set(chosen.values())
    for canonical, names in aliases.items():
        if canonical in chosen:
            continue
        found = find_column([c for c in columns if c not in used], names)
        if found is not None:
            chosen[canonical] = found
            used.add(found)
    return chosen


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """``["matricula=MAT_TOTAL", ...]`` from the command line -> ``{"matricula": "MAT_TOTAL"}``."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        canonical, sep, theirs = pair.partition("=")
        if not sep or not canonical.strip() or not theirs.strip():
            raise ValueError(f"--map expects canonical=their_column, got {pair!r}.")
        mapping[canonical.strip()] = theirs.strip()
    return mapping
