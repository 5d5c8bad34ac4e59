"""Comunas apart from corregimientos (issue 15): the zone choice at the territory level, seen
in a real browser in both languages, and its link reopened in a fresh page."""

from __future__ import annotations

import re

import pytest
from conftest import guarded_context
from playwright.sync_api import Page, expect
from ui import FILLS_JS, MAP_IFRAME, POLYGONS, expected_fills, scroll_to, wait_idle

from geo.model.territories import TERRITORIES
from geo.model.view import View

pytestmark = pytest.mark.browser

COMUNAS = {territory.name for territory in TERRITORIES if territory.kind == "comuna"}
CORREGIMIENTOS = {t.name for t in TERRITORIES if t.kind == "corregimiento"}

# label of the zone selectbox, its "comunas" option, the ranking's zone tag of a comuna
WORDS = {
    "es": ("Comunas o corregimientos", "Comunas (urbano)", "Comuna"),
    "en": ("Comunas or corregimientos", "Comunas (urban)", "Comuna"),
}


def _fills(page: Page, view: View) -> None:
    page.wait_for_function(FILLS_JS, arg=[MAP_IFRAME, POLYGONS, expected_fills(view)], polling=100)


def _ranking_names(page: Page) -> list[str]:
    """The names in the ranking's territory cells (its second column; the zone tag is written
    in small type beneath), without the city's row."""
    rows = page.get_by_test_id("stMain").locator(".atlas-table").first.locator("tbody tr")
    return rows.evaluate_all(
        "rows => rows.filter(r => !r.classList.contains('total'))"
        ".map(r => r.children[1].firstChild.textContent.trim())"
    )


def _check_ranking(page: Page, tag: str) -> None:
    names = _ranking_names(page)
    assert names[0] in COMUNAS, names
    assert not set(names) & CORREGIMIENTOS, names
    assert set(names) == COMUNAS, names
    first = page.get_by_test_id("stMain").locator(".atlas-table").first.locator("tbody tr").first
    expect(first).to_contain_text(tag)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_choosing_comunas_ranks_and_colours_only_comunas_and_the_link_keeps_it(
    browser, app_url: str, artifacts, lang: str
) -> None:
    label, option, tag = WORDS[lang]
    context, outside = guarded_context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(app_url + ("?lang=en" if lang == "en" else ""))
    _fills(page, View(indicator="dropout", year=2024, lang=lang))
    wait_idle(page)

    selectbox = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))
    combobox = selectbox.get_by_role("combobox")
    scroll_to(combobox)
    combobox.click()
    page.get_by_role("option", name=option, exact=True).click()

    page.wait_for_url(re.compile(r"zone=comunas"))
    view = View(indicator="dropout", year=2024, lang=lang, zone="comunas")
    _fills(page, view)
    wait_idle(page)
    expect(page.get_by_test_id("stMain").locator(".atlas-table").first).to_contain_text(tag)
    _check_ranking(page, tag)
    legend = page.frame_locator(MAP_IFRAME).locator(".atlas-legend")
    words = {"es": "fuera de la zona elegida", "en": "outside the chosen zone"}[lang]
    expect(legend).to_contain_text(words)
    # an area outside the zone is muted, not hidden: its tooltip still reads its value
    first_outside = next(i for i, t in enumerate(TERRITORIES) if t.kind == "corregimiento")
    page.frame_locator(MAP_IFRAME).locator(POLYGONS).nth(first_outside).hover()
    tooltip = page.frame_locator(MAP_IFRAME).locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(TERRITORIES[first_outside].name)
    expect(tooltip).to_contain_text("%")
    page.screenshot(path=str(artifacts / f"zone_comunas_{lang}.png"))
    link = page.url
    context.close()
    assert not outside and not errors, (outside, errors)

    fresh_context, outside = guarded_context(browser)
    fresh = fresh_context.new_page()
    fresh.goto(link)
    _fills(fresh, view)
    wait_idle(fresh)
    _check_ranking(fresh, tag)
    assert "zone=comunas" in fresh.url
    zone_box = fresh.get_by_test_id("stSelectbox").filter(has=fresh.get_by_text(label, exact=True))
    expect(zone_box.get_by_role("combobox")).to_have_value(option)
    fresh.screenshot(path=str(artifacts / f"zone_comunas_{lang}_reopened.png"))
    fresh_context.close()
    assert not outside, outside
