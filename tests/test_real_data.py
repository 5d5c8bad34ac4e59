"""The real Medellín files (outside the repository, via ATLAS_REAL_DATA) through the engine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.analysis.aggregate import CITY, aggregate
from geo.io.ingest import Inputs, load
from geo.model import schema as s
from geo.model.catalogue import get_indicator

pytestmark = pytest.mark.real_data
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def official(real_data: Path):
    return load(
        Inputs(
            boundaries=real_data / "comunas_corregimientos_4326.geojson",
            schools=real_data / "sedes_educativas_2024_9377.geojson",
        )
    )


def test_official_comunas_repaired_and_named(official) -> None:
    dataset, report = official
    assert len(dataset.territories) == 21
    repaired = [p for p in report.problems if p.kind == "geometry_repaired"]
    assert [(p.code, p.name) for p in repaired] == [("60", "SAN CRISTOBAL")]  # as in the file
    assert dataset.territories.geometry.is_valid.all()
    names = dict(zip(dataset.territories[s.CODE], dataset.territories[s.NAME], strict=True))
    assert names["11"] == "Laureles-Estadio" and names["50"] == "San Sebastián de Palmitas"


def test_779_sites_in_9377_all_inside(official) -> None:
    dataset, report = official
    assert report.files[1].declared_crs == "EPSG:9377"
    assert len(dataset.sites) == 779
    assert dataset.sites[s.TERRITORY].notna().all()
    counts = report.counts()
    assert "outside" not in counts and "assigned_by_tolerance" not in counts
    assert dataset.sites[s.SITE_CODE].str.fullmatch(r"\d{12}").all()


def test_declared_comunas_that_disagree_are_reported(official) -> None:
    _, report = official
    mismatches = [p for p in report.problems if p.kind == "declared_mismatch"]
    assert len(mismatches) == 7
    assert any("SN01" in p.detail_in("es") for p in mismatches)


def test_duplicate_point_and_missing_attributes_reported(official) -> None:
    _, report = official
    duplicates = {p.code for p in report.problems if p.kind == "duplicate_location"}
    assert len(duplicates) >= 2
    # The site without latitude/longitude attributes is placed by its geometry: a note on
    # the file, not a problem.
    assert "missing_coordinates" not in report.counts()
    (schools,) = [f for f in report.files if f.role == "schools"]
    assert any("1 sede(s) sin latitud/longitud" in note for note in schools.notes_in("es"))


def test_population_joined_by_name(real_data: Path) -> None:
    dataset, report = load(
        Inputs(
            boundaries=real_data / "comunas_corregimientos_4326.geojson",
            population=real_data / "poblacion_comunas_2018_2030.csv",
        )
    )
    population = dataset.population
    assert set(population[s.CODE]) == set(dataset.territories[s.CODE])
    assert population.loc[population[s.YEAR] == 2026, s.POPULATION].sum() == 2_787_912
    assert "unmatched_territory" not in report.counts()


def test_dropout_by_comuna_codes_without_zeros(real_data: Path) -> None:
    dataset, report = load(
        Inputs(
            boundaries=real_data / "comunas_corregimientos_4326.geojson",
            indicators=real_data / "desercion_por_comuna.json",
            year=2017,
        )
    )
    assert "unmatched_territory" not in report.counts()
    city = aggregate(dataset.facts, get_indicator("dropout"), 2017, CITY).loc[CITY]
    assert (city["numerator"], city["denominator"]) == (14_453, 453_400)
    assert city["value"] == pytest.approx(0.0319, abs=5e-5)


def test_enrolment_by_comuna_2019_total(real_data: Path) -> None:
    dataset, _ = load(
        Inputs(
            boundaries=real_data / "comunas_corregimientos_4326.geojson",
            indicators=real_data / "matricula_por_comuna.json",
            year=2019,
        )
    )
    city = aggregate(dataset.facts, get_indicator("enrollment"), 2019, CITY).loc[CITY]
    assert city["value"] == 425_404


def test_cli_report_json_on_real_files(real_data: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "report",
            "--json",
            "--boundaries",
            str(real_data / "comunas_corregimientos_4326.geojson"),
            "--schools",
            str(real_data / "sedes_educativas_2024_9377.geojson"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["counts"]["declared_mismatch"] == 7
    assert report["files"][1]["used_crs"] == "EPSG:9377"
