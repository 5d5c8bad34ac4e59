"""Datos: the active dataset and its origin; upload, column mapping and the join report."""

import hashlib
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

import pages as common
from geo.errors import DataError
from geo.io.columns import (
    COUNT_ALIASES,
    LEVEL_COUNTS,
    SITE_ALIASES,
    YEAR_ALIASES,
    AreaColumns,
    choose_area_columns,
    detect_columns,
)
from geo.io.fetch import cached_layers, fetch_all, official_layers
from geo.io.ingest import Inputs, load
from geo.io.readers import candidate_layers, read_table, read_vector, table_sheets
from geo.io.report import KINDS
from geo.io.template import documentation, template_csv, template_xlsx
from geo.model import schema as s
from geo.model.catalogue import INDICATORS
from geo.model.formatting import escape_markdown, format_number
from geo.model.i18n import column_label, t, t_n
from geo.render.tables import html_table

dataset, view = common.current()
lang = view.lang

common.page_header(t("page_data", lang), dataset, view)

# --- first, what just happened: refusals, downloads, the join report --------------------
outcome = st.session_state.pop("upload_outcome", None)
if outcome is not None:
    level, message = outcome
    (st.error if level == "error" else st.warning)(message, icon=":material/error:")
official_cache, open_data_url, arcgis_url = common.official_sources()
layers = official_layers(open_data_url, arcgis_url)
for layer, result in zip(layers, st.session_state.pop("official_outcome", []), strict=False):
    if isinstance(result, DataError):
        refusal = escape_markdown(f"{layer.title}: {result.message(lang)}")
        st.error(refusal, icon=":material/cloud_off:")
    else:
        st.success(
            t_n("official_done", result.features, lang, title=result.title),
            icon=":material/cloud_done:",
        )

# --- the join report --------------------------------------------------------------------
report = st.session_state.get("upload_report")
if report is not None and dataset.id.startswith("upload"):
    st.subheader(t("report_title", lang))
    read = pd.DataFrame(
        [
            {
                t("report_role", lang): f.role_label(lang),
                t("report_file", lang): f.file,
                t("report_format", lang): f.format,
                t("rows", lang): f.rows,
                "CRS": f"{f.declared_crs or '—'} → {f.used_crs}" if f.used_crs else "",
                t("report_columns", lang): ", ".join(f"{k}={v}" for k, v in f.columns.items()),
                t("report_notes", lang): "; ".join(f.notes_in(lang)),
            }
            for f in report.files
        ]
    )
    st.dataframe(read, hide_index=True, width="stretch", placeholder="—")
    located = int(dataset.sites[s.TERRITORY].notna().sum())
    st.markdown(t_n("report_located", len(dataset.sites), lang, located=located))
    if report.problems:
        summary = pd.DataFrame(
            [
                {t("report_problem", lang): KINDS[kind][lang == "en"], t("report_count", lang): n}
                for kind, n in report.counts().items()
            ]
        )
        st.dataframe(summary, hide_index=True)
        st.dataframe(
            report.problems_frame(lang, with_key=False),
            hide_index=True,
            width="stretch",
            placeholder="—",
        )
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
st.html(
    html_table(
        pd.DataFrame(
            {
                t("indicator", lang): [INDICATORS[i].label(lang) for i in INDICATORS],
                t("available", lang): [
                    t("yes", lang) if not dataset.missing_inputs(i) else t("no", lang)
                    for i in INDICATORS
                ],
                t("missing_inputs", lang): [
                    "; ".join(
                        t("needs_column", lang).format(
                            column=column,
                            what=column_label(column, lang),
                            file=t(f"file_{role}", lang),
                        )
                        for role, column in dataset.missing_inputs(i)
                    )
                    for i in INDICATORS
                ],
            }
        )
    )
)

# --- the active dataset -----------------------------------------------------------------
st.subheader(escape_markdown(dataset.label))
if dataset.is_demo:
    st.warning(t("demo_explained", lang), icon=":material/science:")
for source in dataset.sources:
    st.markdown(
        f"**{t('source', lang)}:** {escape_markdown(source.name)}  \n"
        f"**{t('licence', lang)}:** {escape_markdown(source.licence)}"
    )
counts = {
    t("territories_count", lang): format_number(len(dataset.territories), 0, lang),
    t("barrios_count", lang): format_number(
        0 if dataset.barrios is None else len(dataset.barrios), 0, lang
    ),
    t("sites_count", lang): format_number(len(dataset.sites), 0, lang),
    t("years_label", lang): f"{min(dataset.years)}–{max(dataset.years)}" if dataset.years else "—",
}
for column, (label, value) in zip(st.columns(len(counts)), counts.items(), strict=True):
    column.metric(label, value)


def apply_upload(lang: str) -> None:
    """Button callback: read and join the uploaded files; on failure keep everything as it was.

    A callback runs before the script, so its outcome survives any rerun of that run.
    """
    uploads = {role: st.session_state.get(f"up_{role}") for role in ROLES}
    if not any(uploads.values()):
        st.session_state["upload_outcome"] = ("warning", t("upload_nothing", lang))
        return
    digest = hashlib.sha256()
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for role, upload in uploads.items():
            if upload is not None:
                paths[role] = Path(folder) / role / Path(upload.name).name
                paths[role].parent.mkdir()
                paths[role].write_bytes(upload.getvalue())
                digest.update(upload.getvalue())
        year = st.session_state.get("up_year")
        inputs = Inputs(
            **paths,
            mapping=st.session_state.get("up_mapping", {}),
            layers=st.session_state.get("up_layers", {}),
            year=int(year) if year else None,
            label=t("uploaded_label", lang),
            sheets={
                role: st.session_state[f"up_sheet_{role}"]
                for role in paths
                if st.session_state.get(f"up_sheet_{role}")
            },
        )
        try:
            loaded, report = load(inputs, dataset_id=f"upload-{digest.hexdigest()[:10]}")
        except DataError as exc:
            refusal = escape_markdown(exc.message(lang))
            st.session_state["upload_outcome"] = ("error", f"{t('upload_failed', lang)} {refusal}")
            return
    if not loaded.available_indicators():  # nothing to map: keep the data in use
        st.session_state["upload_outcome"] = ("error", t("upload_no_indicator", lang))
        return
    common.use_upload(loaded)
    st.session_state["upload_report"] = report


ROLES = ("boundaries", "barrios", "schools", "indicators", "population", "benchmark")
PER_LEVEL = frozenset(s.at_level(c, level) for c in LEVEL_COUNTS for level in s.EDUCATION_LEVELS)


@st.cache_data(show_spinner=False, max_entries=8)
def _parts(name: str, data: bytes, role: str) -> list[str]:
    """The layers (GeoPackage) or sheets (workbook) of an uploaded file that could play
    ``role``, likeliest first; read once per file, not on every rerun of the page."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(data)
        try:
            return (
                candidate_layers(path, role)
                if name.lower().endswith(".gpkg")
                else (table_sheets(path))
            )
        except DataError:
            return []  # said when the files are applied


def layer_choices(upload, role: str) -> list[str]:
    """The layers of an uploaded GeoPackage that could play ``role``, likeliest first."""
    if upload is None or not upload.name.lower().endswith(".gpkg"):
        return []
    return _parts(upload.name, upload.getvalue(), role)


@st.cache_data(show_spinner=False, max_entries=4)
def boundary_columns(name: str, data: bytes) -> tuple[list[str], AreaColumns]:
    """The layer's columns and the atlas's guess of its code and name (read once per file)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(data)
        frame = read_vector(path).frame
    return [str(c) for c in frame.columns if str(c) != "geometry"], choose_area_columns(frame)


def boundaries_mapping(upload, lang: str) -> dict[str, str]:
    """Code and name columns of the boundaries file: the guess shown, the user's correction
    returned (only what differs from the guess, so the tables' own columns stay untouched)."""
    try:
        headers, guess = boundary_columns(upload.name, upload.getvalue())
    except DataError:
        return {}  # said once, when the files are applied
    with st.expander(t("mapping_boundaries_title", lang), expanded=guess.code is None):
        if guess.code is None:
            st.warning(t("mapping_boundaries_none", lang))
        else:
            st.caption(t("mapping_boundaries_help", lang))
            for chosen in (guess.code, guess.name):
                st.caption(escape_markdown(chosen.why.render(lang)))
        options = ["—", *headers]
        corrected: dict[str, str] = {}
        grid = st.columns(2)
        for column, (key, chosen) in zip(
            grid,
            (("territorio_codigo", guess.code), ("territorio_nombre", guess.name)),
            strict=True,
        ):
            proposed = chosen.column if chosen is not None and chosen.column in headers else "—"
            picked = column.selectbox(key, options, index=options.index(proposed), key=f"map_{key}")
            if picked != proposed and picked != "—":
                corrected[key] = picked
        return corrected


# --- upload -----------------------------------------------------------------------------
st.subheader(t("upload_title", lang))
st.markdown(t("upload_intro", lang))
VECTOR = ["geojson", "json", "zip", "gpkg", "topojson", "kml", "kmz", "fgb", "geojsonl", "geojsons"]
TABLE = ["csv", "txt", "xlsx", "json", "geojson", "gpkg", "zip", "kml", "kmz", "fgb", "geojsonl"]
with st.container(border=True):
    left, right = st.columns(2)
    boundaries = left.file_uploader(t("upload_boundaries", lang), type=VECTOR, key="up_boundaries")
    barrios = left.file_uploader(t("upload_barrios", lang), type=VECTOR, key="up_barrios")
    schools = right.file_uploader(t("upload_schools", lang), type=TABLE, key="up_schools")
    indicators = right.file_uploader(t("upload_indicators", lang), type=TABLE, key="up_indicators")
    population = left.file_uploader(t("upload_population", lang), type=TABLE, key="up_population")
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
    for role, upload in (
        ("schools", schools),
        ("indicators", indicators),
        ("population", population),
    ):
        if upload is not None and upload.name.lower().endswith(".xlsx"):
            sheets = _parts(upload.name, upload.getvalue(), role)
            if len(sheets) > 1:
                right.selectbox(
                    t("upload_sheet", lang).format(file=upload.name), sheets, key=f"up_sheet_{role}"
                )

    layers: dict[str, str] = {}  # a GeoPackage of several layers: which one plays the role
    for role, upload, side in (
        ("boundaries", boundaries, left),
        ("barrios", barrios, left),
        ("schools", schools, right),
    ):
        if len(choices := layer_choices(upload, role)) > 1:
            label = t("upload_layer", lang).format(file=upload.name)
            help_text = t("upload_layer_help", lang)
            layers[role] = side.selectbox(label, choices, key=f"up_layer_{role}", help=help_text)
    st.session_state["up_layers"] = layers

    mapping: dict[str, str] = {}
    if boundaries is not None:
        mapping |= boundaries_mapping(boundaries, lang)
    if schools is not None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(schools.name).name
            path.write_bytes(schools.getvalue())
            try:
                sheet = st.session_state.get("up_sheet_schools")
                sheet = sheet if path.suffix.lower() == ".xlsx" else None
                table = read_table(path, layers.get("schools"), sheet=sheet)
                headers = [c for c in table.frame.columns if c != "geometry"]
            except DataError as exc:
                headers = []
                st.error(escape_markdown(exc.message(lang)), icon=":material/error:")
        if headers:
            aliases = {**SITE_ALIASES, s.YEAR: YEAR_ALIASES, **COUNT_ALIASES}
            detected = detect_columns(headers, aliases)
            with st.expander(t("mapping_title", lang), expanded=s.SITE_CODE not in detected):
                st.caption(t("mapping_help", lang))
                options = ["—", *headers]
                grid = st.columns(3)
                # Per-level columns (dozens) are listed when found, so they can be corrected.
                wanted = [
                    c
                    for c in aliases
                    if c not in (s.POPULATION, s.POPULATION_5_16)
                    and (c not in PER_LEVEL or c in detected)
                ]
                for i, canonical in enumerate(wanted):
                    guess = detected.get(canonical)
                    chosen = grid[i % 3].selectbox(
                        canonical,
                        options,
                        index=options.index(guess) if guess else 0,
                        key=f"map_{canonical}",
                    )
                    if chosen != "—":
                        mapping[canonical] = chosen

    st.session_state["up_mapping"] = mapping
    st.button(
        t("upload_apply", lang),
        type="primary",
        icon=":material/upload:",
        on_click=apply_upload,
        args=(lang,),
    )


# --- official layers --------------------------------------------------------------------
def download_official(lang: str) -> None:
    """Button callback: fetch the official layers; a failure keeps the cached copy."""
    results = fetch_all(
        official_cache,
        open_data_base=open_data_url,
        arcgis_base=arcgis_url,
    )
    st.session_state["official_outcome"] = results
    if any(not isinstance(r, DataError) for r in results):
        common.switch_dataset(common.OFFICIAL)


st.subheader(t("official_title", lang))
st.markdown(t("official_intro", lang))
st.button(
    t("official_fetch", lang),
    icon=":material/cloud_download:",
    on_click=download_official,
    args=(lang,),
)
cached = cached_layers(official_cache)
if cached:
    st.dataframe(
        pd.DataFrame(
            {
                t("report_file", lang): [c.title for c in cached.values()],
                t("rows", lang): [c.features for c in cached.values()],
                t("downloaded", lang): [c.retrieved for c in cached.values()],
                "URL": [c.source_url for c in cached.values()],
                "sha256": [c.sha256[:16] + "…" for c in cached.values()],
                t("licence", lang): [c.licence for c in cached.values()],
            }
        ),
        hide_index=True,
        width="stretch",
    )


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
