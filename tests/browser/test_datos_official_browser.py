"""An analyst downloads the official data on Datos and maps them; then brings a per-institution
table of their own. One app server for the module, started after two local imitations of the
portals it asks: GeoMedellín (the demo's territories, barrios and sites as its open-data zips
and ArcGIS pages) and datos.gov.co (Socrata, with per-student Saber 11 rows and enrolment rows
of our own making; the MEN's per-municipality dataset is missing: a moved dataset, 404, until
it comes back for a second download, whose city population 5-16 the population layer of
totals only is split by: the map of gross coverage on that estimate).

Every number the page shows is checked against pandas over the rows the imitation served.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from conftest import start_app, stop_app
from playwright.sync_api import Page, expect
from ui import MAP_IFRAME, POLYGONS, choose, wait_idle

from geo.io.ingest import DEMO_PATHS
from geo.io.official import DEFAULT_YEARS
from geo.io.sources import SOURCES
from geo.model.catalogue import get_indicator
from geo.model.formatting import format_base, format_number, format_value
from geo.model.i18n import t
from tests.portal_imitations import ArcgisLayer
from tests.socrata_imitation import Portal, serve
from tests.test_fetch import (
    ARCGIS,
    BARRIOS_PATH,
    COMUNAS_PATH,
    OPEN_DATA,
    SEDES_PATH,
    ZIP,
    Server,
    _handler,
    arcgis_pages,
    arcgis_route,
    geojson_bytes,
    zip_bytes,
)
from tests.test_portal import _enrolment, _men
from tests.test_portal_sources import _layer, _medata
from tests.test_soda import _students

pytestmark = pytest.mark.browser

MEDELLIN = ("05001", "5001")
SABER_YEAR = 2022  # the imitation's candidates sit in periods 20221 and 20224
COVERAGE_YEAR = 2020  # the MEN's enrolment and statistics, no MEData: gross coverage is MEN's
UPLOAD_YEAR = 2025  # after the demo's years: the map opens on it, with only the table's


def _geomedellin(folder: Path) -> tuple[ThreadingHTTPServer, Server]:
    """The demo's layers served as GeoMedellín serves its own."""
    state = Server()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    for path, key, member in (
        (COMUNAS_PATH, "territories", "limite_catastral_de_comun.geojson"),
        (BARRIOS_PATH, "barrios", "limite_barrio_vereda_cata.geojson"),
    ):
        body = geojson_bytes(gpd.read_file(DEMO_PATHS[key]))
        state.routes[path] = (200, ZIP, zip_bytes(folder, {member: body}))
    sites = pd.read_csv(DEMO_PATHS["sites"], dtype=str)
    points = gpd.GeoDataFrame(
        sites,
        geometry=gpd.points_from_xy(
            sites["longitud"].astype(float), sites["latitud"].astype(float)
        ),
        crs=4326,
    )
    features = json.loads(points.to_json(drop_id=True))["features"]
    state.routes[SEDES_PATH] = arcgis_route(arcgis_pages(features, per_page=200), per_page=200)
    # The DAP's population layer, one feature per demo territory, totals only (as the real).
    population = SOURCES["poblacion"].url(ARCGIS).split("?")[0]
    layer = ArcgisLayer(population.strip("/").removesuffix("/query"), _layer(ages=False))
    state.routes[population] = lambda query: layer.answer(
        f"{population}?{urllib.parse.urlencode(query, doseq=True)}"
    )
    return httpd, state


@pytest.fixture(scope="module")
def portal_app(tmp_path_factory: pytest.TempPathFactory, browser) -> Iterator[dict]:
    """The app whose official download asks the two imitations (started first)."""
    folder = tmp_path_factory.mktemp("official")
    students, enrolment = _students(), _enrolment()
    # and a year MEData does not give (2020): its gross coverage counts the MEN's enrolment
    enrolment = pd.concat(
        [enrolment, enrolment[enrolment["anno_inf"] == "2021"].assign(anno_inf="2020")]
    )
    served = Portal({"kgxf-xxbe": students, "ngw5-c5nw": enrolment})
    socrata, socrata_url = serve(served)
    httpd, layers = _geomedellin(folder / "served")
    sites = pd.read_csv(DEMO_PATHS["sites"], dtype=str)["codigo_dane"]
    ckan = _medata(list(sites.iloc[::11].head(60)))
    medata, medata_url = serve(ckan)
    env = {
        "ATLAS_CACHE_DIR": str(folder / "cache"),
        "ATLAS_OPEN_DATA_URL": layers.url(OPEN_DATA),
        "ATLAS_ARCGIS_URL": layers.url(ARCGIS),
        "ATLAS_SOCRATA_URL": socrata_url,
        "ATLAS_CKAN_URL": medata_url,
        "no_proxy": "*",
    }
    process, url = start_app(folder / "server.log", env=env)
    try:
        yield {
            "url": url,
            "students": students,
            "enrolment": enrolment,
            "medata": next(iter(ckan.records.values())),
            "socrata": served,
        }
    finally:
        stop_app(process)
        httpd.shutdown()
        socrata.shutdown()
        medata.shutdown()


def _territories() -> tuple[pd.Series, pd.Series]:
    """Site code -> territory code (the demo's own column), territory code -> name."""
    sites = pd.read_csv(DEMO_PATHS["sites"], dtype=str)
    names = gpd.read_file(DEMO_PATHS["territories"]).astype({"codigo": str})
    return (
        sites.set_index("codigo_dane")["codigo_comuna"],
        names.set_index("codigo")["nombre"],
    )


def _expected_no_internet(students: pd.DataFrame) -> pd.DataFrame:
    """Per territory name: candidates answering 'No' and candidates who answered."""
    where, names = _territories()
    mine = students[
        students["cole_cod_mcpio_ubicacion"].isin(MEDELLIN)
        & students["periodo"].str.startswith(str(SABER_YEAR))
        & students["fami_tieneinternet"].isin(["Si", "No"])
    ]
    territory = mine["cole_cod_dane_sede"].map(where).map(names)
    counts = pd.DataFrame({"no": mine["fami_tieneinternet"].eq("No"), "territory": territory})
    return counts.groupby("territory")["no"].agg(["sum", "count"])


def _source_rows(frame: pd.DataFrame, period: str, site: str, municipality: str) -> int:
    """Rows a per-sede-and-year table of the source holds: distinct sedes per year."""
    mine = frame[frame[municipality].isin(MEDELLIN)]
    year = mine[period].str[:4].astype(int)
    mine = mine[year.isin(DEFAULT_YEARS)]
    return int(mine.groupby(mine[period].str[:4])[site].nunique().sum())


def _ranking_shows(page: Page, expected: pd.DataFrame, lang: str) -> None:
    indicator = get_indicator("saber11_no_internet")
    table = page.locator(".atlas-table").filter(has_text=indicator.label(lang)).first
    for name, row in expected.iterrows():
        value = format_value(row["sum"] / row["count"], indicator, lang)
        base = format_base(row["sum"], row["count"], indicator, lang)
        line = table.locator("tbody tr").filter(has_text=name).first
        expect(line).to_contain_text(value)
        expect(line).to_contain_text(base)


def _summary_row(page: Page, title: str, lang: str = "es"):
    header = {"es": "Años descargados", "en": "Years downloaded"}[lang]
    summary = page.locator(".atlas-table").filter(has_text=header)
    return summary.locator("tbody tr").filter(has_text=title).first


def _institutions(tmp_path: Path) -> tuple[Path, pd.Series]:
    """``{"instituciones": {code: {...}}}``, as a Medellín project publishes Saber 11, keyed
    by the codes of the demo's sites (an institution's code is its principal site's), and
    each comuna's candidate-weighted mean by pandas."""
    where, names = _territories()
    codes = sorted(where.index)[::4]
    rng = np.random.default_rng(2026)
    table = pd.DataFrame(
        {
            "codigoDane": codes,
            "nombre": [f"I.E. {c[-4:]}" for c in codes],
            "evaluados": rng.integers(5, 150, len(codes)),
            "promedioGlobal": np.round(rng.uniform(190, 330, len(codes)), 1),
        }
    )
    document = {"instituciones": {r.pop("codigoDane"): r for r in table.to_dict("records")}}
    path = tmp_path / "saber11_ie.json"
    path.write_text(json.dumps(document, default=int), encoding="utf-8")
    table["territory"] = table["codigoDane"].map(where).map(names)
    table["total"] = table["promedioGlobal"] * table["evaluados"]
    sums = table.groupby("territory")[["total", "evaluados"]].sum()
    return path, sums["total"] / sums["evaluados"]


def test_official_download_then_map_then_a_per_institution_upload(
    page: Page, portal_app: dict, artifacts: Path, tmp_path: Path
) -> None:
    url = portal_app["url"]
    page.goto(url + "datos")  # the server's first visit: Streamlit's legacy run, then the app's
    button = page.get_by_role("button", name="Descargar los datos oficiales")
    # While the first visitor waits for the data, the sidebar never lists the page files as
    # Streamlit's legacy mode names them (``comparar``, lower case) once the app has begun.
    legacy_while_loading = []
    while not button.is_visible():
        nav = page.evaluate(
            "() => { const nav = document.querySelector('[data-testid=stSidebarNav]');"
            " return nav ? nav.innerText : ''; }"
        )
        waiting = page.get_by_text("Cargando datos…").count() > 0
        if waiting and "comparar" in nav.split():
            legacy_while_loading.append(nav)
        page.wait_for_timeout(100)
    assert not legacy_while_loading, legacy_while_loading[0]
    button.scroll_into_view_if_needed()
    button.click()

    # One bar per layer and source, each ending with what it gave.
    bars = page.get_by_test_id("stProgress")
    expect(bars).to_have_count(3 + len(SOURCES), timeout=120_000)
    expect(bars.filter(has_text="Comunas y corregimientos: 21 elementos")).to_have_count(1)
    saber_rows = _source_rows(
        portal_app["students"], "periodo", "cole_cod_dane_sede", "cole_cod_mcpio_ubicacion"
    )
    enrolled_rows = _source_rows(
        portal_app["enrolment"], "anno_inf", "codigo_dane_sede", "cod_dane_municipio"
    )
    saber_words = f"ICFES, Saber 11 por estudiante: {format_number(saber_rows, 0, 'es')} filas"
    expect(bars.filter(has_text=saber_words)).to_have_count(1)
    expect(bars.filter(has_text="MEN, estadísticas por municipio: falló")).to_have_count(1)
    # the population layer (a row per territory and year it projects) and MEData's table
    # (a row per establishment and year, its sexes summed) arrived too
    layer = _layer(ages=True)
    projected = sum(column.startswith("total_") for column in layer.columns)
    population = f"{SOURCES['poblacion'].title}: {len(layer) * projected} filas"
    expect(bars.filter(has_text=population)).to_have_count(1)
    served = portal_app["medata"][["codigo_dane", "anio"]].drop_duplicates()
    efficiency = f"{SOURCES['eficiencia'].title}: {len(served)} filas"
    expect(bars.filter(has_text=efficiency)).to_have_count(1)

    # The table of what each gave, the failure's message, the licence, the years.
    saber = _summary_row(page, "ICFES, Saber 11 por estudiante")
    expect(saber).to_contain_text("Descargado")
    expect(saber).to_contain_text("2019–2022")
    expect(saber).to_contain_text(format_number(saber_rows, 0, "es"))
    expect(saber).to_contain_text("Licencia declarada en la ficha")
    enrolled = _summary_row(page, "MEN, matrícula por sede")
    expect(enrolled).to_contain_text(format_number(enrolled_rows, 0, "es"))
    sites = format_number(len(pd.read_csv(DEMO_PATHS["sites"])), 0, "es")
    expect(_summary_row(page, "Sedes educativas")).to_contain_text(sites)
    expect(_summary_row(page, "MEN, estadísticas por municipio")).to_contain_text("Falló")
    errors = page.get_by_test_id("stAlertContentError")
    failure = errors.filter(has_text="MEN, estadísticas")
    expect(failure).to_contain_text("no hay copia anterior")
    expect(failure).to_contain_text("sources.json")  # the setting that fixes a moved dataset
    expect(errors).to_have_count(1)  # the others succeeded
    # The session now shows the official data, named so, with no demo badge on them.
    expect(page.get_by_role("heading", name="Datos oficiales").first).to_be_visible()
    expect(page.get_by_text("Datos de demostración — no oficiales")).to_have_count(0)
    page.screenshot(path=str(artifacts / "datos_official_es.png"), full_page=True)

    # The same outcomes in English, after the switch in the sidebar.
    choose(page, "Idioma", "English")
    page.wait_for_url(re.compile("lang=en"))
    wait_idle(page)
    saber = _summary_row(page, "ICFES, Saber 11 por estudiante", "en")
    expect(saber).to_contain_text("Downloaded")
    expect(saber).to_contain_text(format_number(saber_rows, 0, "en"))
    expect(_summary_row(page, "MEN, matrícula por sede", "en")).to_contain_text(
        format_number(enrolled_rows, 0, "en")
    )
    expect(errors.filter(has_text="there is no previous copy")).to_have_count(1)
    expect(page.get_by_role("heading", name="Official data").first).to_be_visible()

    # From Datos to the map, as a planner goes: it opens on the latest year with figures
    # (the sources' 2022), not on the sites layer's year (its download, 2026, sites only).
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Map").click()
    expect(page.frame_locator(MAP_IFRAME).locator(POLYGONS)).to_have_count(21)
    wait_idle(page)
    assert f"year={SABER_YEAR}" in page.url, page.url
    year = page.get_by_test_id("stSidebar").get_by_role("slider", name="Year")
    expect(year).to_have_attribute("aria-valuetext", str(SABER_YEAR))
    expect(
        page.get_by_text("Sedes educativas").or_(page.get_by_text("School sites"))
    ).to_have_count(0)
    # Each licence after the sources it covers (the layers' and the DAP's are not one).
    caption = page.get_by_test_id("stSidebar").get_by_test_id("stCaptionContainer").first
    date = r"\(\d{4}-\d\d-\d\d\)"
    expect(caption).to_contain_text(re.compile(f"^GeoMedellín {date} · CC BY-SA 4.0 — Alcaldía"))
    expect(caption).to_contain_text(re.compile(f"; DAP {date} · CC BY-SA 4.0 — Alcaldía"))
    page.screenshot(path=str(artifacts / "datos_official_map_default_en.png"))

    # The map of the real digital gap, every comuna's value and n as pandas counts them.
    expected = _expected_no_internet(portal_app["students"])
    assert len(expected) > 5
    page.goto(f"{url}?ds=official&ind=saber11_no_internet&year={SABER_YEAR}")
    expect(page.frame_locator(MAP_IFRAME).locator(POLYGONS)).to_have_count(21)
    wait_idle(page)
    _ranking_shows(page, expected, "es")
    page.screenshot(path=str(artifacts / "datos_official_map_es.png"))

    # An analyst's own per-institution table, on the demo's sites, in English.
    path, means = _institutions(tmp_path)
    page.goto(url + "datos?lang=en")
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Indicators per site")
    uploader.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    expect(uploader).to_contain_text(path.name)
    year = page.get_by_test_id("stNumberInput").filter(has_text="Year of tables").locator("input")
    year.fill(str(UPLOAD_YEAR))
    year.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Validate and use this data").click()
    expect(page.get_by_role("heading", name="Join report")).to_be_visible(timeout=60_000)
    dataset = page.get_by_role("combobox", name="Dataset")
    expect(dataset).to_have_value("Uploaded data")  # shown, so the next click keeps it
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Map").click()
    expect(page.frame_locator(MAP_IFRAME).locator(POLYGONS)).to_have_count(21)
    indicator = get_indicator("saber11_global")
    choose(page, "Indicator", indicator.label("en"))
    wait_idle(page)
    ranking = page.locator(".atlas-table").filter(has_text=indicator.label("en")).first
    for name, mean in means.items():
        line = ranking.locator("tbody tr").filter(has_text=name).first
        expect(line).to_contain_text(format_value(mean, indicator, "en"))

    # The MEN's statistics come back: downloaded again, the population aged 5-16 of each comuna
    # is estimated from its total and the city's; the map of gross coverage in 2020 (a year
    # MEData does not give: the MEN's enrolment per sede) shows pandas's value and says so.
    portal_app["socrata"].datasets["nudc-7mev"] = _men()
    page.goto(url + "datos")
    page.get_by_role("button", name="Descargar los datos oficiales").click()
    men = _men()[lambda f: f["c_digo_municipio"].isin(MEDELLIN)]
    men_bar = f"{SOURCES['men'].title}: {len(men)} filas"
    expect(page.get_by_test_id("stProgress").filter(has_text=men_bar)).to_have_count(
        1, timeout=120_000
    )
    coverage, year = get_indicator("coverage_gross"), COVERAGE_YEAR
    where, names = _territories()
    rows = portal_app["enrolment"]
    rows = rows[rows["cod_dane_municipio"].isin(MEDELLIN) & (rows["anno_inf"] == str(year))]
    enrolled = (
        rows["total_matricula"].astype(int).groupby(rows["codigo_dane_sede"].map(where)).sum()
    )
    totals = _layer(ages=False).set_index("nombre")[f"total_{year}"]
    city = float(men.loc[men["a_o"] == str(year), "poblaci_n_5_16"].iloc[0])
    estimated = totals * city / totals.sum()  # each comuna with the city's age structure
    page.goto(f"{url}?ds=official&ind=coverage_gross&year={year}")
    expect(page.frame_locator(MAP_IFRAME).locator(POLYGONS)).to_have_count(21)
    wait_idle(page)
    expect(page.get_by_text(t("coverage_estimated_note", "es"))).to_be_visible()
    ranking = page.locator(".atlas-table").filter(has_text=coverage.label("es")).first
    for code, n in enrolled.items():
        line = ranking.locator("tbody tr").filter(has_text=names[code]).first
        expect(line).to_contain_text(format_value(n / estimated[names[code]], coverage, "es"))
    page.screenshot(path=str(artifacts / "datos_official_coverage_es.png"), full_page=True)
