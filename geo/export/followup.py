"""Seguimiento's files (issue 26): the targets followed per territory as a table (CSV and the
other table formats) with its metadata record, and an evaluation as one JSON document (the
estimate, the event study, the pre-trend test, the counts, the reading and the metadata)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from geo import __version__
from geo.analysis.aggregate import CITY
from geo.analysis.evaluate import Evaluation
from geo.analysis.targets import MIN_YEARS, STATUS_NAMES, Tracking, by_gap
from geo.export.tables import generated_at
from geo.model import schema as s
from geo.model.dataset import Dataset
from geo.model.i18n import t
from geo.render.followup import method_text, pretrend_text, reading, target_sentence


def _sources(dataset: Dataset, lang: str) -> dict:
    return {
        "sources": [
            {"name": src.name, "licence": src.licence, "url": src.url, "retrieved": src.retrieved}
            for src in dataset.sources
        ],
        "demo": dataset.is_demo,
        "notice": t("demo_badge", lang) if dataset.is_demo else "",
        "generated": generated_at(),
        "generator": f"atlas-educativo-medellin {__version__}",
    }


def _number(value: object) -> object:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float | np.floating):
        return None if np.isnan(value) else round(float(value), 8)
    if isinstance(value, np.integer):
        return int(value)
    return value


def tracking_table(tracking: Tracking, lang: str) -> pd.DataFrame:
    """One row per territory (largest gap first) and the city last: status, last value with
    its numerator and denominator, target, gap, the needed and the trend's change per year,
    the projection and its 95 % interval (values as fractions for shares)."""
    rows = pd.concat([by_gap(tracking), tracking.areas[tracking.areas[s.CODE] == CITY]])
    return pd.DataFrame(
        {
            "code": rows[s.CODE].astype(str).to_numpy(),
            "name": [
                t("city", lang) if c == CITY else n
                for c, n in zip(rows[s.CODE], rows[s.NAME], strict=True)
            ],
            "indicator": tracking.indicator.id,
            "education_level": tracking.indicator.education_level or "",
            "status": rows["status"].to_numpy(),
            "status_name": [STATUS_NAMES[v][lang] for v in rows["status"]],
            "last_year": rows["last_year"].to_numpy(),
            "last_value": rows["last_value"].to_numpy(),
            "numerator": rows["numerator"].to_numpy(),
            "denominator": rows["denominator"].to_numpy(),
            "target": rows["target"].to_numpy(),
            "target_year": rows["target_year"].to_numpy(),
            "gap": rows["gap"].to_numpy(),
            "needed_per_year": rows["needed_per_year"].to_numpy(),
            "trend_per_year": rows["trend_per_year"].to_numpy(),
            "projected": rows["projected"].to_numpy(),
            "interval_low": rows["lower"].to_numpy(),
            "interval_high": rows["upper"].to_numpy(),
            "years_observed": rows["n_years"].to_numpy(),
        }
    )


def tracking_metadata(
    tracking: Tracking, dataset: Dataset, lang: str, filters: dict | None = None
) -> dict:
    target, indicator = tracking.target, tracking.indicator
    first = int(tracking.series["year"].min()) if len(tracking.series) else None
    return {
        "title": f"{t('page_follow', lang)}: {target_sentence(tracking, lang)}",
        "target": {
            "indicator": target.indicator,
            "education_level": target.education_level or None,
            "territory": target.territory or None,
            "value": target.value,
            "value_as_fraction": target.as_fraction(),
            "year": target.year,
            "link": f"{target.key}={target.text}",
        },
        "indicator": {
            "id": indicator.id,
            "name": indicator.label(lang),
            "unit": indicator.unit,
            "direction": indicator.direction,
        },
        "observed_years": [first, tracking.last_year],
        "aggregation": "Σ numerator / Σ denominator per territory and year",
        "trend": "OLS of value on year (statsmodels), 95 % prediction interval at the target year",
        "min_years": MIN_YEARS,
        "status_rule": t("follow_rule", lang)
        .format(first=first, last=tracking.last_year, min_years=MIN_YEARS)
        .replace("**", ""),
        "filters": {c: list(v) for c, v in (filters or {}).items()},
        "status_counts": {
            k: int(v)
            for k, v in tracking.areas[tracking.areas[s.CODE] != CITY]["status"]
            .value_counts()
            .items()
        },
        **_sources(dataset, lang),
    }


def tracking_csv(tracking: Tracking, lang: str) -> bytes:
    table = tracking_table(tracking, lang)
    return table.to_csv(index=False, lineterminator="\r\n", float_format="%.8g").encode("utf-8")


def evaluation_record(
    evaluation: Evaluation,
    dataset: Dataset,
    lang: str,
    *,
    treated_source: str,
    filters: dict | None = None,
    truth: float | None = None,
) -> dict:
    """Everything the page shows about an evaluation, with how it was made and the sources."""
    outcome = evaluation.outcome
    return {
        "title": f"{t('follow_evaluation', lang)}: {outcome.label(lang)}",
        "outcome": {
            "id": outcome.id,
            "name": outcome.label(lang),
            "unit": outcome.unit,
            "education_level": outcome.education_level or None,
        },
        "estimator": {
            "method": "difference in differences, two-way fixed effects (site, year)",
            "library": "linearmodels.panel.PanelOLS",
            "weights": "enrolment (denominator)" if evaluation.weighted else None,
            "standard_errors": "clustered by site",
            "staggered_adoption": "one cohort at a time against never-treated sites",
            "description": method_text(evaluation, lang),
        },
        "treated_source": treated_source,
        "cohort": evaluation.cohort,
        "years": list(evaluation.years),
        "filters": {c: list(v) for c, v in (filters or {}).items()},
        "effect": {
            "estimate": _number(evaluation.effect),
            "std_error": _number(evaluation.std_error),
            "ci95_low": _number(evaluation.low),
            "ci95_high": _number(evaluation.high),
            "p_value": _number(evaluation.p_value),
            "units": "fraction (×100 = percentage points)"
            if outcome.unit == "percent"
            else outcome.unit,
        },
        "event_study": [
            {k: _number(v) for k, v in row.items()} for row in evaluation.events.to_dict("records")
        ],
        "event_study_reference": -1,
        "pretrend_test": {
            "wald_stat": _number(evaluation.pretrend_stat),
            "df": evaluation.pretrend_df,
            "p_value": _number(evaluation.pretrend_p),
            "reading": pretrend_text(evaluation, lang),
        },
        "sites": {
            "treated": evaluation.n_treated,
            "comparison": evaluation.n_comparison,
            "left_out": evaluation.n_left_out,
            "listed_not_in_data": evaluation.n_unknown,
        },
        "site_years": evaluation.n_rows,
        "means": {k: _number(v) for k, v in evaluation.means.items()},
        "reading": reading(evaluation, lang),
        "does_not_prove": t("follow_does_not_prove", lang),
        "true_effect_demo": _number(truth),
        **_sources(dataset, lang),
    }


def evaluation_json(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode()


def targets_command(target, education_level: str, output: str) -> str:
    """The command line that writes the same targets table."""
    level = f" --level {education_level}" if education_level else ""
    return (
        f"python -m geo seguimiento --indicator {target.indicator}{level} --target "
        f"{target.value:g} --target-year {target.year} -o {output}"
    )


def evaluate_command(treated: str, outcome: str, cohort: int | None, output: str) -> str:
    """The command line that writes the same effect record."""
    more = f" --cohort {cohort}" if cohort else ""
    return f"python -m geo evaluate --treated {treated} --outcome {outcome}{more} -o {output}"
