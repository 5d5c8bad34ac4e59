"""Núcleos as areas: the units no núcleo holds are drawn as one hatched area, in the legend."""

from __future__ import annotations

import geopandas as gpd
import shapely
from shapely.geometry import Point, box

from geo.analysis.nucleos import nucleo_shapes, units_outside
from geo.model import schema as s
from geo.render.display import prepare
from geo.render.style import outside_legend_row


def make_units() -> gpd.GeoDataFrame:
    """Four barrios in a row; sites of núcleo 1 in the first two, of núcleo 2 in the third."""
    return gpd.GeoDataFrame(
        {s.CODE: ["a", "b", "c", "d"], s.NAME: ["A", "B", "C", "D"]},
        geometry=[box(-75.60 + 0.01 * i, 6.20, -75.59 + 0.01 * i, 6.21) for i in range(4)],
        crs=s.CRS_WGS84,
    )


def make_sites() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {s.NUCLEO: ["1", "1", "2"]},
        geometry=[Point(-75.595, 6.205), Point(-75.585, 6.205), Point(-75.575, 6.205)],
        crs=s.CRS_WGS84,
    )


def test_the_units_without_a_nucleos_site_are_outside_every_nucleo() -> None:
    units, sites = make_units(), make_sites()
    assert units_outside(sites, units)[s.CODE].tolist() == ["d"]
    nucleos = nucleo_shapes(sites, units)
    covered = shapely.union_all(nucleos.geometry.to_numpy())
    assert covered.intersection(units.geometry[3]).area == 0


def test_the_outside_area_is_simplified_with_the_areas_and_listed_in_the_legend() -> None:
    units, sites = make_units(), make_sites()
    nucleos = nucleo_shapes(sites, units)
    geometry = prepare(
        nucleos.geometry.to_numpy(),
        nucleos[s.CODE],
        outside=units.geometry[3],
        outside_units=1,
    )
    assert len(geometry.features) == 2  # the núcleos only
    assert geometry.outside["type"] == "Polygon"
    assert geometry.outside_units == 1
    row = outside_legend_row(geometry, "es")
    assert "Fuera de todo núcleo: 1 barrio o vereda" in row  # singular
    assert outside_legend_row(prepare(nucleos.geometry.to_numpy()), "es") == ""
