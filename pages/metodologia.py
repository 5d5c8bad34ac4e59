"""Metodología: every indicator's definition, formula, unit and source, from the catalogue."""

import streamlit as st

import pages as common
from geo.analysis.priority import DEFAULT_WEIGHTS, METHODS, PRIORITY
from geo.model.catalogue import INDICATORS, SCHEME_NAMES, formula
from geo.model.formatting import unit_label
from geo.model.i18n import t
from geo.model.interventions import INTERVENTIONS, RULE_EXPLAINED, RULES
from geo.model.view import DEFAULT_MIN_N, LEVEL_NAMES

dataset, view = common.current()
lang = view.lang

common.page_header(t("page_method", lang), dataset, view)
st.markdown(t("method_intro", lang))

for indicator in INDICATORS.values():
    st.subheader(indicator.label(lang))
    direction = t(indicator.direction, lang) or t("no_direction", lang)
    st.markdown(
        "\n".join(
            [
                f"- **{t('definition', lang)}:** {indicator.definition[lang]}",
                f"- **{t('formula', lang)}:** `{formula(indicator, lang)}`",
                f"- **{t('unit', lang)}:** {unit_label(indicator, lang)}",
                f"- **{t('direction', lang)}:** {direction}",
                f"- **{t('levels', lang)}:** "
                + ", ".join(LEVEL_NAMES[lv][lang] for lv in indicator.levels),
                f"- **{t('source', lang)}:** {indicator.source[lang]}",
                f"- **Id:** `{indicator.id}`",
            ]
        )
    )

st.subheader(t("classification_methods", lang))
st.markdown(
    "\n".join(f"- **{names[lang]}** (`{scheme}`)" for scheme, names in SCHEME_NAMES.items())
)
st.markdown(t("classification_explained", lang))
st.markdown(t("small_sample_explained", lang).format(n=DEFAULT_MIN_N))

st.subheader(t("page_compare", lang))
st.markdown(t("compare_explained", lang))

st.subheader(PRIORITY.label(lang))
st.markdown(t("priority_explained", lang))
st.markdown(
    "\n".join(
        f"- {INDICATORS[i].label(lang)}: {round(100 * w)} %" for i, w in DEFAULT_WEIGHTS.items()
    )
)
st.markdown("\n".join(f"- **{names[lang]}** (`{method}`)" for method, names in METHODS.items()))

# Focalizar (issue 17): each rule and each intervention's need and "after", from the catalogue.
st.subheader(t("page_plan", lang))
st.markdown(t("plan_method_intro", lang))
st.markdown(
    "\n".join(
        f"- **{RULES[rule][lang]}** (`{rule}`): {text[lang]}"
        for rule, text in RULE_EXPLAINED.items()
    )
)
st.markdown(t("plan_ties", lang) + " " + t("plan_assumption", lang))
for intervention in INTERVENTIONS.values():
    st.markdown(
        "\n".join(
            [
                f"**{intervention.label(lang)}** (`{intervention.id}`)",
                f"- **{t('plan_unit', lang)}:** {intervention.unit[lang]}",
                f"- **{t('plan_need', lang)}:** {intervention.need[lang]} "
                f"`{intervention.need_formula[lang]}`",
                f"- **{t('plan_after', lang)}:** "
                + (
                    f"`{intervention.after[lang]}`"
                    if intervention.moves
                    else intervention.after[lang]
                ),
                f"- **{t('plan_students_reached', lang)}:** {intervention.reached[lang]}",
            ]
        )
    )
st.caption(t("plan_unit_cost_help", lang))
