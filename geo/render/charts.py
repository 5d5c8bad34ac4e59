"""Charts beside the map: a territory's trend against the city, as a Vega-Lite spec (Altair).

The data are passed as plain records in long form (one row per year and series), never as a
frame whose index must line up with the values: the chart shows exactly what the table shows.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from geo.analysis.drilldown import change_since_first
from geo.model.catalogue import Indicator
from geo.model.formatting import format_fraction, format_number, format_value, titled_with_unit
from geo.model.i18n import t

AREA_COLOR: Final = "#08519c"
CITY_COLOR: Final = "#737373"
# Vega's number format for each language (its default is English).
NUMBER_LOCALE: Final = {
    "es": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["$", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}


def scale_of(indicator: Indicator) -> int:
    """Shares are drawn in percent (4,9), the rest as they are."""
    return 100 if indicator.unit == "percent" else 1


def trend_records(
    series: pd.DataFrame, indicator: Indicator, area_name: str, lang: str
) -> list[dict]:
    """One record per year and series (the area, then the city) that has a value.

    ``series`` is :func:`geo.analysis.drilldown.trend`'s table. Each record carries the value in the
    chart's unit, the value as written, and its n (``1.146 de 25.980 · 40 sedes``).
    """
    scale = scale_of(indicator)
    records = []
    for prefix, name in (("area", area_name), ("city", t("city", lang))):
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
    """What a value stands on: its numerator and denominator, and the number of sites."""
    sites = row.get(f"{prefix}_n_sites")
    parts = []
    if indicator.denominator is not None and pd.notna(row.get(f"{prefix}_denominator")):
        parts.append(
            format_fraction(row[f"{prefix}_numerator"], row[f"{prefix}_denominator"], lang)
        )
    if sites is not None and pd.notna(sites):
        parts.append(f"{format_number(sites, 0, lang)} {t('sites', lang).lower()}")
    return " · ".join(parts)


def trend_chart(series: pd.DataFrame, indicator: Indicator, area_name: str, lang: str) -> dict:
    """A Vega-Lite spec: the area's line (solid, dark) and the city's (dashed, grey), a point
    on every year with a value, and a tooltip with the value and its n."""
    records = trend_records(series, indicator, area_name, lang)
    names = [area_name, t("city", lang)]
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
                "title": titled_with_unit(indicator, lang),
                "scale": {"zero": indicator.unit != "percent"},
                "axis": {"format": ",.1f" if indicator.unit != "count" else ",d"},
            },
            "color": {
                "field": "series",
                "type": "nominal",
                "title": None,
                "scale": {"domain": names, "range": [AREA_COLOR, CITY_COLOR]},
                "legend": {"orient": "bottom"},
            },
            "strokeDash": {
                "field": "series",
                "type": "nominal",
                "scale": {"domain": names, "range": [[1, 0], [5, 4]]},
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


def format_change(change: float, indicator: Indicator, lang: str) -> str:
    """A signed change in the indicator's unit: ``+1,2 pp`` for shares, ``−0,4`` otherwise."""
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    if indicator.unit == "percent":
        return f"{sign}{format_number(abs(change) * 100, 1, lang)} pp"
    return f"{sign}{format_value(abs(change), indicator, lang)}"


def trend_table(series: pd.DataFrame, indicator: Indicator, area_name: str, lang: str):
    """The trend as a table of written values: a row per year (the area's value and n, the
    city's value and n), then the change from the first year with data to the last."""
    city = t("city", lang)
    n_area, n_city = f"{area_name} · n", f"{city} · n"
    rows = [
        {
            t("year", lang): str(int(row["year"])),
            area_name: format_value(row["area"], indicator, lang),
            n_area: n_text(row, "area", indicator, lang) if pd.notna(row["area"]) else "",
            city: format_value(row["city"], indicator, lang),
            n_city: n_text(row, "city", indicator, lang) if pd.notna(row["city"]) else "",
        }
        for row in series.to_dict("records")
    ]
    area_change = change_since_first(series["area"])
    city_change = change_since_first(series["city"])
    if area_change or city_change:
        first = series["year"].iloc[(area_change or city_change)[0]]
        last = series["year"].iloc[-1]
        rows.append(
            {
                t("year", lang): t("change_since", lang).format(first=first, last=last),
                area_name: format_change(area_change[1], indicator, lang) if area_change else "",
                n_area: "",
                city: format_change(city_change[1], indicator, lang) if city_change else "",
                n_city: "",
            }
        )
    return pd.DataFrame(rows), {area_name: n_area, city: n_city}
