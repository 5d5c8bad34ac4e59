"""Aggregation by hand-computed numbers: sums over sums, n beside every rate."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from geo.analysis.aggregate import CITY, aggregate, aggregate_by_year
from geo.io.ingest import build_facts
from geo.model import schema as s
from geo.model.catalogue import get_indicator

NA = pd.NA

# Two territories with sites ('01', '02'); '03' has population but no site.
SITES = gpd.GeoDataFrame(
    {
        s.SITE_CODE: ["S1", "S2", "S3", "S4", "S5"],
        s.SITE_NAME: ["Uno", "Dos", "Tres", "Cuatro", "Cinco"],
        s.SECTOR: ["Oficial", "No oficial", "Oficial", "Oficial", "No oficial"],
        s.ZONE: ["Urbana", "Urbana", "Rural", "Urbana", "Urbana"],
        s.TERRITORY: pd.array(["01", "01", "02", "02", "02"], dtype="string"),
        s.BARRIO: pd.array(["0101", "0102", "0201", "0201", "0202"], dtype="string"),
    },
    geometry=[Point(0, i) for i in range(5)],
    crs=s.CRS_WGS84,
)

# 2024 dropout per site: S1 10 %, S2 1 %, S3 10 %, S4 2 %, S5 0 %.
COUNTS_2024 = {
    #     matricula desertores sin_internet computadores banda_ancha
    "S1": (100, 10, 50, 10, 1),
    "S2": (900, 9, NA, 100, 0),
    "S3": (50, 5, 40, 5, 0),
    "S4": (150, 3, 30, 0, 1),
    "S5": (300, 0, 10, 30, NA),
}
COLUMNS = (s.ENROLLED, s.DROPOUTS, s.NO_INTERNET, s.COMPUTERS, s.BROADBAND)

POPULATION = pd.DataFrame(
    {
        s.CODE: ["01", "02", "03", "01", "02", "03"],
        s.YEAR: [2024, 2024, 2024, 2023, 2023, 2023],
        s.POPULATION: [9000, 9000, 9000, 9000, 9000, 9000],
        s.POPULATION_5_16: [2000, 2500, 500, 4000, 4000, 4000],
    }
)


def site_years() -> pd.DataFrame:
    rows = [
        {s.SITE_CODE: code, s.YEAR: 2024, **dict(zip(COLUMNS, values, strict=True))}
        for code, values in COUNTS_2024.items()
    ]
    # 2023: every site enrols 100 and loses 1, so mixing years would show.
    rows += [
        {s.SITE_CODE: code, s.YEAR: 2023, **dict(zip(COLUMNS, (100, 1, 1, 1, 1), strict=True))}
        for code in COUNTS_2024
    ]
    frame = pd.DataFrame(rows)
    for column in COLUMNS:
        frame[column] = frame[column].astype("Float64")
    return frame


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return build_facts(SITES, site_years())


def run(facts: pd.DataFrame, indicator: str, **kwargs: object) -> pd.DataFrame:
    return aggregate(facts, get_indicator(indicator), kwargs.pop("year", 2024), **kwargs)


def test_facts_have_the_columns_aggregation_needs(facts: pd.DataFrame) -> None:
    assert len(facts) == 10
    for column in (s.TERRITORY, s.BARRIO, s.SECTOR, s.SITE_COUNT, s.SITES_REPORTING):
        assert column in facts
    s5 = facts[(facts[s.SITE_CODE] == "S5") & (facts[s.YEAR] == 2024)].iloc[0]
    assert s5[s.SITES_REPORTING] is NA  # no broadband answer: not reporting
    assert s5[s.NO_BROADBAND] is NA


def test_dropout_is_sum_over_sum_not_mean_of_site_rates(facts: pd.DataFrame) -> None:
    result = run(facts, "dropout")
    assert result.index.tolist() == ["01", "02"]
    assert result.loc["01", "numerator"] == 19
    assert result.loc["01", "denominator"] == 1000
    assert result.loc["01", "value"] == pytest.approx(19 / 1000)
    assert result.loc["01", "value"] != pytest.approx((0.10 + 0.01) / 2)  # mean of rates
    assert result.loc["02", "value"] == pytest.approx(8 / 500)
    assert result["n_sites"].tolist() == [2, 3]


def test_other_year_is_not_mixed_in(facts: pd.DataFrame) -> None:
    result = run(facts, "dropout", year=2023)
    assert result["numerator"].tolist() == [2, 3]
    assert result["denominator"].tolist() == [200, 300]


def test_site_missing_the_numerator_is_left_out_of_both_sums_and_of_n(
    facts: pd.DataFrame,
) -> None:
    result = run(facts, "no_internet")
    # '01': S2 has no survey, so only S1 counts: 50 of 100, not 50 of 1000.
    assert result.loc["01", ["numerator", "denominator", "n_sites"]].tolist() == [50, 100, 1]
    assert result.loc["01", "value"] == pytest.approx(0.5)
    assert result.loc["02", ["numerator", "denominator", "n_sites"]].tolist() == [80, 500, 3]


def test_sites_not_reporting_broadband_are_left_out(facts: pd.DataFrame) -> None:
    result = run(facts, "no_broadband")
    assert result.loc["01", ["numerator", "denominator", "n_sites"]].tolist() == [1, 2, 2]
    assert result.loc["02", ["numerator", "denominator", "n_sites"]].tolist() == [1, 2, 2]


@pytest.mark.parametrize(
    ("sector", "expected"),
    [
        ("Oficial", {"01": (10, 100, 1), "02": (8, 200, 2)}),
        ("No oficial", {"01": (9, 900, 1), "02": (0, 300, 1)}),
    ],
)
def test_sector_filter_changes_numerator_and_denominator(
    facts: pd.DataFrame, sector: str, expected: dict[str, tuple[int, int, int]]
) -> None:
    result = run(facts, "dropout", filters={s.SECTOR: [sector]})
    got = {
        code: tuple(row) for code, row in result[["numerator", "denominator", "n_sites"]].iterrows()
    }
    assert got == expected


def test_filter_with_several_values_and_columns(facts: pd.DataFrame) -> None:
    result = run(facts, "dropout", filters={s.SECTOR: ["Oficial", "No oficial"], s.ZONE: ["Rural"]})
    assert result.index.tolist() == ["02"]
    assert result.loc["02", ["numerator", "denominator", "n_sites"]].tolist() == [5, 50, 1]


def test_area_without_sites_is_absent_not_zero(facts: pd.DataFrame) -> None:
    assert "03" not in run(facts, "dropout").index
    only_rural = run(facts, "dropout", filters={s.ZONE: ["Rural"]})
    assert "01" not in only_rural.index


def test_zero_denominator_gives_nan(facts: pd.DataFrame) -> None:
    """S4 alone has 150 students and 0 computers."""
    result = run(facts, "students_per_computer", filters={s.SITE_CODE: ["S4"]})
    assert result.loc["02", "numerator"] == 150
    assert result.loc["02", "denominator"] == 0
    assert math.isnan(result.loc["02", "value"])
    assert result.loc["02", "n_sites"] == 1


def test_barrio_level(facts: pd.DataFrame) -> None:
    result = run(facts, "dropout", level="barrio")
    assert result.index.tolist() == ["0101", "0102", "0201", "0202"]
    assert result.loc["0201", ["numerator", "denominator", "n_sites"]].tolist() == [8, 200, 2]


def test_city_level_is_one_row_of_totals(facts: pd.DataFrame) -> None:
    result = run(facts, "dropout", level=CITY)
    assert result.index.tolist() == [CITY]
    assert result.loc[CITY, ["numerator", "denominator", "n_sites"]].tolist() == [27, 1500, 5]
    assert result.loc[CITY, "value"] == pytest.approx(27 / 1500)
    by_territory = run(facts, "dropout")
    assert result.loc[CITY, "numerator"] == by_territory["numerator"].sum()


def test_coverage_uses_that_years_population(facts: pd.DataFrame) -> None:
    result = run(facts, "coverage_gross", population=POPULATION)
    assert result["denominator"].tolist() == [2000, 2500]
    assert result["value"].tolist() == pytest.approx([1000 / 2000, 500 / 2500])
    earlier = run(facts, "coverage_gross", year=2023, population=POPULATION)
    assert earlier["value"].tolist() == pytest.approx([200 / 4000, 300 / 4000])


def test_city_coverage_uses_the_whole_population(facts: pd.DataFrame) -> None:
    result = run(facts, "coverage_gross", level=CITY, population=POPULATION)
    assert result.loc[CITY, "denominator"] == 5000
    assert result.loc[CITY, "value"] == pytest.approx(1500 / 5000)


def test_coverage_needs_population(facts: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="population"):
        run(facts, "coverage_gross", population=None)


def test_coverage_is_not_computed_per_barrio(facts: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="only available per territory"):
        run(facts, "coverage_gross", level="barrio", population=POPULATION)


@pytest.mark.parametrize(
    ("indicator", "expected"), [("enrollment", [1000, 500]), ("sites", [2, 3])]
)
def test_counts_are_plain_sums_without_denominator(
    facts: pd.DataFrame, indicator: str, expected: list[int]
) -> None:
    result = run(facts, indicator)
    assert result["value"].tolist() == expected
    assert result["numerator"].tolist() == expected
    assert result["denominator"].isna().all()


def test_unknown_filter_column_raises(facts: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="estrato"):
        run(facts, "dropout", filters={"estrato": ["1"]})


def test_unknown_level_raises(facts: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="valid levels"):
        run(facts, "dropout", level="manzana")


@pytest.mark.parametrize(
    "indicator, education_level",
    [("dropout", ""), ("dropout", "primaria"), ("coverage_net", ""), ("sites", "")],
)
@pytest.mark.parametrize("level", ["territorio", "barrio", CITY])
def test_every_year_at_once_is_each_years_aggregate(
    demo, indicator: str, education_level: str, level: str
) -> None:
    """The ficha's trend lines sum every year in one pass: the very same floats, areas and n
    as one aggregate per year, with and without a filter."""
    chosen = get_indicator(indicator, education_level)
    for filters in (None, {s.SECTOR: ["Oficial"]}):
        if chosen.denominator_source == "population" and level == "barrio":
            with pytest.raises(ValueError, match="only available per territory"):
                aggregate_by_year(demo.facts, chosen, level, filters, demo.population)
            continue
        every = aggregate_by_year(demo.facts, chosen, level, filters, demo.population)
        assert sorted(set(every.index.get_level_values(s.YEAR))) == list(demo.years)
        for year in demo.years:
            one = aggregate(demo.facts, chosen, year, level, filters, demo.population)
            pd.testing.assert_frame_equal(every.xs(year, level=s.YEAR), one, check_exact=True)
