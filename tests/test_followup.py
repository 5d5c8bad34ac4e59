"""Seguimiento (issue 26): targets, trend, status, and the evaluation of the demo's programme."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.analysis import targets as tg
from geo.analysis.evaluate import (
    TREATMENT_YEAR,
    evaluate,
    evaluate_dataset,
    read_treated,
    site_panel,
    treated_from_codes,
    treated_from_switch,
)
from geo.errors import DataError
from geo.export.followup import evaluation_record, tracking_csv, tracking_metadata
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from geo.synthetic import intervention

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
CODES = ("01", "02", "50")


# --- the status rule on hand-made series --------------------------------------------------


def status(values, target, direction="higher_worse", years=None, until=2027):
    years = list(range(2019, 2019 + len(values))) if years is None else years
    projection = tg.project(years, values, until)
    return tg.status_of(values[-1] if values else None, target, direction, projection)


def test_each_status_is_reached() -> None:
    # falling fast and steadily: the line reaches 2 % well before 2027
    assert status([0.05, 0.045, 0.04, 0.035, 0.03], 0.02) == tg.ON_TRACK
    # already below the target
    assert status([0.05, 0.03, 0.019], 0.02) == tg.MET
    # flat and noisy around 4 %: the line misses 3 %, its wide interval does not
    assert status([0.04, 0.046, 0.035, 0.044, 0.037, 0.041], 0.03) == tg.AT_RISK
    # rising with little noise: even the interval's low end misses 2 %
    assert status([0.030, 0.0321, 0.0339, 0.0361, 0.038, 0.0401], 0.02) == tg.OFF_TRACK
    # too few years to project
    assert status([0.05, 0.045], 0.02) == tg.NO_DATA
    # no value at all, or none in the data's last year
    assert tg.status_of(None, 0.02, "higher_worse", None) == tg.NO_DATA
    assert tg.status_of(0.05, 0.02, "higher_worse", None, has_last_year=False) == tg.NO_DATA


def test_lower_worse_indicators_meet_from_above() -> None:
    assert status([0.80, 0.85, 0.9, 0.95], 0.9, "lower_worse") == tg.MET
    assert status([0.70, 0.73, 0.76, 0.79], 0.9, "lower_worse") == tg.ON_TRACK
    assert status([0.76, 0.75, 0.74, 0.73], 0.9, "lower_worse") == tg.OFF_TRACK


def test_projection_equals_polyfit_and_the_textbook_prediction_interval() -> None:
    from scipy import stats

    years = np.array([2019, 2020, 2021, 2022, 2023, 2024])
    values = np.array([0.034, 0.041, 0.046, 0.038, 0.035, 0.033])
    projection = tg.project(years, values, 2027)
    slope, intercept = np.polyfit(years, values, 1)
    assert projection.slope == pytest.approx(slope, rel=1e-9)
    assert projection.intercept == pytest.approx(intercept, rel=1e-9)
    assert list(projection.years) == list(range(2019, 2028))
    assert projection.fitted == pytest.approx(intercept + slope * projection.years, rel=1e-9)
    # interval: ŷ ± t(n-2) · s · sqrt(1 + 1/n + (x - x̄)² / Sxx)
    residual = values - (intercept + slope * years)
    n = len(years)
    spread = np.sqrt(residual @ residual / (n - 2))
    x = 2027
    half = (
        stats.t.ppf(0.975, n - 2)
        * spread
        * np.sqrt(1 + 1 / n + (x - years.mean()) ** 2 / ((years - years.mean()) ** 2).sum())
    )
    point = intercept + slope * x
    assert projection.lower[-1] == pytest.approx(point - half, rel=1e-9)
    assert projection.upper[-1] == pytest.approx(point + half, rel=1e-9)
    assert tg.project(years[:2], values[:2], 2027) is None


# --- targets in the link and in a file ----------------------------------------------------


def test_targets_from_the_link() -> None:
    found, notes = tg.targets_from_query(
        {
            "meta.dropout": "2.5@2027",
            "meta.dropout.secundaria.01": "3,1@2026",
            "meta.nothing": "1@2027",
            "meta.dropout.xx": "1@2027",
            "meta.failure": "2027",
            "ind": "dropout",
        },
        CODES,
    )
    assert found == [
        tg.Target("dropout", 2.5, 2027),
        tg.Target("dropout", 3.1, 2026, "secundaria", "01"),
    ]
    assert [n.key for n in notes] == ["meta.nothing", "meta.dropout.xx", "meta.failure"]
    assert tg.targets_to_query(found) == {
        "meta.dropout": "2.5@2027",
        "meta.dropout.secundaria.01": "3.1@2026",
    }
    assert found[0].as_fraction() == pytest.approx(0.025)


def test_targets_from_csv_and_xlsx() -> None:
    text = "indicador;valor;anio;territorio\ndropout;2,5;2027;\ndropout;3;2027;2\n"
    found = tg.read_targets(text.encode(), "metas.csv", CODES)
    assert found == [tg.Target("dropout", 2.5, 2027), tg.Target("dropout", 3.0, 2027, "", "02")]
    buffer = io.BytesIO()
    pd.DataFrame({"indicador": ["dropout"], "valor": [2.5], "anio": [2027]}).to_excel(
        buffer, index=False
    )
    assert tg.read_targets(buffer.getvalue(), "metas.xlsx", CODES) == [found[0]]
    with pytest.raises(DataError, match="valor"):
        tg.read_targets(b"indicador,anio\ndropout,2027\n", "metas.csv", CODES)
    with pytest.raises(DataError, match="«nada»"):
        tg.read_targets(b"indicador,valor,anio\nnada,1,2027\n", "metas.csv", CODES)


# --- following a target on the demo -------------------------------------------------------


@pytest.fixture(scope="module")
def site_years() -> pd.DataFrame:
    counts = pd.read_csv(DEMO / "indicadores_sedes.csv", dtype={s.SITE_CODE: str})
    sites = pd.read_csv(DEMO / "sedes.csv", dtype=str)[[s.SITE_CODE, s.DECLARED_TERRITORY]]
    return counts.merge(sites, on=s.SITE_CODE)


def test_tracking_the_demo_uses_the_atlas_sums(demo, site_years) -> None:
    tracking = tg.track(demo, tg.Target("dropout", 2.5, 2027))
    areas = tracking.areas.set_index(s.CODE)
    last = site_years[site_years[s.YEAR] == 2024]
    assert areas.loc["ciudad", "last_value"] == pytest.approx(
        last[s.DROPOUTS].sum() / last[s.ENROLLED].sum()
    )
    by_territory = last.groupby(s.DECLARED_TERRITORY)[[s.DROPOUTS, s.ENROLLED]].sum()
    rate = by_territory[s.DROPOUTS] / by_territory[s.ENROLLED]
    assert areas.loc[rate.index, "last_value"].to_numpy() == pytest.approx(rate.to_numpy())
    city = site_years.groupby(s.YEAR)[[s.DROPOUTS, s.ENROLLED]].sum()
    slope = np.polyfit(city.index, city[s.DROPOUTS] / city[s.ENROLLED], 1)[0]
    assert areas.loc["ciudad", "trend_per_year"] == pytest.approx(slope)
    assert areas.loc["ciudad", "needed_per_year"] == pytest.approx(
        (0.025 - areas.loc["ciudad", "last_value"]) / 3
    )
    # every territory has one status; met exactly where the 2024 value is at most 2.5 %
    assert len(areas) == 22 and set(areas["status"]) <= set(tg.STATUSES)
    met = areas.index[areas["status"] == tg.MET].drop("ciudad", errors="ignore")
    assert sorted(met) == sorted(rate.index[rate <= 0.025])
    ordered = tg.by_gap(tracking)["gap"].to_numpy()
    assert (np.diff(ordered) <= 0).all()
    assert sum(tg.status_counts(tracking).values()) == 21


def test_a_territory_target_overrides_the_city_one(demo) -> None:
    general = tg.Target("dropout", 2.5, 2027)
    own = tg.Target("dropout", 9, 2027, territory="01")
    tracking = tg.track(demo, general, overrides=[own])
    areas = tracking.areas.set_index(s.CODE)
    assert areas.loc["01", "target"] == pytest.approx(0.09)
    assert areas.loc["01", "status"] == tg.MET
    assert areas.loc["02", "target"] == pytest.approx(0.025)
    alone = tg.track(demo, own).areas
    assert list(alone[s.CODE]) == ["01"]


def test_a_target_in_the_past_or_without_direction_is_refused(demo) -> None:
    with pytest.raises(DataError, match="ya llegan a 2024"):
        tg.track(demo, tg.Target("dropout", 2.5, 2024))
    with pytest.raises(DataError, match="sentido"):
        tg.track(demo, tg.Target("sites", 10, 2027))


def test_the_targets_file_and_its_metadata(demo) -> None:
    tracking = tg.track(demo, tg.Target("dropout", 2.5, 2027))
    table = pd.read_csv(io.BytesIO(tracking_csv(tracking, "es")), dtype={"code": str})
    assert list(table["code"])[-1] == "ciudad" and len(table) == 22
    assert table["gap"].iloc[:-1].is_monotonic_decreasing
    meta = tracking_metadata(tracking, demo, "en")
    assert meta["target"]["link"] == "meta.dropout=2.5@2027"
    assert meta["demo"] is True and "Demo" in meta["notice"]
    assert sum(meta["status_counts"].values()) == 21


# --- the evaluation of the demo's programme -----------------------------------------------


@pytest.fixture(scope="module")
def programme() -> pd.DataFrame:
    return read_treated((DEMO / intervention.FILE).read_bytes(), intervention.FILE)


@pytest.fixture(scope="module")
def truth(site_years) -> float:
    listing = pd.read_csv(DEMO / intervention.FILE, dtype={s.SITE_CODE: str})
    return intervention.true_effect(site_years, listing)


def test_the_demo_programme_is_documented(site_years, programme, truth) -> None:
    assert len(programme) == intervention.TREATED_SITES
    assert set(programme[TREATMENT_YEAR]) == {intervention.START_YEAR}
    assert -0.012 < truth < -0.008  # about one percentage point fewer dropouts
    # the identity still holds where the generator moved dropouts to passes
    for level in s.EDUCATION_LEVELS:
        parts = [s.at_level(c, level) for c in (s.APPROVED, s.FAILED, s.DROPOUTS)]
        assert (site_years[parts].sum(axis=1) == site_years[s.at_level(s.ENROLLED, level)]).all()


def test_the_estimate_finds_the_true_effect(demo, programme, truth) -> None:
    result = evaluate_dataset(demo, programme, "dropout")
    assert result.low < truth < result.high
    assert result.high < 0
    assert result.n_treated == 40 and result.n_comparison == len(demo.sites) - 40
    # the event study: no effect before, the effect from the start year on
    events = result.events.set_index("relative_year")
    assert list(events.index) == [-2, -1, 0, 1, 2, 3]
    assert events.loc[-1, "coefficient"] == 0
    assert events.loc[-2, "low"] < 0 < events.loc[-2, "high"]
    assert (events.loc[0:, "high"] < 0).all()
    assert result.pretrend_df == 1 and result.pretrend_p > 0.05
    assert result.weighted


def test_the_estimate_equals_statsmodels_with_dummies(demo, programme) -> None:
    """The same regression written with statsmodels' WLS and one dummy per site and year."""
    import statsmodels.formula.api as smf

    outcome = get_indicator("dropout")
    panel = site_panel(demo, outcome)
    treated = set(programme[s.SITE_CODE])
    # the treated sites and 160 others: one dummy per site stays quick
    kept = treated | set(sorted(set(panel[s.SITE_CODE]) - treated)[::5][:160])
    panel = panel[panel[s.SITE_CODE].isin(kept)]
    panel = panel.assign(
        d=(panel[s.SITE_CODE].isin(treated) & (panel[s.YEAR] >= 2021)).astype(float)
    )
    fit = smf.wls("y ~ d + C(codigo_dane) + C(anio)", panel, weights=panel["w"]).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(panel[s.SITE_CODE])[0]}
    )
    result = evaluate(panel.drop(columns="d"), programme, outcome)
    assert result.effect == pytest.approx(fit.params["d"], rel=1e-8)
    assert result.std_error == pytest.approx(fit.bse["d"], rel=0.05)


def test_placebos_find_nothing(demo, programme) -> None:
    # a fake treatment in 2020, seen only before the real one
    earlier = evaluate_dataset(
        demo, programme.assign(**{TREATMENT_YEAR: 2020}), "dropout", years=(2019, 2020)
    )
    assert earlier.low < 0 < earlier.high
    # 40 random official sites that had no programme, the real ones left out
    official = demo.sites.loc[demo.sites[s.SECTOR] == "Oficial", s.SITE_CODE].astype(str)
    others = sorted(set(official) - set(programme[s.SITE_CODE]))
    fake = treated_from_codes(np.random.default_rng(26).choice(others, 40, replace=False), 2021)
    random = evaluate_dataset(demo, fake, "dropout", exclude=programme[s.SITE_CODE])
    assert random.low < 0 < random.high
    assert random.n_left_out == 40


def test_refusals(demo, programme) -> None:
    every = treated_from_codes(demo.sites[s.SITE_CODE].astype(str), 2021)
    with pytest.raises(DataError, match="ninguna sede de comparación"):
        evaluate_dataset(demo, every, "dropout")
    with pytest.raises(DataError, match="ningún año antes del tratamiento"):
        evaluate_dataset(demo, programme.assign(**{TREATMENT_YEAR: 2019}), "dropout")
    with pytest.raises(DataError, match="ningún año desde el tratamiento"):
        evaluate_dataset(demo, programme.assign(**{TREATMENT_YEAR: 2026}), "dropout")
    with pytest.raises(DataError, match="ninguna de las 1"):
        evaluate_dataset(demo, treated_from_codes(["990000000000"], 2021), "dropout")
    with pytest.raises(DataError, match="población"):
        evaluate_dataset(demo, programme, "coverage_net")
    with pytest.raises(DataError, match="codigo_dane"):
        read_treated(b"sede_x,otro\n1,2\n", "sedes.csv")


def test_staggered_adoption_one_cohort_at_a_time(demo, programme) -> None:
    staggered = programme.copy()
    staggered.loc[staggered.index[:10], TREATMENT_YEAR] = 2022
    with pytest.raises(DataError, match="años distintos \\(2021, 2022\\)"):
        evaluate_dataset(demo, staggered, "dropout")
    first = evaluate_dataset(demo, staggered, "dropout", cohort=2021)
    assert first.n_treated == 30 and first.n_left_out == 10
    assert first.n_comparison == len(demo.sites) - 40


def test_treated_by_a_switch_of_broadband(demo) -> None:
    listing, excluded = treated_from_switch(demo.facts, s.BROADBAND, 2021)
    facts = demo.facts
    for code in listing[s.SITE_CODE][:20]:
        rows = facts[facts[s.SITE_CODE].astype(str) == code].sort_values(s.YEAR)
        assert (rows.loc[rows[s.YEAR] < 2021, s.BROADBAND] == 0).all()
        assert (rows.loc[rows[s.YEAR] >= 2021, s.BROADBAND] == 1).all()
    ever = set(facts.loc[facts[s.BROADBAND] == 1, s.SITE_CODE].astype(str))
    assert ever == set(listing[s.SITE_CODE]) | excluded
    result = evaluate_dataset(demo, listing, "dropout", exclude=sorted(excluded))
    assert result.n_treated == len(listing)


def test_the_effect_record(demo, programme, truth) -> None:
    result = evaluate_dataset(demo, programme, "dropout")
    record = evaluation_record(result, demo, "es", treated_source="demo", truth=truth)
    text = json.dumps(record, ensure_ascii=False)
    assert record["effect"]["ci95_low"] < truth < record["effect"]["ci95_high"]
    assert record["sites"] == {
        "treated": 40,
        "comparison": len(demo.sites) - 40,
        "left_out": 0,
        "listed_not_in_data": 0,
    }
    assert len(record["event_study"]) == 6
    assert "no prueba" in record["does_not_prove"] and "−1,0 pp" in record["reading"]
    assert record["demo"] is True and "generated" in text


# --- drawn in both languages --------------------------------------------------------------


def test_the_status_table_charts_and_reading_in_both_languages(demo, programme) -> None:
    from geo.render import followup as fr

    tracking = tg.track(demo, tg.Target("dropout", 2.5, 2027))
    result = evaluate_dataset(demo, programme, "dropout")
    for lang, city, minus in (("es", "Medellín", "−1,0 pp"), ("en", "Medellín", "−1.0 pp")):
        table = fr.status_table(tracking, lang)
        assert len(table) == 22 and table.iloc[-1, 0].startswith(city)
        assert fr.target_sentence(tracking, lang).endswith("2027")
        chart = fr.trajectory_chart(tracking, "ciudad", city, lang)
        observed = [r for r in chart["layer"][1]["data"]["values"] if r["year"] <= 2024]
        assert len(observed) >= 6
        assert chart["layer"][2]["data"]["values"][0]["value"] == pytest.approx(2.5)
        events = fr.event_chart(result, lang)["data"]["values"]
        assert [e["k"] for e in events] == [-2, -1, 0, 1, 2, 3]
        assert minus in fr.reading(result, lang)
        assert "χ²(1)" in fr.pretrend_text(result, lang)
    # a territory seen in two years only: said, and not given a trend
    two_years = tracking.areas.assign(n_years=lambda a: np.where(a[s.CODE] == "01", 2, 6))
    short = tg.Tracking(tracking.target, tracking.indicator, two_years, tracking.series, {}, 2024)
    (sentence,) = fr.too_few_years(short, "es")
    assert sentence.startswith("Popular: solo 2 años observados")
