"""Issue 24 in a real browser: what only a browser shows on Focalizar, Prioridad and Red
escolar as a planner reads them. One server (the session's), one browser context per
viewport, shared by the module's tests.

- No number cut off: no grid (its canvas cuts cells to "…"), and every cell and header of
  every table shows all of its text, the table no wider than its box (1280x720, 390x844).
- Focalizar's change map: the legend hides no territory and the city fills the map.
- Prioridad on a phone: the map comes before the weights, which are folded.
- The territory panel's trend chart logs nothing in the console.
"""

from __future__ import annotations

import pytest
from conftest import guarded_context
from legend_share import HIDDEN_SHARE_JS
from playwright.sync_api import expect
from test_legend_browser import SETTLED_JS
from ui import MAP_IFRAME, POLYGONS, wait_idle

pytestmark = pytest.mark.browser

VIEWPORTS = {"laptop": (1280, 720), "phone": (390, 844)}
PAGES = {
    "mapa": "?ind=no_internet&f.sector=Oficial&lang=en",  # the ranking: four columns, long words
    "focalizar": "focalizar?f.sector=Oficial&rule=equity",
    "prioridad": "prioridad",
    "red_escolar": "red_escolar?red_mapa=catchments&red_nivel=secundaria&red_h=2024",
}
# Every table cell or header whose text does not fit its box, and every table box that is
# wider than the room it has (a column off screen), with what they hold.
CUT_JS = """() => {
  const cut = [];
  for (const box of document.querySelectorAll('[data-testid="stMain"] .atlas-table')) {
    if (box.scrollWidth > box.clientWidth + 1) cut.push('table wider than its box');
    for (const cell of box.querySelectorAll('td, th')) {
      if (cell.offsetParent === null) continue;  // a header hidden on a phone
      if (cell.scrollWidth > cell.clientWidth + 1) cut.push(cell.textContent);
    }
  }
  return cut;
}"""
# The box the city's polygons take in the map, over the map's own size.
CITY_SHARE_JS = """container => {
  const map = container.getBoundingClientRect();
  let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
  for (const path of container.querySelectorAll('path.leaflet-interactive')) {
    const box = path.getBoundingClientRect();
    left = Math.min(left, box.left); top = Math.min(top, box.top);
    right = Math.max(right, box.right); bottom = Math.max(bottom, box.bottom);
  }
  return [(right - left) / map.width, (bottom - top) / map.height];
}"""


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def screen(request, browser, app_url):
    """A page at one viewport, shared by the module's tests at that size."""
    width, height = VIEWPORTS[request.param]
    context, outside = guarded_context(browser, viewport={"width": width, "height": height})
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda exc: messages.append(f"error: {exc}"))
    yield request.param, page, messages
    context.close()
    assert not outside, outside


def _open(page, url: str) -> None:
    page.goto(url)
    expect(page.locator(MAP_IFRAME).first).to_be_attached(timeout=60_000)
    wait_idle(page)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_number_is_cut_off(screen, app_url: str, name: str) -> None:
    viewport, page, _ = screen
    _open(page, app_url + PAGES[name])
    main = page.get_by_test_id("stMain")
    expect(main.locator(".atlas-table").first).to_be_attached()
    assert main.get_by_test_id("stDataFrame").count() == 0, "a grid cuts its cells to '…'"
    assert page.evaluate(CUT_JS) == [], f"{name} at {viewport}"


def test_the_change_map_legend_hides_nothing_and_the_city_fills_the_map(
    screen, app_url: str
) -> None:
    viewport, page, _ = screen
    _open(page, app_url + PAGES["focalizar"])
    key = page.locator(".atlas-phone-key")
    if viewport == "phone":  # the map's legend opens folded: the colours' key under the map
        expect(key).to_be_visible()
        expect(key.locator("tr.atlas-legend-class").first).to_be_visible()
        return
    expect(key).to_be_hidden()
    frame = page.frame_locator(MAP_IFRAME).first
    expect(frame.locator(POLYGONS).nth(20)).to_be_attached()
    container = frame.locator(".leaflet-container")
    container.evaluate(SETTLED_JS)
    shares = container.evaluate(HIDDEN_SHARE_JS)
    assert len(shares) == 21
    assert {code: share for code, share in shares.items() if share > 0} == {}
    width, height = container.evaluate(CITY_SHARE_JS)
    assert max(width, height) > 0.6, (width, height)  # the city is not drawn small
    # one legend row per class holding a territory (classes follow the data), no empty one
    counts = frame.locator(".atlas-legend-class td:last-child").all_inner_texts()
    assert counts and "0" not in counts[:-1], counts  # the last row: no data


def test_prioridad_on_a_phone_shows_the_map_before_the_weights(screen, app_url: str) -> None:
    viewport, page, _ = screen
    if viewport != "phone":
        pytest.skip("the order matters where the page is one column")
    _open(page, app_url + PAGES["prioridad"])
    map_top = page.locator(MAP_IFRAME).first.bounding_box()["y"]
    assert map_top < 844, "the map is below the first screen"
    sliders = page.get_by_test_id("stMain").get_by_test_id("stSlider")
    expect(sliders.first).to_be_attached()
    expect(sliders.first).not_to_be_visible()  # folded


def test_the_territory_panel_logs_nothing(screen, app_url: str) -> None:
    viewport, page, messages = screen
    if viewport == "phone":
        pytest.skip("one size is enough for the console")
    messages.clear()
    _open(page, app_url + "?sel=01")
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    page.wait_for_timeout(500)
    noise = [m for m in messages if "Infinite extent" in m or m.startswith("error:")]
    assert noise == []


def test_the_sidebar_says_demo_data_in_full(screen, app_url: str) -> None:
    """Streamlit's badge keeps to one line: in a 300-pixel sidebar the Spanish label read
    "Datos de demostración — no oficia…". It wraps instead."""
    viewport, page, _ = screen
    if viewport == "phone":
        pytest.skip("the sidebar starts folded on a phone")
    _open(page, app_url + PAGES["prioridad"])
    badge = page.get_by_test_id("stSidebar").locator(".stMarkdownBadge").first
    expect(badge).to_contain_text("Datos de demostración — no oficiales")  # after its icon
    assert badge.evaluate("b => b.scrollWidth <= b.clientWidth + 1"), "the badge is cut"
