"""Focalizar: plan an intervention — with what we have, who gets it first, and how much the gap
closes (issue 17). A simulation, never an official allocation."""

from urllib.parse import urlencode

import streamlit as st

import pages as common
from geo.analysis.choropleth import filters_sentence
from geo.analysis.plan import (
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
from geo.export.plan import PLAN_SUFFIXES, export_plan, plan_command, plan_metadata, plan_stem
from geo.export.tables import sidecar
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from geo.model.formatting import format_fraction, format_in_unit, format_number, format_value
from geo.model.i18n import t
from geo.model.interventions import INTERVENTIONS, RULES
from geo.render.basemap import add_basemap
from geo.render.comparemaps import build_change_map, change_key
from geo.render.display import map_geometry
from geo.render.maps import choropleth_map
from geo.render.plantables import before_after_table, rule_sentences, rules_table, sites_table
from pages._shell.downloads import download_files, show_command
from pages._shell.planform import eligible_caption, plan_form

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

presenting = common.presenting()
if presenting:  # a meeting: the link's plan, no controls (Esc leaves, as on Presentar)
    inputs = link
    st.subheader(INTERVENTIONS[inputs.intervention].label(lang))
    st.caption(eligible_caption(view, lang))
else:
    inputs = plan_form(dataset, view, link, available, names)
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

# --- what the rule favours, and what the other rule would give (before the result) ----------
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
st.info(rule_sentences(compared, indicator, lang), icon=":material/balance:")

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

# --- before -> after: the map across the page, the table under it -----------------------------
before, after = before_after_maps(dataset, view, plan)
source = f"{dataset.source_text(lang)} · {t('plan_simulation', lang)}"
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
if intervention.moves is None:
    st.info(t("plan_moves_nothing", lang).format(indicator=indicator.label(lang)))
if map_mode == "change":
    change = plan_change(before, after)
    parts = build_change_map(
        change,
        lang,
        subtitle=filters_sentence(map_view(view, plan), lang),
        demo=dataset.is_demo,
        source=source,
        geometry=map_geometry(dataset, "territorio"),
        title=f"{indicator.label(lang)}: {t('plan_before_after', lang).lower()}",
        moments=(t("plan_before", lang), t("plan_after", lang)),
    )
    add_basemap(parts.base, view.basemap, lang)
    common.show_map(parts, key="focalizar_cambio", height=520)
    st.html(change_key(change, lang))  # on a phone, whose map legend opens folded
else:
    left, right = st.columns(2)
    for where, choropleth, word in ((left, before, "before"), (right, after, "after")):
        with where:
            st.markdown(f"**{t(f'plan_{word}', lang)}**")
            parts = choropleth_map(choropleth, dataset, lang, source=source)
            common.show_map(parts, key=f"focalizar_{word}", height=480)
    st.caption(t("plan_same_classes", lang))
st.markdown(f"**{indicator.label(lang)}: {t('plan_before_after', lang).lower()}**")
table = before_after_table(plan, indicator, lang)
common.show_table(table, numeric=table.columns[1:], height=420, total_last=True, key="plan_ba")
worst = worst_after(plan)
if len(worst):
    listed = ", ".join(
        f"{common.escape_markdown(row[s.NAME])} ({format_value(row['after'], indicator, lang)})"
        for row in worst.to_dict("records")
    )
    st.markdown(f"**{t('plan_still_worst', lang)}:** {listed}")

# --- two rules side by side -------------------------------------------------------------------
st.subheader(t("plan_compare_rules", lang))
rules = rules_table(compared, indicator, lang)
common.show_table(rules, numeric=rules.columns[1:], key="plan_rules")
st.caption(t("reading_gap_pp_note", lang))

# --- the list of sites, and its files ---------------------------------------------------------
st.subheader(t("plan_sites", lang))
sites = sites_table(plan, lang)
numbers = [sites.columns[0], *sites.columns[-3:]]
common.show_table(sites, numeric=numbers, height=360, key="plan_sites")
if presenting:
    st.stop()  # the files and the command line are for the desk, not the meeting
stem = plan_stem(plan)
files = [
    (
        t("plan_metadata", lang) if fmt == "json" else label,
        (lambda: sidecar(plan_metadata(plan, dataset, lang)))
        if fmt == "json"
        else (lambda fmt=fmt: export_plan(plan, dataset, fmt, lang)),
        f"{stem}.metadata.json"
        if fmt == "json"
        else stem + ("_excel-es" if fmt == "csv-excel-es" else "") + PLAN_SUFFIXES[fmt],
        MEDIA_TYPES[".json" if fmt == "json" else PLAN_SUFFIXES[fmt]],
    )
    for fmt, label in (
        ("csv", t("export_csv", lang)),
        ("csv-excel-es", t("export_csv_excel_es", lang)),
        ("xlsx", "XLSX"),
        ("geojson", "GeoJSON"),
        ("json", ""),
    )
]
download_files(t("reading_plan_download", lang), files, key="plan_download", folded=False)
# The sidebar's share link carries the view; this one carries the plan too.
here = {key: st.query_params.get_all(key) for key in st.query_params}
st.caption(t("plan_link", lang))
show_command(f"{(st.context.url or '').split('?')[0]}?{urlencode(here, doseq=True)}")
st.caption(t("plan_cli", lang))
show_command(plan_command(plan, "csv", f"{stem}.csv"))
