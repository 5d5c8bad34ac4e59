"""Charts beside the map: a territory's trend against the city, as a Vega-Lite spec (Altair).

The data are passed as plain records in long form (one row per year and series), never as a
frame whose index must line up with the values: the chart shows exactly what the table shows.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from geo.analysis.drilldown import change_since_first
from geo.model.catalogue import Indicator
from geo.model.formatting import format_base, format_number, format_value, unit_label
from geo.model.i18n import t

AREA_COLOR: Final = "#08519c"
CITY_COLOR: Final = "#737373"
SITE_COLOR: Final = "#d94801"  # a searched site's own line, in front of its area's
# Vega's number format for each language (its default is English).
NUMBER_LOCALE: Final = {
    "es": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["$", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}


def scale_of(indicator: Indicator) -> int:
    """Shares are drawn in percent (4,9), the rest as they are."""
    return 100 if indicator.unit == "percent" else 1


BENCHMARK_COLOR: Final = "#54278f"  # the MEN's published rate, dotted


def _lines(
    area_name: str, lang: str, site: str | None, series: pd.DataFrame | None = None
) -> list[tuple[str, str]]:
    """(column prefix, name shown) of each line: the site if any, the area, the city, and the
    MEN's published figure for the city where the series has it."""
    lines = [("site", site)] if site else []
    lines = [*lines, ("area", area_name), ("city", t("city", lang))]
    if series is not None and "benchmark" in series and series["benchmark"].notna().any():
        lines.append(("benchmark", t("benchmark_line", lang)))
    return lines


def trend_records(
    series: pd.DataFrame, indicator: Indicator, area_name: str, lang: str, site: str | None = None
) -> list[dict]:
    """One record per year and series (the site if ``site`` names it, the area, the city)
    that has a value.

    ``series`` is :func:`geo.analysis.drilldown.trend`'s table (or
    :func:`geo.analysis.site.site_trend`'s, with ``site`` the site's name). Each record
    carries the value in the chart's unit, the value as written, and its n (``1.146 de
    25.980 · 40 sedes``).
    """
    scale = scale_of(indicator)
    records = []
    for prefix, name in _lines(area_name, lang, site, series):
        for row in series.to_dict("records"):
            value = row[prefix]
            if pd.isna(value):
                continue
            records.append(
                {
                    "year": int(row["year"]),
                    "series": name,
                    "value": float(value) * scale,
                    "shown": format_value(value, indicator, lang),
                    "n": n_text(row, prefix, indicator, lang),
                }
            )
    return records


def n_text(row: dict, prefix: str, indicator: Indicator, lang: str) -> str:
    """What a value stands on: its numerator and denominator, and the number of sites (the
    MEN's figure: only that it is the published rate)."""
    if prefix == "benchmark":
        return t("benchmark_n", lang)
    sites = row.get(f"{prefix}_n_sites")
    parts = []
    if indicator.denominator is not None and pd.notna(row.get(f"{prefix}_denominator")):
        parts.append(
            format_base(row[f"{prefix}_numerator"], row[f"{prefix}_denominator"], indicator, lang)
        )
    if sites is not None and pd.notna(sites):
        parts.append(f"{format_number(sites, 0, lang)} {t('sites', lang).lower()}")
    return " · ".join(parts)


def trend_chart(
    series: pd.DataFrame, indicator: Indicator, area_name: str, lang: str, site: str | None = None
) -> dict:
    """A Vega-Lite spec: the area's line (solid, dark) and the city's (dashed, grey), a point
    on every year with a value, and a tooltip with the value and its n; with ``site``, the
    site's own line in front (solid, orange)."""
    records = trend_records(series, indicator, area_name, lang, site)
    lines = _lines(area_name, lang, site, series)
    names = [name for _, name in lines]
    colors = {
        "site": SITE_COLOR,
        "area": AREA_COLOR,
        "city": CITY_COLOR,
        "benchmark": BENCHMARK_COLOR,
    }
    dashes = {"site": [1, 0], "area": [1, 0], "city": [5, 4], "benchmark": [1, 3]}
    years = [int(y) for y in series["year"]]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": records},
        "config": {"locale": {"number": NUMBER_LOCALE[lang]}},
        "height": 260,
        "encoding": {
            "x": {
                "field": "year",
                "type": "ordinal",
                "title": t("year", lang),
                "scale": {"domain": years},
                "axis": {"labelAngle": 0},
            },
            "y": {
                "field": "value",
                "type": "quantitative",
                # The unit only: the panel's heading names the indicator, and a long name
                # ("Reprobación · Secundaria") was cut along a 260-pixel axis.
                "title": unit_label(indicator, lang),
                # Given, not left to Vega: its extent of an empty or not yet filled data set
                # is infinite and logs a warning in the browser's console (issue 24).
                "scale": {"domain": _domain(records, indicator), "nice": True},
                "axis": {"format": ",.1f" if indicator.unit != "count" else ",d"},
            },
            "color": {
                "field": "series",
                "type": "nominal",
                "title": None,
                "scale": {"domain": names, "range": [colors[p] for p, _ in lines]},
                "legend": {"orient": "bottom"},
            },
            "strokeDash": {
                "field": "series",
                "type": "nominal",
                "scale": {"domain": names, "range": [dashes[p] for p, _ in lines]},
                "legend": None,
            },
            "tooltip": [
                {"field": "series", "title": t("territory", lang)},
                {"field": "year", "title": t("year", lang)},
                {"field": "shown", "title": indicator.label(lang)},
                {"field": "n", "title": t("n", lang)},
            ],
        },
        "layer": [
            {"mark": {"type": "line", "strokeWidth": 2.5}},
            {"mark": {"type": "point", "filled": True, "size": 60}},
        ],
    }


def _domain(records: list[dict], indicator: Indicator) -> list[float]:
    """The y axis's span: the values' (from zero, but for shares, which a zero would flatten),
    ``[0, 1]`` when there are none."""
    values = [r["value"] for r in records if np.isfinite(r["value"])]
    if not values:
        return [0.0, 1.0]
    low, high = min(values), max(values)
    if indicator.unit != "percent":
        low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        low, high = low - 1, high + 1
    return [low, high]


def format_change(change: float, indicator: Indicator, lang: str) -> str:
    """A signed change in the indicator's unit: ``+1,2 pp`` for shares, ``−0,4`` otherwise."""
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    if indicator.unit == "percent":
        return f"{sign}{format_number(abs(change) * 100, 1, lang)} pp"
    return f"{sign}{format_value(abs(change), indicator, lang)}"


def trend_table(
    series: pd.DataFrame, indicator: Indicator, area_name: str, lang: str, site: str | None = None
):
    """The trend as a table of written values: a row per year (the area's value and n, the
    city's value and n; with ``site``, the site's first; the MEN's figure last where given),
    then the change from the first year with data to the last."""
    lines = _lines(area_name, lang, site, series)
    rows = []
    for row in series.to_dict("records"):
        record = {t("year", lang): str(int(row["year"]))}
        for prefix, name in lines:
            record[name] = format_value(row[prefix], indicator, lang)
            record[f"{name} · n"] = (
                n_text(row, prefix, indicator, lang) if pd.notna(row[prefix]) else ""
            )
        rows.append(record)
    changes = {prefix: change_since_first(series[prefix]) for prefix, _ in lines}
    known = [change for change in changes.values() if change]
    if known:
        first = series["year"].iloc[known[0][0]]
        last = series["year"].iloc[-1]
        record = {t("year", lang): t("change_since", lang).format(first=first, last=last)}
        for prefix, name in lines:
            change = changes[prefix]
            record[name] = format_change(change[1], indicator, lang) if change else ""
            record[f"{name} · n"] = ""
        rows.append(record)
    return pd.DataFrame(rows), {name: f"{name} · n" for _, name in lines}
