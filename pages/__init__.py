"""Streamlit glue shared by every page: cached data, the sidebar and the view in the URL.

A package, not a page: ``app.py`` lists the pages explicitly with ``st.navigation``, and
Streamlit never lists ``__init__.py`` as a page.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from geo.assets import install_leaflet
from geo.catalogue import INDICATORS
from geo.classify import K_RANGE, SCHEME_NAMES, SCHEMES
from geo.dataset import Dataset, load_demo
from geo.formatting import escape_markdown
from geo.i18n import LANGUAGES, t
from geo.view import LEVEL_NAMES, Fallback, View

APP_DIR = Path(__file__).resolve().parents[1]
DEMO = "demo"
UPLOAD = "upload"
_VIEW_FIELDS = ("indicator", "year", "level", "scheme", "k", "lang")


def leave_legacy_pages_mode() -> None:
    """Rerun at once if Streamlit started this run in its legacy ``pages/`` mode.

    Because this folder is called ``pages/``, Streamlit runs the first script run of a server
    process (and every AppTest run) in its pre-``st.navigation`` mode, which runs a page file
    on its own and gives widgets other ids than every later run: the first visitor's first
    change would be dropped. Page files are named like their URL paths, so the rerun lands
    on the page that was asked for, now through ``app.py``. Called before anything is drawn.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_resource(show_spinner=False)
def prepare_assets() -> None:
    """Leaflet's files into ``static/`` once per server process (no CDN at any time)."""
    install_leaflet(APP_DIR / "static")


@st.cache_resource(show_spinner="Cargando datos…")
def load_dataset(dataset_id: str) -> Dataset:
    """A shared dataset, read and joined once per server process for every session."""
    if dataset_id == DEMO:
        return load_demo()
    raise ValueError(f"Unknown dataset {dataset_id!r}.")


def datasets() -> dict[str, str]:
    """Dataset id -> label of what this session can show."""
    available = {DEMO: "Ciudad de demostración"}
    if UPLOAD in st.session_state:
        available[UPLOAD] = st.session_state[UPLOAD].label
    return available


def active_dataset() -> Dataset:
    """The dataset this session shows; an upload lives only in its own session."""
    choice = st.session_state.get("dataset_choice", DEMO)
    if choice == UPLOAD and UPLOAD in st.session_state:
        return st.session_state[UPLOAD]
    return load_dataset(DEMO)


def use_upload(dataset: Dataset) -> None:
    """Make an uploaded dataset this session's active one (the demo stays one click away)."""
    st.session_state[UPLOAD] = dataset
    st.session_state["dataset_choice"] = UPLOAD


def _widget(name: str, dataset: Dataset) -> str:
    # Year, level and indicator options depend on the dataset: one widget per dataset.
    return f"view_{name}_{dataset.id}" if name in ("indicator", "year", "level") else f"view_{name}"


def sidebar() -> View:
    """Draw the shared sidebar and return the view it describes; the URL follows the view.

    Each widget's default is the value in the URL, which every run rewrites to the current
    view. A widget therefore shows the URL's value on a fresh page, keeps the user's choice
    across reruns (its key is its identity), and even a widget that Streamlit re-creates
    starts from the right value.
    """
    lang = st.session_state.get("view_lang") or st.query_params.get("lang", "es")
    lang = lang if lang in LANGUAGES else "es"
    with st.sidebar:
        available = datasets()
        if len(available) > 1:
            st.selectbox(
                t("dataset", lang), list(available), key="dataset_choice", format_func=available.get
            )
    dataset = active_dataset()
    indicators = list(dataset.available_indicators())
    url_view, fallbacks = View.from_query(
        st.query_params.to_dict(), dataset.years, dataset.levels, indicators
    )
    levels, schemes = list(dataset.levels), list(SCHEMES)
    with st.sidebar:
        if dataset.is_demo:
            st.badge(t("demo_badge", lang), icon=":material/science:", color="orange")
        else:
            st.caption(f"{t('dataset', lang)}: {escape_markdown(dataset.label)}")
        chosen = View(
            indicator=st.selectbox(
                t("indicator", lang),
                indicators,
                index=indicators.index(url_view.indicator),
                format_func=lambda i: INDICATORS[i].label(lang),
                key=_widget("indicator", dataset),
            ),
            year=st.select_slider(
                t("year", lang),
                options=list(dataset.years),
                value=url_view.year,
                key=_widget("year", dataset),
            )
            if len(dataset.years) > 1
            else dataset.years[0],
            level=st.selectbox(
                t("level", lang),
                levels,
                index=levels.index(url_view.level),
                format_func=lambda lv: LEVEL_NAMES[lv][lang],
                key=_widget("level", dataset),
            ),
            scheme=st.selectbox(
                t("scheme", lang),
                schemes,
                index=schemes.index(url_view.scheme),
                format_func=lambda sc: SCHEME_NAMES[sc][lang],
                key=_widget("scheme", dataset),
            ),
            k=st.slider(
                t("classes", lang),
                K_RANGE[0],
                K_RANGE[1],
                value=url_view.k,
                key=_widget("k", dataset),
            ),
            lang=st.selectbox(
                t("language", lang),
                list(LANGUAGES),
                index=list(LANGUAGES).index(url_view.lang),
                format_func=LANGUAGES.get,
                key="view_lang",
            ),
        )
    view = chosen.compatible()
    st.session_state["view_notes"] = {
        "fallbacks": fallbacks,
        "level_unavailable": chosen.level if view.level != chosen.level else None,
    }
    if st.query_params.to_dict() != view.to_query():
        st.query_params.from_dict(view.to_query())
    st.session_state["view"] = view
    return view


def current() -> tuple[Dataset, View]:
    """The active dataset and view, as the sidebar set them in this script run."""
    leave_legacy_pages_mode()
    return active_dataset(), st.session_state["view"]


def page_header(title: str, dataset: Dataset, view: View) -> None:
    """Title, demo badge and any note about link values that could not be used."""
    st.title(title)
    if dataset.is_demo:
        st.badge(t("demo_badge", view.lang), icon=":material/science:", color="orange")
    notes = st.session_state.get("view_notes", {})
    fallbacks: list[Fallback] = notes.get("fallbacks", [])
    if fallbacks:
        details = "; ".join(f"`{f.key}={f.given}` → `{f.used}`" for f in fallbacks)
        st.info(f"{t('view_notes', view.lang)} {details}", icon=":material/link_off:")
    unused = notes.get("level_unavailable")
    if unused:
        st.info(
            t("level_not_available", view.lang).format(level=LEVEL_NAMES[unused][view.lang]),
            icon=":material/info:",
        )
