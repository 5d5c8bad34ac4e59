"""Education levels (issue 16) in a real browser, in both languages: choose Reprobación, then
Secundaria; the map, the title and the ranking show secundaria's failure (checked against the
demo's CSV files), the link carries ``nivel=secundaria`` and reopens the same view in a fresh
page; an indicator without figures per level puts the choice back to all levels."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import guarded_context
from playwright.sync_api import Page, expect
from ui import FILLS_JS, MAP_IFRAME, POLYGONS, choose, expected_fills, scroll_to, wait_idle

from geo.model.catalogue import EDUCATION_LEVEL_NAMES, get_indicator
from geo.model.dataset import DEMO_DIR, DEMO_FILES
from geo.model.formatting import format_value
from geo.model.view import View

pytestmark = pytest.mark.browser

WORDS = {
    "es": {"indicator": "Indicador", "level": "Nivel educativo"},
    "en": {"indicator": "Indicator", "level": "Education level"},
}
NEW = ("approval", "failure", "repetition", "overage", "saber11_global", "saber11_low_math")


def worst_failure_in_secundaria(year: int = 2024) -> tuple[str, float]:
    """The territory with the highest Σ reprobados_secundaria / Σ matricula_secundaria, from
    the demo's files (sites joined by the territory they declare)."""
    sites = pd.read_csv(DEMO_DIR / DEMO_FILES["sites"], dtype=str)
    counts = pd.read_csv(DEMO_DIR / DEMO_FILES["site_years"], dtype={"codigo_dane": str})
    rows = counts[(counts["anio"] == year) & (counts["matricula_secundaria"] > 0)]
    sums = (
        rows.merge(sites)
        .groupby("codigo_comuna")[["reprobados_secundaria", "matricula_secundaria"]]
        .sum()
    )
    rate = sums["reprobados_secundaria"] / sums["matricula_secundaria"]
    territories = pd.read_json(DEMO_DIR / DEMO_FILES["territories"])["features"]
    names = {f["properties"]["codigo"]: f["properties"]["nombre"] for f in territories}
    return names[rate.idxmax()], float(rate.max())


def _fills(page: Page, view: View) -> None:
    page.wait_for_function(FILLS_JS, arg=[MAP_IFRAME, POLYGONS, expected_fills(view)], polling=100)


def _level_box(page: Page, lang: str):
    label = WORDS[lang]["level"]
    box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))
    return box.get_by_role("combobox")


def _shows_secundaria(page: Page, lang: str) -> None:
    failure = get_indicator("failure", "secundaria")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", level=1)).to_contain_text(failure.label(lang))
    name, value = worst_failure_in_secundaria()
    first = main.locator(".atlas-table").first.locator("tbody tr").first
    expect(first).to_contain_text(name)
    expect(first).to_contain_text(format_value(value, failure, lang))
    expect(_level_box(page, lang)).to_have_value(EDUCATION_LEVEL_NAMES["secundaria"][lang])


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_level_changes_the_map_the_title_and_the_ranking_and_travels_in_the_link(
    browser, app_url: str, artifacts, lang: str
) -> None:
    words = WORDS[lang]
    context, outside = guarded_context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}?lang={lang}")
    _fills(page, View(year=2024, lang=lang))

    # Every new indicator is offered.
    wait_idle(page)
    indicator_box = page.get_by_test_id("stSelectbox").filter(
        has=page.get_by_text(words["indicator"], exact=True)
    )
    indicator_box.get_by_role("combobox").click()
    for indicator_id in NEW:
        expect(
            page.get_by_role("option", name=get_indicator(indicator_id).label(lang))
        ).to_be_visible()
    page.keyboard.press("Escape")

    choose(page, words["indicator"], get_indicator("failure").label(lang))
    page.wait_for_url(re.compile(r"ind=failure"))
    choose(page, words["level"], EDUCATION_LEVEL_NAMES["secundaria"][lang])
    page.wait_for_url(re.compile(r"nivel=secundaria"))
    view = View(indicator="failure", year=2024, lang=lang, education_level="secundaria")
    _fills(page, view)
    wait_idle(page)
    _shows_secundaria(page, lang)
    page.screenshot(path=str(artifacts / f"education_level_{lang}.png"))
    link = page.url

    # An indicator without figures per level: the choice goes back to all levels, disabled.
    choose(page, words["indicator"], get_indicator("no_internet").label(lang))
    page.wait_for_url(re.compile(r"ind=no_internet"))
    wait_idle(page)
    assert "nivel=" not in page.url
    expect(_level_box(page, lang)).to_have_value(EDUCATION_LEVEL_NAMES[""][lang])
    expect(_level_box(page, lang)).to_be_disabled()
    _fills(page, View(indicator="no_internet", year=2024, lang=lang))
    context.close()
    assert not outside and not errors, (outside, errors)

    fresh_context, outside = guarded_context(browser)
    fresh = fresh_context.new_page()
    fresh.goto(link)
    _fills(fresh, view)
    wait_idle(fresh)
    _shows_secundaria(fresh, lang)

    # Popular's panel: its trend beside the MEN's published rate for the city (the demo's
    # file in the MEN's shape), year by year.
    fresh.goto(link + "&sel=01")
    _fills(fresh, view)
    wait_idle(fresh)
    line = {"es": "Medellín según MEN", "en": "Medellín per MEN"}[lang]
    trend = fresh.get_by_test_id("stMain").locator(".atlas-table").filter(has_text=line)
    expect(trend).to_have_count(1)
    men = pd.read_csv(DEMO_DIR / DEMO_FILES["benchmark"], dtype={"CÓDIGO_MUNICIPIO": str})
    medellin = men[men["CÓDIGO_MUNICIPIO"] == "05001"].set_index("AÑO")
    failure = get_indicator("failure", "secundaria")
    for year in (2019, 2024):
        published = medellin.loc[year, "REPROBACIÓN_SECUNDARIA"] / 100
        row = trend.locator("tbody tr").filter(has_text=str(year)).first
        expect(row).to_contain_text(format_value(published, failure, lang))
    scroll_to(trend)
    fresh.screenshot(path=str(artifacts / f"education_level_{lang}_men.png"))
    fresh_context.close()
    assert not outside, outside
