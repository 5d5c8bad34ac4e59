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


def main() -> None:
    # Imported here, not above: at server start this file is imported only to find ``app``,
    # and the heavy imports are the warm-up thread's work, not the server's.
    import pages as common
    from geo.assets import app_icon
    from geo.i18n import t

    common.leave_legacy_pages_mode()
    presenting = common.presenting()
    st.set_page_config(
        page_title="Atlas educativo de Medellín",
        page_icon=app_icon(),
        layout="wide",
        initial_sidebar_state="collapsed" if presenting else "auto",
    )
    common.prepare_assets()
    view = common.sidebar()

    navigation = st.navigation(
        [
            st.Page(
                "pages/mapa.py",
                title=t("page_map", view.lang),
                icon=":material/map:",
                url_path="mapa",
                default=True,
            ),
            st.Page(
                "pages/comparar.py",
                title=t("page_compare", view.lang),
                icon=":material/compare:",
                url_path="comparar",
            ),
            st.Page(
                "pages/prioridad.py",
                title=t("page_priority", view.lang),
                icon=":material/priority_high:",
                url_path="prioridad",
            ),
            st.Page(
                "pages/exportar.py",
                title=t("page_export", view.lang),
                icon=":material/download:",
                url_path="exportar",
            ),
            st.Page(
                "pages/datos.py",
                title=t("page_data", view.lang),
                icon=":material/database:",
                url_path="datos",
            ),
            st.Page(
                "pages/metodologia.py",
                title=t("page_method", view.lang),
                icon=":material/menu_book:",
                url_path="metodologia",
            ),
            st.Page(
                "pages/presentar.py",
                title=t("page_present", view.lang),
                icon=":material/slideshow:",
                url_path="presentar",
            ),
        ],
        position="hidden" if presenting else "sidebar",
    )
    # After st.navigation: the share controls link to the registered Presentar page.
    if presenting:
        common.hide_controls()
    else:
        common.share_controls(view, view.lang)
    common.run_isolated(navigation, view.lang)  # a crashing page shows a message, not a traceback
    common.follow_browser_history()  # last: an invisible helper below the page


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
    app = st.App(__file__, lifespan=_lifespan)
