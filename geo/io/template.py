"""The downloadable template that documents the columns the app expects from a school table."""

from __future__ import annotations

import io
from typing import Final

import pandas as pd

from geo.io.columns import COUNT_ALIASES, SITE_ALIASES, YEAR_ALIASES
from geo.model import schema as s

_LEVEL_NAMES: Final = {
    "transicion": "transición",
    "primaria": "primaria",
    "secundaria": "secundaria",
    "media": "media",
}
# Per level: what the column counts, and an example for transición, primaria, secundaria, media
# that keeps matrícula = aprobados + reprobados + desertores in every level.
_PER_LEVEL: Final = (
    (s.ENROLLED, "Matriculados en {level}.", (60, 350, 300, 140)),
    (
        s.ENROLLED_OFFICIAL_AGE,
        "Matriculados en {level} con su edad oficial ({ages} años; cobertura neta del nivel).",
        (52, 300, 240, 100),
    ),
    (s.DROPOUTS, "Desertores de {level}.", (1, 8, 17, 6)),
    (s.APPROVED, "Aprobados de {level}.", (59, 328, 253, 126)),
    (s.FAILED, "Reprobados de {level}.", (0, 14, 30, 8)),
    (s.REPEATING, "Repitentes de {level}.", (0, 12, 25, 6)),
    (s.OVERAGE, "Estudiantes en extraedad en {level}.", (1, 20, 38, 19)),
    (
        s.CAPACITY,
        "Cupos declarados de {level} (0 si la sede no ofrece el nivel).",
        (70, 380, 320, 160),
    ),
)
_LEVEL_COLUMNS: Final = tuple(
    (
        s.at_level(column, level),
        "no",
        text.format(
            level=_LEVEL_NAMES[level],
            ages=s.ages_suffix(s.LEVEL_AGES[level]).replace("_", " a "),
        ),
        str(examples[i]),
    )
    for column, text, examples in _PER_LEVEL
    for i, level in enumerate(s.EDUCATION_LEVELS)
)

# (column, required, Spanish description, example)
COLUMNS: Final = (
    (
        s.SITE_CODE,
        "sí",
        "Código DANE de la sede, 12 dígitos, como texto (conserve los ceros).",
        "105001000001",
    ),
    (s.SITE_NAME, "no", "Nombre de la sede.", "Sede Ejemplo"),
    (s.SECTOR, "no", "Oficial, No oficial o Cobertura contratada.", "Oficial"),
    (s.ZONE, "no", "Urbana o Rural.", "Urbana"),
    (s.NUCLEO, "no", "Núcleo educativo de la Secretaría.", "914"),
    (s.DECLARED_TERRITORY, "no", "Código o nombre de la comuna o corregimiento.", "01"),
    (
        s.LATITUDE,
        "no*",
        "Latitud en grados (WGS 84). *Sin coordenadas la sede se ubica por su comuna.",
        "6,2950",
    ),
    (s.LONGITUDE, "no*", "Longitud en grados (WGS 84).", "-75,5460"),
    (s.YEAR, "sí**", "Año de los conteos. **Obligatorio si hay conteos.", "2024"),
    (s.ENROLLED, "no", "Estudiantes matriculados.", "850"),
    (
        s.DROPOUTS,
        "no",
        "Estudiantes que desertaron durante el año (no más que la matrícula).",
        "32",
    ),
    (s.NO_INTERNET, "no", "Estudiantes sin internet en el hogar.", "410"),
    (s.NO_COMPUTER, "no", "Estudiantes sin computador en el hogar.", "520"),
    (s.COMPUTERS, "no", "Computadores disponibles en la sede.", "40"),
    (s.BROADBAND, "no", "¿La sede tiene banda ancha? sí / no.", "sí"),
    (
        s.ENROLLED_OFFICIAL_AGE,
        "no",
        "Matriculados de 5 a 16 años (cobertura neta).",
        "790",
    ),
    # Issue 16: internal efficiency and learning, all levels together.
    (s.APPROVED, "no", "Estudiantes que aprobaron el año.", "766"),
    (s.FAILED, "no", "Estudiantes que reprobaron el año.", "52"),
    (s.REPEATING, "no", "Estudiantes que repiten el grado este año.", "43"),
    (
        s.OVERAGE,
        "no",
        "Estudiantes con dos o más años por encima de la edad oficial de su grado.",
        "78",
    ),
    (s.SABER_CANDIDATES, "no", "Evaluados en Saber 11 (último grado de la media).", "62"),
    (
        s.SABER_SCORE_MEAN,
        "no",
        "Puntaje global promedio de los evaluados (0 a 500); también se acepta "
        f"{s.SABER_SCORE_SUM}, la suma de sus puntajes.",
        "254,3",
    ),
    (s.SABER_LOW_MATH, "no", "Evaluados en el nivel 1 (el más bajo) de matemáticas.", "19"),
    (s.SABER_LOW_READING, "no", "Evaluados en el nivel 1 (el más bajo) de lectura crítica.", "8"),
    *_LEVEL_COLUMNS,
)


def _aliases(column: str) -> str:
    aliases = {**SITE_ALIASES, s.YEAR: YEAR_ALIASES, **COUNT_ALIASES}.get(column, ())
    others = [a for a in aliases if a != column]
    shown = ", ".join(others[:_SHOWN])
    return shown + (f"… (+{len(others) - _SHOWN})" if len(others) > _SHOWN else "")


_SHOWN: Final = 8  # per-level columns have dozens of spellings; the first few say the pattern


def documentation() -> pd.DataFrame:
    """One row per expected column: name, required, description, example, accepted spellings."""
    return pd.DataFrame(
        [(c, r, d, e, _aliases(c)) for c, r, d, e in COLUMNS],
        columns=["columna", "obligatoria", "descripción", "ejemplo", "también se acepta"],
    )


def _example() -> pd.DataFrame:
    """One example row with every column, as the documentation gives it."""
    return pd.DataFrame([[e for _, _, _, e in COLUMNS]], columns=[c for c, *_ in COLUMNS])


def template_csv() -> bytes:
    """A one-row example as Excel in Spanish locales writes CSV: ';', decimal comma, BOM."""
    example = _example()
    return example.to_csv(sep=";", index=False).encode("utf-8-sig")


def template_xlsx() -> bytes:
    """The example sheet plus a sheet documenting each column."""
    buffer = io.BytesIO()
    example = _example()
    example[s.LATITUDE] = 6.2950
    example[s.LONGITUDE] = -75.5460
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        example.to_excel(writer, sheet_name="sedes", index=False)
        documentation().to_excel(writer, sheet_name="columnas", index=False)
    return buffer.getvalue()
