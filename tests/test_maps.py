"""The folium map: ColorBrewer fills, an offline page, a complete legend, no injected HTML."""

from __future__ import annotations

import html
import json
import re

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from geo.analysis.choropleth import Choropleth
from geo.analysis.classify import classify
from geo.model import schema as s
from geo.model.catalogue import Indicator, get_indicator
from geo.model.dataset import Dataset
from geo.model.view import View, make_filters
from geo.render.maps import SERVED_ASSETS, MapParts, add_sites, choropleth_map, feature_collection
from geo.render.maps import _Legend as Legend
from geo.render.maps import _LegendPart as LegendPart
from geo.render.style import (
    NO_DATA_FILL,
    SITE_OUTLINE,
    SITE_RADIUS_UNSIZED,
    class_colors,
    size_steps,
)

DROPOUT = get_indicator("dropout")
COVERAGE = get_indicator("coverage_gross")
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"

ORRD_5 = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"]  # ColorBrewer OrRd, 5 classes
GNBU_5 = ["#f0f9e8", "#bae4bc", "#7bccc4", "#43a2ca", "#0868ac"]  # ColorBrewer GnBu, 5 classes


def make_areas(names: tuple[str, str, str] = ("Norte", "Centro", "Sur")) -> gpd.GeoDataFrame:
    """Three squares near Medellín; the third has no data."""
    return gpd.GeoDataFrame(
        {
            "codigo": ["A", "B", "C"],
            "nombre": list(names),
            "numerator": [5.0, 10.0, np.nan],
            "denominator": [100.0, 100.0, np.nan],
            "value": [0.05, 0.10, np.nan],
            "n_sites": [1, 2, 0],
        },
        geometry=[
            box(-75.60, 6.20, -75.55, 6.25),
            box(-75.55, 6.20, -75.50, 6.25),
            box(-75.50, 6.20, -75.45, 6.25),
        ],
        crs="EPSG:4326",
    )


def map_of(
    areas: gpd.GeoDataFrame,
    *,
    indicator: Indicator = DROPOUT,
    subtitle: str = "2024",
    source: str = "Fuente demo",
    demo: bool = True,
    lang: str = "es",
) -> MapParts:
    """``areas`` drawn as the pages draw a view: the choropleth of a dataset of those areas
    whose source line is ``source``. The legend's subtitle is the view's filters and year, so
    a ``subtitle`` other than the year is given as a filter value (it reads "<value>, 2024")."""
    classification = classify(areas["value"], "quantiles", k=2)
    statuses = ["no_data" if cls is None else "ok" for cls in classification.classes]
    areas = areas.assign(status=statuses)
    filters = () if subtitle == "2024" else make_filters({s.SECTOR: [subtitle]})
    view = View(indicator=indicator.id, year=2024, lang=lang, filters=filters)
    city = pd.Series({"numerator": np.nan, "denominator": np.nan, "value": np.nan, "n_sites": 0})
    dataset = Dataset(
        id="test",
        label=source,
        is_demo=demo,
        territories=areas[[s.CODE, s.NAME, "geometry"]],
        barrios=None,
        sites=gpd.GeoDataFrame(geometry=[], crs="EPSG:4326"),
        facts=pd.DataFrame(),
        population=None,
    )
    return choropleth_map(Choropleth(view, indicator, areas, classification, city), dataset, lang)


def render(areas: gpd.GeoDataFrame | None = None, **options) -> tuple[folium.Map, str]:
    fmap = map_of(make_areas() if areas is None else areas, **options).standalone()
    return fmap, fmap.get_root().render()


def children(element, kind: type) -> list:
    """Every element of ``kind`` under ``element`` (the map, its layers, theirs)."""
    found = []
    for child in element._children.values():
        found += [child] if isinstance(child, kind) else children(child, kind)
    return found


def fills(fmap: folium.Map) -> dict[str, str]:
    """Area code -> the fill colour folium's style function gives it."""
    (layer,) = children(fmap, folium.GeoJson)
    return {f["id"]: layer.style_function(f)["fillColor"] for f in layer.data["features"]}


def legend_text(page: str) -> str:
    """The legend's HTML, decoded from the JSON string the page assigns to innerHTML."""
    (literal,) = re.findall(r'div\.innerHTML = ("(?:[^"\\]|\\.)*");', page)
    return json.loads(literal)


# --- colours -----------------------------------------------------------------------------


def test_areas_are_filled_with_their_class_colour_and_no_data_in_grey() -> None:
    fmap, page = render()
    low, high = class_colors(DROPOUT, 2)
    assert fills(fmap) == {"A": low, "B": high, "C": NO_DATA_FILL}
    for colour in (low, high, NO_DATA_FILL):
        assert f'"fillColor": "{colour}"' in page


def test_class_colours_are_colorbrewer() -> None:
    assert class_colors(DROPOUT, 5) == ORRD_5
    assert class_colors(DROPOUT, 2) == ["#fee8c8", "#e34a33"]  # ends of OrRd 3
    assert class_colors(DROPOUT, 0) == []


def test_class_colours_darken_towards_the_worse_end() -> None:
    """Coverage is worse when lower, so its palette runs dark to light."""
    assert class_colors(COVERAGE, 5) == GNBU_5[::-1]
    assert class_colors(COVERAGE, 2) == ["#43a2ca", "#e0f3db"]


@pytest.mark.parametrize("k", range(2, 10))
def test_k_distinct_colours_for_every_k(k: int) -> None:
    colours = class_colors(DROPOUT, k)
    assert len(colours) == len(set(colours)) == k


# --- offline -----------------------------------------------------------------------------


def test_page_loads_leaflet_from_the_app_and_nothing_from_a_cdn() -> None:
    _, page = render()
    references = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', page)
    assert SERVED_ASSETS.js == "/app/static/leaflet/leaflet.js"
    assert f'src="{SERVED_ASSETS.js}"' in page
    assert f'href="{SERVED_ASSETS.css}"' in page
    for reference in references:
        for word in ("cdn", "jsdelivr", "cdnjs", "d3"):
            assert word not in reference.lower(), reference
    assert re.findall(r"https?://[^\s\"'<>]+", page) == []


# --- legend ------------------------------------------------------------------------------


def test_legend_has_title_classes_no_data_and_demo_badge() -> None:
    _, page = render(demo=True)
    legend = legend_text(page)
    assert DROPOUT.name["es"] in legend
    for label in ("5,0 % – 7,5 %", "7,5 % – 10,0 %"):
        assert label in legend
    assert "Sin datos" in legend
    assert "Datos de demostración" in legend
    assert "Fuente demo" in legend


def test_legend_without_demo_has_no_badge_and_speaks_english() -> None:
    _, page = render(demo=False, lang="en")
    legend = legend_text(page)
    assert DROPOUT.name["en"] in legend
    assert "5.0 % – 7.5 %" in legend
    assert "No data" in legend
    assert "Demo data" not in legend
    assert "atlas-demo" not in legend


def test_legend_counts_the_areas_of_each_class() -> None:
    fmap, _ = render()
    (legend,) = children(fmap, Legend)
    counts = re.findall(r'text-align:right">(\d+)</td>', legend.html)
    assert counts == ["1", "1", "1"]  # two classes of one area, one area without data


# --- escaping ----------------------------------------------------------------------------


def test_area_names_are_escaped_in_the_page() -> None:
    areas = make_areas((IMG, SCRIPT, "Sur"))
    fmap, page = render(areas)
    for raw in (IMG, SCRIPT, "<img", "<script>alert", "</script><script>"):
        assert raw not in page
    # The page holds the entity-escaped name, itself JSON-escaped (& is written \u0026).
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.replace("\\u0026", "&")
    (layer,) = children(fmap, folium.GeoJson)
    names = [f["properties"]["nombre"] for f in layer.data["features"]]
    assert names == [html.escape(IMG), html.escape(SCRIPT), "Sur"]


TEMPLATE = "{{ 7*191 }}{% if true %}ATLAS-RAN{% endif %}"


def ran_as_template(page: str) -> bool:
    return "1337" in page or page.count("ATLAS-RAN") != page.count(TEMPLATE)


def test_names_are_never_run_as_templates_on_the_server() -> None:
    """branca compiles rendered scripts as Jinja templates; the map's layers must not, or a
    name like ``{{ 7*7 }}`` in an uploaded file would run on the server."""
    areas = make_areas((TEMPLATE, "Centro", "Sur"))
    areas["codigo"] = [TEMPLATE, "B", "C"]
    classification = classify(areas["value"], "quantiles", k=2)
    fmap = map_of(areas, subtitle=TEMPLATE, source=TEMPLATE).standalone()
    page = fmap.get_root().render()
    assert not ran_as_template(page)
    assert page.count(TEMPLATE) >= 3  # name, code, legend
    sites = pd.DataFrame(
        {
            "codigo_dane": [TEMPLATE],
            "nombre": [TEMPLATE],
            "matricula": [10.0],
            "latitud": [6.22],
            "longitud": [-75.57],
            "value": [0.05],
        }
    )
    add_sites(fmap, sites, DROPOUT, classification, "es")
    page = fmap.get_root().render()
    assert not ran_as_template(page) and page.count(TEMPLATE) >= 5


def test_area_codes_cannot_break_out_of_the_script() -> None:
    areas = make_areas()
    areas["codigo"] = ["A", SCRIPT, IMG]
    _, page = render(areas)
    assert SCRIPT not in page
    assert IMG not in page


@pytest.mark.parametrize("field", ["subtitle", "source"])
@pytest.mark.parametrize("text", [IMG, SCRIPT])
def test_legend_subtitle_and_source_are_escaped(field: str, text: str) -> None:
    _, page = render(**{field: text})
    assert text not in page
    assert "<script>alert" not in page
    legend = legend_text(page)
    assert html.escape(text) in legend
    assert text not in legend


def test_feature_collection_escapes_every_text_property() -> None:
    collection = feature_collection(
        make_areas((IMG, "B", "C")), DROPOUT, classify([0.05, 0.1, np.nan], k=2), "es"
    )
    properties = collection["features"][0]["properties"]
    assert properties["nombre"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert properties["valor"] == "5,0 %"
    assert properties["n"] == "5 de 100"


# --- known problem -----------------------------------------------------------------------


def test_a_map_where_no_area_has_data_still_renders() -> None:
    areas = make_areas()
    areas["value"] = np.nan
    _, page = render(areas)
    assert "Sin datos" in legend_text(page)


def test_the_scale_bar_is_metric_only() -> None:
    _, page = render()
    scales = re.findall(r"L\.control\.scale\(([^)]*)\)", page)
    assert len(scales) == 1, scales  # one scale bar, not folium's as well as ours
    assert json.loads(scales[0]) == {"imperial": False}  # no line in miles and feet


# --- sites ---------------------------------------------------------------------------------


def make_sites(enrolment: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "codigo_dane": [f"S{i}" for i in range(len(enrolment))],
            "nombre": [f"Sede {i}" for i in range(len(enrolment))],
            "matricula": enrolment,
            "latitud": [6.22] * len(enrolment),
            "longitud": [-75.57] * len(enrolment),
            "value": [0.05] * len(enrolment),
        }
    )


def site_styles(fmap: folium.Map) -> list[dict]:
    """Each site's circle as the browser styles it: the style all share, then its own fill
    and radius from its properties (``SITE_OWN_STYLE_JS``, run on each circle)."""
    sites = [layer for layer in children(fmap, folium.GeoJson) if layer.layer_name == "sedes"]
    (layer,) = sites
    assert "feature.properties.fill" in str(layer.on_each_feature)
    assert "feature.properties.radius" in str(layer.on_each_feature)
    return [
        {
            **layer.style_function(f),
            "fillColor": f["properties"]["fill"],
            "radius": f["properties"]["radius"],
        }
        for f in layer.data["features"]
    ]


def test_size_steps_are_round_and_below_the_largest_site() -> None:
    assert size_steps(2300) == [2000, 500, 100]
    assert size_steps(1000) == [1000, 200, 50]
    assert size_steps(3) == [2]
    assert size_steps(0.5) == []


def test_sites_have_a_dark_outline_and_a_size_legend_in_local_numbers() -> None:
    fmap, _ = render()
    add_sites(
        fmap,
        make_sites([250.0, 1000.0]),
        DROPOUT,
        classify(pd.Series([0.05, 0.1]), "quantiles", k=2),
        "es",
    )
    styles = site_styles(fmap)
    assert {style["color"] for style in styles} == {SITE_OUTLINE}
    assert styles[1]["radius"] > styles[0]["radius"]  # the larger enrolment, the larger circle
    (part,) = children(fmap, LegendPart)
    assert "Tamaño = matrícula" in part.html
    assert ">1.000<" in part.html and ">200<" in part.html  # es-CO thousands separator


def test_without_enrolment_sites_are_one_size_and_the_legend_says_nothing_of_size() -> None:
    fmap, _ = render()
    add_sites(
        fmap,
        make_sites([np.nan, np.nan]),
        DROPOUT,
        classify(pd.Series([0.05, 0.1]), "quantiles", k=2),
        "en",
    )
    assert {style["radius"] for style in site_styles(fmap)} == {SITE_RADIUS_UNSIZED}
    (part,) = children(fmap, LegendPart)
    assert "Sites" in part.html
    assert "enrolment" not in part.html.lower()
