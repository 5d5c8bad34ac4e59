"""Presentar: the map full screen, stepping through saved views; no controls on screen."""

from dataclasses import replace

import streamlit as st

import pages as common
from geo.analysis.choropleth import compute, filters_sentence
from geo.analysis.zones import dataset_zones
from geo.model.i18n import t
from geo.model.view import STEP_KEY, VIEWS_KEY, View, query_params
from geo.render.maps import choropleth_map

dataset, current_view = common.current()
lang = current_view.lang
common.link_data_notice(lang)
queries = st.query_params.get_all(VIEWS_KEY)
views = []
for query in queries or []:
    view, _ = View.from_query(
        query_params(query),
        dataset.years,
        dataset.levels,
        list(dataset.available_indicators()),
        dataset.filter_values(),
        zones=dataset_zones(dataset),  # issue 15
        education_levels=dataset.education_levels,  # issue 16
        indicator_years=dataset.indicator_years,  # issue 23
    )
    views.append(view)
views = views or [current_view]
step = st.query_params.get(STEP_KEY, "0")
step = min(max(int(step) if step.isdigit() else 0, 0), len(views) - 1)
# The basemap chosen for the presentation (its link's ``base``) wins over the saved view's.
view = replace(views[step], basemap=current_view.basemap or views[step].basemap)
choropleth = compute(dataset, view)

st.markdown(
    f"<h1 class='atlas-present-title' style='margin:0;font-size:2.6rem'>"
    f"{common.escape_html(choropleth.indicator.label(view.lang))} · "
    f"{common.escape_html(filters_sentence(view, view.lang))}</h1>",
    unsafe_allow_html=True,
)
fmap = choropleth_map(choropleth, dataset, view.lang, legend_scale=1.5)
common.show_map(fmap, key="presentar", height=760)

previous_column, counter_column, next_column, exit_column = st.columns([1, 1, 1, 1])


def go(to: int) -> None:
    st.query_params[STEP_KEY] = str(to)


previous_column.button(
    t("previous", lang),
    icon=":material/arrow_back:",
    disabled=step == 0,
    on_click=go,
    args=(step - 1,),
    width="stretch",
    key="present_previous",  # the keyboard and a clicker press it too (pages.follow_keys...)
)
counter_column.markdown(
    f"<div style='text-align:center;padding-top:.4rem'>{step + 1} / {len(views)}</div>",
    unsafe_allow_html=True,
)
next_column.button(
    t("next", lang),
    icon=":material/arrow_forward:",
    disabled=step == len(views) - 1,
    on_click=go,
    args=(step + 1,),
    width="stretch",
    key="present_next",
)
exit_query = {
    key: st.query_params.get_all(key)
    for key in st.query_params
    if key not in ("present", VIEWS_KEY, STEP_KEY)
}
exit_column.container(key="present_exit").page_link(  # Esc clicks it too
    "pages/mapa.py",
    label=t("exit_presentation", lang),
    icon=":material/close_fullscreen:",
    query_params=exit_query,
)
st.caption(f"{t('source', lang)}: {dataset.source_text(lang)}")
if dataset.is_demo:
    st.badge(t("demo_badge", lang), icon=":material/science:", color="orange")
