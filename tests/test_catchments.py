"""Catchments (issue 18): each site's nearest-site area and the children living in it."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely
from test_access import SITES, X0, Y0, _dataset

from geo.analysis import access as a
from geo.analysis import catchments as c
from geo.model import schema as s

POPULATION = [
    {s.BARRIO: "0101", s.YEAR: 2024, s.POPULATION: 1000, "poblacion_6_10": 100},
    {s.BARRIO: "0102", s.YEAR: 2024, s.POPULATION: 3000, "poblacion_6_10": 300},
    {s.BARRIO: "5001", s.YEAR: 2024, s.POPULATION: 500, "poblacion_6_10": 40},
    {s.BARRIO: "5002", s.YEAR: 2024, s.POPULATION: 500, "poblacion_6_10": 60},
]


def test_children_go_to_their_nearest_site_against_its_seats_by_hand() -> None:
    dataset = _dataset(SITES, POPULATION)
    result = c.catchments(dataset, a.access(dataset, "primaria"))
    sites = result.sites.set_index(s.SITE_CODE)
    # every barrio's nearest primaria site is A (B is 4 km north): 500 children, 100 seats
    assert sites.loc["A", c.CHILDREN] == 500
    assert sites.loc["A", c.LOAD] == pytest.approx(5.0)
    assert sites.loc["B", c.CHILDREN] == 0
    assert sites.loc["B", c.LOAD] == 0
    assert "C" not in sites.index  # no primaria
    assert list(c.overloaded(result)[s.SITE_CODE]) == ["A"]


def test_voronoi_cells_tile_the_city_and_hold_their_site() -> None:
    dataset = _dataset(SITES, POPULATION)
    result = c.catchments(dataset, a.access(dataset, "primaria"))
    metric = result.sites.to_crs(s.CRS_MAGNA_NATIONAL)
    city = shapely.box(X0, Y0, X0 + 4000, Y0 + 1000)
    assert metric.geometry.area.sum() == pytest.approx(city.area, rel=1e-6)
    a_cell = metric.set_index(s.SITE_CODE).geometry.loc["A"]
    assert a_cell.contains(shapely.Point(X0 + 500, Y0 + 500))


def test_the_same_inputs_give_the_same_result() -> None:
    dataset = _dataset(SITES, POPULATION)
    first = c.catchments(dataset, a.access(dataset, "primaria")).sites
    second = c.catchments(dataset, a.access(dataset, "primaria")).sites
    pd.testing.assert_frame_equal(pd.DataFrame(first), pd.DataFrame(second))
