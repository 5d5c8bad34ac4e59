"""The optional basemap: none by default (no tile layer, no outside address), each choice with
its provider's tile URL and attribution, in the view's URL, in the HTML export."""

from __future__ import annotations

import json
import re

import folium
import pytest

from geo.analysis.choropleth import compute
from geo.export import export
from geo.model.i18n import t
from geo.model.view import BASEMAP_IDS, QUERY_KEYS, Fallback, View
from geo.render.basemap import BASEMAPS, FILL_OPACITY_OVER_BASEMAP, add_basemap, basemap_label
from geo.render.maps import choropleth_map

URL = re.compile(r"https?://[^\s\"'<>\\]+")
# What each provider asks for (its own documentation; xyzservices has the same).
EXPECTED = {
    "osm": (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    ),
    "positron": (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
        ' &copy; <a href="https://carto.com/attributions">CARTO</a>',
    ),
    "imagery": (
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/"
        "{z}/{y}/{x}",
        "Tiles &copy; Esri &mdash; Source: Esri, i-cubed, USDA, USGS, AEX, GeoEye, Getmapping, "
        "Aerogrid, IGN, IGP, UPR-EGP, and the GIS User Community",
    ),
}


def parse(query: dict) -> tuple[View, list[Fallback]]:
    return View.from_query(query, years=[2019, 2024])


def rendered(demo, basemap: str, lang: str = "es") -> tuple[folium.Map, str]:
    view = View(indicator="dropout", year=2024, lang=lang, basemap=basemap)
    fmap = choropleth_map(compute(demo, view), demo, lang).standalone()
    return fmap, fmap.get_root().render()


def note(page: str) -> str:
    """The text of the note shown when the tiles fail, decoded from the page's script."""
    (literal,) = re.findall(r'text\.textContent = ("(?:[^"\\]|\\.)*");', page)
    return json.loads(literal)


def tile_layers(fmap: folium.Map) -> list[folium.TileLayer]:
    return [c for c in fmap._children.values() if isinstance(c, folium.TileLayer)]


def test_the_choices_are_the_views() -> None:
    assert tuple(BASEMAPS) == BASEMAP_IDS
    assert QUERY_KEYS["basemap"] == "base"
    assert View().basemap == ""


@pytest.mark.parametrize("basemap", ["", *BASEMAP_IDS])
def test_view_round_trips_base(basemap: str) -> None:
    view = View(year=2024, basemap=basemap)
    query = view.to_query()
    assert (query.get("base") == basemap) if basemap else ("base" not in query)
    back, fallbacks = parse(query)
    assert back == view and fallbacks == []


def test_unknown_base_falls_back_to_none_with_a_note() -> None:
    view, fallbacks = parse({"base": "google"})
    assert view.basemap == ""
    assert fallbacks == [Fallback("base", "google", "")]


def test_without_basemap_no_tile_layer_and_no_outside_address(demo) -> None:
    fmap, page = rendered(demo, "")
    assert tile_layers(fmap) == []
    assert "tileLayer" not in page and "atlas-basemap" not in page
    assert URL.findall(page) == []


@pytest.mark.parametrize("basemap", BASEMAP_IDS)
def test_each_basemap_has_its_url_and_attribution(demo, basemap: str) -> None:
    url, attribution = EXPECTED[basemap]
    assert (BASEMAPS[basemap].url, BASEMAPS[basemap].attribution) == (url, attribution)
    fmap, page = rendered(demo, basemap)
    (layer,) = tile_layers(fmap)
    assert layer.tiles == url and layer.options["attribution"] == attribution
    # The only outside addresses: the tiles' and the attribution's links.
    links = set(re.findall(r'href="([^"]+)"', attribution))
    assert set(URL.findall(page)) == {url} | links
    assert page.count("L.tileLayer(") == 1
    assert note(page) == t("basemap_offline", "es")


def test_the_offline_note_speaks_the_maps_language(demo) -> None:
    _, spanish = rendered(demo, "osm", "es")
    _, english = rendered(demo, "osm", "en")
    assert note(spanish) == (
        "No se pudo cargar el mapa base (¿sin conexión?). El mapa sigue funcionando."
    )
    assert note(english) == "The basemap could not be loaded (offline?). The map still works."
    assert "tileerror" in spanish and f"fill-opacity:{FILL_OPACITY_OVER_BASEMAP}" in spanish


def test_labels() -> None:
    assert basemap_label("", "es") == "Ninguno" and basemap_label("", "en") == "None"
    assert basemap_label("positron", "es") == "CARTO Positron"


def test_html_export_keeps_the_basemap_and_without_one_asks_nothing_outside(demo) -> None:
    plain = export(compute(demo, View(indicator="dropout", year=2024)), demo, ".html", "es")
    with_osm = export(
        compute(demo, View(indicator="dropout", year=2024, basemap="osm")), demo, ".html", "es"
    )
    assert b"tileLayer(" not in plain and b"tile.openstreetmap.org" not in plain
    assert b'"https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in with_osm
    assert b"L.tileLayer(" in with_osm
    assert b"base=osm" in with_osm  # the metadata's view


def test_the_sidebar_choice_goes_to_the_url_and_the_map_and_exportar_notes_the_png() -> None:
    from test_app import map_args, run_app, texts

    at = run_app()
    assert at.selectbox(key="view_basemap_es").value == ""
    assert "base" not in at.query_params
    assert "tileLayer" not in map_args(at)["script"]
    at.selectbox(key="view_basemap_es").set_value("positron").run()
    assert not at.exception
    assert at.query_params["base"] in ("positron", ["positron"])
    assert (
        '"https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png"'
        in (map_args(at)["script"])
    )
    at.switch_page("pages/exportar.py").run()
    assert not at.exception
    assert "La imagen PNG se dibuja sin mapa base (CARTO Positron)" in texts(at)


def test_a_basemap_is_added_once(demo) -> None:
    fmap, _ = rendered(demo, "osm")
    add_basemap(fmap, "osm", "es")
    add_basemap(fmap, "imagery", "es")
    assert [layer.tiles for layer in tile_layers(fmap)] == [BASEMAPS["osm"].url]


@pytest.mark.parametrize("mode", ["change", "side", "bivariate"])
def test_every_comparar_map_has_the_basemap_once(mode: str) -> None:
    from test_app import run_app

    at = run_app(base="imagery", cmp=mode)
    at.switch_page("pages/comparar.py").run()
    assert not at.exception
    scripts = [json.loads(m.proto.json_args)["script"] for m in at.get("component_instance")]
    assert scripts and all(s.count("L.tileLayer(") == 1 for s in scripts)
    assert all("World_Imagery" in s for s in scripts)
