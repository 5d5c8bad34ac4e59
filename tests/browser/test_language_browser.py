"""Español → English → Español on every page keeps the view, speaks one language, never crashes.

Streamlit keeps a select widget's value as the *label* it showed; a label in the other language
is then an unknown value. These tests switch the language the way a person does, with a
selection, filters and a palette (chosen and default), and read what is drawn afterwards.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect
from ui import FILLS_JS, choose, expected_fills, wait_idle

from geo.model.catalogue import get_indicator
from geo.model.view import View

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
POLYGONS = ".leaflet-overlay-pane path.leaflet-interactive"
SIDEBAR_WORDS = {
    "es": ("Indicador", "Clasificación", "Paleta (ColorBrewer)", "Idioma", "Filtros"),
    "en": ("Indicator", "Classification", "Palette (ColorBrewer)", "Language", "Filters"),
}


def switch_language(page: Page, to: str) -> None:
    label, option = ("Idioma", "English") if to == "en" else ("Language", "Español")
    choose(page, label, option)
    page.wait_for_url(re.compile(rf"lang={to}"))
    wait_idle(page)


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def assert_no_error(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)


def assert_sidebar_in(page: Page, lang: str) -> None:
    sidebar = page.get_by_test_id("stSidebar")
    for word in SIDEBAR_WORDS[lang]:
        expect(sidebar.get_by_text(word, exact=True).first).to_be_visible()
    other = "en" if lang == "es" else "es"
    for word in SIDEBAR_WORDS[other]:
        expect(sidebar.get_by_text(word, exact=True)).to_have_count(0)


@pytest.mark.parametrize(
    ("start", "palette", "selected"),
    [
        ("?ind=no_internet&f.sector=Oficial", "", ""),  # the defaults: the crash
        ("?ind=no_internet&f.sector=Oficial&pal=Blues&sel=03", "Blues", "03"),
    ],
    ids=["default-palette-no-selection", "blues-and-a-selection"],
)
def test_map_survives_a_language_round_trip(
    page: Page, app_url: str, start: str, palette: str, selected: str
) -> None:
    view = View(
        indicator="no_internet", year=2024, palette=palette, filters=(("sector", ("Oficial",)),)
    )
    page.goto(app_url + start)
    page.wait_for_function(FILLS_JS, arg=[MAP_IFRAME, POLYGONS, expected_fills(view)])
    for lang in ("en", "es"):
        switch_language(page, lang)
        assert_no_error(page)
        assert_sidebar_in(page, lang)
        page.wait_for_function(FILLS_JS, arg=[MAP_IFRAME, POLYGONS, expected_fills(view)])
        legend = page.frame_locator(MAP_IFRAME).locator(".atlas-legend")
        expect(legend).to_contain_text("No internet at home" if lang == "en" else "Sin internet")
        params = query(page)
        assert params["ind"] == ["no_internet"], page.url
        assert params["f.sector"] == ["Oficial"], page.url
        assert params.get("pal", [""]) == [palette], page.url
        assert params.get("sel", [""]) == [selected], page.url
        indicator = page.get_by_test_id("stSelectbox").filter(
            has=page.get_by_text(SIDEBAR_WORDS[lang][0], exact=True)
        )
        expect(indicator.get_by_role("combobox")).to_have_value(
            get_indicator("no_internet").label(lang)
        )
        if selected:
            expect(page.get_by_role("heading", name=re.compile(r"^Manrique ·"))).to_be_visible()


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("comparar?cmp=side&by=year&year2=2020", ("Comparar", "Compare")),
        ("comparar?cmp=bivariate&ind2=dropout", ("Comparar", "Compare")),
        ("prioridad?norm=zscore", ("Prioridad", "Priority")),
        ("exportar", ("Exportar", "Export")),
        ("datos", ("Datos", "Data")),
        ("metodologia", ("Metodología", "Methodology")),
    ],
)
def test_every_page_survives_a_language_round_trip(
    page: Page, app_url: str, path: str, heading: tuple[str, str]
) -> None:
    separator = "&" if "?" in path else "?"
    page.goto(f"{app_url}{path}{separator}ind=no_internet&f.sector=Oficial&pal=Greens")
    expect(page.get_by_role("heading", name=heading[0], exact=True)).to_be_visible()
    before = query(page)
    for lang, title in (("en", heading[1]), ("es", heading[0])):
        switch_language(page, lang)
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
        assert_no_error(page)
        assert_sidebar_in(page, lang)
        after = query(page)
        for key, value in before.items():
            if key != "lang":
                assert after.get(key) == value, f"{key}: {value} → {after.get(key)} ({page.url})"
