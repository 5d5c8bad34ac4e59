"""The indicator catalogue: one definition read by the UI, the exports and the docs."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final, Literal

from geo.errors import DataError
from geo.model import schema as s
from geo.model.messages import msg

Unit = Literal["percent", "ratio", "count", "index", "score"]
Direction = Literal["higher_worse", "lower_worse", "neutral"]


@dataclass(frozen=True)
class Indicator:
    """How one indicator is computed and shown.

    A territory's value is ``sum(numerator) / sum(denominator)`` over the sites (or, for
    ``denominator_source == "population"``, over the territory's population), never a mean of
    site rates. ``denominator is None`` means the value is the plain sum of the numerator.
    """

    id: str
    name: dict[str, str]
    short: dict[str, str]
    definition: dict[str, str]
    numerator: str
    denominator: str | None
    unit: Unit
    direction: Direction
    palette: str  # a ColorBrewer sequential scheme; dark means the far end of ``direction``
    source: dict[str, str]
    denominator_source: Literal["sites", "population"] = "sites"
    levels: tuple[str, ...] = ("territorio", "barrio", "nucleo")
    # The education levels it exists for besides all levels together (``schema.EDUCATION_LEVELS``)
    # and whether its columns are named per level (``schema.at_level``); Saber 11 is media's
    # own test, so it exists at media with the same columns.
    education_levels: tuple[str, ...] = ()
    level_columns: bool = True
    education_level: str = ""  # "" for all levels; set by ``get_indicator``
    score_max: int = 500  # a score's scale: Saber 11's global 0-500, each test 0-100

    def label(self, lang: str) -> str:
        return self.name[lang]


BY_LEVEL: Final = s.EDUCATION_LEVELS
EDUCATION_LEVEL_NAMES: Final = {
    "": {"es": "Todos los niveles", "en": "All levels"},
    "transicion": {"es": "Transición", "en": "Transition (pre-school)"},
    "primaria": {"es": "Primaria", "en": "Primary"},
    "secundaria": {"es": "Secundaria", "en": "Lower secondary"},
    "media": {"es": "Media", "en": "Upper secondary (media)"},
}

_SITES_SOURCE = {
    "es": "Datos por sede: matrícula, desertores y encuesta de conectividad "
    "(SIMAT / Secretaría de Educación).",
    "en": "Site-level data: enrolment, dropouts and connectivity survey "
    "(SIMAT / Secretariat of Education).",
}

_EFFICIENCY_SOURCE = {
    "es": "Datos por sede al cierre del año: aprobados, reprobados, desertores, repitentes y "
    "extraedad (SIMAT / Secretaría de Educación; definiciones del MEN).",
    "en": "Site-level data at the end of the year: passed, failed, dropped out, repeating and "
    "over-age students (SIMAT / Secretariat of Education; MEN definitions).",
}
_SABER_SOURCE = {
    "es": "Resultados del examen Saber 11 por sede (ICFES).",
    "en": "Saber 11 exam results per site (ICFES).",
}

_SABER_HOUSEHOLD_SOURCE = {
    "es": "ICFES, resultados de Saber 11 por estudiante (datos.gov.co, conjunto kgxf-xxbe: "
    "fami_tieneinternet, fami_tienecomputador), sumados por sede y periodo en el servidor. "
    "Licencia: la que declara la ficha del conjunto en datos.gov.co, guardada con cada descarga.",
    "en": "ICFES, Saber 11 results per student (datos.gov.co, dataset kgxf-xxbe: "
    "fami_tieneinternet, fami_tienecomputador), summed per site and period on the server. "
    "Licence: the one the dataset's page on datos.gov.co declares, kept with each download.",
}

INDICATORS: Final[dict[str, Indicator]] = {
    i.id: i
    for i in (
        Indicator(
            id="dropout",
            name={"es": "Deserción intra-anual", "en": "Within-year dropout"},
            short={"es": "Deserción", "en": "Dropout"},
            definition={
                "es": "Estudiantes que abandonan durante el año escolar sobre los matriculados.",
                "en": "Students who leave during the school year over students enrolled.",
            },
            numerator=s.DROPOUTS,
            denominator=s.ENROLLED,
            unit="percent",
            direction="higher_worse",
            palette="OrRd",
            source=_SITES_SOURCE,
            education_levels=BY_LEVEL,
        ),
        Indicator(
            id="no_internet",
            name={"es": "Sin internet en casa", "en": "No internet at home"},
            short={"es": "Sin internet", "en": "No internet"},
            definition={
                "es": "Estudiantes sin conexión a internet en el hogar sobre los matriculados.",
                "en": "Students without an internet connection at home over students enrolled.",
            },
            numerator=s.NO_INTERNET,
            denominator=s.ENROLLED,
            unit="percent",
            direction="higher_worse",
            palette="PuRd",
            source=_SITES_SOURCE,
        ),
        Indicator(
            id="no_computer",
            name={"es": "Sin computador en casa", "en": "No computer at home"},
            short={"es": "Sin computador", "en": "No computer"},
            definition={
                "es": "Estudiantes sin computador en el hogar sobre los matriculados.",
                "en": "Students without a computer at home over students enrolled.",
            },
            numerator=s.NO_COMPUTER,
            denominator=s.ENROLLED,
            unit="percent",
            direction="higher_worse",
            palette="RdPu",
            source=_SITES_SOURCE,
        ),
        Indicator(
            id="students_per_computer",
            name={"es": "Estudiantes por computador", "en": "Students per computer"},
            short={"es": "Est. por computador", "en": "Students/computer"},
            definition={
                "es": "Matrícula sobre computadores disponibles en las sedes.",
                "en": "Enrolment over computers available at the school sites.",
            },
            numerator=s.ENROLLED,
            denominator=s.COMPUTERS,
            unit="ratio",
            direction="higher_worse",
            palette="YlOrBr",
            source=_SITES_SOURCE,
        ),
        Indicator(
            id="no_broadband",
            name={"es": "Sedes sin banda ancha", "en": "Sites without broadband"},
            short={"es": "Sin banda ancha", "en": "No broadband"},
            definition={
                "es": "Sedes sin conexión de banda ancha sobre las sedes que reportan.",
                "en": "School sites without a broadband connection over the sites reporting.",
            },
            numerator=s.NO_BROADBAND,
            denominator=s.SITES_REPORTING,
            unit="percent",
            direction="higher_worse",
            palette="BuPu",
            source=_SITES_SOURCE,
        ),
        Indicator(
            id="coverage_gross",
            name={"es": "Cobertura bruta", "en": "Gross coverage"},
            short={"es": "Cobertura bruta", "en": "Gross coverage"},
            definition={
                "es": "Matrícula de todas las edades sobre la población de 5 a 16 años. La "
                "matrícula se cuenta donde está la sede y la población donde vive: puede "
                "superar el 100 %.",
                "en": "Enrolment of all ages over the population aged 5-16. Enrolment counts "
                "where the school is and population where people live: it can exceed 100 %.",
            },
            numerator=s.ENROLLED,
            denominator=s.POPULATION_5_16,
            unit="percent",
            direction="lower_worse",
            palette="GnBu",
            source={
                "es": "Matrícula por sede (SIMAT) y proyecciones de población por comuna (DAP).",
                "en": "Site enrolment (SIMAT) and population projections per comuna (DAP).",
            },
            denominator_source="population",
            levels=("territorio",),
            education_levels=BY_LEVEL,
        ),
        Indicator(
            id="coverage_net",
            name={"es": "Cobertura neta", "en": "Net coverage"},
            short={"es": "Cobertura neta", "en": "Net coverage"},
            definition={
                "es": "Matrícula de 5 a 16 años sobre la población de 5 a 16 años. La "
                "matrícula se cuenta donde está la sede y la población donde vive.",
                "en": "Enrolment aged 5-16 over the population aged 5-16. Enrolment counts "
                "where the school is and population where people live.",
            },
            numerator=s.ENROLLED_OFFICIAL_AGE,
            denominator=s.POPULATION_5_16,
            unit="percent",
            direction="lower_worse",
            palette="PuBu",
            source={
                "es": "Matrícula por edad (SIMAT) y proyecciones de población por comuna (DAP).",
                "en": "Enrolment by age (SIMAT) and population projections per comuna (DAP).",
            },
            denominator_source="population",
            levels=("territorio",),
            education_levels=BY_LEVEL,
        ),
        Indicator(
            id="sites",
            name={"es": "Sedes educativas", "en": "School sites"},
            short={"es": "Sedes", "en": "Sites"},
            definition={
                "es": "Número de sedes educativas ubicadas en el territorio.",
                "en": "Number of school sites located in the territory.",
            },
            numerator=s.SITE_COUNT,
            denominator=None,
            unit="count",
            direction="neutral",
            palette="Greens",
            source={
                "es": "Directorio de sedes educativas.",
                "en": "Directory of school sites.",
            },
        ),
        Indicator(
            id="enrollment",
            name={"es": "Matrícula", "en": "Enrolment"},
            short={"es": "Matrícula", "en": "Enrolment"},
            definition={
                "es": "Estudiantes matriculados en las sedes del territorio.",
                "en": "Students enrolled at the territory's school sites.",
            },
            numerator=s.ENROLLED,
            denominator=None,
            unit="count",
            direction="neutral",
            palette="Blues",
            source=_SITES_SOURCE,
            education_levels=BY_LEVEL,
        ),
        Indicator(
            id="approval",
            name={"es": "Aprobación", "en": "Approval"},
            short={"es": "Aprobación", "en": "Approval"},
            definition={
                "es": "Estudiantes que aprueban el año sobre los matriculados (definición del "
                "MEN: matrícula = aprobados + reprobados + desertores).",
                "en": "Students who pass the year over students enrolled (MEN definition: "
                "enrolment = passed + failed + dropped out).",
            },
            numerator=s.APPROVED,
            denominator=s.ENROLLED,
            unit="percent",
            direction="lower_worse",
            palette="YlGnBu",
            source=_EFFICIENCY_SOURCE,
            education_levels=BY_LEVEL,
        ),
        Indicator(
            id="failure",
            name={"es": "Reprobación", "en": "Failure"},
            short={"es": "Reprobación", "en": "Failure"},
            definition={
                "es": "Estudiantes que reprueban el año sobre los matriculados.",
                "en": "Students who fail the year over students enrolled.",
            },
            numerator=s.FAILED,
            denominator=s.ENROLLED,
            unit="percent",
            direction="higher_worse",
            palette="YlOrRd",
            source=_EFFICIENCY_SOURCE,
            education_levels=BY_LEVEL,
        ),
        Indicator(
            id="repetition",
            name={"es": "Repitencia", "en": "Repetition"},
            short={"es": "Repitencia", "en": "Repetition"},
            definition={
                "es": "Estudiantes que cursan por segunda vez (o más) el mismo grado sobre los "
                "matriculados.",
                "en": "Students enrolled in the same grade for a second time (or more) over "
                "students enrolled.",
            },
            numerator=s.REPEATING,
            denominator=s.ENROLLED,
            unit="percent",
            direction="higher_worse",
            palette="Purples",
            source=_EFFICIENCY_SOURCE,
            education_levels=BY_LEVEL,
        ),
        Indicator(
            id="overage",
            name={"es": "Extraedad", "en": "Over-age"},
            short={"es": "Extraedad", "en": "Over-age"},
            definition={
                "es": "Estudiantes con dos o más años por encima de la edad oficial de su grado "
                "sobre los matriculados.",
                "en": "Students two or more years older than the official age for their grade "
                "over students enrolled.",
            },
            numerator=s.OVERAGE,
            denominator=s.ENROLLED,
            unit="percent",
            direction="higher_worse",
            palette="Oranges",
            source=_EFFICIENCY_SOURCE,
            education_levels=BY_LEVEL,
        ),
        Indicator(
            id="saber11_global",
            name={"es": "Saber 11: puntaje global", "en": "Saber 11: global score"},
            short={"es": "Saber 11", "en": "Saber 11"},
            definition={
                "es": "Puntaje global promedio (0 a 500) de los evaluados de las sedes: la suma "
                "de sus puntajes sobre el número de evaluados.",
                "en": "Mean global score (0 to 500) of the sites' candidates: the sum of their "
                "scores over the number of candidates.",
            },
            numerator=s.SABER_SCORE_SUM,
            denominator=s.SABER_CANDIDATES,
            unit="score",
            direction="lower_worse",
            palette="GnBu",
            source=_SABER_SOURCE,
            education_levels=("media",),
            level_columns=False,
        ),
        *(
            Indicator(
                id=f"saber11_{subject}",
                name={"es": f"Saber 11: {es}", "en": f"Saber 11: {en}"},
                short={"es": f"Saber 11 {es}", "en": f"Saber 11 {en}"},
                definition={
                    "es": f"Puntaje promedio (0 a 100) de la prueba de {es} de los evaluados de "
                    "las sedes: la suma de sus puntajes sobre el número de evaluados con puntaje "
                    "en esa prueba. "
                    "Población: estudiantes de grado 11 que presentaron el examen en el año, "
                    "contados en la sede donde estudian.",
                    "en": f"Mean score (0 to 100) in the {en} test of the sites' candidates: "
                    "the sum of their scores over the number of candidates with a score in that "
                    "test. Population: grade-11 "
                    "students who sat the exam in the year, counted at the site where they "
                    "study.",
                },
                numerator=s.saber_subject_sum(subject),
                denominator=s.saber_subject_candidates(subject),
                unit="score",
                direction="lower_worse",
                palette="GnBu",
                source=_SABER_SOURCE,
                education_levels=("media",),
                level_columns=False,
                score_max=100,
            )
            for subject, es, en in (
                ("matematicas", "matemáticas", "mathematics"),
                ("lectura_critica", "lectura crítica", "critical reading"),
                ("ciencias_naturales", "ciencias naturales", "natural sciences"),
                ("sociales_ciudadanas", "sociales y ciudadanas", "social studies and citizenship"),
                ("ingles", "inglés", "English"),
            )
        ),
        Indicator(
            id="saber11_low_math",
            name={
                "es": "Saber 11: nivel más bajo en matemáticas",
                "en": "Saber 11: lowest level in mathematics",
            },
            short={"es": "Bajo en matemáticas", "en": "Low in maths"},
            definition={
                "es": "Evaluados en el nivel de desempeño 1 (el más bajo) de matemáticas sobre "
                "los evaluados.",
                "en": "Candidates in performance level 1 (the lowest) in mathematics over "
                "candidates.",
            },
            numerator=s.SABER_LOW_MATH,
            denominator=s.SABER_CANDIDATES,
            unit="percent",
            direction="higher_worse",
            palette="Reds",
            source=_SABER_SOURCE,
            education_levels=("media",),
            level_columns=False,
        ),
        Indicator(
            id="saber11_low_reading",
            name={
                "es": "Saber 11: nivel más bajo en lectura crítica",
                "en": "Saber 11: lowest level in critical reading",
            },
            short={"es": "Bajo en lectura", "en": "Low in reading"},
            definition={
                "es": "Evaluados en el nivel de desempeño 1 (el más bajo) de lectura crítica "
                "sobre los evaluados.",
                "en": "Candidates in performance level 1 (the lowest) in critical reading over "
                "candidates.",
            },
            numerator=s.SABER_LOW_READING,
            denominator=s.SABER_CANDIDATES,
            unit="percent",
            direction="higher_worse",
            palette="RdPu",
            source=_SABER_SOURCE,
            education_levels=("media",),
            level_columns=False,
        ),
        *(
            Indicator(
                id=f"saber11_no_{thing}",
                name={
                    "es": f"Evaluados Saber 11 sin {es} en casa",
                    "en": f"Saber 11 candidates without {en} at home",
                },
                short={"es": f"Saber 11 sin {es}", "en": f"Saber 11: no {en}"},
                definition={
                    "es": f"Evaluados de Saber 11 que respondieron 'No' a si su hogar tiene {es} "
                    "sobre los evaluados que respondieron esa pregunta (n = los que respondieron). "
                    "Población: estudiantes de grado 11 que presentaron el examen en el año "
                    "(calendario A en el segundo semestre, B en el primero), contados en la sede "
                    "donde estudian; no son todos los matriculados, a diferencia de "
                    f"'Sin {es} en casa'. Límites: solo grado 11; quien no respondió no cuenta.",
                    "en": f"Saber 11 candidates who answered 'No' to whether their home has "
                    f"{en} over the candidates who answered that question (n = those who "
                    "answered). Population: grade-11 students who sat the exam in the year "
                    "(calendar A in the second semester, B in the first), counted at the site "
                    f"where they study; not all enrolled students, unlike 'No {en} at home'. "
                    "Limits: grade 11 only; candidates who did not answer are not counted.",
                },
                numerator=numerator,
                denominator=denominator,
                unit="percent",
                direction="higher_worse",
                palette=palette,
                source=_SABER_HOUSEHOLD_SOURCE,
                education_levels=("media",),
                level_columns=False,
            )
            for thing, es, en, numerator, denominator, palette in (
                (
                    "internet",
                    "internet",
                    "internet",
                    s.SABER_NO_INTERNET,
                    s.SABER_ANSWERED_INTERNET,
                    "PuRd",
                ),
                (
                    "computer",
                    "computador",
                    "a computer",
                    s.SABER_NO_COMPUTER,
                    s.SABER_ANSWERED_COMPUTER,
                    "RdPu",
                ),
            )
        ),
        Indicator(
            id="dropout_risk",
            name={
                "es": "Matrícula en sedes de alto riesgo de deserción",
                "en": "Enrolment in high dropout-risk sites",
            },
            short={"es": "Riesgo de deserción", "en": "Dropout risk"},
            definition={
                "es": "Matrícula de las sedes en la franja alta del índice de riesgo de "
                "deserción por sede (el 20 % de sedes con mayor índice) sobre la matrícula. El "
                "índice ordena sedes, no estudiantes (ver Metodología).",
                "en": "Enrolment of the sites in the high band of the school dropout-risk index "
                "(the 20 % of sites with the highest index) over enrolment. The index ranks "
                "schools, not students (see Methodology).",
            },
            numerator=s.ENROLLED_HIGH_RISK,
            denominator=s.ENROLLED,
            unit="percent",
            direction="higher_worse",
            palette="OrRd",
            source={
                "es": "Calculado por el atlas a partir de la historia de cada sede "
                "(deserción, reprobación, extraedad, conectividad).",
                "en": "Computed by the atlas from each site's history (dropout, failure, "
                "over-age, connectivity).",
            },
        ),
    )
}

DEFAULT_INDICATOR: Final = "dropout"

# Sequential ColorBrewer schemes that stay readable for colour-blind readers; the map runs
# light to dark towards the indicator's worse end whichever is chosen.
PALETTES: Final = (
    "OrRd",
    "YlOrRd",
    "PuRd",
    "RdPu",
    "BuPu",
    "PuBu",
    "GnBu",
    "YlGnBu",
    "Blues",
    "Greens",
    "Purples",
    "Oranges",
    "Reds",
    "Greys",
)


def get_indicator(indicator_id: str, education_level: str = "") -> Indicator:
    """The catalogue entry for ``indicator_id``, for one education level ("" = all levels):
    its columns named for the level (``desertores_secundaria``) and its name saying it.
    ``ValueError`` lists the valid ids or levels."""
    try:
        indicator = INDICATORS[indicator_id]
    except KeyError:
        valid = ", ".join(INDICATORS)
        raise ValueError(f"Unknown indicator {indicator_id!r}; valid ids: {valid}.") from None
    if not education_level:
        return indicator
    if education_level not in indicator.education_levels:
        valid = ", ".join(indicator.education_levels) or "-"
        raise ValueError(
            f"Indicator {indicator_id!r} has no education level {education_level!r}; "
            f"valid levels: {valid}."
        )
    return _at_education_level(indicator, education_level)


def _at_education_level(indicator: Indicator, level: str) -> Indicator:
    named = EDUCATION_LEVEL_NAMES[level]
    low, high = s.LEVEL_AGES[level]
    ages = {
        "es": f"{low} años" if low == high else f"{low} a {high} años",
        "en": f"{low}" if low == high else f"{low}-{high}",
    }
    note = {
        "es": f" Nivel: {named['es'].lower()} (edad oficial {ages['es']}).",
        "en": f" Level: {named['en'].lower()} (official age {ages['en']}).",
    }
    column = (lambda c: s.at_level(c, level)) if indicator.level_columns else (lambda c: c)
    return replace(
        indicator,
        name={lang: f"{text} · {named[lang]}" for lang, text in indicator.name.items()},
        short={lang: f"{text} · {named[lang]}" for lang, text in indicator.short.items()},
        definition={
            "es": indicator.definition["es"].replace("5 a 16 años", ages["es"]) + note["es"],
            "en": indicator.definition["en"].replace("5-16", ages["en"]) + note["en"],
        },
        numerator=column(indicator.numerator),
        denominator=column(indicator.denominator) if indicator.denominator else None,
        education_level=level,
    )


def formula(indicator: Indicator, lang: str) -> str:
    """``Σ desertores / Σ matricula`` and similar, from the catalogue's own column names."""
    if indicator.denominator is None:
        return f"Σ {indicator.numerator}"
    scope = {"es": "del territorio", "en": "of the territory"}[lang]
    denominator = (
        f"{indicator.denominator} {scope}"
        if indicator.denominator_source == "population"
        else f"Σ {indicator.denominator}"
    )
    scale = " × 100" if indicator.unit == "percent" else ""
    return f"Σ {indicator.numerator} / {denominator}{scale}"


# Classification schemes a view may name (``geo.analysis.classify`` computes them).
USES_K: Final = frozenset({"quantiles", "fisher_jenks", "equal_interval"})
SCHEME_NAMES: Final = {
    "quantiles": {"es": "Cuantiles", "en": "Quantiles"},
    "fisher_jenks": {
        "es": "Fisher-Jenks (cortes naturales)",
        "en": "Fisher-Jenks (natural breaks)",
    },
    "equal_interval": {"es": "Intervalos iguales", "en": "Equal interval"},
    "std_mean": {"es": "Desviación estándar", "en": "Standard deviation"},
    "box_plot": {"es": "Mapa de caja (atípicos)", "en": "Box map (outliers)"},
    "percentiles": {
        "es": "Percentiles (1, 10, 50, 90, 99)",
        "en": "Percentiles (1, 10, 50, 90, 99)",
    },
    "user_defined": {"es": "Cortes definidos por el usuario", "en": "User-defined breaks"},
}
DEFAULT_SCHEME: Final = "quantiles"
DEFAULT_K: Final = 5
K_RANGE: Final = (2, 9)


def parse_breaks(text: str) -> tuple[float, ...]:
    """``"2,5; 3,5; 5"`` or ``"2.5 3.5 5"`` -> ``(2.5, 3.5, 5.0)``; ``DataError`` if unusable."""
    parts = [p for p in re.split(r"[;\s]+", text.strip()) if p]
    if len(parts) == 1 and "," in parts[0] and parts[0].count(",") > 1:
        parts = parts[0].split(",")
    try:
        values = tuple(sorted(float(p.replace(",", ".")) for p in parts))
    except ValueError:
        raise DataError(msg("breaks_not_numbers"), repr(text), msg("breaks_fix")) from None
    if not values or len(set(values)) != len(values):
        raise DataError(msg("breaks_not_distinct"), repr(text), msg("breaks_fix"))
    return values
