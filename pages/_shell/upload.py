"""The Datos page's upload glue: reading what the uploader holds (the layers of a GeoPackage,
the sheets of a workbook, the headers of a table, each read once per file), the column
mapping widgets with the atlas's guesses, and the button's callback that reads, joins and,
when it gives something to map, makes the upload this session's dataset."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import streamlit as st

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
from geo.io.ingest import Inputs, load
from geo.io.readers import candidate_layers, read_table, read_vector, table_sheets
from geo.model import schema as s
from geo.model.formatting import escape_markdown
from geo.model.i18n import t
from pages._shell.data import use_upload

ROLES = ("boundaries", "barrios", "schools", "indicators", "population", "benchmark")
ROLES += ("barrio_population", "travel_times")  # Red escolar (issue 18)
PER_LEVEL = frozenset(s.at_level(c, level) for c in LEVEL_COUNTS for level in s.EDUCATION_LEVELS)
VECTOR = ["geojson", "json", "zip", "gpkg", "topojson", "kml", "kmz", "fgb", "geojsonl", "geojsons"]
TABLE = ["csv", "txt", "xlsx", "json", "geojson", "gpkg", "zip", "kml", "kmz", "fgb", "geojsonl"]


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
    use_upload(loaded)
    st.session_state["upload_report"] = report


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


def sheet_choices(upload, role: str) -> list[str]:
    """The sheets of an uploaded workbook holding tables (none for other files)."""
    if upload is None or not upload.name.lower().endswith(".xlsx"):
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


def _headers(upload, layer: str | None, lang: str) -> list[str]:
    """The columns of the uploaded sites table; a table that cannot be read says why."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        try:
            sheet = st.session_state.get("up_sheet_schools")
            sheet = sheet if path.suffix.lower() == ".xlsx" else None
            table = read_table(path, layer, sheet=sheet)
        except DataError as exc:
            st.error(escape_markdown(exc.message(lang)), icon=":material/error:")
            return []
    return [c for c in table.frame.columns if c != "geometry"]


def schools_mapping(upload, layer: str | None, lang: str) -> dict[str, str]:
    """The sites table's columns as the atlas reads them, each correctable in a selectbox;
    returns canonical column -> the file's column for every column chosen."""
    headers = _headers(upload, layer, lang)
    if not headers:
        return {}
    aliases = {**SITE_ALIASES, s.YEAR: YEAR_ALIASES, **COUNT_ALIASES}
    detected = detect_columns(headers, aliases)
    mapping: dict[str, str] = {}
    with st.expander(t("mapping_title", lang), expanded=s.SITE_CODE not in detected):
        st.caption(t("mapping_help", lang))
        options = ["—", *headers]
        grid = st.columns(3)
        # Per-level columns (dozens) are listed when found, so they can be corrected.
        wanted = [
            c
            for c in aliases
            if c not in (s.POPULATION, s.POPULATION_5_16) and (c not in PER_LEVEL or c in detected)
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
    return mapping
