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


# Two sites whose cells split the row of barrios at x = 2 km: A gets 0101 and 0102, B the
# two veredas; then with B at 2.5 km the split falls at 1.5 km, halfway through 0102.
def _two_sites(b_x: float) -> list[tuple]:
    return [
        ("A", X0 + 500, Y0 + 500, "Oficial", 100),
        ("B", X0 + b_x, Y0 + 500, "Oficial", 200),
        ("C", X0 + 3900, Y0 + 500, "Oficial", 0),  # no primaria: no cell
    ]


def test_children_in_each_cell_against_its_seats_by_hand() -> None:
    dataset = _dataset(_two_sites(3500), POPULATION)
    sites = c.catchments(dataset, a.access(dataset, "primaria")).sites.set_index(s.SITE_CODE)
    assert sites.loc["A", c.CHILDREN] == pytest.approx(100 + 300)
    assert sites.loc["B", c.CHILDREN] == pytest.approx(40 + 60)
    assert sites.loc["A", c.LOAD] == pytest.approx(4.0)
    assert sites.loc["B", c.LOAD] == pytest.approx(0.5)
    assert "C" not in sites.index
    result = c.catchments(dataset, a.access(dataset, "primaria"))
    assert list(c.overloaded(result)[s.SITE_CODE]) == ["A"]
    # at a target coverage of 50 %, A's area needs 200 seats for its 100
    half = c.catchments(dataset, a.access(dataset, "primaria"), coverage=0.5).sites
    assert half.set_index(s.SITE_CODE).loc["A", c.LOAD] == pytest.approx(2.0)


def test_a_barrio_split_between_cells_is_shared_by_area() -> None:
    dataset = _dataset(_two_sites(2500), POPULATION)
    sites = c.catchments(dataset, a.access(dataset, "primaria")).sites.set_index(s.SITE_CODE)
    assert sites.loc["A", c.CHILDREN] == pytest.approx(100 + 150, rel=1e-6)
    assert sites.loc["B", c.CHILDREN] == pytest.approx(150 + 40 + 60, rel=1e-6)


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
