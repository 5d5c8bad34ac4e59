"""Focalizar's form: the plan's inputs as widgets, each starting from the link and written
back to it (issue 17), so that a link reproduces the plan."""

from __future__ import annotations

import streamlit as st

from geo.analysis.choropleth import filters_sentence
from geo.analysis.plan import MAX_UNITS, PLAN_KEYS, PlanInputs
from geo.model.dataset import Dataset
from geo.model.formatting import format_number
from geo.model.i18n import t
from geo.model.interventions import INTERVENTIONS, RULES, STUDENTS_PER_COMPUTER_RANGE
from geo.model.view import View
from pages._shell.runtime import widget_key
from pages._shell.sidebar import url_choice, url_number


def eligible_caption(view: View, lang: str) -> str:
    """Which sites take part: the view's filters and year, or all that report."""
    key = "plan_eligible" if view.filters or view.zone else "plan_eligible_all"
    return t(key, lang).format(filters=filters_sentence(view, lang), year=view.year)


def plan_form(
    dataset: Dataset, view: View, link: PlanInputs, available: list[str], names: dict
) -> PlanInputs:
    """The plan's inputs from the widgets: intervention and rule, the amount (units or a
    budget), the unit cost, the cap per site, the norm, the territories."""
    lang = view.lang
    what, how = st.columns([3, 2], gap="medium")
    with what:
        intervention = INTERVENTIONS[
            url_choice(
                PLAN_KEYS["intervention"],
                available,
                t("plan_intervention", lang),
                lambda i: INTERVENTIONS[i].label(lang),
                default=link.intervention,
            )
        ]
        st.caption(
            f"{t('plan_unit', lang)}: **{intervention.unit[lang]}** · {intervention.need[lang]}"
        )
    with how:
        rule = url_choice(
            PLAN_KEYS["rule"], list(RULES), t("plan_rule", lang), lambda r: RULES[r][lang]
        )
    mode_col, amount_col, cost_col, cap_col, norm_col = st.columns([1.3, 1, 1, 1, 1])
    with mode_col:
        mode = url_choice(
            "amount",
            ["units", "budget"],
            t("plan_amount_in", lang),
            lambda m: t(f"plan_amount_{m}", lang),
            default="budget" if link.budget is not None else "units",
            horizontal=True,
        )
    with cost_col:
        unit_cost = url_number(
            PLAN_KEYS["unit_cost"],
            t("plan_unit_cost", lang),
            int(link.unit_cost or intervention.unit_cost),
            1,
            10**12,
            step=10_000,
            unset=intervention.unit_cost,
            widget=f"cost_{intervention.id}",
            help=t("plan_unit_cost_help", lang),
        )
    amount = budget = None
    with amount_col:
        if mode == "budget":
            budget = url_number(
                PLAN_KEYS["budget"],
                t("plan_budget", lang),
                int(link.budget or intervention.default_amount * unit_cost),
                0,
                10**15,
                step=1_000_000,
                widget=f"budget_{intervention.id}",
            )
            st.query_params.pop(PLAN_KEYS["amount"], None)
            st.caption(
                t("plan_budget_buys", lang).format(
                    budget=format_number(budget, 0, lang),
                    n=format_number(budget // unit_cost, 0, lang),
                    units=intervention.units[lang],
                )
            )
        else:
            amount = url_number(
                PLAN_KEYS["amount"],
                t("plan_units", lang).format(units=intervention.units[lang]),
                link.amount
                if link.intervention == intervention.id
                else intervention.default_amount,
                0,
                MAX_UNITS,
                step=100,
                widget=f"units_{intervention.id}",
            )
            st.query_params.pop(PLAN_KEYS["budget"], None)
    with cap_col:
        cap = url_number(
            PLAN_KEYS["cap"],
            t("plan_cap", lang),
            link.cap,
            0,
            MAX_UNITS,
            step=1,
            unset=0,
            help=t("plan_cap_help", lang),
        )
    norm = link.norm
    if intervention.id == "school_computers":
        with norm_col:
            norm = url_number(
                PLAN_KEYS["norm"],
                t("plan_norm", lang),
                link.norm,
                *STUDENTS_PER_COMPUTER_RANGE,
                step=1,
                unset=5,
            )
    territories = st.multiselect(
        t("plan_territories", lang),
        list(names),
        default=list(link.territories),
        format_func=names.get,
        key=widget_key("url_terr", lang, dataset),
        placeholder=t("all", lang),
    )
    if territories:
        st.query_params[PLAN_KEYS["territories"]] = territories
    else:
        st.query_params.pop(PLAN_KEYS["territories"], None)
    st.caption(eligible_caption(view, lang))
    return PlanInputs(
        intervention.id,
        amount=None if amount is None else int(amount),
        rule=rule,
        cap=int(cap),
        norm=int(norm),
        unit_cost=None if unit_cost == intervention.unit_cost else float(unit_cost),
        budget=None if budget is None else float(budget),
        territories=tuple(territories),
    )
