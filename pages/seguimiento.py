"""Seguimiento: are we on track to the plan's target, and did the intervention work? (issue 26)"""

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

import pages as common
from geo.analysis import evaluate as ev
from geo.analysis import targets as tg
from geo.analysis.aggregate import CITY
from geo.analysis.choropleth import filters_sentence
from geo.errors import DataError
from geo.export.followup import (
    evaluate_command,
    evaluation_json,
    evaluation_record,
    targets_command,
    tracking_csv,
    tracking_metadata,
)
from geo.export.tables import sidecar
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from geo.model.dataset import DEMO_DIR
from geo.model.i18n import t, t_n
from geo.render import followup as fr
from geo.synthetic import intervention

dataset, view = common.current()
lang = view.lang
presenting = common.presenting()
common.page_header(t("page_follow", lang), dataset, view)
st.caption(t("follow_intro", lang))
codes = tuple(dataset.territories[s.CODE].astype(str))
names = dict(zip(codes, dataset.territories[s.NAME], strict=True))
params = {key: st.query_params.get_all(key) for key in st.query_params}
subtitle = filters_sentence(view, lang)


def here() -> str:
    query = {key: st.query_params.get_all(key) for key in st.query_params}
    return urlencode(query, doseq=True)


def download(where, label: str, data: bytes, name: str, icon: str = "download") -> None:
    media = "text/csv" if name.endswith(".csv") else "application/json"
    where.download_button(label, data, name, media, icon=f":material/{icon}:", on_click="ignore")


def show_error(error: DataError) -> None:
    st.error(common.escape_markdown(error.message(lang)), icon=":material/error:")
    st.stop()


section = common.url_choice(
    "seg",
    ["metas", "evaluar"],
    t("follow_section", lang),
    lambda k: t("follow_targets" if k == "metas" else "follow_evaluation", lang),
    horizontal=True,
)
if not presenting:
    st.link_button(
        t("follow_present", lang), f"seguimiento?{here()}&present=1", icon=":material/slideshow:"
    )

# --- targets ----------------------------------------------------------------------------------
if section == "metas":
    indicator = get_indicator(view.indicator, view.education_level)
    linked, notes = tg.targets_from_query(params, codes)
    if notes:
        details = "; ".join(common.escape_markdown(f"{n.key}={n.given} → —") for n in notes)
        st.info(f"{t('view_notes', lang)} {details}", icon=":material/link_off:")
    if indicator.direction == "neutral":
        st.info(t("follow_no_direction", lang).format(indicator=indicator.label(lang)))
        st.stop()
    mine = [
        g
        for g in linked
        if (g.indicator, g.education_level) == (view.indicator, view.education_level)
    ]
    general = next((g for g in mine if not g.territory), None)
    last_year = dataset.latest_year(view.indicator, view.education_level)
    unit = "%" if indicator.unit == "percent" else indicator.label(lang)
    if presenting:
        value = general.value if general else None
        year = general.year if general else last_year + 3
    else:
        left, right, upload = st.columns([1, 1, 2])
        value = left.number_input(
            t("follow_target_value", lang).format(unit=unit),
            value=general.value if general else None,
            step=0.1,
            format="%.2f",
            key=common.widget_key(f"meta_value_{general and general.text}", lang, dataset),
        )
        year = right.number_input(
            t("follow_target_year", lang),
            min_value=last_year + 1,
            max_value=2100,
            value=max(general.year, last_year + 1) if general else last_year + 3,
            key=common.widget_key(f"meta_year_{general and general.text}", lang, dataset),
        )
        file = upload.file_uploader(
            t("follow_target_file", lang), type=["csv", "xlsx"], key="meta_file"
        )
        if file is not None and st.session_state.get("meta_file_seen") != file.file_id:
            try:
                for target in tg.read_targets(file.getvalue(), file.name, codes):
                    st.query_params[target.key] = target.text
                st.session_state["meta_file_seen"] = file.file_id
                st.rerun()
            except DataError as error:
                show_error(error)
    key = tg.Target(view.indicator, 0, 0, view.education_level).key
    if value is None:
        st.query_params.pop(key, None)
        st.info(t("follow_set_target", lang), icon=":material/flag:")
        st.stop()
    target = tg.Target(view.indicator, float(value), int(year), view.education_level)
    if st.query_params.get(key) != target.text:
        st.query_params[key] = target.text
    try:
        tracking = tg.track(dataset, target, view.filter_dict, overrides=mine)
    except DataError as error:
        show_error(error)
    st.subheader(fr.target_sentence(tracking, lang))
    st.caption(fr.counts_sentence(tracking, lang))
    map_column, chart_column = st.columns([1, 1], gap="medium")
    with map_column:
        parts = fr.status_map(tracking, dataset, lang, subtitle=subtitle)
        common.show_map(parts, key="seguimiento_estado", height=520)
        st.html(fr.status_key(tracking, lang))  # on a phone, whose map legend opens folded
    with chart_column:
        areas = [CITY, *[c for c in fr.by_gap(tracking)[s.CODE]]]
        label = {CITY: t("city", lang), **names}
        area = (
            st.query_params.get("meta_area", CITY)
            if presenting
            else common.url_choice("meta_area", areas, t("follow_area", lang), label.get)
        )
        area = area if area in areas else CITY
        st.vega_lite_chart(fr.trajectory_chart(tracking, area, label[area], lang), height=380)
        for sentence in fr.too_few_years(tracking, lang):
            st.caption(sentence)
    table = fr.status_table(tracking, lang)
    common.show_table(table, numeric=table.columns[2:], height=420, key="follow_status_table")
    with st.expander(t("follow_rule_title", lang), expanded=not presenting):
        st.markdown(fr.rule_text(tracking, lang))
    if presenting:
        st.stop()
    stem = f"metas_{indicator.id}_{target.year}"
    one, two = st.columns(2)
    download(one, t("follow_download_targets", lang), tracking_csv(tracking, lang), f"{stem}.csv")
    meta = sidecar(tracking_metadata(tracking, dataset, lang, view.filter_dict))
    download(two, t("plan_metadata", lang), meta, f"{stem}.metadata.json", "description")
    st.caption(t("follow_cli", lang))
    command = targets_command(target, view.education_level, f"{stem}.csv")
    st.code(command, language="bash", wrap_lines=True)
    st.stop()

# --- evaluation -------------------------------------------------------------------------------
demo_file = DEMO_DIR / intervention.FILE
sources = (["demo"] if dataset.is_demo and demo_file.exists() else []) + ["file", "plan", "switch"]
left, middle, right = st.columns([2, 1, 1])
with left:
    source = common.url_choice(
        "eval_src",
        sources,
        t("follow_treated_source", lang),
        lambda k: t(f"follow_source_{k}", lang),
    )
outcomes = [i for i in ev.OUTCOMES if i in dataset.available_indicators()]
with middle:
    outcome = common.url_choice(
        "eval_out", outcomes, t("follow_outcome", lang), lambda i: get_indicator(i).label(lang)
    )
excluded: set = set()
if source == "demo":
    treated = ev.read_treated(demo_file.read_bytes(), demo_file.name)
elif source in ("switch", "plan"):
    with right:
        since = common.url_choice(
            "eval_year", list(dataset.years[1:]), t("follow_treatment_year", lang), default=2021
        )
    if source == "switch":
        treated, excluded = ev.treated_from_switch(dataset.facts, s.BROADBAND, int(since))
    else:
        from geo.analysis.plan import inputs_from_query, make_plan

        st.caption(t("follow_plan_hint", lang))
        plan = make_plan(dataset, view, inputs_from_query(params, codes)[0])
        treated = ev.treated_from_codes(plan.sites.loc[plan.sites["units"] > 0, s.SITE_CODE], since)
else:
    file = st.file_uploader(t("follow_treated_file", lang), type=["csv", "xlsx"], key="eval_file")
    if file is None:
        st.stop()
    try:
        treated = ev.read_treated(file.getvalue(), file.name)
    except DataError as error:
        show_error(error)
cohorts = sorted(int(y) for y in treated[ev.TREATMENT_YEAR].unique())
cohort = None
if len(cohorts) > 1:
    with right:
        cohort = common.url_choice("eval_cohort", cohorts, t("follow_cohort", lang))
try:
    result = ev.evaluate_dataset(
        dataset, treated, outcome, "", view.filter_dict, cohort=cohort, exclude=sorted(excluded)
    )
except DataError as error:
    show_error(error)
effect, low, n_t, n_c = st.columns([1, 1.6, 1, 1])
effect.metric(t("follow_effect", lang), fr.effect_text(result.effect, result, lang))
low.metric(t("follow_effect_ci", lang), fr.interval_text(result, lang))
n_t.metric(t("follow_treated_n", lang), result.n_treated)
n_c.metric(t("follow_comparison_n", lang), result.n_comparison)
st.caption(fr.method_text(result, lang))
chart, words = st.columns([3, 2], gap="medium")
chart.vega_lite_chart(fr.event_chart(result, lang), height=380)
with words:
    st.markdown(f"**{t('follow_pretrend', lang)}.** {fr.pretrend_text(result, lang)}")
    st.markdown(f"**{t('follow_reading_title', lang)}.** {fr.reading(result, lang)}")
    st.markdown(t("follow_does_not_prove", lang))
    if result.n_left_out or result.n_unknown:
        st.caption(t_n("follow_left_out", result.n_left_out, lang, unknown=result.n_unknown))
truth = None
if source == "demo" and outcome == "dropout" and not view.filters:
    listing = pd.read_csv(demo_file, dtype={s.SITE_CODE: str})
    facts = dataset.facts[[s.SITE_CODE, s.YEAR, s.ENROLLED]].astype({s.SITE_CODE: str})
    truth = intervention.true_effect(facts, listing)
    st.info(fr.truth_text(truth, result, lang), icon=":material/science:")
if presenting:
    st.stop()
record = evaluation_record(
    result, dataset, lang, treated_source=source, filters=view.filter_dict, truth=truth
)
stem = f"efecto_{outcome}_{result.cohort}"
download(st, t("follow_download_effect", lang), evaluation_json(record), f"{stem}.json")
st.caption(t("follow_cli", lang))
treated_arg = demo_file.name if source == "demo" else "sedes.csv"
command = evaluate_command(treated_arg, outcome, cohort, f"{stem}.json")
st.code(command, language="bash", wrap_lines=True)
