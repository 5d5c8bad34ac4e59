"""The Datos page's tables and sentences, in the reader's language, built without Streamlit:
the join report's files and problem counts, which indicators the data allow, what the
official download gave per source (and each bar's line while it runs), and what the cache
holds."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from geo.io.official import Outcome
from geo.io.report import KINDS, Report
from geo.model.catalogue import INDICATORS
from geo.model.dataset import Dataset
from geo.model.formatting import format_number
from geo.model.i18n import column_label, t


def files_frame(report: Report, lang: str) -> pd.DataFrame:
    """One row per file read: its role, format, rows, CRS, columns used and notes."""
    return pd.DataFrame(
        [
            {
                t("report_role", lang): f.role_label(lang),
                t("report_file", lang): f.file,
                t("report_format", lang): f.format,
                t("rows", lang): f.rows,
                "CRS": f"{f.declared_crs or '—'} → {f.used_crs}" if f.used_crs else "",
                t("report_columns", lang): ", ".join(f"{k}={v}" for k, v in f.columns.items()),
                t("report_notes", lang): "; ".join(f.notes_in(lang)),
            }
            for f in report.files
        ]
    )


def problem_counts(report: Report, lang: str) -> pd.DataFrame:
    """Problems per kind, labelled in ``lang``."""
    return pd.DataFrame(
        [
            {t("report_problem", lang): KINDS[kind][lang == "en"], t("report_count", lang): n}
            for kind, n in report.counts().items()
        ]
    )


def indicators_frame(dataset: Dataset, lang: str) -> pd.DataFrame:
    """Every catalogue indicator: whether the data allow it and, if not, what is missing."""
    missing = {i: dataset.missing_inputs(i) for i in INDICATORS}
    return pd.DataFrame(
        {
            t("indicator", lang): [INDICATORS[i].label(lang) for i in INDICATORS],
            t("available", lang): [
                _available(dataset, i, bool(missing[i]), lang) for i in INDICATORS
            ],
            t("missing_inputs", lang): [
                "; ".join(
                    t("needs_column", lang).format(
                        column=column, what=column_label(column, lang), file=t(f"file_{role}", lang)
                    )
                    for role, column in missing[i]
                )
                for i in INDICATORS
            ],
        }
    )


def _available(dataset: Dataset, indicator_id: str, missing: bool, lang: str) -> str:
    """'yes' or 'no'; a coverage over a population estimated from totals says so."""
    if missing:
        return t("no", lang)
    estimated = INDICATORS[indicator_id].denominator_source == "population"
    return t("yes_estimated" if estimated and dataset.population_estimated() else "yes", lang)


def dataset_counts(dataset: Dataset, lang: str) -> dict[str, str]:
    """Label -> number of the active dataset's territories, barrios, sites and years."""
    barrios = 0 if dataset.barrios is None else len(dataset.barrios)
    years = f"{min(dataset.years)}–{max(dataset.years)}" if dataset.years else "—"
    return {
        t("territories_count", lang): format_number(len(dataset.territories), 0, lang),
        t("barrios_count", lang): format_number(barrios, 0, lang),
        t("sites_count", lang): format_number(len(dataset.sites), 0, lang),
        t("years_label", lang): years,
    }


def progress_line(outcome: Outcome, lang: str) -> str:
    """The text of a layer's or a source's bar: waiting, running, what it gave, or failed."""
    values = {
        "title": outcome.title,
        "done": outcome.done,
        "total": outcome.total,
        "rows": format_number(outcome.rows, 0, lang),
        "seconds": format_number(outcome.seconds, 1, lang),
    }
    if outcome.finished and not outcome.ok:
        key = "datos_failed_bar"
    elif outcome.finished and outcome.kind == "layer":
        key = "datos_done_features"
    elif outcome.finished:
        key = "datos_done_rows" if outcome.fetched else "datos_done_current"
    elif outcome.done == 0 and outcome.seconds == 0:
        key = "datos_waiting"
    else:
        key = "datos_running_years" if outcome.kind == "source" else "datos_running_layer"
    return t(key, lang).format(**values)


def progress_fraction(outcome: Outcome) -> float:
    return min(1.0, outcome.done / outcome.total) if outcome.total else 1.0


def _years(years: list[int]) -> str:
    """``[2019, 2020, 2021, 2023]`` -> ``'2019–2021, 2023'`` (a narrow column stays short)."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs) or "—"


def outcome_columns(lang: str) -> set[str]:
    """The columns of :func:`outcomes_frame` set as numbers (right-aligned, never broken)."""
    return {t(f"datos_col_{c}", lang) for c in ("fetched", "cached", "rows", "seconds", "date")}


def outcomes_frame(outcomes: list[Outcome], lang: str) -> pd.DataFrame:
    """What each layer and source gave: status, years downloaded now and already cached,
    rows, seconds, the date of the copy in use and its licence."""
    rows = []
    for o in outcomes:
        if not o.ok:
            status = t("datos_status_failed", lang)
        elif o.kind == "source" and not o.fetched:
            status = t("datos_status_current", lang)
        else:
            status = t("datos_status_ok", lang)
        rows.append(
            {
                t("datos_col_source", lang): o.title,
                t("datos_col_status", lang): status,
                t("datos_col_fetched", lang): _years(o.fetched) if o.kind == "source" else "—",
                t("datos_col_cached", lang): _years(o.cached) if o.kind == "source" else "—",
                t("datos_col_rows", lang): format_number(o.rows, 0, lang) if o.ok else "—",
                t("datos_col_seconds", lang): format_number(o.seconds, 1, lang),
                t("datos_col_date", lang): o.retrieved[:10] or "—",
                t("licence", lang): o.licence or "—",
            }
        )
    return pd.DataFrame(rows)


def failure_lines(outcomes: list[Outcome], lang: str) -> list[str]:
    """For each failed layer or source: what failed, the copy kept, and the error's message
    (what, where and what to do)."""
    lines = []
    for o in outcomes:
        if o.error is None:
            continue
        kept = (
            t("datos_kept", lang).format(date=o.retrieved[:10])
            if o.retrieved
            else t("datos_nothing_kept", lang)
        )
        lines.append(
            t("datos_failed", lang).format(title=o.title, kept=kept, message=o.error.message(lang))
        )
    return lines


def cache_frame(cache_dir: Path, lang: str) -> pd.DataFrame:
    """What the cache folder holds: each layer, and each source's tables (rows summed over
    its years), with the date, URL, sha256 and licence; empty when nothing was downloaded."""
    from geo.io.fetch import cached_layers

    rows = [
        (c.title, c.features, c.retrieved, c.source_url, c.sha256, c.licence)
        for c in cached_layers(cache_dir).values()
    ]
    tables: dict[str, list[dict]] = {}
    folder = Path(cache_dir) / "tables"
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        meta = json.loads(path.read_text(encoding="utf-8"))
        if path.with_suffix(".csv").exists():
            tables.setdefault(meta["source"], []).append(meta)
    for metas in tables.values():
        last = max(metas, key=lambda m: m["retrieved"])
        rows.append(
            (
                last["title"],
                sum(int(m["rows"]) for m in metas),
                last["retrieved"],
                last["url"],
                last["sha256"],
                last["licence"],
            )
        )
    return pd.DataFrame(
        {
            t("report_file", lang): [r[0] for r in rows],
            t("rows", lang): [r[1] for r in rows],
            t("downloaded", lang): [r[2] for r in rows],
            "URL": [r[3] for r in rows],
            "sha256": [r[4][:16] + "…" for r in rows],
            t("licence", lang): [r[5] for r in rows],
        }
    )
