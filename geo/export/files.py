"""The table formats: GeoJSON, GeoPackage, the two CSVs and XLSX, each written from the
export table and the metadata record (``geo.export.tables``).

Two CSVs: ``csv`` for programs (RFC 4180: ``,`` between fields, ``.`` before decimals, the
machine column names, no BOM) and ``csv-excel-es`` for a spreadsheet set to Spanish, which
reads ``,`` as the decimal mark and splits fields on ``;`` (UTF-8 with BOM, Spanish headers).
Counts are whole numbers in every format (``27``, never ``27.0``).
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

COORDINATE_DECIMALS: Final = 6
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
# Headers of the Excel-es CSV; the other formats keep the machine names.
SPANISH_HEADERS: Final = {
    "code": "Código",
    "dane_code": "Código DANE",
    "name": "Nombre",
    "sector": "Sector",
    "level": "Nivel",
    "territory_kind": "Tipo de territorio",  # issue 15: comuna / corregimiento
    "indicator": "Indicador",
    "education_level": "Nivel educativo",  # issue 16: when the view is for one level
    "year": "Año",
    "value": "Valor",
    "numerator": "Numerador",
    "denominator": "Denominador",
    "n_schools": "Sedes",
    "class": "Clase",
    "notice": "Aviso",
}


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


# Table format name -> its writer.
TABLE_WRITERS: Final[dict[str, Callable[[gpd.GeoDataFrame, dict], bytes]]] = {
    "geojson": to_geojson,
    "gpkg": to_gpkg,
    "csv": to_csv,
    "csv-excel-es": to_csv_excel_es,
    "xlsx": to_xlsx,
}
