"""Mapa: the choropleth of the chosen indicator, its legend and the ranking beside it."""

import streamlit as st
from streamlit_folium import st_folium

import pages as common
from geo.choropleth import compute, ranking, subtitle
from geo.formatting import format_fraction, format_number, format_value
from geo.i18n import t
from geo.maps import build_map

dataset, view = common.current()
lang = view.lang
choropleth = compute(dataset, view)
indicator = choropleth.indicator

common.page_header(f"{indicator.label(lang)} · {subtitle(choropleth, lang)}", dataset, view)
st.caption(indicator.definition[lang])

map_column, table_column = st.columns([3, 2], gap="medium")
with map_column:
    fmap = build_map(
        choropleth.areas,
        indicator,
        choropleth.classification,
        lang,
        subtitle=subtitle(choropleth, lang),
        demo=dataset.is_demo,
        min_n=view.min_n,
        source=dataset.sources[0].name if dataset.sources else dataset.label,
    )
    # No returned objects: panning and zooming never rerun the script.
    st_folium(fmap, key="mapa", height=640, use_container_width=True, returned_objects=[])
with table_column:
    city = choropleth.city
    detail = (
        format_fraction(city["numerator"], city["denominator"], lang)
        if indicator.denominator is not None
        else ""
    )
    sites = f"{format_number(city['n_sites'], 0, lang)} {t('sites', lang).lower()}"
    st.metric(t("city", lang), format_value(city["value"], indicator, lang))
    st.caption(" · ".join(filter(None, [detail, sites])))
    st.dataframe(ranking(choropleth, lang), hide_index=True, width="stretch", height=470)
    neutral = indicator.direction == "neutral"
    st.caption(t("ranking_caption_neutral" if neutral else "ranking_caption", lang))
    if indicator.denominator_source == "population":
        st.caption(t("coverage_note", lang))
