"""The committed demo city: reproducible, small, and shaped like the story it tells."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.io.ingest.locate import locate
from geo.model import schema as s
from geo.model.dataset import DEMO_FILES
from geo.model.territories import TERRITORIES
from geo.synthetic import demo

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
YEARS = list(range(2019, 2025))


def generate(out: Path) -> dict[str, bytes]:
    subprocess.run(
        [sys.executable, "-m", "geo", "demo", "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.fixture(scope="module")
def territories() -> gpd.GeoDataFrame:
    return gpd.read_file(DEMO / DEMO_FILES["territories"])


@pytest.fixture(scope="module")
def barrios() -> gpd.GeoDataFrame:
    return gpd.read_file(DEMO / DEMO_FILES["barrios"])


@pytest.fixture(scope="module")
def sites() -> gpd.GeoDataFrame:
    frame = pd.read_csv(DEMO / DEMO_FILES["sites"], dtype=str)
    points = gpd.points_from_xy(frame[s.LONGITUDE].astype(float), frame[s.LATITUDE].astype(float))
    return gpd.GeoDataFrame(frame, geometry=points, crs=s.CRS_WGS84)


@pytest.fixture(scope="module")
def site_years(sites: gpd.GeoDataFrame) -> pd.DataFrame:
    """Yearly counts with each site's sector and declared territory."""
    counts = pd.read_csv(DEMO / DEMO_FILES["site_years"], dtype={s.SITE_CODE: str})
    attributes = sites[[s.SITE_CODE, s.SECTOR, s.DECLARED_TERRITORY]]
    return counts.merge(attributes, on=s.SITE_CODE, how="left", validate="many_to_one")


def dropout(rows: pd.DataFrame) -> float:
    return rows[s.DROPOUTS].sum() / rows[s.ENROLLED].sum()


# --- reproducibility and size ------------------------------------------------------------


def test_generation_is_byte_identical_and_matches_the_committed_files(tmp_path: Path) -> None:
    """Two runs agree byte for byte, and the committed data/demo/ is what they write."""
    first = generate(tmp_path / "one")
    second = generate(tmp_path / "two")
    assert sorted(first) == sorted(demo.FILES.values())
    assert first == second
    committed = {name: (DEMO / name).read_bytes() for name in first}
    stale = [name for name in first if first[name] != committed[name]]
    assert stale == [], f"data/demo/ is out of date: run python -m geo demo ({stale})"


def test_committed_demo_is_under_2_mb() -> None:
    files = [p for p in DEMO.rglob("*") if p.is_file()]
    assert len(files) >= len(demo.FILES)
    assert sum(p.stat().st_size for p in files) < 2 * 1024 * 1024


# --- geometry ----------------------------------------------------------------------------


def test_the_21_official_territories(territories: gpd.GeoDataFrame) -> None:
    assert len(territories) == 21
    found = dict(zip(territories[s.CODE], territories[s.NAME], strict=True))
    assert found == {t.code: t.name for t in TERRITORIES}


def test_territories_and_barrios_are_valid_coverages(
    territories: gpd.GeoDataFrame, barrios: gpd.GeoDataFrame
) -> None:
    assert shapely.coverage_is_valid(territories.geometry.to_numpy())
    assert shapely.coverage_is_valid(barrios.geometry.to_numpy())


def test_territories_do_not_overlap(territories: gpd.GeoDataFrame) -> None:
    """Union area equals the sum of the areas (in metres, EPSG:9377)."""
    metric = territories.to_crs(s.CRS_MAGNA_NATIONAL)
    total = metric.area.sum()
    assert metric.union_all().area == pytest.approx(total, rel=1e-9)
    assert total == pytest.approx(380e6, rel=0.5)  # a city-sized area, not degrees


def test_barrios_of_each_territory_union_to_the_territory(
    territories: gpd.GeoDataFrame, barrios: gpd.GeoDataFrame
) -> None:
    metric_t = territories.to_crs(s.CRS_MAGNA_NATIONAL).set_index(s.CODE).geometry
    metric_b = barrios.to_crs(s.CRS_MAGNA_NATIONAL)
    assert set(metric_b[s.TERRITORY]) == set(metric_t.index)
    for code, group in metric_b.groupby(s.TERRITORY):
        territory = metric_t[code]
        union = shapely.union_all(group.geometry.to_numpy())
        mismatch = territory.symmetric_difference(union).area / territory.area
        assert mismatch < 1e-9, f"territory {code}: barrios differ by {mismatch:.2e} of its area"


def test_barrio_codes_extend_their_territory_code(barrios: gpd.GeoDataFrame) -> None:
    codes = barrios[s.CODE]
    assert codes.str.fullmatch(r"\d{4}").all()
    assert (codes.str[:2] == barrios[s.TERRITORY]).all()
    assert codes.is_unique
    assert 250 <= len(barrios) <= 350


# --- sites -------------------------------------------------------------------------------


def test_site_counts_and_codes(sites: gpd.GeoDataFrame) -> None:
    assert 700 <= len(sites) <= 860
    assert 380 <= int((sites[s.SECTOR] == "Oficial").sum()) <= 470
    codes = sites[s.SITE_CODE]
    assert codes.str.fullmatch(r"99\d{10}").all()
    assert codes.is_unique


def test_every_site_lies_in_its_declared_territory(
    sites: gpd.GeoDataFrame, territories: gpd.GeoDataFrame
) -> None:
    located = locate(sites, territories, s.TERRITORY)
    wrong = located[located[s.TERRITORY] != located[s.DECLARED_TERRITORY]]
    assert located[s.TERRITORY].notna().all()
    assert wrong[s.SITE_CODE].tolist() == []


# --- yearly counts -----------------------------------------------------------------------


def test_counts_never_exceed_enrolment(site_years: pd.DataFrame) -> None:
    enrolled = site_years[s.ENROLLED]
    assert (site_years[s.DROPOUTS] <= enrolled).all()
    for column in (s.NO_INTERNET, s.NO_COMPUTER):
        present = site_years[column].notna()
        assert present.mean() > 0.9
        assert (site_years.loc[present, column] <= enrolled[present]).all()


def test_years_2019_to_2024(site_years: pd.DataFrame) -> None:
    assert sorted(site_years[s.YEAR].unique()) == YEARS


def test_city_dropout_between_3_and_5_percent_every_year(site_years: pd.DataFrame) -> None:
    by_year = {year: dropout(rows) for year, rows in site_years.groupby(s.YEAR)}
    assert sorted(by_year) == YEARS
    assert all(0.03 <= rate <= 0.05 for rate in by_year.values()), by_year


def test_crisis_years_raise_dropout(site_years: pd.DataFrame) -> None:
    by_year = {year: dropout(rows) for year, rows in site_years.groupby(s.YEAR)}
    assert by_year[2020] > by_year[2019]
    assert by_year[2021] > by_year[2019]


def test_most_official_students_had_no_computer_in_2020(site_years: pd.DataFrame) -> None:
    rows = site_years[(site_years[s.YEAR] == 2020) & (site_years[s.SECTOR] == "Oficial")]
    rows = rows[rows[s.NO_COMPUTER].notna()]
    assert rows[s.NO_COMPUTER].sum() / rows[s.ENROLLED].sum() > 0.60


def test_north_east_drops_out_more_than_laureles_and_poblado(site_years: pd.DataFrame) -> None:
    rows = site_years[site_years[s.YEAR] == 2024]
    rate = {code: dropout(group) for code, group in rows.groupby(s.DECLARED_TERRITORY)}
    assert min(rate[c] for c in ("01", "02", "03")) > max(rate[c] for c in ("11", "14"))


# --- population --------------------------------------------------------------------------


def test_population_has_every_territory_and_year() -> None:
    population = pd.read_csv(DEMO / DEMO_FILES["population"], dtype={s.CODE: str})
    assert len(population) == 21 * 6
    pairs = set(zip(population[s.CODE], population[s.YEAR], strict=True))
    assert pairs == {(t.code, year) for t in TERRITORIES for year in YEARS}
    assert (population[s.POPULATION_5_16] > 0).all()
    assert (population[s.POPULATION_5_16] < population[s.POPULATION]).all()
