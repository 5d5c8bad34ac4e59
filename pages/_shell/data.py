"""The datasets a session can show: loaded once per server process, chosen per session.

The demo is the default; the official layers once they are downloaded to the cache; an
upload only in the session that made it. A link names its dataset with ``?ds=``.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from geo.analysis.risk import with_risk_index
from geo.io.fetch import (
    DEFAULT_ARCGIS_BASE,
    DEFAULT_CACHE_DIR,
    DEFAULT_OPEN_DATA_BASE,
    cached_layers,
)
from geo.io.ingest import load_demo, load_official
from geo.io.sources import DEFAULT_SOCRATA_URL
from geo.model.dataset import Dataset
from geo.model.i18n import t
from geo.model.view import Fallback

DEMO = "demo"
UPLOAD = "upload"
OFFICIAL = "official"
DATASET_KEY = "ds"  # ?ds=official reopens the official layers; the demo is the default
DATASET_ID = "dataset_id"  # session state: the dataset this session shows
MISSING_LINK_DATA = "missing_link_data"  # session state: data a link asked for and lacked
# Where official downloads go, and where they come from (tests point these at a local server).
OFFICIAL_CACHE = Path(os.environ.get("ATLAS_CACHE_DIR", DEFAULT_CACHE_DIR))
OPEN_DATA_URL = os.environ.get("ATLAS_OPEN_DATA_URL", DEFAULT_OPEN_DATA_BASE)
ARCGIS_URL = os.environ.get("ATLAS_ARCGIS_URL", DEFAULT_ARCGIS_BASE)
SOCRATA_URL = os.environ.get("ATLAS_SOCRATA_URL", DEFAULT_SOCRATA_URL)


def official_sources() -> tuple[Path, str, str, str]:
    """(cache folder, open-data, ArcGIS and Socrata base URLs), read when asked, so that a
    setting changed on this module (a test's local server) reaches every page."""
    return OFFICIAL_CACHE, OPEN_DATA_URL, ARCGIS_URL, SOCRATA_URL


@st.cache_resource(show_spinner="Cargando datos…")
def load_dataset(dataset_id: str) -> Dataset:
    """A shared dataset, read and joined once per server process for every session."""
    if dataset_id == DEMO:
        return _frozen(with_risk_index(load_demo()))
    raise ValueError(f"Unknown dataset {dataset_id!r}.")


@st.cache_resource(show_spinner="Cargando capas oficiales…")
def _official(version: str) -> Dataset:
    """The official layers in the cache, read once per version of the cache."""
    dataset, _ = load_official(OFFICIAL_CACHE)
    return _frozen(with_risk_index(dataset))


def _frozen(dataset: Dataset) -> Dataset:
    """A shared dataset, loaded once per process, moved out of the cycle collector's walk
    (see ``pages._shell.runtime.freeze_long_lived``)."""
    import gc

    gc.collect()
    gc.freeze()
    return dataset


def official_version() -> str | None:
    """The cached layers' and tables' sha256 (it changes when a new download lands), or None
    when the comunas are not in the cache."""
    from geo.io.portal import tables_version

    cached = cached_layers(OFFICIAL_CACHE)
    if "comunas" not in cached:
        return None
    layers = "-".join(layer.sha256[:10] for layer in cached.values())
    return layers + tables_version(OFFICIAL_CACHE)


def datasets(lang: str) -> dict[str, str]:
    """Dataset id -> label of what this session can show."""
    from geo.io.portal import tables_version

    available = {DEMO: t("dataset_demo", lang)}
    if official_version() is not None:  # "Datos oficiales" once the sources' tables are in
        official = "datos_official_title" if tables_version(OFFICIAL_CACHE) else "dataset_official"
        available[OFFICIAL] = t(official, lang)
    if UPLOAD in st.session_state:
        available[UPLOAD] = st.session_state[UPLOAD].label
    return available


def active_dataset() -> Dataset:
    """The dataset this session shows; an upload lives only in its own session."""
    choice = st.session_state.get(DATASET_ID, DEMO)
    if choice == UPLOAD and UPLOAD in st.session_state:
        return st.session_state[UPLOAD]
    if choice == OFFICIAL and (version := official_version()) is not None:
        return _official(version)
    return load_dataset(DEMO)


def switch_dataset(dataset_id: str) -> None:
    """Show ``dataset_id`` from the next run on (from a button's callback).

    The dataset selectbox of every language is forgotten, so it is drawn again on the new
    choice instead of holding the old one.
    """
    st.session_state[DATASET_ID] = dataset_id
    st.session_state.pop(MISSING_LINK_DATA, None)
    for key in [k for k in st.session_state if str(k).startswith("dataset_choice")]:
        del st.session_state[key]


def use_upload(dataset: Dataset) -> None:
    """Make an uploaded dataset this session's active one (the demo stays one click away)."""
    st.session_state[UPLOAD] = with_risk_index(dataset)
    switch_dataset(UPLOAD)


# What a link asked for that cannot travel with it (ds=...), and what the page says about it.
_MISSING_DATA_NOTES = {UPLOAD: "link_upload_missing", OFFICIAL: "link_official_missing"}


def link_data_notice(lang: str) -> list[Fallback]:
    """Warn, unmistakably, when the link's data could not be used; return the other notes."""
    missing = st.session_state.get(MISSING_LINK_DATA)
    if missing in _MISSING_DATA_NOTES:
        st.warning(t(_MISSING_DATA_NOTES[missing], lang), icon=":material/warning:")
    fallbacks: list[Fallback] = st.session_state.get("view_notes", {}).get("fallbacks", [])
    return [f for f in fallbacks if f.key != DATASET_KEY or f.given not in _MISSING_DATA_NOTES]


def dataset_title(dataset: Dataset, lang: str) -> str:
    """The dataset's name in ``lang``: the official data are named by the words, not by the
    Spanish label the ingest gives them."""
    if dataset.id.startswith(OFFICIAL) and official_version() is not None:
        return datasets(lang)[OFFICIAL]
    return dataset.label
