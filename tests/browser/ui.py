"""What the browser tests do as a person does, in one place: wait for the page, pick in a
selectbox, and the fills the engine expects the map to draw."""

from __future__ import annotations

import time

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from geo.analysis.choropleth import compute
from geo.io.ingest import load_demo
from geo.model.view import View
from geo.render.style import area_fill, class_colors

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
POLYGONS = ".leaflet-overlay-pane path.leaflet-interactive"
# Exactly one map iframe (during a rerun the old and new ones coexist for a moment) whose
# polygons have the expected fills, in any order.
FILLS_JS = """([frame, polygons, want]) => {
  const frames = [...document.querySelectorAll(frame)];
  if (frames.length !== 1 || !frames[0].contentDocument) return false;
  const fills = [...frames[0].contentDocument.querySelectorAll(polygons)]
    .map(e => e.getAttribute('fill')).sort();
  return JSON.stringify(fills) === JSON.stringify(want);
}"""


# Where map ``index`` draws the city, in the window: its iframe's box, its size and its view.
# It changes while the map is still being fitted (the legend's stylesheet arrives, the iframe
# takes its height) and while the page scrolls.
_MAP_PLACE_JS = """([frame, index]) => {
  const element = document.querySelectorAll(frame)[index];
  const map = element && element.contentWindow && element.contentWindow.map;
  if (!map) return null;
  const box = element.getBoundingClientRect(), center = map.getCenter(), size = map.getSize();
  return [box.left, box.top, size.x, size.y, map.getZoom(), center.lat, center.lng]
    .map(v => v.toFixed(6)).join(' ');
}"""


def wait_map_settled(
    page: Page, index: int = 0, still_ms: int = 600, timeout_ms: int = 15_000
) -> None:
    """Until map ``index`` has drawn the city at the same place for ``still_ms``: a person
    clicks what has stopped moving, and a point placed in the map's pixels before a late fit
    would land elsewhere."""
    deadline = time.monotonic() + timeout_ms / 1000
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        place = page.evaluate(_MAP_PLACE_JS, [MAP_IFRAME, index])
        now = time.monotonic()
        if place is None or place != last:
            last, since = place, now
        elif (now - since) * 1000 >= still_ms:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"map {index} still moving after {timeout_ms} ms (last: {last})")


def wait_idle(page: Page) -> None:
    """Until the script run has ended and every element is drawn (no loading skeleton)."""
    page.wait_for_function(
        "() => !document.querySelector("
        '\'[data-testid="stStatusWidget"], [data-testid="stSkeleton"]\')',
        polling=100,
    )


def scroll_to(locator: Locator) -> None:
    """Scroll ``locator`` into view as a person scrolls to it. A rerun may draw the element
    anew at that moment and leave Playwright's handle on the detached old one: scroll again to
    the new one."""
    for attempt in range(3):
        try:
            locator.scroll_into_view_if_needed()
            return
        except PlaywrightError as error:
            if "not attached" not in str(error) or attempt == 2:
                raise


def choose(page: Page, label: str, option: str) -> None:
    """Open the selectbox labelled ``label`` and click ``option``: a person scrolls the sidebar
    to it and clicks its box (a click on its label opens nothing)."""
    wait_idle(page)
    selectbox = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))
    combobox = selectbox.get_by_role("combobox")
    # A person scrolls the box into the middle of the sidebar before opening it; at the very
    # bottom edge of the window its list may open off screen.
    combobox.evaluate("element => element.scrollIntoView({block: 'center'})")
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):  # a rerun that lands just then closes the list: a person clicks again
        combobox.click()
        try:
            choice.wait_for(state="visible", timeout=5_000)
        except PlaywrightTimeout:
            wait_idle(page)
        else:
            choice.click()
            return
    # The list would not open under the pointer: a person types the choice and presses Enter.
    combobox.focus()
    page.keyboard.type(option)
    choice.wait_for(state="visible")
    page.keyboard.press("Enter")


def expected_fills(view: View) -> list[str]:
    """The fills the engine gives the demo's areas for ``view`` (its palette included), sorted:
    class colours, no data, and (with a zone) the areas outside it."""
    choropleth = compute(load_demo(), view)
    colors = class_colors(choropleth.indicator, choropleth.classification.k)
    return sorted(
        area_fill(colors, cls, status)
        for cls, status in zip(
            choropleth.classification.classes, choropleth.areas["status"], strict=True
        )
    )
