"""Exports of a view: the numbers and a note of how they were made, in the formats people use.

Every format is built from one table (:func:`export_table`) and one metadata record
(:func:`metadata`), so GeoJSON, GeoPackage, CSV, XLSX, HTML and PNG agree, and the app's
download buttons and ``python -m geo export`` give identical bytes for the same view. The
generation time comes from ``SOURCE_DATE_EPOCH`` when it is set (reproducible builds).

Two CSVs: ``csv`` for programs (RFC 4180: ``,`` between fields, ``.`` before decimals, the
machine column names, no BOM) and ``csv-excel-es`` for a spreadsheet set to Spanish, which
reads ``,`` as the decimal mark and splits fields on ``;`` (UTF-8 with BOM, Spanish headers).
Counts are whole numbers in every format (``27``, never ``27.0``).
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import xstatic.pkg.leaflet as xstatic_leaflet

from geo import __version__
from geo.analysis.choropleth import OK, SMALL, Choropleth, filters_sentence
from geo.analysis.drilldown import site_values
from geo.model import schema as s
from geo.model.catalogue import SCHEME_NAMES, formula, get_indicator
from geo.model.dataset import Dataset
from geo.model.i18n import t
from geo.model.view import View
from geo.render.maps import MapAssets, choropleth_map
from geo.render.style import (
    NO_DATA_FILL,
    OUTLINE,
    SMALL_FILL,
    SMALL_OUTLINE,
    area_fill,
    class_colors,
    class_entries,
    class_labels,
)

# Format name -> the extension of its files. The name is what ``--format`` and ``export`` take.
FORMAT_SUFFIXES: Final = {
    "geojson": ".geojson",
    "gpkg": ".gpkg",
    "csv": ".csv",
    "csv-excel-es": ".csv",
    "xlsx": ".xlsx",
    "html": ".html",
    "png": ".png",
}
FORMATS: Final = tuple(FORMAT_SUFFIXES)
# An extension alone names this format (``-o vista.csv`` is the standard CSV).
SUFFIX_FORMATS: Final = {
    ".geojson": "geojson",
    ".gpkg": "gpkg",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".html": "html",
    ".png": "png",
}
MEDIA_TYPES: Final = {
    ".geojson": "application/geo+json",
    ".gpkg": "application/geopackage+sqlite3",
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".html": "text/html",
    ".png": "image/png",
    ".json": "application/json",
}
COORDINATE_DECIMALS: Final = 6
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
# Headers of the Excel-es CSV; the other formats keep the machine names.
SPANISH_HEADERS: Final = {
    "code": "Código",
    "dane_code": "Código DANE",
    "name": "Nombre",
    "sector": "Sector",
    "level": "Nivel",
    "indicator": "Indicador",
    "year": "Año",
    "value": "Valor",
    "numerator": "Numerador",
    "denominator": "Denominador",
    "n_schools": "Sedes",
    "class": "Clase",
    "notice": "Aviso",
}
DEFAULT_PNG_SIZE: Final = (1600, 1200)


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
    classes = []
    for cls, status in zip(classification.classes, areas["status"], strict=True):
        if status == SMALL:
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
    count = get_indicator(view.indicator).unit == "count"
    return gpd.GeoDataFrame(
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
        },
        "level": view.level,
        "year": int(view.year),
        "filters": {column: list(values) for column, values in view.filters},
        "filters_sentence": filters_sentence(view, lang),
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


def _number(value: object) -> float | None:
    number = float(value)  # type: ignore[arg-type]
    return None if np.isnan(number) else number


def to_geojson(table: gpd.GeoDataFrame, meta: dict) -> bytes:
    """RFC 7946: EPSG:4326, lon-lat, 6 decimals, counterclockwise exteriors, and the
    metadata as a foreign member ``metadata``."""
    records = pd.DataFrame(table.drop(columns="geometry")).to_dict("records")
    features = [
        {
            "type": "Feature",
            "properties": {key: _json_value(value) for key, value in record.items()},
            "geometry": _rfc7946_geometry(geometry),
        }
        for record, geometry in zip(records, table.geometry, strict=True)
    ]
    collection = {"type": "FeatureCollection", "metadata": meta, "features": features}
    return (json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def _rfc7946_geometry(geometry: shapely.Geometry) -> dict | None:
    if geometry is None or geometry.is_empty:
        return None
    oriented = shapely.orient_polygons(geometry, exterior_cw=False)
    rounded = shapely.set_precision(oriented, 10**-COORDINATE_DECIMALS, mode="pointwise")
    mapping = shapely.geometry.mapping(rounded)
    return json.loads(
        json.dumps(mapping), parse_float=lambda v: round(float(v), COORDINATE_DECIMALS)
    )


def _json_value(value: object) -> object:
    if isinstance(value, float | np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if value is pd.NA or value is None:
        return None
    return value


def sidecar(meta: dict) -> bytes:
    """The metadata alone, as a JSON file beside any export."""
    return (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode()


def to_gpkg(table: gpd.GeoDataFrame, meta: dict, layer: str = "atlas") -> bytes:
    """A GeoPackage with the table and a ``metadata`` attribute table (key, value)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.gpkg"
        options = {"OGR_CURRENT_DATE": meta["generated"].replace("+00:00", "Z")}
        from pyogrio import set_gdal_config_options, write_dataframe

        set_gdal_config_options(options)
        try:
            table.to_file(path, layer=layer, driver="GPKG")
            notes = pd.DataFrame(_flat(meta), columns=["key", "value"])
            write_dataframe(notes, path, layer="metadata", driver="GPKG")
        finally:
            set_gdal_config_options({"OGR_CURRENT_DATE": None})
        return path.read_bytes()


def _flat(meta: dict, prefix: str = "") -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for key, value in meta.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows.extend(_flat(value, name + "."))
        elif isinstance(value, list):
            rows.append((name, json.dumps(value, ensure_ascii=False)))
        else:
            rows.append((name, "" if value is None else str(value)))
    return rows


def _safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _plain(table: gpd.GeoDataFrame, meta: dict) -> pd.DataFrame:
    """The table without geometry, text made formula-safe (numbers keep their dtypes, so that
    counts stay whole and decimals take the format's mark), and a ``notice`` for demo data."""
    frame = pd.DataFrame(table.drop(columns="geometry"))
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(_safe_cell)
    if meta["demo"]:
        frame["notice"] = meta["notice"]
    return frame


def to_csv(table: gpd.GeoDataFrame, meta: dict) -> bytes:
    """RFC 4180 for programs: ``,`` between fields, CRLF, ``.`` before decimals, counts as
    whole numbers, the machine column names, UTF-8 without BOM. Text that a spreadsheet would
    run as a formula is neutralised here too (the file may still be double-clicked); demo data
    says so in a ``notice`` column. The metadata travels as the sidecar JSON."""
    return _plain(table, meta).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def to_csv_excel_es(table: gpd.GeoDataFrame, meta: dict) -> bytes:
    """For Excel (or LibreOffice) set to Spanish, which opens it with a double click: ``;``
    between fields, decimal comma (``0,0642``), counts as whole numbers, Spanish headers,
    UTF-8 with BOM (so the accents read right), formula-injection safe, CRLF."""
    frame = _plain(table, meta).rename(columns=SPANISH_HEADERS)
    text = frame.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
    return text.encode("utf-8-sig")


def to_xlsx(table: gpd.GeoDataFrame, meta: dict) -> bytes:
    """A ``datos`` sheet and a ``metadatos`` sheet; fixed document dates for identical bytes."""
    from openpyxl import Workbook

    moment = datetime.fromisoformat(meta["generated"]).replace(tzinfo=None)
    workbook = Workbook()
    data = workbook.active
    data.title = "datos"
    frame = _plain(table, meta)
    data.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        data.append([None if _missing(v) else v for v in row])
    notes = workbook.create_sheet("metadatos")
    notes.append(["key", "value"])
    for key, value in _flat(meta):
        notes.append([key, _safe_cell(value)])
    workbook.properties.created = moment
    workbook.properties.modified = moment
    workbook.properties.creator = meta["generator"]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip_times(buffer.getvalue(), moment)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _fixed_zip_times(data: bytes, moment: datetime) -> bytes:
    """Rewrite a zip (XLSX) with one fixed timestamp on every member and in its properties
    (openpyxl stamps the save time as the modification date)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                stamp_text = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp_text, content
                )
            target.writestr(fixed, content)
    return out.getvalue()


def to_html(choropleth: Choropleth, dataset: Dataset, meta: dict, lang: str) -> bytes:
    """The map as one HTML file that opens offline: Leaflet inlined, nothing fetched."""
    marker_js, marker_css = "atlas-inline-leaflet.js", "atlas-inline-leaflet.css"
    fmap = choropleth_map(
        choropleth, dataset, lang, assets=MapAssets(js=marker_js, css=marker_css)
    ).standalone()
    page = fmap.get_root().render()
    leaflet = Path(xstatic_leaflet.BASE_DIR)
    js = (leaflet / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    css = (leaflet / "leaflet.css").read_text(encoding="utf-8")
    page = page.replace(f'<script src="{marker_js}"></script>', f"<script>{js}</script>")
    page = page.replace(f'<link rel="stylesheet" href="{marker_css}"/>', f"<style>{css}</style>")
    head = (
        f"<title>{html.escape(meta['title'])}</title>"
        f'<script type="application/json" id="atlas-metadata">'
        # Every '<' as \u003c: no '</script>' or '<!--' in the data can end or bend the block.
        f"{json.dumps(meta, ensure_ascii=False).replace('<', chr(92) + 'u003c')}</script>"
    )
    page = page.replace("<head>", "<head>" + head, 1)
    return _stable_ids(page).encode("utf-8")


def _stable_ids(page: str) -> str:
    """folium names elements with random hex ids; number them in order of appearance."""
    seen: dict[str, str] = {}

    def number(match: re.Match) -> str:
        return "_" + seen.setdefault(match.group(1), f"{len(seen):04d}")

    return re.sub(r"_([0-9a-f]{32})(?![0-9a-f])", number, page)


def to_png(
    choropleth: Choropleth,
    dataset: Dataset,
    meta: dict,
    lang: str,
    size: tuple[int, int] = DEFAULT_PNG_SIZE,
) -> bytes:
    """The map for slides: title, legend with counts, source line, demo badge, north up."""
    # A Figure of its own, not pyplot's global state: several sessions may draw at once.
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    width, height = size
    dpi = 100
    figure = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    axes = figure.add_axes((0.02, 0.08, 0.66, 0.8))
    areas = choropleth.areas
    colors = class_colors(choropleth.indicator, choropleth.classification.k)
    fills = [
        area_fill(colors, c, status)
        for c, status in zip(choropleth.classification.classes, areas["status"], strict=True)
    ]
    areas.plot(ax=axes, color=fills, edgecolor=OUTLINE, linewidth=0.6)
    axes.set_axis_off()
    axes.set_aspect(1 / np.cos(np.radians(areas.total_bounds[[1, 3]].mean())))
    axes.annotate(
        "N",
        xy=(0.03, 0.97),
        xycoords="axes fraction",
        ha="center",
        va="top",
        fontsize=14,
        fontweight="bold",
    )
    axes.annotate(
        "",
        xy=(0.03, 0.97),
        xytext=(0.03, 0.87),
        xycoords="axes fraction",
        arrowprops={"arrowstyle": "-|>", "color": "#252525"},
    )
    figure.suptitle(meta["title"], x=0.02, y=0.97, ha="left", fontsize=20, fontweight="bold")
    handles = [
        Patch(facecolor=color, edgecolor=OUTLINE, label=f"{label}  ({count})")
        for color, label, count in class_entries(
            choropleth.indicator, choropleth.classification, lang
        )
    ]
    small = choropleth.small_count
    if small:
        handles.append(
            Patch(
                facecolor=SMALL_FILL,
                edgecolor=SMALL_OUTLINE,
                linestyle=":",
                label=f"{t('small_sample', lang)} ({small})",
            )
        )
    missing = choropleth.no_data_count
    handles.append(
        Patch(
            facecolor=NO_DATA_FILL,
            edgecolor=OUTLINE,
            linestyle="--",
            label=f"{t('no_data', lang)} ({missing})",
        )
    )
    direction = t(choropleth.indicator.direction, lang)
    figure.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.70, 0.86),
        frameon=False,
        title=choropleth.indicator.label(lang) + (f"\n({direction})" if direction else ""),
        fontsize=12,
        title_fontsize=13,
        alignment="left",
    )
    figure.text(
        0.02,
        0.03,
        f"{t('source', lang)}: {dataset.source_line}",
        fontsize=9,
        color="#555555",
        wrap=True,
    )
    if dataset.is_demo:
        figure.text(
            0.98,
            0.03,
            t("demo_badge", lang),
            ha="right",
            fontsize=13,
            color="#7a0177",
            fontweight="bold",
            bbox={"facecolor": "#fde0dd", "edgecolor": "none"},
        )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": meta["generator"]})
    return buffer.getvalue()


def export(
    choropleth: Choropleth,
    dataset: Dataset,
    fmt: str,
    lang: str,
    *,
    png_size: tuple[int, int] = DEFAULT_PNG_SIZE,
    sites: bool = False,
) -> bytes:
    """The bytes of ``choropleth`` exported as ``fmt``, one of :data:`FORMATS` (``"csv"``,
    ``"csv-excel-es"``, ...; an extension such as ``".csv"`` names its format too).

    ``sites=True`` exports the filtered view's school sites as points instead of the areas
    (GeoJSON, GeoPackage, both CSVs, XLSX).
    """
    name = fmt if fmt in FORMAT_SUFFIXES else SUFFIX_FORMATS.get(fmt.lower(), fmt)
    if name not in FORMAT_SUFFIXES:
        raise ValueError(f"Unknown export format {fmt!r}; valid: {', '.join(FORMATS)}.")
    meta = metadata(choropleth, dataset, lang)
    if name == "html":
        return to_html(choropleth, dataset, meta, lang)
    if name == "png":
        return to_png(choropleth, dataset, meta, lang, png_size)
    table = sites_table(dataset, choropleth.view) if sites else export_table(choropleth, lang)
    return _TABLE_WRITERS[name](table, meta)


_TABLE_WRITERS: Final = {
    "geojson": to_geojson,
    "gpkg": to_gpkg,
    "csv": to_csv,
    "csv-excel-es": to_csv_excel_es,
    "xlsx": to_xlsx,
}

__all__ = [
    "FORMATS",
    "FORMAT_SUFFIXES",
    "MEDIA_TYPES",
    "OK",
    "SUFFIX_FORMATS",
    "export",
    "metadata",
    "sidecar",
]
