"""The indicator catalogue: complete in both languages, drawable, and formula-ready."""

from __future__ import annotations

import pytest
from branca.utilities import color_brewer

from geo.model import schema as s
from geo.model.catalogue import DEFAULT_INDICATOR, INDICATORS, formula, get_indicator

REQUIRED = (
    "dropout",
    "no_internet",
    "no_computer",
    "students_per_computer",
    "coverage_gross",
    "enrollment",
)
IDS = sorted(INDICATORS)


def test_required_indicators_exist() -> None:
    assert set(REQUIRED) <= set(INDICATORS)
    assert DEFAULT_INDICATOR in INDICATORS


@pytest.mark.parametrize("indicator_id", IDS)
def test_every_text_is_given_in_spanish_and_english(indicator_id: str) -> None:
    indicator = INDICATORS[indicator_id]
    assert indicator.id == indicator_id
    for texts in (indicator.name, indicator.short, indicator.definition, indicator.source):
        assert set(texts) == {"es", "en"}
        assert all(isinstance(v, str) and v.strip() for v in texts.values())


@pytest.mark.parametrize("indicator_id", IDS)
@pytest.mark.parametrize("n", range(3, 10))
def test_palette_is_a_colorbrewer_scheme(indicator_id: str, n: int) -> None:
    colours = color_brewer(INDICATORS[indicator_id].palette, n)
    assert len(colours) == n
    assert all(c.startswith("#") and len(c) == 7 for c in colours)


@pytest.mark.parametrize("indicator_id", IDS)
def test_definition_is_consistent(indicator_id: str) -> None:
    indicator = INDICATORS[indicator_id]
    assert indicator.unit in ("percent", "ratio", "count", "index")
    assert indicator.direction in ("higher_worse", "lower_worse", "neutral")
    assert indicator.levels and indicator.levels[0] == "territorio"
    if indicator.denominator is None:
        assert indicator.unit == "count"
    if indicator.denominator_source == "population":
        assert indicator.denominator in (s.POPULATION, s.POPULATION_5_16)
        assert indicator.levels == ("territorio",)


def test_get_indicator() -> None:
    assert get_indicator("dropout") is INDICATORS["dropout"]


def test_unknown_indicator_lists_the_valid_ids() -> None:
    with pytest.raises(ValueError, match="Unknown indicator 'desercion'") as caught:
        get_indicator("desercion")
    for indicator_id in INDICATORS:
        assert indicator_id in str(caught.value)


@pytest.mark.parametrize(
    ("indicator_id", "lang", "expected"),
    [
        ("dropout", "es", "Σ desertores / Σ matricula × 100"),
        ("students_per_computer", "es", "Σ matricula / Σ computadores"),
        ("coverage_gross", "es", "Σ matricula / poblacion_5_16 del territorio × 100"),
        ("coverage_gross", "en", "Σ matricula / poblacion_5_16 of the territory × 100"),
        ("enrollment", "es", "Σ matricula"),
    ],
)
def test_formula(indicator_id: str, lang: str, expected: str) -> None:
    assert formula(get_indicator(indicator_id), lang) == expected
