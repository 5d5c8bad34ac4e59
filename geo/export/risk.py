"""The dropout-risk index's own export (issue 16): the ranked school sites with every component,
as points, and a metadata record of how the index was made and how it was checked.

The territories' side of the index (the share of enrolment in high-risk sites) is an
indicator like any other (``dropout_risk``) and goes through :func:`geo.export.export`.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import __version__
from geo.analysis.aggregate import Filters
from geo.analysis.risk import (
    BAND,
    BANDS,
    BY_ID,
    DEFAULT_WEIGHTS,
    INDEX,
    NORMALISATION,
    RANK,
    risk_sites,
    validate,
)
from geo.export.files import TABLE_WRITERS
from geo.export.tables import generated_at
from geo.model import schema as s
from geo.model.dataset import Dataset
from geo.model.i18n import t

RISK_ID = "dropout_risk"
# The formats a list of sites is written in (the map formats draw areas).
RISK_FORMATS = ("geojson", "gpkg", "csv", "csv-excel-es", "xlsx")


def risk_table(
    dataset: Dataset, year: int, filters: Filters | None = None, zone: str = ""
) -> gpd.GeoDataFrame:
    """One row per ranked site, highest risk first (then the sites without an index): code,
    name, territory, sector, enrolment, each component's rate, numerator, denominator and
    score, the index (0-100, 2 decimals), the rank and the band, as points in EPSG:4326
    (no geometry for a site without coordinates)."""
    sites = risk_sites(dataset, year, filters, zone)
    names = dict(
        zip(dataset.territories[s.CODE].astype(str), dataset.territories[s.NAME], strict=False)
    )
    territory = sites.get(s.TERRITORY, pd.Series(pd.NA, index=sites.index)).astype("string")
    columns: dict[str, object] = {
        "dane_code": sites[s.SITE_CODE].astype(str).to_numpy(),
        "name": _text(sites, s.SITE_NAME),
        "territory_code": territory.to_numpy(),
        "territory": territory.map(names).astype("string").to_numpy(),
        "sector": _text(sites, s.SECTOR),
        "year": int(year),
        "enrolment": _whole(sites[s.ENROLLED]),
    }
    for component in sites.attrs.get("weights", {}):
        columns[f"{component}_rate"] = sites[component].to_numpy(dtype=float)
        columns[f"{component}_numerator"] = _whole(sites[f"{component}_num"])
        columns[f"{component}_denominator"] = _whole(sites[f"{component}_den"])
        columns[f"{component}_score"] = sites[f"{component}_score"].round(4).to_numpy()
    columns["risk_index"] = sites[INDEX].round(2).to_numpy()
    columns["rank"] = sites[RANK].array
    columns["band"] = sites[BAND].array
    points = site_points(dataset).reindex(sites[s.SITE_CODE].astype(str).to_numpy())
    return gpd.GeoDataFrame(columns, geometry=points.to_numpy(), crs=s.CRS_WGS84)


def site_points(dataset: Dataset) -> gpd.GeoSeries:
    """Each site's point in EPSG:4326, by DANE code (``Dataset.sites``)."""
    sites = dataset.sites.to_crs(s.CRS_WGS84)
    points = sites.geometry.set_axis(sites[s.SITE_CODE].astype(str).to_numpy())
    return points[~points.index.duplicated(keep="last")]


def _text(sites: pd.DataFrame, column: str) -> np.ndarray:
    if column not in sites:
        return pd.array([pd.NA] * len(sites), dtype="string")
    return sites[column].astype("string").array


def _whole(values: pd.Series) -> pd.api.extensions.ExtensionArray:
    return pd.to_numeric(values, errors="coerce").astype(float).round().astype("Int64").array


def risk_metadata(
    dataset: Dataset,
    year: int,
    lang: str,
    table: gpd.GeoDataFrame,
    filters: Filters | None = None,
    zone: str = "",
) -> dict:
    """How the index was made (components, weights, normalisation, bands), what it ranks, how
    it was checked on this dataset (``validate``), the sources and the demo flag."""
    used = risk_sites(dataset, year, filters, zone).attrs.get("weights", {})
    figures = dataset.remember(("risk_validation",), lambda: validate(dataset.facts))
    return {
        "title": f"{t('risk_title', lang)} · {year}",
        "indicator": {
            "id": RISK_ID,
            "name": t("risk_title", lang),
            "definition": t("risk_definition", lang),
            "ranks": t("risk_ranks_sites", lang),
        },
        "year": int(year),
        "filters": {column: list(values) for column, values in (filters or {}).items()},
        "zone": zone or "all",
        "sites": len(table),
        "band_counts": {band: int((table["band"] == band).sum()) for band, _ in BANDS},
        "components": [
            {
                "id": c.id,
                "name": c.name[lang],
                "formula": f"Σ {c.numerator} / Σ {c.denominator}",
                "years": c.window,
                "default_weight": DEFAULT_WEIGHTS[c.id],
                "weight": round(used[c.id], 6) if c.id in used else 0.0,
                "used": c.id in used,
            }
            for c in BY_ID.values()
        ],
        "normalisation": NORMALISATION[lang],
        "index_formula": "100 × Σ weight × score",
        "bands": [{"band": band, "top_share_of_sites": share} for band, share in BANDS],
        "ties": t("risk_ties", lang),
        "validation": [
            {key: _plain_number(value) for key, value in record.items()}
            for record in figures.to_dict("records")
        ],
        "sources": [
            {"name": src.name, "licence": src.licence, "url": src.url, "retrieved": src.retrieved}
            for src in dataset.sources
        ],
        "demo": dataset.is_demo,
        "notice": t("demo_badge", lang) if dataset.is_demo else "",
        "crs": "EPSG:4326",
        "generated": generated_at(),
        "generator": f"atlas-educativo-medellin {__version__}",
    }


def _plain_number(value: object) -> object:
    if isinstance(value, float | np.floating):
        return None if np.isnan(value) else round(float(value), 6)
    if isinstance(value, np.integer):
        return int(value)
    return value


def export_risk(
    dataset: Dataset,
    year: int,
    fmt: str,
    lang: str,
    filters: Filters | None = None,
    zone: str = "",
) -> tuple[bytes, dict]:
    """The ranked sites of ``year`` in ``fmt`` (one of :data:`RISK_FORMATS`) and the metadata
    record (for the sidecar JSON). Identical bytes for identical inputs (with
    ``SOURCE_DATE_EPOCH`` set where a format stamps a date)."""
    if fmt not in RISK_FORMATS:
        raise ValueError(f"Unknown format {fmt!r} for the sites' list; valid: {RISK_FORMATS}.")
    if year not in dataset.years:
        years = ", ".join(map(str, dataset.years))
        raise ValueError(f"No data for {year}; years: {years}.")
    table = risk_table(dataset, year, filters, zone)
    meta = risk_metadata(dataset, year, lang, table, filters, zone)
    if fmt == "csv-excel-es":  # Spanish headers there, as for every export (files.py)
        table = table.rename(columns=_spanish_headers())
    return TABLE_WRITERS[fmt](table, meta), meta


def _spanish_headers() -> dict[str, str]:
    """The risk table's own columns in Spanish (``files.SPANISH_HEADERS`` names the rest)."""
    headers = {
        "territory_code": "Código del territorio",
        "territory": "Territorio",
        "enrolment": "Matrícula",
        "risk_index": "Índice de riesgo",
        "rank": "Puesto",
        "band": "Banda",
    }
    for c in BY_ID.values():
        name = c.name["es"]
        headers |= {
            f"{c.id}_rate": f"{name}: tasa",
            f"{c.id}_numerator": f"{name}: numerador",
            f"{c.id}_denominator": f"{name}: denominador",
            f"{c.id}_score": f"{name}: percentil",
        }
    return headers
