"""The legend hides no territory: every map is fitted to the room the legend leaves.

For each map the share of every territory's outline that lies under the legend (or outside
the map) is measured in the browser (``legend_share.HIDDEN_SHARE_JS``), at a desktop, a
laptop and a phone viewport, on every page that draws a map.
"""

from __future__ import annotations

import pytest
from legend_share import HIDDEN_SHARE_JS
from playwright.sync_api import Page, expect
from ui import scroll_to

from geo.io.ingest import load_demo
from geo.render.display import map_geometry
from geo.render.style import SITE_OUTLINE

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
POLYGONS = ".leaflet-overlay-pane path.leaflet-interactive"
VIEWPORTS = {"desktop": (1400, 1000), "laptop": (1280, 720), "phone": (390, 844)}
# (URL path, number of maps on the page, number of areas each draws)
PAGES = {
    "mapa": ("", 1, 21),
    "cambio": ("comparar?cmp=change", 1, 21),
    "lado_a_lado": ("comparar?cmp=side&by=year&year2=2020", 2, 21),
    "bivariado": ("comparar?cmp=bivariate&ind=no_internet&ind2=dropout", 1, 21),
    "agrupamientos": ("comparar?cmp=clusters&level=barrio", 1, 300),
    "presentar": ("presentar?present=1&v=ind%3Dno_internet%26year%3D2021&i=0", 1, 21),
    "nucleos": ("?level=nucleo", 1, 24),
}

# Resolves once Leaflet's stylesheet has placed the legend in its corner and two frames
# have been drawn since (the fit follows the legend's box on the next frame).
SETTLED_JS = """container => new Promise(resolve => {
  const legend = container.querySelector('.atlas-legend');
  const wait = () => {
    const placed = legend && legend.querySelector('.atlas-legend-title') &&
      getComputedStyle(legend.parentNode).position === 'absolute';
    if (!placed) return requestAnimationFrame(wait);
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)));
  };
  wait();
})"""


def hidden_shares(page: Page, index: int, areas: int) -> dict[str, float]:
    """Territory code -> share of its outline hidden, on the page's ``index``-th map."""
    frame = page.frame_locator(MAP_IFRAME).nth(index)
    expect(frame.locator(POLYGONS).nth(areas - 1)).to_be_attached()
    container = frame.locator(".leaflet-container")
    container.evaluate(SETTLED_JS)
    return container.evaluate(HIDDEN_SHARE_JS)


def open_page(browser, app_url: str, viewport: str, path: str, maps: int):
    from conftest import guarded_context

    width, height = VIEWPORTS[viewport]
    context, outside = guarded_context(browser, viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(app_url + path)
    # A page computing a level for the first time takes a while on a busy 2-core machine.
    expect(page.locator(MAP_IFRAME)).to_have_count(maps, timeout=60_000)
    return context, page, outside


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_the_legend_hides_no_territory(
    browser, app_url: str, artifacts, name: str, viewport: str
) -> None:
    path, maps, areas = PAGES[name]
    context, page, outside = open_page(browser, app_url, viewport, path, maps)
    try:
        for index in range(maps):
            shares = hidden_shares(page, index, areas)
            assert len(shares) >= areas
            hidden = {code: f"{share:.0%}" for code, share in shares.items() if share > 0}
            assert not hidden, f"map {index + 1}: outline hidden per territory: {hidden}"
        scroll_to(page.locator(MAP_IFRAME).last)
        page.screenshot(path=str(artifacts / f"legend_{name}_{viewport}.png"))
    finally:
        context.close()
    assert not outside


def test_on_a_phone_the_legend_opens_collapsed_and_its_toggle_refits_the_map(
    browser, app_url: str
) -> None:
    context, page, outside = open_page(browser, app_url, "phone", "", 1)
    try:
        frame = page.frame_locator(MAP_IFRAME)
        hidden_shares(page, 0, 21)
        classes = frame.locator(".atlas-legend-class")
        toggle = frame.locator(".atlas-legend-toggle")
        expect(frame.locator(".atlas-legend-title")).to_be_visible()
        expect(classes.first).to_be_hidden()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        zoom_collapsed = frame.locator(".leaflet-container").evaluate("() => window.map.getZoom()")

        toggle.click()
        expect(classes.first).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        shares = hidden_shares(page, 0, 21)
        assert not {code: share for code, share in shares.items() if share > 0}
        zoom_open = frame.locator(".leaflet-container").evaluate("() => window.map.getZoom()")
        assert zoom_open <= zoom_collapsed

        toggle.click()
        expect(classes.first).to_be_hidden()
    finally:
        context.close()
    assert not outside


def test_the_fit_leaves_a_map_the_user_moved_alone(browser, app_url: str) -> None:
    context, page, outside = open_page(browser, app_url, "desktop", "", 1)
    try:
        frame = page.frame_locator(MAP_IFRAME)
        hidden_shares(page, 0, 21)
        container = frame.locator(".leaflet-container")
        frame.locator(".leaflet-control-zoom-in").click()
        zoomed = container.evaluate("() => window.map.getZoom()")
        frame.locator(".atlas-legend-toggle").click()  # the legend's box changes
        expect(frame.locator(".atlas-legend-class").first).to_be_hidden()
        container.evaluate(SETTLED_JS)
        assert container.evaluate("() => window.map.getZoom()") == zoomed
    finally:
        context.close()
    assert not outside


def test_the_nucleos_map_hatches_the_part_of_the_city_no_nucleo_covers(
    page: Page, app_url: str, artifacts
) -> None:
    outside_units = map_geometry(load_demo(), "nucleo").outside_units
    assert outside_units > 0  # the demo's núcleos leave barrios without sites blank
    page.goto(app_url + "?level=nucleo")
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator(POLYGONS)).to_have_count(24, timeout=60_000)
    legend = frame.locator(".atlas-legend")
    expect(legend.locator(".atlas-legend-outside")).to_have_text(
        f"Fuera de todo núcleo: {outside_units} barrios y veredas sin sedes de un núcleo"
    )
    expect(legend).to_contain_text("Sin datos")  # no núcleo lacks data: its count stays 0
    area = frame.locator("path.atlas-outside")
    expect(area).to_have_count(1)
    expect(area).to_have_attribute("fill", "url(#atlas-hatch)")
    expect(frame.locator("svg pattern#atlas-hatch")).to_have_count(1)
    frame.locator(".leaflet-container").evaluate(SETTLED_JS)
    page.screenshot(path=str(artifacts / "nucleos_outside.png"))


def test_sites_have_their_own_look_and_a_size_legend(page: Page, app_url: str, artifacts) -> None:
    page.goto(app_url + "?sites=1")
    expect(page.get_by_text("Mostrar las sedes (tamaño = matrícula)")).to_be_visible()
    frame = page.frame_locator(MAP_IFRAME)
    sites = frame.locator(f'{POLYGONS}[stroke="{SITE_OUTLINE}"]')
    expect(sites.first).to_be_attached(timeout=60_000)
    assert sites.count() > 100
    sizes = frame.locator(".atlas-legend-sites .atlas-legend-size")
    expect(sizes).to_have_count(3)
    expect(frame.locator(".atlas-legend-sites")).to_contain_text("Tamaño = matrícula")
    # es-CO thousands: "1.000", never "1,000"
    assert all("," not in text for text in sizes.all_inner_texts())
    frame.locator(".leaflet-container").evaluate(SETTLED_JS)
    page.screenshot(path=str(artifacts / "sites.png"))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_click_inside_la_candelaria_opens_its_panel_at_the_fitted_zoom(
    browser, app_url: str, viewport: str
) -> None:
    # The first press focuses the map; were the page to scroll then, the release would land
    # 30 px lower, on a neighbour, and the click would be the map's, not La Candelaria's.
    inside = load_demo().territories.set_index("codigo").loc["10", "geometry"]
    point = inside.representative_point()
    context, page, outside = open_page(browser, app_url, viewport, "", 1)
    try:
        hidden_shares(page, 0, 21)
        container = page.frame_locator(MAP_IFRAME).locator(".leaflet-container")
        x, y = container.evaluate(
            "(c, ll) => { const p = window.map.latLngToContainerPoint(ll); return [p.x, p.y]; }",
            [point.y, point.x],
        )
        container.click(position={"x": x, "y": y})
        expect(page.get_by_role("heading", name="La Candelaria ·")).to_be_visible()
        assert "sel=10" in page.url
    finally:
        context.close()
    assert not outside
