"""The benchmark's scenario generators are correct and its runner works (timings never asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely

from geo import cli
from geo.cli.bench import BENCH_FILE, load_bench
from geo.model import schema as s
from geo.model.dataset import Dataset
from geo.synthetic import scenarios

# The timing harness lives beside the tests, outside geo/; loaded as ``python -m geo bench`` does.
bench = load_bench()

FACT_COLUMNS = (
    s.SITE_CODE,
    s.YEAR,
    s.ENROLLED,
    s.DROPOUTS,
    s.TERRITORY,
    s.SECTOR,
    s.ZONE,
    s.SITE_COUNT,
)


def _vertices(frame) -> int:
    return int(shapely.get_num_coordinates(frame.geometry.to_numpy()).sum())


@pytest.fixture(scope="module")
def city(demo: Dataset):
    return scenarios.city_geometry(demo)


def test_city_territories_are_a_valid_coverage_with_every_code(demo: Dataset, city) -> None:
    territories, barrios = city
    assert shapely.coverage_is_valid(territories.geometry.to_numpy())
    assert shapely.coverage_is_valid(barrios.geometry.to_numpy())
    assert territories.is_valid.all() and barrios.is_valid.all()
    assert sorted(territories[s.CODE]) == sorted(demo.territories[s.CODE])
    assert len(territories) == 21
    assert sorted(barrios[s.CODE]) == sorted(demo.barrios[s.CODE])


def test_city_has_official_like_detail(demo: Dataset, city) -> None:
    territories, _ = city
    assert _vertices(territories) >= 10 * _vertices(demo.territories)


def test_city_keeps_the_demo_shapes(demo: Dataset, city) -> None:
    territories, _ = city
    before = demo.territories.set_index(s.CODE).geometry
    after = territories.set_index(s.CODE).geometry.reindex(before.index)
    changed = shapely.area(shapely.symmetric_difference(before.to_numpy(), after.to_numpy()))
    assert (changed / shapely.area(before.to_numpy()) < 0.01).all()


def test_territories_are_unions_of_their_barrios(city) -> None:
    territories, barrios = city
    for territory in territories.itertuples():
        own = barrios[barrios[s.TERRITORY] == territory.codigo].geometry.to_numpy()
        union = shapely.coverage_union_all(own)
        assert shapely.equals_exact(shapely.normalize(union), shapely.normalize(territory.geometry))


def test_nation_areas_are_about_1100_non_overlapping_polygons() -> None:
    areas = scenarios.nation_areas()
    geometry = areas.geometry.to_numpy()
    assert 1_000 <= len(areas) <= 1_200
    assert areas[s.CODE].is_unique
    assert shapely.is_valid(geometry).all()
    assert set(shapely.get_type_id(geometry)) <= {3, 6}  # Polygon, MultiPolygon
    assert shapely.coverage_is_valid(geometry)
    box_area = shapely.area(shapely.box(*scenarios.NATION_BOUNDS))
    assert shapely.area(geometry).sum() == pytest.approx(box_area, rel=1e-9)


def test_nation_generators_are_deterministic() -> None:
    first, second = scenarios.nation_areas(50), scenarios.nation_areas(50)
    assert shapely.equals_exact(first.geometry.to_numpy(), second.geometry.to_numpy()).all()


def test_nation_dataset_has_the_columns_aggregate_needs() -> None:
    areas = scenarios.nation_areas(60)
    sites, site_years = scenarios.nation_tables(areas, 500)
    dataset = scenarios.nation_dataset(areas, sites, site_years)
    assert set(FACT_COLUMNS) <= set(dataset.facts.columns)
    assert len(dataset.facts) == 500 * len(scenarios.NATION_YEARS)
    assert dataset.years == scenarios.NATION_YEARS
    assert dataset.facts[s.TERRITORY].notna().all()
    assert (dataset.facts[s.DROPOUTS] <= dataset.facts[s.ENROLLED]).all()
    assert "dropout" in dataset.available_indicators()


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and np.isfinite(value) and value > 0


def test_quick_city_run_returns_every_figure() -> None:
    result = bench.run("city", repeat=1, quick=True)
    assert {"scenario", "dataset", "load_s", "ours", "baseline", "ratios", "machine"} <= set(result)
    for side in ("ours", "baseline"):
        for key in ("interaction_s", "payload_bytes", "tracemalloc_peak_bytes", "max_rss_bytes"):
            assert _positive(result[side][key]), (side, key)
    assert all(_positive(v) for v in result["ratios"].values())
    assert all(_positive(v) for v in result["ours"]["stages"].values())
    assert result["dataset"]["areas"] == 21
    assert result["samples"] == len(result["interactions"]) == 4
    assert "base/ours" in bench.format_table(result)


def test_quick_join_through_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--scenario", "join", "--quick", "--repeat", "1", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert {"platform", "cpu_count", "python", "geopandas", "shapely"} <= set(printed["machine"])
    (result,) = printed["results"]
    assert result["dataset"]["located"] == result["dataset"]["points"]
    assert result["dataset"]["sjoin_rows"] == result["dataset"]["points"]
    assert all(_positive(result["join"][key]) for key in ("locate_s", "sjoin_s", "ratio"))


def test_unknown_scenario_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown scenario"):
        bench.run("planet")


def test_the_command_line_loads_this_harness() -> None:
    assert Path(__file__).resolve().parent / "bench.py" == BENCH_FILE
    assert bench is not None and load_bench() is bench


def test_bench_without_the_harness_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "bench.py"
    from geo.cli import bench as bench_command

    monkeypatch.setattr(bench_command, "BENCH_FILE", missing)
    assert load_bench(missing) is None
    assert cli.main(["bench", "--quick"]) == 2
    assert "the benchmark harness is not in this copy" in capsys.readouterr().err
