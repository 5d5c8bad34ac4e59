"""The shared sidebar, which is the view, in four steps: resolve the dataset, read the view
from the URL, draw the widgets, write the URL.

Each widget's default is the value in the URL, which every run rewrites to the current view.
A widget therefore shows the URL's value on a fresh page, keeps the user's choice across
reruns (its key is its identity), and even a widget that Streamlit re-creates starts from the
right value.
"""

from __future__ import annotations

import streamlit as st

from geo.analysis.zones import dataset_zones
from geo.errors import DataError
from geo.model.catalogue import (
    EDUCATION_LEVEL_NAMES,
    INDICATORS,
    K_RANGE,
    PALETTES,
    SCHEME_NAMES,
    USES_K,
    parse_breaks,
)
from geo.model.dataset import Dataset
from geo.model.formatting import escape_markdown
from geo.model.i18n import t
from geo.model.view import (
    BASEMAP_IDS,
    LEVEL_NAMES,
    ZONE_LEVELS,
    ZONE_NAMES,
    Fallback,
    View,
    link_params,
    make_filters,
)
from geo.render.basemap import NO_BASEMAP, basemap_label
from pages._shell.chrome import current_language, language_switch
from pages._shell.data import (
    DATASET_ID,
    DATASET_KEY,
    DEMO,
    MISSING_LINK_DATA,
    active_dataset,
    datasets,
)
from pages._shell.runtime import widget_key

FILTER_LABELS = {
    "sector": {"es": "Sector", "en": "Sector"},
    "zona": {"es": "Zona", "en": "Zone"},
    "nucleo": {"es": "Núcleo educativo", "en": "Núcleo educativo"},
    "clasificacion": {"es": "Clasificación de la sede", "en": "Site classification"},
}

# Our own fixed CSS: Streamlit's badges keep to one line and cut what does not fit.
_WRAPPED_BADGE = (
    "<style>[data-testid=stSidebar] .stMarkdownBadge {white-space: normal !important}</style>"
)


def sidebar() -> View:
    """Draw the shared sidebar and return the view it describes; the URL follows the view."""
    lang = current_language()
    dataset, link_fallbacks = resolve_dataset(lang)
    filter_values = dataset.filter_values()
    url_view, fallbacks = read_view(dataset, filter_values)
    chosen = draw_widgets(url_view, dataset, filter_values, lang)
    view = chosen.compatible()
    notes = link_fallbacks + fallbacks
    earlier = st.session_state.get("view_notes", {})
    dataset_id = st.session_state[DATASET_ID]
    # Other data than on the last run (an upload, a switch): what the view lost is the
    # data's doing, not the link's, and is said once, in those words (issue 24).
    data_changed = earlier.get("dataset", dataset_id) != dataset_id
    if not notes and earlier.get("view") == view and not earlier.get("data_changed"):
        # The same view on the run after the address was rewritten (its unusable values
        # gone): the note about them stays until the user changes the view.
        notes = earlier.get("fallbacks", [])
    st.session_state["view_notes"] = {
        "fallbacks": notes,
        "view": view,
        "dataset": dataset_id,
        "data_changed": data_changed and bool(notes),
        "level_unavailable": chosen.level if view.level != chosen.level else None,
    }
    write_url(view, dataset_id=st.session_state[DATASET_ID])
    st.session_state["view"] = view
    return view


def resolve_dataset(lang: str) -> tuple[Dataset, list[Fallback]]:
    """Step 1: the dataset this run shows, and a note if the link's could not be used.

    The session's choice wins over the link's ``ds``; a link to data this server or session
    lacks (an upload lives in one session) falls back to the demo. With more than one dataset
    available, the choice is a selectbox at the top of the sidebar.
    """
    available = datasets(lang)
    wanted = st.session_state.get(DATASET_ID) or st.query_params.get(DATASET_KEY, DEMO)
    link_fallbacks = []
    if wanted not in available:  # an upload lives in one session; a link cannot carry it
        link_fallbacks.append(Fallback(DATASET_KEY, wanted, DEMO))
        # Said on every page until the user picks data: the address no longer asks for it.
        st.session_state[MISSING_LINK_DATA] = wanted
        wanted = DEMO
    choice = wanted
    with st.sidebar:
        if len(available) > 1:
            key = widget_key("dataset_choice", lang)
            # A box switch_dataset forgot is told the choice through its state, not its
            # index: the browser keeps showing the old choice otherwise, and the next click
            # hands it back (an upload made while official data were available reverted to
            # the demo on the next click).
            if st.session_state.get(key) not in available:
                st.session_state[key] = wanted
            choice = st.selectbox(
                t("dataset", lang), list(available), key=key, format_func=available.get
            )
    st.session_state[DATASET_ID] = choice
    return active_dataset(), link_fallbacks


def read_view(
    dataset: Dataset, filter_values: dict[str, tuple[str, ...]]
) -> tuple[View, list[Fallback]]:
    """Step 2: the view the URL describes for ``dataset`` (whose filterable columns are
    ``filter_values``), and the values it could not use.

    The widgets start from it; what the user changed since lives in their session state.
    """
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    return View.from_query(
        params,
        dataset.years,
        dataset.levels,
        list(dataset.available_indicators()),
        filter_values,
        zones=dataset_zones(dataset),  # issue 15
        education_levels=dataset.education_levels,  # issue 16
        indicator_years=dataset.indicator_years,  # issue 23
    )


def draw_widgets(
    url_view: View, dataset: Dataset, filter_values: dict[str, tuple[str, ...]], lang: str
) -> View:
    """Step 3: one widget per field of the view, each starting from ``url_view``; the view
    they describe (not yet made compatible: the page says when the level was changed)."""
    indicators = list(dataset.available_indicators())
    levels, schemes = list(dataset.levels), list(SCHEME_NAMES)
    with st.sidebar:
        if dataset.is_demo:
            # wrapped, not cut to "Datos de demostración — no oficia…" in a 300 px sidebar
            st.html(_WRAPPED_BADGE)
            st.badge(t("demo_badge", lang), icon=":material/science:", color="orange")
        else:
            st.caption(escape_markdown(dataset.source_text(lang)))
        return View(
            indicator=st.selectbox(
                t("indicator", lang),
                indicators,
                index=indicators.index(url_view.indicator),
                format_func=lambda i: INDICATORS[i].label(lang),
                key=_widget("indicator", dataset, lang),
            ),
            education_level=_education_level_input(url_view, dataset, lang),  # issue 16
            year=st.select_slider(
                t("year", lang),
                options=list(dataset.years),
                value=url_view.year,
                key=_widget("year", dataset, lang),
            )
            if len(dataset.years) > 1
            else dataset.years[0],
            level=st.selectbox(
                t("level", lang),
                levels,
                index=levels.index(url_view.level),
                format_func=lambda lv: LEVEL_NAMES[lv][lang],
                key=_widget("level", dataset, lang),
            ),
            zone=_zone_input(url_view, dataset, lang),  # issue 15, drawn under the level
            scheme=st.selectbox(
                t("scheme", lang),
                schemes,
                index=schemes.index(url_view.scheme),
                format_func=lambda sc: SCHEME_NAMES[sc][lang],
                key=_widget("scheme", dataset, lang),
            ),
            k=st.slider(
                t("classes", lang),
                K_RANGE[0],
                K_RANGE[1],
                value=url_view.k,
                key=_widget("k", dataset, lang),
                disabled=st.session_state.get(_widget("scheme", dataset, lang), url_view.scheme)
                not in USES_K,
            ),
            breaks=_breaks_input(url_view, dataset, lang),
            palette=st.selectbox(
                t("palette", lang),
                ["", *PALETTES],
                index=["", *PALETTES].index(url_view.palette),
                format_func=lambda p: p or t("palette_auto", lang),
                key=_widget("palette", dataset, lang),
            ),
            fixed=st.checkbox(
                t("fixed_breaks", lang),
                value=url_view.fixed,
                key=_widget("fixed", dataset, lang),
            ),
            min_n=st.number_input(
                t("min_n", lang),
                min_value=0,
                max_value=100_000,
                value=url_view.min_n,
                step=10,
                key=_widget("min_n", dataset, lang),
                help=t("min_n_help", lang),
            ),
            filters=_filter_inputs(filter_values, url_view, dataset, lang),
            basemap=_basemap_input(url_view, lang),
            labels=st.toggle(
                t("map_labels", lang),
                value=url_view.labels,
                key=_widget("labels", dataset, lang),
                help=t("map_labels_help", lang),
            ),
            selected=url_view.selected,
            site=url_view.site,
            ficha=url_view.ficha,
            lang=language_switch(url_view, lang),
        )


def write_url(view: View, dataset_id: str) -> None:
    """Step 4: put the view in the address bar, keeping page-level keys (comparison
    settings...), and the dataset unless it is the default demo."""
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    keep = dict(current)
    if dataset_id != DEMO:
        keep[DATASET_KEY] = [dataset_id]
    else:
        keep.pop(DATASET_KEY, None)
    wanted = link_params(view, keep)
    if wanted != current:
        st.query_params.from_dict(wanted)


def url_choice(
    key: str,
    options: list,
    label: str,
    format_func=str,
    *,
    default=None,
    horizontal: bool = False,
):
    """A page-level choice that lives in the URL under ``key`` (e.g. the comparison mode).

    The URL's value is the default; an unknown value falls back to ``default`` (or the first
    option); the choice is written back so the link reproduces the page.
    """
    given = st.query_params.get(key)
    by_text = {str(option): option for option in options}
    fallback = default if default in options else options[0]
    value = by_text.get(given, fallback) if given is not None else fallback
    widget = st.radio if horizontal else st.selectbox
    chosen = widget(
        label,
        options,
        index=options.index(value),
        format_func=format_func,
        key=widget_key(f"url_{key}", st.session_state["view"].lang),
        **({"horizontal": True} if horizontal else {}),
    )
    if st.query_params.get(key) != str(chosen):
        st.query_params[key] = str(chosen)
    return chosen


def url_number(
    key: str,
    label: str,
    value: float,
    low: float,
    high: float,
    *,
    unset: float | None = None,
    widget: str | None = None,
    **options,
) -> float:
    """A page-level number that lives in the URL under ``key``, left out of it while it
    equals ``unset``; ``value`` is where it starts (the link's, read by the page). The
    widget's identity is ``widget`` (default ``key``): a new name is a new widget, from
    ``value``. ``options`` go to ``st.number_input`` (``step``, ``help``)."""
    chosen = st.number_input(
        label,
        min_value=low,
        max_value=high,
        value=value,
        key=widget_key(f"url_{widget or key}", st.session_state["view"].lang),
        **options,
    )
    if chosen == unset:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != f"{chosen:.15g}":
        st.query_params[key] = f"{chosen:.15g}"
    return chosen


def _widget(name: str, dataset: Dataset, lang: str) -> str:
    # Options of these depend on the dataset: one widget per dataset.
    per_dataset = ("indicator", "year", "level", "breaks", "filter", "zone", "education")
    return widget_key(f"view_{name}", lang, dataset if name.startswith(per_dataset) else None)


def _zone_input(url_view: View, dataset: Dataset, lang: str) -> str:
    """Issue 15: all territories, comunas only or corregimientos only; shown at the levels
    that have zones, for boundaries whose territories are Medellín's (else always all)."""
    level = st.session_state.get(_widget("level", dataset, lang), url_view.level)
    zones = dataset_zones(dataset)
    if not zones or level not in ZONE_LEVELS:
        return ""
    options = ["", *zones]
    return st.selectbox(
        t("zone_choice", lang),
        options,
        index=options.index(url_view.zone) if url_view.zone in options else 0,
        format_func=lambda zone: ZONE_NAMES[zone][lang],
        key=_widget("zone", dataset, lang),
        help=t("zone_help", lang),
    )


def _education_level_input(url_view: View, dataset: Dataset, lang: str) -> str:
    """Issue 16: all education levels, or one the data has the chosen indicator for; one
    widget per indicator (its options differ), starting from the link's level."""
    indicator = st.session_state.get(_widget("indicator", dataset, lang), url_view.indicator)
    options = ["", *dataset.education_levels(indicator)]
    return st.selectbox(
        t("education_level", lang),
        options,
        index=options.index(url_view.education_level) if url_view.education_level in options else 0,
        format_func=lambda level: EDUCATION_LEVEL_NAMES[level][lang],
        key=_widget(f"education_level_{indicator}", dataset, lang),
        disabled=len(options) == 1,
        help=t("education_level_help" if len(options) > 1 else "education_level_none", lang),
    )


def _breaks_input(url_view: View, dataset: Dataset, lang: str) -> tuple[float, ...]:
    """Breaks for the user-defined scheme; unusable text keeps the previous breaks."""
    if st.session_state.get(_widget("scheme", dataset, lang), url_view.scheme) != "user_defined":
        return url_view.breaks if url_view.scheme == "user_defined" else ()
    text = st.text_input(
        t("breaks", lang),
        value="; ".join(f"{b:g}" for b in url_view.breaks),
        key=_widget("breaks", dataset, lang),
        placeholder="0,03; 0,05; 0,08",
    )
    try:
        return parse_breaks(text)
    except DataError as exc:
        st.warning(escape_markdown(exc.message(lang)), icon=":material/warning:")
        return url_view.breaks


def _filter_inputs(
    filter_values: dict[str, tuple[str, ...]], url_view: View, dataset: Dataset, lang: str
) -> tuple:
    """One multiselect per filterable column; nothing selected means all."""
    chosen: dict[str, list[str]] = {}
    current = url_view.filter_dict
    with st.expander(t("filters", lang), expanded=bool(current)):
        for column, values in filter_values.items():
            chosen[column] = st.multiselect(
                FILTER_LABELS.get(column, {}).get(lang, column.replace("_", " ").capitalize()),
                list(values),
                default=[v for v in current.get(column, ()) if v in values],
                key=_widget(f"filter_{column}", dataset, lang),
                placeholder=t("all", lang),
                select_all=False,  # Streamlit's English "Select all"; choosing none means all
            )
    return make_filters(chosen)


def _basemap_input(url_view: View, lang: str) -> str:
    """The basemap under the map: none by default, as nothing leaves this server unasked."""
    options = [NO_BASEMAP, *BASEMAP_IDS]
    return st.selectbox(
        t("basemap", lang),
        options,
        index=options.index(url_view.basemap),
        format_func=lambda b: basemap_label(b, lang),
        key=widget_key("view_basemap", lang),
        help=t("basemap_help", lang),
    )
