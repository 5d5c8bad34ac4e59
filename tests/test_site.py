"""A site's own trend against its territory and the city, checked against sums computed
straight from the demo's CSV files (csv module, no engine), and its chart and table."""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from pathlib import Path

import pytest

from geo.analysis.search import find_site
from geo.analysis.site import comparable_per_site, site_area, site_trend
from geo.io.ingest import load_demo
from geo.model.catalogue import get_indicator
from geo.model.i18n import t
from geo.model.view import View, make_filters
from geo.render.charts import SITE_COLOR, trend_chart, trend_table

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
CODE = "990500100665"  # Colegio Demo Belén 17, comuna 16 (Belén)


def read(name: str) -> list[dict[str, str]]:
    with open(DEMO / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


SITES = {row["codigo_dane"]: row for row in read("sedes.csv")}
COUNTS = read("indicadores_sedes.csv")


def sums(numerator: str, denominator: str, keep) -> dict[int, tuple[int, int]]:
    """(sum of numerator, sum of denominator) per year over the rows ``keep`` accepts that
    have both counts."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in COUNTS:
        if keep(row) and row[numerator] and row[denominator]:
            totals[int(row["anio"])][0] += int(row[numerator])
            totals[int(row["anio"])][1] += int(row[denominator])
    return {year: (n, d) for year, (n, d) in totals.items()}


@pytest.fixture(scope="module")
def dataset():
    return load_demo()


@pytest.mark.parametrize(
    "indicator, numerator, denominator, code",
    [
        ("dropout", "desertores", "matricula", CODE),
        ("no_internet", "sin_internet", "matricula", CODE),
        ("students_per_computer", "matricula", "computadores", CODE),
        # This site left sin_internet blank in 2021: that year it has no value, not zero.
        ("no_internet", "sin_internet", "matricula", "990500100025"),
    ],
)
def test_site_trend_equals_the_csv_sums(dataset, indicator, numerator, denominator, code) -> None:
    territory = SITES[code]["codigo_comuna"]
    site = sums(numerator, denominator, lambda row: row["codigo_dane"] == code)
    area = sums(
        numerator,
        denominator,
        lambda row: SITES[row["codigo_dane"]]["codigo_comuna"] == territory,
    )
    city = sums(numerator, denominator, lambda row: True)
    series = site_trend(dataset, View(indicator=indicator, year=2024), code, territory)
    assert list(series["year"]) == sorted(city)
    for row in series.to_dict("records"):
        year = int(row["year"])
        for prefix, expected in (("site", site), ("area", area), ("city", city)):
            if year not in expected:  # no row with both counts that year
                assert math.isnan(row[prefix]) and math.isnan(row[f"{prefix}_numerator"])
                continue
            n, d = expected[year]
            assert row[f"{prefix}_numerator"] == n, (prefix, year)
            assert row[f"{prefix}_denominator"] == d, (prefix, year)
            assert math.isclose(row[prefix], n / d), (prefix, year)
        assert math.isnan(row["site_n_sites"])


def test_the_site_ignores_filters_its_area_and_city_follow_them(dataset) -> None:
    # The site is No oficial: an Oficial-only view leaves it out of its area's sums.
    assert SITES[CODE]["sector"] == "No oficial"
    view = View(year=2024, filters=make_filters({"sector": ["Oficial"]}))
    territory = SITES[CODE]["codigo_comuna"]
    official = sums(
        "desertores",
        "matricula",
        lambda row: (
            SITES[row["codigo_dane"]]["codigo_comuna"] == territory
            and SITES[row["codigo_dane"]]["sector"] == "Oficial"
        ),
    )
    own = sums("desertores", "matricula", lambda row: row["codigo_dane"] == CODE)
    series = site_trend(dataset, view, CODE, territory).set_index("year")
    assert series.loc[2024, "area_numerator"] == official[2024][0]
    assert series.loc[2024, "site_numerator"] == own[2024][0]


def test_a_site_in_no_area_has_only_the_city(dataset) -> None:
    series = site_trend(dataset, View(year=2024), CODE, "")
    assert series["area"].isna().all()
    assert series["site"].notna().all() and series["city"].notna().all()


def test_site_area_per_level(dataset) -> None:
    info = find_site(dataset, CODE)
    assert site_area(info, "territorio") == SITES[CODE]["codigo_comuna"]
    assert site_area(info, "nucleo") == SITES[CODE]["nucleo"]
    assert site_area(info, "barrio") == str(info["codigo_barrio"])


def test_rates_over_sites_compare_per_site_others_do_not() -> None:
    assert comparable_per_site(get_indicator("dropout"))
    assert not comparable_per_site(get_indicator("coverage_gross"))
    assert not comparable_per_site(get_indicator("enrollment"))


def test_chart_and_table_draw_the_site_first(dataset) -> None:
    indicator = get_indicator("dropout")
    series = site_trend(dataset, View(year=2024), CODE, "16")
    spec = trend_chart(series, indicator, "Belén", "es", site="Colegio Demo Belén 17")
    domain = spec["encoding"]["color"]["scale"]["domain"]
    # the MEN's published dropout for the city last (the demo has a file in the MEN's shape)
    assert domain == ["Colegio Demo Belén 17", "Belén", t("city", "es"), t("benchmark_line", "es")]
    assert spec["encoding"]["color"]["scale"]["range"][0] == SITE_COLOR
    assert len(spec["data"]["values"]) == 4 * len(series)
    table, beneath = trend_table(series, indicator, "Belén", "es", site="Colegio Demo Belén 17")
    assert list(table.columns[:3]) == ["Año", "Colegio Demo Belén 17", "Colegio Demo Belén 17 · n"]
    first = table.iloc[0]
    n, d = sums("desertores", "matricula", lambda row: row["codigo_dane"] == CODE)[2019]
    assert first["Colegio Demo Belén 17 · n"] == f"{n} de {d}"
    assert beneath["Colegio Demo Belén 17"] == "Colegio Demo Belén 17 · n"
    # Without a site, the table is the territory's as before: year, area, its n, city, its n,
    # and the MEN's rate with "tasa publicada" as its n.
    plain, _ = trend_table(series, indicator, "Belén", "es")
    assert len(plain.columns) == 7
