"""What frames every page: its header and banners, the language switch, presentation mode."""

from __future__ import annotations

import streamlit as st

from geo.model.catalogue import EDUCATION_LEVEL_NAMES
from geo.model.dataset import Dataset
from geo.model.i18n import LANGUAGES, t
from geo.model.view import LEVEL_NAMES, QUERY_KEYS, View
from pages._shell.data import link_data_notice


def current_language() -> str:
    """The interface language: the switch's value once drawn, before that the link's."""
    lang = st.session_state.get("view_lang") or st.query_params.get("lang", "es")
    return lang if lang in LANGUAGES else "es"


def language_switch(url_view: View, lang: str) -> str:
    """The language selectbox (last in the sidebar); starts from the link's language."""
    return st.selectbox(
        t("language", lang),
        list(LANGUAGES),
        index=list(LANGUAGES).index(url_view.lang),
        format_func=LANGUAGES.get,
        key="view_lang",
    )


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


def _code(text: str) -> str:
    """A link's value inside Markdown backticks: a backtick in it cannot close them."""
    return str(text).replace("`", "ʼ")


def _used(fallback, lang: str) -> str:
    """What replaced a link's value: ``all levels`` for an education level, else the value."""
    if fallback.key == QUERY_KEYS["education_level"] and not fallback.used:
        return EDUCATION_LEVEL_NAMES[""][lang].lower()
    return f"`{_code(fallback.used)}`" if fallback.used else "—"


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
        details = "; ".join(
            f"`{_code(f.key)}={_code(f.given)}` → {_used(f, view.lang)}" for f in fallbacks
        )
        notes = st.session_state.get("view_notes", {})
        if notes.get("data_changed"):
            st.info(
                f"{t('reading_data_changed_view', view.lang)} {details}", icon=":material/sync:"
            )
        else:
            st.info(f"{t('view_notes', view.lang)} {details}", icon=":material/link_off:")
    notes = st.session_state.get("view_notes", {})
    unused = notes.get("level_unavailable")
    if unused:
        st.info(
            t("level_not_available", view.lang).format(level=LEVEL_NAMES[unused][view.lang]),
            icon=":material/info:",
        )
