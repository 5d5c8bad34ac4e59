"""Seguimiento drawn (issue 26): the status map, a territory's series against its target, the
event study, and the evaluation's reading in the reader's language."""

from __future__ import annotations

import pandas as pd

from geo.analysis.aggregate import CITY
from geo.analysis.evaluate import Evaluation
from geo.analysis.targets import (
    MIN_YEARS,
    NO_DATA,
    STATUS_COLORS,
    STATUS_NAMES,
    STATUSES,
    Tracking,
    by_gap,
)
from geo.model import schema as s
from geo.model.dataset import Dataset
from geo.model.formatting import format_number, format_value
from geo.model.i18n import t, t_n
from geo.render.charts import NUMBER_LOCALE, format_change, scale_of
from geo.render.display import map_geometry
from geo.render.maps import (
    SERVED_ASSETS,
    MapAssets,
    MapParts,
    area_feature,
    area_shapes,
    render_map,
)
from geo.render.style import legend_box, legend_row, phone_key


def target_sentence(tracking: Tracking, lang: str) -> str:
    """``Meta: Deserción ≤ 2,5 % en 2027``."""
    indicator = tracking.indicator
    op = "≤" if indicator.direction == "higher_worse" else "≥"
    return t("follow_target_sentence", lang).format(
        indicator=indicator.label(lang),
        op=op,
        value=format_value(tracking.target.as_fraction(), indicator, lang),
        year=tracking.target.year,
    )


def status_map(
    tracking: Tracking,
    dataset: Dataset,
    lang: str,
    *,
    subtitle: str,
    assets: MapAssets = SERVED_ASSETS,
) -> MapParts:
    """The territories filled by their status (grey where they have no target)."""
    territories = dataset.territories
    geometry = map_geometry(dataset, "territorio")
    status = dict(zip(tracking.areas[s.CODE], tracking.areas["status"], strict=True))
    value = dict(zip(tracking.areas[s.CODE], tracking.areas["last_value"], strict=True))
    features = []
    for row, shape in zip(
        territories.itertuples(index=False), area_shapes(territories, geometry), strict=True
    ):
        code = str(getattr(row, s.CODE))
        mine = status.get(code)
        features.append(
            area_feature(
                row,
                shape,
                {
                    "estado_meta": STATUS_NAMES[mine][lang]
                    if mine
                    else t("follow_no_target", lang),
                    "valor": format_value(value.get(code, float("nan")), tracking.indicator, lang),
                },
                STATUS_COLORS[mine] if mine else "#ffffff",
                "no_data" if mine in (None, NO_DATA) else "ok",
            )
        )
    rows = _status_rows(tracking, lang)
    body = f'<table style="margin-top:4px;border-collapse:collapse">{rows}</table>'
    legend = legend_box(
        t("follow_status_map", lang),
        f"{target_sentence(tracking, lang)} · {subtitle}",
        body,
        lang,
        source=dataset.source_line,
        demo=dataset.is_demo,
    )
    return render_map(
        {"type": "FeatureCollection", "features": features},
        tuple(territories.total_bounds),
        legend,
        tooltip=[
            ("nombre", t("territory", lang)),
            ("estado_meta", t("follow_status", lang)),
            ("valor", t("follow_last", lang).format(year=tracking.last_year)),
        ],
        name="seguimiento",
        geometry=geometry,
        assets=assets,
    )


def _status_rows(tracking: Tracking, lang: str) -> str:
    """The status legend's rows: each status's colour, name and count of territories."""
    shown = tracking.areas[tracking.areas[s.CODE] != CITY]["status"]
    return "".join(
        legend_row(
            STATUS_COLORS[key],
            STATUS_NAMES[key][lang],
            int((shown == key).sum()),
            dashed=key == NO_DATA,
        )
        for key in STATUSES
    )


def status_key(tracking: Tracking, lang: str) -> str:
    """The status legend as a key under the map on a phone (its legend opens folded there)."""
    return phone_key(_status_rows(tracking, lang))


def status_table(tracking: Tracking, lang: str) -> pd.DataFrame:
    """The territories by gap (largest first), then the city, every number as written."""
    indicator = tracking.indicator
    rows = pd.concat([by_gap(tracking), tracking.areas[tracking.areas[s.CODE] == CITY]])

    def change(value: float) -> str:  # two decimals: a trend of −0,04 pp a year is not 0
        if pd.isna(value):
            return "—"
        per = "/año" if lang == "es" else "/yr"
        if indicator.unit != "percent":
            return format_change(value, indicator, lang) + per
        sign = "+" if value > 0 else "−" if value < 0 else "±"
        return f"{sign}{format_number(abs(value) * 100, 2, lang)} pp{per}"

    def gap(value: float) -> str:
        return "—" if pd.isna(value) else format_change(value, indicator, lang)

    target_year = tracking.target.year
    return pd.DataFrame(
        {
            t("territory", lang): [
                t("city", lang) if c == CITY else n
                for c, n in zip(rows[s.CODE], rows[s.NAME], strict=True)
            ],
            t("follow_status", lang): [STATUS_NAMES[v][lang] for v in rows["status"]],
            t("follow_last", lang).format(year=tracking.last_year): [
                format_value(v, indicator, lang) for v in rows["last_value"]
            ],
            t("follow_target_point", lang): [
                format_value(v, indicator, lang) for v in rows["target"]
            ],
            t("follow_gap", lang): [gap(v) for v in rows["gap"]],
            t("follow_needed", lang): [change(v) for v in rows["needed_per_year"]],
            t("follow_trend", lang): [change(v) for v in rows["trend_per_year"]],
            t("follow_projected", lang).format(year=target_year): [
                format_value(v, indicator, lang) for v in rows["projected"]
            ],
            t("follow_interval", lang): [
                "—"
                if pd.isna(lo)
                else f"{format_value(lo, indicator, lang)} – {format_value(hi, indicator, lang)}"
                for lo, hi in zip(rows["lower"], rows["upper"], strict=True)
            ],
            t("follow_years_used", lang): rows["n_years"].astype(int).to_numpy(),
        }
    )


def trajectory_chart(tracking: Tracking, code: str, area_name: str, lang: str) -> dict:
    """A Vega-Lite spec: the area's observed series, the trend with its prediction band to
    the target year, the needed straight line from the last value, and the target point."""
    indicator = tracking.indicator
    scale = scale_of(indicator)
    row = tracking.areas[tracking.areas[s.CODE] == code].iloc[0]
    series = tracking.series[tracking.series[s.CODE] == code].sort_values("year")
    names = {
        "observed": t("follow_observed", lang),
        "trend": t("follow_trend_line", lang),
        "needed": t("follow_needed_line", lang),
        "target": t("follow_target_point", lang),
    }
    records = [
        {
            "year": int(y),
            "value": float(v) * scale,
            "series": names["observed"],
            "shown": format_value(v, indicator, lang),
        }
        for y, v in zip(series["year"], series["value"], strict=True)
    ]
    band = []
    projection = tracking.projections.get(code)
    if projection is not None:
        for y, f, lo, hi in zip(
            projection.years, projection.fitted, projection.lower, projection.upper, strict=True
        ):
            records.append(
                {
                    "year": int(y),
                    "value": float(f) * scale,
                    "series": names["trend"],
                    "shown": format_value(f, indicator, lang),
                }
            )
            band.append({"year": int(y), "low": float(lo) * scale, "high": float(hi) * scale})
    if len(series):
        last_year, last_value = int(series["year"].iloc[-1]), float(series["value"].iloc[-1])
        for y, v in ((last_year, last_value), (int(row["target_year"]), float(row["target"]))):
            records.append(
                {
                    "year": y,
                    "value": v * scale,
                    "series": names["needed"],
                    "shown": format_value(v, indicator, lang),
                }
            )
    target = [
        {
            "year": int(row["target_year"]),
            "value": float(row["target"]) * scale,
            "series": names["target"],
            "shown": format_value(row["target"], indicator, lang),
        }
    ]
    domain = [names["observed"], names["trend"], names["needed"], names["target"]]
    colors = ["#08519c", "#737373", "#1a9850", "#d73027"]
    x = {
        "field": "year",
        "type": "quantitative",
        "title": t("year", lang),
        "axis": {"format": "d", "tickMinStep": 1},
    }
    y_title = "%" if indicator.unit == "percent" else indicator.label(lang)
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "config": {"locale": {"number": NUMBER_LOCALE[lang]}},
        "height": 280,
        "title": t("follow_chart_title", lang).format(area=area_name),
        "layer": [
            {
                "data": {"values": band},
                "mark": {"type": "area", "opacity": 0.18, "color": "#737373"},
                "encoding": {
                    "x": x,
                    "y": {"field": "low", "type": "quantitative", "title": y_title},
                    "y2": {"field": "high"},
                },
            },
            {
                "data": {"values": records},
                "mark": {"type": "line", "point": True, "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "value",
                        "type": "quantitative",
                        "title": y_title,
                        "axis": {"format": ",.1f"},
                    },
                    "color": {
                        "field": "series",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": domain, "range": colors},
                        "legend": {"orient": "bottom", "columns": 2, "symbolType": "stroke"},
                    },
                    "strokeDash": {
                        "field": "series",
                        "type": "nominal",
                        "scale": {"domain": domain, "range": [[1, 0], [5, 4], [2, 2], [1, 0]]},
                        "legend": None,
                    },
                    "tooltip": [
                        {"field": "series", "title": " "},
                        {"field": "year", "title": t("year", lang)},
                        {"field": "shown", "title": indicator.label(lang)},
                    ],
                },
            },
            {
                "data": {"values": target},
                "mark": {
                    "type": "point",
                    "shape": "diamond",
                    "size": 140,
                    "filled": True,
                    "color": "#d73027",
                },
                "encoding": {
                    "x": x,
                    "y": {"field": "value", "type": "quantitative"},
                    "tooltip": [
                        {"field": "series", "title": " "},
                        {"field": "shown", "title": indicator.label(lang)},
                    ],
                },
            },
        ],
    }


def too_few_years(tracking: Tracking, lang: str) -> list[str]:
    """A sentence for each area with a value but too few years to project a trend."""
    out = []
    for row in tracking.areas.itertuples(index=False):
        if 0 < row.n_years < MIN_YEARS:
            name = t("city", lang) if row.codigo == CITY else row.nombre
            out.append(
                t_n("follow_too_few", int(row.n_years), lang, area=name, min_years=MIN_YEARS)
            )
    return out


def effect_text(value: float, evaluation: Evaluation, lang: str) -> str:
    """An effect in the outcome's unit, signed: ``−1,0 pp``."""
    return format_change(value, evaluation.outcome, lang)


def event_chart(evaluation: Evaluation, lang: str) -> dict:
    """A Vega-Lite spec: each relative year's coefficient with its 95 % interval, zero and
    the treatment's start marked."""
    scale = scale_of(evaluation.outcome)
    unit = "pp" if evaluation.outcome.unit == "percent" else ""
    records = [
        {
            "k": int(r.relative_year),
            "coef": r.coefficient * scale,
            "low": r.low * scale,
            "high": r.high * scale,
            "shown": effect_text(r.coefficient, evaluation, lang),
            "interval": " … ".join(effect_text(v, evaluation, lang) for v in (r.low, r.high)),
        }
        for r in evaluation.events.itertuples(index=False)
    ]
    ks = [r["k"] for r in records]
    x = {
        "field": "k",
        "type": "quantitative",
        "title": t("follow_relative_year", lang),
        "axis": {"format": "d", "tickMinStep": 1},
        "scale": {"domain": [min(ks) - 0.5, max(ks) + 0.5], "nice": False},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "config": {"locale": {"number": NUMBER_LOCALE[lang]}},
        "height": 280,
        "title": t("follow_event_title", lang),
        "data": {"values": records},
        "layer": [
            {
                "mark": {"type": "rule", "color": "#999", "strokeDash": [4, 4]},
                "data": {"values": [{"zero": 0}]},
                "encoding": {"y": {"field": "zero", "type": "quantitative"}},
            },
            {
                "mark": {"type": "rule", "color": "#d73027", "strokeDash": [2, 2]},
                "data": {"values": [{"start": -0.5}]},
                "encoding": {"x": {"field": "start", "type": "quantitative"}},
            },
            {
                "mark": {"type": "rule", "strokeWidth": 2, "color": "#08519c"},
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "low",
                        "type": "quantitative",
                        "title": f"{t('follow_coefficient', lang)} ({unit})"
                        if unit
                        else t("follow_coefficient", lang),
                    },
                    "y2": {"field": "high"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 80, "color": "#08519c"},
                "encoding": {
                    "x": x,
                    "y": {"field": "coef", "type": "quantitative", "axis": {"format": ",.1f"}},
                    "tooltip": [
                        {"field": "k", "title": t("follow_relative_year", lang)},
                        {"field": "shown", "title": t("follow_coefficient", lang)},
                        {"field": "interval", "title": t("follow_effect_ci", lang)},
                    ],
                },
            },
        ],
    }


def pretrend_text(evaluation: Evaluation, lang: str) -> str:
    if evaluation.pretrend_p is None:
        return t("follow_pretrend_none", lang)
    verdict = t(
        "follow_pretrend_ok" if evaluation.pretrend_p >= 0.05 else "follow_pretrend_bad", lang
    )
    pre = evaluation.events[evaluation.events["relative_year"] < -1]["relative_year"]
    return t("follow_pretrend_text", lang).format(
        years=", ".join(format_number(k, 0, lang).replace("-", "−") for k in pre),
        df=evaluation.pretrend_df,
        stat=format_number(evaluation.pretrend_stat, 2, lang),
        p=format_number(evaluation.pretrend_p, 3, lang),
        verdict=verdict,
    )


def reading(evaluation: Evaluation, lang: str) -> str:
    """The plain-language reading: the four means, the estimate, whether it is told apart
    from zero (what it does not prove is said apart, :data:`follow_does_not_prove`)."""
    means, outcome = evaluation.means, evaluation.outcome
    significant = evaluation.low > 0 or evaluation.high < 0
    return t("follow_reading", lang).format(
        treated=format_number(evaluation.n_treated, 0, lang),
        cohort=evaluation.cohort,
        outcome=outcome.label(lang).lower(),
        tb=format_value(means["treated_before"], outcome, lang),
        ta=format_value(means["treated_after"], outcome, lang),
        comparison=format_number(evaluation.n_comparison, 0, lang),
        cb=format_value(means["comparison_before"], outcome, lang),
        ca=format_value(means["comparison_after"], outcome, lang),
        effect=effect_text(evaluation.effect, evaluation, lang),
        low=effect_text(evaluation.low, evaluation, lang),
        high=effect_text(evaluation.high, evaluation, lang),
        significance=t("follow_significant" if significant else "follow_not_significant", lang),
    )


def method_text(evaluation: Evaluation, lang: str) -> str:
    return t("follow_method", lang).format(
        weights=t("follow_weighted" if evaluation.weighted else "follow_unweighted", lang),
        first=evaluation.years[0],
        last=evaluation.years[-1],
    )


def counts_sentence(tracking: Tracking, lang: str) -> str:
    """``2 cumplida · 0 en camino · 17 en riesgo · ...`` over the territories."""
    from geo.analysis.targets import AT_RISK, MET, OFF_TRACK, ON_TRACK, status_counts

    counts = status_counts(tracking)
    return t("follow_counts", lang).format(
        met=counts[MET],
        on=counts[ON_TRACK],
        risk=counts[AT_RISK],
        off=counts[OFF_TRACK],
        none=counts[NO_DATA],
    )


def rule_text(tracking: Tracking, lang: str) -> str:
    """The status rule as written on the page (markdown), with the years it stood on."""
    first = int(tracking.series["year"].min()) if len(tracking.series) else tracking.last_year
    return t("follow_rule", lang).format(first=first, last=tracking.last_year, min_years=MIN_YEARS)


def interval_text(evaluation: Evaluation, lang: str) -> str:
    """``−1,2 … −0,8 pp`` (the unit once, so it fits a metric)."""
    low, high = (effect_text(v, evaluation, lang) for v in (evaluation.low, evaluation.high))
    unit = " pp"
    if low.endswith(unit) and high.endswith(unit):
        return f"{low[: -len(unit)]} … {high}"
    return f"{low} … {high}"


def truth_text(truth: float, evaluation: Evaluation, lang: str) -> str:
    """The demo's known effect, said beside the estimate."""
    from geo.synthetic.intervention import EFFECT

    return t("follow_demo_truth", lang).format(
        share=format_number(EFFECT * 100, 0, lang) + " %",
        truth=effect_text(truth, evaluation, lang),
    )
