"""The Red escolar's inputs (issue 18): barrio population and travel-time tables, read like
the other files people bring."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.analysis import projection as p
from geo.errors import DataError
from geo.io.ingest import Inputs, load
from geo.model import schema as s


def test_the_demo_has_barrio_population_to_2030(demo) -> None:
    population = demo.barrio_population
    assert population is not None
    assert population[s.YEAR].min() == 2019 and population[s.YEAR].max() == 2030
    assert set(population[s.BARRIO]) == set(demo.barrios[s.CODE])
    assert set(p.level_columns()) <= set(population.columns)


def test_a_spanish_excel_csv_with_single_ages_and_unknown_barrios(tmp_path: Path) -> None:
    ages = ";".join(f"Edad {age}" for age in range(5, 17))
    lines = [f"Barrio;Año;Población total;{ages}"]
    lines.append("101;2030;1.000;" + ";".join(str(age) for age in range(5, 17)))
    lines.append("9999;2030;500;" + ";".join("1" for _ in range(5, 17)))
    path = tmp_path / "poblacion_barrios.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dataset, report = load(Inputs(barrio_population=path))
    frame = p.with_age_groups(dataset.barrio_population)
    row = frame[frame[s.BARRIO] == "0101"].iloc[0]
    assert row[s.POPULATION] == 1000
    assert row["poblacion_6_10"] == 6 + 7 + 8 + 9 + 10
    assert list(frame[s.BARRIO]) == ["0101"]
    assert any(problem.code == "9999" for problem in report.problems)


def test_a_travel_time_table_found_by_its_columns(tmp_path: Path, demo) -> None:
    site = demo.sites[s.SITE_CODE].iloc[0]
    path = tmp_path / "tiempos.csv"
    path.write_text(f"origen,sede,tiempo_min\n0101,{site},12.5\n0102,{site},30\n", "utf-8")
    dataset, _ = load(Inputs(travel_times=path))
    assert dataset.travel_times.to_dict("list") == {
        "origen": ["0101", "0102"],
        s.SITE_CODE: [site, site],
        "minutos": [12.5, 30.0],
    }


def test_a_travel_time_table_without_minutes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tiempos.csv"
    path.write_text("a,b\n1,2\n", "utf-8")
    with pytest.raises(DataError):
        load(Inputs(travel_times=path))
