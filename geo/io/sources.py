"""The registry of public per-school sources (issue 23): one record per source, as data.

Like the indicator catalogue, a new source is an entry here, not a code path: each names its
portal dataset, the fields it needs, its licence and landing page and the indicators it feeds;
fetching, paging, retrying and reporting are written once (:mod:`geo.io.soda`).

A moved dataset id or a renamed field is fixed by the user without changing code, in
``sources.json`` in the cache folder::

    {"saber11": {"dataset": "abcd-1234", "fields": {"punt_global": "puntaje_global"}},
     "app_token": "..."}

Facts from public documentation and other projects' code (``DATA-SOURCES.md``); none was
tested live from here, so every failure names the setting that fixes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final

from geo.errors import DataError
from geo.model import schema as s
from geo.model.messages import msg

DEFAULT_SOCRATA_URL: Final = "https://www.datos.gov.co"
DEFAULT_ARCGIS_URL: Final = "https://www.medellin.gov.co/servidormapas/rest/services/"
DEFAULT_CKAN_URL: Final = "https://medata.gov.co"
SETTINGS_FILE: Final = "sources.json"
MEDELLIN: Final = ("05001", "5001")  # the municipality code, also written without its zero


@dataclass(frozen=True)
class PortalSource:
    """One dataset of a portal and what the atlas takes from it.

    ``kind`` says which portal: ``socrata`` (``dataset`` is the 4x4 id), ``arcgis`` (the
    service path of a layer, queried for its attributes) or ``ckan`` (the words of a
    ``package_search``, or a datastore ``resource_id`` when a user pins one down).
    """

    key: str
    dataset: str
    title: str
    fields: dict[str, str]  # the atlas's name for a field -> the portal's field
    licence: str
    landing: str
    feeds: tuple[str, ...]  # catalogue indicator ids
    by_period: bool = True  # one query per period (whole groupings have answered HTTP 500)
    extra: dict[str, str] = field(default_factory=dict)
    kind: str = "socrata"

    def url(self, base: str) -> str:
        if self.kind == "arcgis":
            return f"{base.rstrip('/')}/{self.dataset.strip('/')}/query"
        if self.kind == "ckan":
            return f"{base.rstrip('/')}/api/3/action/"
        return f"{base.rstrip('/')}/resource/{self.dataset}.json"

    def field(self, name: str) -> str:
        return self.fields[name]


_DATOS_LICENCE: Final = "Licencia declarada en la ficha del conjunto en datos.gov.co"

SOURCES: Final[dict[str, PortalSource]] = {
    s.key: s
    for s in (
        PortalSource(
            key="saber11",
            dataset="kgxf-xxbe",
            title="ICFES, Saber 11 por estudiante",
            fields={
                "period": "periodo",
                "site": "cole_cod_dane_sede",
                "institution": "cole_cod_dane_establecimiento",
                "municipality": "cole_cod_mcpio_ubicacion",
                "global": "punt_global",
                "math": "punt_matematicas",
                "reading": "punt_lectura_critica",
                "science": "punt_c_naturales",
                "social": "punt_sociales_ciudadanas",
                "english": "punt_ingles",
                "internet": "fami_tieneinternet",
                "computer": "fami_tienecomputador",
                "student": "estu_consecutivo",
            },
            licence=_DATOS_LICENCE,
            landing="https://www.datos.gov.co/d/kgxf-xxbe",
            feeds=(
                "saber11_global",
                "saber11_no_internet",
                "saber11_no_computer",
                *(f"saber11_{subject}" for subject in s.SABER_SUBJECTS),
            ),
        ),
        PortalSource(
            key="matricula",
            dataset="ngw5-c5nw",
            title="MEN, matrícula por sede",
            fields={
                "period": "anno_inf",
                "site": "codigo_dane_sede",
                "institution": "codigo_dane",
                "municipality": "cod_dane_municipio",
                "enrolled": "total_matricula",
                "grade": "grado",
                "age": "edad",
            },
            licence=_DATOS_LICENCE,
            landing="https://www.datos.gov.co/d/ngw5-c5nw",
            feeds=("enrollment", "coverage_gross", "coverage_net"),
        ),
        PortalSource(
            key="men",
            dataset="nudc-7mev",
            title="MEN, estadísticas por municipio",
            fields={"period": "a_o", "municipality": "c_digo_municipio"},
            licence=_DATOS_LICENCE,
            landing="https://www.datos.gov.co/d/nudc-7mev",
            # Its ``poblaci_n_5_16`` is the city total that a population of totals only is
            # split by (an estimate, said so): all levels' coverage, never one level's.
            feeds=("coverage_gross", "coverage_net"),
            by_period=False,
        ),
        PortalSource(
            key="poblacion",
            dataset="mapas_nacionales/VC_Distribucion_Poblacional/MapServer/1",
            title="DAP, proyecciones de población por comuna y corregimiento",
            # ``{year}`` and ``{ages}`` ('5_16', '6_10'...) are filled in per column; a layer
            # without age groups gives totals only, and coverage then stays uncomputed.
            fields={
                "name": "nombre",
                "code": "comuna",
                "total": "total_{year}",
                "ages": "poblacion_{ages}_{year}",
            },
            licence=(
                "CC BY-SA 4.0 — Alcaldía de Medellín (Departamento Administrativo de "
                "Planeación). Condición del publicador: los datos no pueden ser comercializados "
                "o transferidos."
            ),
            landing="https://www.medellin.gov.co/servidormapas/rest/services/mapas_nacionales/"
            "VC_Distribucion_Poblacional/MapServer/1",
            feeds=("coverage_gross", "coverage_net"),
            by_period=False,
            kind="arcgis",
        ),
        PortalSource(
            key="eficiencia",
            dataset="desercion",
            title="MEData, deserción, aprobación y reprobación por establecimiento",
            # Each count is a column, or the sum of its per-grade columns (``desercion_grado_6``).
            fields={
                "institution": "codigo_dane",
                "name": "nombre_establecimiento",
                "year": "anio",
                "sex": "sexo",
                "dropouts": "desercion",
                "enrolled": "matricula",
                "approved": "aprobacion",
                "failed": "reprobacion",
            },
            licence="Licencia declarada en la ficha del conjunto en MEData (medata.gov.co)",
            landing="https://medata.gov.co/dataset?q=desercion",
            feeds=("dropout", "approval", "failure", "enrollment"),
            kind="ckan",
        ),
    )
}


@dataclass(frozen=True)
class Settings:
    """The user's corrections to the registry and the optional app token."""

    sources: dict[str, PortalSource]
    app_token: str | None = None
    path: Path | None = None


def load_settings(cache_dir: Path) -> Settings:
    """The registry with the overrides of ``<cache_dir>/sources.json`` applied.

    Raises ``DataError`` naming the setting when the file names a source or a field the
    registry does not know, or is not JSON.
    """
    path = cache_dir / SETTINGS_FILE
    if not path.exists():
        return Settings(dict(SOURCES))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(
            msg("json_invalid", detail=str(exc).splitlines()[0]), str(path), msg("json_invalid_fix")
        ) from None
    token = data.pop("app_token", None) if isinstance(data, dict) else None
    sources = dict(SOURCES)
    for key, override in (data or {}).items():
        setting = f"{path.name}: {key}"
        if key not in SOURCES or not isinstance(override, dict):
            raise DataError(
                msg("sources_unknown_setting", setting=setting),
                str(path),
                msg("sources_unknown_setting_fix", known=", ".join(SOURCES)),
            )
        fields = dict(SOURCES[key].fields)
        for name, theirs in (override.get("fields") or {}).items():
            if name not in fields:
                raise DataError(
                    msg("sources_unknown_setting", setting=f"{setting}.fields.{name}"),
                    str(path),
                    msg("sources_unknown_setting_fix", known=", ".join(fields)),
                )
            fields[name] = str(theirs)
        dataset = str(override.get("dataset") or SOURCES[key].dataset)
        sources[key] = replace(SOURCES[key], dataset=dataset, fields=fields)
    return Settings(sources, token, path)


# What Metodología says of each indicator an official source feeds (issue 23): whom it counts,
# when, and its limits; the source and licence come from the registry entry that feeds it.
_GRADE_11 = {
    "es": "estudiantes de grado 11 que presentaron Saber 11 en el año (calendario B en el "
    "primer semestre, A en el segundo), contados en la sede donde estudian",
    "en": "grade-11 students who sat Saber 11 in the year (calendar B in the first semester, A "
    "in the second), counted at the site where they study",
}
_GRADE_11_LIMITS = {
    "es": "solo grado 11, no todos los matriculados; los periodos publicados dos veces se "
    "señalan (count(*) contra estu_consecutivo distintos)",
    "en": "grade 11 only, not every enrolled student; periods published twice are flagged "
    "(count(*) against distinct estu_consecutivo)",
}
_ENROLMENT_LIMITS = {
    "es": "la matrícula se cuenta donde está la sede y la población donde vive: una comuna "
    "puede superar el 100 %; si la capa de población trae solo totales (como la del DAP), la "
    "población de 5 a 16 años de cada comuna es una **estimación**: su total × la población de "
    "5 a 16 años de la ciudad según el MEN (estadísticas por municipio, nudc-7mev) / la suma "
    "de los totales de ese año, lo que supone que cada comuna y corregimiento tiene la "
    "estructura de edades de la ciudad; solo en los años en que el MEN la publica, y solo "
    "para todos los niveles juntos (la cobertura por nivel queda sin calcular: necesita la "
    "población de las edades de cada nivel); una capa con grupos de edad se usa tal cual; en "
    "los años en que MEData da la matrícula, la cobertura bruta cuenta la suya (por "
    "establecimiento, en su sede principal) y la neta la del MEN por sede",
    "en": "enrolment is counted where the school is and population where people live: a "
    "comuna can exceed 100 %; when the population layer has totals only (as the DAP's does), "
    "each comuna's population aged 5-16 is an **estimate**: its total × the city's population "
    "aged 5-16 according to the MEN (statistics per municipality, nudc-7mev) / the sum of the "
    "totals that year, which assumes every comuna and corregimiento has the city's age "
    "structure; only in the years the MEN publishes it, and only for all levels together "
    "(coverage per level stays uncomputed: it needs the population of each level's ages); a "
    "layer with age groups is used as given; in years where MEData gives enrolment, gross "
    "coverage counts MEData's (per establishment, at its principal site) and net coverage the "
    "MEN's per site",
}
_EFFICIENCY = {
    "population": {
        "es": "matriculados de cada establecimiento (sumados por sexo y grado), en la comuna de "
        "su sede principal",
        "en": "each establishment's enrolled students (summed over sex and grade), in the "
        "comuna of its principal site",
    },
    "period": {"es": "año escolar, según MEData", "en": "school year, as MEData gives it"},
    "limits": {
        "es": "por establecimiento, no por sede: una institución con sedes en varias comunas "
        "cuenta entera en la de su sede principal (el informe dice cuántas); en los años con "
        "ambas fuentes la matrícula viene de MEData para que la tasa use su propio denominador",
        "en": "per establishment, not per site: an institution with sites in several comunas "
        "counts whole in its principal site's (the report says how many); in years with both "
        "sources the enrolment comes from MEData so that the rate has its own denominator",
    },
}
_SABER = {
    "population": _GRADE_11,
    "period": {"es": "año del examen (sus dos semestres)", "en": "exam year (both semesters)"},
    "limits": _GRADE_11_LIMITS,
}
INDICATOR_METHOD: Final[dict[str, dict[str, dict[str, str]]]] = {
    **{
        i: _SABER
        for i in (
            "saber11_global",
            *(f"saber11_{subject}" for subject in s.SABER_SUBJECTS),
        )
    },
    **{
        f"saber11_no_{thing}": {
            **_SABER,
            "population": {
                "es": _GRADE_11["es"] + "; n = quienes respondieron la pregunta",
                "en": _GRADE_11["en"] + "; n = those who answered the question",
            },
        }
        for thing in ("internet", "computer")
    },
    "enrollment": {
        "population": {
            "es": "matriculados en cada sede (todas las edades y grados)",
            "en": "students enrolled at each site (all ages and grades)",
        },
        "period": {"es": "año de reporte del SIMAT (anno_inf)", "en": "SIMAT reporting year"},
        "limits": {
            "es": "la matrícula se cuenta donde está la sede, no donde vive el estudiante; en los "
            "años en que MEData da la deserción, la matrícula total es la suya, por "
            "establecimiento en su sede principal",
            "en": "enrolment is counted where the school is, not where the student lives; in "
            "years where MEData gives dropouts, the total enrolment is MEData's, per "
            "establishment at its principal site",
        },
    },
    **{
        i: {
            "population": {
                "es": "matriculados por sede (SIMAT) sobre la población de la edad oficial por "
                "comuna (proyecciones del DAP; de 5 a 16 años estimada si la capa trae solo "
                "totales)",
                "en": "students enrolled per site (SIMAT) over the population of official age "
                "per comuna (DAP projections; aged 5-16 estimated when the layer has totals "
                "only)",
            },
            "period": {
                "es": "año de la matrícula y de la proyección",
                "en": "year of the enrolment and of the projection",
            },
            "limits": _ENROLMENT_LIMITS,
        }
        for i in ("coverage_gross", "coverage_net")
    },
    **{i: _EFFICIENCY for i in ("dropout", "approval", "failure")},
}


def method_lines(indicator_id: str, lang: str) -> list[str]:
    """Metodología's lines on an indicator's official data: population, period, source,
    licence, limits (none for an indicator no official source feeds)."""
    from geo.model.i18n import t

    method = INDICATOR_METHOD.get(indicator_id)
    feeding = [src for src in SOURCES.values() if indicator_id in src.feeds]
    if method is None or not feeding:
        return []
    sources = "; ".join(f"[{src.title}]({src.landing})" for src in feeding)
    licences = "; ".join(dict.fromkeys(src.licence for src in feeding))
    parts = [
        ("fuentes_population", method["population"][lang]),
        ("fuentes_period", method["period"][lang]),
        ("fuentes_source", sources),
        ("fuentes_licence", licences),
        ("fuentes_limits", method["limits"][lang]),
    ]
    head = t("fuentes_official", lang)
    return [f"- **{head}, {t(key, lang)}:** {text}" for key, text in parts]
