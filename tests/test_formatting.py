"""Numbers as Colombians and English readers write them."""

from __future__ import annotations

import math

import numpy as np
import pytest

from geo.model.catalogue import get_indicator
from geo.model.formatting import format_fraction, format_number, format_value, titled_with_unit

DROPOUT = get_indicator("dropout")
ENROLLMENT = get_indicator("enrollment")
PER_COMPUTER = get_indicator("students_per_computer")


@pytest.mark.parametrize(
    ("indicator", "value", "lang", "expected"),
    [
        (DROPOUT, 0.049, "es", "4,9 %"),
        (DROPOUT, 0.049, "en", "4.9 %"),
        (DROPOUT, 0.12345, "es", "12,3 %"),
        (DROPOUT, 12.5, "es", "1.250,0 %"),
        (ENROLLMENT, 425404, "es", "425.404"),
        (ENROLLMENT, 425404, "en", "425,404"),
        (ENROLLMENT, 1234567.0, "es", "1.234.567"),
        (PER_COMPUTER, 17.08, "es", "17,1"),
        (PER_COMPUTER, 17.08, "en", "17.1"),
    ],
)
def test_format_value(indicator, value: float, lang: str, expected: str) -> None:
    assert format_value(value, indicator, lang) == expected


@pytest.mark.parametrize("missing", [math.nan, np.float64("nan"), None])
@pytest.mark.parametrize(("lang", "expected"), [("es", "Sin datos"), ("en", "No data")])
def test_missing_values_say_no_data(missing: object, lang: str, expected: str) -> None:
    for indicator in (DROPOUT, ENROLLMENT, PER_COMPUTER):
        assert format_value(missing, indicator, lang) == expected
    assert format_number(missing, 0, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"), [("es", "1.024 de 27.832"), ("en", "1,024 of 27,832")]
)
def test_format_fraction(lang: str, expected: str) -> None:
    assert format_fraction(1024, 27832, lang) == expected


def test_zero_is_a_number_not_missing() -> None:
    assert format_value(0.0, DROPOUT, "es") == "0,0 %"
    assert format_value(0, ENROLLMENT, "en") == "0"


def test_title_carries_the_unit_except_for_ratios() -> None:
    assert titled_with_unit(DROPOUT, "es") == "Deserción intra-anual (%)"
    assert titled_with_unit(PER_COMPUTER, "en") == "Students per computer"


def test_a_mean_score_stands_on_its_candidates_not_on_a_fraction() -> None:
    from geo.model.catalogue import get_indicator
    from geo.model.formatting import format_base

    saber = get_indicator("saber11_global")
    assert format_base(314_846.0, 1_400.0, saber, "es") == "1.400 evaluados"
    assert format_base(314_846.0, 1_400.0, saber, "en") == "1,400 candidates"
    assert format_base(12.0, 100.0, get_indicator("failure"), "es") == "12 de 100"


def test_the_ranking_of_saber_11_gives_candidates_as_n(demo) -> None:
    from geo.analysis.choropleth import compute, ranking
    from geo.model.view import View

    table = ranking(compute(demo, View(indicator="saber11_global", year=2024)), "es")
    assert table["n"].str.endswith(" evaluados").all()
    assert not table["n"].str.contains(" de ").any()
