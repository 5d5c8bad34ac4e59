"""Focalizar: plan an intervention — with what we have, who gets it first, and how much the gap
closes (issue 17). A simulation, never an official allocation."""

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

import pages as common
from geo.analysis.choropleth import Status, filters_sentence
from geo.analysis.plan import (
    MAX_UNITS,
    PLAN_KEYS,
    PlanInputs,
    before_after_maps,
    compare_rules,
    inputs_from_query,
    make_plan,
    map_view,
    missing_columns,
    plan_change,
    worst_after,
)
from geo.export import MEDIA_TYPES
from geo.export.plan import PLAN_SUFFIXES, export_plan, plan_command, plan_metadata
from geo.export.tables import sidecar
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from geo.model.formatting import format_fraction, format_in_unit, format_number, format_value
from geo.model.i18n import t
from geo.model.interventions import INTERVENTIONS, RULES, STUDENTS_PER_COMPUTER_RANGE
from geo.render.basemap import add_basemap
from geo.render.comparemaps import build_change_map
from geo.render.display import map_geometry
from geo.render.maps import choropleth_map

dataset, view = common.current()
lang = view.lang
common.page_header(t("page_plan", lang), dataset, view)
st.warning(t("plan_banner", lang), icon=":material/science:")

codes = tuple(dataset.territories[s.CODE].astype(str))
names = dict(zip(codes, dataset.territories[s.NAME], strict=True))
params = {key: st.query_params.get_all(key) for key in st.query_params}
link, link_notes = inputs_from_query(params, codes)
if link_notes:
    details = "; ".join(
        common.escape_markdown(f"{f.key}={f.given} → {f.used or '—'}") for f in link_notes
    )
    st.info(f"{t('view_notes', lang)} {details}", icon=":material/link_off:")
available = [i for i, iv in INTERVENTIONS.items() if not missing_columns(dataset, iv)]
if not available:
    st.info(t("plan_no_data", lang))
    st.stop()


def url_number(
    key: str,
    label: str,
    value: float,
    low: float,
    high: float,
    *,
    unset: float | None = None,
    widget: str | None = None,
    **options,
) -> float:
    """A number the link holds under ``key``, left out of it while it equals ``unset``; the
    widget's identity is ``widget`` (a new widget, from the link's value, when it changes)."""
    chosen = st.number_input(
        label,
        min_value=low,
        max_value=high,
        value=value,
        key=common.widget_key(f"url_{widget or key}", lang),
        **options,
    )
    if chosen == unset:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != f"{chosen:.15g}":
        st.query_params[key] = f"{chosen:.15g}"
    return chosen


def choose_inputs() -> PlanInputs:
    """The plan's inputs from the widgets, each starting from the link and written back to it."""
    what, how = st.columns([3, 2], gap="medium")
    with what:
        intervention = INTERVENTIONS[
            common.url_choice(
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
        rule = common.url_choice(
            PLAN_KEYS["rule"], list(RULES), t("plan_rule", lang), lambda r: RULES[r][lang]
        )

    by_budget = link.budget is not None
    mode_col, amount_col, cost_col, cap_col, norm_col = st.columns([1.3, 1, 1, 1, 1])
    with mode_col:
        mode = common.url_choice(
            "amount",
            ["units", "budget"],
            t("plan_amount_in", lang),
            lambda m: t(f"plan_amount_{m}", lang),
            default="budget" if by_budget else "units",
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
            amount = None
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
            budget = None
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
    with norm_col:
        norm = link.norm
        if intervention.id == "school_computers":
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
        list(codes),
        default=list(link.territories),
        format_func=names.get,
        key=common.widget_key("url_terr", lang, dataset),
        placeholder=t("all", lang),
    )
    if territories:
        st.query_params[PLAN_KEYS["territories"]] = territories
    else:
        st.query_params.pop(PLAN_KEYS["territories"], None)
    eligible = "plan_eligible" if view.filters or view.zone else "plan_eligible_all"
    st.caption(t(eligible, lang).format(filters=filters_sentence(view, lang), year=view.year))

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


presenting = common.presenting()
if presenting:  # a meeting: the link's plan, no controls (Esc leaves, as on Presentar)
    inputs = link
    st.subheader(INTERVENTIONS[inputs.intervention].label(lang))
    st.caption(
        t("plan_eligible" if view.filters or view.zone else "plan_eligible_all", lang).format(
            filters=filters_sentence(view, lang), year=view.year
        )
    )
else:
    inputs = choose_inputs()
    here = {key: st.query_params.get_all(key) for key in st.query_params}
    st.link_button(
        t("plan_present", lang),
        "focalizar?" + urlencode({**here, "present": ["1"]}, doseq=True),
        icon=":material/slideshow:",
    )
intervention, rule = INTERVENTIONS[inputs.intervention], inputs.rule
plan = make_plan(dataset, view, inputs)
totals = plan.totals
indicator = get_indicator(intervention.shows)

# --- totals -----------------------------------------------------------------------------------
used, reached, cost, share = st.columns(4)
used.metric(
    t("plan_units_used", lang).format(units=intervention.units[lang]),
    format_number(totals["units_used"], 0, lang),
    help=t("plan_units_used_help", lang).format(
        amount=format_number(totals["amount"], 0, lang),
        need=format_number(totals["need"], 0, lang),
    ),
)
reached.metric(t("plan_students_reached", lang), format_number(totals["students_reached"], 0, lang))
cost.metric(
    t("plan_cost_millions", lang),
    format_number(totals["cost"] / 1e6, 0, lang),
    help="$ " + format_number(totals["cost"], 0, lang),
)
share.metric(
    t("plan_share_met", lang),
    format_in_unit(totals["share_met"], "percent", lang),
    help=format_fraction(totals["units_used"], totals["need"], lang),
)
st.caption(
    t("plan_reach_sentence", lang).format(
        sites=format_number(totals["sites_reached"], 0, lang),
        eligible=format_number(totals["sites_eligible"], 0, lang),
        territories=format_number(totals["territories_reached"], 0, lang),
    )
    + " "
    + t("plan_assumption", lang)
)
# Wrong or odd amounts say what happened instead of showing a plan of zeros or a silent cut.
if totals["amount"] <= 0:
    st.warning(t("plan_nothing_to_give", lang), icon=":material/warning:")
elif totals["amount"] > totals["need"]:
    st.info(
        t("plan_more_than_need", lang).format(
            amount=format_number(totals["amount"], 0, lang),
            need=format_number(totals["need"], 0, lang),
            left=format_number(totals["amount"] - totals["need"], 0, lang),
        ),
        icon=":material/info:",
    )

# --- before -> after --------------------------------------------------------------------------
before, after = before_after_maps(dataset, view, plan)
geometry = map_geometry(dataset, "territorio")
shown = map_view(view, plan)
source = f"{dataset.source_line} · {t('plan_simulation', lang)}"
map_mode = (
    ("pair" if st.query_params.get("pmap") == "pair" else "change")
    if presenting
    else common.url_choice(
        "pmap",
        ["change", "pair"],
        t("plan_map_mode", lang),
        lambda m: t(f"plan_map_{m}", lang),
        horizontal=True,
    )
)
if map_mode == "pair":  # two maps across the page, the table under them
    map_column, table_column = st.container(), st.container()
else:
    map_column, table_column = st.columns([1, 1], gap="medium")
with map_column:
    if intervention.moves is None:
        st.info(t("plan_moves_nothing", lang).format(indicator=indicator.label(lang)))
    if map_mode == "change":
        parts = build_change_map(
            plan_change(before, after),
            lang,
            subtitle=f"{filters_sentence(shown, lang)} · {t('plan_simulation', lang)}",
            demo=dataset.is_demo,
            source=source,
            geometry=geometry,
            title=f"{indicator.label(lang)}: {t('plan_before_after', lang).lower()}",
            moments=(t("plan_before", lang), t("plan_after", lang)),
        )
        add_basemap(parts.base, view.basemap, lang)
        common.show_map(parts, key="focalizar_cambio", height=560)
    else:
        left, right = st.columns(2)
        for where, choropleth, word in ((left, before, "before"), (right, after, "after")):
            with where:
                st.markdown(f"**{t(f'plan_{word}', lang)}**")
                parts = choropleth_map(choropleth, dataset, lang, source=source)
                common.show_map(parts, key=f"focalizar_{word}", height=480)
        st.caption(t("plan_same_classes", lang))
with table_column:
    rows = plan.territories[plan.territories["status"] != Status.OUTSIDE]  # a zone's only
    rows = rows.sort_values(["after", s.CODE], ascending=[False, True])
    n_word = t("n", lang)
    table = pd.DataFrame(
        {
            t("territory", lang): rows[s.NAME],
            t("plan_before", lang): [format_value(v, indicator, lang) for v in rows["before"]],
            t("plan_after", lang): [format_value(v, indicator, lang) for v in rows["after"]],
            f"{n_word} ({t('plan_after', lang).lower()})": [
                format_fraction(a, b, lang) if pd.notna(a) else "—"
                for a, b in zip(rows["after_numerator"], rows["after_denominator"], strict=True)
            ],
            intervention.units[lang].capitalize(): [
                format_number(v, 0, lang) for v in rows["units"]
            ],
        }
    )
    city = plan.city
    city_row = {
        t("territory", lang): t("city", lang),
        t("plan_before", lang): format_value(city["before"], indicator, lang),
        t("plan_after", lang): format_value(city["after"], indicator, lang),
        f"{n_word} ({t('plan_after', lang).lower()})": format_fraction(
            city["after_numerator"], city["after_denominator"], lang
        ),
        intervention.units[lang].capitalize(): format_number(totals["units_used"], 0, lang),
    }
    table = pd.concat([table, pd.DataFrame([city_row])], ignore_index=True)
    st.markdown(f"**{indicator.label(lang)}: {t('plan_before_after', lang).lower()}**")
    st.dataframe(table, hide_index=True, width="stretch", height=420)
    worst = worst_after(plan)
    if len(worst):
        listed = ", ".join(
            f"{common.escape_markdown(row[s.NAME])} ({format_value(row['after'], indicator, lang)})"
            for row in worst.to_dict("records")
        )
        st.markdown(f"**{t('plan_still_worst', lang)}:** {listed}")

# --- two rules side by side -------------------------------------------------------------------
st.subheader(t("plan_compare_rules", lang))
others = [r for r in RULES if r != rule]
default_other = "equity" if rule != "equity" else "need"
if presenting:
    other = st.query_params.get("rule2") if st.query_params.get("rule2") in others else None
    other = other or default_other
else:
    other = common.url_choice(
        "rule2",
        others,
        t("plan_other_rule", lang),
        lambda r: RULES[r][lang],
        default=default_other,
        horizontal=True,
    )
compared = compare_rules(dataset, view, inputs, other)
st.dataframe(
    pd.DataFrame(
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
                format_value(v, indicator, lang) for v in compared["gap_before"]
            ],
            t("plan_gap_after", lang): [
                format_value(v, indicator, lang) for v in compared["gap_after"]
            ],
        }
    ),
    hide_index=True,
    width="stretch",
)
st.caption(t("plan_gap_note", lang))

# --- the list of sites, and its files ---------------------------------------------------------
st.subheader(t("plan_sites", lang))
given = plan.sites[plan.sites["units"] > 0]
st.dataframe(
    pd.DataFrame(
        {
            t("plan_rank", lang): given["rank"],
            t("plan_site", lang): given[s.SITE_NAME],
            "DANE": given[s.SITE_CODE],
            t("territory", lang): given["territory_name"],
            t("site_barrio", lang): given["barrio_name"],
            t("site_nucleo", lang): given[s.NUCLEO],
            t("plan_need", lang): given["need"],
            intervention.units[lang].capitalize(): given["units"],
            t("plan_students_reached", lang): given["students_reached"],
        }
    ),
    hide_index=True,
    width="stretch",
    height=min(360, 38 + 35 * max(len(given), 1)),  # no empty rows under a short list
)
if presenting:
    st.stop()  # the files and the command line are for the desk, not the meeting
stem = f"plan_{intervention.id}_{rule}_{view.year}"
labels = {
    "csv": t("export_csv", lang),
    "csv-excel-es": t("export_csv_excel_es", lang),
    "xlsx": "XLSX",
    "geojson": "GeoJSON",
}
for where, fmt in zip(st.columns(len(labels) + 1), [*labels, "json"], strict=True):
    if fmt == "json":
        where.download_button(
            t("plan_metadata", lang),
            lambda: sidecar(plan_metadata(plan, dataset, lang)),
            f"{stem}.metadata.json",
            MEDIA_TYPES[".json"],
            icon=":material/description:",
            on_click="ignore",
        )
        continue
    suffix = PLAN_SUFFIXES[fmt]
    where.download_button(
        labels[fmt],
        lambda fmt=fmt: export_plan(plan, dataset, fmt, lang),
        stem + ("_excel-es" if fmt == "csv-excel-es" else "") + suffix,
        MEDIA_TYPES[suffix],
        icon=":material/download:",
        on_click="ignore",
    )
# The sidebar's share link carries the view; this one carries the plan too.
here = {key: st.query_params.get_all(key) for key in st.query_params}
st.caption(t("plan_link", lang))
st.code(
    f"{(st.context.url or '').split('?')[0]}?{urlencode(here, doseq=True)}",
    language=None,
    wrap_lines=True,
)
st.caption(t("plan_cli", lang))
st.code(plan_command(plan, "csv", f"{stem}.csv"), language="bash", wrap_lines=True)
