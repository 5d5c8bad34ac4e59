"""A plan's files (issue 17): the allocation as CSV (standard and Excel-es), XLSX or GeoJSON
points, each with one metadata record (inputs, rule, totals, each territory before → after,
data source) that says it is a simulation, not an official allocation.

The writers are the view exports' (``geo.export.files``), so the page's download buttons and
``python -m geo plan`` give identical bytes for the same inputs (the generation time comes
from ``SOURCE_DATE_EPOCH`` when set).
"""

from __future__ import annotations

from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import __version__
from geo.analysis.choropleth import filters_sentence
from geo.analysis.plan import REACHED, UNITS, Plan, plan_query
from geo.export.files import SPANISH_HEADERS, TABLE_WRITERS
from geo.export.names import view_suffix
from geo.export.tables import generated_at
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from geo.model.dataset import Dataset
from geo.model.i18n import t
from geo.model.interventions import DEFAULT_STUDENTS_PER_COMPUTER, RULE_EXPLAINED, RULES
from geo.model.view import DEFAULT_MIN_N, view_query

PLAN_FORMATS: Final = ("csv", "csv-excel-es", "xlsx", "geojson")
PLAN_SUFFIXES: Final = {
    "csv": ".csv",
    "csv-excel-es": ".csv",
    "xlsx": ".xlsx",
    "geojson": ".geojson",
}
# Headers of the Excel-es CSV for the plan's own columns (the others: geo.export.files).
PLAN_SPANISH_HEADERS: Final = {
    "rank": "Orden",
    "dane_code": "Código DANE",
    "territory_code": "Código territorio",
    "territory": "Territorio",
    "barrio_code": "Código barrio",
    "barrio": "Barrio o vereda",
    "nucleo": "Núcleo educativo",
    "need": "Necesidad",
    "units": "Unidades",
    "students_reached": "Estudiantes alcanzados",
    "cost": "Costo (pesos)",
    "simulation": "Simulación",
}


def plan_table(plan: Plan, dataset: Dataset, lang: str) -> gpd.GeoDataFrame:
    """The sites that receive units, in the order they were served, as points (EPSG:4326)."""
    given = plan.sites[plan.sites[UNITS] > 0]
    points = dataset.sites.set_index(dataset.sites[s.SITE_CODE].astype(str)).geometry
    cost = given[UNITS].to_numpy() * plan.totals["unit_cost"]
    whole = np.array_equal(cost, np.round(cost))
    return gpd.GeoDataFrame(
        {
            "rank": given["rank"].to_numpy(dtype=np.int64),
            "dane_code": given[s.SITE_CODE].astype(str).to_numpy(),
            "name": _text(given[s.SITE_NAME]),
            "sector": _text(given[s.SECTOR]),
            "territory_code": _text(given[s.TERRITORY]),
            "territory": _text(given["territory_name"]),
            "barrio_code": _text(given[s.BARRIO]),
            "barrio": _text(given["barrio_name"]),
            "nucleo": _text(given[s.NUCLEO]),
            "need": given["need"].to_numpy(dtype=np.int64),
            "units": given[UNITS].to_numpy(dtype=np.int64),
            "students_reached": given[REACHED].to_numpy(dtype=np.int64),
            "cost": cost.astype(np.int64) if whole else cost,
            "simulation": t("plan_simulation", lang),
        },
        geometry=points.reindex(given[s.SITE_CODE].astype(str)).to_numpy(),
        crs=s.CRS_WGS84,
    )


def _text(values: pd.Series) -> np.ndarray:
    return values.astype("string").to_numpy()


def plan_metadata(plan: Plan, dataset: Dataset, lang: str) -> dict:
    """How the plan was made: inputs, rule, totals, before → after, sources, the notice."""
    intervention, inputs, view = plan.intervention, plan.inputs, plan.view
    indicator = get_indicator(intervention.shows)
    sentence = filters_sentence(view, lang)
    territories = plan.territories
    return {
        "title": f"{t('page_plan', lang)}: {intervention.label(lang)} · {sentence}",
        "simulation": t("plan_simulation", lang),
        "assumption": t("plan_assumption", lang),
        "intervention": {
            "id": intervention.id,
            "name": intervention.label(lang),
            "unit": intervention.unit[lang],
            "need": intervention.need[lang],
            "need_formula": intervention.need_formula[lang],
            "moves": intervention.moves,
            "after_formula": intervention.after[lang],
            "students_reached": intervention.reached[lang],
        },
        "inputs": {
            "units_available": inputs.units,
            "amount": inputs.amount if inputs.budget is None else None,
            "budget": _number(inputs.budget),
            "unit_cost": _number(inputs.cost_per_unit),
            "rule": inputs.rule,
            "rule_name": RULES[inputs.rule][lang],
            "rule_explained": RULE_EXPLAINED[inputs.rule][lang],
            "ties": t("plan_ties", lang),
            "cap_per_site": inputs.cap or None,
            "students_per_computer": inputs.norm if intervention.id == "school_computers" else None,
            "year": int(view.year),
            "filters": {column: list(values) for column, values in view.filters},
            "filters_sentence": sentence,
            "territories": list(inputs.territories),
            "zone": view.zone or None,  # issue 15: only that zone's territories are eligible
        },
        "totals": {key: _number(value) for key, value in plan.totals.items()},
        "indicator": {
            "id": indicator.id,
            "name": indicator.label(lang),
            "unit": indicator.unit,
            "direction": indicator.direction,
            "min_denominator": view.min_n,
        },
        "city": {key: _number(value) for key, value in plan.city.items()},
        "territories": [
            {
                "code": str(row[s.CODE]),
                "name": str(row[s.NAME]),
                "status": str(row["status"]),
                **{
                    key: _number(row[key])
                    for key in (
                        "before",
                        "after",
                        "before_numerator",
                        "before_denominator",
                        "after_numerator",
                        "after_denominator",
                        "units",
                        "students_reached",
                        "n_sites",
                    )
                },
            }
            for row in territories.to_dict("records")
        ],
        "sources": [
            {"name": src.name, "licence": src.licence, "url": src.url, "retrieved": src.retrieved}
            for src in dataset.sources
        ],
        "demo": dataset.is_demo,
        "notice": t("demo_badge", lang) if dataset.is_demo else "",
        "view": "focalizar?" + view_query(view, plan_query(inputs)),
        "crs": "EPSG:4326",
        "generated": generated_at(),
        "generator": f"atlas-educativo-medellin {__version__}",
    }


def _number(value: object) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, int | np.integer):
        return int(value)
    number = float(value)  # type: ignore[arg-type]
    if np.isnan(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def export_plan(plan: Plan, dataset: Dataset, fmt: str, lang: str) -> bytes:
    """The bytes of the plan's allocation as ``fmt``, one of :data:`PLAN_FORMATS`."""
    if fmt not in PLAN_SUFFIXES:
        raise ValueError(f"Unknown plan format {fmt!r}; valid: {', '.join(PLAN_FORMATS)}.")
    table = plan_table(plan, dataset, lang)
    if fmt == "csv-excel-es":
        spanish = {k: v for k, v in PLAN_SPANISH_HEADERS.items() if k not in SPANISH_HEADERS}
        table = table.rename(columns=spanish)
    return TABLE_WRITERS[fmt](table, plan_metadata(plan, dataset, lang))


def plan_stem(plan: Plan) -> str:
    """The plan's file name without suffix: intervention, rule, year, and the view's zone and
    filters (a plan for Oficial sites is never named as the plan for all sectors)."""
    inputs = plan.inputs
    return f"plan_{inputs.intervention}_{inputs.rule}_{plan.view.year}{view_suffix(plan.view)}"


def plan_command(plan: Plan, fmt: str = "csv", output: str = "") -> str:
    """The ``python -m geo plan`` line that writes this plan's file as ``fmt`` (same bytes)."""
    import shlex
    from urllib.parse import urlencode

    inputs, view = plan.inputs, plan.view
    words = ["python", "-m", "geo", "plan", "--intervention", inputs.intervention]
    if inputs.budget is not None:
        words += ["--budget", f"{inputs.budget:.15g}"]
    else:
        words += ["--units", str(inputs.units)]
    if inputs.unit_cost is not None:
        words += ["--unit-cost", f"{inputs.unit_cost:.15g}"]
    words += ["--rule", inputs.rule]
    if inputs.cap:
        words += ["--cap", str(inputs.cap)]
    if inputs.norm != DEFAULT_STUDENTS_PER_COMPUTER:
        words += ["--norm", str(inputs.norm)]
    for code in inputs.territories:
        words += ["--territory", code]
    for column, values in view.filters:
        for value in values:
            words += ["--where", f"{column}={value}"]
    words += ["--year", str(view.year), "--lang", view.lang]
    settings = {"min_n": view.min_n if view.min_n != DEFAULT_MIN_N else None, "zone": view.zone}
    if given := urlencode({key: value for key, value in settings.items() if value}):
        words += ["--view", given]
    suffix = PLAN_SUFFIXES[fmt]
    name = output or f"{plan_stem(plan)}{suffix}"
    if fmt == "csv-excel-es":
        words += ["--format", fmt]
    return " ".join(shlex.quote(word) for word in [*words, "-o", name])
