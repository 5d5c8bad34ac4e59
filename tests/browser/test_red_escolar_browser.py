"""Red escolar (issue 18) in a real browser, in both languages: the seat-gap map and the
distance map draw with the colours an independent computation gives, the tables name the
same places, and the link reopens the distance map in a fresh page.

"Independent": the expected numbers are recomputed here from the demo's CSV files with plain
pandas (needed = population × target, offered = Σ declared seats, else enrolment) and with
``geopandas.sjoin_nearest`` (not the page's KD-tree); only the colour rule is shared.
"""

from __future__ import annotations

import re
from collections import Counter

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from conftest import guarded_context
from playwright.sync_api import Page, expect
from ui import FILLS_JS, MAP_IFRAME, POLYGONS, wait_idle

from geo.model import schema as s
from geo.model.dataset import DEMO_DIR
from geo.model.territories import BY_CODE
from geo.render.networkmaps import (
    DISTANCE_BOUNDS_M,
    DISTANCE_COLORS,
    GAP_COLORS,
    gap_bounds,
    gap_classes,
    upper_classes,
)

pytestmark = pytest.mark.browser

LEVEL, AGES, BASE, HORIZON = "secundaria", "poblacion_11_14", 2024, 2030
WORDS = {
    "es": ("Distancia a una sede", "Dónde faltarán cupos primero", "Distancia (m)"),
    "en": ("Distance to a school", "Where seats will be short first", "Distance (m)"),
}


def _independent_gaps() -> pd.Series:
    """Needed − offered per territory in 2030 at 100 % coverage, from the CSV files."""
    people = pd.read_csv(DEMO_DIR / "poblacion_barrios.csv", dtype={s.BARRIO: str})
    people = people[people[s.YEAR] == HORIZON]
    needed = people.groupby(people[s.BARRIO].str[:2])[AGES].sum()
    facts = pd.read_csv(DEMO_DIR / "indicadores_sedes.csv", dtype={s.SITE_CODE: str})
    sites = pd.read_csv(DEMO_DIR / "sedes.csv", dtype={s.SITE_CODE: str, "codigo_comuna": str})
    facts = facts[facts[s.YEAR] == BASE].merge(sites, on=s.SITE_CODE)
    declared = facts[f"cupos_{LEVEL}"]
    seats = declared.where(declared > 0, facts[f"matricula_{LEVEL}"]).fillna(0)
    # the demo's sites lie inside their declared territory
    offered = seats.groupby(facts["codigo_comuna"]).sum()
    return needed.sub(offered, fill_value=0).sort_index()


def _independent_distances(level: str) -> gpd.GeoDataFrame:
    barrios = gpd.read_file(DEMO_DIR / "barrios_veredas.geojson")
    points = barrios.set_geometry(shapely.point_on_surface(barrios.geometry.values))
    facts = pd.read_csv(DEMO_DIR / "indicadores_sedes.csv", dtype={s.SITE_CODE: str})
    latest = facts[facts[s.YEAR] == BASE]
    offers = latest[(latest[f"cupos_{level}"].fillna(0) > 0) | (latest[f"matricula_{level}"] > 0)]
    sites = pd.read_csv(DEMO_DIR / "sedes.csv", dtype={s.SITE_CODE: str})
    sites = sites[sites[s.SITE_CODE].isin(offers[s.SITE_CODE])]
    sites = gpd.GeoDataFrame(
        sites, geometry=gpd.points_from_xy(sites[s.LONGITUDE], sites[s.LATITUDE]), crs=4326
    )
    joined = gpd.sjoin_nearest(
        points.to_crs(s.CRS_MAGNA_NATIONAL),
        sites[["geometry"]].to_crs(s.CRS_MAGNA_NATIONAL),
        distance_col="d",
    )
    return joined.groupby(level=0).first()


def _wait_fills(page: Page, fills: Counter) -> None:
    want = sorted(fills.elements())
    page.wait_for_function(FILLS_JS, arg=[MAP_IFRAME, POLYGONS, want], polling=100, timeout=90_000)


def _number(value: float, lang: str) -> str:
    text = f"{round(value):,}"
    return text.replace(",", ".") if lang == "es" else text


@pytest.mark.parametrize("lang", ["es", "en"])
def test_gap_and_access_maps_draw_and_the_link_reopens_them(
    browser, app_url: str, artifacts, lang: str
) -> None:
    access_label, gap_table, distance_header = WORDS[lang]
    gaps = _independent_gaps()
    gap_fills = Counter(
        GAP_COLORS[k] for k in gap_classes(gaps.to_numpy(float), gap_bounds(gaps.to_numpy(float)))
    )
    distances = _independent_distances(LEVEL)
    access_fills = Counter(
        DISTANCE_COLORS[k] for k in upper_classes(distances["d"].to_numpy(), DISTANCE_BOUNDS_M)
    )

    context, outside = guarded_context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}red_escolar?lang={lang}&red_nivel={LEVEL}&red_meta=1")
    _wait_fills(page, gap_fills)
    wait_idle(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(gap_table)).to_be_visible()
    short = main.locator(".atlas-table").first
    for code in gaps[gaps > 0].index:
        expect(short).to_contain_text(BY_CODE[code].name)
    legend = page.frame_locator(MAP_IFRAME).locator(".atlas-legend")
    expect(legend).to_contain_text("2030")
    page.screenshot(path=str(artifacts / f"red_escolar_gap_{lang}.png"))

    main.get_by_text(access_label, exact=True).click()
    page.wait_for_url(re.compile(r"red_mapa=access"))
    _wait_fills(page, access_fills)
    wait_idle(page)
    farthest = distances.sort_values("d", ascending=False).iloc[0]
    table = main.locator(".atlas-table").first
    expect(table).to_contain_text(distance_header)
    expect(table).to_contain_text(str(farthest[s.NAME]))
    expect(table).to_contain_text(_number(farthest["d"], lang))
    page.screenshot(path=str(artifacts / f"red_escolar_access_{lang}.png"))
    link = page.url
    context.close()
    assert not outside and not errors, (outside, errors)

    fresh_context, outside = guarded_context(browser)
    fresh = fresh_context.new_page()
    fresh.goto(link)
    _wait_fills(fresh, access_fills)
    wait_idle(fresh)
    radio = fresh.get_by_test_id("stMain").get_by_role("radio", name=access_label)
    expect(radio).to_be_checked()
    assert "red_mapa=access" in fresh.url and f"red_nivel={LEVEL}" in fresh.url
    fresh_context.close()
    assert not outside, outside
    assert np.isfinite(distances["d"]).all()
