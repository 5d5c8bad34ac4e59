"""From the demo dataset and a view to areas, classes and a ranking."""

from __future__ import annotations

import json

import pytest

from geo.analysis.aggregate import CITY, aggregate
from geo.analysis.choropleth import Status, compute, ranking
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from geo.model.dataset import Dataset
from geo.model.formatting import format_value
from geo.model.view import View, make_filters


def test_territory_map_has_21_classified_areas(demo: Dataset) -> None:
    choropleth = compute(demo, View(year=2024))
    assert len(choropleth.areas) == 21
    assert len(choropleth.classification.classes) == 21
    assert (choropleth.areas["status"] == Status.OK).all()
    assert None not in choropleth.classification.classes
    assert sum(choropleth.classification.counts) == 21
    assert choropleth.classification.k == 5


@pytest.mark.parametrize(
    ("indicator", "descending"), [("dropout", True), ("coverage_gross", False)]
)
def test_ranking_puts_the_worst_first(demo: Dataset, indicator: str, descending: bool) -> None:
    """Dropout: highest first. Coverage (lower is worse): lowest first."""
    choropleth = compute(demo, View(indicator=indicator, year=2024))
    table = ranking(choropleth, "es")
    areas = choropleth.areas.sort_values("value", ascending=not descending)
    assert table["Territorio"].tolist()[:21] == areas[s.NAME].tolist()
    assert table["Puesto"].tolist()[:21] == list(range(1, 22))
    values = areas["value"].tolist()
    assert values == sorted(values, reverse=descending)
    assert values[0] != values[-1]


def test_ranking_ends_with_the_city_total(demo: Dataset) -> None:
    choropleth = compute(demo, View(year=2024))
    table = ranking(choropleth, "es")
    assert len(table) == 22
    last = table.iloc[-1]
    assert last["Territorio"] == "Medellín (total)"
    assert last["Puesto"] is None
    indicator = get_indicator("dropout")
    city = aggregate(demo.facts, indicator, 2024, CITY).loc[CITY]
    assert choropleth.city["value"] == pytest.approx(city["value"])
    assert choropleth.city["numerator"] == city["numerator"]
    assert last["Deserción intra-anual"] == format_value(city["value"], indicator, "es")
    assert city["n_sites"] == len(demo.sites)


def test_city_total_is_the_sum_of_the_territories(demo: Dataset) -> None:
    choropleth = compute(demo, View(year=2024))
    assert choropleth.city["numerator"] == choropleth.areas["numerator"].sum()
    assert choropleth.city["denominator"] == choropleth.areas["denominator"].sum()


def test_barrio_level_has_areas_without_data(demo: Dataset) -> None:
    choropleth = compute(demo, View(year=2024, level="barrio"))
    areas = choropleth.areas
    assert 280 <= len(areas) <= 330
    no_data = areas["status"] == Status.NO_DATA
    assert 0 < no_data.sum() < len(areas) / 2
    assert choropleth.no_data_count == no_data.sum()
    assert (areas.loc[no_data, "n_sites"] == 0).all()
    unclassified = [c is None for c in choropleth.classification.classes]
    assert unclassified == (areas["status"] != Status.OK).tolist()
    assert ranking(choropleth, "es")["Puesto"].iloc[-2] is None  # no-data areas come last


def test_filters_change_the_map(demo: Dataset) -> None:
    everyone = compute(demo, View(year=2024))
    official = compute(demo, View(year=2024, filters=make_filters({s.SECTOR: ["Oficial"]})))
    assert official.city["denominator"] < everyone.city["denominator"]
    assert official.city["value"] > everyone.city["value"]


def test_filters_matching_no_site_give_a_map_without_data(demo: Dataset) -> None:
    view = View(year=2024, filters=make_filters({s.NUCLEO: ["914"], s.ZONE: ["Rural"]}))
    choropleth = compute(demo, view)
    assert (choropleth.areas["status"] == Status.NO_DATA).all()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_ranking_columns_never_repeat_each_other(demo: Dataset, lang: str) -> None:
    """*Sedes educativas* is the number of sites: no *Sedes* column beside it; *Sedes sin
    banda ancha* shows "17 de 40" sedes, so no *Sedes* column repeating the 40 either."""
    for indicator in demo.available_indicators():
        table = ranking(compute(demo, View(indicator=indicator, year=2024)), lang)
        columns = [table[c].astype(str).tolist() for c in table.columns]
        repeated = [c for i, c in enumerate(table.columns) if columns[i] in columns[:i]]
        assert repeated == [], indicator
        sites = {"es": "Sedes", "en": "Sites"}[lang]
        assert (sites in table) == (indicator not in ("sites", "no_broadband")), indicator
        if "n" in table and sites in table:  # the n's denominator is not the site count
            denominators = table["n"].str.split().str[-1].tolist()
            assert denominators != table[sites].tolist(), indicator


def test_the_site_count_ranking_shows_each_count_once(demo: Dataset) -> None:
    choropleth = compute(demo, View(indicator="sites", year=2024))
    table = ranking(choropleth, "es")
    assert list(table.columns) == ["Puesto", "Territorio", "Tipo", "Sedes educativas"]
    counts = choropleth.areas.set_index(s.NAME)["n_sites"]
    shown = table.set_index("Territorio")["Sedes educativas"].iloc[:-1]
    assert shown.tolist() == [f"{counts[name]:,}".replace(",", ".") for name in shown.index]
    assert table.iloc[-1]["Sedes educativas"] == f"{len(demo.sites):,}".replace(",", ".")


def test_status_is_the_text_exports_and_links_carry(demo: Dataset) -> None:
    """``Status`` members equal their text, and serialise as it: maps, exports and links
    written before the enum existed stay byte for byte the same."""
    assert [str(v) for v in Status] == ["ok", "small", "no_data", "outside"]
    assert json.dumps({"estado": Status.SMALL}) == '{"estado": "small"}'
    assert f"{Status.NO_DATA}" == "no_data" and Status.OK == "ok"
    areas = compute(demo, View(year=2024, level="barrio", min_n=200)).areas
    assert set(areas["status"]) == {"ok", "small", "no_data"}
    assert {type(v) for v in areas["status"]} == {str}  # plain text in the frame
