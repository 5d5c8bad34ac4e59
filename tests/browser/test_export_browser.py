"""Downloads from the Exportar page are the same bytes as ``python -m geo export``.

Each file is made when its button is clicked (deferred), not when the page loads.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SOURCE_DATE_EPOCH
from playwright.sync_api import Page, expect
from ui import wait_idle

pytestmark = pytest.mark.browser

QUERY = (
    "ind=no_internet&year=2021&level=territorio&scheme=fisher_jenks&k=4&lang=es&f.sector=Oficial"
)


def cli_export(query: str, fmt: str, out: Path) -> bytes:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    subprocess.run(
        [sys.executable, "-m", "geo", "export", "--view", query, "--format", fmt, "-o", str(out)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return out.read_bytes()


@pytest.mark.parametrize(
    ("label", "fmt", "suffix"),
    [
        ("GeoJSON", "geojson", ".geojson"),
        ("CSV (estándar)", "csv", ".csv"),
        ("CSV para Excel en español", "csv-excel-es", ".csv"),
        ("XLSX", "xlsx", ".xlsx"),
        ("Imagen PNG", "png", ".png"),
        ("Mapa HTML", "html", ".html"),
    ],
)
def test_download_equals_cli_bytes(
    page: Page, app_url: str, tmp_path: Path, label: str, fmt: str, suffix: str
) -> None:
    page.goto(f"{app_url}exportar?{QUERY}")
    expect(page.get_by_text("Sin internet en casa · Oficial, 2021")).to_be_visible()
    # The page's run over first, as a person clicks: once in CI a click during the run got
    # the sites' CSV (Streamlit keys a deferred download by the element's place in the run).
    wait_idle(page)
    button = page.get_by_test_id("stDownloadButton").filter(has_text=label).first
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename.endswith(suffix)
    downloaded = Path(download.value.path()).read_bytes()
    assert downloaded == cli_export(QUERY, fmt, tmp_path / f"cli{suffix}")
