"""Prioridad: a composite index from indicators and weights the planner picks."""

import pandas as pd
import streamlit as st

import pages as common
from geo.analysis.choropleth import Status, filters_sentence
from geo.analysis.priority import (
    MAX_WEIGHT,
    METHODS,
    PRIORITY,
    default_percent,
    eligible,
    priority_choropleth,
    weight_key,
    weight_percents,
)
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from geo.model.formatting import format_number
from geo.model.i18n import t
from geo.render.maps import choropleth_map

dataset, view = common.current()
lang = view.lang
common.page_header(t("page_priority", lang), dataset, view)
st.markdown(t("priority_intro", lang))


def _named(indicator_id: str):
    """The indicator as the index uses it: at the view's education level if it has one."""
    return get_indicator(indicator_id, view.with_indicator(indicator_id).education_level)


def _grid(count: int) -> list:
    """Four sliders a row, as many rows as the indicators need."""
    width = min(count, 4)
    return [cell for _ in range(-(-count // width)) for cell in st.columns(width)][:count]


candidates = eligible(dataset, view.level)
if not candidates:
    st.info(t("priority_none", lang))
    st.stop()

method = common.url_choice(
    "norm", list(METHODS), t("normalisation", lang), lambda m: METHODS[m][lang], horizontal=True
)
st.markdown(f"**{t('weights', lang)}**")
# The link's weights (in percent), under the rule the command line follows too.
start = weight_percents(
    {key: st.query_params.get_all(key) for key in st.query_params}, view.level, dataset
)
weights: dict[str, float] = {}
for column, indicator_id in zip(_grid(len(candidates)), candidates, strict=True):
    key = weight_key(indicator_id)
    default = default_percent(indicator_id)
    with column:
        weight = st.slider(
            _named(indicator_id).label(lang),  # with the view's education level where it has it
            0,
            MAX_WEIGHT,
            start[indicator_id],
            step=5,
            key=f"weight_{indicator_id}_{view.level}",
        )
    weights[indicator_id] = weight
    if weight != default:
        st.query_params[key] = str(weight)
    elif key in st.query_params:
        del st.query_params[key]

if not any(weights.values()):
    st.warning(t("priority_no_weight", lang))
    st.stop()

choropleth = priority_choropleth(dataset, view, weights, method)
areas, classification = choropleth.areas, choropleth.classification
sentence = filters_sentence(view, lang)
map_column, table_column = st.columns([3, 2], gap="medium")
with map_column:
    fmap = choropleth_map(choropleth, dataset, lang, source=t("priority_source", lang))
    common.show_map(fmap, key="prioridad", height=600)
with table_column:
    ordered = areas[areas["status"] != Status.OUTSIDE]  # with a zone, its areas (issue 15)
    ordered = ordered.sort_values("value", ascending=False, na_position="last")
    table = pd.DataFrame(
        {
            t("rank", lang): range(1, len(ordered) + 1),
            t("territory", lang): ordered[s.NAME],
            PRIORITY.label(lang): [format_number(v, 2, lang) for v in ordered["value"]],
            **{
                f"{_named(i).short[lang]} ({round(100 * w)} %)": [
                    format_number(v, 2, lang) for v in ordered[f"part_{i}"]
                ]
                for i, w in choropleth.notes["weights"].items()
            },
        }
    )
    table.loc[ordered["value"].isna().to_numpy(), t("rank", lang)] = None
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=560,
        placeholder="—",
    )
    st.caption(t("priority_table_note", lang))

st.caption(
    t("priority_method_note", lang).format(method=METHODS[method][lang].lower(), n=view.min_n)
)
