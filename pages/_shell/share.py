"""The share panel in the sidebar: the view's link, saved views, presenting them."""

from __future__ import annotations

import streamlit as st

from geo.errors import DataError
from geo.model.formatting import escape_markdown
from geo.model.i18n import t, t_n
from geo.model.view import QUERY_KEYS, VIEWS_KEY, View, from_json, to_json, view_query


def share_controls(view: View, lang: str) -> None:
    """Copy the link, save the view for presenting, start presenting (in the sidebar)."""
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
        if view.basemap:  # the presentation keeps the basemap chosen now, for every view
            present[QUERY_KEYS["basemap"]] = view.basemap
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
    upload = st.session_state.get("views_file")
    if upload is None:
        return
    try:
        views = from_json(upload.getvalue(), upload.name)
    except DataError as exc:
        st.session_state["views_error"] = exc  # written in the page's language when shown
        return
    saved[:] = views
