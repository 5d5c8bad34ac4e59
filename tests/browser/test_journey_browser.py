"""The planner's and the presenter's journeys, walked in one go in each language.

Open → indicator, year, filter → click the worst territory → its trend → barrios, núcleos,
sites → Comparar (each mode) → Prioridad → save two views → present, step with the keyboard,
leave with Esc → export GeoJSON and compare its values with what the page shows. The walk
fails on any error box, server traceback, console error or request outside this server.
Screenshots of every page at three window sizes land in ``tests/artifacts/``.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import guarded_context
from playwright.sync_api import Page, expect
from test_map_browser import _CONTAINER_POINT_JS, MAP_IFRAME, POLYGONS
from ui import FILLS_JS, choose, expected_fills, scroll_to, wait_idle

from geo.analysis.choropleth import compute
from geo.analysis.drilldown import site_values
from geo.io.ingest import load_demo
from geo.model.catalogue import EDUCATION_LEVEL_NAMES, get_indicator
from geo.model.formatting import format_value
from geo.model.i18n import t, t_n
from geo.model.view import LEVEL_NAMES, View

pytestmark = pytest.mark.browser

# Words of the walk in each language (the app's own catalogue gives the rest).
WORDS = {
    "es": {
        "indicator": "Indicador",
        "level": "Nivel territorial",
        "education_level": "Nivel educativo",
        "sector": "Sector",
        "filters": "Filtros",
        "share": "Compartir y presentar",
        "save": "Guardar esta vista",
        "present": "Presentar (pantalla completa)",
    },
    "en": {
        "indicator": "Indicator",
        "level": "Geographic level",
        "education_level": "Education level",
        "sector": "Sector",
        "filters": "Filters",
        "share": "Share and present",
        "save": "Save this view",
        "present": "Present (full screen)",
    },
}
# Streamlit asks for its health and configuration at every base path the address could have
# (``/comparar/_stcore/health``...) and keeps the one that answers; the misses are its own.
STREAMLIT_PROBE = re.compile(r"/_stcore/(health|host-config)")
_ALL_MAPS_DRAWN_JS = """([frame, polygons, maps]) => {
  const frames = [...document.querySelectorAll(frame)];
  return frames.length === maps && frames.every(
    f => f.contentDocument && f.contentDocument.querySelectorAll(polygons).length > 0);
}"""
SHOW_SITES = {"es": re.compile("^Mostrar las sedes"), "en": re.compile("^Show the sites")}
_COUNT_JS = """([frame, polygons, count]) => {
  const frames = [...document.querySelectorAll(frame)];
  return frames.length === 1 && frames[0].contentDocument
    && frames[0].contentDocument.querySelectorAll(polygons).length === count;
}"""
VIEWPORTS = ((1400, 1000), (1280, 720), (390, 844))
PAGES = (
    "",
    "comparar",
    "prioridad",
    "focalizar",
    "red_escolar",
    "seguimiento",
    "exportar",
    "datos",
    "metodologia",
)
# Maps each page draws on opening: Prioridad has the index's and the risk sites' (issue 16).
MAPS = {"": 1, "comparar": 1, "prioridad": 2}


class Watch:
    """What must never happen on a page: console errors, uncaught errors, outside requests."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on("console", self._console)
        page.on("response", self._response)

    def _console(self, message) -> None:
        if message.type == "error" and not STREAMLIT_PROBE.search(message.location["url"] or ""):
            self.errors.append(f"console: {message.text} ({message.location['url']})")

    def _response(self, response) -> None:
        if response.status >= 400 and not STREAMLIT_PROBE.search(response.url):
            self.errors.append(f"HTTP {response.status}: {response.url}")


def no_error_box(page: Page) -> None:
    wait_idle(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)


def wait_fills(page: Page, view: View) -> None:
    page.wait_for_function(FILLS_JS, arg=[MAP_IFRAME, POLYGONS, expected_fills(view)])


def nav(page: Page, title: str) -> None:
    wait_idle(page)
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_planner_and_presenter_journey(
    browser, app_url: str, server_log: Path, tmp_path: Path, artifacts: Path, lang: str
) -> None:
    words = WORDS[lang]
    log_start = server_log.stat().st_size
    context, outside = guarded_context(browser, accept_downloads=True)
    page = context.new_page()
    watch = Watch(page)
    dataset = load_demo()

    # 1. Open: the map draws, the title and the demo badge speak the language.
    page.goto(f"{app_url}?lang={lang}")
    wait_fills(page, View(year=2024, lang=lang))
    expect(page.get_by_text(t("demo_badge", lang)).first).to_be_visible()

    # 2. Indicator, year (keyboard on the slider), sector filter.
    no_internet = get_indicator("no_internet")
    choose(page, words["indicator"], no_internet.label(lang))
    page.wait_for_url(re.compile(r"ind=no_internet"))
    wait_idle(page)
    page.get_by_test_id("stSidebar").get_by_role("slider").first.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"year=2023"))
    wait_idle(page)
    sidebar = page.get_by_test_id("stSidebar")
    filters = sidebar.get_by_text(words["filters"], exact=True)
    scroll_to(filters)
    filters.click()
    sector = sidebar.get_by_test_id("stMultiSelect").filter(
        has=page.get_by_text(words["sector"], exact=True)
    )
    wait_idle(page)
    expect(sector).to_be_in_viewport()  # the expander has opened
    sector.get_by_role("combobox").click()
    page.get_by_role("option", name="Oficial", exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"f\.sector=Oficial"))
    view = View(indicator="no_internet", year=2023, filters=(("sector", ("Oficial",)),), lang=lang)
    wait_fills(page, view)
    title = f"{no_internet.label(lang)} · Oficial, 2023"
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    no_error_box(page)

    # 3. Click the worst territory anywhere inside it: its panel, its trend with values.
    choropleth = compute(dataset, view)
    worst = choropleth.areas.sort_values("value", ascending=False).iloc[0]
    inside = dataset.territories.set_index("codigo").loc[worst["codigo"], "geometry"]
    point = inside.representative_point()
    container = page.frame_locator(MAP_IFRAME).locator(".leaflet-container")
    x, y = container.evaluate(_CONTAINER_POINT_JS, [point.y, point.x])
    container.click(position={"x": x, "y": y})
    value = format_value(worst["value"], no_internet, lang)
    expect(page.get_by_role("heading", name=f"{worst['nombre']} · {value}")).to_be_visible()
    expect(page.get_by_text(t("trend", lang), exact=True)).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_be_visible()
    trend_table = page.locator("table").filter(has_text=t("change_since", lang).split(" ")[0])
    expect(trend_table).to_contain_text(value)  # 2023's row: the same value as the heading
    assert f"sel={worst['codigo']}" in page.url
    page.screenshot(path=str(artifacts / f"journey_panel_{lang}.png"), full_page=True)
    no_error_box(page)

    # 4. Barrios, then núcleos; the sites on the map; back to comunas.
    choose(page, words["level"], LEVEL_NAMES["barrio"][lang])
    page.wait_for_url(re.compile(r"level=barrio"))
    wait_fills(page, replace(view, level="barrio"))
    choose(page, words["level"], LEVEL_NAMES["nucleo"][lang])
    page.wait_for_url(re.compile(r"level=nucleo"))
    nucleos = replace(view, level="nucleo")
    count = len(compute(dataset, nucleos).areas)
    page.wait_for_function(_COUNT_JS, arg=[MAP_IFRAME, POLYGONS, count])
    page.get_by_test_id("stMain").get_by_text(SHOW_SITES[lang]).click()
    page.wait_for_url(re.compile(r"sites=1"))
    located = site_values(dataset, nucleos)[["latitud", "longitud"]].dropna()
    page.wait_for_function(_COUNT_JS, arg=[MAP_IFRAME, POLYGONS, count + len(located)])
    no_error_box(page)
    choose(page, words["level"], LEVEL_NAMES["territorio"][lang])
    page.wait_for_url(re.compile(r"level=territorio"))
    page.get_by_test_id("stMain").get_by_text(SHOW_SITES[lang]).click()
    page.wait_for_url(re.compile(r"sites=0"))

    # 5. Comparar, each mode.
    nav(page, t("page_compare", lang))
    modes = [t(f"mode_{m}", lang) for m in ("change", "side", "bivariate", "clusters")]
    for mode, maps in zip(modes, (1, 2, 1, 1), strict=True):
        wait_idle(page)
        page.get_by_test_id("stRadio").first.get_by_text(mode, exact=True).click()
        wait_idle(page)
        if mode == modes[3]:  # 21 territories are too few for local statistics: a note
            expect(page.get_by_test_id("stAlert").first).to_contain_text("21")
        else:
            page.wait_for_function(_ALL_MAPS_DRAWN_JS, arg=[MAP_IFRAME, POLYGONS, maps])
        no_error_box(page)
        name = f"journey_compare_{modes.index(mode)}_{lang}.png"
        page.screenshot(path=str(artifacts / name))

    # 6. Prioridad: the index, its map and its table.
    nav(page, t("page_priority", lang))
    page.wait_for_function(_ALL_MAPS_DRAWN_JS, arg=[MAP_IFRAME, POLYGONS, MAPS["prioridad"]])
    no_error_box(page)

    # 7. Save two views, present, step with a clicker's keys, leave with Esc.
    nav(page, t("page_map", lang))
    wait_fills(page, replace(view, selected=""))
    page.get_by_test_id("stSidebar").get_by_text(words["share"]).click()
    wait_idle(page)
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_text(t_n("saved_views", 1, lang))).to_be_visible()
    choose(page, words["indicator"], get_indicator("dropout").label(lang))
    page.wait_for_url(re.compile(r"ind=dropout"))
    choose(page, words["education_level"], EDUCATION_LEVEL_NAMES["secundaria"][lang])
    page.wait_for_url(re.compile(r"nivel=secundaria"))
    wait_idle(page)
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_text(t_n("saved_views", 2, lang))).to_be_visible()
    page.get_by_role("link", name=words["present"]).click()
    expect(page.get_by_text("1 / 2")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    page.wait_for_function("() => window.__atlasKeys === true")
    page.keyboard.press("PageDown")
    expect(page.get_by_text("2 / 2")).to_be_visible()
    secundaria = get_indicator("dropout", "secundaria")  # issue 16: one education level
    dropout_title = f"{secundaria.label(lang)} · Oficial, 2023"
    expect(page.get_by_role("heading", name=dropout_title)).to_be_visible()
    wait_idle(page)
    page.keyboard.press("PageUp")
    expect(page.get_by_text("1 / 2")).to_be_visible()
    wait_idle(page)
    page.keyboard.press("Escape")
    page.wait_for_url(lambda url: "present=1" not in url)
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    expect(page.get_by_role("heading", name=dropout_title)).to_be_visible()  # the same view
    assert "year=2023" in page.url and "f.sector=Oficial" in page.url, page.url
    assert "nivel=secundaria" in page.url, page.url

    # 8. Export the GeoJSON of the view: its values are those the page shows.
    nav(page, t("page_export", lang))
    expect(page.get_by_test_id("stMain").get_by_text(dropout_title, exact=True)).to_be_visible()
    wait_idle(page)
    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").filter(has_text="GeoJSON").first.click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    current = compute(
        dataset, replace(view, indicator="dropout", education_level="secundaria", selected="")
    )
    shown = dict(zip(current.areas["codigo"], current.areas["value"], strict=True))
    assert len(exported["features"]) == 21
    for feature in exported["features"]:
        properties = feature["properties"]
        assert properties["indicator"] == "dropout" and properties["year"] == 2023
        assert properties["education_level"] == "secundaria"
        assert properties["value"] == pytest.approx(shown[properties["code"]])
    nav(page, t("page_map", lang))
    ranking = page.locator("table").filter(has_text=t("rank", lang)).first
    for feature in exported["features"][:5]:
        value = format_value(feature["properties"]["value"], secundaria, lang)
        row = ranking.locator("tr").filter(has_text=feature["properties"]["name"]).first
        expect(row).to_contain_text(value)  # the page writes the exported value

    context.close()
    assert not outside, f"requests outside this server: {outside}"
    assert not watch.errors, watch.errors
    server = server_log.read_text()[log_start:]
    assert "Traceback" not in server and "crashed" not in server, server[-3000:]


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=lambda v: str(v))
def test_every_page_at_three_window_sizes(
    browser, app_url: str, artifacts: Path, width: int, height: int
) -> None:
    context, outside = guarded_context(browser, viewport={"width": width, "height": height})
    page = context.new_page()
    watch = Watch(page)
    for path in PAGES:
        page.goto(f"{app_url}{path}?ind=no_internet&sel=01")
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
        if path in MAPS:
            page.wait_for_function(_ALL_MAPS_DRAWN_JS, arg=[MAP_IFRAME, POLYGONS, MAPS[path]])
        no_error_box(page)
        page.screenshot(path=str(artifacts / f"page_{path or 'mapa'}_{width}x{height}.png"))
    page.goto(f"{app_url}presentar?present=1&v=ind%3Dno_internet&i=0")
    page.wait_for_function(_ALL_MAPS_DRAWN_JS, arg=[MAP_IFRAME, POLYGONS, 1])
    no_error_box(page)
    page.screenshot(path=str(artifacts / f"page_presentar_{width}x{height}.png"))
    context.close()
    assert not outside, f"requests outside this server: {outside}"
    assert not watch.errors, watch.errors
