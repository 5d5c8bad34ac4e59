"""A click or a tap anywhere inside an area opens its panel, the first one on a page included.

Each case clicks points inside an area as the map draws it (its simplified shape, away from
its edges), placed in the map's pixels by the page's own Leaflet map, and checks what is
drawn: the panel's heading, ``sel=`` in the address and the selected outline at that point.
A fresh page is a newly loaded one: a new Streamlit session and a map that never had focus.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

import pytest
import shapely
from conftest import guarded_context
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect
from shapely.geometry import Point, Polygon
from test_map_browser import _CONTAINER_POINT_JS, MAP_IFRAME
from ui import wait_idle, wait_map_settled

from geo.analysis.choropleth import compute
from geo.io.ingest import load_demo
from geo.model.i18n import t
from geo.model.view import View
from geo.render.display import map_geometry
from geo.render.style import SELECTED_OUTLINE

pytestmark = pytest.mark.browser

# Every map on the page has its layer drawn (and no old iframe lingers).
_READY_JS = """([frame, maps, count]) => {
  const frames = [...document.querySelectorAll(frame)];
  return frames.length === maps && frames.every(f => f.contentWindow && f.contentWindow.map
    && f.contentDocument.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive')
      .length === count);
}"""
# The feature Leaflet last reported as clicked on map ``index`` (streamlit-folium records it
# on every layer click, whether or not the page asked for it back).
_CLICKED_JS = """([frame, index]) => {
  const map = document.querySelectorAll(frame)[index];
  const data = map && map.contentWindow.__GLOBAL_DATA__;
  return data && data.last_active_drawing ? data.last_active_drawing.properties.codigo : null;
}"""
# The map outlines exactly one area as selected, and it is the one drawn at (x, y).
_OUTLINED_AT_JS = """([frame, x, y, outline]) => {
  const doc = document.querySelector(frame).contentDocument;
  const outlined = [...doc.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive')]
    .filter(p => p.getAttribute('stroke') === outline);
  const box = doc.querySelector('.leaflet-container').getBoundingClientRect();
  return outlined.length === 1 && outlined[0].getAttribute('stroke-width') === '4'
    && doc.elementFromPoint(box.left + x, box.top + y) === outlined[0];
}"""
# A click that Leaflet takes as a layer click is recorded at once; waiting this long for it
# tells a lost click from a slow page without waiting for the page's full timeout.
LAYER_CLICK_MS = 3_000
# What a missed click raises: a failed expectation, or a wait that timed out.
MISSED = (AssertionError, PlaywrightError)


def interior_points(shape, count: int) -> list[Point]:
    """``count`` points well inside ``shape``: its representative point, then points spread
    along the outline of the shape shrunk by a fifth of its size."""
    points = [shape.representative_point()]
    inner = shape.buffer(-0.2 * math.sqrt(shape.area))
    if isinstance(inner, shapely.MultiPolygon):
        inner = max(inner.geoms, key=lambda part: part.area)
    if isinstance(inner, Polygon) and not inner.is_empty:
        ring = inner.exterior
        points += [ring.interpolate(i / (count - 1), normalized=True) for i in range(count - 1)]
    return points[:count]


def demo_areas(level: str) -> list[tuple[str, str, object]]:
    """(code, name, shape as drawn) of the demo's areas of ``level``, in the map's order."""
    dataset = load_demo()
    areas = compute(dataset, View(level=level)).areas
    names = dict(zip(areas["codigo"], areas["nombre"], strict=True))
    drawn = map_geometry(dataset, level)
    return [
        (code, names[code], shape) for code, shape in zip(drawn.codes, drawn.geometry, strict=True)
    ]


TERRITORIES = demo_areas("territorio")


def open_fresh(page: Page, url: str, count: int, maps: int = 1) -> None:
    page.goto(url)
    page.wait_for_function(_READY_JS, arg=[MAP_IFRAME, maps, count], polling=50)


def map_container(page: Page, index: int = 0) -> Locator:
    return page.frame_locator(MAP_IFRAME).nth(index).locator(".leaflet-container")


def pixel(container: Locator, point: Point) -> tuple[float, float]:
    """Where the map draws ``point``, in pixels from the map's top left corner."""
    x, y = container.evaluate(_CONTAINER_POINT_JS, [point.y, point.x])
    return x, y


def wait_layer_click(page: Page, code: str, index: int = 0) -> None:
    """Leaflet took the click as one on ``code``'s area (not a click on the bare map)."""
    page.wait_for_function(
        f"(arg) => ({_CLICKED_JS})(arg) === {code!r}",
        arg=[MAP_IFRAME, index],
        polling=50,
        timeout=LAYER_CLICK_MS,
    )


def expect_panel(page: Page, code: str, name: str, xy: tuple[float, float]) -> None:
    """The panel of ``name`` is open, the address says so, and the map outlines that area
    where it was clicked."""
    expect(page.get_by_role("heading", name=f"{name} ·")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"[?&]sel={re.escape(code)}(&|$)"))
    page.wait_for_function(_OUTLINED_AT_JS, arg=[MAP_IFRAME, *xy, SELECTED_OUTLINE], polling=100)


def click_and_check(page: Page, code: str, name: str, point: Point, *, tap: bool = False) -> None:
    wait_idle(page)  # a script run in progress may redraw the map
    wait_map_settled(page)
    container = map_container(page)
    xy = pixel(container, point)
    if tap:
        container.tap(position={"x": xy[0], "y": xy[1]})
    else:
        container.click(position={"x": xy[0], "y": xy[1]})
        page.mouse.move(1, 1)  # off the map, so the hover highlight hides no outline
    try:
        wait_layer_click(page, code)
    except PlaywrightError as error:
        # What a lost click looked like: what Leaflet took instead, and whether the area had
        # moved under the pointer since its place was measured.
        clicked = page.evaluate(_CLICKED_JS, [MAP_IFRAME, 0])
        now = pixel(container, point)
        raise AssertionError(
            f"no layer click on {code} at {xy[0]:.0f},{xy[1]:.0f} (Leaflet's last: {clicked}; "
            f"the point is now at {now[0]:.0f},{now[1]:.0f})"
        ) from error
    expect_panel(page, code, name, xy)


@pytest.fixture
def touch_page(browser) -> Iterator[Page]:
    """Like ``page``, in a context with a touch screen."""
    context, outside = guarded_context(browser, has_touch=True)
    touch = context.new_page()
    errors: list[str] = []
    touch.on("pageerror", lambda exc: errors.append(str(exc)))
    yield touch
    context.close()
    assert not outside, f"the page asked for resources outside this server: {outside}"
    assert not errors, f"JavaScript errors on the page: {errors}"


def test_the_first_click_opens_the_panel_of_every_territory(page: Page, app_url: str) -> None:
    """Every territory is clicked once, at one of three points inside it (in turn): a third of
    them first on a fresh page (the first tap test takes another third), each followed by the
    next two on a map where a different territory was just selected. (A fresh page for every
    territory cost 21 page loads, two minutes of the suite, for the same two situations.)"""
    count = len(TERRITORIES)
    failures = []
    for start in range(1, count, 3):  # 1, 4, ... 19: the taps start at 0, 3, ... 18
        open_fresh(page, app_url, count)
        for step, index in enumerate(i % count for i in range(start, start + 3)):
            code, name, shape = TERRITORIES[index]
            kind = "first" if step == 0 else "next"
            try:
                click_and_check(page, code, name, interior_points(shape, 3)[index % 3])
            except MISSED as error:
                failures.append(f"{kind} click, {code} {name}: {str(error).splitlines()[0]}")
                break
    assert not failures, f"{len(failures)} of {count} clicks lost: {failures}"


def test_the_first_tap_opens_the_panel(touch_page: Page, app_url: str) -> None:
    failures = []
    for code, name, shape in TERRITORIES[::3]:
        open_fresh(touch_page, app_url, len(TERRITORIES))
        try:
            click_and_check(touch_page, code, name, shape.representative_point(), tap=True)
        except MISSED as error:
            failures.append(f"{code} {name}: {str(error).splitlines()[0]}")
    assert not failures, f"{len(failures)} first taps lost: {failures}"
    # and a second tap on the same map moves the panel
    code, name, shape = TERRITORIES[1]
    click_and_check(touch_page, code, name, interior_points(shape, 3)[2], tap=True)


@pytest.mark.parametrize("level", ["barrio", "nucleo"])
def test_the_first_click_opens_the_panel_at_other_levels(
    page: Page, app_url: str, level: str
) -> None:
    areas = demo_areas(level)
    # Five areas from the largest to the middle size (the smallest barrios are a few pixels).
    by_size = sorted(areas, key=lambda area: -area[2].area)
    sample = by_size[: len(by_size) // 2 : max(1, len(by_size) // 10)][:5]
    failures = []
    for code, name, shape in sample:
        open_fresh(page, f"{app_url}?level={level}", len(areas))
        try:
            click_and_check(page, code, name, shape.representative_point())
        except MISSED as error:
            failures.append(f"{code} {name}: {str(error).splitlines()[0]}")
    assert not failures, f"{len(failures)} of {len(sample)} first clicks lost: {failures}"


@pytest.mark.parametrize(
    "query, maps",
    [("cmp=side&by=year&year2=2020", 2), ("cmp=change", 1), ("cmp=bivariate", 1)],
    ids=["side_by_side", "change", "bivariate"],
)
def test_the_first_click_on_a_comparison_map_reaches_the_area(
    page: Page, app_url: str, query: str, maps: int
) -> None:
    # A click on these maps selects nothing (no panel); it must still reach the area under
    # the pointer, which shows that the page did not move under it.
    code, _, shape = TERRITORIES[2]
    for index in range(maps):
        open_fresh(page, f"{app_url}comparar?{query}", len(TERRITORIES), maps)
        wait_idle(page)
        wait_map_settled(page, index)
        container = map_container(page, index)
        x, y = pixel(container, shape.representative_point())
        container.click(position={"x": x, "y": y})
        wait_layer_click(page, code, index)


def test_a_choice_in_the_list_stays_and_the_clicked_area_can_be_clicked_again(
    page: Page, app_url: str
) -> None:
    (code, name, shape), (other_code, other, _) = TERRITORIES[3], TERRITORIES[10]
    open_fresh(page, app_url, len(TERRITORIES))
    click_and_check(page, code, name, shape.representative_point())
    page.get_by_test_id("stSelectbox").filter(has_text=t("selected_area", "es")).click()
    page.get_by_role("option", name=other, exact=True).click()
    # The map still holds its last click (on ``name``); it must not take the panel back.
    expect(page.get_by_role("heading", name=f"{other} ·")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"[?&]sel={other_code}(&|$)"))
    expect(page.get_by_role("heading", name=f"{name} ·")).to_have_count(0)
    click_and_check(page, code, name, interior_points(shape, 3)[1])
