"""A planner uploads a zipped shapefile and a semicolon CSV and sees the report and the map."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from geo.synthetic.demo import DEMO_DIR

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
POLYGONS = ".leaflet-overlay-pane path.leaflet-interactive"


@pytest.fixture
def planner_files(tmp_path: Path) -> tuple[Path, Path]:
    """The demo territories as a zipped shapefile in EPSG:9377 inside a folder, and the demo
    sites with their 2024 counts as Excel writes CSV in Spanish (';', decimal comma, Latin-1)."""
    territories = gpd.read_file(DEMO_DIR / "territorios.geojson").to_crs(9377)
    shapefile = tmp_path / "shp" / "limites.shp"
    shapefile.parent.mkdir()
    territories.rename(columns={"codigo": "COMUNA", "nombre": "NOMBRE"}).to_file(shapefile)
    archive = tmp_path / "comunas.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for member in shapefile.parent.iterdir():
            zipped.write(member, f"entrega/capas/{member.name}")
    sites = pd.read_csv(DEMO_DIR / "sedes.csv", dtype=str)
    counts = pd.read_csv(DEMO_DIR / "indicadores_sedes.csv", dtype=str)
    table = sites.merge(counts[counts["anio"] == "2024"], on="codigo_dane")
    for column in ("latitud", "longitud"):
        table[column] = table[column].str.replace(".", ",", regex=False)
    table = table.rename(columns={"matricula": "Matrícula", "codigo_dane": "Código DANE"})
    csv = tmp_path / "sedes_2024.csv"
    table.to_csv(csv, sep=";", index=False, encoding="cp1252")
    return archive, csv


def upload(page: Page, label: str, path: Path) -> None:
    uploader = page.get_by_test_id("stFileUploader").filter(has_text=label)
    uploader.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    expect(uploader).to_contain_text(path.name)


def test_upload_shapefile_and_semicolon_csv(
    page: Page, app_url: str, planner_files: tuple[Path, Path], artifacts: Path
) -> None:
    archive, csv = planner_files
    page.goto(app_url + "datos")
    expect(page.get_by_role("heading", name="Cargar datos propios")).to_be_visible()
    upload(page, "Comunas y corregimientos", archive)
    upload(page, "Sedes educativas", csv)
    expect(page.get_by_text("Asignación de columnas de la tabla de sedes")).to_be_visible()
    page.get_by_role("button", name="Validar y usar estos datos").click()

    expect(page.get_by_role("heading", name="Reporte de la unión")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("sedes ubicadas en un territorio")).to_be_visible()
    expect(page.get_by_text("Datos de demostración — no oficiales")).to_have_count(0)
    page.screenshot(path=str(artifacts / "upload_report.png"), full_page=True)

    page.get_by_test_id("stSidebarNav").get_by_text("Mapa").click()
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator(POLYGONS)).to_have_count(21, timeout=60_000)
    fills = frame.locator(POLYGONS).evaluate_all("els => els.map(e => e.getAttribute('fill'))")
    assert len(set(fills)) == 5, fills  # five classes, no territory without data
    page.screenshot(path=str(artifacts / "upload_map.png"))


HOSTILE = ("<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>")


def test_hostile_names_stay_text_everywhere(page: Page, app_url: str, tmp_path: Path) -> None:
    """Names carrying HTML show as text in tooltip, legend-free panel and tables; nothing runs."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    territories = gpd.read_file(DEMO_DIR / "territorios.geojson")
    territories.loc[0, "nombre"] = HOSTILE[0]
    territories.loc[1, "nombre"] = HOSTILE[1]
    boundaries = tmp_path / "hostil.geojson"
    territories.to_file(boundaries, driver="GeoJSON")
    page.goto(app_url + "datos")
    upload(page, "Comunas y corregimientos", boundaries)
    page.get_by_role("button", name="Validar y usar estos datos").click()
    expect(page.get_by_role("heading", name="Reporte de la unión")).to_be_visible(timeout=60_000)

    page.get_by_test_id("stSidebarNav").get_by_text("Mapa").click()
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator(POLYGONS)).to_have_count(21, timeout=60_000)
    frame.locator(POLYGONS).first.hover()
    expect(frame.locator(".leaflet-tooltip")).to_contain_text(HOSTILE[0])  # shown as text
    expect(frame.locator("img[src='x']")).to_have_count(0)
    label = "Territorio seleccionado (o haga clic en el mapa)"
    page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True)).click()
    page.get_by_role("option", name=HOSTILE[1]).click()
    expect(page.get_by_role("heading", name=HOSTILE[1], exact=False)).to_be_visible()
    assert dialogs == []


def test_boundaries_column_guess_is_shown_and_used(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    """An OpenStreetMap layer without ``ref``: the guess (code from the name) is shown before
    the upload is applied, and the report says the same."""
    layer = tmp_path / "osm.geojson"  # a short name: the uploader abbreviates long ones
    corpus = Path(__file__).parents[1] / "data" / "bad" / "b_osm_comunas_sin_ref.geojson"
    layer.write_bytes(corpus.read_bytes())
    page.goto(app_url + "datos")
    upload(page, "Comunas y corregimientos", layer)
    expect(page.get_by_text("Columnas de código y nombre de los límites")).to_be_visible()
    page.get_by_text("Columnas de código y nombre de los límites").click()
    expect(page.get_by_text("código derivado del nombre («name»)")).to_be_visible()
    expect(page.get_by_text("nombre: «name» por alias.")).to_be_visible()
    page.get_by_role("button", name="Validar y usar estos datos").click()
    expect(page.get_by_role("heading", name="Reporte de la unión")).to_be_visible(timeout=60_000)
    # The grid draws its cells on a canvas; its accessible table holds the same text. The
    # uploaded file's row says 21 areas read (the first "21" on the page may be another's).
    file_cell = page.get_by_role("gridcell", name="osm.geojson", exact=True, include_hidden=True)
    row = page.locator("tr", has=file_cell)
    expect(row.get_by_role("gridcell", name="21", exact=True, include_hidden=True)).to_be_attached()
    expect(page.get_by_text("sedes ubicadas en un territorio")).to_be_visible()
