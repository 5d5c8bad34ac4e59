"""Find a school by typing part of its name without accents: its territory's panel opens with
its row highlighted, its own panel shows its values year by year, and the link reopens it.

The site's values are computed here straight from the demo's CSV files, not by the engine.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from ui import MAP_IFRAME, scroll_to, wait_idle

from geo.model.catalogue import get_indicator
from geo.model.formatting import format_fraction, format_value
from geo.model.i18n import t

pytestmark = pytest.mark.browser

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
QUERY = "demo belen 17"  # "Colegio Demo Belén 17", typed without its accent
TERRITORY_CODE, TERRITORY_NAME = "16", "Belén"

# One map iframe whose layer carries the searched site's mark with the site's name, zoomed in
# (street level) on the site.
_MARK_JS = """([frame, name, lat, lon]) => {
  const frames = [...document.querySelectorAll(frame)];
  if (frames.length !== 1 || !frames[0].contentDocument) return false;
  const doc = frames[0].contentDocument, map = frames[0].contentWindow.map;
  const label = doc.querySelector('.atlas-site-label');
  return !!doc.querySelector('path.atlas-site-mark') && !!label && label.textContent === name
    && !!map && map.getZoom() >= 14 && map.getBounds().contains([lat, lon]);
}"""


def demo_site(name: str) -> tuple[str, tuple[float, float], dict[int, tuple[int, int]]]:
    """The code of the demo site called ``name``, its point and its (dropouts, enrolled) per
    year, read from the CSV files."""
    with open(DEMO / "sedes.csv", encoding="utf-8") as handle:
        (site,) = [row for row in csv.DictReader(handle) if row["nombre"] == name]
    code, point = site["codigo_dane"], (float(site["latitud"]), float(site["longitud"]))
    with open(DEMO / "indicadores_sedes.csv", encoding="utf-8") as handle:
        counts = {
            int(row["anio"]): (int(row["desertores"]), int(row["matricula"]))
            for row in csv.DictReader(handle)
            if row["codigo_dane"] == code
        }
    return code, point, counts


NAME = "Colegio Demo Belén 17"
CODE, POINT, COUNTS = demo_site(NAME)


def search_and_pick(page: Page, lang: str) -> None:
    box = page.get_by_label(t("site_search", lang))
    box.fill(QUERY)
    box.press("Enter")
    page.get_by_role("button", name=re.compile(re.escape(CODE))).click()


def expect_site_open(page: Page, lang: str) -> None:
    expect(page.get_by_role("heading", name=f"{TERRITORY_NAME} ·")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"[?&]site={CODE}(&|$)"))
    expect(page).to_have_url(re.compile(rf"[?&]sel={TERRITORY_CODE}(&|$)"))
    # The site's row in the territory's table of sites, and only it, is highlighted.
    highlighted = page.locator(".st-key-area_sites tr.atlas-highlight")
    expect(highlighted).to_have_count(1)
    expect(highlighted).to_contain_text(CODE)
    expect(highlighted).to_contain_text(NAME)
    # ...and in sight, though the table box scrolls and the row sorts further down.
    scroll_to(page.locator(".st-key-area_sites"))
    expect(highlighted.locator("td").first).to_be_in_viewport()
    # The site's own panel: its name, and its dropout rate with n for every year.
    panel = page.locator(".st-key-site_panel")
    expect(panel.get_by_role("heading", name=NAME)).to_be_visible()
    indicator = get_indicator("dropout")
    rows = panel.locator("table tbody tr")
    for year, (dropouts, enrolled) in sorted(COUNTS.items()):
        row = rows.filter(has=page.locator("td", has_text=re.compile(rf"^{year}$")))
        expect(row).to_have_count(1)
        cell = row.locator("td").nth(1)
        expect(cell).to_contain_text(format_value(dropouts / enrolled, indicator, lang))
        expect(cell).to_contain_text(format_fraction(dropouts, enrolled, lang))
    # The map marks the site, named in its label.
    page.wait_for_function(_MARK_JS, arg=[MAP_IFRAME, NAME, *POINT], polling=100)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_site_found_without_accents_opens_its_panels_and_its_link_reopens_them(
    page: Page, app_url: str, lang: str, artifacts: Path
) -> None:
    page.goto(f"{app_url}?lang={lang}")
    page.frame_locator(MAP_IFRAME).locator("path.leaflet-interactive").first.wait_for()
    wait_idle(page)
    search_and_pick(page, lang)
    expect_site_open(page, lang)
    wait_idle(page)
    scroll_to(page.get_by_label(t("site_search", lang)))
    page.screenshot(path=str(artifacts / f"site_search_map_{lang}.png"))
    scroll_to(page.locator(".st-key-area_sites"))
    page.screenshot(path=str(artifacts / f"site_search_row_{lang}.png"))
    scroll_to(page.locator(".st-key-site_panel"))
    page.screenshot(path=str(artifacts / f"site_search_panel_{lang}.png"))

    # The share panel's link carries the site too; it and the address reopen it.
    page.get_by_test_id("stSidebar").get_by_text(t("share", lang)).click()
    shared = page.get_by_test_id("stSidebar").get_by_test_id("stCode")
    expect(shared).to_contain_text(f"site={CODE}")
    expect(shared).to_contain_text(f"sel={TERRITORY_CODE}")
    for link in (shared.inner_text().strip(), page.url):
        fresh = page.context.new_page()
        fresh.goto(link)
        # Attached, not visible: zoomed in on the site, the first area may be out of view.
        areas = fresh.frame_locator(MAP_IFRAME).locator("path.leaflet-interactive")
        areas.first.wait_for(state="attached")
        expect_site_open(fresh, lang)
        fresh.close()


def test_no_match_and_a_stale_site_say_so_and_keep_the_view(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}?lang=en&sel={TERRITORY_CODE}&site=990599999999")
    expect(page.get_by_text(t("site_stale", "en").format(code="990599999999"))).to_be_visible()
    expect(page.get_by_role("heading", name=f"{TERRITORY_NAME} ·")).to_be_visible()
    expect(page.locator(".st-key-site_panel")).to_have_count(0)
    wait_idle(page)
    box = page.get_by_label(t("site_search", "en"))
    box.fill("zzzz colegio")
    box.press("Enter")
    expect(
        page.get_by_text(t("site_search_none", "en").format(query="zzzz colegio"))
    ).to_be_visible()
    expect(page.get_by_role("heading", name=f"{TERRITORY_NAME} ·")).to_be_visible()


def test_a_code_at_the_barrio_level_selects_the_sites_barrio(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}?level=barrio")
    page.frame_locator(MAP_IFRAME).locator("path.leaflet-interactive").first.wait_for()
    wait_idle(page)
    box = page.get_by_label(t("site_search", "es"))
    box.fill(CODE)
    box.press("Enter")
    page.get_by_role("button", name=re.compile(re.escape(CODE))).click()
    expect(page.get_by_role("heading", name="Barrio demo 1616 ·")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]sel=1616(&|$)"))
    expect(page).to_have_url(re.compile(rf"[?&]site={CODE}(&|$)"))
    expect(page.locator(".st-key-area_sites tr.atlas-highlight")).to_contain_text(CODE)
    expect(page.locator(".st-key-site_panel").get_by_role("heading", name=NAME)).to_be_visible()
    page.wait_for_function(_MARK_JS, arg=[MAP_IFRAME, NAME, *POINT], polling=100)
