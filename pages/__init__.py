"""Streamlit glue shared by every page: cached data, the sidebar and the view in the URL.

A package, not a page: ``app.py`` lists the pages explicitly with ``st.navigation``, and
Streamlit never lists ``__init__.py`` as a page. This file is only a façade: the code lives in
``pages/_shell/``, one concern per module (see its docstring), and pages keep writing
``import pages as common`` and ``common.sidebar()``.

To change a setting (a test's cache folder), set it where it lives:
``pages._shell.data.OFFICIAL_CACHE``; assigning it here would change only this façade's name.
"""

from __future__ import annotations

from geo.io.ingest import load_demo, load_official
from geo.model.formatting import escape_markdown
from geo.model.view import View
from pages._shell.chrome import (
    current_language,
    escape_html,
    hide_controls,
    language_switch,
    page_header,
    presenting,
)
from pages._shell.data import (
    DATASET_ID,
    DATASET_KEY,
    DEMO,
    MISSING_LINK_DATA,
    OFFICIAL,
    UPLOAD,
    _official,
    active_dataset,
    datasets,
    link_data_notice,
    load_dataset,
    official_sources,
    official_version,
    switch_dataset,
    use_upload,
)
from pages._shell.maps import CLICK_OBJECTS, show_clickable_map, show_map
from pages._shell.runtime import (
    _LEGACY_RUNNER,
    APP_DIR,
    current,
    follow_keys_and_history,
    leave_legacy_pages_mode,
    lift_veil,
    prepare_assets,
    run_isolated,
    veil_legacy_navigation,
    warm_up,
    widget_key,
)
from pages._shell.share import share_controls
from pages._shell.sidebar import (
    FILTER_LABELS,
    draw_widgets,
    read_view,
    resolve_dataset,
    sidebar,
    url_choice,
    url_number,
    write_url,
)
from pages._shell.tables import show_table

__all__ = [
    "APP_DIR",
    "CLICK_OBJECTS",
    "DATASET_ID",
    "DATASET_KEY",
    "DEMO",
    "FILTER_LABELS",
    "MISSING_LINK_DATA",
    "OFFICIAL",
    "UPLOAD",
    "_LEGACY_RUNNER",
    "View",
    "_official",
    "active_dataset",
    "current",
    "current_language",
    "datasets",
    "draw_widgets",
    "escape_html",
    "escape_markdown",
    "follow_keys_and_history",
    "hide_controls",
    "language_switch",
    "leave_legacy_pages_mode",
    "lift_veil",
    "link_data_notice",
    "load_dataset",
    "load_demo",
    "load_official",
    "official_sources",
    "official_version",
    "page_header",
    "prepare_assets",
    "presenting",
    "read_view",
    "resolve_dataset",
    "run_isolated",
    "share_controls",
    "show_clickable_map",
    "show_map",
    "show_table",
    "sidebar",
    "switch_dataset",
    "url_choice",
    "url_number",
    "use_upload",
    "veil_legacy_navigation",
    "warm_up",
    "widget_key",
    "write_url",
]
