"""Prioridad: a composite index from indicators and weights the planner picks."""

import shlex

import streamlit as st

import pages as common
from geo.analysis.choropleth import filters_sentence
from geo.analysis.priority import (
    MAX_WEIGHT,
    METHODS,
    default_percent,
    eligible,
    priority_choropleth,
    weight_key,
    weight_percents,
)
from geo.analysis.risk import BY_ID as RISK_COMPONENTS
from geo.analysis.risk import risk_sites
from geo.export.risk import export_risk
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from geo.model.formatting import format_in_unit, format_number
from geo.model.i18n import t
from geo.render.maps import choropleth_map
from geo.render.prioritytable import priority_table
from geo.render.risk import risk_map, risk_ranking, weights_sentence
from pages._shell.downloads import show_command

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

# The map and the ranking first (a phone reaches them without scrolling past the sliders);
# the weights they are computed from, folded, under them.
result = st.container()
with st.expander(t("weights", lang), icon=":material/tune:"):
    method = common.url_choice(
        "norm", list(METHODS), t("normalisation", lang), lambda m: METHODS[m][lang], horizontal=True
    )
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
                _named(indicator_id).label(lang),  # with the view's education level
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

with result:
    if not any(weights.values()):
        st.warning(t("priority_no_weight", lang))
        st.stop()
    choropleth = priority_choropleth(dataset, view, weights, method)
    used = ", ".join(
        f"{_named(i).short[lang]} {round(100 * w)} %"
        for i, w in choropleth.notes["weights"].items()
    )
    st.caption(f"{t('weights', lang)}: {used} · {METHODS[method][lang]}")
    # The map, then the ranking across the page: a column per indicator fits there whole.
    fmap = choropleth_map(choropleth, dataset, lang, source=t("priority_source", lang))
    common.show_map(fmap, key="prioridad", height=560)
    table = priority_table(choropleth, lambda i: _named(i).short[lang], lang)
    st.caption(t("priority_table_note", lang))
    common.show_table(table, numeric=table.columns[2:], height=480, key="priority_table")

st.caption(
    t("priority_method_note", lang).format(method=METHODS[method][lang].lower(), n=view.min_n)
)

# --- Riesgo de deserción por sede (issue 16) ------------------------------------------------
st.divider()
st.subheader(t("risk_title", lang))
st.markdown(f"**{t('risk_ranks_sites', lang)}**")
if dataset.is_demo:
    st.caption(t("risk_demo_note", lang))
sentence = filters_sentence(view, lang)
risk = risk_sites(dataset, view.year, dict(view.filters), view.zone)
if not risk.attrs.get("weights"):
    st.info(t("risk_none", lang).format(year=view.year))
elif risk.empty:
    st.info(t("risk_none_kept", lang))
else:
    st.markdown(t("risk_intro", lang).format(year=view.year))
    notes = [t("risk_used", lang).format(parts=weights_sentence(risk.attrs["weights"], lang))]
    if risk.attrs["dropped"]:
        dropped = ", ".join(RISK_COMPONENTS[c].name[lang] for c in risk.attrs["dropped"])
        notes.append(t("risk_dropped", lang).format(parts=dropped))
    if view.education_level:  # the index is a site's, over all its levels
        notes.append(t("risk_all_levels", lang))
    st.caption(" ".join(notes))
    high = risk[risk["band"] == "alto"]
    st.markdown(
        t("risk_summary", lang).format(
            high=format_number(len(high), 0, lang),
            total=format_number(int(risk["rank"].notna().sum()), 0, lang),
            enrolled=format_number(high[s.ENROLLED].sum(), 0, lang),
            # over the ranked sites' enrolment, as the territory indicator divides (Mapa)
            share=format_in_unit(
                high[s.ENROLLED].sum() / risk.loc[risk["rank"].notna(), s.ENROLLED].sum(),
                "percent",
                lang,
            ),
        )
    )
    # The ranking across the page (it has a column per component), the map below it.
    ranking = risk_ranking(risk, dataset, lang)
    st.caption(t("risk_table_note", lang))
    common.show_table(ranking, numeric=ranking.columns[[0, 3, 5]], height=420, key="risk_ranking")
    parts = risk_map(risk, dataset, lang, subtitle=sentence, zone=view.zone)
    common.show_map(parts, key="riesgo_sedes", height=560)
    st.download_button(
        t("risk_download", lang) + " (CSV)",
        # Made when clicked (Streamlit's deferred download), not on every run of the page.
        lambda: export_risk(dataset, view.year, "csv", lang, dict(view.filters), view.zone)[0],
        file_name=f"sedes_riesgo_{view.year}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",  # a download changes nothing on the page
    )
    command = ["python", "-m", "geo", "risk", "--year", str(view.year)]
    for column, values in view.filters:
        command += [arg for value in values for arg in ("--where", f"{column}={value}")]
    command += ["--zone", view.zone] if view.zone else []
    show_command(shlex.join([*command, "-o", f"sedes_riesgo_{view.year}.xlsx"]))
