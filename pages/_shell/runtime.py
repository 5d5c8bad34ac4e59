"""The server process and the script run: leaving Streamlit's legacy mode, the warm-up at
start, a crash guard around each page, session widget keys, and the page's key handler."""

from __future__ import annotations

import gc
import logging
import sys
import threading
import time
import uuid
from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager

from geo.model.dataset import Dataset
from geo.model.i18n import t
from geo.model.view import View
from geo.render.assets import install_leaflet
from geo.render.display import map_geometry
from pages._shell.data import DEMO, _official, active_dataset, load_dataset, official_version

APP_DIR = Path(__file__).resolve().parents[2]
log = logging.getLogger("pages")  # the name it had before the split, for the server log
# Streamlit's function that runs a script in its legacy pages/ mode (streamlit 1.67).
_LEGACY_RUNNER = "_mpa_v1"
_LEFT_LEGACY = "_atlas_left_legacy_mode"  # set for the one run after leaving it


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
        st.session_state[_LEFT_LEGACY] = True
        st.rerun()


def veil_legacy_navigation():
    """In the run that follows :func:`leave_legacy_pages_mode`, hide the legacy mode's list of
    page files (``app``, ``comparar``, ``datos``... in lower case), which the browser keeps
    showing until this run reaches ``st.navigation``: on a server just started, the first
    visitor waits there for the data. Returns the veil to lift just before ``st.navigation``
    (:func:`lift_veil`), or None in every other run."""
    if not st.session_state.pop(_LEFT_LEGACY, False):
        return None
    veil = st.sidebar.empty()
    veil.markdown(
        '<style>[data-testid="stSidebarNav"]{visibility:hidden}</style>', unsafe_allow_html=True
    )
    return veil


def lift_veil(veil) -> None:
    if veil is not None:
        veil.empty()


def _in_legacy_run() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == _LEGACY_RUNNER:
            return True
        frame = frame.f_back
    return False


def warm_up() -> None:
    """Prepare what the first visitors' maps need, outside any script run (at server start).

    Importing ``pages`` has already imported the heavy modules (GeoPandas, mapclassify
    with SciPy, folium); this installs Leaflet, loads the demo and then the official layers
    if they were downloaded before (links may ask for them), and computes each one's default
    view, filling the same process-wide caches a script run reads, so a visitor who arrives
    meanwhile waits only for what is left. Never imports streamlit_folium (see
    ``pages._shell.maps.show_map``).
    """
    started = time.perf_counter()
    _quiet_outside_script_runs(threading.current_thread())
    import folium.plugins  # noqa: F401  what streamlit_folium imports

    prepare_assets()
    _prepare_default_view(load_dataset(DEMO))
    if (version := official_version()) is not None:
        _prepare_default_view(_official(version))
    freeze_long_lived()
    log.info("Warm-up done in %.1f s", time.perf_counter() - started)


def freeze_long_lived() -> None:
    """Keep what lives for the whole process (modules, shared datasets, their caches) out of
    Python's cycle collector.

    Streamlit collects every generation after each script run (``runner.postScriptGC``), and
    the collector then walks every object alive: 0.1-0.35 s per run with the demo loaded,
    holding the lock every thread needs, so the page's files and messages waited behind it.
    Frozen objects are skipped by the collector (reference counting still frees them);
    what a session creates afterwards is collected as before.
    """
    gc.collect()
    gc.freeze()


def _prepare_default_view(dataset: Dataset) -> None:
    """The map geometry and values of the view a link without parameters opens."""
    from geo.analysis.choropleth import compute

    view, _ = View.from_query(
        {},
        dataset.years,
        dataset.levels,
        list(dataset.available_indicators()),
        indicator_years=dataset.indicator_years,
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


def widget_key(name: str, lang: str, dataset: Dataset | None = None) -> str:
    """The key of a widget that shows translated labels: one widget per language (and dataset).

    Streamlit 1.67 keeps a select widget's value as the *label* it showed
    (``SelectboxSerde.serialize``), so a widget redrawn in the other language would hold a
    label it no longer offers and hand it back as the value (``pal=La del indicador`` crashed
    the map). A widget of the other language is a new widget instead, and every widget starts
    from the URL, which holds ids: switching the language keeps the view.
    """
    return "_".join(filter(None, [name, dataset.id if dataset else "", lang]))


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
