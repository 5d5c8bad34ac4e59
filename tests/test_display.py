"""Map geometry: simplified once per level, still a coverage, every area kept, same every run;
and the values remembered per dataset equal the ones computed afresh."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from geo.analysis.aggregate import aggregate, aggregated
from geo.analysis.choropleth import compute
from geo.io.ingest import load_demo
from geo.io.readers import read_vector
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from geo.model.view import View, make_filters
from geo.render.display import GRID_DECIMALS, fit_zoom, map_geometry, pixel_degrees, prepare
from geo.render.maps import choropleth_map, feature_collection
from geo.synthetic.scenarios import densify_coverage, nation_areas

REAL = os.environ.get("ATLAS_REAL_DATA")


@pytest.fixture(scope="module")
def demo():
    return load_demo()


@pytest.fixture(scope="module")
def detailed(demo):
    """The demo barrios with a vertex every ~11 m, as official layers have."""
    return densify_coverage(demo.barrios, 1e-4)


def assert_clean_coverage(original: np.ndarray, drawn: np.ndarray) -> None:
    assert len(drawn) == len(original)
    assert not shapely.is_empty(drawn).any()
    assert shapely.is_valid(drawn).all()
    assert shapely.coverage_is_valid(drawn)  # no overlaps, neighbours share their vertices
    # No gap opened between neighbours (it would be a new hole in the union), and only the
    # outline moved, by at most the tolerance: the area barely changes.
    before, after = shapely.union_all(original), shapely.union_all(drawn)
    holes = shapely.get_num_interior_rings(shapely.get_parts(after)).sum()
    assert holes <= shapely.get_num_interior_rings(shapely.get_parts(before)).sum()
    assert shapely.symmetric_difference(before, after).area < 5e-3 * before.area


def test_detailed_barrios_become_a_light_valid_coverage(detailed) -> None:
    original = detailed.geometry.to_numpy()
    drawn = prepare(original, detailed[s.CODE])
    assert_clean_coverage(original, drawn.geometry)
    assert drawn.coverage
    assert drawn.vertices_after < drawn.vertices_before / 3
    # Every vertex on the ~1 m grid, except the few nodes the cleaning had to add.
    xy = shapely.get_coordinates(drawn.geometry)
    off_grid = np.abs(xy * 10**GRID_DECIMALS - np.round(xy * 10**GRID_DECIMALS)) > 1e-6
    assert off_grid.any(axis=1).mean() < 0.01


def test_tolerance_is_one_pixel_at_the_deepest_zoom(detailed) -> None:
    drawn = prepare(detailed.geometry.to_numpy())
    assert drawn.max_zoom == int(np.floor(drawn.fit_zoom)) + 2
    # The demo city fits a 1200 x 640 map at about zoom 11: a pixel at zoom 13 is about 19 m.
    latitude = float(np.mean(shapely.total_bounds(detailed.geometry.to_numpy())[[1, 3]]))
    pixel_m = pixel_degrees(drawn.max_zoom, latitude) * 111_320
    assert drawn.tolerance_m == pytest.approx(pixel_m)
    assert 5 < drawn.tolerance_m < 40


def test_overlapping_and_gapped_input_is_cleaned_and_keeps_every_area() -> None:
    # Two squares overlapping by 2 m and a third 1 m away: GEOS cleans them into a coverage.
    step = 0.01
    shapes = np.array(
        [
            box(-75.60, 6.20, -75.60 + step + 2e-5, 6.21),
            box(-75.60 + step, 6.20, -75.60 + 2 * step, 6.21),
            box(-75.60 + 2 * step + 1e-5, 6.20, -75.60 + 3 * step, 6.21),
            box(-75.60, 6.21, -75.60 + 3 * step, 6.30),  # a big one, so the zoom is coarse
        ]
    )
    drawn = prepare(shapes)
    assert not shapely.is_empty(drawn.geometry).any()
    assert shapely.coverage_is_valid(drawn.geometry)


def test_points_and_empty_geometry_pass_through() -> None:
    shapes = np.array([shapely.Point(-75.5, 6.2), box(-75.6, 6.1, -75.5, 6.2), None])
    drawn = prepare(shapes, ["a", "b", "c"])
    assert drawn.geometry[0].equals(shapes[0])
    assert drawn.features_for(["c", "a"]) == [None, {"type": "Point", "coordinates": (-75.5, 6.2)}]


def test_nation_cells_stay_a_coverage() -> None:
    cells = nation_areas(150)
    drawn = prepare(cells.geometry.to_numpy())
    assert_clean_coverage(cells.geometry.to_numpy(), drawn.geometry)
    assert 4 < fit_zoom(tuple(cells.total_bounds)) < 7


def test_map_payload_is_the_same_on_every_run(demo) -> None:
    view = View(indicator="no_internet", year=2023)

    def payload() -> str:
        fresh = dataclasses.replace(demo)  # no remembered geometry or values
        choropleth = compute(fresh, view)
        parts = choropleth_map(choropleth, fresh, "es")
        collection = parts.layer._children
        (layer,) = [c for c in collection.values() if hasattr(c, "data")]
        return json.dumps(layer.data, sort_keys=True)

    assert payload() == payload()


@pytest.mark.parametrize(
    "view",
    [
        View(indicator="dropout", year=2024),
        View(indicator="no_internet", year=2021, filters=make_filters({s.SECTOR: ["Oficial"]})),
        View(indicator="enrollment", year=2022, level="barrio"),
        View(indicator="coverage_gross", year=2024),
    ],
)
def test_remembered_results_equal_fresh_ones(demo, view: View) -> None:
    indicator = get_indicator(view.indicator)
    first = compute(demo, view)
    again = compute(demo, view)
    assert again is first  # remembered
    fresh = compute(dataclasses.replace(demo), view)
    pd.testing.assert_frame_equal(
        pd.DataFrame(first.areas.drop(columns="geometry")),
        pd.DataFrame(fresh.areas.drop(columns="geometry")),
    )
    assert first.classification == fresh.classification
    direct = aggregate(
        demo.facts, indicator, view.year, view.level, view.filter_dict, demo.population
    )
    pd.testing.assert_frame_equal(
        aggregated(demo, indicator, view.year, view.level, view.filter_dict), direct
    )


def test_remembered_aggregates_are_copies(demo) -> None:
    indicator = get_indicator("dropout")
    first = aggregated(demo, indicator, 2024, "territorio")
    first["value"] = -1.0
    assert (aggregated(demo, indicator, 2024, "territorio")["value"] >= 0).all()


@pytest.mark.skipif(not REAL, reason="ATLAS_REAL_DATA is not set (see tests/README or .ci/run)")
def test_official_comunas_simplify_below_250_kb_without_gaps_or_overlaps() -> None:
    frame = read_vector(Path(REAL) / "comunas_corregimientos_4326.geojson").frame
    original = frame.geometry.to_numpy()
    drawn = prepare(original)
    assert_clean_coverage(original, drawn.geometry)
    assert len(json.dumps(drawn.features, separators=(",", ":"))) < 250_000


def test_pre_written_geometry_gives_the_same_json_as_writing_it_afresh(demo) -> None:
    from geo.render.maps import _dumps, _serialised

    choropleth = compute(demo, View(indicator="dropout", year=2024))
    geometry = map_geometry(demo, "territorio")
    collection = feature_collection(
        choropleth.areas,
        choropleth.indicator,
        choropleth.classification,
        "es",
        geometry=geometry,
    )
    written = _dumps(_serialised(collection, geometry))
    assert json.loads(written) == json.loads(json.dumps(collection))
