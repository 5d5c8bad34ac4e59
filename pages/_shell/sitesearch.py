"""The Mapa page's school search and a site's own panel.

A site found by search lives in the URL as ``site=<DANE code>`` (the view's ``site``) and
selects its area (``sel=``); choosing another area, or none, lets it go. A code the data does
not have (a stale link) is said once and dropped: the rest of the view stays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from geo.analysis.aggregate import filter_facts
from geo.analysis.search import DEFAULT_LIMIT, find_site, search_sites
from geo.analysis.site import comparable_per_site, site_area, site_trend
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from geo.model.dataset import Dataset
from geo.model.formatting import escape_markdown, format_value
from geo.model.i18n import t, t_n
from geo.model.view import QUERY_KEYS, View
from geo.render.charts import trend_chart, trend_table
from geo.render.tables import html_table
from pages._shell.runtime import widget_key

PICK = "site_pick"  # the search result chosen, taken by the next script run
SITE_KEY = QUERY_KEYS["site"]


@dataclass(frozen=True)
class Site:
    """The site the page shows: its attributes (``find_site``), its area at the view's level
    ("" when it is in none) and its point (NaN when it has none)."""

    code: str
    info: pd.Series
    area: str
    lat: float
    lon: float

    @property
    def name(self) -> str:
        return str(self.info[s.SITE_NAME])


def resolve_site(dataset: Dataset, view: View, areas: dict[str, str], selection_key: str):
    """The site this run shows, before the area list is drawn; a chosen search result (or a
    link's site with no area selected) selects the site's area. Returns the ``Site`` or None,
    and the stale code of a link, if any (said by :func:`site_notes`)."""
    picked = st.session_state.pop(PICK, None)
    code = picked or view.site
    if not code:
        return None, ""
    info = find_site(dataset, code)
    if info is None:
        st.query_params.pop(SITE_KEY, None)  # said once; the rest of the view stays
        return None, code
    area = site_area(info, view.level)
    first_at_level = view.selected not in areas and selection_key not in st.session_state
    if area in areas and (picked or first_at_level):
        st.session_state[selection_key] = area
    if picked:
        # Into the address, then run again: the sidebar's view (and the share link drawn
        # from it, before this page) then holds the site and its area too.
        st.query_params[SITE_KEY] = code
        if area in areas:
            st.query_params[QUERY_KEYS["selected"]] = area
        else:
            st.query_params.pop(QUERY_KEYS["selected"], None)
        st.rerun()
    lat, lon = _point(dataset, code)
    return Site(code, info, area, lat, lon), ""


def keep_site(site: Site | None, selected: str) -> Site | None:
    """The site, unless the area chosen is not its own (the user moved on): then it goes."""
    if site is not None and selected != site.area:
        st.query_params.pop(SITE_KEY, None)
        return None
    return site


def site_notes(stale: str, lang: str) -> None:
    if stale:
        st.info(t("site_stale", lang).format(code=stale), icon=":material/link_off:")


def search_box(dataset: Dataset, lang: str) -> None:
    """The search field and its results, each a button that opens the site."""
    key = widget_key("site_search", lang, dataset)
    query = st.text_input(
        t("site_search", lang),
        key=key,
        placeholder=t("site_search_placeholder", lang),
        icon=":material/search:",
    )
    if not query.strip():
        return
    found = search_sites(dataset, query, limit=None)
    if found.empty:
        st.info(t("site_search_none", lang).format(query=query.strip()), icon=":material/info:")
        return
    st.caption(t_n("site_search_results", len(found), lang))
    territories = dict(zip(dataset.territories[s.CODE], dataset.territories[s.NAME], strict=False))
    for row in found.head(DEFAULT_LIMIT).itertuples(index=False):
        code = getattr(row, s.SITE_CODE)
        where = territories.get(getattr(row, s.TERRITORY), "")
        label = " · ".join(str(part) for part in (getattr(row, s.SITE_NAME), where, code) if part)
        st.button(
            escape_markdown(label),
            key=f"site_result_{code}",
            type="tertiary",
            icon=":material/school:",
            on_click=_pick,
            args=(code, key),
        )
    if len(found) > DEFAULT_LIMIT:
        st.caption(t("site_search_more", lang).format(n=DEFAULT_LIMIT))


def _pick(code: str, search_key: str) -> None:
    st.session_state[PICK] = code
    st.session_state[search_key] = ""  # the results make room for the site's panels


def highlight_rows(codes: pd.Series, site: Site | None) -> list[int]:
    """Positions of the site's row in a table of sites (``codes`` in the table's order)."""
    if site is None:
        return []
    return [int(i) for i in np.flatnonzero(codes.astype(str).to_numpy() == site.code)]


def site_panel(dataset: Dataset, view: View, site: Site, area_name: str, lang: str) -> None:
    """The site's own values, year by year, against its area and the city, with their n."""
    indicator = get_indicator(view.indicator, view.education_level)
    info = site.info
    with st.container(key="site_panel"):
        series = site_trend(dataset, view, site.code, site.area)
        now = series.loc[series["year"] == view.year, "site"]
        value = now.iloc[0] if comparable_per_site(indicator) and len(now) else np.nan
        heading = site.name + (
            f" · {format_value(value, indicator, lang)}" if pd.notna(value) else ""
        )
        st.subheader(escape_markdown(heading), anchor=False)
        st.caption(escape_markdown(_details(dataset, info, area_name, lang)))
        if not site.area:
            st.caption(t("site_no_area", lang))
        if not comparable_per_site(indicator):
            st.info(
                t("site_not_comparable", lang).format(indicator=indicator.label(lang)),
                icon=":material/info:",
            )
            return
        if _outside_filters(dataset, view, site.code):
            st.caption(t("site_outside_filters", lang))
        st.markdown(f"**{t('site_panel_trend', lang)}**")
        area_label = area_name or t("territory", lang)
        if series["site"].notna().any():
            st.vega_lite_chart(trend_chart(series, indicator, area_label, lang, site=site.name))
        values, beneath = trend_table(series, indicator, area_label, lang, site=site.name)
        st.html(html_table(values, numeric=set(values.columns[1:]), beneath=beneath))


def _details(dataset: Dataset, info: pd.Series, area_name: str, lang: str) -> str:
    barrio = info.get(s.BARRIO)
    if dataset.barrios is not None and pd.notna(barrio):
        names = dict(zip(dataset.barrios[s.CODE], dataset.barrios[s.NAME], strict=False))
        barrio = names.get(barrio, barrio)
    parts = [
        (t("site_code", lang), info.get(s.SITE_CODE)),
        (t("sector", lang), info.get(s.SECTOR)),
        (t("territory", lang), area_name),
        (t("site_barrio", lang), barrio),
        (t("site_nucleo", lang), info.get(s.NUCLEO)),
    ]
    return " · ".join(f"{label}: {value}" for label, value in parts if _known(value))


def _known(value: object) -> bool:
    return value is not None and not (not isinstance(value, str) and pd.isna(value)) and value != ""


def _outside_filters(dataset: Dataset, view: View, code: str) -> bool:
    if not view.filters:
        return False
    rows = filter_facts(dataset.facts, view.year, view.filter_dict)
    return not (rows[s.SITE_CODE].astype(str) == code).any()


def _point(dataset: Dataset, code: str) -> tuple[float, float]:
    sites = dataset.sites[dataset.sites[s.SITE_CODE].astype(str) == code]
    point = sites.geometry.iloc[0] if len(sites) else None
    if point is None or point.is_empty:
        return np.nan, np.nan
    return float(point.y), float(point.x)
