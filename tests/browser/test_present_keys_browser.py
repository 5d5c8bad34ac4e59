"""A presentation is driven by the keyboard or a clicker, however it was opened.

A clicker sends PageDown/PageUp (some send →/←); Esc leaves. The presentation is opened the way
a presenter does: save views in the sidebar's share panel, then follow its Presentar link (no
page load), and the keys are pressed with the focus on the page and on the map.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from ui import choose, wait_idle

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def heading(page: Page, text: str):
    return page.get_by_role("heading", name=text, exact=True)


def save_two_views_and_present(page: Page, app_url: str) -> None:
    page.goto(app_url + "?ind=dropout&year=2024")
    expect(heading(page, "Deserción intra-anual · 2024")).to_be_visible()
    page.get_by_test_id("stSidebar").get_by_text("Compartir y presentar").click()
    save = page.get_by_role("button", name="Guardar esta vista")
    save.click()
    expect(page.get_by_text(re.compile(r"^1 vista"))).to_be_visible()
    choose(page, "Indicador", "Sin internet en casa")
    expect(heading(page, "Sin internet en casa · 2024")).to_be_visible()
    wait_idle(page)
    save.click()
    expect(page.get_by_text(re.compile(r"^2 vistas"))).to_be_visible()
    page.get_by_role("link", name="Presentar (pantalla completa)").click()
    expect(page.get_by_text("1 / 2")).to_be_visible()
    expect(heading(page, "Deserción intra-anual · 2024")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    page.frame_locator(MAP_IFRAME).locator("path.leaflet-interactive").first.wait_for()
    page.wait_for_function("() => window.__atlasKeys === true")


@pytest.mark.parametrize(
    ("forward", "back"),
    [("PageDown", "PageUp"), ("ArrowRight", "ArrowLeft")],
    ids=["clicker", "arrows"],
)
def test_keys_step_and_esc_leaves_a_presentation_opened_from_the_sidebar(
    page: Page, app_url: str, forward: str, back: str
) -> None:
    save_two_views_and_present(page, app_url)
    page.keyboard.press(forward)
    expect(page.get_by_text("2 / 2")).to_be_visible()
    expect(heading(page, "Sin internet en casa · 2024")).to_be_visible()
    wait_idle(page)
    page.keyboard.press(forward)  # past the last view: stays
    page.keyboard.press(back)
    expect(page.get_by_text("1 / 2")).to_be_visible()
    expect(heading(page, "Deserción intra-anual · 2024")).to_be_visible()
    wait_idle(page)
    page.keyboard.press("Escape")
    page.wait_for_url(lambda url: "present=1" not in url)
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_text("Indicador", exact=True)).to_be_visible()


def test_keys_work_after_clicking_the_map(page: Page, app_url: str) -> None:
    save_two_views_and_present(page, app_url)
    page.frame_locator(MAP_IFRAME).locator(".leaflet-container").click(position={"x": 5, "y": 5})
    page.keyboard.press("PageDown")
    expect(page.get_by_text("2 / 2")).to_be_visible()
    wait_idle(page)
    page.frame_locator(MAP_IFRAME).locator(".leaflet-container").click(position={"x": 5, "y": 5})
    page.keyboard.press("Escape")
    page.wait_for_url(lambda url: "present=1" not in url)
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
