"""Datos: the active dataset and its origin; upload, column mapping and the join report; the
official download; templates."""

import pandas as pd
import streamlit as st

import pages as common
from geo.io.official import DEFAULT_YEARS
from geo.io.sources import SOURCES
from geo.io.template import documentation, template_csv, template_xlsx
from geo.model import schema as s
from geo.model.formatting import escape_markdown
from geo.model.i18n import t, t_n
from geo.render import datos as tables
from geo.render.tables import html_table
from pages._shell import official, upload
from pages._shell.data import dataset_title

dataset, view = common.current()
lang = view.lang

common.page_header(t("page_data", lang), dataset, view)

# --- first, what just happened: a refused upload, the join report --------------------------
outcome = st.session_state.pop("upload_outcome", None)
if outcome is not None:
    level, message = outcome
    (st.error if level == "error" else st.warning)(message, icon=":material/error:")

report = st.session_state.get("upload_report")
if report is not None and dataset.id.startswith("upload"):
    st.subheader(t("report_title", lang))
    st.dataframe(
        tables.files_frame(report, lang), hide_index=True, width="stretch", placeholder="—"
    )
    located = int(dataset.sites[s.TERRITORY].notna().sum())
    st.markdown(t_n("report_located", len(dataset.sites), lang, located=located))
    if report.problems:
        st.dataframe(tables.problem_counts(report, lang), hide_index=True)
        problems = report.problems_frame(lang, with_key=False)
        st.dataframe(problems, hide_index=True, width="stretch", placeholder="—")
        st.download_button(
            t("report_download", lang),
            report.to_csv(lang),
            "reporte_union.csv",
            "text/csv",
            icon=":material/download:",
        )
    else:
        st.success(t("report_clean", lang))

# --- what the data allow -----------------------------------------------------------------
st.subheader(t("indicators_allowed", lang))
st.caption(t("indicators_allowed_help", lang))
st.html(html_table(tables.indicators_frame(dataset, lang)))

# --- the active dataset -----------------------------------------------------------------
st.subheader(escape_markdown(dataset_title(dataset, lang)))
if dataset.is_demo:
    st.warning(t("demo_explained", lang), icon=":material/science:")
for source in dataset.sources:
    st.markdown(
        f"**{t('source', lang)}:** {escape_markdown(source.name)}  \n"
        f"**{t('licence', lang)}:** {escape_markdown(source.licence)}"
    )
counts = tables.dataset_counts(dataset, lang)
for column, (label, value) in zip(st.columns(len(counts)), counts.items(), strict=True):
    column.metric(label, value)

# --- upload -----------------------------------------------------------------------------
st.subheader(t("upload_title", lang))
st.markdown(t("upload_intro", lang))
with st.container(border=True):
    left, right = st.columns(2)
    VECTOR, TABLE = upload.VECTOR, upload.TABLE
    boundaries = left.file_uploader(t("upload_boundaries", lang), type=VECTOR, key="up_boundaries")
    barrios = left.file_uploader(t("upload_barrios", lang), type=VECTOR, key="up_barrios")
    schools = right.file_uploader(t("upload_schools", lang), type=TABLE, key="up_schools")
    indicators = right.file_uploader(t("upload_indicators", lang), type=TABLE, key="up_indicators")
    population = left.file_uploader(t("upload_population", lang), type=TABLE, key="up_population")
    # Red escolar (issue 18): population by age per barrio/vereda; road-network travel times.
    right.file_uploader(t("upload_barrio_population", lang), type=TABLE, key="up_barrio_population")
    left.file_uploader(t("upload_travel_times", lang), type=TABLE, key="up_travel_times")
    right.file_uploader(  # issue 16: the MEN's rates for the city, a reference line
        t("upload_benchmark", lang),
        type=["csv", "txt", "xlsx"],
        key="up_benchmark",
        help=t("upload_benchmark_help", lang),
    )
    right.number_input(
        t("upload_year", lang),
        min_value=1990,
        max_value=2100,
        value=None,
        step=1,
        help=t("upload_year_help", lang),
        key="up_year",
    )
    # A workbook with several sheets holding tables: which one to read (default: the first).
    for role, file in (
        ("schools", schools),
        ("indicators", indicators),
        ("population", population),
    ):
        if len(sheets := upload.sheet_choices(file, role)) > 1:
            label = t("upload_sheet", lang).format(file=file.name)
            right.selectbox(label, sheets, key=f"up_sheet_{role}")

    layers: dict[str, str] = {}  # a GeoPackage of several layers: which one plays the role
    for role, file, side in (
        ("boundaries", boundaries, left),
        ("barrios", barrios, left),
        ("schools", schools, right),
    ):
        if len(choices := upload.layer_choices(file, role)) > 1:
            label = t("upload_layer", lang).format(file=file.name)
            help_text = t("upload_layer_help", lang)
            layers[role] = side.selectbox(label, choices, key=f"up_layer_{role}", help=help_text)
    st.session_state["up_layers"] = layers

    mapping: dict[str, str] = {}
    if boundaries is not None:
        mapping |= upload.boundaries_mapping(boundaries, lang)
    if schools is not None:
        mapping |= upload.schools_mapping(schools, layers.get("schools"), lang)
    st.session_state["up_mapping"] = mapping
    st.button(
        t("upload_apply", lang),
        type="primary",
        icon=":material/upload:",
        on_click=upload.apply_upload,
        args=(lang,),
    )

# --- the official download: layers and every source of the registry ---------------------
st.subheader(t("datos_official_title", lang))
names = ", ".join(source.title for source in SOURCES.values())
years = f"{DEFAULT_YEARS.start}–{DEFAULT_YEARS.stop - 1}"
st.markdown(t("datos_official_intro", lang).format(sources=names, years=years))  # our words
st.button(t("datos_official_fetch", lang), icon=":material/cloud_download:", on_click=official.ask)
if official.asked():
    official.download(lang)  # a bar per layer and source, then the page runs again
if outcomes := st.session_state.get(official.OUTCOMES):
    st.markdown(f"**{t('datos_summary_title', lang)}**")
    official.show_outcomes(outcomes, lang)
cache, *_ = common.official_sources()
if not (held := tables.cache_frame(cache, lang)).empty:
    st.markdown(f"**{t('datos_cache_title', lang)}**")
    st.dataframe(held, hide_index=True, width="stretch")


@st.cache_data(show_spinner=False)
def cached_template(kind: str) -> bytes:
    """The templates never change while the server runs: build them once."""
    return template_xlsx() if kind == "xlsx" else template_csv()


# --- templates --------------------------------------------------------------------------
st.subheader(t("templates_title", lang))
st.download_button(
    t("template_csv", lang),
    cached_template("csv"),
    "plantilla_sedes.csv",
    "text/csv",
    icon=":material/download:",
)
st.download_button(
    t("template_xlsx", lang),
    cached_template("xlsx"),
    "plantilla_sedes.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
)
with st.expander(t("template_columns", lang)):
    st.dataframe(documentation(), hide_index=True, width="stretch", placeholder="—")

# --- the sites of the active dataset ---------------------------------------------------
st.subheader(t("sites_table", lang))
columns = [s.SITE_CODE, s.SITE_NAME, s.SECTOR, s.ZONE, s.NUCLEO, s.TERRITORY, s.BARRIO]
st.dataframe(
    pd.DataFrame(dataset.sites[[c for c in columns if c in dataset.sites]]),
    hide_index=True,
    width="stretch",
    placeholder="—",
)
