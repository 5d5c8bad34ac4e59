"""Change between years and the bivariate map, on a tiny city with numbers worked by hand."""

from __future__ import annotations

import numpy as np
import pytest
from tiny_city import city, code, lattice

from geo.analysis.compare import (
    CHANGE_COLORS,
    NEUTRAL_CHANGE_COLORS,
    bivariate,
    change,
    format_change,
)
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from geo.model.view import View

A, B, C, D = code(0, 0), code(0, 1), code(1, 0), code(1, 1)
# Sites as (matricula, desertores). Dropout per territory, summed over its sites:
#   A 2023: (5 + 3) / (100 + 300) = 2 %  (the mean of its site rates would be 3 %)
#   A 2024: (2 + 4) / (100 + 100) = 3 %  -> +1 pp
#   B: 10 / 200 = 5 %  ->  4 / 200 = 2 %  -> -3 pp
#   C: 3 / 100 = 3 %   ->  2 / 100 = 2 %  -> -1 pp
#   D: 1 / 20 in 2023, a small sample (20 < 30): no change although 2024 has 5 / 100.
TWO_YEARS = {
    (A, 2023): [(100, 5), (300, 3)],
    (A, 2024): [(100, 2), (100, 4)],
    (B, 2023): [(200, 10)],
    (B, 2024): [(200, 4)],
    (C, 2023): [(50, 1), (50, 2)],
    (C, 2024): [(50, 1), (50, 1)],
    (D, 2023): [(20, 1)],
    (D, 2024): [(100, 5)],
}


@pytest.fixture(scope="module")
def two_years():
    return city(lattice(2, 2), TWO_YEARS)


def by_code(frame, column: str) -> dict:
    return dict(zip(frame[s.CODE], frame[column], strict=True))


def test_change_is_the_difference_of_sums_over_sums(two_years) -> None:
    result = change(two_years, View(year=2024), 2023, 2024)
    before, after, diff = (by_code(result.areas, c) for c in ("before", "after", "change"))
    assert [before[x] for x in (A, B, C)] == pytest.approx([0.02, 0.05, 0.03])
    assert [after[x] for x in (A, B, C, D)] == pytest.approx([0.03, 0.02, 0.02, 0.05])
    assert [diff[x] for x in (A, B, C)] == pytest.approx([0.01, -0.03, -0.01])
    assert (result.year_a, result.year_b) == (2023, 2024)


def test_a_small_sample_in_either_year_gives_no_change(two_years) -> None:
    result = change(two_years, View(year=2024), 2023, 2024)
    assert by_code(result.areas, "before")[D] == pytest.approx(0.05)  # 1 of 20: shown, not used
    assert np.isnan(by_code(result.areas, "change")[D])
    assert by_code(result.areas, "klass")[D] == -1
    everywhere = change(two_years, View(year=2024, min_n=10), 2023, 2024)
    assert by_code(everywhere.areas, "change")[D] == pytest.approx(0.05 - 0.05)


def test_change_classes_are_symmetric_around_zero(two_years) -> None:
    """The largest change is 3 pp, so the bounds are 3 pp x (-0.6, -0.2, 0.2, 0.6, 1)."""
    result = change(two_years, View(year=2024), 2023, 2024)
    assert result.upper == pytest.approx((-0.018, -0.006, 0.006, 0.018, 0.03))
    klass = by_code(result.areas, "klass")
    # +1 pp is in (0.6, 1.8] pp; -3 pp is the lowest class; -1 pp is in (-1.8, -0.6] pp.
    assert [klass[x] for x in (A, B, C)] == [3, 0, 1]


def test_no_change_is_the_middle_class(two_years) -> None:
    result = change(two_years, View(year=2024), 2024, 2024)
    assert (result.areas["change"] == 0).all()
    assert set(result.areas["klass"]) == {2}


def test_change_colours_follow_the_direction(two_years) -> None:
    dropout = change(two_years, View(year=2024), 2023, 2024)
    assert dropout.colors == CHANGE_COLORS[::-1]  # a rise in dropout is bad: red at the top
    assert dropout.colors[-1] == "#ca0020"
    enrolment = change(two_years, View(indicator="enrollment", year=2024), 2023, 2024)
    assert enrolment.colors == NEUTRAL_CHANGE_COLORS
    # A count's change is the difference of the sums: A 400 -> 200 students.
    assert by_code(enrolment.areas, "change")[A] == -200


@pytest.mark.parametrize(
    ("value", "indicator", "lang", "expected"),
    [
        (0.01, "dropout", "es", "+1,0 pp"),
        (-0.03, "dropout", "en", "−3.0 pp"),
        (0.0, "dropout", "es", "±0,0 pp"),
        (-2.34, "students_per_computer", "es", "−2,3"),
        (1234.0, "enrollment", "es", "+1.234"),
        (float("nan"), "dropout", "es", "Sin datos"),
        (None, "dropout", "en", "No data"),
    ],
)
def test_format_change(value, indicator: str, lang: str, expected: str) -> None:
    assert format_change(value, get_indicator(indicator), lang) == expected


# Six territories, 200 students each. Dropout (x) 1 % .. 6 %: tertile bounds at positions
# 5/3 and 10/3 of the sorted values, 2.67 % and 4.33 %. Gross coverage (y, lower is worse)
# 200 / population: 80, 50, 40, 20, 100, 25 %; bounds 25 + 2/3 x 15 = 35 % and
# 50 + 1/3 x 30 = 60 %, and its classes turned around so that 2 is the worst third.
SIX = [code(0, c) for c in range(3)] + [code(1, c) for c in range(3)]
DROPOUTS = [2, 4, 6, 8, 10, 12]
POPULATION = [250, 400, 500, 1000, 200, 800]
X_CLASS = [0, 0, 1, 1, 2, 2]
Y_CLASS = [0, 1, 1, 2, 0, 2]  # 80 % best third ... 20 % and 25 % worst


@pytest.fixture(scope="module")
def six():
    sites = {(c, 2024): [(200, d)] for c, d in zip(SIX, DROPOUTS, strict=True)}
    population = {(c, 2024): p for c, p in zip(SIX, POPULATION, strict=True)}
    return city(lattice(2, 3), sites, population=population)


def test_bivariate_tertiles_by_hand(six) -> None:
    result = bivariate(six, View(year=2024), "coverage_gross")
    assert result.x_breaks == pytest.approx((0.02 + 0.01 * 2 / 3, 0.04 + 0.01 / 3))
    assert result.y_breaks == pytest.approx((0.35, 0.60))
    assert result.areas["x"].tolist() == pytest.approx([d / 200 for d in DROPOUTS])
    assert result.areas["y"].tolist() == pytest.approx([200 / p for p in POPULATION])
    expected = [3 * y + x for x, y in zip(X_CLASS, Y_CLASS, strict=True)]
    assert result.areas["klass"].tolist() == expected == [0, 3, 4, 7, 2, 8]
    # Class 8, both worst: the highest dropout and the lowest coverage but one.
    assert result.areas.loc[result.areas["klass"] == 8, s.CODE].tolist() == [code(1, 2)]


def test_bivariate_leaves_out_areas_missing_either_indicator(six) -> None:
    result = bivariate(six, View(year=2024, min_n=201), "coverage_gross")  # dropout all small
    assert (result.areas["klass"] == -1).all()
    assert result.areas["x"].isna().all()
    # The minimum n applies to populations too: only the territory of 200 people is small.
    missing = result.areas.loc[result.areas["y"].isna(), s.CODE].tolist()
    assert missing == [code(1, 1)]
