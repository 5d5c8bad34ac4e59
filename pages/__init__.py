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
from geo.i18n import LANGUAGES, t
from geo.view import LEVEL_NAMES, Fallback, View

APP_DIR = Path(__file__).resolve().parents[1]
DEFAULT_DATASET = "demo"
_WIDGETS = {name: f"view_{name}" for name in ("lang", "level", "indicator", "year", "scheme", "k")}


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
    """A dataset read and joined once per server process and shared by every session."""
    if dataset_id == "demo":
        return load_demo()
    raise ValueError(f"Unknown dataset {dataset_id!r}.")


def sidebar() -> View:
    """Draw the shared sidebar and return the view it describes; the URL follows the view.

    Each widget's default is the value in the URL, which every run rewrites to the current
    view. A widget therefore shows the URL's value on a fresh page, keeps the user's choice
    across reruns (its key is its identity), and even a widget that Streamlit re-creates
    starts from the right value.
    """
    dataset = load_dataset(DEFAULT_DATASET)
    url_view, fallbacks = View.from_query(st.query_params.to_dict(), dataset.years, dataset.levels)
    lang = st.session_state.get(_WIDGETS["lang"], url_view.lang)
    indicators, levels, schemes = list(INDICATORS), list(dataset.levels), list(SCHEMES)
    with st.sidebar:
        if dataset.is_demo:
            st.badge(t("demo_badge", lang), icon=":material/science:", color="orange")
        st.caption(f"{t('dataset', lang)}: {dataset.label}")
        chosen = View(
            indicator=st.selectbox(
                t("indicator", lang),
                indicators,
                index=indicators.index(url_view.indicator),
                format_func=lambda i: INDICATORS[i].label(lang),
                key=_WIDGETS["indicator"],
            ),
            year=st.select_slider(
                t("year", lang),
                options=list(dataset.years),
                value=url_view.year,
                key=_WIDGETS["year"],
            ),
            level=st.selectbox(
                t("level", lang),
                levels,
                index=levels.index(url_view.level),
                format_func=lambda lv: LEVEL_NAMES[lv][lang],
                key=_WIDGETS["level"],
            ),
            scheme=st.selectbox(
                t("scheme", lang),
                schemes,
                index=schemes.index(url_view.scheme),
                format_func=lambda sc: SCHEME_NAMES[sc][lang],
                key=_WIDGETS["scheme"],
            ),
            k=st.slider(
                t("classes", lang), K_RANGE[0], K_RANGE[1], value=url_view.k, key=_WIDGETS["k"]
            ),
            lang=st.selectbox(
                t("language", lang),
                list(LANGUAGES),
                index=list(LANGUAGES).index(url_view.lang),
                format_func=LANGUAGES.get,
                key=_WIDGETS["lang"],
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
    return load_dataset(DEFAULT_DATASET), st.session_state["view"]


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
