"""Streamlit glue shared by every page: cached data, the sidebar and the view in the URL.

A package, not a page: ``app.py`` lists the pages explicitly with ``st.navigation``, and
Streamlit never lists ``__init__.py`` as a page.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
import uuid
from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager

from geo.errors import DataError
from geo.io.fetch import (
    DEFAULT_ARCGIS_BASE,
    DEFAULT_CACHE_DIR,
    DEFAULT_OPEN_DATA_BASE,
    cached_layers,
)
from geo.io.ingest import load_demo, load_official
from geo.model.catalogue import INDICATORS, K_RANGE, PALETTES, SCHEME_NAMES, USES_K, parse_breaks
from geo.model.dataset import Dataset
from geo.model.formatting import escape_markdown
from geo.model.i18n import LANGUAGES, t, t_n
from geo.model.view import FILTER_PREFIX, LEVEL_NAMES, QUERY_KEYS, Fallback, View, make_filters
from geo.render.assets import install_leaflet
from geo.render.display import map_geometry
from geo.render.maps import MapParts

APP_DIR = Path(__file__).resolve().parents[1]
log = logging.getLogger(__name__)
DEMO = "demo"
UPLOAD = "upload"
OFFICIAL = "official"
# Streamlit's function that runs a script in its legacy pages/ mode (streamlit 1.67).
_LEGACY_RUNNER = "_mpa_v1"
DATASET_KEY = "ds"  # ?ds=official reopens the official layers; the demo is the default
DATASET_ID = "dataset_id"  # session state: the dataset this session shows
MISSING_LINK_DATA = "missing_link_data"  # session state: data a link asked for and lacked
# Where official downloads go, and where they come from (tests point these at a local server).
OFFICIAL_CACHE = Path(os.environ.get("ATLAS_CACHE_DIR", DEFAULT_CACHE_DIR))
OPEN_DATA_URL = os.environ.get("ATLAS_OPEN_DATA_URL", DEFAULT_OPEN_DATA_BASE)
ARCGIS_URL = os.environ.get("ATLAS_ARCGIS_URL", DEFAULT_ARCGIS_BASE)
FILTER_LABELS = {
    "sector": {"es": "Sector", "en": "Sector"},
    "zona": {"es": "Zona", "en": "Zone"},
    "nucleo": {"es": "Núcleo educativo", "en": "Núcleo educativo"},
    "clasificacion": {"es": "Clasificación de la sede", "en": "Site classification"},
}


# What a map whose areas can be clicked sends back: the area clicked last and
# streamlit-folium's running count of clicks. Panning and zooming change neither, so they
# never rerun the script; the count makes a click on the same area as last time a new
# value (the map sends only a value that differs from the one it sent before).
CLICK_OBJECTS = ["last_active_drawing", "last_object_clicked_count"]


def show_map(
    parts: MapParts, *, key: str, height: int, returned_objects: list[str] | None = None
) -> dict | None:
    """Draw a map; on a view change only its data layer is replaced in the browser.

    The base (frame, bounds, legend slot) is the same for every view of a level, so
    streamlit-folium keeps the map, with the user's zoom and pan, and swaps the layer
    (``feature_group_to_add``) instead of rebuilding the whole iframe. Only what
    ``returned_objects`` names comes back, so panning and zooming never rerun the script.
    """
    # Imported here, in a script run: Streamlit registers a component only when it is
    # declared inside one, and warm_up() runs outside any.
    from streamlit_folium import st_folium

    return st_folium(
        parts.base,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=parts.layer,
        returned_objects=returned_objects or [],
    )


def show_clickable_map(parts: MapParts, *, key: str, height: int) -> dict:
    """Draw a map (:func:`show_map`); return the properties of the area clicked or tapped
    since the last script run, or ``{}``.

    streamlit-folium returns its last value on every run, not only on the run a click
    caused. Taken again, an old click would undo what the user chose since (choose another
    area in the list, and the map's last click would select its own area again), so each
    click is taken once: the last one taken is remembered per map. A map drawn anew returns
    its default value, with no area, which forgets it.
    """
    returned = show_map(parts, key=key, height=height, returned_objects=CLICK_OBJECTS) or {}
    drawing = returned.get("last_active_drawing")
    taken_key = f"map_click_taken_{key}"
    if not drawing:
        st.session_state.pop(taken_key, None)
        return {}
    click = repr((returned.get("last_object_clicked_count"), drawing.get("properties")))
    if st.session_state.get(taken_key) == click:
        return {}
    st.session_state[taken_key] = click
    return drawing.get("properties") or {}


def leave_legacy_pages_mode() -> None:
    """Rerun at once if this script run is in Streamlit's legacy ``pages/`` mode.

    Because this folder is called ``pages/``, Streamlit runs the first script run of a server
    process (and every AppTest run) in its pre-``st.navigation`` mode, which runs a page file
    on its own and gives widgets other ids than every later run: the first visitor's first
    change would be dropped. Streamlit's flag for that mode is process-wide, so a session
    that opens while the very first one is still running can be in that mode after the flag
    was cleared: the run itself is checked instead (it goes through Streamlit's ``_mpa_v1``).
    Page files are named like their URL paths, so the rerun lands on the page that was asked
    for, now through ``app.py``. Called before anything is drawn.
    """
    if PagesManager.uses_pages_directory or _in_legacy_run():
        PagesManager.uses_pages_directory = False
        st.rerun()


def _in_legacy_run() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == _LEGACY_RUNNER:
            return True
        frame = frame.f_back
    return False


def warm_up() -> None:
    """Prepare what the first visitors' maps need, outside any script run (at server start).

    Importing this package has already imported the heavy modules (GeoPandas, mapclassify
    with SciPy, folium); this installs Leaflet, loads the demo and then the official layers
    if they were downloaded before (links may ask for them), and computes each one's default
    view, filling the same process-wide caches a script run reads, so a visitor who arrives
    meanwhile waits only for what is left. Never imports streamlit_folium (see
    :func:`show_map`).
    """
    started = time.perf_counter()
    _quiet_outside_script_runs(threading.current_thread())
    import folium.plugins  # noqa: F401  what streamlit_folium imports

    prepare_assets()
    _prepare_default_view(load_dataset(DEMO))
    if (version := official_version()) is not None:
        _prepare_default_view(_official(version))
    log.info("Warm-up done in %.1f s", time.perf_counter() - started)


def _prepare_default_view(dataset: Dataset) -> None:
    """The map geometry and values of the view a link without parameters opens."""
    from geo.analysis.choropleth import compute

    view, _ = View.from_query(
        {}, dataset.years, dataset.levels, list(dataset.available_indicators())
    )
    map_geometry(dataset, view.level)
    compute(dataset, view)


def _quiet_outside_script_runs(thread: threading.Thread) -> None:
    """Streamlit warns of a missing script context on every cached call outside a script run;
    for the warm-up thread that is expected, so its warnings are dropped (others stay)."""
    streamlit_logger = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    streamlit_logger.addFilter(lambda record: record.thread != thread.ident)


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


@st.cache_resource(show_spinner="Cargando capas oficiales…")
def _official(version: str) -> Dataset:
    """The official layers in the cache, read once per version of the cache."""
    dataset, _ = load_official(OFFICIAL_CACHE)
    return dataset


def official_version() -> str | None:
    """The cached comunas layer's sha256 (it changes when a new download lands), or None."""
    cached = cached_layers(OFFICIAL_CACHE)
    if "comunas" not in cached:
        return None
    return "-".join(layer.sha256[:10] for layer in cached.values())


def datasets(lang: str) -> dict[str, str]:
    """Dataset id -> label of what this session can show."""
    available = {DEMO: t("dataset_demo", lang)}
    if official_version() is not None:
        available[OFFICIAL] = t("dataset_official", lang)
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
    st.session_state[UPLOAD] = dataset
    switch_dataset(UPLOAD)


def widget_key(name: str, lang: str, dataset: Dataset | None = None) -> str:
    """The key of a widget that shows translated labels: one widget per language (and dataset).

    Streamlit 1.67 keeps a select widget's value as the *label* it showed
    (``SelectboxSerde.serialize``), so a widget redrawn in the other language would hold a
    label it no longer offers and hand it back as the value (``pal=La del indicador`` crashed
    the map). A widget of the other language is a new widget instead, and every widget starts
    from the URL, which holds ids: switching the language keeps the view.
    """
    return "_".join(filter(None, [name, dataset.id if dataset else "", lang]))


def _widget(name: str, dataset: Dataset, lang: str) -> str:
    # Options of these depend on the dataset: one widget per dataset.
    per_dataset = ("indicator", "year", "level", "breaks", "filter")
    return widget_key(f"view_{name}", lang, dataset if name.startswith(per_dataset) else None)


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


def sidebar() -> View:
    """Draw the shared sidebar and return the view it describes; the URL follows the view.

    Each widget's default is the value in the URL, which every run rewrites to the current
    view. A widget therefore shows the URL's value on a fresh page, keeps the user's choice
    across reruns (its key is its identity), and even a widget that Streamlit re-creates
    starts from the right value.
    """
    lang = st.session_state.get("view_lang") or st.query_params.get("lang", "es")
    lang = lang if lang in LANGUAGES else "es"
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
            choice = st.selectbox(
                t("dataset", lang),
                list(available),
                index=list(available).index(wanted),
                key=widget_key("dataset_choice", lang),
                format_func=available.get,
            )
    st.session_state[DATASET_ID] = choice
    dataset = active_dataset()
    if choice != DEMO and st.query_params.get(DATASET_KEY) != choice:
        st.query_params[DATASET_KEY] = choice
    elif choice == DEMO and DATASET_KEY in st.query_params:
        del st.query_params[DATASET_KEY]
    indicators = list(dataset.available_indicators())
    filter_values = dataset.filter_values()
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    url_view, fallbacks = View.from_query(
        params, dataset.years, dataset.levels, indicators, filter_values
    )
    fallbacks = link_fallbacks + fallbacks
    levels, schemes = list(dataset.levels), list(SCHEME_NAMES)
    with st.sidebar:
        if dataset.is_demo:
            st.badge(t("demo_badge", lang), icon=":material/science:", color="orange")
        else:
            st.caption(escape_markdown(dataset.source_line))
        chosen = View(
            indicator=st.selectbox(
                t("indicator", lang),
                indicators,
                index=indicators.index(url_view.indicator),
                format_func=lambda i: INDICATORS[i].label(lang),
                key=_widget("indicator", dataset, lang),
            ),
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
            selected=url_view.selected,
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
    _write_view_to_url(view)
    st.session_state["view"] = view
    return view


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


def _write_view_to_url(view: View) -> None:
    """Put the view in the address bar, keeping page-level keys (comparison settings...)."""
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    view_keys = set(QUERY_KEYS.values())
    wanted = {
        key: values
        for key, values in current.items()
        if key not in view_keys and not key.startswith(FILTER_PREFIX)
    }
    for key, value in view.to_query().items():
        wanted[key] = [value] if isinstance(value, str) else list(value)
    if wanted != current:
        st.query_params.from_dict(wanted)


def escape_html(text: object) -> str:
    """Data-derived text for the few places that write HTML themselves."""
    import html

    return html.escape(str(text))


def presenting() -> bool:
    """Presentation mode (``present=1`` in the URL): no controls, the map takes the screen."""
    return st.query_params.get("present") == "1"


# Our own fixed CSS (no data in it): hide the sidebar, its toggle and the toolbar.
_PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
.block-container { padding-top: 1rem !important; max-width: 100% !important; }
</style>
"""


def hide_controls() -> None:
    st.html(_PRESENTATION_CSS)


# Our own fixed script (no data in it), run in the page itself (st.html), not in a component's
# iframe: a listener whose code belongs to an iframe stops running when Streamlit replaces that
# iframe, which is why Esc left a presentation only when it was opened by a pasted link. It
# is installed once per page load and stays. Streamlit records each view in the browser
# history but does not redraw when the user goes back, so a back/forward step reloads the
# address it lands on. In a presentation, PageDown/→ and PageUp/← (what a clicker sends)
# press Siguiente/Anterior, and Esc leaves, also while the map (a same-origin iframe) has the
# focus.
_KEYS_JS = r"""
<script>
(() => {
if (window.__atlasKeys) return;
window.__atlasKeys = true;
window.addEventListener("popstate", () => window.location.reload());
const presenting = () => new URL(window.location.href).searchParams.get("present") === "1";
const press = (key) => {
  const button = document.querySelector(`.st-key-${key} button`);
  if (button && !button.disabled) button.click();
};
const leave = () => {
  // The page's own exit link, as a person would click it: Streamlit navigates and keeps the
  // session's view (a reload at a rewritten address lost it on the next page change).
  const exit = document.querySelector(".st-key-present_exit a");
  if (exit) { exit.click(); return; }
  const url = new URL(window.location.href);
  ["present", "v", "i"].forEach((key) => url.searchParams.delete(key));
  url.pathname = url.pathname.replace(/presentar\/?$/, "");
  window.history.pushState(null, "", url.toString());
  window.location.reload();
};
const KEYS = {
  Escape: leave,
  PageDown: () => press("present_next"),
  ArrowRight: () => press("present_next"),
  PageUp: () => press("present_previous"),
  ArrowLeft: () => press("present_previous"),
};
const onKey = (event) => {
  const target = event.target;
  const typing = target
    && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  if (!presenting() || typing || !(event.key in KEYS)) return;
  event.preventDefault();
  event.stopPropagation();
  KEYS[event.key]();
};
window.addEventListener("keydown", onKey, true);
const listen = (frame) => {
  try {
    const inner = frame.contentWindow;
    if (inner && !inner.__atlasKeys) {
      inner.__atlasKeys = true;
      inner.addEventListener("keydown", onKey, true);
    }
  } catch (error) {}  // another origin: not ours
};
const watch = () => document.querySelectorAll("iframe").forEach((frame) => {
  listen(frame);
  if (!frame.__atlasWatched) {
    frame.__atlasWatched = true;
    frame.addEventListener("load", () => listen(frame));
  }
});
new MutationObserver(watch).observe(document.body, {childList: true, subtree: true});
watch();
})();
</script>
"""


def follow_keys_and_history() -> None:
    """Back and forward step through views; keys and a clicker drive a presentation."""
    st.html(_KEYS_JS, unsafe_allow_javascript=True, width="content")


def share_controls(view: View, lang: str) -> None:
    """Copy the link, save the view for presenting, start presenting (in the sidebar)."""
    from geo.model.view import VIEWS_KEY, to_json, view_query

    base = (st.context.url or "").split("?")[0]  # None outside a browser (AppTest)
    query = view_query(view)
    saved: list[str] = st.session_state.setdefault("saved_views", [])
    # Drawn only while open (a rerun on opening): the link box and the uploader are heavy in
    # the browser, and the page should settle without them.
    panel = st.sidebar.expander(
        t("share", lang), icon=":material/share:", key="share_panel", on_change="rerun"
    )
    if not panel.open:
        return
    with panel:
        st.caption(t("copy_link_help", lang))
        st.code(f"{base}?{query}", language=None, wrap_lines=True)
        st.button(
            t("save_view", lang),
            icon=":material/bookmark_add:",
            width="stretch",
            on_click=lambda: query in saved or saved.append(query),
        )
        st.caption(t_n("saved_views", len(saved), lang))
        show = saved or [query]
        present = {VIEWS_KEY: show, "i": "0", "present": "1", "lang": view.lang}
        st.page_link(
            "pages/presentar.py",
            label=t("present", lang),
            icon=":material/slideshow:",
            query_params=present,
        )
        st.file_uploader(
            t("load_views", lang),
            type=["json"],
            key="views_file",
            on_change=lambda: _load_views(saved),
            help=t("load_views_help", lang),
        )
        if error := st.session_state.pop("views_error", None):
            st.error(escape_markdown(error.message(lang)), icon=":material/error:")
        if saved:
            st.download_button(
                t("saved_views_json", lang),
                to_json(saved),
                "vistas.json",
                "application/json",
                icon=":material/download:",
                width="stretch",
            )
            st.button(
                t("clear_views", lang),
                icon=":material/delete:",
                width="stretch",
                on_click=saved.clear,
            )


def _load_views(saved: list[str]) -> None:
    """Upload callback: a JSON file of saved views replaces the list, or says what is wrong."""
    from geo.model.view import from_json

    upload = st.session_state.get("views_file")
    if upload is None:
        return
    try:
        views = from_json(upload.getvalue(), upload.name)
    except DataError as exc:
        st.session_state["views_error"] = exc  # written in the page's language when shown
        return
    saved[:] = views


def run_isolated(page: StreamlitPage, lang: str) -> None:
    """Run the navigation's page; if it crashes, say so in a sentence and keep the app alive.

    The traceback goes to the server log under a short reference the message repeats, never
    to the browser. ``st.rerun``, ``st.stop`` and ``st.switch_page`` signal with exceptions
    derived from ``BaseException``, not ``Exception``, so they pass through untouched.
    """
    try:
        page.run()
    except Exception:
        reference = uuid.uuid4().hex[:8]
        log.exception("Page %r crashed (reference %s)", page.url_path, reference)
        st.error(t("page_crashed", lang).format(reference=reference), icon=":material/error:")


def current() -> tuple[Dataset, View]:
    """The active dataset and view, as the sidebar set them in this script run."""
    leave_legacy_pages_mode()
    return active_dataset(), st.session_state["view"]


# What a link asked for that cannot travel with it (ds=...), and what the page says about it.
_MISSING_DATA_NOTES = {UPLOAD: "link_upload_missing", OFFICIAL: "link_official_missing"}


def link_data_notice(lang: str) -> list[Fallback]:
    """Warn, unmistakably, when the link's data could not be used; return the other notes."""
    missing = st.session_state.get(MISSING_LINK_DATA)
    if missing in _MISSING_DATA_NOTES:
        st.warning(t(_MISSING_DATA_NOTES[missing], lang), icon=":material/warning:")
    fallbacks: list[Fallback] = st.session_state.get("view_notes", {}).get("fallbacks", [])
    return [f for f in fallbacks if f.key != DATASET_KEY or f.given not in _MISSING_DATA_NOTES]


def page_header(title: str, dataset: Dataset, view: View) -> None:
    """Title, demo badge and any note about link values that could not be used.

    A link that asked for data which could not come with it (an upload, official layers not
    downloaded on this server) says so first, above the title: the numbers below are the
    demo's, under a title that otherwise reads like the link's.
    """
    fallbacks = link_data_notice(view.lang)
    st.title(title)
    if dataset.is_demo:
        st.badge(t("demo_badge", view.lang), icon=":material/science:", color="orange")
    if fallbacks:
        details = "; ".join(f"`{f.key}={f.given}` → `{f.used}`" for f in fallbacks)
        st.info(f"{t('view_notes', view.lang)} {details}", icon=":material/link_off:")
    notes = st.session_state.get("view_notes", {})
    unused = notes.get("level_unavailable")
    if unused:
        st.info(
            t("level_not_available", view.lang).format(level=LEVEL_NAMES[unused][view.lang]),
            icon=":material/info:",
        )
