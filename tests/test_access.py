"""Distance from each barrio/vereda to the nearest site that offers a level (issue 18)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, box

from geo.analysis import access as a
from geo.model import schema as s
from geo.model.dataset import Dataset

# A point in Medellín, in EPSG:9377 metres, and the two territories of the hand city: comuna
# 01 (urban, 1 km threshold) and corregimiento 50 (rural, 3 km).
X0, Y0 = 4_720_000.0, 2_250_000.0


def _metres(geometries) -> gpd.GeoSeries:
    return gpd.GeoSeries(geometries, crs=s.CRS_MAGNA_NATIONAL).to_crs(s.CRS_WGS84)


def _dataset(site_rows: list[tuple[str, float, float, str, int]], barrio_population=None):
    """Barrios are 1 km squares in a row (x from X0): 0101, 0102 in comuna 01, then 5001, 5002
    in corregimiento 50. Sites: (code, x, y, sector, primaria seats) in metres."""
    codes = ["0101", "0102", "5001", "5002"]
    squares = [box(X0 + 1000 * i, Y0, X0 + 1000 * (i + 1), Y0 + 1000) for i in range(4)]
    barrios = gpd.GeoDataFrame(
        {s.CODE: codes, s.NAME: [f"B{c}" for c in codes], s.TERRITORY: [c[:2] for c in codes]},
        geometry=_metres(squares),
    )
    territories = gpd.GeoDataFrame(
        {s.CODE: ["01", "50"], s.NAME: ["Popular", "Palmitas"]},
        geometry=_metres(
            [box(X0, Y0, X0 + 2000, Y0 + 1000), box(X0 + 2000, Y0, X0 + 4000, Y0 + 1000)]
        ),
    )
    sites = gpd.GeoDataFrame(
        {s.SITE_CODE: [r[0] for r in site_rows], s.SITE_NAME: [f"S{r[0]}" for r in site_rows]},
        geometry=_metres([Point(r[1], r[2]) for r in site_rows]),
    )
    facts = pd.DataFrame(
        {
            s.SITE_CODE: [r[0] for r in site_rows],
            s.YEAR: 2024,
            s.SECTOR: [r[3] for r in site_rows],
            "cupos_primaria": [r[4] for r in site_rows],
            "matricula_primaria": [r[4] for r in site_rows],
        }
    )
    return Dataset(
        id="hand-access",
        label="hand",
        is_demo=False,
        territories=territories,
        barrios=barrios,
        sites=sites,
        facts=facts,
        population=None,
        barrio_population=None if barrio_population is None else pd.DataFrame(barrio_population),
    )


SITES = [
    ("A", X0 + 500, Y0 + 500, "Oficial", 100),  # centre of 0101
    ("B", X0 + 1500, Y0 + 4500, "No oficial", 100),  # 4 km north of 0102's centre
    ("C", X0 + 3500, Y0 + 500, "Oficial", 0),  # centre of 5002, but no primaria
]


def test_distances_equal_sjoin_nearest_in_epsg_9377_to_the_centimetre() -> None:
    rng = np.random.default_rng(18)
    origins = gpd.GeoDataFrame(
        {"o": range(300)},
        geometry=shapely.points(rng.uniform(0, 20_000, (300, 2)) + np.array([X0, Y0])),
        crs=s.CRS_MAGNA_NATIONAL,
    )
    sites = gpd.GeoDataFrame(
        {"k": range(700)},
        geometry=shapely.points(rng.uniform(0, 20_000, (700, 2)) + np.array([X0, Y0])),
        crs=s.CRS_MAGNA_NATIONAL,
    )
    distance, index = a.nearest(origins, sites)
    joined = gpd.sjoin_nearest(origins, sites, distance_col="d").groupby("o")["d"].first()
    assert np.abs(distance - joined.to_numpy()).max() < 0.01
    assert np.allclose(origins.distance(sites.geometry.iloc[index], align=False), distance)


def test_the_demo_barrios_match_sjoin_nearest(demo: Dataset) -> None:
    result = a.access(demo, "primaria")
    points = a.origins(demo).to_crs(s.CRS_MAGNA_NATIONAL)
    sites = demo.sites.to_crs(s.CRS_MAGNA_NATIONAL)
    offering = sites[sites[s.SITE_CODE].isin(result.sites[s.SITE_CODE])]
    joined = gpd.sjoin_nearest(points, offering[["geometry"]], distance_col="d")
    expected = joined.groupby(level=0)["d"].first().to_numpy()
    assert np.abs(result.barrios[a.DISTANCE].to_numpy() - expected).max() < 0.01


def test_nearest_offering_site_by_hand() -> None:
    result = a.access(_dataset(SITES), "primaria")
    barrios = result.barrios.set_index(s.CODE)
    assert barrios.loc["0101", a.DISTANCE] == pytest.approx(0.0, abs=0.01)
    # 0102's centre is 1 km from A and 4 km from B
    assert barrios.loc["0102", a.DISTANCE] == pytest.approx(1000.0, abs=0.01)
    assert barrios.loc["0102", a.NEAREST] == "A"
    # C offers no primaria: 5002 is 3 km from A
    assert barrios.loc["5002", a.DISTANCE] == pytest.approx(3000.0, abs=0.01)
    assert barrios.loc["5001", a.ZONE] == "rural"
    assert barrios.loc["0101", a.ZONE] == "urbano"
    official_only = a.access(_dataset(SITES), "primaria", sites="official").barrios
    assert official_only.set_index(s.CODE).loc["0102", a.NEAREST] == "A"


def test_population_share_beyond_the_threshold_by_hand() -> None:
    population = [
        {s.BARRIO: "0101", s.YEAR: 2024, s.POPULATION: 1000, "poblacion_6_10": 100},
        {s.BARRIO: "0102", s.YEAR: 2024, s.POPULATION: 3000, "poblacion_6_10": 300},
        {s.BARRIO: "5001", s.YEAR: 2024, s.POPULATION: 500, "poblacion_6_10": 40},
        {s.BARRIO: "5002", s.YEAR: 2024, s.POPULATION: 500, "poblacion_6_10": 60},
    ]
    result = a.access(
        _dataset(SITES, population), "primaria", thresholds={"urbano": 900.0, "rural": 2800.0}
    )
    territories = result.territories.set_index(s.CODE)
    # comuna 01: 0102 (300 children) is 1,000 m away, beyond 900 m: 300 of 400
    assert territories.loc["01", a.BEYOND] == 300
    assert territories.loc["01", a.SHARE] == pytest.approx(0.75)
    # corregimiento 50: 5001 at 2,000 m is within 2,800 m; 5002 at 3,000 m is not: 60 of 100
    assert territories.loc["50", a.SHARE] == pytest.approx(0.6)
    assert result.weighted
    assert result.city_share == pytest.approx(360 / 500)


def test_without_population_the_share_counts_barrios() -> None:
    result = a.access(_dataset(SITES), "primaria", thresholds={"urbano": 1500, "rural": 2500})
    territories = result.territories.set_index(s.CODE)
    assert not result.weighted
    assert territories.loc["01", a.SHARE] == pytest.approx(0.0)  # 0 and 1,000 m: not beyond
    assert territories.loc["50", a.SHARE] == pytest.approx(0.5)  # 2 and 3 km: 3 km is beyond


def test_farthest_barrios_come_first() -> None:
    result = a.access(_dataset(SITES), "primaria")
    assert list(a.farthest(result, 2)[s.CODE]) == ["5002", "5001"]


def test_travel_times_replace_the_straight_line() -> None:
    times = pd.DataFrame(
        {
            "origen": ["0101", "0101", "0102", "5001", "5002", "5002"],
            s.SITE_CODE: ["A", "B", "B", "A", "C", "A"],
            "minutos": [5.0, 40.0, 12.0, 50.0, 3.0, 70.0],
        }
    )
    dataset = _dataset(SITES)
    result = a.access(dataset, "primaria", travel_times=times, thresholds_min=45.0)
    barrios = result.barrios.set_index(s.CODE)
    assert result.measure == "minutes"
    assert barrios.loc["0102", a.MINUTES] == 12.0 and barrios.loc["0102", a.NEAREST] == "B"
    assert barrios.loc["5002", a.MINUTES] == 70.0  # C offers no primaria
    assert barrios.loc["5001", a.BEYOND_FLAG] and not barrios.loc["0102", a.BEYOND_FLAG]


def test_the_same_inputs_give_the_same_result() -> None:
    first = a.access(_dataset(SITES), "primaria")
    second = a.access(_dataset(SITES), "primaria")
    pd.testing.assert_frame_equal(first.barrios, second.barrios)


def test_the_benchmark_scenario_runs_and_agrees_with_sjoin_nearest() -> None:
    from geo.cli.bench import load_bench

    result = load_bench().run("network", repeat=1, quick=True)
    figures = result["network"]
    assert figures["max_difference_m"] < 0.01
    assert set(figures) >= {"city_access_s", "nation_access_s", "nation_sjoin_nearest_s"}
    assert "municipalities" in load_bench().format_table(result)
