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
    assert indicator.unit in ("percent", "ratio", "count", "index", "score")
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


NEW_IDS = (
    "approval",
    "failure",
    "repetition",
    "overage",
    "saber11_global",
    "saber11_low_math",
    "saber11_low_reading",
    "dropout_risk",
)


def test_the_observatorys_indicators_are_in_the_catalogue() -> None:
    assert set(NEW_IDS) <= set(INDICATORS)


@pytest.mark.parametrize(
    ("indicator_id", "level", "numerator", "denominator"),
    [
        ("dropout", "secundaria", "desertores_secundaria", "matricula_secundaria"),
        ("failure", "primaria", "reprobados_primaria", "matricula_primaria"),
        ("approval", "media", "aprobados_media", "matricula_media"),
        ("repetition", "transicion", "repitentes_transicion", "matricula_transicion"),
        ("overage", "secundaria", "extraedad_secundaria", "matricula_secundaria"),
        ("coverage_net", "primaria", "matricula_6_10", "poblacion_6_10"),
        ("coverage_net", "transicion", "matricula_5", "poblacion_5"),
        ("coverage_gross", "media", "matricula_media", "poblacion_15_16"),
        ("enrollment", "secundaria", "matricula_secundaria", None),
        ("saber11_global", "media", "saber11_puntaje_total", "saber11_evaluados"),
    ],
)
def test_an_indicator_at_an_education_level_counts_that_levels_columns(
    indicator_id: str, level: str, numerator: str, denominator: str | None
) -> None:
    indicator = get_indicator(indicator_id, level)
    assert (indicator.numerator, indicator.denominator) == (numerator, denominator)
    assert indicator.education_level == level
    assert indicator.id == indicator_id  # the URL keeps ind= and nivel= apart
    for lang in ("es", "en"):
        assert indicator.label(lang) != INDICATORS[indicator_id].label(lang)


def test_coverage_at_a_level_names_its_official_ages() -> None:
    gross = get_indicator("coverage_gross", "secundaria")
    assert "11 a 14 años" in gross.definition["es"] and "5 a 16" not in gross.definition["es"]
    assert "11-14" in gross.definition["en"] and "5-16" not in gross.definition["en"]
    assert formula(gross, "es") == "Σ matricula_secundaria / poblacion_11_14 del territorio × 100"


@pytest.mark.parametrize(
    ("indicator_id", "level"),
    [("no_internet", "primaria"), ("saber11_global", "primaria"), ("dropout", "bachillerato")],
)
def test_an_indicator_without_that_level_says_which_it_has(indicator_id: str, level: str) -> None:
    with pytest.raises(ValueError, match="education level"):
        get_indicator(indicator_id, level)
