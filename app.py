"""Atlas educativo de Medellín: entry point, run with ``streamlit run app.py``.

Two roles in one file. ``streamlit run`` first imports it as a module to find ``app``, an
``st.App`` whose start-up hook prepares the first map in the background (imports, the demo,
the default view) while the browser is still loading. Each visit then runs this file as the
Streamlit script (``__name__ == "__main__"``): page configuration, the shared sidebar (which
is the view, mirrored in the URL) and the navigation over ``pages/``.
"""

import logging
import threading
from contextlib import asynccontextmanager

import streamlit as st

# Page file (and URL path), title key in geo/i18n, Material icon; the first is the default.
PAGES = (
    ("mapa", "page_map", "map"),
    ("comparar", "page_compare", "compare"),
    ("prioridad", "page_priority", "priority_high"),
    ("focalizar", "page_plan", "volunteer_activism"),
    ("red_escolar", "page_network", "school"),
    ("fichas", "page_fichas", "description"),
    ("seguimiento", "page_follow", "monitoring"),
    ("exportar", "page_export", "download"),
    ("datos", "page_data", "database"),
    ("metodologia", "page_method", "menu_book"),
    ("presentar", "page_present", "slideshow"),
)


def main() -> None:
    # Imported here, not above: at server start this file is imported only to find ``app``,
    # and the heavy imports are the warm-up thread's work, not the server's.
    import pages as common
    from geo.model.i18n import t
    from geo.render.assets import app_icon

    common.leave_legacy_pages_mode()
    veil = common.veil_legacy_navigation()  # only on a server's first visit
    presenting = common.presenting()
    st.set_page_config(
        page_title="Atlas educativo de Medellín",
        page_icon=app_icon(),
        layout="wide",
        initial_sidebar_state="collapsed" if presenting else "auto",
    )
    common.prepare_assets()
    view = common.sidebar()

    common.lift_veil(veil)
    navigation = st.navigation(
        [
            st.Page(
                f"pages/{name}.py",  # named like its URL path
                title=t(title, view.lang),
                icon=f":material/{icon}:",
                url_path=name,
                default=name == PAGES[0][0],
            )
            for name, title, icon in PAGES
        ],
        position="hidden" if presenting else "sidebar",
    )
    # After st.navigation: the share controls link to the registered Presentar page.
    if presenting:
        common.hide_controls()
    else:
        common.share_controls(view, view.lang)
    common.run_isolated(navigation, view.lang)  # a crashing page shows a message, not a traceback
    common.follow_keys_and_history()  # last: an invisible helper below the page


def _warm_up() -> None:
    try:
        import pages

        pages.warm_up()
    except Exception:  # the first visit will prepare, and show any error in the page
        logging.getLogger(__name__).exception("Warm-up failed")


@asynccontextmanager
async def _lifespan(_app):
    """Start preparing the first map as the server starts, without delaying it."""
    threading.Thread(target=_warm_up, name="atlas-warm-up", daemon=True).start()
    yield


if __name__ == "__main__":
    main()
else:
    from starlette.middleware import Middleware

    from serving import KeepMapFiles

    app = st.App(__file__, lifespan=_lifespan, middleware=[Middleware(KeepMapFiles)])
