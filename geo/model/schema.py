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

# Internal efficiency, learning and overage (counts per site and year; MEN definitions over
# enrolment at the end of the year).
APPROVED: Final = "aprobados"
FAILED: Final = "reprobados"
REPEATING: Final = "repitentes"
OVERAGE: Final = "extraedad"  # two or more years older than the official age for the grade
SABER_CANDIDATES: Final = "saber11_evaluados"
SABER_SCORE_SUM: Final = "saber11_puntaje_total"  # Σ global score (0-500) over candidates
SABER_SCORE_MEAN: Final = "saber11_puntaje_promedio"  # as sources give it: × candidates = sum
SABER_LOW_MATH: Final = "saber11_bajo_matematicas"  # candidates in performance level 1
SABER_LOW_READING: Final = "saber11_bajo_lectura"  # lectura crítica, level 1
# Saber 11's household questionnaire, per site (issue 23): candidates answering 'No' and those
# who answered at all (a blank answer counts in neither), so the share says whom it counts.
SABER_NO_INTERNET: Final = "saber11_sin_internet"
SABER_ANSWERED_INTERNET: Final = "saber11_responden_internet"
SABER_NO_COMPUTER: Final = "saber11_sin_computador"
SABER_ANSWERED_COMPUTER: Final = "saber11_responden_computador"
# Saber 11 by subject: the site's mean as sources give it, and Σ score (mean × candidates).
SABER_SUBJECTS: Final = (
    "matematicas",
    "lectura_critica",
    "ciencias_naturales",
    "sociales_ciudadanas",
    "ingles",
)


def saber_subject_mean(subject: str) -> str:
    """``'matematicas'`` -> ``'saber11_matematicas_promedio'`` (the site's mean, 0-100)."""
    return f"saber11_{subject}_promedio"


def saber_subject_candidates(subject: str) -> str:
    """``'matematicas'`` -> ``'saber11_matematicas_evaluados'`` (candidates with that score;
    the site's candidates when a source gives only its mean)."""
    return f"saber11_{subject}_evaluados"


def saber_subject_sum(subject: str) -> str:
    """``'matematicas'`` -> ``'saber11_matematicas_total'`` (Σ score over candidates)."""
    return f"saber11_{subject}_total"


# Schools: the institution (establecimiento) a site belongs to, and the 14-digit consecutive
# (institution code + 2 digits) some directories give each site.
INSTITUTION: Final = "codigo_establecimiento"
SITE_CONSECUTIVE: Final = "consecutivo_sede"
ENROLLED_HIGH_RISK: Final = "matricula_riesgo_alto"  # enrolment of sites in the top risk band
CAPACITY: Final = "cupos"  # declared seats of a site (per education level with ``at_level``)

# Education levels (MEN) and their official ages. A column for one level is the all-levels
# column with the level's suffix (``matricula_primaria``); age-bound columns take the level's
# ages instead (``poblacion_5_16`` -> ``poblacion_6_10``). ``None`` means all levels.
EDUCATION_LEVELS: Final = ("transicion", "primaria", "secundaria", "media")
LEVEL_AGES: Final = {
    "transicion": (5, 5),
    "primaria": (6, 10),
    "secundaria": (11, 14),
    "media": (15, 16),
}
SCHOOL_AGES: Final = (5, 16)

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


def ages_suffix(ages: tuple[int, int]) -> str:
    """``(6, 10)`` -> ``'6_10'``; ``(5, 5)`` -> ``'5'``."""
    low, high = ages
    return str(low) if low == high else f"{low}_{high}"


def at_level(column: str, education_level: str | None) -> str:
    """The name of ``column`` for one education level (``None``: all levels, unchanged).

    >>> at_level("desertores", "secundaria"), at_level("poblacion_5_16", "primaria")
    ('desertores_secundaria', 'poblacion_6_10')
    """
    if education_level is None:
        return column
    if education_level not in LEVEL_AGES:
        raise ValueError(
            f"Unknown education level {education_level!r}; valid: {', '.join(EDUCATION_LEVELS)}."
        )
    whole = "_" + ages_suffix(SCHOOL_AGES)
    if column.endswith(whole):
        return column[: -len(whole)] + "_" + ages_suffix(LEVEL_AGES[education_level])
    return f"{column}_{education_level}"


def normalise_header(header: object) -> str:
    """``'Matrícula Total '`` -> ``'matricula_total'``; ``'codigoDane'`` -> ``'codigo_dane'``.

    camelCase is split where a lower-case letter meets a capital (the spelling of JSON APIs:
    ``promedioGlobal``); headers in capitals (``MATRICULA``, ``NOMBRE_COM``) are unchanged.
    """
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    text = _CAMEL.sub(r"\1_\2", text.strip())
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


_CAMEL: Final = re.compile(r"([a-z0-9])([A-Z])")
