"""Exports of a view: the numbers and a note of how they were made, in the formats people use.

Every format is built from one table (:func:`export_table`) and one metadata record
(:func:`metadata`), so GeoJSON, GeoPackage, CSV, XLSX, HTML and PNG agree, and the app's
download buttons and ``python -m geo export`` give identical bytes for the same view. The
generation time comes from ``SOURCE_DATE_EPOCH`` when it is set (reproducible builds).

The parts: ``tables`` (the table, the metadata and its sidecar JSON), ``files`` (the table
formats: GeoJSON, GeoPackage, CSV, CSV for Excel in Spanish, XLSX) and ``offline`` (the map
as an HTML page that opens offline and as a PNG); :func:`export` picks among them.
"""

from __future__ import annotations

from typing import Final

from geo.analysis.choropleth import Choropleth
from geo.export.files import TABLE_WRITERS
from geo.export.offline import DEFAULT_PNG_SIZE, to_html, to_png
from geo.export.tables import export_table, metadata, sidecar, sites_table
from geo.model.dataset import Dataset

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
    return TABLE_WRITERS[name](table, meta)


__all__ = [
    "DEFAULT_PNG_SIZE",
    "FORMATS",
    "FORMAT_SUFFIXES",
    "MEDIA_TYPES",
    "SUFFIX_FORMATS",
    "export",
    "export_table",
    "metadata",
    "sidecar",
    "sites_table",
]
