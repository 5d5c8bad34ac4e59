"""Comunas apart from corregimientos (issue 15): with a zone, classes over its areas only, a
ranking of its areas only (each with its zone), the others muted on the map, in the URL, and
in the exports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import folium
import mapclassify
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box
from tiny_city import city

from geo.analysis.choropleth import Status, compute, filters_sentence, ranking
from geo.analysis.clusters import local_moran
from geo.analysis.compare import bivariate, change
from geo.analysis.zones import KIND_COLUMN, area_kinds, dataset_zones
from geo.export.tables import export_table, metadata
from geo.model import schema as s
from geo.model.dataset import Dataset
from geo.model.territories import BY_CODE, TERRITORIES
from geo.model.view import ZONES, View, query_params, view_query
from geo.render.comparemaps import build_bivariate_map, build_change_map, build_cluster_map
from geo.render.maps import choropleth_map, feature_collection
from geo.render.style import OUTSIDE_ZONE_FILL

ROOT = Path(__file__).resolve().parents[1]
COMUNAS = [t.code for t in TERRITORIES if t.kind == "comuna"]
CORREGIMIENTOS = [t.code for t in TERRITORIES if t.kind == "corregimiento"]
KIND = {"comunas": "comuna", "corregimientos": "corregimiento"}


def _zone_values(demo: Dataset, view: View, zone: str) -> pd.Series:
    """The zone's values, from the view computed for the whole city (no zone): the values do
    not depend on the classification, so this is an independent source."""
    areas = compute(demo, View(indicator=view.indicator, year=view.year)).areas
    codes = COMUNAS if zone == "comunas" else CORREGIMIENTOS
    return areas.set_index(s.CODE).loc[codes, "value"]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("indicator", ["dropout", "no_internet", "coverage_gross"])
def test_classes_are_computed_over_the_zone_only(demo: Dataset, zone: str, indicator: str) -> None:
    view = View(indicator=indicator, year=2024, zone=zone, k=4 if zone == "comunas" else 3)
    choropleth = compute(demo, view)
    values = _zone_values(demo, view, zone)
    expected = mapclassify.Quantiles(values.to_numpy(), k=view.k)
    np.testing.assert_allclose(choropleth.classification.upper, expected.bins)
    assert list(choropleth.classification.counts) == list(expected.counts)
    by_code = dict(zip(choropleth.areas[s.CODE], choropleth.classification.classes, strict=True))
    assert [by_code[code] for code in values.index] == list(expected.yb)
    # the zone's classes differ from the whole city's: the corregimientos no longer decide them
    whole = compute(demo, View(indicator=indicator, year=2024, k=view.k)).classification
    assert tuple(whole.upper) != tuple(choropleth.classification.upper)


def test_areas_outside_the_zone_keep_their_values_but_no_class(demo: Dataset) -> None:
    choropleth = compute(demo, View(indicator="dropout", year=2024, zone="comunas"))
    areas = choropleth.areas.set_index(s.CODE)
    assert set(areas.index[areas["status"] == Status.OUTSIDE]) == set(CORREGIMIENTOS)
    assert areas.loc[CORREGIMIENTOS, "value"].notna().all()  # their tooltip still reads it
    classes = dict(zip(choropleth.areas[s.CODE], choropleth.classification.classes, strict=True))
    assert all(classes[code] is None for code in CORREGIMIENTOS)
    assert all(classes[code] is not None for code in COMUNAS)
    assert areas[KIND_COLUMN].to_dict() == {code: BY_CODE[code].kind for code in areas.index}


@pytest.mark.parametrize("zone", ZONES)
def test_the_ranking_lists_the_zone_worst_first_with_its_zone(demo: Dataset, zone: str) -> None:
    view = View(indicator="dropout", year=2024, zone=zone)
    table = ranking(compute(demo, view), "es")
    rows, city_row = table.iloc[:-1], table.iloc[-1]
    values = _zone_values(demo, view, zone)
    names = {code: BY_CODE[code].name for code in values.index}
    expected = sorted(values.index, key=lambda code: (-values[code], names[code]))
    assert rows["Territorio"].tolist() == [names[code] for code in expected]
    assert rows["Puesto"].tolist() == list(range(1, len(values) + 1))
    assert set(rows["Tipo"]) == {"Comuna" if zone == "comunas" else "Corregimiento"}
    # the city value stays the whole city's
    whole = ranking(compute(demo, View(indicator="dropout", year=2024)), "es").iloc[-1]
    assert city_row.to_dict() == whole.to_dict()


def test_the_whole_city_ranking_says_each_areas_zone(demo: Dataset) -> None:
    table = ranking(compute(demo, View(indicator="dropout", year=2024)), "en").iloc[:-1]
    kinds = {t.name: t.kind.capitalize() for t in TERRITORIES}
    assert table["Type"].tolist() == [kinds[name] for name in table["Territory"]]
    assert len(table) == 21
    assert table["Type"].iloc[0] == "Corregimiento"  # why issue 15 asked for zones


def test_a_barrio_belongs_to_the_zone_of_its_territory(demo: Dataset) -> None:
    choropleth = compute(demo, View(indicator="dropout", year=2024, level="barrio", zone="comunas"))
    areas = choropleth.areas
    home = dict(zip(demo.barrios[s.CODE], demo.barrios[s.TERRITORY], strict=True))
    territory = areas[s.CODE].map(home)
    outside = (areas["status"] == Status.OUTSIDE).to_numpy()
    assert territory[outside].isin(CORREGIMIENTOS).all()
    assert territory[~outside].isin(COMUNAS).all()
    assert outside.any() and (~outside).any()
    values = areas["value"].where(areas["status"] == Status.OK).dropna()
    expected = mapclassify.Quantiles(values.to_numpy(), k=5)
    np.testing.assert_allclose(choropleth.classification.upper, expected.bins)


def test_the_map_mutes_the_outside_and_counts_it_in_the_legend(demo: Dataset) -> None:
    choropleth = compute(demo, View(indicator="dropout", year=2024, zone="comunas"))
    collection = feature_collection(
        choropleth.areas, choropleth.indicator, choropleth.classification, "es"
    )
    fills = {f["id"]: f["properties"]["fill"] for f in collection["features"]}
    assert {fills[code] for code in CORREGIMIENTOS} == {OUTSIDE_ZONE_FILL}
    assert OUTSIDE_ZONE_FILL not in {fills[code] for code in COMUNAS}
    script = choropleth_map(choropleth, demo, "en").standalone().get_root().render()
    assert "outside the chosen zone" in script
    assert "Comunas (urban), 2024" in script


def test_the_zone_is_in_the_url_and_falls_back_where_it_cannot_be_used(demo: Dataset) -> None:
    view = View(indicator="dropout", year=2024, zone="corregimientos")
    assert "zone=corregimientos" in view_query(view)
    assert "zone" not in View(year=2024).to_query()  # absent = all
    params = query_params(view_query(view))
    back, notes = View.from_query(params, demo.years, demo.levels, zones=dataset_zones(demo))
    assert back == view and not notes
    # an unknown zone, núcleos (no zone) and boundaries without Medellín's codes: all, noted
    for query, zones in (
        ("zone=rural", ZONES),
        ("zone=comunas&level=nucleo", ZONES),
        ("zone=comunas", ()),
    ):
        back, notes = View.from_query(query_params(query), demo.years, zones=zones)
        assert back.zone == "" and [n.key for n in notes] == ["zone"], query


def test_boundaries_without_medellin_codes_have_no_zones() -> None:
    squares = [("A1", box(0, 0, 1, 1)), ("B2", box(1, 0, 2, 1))]
    tiny = city(squares, {("A1", 2024): [(100, 5)], ("B2", 2024): [(100, 9)]})
    assert dataset_zones(tiny) == ()
    assert area_kinds(tiny, tiny.territories, "territorio") is None
    choropleth = compute(tiny, View(indicator="dropout", year=2024))
    assert KIND_COLUMN not in choropleth.areas
    assert "Tipo" not in ranking(choropleth, "es")


def test_filters_sentence_names_the_zone(demo: Dataset) -> None:
    view = View(year=2024, zone="comunas", filters=(("sector", ("Oficial",)),))
    assert filters_sentence(view, "es") == "Comunas (urbano), oficial, 2024"
    assert filters_sentence(View(year=2024, zone="corregimientos"), "en") == (
        "Corregimientos (rural), 2024"
    )


def test_exports_hold_the_zones_areas_and_say_so(demo: Dataset) -> None:
    choropleth = compute(demo, View(indicator="dropout", year=2024, zone="comunas"))
    table = export_table(choropleth, "es")
    assert sorted(table["code"]) == sorted(COMUNAS)
    assert set(table["territory_kind"]) == {"comuna"}
    meta = metadata(choropleth, demo, "en")
    assert meta["zone"]["id"] == "comunas" and meta["zone"]["areas_left_out"] == 5
    assert "zone=comunas" in meta["view"]
    assert meta["classification"]["counts"] == list(choropleth.classification.counts)
    assert sum(meta["classification"]["counts"]) == 16
    everything = metadata(compute(demo, View(indicator="dropout", year=2024)), demo, "en")
    assert everything["zone"]["id"] == "all"


def test_cli_export_view_carries_the_zone(tmp_path: Path) -> None:
    out = tmp_path / "comunas.csv"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "export",
            "--view",
            "ind=dropout&zone=corregimientos",
            "-o",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(out, dtype={"code": str})
    assert sorted(table["code"]) == sorted(CORREGIMIENTOS)
    meta = json.loads((tmp_path / "comunas.metadata.json").read_text())
    assert meta["zone"]["id"] == "corregimientos"


def _app(**query: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_the_sidebar_offers_the_zone_at_the_territory_level_only() -> None:
    at = _app(zone="comunas")
    assert not at.exception
    (zone,) = [box for box in at.sidebar.selectbox if box.label == "Comunas o corregimientos"]
    assert zone.value == "comunas"
    (component,) = at.get("component_instance")
    args = json.loads(component.proto.json_args)
    script = args["script"] + args["feature_group"]
    assert OUTSIDE_ZONE_FILL in script and "fuera de la zona elegida" in script

    at = _app(zone="comunas", level="nucleo")  # núcleos have no zone: all, and a note
    assert not at.exception
    assert "Comunas o corregimientos" not in [box.label for box in at.sidebar.selectbox]
    assert any("`zone=comunas`" in info.value for info in at.info)


def test_the_priority_index_with_a_zone_scores_and_classifies_its_areas_only(
    demo: Dataset,
) -> None:
    from geo.analysis.priority import DEFAULT_WEIGHTS, priority_choropleth

    view = View(year=2024, zone="comunas")
    choropleth = priority_choropleth(demo, view, dict(DEFAULT_WEIGHTS), "minmax")
    areas = choropleth.areas.set_index(s.CODE)
    assert set(areas.index[areas["status"] == Status.OUTSIDE]) == set(CORREGIMIENTOS)
    assert sum(choropleth.classification.counts) == 16
    inside = areas.loc[COMUNAS, "value"]
    assert inside.max() <= 1 and inside.min() >= 0 and inside.notna().all()


def test_fixed_breaks_pool_the_zones_areas_over_the_years(demo: Dataset) -> None:
    pooled = np.concatenate(
        [
            _zone_values(demo, View(indicator="dropout", year=year), "corregimientos").to_numpy()
            for year in demo.years
        ]
    )
    expected = mapclassify.Quantiles(pooled, k=5)
    view = View(indicator="dropout", year=2024, zone="corregimientos", fixed=True)
    np.testing.assert_allclose(compute(demo, view).classification.upper, expected.bins)


def _feature_fills(parts) -> dict[str, str]:
    """Each area's fill in the comparison map's GeoJSON layer."""
    features = []

    def walk(element) -> None:
        if isinstance(element, folium.GeoJson):
            features.extend(element.data["features"])
        for child in element._children.values():
            walk(child)

    walk(parts.standalone())
    return {feature["id"]: feature["properties"]["fill"] for feature in features}


def test_comparison_maps_mute_the_outside_instead_of_calling_it_no_data(demo: Dataset) -> None:
    """Change and bivariate maps at comuna level, clusters at barrio level, with a zone: the
    areas outside it are drawn as on the choropleth and counted apart from "no data"."""
    view = View(indicator="dropout", year=2024, zone="comunas")
    common = {"subtitle": "", "demo": True, "source": ""}
    change_map = build_change_map(change(demo, view, 2020, 2024), "en", **common)
    bivariate_map = build_bivariate_map(bivariate(demo, view, "no_internet"), "en", **common)
    for parts in (change_map, bivariate_map):
        fills = _feature_fills(parts)
        assert len(fills) == 21
        assert {fills[code] for code in CORREGIMIENTOS} == {OUTSIDE_ZONE_FILL}
        assert OUTSIDE_ZONE_FILL not in {fills[code] for code in COMUNAS}
        assert "outside the chosen zone" in parts.standalone().get_root().render()
    barrios = View(indicator="dropout", year=2024, level="barrio", zone="comunas")
    outside = {
        code
        for code, territory in zip(demo.barrios[s.CODE], demo.barrios[s.TERRITORY], strict=True)
        if BY_CODE[territory].kind == "corregimiento"
    }
    cluster_map = build_cluster_map(local_moran(compute(demo, barrios)), "x", "en", **common)
    fills = _feature_fills(cluster_map)
    assert {code for code, fill in fills.items() if fill == OUTSIDE_ZONE_FILL} == outside
