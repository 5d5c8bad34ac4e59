"""Exportar: the current view's data and map as files, with the equivalent command line."""

import shlex

import streamlit as st

import pages as common
from geo.choropleth import compute, filters_sentence
from geo.export import MEDIA_TYPES, export, metadata, sidecar
from geo.i18n import t

dataset, view = common.current()
lang = view.lang
common.page_header(t("page_export", lang), dataset, view)
choropleth = compute(dataset, view)
title = f"{choropleth.indicator.label(lang)} · {filters_sentence(view, lang)}"
st.markdown(f"**{common.escape_markdown(title)}**")
if dataset.is_demo:
    st.caption(t("export_demo_note", lang))

stem = f"atlas_{view.indicator}_{view.level}_{view.year}"
query = "&".join(
    f"{key}={value}"
    for key, values in view.to_query().items()
    for value in ([values] if isinstance(values, str) else values)
)


@st.cache_data(show_spinner=False, max_entries=64)
def exported(
    dataset_id: str, query: str, suffix: str, sites: bool, size: tuple[int, int], lang: str
) -> bytes:
    """Export bytes for (dataset, view, language); cached so reruns do not recompute them."""
    return export(choropleth, dataset, suffix, lang, png_size=size, sites=sites)


TABLE_FORMATS = (
    (".geojson", "GeoJSON"),
    (".gpkg", "GeoPackage"),
    (".csv", "CSV (Excel)"),
    (".xlsx", "XLSX"),
)


def table_downloads(sites: bool) -> None:
    """One download button per table format, for the areas or for the sites."""
    for column, (suffix, label) in zip(st.columns(4), TABLE_FORMATS, strict=True):
        column.download_button(
            label,
            exported(dataset.id, query, suffix, sites, (0, 0), lang),
            f"{stem}{'_sedes' if sites else ''}{suffix}",
            MEDIA_TYPES[suffix],
            icon=":material/download:",
            key=f"download_{'sites' if sites else 'areas'}{suffix}",
        )


st.subheader(t("export_areas", lang))
table_downloads(sites=False)
st.download_button(
    t("export_metadata", lang),
    sidecar(metadata(choropleth, dataset, lang)),
    f"{stem}.metadata.json",
    MEDIA_TYPES[".json"],
    icon=":material/description:",
)
st.subheader(t("export_sites", lang))
table_downloads(sites=True)

st.subheader(t("export_map", lang))
left, right = st.columns(2)
width = left.number_input(t("png_width", lang), 400, 4000, 1600, step=100)
height = right.number_input(t("png_height", lang), 300, 3000, 1200, step=100)
columns = st.columns(2)
columns[0].download_button(
    t("export_png", lang),
    exported(dataset.id, query, ".png", False, (int(width), int(height)), lang),
    f"{stem}.png",
    MEDIA_TYPES[".png"],
    icon=":material/image:",
)
columns[1].download_button(
    t("export_html", lang),
    exported(dataset.id, query, ".html", False, (0, 0), lang),
    f"{stem}.html",
    MEDIA_TYPES[".html"],
    icon=":material/public:",
)

st.subheader(t("export_cli", lang))
st.caption(t("export_cli_help", lang))
command = ["python", "-m", "geo", "export", "--view", query, "-o", f"{stem}.geojson"]
if not dataset.is_demo or dataset.id != "demo":
    command[4:4] = ["--boundaries", "LIMITES", "--schools", "SEDES"]
st.code(shlex.join(command), language="bash")
