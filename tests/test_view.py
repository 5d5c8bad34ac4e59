"""The view and its URL: round trips, and bad links fall back with a note."""

from __future__ import annotations

import pytest

from geo.model.view import DEFAULT_MIN_N, LEVELS, Fallback, View, make_filters

YEARS = (2019, 2020, 2021, 2022, 2023, 2024)
FILTER_VALUES = {"sector": ("No oficial", "Oficial"), "zona": ("Rural", "Urbana")}


def parse(params: dict, **kwargs) -> tuple[View, list[Fallback]]:
    kwargs.setdefault("filter_values", FILTER_VALUES)
    return View.from_query(params, YEARS, **kwargs)


@pytest.mark.parametrize(
    "view",
    [
        View(year=2024),
        View(
            indicator="no_internet",
            year=2020,
            level="barrio",
            scheme="fisher_jenks",
            k=7,
            min_n=50,
            lang="en",
            selected="0103",
            filters=make_filters({"sector": ["Oficial"], "zona": ["Urbana", "Rural"]}),
        ),
        View(year=2021, scheme="user_defined", breaks=(0.025, 0.04, 0.06), fixed=True),
        View(indicator="coverage_gross", year=2019, scheme="box_plot"),
    ],
)
def test_to_query_round_trips(view: View) -> None:
    back, fallbacks = parse(view.to_query())
    assert back == view
    assert fallbacks == []


def test_query_values_are_strings_or_lists_of_strings() -> None:
    view = View(year=2024, filters=make_filters({"sector": ["Oficial"]}))
    query = view.to_query()
    assert query["ind"] == "dropout"
    assert query["year"] == "2024"
    assert query["f.sector"] == ["Oficial"]
    assert all(isinstance(v, str | list) for v in query.values())


@pytest.mark.parametrize(
    ("key", "given", "used"),
    [
        ("ind", "nope", "dropout"),
        ("year", "1990", "2024"),
        ("k", "99", "5"),
        ("k", "uno", "5"),
        ("scheme", "x", "quantiles"),
        ("lang", "fr", "es"),
        ("level", "x", "territorio"),
    ],
)
def test_invalid_value_falls_back_to_the_default_with_a_note(
    key: str, given: str, used: str
) -> None:
    view, fallbacks = parse({key: given})
    assert fallbacks == [Fallback(key=key, given=given, used=used)]
    assert view == View(year=2024)


def test_several_invalid_values_each_get_a_note() -> None:
    params = {"ind": "nope", "year": "1990", "k": "99", "scheme": "x", "lang": "fr", "level": "x"}
    view, fallbacks = parse(params)
    assert view == View(year=2024)
    assert {f.key for f in fallbacks} == set(params)
    assert all(f.given == params[f.key] for f in fallbacks)


def test_empty_query_is_the_default_view_for_the_latest_year() -> None:
    view, fallbacks = parse({})
    assert fallbacks == []
    assert view.year == max(YEARS)
    assert view == View(year=2024)


def test_year_defaults_to_the_latest_year_of_the_dataset() -> None:
    view, _ = View.from_query({}, [2021, 2018, 2019])
    assert view.year == 2021


def test_indicator_not_in_the_dataset_falls_back_to_its_first() -> None:
    view, fallbacks = parse({}, indicators=("enrollment", "sites"))
    assert view.indicator == "enrollment"
    assert fallbacks == []


def test_coverage_per_barrio_comes_back_per_territory() -> None:
    view, _ = parse({"ind": "coverage_gross", "level": "barrio"})
    assert view.indicator == "coverage_gross"
    assert view.level == "territorio"
    assert View(indicator="coverage_gross", level="barrio").compatible().level == "territorio"
    assert View(indicator="dropout", level="barrio").compatible().level == "barrio"


def test_level_missing_from_the_dataset_falls_back() -> None:
    view, fallbacks = parse({"level": "barrio"}, levels=("territorio",))
    assert view.level == "territorio"
    assert fallbacks == [Fallback("level", "barrio", "territorio")]
    assert set(LEVELS) >= {"territorio", "barrio"}


def test_list_valued_params_take_the_last_element() -> None:
    view, fallbacks = parse({"ind": ["dropout", "no_internet"], "year": ["2019", "2022"]})
    assert (view.indicator, view.year) == ("no_internet", 2022)
    assert fallbacks == []


def test_unknown_filter_values_are_dropped_with_a_note() -> None:
    view, fallbacks = parse({"f.sector": ["Oficial", "Privado"], "f.estrato": "3"})
    assert view.filters == (("sector", ("Oficial",)),)
    assert Fallback("f.sector", "Privado", "") in fallbacks
    assert Fallback("f.estrato", "3", "") in fallbacks


def test_user_defined_without_breaks_falls_back_to_quantiles() -> None:
    view, fallbacks = parse({"scheme": "user_defined"})
    assert view.scheme == "quantiles"
    assert Fallback("scheme", "user_defined", "quantiles") in fallbacks


@pytest.mark.parametrize("min_n", ["-1", "abc", "100001"])
def test_invalid_minimum_sample_falls_back(min_n: str) -> None:
    view, fallbacks = parse({"min_n": min_n})
    assert view.min_n == DEFAULT_MIN_N
    assert fallbacks == [Fallback("min_n", min_n, str(DEFAULT_MIN_N))]


def test_breaks_with_many_digits_round_trip() -> None:
    view = View(year=2024, scheme="user_defined", breaks=(0.03456789, 1234567.0))
    assert parse(view.to_query())[0].breaks == view.breaks


def test_a_searched_site_travels_in_the_link() -> None:
    from geo.model.view import query_params, view_query

    view, fallbacks = View.from_query({"site": " 990500100665 ", "sel": "16"}, [2024])
    assert (view.site, view.selected, fallbacks) == ("990500100665", "16", [])
    assert view.to_query()["site"] == "990500100665"
    assert "site" not in View(year=2024).to_query()
    again, _ = View.from_query(query_params(view_query(view)), [2024])
    assert again == view


def test_an_education_level_travels_in_the_link_as_nivel() -> None:
    view = View(indicator="failure", year=2024, education_level="secundaria")
    assert view.to_query()["nivel"] == "secundaria"
    back, fallbacks = View.from_query(view.to_query(), YEARS)
    assert (back, fallbacks) == (view, [])
    assert "nivel" not in View(year=2024).to_query()  # all levels: no key


@pytest.mark.parametrize(
    ("query", "given"),
    [
        ({"ind": "dropout", "nivel": "bachillerato"}, "bachillerato"),
        ({"ind": "no_internet", "nivel": "primaria"}, "primaria"),  # no figures per level
        ({"ind": "saber11_global", "nivel": "primaria"}, "primaria"),  # media's own test
    ],
)
def test_an_education_level_the_indicator_lacks_falls_back_to_all_levels(
    query: dict, given: str
) -> None:
    view, fallbacks = View.from_query(query, YEARS)
    assert view.education_level == ""
    assert fallbacks == [Fallback("nivel", given, "")]


def test_the_datasets_own_levels_decide() -> None:
    only_primary = {"dropout": ("primaria",)}
    query = {"ind": "dropout", "nivel": "media"}
    view, fallbacks = View.from_query(query, YEARS, education_levels=only_primary.get)
    assert view.education_level == "" and fallbacks == [Fallback("nivel", "media", "")]
    query["nivel"] = "primaria"
    view, _ = View.from_query(query, YEARS, education_levels=only_primary.get)
    assert view.education_level == "primaria"


def test_changing_to_an_indicator_without_levels_drops_the_level() -> None:
    from dataclasses import replace

    view = View(indicator="dropout", year=2024, education_level="media")
    assert replace(view, indicator="no_internet").compatible().education_level == ""
    assert replace(view, indicator="saber11_global").compatible().education_level == "media"


def test_another_indicator_keeps_the_education_level_only_if_it_has_it() -> None:
    view = View(indicator="dropout", year=2024, education_level="secundaria")
    assert view.with_indicator("failure").education_level == "secundaria"
    assert view.with_indicator("no_internet").education_level == ""
    assert View(indicator="dropout", year=2024).with_indicator("failure").education_level == ""
