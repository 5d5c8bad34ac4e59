"""Mapa: the choropleth, its legend and ranking, and the panel of the selected territory."""

import html
from dataclasses import replace

import pandas as pd
import streamlit as st

import pages as common
from geo.analysis.choropleth import compute, ranking, subtitle
from geo.analysis.drilldown import barrio_values, has_enrolment, site_values, trend
from geo.model import schema as s
from geo.model.formatting import format_base, format_number, format_value
from geo.model.i18n import t
from geo.model.view import link_params
from geo.render.charts import trend_chart, trend_table
from geo.render.maps import add_sites, choropleth_map
from geo.render.sitemark import mark_site
from geo.render.tables import html_table
from pages._shell import sitesearch

dataset, view = common.current()
lang = view.lang
choropleth = compute(dataset, view)
indicator = choropleth.indicator
names = dict(zip(choropleth.areas[s.CODE], choropleth.areas[s.NAME], strict=True))
selection_key = common.widget_key(f"selected_{view.level}", lang, dataset)


# A click on the map (handled below, after the selectbox exists) is applied on the rerun.
if (pending := st.session_state.pop("clicked_area", None)) in names:
    st.session_state[selection_key] = pending
# A school found by search (or a link's site=) selects its area, before the list is drawn.
site, stale_site = sitesearch.resolve_site(dataset, view, names, selection_key)

common.page_header(f"{indicator.label(lang)} · {subtitle(choropleth, lang)}", dataset, view)
st.caption(indicator.definition[lang])
if choropleth.population_estimated:  # the official download: 5-16 split from totals
    st.caption(t("coverage_estimated_note", lang))

options = ["", *names]
selected = st.selectbox(
    t("selected_area", lang),
    options,
    index=options.index(view.selected) if view.selected in names else 0,
    format_func=lambda code: names.get(code, t("none_selected", lang)),
    key=selection_key,
)
if selected != view.selected:
    st.query_params["sel"] = selected
    if not selected:
        del st.query_params["sel"]
site = sitesearch.keep_site(site, selected)
sitesearch.site_notes(stale_site, lang)
sitesearch.search_box(dataset, lang)

show_sites = st.toggle(
    t("show_sites" if has_enrolment(dataset, view) else "show_sites_unsized", lang),
    value=st.query_params.get("sites") == "1",
    key="show_sites",
)
if show_sites != (st.query_params.get("sites") == "1"):
    st.query_params["sites"] = "1" if show_sites else "0"

map_column, table_column = st.columns([2, 1], gap="medium")
with map_column:
    fmap = choropleth_map(choropleth, dataset, lang, selected=selected)
    if show_sites:
        sites = site_values(dataset, view)
        add_sites(fmap.layer, sites, indicator, choropleth.classification, lang)
    if site is not None and pd.notna(site.lat):
        mark_site(fmap.layer, site.lat, site.lon, site.name)
    # Only a click returns data: panning and zooming never rerun the script.
    clicked = common.show_clickable_map(fmap, key="mapa", height=640)
    code = html.unescape(str(clicked.get("codigo", "")))
    if code in names and code != selected:
        st.session_state["clicked_area"] = code
        st.rerun()
with table_column:
    city = choropleth.city
    detail = (
        format_base(city["numerator"], city["denominator"], indicator, lang)
        if indicator.denominator is not None
        else ""
    )
    sites = f"{format_number(city['n_sites'], 0, lang)} {t('sites', lang).lower()}"
    st.metric(t("city", lang), format_value(city["value"], indicator, lang))
    st.caption(" · ".join(filter(None, [detail, sites])))
    table = ranking(choropleth, lang)
    numeric = {t("rank", lang), indicator.label(lang), t("sites", lang)}
    beneath = {indicator.label(lang): t("n", lang)} if t("n", lang) in table else {}
    if t("territory_kind", lang) in table:  # comuna / corregimiento, under the name
        beneath[t("territory", lang)] = t("territory_kind", lang)
    st.html(html_table(table, numeric=numeric, beneath=beneath, total_last=True, height=470))
    neutral = indicator.direction == "neutral"
    st.caption(t("ranking_caption_neutral" if neutral else "ranking_caption", lang))
    if indicator.denominator_source == "population":
        st.caption(t("coverage_note", lang))

if selected:
    ascending = indicator.direction == "lower_worse"  # worst first, as in the ranking
    area = choropleth.areas.set_index(s.CODE).loc[selected]
    st.subheader(f"{names[selected]} · {format_value(area['value'], indicator, lang)}")
    # Issue 25: everything about this territory, to print (the same view, its ficha).
    st.container(key="ficha_link").page_link(
        "pages/fichas.py",
        label=t("ficha_link", lang).format(name=names[selected]),
        icon=":material/description:",
        query_params=link_params(replace(view, ficha=selected), dict(st.query_params)),
    )
    if indicator.denominator is not None and pd.notna(area["value"]):
        st.caption(
            f"{format_base(area['numerator'], area['denominator'], indicator, lang)} · "
            f"{format_number(area['n_sites'], 0, lang)} {t('sites', lang).lower()}"
        )
    trend_column, barrio_column = st.columns([3, 2], gap="medium")
    with trend_column:
        st.markdown(f"**{t('trend', lang)}**")
        series = trend(dataset, view, selected)
        if series["area"].notna().any():
            st.vega_lite_chart(trend_chart(series, indicator, names[selected], lang))
        else:
            st.info(t("trend_empty", lang), icon=":material/info:")
        values, beneath = trend_table(series, indicator, names[selected], lang)
        st.html(html_table(values, numeric=set(values.columns[1:]), beneath=beneath))
    with barrio_column:
        barrios = barrio_values(dataset, view, selected)
        if len(barrios):
            st.markdown(f"**{t('barrios_count', lang)}**")
            rows = barrios.sort_values("value", ascending=ascending, na_position="last")
            st.html(
                html_table(
                    pd.DataFrame(
                        {
                            t("territory", lang): rows[s.NAME],
                            indicator.label(lang): [
                                format_value(v, indicator, lang) for v in rows["value"]
                            ],
                            t("sites", lang): [format_number(n, 0, lang) for n in rows["n_sites"]],
                        }
                    ),
                    numeric={indicator.label(lang), t("sites", lang)},
                    height=330,
                )
            )
    table = site_values(dataset, view, selected)
    table = table.sort_values("value", ascending=ascending, na_position="last")
    table = table.reset_index(drop=True)
    st.markdown(f"**{t('sites_of_area', lang)}** ({format_number(len(table), 0, lang)})")
    has_fraction = indicator.denominator is not None and indicator.denominator_source == "sites"
    st.container(key="area_sites").html(
        html_table(
            pd.DataFrame(
                {
                    t("site_code", lang): table[s.SITE_CODE],
                    t("site_name", lang): table[s.SITE_NAME],
                    t("sector", lang): table[s.SECTOR],
                    indicator.label(lang): [
                        format_value(v, indicator, lang) for v in table["value"]
                    ],
                    t("n", lang): [
                        format_base(n, d, indicator, lang) if has_fraction and pd.notna(d) else ""
                        for n, d in zip(table["numerator"], table["denominator"], strict=True)
                    ],
                }
            ),
            numeric={indicator.label(lang)},
            beneath={indicator.label(lang): t("n", lang)},
            height=420,
            highlight=sitesearch.highlight_rows(table[s.SITE_CODE], site),
        )
    )
if site is not None:
    sitesearch.site_panel(dataset, view, site, names.get(site.area, ""), lang)
