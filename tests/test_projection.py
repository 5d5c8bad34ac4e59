"""Demand to the horizon, seats and gap (issue 18), on small cities worked out by hand."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from geo.analysis import projection as p
from geo.errors import DataError
from geo.model import schema as s
from geo.model.dataset import Dataset


def _dataset(
    facts: list[dict], population: list[dict], barrio_population: list[dict] | None = None
) -> Dataset:
    territories = gpd.GeoDataFrame(
        {s.CODE: ["01", "02"], s.NAME: ["Uno", "Dos"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
        crs=s.CRS_WGS84,
    )
    barrios = gpd.GeoDataFrame(
        {
            s.CODE: ["0101", "0102", "0201"],
            s.NAME: ["B1", "B2", "B3"],
            s.TERRITORY: ["01", "01", "02"],
        },
        geometry=[box(0, 0, 0.5, 1), box(0.5, 0, 1, 1), box(1, 0, 2, 1)],
        crs=s.CRS_WGS84,
    )
    frame = pd.DataFrame(facts)
    sites = gpd.GeoDataFrame(
        frame.drop_duplicates(s.SITE_CODE)[[s.SITE_CODE]],
        geometry=[Point(0.5, 0.5)] * frame[s.SITE_CODE].nunique(),
        crs=s.CRS_WGS84,
    )
    return Dataset(
        id="hand",
        label="hand",
        is_demo=False,
        territories=territories,
        barrios=barrios,
        sites=sites,
        facts=frame,
        population=pd.DataFrame(population) if population else None,
        barrio_population=pd.DataFrame(barrio_population) if barrio_population else None,
    )


def _site(code, territory, barrio, year=2024, sector="Oficial", **counts) -> dict:
    return {
        s.SITE_CODE: code,
        s.YEAR: year,
        s.TERRITORY: territory,
        s.BARRIO: barrio,
        s.SECTOR: sector,
        **counts,
    }


FACTS = [
    # territory 01: declared seats 300 + enrolment 100 (no seats declared)
    _site("A", "01", "0101", cupos_primaria=300, matricula_primaria=280, matricula_6_10=250),
    _site("B", "01", "0102", cupos_primaria=0, matricula_primaria=100, matricula_6_10=90),
    # territory 02: 500 seats, a private site
    _site(
        "C",
        "02",
        "0201",
        sector="No oficial",
        cupos_primaria=500,
        matricula_primaria=400,
        matricula_6_10=360,
    ),
    # offers no primaria at all
    _site("D", "02", "0201", cupos_primaria=0, matricula_primaria=0, matricula_6_10=0),
]
POPULATION = [
    {s.CODE: "01", s.YEAR: year, s.POPULATION: 5000, "poblacion_6_10": six_ten}
    for year, six_ten in ((2024, 400), (2025, 420), (2026, 450))
] + [
    {s.CODE: "02", s.YEAR: year, s.POPULATION: 6000, "poblacion_6_10": six_ten}
    for year, six_ten in ((2024, 600), (2025, 560), (2026, 520))
]


def test_needed_is_population_times_target_by_hand() -> None:
    dataset = _dataset(FACTS, POPULATION)
    result = p.project(dataset, "primaria", horizon=2026, target=1.0)
    areas = result.areas.set_index(s.CODE)
    assert areas.loc["01", p.POPULATION] == 450
    assert areas.loc["01", p.NEEDED] == 450
    assert areas.loc["02", p.NEEDED] == 520
    half = p.project(dataset, "primaria", horizon=2026, target=0.5).areas.set_index(s.CODE)
    assert half.loc["01", p.NEEDED] == 225
    years = result.years.set_index([s.CODE, s.YEAR])
    assert years.loc[("02", 2025), p.NEEDED] == 560


def test_seats_declared_else_enrolment_and_sites_without_the_level_left_out() -> None:
    seats = p.site_seats(pd.DataFrame(FACTS), "primaria", 2024)
    assert seats.set_index(s.SITE_CODE)[p.OFFERED].to_dict() == {"A": 300, "B": 100, "C": 500}
    assert seats.set_index(s.SITE_CODE)[p.SEAT_SOURCE].to_dict() == {
        "A": "cupos",
        "B": "matricula",
        "C": "cupos",
    }
    official = p.site_seats(pd.DataFrame(FACTS), "primaria", 2024, sites="official")
    assert sorted(official[s.SITE_CODE]) == ["A", "B"]


def test_gap_sign_deficit_positive_surplus_negative_and_the_year_it_appears() -> None:
    result = p.project(_dataset(FACTS, POPULATION), "primaria", horizon=2026, target=1.0)
    areas = result.areas.set_index(s.CODE)
    # 01: offers 300 + 100 = 400; needs 400 (2024, no deficit), 420 (2025), 450 (2026)
    assert areas.loc["01", p.OFFERED] == 400
    assert areas.loc["01", p.GAP] == 50
    assert areas.loc["01", p.DEFICIT_YEAR] == 2025
    # 02: offers 500; needs 600, 560, 520: a deficit from the first year, shrinking
    assert areas.loc["02", p.GAP] == 20
    assert areas.loc["02", p.DEFICIT_YEAR] == 2024
    surplus = p.project(_dataset(FACTS, POPULATION), "primaria", horizon=2026, target=0.5)
    assert surplus.areas.set_index(s.CODE).loc["02", p.GAP] == 260 - 500
    assert pd.isna(surplus.areas.set_index(s.CODE).loc["02", p.DEFICIT_YEAR])
    assert any(note.key == "network_enrolment_as_seats" for note in result.notes)


def test_default_target_is_the_current_net_coverage() -> None:
    result = p.project(_dataset(FACTS, POPULATION), "primaria", horizon=2026)
    # official-age enrolment 250 + 90 + 360 = 700 over population 400 + 600 = 1000
    assert result.coverage == pytest.approx(0.7)
    assert result.coverage_kind == "net"
    assert result.target == pytest.approx(0.7)
    assert result.areas.set_index(s.CODE).loc["01", p.NEEDED] == pytest.approx(0.7 * 450)


def test_official_sites_only() -> None:
    result = p.project(
        _dataset(FACTS, POPULATION), "primaria", horizon=2026, target=1.0, sites="official"
    )
    areas = result.areas.set_index(s.CODE)
    assert areas.loc["02", p.OFFERED] == 0
    assert areas.loc["02", p.GAP] == 520


def test_totals_only_are_split_by_the_city_age_structure() -> None:
    # 2024 gives the groups: 6-10 is (400 + 600) / (5000 + 6000) of the total; 2026 only totals
    population = [dict(row) for row in POPULATION if row[s.YEAR] == 2024] + [
        {s.CODE: "01", s.YEAR: 2026, s.POPULATION: 5500},
        {s.CODE: "02", s.YEAR: 2026, s.POPULATION: 6600},
    ]
    result = p.project(_dataset(FACTS, population), "primaria", horizon=2026, target=1.0)
    areas = result.areas.set_index(s.CODE)
    assert areas.loc["01", p.POPULATION] == pytest.approx(5500 * 1000 / 11000)
    assert bool(areas.loc["01", p.SPLIT])
    assert any(note.key == "network_split" for note in result.notes)


def test_single_ages_sum_to_the_level_group() -> None:
    frame = pd.DataFrame(
        {s.CODE: ["01"], s.YEAR: [2024], **{f"edad_{age}": [10 * age] for age in range(5, 17)}}
    )
    groups = p.with_age_groups(frame)
    assert groups.loc[0, "poblacion_5"] == 50
    assert groups.loc[0, "poblacion_6_10"] == 60 + 70 + 80 + 90 + 100
    assert groups.loc[0, "poblacion_15_16"] == 150 + 160


def test_barrio_population_gives_barrios_and_sums_to_territories() -> None:
    barrio_population = [
        {s.BARRIO: "0101", s.YEAR: 2026, s.POPULATION: 2000, "poblacion_6_10": 200},
        {s.BARRIO: "0102", s.YEAR: 2026, s.POPULATION: 3000, "poblacion_6_10": 300},
        {s.BARRIO: "0201", s.YEAR: 2026, s.POPULATION: 6000, "poblacion_6_10": 100},
    ]
    dataset = _dataset(FACTS, POPULATION, barrio_population)
    barrios = p.project(dataset, "primaria", geo_level="barrio", horizon=2026, target=1.0)
    by_barrio = barrios.areas.set_index(s.CODE)
    assert by_barrio.loc["0101", p.GAP] == 200 - 300
    assert by_barrio.loc["0102", p.GAP] == 300 - 100
    territories = p.project(dataset, "primaria", horizon=2026, target=1.0).areas.set_index(s.CODE)
    assert territories.loc["01", p.NEEDED] == 500


def test_a_horizon_beyond_the_population_is_refused() -> None:
    with pytest.raises(DataError) as caught:
        p.project(_dataset(FACTS, POPULATION), "primaria", horizon=2030)
    assert "2030" in caught.value.message("es")


def test_no_seats_by_level_is_refused() -> None:
    facts = [_site("A", "01", "0101", matricula=100)]
    with pytest.raises(DataError):
        p.project(_dataset(facts, POPULATION), "primaria", horizon=2026)


def test_the_same_inputs_give_the_same_result() -> None:
    first = p.project(_dataset(FACTS, POPULATION), "primaria", horizon=2026)
    second = p.project(_dataset(FACTS, POPULATION), "primaria", horizon=2026)
    pd.testing.assert_frame_equal(first.areas, second.areas)
    assert np.array_equal(first.years[p.GAP], second.years[p.GAP])


def test_the_base_year_is_the_latest_with_enrolment_not_a_later_sites_only_year() -> None:
    # official data date their sites layer by the download: 2026 rows hold sites only
    facts = FACTS + [{s.SITE_CODE: code, s.YEAR: 2026} for code in ("A", "B", "C", "D")]
    result = p.project(_dataset(facts, POPULATION), "primaria", horizon=2026, target=1.0)
    assert result.base_year == 2024
    offered = result.areas.set_index(s.CODE)[p.OFFERED]
    assert offered["01"] == 300 + 100 and offered["02"] == 500  # 2024's seats, not zeros
    assert p.projection_years(_dataset(facts, POPULATION)) == (2024, 2025, 2026)


def test_a_population_without_the_level_ages_is_refused_not_a_need_of_zero() -> None:
    # 5-16 and media's 15-16 only (as a DAP layer may give them): primaria's 6-10 unknown
    population = [
        {s.CODE: code, s.YEAR: year, s.POPULATION: 5000, "poblacion_5_16": 900,
         "poblacion_15_16": 150}
        for code in ("01", "02")
        for year in (2024, 2025, 2026)
    ]  # fmt: skip
    with pytest.raises(DataError) as caught:
        p.project(_dataset(FACTS, population), "primaria", horizon=2026, target=1.0)
    assert "6 a 10" in caught.value.message("es") and "6 to 10" in caught.value.message("en")
