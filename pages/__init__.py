"""Streamlit glue shared by every page: cached data, the sidebar and the view in the URL.

A package, not a page: ``app.py`` lists the pages explicitly with ``st.navigation``, and
Streamlit never lists ``__init__.py`` as a page. This file is only a façade: the code lives in
``pages/_shell/``, one concern per module (see its docstring), and pages keep writing
``import pages as common`` and ``common.sidebar()``.

Assigning a name here (a test's ``monkeypatch.setattr(pages, "OFFICIAL_CACHE", ...)``)
assigns it in every ``_shell`` module that holds the same object, so the code that reads it
sees the new value, as when everything lived in this one module.
"""

from __future__ import annotations

import sys
import types

from geo.io.ingest import load_demo, load_official
from geo.model.formatting import escape_markdown
from geo.model.view import View
from pages._shell import chrome as _chrome
from pages._shell import data as _data
from pages._shell import maps as _maps
from pages._shell import runtime as _runtime
from pages._shell import share as _share
from pages._shell import sidebar as _sidebar
from pages._shell.chrome import (
    current_language,
    escape_html,
    hide_controls,
    language_switch,
    page_header,
    presenting,
)
from pages._shell.data import (
    ARCGIS_URL,
    DATASET_ID,
    DATASET_KEY,
    DEMO,
    MISSING_LINK_DATA,
    OFFICIAL,
    OFFICIAL_CACHE,
    OPEN_DATA_URL,
    UPLOAD,
    _official,
    active_dataset,
    datasets,
    link_data_notice,
    load_dataset,
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
    prepare_assets,
    run_isolated,
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
    write_url,
)

__all__ = [
    "APP_DIR",
    "ARCGIS_URL",
    "CLICK_OBJECTS",
    "DATASET_ID",
    "DATASET_KEY",
    "DEMO",
    "FILTER_LABELS",
    "MISSING_LINK_DATA",
    "OFFICIAL",
    "OFFICIAL_CACHE",
    "OPEN_DATA_URL",
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
    "link_data_notice",
    "load_dataset",
    "load_demo",
    "load_official",
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
    "sidebar",
    "switch_dataset",
    "url_choice",
    "use_upload",
    "warm_up",
    "widget_key",
    "write_url",
]

_MODULES = (_data, _runtime, _chrome, _sidebar, _maps, _share)
_UNSET = object()


class _Facade(types.ModuleType):
    def __setattr__(self, name: str, value: object) -> None:
        old = self.__dict__.get(name, _UNSET)
        if old is not _UNSET and not isinstance(old, types.ModuleType):
            for module in _MODULES:
                if module.__dict__.get(name, _UNSET) is old:
                    setattr(module, name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Facade
