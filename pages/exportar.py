"""Exportar: the current view's data and map as files, with the equivalent command line."""

import shlex

import streamlit as st

import pages as common
from geo.analysis.choropleth import compute, filters_sentence
from geo.export import FORMAT_SUFFIXES, MEDIA_TYPES, export, metadata, sidecar
from geo.model.i18n import t
from geo.model.view import view_query
from geo.render.basemap import basemap_label

dataset, view = common.current()
lang = view.lang
common.page_header(t("page_export", lang), dataset, view)
choropleth = compute(dataset, view)
title = f"{choropleth.indicator.label(lang)} · {filters_sentence(view, lang)}"
st.markdown(f"**{common.escape_markdown(title)}**")
if dataset.is_demo:
    st.caption(t("export_demo_note", lang))

level = f"_{view.education_level}" if view.education_level else ""  # issue 16
stem = f"atlas_{view.indicator}{level}_{view.level}_{view.year}"
query = view_query(view)  # encoded: a filter value with spaces, "&" or accents stays whole


def download(
    where,
    label: str,
    fmt: str,
    *,
    sites: bool = False,
    size: tuple[int, int] = (0, 0),
    icon: str = ":material/download:",
    key: str | None = None,
    help: str | None = None,
) -> None:
    """A download made when it is clicked (in its own thread), never on page load: a page
    with thirteen files, maps included, stays instant across view changes."""
    name = stem + ("_sedes" if sites else "") + ("_excel-es" if fmt == "csv-excel-es" else "")
    suffix = FORMAT_SUFFIXES[fmt]
    where.download_button(
        label,
        lambda: export(choropleth, dataset, fmt, lang, png_size=size, sites=sites),
        name + suffix,
        MEDIA_TYPES[suffix],
        icon=icon,
        key=key,
        help=help,
        on_click="ignore",  # a download changes nothing on the page
    )


# Format, label, tooltip (both keys of geo/i18n, or None).
TABLE_FORMATS = (
    ("geojson", None, None),
    ("gpkg", None, None),
    ("csv", "export_csv", "export_csv_help"),
    ("csv-excel-es", "export_csv_excel_es", "export_csv_excel_es_help"),
    ("xlsx", None, None),
)
NAMES = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "xlsx": "XLSX"}


def table_downloads(sites: bool) -> None:
    """One download button per table format, for the areas or for the sites."""
    columns = st.columns(len(TABLE_FORMATS))
    for column, (fmt, label, tip) in zip(columns, TABLE_FORMATS, strict=True):
        download(
            column,
            t(label, lang) if label else NAMES[fmt],
            fmt,
            sites=sites,
            key=f"download_{'sites' if sites else 'areas'}_{fmt}",
            help=t(tip, lang) if tip else None,
        )


st.subheader(t("export_areas", lang))
table_downloads(sites=False)
st.download_button(
    t("export_metadata", lang),
    lambda: sidecar(metadata(choropleth, dataset, lang)),
    f"{stem}.metadata.json",
    MEDIA_TYPES[".json"],
    icon=":material/description:",
    on_click="ignore",
)
st.subheader(t("export_sites", lang))
table_downloads(sites=True)

st.subheader(t("export_map", lang))
left, right = st.columns(2)
width = left.number_input(t("png_width", lang), 400, 4000, 1600, step=100)
height = right.number_input(t("png_height", lang), 300, 3000, 1200, step=100)
columns = st.columns(2)
download(
    columns[0],
    t("export_png", lang),
    "png",
    size=(int(width), int(height)),
    icon=":material/image:",
)
download(columns[1], t("export_html", lang), "html", icon=":material/public:")
if view.basemap:  # the HTML keeps the basemap (its tiles' address); the PNG draws shapes only
    st.caption(t("basemap_png", lang).format(name=basemap_label(view.basemap, lang)))

st.subheader(t("export_cli", lang))
st.caption(t("export_cli_help", lang))
command = ["python", "-m", "geo", "export", "--view", query, "-o", f"{stem}.geojson"]
if not dataset.is_demo or dataset.id != "demo":
    command[4:4] = ["--boundaries", "LIMITES", "--schools", "SEDES"]
st.code(shlex.join(command), language="bash")
