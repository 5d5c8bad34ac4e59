"""One territory up close (trend, sites, barrios), on a tiny city worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box
from tiny_city import city, code

from geo.analysis.drilldown import (
    barrio_values,
    change_since_first,
    has_enrolment,
    site_values,
    trend,
)
from geo.model import schema as s
from geo.model.view import View, make_filters

A, B = code(0, 0), code(0, 1)
# Territory A: two barrios (left and right half of its square); B: one square, no barrios.
BARRIOS = [
    ("A1", A, box(0, -1, 0.5, 0)),
    ("A2", A, box(0.5, -1, 1, 0)),
    ("A3", A, box(0, -1, 1, -0.5)),  # a third barrio without sites
    ("B1", B, box(1, -1, 2, 0)),
]
# Sites as (matricula, desertores, sin_internet, computadores). Site n of a territory is
# "<code>-n", Oficial when n is even. A has no site in 2023.
SITES = {
    (A, 2022): [(100, 5), (300, 3), (100, 2)],
    (A, 2024): [(100, 2, 40, 0), (100, 4, 10, 10), (200, 6, None, 20)],
    (B, 2022): [(400, 4)],
    (B, 2023): [(500, 10)],
    (B, 2024): [(600, 12, 60, 30)],
}


@pytest.fixture(scope="module")
def tiny():
    squares = [(A, box(0, -1, 1, 0)), (B, box(1, -1, 2, 0))]
    homes = {f"{A}-0": "A1", f"{A}-1": "A2", f"{A}-2": "A1", f"{B}-0": "B1"}
    return city(squares, SITES, barrios=BARRIOS, homes=homes)


def test_trend_of_an_area_and_the_city_every_year(tiny) -> None:
    table = trend(tiny, View(year=2024), A)
    assert table["year"].tolist() == [2022, 2023, 2024]
    # A: (5 + 3 + 2) / 500 in 2022, nothing in 2023, (2 + 4 + 6) / 400 in 2024.
    assert table["area_numerator"].tolist()[::2] == [10, 12]
    assert table["area_denominator"].tolist()[::2] == [500, 400]
    assert table["area"].tolist()[::2] == pytest.approx([10 / 500, 12 / 400])
    assert table["area_n_sites"].tolist()[::2] == [3, 3]
    # The city adds B: 14 / 900, 10 / 500, 24 / 1000.
    assert table["city"].tolist() == pytest.approx([14 / 900, 10 / 500, 24 / 1000])
    assert table["city_denominator"].tolist() == [900, 500, 1000]
    assert table["city_n_sites"].tolist() == [4, 1, 4]


def test_a_year_without_data_is_nan_never_zero(tiny) -> None:
    row = trend(tiny, View(year=2024), A).iloc[1]
    for column in ("area", "area_numerator", "area_denominator", "area_n_sites"):
        assert np.isnan(row[column]), column


def test_trend_follows_the_filters(tiny) -> None:
    official = View(year=2024, filters=make_filters({s.SECTOR: ["Oficial"]}))
    table = trend(tiny, official, A)
    # Only sites: (5 + 2) / 200 in 2022, (2 + 6) / 300 in 2024.
    assert table["area"].tolist()[::2] == pytest.approx([7 / 200, 8 / 300])
    assert table["city"].tolist() == pytest.approx([11 / 600, 10 / 500, 20 / 900])


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([np.nan, 0.02, np.nan, 0.05], (1, 0.03)),
        ([0.04, 0.01], (0, -0.03)),
        ([0.04, np.nan], None),  # the last year has no value
        ([np.nan, np.nan, 0.05], None),  # one year with a value
        ([], None),
    ],
)
def test_change_since_first(values: list[float], expected) -> None:
    found = change_since_first(pd.Series(values, dtype=float))
    if expected is None:
        assert found is None
    else:
        assert found[0] == expected[0]
        assert found[1] == pytest.approx(expected[1])


def test_site_values_are_each_sites_own(tiny) -> None:
    table = site_values(tiny, View(year=2024), A).set_index(s.SITE_CODE)
    assert table.index.tolist() == [f"{A}-0", f"{A}-1", f"{A}-2"]
    assert table["numerator"].tolist() == [2, 4, 6]
    assert table["denominator"].tolist() == [100, 100, 200]
    assert table["value"].tolist() == pytest.approx([0.02, 0.04, 0.03])
    assert table[s.ENROLLED].tolist() == [100, 100, 200]
    # Sites sit at the centre of their barrio: A1 is x 0..0.5, A2 x 0.5..1.
    assert table[s.LONGITUDE].tolist() == pytest.approx([0.25, 0.75, 0.25])
    assert table[s.LATITUDE].tolist() == pytest.approx([-0.5, -0.5, -0.5])
    assert table[s.SECTOR].tolist() == ["Oficial", "No oficial", "Oficial"]


def test_site_values_of_the_whole_city_and_a_zero_denominator(tiny) -> None:
    table = site_values(tiny, View(indicator="students_per_computer", year=2024))
    assert len(table) == 4
    rates = dict(zip(table[s.SITE_CODE], table["value"], strict=True))
    assert np.isnan(rates[f"{A}-0"])  # 100 students, 0 computers
    assert rates[f"{A}-1"] == pytest.approx(10.0)
    assert rates[f"{B}-0"] == pytest.approx(20.0)


def test_site_values_of_a_count_are_the_count(tiny) -> None:
    table = site_values(tiny, View(indicator="enrollment", year=2024), B)
    assert table["value"].tolist() == [600]
    assert table["denominator"].isna().all()


def test_barrio_values_sum_their_sites(tiny) -> None:
    table = barrio_values(tiny, View(year=2024), A).set_index(s.CODE)
    assert table.index.tolist() == ["A1", "A2", "A3"]
    # A1 holds: (2 + 6) / (100 + 200); A2 holds A-1: 4 / 100; A3 has no site.
    assert table.loc["A1", ["numerator", "denominator", "n_sites"]].tolist() == [8, 300, 2]
    assert table.loc["A1", "value"] == pytest.approx(8 / 300)
    assert table.loc["A2", "value"] == pytest.approx(0.04)
    assert np.isnan(table.loc["A3", "value"])
    assert table.loc["A3", "n_sites"] == 0


def test_barrio_values_are_empty_when_they_do_not_apply(tiny) -> None:
    assert barrio_values(tiny, View(year=2024, level="barrio"), A).empty
    assert barrio_values(tiny, View(indicator="coverage_gross", year=2024), A).empty
    without = city([(A, box(0, -1, 1, 0))], {(A, 2024): [(100, 1)]})
    assert barrio_values(without, View(year=2024), A).empty


def test_has_enrolment(tiny) -> None:
    assert has_enrolment(tiny, View(year=2024))
    counts_only = city([(A, box(0, -1, 1, 0))], {(A, 2024): [(None, 1, 2, 3)]})
    assert not has_enrolment(counts_only, View(year=2024))
