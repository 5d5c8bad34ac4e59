"""What every export is made of: one table of the view's areas (or its sites) and one
metadata record of how the numbers were made, with that record as a sidecar JSON file."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import __version__
from geo.analysis.choropleth import Choropleth, Status, filters_sentence
from geo.analysis.drilldown import site_values
from geo.analysis.zones import KIND_COLUMN
from geo.model import schema as s
from geo.model.catalogue import SCHEME_NAMES, formula, get_indicator
from geo.model.dataset import Dataset
from geo.model.i18n import t
from geo.model.view import ZONE_NAMES, View
from geo.render.style import class_colors, class_labels


def generated_at() -> str:
    """Now in UTC, or ``SOURCE_DATE_EPOCH`` when set, as ISO 8601."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat()


def export_table(choropleth: Choropleth, lang: str) -> gpd.GeoDataFrame:
    """One row per area: code, name, level, indicator, year, value, numerator, denominator,
    n_schools, class (its range, or "muestra pequeña" / "sin datos"), in EPSG:4326."""
    areas = choropleth.areas
    classification = choropleth.classification
    labels = class_labels(choropleth.indicator, classification, lang)
    # Issue 15: with a zone, only its areas (what the ranking lists); see metadata()["zone"].
    inside = (areas["status"] != Status.OUTSIDE).to_numpy()
    area_classes = [cls for cls, keep in zip(classification.classes, inside, strict=True) if keep]
    areas = areas[inside]
    classes = []
    for cls, status in zip(area_classes, areas["status"], strict=True):
        if status == Status.SMALL:
            classes.append(t("small_sample", lang).lower())
        elif cls is None:
            classes.append(t("no_data", lang).lower())
        else:
            classes.append(labels[cls])
    has_denominator = choropleth.indicator.denominator is not None
    value = areas["value"].astype(float).to_numpy()
    denominator = areas["denominator"] if has_denominator else pd.Series(np.nan, areas.index)
    table = gpd.GeoDataFrame(
        {
            "code": areas[s.CODE].astype(str).to_numpy(),
            "name": areas[s.NAME].astype(str).to_numpy(),
            "level": choropleth.view.level,
            "indicator": choropleth.indicator.id,
            "year": int(choropleth.view.year),
            "value": _counts(areas["value"]) if choropleth.indicator.unit == "count" else value,
            "numerator": _counts(areas["numerator"]),
            "denominator": _counts(denominator),
            "n_schools": _counts(areas["n_sites"]),
            "class": classes,
        },
        geometry=areas.geometry.to_numpy(),
        crs=s.CRS_WGS84,
    )
    if KIND_COLUMN in areas:  # issue 15: "comuna" / "corregimiento", the area's territory's
        table.insert(3, "territory_kind", areas[KIND_COLUMN].astype("string").to_numpy())
    if choropleth.indicator.education_level:  # issue 16: beside the indicator it qualifies
        at = table.columns.get_loc("indicator") + 1
        table.insert(at, "education_level", choropleth.indicator.education_level)
    return table


def _counts(values: pd.Series) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """Counts as whole numbers with gaps (``Int64``), so that no format writes ``27.0``; a
    column with a fraction in it (a file's odd value) stays as given."""
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    known = numbers.dropna()
    if len(known) and not np.array_equal(known, np.round(known)):
        return numbers.to_numpy()
    return numbers.astype("Int64").array


def sites_table(dataset: Dataset, view: View) -> gpd.GeoDataFrame:
    """The school sites of the filtered view as points with their own values."""
    values = site_values(dataset, view)
    located = values.dropna(subset=[s.LATITUDE, s.LONGITUDE])
    count = get_indicator(view.indicator, view.education_level).unit == "count"
    table = gpd.GeoDataFrame(
        {
            "dane_code": located[s.SITE_CODE].astype(str).to_numpy(),
            "name": located[s.SITE_NAME].astype(str).to_numpy(),
            "sector": located[s.SECTOR].astype("string").to_numpy(),
            "indicator": view.indicator,
            "year": int(view.year),
            "value": _counts(located["value"])
            if count
            else located["value"].astype(float).to_numpy(),
            "numerator": _counts(located["numerator"]),
            "denominator": _counts(located["denominator"]),
        },
        geometry=gpd.points_from_xy(located[s.LONGITUDE], located[s.LATITUDE]),
        crs=s.CRS_WGS84,
    )
    if view.education_level:  # issue 16
        table.insert(
            table.columns.get_loc("indicator") + 1, "education_level", view.education_level
        )
    return table


def metadata(choropleth: Choropleth, dataset: Dataset, lang: str) -> dict:
    """How the numbers were made: view, filters, formula, classes, sources, demo flag."""
    view, indicator, classification = (
        choropleth.view,
        choropleth.indicator,
        choropleth.classification,
    )
    query = "&".join(
        f"{key}={value}"
        for key, values in view.to_query().items()
        for value in ([values] if isinstance(values, str) else values)
    )
    derived = choropleth.notes or {}
    return {
        "title": f"{indicator.label(lang)} · {filters_sentence(view, lang)}",
        "indicator": {
            "id": indicator.id,
            "name": indicator.label(lang),
            "definition": indicator.definition[lang],
            "formula": formula(indicator, lang) if not derived else "Σ w_i × score_i",
            **derived,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "education_level": indicator.education_level or "all",  # issue 16
            # The official download: coverage over a population aged 5-16 estimated from
            # each territory's total and the MEN's figure for the city.
            "population_estimated": choropleth.population_estimated,
            "estimate": t("coverage_estimated_note", lang)
            if choropleth.population_estimated
            else "",
        },
        "level": view.level,
        "year": int(view.year),
        "filters": {column: list(values) for column, values in view.filters},
        "filters_sentence": filters_sentence(view, lang),
        "zone": _zone_record(choropleth, lang),  # issue 15
        "min_denominator": view.min_n,
        "classification": {
            "scheme": view.scheme,
            "scheme_name": SCHEME_NAMES[view.scheme][lang],
            "k": classification.k,
            "fixed_across_years": view.fixed,
            "lower": _number(classification.lower),
            "upper_bounds": [_number(b) for b in classification.upper],
            "counts": list(classification.counts),
            "colors": class_colors(indicator, classification.k),
        },
        "city": {
            key: _number(choropleth.city[key]) for key in ("numerator", "denominator", "value")
        }
        | {"n_schools": int(choropleth.city["n_sites"])},
        "sources": [
            {"name": src.name, "licence": src.licence, "url": src.url, "retrieved": src.retrieved}
            for src in dataset.sources
        ],
        "demo": dataset.is_demo,
        "notice": t("demo_badge", lang) if dataset.is_demo else "",
        "view": query,
        "crs": "EPSG:4326",
        "generated": generated_at(),
        "generator": f"atlas-educativo-medellin {__version__}",
    }


def _zone_record(choropleth: Choropleth, lang: str) -> dict:
    """Issue 15: which territories the export holds and how its classes were made."""
    zone = choropleth.view.zone
    outside = int((choropleth.areas["status"] == Status.OUTSIDE).sum())
    notes = {
        "es": "Solo las áreas de la zona: las clases se calcularon sobre ellas; las demás "
        f"({outside}) se omiten. El valor de la ciudad es el de toda la ciudad.",
        "en": "Only the zone's areas: the classes were computed over them; the others "
        f"({outside}) are left out. The city value is the whole city's.",
    }
    return {
        "id": zone or "all",
        "name": ZONE_NAMES[zone][lang],
        "areas_left_out": outside,
        "note": notes[lang] if zone else "",
    }


def _number(value: object) -> float | None:
    number = float(value)  # type: ignore[arg-type]
    return None if np.isnan(number) else number


def sidecar(meta: dict) -> bytes:
    """The metadata alone, as a JSON file beside any export."""
    return (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode()
