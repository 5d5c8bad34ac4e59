"""Canonical column names, codes and coordinate reference systems, in one place."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Coordinate reference systems.
CRS_WGS84: Final = "EPSG:4326"
CRS_MAGNA_NATIONAL: Final = "EPSG:9377"  # MAGNA-SIRGAS origen nacional (metres)

# Territories (comunas y corregimientos) and their finer units (barrios y veredas).
CODE: Final = "codigo"
NAME: Final = "nombre"
KIND: Final = "tipo"
TERRITORY: Final = "codigo_territorio"  # the territory a barrio or a site belongs to
BARRIO: Final = "codigo_barrio"

# School sites (sedes educativas).
SITE_CODE: Final = "codigo_dane"
SITE_NAME: Final = "nombre"
SECTOR: Final = "sector"
ZONE: Final = "zona"
NUCLEO: Final = "nucleo"
DECLARED_TERRITORY: Final = "codigo_comuna"  # what the source says; the join decides
LATITUDE: Final = "latitud"
LONGITUDE: Final = "longitud"

# Yearly counts per site.
YEAR: Final = "anio"
ENROLLED: Final = "matricula"
ENROLLED_OFFICIAL_AGE: Final = "matricula_5_16"  # enrolled students aged 5-16 (net coverage)
DROPOUTS: Final = "desertores"
NO_INTERNET: Final = "sin_internet"
NO_COMPUTER: Final = "sin_computador"
COMPUTERS: Final = "computadores"
BROADBAND: Final = "banda_ancha"
SITE_YEAR_COUNTS: Final = (
    ENROLLED,
    ENROLLED_OFFICIAL_AGE,
    DROPOUTS,
    NO_INTERNET,
    NO_COMPUTER,
    COMPUTERS,
    BROADBAND,
)

# Derived per-site columns the aggregation uses (see ``geo.analysis.aggregate``).
SITES_REPORTING: Final = "sedes_reportando"
SITE_COUNT: Final = "sedes"  # 1 per site and year: counts sites
NO_BROADBAND: Final = "sin_banda_ancha"

# Population per territory and year.
POPULATION: Final = "poblacion_total"
POPULATION_5_16: Final = "poblacion_5_16"

# Categories.
SECTORS: Final = ("Oficial", "No oficial", "Cobertura contratada")
ZONES: Final = ("Urbana", "Rural")

DANE_CODE_LENGTH: Final = 12


def normalise_header(header: object) -> str:
    """``'Matrícula Total '`` -> ``'matricula_total'``."""
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")
