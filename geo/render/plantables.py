"""Focalizar's tables and sentences as a planner reads them (issue 24): text in the page's
language, every number whole (the page shows them in tables that never cut a cell), the gap
between two rates in percentage points. Built here, tested without Streamlit."""

from __future__ import annotations

import pandas as pd

from geo.analysis.choropleth import Status
from geo.analysis.plan import Plan
from geo.model import schema as s
from geo.model.catalogue import Indicator
from geo.model.formatting import format_difference, format_fraction, format_number, format_value
from geo.model.i18n import t
from geo.model.interventions import RULES


def before_after_table(plan: Plan, indicator: Indicator, lang: str) -> pd.DataFrame:
    """Each territory (a zone's only) from worst after to best, then the city: the value
    before and after, the n after, the units it receives."""
    rows = plan.territories[plan.territories["status"] != Status.OUTSIDE]
    rows = rows.sort_values(["after", s.CODE], ascending=[False, True])
    n_after = f"{t('n', lang)} ({t('plan_after', lang).lower()})"
    units = plan.intervention.units[lang].capitalize()
    city = plan.city
    return pd.DataFrame(
        {
            t("territory", lang): [*rows[s.NAME], t("city", lang)],
            t("plan_before", lang): [
                format_value(v, indicator, lang) for v in [*rows["before"], city["before"]]
            ],
            t("plan_after", lang): [
                format_value(v, indicator, lang) for v in [*rows["after"], city["after"]]
            ],
            n_after: [
                format_fraction(a, b, lang) if pd.notna(a) else "—"
                for a, b in zip(
                    [*rows["after_numerator"], city["after_numerator"]],
                    [*rows["after_denominator"], city["after_denominator"]],
                    strict=True,
                )
            ],
            units: [format_number(v, 0, lang) for v in [*rows["units"], plan.totals["units_used"]]],
        }
    )


def rules_table(compared: pd.DataFrame, indicator: Indicator, lang: str) -> pd.DataFrame:
    """The two rules side by side; the gap (worst − best territory) is a difference of the
    indicator's values: in percentage points for a rate."""
    return pd.DataFrame(
        {
            t("plan_rule", lang): [RULES[r][lang] for r in compared["rule"]],
            t("plan_students_reached", lang): [
                format_number(v, 0, lang) for v in compared["students_reached"]
            ],
            t("plan_sites_reached", lang): [
                format_number(v, 0, lang) for v in compared["sites_reached"]
            ],
            t("plan_territories_reached", lang): [
                format_number(v, 0, lang) for v in compared["territories_reached"]
            ],
            t("plan_gap_before", lang): [
                format_difference(v, indicator, lang) for v in compared["gap_before"]
            ],
            t("plan_gap_after", lang): [
                format_difference(v, indicator, lang) for v in compared["gap_after"]
            ],
        }
    )


def sites_table(plan: Plan, lang: str) -> pd.DataFrame:
    """The sites that receive, in the order they receive, their need, units and students
    reached written whole in the page's language (``957``, ``1.273``)."""
    given = plan.sites[plan.sites["units"] > 0]
    whole = lambda column: [format_number(v, 0, lang) for v in given[column]]  # noqa: E731
    return pd.DataFrame(
        {
            t("plan_rank", lang): whole("rank"),
            t("plan_site", lang): given[s.SITE_NAME].to_numpy(),
            "DANE": given[s.SITE_CODE].to_numpy(),
            t("territory", lang): given["territory_name"].to_numpy(),
            t("site_barrio", lang): given["barrio_name"].to_numpy(),
            t("site_nucleo", lang): given[s.NUCLEO].to_numpy(),
            t("plan_need", lang): whole("need"),
            plan.intervention.units[lang].capitalize(): whole("units"),
            t("plan_students_reached", lang): whole("students_reached"),
        }
    )


def rule_sentences(compared: pd.DataFrame, indicator: Indicator, lang: str) -> str:
    """What the chosen rule (``compared``'s first row) favours, in one sentence, and what
    the other rule (its second row) would give for the same amount."""
    chosen = compared.iloc[0]
    text = t(f"reading_rule_favours_{chosen['rule']}", lang)
    if len(compared) < 2:
        return text
    other = compared.iloc[1]
    return (
        text
        + " "
        + t("reading_rule_instead", lang).format(
            rule=RULES[other["rule"]][lang],
            sites=format_number(other["sites_reached"], 0, lang),
            territories=format_number(other["territories_reached"], 0, lang),
            gap=format_difference(other["gap_after"], indicator, lang),
            gap_here=format_difference(chosen["gap_after"], indicator, lang),
        )
    )
