"""Metodología: every indicator's definition, formula, unit and source, from the catalogue."""

import streamlit as st

import pages as common
from geo.analysis.priority import DEFAULT_WEIGHTS, METHODS, PRIORITY
from geo.analysis.risk import COMPONENTS as RISK_COMPONENTS
from geo.analysis.risk import NORMALISATION as RISK_NORMALISATION
from geo.analysis.risk import validate as validate_risk
from geo.analysis.targets import MIN_YEARS
from geo.io.sources import method_lines
from geo.model.catalogue import (
    EDUCATION_LEVEL_NAMES,
    INDICATORS,
    SCHEME_NAMES,
    Indicator,
    formula,
    get_indicator,
)
from geo.model.formatting import format_in_unit, format_number, unit_label
from geo.model.i18n import t
from geo.model.interventions import INTERVENTIONS, RULE_EXPLAINED, RULES
from geo.model.view import DEFAULT_MIN_N, LEVEL_NAMES
from geo.render.risk import validation_table
from geo.synthetic import intervention as programme

dataset, view = common.current()
lang = view.lang

common.page_header(t("page_method", lang), dataset, view)
st.markdown(t("method_intro", lang))


def education_levels(indicator: Indicator, lang: str) -> str:
    """``Todos los niveles; también transición, primaria… (Σ desertores_media / …)``."""
    if not indicator.education_levels:
        return EDUCATION_LEVEL_NAMES[""][lang]
    names = ", ".join(EDUCATION_LEVEL_NAMES[lv][lang].lower() for lv in indicator.education_levels)
    last = get_indicator(indicator.id, indicator.education_levels[-1])
    return t("method_levels_line", lang).format(levels=names, formula=formula(last, lang))


st.subheader(t("method_education_levels", lang))
st.markdown(t("method_education_levels_text", lang))

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
                f"- **{t('education_level', lang)}:** {education_levels(indicator, lang)}",
                f"- **{t('source', lang)}:** {indicator.source[lang]}",
                *method_lines(indicator.id, lang),  # issue 23: whom the official data count
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

# --- Riesgo de deserción por sede (issue 16) ------------------------------------------------
st.subheader(t("risk_title", lang))
st.markdown(f"{t('risk_definition', lang)} **{t('risk_ranks_sites', lang)}**")
st.markdown(
    t("risk_method_components", lang)
    + "\n"
    + "\n".join(
        f"- **{c.name[lang]}**: `Σ {c.numerator} / Σ {c.denominator}`"
        + (f" ({c.window} {t('risk_years', lang)})" if c.window > 1 else "")
        + f" — {round(100 * c.weight)} %"
        for c in RISK_COMPONENTS
    )
)
st.markdown(t("risk_method_body", lang).format(normalisation=RISK_NORMALISATION[lang]))
# The check is computed now, on the data shown, never written in by hand.
figures = dataset.remember(("risk_validation",), lambda: validate_risk(dataset.facts))
data_name = t("risk_demo_data" if dataset.is_demo else "risk_this_data", lang)
st.markdown(t("risk_validation_intro", lang).format(data=data_name))
if figures.empty:
    st.info(t("risk_validation_none", lang))
else:
    st.dataframe(validation_table(figures, lang), hide_index=True, key="risk_validation")
    st.markdown(
        t("risk_validation_summary", lang).format(
            rho=format_number(figures["spearman"].mean(), 2, lang),
            caught=format_in_unit(figures["dropouts_caught"].mean(), "percent", lang),
            enrolment=format_in_unit(figures["enrolment_share"].mean(), "percent", lang),
        )
    )

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

# Red escolar (issue 18): projection, gap sign, straight-line distance, catchments.
st.subheader(t("page_network", lang))
st.markdown(t("network_method", lang))

# Seguimiento (issue 26): targets, their status rule, and the evaluation of an intervention.
st.subheader(t("page_follow", lang))
st.markdown(t("follow_method_targets", lang).format(min_years=MIN_YEARS))
st.markdown(t("follow_method_status", lang).format(min_years=MIN_YEARS))
st.markdown(t("follow_method_evaluation", lang))
st.markdown(t("follow_does_not_prove", lang))
st.markdown(
    t("follow_method_demo", lang).format(
        sites=programme.TREATED_SITES,
        year=programme.START_YEAR,
        share=f"{format_number(100 * programme.EFFECT, 0, lang)} %",
    )
)
