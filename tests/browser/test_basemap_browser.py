"""A basemap only when asked for, and a map that keeps working when its tiles cannot load.

The browser has no internet here: every request outside the app's server is aborted. With the
default (no basemap) the page asks for nothing outside; with OpenStreetMap chosen it asks only
the tile server, the tiles fail, and the map says so in the user's language while drawing its
21 areas as before.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import guarded_context
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect
from ui import (
    FILLS_JS,
    MAP_IFRAME,
    POLYGONS,
    choose,
    expected_fills,
    scroll_to,
    wait_idle,
    wait_map_settled,
)

from geo.model.view import View

pytestmark = pytest.mark.browser

OSM_TILES = re.compile(r"^https://tile\.openstreetmap\.org/\d+/\d+/\d+\.png$")
NOTE = {
    "es": "No se pudo cargar el mapa base (¿sin conexión?). El mapa sigue funcionando.",
    "en": "The basemap could not be loaded (offline?). The map still works.",
}


@pytest.fixture
def tiles_page(browser) -> Iterator[tuple[Page, list[str], list[str]]]:
    """A fresh page whose requests outside loopback are aborted and recorded (``page``'s
    guard), without failing on them at the end: the test says which ones are allowed.
    Yields the page, the outside addresses asked for and the JavaScript errors."""
    context, outside = guarded_context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page, outside, errors
    context.close()


def wait_fills(page: Page, view: View) -> None:
    fills = expected_fills(view)
    assert len(fills) == 21
    page.wait_for_function(FILLS_JS, arg=[MAP_IFRAME, POLYGONS, fills], polling=100)


def note(page: Page):
    return page.frame_locator(MAP_IFRAME).locator(".atlas-basemap-note-text")


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_default_asks_nothing_outside_and_osm_asks_only_its_tiles(
    tiles_page, app_url: str, artifacts
) -> None:
    page, outside, errors = tiles_page
    page.goto(app_url)
    dropout = View(indicator="dropout", year=2024)
    wait_fills(page, dropout)
    wait_idle(page)
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator(".leaflet-tile-pane img")).to_have_count(0)
    expect(note(page)).to_be_hidden()
    assert "base" not in query(page)
    assert outside == [], outside

    choose(page, "Mapa base", "OpenStreetMap")
    page.wait_for_url(re.compile(r"base=osm"))
    wait_fills(page, dropout)  # the same 21 areas, the same fills, over the (failed) tiles
    expect(note(page)).to_have_text(NOTE["es"])
    expect(note(page)).to_be_visible()
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")
    assert outside, "the tiles were never asked for"
    assert all(OSM_TILES.match(url) for url in outside), sorted(set(outside))
    wait_map_settled(page)
    page.locator(MAP_IFRAME).screenshot(path=str(artifacts / "basemap_osm_offline_es.png"))
    frame.get_by_role("button", name="Cerrar este aviso").click()  # closed for good
    expect(note(page)).to_be_hidden()

    # The presentation keeps the choice.
    page.get_by_test_id("stSidebar").get_by_text("Compartir y presentar").click()
    page.get_by_role("link", name="Presentar (pantalla completa)").click()
    expect(page.get_by_text("1 / 1")).to_be_visible()
    assert query(page).get("base") == ["osm"], page.url
    wait_fills(page, dropout)
    expect(note(page)).to_have_text(NOTE["es"])
    wait_map_settled(page)
    page.screenshot(path=str(artifacts / "basemap_osm_presentation.png"))
    assert all(OSM_TILES.match(url) for url in outside), sorted(set(outside))
    assert not errors, errors


def test_a_link_with_base_reopens_it_and_the_note_speaks_english(
    tiles_page, app_url: str, artifacts
) -> None:
    page, outside, errors = tiles_page
    page.goto(app_url + "?ind=dropout&year=2024&base=osm&lang=en")
    wait_fills(page, View(indicator="dropout", year=2024, lang="en"))
    expect(note(page)).to_have_text(NOTE["en"])
    sidebar = page.get_by_test_id("stSidebar")
    basemap = sidebar.get_by_test_id("stSelectbox").filter(
        has=page.get_by_text("Basemap", exact=True)
    )
    expect(basemap.get_by_role("combobox")).to_have_value("OpenStreetMap")
    scroll_to(basemap)
    sidebar.screenshot(path=str(artifacts / "basemap_sidebar_en.png"))
    wait_idle(page)
    assert query(page).get("base") == ["osm"], page.url
    wait_map_settled(page)
    page.locator(MAP_IFRAME).screenshot(path=str(artifacts / "basemap_osm_offline_en.png"))
    assert outside and all(OSM_TILES.match(url) for url in outside), sorted(set(outside))

    choose(page, "Basemap", "None")
    page.wait_for_url(lambda url: "base=" not in url)
    wait_fills(page, View(indicator="dropout", year=2024, lang="en"))
    expect(page.frame_locator(MAP_IFRAME).locator(".leaflet-tile-pane img")).to_have_count(0)
    assert not errors, errors


def street_tile() -> bytes:
    """A 256 px stand-in tile: a light ground with a grid of white streets and a blue river,
    enough to see how the areas' fills read over a basemap."""
    image = Image.new("RGB", (256, 256), "#ece6da")
    draw = ImageDraw.Draw(image)
    for offset in range(0, 256, 32):
        draw.line([(offset, 0), (offset, 256)], fill="#ffffff", width=5)
        draw.line([(0, offset), (256, offset)], fill="#ffffff", width=5)
    draw.line([(0, 200), (256, 40)], fill="#9cc3e6", width=9)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_tiles_that_load_are_drawn_under_the_areas_without_the_note(
    tiles_page, app_url: str, artifacts
) -> None:
    page, outside, errors = tiles_page
    body = street_tile()
    served: list[str] = []

    def serve(route):  # the tile server as if online (registered last, so asked first)
        served.append(route.request.url)
        route.fulfill(status=200, body=body, content_type="image/png")

    page.context.route(OSM_TILES, serve)
    page.goto(app_url + "?base=osm")
    wait_fills(page, View(indicator="dropout", year=2024))
    frame = page.frame_locator(MAP_IFRAME)
    frame.locator(".leaflet-tile-pane img.leaflet-tile-loaded").first.wait_for()
    wait_map_settled(page)
    expect(note(page)).to_be_hidden()
    assert served and outside == [], outside
    page.locator(MAP_IFRAME).screenshot(path=str(artifacts / "basemap_osm_tiles.png"))
    assert not errors, errors
