"""What only a browser shows: the map draws offline, with the classification's colours."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect
from ui import choose

from geo.analysis.choropleth import compute
from geo.io.ingest import load_demo
from geo.model.catalogue import get_indicator
from geo.model.view import View
from geo.render.style import NO_DATA_FILL, class_colors

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
POLYGONS = ".leaflet-overlay-pane path.leaflet-interactive"

# Exactly one map iframe (during a rerun the old and new ones coexist for a moment) whose
# polygons have the expected fills, in any order.
_FILLS_JS = """([frame, polygons, want]) => {
  const frames = [...document.querySelectorAll(frame)];
  if (frames.length !== 1 || !frames[0].contentDocument) return false;
  const fills = [...frames[0].contentDocument.querySelectorAll(polygons)]
    .map(e => e.getAttribute('fill')).sort();
  return JSON.stringify(fills) === JSON.stringify(want);
}"""


def expected_fills(view: View) -> list[str]:
    """The fills the engine assigns to the 21 territories for ``view``, sorted."""
    choropleth = compute(load_demo(), view)
    colors = class_colors(get_indicator(view.indicator), choropleth.classification.k)
    return sorted(
        NO_DATA_FILL if c is None else colors[c] for c in choropleth.classification.classes
    )


# Where a (lat, lon) is drawn in the map container, by the page's own Leaflet map.
_CONTAINER_POINT_JS = """(container, latlon) => {
  const map = window.map;  // streamlit-folium's current map
  const point = map.latLngToContainerPoint(latlon);
  return [point.x, point.y];
}"""


def wait_for_fills(page: Page, fills: list[str]) -> None:
    page.wait_for_function(_FILLS_JS, arg=[MAP_IFRAME, POLYGONS, fills], polling=100)


def legend(page: Page):
    return page.frame_locator(MAP_IFRAME).locator(".atlas-legend")


def test_map_draws_21_territories_offline_and_follows_the_indicator(
    page: Page, app_url: str, artifacts
) -> None:
    page.goto(app_url)
    dropout = expected_fills(View(indicator="dropout", year=2024))
    wait_for_fills(page, dropout)
    assert len(dropout) == 21
    expect(legend(page)).to_contain_text("Deserción intra-anual")
    expect(legend(page)).to_contain_text("Datos de demostración")
    expect(legend(page).locator(".atlas-legend-class")).to_have_count(6)  # 5 classes + no data
    expect(page.get_by_text("Datos de demostración — no oficiales").first).to_be_visible()
    page.screenshot(path=str(artifacts / "map_dropout.png"))

    choose(page, "Indicador", "Sin internet en casa")
    no_internet = expected_fills(View(indicator="no_internet", year=2024))
    assert no_internet != dropout
    wait_for_fills(page, no_internet)
    expect(legend(page)).to_contain_text("Sin internet en casa")
    assert "ind=no_internet" in page.url
    page.screenshot(path=str(artifacts / "map_no_internet.png"))


def test_tooltip_shows_name_value_and_n(page: Page, app_url: str) -> None:
    page.goto(app_url + "?ind=dropout&year=2024")
    wait_for_fills(page, expected_fills(View(indicator="dropout", year=2024)))
    polygon = page.frame_locator(MAP_IFRAME).locator(POLYGONS).first
    polygon.hover()
    tooltip = page.frame_locator(MAP_IFRAME).locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text("Territorio")
    expect(tooltip).to_contain_text(" de ")  # "1.146 de 25.980"
    expect(tooltip).to_contain_text("Sedes")


def test_a_link_reopens_the_same_view(page: Page, app_url: str) -> None:
    query = "?ind=coverage_gross&year=2021&scheme=equal_interval&k=4&lang=en"
    page.goto(app_url + query)
    view = View(indicator="coverage_gross", year=2021, scheme="equal_interval", k=4, lang="en")
    wait_for_fills(page, expected_fills(view))
    expect(legend(page)).to_contain_text("Gross coverage")
    expect(legend(page)).to_contain_text("lower = worse")
    expect(page.get_by_text("Demo data — not official").first).to_be_visible()


def test_every_page_opens_without_error(page: Page, app_url: str) -> None:
    for path, heading in (("datos", "Datos"), ("metodologia", "Metodología")):
        page.goto(app_url + path)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(page.get_by_test_id("stException")).to_have_count(0)


def test_map_payload_uses_only_local_assets(page: Page, app_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(app_url)
    wait_for_fills(page, expected_fills(View(indicator="dropout", year=2024)))
    leaflet = [url for url in requested if "leaflet" in url]
    assert leaflet and all("/app/static/leaflet/" in url for url in leaflet), json.dumps(leaflet)


def test_clicking_a_territory_opens_its_panel(page: Page, app_url: str, artifacts) -> None:
    page.goto(app_url)
    wait_for_fills(page, expected_fills(View(indicator="dropout", year=2024)))
    # A point inside La Candelaria (code 10), where the map draws it: not the middle of its
    # bounding box, which for a concave shape may lie in a neighbour.
    demo = load_demo()
    inside = demo.territories.set_index("codigo").loc["10", "geometry"].representative_point()
    container = page.frame_locator(MAP_IFRAME).locator(".leaflet-container")
    x, y = container.evaluate(_CONTAINER_POINT_JS, [inside.y, inside.x])
    container.click(position={"x": x, "y": y})
    expect(page.get_by_role("heading", name="La Candelaria ·")).to_be_visible()
    expect(page.get_by_text("Evolución frente a la ciudad")).to_be_visible()
    expect(page.get_by_text("Sedes del territorio")).to_be_visible()
    assert "sel=10" in page.url
    page.screenshot(path=str(artifacts / "panel.png"), full_page=True)


def test_side_by_side_and_bivariate_draw(page: Page, app_url: str, artifacts) -> None:
    page.goto(app_url + "comparar?cmp=side&by=year&year2=2020")
    frames = page.locator(MAP_IFRAME)
    expect(frames).to_have_count(2)
    for index in range(2):
        frame = page.frame_locator(MAP_IFRAME).nth(index)
        expect(frame.locator(POLYGONS)).to_have_count(21)
        expect(frame.locator(".atlas-legend-class")).to_have_count(6)
    page.screenshot(path=str(artifacts / "side_by_side.png"))

    page.goto(app_url + "comparar?cmp=bivariate&ind=no_internet&ind2=dropout")
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator(POLYGONS)).to_have_count(21)
    expect(frame.locator(".atlas-bivariate-cell")).to_have_count(9)
    expect(frame.locator(".atlas-legend")).to_contain_text("Sin internet en casa × Deserción")
    page.screenshot(path=str(artifacts / "bivariate.png"))


def test_presentation_mode_hides_the_controls_and_steps_through_views(
    page: Page, app_url: str, artifacts
) -> None:
    views = "v=ind%3Ddropout%26year%3D2021&v=ind%3Dno_internet%26year%3D2024"
    page.goto(f"{app_url}presentar?present=1&{views}&i=0")
    expect(page.get_by_role("heading", name="Deserción intra-anual · 2021")).to_be_visible()
    wait_for_fills(page, expected_fills(View(indicator="dropout", year=2021)))
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_test_id("stSelectbox").first).to_be_hidden()  # no controls on screen
    expect(
        page.get_by_test_id("stMain").get_by_text("Datos de demostración — no oficiales")
    ).to_be_visible()
    expect(legend(page)).to_contain_text("Datos de demostración")
    page.screenshot(path=str(artifacts / "presentation.png"))
    page.get_by_role("button", name="Siguiente").click()
    expect(page.get_by_role("heading", name="Sin internet en casa · 2024")).to_be_visible()
    wait_for_fills(page, expected_fills(View(indicator="no_internet", year=2024)))
    expect(page.get_by_text("2 / 2")).to_be_visible()


def test_a_copied_link_reproduces_legend_and_colours_in_a_fresh_browser(
    browser, app_url: str
) -> None:
    first = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = first.new_page()
    page.goto(app_url)
    wait_for_fills(page, expected_fills(View(indicator="dropout", year=2024)))
    choose(page, "Clasificación", "Fisher-Jenks (cortes naturales)")
    page.wait_for_url(re.compile(r"scheme=fisher_jenks"))
    choose(page, "Indicador", "Sin computador en casa")
    page.wait_for_url(re.compile(r"ind=no_computer"))
    view = View(indicator="no_computer", year=2024, scheme="fisher_jenks")
    wait_for_fills(page, expected_fills(view))
    legend_text = legend(page).inner_text()
    link = page.url
    first.close()

    second = browser.new_context(viewport={"width": 1400, "height": 1000})
    fresh = second.new_page()
    fresh.goto(link)
    wait_for_fills(fresh, expected_fills(view))
    assert legend(fresh).inner_text() == legend_text
    second.close()


def test_back_button_steps_back_through_views_and_esc_leaves_presenting(
    page: Page, app_url: str
) -> None:
    page.goto(app_url)
    wait_for_fills(page, expected_fills(View(indicator="dropout", year=2024)))
    choose(page, "Indicador", "Sin internet en casa")
    page.wait_for_url(re.compile(r"ind=no_internet"))
    wait_for_fills(page, expected_fills(View(indicator="no_internet", year=2024)))
    page.go_back()
    page.wait_for_url(re.compile(r"ind=dropout"))
    wait_for_fills(page, expected_fills(View(indicator="dropout", year=2024)))
    expect(page.get_by_role("heading", name="Deserción intra-anual · 2024")).to_be_visible()

    page.goto(f"{app_url}presentar?present=1&v=ind%3Dno_internet%26year%3D2021&i=0")
    expect(page.get_by_role("heading", name="Sin internet en casa · 2021")).to_be_visible()
    # The history helper is drawn after the page: wait until it listens before pressing Esc.
    page.wait_for_function("() => window.__atlasKeys === true")
    page.keyboard.press("Escape")
    page.wait_for_url(lambda url: "present=1" not in url)
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
