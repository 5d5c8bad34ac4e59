"""``python -m geo network`` and ``python -m geo access`` (issue 18): the numbers the analysis
gives, the same bytes for the same inputs, refusals with a reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo import cli
from geo.analysis import access as a
from geo.analysis import projection as p
from geo.model import schema as s


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def test_network_writes_the_projection_with_its_metadata(tmp_path: Path, demo, capsys) -> None:
    out = tmp_path / "red.geojson"
    argv = ["network", "--horizon", "2030", "--education-level", "secundaria"]
    assert cli.main([*argv, "--coverage-target", "1.0", "-o", str(out)]) == 0
    data = json.loads(out.read_bytes())
    expected = p.project(demo, "secundaria", horizon=2030, target=1.0).areas.set_index(s.CODE)
    for feature in data["features"]:
        props = feature["properties"]
        assert props[p.NEEDED] == round(expected.loc[props[s.CODE], p.NEEDED])
        assert props[p.GAP] == round(expected.loc[props[s.CODE], p.GAP])
    meta = data["metadata"]
    assert meta["horizon"] == 2030 and meta["coverage_target"] == 1.0
    assert meta["population_column"] == "poblacion_11_14" and meta["demo"]
    assert (tmp_path / "red.metadata.json").is_file()
    assert "secundaria" in capsys.readouterr().out


def test_access_distances_to_the_centimetre(tmp_path: Path, demo) -> None:
    out = tmp_path / "acceso.geojson"
    argv = ["access", "--education-level", "primaria", "--threshold-m", "1000", "-o", str(out)]
    assert cli.main(argv) == 0
    data = json.loads(out.read_bytes())
    expected = a.access(demo, "primaria").barrios.set_index(s.CODE)[a.DISTANCE]
    for feature in data["features"]:
        props = feature["properties"]
        assert props[a.DISTANCE] == pytest.approx(expected.loc[props[s.CODE]], abs=0.005)
    assert data["metadata"]["thresholds"] == {"urbano": 1000.0, "rural": 3000.0}


@pytest.fixture
def demo_loaded_once(monkeypatch, demo) -> None:
    """The demo's inputs give the session's demo dataset: reading it again is not the point."""
    import geo.io.ingest
    from geo.io.report import Report

    real = geo.io.ingest.load

    def load(inputs, dataset_id="upload"):
        return (demo, Report()) if inputs.is_demo else real(inputs, dataset_id)

    monkeypatch.setattr(geo.io.ingest, "load", load)


@pytest.mark.parametrize("suffix", [".geojson", ".csv", ".xlsx", ".gpkg"])
@pytest.mark.usefixtures("demo_loaded_once")
def test_the_same_inputs_give_the_same_bytes(tmp_path: Path, suffix: str) -> None:
    first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    for out in (first, second):
        assert cli.main(["network", "--education-level", "media", "-o", str(out)]) == 0
    assert first.read_bytes() == second.read_bytes()
    for out in (first, second):
        assert cli.main(["access", "--education-level", "media", "-o", str(out)]) == 0
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.usefixtures("demo_loaded_once")
def test_a_horizon_beyond_the_population_is_refused(tmp_path: Path, capsys) -> None:
    out = tmp_path / "red.geojson"
    assert cli.main(["network", "--horizon", "2040", "-o", str(out), "--lang", "en"]) == 2
    assert "2040" in capsys.readouterr().err
    assert not out.exists()


def test_an_unknown_extension_is_refused(tmp_path: Path, capsys) -> None:
    assert cli.main(["access", "-o", str(tmp_path / "acceso.shp")]) == 2
    assert ".geojson" in capsys.readouterr().err
