"""A refused upload is explained in the page's language, and the data in use stays."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from ui import wait_idle

from geo.model.i18n import t

pytestmark = pytest.mark.browser

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
# What the refusal of a layer without features says (a short name: the uploader shortens long
# ones).
REFUSAL = {
    "es": ("vacia.geojson: no tiene elementos.", "Revise que exportó la capa correcta."),
    "en": ("vacia.geojson: has no features.", "Check that the right layer was exported."),
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_refused_upload_speaks_the_page_language(
    page: Page, app_url: str, tmp_path: Path, artifacts: Path, lang: str
) -> None:
    bad = tmp_path / "vacia.geojson"
    shutil.copyfile(BAD / "b_no_features.geojson", bad)
    page.goto(f"{app_url}datos?lang={lang}")
    expect(page.get_by_role("heading", name=t("upload_title", lang))).to_be_visible()
    uploader = page.get_by_test_id("stFileUploader").filter(has_text=t("upload_boundaries", lang))
    uploader.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    expect(uploader).to_contain_text(bad.name)
    wait_idle(page)  # the upload reruns the page: a click during that rerun is lost
    page.get_by_role("button", name=t("upload_apply", lang)).click()

    alert = page.get_by_test_id("stAlert").filter(has_text=bad.name)
    expect(alert).to_be_visible(timeout=60_000)
    text = alert.inner_text()
    problem, fix = REFUSAL[lang]
    assert t("upload_failed", lang) in text and problem in text and fix in text, text
    other = "en" if lang == "es" else "es"
    for part in (*REFUSAL[other], t("upload_failed", other)):
        assert part.split(": ")[-1] not in text, text
    # The refusal changed nothing: the demo is still the data in use.
    expect(page.get_by_text(t("demo_badge", lang)).first).to_be_visible()
    expect(page.get_by_role("heading", name=t("report_title", lang))).to_have_count(0)
    page.screenshot(path=str(artifacts / f"refusal_{lang}.png"), full_page=True)


def test_the_map_scale_is_in_metres_only(page: Page, app_url: str) -> None:
    page.goto(app_url)
    frame = page.frame_locator(MAP_IFRAME)
    lines = frame.locator(".leaflet-control-scale-line")
    expect(lines).to_have_count(1, timeout=60_000)  # Leaflet's default adds a line in miles
    assert lines.inner_text().strip().endswith(("km", " m")), lines.inner_text()
