"""Focalizar (issue 17): who gets what first, and what changes, on cases worked out by hand."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from tiny_city import city, code, lattice

from geo.analysis.plan import (
    PlanInputs,
    allocate,
    compare_rules,
    equity_shares,
    make_plan,
    site_needs,
    worst_after,
)
from geo.export.plan import PLAN_FORMATS, export_plan
from geo.model import schema as s
from geo.model.interventions import INTERVENTIONS, RULES, get_intervention
from geo.model.view import View, make_filters


def _sites(needs, codes=None, territories=None, rates=None, priority=None) -> pd.DataFrame:
    n = len(needs)
    return pd.DataFrame(
        {
            s.SITE_CODE: codes or [f"{i:02d}" for i in range(n)],
            s.TERRITORY: territories or ["A"] * n,
            "need": np.asarray(needs, dtype=np.int64),
            "rate": np.asarray(rates if rates is not None else [0.0] * n, dtype=float),
            "priority": np.asarray(priority if priority is not None else [0.0] * n, dtype=float),
        }
    )


# --- the allocation itself ------------------------------------------------------------------


def test_need_rule_fills_the_greatest_need_first() -> None:
    sites = _sites([5, 10, 3, 7], codes=["a", "b", "c", "d"])
    assert allocate(sites, 15, "need").tolist() == [0, 10, 0, 5]


def test_a_cap_per_site_spreads_the_units() -> None:
    sites = _sites([5, 10, 3, 7], codes=["a", "b", "c", "d"])
    assert allocate(sites, 15, "need", cap=4).tolist() == [4, 4, 3, 4]
    assert allocate(sites, 100, "need", cap=4).tolist() == [4, 4, 3, 4]


def test_more_than_the_need_gives_every_site_its_need_and_no_more() -> None:
    sites = _sites([5, 10, 3, 7])
    assert allocate(sites, 1_000, "need").tolist() == [5, 10, 3, 7]


def test_ties_are_broken_by_dane_code() -> None:
    sites = _sites([5, 5, 5], codes=["3", "1", "2"])
    assert allocate(sites, 7, "need").tolist() == [0, 5, 2]
    shuffled = sites.iloc[[2, 0, 1]].reset_index(drop=True)
    assert dict(zip(shuffled[s.SITE_CODE], allocate(shuffled, 7, "need"), strict=True)) == {
        "1": 5,
        "2": 2,
        "3": 0,
    }


def test_rate_rule_orders_by_rate_then_count() -> None:
    sites = _sites([10, 4, 6, 2], codes=["a", "b", "c", "d"], rates=[0.1, 0.8, 0.8, 0.5])
    # c (0.8, 6) then b (0.8, 4) then d (0.5) then a (0.1)
    assert allocate(sites, 11, "rate").tolist() == [0, 4, 6, 1]


def test_priority_rule_serves_the_highest_index_territory_first() -> None:
    sites = _sites(
        [10, 1, 6, 3],
        codes=["a", "b", "c", "d"],
        territories=["X", "Y", "Y", "X"],
        priority=[0.2, 0.9, 0.9, 0.2],
    )
    # Y (0.9): c 6, b 1; then X: a 10 ...
    assert allocate(sites, 12, "priority").tolist() == [5, 1, 6, 0]


def test_equity_splits_by_largest_remainder() -> None:
    need = pd.Series({"A": 10, "B": 10, "C": 10})
    assert equity_shares(need, 10).to_dict() == {"A": 4, "B": 3, "C": 3}
    need = pd.Series({"A": 30, "B": 10})
    assert equity_shares(need, 20).to_dict() == {"A": 15, "B": 5}
    # never more than a territory's need, even with more units than the whole need
    assert equity_shares(need, 1_000).to_dict() == {"A": 30, "B": 10}


def test_equity_gives_each_territory_its_share_then_sites_by_need() -> None:
    sites = _sites(
        [20, 10, 10],
        codes=["a1", "a2", "b1"],
        territories=["A", "A", "B"],
    )
    assert allocate(sites, 20, "equity").tolist() == [15, 0, 5]


@pytest.mark.parametrize("rule", list(RULES))
@pytest.mark.parametrize("seed", range(5))
def test_no_site_gets_more_than_its_need_or_the_cap_and_units_used_are_min(
    rule: str, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    n = 200
    sites = _sites(
        rng.integers(0, 40, n).tolist(),
        codes=[f"{i:05d}" for i in rng.permutation(n)],
        territories=rng.choice(list("ABCDEFG"), n).tolist(),
        rates=rng.uniform(0, 1, n).round(2).tolist(),
        priority=np.repeat(rng.uniform(0, 1, 7), 1)[rng.integers(0, 7, n)].tolist(),
    )
    cap = int(rng.integers(0, 30))
    capped = np.minimum(sites["need"], cap) if cap else sites["need"]
    for amount in (0, 1, 137, int(capped.sum()), 10**6):
        units = allocate(sites, amount, rule, cap=cap)
        assert units.dtype.kind == "i"
        assert (units >= 0).all() and (units <= sites["need"]).all()
        if cap:
            assert (units <= cap).all()
        assert units.sum() == min(amount, int(capped.sum()))
        if rule == "equity":
            by_territory = pd.Series(units).groupby(sites[s.TERRITORY]).sum()
            territory_need = pd.Series(capped).groupby(sites[s.TERRITORY]).sum()
            used = min(amount, int(capped.sum()))
            exact = used * territory_need / territory_need.sum()
            assert (np.abs(by_territory - exact) < 1).all()


def test_the_need_rule_gives_units_in_order_of_need() -> None:
    rng = np.random.default_rng(7)
    sites = _sites(rng.integers(1, 50, 300).tolist(), codes=[f"{i:05d}" for i in range(300)])
    units = allocate(sites, 2_000, "need")
    served = sites.assign(units=units).sort_values(["need", s.SITE_CODE], ascending=[False, True])
    full = (served["units"] == served["need"]).to_numpy()
    # every fully served site comes before the one partly served, which comes before the rest
    first_not_full = int(np.argmin(full))
    assert full[:first_not_full].all()
    assert (served["units"].to_numpy()[first_not_full + 1 :] == 0).all()


# --- needs from data, and before -> after ---------------------------------------------------


def _tiny():
    squares = lattice(1, 2)
    a, b = code(0, 0), code(0, 1)
    # (enrolled, dropouts, no_internet, computers, broadband)
    return (
        city(
            squares,
            {
                (a, 2024): [(100, 3, 40, 10, 0), (50, 1, 30, 0, 1)],
                (b, 2024): [(200, 0, 20, 60, 0)],
            },
        ),
        a,
        b,
    )


def test_site_needs_from_the_data() -> None:
    dataset, a, b = _tiny()
    view = View(indicator="no_internet", year=2024)
    needs = site_needs(dataset, get_intervention("connectivity"), view).set_index(s.SITE_CODE)
    assert needs["need"].to_dict() == {f"{a}-0": 40, f"{a}-1": 30, f"{b}-0": 20}
    assert needs.loc[f"{a}-1", "rate"] == pytest.approx(30 / 50)
    computers = site_needs(dataset, get_intervention("school_computers"), view, norm=5)
    # ceil(100/5) - 10 = 10; ceil(50/5) - 0 = 10; ceil(200/5) - 60 < 0 -> 0 (not listed)
    assert computers.set_index(s.SITE_CODE)["need"].to_dict() == {f"{a}-0": 10, f"{a}-1": 10}
    broadband = site_needs(dataset, get_intervention("broadband"), view)
    assert broadband.set_index(s.SITE_CODE)["need"].to_dict() == {f"{a}-0": 1, f"{b}-0": 1}
    sites = site_needs(dataset, get_intervention("dropout_sites"), view)
    assert sites.set_index(s.SITE_CODE)["need"].to_dict() == {f"{a}-0": 1, f"{a}-1": 1}


def test_before_and_after_numerators_and_denominators_are_exact() -> None:
    dataset, a, b = _tiny()
    view = View(indicator="no_internet", year=2024, min_n=0)
    plan = make_plan(dataset, view, PlanInputs("connectivity", amount=50, rule="need"))
    # need order: a-0 (40), a-1 (30), b-0 (20): a-0 gets 40, a-1 gets 10
    assert plan.sites.set_index(s.SITE_CODE)["units"].to_dict() == {
        f"{a}-0": 40,
        f"{a}-1": 10,
        f"{b}-0": 0,
    }
    rows = plan.territories.set_index(s.CODE)
    assert rows.loc[a, ["before_numerator", "before_denominator"]].tolist() == [70, 150]
    assert rows.loc[a, ["after_numerator", "after_denominator"]].tolist() == [20, 150]
    assert rows.loc[a, "after"] == pytest.approx(20 / 150)
    assert rows.loc[b, ["after_numerator", "after_denominator"]].tolist() == [20, 200]
    assert plan.city["before_numerator"] == 90 and plan.city["after_numerator"] == 40
    assert plan.city["after_denominator"] == 350
    assert plan.totals["units_used"] == 50
    assert plan.totals["students_reached"] == 50
    assert plan.totals["need"] == 90
    assert plan.totals["share_met"] == pytest.approx(50 / 90)
    assert plan.totals["territories_reached"] == 1


def test_school_computers_change_the_denominator() -> None:
    dataset, a, b = _tiny()
    view = View(indicator="students_per_computer", year=2024, min_n=0)
    inputs = PlanInputs("school_computers", amount=15, rule="need", norm=5)
    plan = make_plan(dataset, view, inputs)
    rows = plan.territories.set_index(s.CODE)
    # both need 10, tie by code: a-0 gets 10, a-1 gets 5
    assert rows.loc[a, ["before_numerator", "before_denominator"]].tolist() == [150, 10]
    assert rows.loc[a, ["after_numerator", "after_denominator"]].tolist() == [150, 25]
    assert rows.loc[b, "after"] == rows.loc[b, "before"] == pytest.approx(200 / 60)
    # each computer serves the norm's students, at most the site's enrolment
    assert plan.totals["students_reached"] == 50 + 25


def test_eligibility_follows_filters_and_territories() -> None:
    dataset, a, b = _tiny()
    view = View(indicator="no_internet", year=2024, filters=make_filters({s.SECTOR: ["Oficial"]}))
    plan = make_plan(dataset, view, PlanInputs("connectivity", amount=1_000, rule="need"))
    assert set(plan.sites[s.SITE_CODE]) == {f"{a}-0", f"{b}-0"}  # n=0 sites are Oficial
    only_b = make_plan(
        dataset, view, PlanInputs("connectivity", amount=1_000, rule="need", territories=(b,))
    )
    assert set(only_b.sites[s.SITE_CODE]) == {f"{b}-0"}
    rows = only_b.territories.set_index(s.CODE)
    assert rows.loc[a, "after"] == rows.loc[a, "before"]


def test_a_budget_buys_whole_units() -> None:
    inputs = PlanInputs("computers", amount=None, rule="need", budget=10_999_999, unit_cost=2e6)
    assert inputs.units == 5
    assert PlanInputs("computers", amount=7, rule="need").units == 7


def test_dropout_support_moves_nothing_and_shows_who_is_reached() -> None:
    dataset, _, _ = _tiny()
    view = View(indicator="dropout", year=2024, min_n=0)
    plan = make_plan(dataset, view, PlanInputs("dropout_students", amount=2, rule="need"))
    assert plan.totals["students_reached"] == 2
    rows = plan.territories
    assert (rows["after"] == rows["before"]).all()


def test_two_rules_side_by_side(demo) -> None:
    view = View(indicator="no_computer", year=2024)
    table = compare_rules(demo, view, PlanInputs("computers", amount=5_000, rule="need"), "equity")
    assert list(table["rule"]) == ["need", "equity"]
    assert (table["units_used"] == 5_000).all()
    assert (table["gap_after"] <= table["gap_before"] + 1e-12).all()
    assert table.loc[1, "territories_reached"] >= table.loc[0, "territories_reached"]


def test_every_intervention_plans_on_the_demo(demo) -> None:
    view = View(year=2024)
    for intervention in INTERVENTIONS.values():
        for rule in RULES:
            inputs = PlanInputs(intervention.id, amount=intervention.default_amount, rule=rule)
            plan = make_plan(demo, view, inputs)
            assert plan.totals["units_used"] == min(inputs.units, plan.totals["need"])
            assert (plan.sites["units"] <= plan.sites["need"]).all()


# --- the same inputs give the same bytes ----------------------------------------------------


@pytest.mark.parametrize("fmt", PLAN_FORMATS)
def test_the_same_plan_exports_the_same_bytes(demo, fmt: str, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    view = View(year=2024, filters=make_filters({s.SECTOR: ["Oficial"]}))
    inputs = PlanInputs("computers", amount=5_000, rule="need")
    first = export_plan(make_plan(demo, view, inputs), demo, fmt, "es")
    second = export_plan(make_plan(demo, replace(view), inputs), demo, fmt, "es")
    assert first == second
    assert len(first) > 500


def test_the_export_says_it_is_a_simulation(demo, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    plan = make_plan(demo, View(year=2024), PlanInputs("computers", amount=100, rule="need"))
    text = export_plan(plan, demo, "csv", "es").decode()
    header, first = text.splitlines()[:2]
    assert "units" in header.split(",") and "dane_code" in header.split(",")
    assert "Simulación, no una asignación oficial" in first
    english = export_plan(plan, demo, "csv-excel-es", "en").decode("utf-8-sig")
    assert "Simulation, not an official allocation" in english
    assert english.splitlines()[0].startswith("Orden;Código DANE;")


def test_a_zone_leaves_only_its_territories_eligible(demo) -> None:
    view = View(year=2024, zone="corregimientos")
    plan = make_plan(demo, view, PlanInputs("computers", amount=100_000, rule="need"))
    assert set(plan.sites[s.TERRITORY]) == {"50", "60", "70", "80", "90"}
    both = PlanInputs("computers", amount=100, rule="need", territories=("01",))
    assert make_plan(demo, view, both).sites.empty  # Popular is a comuna: none eligible


def test_with_a_zone_the_other_territories_are_outside_the_gap_and_the_worst(demo) -> None:
    view = View(year=2024, zone="comunas")
    plan = make_plan(demo, view, PlanInputs("computers", amount=5_000, rule="equity"))
    outside = plan.territories.set_index(s.CODE)["status"]
    assert set(outside[outside == "outside"].index) == {"50", "60", "70", "80", "90"}
    assert not set(worst_after(plan)[s.CODE]) & {"50", "60", "70", "80", "90"}


def test_a_site_wide_intervention_serves_the_site_with_most_students_first() -> None:
    dataset, a, b = _tiny()
    view = View(indicator="no_broadband", year=2024, min_n=0)
    plan = make_plan(dataset, view, PlanInputs("broadband", amount=1, rule="need"))
    # a-0 (100 students) and b-0 (200) lack broadband: b-0 first, though a-0's code is smaller
    assert plan.sites.set_index(s.SITE_CODE)["units"].to_dict() == {f"{b}-0": 1, f"{a}-0": 0}
    assert plan.totals["students_reached"] == 200


def test_dropout_support_per_site_serves_the_high_band_of_the_risk_index(demo) -> None:
    """Issue 16 and 17 together: the sites needing support are the risk index's high band,
    taken independently from ``site_risk`` for the same year and filters."""
    from geo.analysis.risk import site_risk, with_risk_index

    dataset = with_risk_index(demo)
    view = View(year=2024, filters=make_filters({"sector": ["Oficial"]}))
    plan = make_plan(dataset, view, PlanInputs("dropout_sites", amount=10_000, rule="need"))
    risk = site_risk(dataset.facts, 2024)
    high = set(risk.loc[risk["band"] == "alto", s.SITE_CODE])
    oficial = set(demo.sites.loc[demo.sites[s.SECTOR] == "Oficial", s.SITE_CODE])
    assert set(plan.sites[s.SITE_CODE]) == high & oficial
    assert plan.totals["units_used"] == len(high & oficial)


def test_a_plan_under_a_view_for_one_education_level_counts_every_level(demo) -> None:
    from geo.analysis.plan import before_after_maps

    view = View(indicator="dropout", year=2024, education_level="secundaria")
    plan = make_plan(demo, view, PlanInputs("computers", amount=2_000, rule="need"))
    before, _after = before_after_maps(demo, view, plan)
    assert before.indicator.id == "no_computer" and before.indicator.education_level == ""
