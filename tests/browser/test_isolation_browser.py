"""An upload belongs to the session that made it: a second browser never sees it."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from conftest import guarded_context
from playwright.sync_api import Page, expect

from geo.synthetic.demo import DEMO_DIR

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
POLYGONS = ".leaflet-overlay-pane path.leaflet-interactive"
SECRET_NAME = "Comuna Confidencial Zeta"  # a territory name only context A's file contains
UPLOADED_LABEL = "Datos cargados"
UPLOAD_LINK_NOTE = {
    "es": "Este enlace se hizo con datos cargados, que no viajan en el enlace: lo que ve son "
    "datos de demostración",
    "en": "This link was made with uploaded data, which does not travel in links: what you see "
    "is demo data",
}


def test_an_upload_in_one_browser_never_reaches_another(
    page: Page, browser, app_url: str, tmp_path: Path
) -> None:
    territories = gpd.read_file(DEMO_DIR / "territorios.geojson")
    territories.loc[0, "nombre"] = SECRET_NAME
    boundaries = tmp_path / "zeta_a.geojson"  # short: the uploader truncates long names
    territories.to_file(boundaries, driver="GeoJSON")

    # Context A uploads its file and makes it the active dataset.
    page.goto(app_url + "datos")
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Comunas y corregimientos")
    uploader.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(boundaries))
    expect(uploader).to_contain_text(boundaries.name)
    page.get_by_role("button", name="Validar y usar estos datos").click()
    expect(page.get_by_role("heading", name="Reporte de la unión")).to_be_visible(timeout=60_000)
    dataset_selector = page.get_by_role("combobox", name="Conjunto de datos")
    expect(dataset_selector).to_have_value(UPLOADED_LABEL)
    link_of_a = page.url  # carries ds=upload

    # Context B: a separate browser context, so a separate Streamlit session.
    context, outside = guarded_context(browser)
    try:
        other = context.new_page()
        for address in (app_url, app_url + "datos", link_of_a):
            other.goto(address)
            expect(other.get_by_test_id("stSidebar").get_by_text("Indicador")).to_be_visible(
                timeout=30_000
            )
            expect(other.get_by_text("Datos de demostración — no oficiales").first).to_be_visible()
            # Only the demo is available, so there is no dataset selector at all.
            expect(other.get_by_role("combobox", name="Conjunto de datos")).to_have_count(0)
            expect(
                other.get_by_test_id("stSidebar").get_by_text("Conjunto de datos")
            ).to_have_count(0)
            body = other.locator("body").inner_text()
            assert SECRET_NAME not in body and boundaries.name not in body
            assert UPLOADED_LABEL not in body
        # A's link falls back to the demo and says so before anything else on the page.
        warning = other.get_by_test_id("stAlert").filter(has_text="datos cargados")
        expect(warning).to_contain_text(UPLOAD_LINK_NOTE["es"])
        map_link = link_of_a.replace("/datos", "/")
        for lang in ("es", "en"):
            other.goto(f"{map_link}&lang={lang}")
            map_frame = other.frame_locator(MAP_IFRAME)
            expect(map_frame.locator(POLYGONS)).to_have_count(21, timeout=60_000)
            warning = other.get_by_test_id("stAlert").filter(has_text=UPLOAD_LINK_NOTE[lang])
            expect(warning).to_be_visible()
            above = warning.bounding_box()["y"] < other.locator(MAP_IFRAME).bounding_box()["y"]
            assert above, "the note must come before the map"
            title = other.get_by_role("heading", level=1).first.bounding_box()["y"]
            assert warning.bounding_box()["y"] < title, "the note must come before the title"
        other.goto(map_link)
        expect(map_frame.locator(POLYGONS)).to_have_count(21, timeout=60_000)
        map_frame.locator(POLYGONS).first.hover()
        tooltip = map_frame.locator(".leaflet-tooltip")
        expect(tooltip).to_be_visible()
        expect(tooltip).not_to_contain_text(SECRET_NAME)
        assert SECRET_NAME not in other.content()
    finally:
        context.close()
    assert not outside, f"context B asked for resources outside this server: {outside}"

    # A's session (a reload would start a new one) still has its upload after B came and went.
    page.get_by_test_id("stSidebarNav").get_by_text("Mapa").click()
    expect(dataset_selector).to_have_value(UPLOADED_LABEL)
    page.frame_locator(MAP_IFRAME).locator(POLYGONS).first.hover()
    expect(page.frame_locator(MAP_IFRAME).locator(".leaflet-tooltip")).to_contain_text(SECRET_NAME)
